//! `sealant seal` (and kubeseal's default mode).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cert::Certificate;
use crate::config::{Output, OutputTemplate, SealConfig, SealJob};
use crate::crypto::os_rng;
use crate::error::{Error, Result};
use crate::manifest::{self, Document, Format, Input, Kind, output};
use crate::seal::{SealParams, seal_secret};
use crate::template::Vars;

use super::Sink;
use super::emit::{self, Outputs};

pub(super) fn run(cfg: &SealConfig) -> Result<()> {
    // Everything is sealed in memory first; files change only when all of it worked.
    let mut stdout_text = String::new();
    let mut files = Outputs::default();
    // One stream keeps one format: the first input's, unless one was asked for.
    let mut stream_format = None;
    for job in &cfg.jobs {
        // The input first: fetching the certificate from the cluster may run
        // an exec credential plugin that needs the terminal.
        let input = Input::read(job.input.as_deref())?;
        let certs = load_certs(job)?;
        let mut format = job.format.unwrap_or(input.format);
        if let Some(template) = &job.template {
            seal_templated(&input, job, template, format, &certs, &mut files)?;
            continue;
        }
        let [(_, cert)] = certs.as_slice() else {
            return Err(needs_template(job, &certs));
        };
        if !matches!(cfg.output, Output::InPlace) {
            format = *stream_format.get_or_insert(format);
        }
        let mut text = String::new();
        let params = with_default_namespace(&job.params, &cfg.cluster);
        seal_input(&input, format, &params, cert, &mut |s: &str| {
            text.push_str(s);
            Ok(())
        })?;
        match (&cfg.output, &job.input) {
            (Output::InPlace, Some(path)) => files.add(path.clone(), None, text)?,
            _ => stdout_text.push_str(&text),
        }
    }
    let written = files.paths_with_clusters();
    emit::write_all(files)?;
    for (path, cluster) in written {
        if let Some(cluster) = cluster {
            eprintln!("sealant: wrote {} (cluster {cluster})", path.display());
        }
    }
    if !matches!(cfg.output, Output::InPlace)
        && (!stdout_text.is_empty() || cfg.jobs.iter().any(|j| j.template.is_none()))
    {
        let mut sink = Sink::open(&cfg.output, crate::atomic::Mode::Keep)?;
        sink.write(stdout_text.as_bytes())?;
        sink.finish()?;
    }
    Ok(())
}

fn needs_template(job: &SealJob, certs: &[(String, Certificate)]) -> Error {
    let names: Vec<&str> = certs.iter().map(|(n, _)| n.as_str()).collect();
    Error::usage(
        format!(
            "{} seals for {} clusters ({}), and one output cannot hold them all",
            job.rule.as_deref().unwrap_or("this run"),
            certs.len(),
            names.join(", ")
        ),
        Some(
            "write one file per cluster with --output-template '{cluster}/{name}.yaml' (or `output-template:` in the rule)"
                .to_string(),
        ),
    )
}

/// Loads and checks every certificate of a job: (cluster, certificate).
pub(crate) fn load_certs(job: &SealJob) -> Result<Vec<(String, Certificate)>> {
    job.certs
        .iter()
        .map(|c| Ok((c.cluster.clone(), super::load_sealing_cert(c)?)))
        .collect()
}

/// Seals every Secret of one input once per cluster, each SealedSecret to
/// the path the template gives it.
fn seal_templated(
    input: &Input,
    job: &SealJob,
    template: &OutputTemplate,
    format: Format,
    certs: &[(String, Certificate)],
    files: &mut Outputs,
) -> Result<()> {
    let mut rng = os_rng();
    let mut left_out = 0usize;
    let file_vars = file_vars(job.input.as_deref(), &template.base, format);
    for doc in input.documents()? {
        if manifest::kind_of(&doc.value) != Kind::Secret {
            left_out += 1;
            continue;
        }
        for (cluster, cert) in certs {
            let sealed = seal_secret(&doc.value, &doc.origin, &job.params, cert, &mut rng)?;
            let path = templated_path(template, &sealed, cluster, &file_vars)?;
            files.add(path, Some(cluster.clone()), output::render(&sealed, format))?;
        }
    }
    if left_out > 0 {
        eprintln!(
            "sealant: {left_out} document(s) of {} are not Secrets and were not written (an output template writes only SealedSecrets)",
            input.name
        );
    }
    Ok(())
}

/// The `{dir}`, `{stem}` and `{ext}` of an input file.
pub(crate) fn file_vars(input: Option<&Path>, base: &Path, format: Format) -> Vars {
    let format_ext = match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
    };
    let Some(path) = input else {
        return Vars {
            dir: ".".into(),
            stem: "stdin".into(),
            ext: format_ext.into(),
            ..Vars::default()
        };
    };
    let abs = crate::rules::absolute(path);
    let parent = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let dir = match parent.strip_prefix(base) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => parent.display().to_string(),
    };
    Vars {
        dir,
        stem: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ext: path
            .extension()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| format_ext.into()),
        ..Vars::default()
    }
}

/// The output path of one SealedSecret for one cluster.
pub(crate) fn templated_path(
    template: &OutputTemplate,
    sealed: &Value,
    cluster: &str,
    file_vars: &Vars,
) -> Result<PathBuf> {
    let vars = Vars {
        cluster: cluster.to_string(),
        name: manifest::meta_str(sealed, "name").unwrap_or("").to_string(),
        namespace: manifest::meta_str(sealed, "namespace")
            .unwrap_or("")
            .to_string(),
        ..file_vars.clone()
    };
    let rel = template.template.render(&vars).map_err(|m| {
        Error::usage(
            format!("output template {:?}: {m}", template.template.as_str()),
            None,
        )
    })?;
    Ok(crate::rules::absolute(&template.base.join(rel)))
}

/// The namespace for Secrets that have none: the kubeconfig context's
/// (`default` when the context names none), as kubeseal does; none without
/// a kubeconfig. A kubeconfig that cannot be read counts as none here: the
/// Secret then needs a namespace of its own, and the error says so.
pub(crate) fn with_default_namespace(
    params: &SealParams,
    cluster: &crate::cluster::ClusterOptions,
) -> SealParams {
    let mut params = params.clone();
    if params.default_namespace.is_none() {
        params.default_namespace = crate::cluster::default_namespace(cluster).ok().flatten();
    }
    params
}

/// Seals every Secret of one input; every other document passes through.
pub(crate) fn seal_input(
    input: &Input,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut rng = os_rng();
    for doc in input.documents()? {
        match manifest::kind_of(&doc.value) {
            Kind::Secret => {
                let sealed = seal_secret(&doc.value, &doc.origin, params, cert, &mut rng)?;
                write(&output::render(&sealed, format))?;
            }
            _ => write(&passthrough(input, &doc, format))?,
        }
    }
    Ok(())
}

/// A document that is not sealed: its original text when the format is
/// unchanged (comments and all), else the same content re-rendered.
pub(crate) fn passthrough(input: &Input, doc: &Document, format: Format) -> String {
    if let (Some(span), true) = (&doc.span, format == input.format) {
        let text = input.text[span.start..span.end].trim_end_matches(['\n', '\r']);
        return match format {
            Format::Yaml => format!("---\n{text}\n"),
            Format::Json => format!("{text}\n"),
        };
    }
    match format {
        Format::Json => output::to_go_json(&doc.value),
        Format::Yaml => format!("---\n{}", output::to_yaml_unsorted(&doc.value)),
    }
}
