//! Atomic file writes: a temp file in the same folder, written, flushed to
//! disk, then renamed over the target. A failed or killed run leaves the
//! target exactly as it was.

use std::fs::{self, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File permissions for the new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keep the permissions of the file being replaced; 0644 (less the
    /// umask) for a new file.
    Keep,
    /// Owner read/write only (0600): for files that hold plaintext or keys.
    Private,
}

/// A file being written; nothing is visible at `path` until [`commit`].
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path, mode: Mode) -> Result<AtomicFile> {
        let shown = path.display().to_string();
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".sealant-tmp")
            .permissions(initial_permissions(mode))
            .tempfile_in(&dir)
            .map_err(|source| Error::Write {
                path: shown.clone(),
                // tempfile's error names its own temporary path, which
                // means nothing to the user; say what is missing instead.
                source: if source.kind() == std::io::ErrorKind::NotFound && !dir.is_dir() {
                    std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("the folder {} does not exist", dir.display()),
                    )
                } else {
                    source
                },
            })?;
        if let Ok(meta) = fs::metadata(path) {
            // Renaming over a file needs only the folder to be writable: a
            // file marked read-only (even for root) is refused, not replaced.
            if meta.is_file() && meta.permissions().readonly() {
                return Err(Error::Write {
                    path: shown,
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "the file is read-only; make it writable (chmod u+w) to let sealant replace it",
                    ),
                });
            }
            if mode == Mode::Keep {
                fs::set_permissions(tmp.path(), meta.permissions()).map_err(|source| {
                    Error::Write {
                        path: shown,
                        source,
                    }
                })?;
            }
        }
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
        })
    }

    /// Appends bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        self.tmp
            .as_file_mut()
            .write_all(bytes)
            .map_err(|source| Error::Write {
                path: self.path.display().to_string(),
                source,
            })
    }

    /// Flushes the written bytes to disk without making them visible, so
    /// that a full disk shows up before any of several files is replaced.
    pub fn sync(&self) -> Result<()> {
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|source| Error::Write {
                path: self.path.display().to_string(),
                source,
            })
    }

    /// Flushes to disk and renames over the target.
    pub fn commit(self) -> Result<()> {
        let shown = self.path.display().to_string();
        self.tmp
            .as_file()
            .sync_all()
            .map_err(|source| Error::Write {
                path: shown.clone(),
                source,
            })?;
        self.tmp.persist(&self.path).map_err(|e| Error::Write {
            path: shown.clone(),
            source: e.error,
        })?;
        if let Some(dir) = self.path.parent() {
            sync_dir(dir);
        }
        Ok(())
    }
}

/// A file written but not yet in place: its temp file is closed (so a run
/// over thousands of files does not hold thousands of open files) and is
/// removed if the value is dropped without [`commit_all`].
pub struct PendingFile {
    path: PathBuf,
    tmp: tempfile::TempPath,
}

impl AtomicFile {
    /// Stops writing and closes the temp file, for [`commit_all`].
    pub fn finish(self) -> Result<PendingFile> {
        let AtomicFile { path, tmp } = self;
        Ok(PendingFile {
            path,
            tmp: tmp.into_temp_path(),
        })
    }
}

/// How many files are flushed to disk at once by [`commit_all`]: the
/// filesystem commits concurrent flushes together, so a thousand files cost
/// little more than one.
const PARALLEL_SYNCS: usize = 16;

/// Puts many written files in place: flushes every one to disk (in
/// parallel), and only when all succeeded renames each over its target, in
/// order, then flushes each folder once. A failure before the renames
/// changes no target.
pub fn commit_all(files: Vec<PendingFile>) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failure = std::sync::Mutex::new(None::<Error>);
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_SYNCS.min(files.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let synced = fs::File::open(&file.tmp).and_then(|f| f.sync_all());
                    if let Err(source) = synced {
                        let mut slot = failure.lock().unwrap_or_else(|e| e.into_inner());
                        slot.get_or_insert(Error::Write {
                            path: file.path.display().to_string(),
                            source,
                        });
                        break;
                    }
                }
            });
        }
    });
    if let Some(error) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(error);
    }
    let mut dirs = std::collections::BTreeSet::new();
    for file in files {
        file.tmp.persist(&file.path).map_err(|e| Error::Write {
            path: file.path.display().to_string(),
            source: e.error,
        })?;
        if let Some(dir) = file.path.parent() {
            dirs.insert(dir.to_path_buf());
        }
    }
    for dir in dirs {
        sync_dir(&dir);
    }
    Ok(())
}

/// Makes renames in `dir` durable; not every filesystem allows it.
fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8], mode: Mode) -> Result<()> {
    let mut f = AtomicFile::create(path, mode)?;
    f.write_all(bytes)?;
    f.commit()
}

#[cfg(unix)]
fn initial_permissions(mode: Mode) -> Permissions {
    use std::os::unix::fs::PermissionsExt;
    match mode {
        Mode::Private => Permissions::from_mode(0o600),
        Mode::Keep => Permissions::from_mode(0o600 | umask_complement()),
    }
}

#[cfg(unix)]
fn umask_complement() -> u32 {
    // New files get 0644 (the common default); the permissions of an
    // existing target are copied over afterwards.
    0o044
}

#[cfg(not(unix))]
fn initial_permissions(_mode: Mode) -> Permissions {
    let f = tempfile::tempfile().expect("a temp file");
    f.metadata().expect("metadata").permissions()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_atomically_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        fs::write(&p, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, Permissions::from_mode(0o640)).unwrap();
        }
        let mut f = AtomicFile::create(&p, Mode::Keep).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(
            fs::read_to_string(&p).unwrap(),
            "old",
            "nothing visible before commit"
        );
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn dropped_without_commit_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.yaml");
        let mut f = AtomicFile::create(&p, Mode::Private).unwrap();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert!(!p.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn commit_all_replaces_every_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut pending = Vec::new();
        for i in 0..40 {
            let p = dir.path().join(format!("f{i}.yaml"));
            fs::write(&p, "old").unwrap();
            let mut f = AtomicFile::create(&p, Mode::Keep).unwrap();
            f.write_all(format!("new {i}").as_bytes()).unwrap();
            pending.push(f.finish().unwrap());
        }
        assert_eq!(
            fs::read_to_string(dir.path().join("f3.yaml")).unwrap(),
            "old"
        );
        commit_all(pending).unwrap();
        for i in 0..40 {
            let got = fs::read_to_string(dir.path().join(format!("f{i}.yaml"))).unwrap();
            assert_eq!(got, format!("new {i}"));
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 40);
    }

    #[test]
    fn pending_files_dropped_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        fs::write(&p, "old").unwrap();
        let mut f = AtomicFile::create(&p, Mode::Keep).unwrap();
        f.write_all(b"new").unwrap();
        drop(f.finish().unwrap());
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.yaml");
        write(&p, b"x", Mode::Private).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
