//! Writing several output files all or nothing: each is written to a temp
//! file beside it, and only when every one of them is complete are they
//! renamed into place. Folders a template needs are created, and removed
//! again when the run fails.
//!
//! A file rewritten in place (`seal -i`) is written to its temp file as
//! soon as it is sealed, and only the closed temp file is kept until the
//! end: memory holds one file's text at a time, not every file's. An
//! output template's files are held as text until the end (their folders
//! may not exist yet, and are created only when the whole run worked).

use std::fs;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::io::atomic::{self, Access, AtomicFile, PendingFile};
use crate::io::rewrite::Rewrite;

/// The files a run will write, in order, each with the cluster its content
/// is for (`None` for an in-place rewrite).
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    files: Vec<(PathBuf, Option<String>, String)>,
    /// Files rewritten in place, already in their closed temp files, with
    /// the bytes written to each.
    rewritten: Vec<(PathBuf, u64, PendingFile)>,
}

impl Outputs {
    /// Adds content for `path`; documents for the same path are joined, but
    /// never documents for two clusters.
    pub(crate) fn add(
        &mut self,
        path: PathBuf,
        cluster: Option<String>,
        text: String,
    ) -> Result<()> {
        // No file sealant writes is one it would refuse to read back.
        let joined = self
            .files
            .iter()
            .find(|(p, _, _)| *p == path)
            .map_or(0, |(_, _, t)| t.len());
        if (joined + text.len()) as u64 > crate::limits::MAX_OUTPUT_BYTES {
            return Err(too_large(&path));
        }
        if let Some((_, other, existing)) = self.files.iter_mut().find(|(p, _, _)| *p == path) {
            if *other != cluster {
                return Err(Error::usage(
                    format!(
                        "the output template sends SealedSecrets for clusters {} and {} to the same file {}",
                        other.as_deref().unwrap_or("-"),
                        cluster.as_deref().unwrap_or("-"),
                        path.display()
                    ),
                    Some("put {cluster} in the output template".to_string()),
                ));
            }
            existing.push_str(&text);
            return Ok(());
        }
        self.files.push((path, cluster, text));
        Ok(())
    }

    /// Writes the new text of a file rewritten in place to its temp file
    /// now (with the byte-order mark it had); it replaces the file only in
    /// [`write_all`], with the others. Text for a path already written (the
    /// file named twice) is added to it, as [`Outputs::add`] joins documents.
    pub(crate) fn rewrite(&mut self, rewrite: &Rewrite, text: &str) -> Result<()> {
        let path = rewrite.path().to_path_buf();
        let found = self.rewritten.iter_mut().find(|(p, _, _)| *p == path);
        let joined = found.as_ref().map_or(0, |(_, n, _)| *n);
        if joined + text.len() as u64 > crate::limits::MAX_OUTPUT_BYTES {
            return Err(too_large(&path));
        }
        if let Some((_, written, pending)) = found {
            pending.append(text.as_bytes())?;
            *written += text.len() as u64;
            return Ok(());
        }
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            // Not a regular file (a FIFO given to -i): refused when the
            // files are written, after every input was read, as before.
            return self.add(path, None, text.to_string());
        }
        // Closed once written: a thousand files hold no thousand open files.
        let pending = rewrite.stage(text)?;
        self.rewritten.push((path, text.len() as u64, pending));
        Ok(())
    }

    /// The paths and their clusters, in order (files rewritten in place
    /// first).
    pub(crate) fn paths_with_clusters(&self) -> Vec<(PathBuf, Option<String>)> {
        self.rewritten
            .iter()
            .map(|(p, _, _)| (p.clone(), None))
            .chain(self.files.iter().map(|(p, c, _)| (p.clone(), c.clone())))
            .collect()
    }
}

/// No file sealant writes is one it would refuse to read back.
fn too_large(path: &std::path::Path) -> Error {
    Error::input(
        &crate::error::Origin::file(path.display().to_string()),
        format!(
            "this output file would be larger than {}, more than sealant reads back",
            crate::limits::mib(crate::limits::MAX_OUTPUT_BYTES)
        ),
        Some("split the input, or send the SealedSecrets to several files (an output template with {name})".to_string()),
    )
}

/// Writes every file, or none.
pub(crate) fn write_all(outputs: Outputs) -> Result<()> {
    let mut created = Vec::new();
    let result = write_files(outputs, &mut created);
    if result.is_err() {
        for dir in created.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
    result
}

fn write_files(outputs: Outputs, created: &mut Vec<PathBuf>) -> Result<()> {
    for (path, _, _) in &outputs.files {
        let Some(parent) = path.parent() else {
            continue;
        };
        let mut missing = Vec::new();
        let mut cur = Some(parent);
        while let Some(d) = cur.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            missing.push(d.to_path_buf());
            cur = d.parent();
        }
        for dir in missing.into_iter().rev() {
            fs::create_dir(&dir).map_err(|source| Error::Write {
                path: dir.display().to_string(),
                source,
            })?;
            created.push(dir);
        }
    }
    let mut pending: Vec<PendingFile> = outputs.rewritten.into_iter().map(|(_, _, p)| p).collect();
    for (path, cluster, text) in &outputs.files {
        // No cluster: an input rewritten in place (`seal -i`).
        let mut file = match cluster {
            None => AtomicFile::rewrite(path)?,
            Some(_) => AtomicFile::create(path, Access::Keep)?,
        };
        file.write_all(text.as_bytes())?;
        // Closed once written: a thousand files hold no thousand open files.
        pending.push(file.finish()?);
    }
    // Everything on disk first (flushed together: one fsync after another
    // cost ~8 ms a file here), so a full disk fails before any file is
    // replaced; then the renames. A kill between renames leaves each file
    // wholly old or new.
    atomic::commit_all(pending)
}
