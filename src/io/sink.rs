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

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::io::atomic::{self, Access, AtomicFile, PendingFile};
use crate::io::rewrite::{Rewrite, Stamp};

/// The files a run will write, in order, each with the cluster its content
/// is for (`None` for an in-place rewrite).
#[derive(Debug, Default)]
pub(crate) struct Outputs {
    files: Vec<(PathBuf, Option<String>, String)>,
    /// Where each path of `files` is in it: a run over thousands of files
    /// looks each one up.
    file_index: HashMap<PathBuf, usize>,
    /// Files rewritten in place, already in their closed temp files.
    rewritten: Vec<Staged>,
    /// Where each path of `rewritten` is in it.
    rewritten_index: HashMap<PathBuf, usize>,
}

/// A file rewritten in place, in its closed temp file.
#[derive(Debug)]
struct Staged {
    path: PathBuf,
    /// The bytes written to it.
    written: u64,
    pending: PendingFile,
    /// The file as it was read, to tell that nobody changed or removed it
    /// before it is replaced.
    stamp: Option<Stamp>,
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
        let Some(&i) = self.file_index.get(&path) else {
            // No file sealant writes is one it would refuse to read back.
            if text.len() as u64 > crate::limits::MAX_OUTPUT_BYTES {
                return Err(too_large(&path));
            }
            self.file_index.insert(path.clone(), self.files.len());
            self.files.push((path, cluster, text));
            return Ok(());
        };
        let (_, other, existing) = &mut self.files[i];
        if (existing.len() + text.len()) as u64 > crate::limits::MAX_OUTPUT_BYTES {
            return Err(too_large(&path));
        }
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
        Ok(())
    }

    /// Writes the new text of a file rewritten in place to its temp file
    /// now (with the byte-order mark it had); it replaces the file only in
    /// [`write_all`], with the others. Text for a path already written (the
    /// file named twice) is added to it, as [`Outputs::add`] joins documents.
    pub(crate) fn rewrite(&mut self, rewrite: &Rewrite, text: &str) -> Result<()> {
        let path = rewrite.path().to_path_buf();
        if let Some(&i) = self.rewritten_index.get(&path) {
            let staged = &mut self.rewritten[i];
            if staged.written + text.len() as u64 > crate::limits::MAX_OUTPUT_BYTES {
                return Err(too_large(&path));
            }
            staged.pending.append(text.as_bytes())?;
            staged.written += text.len() as u64;
            return Ok(());
        }
        if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            // Not a regular file (a FIFO given to -i): refused when the
            // files are written, after every input was read, as before.
            return self.add(path, None, text.to_string());
        }
        if text.len() as u64 > crate::limits::MAX_OUTPUT_BYTES {
            return Err(too_large(&path));
        }
        // Closed once written: a thousand files hold no thousand open files.
        let pending = rewrite.stage(text)?;
        self.staged(rewrite, text.len() as u64, pending)
    }

    /// Adds a file rewritten in place whose new text (`written` bytes) is
    /// already in its temp file: [`Rewrite::stage`] run on another thread.
    /// The file must be named once in the run (a file named twice goes
    /// through [`Outputs::rewrite`], which joins its texts).
    pub(crate) fn staged(
        &mut self,
        rewrite: &Rewrite,
        written: u64,
        pending: PendingFile,
    ) -> Result<()> {
        let path = rewrite.path().to_path_buf();
        if written > crate::limits::MAX_OUTPUT_BYTES {
            return Err(too_large(&path));
        }
        debug_assert!(!self.rewritten_index.contains_key(&path));
        self.rewritten_index
            .insert(path.clone(), self.rewritten.len());
        self.rewritten.push(Staged {
            path,
            written,
            pending,
            stamp: rewrite.stamp(),
        });
        Ok(())
    }

    /// The paths and their clusters, in order (files rewritten in place
    /// first).
    pub(crate) fn paths_with_clusters(&self) -> Vec<(PathBuf, Option<String>)> {
        self.rewritten
            .iter()
            .map(|s| (s.path.clone(), None))
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
    // A file changed or removed by another program since it was read is
    // not replaced: that program's change would be lost, or a removed file
    // come back.
    for staged in &outputs.rewritten {
        if let Some(stamp) = &staged.stamp {
            stamp.check(&staged.path)?;
        }
    }
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
    let mut pending: Vec<PendingFile> = outputs.rewritten.into_iter().map(|s| s.pending).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Rewrites `a` and `b` in place, with `meddle` run between reading
    /// them and writing them back.
    fn rewrite_both(meddle: impl FnOnce(&std::path::Path, &std::path::Path)) -> Result<()> {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        fs::write(&a, "a: 1\n").unwrap();
        fs::write(&b, "b: 1\n").unwrap();
        let mut outputs = Outputs::default();
        let (ra, _) = Rewrite::open(&a).unwrap();
        let (rb, _) = Rewrite::open(&b).unwrap();
        outputs.rewrite(&ra, "a: 2\n").unwrap();
        outputs.rewrite(&rb, "b: 2\n").unwrap();
        meddle(&a, &b);
        let result = write_all(outputs);
        // Either both files are new, or neither is, and no temp file is left.
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("sealant-tmp"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
        let a_now = fs::read_to_string(&a).unwrap();
        if result.is_ok() {
            assert_eq!(a_now, "a: 2\n");
            assert_eq!(fs::read_to_string(&b).unwrap(), "b: 2\n");
        } else {
            assert_eq!(a_now, "a: 1\n");
        }
        result
    }

    #[test]
    fn files_read_and_left_alone_are_replaced() {
        rewrite_both(|_, _| {}).unwrap();
    }

    #[test]
    fn a_file_another_program_changed_is_not_replaced_nor_any_other() {
        let e = rewrite_both(|_, b| fs::write(b, "b: from someone else, longer\n").unwrap())
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("b.yaml"), "{text}");
        assert!(
            text.contains("changed or replaced by another program"),
            "{text}"
        );
    }

    #[test]
    fn a_file_removed_during_the_run_does_not_come_back() {
        let e = rewrite_both(|_, b| fs::remove_file(b).unwrap()).unwrap_err();
        assert!(
            matches!(&e, Error::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound),
            "{e}"
        );
    }

    #[test]
    fn a_file_replaced_by_a_new_one_is_not_replaced() {
        let e = rewrite_both(|_, b| {
            let other = b.with_extension("new");
            fs::write(&other, "b: 1\n").unwrap();
            fs::rename(&other, b).unwrap();
        })
        .unwrap_err();
        assert!(e.to_string().contains("another program"), "{e}");
    }
}
