//! The command line, as clap sees it. Nothing here does work: [`crate::app::config`]
//! resolves these into plain values first.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::certificate::Fingerprint;
use crate::core::scope::Scope;

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

/// How to reach the cluster and the controller (kubectl's and kubeseal's flags).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Cluster (used when no --cert is given)")]
pub struct ClusterArgs {
    /// Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config).
    #[arg(long, value_name = "FILE", env = "SEALED_SECRETS_KUBECONFIG")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given).
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_CONTEXT")]
    pub context: Vec<String>,

    /// The kubeconfig cluster to use.
    #[arg(long = "cluster", value_name = "NAME", env = "SEALED_SECRETS_CLUSTER")]
    pub cluster_name: Option<String>,

    /// The kubeconfig user to use.
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_USER")]
    pub user: Option<String>,

    /// The API server's URL.
    #[arg(short = 's', long, value_name = "URL", env = "SEALED_SECRETS_SERVER")]
    pub server: Option<String>,

    /// Username to impersonate for the operation (sends Impersonate-User, as kubectl).
    #[arg(long = "as", value_name = "USER", env = "SEALED_SECRETS_AS")]
    pub impersonate: Option<String>,

    /// Group to impersonate for the operation; repeat it for several groups.
    #[arg(long = "as-group", value_name = "GROUP")]
    pub impersonate_groups: Vec<String>,

    /// UID to impersonate for the operation.
    #[arg(long = "as-uid", value_name = "UID", env = "SEALED_SECRETS_AS_UID")]
    pub impersonate_uid: Option<String>,

    /// Username for basic authentication to the API server.
    #[arg(long, value_name = "USER", env = "SEALED_SECRETS_USERNAME")]
    pub username: Option<String>,

    /// Password for basic authentication (visible to other users in argv: prefer the kubeconfig).
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "SEALED_SECRETS_PASSWORD",
        hide_env_values = true
    )]
    pub password: Option<String>,

    /// Server name to check the API server's certificate against (default: the server URL's host).
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_TLS_SERVER_NAME")]
    pub tls_server_name: Option<String>,

    /// Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY).
    #[arg(long, value_name = "URL", env = "SEALED_SECRETS_PROXY_URL")]
    pub proxy_url: Option<String>,

    /// Ask the API server for uncompressed responses.
    #[arg(long, env = "SEALED_SECRETS_DISABLE_COMPRESSION")]
    pub disable_compression: bool,

    /// A bearer token for the API server (visible to other users in argv: prefer the kubeconfig).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SEALED_SECRETS_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// A PEM file of CA certificates for the API server.
    #[arg(
        long,
        value_name = "FILE",
        env = "SEALED_SECRETS_CERTIFICATE_AUTHORITY"
    )]
    pub certificate_authority: Option<PathBuf>,

    /// A client certificate file for TLS authentication.
    #[arg(long, value_name = "FILE", env = "SEALED_SECRETS_CLIENT_CERTIFICATE")]
    pub client_certificate: Option<PathBuf>,

    /// The client certificate's key file.
    #[arg(long, value_name = "FILE", env = "SEALED_SECRETS_CLIENT_KEY")]
    pub client_key: Option<PathBuf>,

    /// Do not verify the API server's certificate (insecure).
    #[arg(long, env = "SEALED_SECRETS_INSECURE_SKIP_TLS_VERIFY")]
    pub insecure_skip_tls_verify: bool,

    /// Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s).
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout, env = "SEALED_SECRETS_REQUEST_TIMEOUT")]
    pub request_timeout: Option<std::time::Duration>,

    /// Name of the controller's Service.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "sealed-secrets-controller",
        env = "SEALED_SECRETS_CONTROLLER_NAME"
    )]
    pub controller_name: String,

    /// Namespace of the controller's Service.
    #[arg(
        long,
        value_name = "NAMESPACE",
        default_value = "kube-system",
        env = "SEALED_SECRETS_CONTROLLER_NAMESPACE"
    )]
    pub controller_namespace: String,
}

fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(std::time::Duration::from_secs(secs));
    }
    humantime::parse_duration(s)
        .map_err(|e| format!("'{s}' is not a duration such as 30s or 1m ({e})"))
}

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
    pub kind: Option<CreateKind>,

    #[command(flatten)]
    pub generic: GenericArgs,
}

/// The kinds of Secret `create` builds.
#[derive(Debug, Subcommand)]
pub enum CreateKind {
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

/// How `sealant check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per problem: `file:line: what is wrong: what to do`.
    Text,
    /// One JSON object with every finding, for machines.
    Json,
}

/// `sealant check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check (folders: every .yaml, .yml and .json file, .gitignore honoured); the current folder when none is given.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Report format.
    #[arg(
        short = 'o',
        long = "format",
        value_enum,
        default_value = "text",
        value_name = "FORMAT"
    )]
    pub format: CheckFormat,

    /// Also report SealedSecrets that do not record their certificate (sealant.dev/cert-sha256) where the rules expect one.
    #[arg(long)]
    pub require_cert_record: bool,

    /// Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow).
    #[arg(long)]
    pub follow: bool,
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

/// `sealant unseal`.
#[derive(Debug, Args)]
pub struct UnsealArgs {
    /// SealedSecret manifests or folders (walked for .yaml, .yml and .json, .gitignore respected); standard input when none is given.
    #[arg(value_name = "PATH")]
    pub files: Vec<PathBuf>,

    /// A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several.
    #[arg(
        short,
        long = "key",
        value_name = "FILE",
        required_unless_present = "keys_from_cluster",
        value_delimiter = ','
    )]
    pub keys: Vec<PathBuf>,

    /// Fetch the controller's key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written.
    #[arg(long)]
    pub keys_from_cluster: bool,

    /// Output format; by default the input's own format.
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Write the Secrets to this file (created 0600) instead of standard output.
    #[arg(
        short = 'w',
        long = "write",
        value_name = "FILE",
        conflicts_with = "to_dir"
    )]
    pub write: Option<PathBuf>,

    /// Write each Secret to its own file in this folder, `<namespace>-<name>.yaml` (or .json), created 0600.
    #[arg(long, value_name = "DIR")]
    pub to_dir: Option<PathBuf>,

    /// Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow).
    #[arg(long)]
    pub follow: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// How `sealant cat` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatFormat {
    /// Secrets as YAML documents (text as stringData, binary as base64 under data).
    Yaml,
    /// Secrets as JSON (several in a v1 List).
    Json,
    /// Shell-quoted KEY=value lines.
    Env,
}

/// `sealant cat`.
#[derive(Debug, Args)]
pub struct CatArgs {
    /// The SealedSecret file (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several.
    #[arg(
        short,
        long = "key",
        value_name = "FILE",
        required = true,
        value_delimiter = ','
    )]
    pub keys: Vec<PathBuf>,

    /// Print only this item's value, its exact bytes (no newline added).
    #[arg(long, value_name = "NAME", conflicts_with = "format")]
    pub item: Option<String>,

    /// Output format.
    #[arg(short = 'o', long = "format", value_enum, value_name = "FORMAT")]
    pub format: Option<CatFormat>,
}

/// `sealant edit`.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// The SealedSecret file to edit in place (with --new: the file to create).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// A private key that opens the SealedSecret: PEM, a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several. Without one the edit is blind: sealed values show as placeholders.
    #[arg(short, long = "key", value_name = "FILE", value_delimiter = ',')]
    pub keys: Vec<PathBuf>,

    /// Start a new Secret of this name in the editor and write its SealedSecret to FILE (which must not exist).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["document", "name", "keys"])]
    pub new: Option<String>,

    /// The new Secret's namespace (with --new).
    #[arg(short, long, value_name = "NAMESPACE", requires = "new")]
    pub namespace: Option<String>,

    /// The scope of the new Secret (with --new; default strict).
    #[arg(long, value_name = "SCOPE", value_parser = SCOPE, requires = "new")]
    pub scope: Option<Scope>,

    /// Edit the Nth document of the file (1-based) when it holds several SealedSecrets.
    #[arg(long, value_name = "N", conflicts_with = "name")]
    pub document: Option<usize>,

    /// Edit the SealedSecret of this name when the file holds several.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    #[command(flatten)]
    pub cert: CertArgs,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// The private keys for the offline commands.
