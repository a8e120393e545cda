//! Resolving parsed arguments into plain configurations, before any work.
//! The commands never see clap types; this is the one place where flags,
//! environment variables and kubeseal's conventions are interpreted.

use std::path::{Path, PathBuf};

use crate::cert::Fingerprint;
use crate::cli::{self, CertArgs, Cli, ClusterArgs, Command, KubesealArgs, OutputFormat};
use crate::cluster::ClusterOptions;
use crate::error::{Error, Result};
use crate::manifest::Format;
use crate::rules::{Rule, Rules};
use crate::scope::Scope;
use crate::seal::SealParams;
use crate::template::Template;

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
}

/// `unseal`: open SealedSecrets with private keys.
#[derive(Debug, Clone)]
pub struct UnsealConfig {
    /// Input files; `None` is standard input.
    pub inputs: Vec<Option<PathBuf>>,
    /// Private key files.
    pub keys: Vec<PathBuf>,
    /// Output format; `None` follows the input.
    pub format: Option<Format>,
    /// Where to write (a file is created 0600).
    pub output: Output,
    /// Write one file per Secret into this folder instead (each 0600).
    pub to_dir: Option<PathBuf>,
}

/// `reseal`: re-encrypt SealedSecrets in place for a target certificate.
#[derive(Debug, Clone)]
pub struct ResealConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// Private key files.
    pub keys: Vec<PathBuf>,
    /// The target certificate; `None` takes the newest of the keys'.
    pub cert: Option<CertSource>,
    /// Report without writing.
    pub dry_run: bool,
}

/// `validate`: check that every SealedSecret opens.
#[derive(Debug, Clone)]
pub struct ValidateConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// Private key files (offline validation).
    pub keys: Vec<PathBuf>,
}

/// `audit`: which key opens each item.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// Private key files.
    pub keys: Vec<PathBuf>,
    /// Machine-readable output.
    pub json: bool,
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
}

/// `validate` and `reseal` through the controller.
#[derive(Debug, Clone)]
pub struct ControllerConfig {
    /// Input files; `None` is standard input.
    pub inputs: Vec<Option<PathBuf>>,
    /// The cluster and controller.
    pub cluster: ClusterOptions,
    /// Output format for re-encrypted documents written anew; `None` keeps the input's.
    pub format: Option<Format>,
    /// Where re-encrypted documents go (`validate` writes nothing).
    pub output: Output,
}

/// What to do, fully resolved.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Seal Secrets.
    Seal(SealConfig),
    /// Seal one value.
    Raw(RawConfig),
    /// Merge into a SealedSecret.
    Merge(MergeConfig),
    /// Open SealedSecrets.
    Unseal(UnsealConfig),
    /// Build and seal a Secret.
    Create(Box<CreateConfig>),
    /// Check files.
    Check(CheckConfig),
    /// Describe a certificate.
    CertShow(CertConfig),
    /// Write a certificate.
    CertFetch(CertConfig),
    /// Ask the controller whether SealedSecrets open.
    ControllerValidate(ControllerConfig),
    /// Re-encrypt SealedSecrets through the controller.
    ControllerReseal(ControllerConfig),
    /// Reseal SealedSecrets for a new certificate.
    Reseal(ResealConfig),
    /// Check that SealedSecrets open.
    Validate(ValidateConfig),
    /// Attribute SealedSecret items to keys.
    Audit(AuditConfig),
    /// Make a sealing key pair.
    Keygen(KeygenConfig),
    /// Print completions.
    Completions(clap_complete::Shell),
    /// Print or write man pages.
    Man(Option<PathBuf>),
}

fn cert_source(cert: Option<String>, cluster: &ClusterOptions) -> CertSource {
    match cert.filter(|c| !c.is_empty()) {
        Some(c) => CertSource::Location(c),
        None => CertSource::Cluster(Box::new(cluster.clone())),
    }
}

