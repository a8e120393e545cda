//! `sealant seal` (and kubeseal's default mode).

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::app::config::{Output, OutputTemplate, SealConfig, SealJob, SealingCert};
use crate::core::certificate::Certificate;
use crate::core::crypto::os_rng;
use crate::core::manifest::{self, Document, Format, Kind, Manifest, output};
use crate::core::sealing::{SealParams, seal_secret, seal_secret_parallel};
use crate::error::{Error, Result};
use crate::io::atomic::Access;
use crate::io::rewrite::Rewrite;
use crate::io::stream::Segments;
use crate::repo::template::Vars;
use crate::yaml::split::DocSpan;

use super::Sink;
use crate::io::sink::{self, Outputs};

mod comments;
mod in_place;
mod pipeline;

use comments::head_comments;
use in_place::{in_parallel, seal_files_in_place};
use pipeline::{seal_input, seal_stream};

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
    // Inputs that held no Secret: with several inputs, each is reported and
    // the run fails only when none held one.
    let mut total = SecretCount::default();
    let mut without: Vec<(String, SecretCount)> = Vec::new();
    let mut stream_written = 0u64;
    // The kubeconfig context's namespace, once looked up.
    let mut context_namespace: Option<Option<String>> = None;
    // In-place rewrites hold each file's lock from reading it to replacing it.
    let mut rewrites = Vec::new();
    let parallel = in_parallel(cfg);
    if parallel {
        let found = seal_files_in_place(cfg, &mut certs_seen, &mut files, &mut rewrites)?;
        for (name, seen) in found {
            total.add(seen);
            if seen.secrets == 0 && cfg.jobs[0].params.strict_input {
                without.push((name, seen));
            }
        }
    }
    let one_by_one: &[SealJob] = if parallel { &[] } else { &cfg.jobs };
    for job in one_by_one {
        // The input first: fetching the certificate from the cluster may run
        // an exec credential plugin that needs the terminal.
        // A stream to standard output or `-w` is read a segment at a time
        // (`rest`), so that memory holds a window of it.
        let mut rest = None;
        let (input, first_end) = match (&cfg.output, &job.input) {
            (Output::InPlace, Some(path)) => {
                let (rewrite, input) = Rewrite::open(path)?;
                rewrites.push(rewrite);
                let input = Manifest::new(input);
                let end = input.text.len();
                (input, end)
            }
            _ if job.template.is_some() => {
                let input = Manifest::read(job.input.as_deref())?;
                let end = input.text.len();
                (input, end)
            }
            _ => {
                let mut segments = Segments::open(job.input.as_deref())?;
                let first = segments
                    .next_segment()?
                    .expect("a stream has a first segment");
                if !first.last {
                    rest = Some(segments);
                }
                (
                    Manifest::segment(first.input, first.first_line),
                    first.content_end,
                )
            }
        };
        let certs = certs_seen.load(job)?;
        let mut format = job.format.unwrap_or(input.format);
        if let Some(template) = &job.template {
            let found = seal_templated(&input, job, template, format, &certs, &mut files)?;
            total.add(found);
            if found.secrets == 0 {
                without.push((input.name.clone(), found));
            }
            continue;
        }
        let [(_, cert)] = certs.as_slice() else {
            return Err(needs_template(job, &certs));
        };
        if !matches!(cfg.output, Output::InPlace) {
            format = *stream_format.get_or_insert(format);
        }
        let params = if job.params.default_namespace.is_none() {
            // The kubeconfig is read once a run, not once a file.
            let namespace = context_namespace
                .get_or_insert_with(|| crate::app::remote::default_namespace(&cfg.cluster));
            SealParams {
                default_namespace: namespace.clone(),
                ..job.params.clone()
            }
        } else {
            job.params.clone()
        };
        let found = match (&cfg.output, &job.input) {
            (Output::InPlace, Some(_)) => {
                let mut text = String::with_capacity(input.text.len() * 2);
                let found = seal_input(&input, format, &params, cert, &mut |s: &str| {
                    text.push_str(s);
                    Ok(())
                })?;
                // A file with no Secret is left as it is, byte for byte.
                if found.secrets > 0 || !params.strict_input {
                    let rewrite = rewrites.last().expect("opened above");
                    files.rewrite(rewrite, &text)?;
                }
                found
            }
            (output, _) => {
                if sink.is_none() {
                    sink = Some(Sink::open_holding(output, Access::Keep)?);
                }
                let sink = sink.as_mut().expect("opened above");
                let (params, rest) = (&params, rest.as_mut());
                seal_stream(
                    &input,
                    first_end,
                    rest,
                    format,
                    params,
                    cert,
                    &mut |s: &str| {
                        // Several inputs into one stream: the stream's total too.
                        stream_written += s.len() as u64;
                        if stream_written > crate::limits::MAX_OUTPUT_BYTES {
                            return Err(Error::input(
                                &crate::error::Origin::file(&input.name),
                                format!(
                                    "sealed, the output stream would be larger than {}, more than sealant reads back",
                                    crate::limits::mib(crate::limits::MAX_OUTPUT_BYTES)
                                ),
                                Some(
                                    "seal the inputs into several files (-w one per input)"
                                        .to_string(),
                                ),
                            ));
                        }
                        sink.write(s.as_bytes())
                    },
                )?
            }
        };
        total.add(found);
        if found.secrets == 0 && params.strict_input {
            without.push((input.name.clone(), found));
        }
    }
    if total.secrets == 0
        && let Some((name, _)) = without.first()
    {
        // Nothing is written: not `-w`, not `-i`, not a template's files.
        let name = if without.len() == 1 {
            name.clone()
        } else {
            format!("{} inputs", without.len())
        };
        return Err(no_secret_found(&name, total));
    }
    for (name, _) in &without {
        let what = if matches!(cfg.output, Output::InPlace) {
            "left as it is"
        } else {
            "nothing sealed from it"
        };
        crate::note!("sealant: {name}: no Secret found; {what}");
    }
    let written = files.paths_with_clusters();
    sink::write_all(files)?;
    drop(rewrites);
    for (path, cluster) in written {
        if let Some(cluster) = cluster {
            crate::note!("sealant: wrote {} (cluster {cluster})", path.display());
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
    input: &Manifest,
    job: &SealJob,
    template: &OutputTemplate,
    format: Format,
    certs: &[(String, Certificate)],
    files: &mut Outputs,
) -> Result<SecretCount> {
    let mut rng = os_rng();
    let mut left_out = 0usize;
    let file_vars = file_vars(job.input.as_deref(), &template.base, format);
    let mut found = SecretCount::default();
    for doc in input.documents()? {
        let kind = manifest::classify(&doc.value, &doc.origin)?;
        found.count(kind);
        if kind != Kind::Secret {
            left_out += 1;
            continue;
        }
        for (cluster, cert) in certs {
            let sealed = seal_secret(&doc.value, &doc.origin, &job.params, cert, &mut rng)?;
            let path = templated_path(template, &sealed, cluster, &file_vars)?;
            let text = output::render(&sealed, format);
            if text.len() > crate::limits::MAX_OUTPUT_DOCUMENT_BYTES {
                return Err(Error::input(
                    &doc.origin,
                    format!(
                        "sealed, this document would be larger than {}, more than sealant reads back in one document",
                        crate::limits::mib(crate::limits::MAX_OUTPUT_DOCUMENT_BYTES as u64)
                    ),
                    Some(crate::report::hints::SECRET_TOO_LARGE.to_string()),
                ));
            }
            files.add(path, Some(cluster.clone()), text)?;
        }
    }
    if left_out > 0 {
        crate::note!(
            "sealant: {left_out} document(s) of {} are not Secrets and were not written (an output template writes only SealedSecrets)",
            input.name
        );
    }
    Ok(found)
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
    let abs = crate::repo::rules::absolute(path);
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
    let path = crate::repo::rules::absolute(&template.base.join(rel));
    if let Some(root) = &template.confine
        && !crate::repo::rules::is_inside(&path, root)
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
        params.default_namespace = crate::app::remote::default_namespace(cluster);
    }
    params
}