#[derive(Debug, Clone, Args)]
pub struct KeyArgs {
    /// A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several.
    #[arg(
        short,
        long = "key",
        value_name = "FILE",
        required_unless_present = "keys_from_cluster",
        value_delimiter = ','
    )]
    pub keys: Vec<PathBuf>,

    /// Fetch the controller's key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written.
    #[arg(long)]
    pub keys_from_cluster: bool,
}

/// `sealant reseal`.
#[derive(Debug, Args)]
pub struct ResealArgs {
    /// Files and folders to reseal in place (folders: .yaml, .yml and .json files, .gitignore respected).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several.
    #[arg(
        short,
        long = "key",
        value_name = "FILE",
        value_delimiter = ',',
        required_unless_present_any = ["controller", "keys_from_cluster"]
    )]
    pub keys: Vec<PathBuf>,

    /// Fetch the controller's key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written.
    #[arg(long, conflicts_with = "controller")]
    pub keys_from_cluster: bool,

    /// The certificate to seal for; by default the newest of the keys' certificates (by NotBefore).
    #[arg(long, value_name = "FILE|URL")]
    pub cert: Option<String>,

    /// Report what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,

    /// Re-encrypt through the controller in the cluster (its /v1/rotate) instead of with private keys.
    #[arg(long, conflicts_with_all = ["keys", "cert", "dry_run"])]
    pub controller: bool,

    /// Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow).
    #[arg(long)]
    pub follow: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files and folders to check (folders: .yaml, .yml and .json files, .gitignore respected); with the controller, standard input when none is given.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Check offline with these private keys (PEM, tls Secrets, a key backup List); without --key the controller in the cluster is asked.
    #[arg(short, long = "key", value_name = "FILE", value_delimiter = ',')]
    pub keys: Vec<PathBuf>,

    /// Fetch the controller's key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written.
    #[arg(long)]
    pub keys_from_cluster: bool,

    /// Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow).
    #[arg(long)]
    pub follow: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Files and folders to audit (folders: .yaml, .yml and .json files, .gitignore respected). With --history, the current directory by default.
    #[arg(value_name = "PATH", required_unless_present = "history")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub keys: KeyArgs,

    /// Print the report as JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// The report's format.
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub format: Option<ReportFormat>,

    /// Read the git history of the files: for each current item, when its current value first appeared and every key it was ever sealed under.
    #[arg(long)]
    pub history: bool,

    /// With --history: only the commits after REV (REV's own files are the oldest state read).
    #[arg(long, value_name = "REV", requires = "history")]
    pub since: Option<String>,

    /// With --history: a leaked key (its key file, or its certificate's SHA-256 fingerprint); lists every current value ever sealed under it, and exits 1 while any remains. Repeat for several.
    #[arg(
        long = "leaked-key",
        value_name = "KEY|FINGERPRINT",
        requires = "history"
    )]
    pub leaked_key: Vec<String>,

    /// Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow).
    #[arg(long)]
    pub follow: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The file to print (git passes it to a textconv driver).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// A private key: each item also shows a keyed hash of its value (HMAC-SHA256 under a key derived from the private key files), so equal values give equal lines. Repeat for several.
    #[arg(short, long = "key", value_name = "FILE", value_delimiter = ',')]
    pub keys: Vec<PathBuf>,
}