/// The cluster options from kubectl's flags; `namespace` is kubectl's `-n`.
pub fn cluster_options(a: &ClusterArgs, namespace: Option<String>) -> ClusterOptions {
    ClusterOptions {
        kubeconfig: a.kubeconfig.clone(),
        context: a.context.clone(),
        cluster: a.cluster_name.clone(),
        user: a.user.clone(),
        namespace,
        server: a.server.clone(),
        token: a.token.clone(),
        certificate_authority: a.certificate_authority.clone(),
        client_certificate: a.client_certificate.clone(),
        client_key: a.client_key.clone(),
        insecure_skip_tls_verify: a.insecure_skip_tls_verify,
        request_timeout: a.request_timeout,
        controller_name: a.controller_name.clone(),
        controller_namespace: a.controller_namespace.clone(),
    }
}

fn format_of(f: Option<OutputFormat>) -> Option<Format> {
    f.map(|f| match f {
        OutputFormat::Yaml => Format::Yaml,
        OutputFormat::Json => Format::Json,
    })
}

fn inputs(files: Vec<PathBuf>) -> Vec<Option<PathBuf>> {
    if files.is_empty() {
        return vec![None];
    }
    files
        .into_iter()
        .map(|f| if f == Path::new("-") { None } else { Some(f) })
        .collect()
}

/// Resolves sealant's own command line.
pub fn resolve(cli: Cli) -> Result<Plan> {
    let Some(command) = cli.command else {
        return resolve_kubeseal(cli.kubeseal);
    };
    Ok(match command {
        Command::Seal(a) => resolve_seal(a)?,
        Command::Raw(a) => Plan::Raw(RawConfig {
            cert: {
                let rules = Rules::discover()?;
                let rule = rules.as_ref().and_then(|r| r.rule_for(&stdin_path()));
                one_cert(
                    &a.cert,
                    rules.as_ref(),
                    rule,
                    "raw",
                    &cluster_options(&a.cluster, a.namespace.clone()),
                )?
            },
            cluster: cluster_options(&a.cluster, a.namespace.clone()),
            value: match (a.from_file, a.prompt) {
                (Some(f), _) => ValueSource::File(f),
                (None, true) => ValueSource::Prompt,
                (None, false) => ValueSource::Stdin,
            },
            scope: a.scope,
            namespace: a.namespace,
            name: a.name,
        }),
        Command::Merge(a) => Plan::Merge(MergeConfig {
            cert: {
                let rules = Rules::discover()?;
                let rule = rules.as_ref().and_then(|r| r.rule_for(&a.target));
                one_cert(
                    &a.cert,
                    rules.as_ref(),
                    rule,
                    "merge",
                    &cluster_options(&a.cluster, None),
                )?
            },
            target: a.target,
            from: a.from.filter(|f| f != Path::new("-")),
            scope: a.scope,
            allow_empty_data: a.allow_empty_data,
        }),
        Command::Unseal(a) => Plan::Unseal(UnsealConfig {
            inputs: inputs(a.files),
            keys: a.keys,
            format: format_of(a.format),
            output: a.write.map(Output::File).unwrap_or(Output::Stdout),
            to_dir: a.to_dir,
        }),
        Command::Reseal(a) if a.controller => Plan::ControllerReseal(ControllerConfig {
            inputs: a.paths.into_iter().map(Some).collect(),
            cluster: cluster_options(&a.cluster, None),
            format: None,
            output: Output::InPlace,
        }),
        Command::Reseal(a) => Plan::Reseal(ResealConfig {
            paths: a.paths,
            keys: a.keys,
            cert: a.cert.filter(|c| !c.is_empty()).map(CertSource::Location),
            dry_run: a.dry_run,
        }),
        Command::Validate(a) if a.keys.is_empty() => Plan::ControllerValidate(ControllerConfig {
            inputs: inputs(a.paths),
            cluster: cluster_options(&a.cluster, None),
            format: None,
            output: Output::Stdout,
        }),
        Command::Validate(a) => {
            if a.paths.is_empty() {
                return Err(Error::usage(
                    "offline validate needs files or folders to check",
                    Some(
                        "name them, e.g. `sealant validate --key backup.yaml deploy/`".to_string(),
                    ),
                ));
            }
            Plan::Validate(ValidateConfig {
                paths: a.paths,
                keys: a.keys,
            })
        }
        Command::Audit(a) => Plan::Audit(AuditConfig {
            paths: a.paths,
            keys: a.keys.keys,
            json: a.json,
        }),
        Command::Keygen(a) => Plan::Keygen(KeygenConfig {
            dir: a.dir,
            bits: a.bits,
            validity: crate::keygen::parse_validity(&a.validity)
                .map_err(|e| Error::usage(format!("--validity: {e}"), None))?,
            namespace: a.namespace,
            name: a.name,
        }),
        Command::Create(a) => resolve_create(*a)?,
        Command::Check(a) => Plan::Check(CheckConfig {
            paths: if a.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                a.paths
            },
            json: a.format == cli::CheckFormat::Json,
            require_cert_record: a.require_cert_record,
            // A check that cannot read its rules is a usage problem (exit 2).
            rules: Rules::discover().map_err(|e| Error::usage(e.to_string(), e.hint()))?,
        }),
        Command::Cert(cli::CertCommand::Show(a)) => Plan::CertShow(CertConfig {
            cert: match a.source {
                Some(source) => flag_pins(
                    SealingCert::unpinned(cert_source(Some(source), &ClusterOptions::default())),
                    &a.cert.expect_fingerprint,
                ),
                None => one_cert(&a.cert, None, None, "cert show", &ClusterOptions::default())?,
            },
            output: Output::Stdout,
            pin: None,
        }),
        Command::Cert(cli::CertCommand::Fetch(a)) => resolve_fetch(*a)?,
        Command::Completions(a) => Plan::Completions(a.shell),
        Command::Man(a) => Plan::Man(a.dir),
    })
}

