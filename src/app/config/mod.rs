//! Resolving parsed arguments into plain configurations, before any work.
//! The commands never see clap types; this is the one place where flags,
//! environment variables and kubeseal's conventions are interpreted.

use std::path::{Path, PathBuf};

use crate::app::cli::{self, CertArgs, Cli, ClusterArgs, Command, KubesealArgs, OutputFormat};
use crate::cluster::ClusterOptions;
use crate::core::certificate::Fingerprint;
use crate::core::manifest::Format;
use crate::core::scope::Scope;
use crate::core::sealing::SealParams;
use crate::error::{Error, Result};
use crate::repo::rules::{Rule, Rules};
use crate::repo::template::Template;

impl KeySources {
    /// Files, plus the cluster when `from_cluster` is set.
    fn with_cluster(files: Vec<PathBuf>, from_cluster: bool, cluster: &ClusterArgs) -> Self {
        KeySources {
            files,
            cluster: from_cluster.then(|| cluster_options(cluster, None)),
        }
    }
}

/// `--format json` reports the offline walk (with keys); through the
/// controller there is no such report, so asking for one is refused.
fn json_needs_keys(command: &str, format: cli::ReportFormat) -> Result<()> {
    if format == cli::ReportFormat::Json {
        return Err(Error::usage(
            format!("`{command} --format json` reports the offline check with private keys"),
            Some("add --key FILE (or --keys-from-cluster), or drop --format json".to_string()),
        ));
    }
    Ok(())
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
        context: a.context.last().cloned(),
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
        username: a.username.clone(),
        password: a.password.clone(),
        impersonate: a.impersonate.clone(),
        impersonate_groups: a.impersonate_groups.clone(),
        impersonate_uid: a.impersonate_uid.clone(),
        tls_server_name: a.tls_server_name.clone(),
        proxy_url: a.proxy_url.clone(),
        disable_compression: a.disable_compression,
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
            output: Output::Stdout,
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
            any_kind: false,
        }),
        Command::Unseal(a) => Plan::Unseal(UnsealConfig {
            inputs: inputs(a.files),
            keys: KeySources::with_cluster(a.keys, a.keys_from_cluster, &a.cluster),
            format: format_of(a.format),
            output: a.write.map(Output::File).unwrap_or(Output::Stdout),
            to_dir: a.to_dir,
            follow: a.follow,
        }),
        Command::Cat(a) => Plan::Cat(CatConfig {
            input: (a.file != Path::new("-")).then_some(a.file),
            keys: a.keys,
            output: match (&a.item, a.format) {
                (Some(_), _) => CatOutput::Item,
                (None, Some(cli::CatFormat::Env)) => CatOutput::Env,
                (None, Some(cli::CatFormat::Json)) => CatOutput::Secrets(Format::Json),
                (None, _) => CatOutput::Secrets(Format::Yaml),
            },
            item: a.item,
        }),
        Command::Edit(a) => {
            let a = *a;
            let cert_given = a.cert.cert.iter().any(|c| !c.is_empty());
            let rules = Rules::discover()?;
            let rule = rules.as_ref().and_then(|r| r.rule_for(&a.file));
            let access = cluster_options(&a.cluster, a.namespace.clone());
            let cert = one_cert(&a.cert, rules.as_ref(), rule, "edit", &access)?;
            Plan::Edit(Box::new(EditConfig {
                new: a
                    .new
                    .map(|n| (n, a.namespace, a.scope.unwrap_or(Scope::Strict))),
                pick: match (a.document, a.name) {
                    (Some(n), _) => EditPick::Document(n),
                    (None, Some(name)) => EditPick::Name(name),
                    (None, None) => EditPick::Only,
                },
                file: a.file,
                keys: a.keys,
                cert,
                cert_given,
            }))
        }
        Command::Reseal(a) if a.controller => {
            json_needs_keys("reseal", a.format)?;
            Plan::ControllerReseal(ControllerConfig {
                inputs: a.paths.into_iter().map(Some).collect(),
                cluster: cluster_options(&a.cluster, None),
                format: None,
                output: Output::InPlace,
                quiet: false,
                follow: a.follow,
            })
        }
        Command::Reseal(a) => Plan::Reseal(ResealConfig {
            paths: a.paths,
            keys: KeySources::with_cluster(a.keys, a.keys_from_cluster, &a.cluster),
            cert: a.cert.filter(|c| !c.is_empty()).map(CertSource::Location),
            dry_run: a.dry_run,
            follow: a.follow,
            json: a.format == cli::ReportFormat::Json,
        }),
        Command::Validate(a) if a.keys.is_empty() && !a.keys_from_cluster => {
            json_needs_keys("validate", a.format)?;
            Plan::ControllerValidate(ControllerConfig {
                inputs: inputs(a.paths),
                cluster: cluster_options(&a.cluster, None),
                format: None,
                output: Output::Stdout,
                quiet: false,
                follow: a.follow,
            })
        }
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
                keys: KeySources::with_cluster(a.keys, a.keys_from_cluster, &a.cluster),
                paths: a.paths,
                follow: a.follow,
                json: a.format == cli::ReportFormat::Json,
            })
        }
        Command::Audit(a) => Plan::Audit(AuditConfig {
            keys: KeySources::with_cluster(a.keys.keys, a.keys.keys_from_cluster, &a.cluster),
            paths: a.paths,
            json: a.json || a.format == Some(crate::app::cli::ReportFormat::Json),
            follow: a.follow,
            history: a.history,
            since: a.since,
            leaked: a.leaked_key,
        }),
        Command::Diff(a) => Plan::Diff(DiffConfig {
            file: a.file,
            keys: a.keys,
        }),
        Command::Keygen(a) => Plan::Keygen(KeygenConfig {
            dir: a.dir,
            bits: a.bits,
            validity: crate::core::keypair::parse_validity(&a.validity)
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
            follow: a.follow,
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
        Command::Keys(cli::KeysCommand::Backup(a)) => Plan::KeysBackup(KeysBackupConfig {
            cluster: cluster_options(&a.cluster, None),
            write: a.write,
            force: a.force,
        }),
        Command::Keys(cli::KeysCommand::List(a)) => Plan::KeysList(KeysListConfig {
            keys: if a.keys.is_empty() {
                KeySources::with_cluster(Vec::new(), true, &a.cluster)
            } else {
                KeySources::files(a.keys)
            },
        }),
        Command::Completions(a) => Plan::Completions(a.shell),
        Command::Man(a) => Plan::Man(a.dir),
    })
}

/// The path standard input stands for when rules are matched: a file named
/// `-` in the current folder.
pub fn stdin_path() -> PathBuf {
    crate::repo::rules::absolute(Path::new("-"))
}

mod certs;
mod dropin;
pub(crate) mod interactive;
mod jobs;
mod plan;

pub use certs::resolve_certs;
use certs::{flag_pins, one_cert, resolve_fetch};
pub use dropin::resolve_kubeseal;
use jobs::{resolve_create, resolve_seal};
pub use plan::*;
