//! kubeseal's flags, resolved into the same plans with kubeseal's defaults.

use super::*;

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
            follow: false,
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
            follow: false,
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
            follow: false,
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
