//! `seal -i` of several files at once, on every core.

use std::path::Path;

use crate::app::config::{Output, SealConfig, SealJob};
use crate::core::certificate::Certificate;
use crate::core::manifest::Manifest;
use crate::core::sealing::SealParams;
use crate::error::{Error, Result};
use crate::io::rewrite::Rewrite;
use crate::io::sink::Outputs;

use super::{CertCache, SecretCount, seal_input};

/// Whether the run rewrites several files in place, each with one
/// certificate and no output template: then the files are sealed on every
/// core at once ([`seal_files_in_place`]), not one after another.
pub(super) fn in_parallel(cfg: &SealConfig) -> bool {
    matches!(cfg.output, Output::InPlace)
        && cfg.jobs.len() > 1
        && cfg.jobs.iter().all(|job| {
            job.input.is_some()
                && job.template.is_none()
                && job.certs.len() == 1
                && job.params.strict_input == cfg.jobs[0].params.strict_input
        })
}

/// How many files may be sealed ahead of the one being handed on: enough
/// to keep every core busy behind a large file, few enough that memory
/// holds a window of files.
const WINDOW_FILES: usize = 64;

/// `seal -i` of several files: each file is locked, read, sealed and
/// written to its temp file on rayon's pool (the same pool that shares out
/// a file's documents and items, so a run has as many busy threads as
/// cores), and handed on in the order given. Nothing replaces a file
/// before every file worked ([`crate::io::sink::write_all`]). Returns each file's name
/// and what it held, in order.
pub(super) fn seal_files_in_place(
    cfg: &SealConfig,
    certs_seen: &mut CertCache,
    files: &mut Outputs,
    rewrites: &mut Vec<Rewrite>,
) -> Result<Vec<(String, SecretCount)>> {
    // Certificates first, once each, in the order of the files.
    let certs = cfg
        .jobs
        .iter()
        .map(|job| Ok(certs_seen.load(job)?.remove(0).1))
        .collect::<Result<Vec<Certificate>>>()?;
    let context_namespace = cfg
        .jobs
        .iter()
        .any(|job| job.params.default_namespace.is_none())
        .then(|| crate::app::remote::default_namespace(&cfg.cluster))
        .flatten();
    // A file named twice is sealed twice, into one text: those are
    // staged in order, by the calling thread.
    let mut seen = std::collections::HashSet::new();
    let named_twice: std::collections::HashSet<&Path> = cfg
        .jobs
        .iter()
        .filter_map(|job| job.input.as_deref())
        .filter(|path| !seen.insert(*path))
        .collect();
    let items: Vec<usize> = (0..cfg.jobs.len()).collect();
    let mut out = Vec::with_capacity(items.len());
    crate::io::ordered::for_each(
        &items,
        WINDOW_FILES,
        |&i| {
            let job = &cfg.jobs[i];
            let path = job
                .input
                .as_deref()
                .expect("in_parallel: every job has a file");
            let params = SealParams {
                default_namespace: job
                    .params
                    .default_namespace
                    .clone()
                    .or_else(|| context_namespace.clone()),
                ..job.params.clone()
            };
            seal_file(path, job, &params, &certs[i], !named_twice.contains(path))
        },
        |_, sealed| {
            let sealed = sealed?;
            match sealed.text {
                Staged::Done(written, pending) => {
                    files.staged(&sealed.rewrite, written, pending)?
                }
                Staged::Text(text) => files.rewrite(&sealed.rewrite, &text)?,
                Staged::Unchanged => {}
            }
            out.push((sealed.name, sealed.found));
            rewrites.push(sealed.rewrite);
            Ok::<(), Error>(())
        },
    )?;
    Ok(out)
}

/// One file of [`seal_files_in_place`], sealed.
struct SealedFile {
    rewrite: Rewrite,
    name: String,
    found: SecretCount,
    text: Staged,
}

/// What became of a sealed file's new text.
enum Staged {
    /// In its temp file already: the bytes written, and the file.
    Done(u64, crate::io::atomic::PendingFile),
    /// To be staged by the calling thread (a file named twice, or one that
    /// is not a regular file).
    Text(String),
    /// Left as it is: it held no Secret.
    Unchanged,
}

fn seal_file(
    path: &Path,
    job: &SealJob,
    params: &SealParams,
    cert: &Certificate,
    stage: bool,
) -> Result<SealedFile> {
    let (rewrite, input) = Rewrite::open(path)?;
    let input = Manifest::new(input);
    let format = job.format.unwrap_or(input.format);
    let mut text = String::with_capacity(input.text.len() * 2);
    let found = seal_input(&input, format, params, cert, &mut |s: &str| {
        text.push_str(s);
        Ok(())
    })?;
    let text = if found.secrets == 0 && params.strict_input {
        // A file with no Secret is left as it is, byte for byte.
        Staged::Unchanged
    } else if stage
        && rewrite.stamp().is_some()
        && text.len() as u64 <= crate::limits::MAX_OUTPUT_BYTES
    {
        let pending = rewrite.stage(&text)?;
        Staged::Done(text.len() as u64, pending)
    } else {
        Staged::Text(text)
    };
    Ok(SealedFile {
        name: input.name.clone(),
        rewrite,
        found,
        text,
    })
}
