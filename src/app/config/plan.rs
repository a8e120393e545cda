//! The plain configurations the commands run from: one type per command,
//! and [`Plan`], the command a command line resolved into.

use std::path::PathBuf;

use crate::cluster::ClusterOptions;
use crate::core::certificate::Fingerprint;
use crate::core::manifest::Format;
use crate::core::scope::Scope;
use crate::core::sealing::SealParams;
use crate::error::Result;
use crate::repo::rules::Rules;
use crate::repo::template::Template;

/// Where the certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertSource {
    /// A path or URL (from `--cert` or `SEALED_SECRETS_CERT`).
    Location(String),
    /// The controller, through the cluster's API server.
    Cluster(Box<ClusterOptions>),
}

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// This file, written atomically.
    File(PathBuf),
    /// Each input file, rewritten atomically.
    InPlace,
}

/// One certificate to seal with, the cluster it stands for, and the
/// fingerprints it must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealingCert {
    /// The cluster's name (`{cluster}` in output templates).
    pub cluster: String,
    /// Where the certificate comes from.
    pub source: CertSource,
    /// The fingerprints it may have; empty when it is not pinned.
    pub pins: Vec<Fingerprint>,
    /// Who pinned it, for messages: `--expect-fingerprint` or the rules file.
    pub pinned_by: String,
}

impl SealingCert {
    /// An unpinned certificate from a plain source (kubeseal's mode).
    pub fn unpinned(source: CertSource) -> Self {
        SealingCert {
            cluster: "default".into(),
            source,
            pins: Vec::new(),
            pinned_by: String::new(),
        }
    }
}

/// Where an output template writes, and what `{dir}` is relative to.
#[derive(Debug, Clone)]
pub struct OutputTemplate {
    /// The template.
    pub template: Template,
    /// Relative output paths are relative to this folder (the current one for
    /// `--output-template`, the rules file's for a rule's `output-template`).
    pub base: PathBuf,
    /// For a rule's template: the repository of the rules file, which no
    /// output path may leave.
    pub confine: Option<PathBuf>,
}

/// One input of `seal` and everything decided for it.
#[derive(Debug, Clone)]
pub struct SealJob {
    /// The input file; `None` is standard input.
    pub input: Option<PathBuf>,
    /// The certificates: one SealedSecret per certificate and Secret.
    pub certs: Vec<SealingCert>,
    /// Name, namespace and scope rules.
    pub params: SealParams,
    /// Output format; `None` follows the input.
    pub format: Option<Format>,
    /// Write one file per cluster and SealedSecret instead of to `output`.
    pub template: Option<OutputTemplate>,
    /// The rule that decided, for messages.
    pub rule: Option<String>,
}

/// `seal`: Secrets in, SealedSecrets out.
#[derive(Debug, Clone)]
pub struct SealConfig {
    /// One job per input, in order.
    pub jobs: Vec<SealJob>,
    /// Where jobs without a template write.
    pub output: Output,
    /// The cluster, for the default namespace of the kubeconfig context.
    pub cluster: ClusterOptions,
}

/// Where a raw value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSource {
    /// A file's exact bytes.
    File(PathBuf),
    /// All of standard input.
    Stdin,
    /// The terminal, without echo.
    Prompt,
}

/// `raw`: one value.
#[derive(Debug, Clone)]
pub struct RawConfig {
    /// Where the value comes from.
    pub value: ValueSource,
    /// The certificate.
    pub cert: SealingCert,
    /// The scope.
    pub scope: Scope,
    /// The namespace, for strict and namespace-wide.
    pub namespace: Option<String>,
    /// The name, for strict.
    pub name: Option<String>,
    /// The cluster, for the default namespace of the kubeconfig context.
    pub cluster: ClusterOptions,
    /// Where the base64 goes (kubeseal's `-w` takes it too).
    pub output: Output,
}

