//! `seal` and `create`: one job per input, with the rule that matches it.

use super::*;

pub(super) fn resolve_seal(a: cli::SealArgs) -> Result<Plan> {
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
                base: crate::repo::rules::absolute(Path::new(".")),
                confine: None,
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
                        confine: Some(rs.root.clone()),
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
                value_date: Some(crate::core::value_dates::today()?),
                strict_input: true,
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

pub(super) fn resolve_create(a: cli::CreateArgs) -> Result<Plan> {
    let (name, kind, seal_flags, common) = match a.kind {
        None => generic_kind(a.generic)?,
        Some(cli::CreateKindArgs::Generic(g)) => generic_kind(g)?,
        Some(cli::CreateKindArgs::Tls(t)) => (
            t.name,
            CreateKind::Tls {
                cert: t.cert,
                key: t.key,
            },
            Vec::new(),
            t.common,
        ),
        Some(cli::CreateKindArgs::DockerRegistry(d)) => {
            if d.docker_password.is_some() {
                crate::note!(
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
    // The API server would refuse the unsealed Secret: say so now.
    if let Some(problem) = crate::core::names::object_name_problem(&name) {
        return Err(Error::usage(
            format!("{name:?} is not a valid Secret name: {problem}"),
            Some("Kubernetes names are DNS subdomains, e.g. db-credentials or app.tls".to_string()),
        ));
    }
    if let Some(problem) = common
        .namespace
        .as_deref()
        .and_then(crate::core::names::namespace_problem)
    {
        return Err(Error::usage(
            format!(
                "{:?} is not a valid namespace: {problem}",
                common.namespace.as_deref().unwrap_or("")
            ),
            Some(crate::report::hints::NAMESPACE_LABEL.to_string()),
        ));
    }
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
            base: crate::repo::rules::absolute(Path::new(".")),
            confine: None,
        }),
        (None, Some(rs), Some(r)) if write.is_none() && !stdout_forced => r
            .output_template
            .as_deref()
            .map(|t| {
                Template::parse(t).map(|template| OutputTemplate {
                    template,
                    base: rs.dir.clone(),
                    confine: Some(rs.root.clone()),
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
                value_date: Some(crate::core::value_dates::today()?),
                strict_input: false,
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

fn generic_kind(mut g: cli::GenericArgs) -> Result<CreateParts> {
    let asked = if g.interactive {
        Some(super::interactive::ask(&mut g)?)
    } else {
        None
    };
    let name = g.name.ok_or_else(|| {
        Error::usage(
            "create needs the Secret's NAME",
            Some("sealant create NAME --from-literal KEY=VALUE ...".to_string()),
        )
    })?;
    let mut sources = Vec::new();
    if !g.from_literal.is_empty() {
        crate::note!(
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
    sources.extend(
        asked
            .into_iter()
            .flatten()
            .map(|(k, v)| ItemSource::Literal(k, v)),
    );
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
