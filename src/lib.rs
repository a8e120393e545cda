//! sealant seals Kubernetes Secrets into SealedSecrets that the Bitnami
//! sealed-secrets controller unseals, byte-compatible with kubeseal, and
//! opens them again with the controller's private keys.
//!
//! The binary is a thin shell over this library: [`cli`] defines the
//! arguments, [`config`] resolves them into plain values, [`commands`] does
//! the work, [`error`] maps failures to documented exit codes.

#![forbid(unsafe_code)]
// Errors carry their context (file, document, item, hint) for the message; they
// are built once per failed run, so their size costs nothing measurable.
#![allow(clippy::result_large_err)]

pub mod atomic;
pub mod cert;
pub mod check;
pub mod cli;
pub mod cluster;
pub mod commands;

/// The conformance fixtures, for unit tests.
#[cfg(test)]
pub(crate) mod test_fixtures {
    use std::path::{Path, PathBuf};

    /// A file of `tests/fixtures/conformance`.
    pub(crate) fn fixture(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/conformance")
            .join(rel)
    }
}
pub mod config;
pub mod crypto;
pub mod dumps;
pub mod error;
pub mod inspect;
pub mod keygen;
pub mod keys;
pub mod manifest;
pub mod ordered;
pub mod pin;
pub mod rules;
pub mod scope;
pub mod seal;
pub mod template;
pub mod unseal;
pub mod walk;
pub mod wire;

use std::ffi::OsString;

use clap::Parser;

/// Parses `args` (the program name first) and runs the command. Invoked
/// under the name `kubeseal`, sealant takes only kubeseal's flags.
///
/// Usage errors and `--help` are printed by clap, which exits the process
/// (status 2 and 0).
pub fn run(args: Vec<OsString>) -> Result<(), Failure> {
    let invoked_as = args
        .first()
        .and_then(|a| {
            std::path::Path::new(a)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let (plan, kubeseal) = if invoked_as == "kubeseal" {
        let cli = cli::KubesealCli::try_parse_from(args).unwrap_or_else(|e| e.exit());
        (config::resolve_kubeseal(cli.kubeseal), true)
    } else {
        let cli = cli::Cli::try_parse_from(args).unwrap_or_else(|e| e.exit());
        let kubeseal = cli.command.is_none();
        (config::resolve(cli), kubeseal)
    };
    plan.and_then(commands::run)
        .map_err(|error| Failure { error, kubeseal })
}

/// A failed run: the error, and whether sealant ran as kubeseal (whose
/// scripts expect exit status 1 for every error).
#[derive(Debug)]
pub struct Failure {
    /// What went wrong.
    pub error: error::Error,
    /// Whether sealant ran in kubeseal's drop-in mode.
    pub kubeseal: bool,
}

impl Failure {
    /// The process exit status.
    pub fn exit_code(&self) -> i32 {
        if self.kubeseal && self.error.exit_code() != error::ExitCode::Usage {
            1
        } else {
            self.error.exit_code().code()
        }
    }
}