/// `merge`: update a SealedSecret file in place.
#[derive(Debug, Clone)]
pub struct MergeConfig {
    /// The SealedSecret file.
    pub target: PathBuf,
    /// The Secret; `None` is standard input.
    pub from: Option<PathBuf>,
    /// The certificate.
    pub cert: SealingCert,
    /// The scope; `None` keeps the target's.
    pub scope: Option<Scope>,
    /// Allow a Secret without data.
    pub allow_empty_data: bool,
    /// Read every document of the input as a Secret, whatever its kind
    /// (kubeseal's `--merge-into`).
    pub any_kind: bool,
}

/// `unseal`: open SealedSecrets with private keys.
#[derive(Debug, Clone)]
pub struct UnsealConfig {
    /// Input files; `None` is standard input.
    pub inputs: Vec<Option<PathBuf>>,
    /// The private keys.
    pub keys: KeySources,
    /// Output format; `None` follows the input.
    pub format: Option<Format>,
    /// Where to write (a file is created 0600).
    pub output: Output,
    /// Write one file per Secret into this folder instead (each 0600).
    pub to_dir: Option<PathBuf>,
    /// Follow symbolic links out of the folders walked (`--follow`).
    pub follow: bool,
}

/// How `cat` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatOutput {
    /// The Secrets, in this format.
    Secrets(Format),
    /// Shell-quoted `KEY=value` lines.
    Env,
    /// One item's exact bytes.
    Item,
}

/// `cat`: print the decoded Secrets of a SealedSecret file.
#[derive(Debug, Clone)]
pub struct CatConfig {
    /// The file; `None` is standard input.
    pub input: Option<PathBuf>,
    /// Private key files.
    pub keys: Vec<PathBuf>,
    /// The item to print alone.
    pub item: Option<String>,
    /// How to print.
    pub output: CatOutput,
}

/// Which SealedSecret of the file `edit` opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditPick {
    /// The only SealedSecret.
    Only,
    /// The Nth document (1-based).
    Document(usize),
    /// The SealedSecret of this name.
    Name(String),
}

/// `edit`: change a SealedSecret in an editor.
#[derive(Debug, Clone)]
pub struct EditConfig {
    /// The SealedSecret file.
    pub file: PathBuf,
    /// Private keys.
    pub keys: Vec<PathBuf>,
    /// Which SealedSecret.
    pub pick: EditPick,
    /// `--new NAME`: a new Secret, with its namespace and scope.
    pub new: Option<(String, Option<String>, Scope)>,
    /// The certificate for new values.
    pub cert: SealingCert,
    /// Whether the certificate was named (`--cert`): then the file's
    /// recorded certificate need not match it.
    pub cert_given: bool,
}

/// `reseal`: re-encrypt SealedSecrets in place for a target certificate.
#[derive(Debug, Clone)]
pub struct ResealConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// The private keys.
    pub keys: KeySources,
    /// The target certificate; `None` takes the newest of the keys'.
    pub cert: Option<CertSource>,
    /// Report without writing.
    pub dry_run: bool,
    /// Follow symbolic links out of the folders walked (`--follow`).
    pub follow: bool,
    /// The report as JSON (`--format json`).
    pub json: bool,
}

/// `validate`: check that every SealedSecret opens.
#[derive(Debug, Clone)]
pub struct ValidateConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// The private keys (offline validation).
    pub keys: KeySources,
    /// Follow symbolic links out of the folders walked (`--follow`).
    pub follow: bool,
    /// The report as JSON (`--format json`).
    pub json: bool,
}

/// `audit`: which key opens each item.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// The private keys.
    pub keys: KeySources,
    /// Machine-readable output.
    pub json: bool,
    /// Follow symbolic links out of the folders walked (`--follow`).
    pub follow: bool,
    /// Read the git history (`--history`).
    pub history: bool,
    /// Only the commits after this revision (`--since`).
    pub since: Option<String>,
    /// Leaked keys: key files or fingerprints (`--leaked-key`).
    pub leaked: Vec<String>,
}