/// Resolves kubeseal's flags into the same plans, with kubeseal's defaults
/// (JSON output; a `.yaml`/`.yml` output file selects YAML).
pub fn resolve_kubeseal(k: KubesealArgs) -> Result<Plan> {
    let modes: Vec<&str> = [
        (k.fetch_cert, "--fetch-cert"),
        (k.raw, "--raw"),
        (k.merge_into.is_some(), "--merge-into"),
        (k.re_encrypt, "--re-encrypt"),
        (k.validate, "--validate"),
        (k.recovery_unseal, "--recovery-unseal"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    if modes.len() > 1 {
        return Err(Error::usage(
            format!("{} cannot be used together", modes.join(" and ")),
            Some("choose one mode per run".to_string()),
        ));
    }
    let out_file = k.sealed_secret_file.clone();
    let format = format_of(k.format).or_else(|| {
        out_file
            .as_ref()
            .and_then(|p| match p.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => Some(Format::Yaml),
                _ => None,
            })
    });
    let format = Some(format.unwrap_or(Format::Json));
    let input = vec![k.secret_file.clone().filter(|f| f != Path::new("-"))];
    let output = out_file.map(Output::File).unwrap_or(Output::Stdout);
    let cluster = cluster_options(&k.cluster, k.namespace.clone());
    let cert = SealingCert::unpinned(cert_source(k.cert.clone(), &cluster));
    if k.fetch_cert {
        return Ok(Plan::CertFetch(CertConfig {
            cert,
            output,
            pin: None,
        }));
    }
    if k.recovery_unseal {
        if k.recovery_private_key.is_empty() {
            return Err(Error::usage(
                "--recovery-unseal needs --recovery-private-key",
                Some(
                    "pass the controller's private key file(s), e.g. a backup of the sealing keys"
                        .to_string(),
                ),
            ));
        }
        return Ok(Plan::Unseal(UnsealConfig {
            inputs: input,
            keys: k.recovery_private_key,
            format,
            output,
            to_dir: None,
        }));
    }
    if k.raw {
        return Ok(Plan::Raw(RawConfig {
            value: match k.from_file {
                Some(f) => ValueSource::File(f),
                None => ValueSource::Stdin,
            },
            cert,
            scope: k.scope.unwrap_or_default(),
            namespace: k.namespace,
            name: k.name,
            cluster,
        }));
    }
    if let Some(target) = k.merge_into {
        return Ok(Plan::Merge(MergeConfig {
            target,
            from: input.into_iter().next().flatten(),
            cert,
            scope: k.scope,
            allow_empty_data: k.allow_empty_data,
        }));
    }
    if k.validate {
        return Ok(Plan::ControllerValidate(ControllerConfig {
            inputs: input,
            cluster,
            format,
            output,
        }));
    }
    if k.re_encrypt {
        // kubeseal rewrites the input file when -f is given without -w.
        let output = match (&output, &input[0]) {
            (Output::Stdout, Some(_)) if k.sealed_secret_file.is_none() => Output::InPlace,
            _ => output,
        };
        return Ok(Plan::ControllerReseal(ControllerConfig {
            inputs: input,
            cluster,
            format,
            output,
        }));
    }
    Ok(Plan::Seal(SealConfig {
        jobs: vec![SealJob {
            input: input.into_iter().next().flatten(),
            certs: vec![cert],
            params: SealParams {
                scope: k.scope,
                namespace: k.namespace,
                default_namespace: None,
                name: None,
                allow_empty_data: k.allow_empty_data,
                record_cert: false,
            },
            format,
            template: None,
            rule: None,
        }],
        output,
        cluster,
    }))
}

/// The path standard input stands for when rules are matched: a file named
/// `-` in the current folder.
pub fn stdin_path() -> PathBuf {
    crate::rules::absolute(Path::new("-"))
}

fn flag_pins(mut cert: SealingCert, pins: &[Fingerprint]) -> SealingCert {
    if !pins.is_empty() {
        cert.pins = pins.to_vec();
        cert.pinned_by = "--expect-fingerprint".into();
    }
    cert
}

/// Splits `--cert NAME=LOCATION`. A value that names an existing file, or
/// whose part before `=` is not a simple name, is a plain location.
fn split_named_cert(value: &str) -> (Option<String>, String) {
    if let Some((name, rest)) = value.split_once('=')
        && crate::rules::valid_name(name)
        && !rest.is_empty()
        && !Path::new(value).exists()
    {
        return (Some(name.to_string()), rest.to_string());
    }
    (None, value.to_string())
}

/// Names for unnamed `--cert` values: the file's stem, or its folder's name
/// when stems collide (`keys/old/tls.crt` is `old`), or the URL's host.
fn cert_names(values: &[(Option<String>, String)]) -> Result<Vec<String>> {
    let stem = |loc: &str| -> String {
        if let Some(rest) = loc.split_once("://").map(|(_, r)| r)
            && !loc.starts_with("file://")
        {
            return rest
                .split(['/', ':'])
                .next()
                .unwrap_or("cluster")
                .to_string();
        }
        let p = Path::new(loc.strip_prefix("file://").unwrap_or(loc));
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "cluster".into())
    };
    let parent = |loc: &str| -> Option<String> {
        let p = Path::new(loc.strip_prefix("file://").unwrap_or(loc));
        let abs = crate::rules::absolute(p);
        abs.parent()?
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
    };
    let mut names: Vec<String> = values
        .iter()
        .map(|(n, loc)| n.clone().unwrap_or_else(|| stem(loc)))
        .collect();
    let dup = |names: &[String]| {
        names
            .iter()
            .enumerate()
            .any(|(i, n)| names[..i].contains(n))
    };
    if dup(&names) {
        for (i, (n, loc)) in values.iter().enumerate() {
            if n.is_none()
                && let Some(p) = parent(loc)
            {
                names[i] = p;
            }
        }
    }
    if dup(&names) {
        return Err(Error::usage(
            "several --cert values get the same cluster name",
            Some("name them: --cert prod=prod.pem --cert staging=staging.pem".to_string()),
        ));
    }
    Ok(names)
}

