//! `sealant seal` (and kubeseal's default mode).

use std::path::PathBuf;

use rayon::prelude::*;

use crate::atomic::{self, AtomicFile, Mode};
use crate::cert::Certificate;
use crate::config::{Output, SealConfig};
use crate::error::Result;
use crate::manifest::source::DocSpan;
use crate::manifest::{self, Document, Format, Input, Kind, output};
use crate::seal::{SealParams, seal_secret_parallel};

use super::Sink;

pub(super) fn run(cfg: &SealConfig) -> Result<()> {
    // Inputs first: fetching the certificate from the cluster may run an
    // exec credential plugin that needs the terminal.
    let inputs = cfg
        .inputs
        .iter()
        .map(|p| Input::read(p.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let cert = super::load_sealing_cert(&cfg.cert)?;
    let params = with_default_namespace(&cfg.params, &cfg.cluster);
    match &cfg.output {
        Output::InPlace => {
            // Seal every file first, several at once; only when all
            // succeeded are they replaced.
            let files: Vec<(&Input, &PathBuf)> = inputs
                .iter()
                .filter_map(|i| i.path.as_ref().map(|p| (i, p)))
                .collect();
            let format = cfg.format;
            let mut pending = Vec::with_capacity(files.len());
            let mut rest = &files[..];
            while !rest.is_empty() {
                let (batch, tail) = rest.split_at(file_batch_len(rest));
                rest = tail;
                let sealed: Vec<Result<String>> = batch
                    .par_iter()
                    .map(|(input, _)| {
                        let format = format.unwrap_or(input.format);
                        let mut text = String::with_capacity(input.text.len() * 2);
                        seal_input(input, format, &params, &cert, &mut |s: &str| {
                            text.push_str(s);
                            Ok(())
                        })?;
                        Ok(text)
                    })
                    .collect();
                for ((_, path), text) in batch.iter().zip(sealed) {
                    let text = text?;
                    let mut file = AtomicFile::create(path, Mode::Keep)?;
                    file.write_all(text.as_bytes())?;
                    pending.push(file.finish()?);
                }
            }
            atomic::commit_all(pending)
        }
        out => {
            let mut sink = Sink::open(out, Mode::Keep)?;
            let format = cfg
                .format
                .or(inputs.first().map(|i| i.format))
                .unwrap_or(Format::Yaml);
            for input in &inputs {
                seal_input(input, format, &params, &cert, &mut |s: &str| {
                    sink.write(s.as_bytes())
                })?;
            }
            sink.finish()
        }
    }
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

/// How many documents are parsed and sealed at once, at most: enough to keep
/// every core busy with little idle time at the end of a batch, few enough
/// that memory holds a batch, not the stream.
const BATCH_DOCUMENTS: usize = 256;
/// How many bytes of input text are parsed and sealed at once, at most (a
/// batch of large documents stops here first).
const BATCH_BYTES: usize = 4 * 1024 * 1024;

/// How many files `--in-place` seals at once, at most, and how many bytes of
/// them: their output is held in memory until it is written.
const BATCH_FILES: usize = 64;

/// The number of files at the head of `files` that make one batch.
fn file_batch_len(files: &[(&Input, &PathBuf)]) -> usize {
    let mut bytes = 0;
    let mut len = 0;
    while len < files.len() && len < BATCH_FILES && (len == 0 || bytes < BATCH_BYTES) {
        bytes += files[len].0.text.len();
        len += 1;
    }
    len
}

/// Seals every Secret of one input; every other document passes through, in
/// order. Documents are parsed and sealed a batch at a time, in parallel over
/// every core (and over the items of each Secret), and written in input
/// order while the next batch is sealed: the output does not depend on the
/// number of threads, and memory holds two batches, not the stream. The
/// first failure in input order is returned; batches before it were already
/// given to `write` (callers writing files commit nothing on failure).
pub(crate) fn seal_input(
    input: &Input,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let spans = input.spans_parallel()?;
    let seal_batch = |batch: &[DocSpan]| -> Vec<Result<Vec<String>>> {
        if batch.len() == 1 {
            vec![seal_span(input, &batch[0], format, params, cert)]
        } else {
            batch
                .par_iter()
                .map(|span| seal_span(input, span, format, params, cert))
                .collect()
        }
    };
    let mut sealed: Option<Vec<Result<Vec<String>>>> = None;
    let mut rest = &spans[..];
    while !rest.is_empty() {
        let (batch, tail) = rest.split_at(span_batch_len(rest));
        rest = tail;
        sealed = Some(match sealed.take() {
            None => seal_batch(batch),
            // Seal this batch on the pool while this thread writes the last one.
            Some(last) => std::thread::scope(|scope| {
                let sealing = scope.spawn(|| seal_batch(batch));
                let written = write_batch(last, write);
                let next = sealing
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                written.map(|()| next)
            })?,
        });
    }
    match sealed {
        Some(last) => write_batch(last, write),
        None => Ok(()),
    }
}

/// The number of documents at the head of `spans` that make one batch.
fn span_batch_len(spans: &[DocSpan]) -> usize {
    let mut len = 0;
    let mut bytes = 0;
    while len < spans.len() && len < BATCH_DOCUMENTS && (len == 0 || bytes < BATCH_BYTES) {
        bytes += spans[len].end - spans[len].start;
        len += 1;
    }
    len
}

/// Writes a sealed batch in order, up to its first failure.
fn write_batch(
    sealed: Vec<Result<Vec<String>>>,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    for texts in sealed {
        for text in texts? {
            write(&text)?;
        }
    }
    Ok(())
}

/// Parses, seals and renders one document of the input (several for a
/// `List`).
fn seal_span(
    input: &Input,
    span: &DocSpan,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
) -> Result<Vec<String>> {
    let docs = input.span_documents(span)?;
    let one = |doc: &Document| match manifest::kind_of(&doc.value) {
        Kind::Secret => {
            let sealed = seal_secret_parallel(&doc.value, &doc.origin, params, cert)?;
            Ok(output::render(&sealed, format))
        }
        _ => Ok(passthrough(input, doc, format)),
    };
    if docs.len() == 1 {
        docs.iter().map(one).collect()
    } else {
        docs.par_iter()
            .map(one)
            .collect::<Vec<Result<String>>>()
            .into_iter()
            .collect()
    }
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