/// `diff`: a SealedSecret file for review.
#[derive(Debug, Clone)]
pub struct DiffConfig {
    /// The file.
    pub file: PathBuf,
    /// Private key files (optional).
    pub keys: Vec<PathBuf>,
}

/// Where the private keys come from: files, and the controller's key
/// Secrets fetched from the cluster (held in memory only).
#[derive(Debug, Clone, Default)]
pub struct KeySources {
    /// Key files (PEM, tls Secrets, backup Lists).
    pub files: Vec<PathBuf>,
    /// `--keys-from-cluster`: the cluster to fetch the key Secrets from.
    pub cluster: Option<ClusterOptions>,
}

impl KeySources {
    /// Key files only.
    pub fn files(files: Vec<PathBuf>) -> Self {
        KeySources {
            files,
            cluster: None,
        }
    }

    /// Loads every key.
    pub fn load(
        &self,
        backend: crate::core::crypto::Backend,
    ) -> Result<crate::core::keyring::KeyRing> {
        crate::app::remote::load_key_ring(&self.files, self.cluster.as_ref(), backend)
    }
}

/// `keys backup`: write the controller's key Secrets to a file.
#[derive(Debug, Clone)]
pub struct KeysBackupConfig {
    /// The cluster.
    pub cluster: ClusterOptions,
    /// The backup file.
    pub write: PathBuf,
    /// Replace an existing file.
    pub force: bool,
}

/// `keys list`: describe keys.
#[derive(Debug, Clone)]
pub struct KeysListConfig {
    /// From files, or (when empty) from the cluster.
    pub keys: KeySources,
}

/// `keygen`: make a sealing key pair.
#[derive(Debug, Clone)]
pub struct KeygenConfig {
    /// The folder to write into.
    pub dir: PathBuf,
    /// RSA key size.
    pub bits: usize,
    /// Certificate validity.
    pub validity: time::Duration,
    /// The key Secret's namespace.
    pub namespace: String,
    /// The key Secret's name; `None` makes one as the controller does.
    pub name: Option<String>,
}

/// `cert show` and `cert fetch`.
#[derive(Debug, Clone)]
pub struct CertConfig {
    /// Where the certificate comes from, and its pins.
    pub cert: SealingCert,
    /// Where to write the PEM (`fetch` only); `None`: nowhere (`--pin` alone).
    pub output: Output,
    /// `fetch --pin`: where to record the fingerprint.
    pub pin: Option<PinConfig>,
}

/// Where `cert fetch --pin` records the fingerprint.
#[derive(Debug, Clone)]
pub struct PinConfig {
    /// The rules file (created when missing).
    pub rules_file: PathBuf,
    /// The cluster to pin.
    pub cluster: String,
    /// The `cert:` to write when the cluster is new.
    pub cert: Option<String>,
    /// Whether to print the PEM as well (`-w` given).
    pub write_pem: bool,
    /// The `context:` to write when the cluster is new.
    pub context: Option<String>,
}

/// Where one item of `create` comes from.
#[derive(Debug, Clone)]
pub enum ItemSource {
    /// `--from-literal KEY=VALUE`.
    Literal(String, zeroize::Zeroizing<String>),
    /// `--from-file [KEY=]PATH`: a file, or each file of a folder.
    File(Option<String>, PathBuf),
    /// `--from-env-file PATH`.
    EnvFile(PathBuf),
    /// `--prompt KEY`.
    Prompt(String),
}

/// The kind of Secret `create` builds.
#[derive(Debug, Clone)]
pub enum CreateKind {
    /// Items from sources, with an optional type.
    Generic {
        /// The items, in order.
        sources: Vec<ItemSource>,
        /// `--type`.
        secret_type: Option<String>,
    },
    /// `kubernetes.io/tls` from two files.
    Tls {
        /// The certificate (chain).
        cert: PathBuf,
        /// The private key.
        key: PathBuf,
    },
    /// `kubernetes.io/dockerconfigjson`.
    DockerRegistry {
        /// The registry.
        server: String,
        /// The user.
        username: String,
        /// The password; `None`: ask on the terminal.
        password: Option<zeroize::Zeroizing<String>>,
        /// The e-mail address.
        email: Option<String>,
    },
}