/// What an input held, as far as sealing goes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SecretCount {
    /// Secrets (sealed).
    pub secrets: usize,
    /// SealedSecrets (passed through).
    pub sealed_secrets: usize,
}

impl SecretCount {
    fn add(&mut self, other: SecretCount) {
        self.secrets += other.secrets;
        self.sealed_secrets += other.sealed_secrets;
    }

    fn count(&mut self, kind: Kind) {
        match kind {
            Kind::Secret => self.secrets += 1,
            Kind::SealedSecret => self.sealed_secrets += 1,
            Kind::Other => {}
        }
    }
}

/// The error for a run (or, with `-i`, every file of it) that sealed
/// nothing: its output would hold no SealedSecret, and a script that
/// believes it sealed something must not carry on.
fn no_secret_found(name: &str, found: SecretCount) -> Error {
    Error::input(
        &crate::error::Origin::file(name),
        "no Secret found (nothing to seal)",
        Some(if found.sealed_secrets > 0 {
            "the input holds only SealedSecrets: to seal them again for another certificate, use `sealant reseal`".to_string()
        } else {
            "give a manifest with `apiVersion: v1` and `kind: Secret` (e.g. from `kubectl create secret ... --dry-run=client -o yaml`)".to_string()
        }),
    )
}

/// Refuses a sealed document, or a sealed stream so far, that sealant would
/// not read back (see [`crate::limits`]).
pub(crate) fn check_output_size(
    input: &Manifest,
    span: &DocSpan,
    document: usize,
    stream: u64,
) -> Result<()> {
    use crate::limits::{MAX_OUTPUT_BYTES, MAX_OUTPUT_DOCUMENT_BYTES, mib};
    let origin = crate::error::Origin {
        file: input.name.clone(),
        line: Some(span.line),
        doc: Some(span.index + 1),
        object: None,
    };
    if document > MAX_OUTPUT_DOCUMENT_BYTES {
        return Err(Error::input(
            &origin,
            format!(
                "sealed, this document would be larger than {}, more than sealant reads back in one document",
                mib(MAX_OUTPUT_DOCUMENT_BYTES as u64)
            ),
            Some(crate::report::hints::SECRET_TOO_LARGE.to_string()),
        ));
    }
    if stream > MAX_OUTPUT_BYTES {
        return Err(Error::input(
            &origin,
            format!(
                "sealed, the stream up to this document would be larger than {}, more than sealant reads back",
                mib(MAX_OUTPUT_BYTES)
            ),
            Some("split the input into several files and seal each on its own".to_string()),
        ));
    }
    Ok(())
}

