//! sealant seals Kubernetes Secrets into SealedSecrets that the Bitnami
//! sealed-secrets controller unseals, byte-compatible with kubeseal, and
//! opens them again with the controller's private keys.
//!
//! The binary is a thin shell over this library, and the library's public
//! API is what the binary needs: [`run`] parses the arguments and runs the
//! command; a [`Failure`] says why it did not succeed, prints itself
//! ([`Failure::print`]) and names the exit status ([`Failure::exit_code`]);
//! an [`Error`] is a command's failure, with its hint, an [`ExitCode`] and,
//! for input, an [`Origin`]. Everything else (the layers under `src/`, see
//! docs/ARCHITECTURE.md) is private to the crate; the hidden `internals`
//! module is the door of the crate's own tests, benches and fuzz targets,
//! with no stability promise.
//!
//! ```no_run
//! if let Err(failure) = sealant::run(std::env::args_os().collect()) {
//!     failure.print();
//!     std::process::exit(failure.exit_code());
//! }
//! ```

#![forbid(unsafe_code)]
// Errors carry their context (file, document, item, hint) for the message; they
// are built once per failed run, so their size costs nothing measurable.
#![allow(clippy::result_large_err)]

mod app;
mod cluster;
mod core;
mod error;
mod io;
mod limits;
mod repo;
mod report;
mod yaml;

#[doc(hidden)]
pub mod internals;

pub use error::{Error, ExitCode, Origin};
/// `crate::note!`: a note on standard error, escaped (see `report/terminal.rs`).
pub(crate) use report::terminal::note;

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
/// The library never exits the process: usage errors, `--help` and
/// `--version` come back as [`Failure::Usage`] for the binary to print.
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
        let cli: app::cli::KubesealCli = parse(app::cli::kubeseal_command(), args)?;
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
        let cli: app::cli::Cli = parse(cmd, args)?;
        let kubeseal = cli.command.is_none();
        if kubeseal {
            error::set_verbosity(cli.kubeseal.klog.verbosity.unwrap_or(0));
        }
        (app::config::resolve(cli), kubeseal)
    };
    plan.and_then(app::commands::run)
        .map_err(|error| Failure::Run { error, kubeseal })
}

/// Parses `args` with `cmd`, treating an environment variable that is set
/// but empty as unset (kubeseal's rule: an empty `SEALED_SECRETS_*` means
/// the flag's default). Usage errors, `--help` and `--version` come back
/// as [`Failure::Usage`], formatted for `cmd`.
fn parse<T: clap::FromArgMatches>(cmd: clap::Command, args: Vec<OsString>) -> Result<T, Failure> {
    let mut cmd = ignore_empty_env(cmd);
    cmd.try_get_matches_from_mut(args)
        .and_then(|mut m| T::from_arg_matches_mut(&mut m))
        .map_err(|e| Failure::Usage(e.format(&mut cmd)))
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

/// Why a run did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The arguments did not parse, or asked for `--help` or `--version`:
    /// clap's message, formatted and colored as clap decides. Print it with
    /// [`clap::Error::print`] (help and version go to stdout) and exit with
    /// [`clap::Error::exit_code`] (0 for help and version, 2 for a usage
    /// error, in kubeseal's mode too: its flag parser exits 2).
    Usage(clap::Error),
    /// The command ran and failed.
    Run {
        /// What went wrong.
        error: error::Error,
        /// Whether sealant ran in kubeseal's drop-in mode, whose scripts
        /// expect exit status 1 for every error it reports itself.
        kubeseal: bool,
    },
}

impl Failure {
    /// Prints the failure as the `sealant` binary does: a [`Failure::Usage`]
    /// as clap renders it (help and version to stdout, usage errors to
    /// stderr, colors as clap decides for each stream); a [`Failure::Run`]
    /// as `error: ...` and, when there is one, `  hint: ...` on standard
    /// error, every control character escaped but the newlines of messages
    /// that span lines (an exec plugin's install hint prints on lines of its
    /// own, as kubectl prints it; a hint is one line). A closed stream is no
    /// error of ours: nothing is printed then.
    pub fn print(&self) {
        match self {
            Failure::Usage(e) => {
                let _ = e.print();
            }
            Failure::Run { error, .. } => {
                // Errors name files, Secrets and keys read from files.
                note!("error: {}", error);
                if let Some(hint) = error.hint() {
                    note!("  hint: {}", report::terminal::escape(&hint));
                }
            }
        }
    }

    /// The process exit status.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(e) => e.exit_code(),
            Failure::Run { kubeseal: true, .. } => 1,
            Failure::Run { error, .. } => error.exit_code().code(),
        }
    }
}
