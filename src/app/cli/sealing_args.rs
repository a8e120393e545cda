//! The arguments of the commands that seal: `seal`, `create` (and its kinds),
//! `raw`, `merge`.

use super::*;

/// `sealant seal`.
#[derive(Debug, Args)]
pub struct SealArgs {
    /// Manifests to read; standard input when none is given (or `-`).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub cert: CertArgs,

    /// The scope to seal for; by default the Secret's own annotations decide (strict when none).
    #[arg(long, value_name = "SCOPE", value_parser = SCOPE)]
    pub scope: Option<Scope>,

    /// The namespace; must match the Secret's own when it has one.
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Seal under this name instead of the Secret's own.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Output format; by default the input's own format.
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Write the output to this file (atomically) instead of standard output.
    #[arg(
        short = 'w',
        long = "write",
        value_name = "FILE",
        conflicts_with = "in_place"
    )]
    pub write: Option<PathBuf>,

    /// Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets.
    #[arg(short = 'i', long)]
    pub in_place: bool,

    /// Seal a Secret that has no data.
    #[arg(long)]
    pub allow_empty_data: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
    /// Write one file per cluster and SealedSecret, e.g. '{cluster}/{name}.yaml' (also {namespace} {dir} {stem} {ext}); only SealedSecrets are written.
    #[arg(long, value_name = "TEMPLATE", conflicts_with_all = ["write", "in_place"])]
    pub output_template: Option<String>,
}

/// `sealant create`: `sealant create NAME ...` is `sealant create generic NAME ...`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CreateArgs {
    /// The kind of Secret, as `kubectl create secret` names them.
    #[command(subcommand)]
    pub kind: Option<CreateKindArgs>,

    #[command(flatten)]
    pub generic: GenericArgs,
}

/// The kinds of Secret `create` builds.
#[derive(Debug, Subcommand)]
pub enum CreateKindArgs {
    /// An Opaque (or --type) Secret from literals, files, env files and prompts.
    Generic(GenericArgs),
    /// A kubernetes.io/tls Secret from a certificate and its private key.
    Tls(TlsArgs),
    /// A kubernetes.io/dockerconfigjson Secret for pulling images, built as kubectl builds it.
    DockerRegistry(DockerRegistryArgs),
}

/// `sealant create [generic] NAME`.
#[derive(Debug, Args)]
pub struct GenericArgs {
    /// The Secret's name.
    #[arg(value_name = "NAME", required_unless_present = "interactive")]
    pub name: Option<String>,

    /// Ask on the terminal for the context, namespace, name, type and items (values without echo, twice); refused when standard input is not a terminal.
    #[arg(short = 'i', long)]
    pub interactive: bool,

    /// An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file.
    #[arg(long, value_name = "KEY=VALUE")]
    pub from_literal: Vec<String>,

    /// An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files.
    #[arg(long, value_name = "[KEY=]PATH")]
    pub from_file: Vec<String>,

    /// Items from KEY=VALUE lines of a file, as kubectl reads them.
    #[arg(long, value_name = "PATH")]
    pub from_env_file: Vec<PathBuf>,

    /// Ask for the value of KEY on the terminal, without echo, twice.
    #[arg(long, value_name = "KEY")]
    pub prompt: Vec<String>,

    /// The Secret's type (default Opaque).
    #[arg(long = "type", value_name = "TYPE")]
    pub secret_type: Option<String>,

    /// The controller's certificate (same as --sealing-cert).
    #[arg(long, value_name = "[NAME=]FILE|URL")]
    pub cert: Vec<String>,

    #[command(flatten)]
    pub common: CreateCommon,
}

/// `sealant create tls NAME --cert FILE --key FILE`.
#[derive(Debug, Args)]
pub struct TlsArgs {
    /// The Secret's name.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The PEM certificate (chain) for tls.crt. (The sealing certificate is --sealing-cert here.)
    #[arg(long, value_name = "PATH")]
    pub cert: PathBuf,