/// What one document of the input became: its output texts, how many
/// values it held (for the input's budget), and what it was.
type SealedDocument = (Vec<String>, usize, SecretCount);

/// Parses, seals and renders one document of the input (several for a
/// `List`). `alone`: the only document of the input, so the only work to
/// share out is its own (the items of a Secret, the Secrets of a List);
/// otherwise the other documents keep every core busy, and splitting each
/// Secret's items as well would only add coordination.
fn seal_span(
    input: &Manifest,
    span: &DocSpan,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    alone: bool,
) -> Result<SealedDocument> {
    let (docs, nodes) = input.span_documents(span)?;
    let split_items = alone && docs.len() == 1;
    // sealant's own commands fail closed on a document that might be a
    // Secret; kubeseal's drop-in mode has rules of its own.
    let kinds = docs
        .iter()
        .map(|doc| {
            if params.strict_input {
                manifest::classify(&doc.value, &doc.origin)
            } else {
                Ok(manifest::kind_of(&doc.value))
            }
        })
        .collect::<Result<Vec<Kind>>>()?;
    let mut found = SecretCount::default();
    kinds.iter().for_each(|k| found.count(*k));
    // A List with no Secret in it passes through whole, as it was written
    // (every digit of its numbers kept).
    let from_list = docs.len() != 1 || docs[0].list_item.is_some();
    if from_list
        && found.secrets == 0
        && let Some(text) = original_text(input, span, format)
    {
        return Ok((vec![text], nodes, found));
    }
    let one = |(doc, kind): (&Document, &Kind)| match kind {
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
        docs.iter()
            .zip(&kinds)
            .map(one)
            .collect::<Result<Vec<String>>>()?
    } else {
        docs.par_iter()
            .zip(&kinds)
            .map(one)
            .collect::<Vec<Result<String>>>()
            .into_iter()
            .collect::<Result<Vec<String>>>()?
    };
    Ok((texts, nodes, found))
}

/// A document that is not sealed: its original text when it can stand in
/// the output (comments and all; see [`original_text`]), else the same
/// content re-rendered.
pub(crate) fn passthrough(input: &Manifest, doc: &Document, format: Format) -> String {
    if let Some(text) = doc
        .span
        .and_then(|span| original_text(input, &span, format))
    {
        return text;
    }
    match format {
        Format::Json => output::to_go_json(&doc.value),
        Format::Yaml => format!("---\n{}", output::to_yaml_unsorted(&doc.value)),
    }
}

/// The original text of the document at `span`, when it can stand in an
/// output of `format`: in the same format (YAML with the comments above
/// it), or JSON in a YAML stream (JSON is YAML, and its numbers keep every
/// digit). `None` for YAML in a JSON stream.
fn original_text(input: &Manifest, span: &DocSpan, format: Format) -> Option<String> {
    let text = input.text[span.start..span.end].trim_end_matches(['\n', '\r']);
    match (input.format, format) {
        (Format::Yaml, Format::Yaml) => Some(format!(
            "---\n{}{text}\n",
            head_comments(&input.text, span.start)
        )),
        (Format::Json, Format::Json) => Some(format!("{text}\n")),
        (Format::Json, Format::Yaml) => Some(format!("---\n{text}\n")),
        (Format::Yaml, Format::Json) => None,
    }
}