/// The certificates to seal with: `--cert` values when given (pinned by
/// `--expect-fingerprint`, else by the matching rule's fingerprints: a rule's
/// pins are never dropped silently), else the matching rule's clusters.
pub fn resolve_certs(
    flags: &CertArgs,
    rules: Option<&Rules>,
    rule: Option<&Rule>,
    cluster_access: &ClusterOptions,
) -> Result<Vec<SealingCert>> {
    let given: Vec<String> = flags
        .cert
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect();
    if !given.is_empty() {
        let split: Vec<(Option<String>, String)> =
            given.iter().map(|v| split_named_cert(v)).collect();
        let names = cert_names(&split)?;
        let rule_clusters: Vec<&crate::rules::Cluster> = match (rules, rule) {
            (Some(rs), Some(r)) => rs.clusters_of(r).collect(),
            _ => Vec::new(),
        };
        let mut out = Vec::new();
        for ((_, location), name) in split.into_iter().zip(names) {
            let mut cert = SealingCert {
                cluster: name.clone(),
                source: CertSource::Location(location),
                pins: Vec::new(),
                pinned_by: String::new(),
            };
            if let (Some(rs), Some(r)) = (rules, rule) {
                // A cluster of the rule with this name pins it; otherwise any
                // fingerprint the rule's clusters pin is accepted.
                let own: Vec<&crate::rules::Cluster> =
                    match rule_clusters.iter().find(|c| c.name == name) {
                        Some(c) => vec![*c],
                        None => rule_clusters.clone(),
                    };
                let pins: Vec<Fingerprint> = own
                    .iter()
                    .flat_map(|c| c.fingerprints.iter().copied())
                    .collect();
                if !pins.is_empty() {
                    cert.pins = pins;
                    cert.pinned_by = format!(
                        "{} (clusters {})",
                        r.describe(rs),
                        own.iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
            }
            out.push(flag_pins(cert, &flags.expect_fingerprint));
        }
        return Ok(out);
    }
    let (Some(rs), Some(r)) = (rules, rule) else {
        return Ok(vec![flag_pins(
            SealingCert::unpinned(CertSource::Cluster(Box::new(cluster_access.clone()))),
            &flags.expect_fingerprint,
        )]);
    };
    let mut out = Vec::new();
    for cluster in rs.clusters_of(r) {
        // A cluster without `cert:` is reached through the cluster API: its
        // kube context, or the current one (pinned by its fingerprints).
        let source = match (&cluster.cert, &cluster.context) {
            (Some(location), _) => CertSource::Location(location.clone()),
            (None, context) => CertSource::Cluster(Box::new(ClusterOptions {
                context: context.clone().or_else(|| cluster_access.context.clone()),
                ..cluster_access.clone()
            })),
        };
        let cert = SealingCert {
            cluster: cluster.name.clone(),
            source,
            pinned_by: if cluster.fingerprints.is_empty() {
                String::new()
            } else {
                format!("{} (cluster {})", rs.path.display(), cluster.name)
            },
            pins: cluster.fingerprints.clone(),
        };
        out.push(flag_pins(cert, &flags.expect_fingerprint));
    }
    Ok(out)
}

/// Exactly one certificate, for commands that seal for one cluster.
fn one_cert(
    flags: &CertArgs,
    rules: Option<&Rules>,
    rule: Option<&Rule>,
    command: &str,
    cluster_access: &ClusterOptions,
) -> Result<SealingCert> {
    let mut certs = resolve_certs(flags, rules, rule, cluster_access)?;
    if certs.len() > 1 {
        let names: Vec<&str> = certs.iter().map(|c| c.cluster.as_str()).collect();
        return Err(Error::usage(
            format!(
                "`sealant {command}` works with one certificate, and this run has {} ({})",
                certs.len(),
                names.join(", ")
            ),
            Some("pass one --cert".to_string()),
        ));
    }
    Ok(certs.remove(0))
}

fn resolve_seal(a: cli::SealArgs) -> Result<Plan> {
    if a.in_place && (a.files.is_empty() || a.files.iter().any(|f| f == Path::new("-"))) {
        return Err(Error::usage(
            "--in-place needs files to rewrite",
            Some("name the files, or drop --in-place to read standard input".to_string()),
        ));
    }
    let write = a.write.clone().filter(|w| w != Path::new("-"));
    let stdout_forced = a.write.as_deref() == Some(Path::new("-"));
    let output = match (&write, a.in_place) {
        (Some(w), _) => Output::File(w.clone()),
        (None, true) => Output::InPlace,
        (None, false) => Output::Stdout,
    };
    let flag_template = a
        .output_template
        .as_deref()
        .map(|t| {
            Template::parse(t).map(|template| OutputTemplate {
                template,
                base: crate::rules::absolute(Path::new(".")),
            })
        })
        .transpose()
        .map_err(|m| Error::usage(m, None))?;
    let rules = Rules::discover()?;
    let cluster = cluster_options(&a.cluster, a.namespace.clone());
    let mut jobs = Vec::new();
    for input in inputs(a.files.clone()) {
        let match_path = match (&write, &input) {
            (Some(w), _) => w.clone(),
            (None, Some(f)) => f.clone(),
            (None, None) => stdin_path(),
        };
        let rule = rules.as_ref().and_then(|r| r.rule_for(&match_path));
        let certs = resolve_certs(&a.cert, rules.as_ref(), rule, &cluster)?;
        let rule_template = match (rules.as_ref(), rule) {
            (Some(rs), Some(r)) if write.is_none() && !a.in_place && !stdout_forced => r
                .output_template
                .as_deref()
                .map(|t| {
                    Template::parse(t).map(|template| OutputTemplate {
                        template,
                        base: rs.dir.clone(),
                    })
                })
                .transpose()
                .map_err(|m| Error::usage(m, None))?,
            _ => None,
        };
        jobs.push(SealJob {
            input,
            certs,
            params: SealParams {
                scope: a.scope.or(rule.and_then(|r| r.scope)),
                namespace: a.namespace.clone(),
                default_namespace: None,
                name: a.name.clone(),
                allow_empty_data: a.allow_empty_data,
                record_cert: true,
            },
            format: format_of(a.format).or(rule.and_then(|r| r.format)),
            template: flag_template.clone().or(rule_template),
            rule: match (rules.as_ref(), rule) {
                (Some(rs), Some(r)) => Some(r.describe(rs)),
                _ => None,
            },
        });
    }
    Ok(Plan::Seal(SealConfig {
        jobs,
        output,
        cluster,
    }))
}

fn key_value(flag: &str, value: &str) -> Result<(String, String)> {
    match value.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(Error::usage(
            format!(
                "{flag} takes KEY=VALUE, and got {:?}",
                value.split('=').next().unwrap_or("")
            ),
            None,
        )),
    }
}

fn resolve_create(a: cli::CreateArgs) -> Result<Plan> {
    let (name, kind, seal_flags, common) = match a.kind {
        None => generic_kind(a.generic)?,
        Some(cli::CreateKind::Generic(g)) => generic_kind(g)?,
        Some(cli::CreateKind::Tls(t)) => (
            t.name,
            CreateKind::Tls {
                cert: t.cert,
                key: t.key,
            },
            Vec::new(),
            t.common,
        ),
        Some(cli::CreateKind::DockerRegistry(d)) => {
            if d.docker_password.is_some() {
                eprintln!(
                    "warning: --docker-password is visible to other users of this machine (process list); --prompt asks for it without echo"
                );
            }
            (
                d.name,
                CreateKind::DockerRegistry {
                    server: d.docker_server,
                    username: d.docker_username,
                    password: d.docker_password.map(zeroize::Zeroizing::new),
                    email: d.docker_email.filter(|e| !e.is_empty()),
                },
                d.cert,
                d.common,
            )
        }
    };
    let labels = common
        .label
        .iter()
        .map(|l| key_value("--label", l))
        .collect::<Result<Vec<_>>>()?;
    let annotations = common
        .annotation
        .iter()
        .map(|l| key_value("--annotation", l))
        .collect::<Result<Vec<_>>>()?;
    let write = common.write.clone().filter(|w| w != Path::new("-"));
    let stdout_forced = common.write.as_deref() == Some(Path::new("-"));
    let rules = Rules::discover()?;
    let match_path = write.clone().unwrap_or_else(stdin_path);
    let rule = rules.as_ref().and_then(|r| r.rule_for(&match_path));
    let cert_args = CertArgs {
        cert: seal_flags
            .into_iter()
            .chain(common.sealing_cert.iter().cloned())
            .collect(),
        expect_fingerprint: common.expect_fingerprint.clone(),
    };
    let cluster = cluster_options(&common.cluster, common.namespace.clone());
    let certs = resolve_certs(&cert_args, rules.as_ref(), rule, &cluster)?;
    let template = match (&common.output_template, rules.as_ref(), rule) {
        (Some(t), _, _) => Some(OutputTemplate {
            template: Template::parse(t).map_err(|m| Error::usage(m, None))?,
            base: crate::rules::absolute(Path::new(".")),
        }),
        (None, Some(rs), Some(r)) if write.is_none() && !stdout_forced => r
            .output_template
            .as_deref()
            .map(|t| {
                Template::parse(t).map(|template| OutputTemplate {
                    template,
                    base: rs.dir.clone(),
                })
            })
            .transpose()
            .map_err(|m| Error::usage(m, None))?,
        _ => None,
    };
    let format = format_of(common.format)
        .or(rule.and_then(|r| r.format))
        .unwrap_or(Format::Yaml);
    Ok(Plan::Create(Box::new(CreateConfig {
        name,
        kind,
        labels,
        annotations,
        job: SealJob {
            input: None,
            certs,
            params: SealParams {
                scope: common.scope.or(rule.and_then(|r| r.scope)),
                namespace: common.namespace.clone(),
                default_namespace: None,
                name: None,
                allow_empty_data: false,
                record_cert: true,
            },
            format: Some(format),
            template,
            rule: match (rules.as_ref(), rule) {
                (Some(rs), Some(r)) => Some(r.describe(rs)),
                _ => None,
            },
        },
        format,
        output: write.map(Output::File).unwrap_or(Output::Stdout),
    })))
}

type CreateParts = (String, CreateKind, Vec<String>, cli::CreateCommon);

fn generic_kind(g: cli::GenericArgs) -> Result<CreateParts> {
    let name = g.name.ok_or_else(|| {
        Error::usage(
            "create needs the Secret's NAME",
            Some("sealant create NAME --from-literal KEY=VALUE ...".to_string()),
        )
    })?;
    let mut sources = Vec::new();
    if !g.from_literal.is_empty() {
        eprintln!(
            "warning: --from-literal values are visible to other users of this machine (process list, /proc) and may stay in your shell history; --prompt KEY or --from-file are safer"
        );
    }
    for l in &g.from_literal {
        let (k, v) = key_value("--from-literal", l)?;
        sources.push(ItemSource::Literal(k, zeroize::Zeroizing::new(v)));
    }
    for f in &g.from_file {
        let (key, path) = match f.split_once('=') {
            Some((k, p)) if !k.is_empty() && !p.is_empty() && !Path::new(f).exists() => {
                (Some(k.to_string()), PathBuf::from(p))
            }
            _ => (None, PathBuf::from(f)),
        };
        sources.push(ItemSource::File(key, path));
    }
    sources.extend(g.from_env_file.into_iter().map(ItemSource::EnvFile));
    sources.extend(g.prompt.into_iter().map(ItemSource::Prompt));
    Ok((
        name,
        CreateKind::Generic {
            sources,
            secret_type: g.secret_type,
        },
        g.cert,
        g.common,
    ))
}

fn resolve_fetch(a: cli::CertFetchArgs) -> Result<Plan> {
    let output = a.write.clone().map(Output::File).unwrap_or(Output::Stdout);
    let access = cluster_options(&a.cluster, None);
    if !a.pin && a.rules_cluster.is_none() {
        return Ok(Plan::CertFetch(CertConfig {
            cert: one_cert(&a.cert, None, None, "cert fetch", &access)?,
            output,
            pin: None,
        }));
    }
    let rules = Rules::discover()?;
    let cluster = match (&a.rules_cluster, &rules) {
        (Some(name), _) => name.clone(),
        (None, Some(r)) if r.clusters.len() == 1 => r.clusters[0].name.clone(),
        (None, Some(r)) if !r.clusters.is_empty() => {
            let names: Vec<&str> = r.clusters.iter().map(|c| c.name.as_str()).collect();
            return Err(Error::usage(
                format!("{} has several clusters; which one?", r.path.display()),
                Some(format!(
                    "pass --rules-cluster with one of: {}",
                    names.join(", ")
                )),
            ));
        }
        (None, _) => "default".to_string(),
    };
    if !crate::rules::valid_name(&cluster) {
        return Err(Error::usage(
            format!("--rules-cluster {cluster:?} is not a simple name"),
            None,
        ));
    }
    let known = rules.as_ref().and_then(|r| r.cluster(&cluster));
    if a.rules_cluster.is_some() && known.is_none() && !a.pin {
        return Err(Error::usage(
            format!("no cluster '{cluster}' in the rules"),
            Some("define it in .sealant.yaml, or add --pin to add it".to_string()),
        ));
    }
    let given: Vec<String> = a
        .cert
        .cert
        .iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect();
    // A file or URL when one is known; else the cluster API (the rule
    // cluster's kube context, or the current one).
    let location: Option<String> = match (given.as_slice(), known) {
        ([one], _) => Some(one.clone()),
        ([], Some(c)) => c.cert.clone(),
        ([], None) => None,
        _ => {
            return Err(Error::usage("`sealant cert fetch` takes one --cert", None));
        }
    };
    let source = match &location {
        Some(loc) => CertSource::Location(loc.clone()),
        None => CertSource::Cluster(Box::new(ClusterOptions {
            context: known
                .and_then(|c| c.context.clone())
                .or_else(|| access.context.clone()),
            ..access.clone()
        })),
    };
    let cert = flag_pins(
        SealingCert {
            cluster: cluster.clone(),
            source,
            pins: Vec::new(),
            pinned_by: String::new(),
        },
        &a.cert.expect_fingerprint,
    );
    let pin = if a.pin {
        let rules_file = match &rules {
            Some(r) => r.path.clone(),
            None => crate::rules::absolute(Path::new(crate::rules::RULES_FILE_NAME)),
        };
        let dir = rules_file
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        // A local file is written relative to the rules file's folder.
        let cert_entry = location.as_ref().map(|location| {
            if location.contains("://") {
                location.clone()
            } else {
                let abs = crate::rules::absolute(Path::new(location));
                abs.strip_prefix(&dir)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| abs.display().to_string())
            }
        });
        Some(PinConfig {
            rules_file,
            cluster,
            cert: cert_entry,
            write_pem: a.write.is_some(),
        })
    } else {
        None
    };
    Ok(Plan::CertFetch(CertConfig { cert, output, pin }))
}