    /// The PEM private key for tls.key.
    #[arg(long, value_name = "PATH")]
    pub key: PathBuf,

    #[command(flatten)]
    pub common: CreateCommon,
}

/// `sealant create docker-registry NAME --docker-username U ...`.
#[derive(Debug, Args)]
pub struct DockerRegistryArgs {
    /// The Secret's name.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The registry.
    #[arg(
        long,
        value_name = "SERVER",
        default_value = "https://index.docker.io/v1/"
    )]
    pub docker_server: String,

    /// The user name.
    #[arg(long, value_name = "USER")]
    pub docker_username: String,

    /// The password (visible to other users in the process list: prefer --prompt).
    #[arg(
        long,
        value_name = "PASSWORD",
        conflicts_with = "prompt",
        required_unless_present = "prompt"
    )]
    pub docker_password: Option<String>,

    /// Ask for the password on the terminal, without echo, twice.
    #[arg(long)]
    pub prompt: bool,

    /// The e-mail address (optional).
    #[arg(long, value_name = "EMAIL")]
    pub docker_email: Option<String>,

    /// The controller's certificate (same as --sealing-cert).
    #[arg(long, value_name = "[NAME=]FILE|URL")]
    pub cert: Vec<String>,

    #[command(flatten)]
    pub common: CreateCommon,
}

/// What every kind of `create` takes.
#[derive(Debug, Args)]
pub struct CreateCommon {
    /// The Secret's namespace (needed unless it is sealed cluster-wide).
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// A label on the Secret (KEY=VALUE; repeat for several).
    #[arg(long, value_name = "KEY=VALUE")]
    pub label: Vec<String>,

    /// An annotation on the Secret (KEY=VALUE; repeat for several).
    #[arg(long, value_name = "KEY=VALUE")]
    pub annotation: Vec<String>,

    /// The scope to seal for (default strict, or the matching rule's).
    #[arg(long, value_name = "SCOPE", value_parser = SCOPE)]
    pub scope: Option<Scope>,

    /// Output format (default yaml, or the matching rule's).
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Write the SealedSecret to this file (atomically) instead of standard output.
    #[arg(
        short = 'w',
        long = "write",
        value_name = "FILE",
        conflicts_with = "output_template"
    )]
    pub write: Option<PathBuf>,

    /// One file per cluster, e.g. '{cluster}/{name}.yaml' (also {namespace} {ext}).
    #[arg(long, value_name = "TEMPLATE")]
    pub output_template: Option<String>,

    /// The controller's certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides.
    #[arg(long, value_name = "[NAME=]FILE|URL", env = "SEALED_SECRETS_CERT")]
    pub sealing_cert: Vec<String>,

    /// Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several).
    #[arg(long = "expect-fingerprint", value_name = "SHA256", value_parser = parse_fingerprint)]
    pub expect_fingerprint: Vec<Fingerprint>,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant raw`.
#[derive(Debug, Args)]
pub struct RawArgs {
    #[command(flatten)]
    pub cert: CertArgs,

    /// The file holding the value (its bytes exactly, trailing newline included).
    #[arg(long, value_name = "FILE", conflicts_with = "prompt")]
    pub from_file: Option<PathBuf>,

    /// Ask for the value on the terminal, without echo.
    #[arg(long)]
    pub prompt: bool,

    /// The scope to seal for.
    #[arg(long, value_name = "SCOPE", value_parser = SCOPE, default_value = "strict")]
    pub scope: Scope,

    /// The Secret's namespace (strict and namespace-wide scopes).
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// The Secret's name (strict scope).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The SealedSecret file to update in place.
    #[arg(value_name = "TARGET")]
    pub target: PathBuf,

    /// Read the Secret from this file instead of standard input.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,

    #[command(flatten)]
    pub cert: CertArgs,

    /// The scope; by default the target's own.
    #[arg(long, value_name = "SCOPE", value_parser = SCOPE)]
    pub scope: Option<Scope>,

    /// Merge a Secret that has no data (changes nothing).
    #[arg(long)]
    pub allow_empty_data: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}
