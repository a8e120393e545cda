//! Resolving parsed arguments into plain configurations, before any work.
//! The commands never see clap types; this is the one place where flags,
//! environment variables and kubeseal's conventions are interpreted.

use std::path::{Path, PathBuf};

use crate::cli::{self, Cli, Command, KubesealArgs, OutputFormat};
use crate::error::{Error, Result};
use crate::manifest::Format;
use crate::scope::Scope;
use crate::seal::SealParams;

/// Where the certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertSource {
    /// A path or URL (from `--cert` or `SEALED_SECRETS_CERT`).
    Location(String),
    /// No certificate was given.
    Missing,
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
}

/// `cert show` and `cert fetch`.
#[derive(Debug, Clone)]
pub struct CertConfig {
    /// Where the certificate comes from.
    pub cert: CertSource,
    /// Where to write the PEM (`fetch` only).
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
    /// Print completions.
    Completions(clap_complete::Shell),
    /// Print or write man pages.
    Man(Option<PathBuf>),
}

fn cert_source(cert: Option<String>) -> CertSource {
    match cert.filter(|c| !c.is_empty()) {
        Some(c) => CertSource::Location(c),
        None => CertSource::Missing,
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
            Plan::Seal(SealConfig {
                inputs: inputs(a.files),
                cert: cert_source(a.cert.cert),
                params: SealParams {
                    scope: a.scope,
                    namespace: a.namespace,
                    default_namespace: None,
                    name: a.name,
                    allow_empty_data: a.allow_empty_data,
                    record_cert: true,
                },
                format: format_of(a.format),
                output,
            })
        }
        Command::Raw(a) => Plan::Raw(RawConfig {
            value: match (a.from_file, a.prompt) {
                (Some(f), _) => ValueSource::File(f),
                (None, true) => ValueSource::Prompt,
                (None, false) => ValueSource::Stdin,
            },
            cert: cert_source(a.cert.cert),
            scope: a.scope,
            namespace: a.namespace,
            name: a.name,
        }),
        Command::Merge(a) => Plan::Merge(MergeConfig {
            target: a.target,
            from: a.from.filter(|f| f != Path::new("-")),
            cert: cert_source(a.cert.cert),
            scope: a.scope,
            allow_empty_data: a.allow_empty_data,
        }),
        Command::Unseal(a) => Plan::Unseal(UnsealConfig {
            inputs: inputs(a.files),
            keys: a.keys,
            format: format_of(a.format),
            output: a.write.map(Output::File).unwrap_or(Output::Stdout),
        }),
        Command::Cert(cli::CertCommand::Show(a)) => Plan::CertShow(CertConfig {
            cert: cert_source(a.source.or(a.cert.cert)),
            output: Output::Stdout,
        }),
        Command::Cert(cli::CertCommand::Fetch(a)) => Plan::CertFetch(CertConfig {
            cert: cert_source(a.cert.cert),
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
    let cert = cert_source(k.cert.clone());
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
    if k.re_encrypt || k.validate {
        let flag = if k.re_encrypt {
            "--re-encrypt"
        } else {
            "--validate"
        };
        return Err(Error::usage(
            format!("{flag} asks the controller in the cluster, and this build of sealant has no cluster access"),
            Some("use `sealant reseal --key` or `sealant validate --key` offline with the controller's private keys".to_string()),
        ));
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
            record_cert: false,
        },
        format,
        output,
    }))
}
