//! The arguments of the commands that read, open or judge SealedSecrets:
//! `check`, `unseal`, `cat`, `edit`, `reseal`, `validate`, `audit`, `diff`,
//! and the private keys they take.

use super::*;

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

    /// The report's format: text for people, json (one object with every diagnostic) for scripts.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "text")]
    pub format: ReportFormat,

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

    /// The report's format: text for people, json (one object with every diagnostic) for scripts.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "text")]
    pub format: ReportFormat,

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

    /// Print the report as JSON: the older spelling of --format json, kept working.
    #[arg(long, conflicts_with = "format", hide = true)]
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