/// `create`: build a Secret in memory and seal it.
#[derive(Debug, Clone)]
pub struct CreateConfig {
    /// The Secret's name.
    pub name: String,
    /// What goes in it.
    pub kind: CreateKind,
    /// Labels, in order.
    pub labels: Vec<(String, String)>,
    /// Annotations, in order.
    pub annotations: Vec<(String, String)>,
    /// The certificates, namespace and scope (the Secret's name is `name`).
    pub job: SealJob,
    /// Output format.
    pub format: Format,
    /// Where jobs without a template write.
    pub output: Output,
}

/// `check`: find plaintext Secrets and bad SealedSecrets.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// JSON instead of text.
    pub json: bool,
    /// Report SealedSecrets without a certificate record where one is expected.
    pub require_cert_record: bool,
    /// The repository's rules, when there are any.
    pub rules: Option<Rules>,
    /// Follow symbolic links out of the folders walked (`--follow`).
    pub follow: bool,
}

/// `validate` and `reseal` through the controller.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "cluster"), expect(dead_code))] // only `cluster` commands read it
pub struct ControllerConfig {
    /// Input files; `None` is standard input.
    pub inputs: Vec<Option<PathBuf>>,
    /// The cluster and controller.
    pub cluster: ClusterOptions,
    /// Output format for re-encrypted documents written anew; `None` keeps the input's.
    pub format: Option<Format>,
    /// Where re-encrypted documents go (`validate` writes nothing).
    pub output: Output,
    /// `validate`: print nothing for SealedSecrets that validate, and report
    /// the others on standard error (kubeseal's `--validate`).
    pub quiet: bool,
    /// Follow symbolic links out of the folders walked (`--follow`).
    pub follow: bool,
}

/// What to do, fully resolved.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Seal Secrets.
    Seal(SealConfig),
    /// Seal every document as a Secret, as kubeseal does (the drop-in).
    KubesealSeal(SealConfig),
    /// Seal one value.
    Raw(RawConfig),
    /// Merge into a SealedSecret.
    Merge(MergeConfig),
    /// Open SealedSecrets.
    Unseal(UnsealConfig),
    /// Print decoded Secrets.
    Cat(CatConfig),
    /// Edit a SealedSecret.
    Edit(Box<EditConfig>),
    /// Build and seal a Secret.
    Create(Box<CreateConfig>),
    /// Check files.
    Check(CheckConfig),
    /// Describe a certificate.
    CertShow(CertConfig),
    /// Write a certificate.
    CertFetch(CertConfig),
    /// Fetch and pin the certificates of several contexts, all or nothing.
    CertFetchContexts(Vec<CertConfig>),
    /// Ask the controller whether SealedSecrets open.
    #[cfg_attr(not(feature = "cluster"), expect(dead_code))] // as ControllerConfig
    ControllerValidate(ControllerConfig),
    /// Re-encrypt SealedSecrets through the controller.
    #[cfg_attr(not(feature = "cluster"), expect(dead_code))] // as ControllerConfig
    ControllerReseal(ControllerConfig),
    /// Reseal SealedSecrets for a new certificate.
    Reseal(ResealConfig),
    /// Check that SealedSecrets open.
    Validate(ValidateConfig),
    /// Attribute SealedSecret items to keys.
    Audit(AuditConfig),
    /// Print a file for review (git textconv).
    Diff(DiffConfig),
    /// Make a sealing key pair.
    Keygen(KeygenConfig),
    /// Back up the controller's keys.
    KeysBackup(KeysBackupConfig),
    /// Describe keys.
    KeysList(KeysListConfig),
    /// Print completions.
    Completions(clap_complete::Shell),
    /// Print or write man pages.
    Man(Option<PathBuf>),
}
