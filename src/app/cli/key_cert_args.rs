//! The arguments of the key and certificate commands (`keygen`, `keys`,
//! `cert`) and of the generated docs (`completions`, `man`).

use super::*;

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
