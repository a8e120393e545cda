//! The crate's own door for its integration tests (`tests/`), benches
//! (`benches/`), fuzz targets (`fuzz/`) and examples (`examples/`): the
//! items they drive directly, re-exported one by one at the path they have
//! inside the crate (`sealant::internals::core::wire::seal` is
//! `crate::core::wire::seal`).
//!
//! Hidden from the documentation and no part of the public API: no
//! stability promise, anything here may change or go in any release. Add an
//! item here only when a test, bench, fuzz target or example needs it, item
//! by item rather than whole modules, so that rustc's dead-code lint keeps
//! seeing every other item of the layers.

/// The command line and the commands.
pub mod app {
    /// The clap definition.
    pub mod cli {
        pub use crate::app::cli::command;
    }
    /// The commands: what the docs check compares with the committed
    /// completions and man pages.
    pub mod commands {
        pub use crate::app::commands::{man_pages, render_completions};
    }
}

/// Reaching the cluster (against the fake API server of `tests/it/support`).
#[cfg(feature = "cluster")]
pub mod cluster {
    pub use crate::cluster::{
        CaSource, ClusterError, ClusterOptions, Controller, CredentialSource, Environment,
        MAX_CERT_BYTES, ServiceRef, cap_retry_delays_for_tests, default_namespace_with_env,
        parse_kubeconfig_text,
    };
}

/// What sealed-secrets is: certificates, keys, the wire format, manifests.
pub mod core {
    /// Certificates and their fingerprints.
    pub mod certificate {
        pub use crate::core::certificate::{Certificate, Fingerprint};
    }
    /// The crypto backends.
    pub mod crypto {
        pub use crate::core::crypto::{Backend, PrivateKey, PublicKey, os_rng};
    }
    /// Private keys.
    pub mod keyring {
        pub use crate::core::keyring::{KeyEntry, KeyRing, parse_keys_bytes};
    }
    /// Secrets and SealedSecrets as documents.
    pub mod manifest {
        pub use crate::core::manifest::{
            Format, Manifest, WipedValues, describe, kind_of, yaml_options, zeroize_value,
        };
        /// Writing documents as kubeseal does.
        pub mod output {
            pub use crate::core::manifest::output::{
                render, to_go_json, to_yaml_document, to_yaml_document_by_crate,
            };
        }
    }
    /// Opening sealed values.
    pub mod opening {
        pub use crate::core::opening::{open_value, unseal_document};
    }
    /// The sealing scopes.
    pub mod scope {
        pub use crate::core::scope::Scope;
    }
    /// Sealing Secrets.
    pub mod sealing {
        pub use crate::core::sealing::{SealParams, seal_secret, seal_secret_parallel};
    }
    /// The wire format of one value.
    pub mod wire {
        pub use crate::core::wire::{decode, frame, open, rsa_block_len, seal};
    }
}

/// A repository's rules.
pub mod repo {
    /// `.sealant.yaml`.
    pub mod rules {
        pub use crate::repo::rules::Rules;
    }
}

/// The text layer: what the YAML fuzz targets and their regressions drive.
pub mod yaml {
    /// Byte-exact edits.
    pub mod patch {
        pub use crate::yaml::patch::{Change, apply_changes};
    }
    /// The fast path for block YAML.
    pub mod plain {
        pub use crate::yaml::plain::{parse, render, split_documents};
    }
    /// Errors that quote no content.
    pub mod source_error {
        pub use crate::yaml::source_error::SourceError;
    }
    /// Byte spans of values and annotations.
    pub mod spans {
        pub use crate::yaml::spans::{annotation_span, encrypted_data_spans};
    }
    /// Document boundaries.
    pub mod split {
        pub use crate::yaml::split::split_documents;
    }
}
