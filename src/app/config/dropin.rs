//! kubeseal's flags, resolved into the same plans with kubeseal's defaults.

use super::*;

/// Resolves kubeseal's flags into the same plans, with kubeseal's defaults
/// (JSON output; a `.yaml`/`.yml` output file selects YAML) and its
/// conventions: an empty value means the flag's default, `--scope strict`
/// is the default (so the Secret's own annotations decide), and `-n` drops
/// kubectl's `ns/` prefixes. Two modes at once are refused by the parser.
pub fn resolve_kubeseal(k: KubesealArgs) -> Result<Plan> {
    if !k.from_file.is_empty() && !k.raw {
        return Err(Error::usage(
            "--from-file requires --raw",
            Some(
                "seal one value with --raw --from-file FILE, or give the Secret with -f"
                    .to_string(),
            ),
        ));
    }
    let namespace = k
        .namespace
        .as_deref()
        .map(strip_namespace_prefix)
        .filter(|ns| !ns.is_empty());
    let name = k.name.clone().filter(|n| !n.is_empty());
    let secret_file = k.secret_file.clone().filter(|f| !f.as_os_str().is_empty());
    let mut out_file = k
        .sealed_secret_file
        .clone()
        .filter(|f| !f.as_os_str().is_empty());
    // kubeseal rewrites the input file when --re-encrypt is given -f but not -w.
    let in_place = k.re_encrypt && out_file.is_none() && secret_file.is_some();
    if in_place {
        out_file = secret_file.clone();
    }
    // A .yaml/.yml output file selects YAML whatever -o says, as in kubeseal.
    let yaml_file = out_file
        .as_ref()
        .is_some_and(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")));
    let format_flag = k.format.clone().unwrap_or_default();
    // kubeseal checks the format only when it writes an object.
    let format = || -> Result<Option<Format>> {
        if yaml_file {
            return Ok(Some(Format::Yaml));
        }
        match format_flag.to_ascii_lowercase().as_str() {
            "" | "json" => Ok(Some(Format::Json)),
            "yaml" => Ok(Some(Format::Yaml)),
            _ => Err(Error::usage(
                format!("unsupported output format: {format_flag}"),
                Some("use -o json or -o yaml".to_string()),
            )),
        }
    };
    let scope: Option<Scope> = match k.scope.as_deref() {
        None | Some("") => None,
        Some(s) => Some(s.parse().map_err(|m: String| Error::usage(m, None))?),
    };
    let input = vec![secret_file.clone().filter(|f| f != Path::new("-"))];
    let output = match out_file {
        Some(_) if in_place => Output::InPlace,
        Some(f) => Output::File(f),
        None => Output::Stdout,
    };
    let cluster = cluster_options(&k.cluster, namespace.clone());
    let cert = SealingCert::unpinned(cert_source(k.cert.clone(), &cluster));
    if k.recovery_unseal {
        // Without keys kubeseal still tries, and reports that no key could
        // decrypt the secret; so does sealant.
        return Ok(Plan::Unseal(UnsealConfig {
            follow: false,
            inputs: input,
            keys: KeySources::files(k.recovery_private_key),
            format: format()?,
            output,
            to_dir: None,
        }));
    }
    if k.validate {
        return Ok(Plan::ControllerValidate(ControllerConfig {
            follow: false,
            inputs: input,
            cluster,
            format: None,
            output,
            quiet: true,
        }));
    }
    if k.re_encrypt {
        return Ok(Plan::ControllerReseal(ControllerConfig {
            follow: false,
            inputs: input,
            cluster,
            format: format()?,
            output,
            quiet: false,
        }));
    }
    if k.fetch_cert {
        return Ok(Plan::CertFetch(CertConfig {
            cert,
            output,
            pin: None,
        }));
    }
    if let Some(target) = k.merge_into {
        return Ok(Plan::Merge(MergeConfig {
            target,
            from: input.into_iter().next().flatten(),
            cert,
            // Strict is kubeseal's default: the Secret's annotations decide.
            scope: scope.filter(|s| *s != Scope::Strict),
            allow_empty_data: k.allow_empty_data,
            any_kind: true,
        }));
    }
    if k.raw {
        if k.from_file.len() > 1 {
            return Err(Error::usage(
                "must provide only one --from-file when encrypting a single item with --raw",
                Some("seal one value per run".to_string()),
            ));
        }
        return Ok(Plan::Raw(RawConfig {
            value: match k.from_file.first() {
                // kubectl's [KEY=]PATH: the key names nothing for one raw value.
                Some(f) => ValueSource::File(PathBuf::from(match f.split_once('=') {
                    Some((_, path)) => path,
                    None => f.as_str(),
                })),
                None => ValueSource::Stdin,
            },
            cert,
            scope: scope.unwrap_or_default(),
            namespace,
            name,
            cluster,
            output,
        }));
    }
    let format = format()?;
    Ok(Plan::KubesealSeal(SealConfig {
        jobs: vec![SealJob {
            input: input.into_iter().next().flatten(),
            certs: vec![cert],
            params: SealParams {
                // Strict is kubeseal's default: the Secret's annotations decide.
                scope: scope.filter(|s| *s != Scope::Strict),
                namespace,
                default_namespace: None,
                name,
                allow_empty_data: k.allow_empty_data,
                record_cert: false,
                value_date: None,
                strict_input: false,
            },
            format,
            template: None,
            rule: None,
        }],
        output,
        cluster,
    }))
}

/// kubectl's `-n`: `ns/x`, `namespace/x` and `namespaces/x` (any case) mean `x`.
fn strip_namespace_prefix(ns: &str) -> String {
    for prefix in ["ns/", "namespace/", "namespaces/"] {
        if ns.len() >= prefix.len() && ns[..prefix.len()].eq_ignore_ascii_case(prefix) {
            return ns[prefix.len()..].to_string();
        }
    }
    ns.to_string()
}

#[cfg(test)]
mod tests {
    use super::strip_namespace_prefix;

    #[test]
    fn kubectl_namespace_prefixes_are_dropped() {
        for (given, want) in [
            ("prod", "prod"),
            ("ns/prod", "prod"),
            ("namespace/prod", "prod"),
            ("Namespaces/prod", "prod"),
            ("nsx/prod", "nsx/prod"),
        ] {
            assert_eq!(strip_namespace_prefix(given), want, "{given}");
        }
    }
}