/// `sealant keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The folder for tls.key, tls.crt and key.yaml (created if missing; existing files are never overwritten).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// RSA key size in bits.
    #[arg(long, value_name = "BITS", default_value_t = 4096, value_parser = parse_bits)]
    pub bits: usize,

    /// How long the certificate is valid: days, years or hours (3650d, 10y, 87600h).
    #[arg(long, value_name = "DURATION", default_value = "3650d")]
    pub validity: String,

    /// The namespace of the key Secret: the controller's.
    #[arg(short, long, value_name = "NAMESPACE", default_value = "kube-system")]
    pub namespace: String,

    /// The name of the key Secret; by default sealed-secrets-key and five random characters, as the controller names them.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

/// `sealant keys`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Fetch the controller's key Secrets and write them as a v1 List (0600): a backup that opens every SealedSecret.
    Backup(KeysBackupArgs),
    /// Show each key's fingerprint, validity and whether the controller seals with it, from the cluster or from files.
    List(KeysListArgs),
}

/// `sealant keys backup`.
#[derive(Debug, Args)]
pub struct KeysBackupArgs {
    /// The backup file (written atomically, 0600).
    #[arg(short = 'w', long = "write", value_name = "FILE", required = true)]
    pub write: PathBuf,

    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant keys list`.
#[derive(Debug, Args)]
pub struct KeysListArgs {
    /// Read the keys from these files (PEM, tls Secrets, a key backup List) instead of the cluster. Repeat for several.
    #[arg(short, long = "key", value_name = "FILE", value_delimiter = ',')]
    pub keys: Vec<PathBuf>,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant cert`.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Print a certificate's SHA-256 fingerprint, subject, validity and key size.
    Show(CertShowArgs),
    /// Fetch the certificate and write it as PEM.
    Fetch(Box<CertFetchArgs>),
}

/// `sealant cert show`.
#[derive(Debug, Args)]
pub struct CertShowArgs {
    /// A file or URL; by default --cert or SEALED_SECRETS_CERT.
    #[arg(value_name = "FILE|URL")]
    pub source: Option<String>,

    #[command(flatten)]
    pub cert: CertArgs,
}

/// `sealant cert fetch`.
#[derive(Debug, Args)]
pub struct CertFetchArgs {
    #[command(flatten)]
    pub cert: CertArgs,

    /// Write the PEM to this file (atomically) instead of standard output.
    #[arg(short = 'w', long = "write", value_name = "FILE")]
    pub write: Option<PathBuf>,

    /// Pin the fetched certificate: write its fingerprint into .sealant.yaml as the cluster's only one (the file is created when missing). The PEM is then printed only with -w.
    #[arg(long)]
    pub pin: bool,

    /// The cluster of .sealant.yaml to fetch for (its cert or kube context) and to pin.
    #[arg(long = "rules-cluster", value_name = "NAME")]
    pub rules_cluster: Option<String>,

    /// With --pin: fetch the certificate of every kubeconfig context and pin each into .sealant.yaml, one cluster per context (named after it). Nothing is written unless every context answers.
    #[arg(long, requires = "pin", conflicts_with_all = ["rules_cluster", "write"])]
    pub all_contexts: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// `sealant completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `sealant man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command into this folder instead of printing sealant(1).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// kubeseal's own flags (sealant's drop-in mode).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "kubeseal-compatible options (used without a subcommand)")]
pub struct KubesealArgs {
    /// Certificate file or URL to seal with.
    #[arg(long, value_name = "FILE|URL", env = "SEALED_SECRETS_CERT")]
    pub cert: Option<String>,

