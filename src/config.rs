//! Resolving parsed arguments into plain configurations, before any work.
//! The commands never see clap types; this is the one place where flags,
//! environment variables and kubeseal's conventions are interpreted.

use std::path::{Path, PathBuf};

use crate::cli::{self, Cli, ClusterArgs, Command, KubesealArgs, OutputFormat};
use crate::cluster::ClusterOptions;
use crate::error::{Error, Result};
use crate::manifest::Format;
use crate::scope::Scope;
use crate::seal::SealParams;

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

/// `seal`: Secrets in, SealedSecrets out.
#[derive(Debug, Clone)]
pub struct SealConfig {
    /// Input files; `None` is standard input.
    pub inputs: Vec<Option<PathBuf>>,
    /// The certificate.
    pub cert: CertSource,
    /// Name, namespace and scope rules.
    pub params: SealParams,
    /// Output format; `None` follows the input.
    pub format: Option<Format>,
    /// Where to write.
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
    pub cert: CertSource,
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
    pub cert: CertSource,
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
    /// Where the certificate comes from.
    pub cert: CertSource,
    /// Where to write the PEM (`fetch` only).
    pub output: Output,
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
        Command::Seal(a) => {
            if a.in_place && (a.files.is_empty() || a.files.iter().any(|f| f == Path::new("-"))) {
                return Err(Error::usage(
                    "--in-place needs files to rewrite",
                    Some("name the files, or drop --in-place to read standard input".to_string()),
                ));
            }
            let output = match (a.write, a.in_place) {
                (Some(w), _) => Output::File(w),
                (None, true) => Output::InPlace,
                (None, false) => Output::Stdout,
            };
            let cluster = cluster_options(&a.cluster, a.namespace.clone());
            Plan::Seal(SealConfig {
                inputs: inputs(a.files),
                cert: cert_source(a.cert.cert, &cluster),
                params: SealParams {
                    scope: a.scope,
                    namespace: a.namespace,
                    default_namespace: None,
                    name: a.name,
                    allow_empty_data: a.allow_empty_data,
                },
                format: format_of(a.format),
                output,
                cluster,
            })
        }
        Command::Raw(a) => {
            let cluster = cluster_options(&a.cluster, a.namespace.clone());
            Plan::Raw(RawConfig {
                value: match (a.from_file, a.prompt) {
                    (Some(f), _) => ValueSource::File(f),
                    (None, true) => ValueSource::Prompt,
                    (None, false) => ValueSource::Stdin,
                },
                cert: cert_source(a.cert.cert, &cluster),
                scope: a.scope,
                namespace: a.namespace,
                name: a.name,
                cluster,
            })
        }
        Command::Merge(a) => Plan::Merge(MergeConfig {
            target: a.target,
            from: a.from.filter(|f| f != Path::new("-")),
            cert: cert_source(a.cert.cert, &cluster_options(&a.cluster, None)),
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
        Command::Cert(cli::CertCommand::Show(a)) => Plan::CertShow(CertConfig {
            cert: cert_source(a.source.or(a.cert.cert), &ClusterOptions::default()),
            output: Output::Stdout,
        }),
        Command::Cert(cli::CertCommand::Fetch(a)) => Plan::CertFetch(CertConfig {
            cert: cert_source(a.cert.cert, &cluster_options(&a.cluster, None)),
            output: a.write.map(Output::File).unwrap_or(Output::Stdout),
        }),
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
    let cert = cert_source(k.cert.clone(), &cluster);
    if k.fetch_cert {
        return Ok(Plan::CertFetch(CertConfig { cert, output }));
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
        inputs: input,
        cert,
        params: SealParams {
            scope: k.scope,
            namespace: k.namespace,
            default_namespace: None,
            name: None,
            allow_empty_data: k.allow_empty_data,
        },
        format,
        output,
        cluster,
    }))
}
