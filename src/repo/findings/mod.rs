//! What `sealant check` looks for in one file, with a parser (YAML or JSON,
//! every document of a stream, every item of a `List`, whatever the
//! quoting):
//!
//! - plaintext: a `Secret` with `data` or `stringData`;
//! - malformed SealedSecrets: values that are not base64 or too short for
//!   any RSA key, scope annotations that disagree between the object and its
//!   template, no namespace when not cluster-wide, a template that records
//!   another name or namespace (renamed after sealing), legacy v1
//!   `spec.data`;
//! - SealedSecrets sealed with another certificate than the repository's
//!   rules expect (from the `sealant.dev/cert-sha256` record, or from the
//!   key size when there is no record), or with one that has expired.
//!
//! - a committed private key: a Secret labelled as the sealed-secrets
//!   controller's key, or any Secret with a `tls.key`;
//! - kustomize `secretGenerator`s with `literals`, or `envs` / `files` that
//!   name a file in the repository (see [`kustomize`]).
//!
//! Files that cannot be parsed and hold `{{ }}` are Helm or Go templates:
//! scanned line by line for a Secret with literal values (see [`helm`]),
//! skipped when they have none. No private key is needed for any of it.

mod document;
mod file;
pub mod gitdates;
mod helm;
mod kustomize;
mod sealed_checks;

pub use document::CONTROLLER_KEY_LABEL;
pub use file::{check_file, may_hold_secrets};

use time::OffsetDateTime;

use crate::core::certificate::Fingerprint;
use crate::error::Origin;
use crate::report::Code;

/// A certificate whose file the rules name, as far as check needs it.
#[derive(Debug, Clone)]
pub struct KnownCert {
    /// Its fingerprint.
    pub fingerprint: Fingerprint,
    /// Start of validity (the key's age counts from it).
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// RSA key size in bits.
    pub bits: usize,
}

/// What the rules expect of the SealedSecrets of one file.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    /// The rule, for messages (`rule 2 (/repo/.sealant.yaml:14)`).
    pub rule: String,
    /// The clusters the file is for.
    pub clusters: Vec<ExpectedCluster>,
    /// Policy: the oldest an item's value may be.
    pub max_value_age: Option<crate::repo::rules::Age>,
    /// Policy: the oldest the sealing certificate may be (from NotBefore).
    pub max_key_age: Option<crate::repo::rules::Age>,
    /// Policy: every SealedSecret records its certificate.
    pub require_record: bool,
    /// The file in a git work tree, for dating items without a value-dates
    /// record (see [`gitdates`]); `None`: such items are not dated.
    pub git_file: Option<std::path::PathBuf>,
}

/// One cluster a file is for.
#[derive(Debug, Clone)]
pub struct ExpectedCluster {
    /// Its name.
    pub name: String,
    /// The fingerprints its SealedSecrets may record: the pinned ones, else
    /// the fingerprint of its certificate file.
    pub fingerprints: Vec<Fingerprint>,
    /// Its certificate, when the rules name a file.
    pub cert: Option<KnownCert>,
}

impl Expectation {
    fn fingerprints(&self) -> Vec<Fingerprint> {
        self.clusters
            .iter()
            .flat_map(|c| c.fingerprints.iter().copied())
            .collect()
    }

    fn known(&self, fp: &Fingerprint) -> Option<&KnownCert> {
        self.clusters
            .iter()
            .filter_map(|c| c.cert.as_ref())
            .find(|k| k.fingerprint == *fp)
    }

    fn describe_expected(&self) -> String {
        let fps: Vec<String> = self
            .clusters
            .iter()
            .flat_map(|c| {
                c.fingerprints
                    .iter()
                    .map(move |f| format!("sha256:{f} (cluster {})", c.name))
            })
            .collect();
        fps.join(" or ")
    }
}

/// How strict to be.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Report SealedSecrets without the certificate record when the rules
    /// expect a certificate.
    pub require_cert_record: bool,
    /// The time certificates are checked against.
    pub now: OffsetDateTime,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The line it is on.
    pub line: Option<usize>,
    /// The 1-based document of the file.
    pub document: Option<usize>,
    /// `Kind namespace/name` of the object.
    pub object: Option<String>,
    /// A stable code: `plaintext-secret`, `malformed`, `wrong-certificate`...
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Finding {
    /// The finding as a diagnostic of `file`.
    pub fn diagnostic(&self, file: &str) -> crate::report::Diagnostic {
        crate::report::Diagnostic {
            code: self.code,
            origin: Origin {
                file: file.to_string(),
                line: self.line,
                doc: self.document,
                object: self.object.clone(),
            },
            message: self.message.clone(),
            hint: Some(self.hint.clone()),
        }
    }
}

/// What became of one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// It was read; these are its problems (none: it is clean).
    Checked {
        /// Documents looked at (items of Lists included).
        documents: usize,
        /// The problems.
        findings: Vec<Finding>,
        /// Documents skipped, with their line and why.
        skipped: Vec<(Option<usize>, String)>,
    },
    /// The whole file was skipped.
    Skipped {
        /// Why.
        reason: String,
    },
}