    /// Print the controller's certificate (from --cert, or the cluster), byte for byte.
    #[arg(
        long,
        env = "SEALED_SECRETS_FETCH_CERT",
        conflicts_with_all = ["raw", "merge_into", "re_encrypt", "validate", "recovery_unseal"]
    )]
    pub fetch_cert: bool,

    /// Output format: json or yaml, in any case (kubeseal's default is json).
    #[arg(
        short = 'o',
        long = "format",
        value_name = "FORMAT",
        env = "SEALED_SECRETS_FORMAT",
        value_parser = KUBESEAL_FORMAT
    )]
    pub format: Option<String>,

    /// Input file (default: standard input).
    #[arg(
        short = 'f',
        long = "secret-file",
        value_name = "FILE",
        env = "SEALED_SECRETS_SECRET_FILE"
    )]
    pub secret_file: Option<PathBuf>,

    /// Output file (default: standard output), written only when the run succeeds; a .yaml/.yml name selects YAML.
    #[arg(
        short = 'w',
        long = "sealed-secret-file",
        value_name = "FILE",
        env = "SEALED_SECRETS_SEALED_SECRET_FILE"
    )]
    pub sealed_secret_file: Option<PathBuf>,

    /// Scope: strict (the default, so the Secret's scope annotations decide), namespace-wide or cluster-wide; empty means the default.
    #[arg(long, value_name = "SCOPE", value_parser = KUBESEAL_SCOPE, env = "SEALED_SECRETS_SCOPE")]
    pub scope: Option<String>,

    /// Seal one raw value (from --from-file or standard input).
    #[arg(
        long,
        env = "SEALED_SECRETS_RAW",
        conflicts_with_all = ["merge_into", "re_encrypt", "validate", "recovery_unseal"]
    )]
    pub raw: bool,

    /// Name of the Secret: with --raw, and when sealing, instead of the Secret's own.
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_NAME")]
    pub name: Option<String>,

    /// Namespace (the Secret's, or kubectl's -n); a ns/, namespace/ or namespaces/ prefix is dropped, as kubectl does.
    #[arg(
        short = 'n',
        long,
        value_name = "NAMESPACE",
        env = "SEALED_SECRETS_NAMESPACE"
    )]
    pub namespace: Option<String>,

    /// File holding the raw value, [KEY=]PATH as kubectl writes it (only with --raw, once).
    #[arg(
        long,
        value_name = "[KEY=]FILE",
        value_delimiter = ',',
        env = "SEALED_SECRETS_FROM_FILE"
    )]
    pub from_file: Vec<String>,

    /// Merge the sealed items into this SealedSecret file, in place.
    #[arg(
        long,
        value_name = "FILE",
        env = "SEALED_SECRETS_MERGE_INTO",
        conflicts_with_all = ["re_encrypt", "validate", "recovery_unseal"]
    )]
    pub merge_into: Option<PathBuf>,

    /// Re-encrypt SealedSecrets with the controller's newest key (through the cluster); --rotate is its old name.
    #[arg(
        long,
        alias = "rotate",
        env = "SEALED_SECRETS_RE_ENCRYPT",
        conflicts_with_all = ["validate", "recovery_unseal"]
    )]
    pub re_encrypt: bool,

    /// Ask the controller whether SealedSecrets open (through the cluster); prints nothing when they do.
    #[arg(
        long,
        env = "SEALED_SECRETS_VALIDATE",
        conflicts_with = "recovery_unseal"
    )]
    pub validate: bool,

    /// Open SealedSecrets with --recovery-private-key and print the Secrets.
    #[arg(long, env = "SEALED_SECRETS_RECOVERY_UNSEAL")]
    pub recovery_unseal: bool,

    /// Private key file(s) for --recovery-unseal (repeat or separate with commas).
    #[arg(
        long,
        value_name = "FILE",
        value_delimiter = ',',
        env = "SEALED_SECRETS_RECOVERY_PRIVATE_KEY"
    )]
    pub recovery_private_key: Vec<PathBuf>,

    /// Seal a Secret that has no data.
    #[arg(long, env = "SEALED_SECRETS_ALLOW_EMPTY_DATA")]
    pub allow_empty_data: bool,

    #[command(flatten)]
    pub cluster: ClusterArgs,

    #[command(flatten)]
    pub klog: KlogArgs,
}

