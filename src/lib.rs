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

pub mod app;
pub mod cluster;
pub mod core;
pub mod error;
pub mod io;
pub mod limits;
pub mod repo;
pub mod report;
pub mod yaml;

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

use std::ffi::OsString;

/// Parses `args` (the program name first) and runs the command. Invoked
/// under the name `kubeseal`, sealant takes only kubeseal's flags; as
/// `kubectl-sealant` (a kubectl plugin) it is sealant.
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
        let cli: app::cli::KubesealCli = parse(app::cli::kubeseal_command(), args);
        if cli.version {
            println!("kubeseal version: v{}", env!("CARGO_PKG_VERSION"));
            return Ok(());
        }
        error::set_verbosity(cli.kubeseal.klog.verbosity.unwrap_or(0));
        (app::config::resolve_kubeseal(cli.kubeseal), true)
    } else {
        // As a kubectl plugin (`kubectl sealant ...` runs `kubectl-sealant`
        // on PATH with the rest of the line), sealant is itself; only its
        // help names it as the user typed it.
        let cmd = if invoked_as == "kubectl-sealant" {
            app::cli::command().bin_name("kubectl sealant")
        } else {
            app::cli::command()
        };
        let cli: app::cli::Cli = parse(cmd, args);
        let kubeseal = cli.command.is_none();
        if kubeseal {
            error::set_verbosity(cli.kubeseal.klog.verbosity.unwrap_or(0));
        }
        (app::config::resolve(cli), kubeseal)
    };
    plan.and_then(app::commands::run)
        .map_err(|error| Failure { error, kubeseal })
}

/// Parses `args` with `cmd`, treating an environment variable that is set
/// but empty as unset (kubeseal's rule: an empty `SEALED_SECRETS_*` means
/// the flag's default). Usage errors and `--help` exit the process.
fn parse<T: clap::FromArgMatches>(cmd: clap::Command, args: Vec<OsString>) -> T {
    let mut cmd = ignore_empty_env(cmd);
    cmd.try_get_matches_from_mut(args)
        .and_then(|mut m| T::from_arg_matches_mut(&mut m))
        .map_err(|e| e.format(&mut cmd))
        .unwrap_or_else(|e| e.exit())
}

fn ignore_empty_env(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| {
        let empty = a
            .get_env()
            .and_then(std::env::var_os)
            .is_some_and(|v| v.is_empty());
        if empty { a.env(None) } else { a }
    })
    .mut_subcommands(ignore_empty_env)
}

/// A failed run: the error, and whether sealant ran as kubeseal (whose
/// scripts expect exit status 1 for every error it reports itself; only its
/// flag parser exits 2, and clap does that before a plan exists).
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
        if self.kubeseal {
            1
        } else {
            self.error.exit_code().code()
        }
    }
}
