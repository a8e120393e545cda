//! Rewriting a file in place, the one way every in-place command does it
//! (`seal -i`, `merge`, `edit`, `reseal`, `controller reseal -i`,
//! `cert fetch --pin`): take the file's lock, read it under the lock,
//! change the text, write it back atomically.
//!
//! - The lock ([`atomic::lock`]) is taken before the file is read and held
//!   until the [`Rewrite`] drops: a concurrent sealant run rewriting the same
//!   file waits, then reads what this one wrote, so neither loses a change.
//! - The file is read as every input is ([`Input::read`]: capped, wiped,
//!   UTF-8), and its byte-order mark is written back with the new text.
//! - The write is [`atomic::rewrite`]'s: a temp file beside the real one,
//!   renamed over it, keeping its mode, owner and group; links are written
//!   through; hard-linked files, FIFOs and devices are refused. Line endings
//!   are the text's own: every command edits the text it read by byte.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::atomic::{self, AtomicFile, Lock, PendingFile};
use crate::io::input::{Input, with_bom};

/// A file being rewritten in place: locked from before it is read until
/// this drops.
#[derive(Debug)]
pub struct Rewrite {
    /// The path as given: what is read, and named in messages.
    path: PathBuf,
    /// The file written back (the real file, when a walk resolved links).
    real: PathBuf,
    /// Whether the text read had a byte-order mark.
    had_bom: bool,
    /// The file as it was read (a regular file only).
    stamp: Option<Stamp>,
    _lock: Lock,
}

/// What a regular file was when it was read: which file, how long, when
/// last changed. The rewrite lock keeps other sealant runs out; this tells
/// when another program changed or removed the file before it is replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    id: (u64, u64),
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let id = (0, 0);
        Some(Stamp {
            id,
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }

    /// An error when the file at `path` (as given; links followed) is no
    /// longer the file this stamp was taken of, unchanged.
    pub fn check(&self, path: &Path) -> Result<()> {
        let now = match std::fs::metadata(path) {
            Ok(meta) => Stamp::of(&meta),
            Err(source) => {
                return Err(Error::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        if now.as_ref() == Some(self) {
            return Ok(());
        }
        Err(Error::input(
            &crate::error::Origin::file(path.display().to_string()),
            "the file was changed or replaced by another program while sealant ran; it was left as that program wrote it, and nothing was written",
            Some("run the command again".to_string()),
        ))
    }
}

impl Rewrite {
    /// Takes the rewrite lock of `path` (waiting for another sealant run
    /// that holds it); read the file with [`Rewrite::read`].
    pub fn lock(path: &Path) -> Result<Rewrite> {
        Self::lock_at(path, path)
    }

    /// [`Rewrite::lock`] for a file found by a walk: `path` as the walk
    /// gave it (read and named in messages), `real` the file its links lead
    /// to (locked and written).
    pub fn lock_at(path: &Path, real: &Path) -> Result<Rewrite> {
        let lock = atomic::lock(real)?;
        Ok(Rewrite {
            path: path.to_path_buf(),
            real: real.to_path_buf(),
            had_bom: false,
            stamp: None,
            _lock: lock,
        })
    }

    /// Locks and reads `path`: the start of most rewrites.
    pub fn open(path: &Path) -> Result<(Rewrite, Input)> {
        let mut rewrite = Self::lock(path)?;
        let input = rewrite.read()?;
        Ok((rewrite, input))
    }

    /// Reads the file under the lock, and remembers its byte-order mark for
    /// the write.
    pub fn read(&mut self) -> Result<Input> {
        let mut input = Input::read(Some(&self.path))?;
        input.real = Some(self.real.clone());
        self.had_bom = input.had_bom;
        self.stamp = std::fs::metadata(&self.path)
            .ok()
            .and_then(|m| Stamp::of(&m));
        Ok(input)
    }

    /// The file as it was read, when it is a regular file.
    pub fn stamp(&self) -> Option<Stamp> {
        self.stamp.clone()
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bytes written for a new `text`: with the byte-order mark the
    /// file had.
    pub fn bytes(&self, text: &str) -> Vec<u8> {
        with_bom(self.had_bom, text)
    }

    /// Replaces the file with `text` now, atomically.
    pub fn write(&self, text: &str) -> Result<()> {
        atomic::rewrite(&self.real, &self.bytes(text))
    }

    /// Writes `text` to the file's temp file, closed and not yet in place:
    /// several files are put in place together by [`atomic::commit_all`]
    /// (or dropped, changing nothing).
    pub fn stage(&self, text: &str) -> Result<PendingFile> {
        let mut file = AtomicFile::rewrite(&self.real)?;
        file.write_all(&self.bytes(text))?;
        file.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewrite_keeps_the_byte_order_mark_and_the_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, b"\xEF\xBB\xBFa: b\r\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let (rewrite, input) = Rewrite::open(&p).unwrap();
        assert_eq!(input.text, "a: b\r\n");
        rewrite.write(&input.text.replace('b', "c")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"\xEF\xBB\xBFa: c\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
    }

    #[test]
    fn staged_rewrites_change_nothing_until_committed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "a: b\n").unwrap();
        let (rewrite, _) = Rewrite::open(&p).unwrap();
        let pending = rewrite.stage("a: c\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "a: b\n");
        atomic::commit_all(vec![pending]).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "a: c\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
