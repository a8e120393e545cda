//! The command line, as clap sees it. Nothing here does work: [`crate::app::config`]
//! resolves these into plain values first.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::certificate::Fingerprint;
use crate::core::scope::Scope;

mod key_cert_args;
mod kubectl_flags;
mod kubeseal_flags;
mod opening_args;
mod sealing_args;
mod value_parsers;

pub use key_cert_args::*;
pub use kubectl_flags::*;
pub use kubeseal_flags::*;
pub use opening_args::*;
pub use sealing_args::*;
use value_parsers::*;

const ABOUT: &str = "Seal Kubernetes Secrets for the sealed-secrets controller";

const AFTER_HELP: &str = "\
Run with kubeseal's own flags and no subcommand to use sealant as a drop-in
kubeseal (or install it under the name `kubeseal`):
  kubectl create secret generic db --from-literal=password=s3cr3t --dry-run=client -o yaml \\
    | sealant --cert cert.pem -o yaml > db-sealed.yaml

Exit codes: 0 ok, 1 findings (something did not validate), 2 usage,
3 input, 4 certificate, 5 key or decryption, 6 output, 7 cluster.
In kubeseal mode, as kubeseal: 1 for every error, 2 for the command line.";

/// sealant: seal Kubernetes Secrets so they can live in git.
#[derive(Debug, Parser)]
#[command(
    name = "sealant",
    version,
    about = ABOUT,
    long_about = None,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true,
    max_term_width = 80
)]
pub struct Cli {
    /// What to do; without one, sealant behaves as kubeseal.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// kubeseal's flags, for the drop-in mode.
    #[command(flatten)]
    pub kubeseal: KubesealArgs,
}

/// The same flags, parsed when sealant is invoked as `kubeseal`.
#[derive(Debug, Parser)]
#[command(
    name = "kubeseal",
    version,
    disable_version_flag = true,
    max_term_width = 80,
    about = "sealant in kubeseal mode: kubeseal's flags, sealant's engine"
)]
pub struct KubesealCli {
    /// Print `kubeseal version: vX.Y.Z` (sealant's version) and exit.
    #[arg(long)]
    pub version: bool,

    /// kubeseal's flags.
    #[command(flatten)]
    pub kubeseal: KubesealArgs,
}

/// sealant's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seal every Secret in YAML or JSON input; pass every other document through.
    Seal(SealArgs),
    /// Build a Secret in memory (literals, files, env files, prompts) and seal it: no plaintext file is written.
    Create(Box<CreateArgs>),
    /// Seal one value (a file, standard input or a prompt) and print only its base64.
    Raw(RawArgs),
    /// Seal a Secret's items into an existing SealedSecret file, in place.
    Merge(MergeArgs),
    /// Open SealedSecrets with the controller's private keys (recovery).
    Unseal(UnsealArgs),
    /// Print the Secrets of a SealedSecret file, decoded (values to standard output only).
    Cat(CatArgs),
    /// Edit a SealedSecret in $VISUAL/$EDITOR as a readable Secret, and seal the changes in place.
    Edit(Box<EditArgs>),
    /// Re-encrypt every SealedSecret in files and folders for the newest key, offline.
    Reseal(ResealArgs),
    /// Check offline that every SealedSecret in files and folders opens with the keys.
    Validate(ValidateArgs),
    /// Show which key opens each SealedSecret item, and what still depends on each key.
    Audit(AuditArgs),
    /// Make a sealing key pair and its Secret, as the controller does (bring your own key).
    Keygen(KeygenArgs),
    /// Find plaintext Secrets and malformed or stale SealedSecrets (CI, pre-commit).
    Check(CheckArgs),
    /// Print a SealedSecret file for review, one line per item: a git textconv driver (diff=sealant).
    Diff(DiffArgs),
    /// Show or fetch the controller's certificate.
    #[command(subcommand)]
    Cert(CertCommand),
    /// Back up the controller's private keys from the cluster, or list keys and which one seals.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print sealant's man page, or write one page per command into a folder.
    Man(ManArgs),
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// YAML, keys sorted, `---` before each document.
    Yaml,
    /// JSON, as kubeseal writes it.
    Json,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Tables for people.
    Text,
    /// JSON for scripts.
    Json,
}

/// Where the certificate comes from.
#[derive(Debug, Clone, Args)]
pub struct CertArgs {
    /// The controller's certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides.
    #[arg(long, value_name = "[NAME=]FILE|URL", env = "SEALED_SECRETS_CERT")]
    pub cert: Vec<String>,

    /// Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml.
    #[arg(long = "expect-fingerprint", value_name = "SHA256", value_parser = parse_fingerprint)]
    pub expect_fingerprint: Vec<Fingerprint>,
}

/// The clap command of the binary invoked as `kubeseal`.
pub fn kubeseal_command() -> clap::Command {
    use clap::CommandFactory;
    KubesealCli::command()
}

/// The clap command of the full CLI, for completions and man pages.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command()
}
