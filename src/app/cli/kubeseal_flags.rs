//! kubeseal's own flags, taken as they are when sealant runs as a drop-in
//! `kubeseal` (and by bare `sealant`), and klog's verbosity flags.

use super::*;

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
pub(super) fn parse_kubeseal_scope(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Ok(String::new());
    }
    s.parse::<Scope>()
        .map(|_| s.to_string())
        .map_err(|_| "must be one of: strict, namespace-wide, cluster-wide".to_string())
}

/// kubeseal's `--scope` (empty means the default).
pub(super) const KUBESEAL_SCOPE: Choices<String> = Choices {
    names: SCOPE_NAMES,
    parse: parse_kubeseal_scope,
};

/// kubeseal's `-o`: offered as json and yaml, taken as typed (any case; an
/// unknown format is kubeseal's own error, exit 1, not the parser's).
const KUBESEAL_FORMAT: Choices<String> = Choices {
    names: &["json", "yaml"],
    parse: |s| Ok(s.to_string()),
};
