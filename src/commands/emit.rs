//! Writing several output files all or nothing: each is written to a temp
//! file beside it, and only when every one of them is complete are they
//! renamed into place. Folders a template needs are created, and removed
//! again when the run fails.

use std::fs;
use std::path::PathBuf;

use crate::atomic::{self, AtomicFile, Mode};
use crate::error::{Error, Result};

/// The files a run will write, in order, each with the cluster its content
/// is for (`None` for an in-place rewrite).
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    files: Vec<(PathBuf, Option<String>, String)>,
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
            return Err(Error::input(
                &crate::error::Origin::file(path.display().to_string()),
                format!(
                    "this output file would be larger than {}, more than sealant reads back",
                    crate::limits::mib(crate::limits::MAX_OUTPUT_BYTES)
                ),
                Some("split the input, or send the SealedSecrets to several files (an output template with {name})".to_string()),
            ));
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

    /// The paths and their clusters, in order.
    pub(crate) fn paths_with_clusters(&self) -> Vec<(PathBuf, Option<String>)> {
        self.files
            .iter()
            .map(|(p, c, _)| (p.clone(), c.clone()))
            .collect()
    }
}

/// Writes every file, or none.
pub(crate) fn write_all(outputs: Outputs) -> Result<()> {
    let mut created = Vec::new();
    let result = write_files(&outputs, &mut created);
    if result.is_err() {
        for dir in created.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
    result
}

fn write_files(outputs: &Outputs, created: &mut Vec<PathBuf>) -> Result<()> {
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
    let mut pending = Vec::new();
    for (path, cluster, text) in &outputs.files {
        // No cluster: an input rewritten in place (`seal -i`).
        let mut file = match cluster {
            None => AtomicFile::rewrite(path)?,
            Some(_) => AtomicFile::create(path, Mode::Keep)?,
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