/// klog's flags, which kubeseal inherits: `-v` sets how much sealant itself
/// reports on standard error; the others are accepted so that kubeseal
/// command lines keep working, and change nothing.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "klog flags (kubeseal's; only -v has an effect)")]
pub struct KlogArgs {
    /// How much sealant reports on standard error: 0 errors only, 1 or more also what was read and written.
    #[arg(short = 'v', long = "v", value_name = "LEVEL")]
    pub verbosity: Option<u8>,
    /// No effect (klog).
    #[arg(long = "add_dir_header", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub add_dir_header: Option<bool>,
    /// No effect (klog).
    #[arg(long = "alsologtostderr", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub alsologtostderr: Option<bool>,
    /// No effect (klog).
    #[arg(long = "log_backtrace_at", value_name = "FILE:LINE")]
    pub log_backtrace_at: Option<String>,
    /// No effect (klog).
    #[arg(long = "log_dir", value_name = "DIR")]
    pub log_dir: Option<String>,
    /// No effect (klog).
    #[arg(long = "log_file", value_name = "FILE")]
    pub log_file: Option<String>,
    /// No effect (klog).
    #[arg(long = "log_file_max_size", value_name = "MB")]
    pub log_file_max_size: Option<u64>,
    /// No effect (klog).
    #[arg(long = "logtostderr", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub logtostderr: Option<bool>,
    /// No effect (klog).
    #[arg(long = "one_output", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub one_output: Option<bool>,
    /// No effect (klog).
    #[arg(long = "skip_headers", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub skip_headers: Option<bool>,
    /// No effect (klog).
    #[arg(long = "skip_log_headers", num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "BOOL")]
    pub skip_log_headers: Option<bool>,
    /// No effect (klog).
    #[arg(long = "stderrthreshold", value_name = "SEVERITY")]
    pub stderrthreshold: Option<String>,
    /// No effect (klog).
    #[arg(long = "vmodule", value_name = "PATTERN=N,...")]
    pub vmodule: Option<String>,
}

/// kubeseal's `--scope`: one of the three names, or empty for the default.
fn parse_kubeseal_scope(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Ok(String::new());
    }
    s.parse::<Scope>()
        .map(|_| s.to_string())
        .map_err(|_| "must be one of: strict, namespace-wide, cluster-wide".to_string())
}

/// A value parsed by `parse`, with `names` offered to `--help` and the shell
/// completions (for parsers that are functions, which clap cannot list).
#[derive(Clone)]
struct Choices<T> {
    names: &'static [&'static str],
    parse: fn(&str) -> Result<T, String>,
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let parse = self.parse;
        clap::builder::StringValueParser::new()
            .try_map(move |s: String| parse(&s))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.names
                .iter()
                .copied()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

const SCOPE_NAMES: &[&str] = &["strict", "namespace-wide", "cluster-wide"];

/// `--scope` of sealant's commands.
const SCOPE: Choices<Scope> = Choices {
    names: SCOPE_NAMES,
    parse: |s| s.parse(),
};

/// kubeseal's `--scope` (empty means the default).
const KUBESEAL_SCOPE: Choices<String> = Choices {
    names: SCOPE_NAMES,
    parse: parse_kubeseal_scope,
};

/// kubeseal's `-o`: offered as json and yaml, taken as typed (any case; an
/// unknown format is kubeseal's own error, exit 1, not the parser's).
const KUBESEAL_FORMAT: Choices<String> = Choices {
    names: &["json", "yaml"],
    parse: |s| Ok(s.to_string()),
};

fn parse_bits(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(bits) if crate::core::crypto::KEY_SIZES.contains(&bits) => Ok(bits),
        _ => Err(format!(
            "must be one of {}",
            crate::core::crypto::KEY_SIZES
                .map(|b| b.to_string())
                .join(", ")
        )),
    }
}

fn parse_fingerprint(s: &str) -> Result<Fingerprint, String> {
    Fingerprint::parse(s).ok_or_else(|| {
        "expected a SHA-256 fingerprint: 64 hex digits, as `sealant cert show` prints it".into()
    })
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
