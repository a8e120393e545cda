//! `sealant seal` (and kubeseal's default mode).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::atomic::Mode;
use crate::cert::Certificate;
use crate::config::{Output, OutputTemplate, SealConfig, SealJob, SealingCert};
use crate::crypto::os_rng;
use crate::error::{Error, Result};
use crate::manifest::source::DocSpan;
use crate::manifest::{self, Document, Format, Input, Kind, output};
use crate::seal::{SealParams, seal_secret, seal_secret_parallel};
use crate::template::Vars;

use super::Sink;
use super::emit::{self, Outputs};

pub(super) fn run(cfg: &SealConfig) -> Result<()> {
    // Files change only when all of it worked. The stream (standard output
    // or `-w FILE`, atomic) is written as it is sealed, a batch at a time, so
    // memory holds a batch, not the stream.
    let mut files = Outputs::default();
    let mut sink = None;
    // Jobs usually share their certificates: each is loaded and parsed once.
    let mut certs_seen = CertCache::default();
    // One stream keeps one format: the first input's, unless one was asked for.
    let mut stream_format = None;
    // In-place rewrites hold each file's lock from reading it to replacing it.
    let mut locks = Vec::new();
    for job in &cfg.jobs {
        if let (Output::InPlace, Some(path)) = (&cfg.output, &job.input) {
            locks.push(crate::atomic::lock(path)?);
        }
        // The input first: fetching the certificate from the cluster may run
        // an exec credential plugin that needs the terminal.
        let input = Input::read(job.input.as_deref())?;
        let certs = certs_seen.load(job)?;
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
        let params = with_default_namespace(&job.params, &cfg.cluster);
        match (&cfg.output, &job.input) {
            (Output::InPlace, Some(path)) => {
                let mut text = String::with_capacity(input.text.len() * 2);
                seal_input(&input, format, &params, cert, &mut |s: &str| {
                    text.push_str(s);
                    Ok(())
                })?;
                files.add(path.clone(), None, text)?;
            }
            (output, _) => {
                if sink.is_none() {
                    sink = Some(Sink::open(output, Mode::Keep)?);
                }
                let sink = sink.as_mut().expect("opened above");
                seal_input(&input, format, &params, cert, &mut |s: &str| {
                    sink.write(s.as_bytes())
                })?;
            }
        }
    }
    let written = files.paths_with_clusters();
    emit::write_all(files)?;
    drop(locks);
    for (path, cluster) in written {
        if let Some(cluster) = cluster {
            eprintln!("sealant: wrote {} (cluster {cluster})", path.display());
        }
    }
    if let Some(sink) = sink {
        sink.finish()?;
    }
    Ok(())
}

/// Certificates already loaded in this run, by where they come from.
#[derive(Default)]
struct CertCache(Vec<(SealingCert, Certificate)>);

impl CertCache {
    /// [`load_certs`], loading each certificate only the first time.
    fn load(&mut self, job: &SealJob) -> Result<Vec<(String, Certificate)>> {
        job.certs
            .iter()
            .map(|c| {
                if let Some((_, cert)) = self.0.iter().find(|(seen, _)| seen == c) {
                    return Ok((c.cluster.clone(), cert.clone()));
                }
                let cert = super::load_sealing_cert(c)?;
                self.0.push((c.clone(), cert.clone()));
                Ok((c.cluster.clone(), cert))
            })
            .collect()
    }
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
    let path = crate::rules::absolute(&template.base.join(rel));
    if let Some(root) = &template.confine
        && !crate::rules::is_inside(&path, root)
    {
        return Err(Error::usage(
            format!(
                "the rules' output template {:?} sends {} outside the repository {}",
                template.template.as_str(),
                path.display(),
                root.display()
            ),
            Some("a rule's output-template writes inside the rules file's repository only; fix the template, or pass --output-template or -w".to_string()),
        ));
    }
    Ok(path)
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

/// How many sealed documents may wait to be written, at most: enough that
/// no core waits for a slow document before it, few enough that memory
/// holds a window of the stream, not the stream.
const WINDOW_DOCUMENTS: usize = 256;

/// Seals every Secret of one input; every other document passes through, in
/// order. Documents are parsed, sealed and rendered on every core (a lone
/// document's items are shared out instead), and written in input order as
/// they are done: the output does not depend on the number of threads, and
/// memory holds a window of documents, not the stream. The first failure
/// in input order is returned; the documents before it were already given
/// to `write` (callers writing files commit nothing on failure).
pub(crate) fn seal_input(
    input: &Input,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let spans = input.spans_parallel()?;
    let alone = spans.len() == 1;
    // The values of the documents written so far, against the input's budget.
    let mut nodes = 0;
    crate::ordered::for_each(
        &spans,
        WINDOW_DOCUMENTS,
        |span| seal_span(input, span, format, params, cert, alone),
        |span, sealed| {
            let (texts, values) = sealed?;
            nodes += values;
            input.check_total_nodes(nodes, span)?;
            texts.iter().try_for_each(|text| write(text))
        },
    )
}

/// What one document of the input became: its output texts, and how many
/// values it held (for the input's budget).
type Sealed = (Vec<String>, usize);

/// Parses, seals and renders one document of the input (several for a
/// `List`). `alone`: the only document of the input, so the only work to
/// share out is its own (the items of a Secret, the Secrets of a List);
/// otherwise the other documents keep every core busy, and splitting each
/// Secret's items as well would only add coordination.
fn seal_span(
    input: &Input,
    span: &DocSpan,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    alone: bool,
) -> Result<Sealed> {
    let (docs, nodes) = input.span_documents(span)?;
    let split_items = alone && docs.len() == 1;
    let one = |doc: &Document| match manifest::kind_of(&doc.value) {
        Kind::Secret => {
            let sealed = if split_items {
                seal_secret_parallel(&doc.value, &doc.origin, params, cert)?
            } else {
                seal_secret(&doc.value, &doc.origin, params, cert, &mut os_rng())?
            };
            Ok(output::render(&sealed, format))
        }
        _ => Ok(passthrough(input, doc, format)),
    };
    let texts = if docs.len() == 1 {
        docs.iter().map(one).collect::<Result<Vec<String>>>()?
    } else {
        docs.par_iter()
            .map(one)
            .collect::<Vec<Result<String>>>()
            .into_iter()
            .collect::<Result<Vec<String>>>()?
    };
    Ok((texts, nodes))
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
