//! Which certificates a run seals with: `--cert` values, the matching
//! rule's clusters, the cluster API; and the fingerprints they must have.

use super::*;

pub(super) fn flag_pins(mut cert: SealingCert, pins: &[Fingerprint]) -> SealingCert {
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
        && crate::repo::rules::valid_name(name)
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
        let abs = crate::repo::rules::absolute(p);
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
        let rule_clusters: Vec<&crate::repo::rules::Cluster> = match (rules, rule) {
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
                let own: Vec<&crate::repo::rules::Cluster> =
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
pub(super) fn one_cert(
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

pub(super) fn resolve_fetch(a: cli::CertFetchArgs) -> Result<Plan> {
    let output = a.write.clone().map(Output::File).unwrap_or(Output::Stdout);
    let access = cluster_options(&a.cluster, None);
    if a.all_contexts || (a.pin && a.cluster.context.len() > 1) {
        return resolve_fetch_contexts(&a, &access);
    }
    if a.cluster.context.len() > 1 {
        return Err(Error::usage(
            "several --context flags fetch one certificate each: add --pin to pin them all",
            Some("or give one --context".to_string()),
        ));
    }
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
    if !crate::repo::rules::valid_name(&cluster) {
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
            None => crate::repo::rules::absolute(Path::new(crate::repo::rules::RULES_FILE_NAME)),
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
                let abs = crate::repo::rules::absolute(Path::new(location));
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
            context: None,
        })
    } else {
        None
    };
    Ok(Plan::CertFetch(CertConfig { cert, output, pin }))
}

/// `cert fetch --pin --all-contexts` (or `--context` repeated): one cluster
/// per context, named after it (or the cluster of the rules that already
/// names the context), each fetched through its context.
fn resolve_fetch_contexts(a: &cli::CertFetchArgs, access: &ClusterOptions) -> Result<Plan> {
    if a.cert.cert.iter().any(|c| !c.is_empty()) || a.rules_cluster.is_some() || a.write.is_some() {
        return Err(Error::usage(
            "pinning several contexts takes no --cert, --rules-cluster or -w",
            Some("each context's certificate comes from its cluster".to_string()),
        ));
    }
    let contexts: Vec<String> = if a.all_contexts {
        crate::app::remote::context_names(access)?
    } else {
        let mut seen = Vec::new();
        for c in &a.cluster.context {
            if !seen.contains(c) {
                seen.push(c.clone());
            }
        }
        seen
    };
    if contexts.is_empty() {
        return Err(Error::usage(
            "the kubeconfig has no contexts to fetch from",
            Some("check --kubeconfig or KUBECONFIG".to_string()),
        ));
    }
    let rules = Rules::discover()?;
    let rules_file = match &rules {
        Some(r) => r.path.clone(),
        None => crate::repo::rules::absolute(Path::new(crate::repo::rules::RULES_FILE_NAME)),
    };
    let mut plans = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for context in contexts {
        let existing = rules.as_ref().and_then(|r| {
            r.clusters
                .iter()
                .find(|c| c.context.as_deref() == Some(context.as_str()))
                .map(|c| c.name.clone())
        });
        let cluster = existing.unwrap_or_else(|| cluster_name_for(&context));
        if names.contains(&cluster) {
            return Err(Error::usage(
                format!("contexts {context:?} and another one both map to cluster '{cluster}'"),
                Some("name the clusters in .sealant.yaml (a cluster with `context:`) or pin the contexts one at a time with --rules-cluster".to_string()),
            ));
        }
        names.push(cluster.clone());
        plans.push(CertConfig {
            cert: flag_pins(
                SealingCert {
                    cluster: cluster.clone(),
                    source: CertSource::Cluster(Box::new(ClusterOptions {
                        context: Some(context.clone()),
                        ..access.clone()
                    })),
                    pins: Vec::new(),
                    pinned_by: String::new(),
                },
                &a.cert.expect_fingerprint,
            ),
            output: Output::Stdout,
            pin: Some(PinConfig {
                rules_file: rules_file.clone(),
                cluster,
                cert: None,
                write_pem: false,
                context: Some(context),
            }),
        });
    }
    Ok(Plan::CertFetchContexts(plans))
}

/// A rules cluster name for a kube context: the name itself when it is a
/// simple name, else its other characters (`:`, `/`, `@`) as `-`
/// (`arn:aws:eks:eu-west-1:1234:cluster/prod` becomes
/// `arn-aws-eks-eu-west-1-1234-cluster-prod`).
fn cluster_name_for(context: &str) -> String {
    if crate::repo::rules::valid_name(context) {
        return context.to_string();
    }
    let mapped: String = context
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if crate::repo::rules::valid_name(&mapped) {
        mapped
    } else {
        "context".to_string()
    }
}
