//! Writing files where the user meant, in one place.
//!
//! - A regular file is written atomically: a temp file in the same folder,
//!   written, flushed to disk, then renamed over the target. A failed or
//!   killed run leaves the target exactly as it was.
//! - A symbolic link is written through: the file it leads to is replaced,
//!   and the link stays a link.
//! - The replacement keeps the owner, group and permissions of the file it
//!   replaces (the owner needs root; a non-root run keeps the group where it
//!   may), less the setuid and setgid bits.
//! - A file with more than one hard link is refused: renaming over it would
//!   split the links (the other names keep the old text, which may be
//!   plaintext), and writing into it would not be atomic.
//! - A character device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a
//!   named pipe) is written into, never replaced by a regular file.
//!
//! In-place rewrites (read, change, write back) first take [`lock`] on the
//! file, an advisory lock that another sealant run waits for, and read the
//! file only once it is held: two runs rewriting one file both keep their
//! change.

use std::fs::{self, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// File permissions for the new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Keep the permissions of the file being replaced; 0644 (less the
    /// umask) for a new file.
    Keep,
    /// Owner read/write only (0600): for files that hold plaintext or keys.
    Private,
}

/// Links followed before a chain of symbolic links is called a loop (as
/// Linux's limit).
const MAX_LINKS: usize = 40;

/// Where the bytes for a path go.
enum Place {
    /// A regular file (or nothing yet) at this path, links resolved; with
    /// the metadata of the file it replaces.
    Replace(PathBuf, Option<fs::Metadata>),
    /// Something that is written into: a device, a FIFO, standard output.
    Into(fs::File),
}

fn write_error(path: &Path, kind: std::io::ErrorKind, message: String) -> Error {
    Error::Write {
        path: path.display().to_string(),
        source: std::io::Error::new(kind, message),
    }
}

/// The standard stream a path names, if it names one (`/dev/stdout`): that
/// stream itself is written, whatever it is (a terminal, a pipe, a file the
/// shell opened), so it works for every user.
fn standard_stream(path: &Path) -> Option<std::io::Result<fs::File>> {
    use std::os::fd::AsFd;
    let s = path.to_str()?;
    let fd = match s {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => {
            std::io::stdout().as_fd().try_clone_to_owned()
        }
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => {
            std::io::stderr().as_fd().try_clone_to_owned()
        }
        _ => return None,
    };
    Some(fd.map(fs::File::from))
}

/// Follows a chain of symbolic links to the path it ends at (which may not
/// exist yet).
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut cur = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&cur).map_err(|source| Error::Write {
                    path: path.display().to_string(),
                    source,
                })?;
                cur = match cur.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => {
                // Resolve the folder too, so the temp file lands beside the
                // real file.
                if let (Some(dir), Some(name)) = (cur.parent(), cur.file_name())
                    && !dir.as_os_str().is_empty()
                    && let Ok(dir) = fs::canonicalize(dir)
                {
                    return Ok(dir.join(name));
                }
                return Ok(cur);
            }
        }
    }
    Err(write_error(
        path,
        std::io::ErrorKind::InvalidInput,
        format!("more than {MAX_LINKS} symbolic links in a row (a loop?)"),
    ))
}

fn place(path: &Path) -> Result<Place> {
    if let Some(stream) = standard_stream(path) {
        return stream.map(Place::Into).map_err(|source| Error::Write {
            path: path.display().to_string(),
            source,
        });
    }
    let real = follow_links(path)?;
    match fs::metadata(&real) {
        Ok(meta) if meta.is_dir() => Err(write_error(
            path,
            std::io::ErrorKind::IsADirectory,
            "it is a folder; name a file".to_string(),
        )),
        Ok(meta) if !meta.is_file() => {
            // Open for writing only: no creating, no truncating (a FIFO
            // waits for its reader here, as a shell redirection does).
            let file = fs::OpenOptions::new()
                .write(true)
                .open(&real)
                .map_err(|source| Error::Write {
                    path: path.display().to_string(),
                    source,
                })?;
            Ok(Place::Into(file))
        }
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if meta.nlink() > 1 {
                    return Err(write_error(
                        path,
                        std::io::ErrorKind::InvalidInput,
                        format!(
                            "the file has {} hard links, and sealant does not rewrite a hard-linked file: \
                             replacing it would leave the old content under the other names, writing into it \
                             would not be atomic. Make it a file of its own first (cp FILE FILE.new && mv FILE.new FILE), \
                             or write somewhere else",
                            meta.nlink()
                        ),
                    ));
                }
            }
            // Renaming over a file needs only the folder to be writable: a
            // file marked read-only (even for root) is refused, not replaced.
            if meta.permissions().readonly() {
                return Err(write_error(
                    path,
                    std::io::ErrorKind::PermissionDenied,
                    "the file is read-only; make it writable (chmod u+w) to let sealant replace it"
                        .to_string(),
                ));
            }
            Ok(Place::Replace(real, Some(meta)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Place::Replace(real, None)),
        Err(source) => Err(Error::Write {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Gives the new file the owner and group of the one it replaces: root
/// keeps both, anyone else keeps the group where they may (a group they are
/// in) and otherwise owns the new file as they would any file they write.
#[cfg(unix)]
fn keep_owner(tmp: &fs::File, meta: &fs::Metadata, shown: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let same_owner = rustix::process::geteuid().as_raw() == meta.uid();
    let same_group = rustix::process::getegid().as_raw() == meta.gid();
    if same_owner && same_group {
        return Ok(());
    }
    match std::os::unix::fs::fchown(tmp, Some(meta.uid()), Some(meta.gid())) {
        Ok(()) => Ok(()),
        Err(source) if rustix::process::geteuid().is_root() => Err(Error::Write {
            path: shown.display().to_string(),
            source,
        }),
        Err(_) => {
            let _ = std::os::unix::fs::fchown(tmp, None, Some(meta.gid()));
            Ok(())
        }
    }
}

/// The permissions a replacement gets: the old ones less setuid and setgid
/// (a rewritten file must not stay a privileged program), or 0600 for
/// private files.
#[cfg(unix)]
fn kept_permissions(meta: &fs::Metadata, mode: Access) -> Permissions {
    use std::os::unix::fs::PermissionsExt;
    match mode {
        Access::Keep => Permissions::from_mode(meta.permissions().mode() & 0o1777),
        Access::Private => Permissions::from_mode(0o600),
    }
}

#[cfg(not(unix))]
fn kept_permissions(meta: &fs::Metadata, _mode: Access) -> Permissions {
    meta.permissions()
}

/// The advisory lock of a file being rewritten in place; released when
/// dropped.
#[derive(Debug)]
pub struct Lock {
    held: Option<(fs::File, FileId)>,
}

/// A file's identity: device and inode.
type FileId = (u64, u64);

/// The files this process holds locks on: asking again for one (the same
/// file named twice, or through a link) must not wait for itself. Threads
/// check it and take a lock under its mutex, so two threads asking for one
/// file at once do not both try the file's lock (one would wait for the
/// other for the whole run).
static HELD: std::sync::LazyLock<std::sync::Mutex<std::collections::HashSet<FileId>>> =
    std::sync::LazyLock::new(Default::default);

fn held() -> std::sync::MutexGuard<'static, std::collections::HashSet<FileId>> {
    HELD.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some((_, id)) = self.held.take() {
            held().remove(&id);
        }
    }
}

const NO_LOCK: Lock = Lock { held: None };

/// Takes the rewrite lock of `path` (the file its links lead to), waiting
/// while another sealant run holds it. Read the file only after this
/// returns. Anything that is not a regular file, or does not exist, is not
/// locked (there is nothing to lose; reading it reports what is wrong).
pub fn lock(path: &Path) -> Result<Lock> {
    raise_open_file_limit();
    let Ok(real) = follow_links(path) else {
        return Ok(NO_LOCK);
    };
    let mut told = false;
    loop {
        if !fs::metadata(&real).is_ok_and(|m| m.is_file()) {
            return Ok(NO_LOCK);
        }
        // Non-blocking: a FIFO put in its place must not hang the open.
        let Ok(file) = open_for_lock(&real) else {
            return Ok(NO_LOCK);
        };
        let meta = file.metadata().map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        if !meta.is_file() {
            return Ok(NO_LOCK);
        }
        let id = file_id(&meta);
        let mut mine = held();
        if mine.contains(&id) {
            return Ok(NO_LOCK);
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                // Another process holds it (this one would have it in
                // HELD): wait without keeping other threads out.
                drop(mine);
                if !told {
                    crate::note!(
                        "sealant: {} is being rewritten by another sealant run; waiting for it",
                        path.display()
                    );
                    told = true;
                }
                file.lock().map_err(|source| Error::Write {
                    path: path.display().to_string(),
                    source,
                })?;
                mine = held();
                if mine.contains(&id) {
                    // Not possible (the other process held it), but never
                    // two locks on one file in this process.
                    return Ok(NO_LOCK);
                }
            }
            Err(fs::TryLockError::Error(source)) => {
                return Err(Error::Write {
                    path: path.display().to_string(),
                    source,
                });
            }
        }
        // The run we waited for replaced the file: the lock is on the old
        // one. Lock the new one.
        if fs::metadata(&real).is_ok_and(|now| file_id(&now) == id) {
            mine.insert(id);
            return Ok(Lock {
                held: Some((file, id)),
            });
        }
    }
}

#[cfg(unix)]
fn open_for_lock(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_for_lock(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(unix)]
fn file_id(meta: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(_meta: &fs::Metadata) -> FileId {
    (0, 0)
}

/// A run that rewrites thousands of files holds one lock (an open file)
/// each until it is done: the soft limit of open files (often 1024) is
/// raised to the hard one, once, as Go programs do.
fn raise_open_file_limit() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            use rustix::process::{Resource, getrlimit, setrlimit};
            let limit = getrlimit(Resource::Nofile);
            if limit.current != limit.maximum {
                let _ = setrlimit(
                    Resource::Nofile,
                    rustix::process::Rlimit {
                        current: limit.maximum,
                        maximum: limit.maximum,
                    },
                );
            }
        });
    }
}

/// Whether two paths lead to the same file (through links, or as hard
/// links): an output that is one of the inputs.
#[cfg(unix)]
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.is_file() && x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Whether two paths lead to the same file.
#[cfg(not(unix))]
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

enum Inner {
    /// The temp file, and the real path it is renamed to.
    Temp(tempfile::NamedTempFile, PathBuf),
    Into(fs::File),
}

/// A file being written; nothing is visible at `path` until [`commit`]
/// (except for a device or FIFO, which is written as it goes).
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    path: PathBuf,
    inner: Inner,
}

impl AtomicFile {
    /// Starts rewriting the file `path` in place (`seal -i`, `merge`,
    /// `reseal`): as [`AtomicFile::create`], but what is there must be a
    /// regular file (or a link to one); a FIFO or device is refused, since
    /// there is nothing to rewrite in it.
    pub fn rewrite(path: &Path) -> Result<AtomicFile> {
        if let Ok(meta) = fs::metadata(path)
            && !meta.is_file()
        {
            return Err(write_error(
                path,
                std::io::ErrorKind::InvalidInput,
                "it is not a regular file (a FIFO, device or socket), so it cannot be rewritten in place; write the output with -w instead".to_string(),
            ));
        }
        AtomicFile::create(path, Access::Keep)
    }

    /// Starts writing `path` (see the module notes for where it goes).
    pub fn create(path: &Path, mode: Access) -> Result<AtomicFile> {
        let shown = path.display().to_string();
        let (real, meta) = match place(path)? {
            Place::Into(file) => {
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    inner: Inner::Into(file),
                });
            }
            Place::Replace(real, meta) => (real, meta),
        };
        let dir = match real.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = real
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
        if let Some(meta) = &meta {
            #[cfg(unix)]
            keep_owner(tmp.as_file(), meta, path)?;
            // After the owner: chown clears setuid and setgid anyway.
            tmp.as_file()
                .set_permissions(kept_permissions(meta, mode))
                .map_err(|source| Error::Write {
                    path: shown.clone(),
                    source,
                })?;
        }
        Ok(AtomicFile {
            path: path.to_path_buf(),
            inner: Inner::Temp(tmp, real),
        })
    }

    fn file_mut(&mut self) -> &mut fs::File {
        match &mut self.inner {
            Inner::Temp(tmp, _) => tmp.as_file_mut(),
            Inner::Into(f) => f,
        }
    }

    /// Appends bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let shown = self.path.display().to_string();
        self.file_mut()
            .write_all(bytes)
            .map_err(|source| Error::Write {
                path: shown,
                source,
            })
    }

    /// Flushes to disk and renames over the target.
    pub fn commit(self) -> Result<()> {
        let shown = self.path.display().to_string();
        let (tmp, real) = match self.inner {
            Inner::Temp(tmp, real) => (tmp, real),
            Inner::Into(mut f) => {
                return f.flush().map_err(|source| Error::Write {
                    path: shown,
                    source,
                });
            }
        };
        tmp.as_file().sync_all().map_err(|source| Error::Write {
            path: shown.clone(),
            source,
        })?;
        tmp.persist(&real).map_err(|e| Error::Write {
            path: shown.clone(),
            source: e.error,
        })?;
        if let Some(dir) = real.parent() {
            sync_dir(dir);
        }
        Ok(())
    }
}

/// A file written but not yet in place: its temp file is closed (so a run
/// over thousands of files does not hold thousands of open files) and is
/// removed if the value is dropped without [`commit_all`]. A device or FIFO
/// was written as it went; nothing is left to do for it.
#[derive(Debug)]
pub struct PendingFile {
    path: PathBuf,
    tmp: Option<(tempfile::TempPath, PathBuf)>,
}

impl AtomicFile {
    /// Stops writing and closes the temp file, for [`commit_all`].
    pub fn finish(self) -> Result<PendingFile> {
        let AtomicFile { path, inner } = self;
        let tmp = match inner {
            Inner::Temp(tmp, real) => Some((tmp.into_temp_path(), real)),
            Inner::Into(mut f) => {
                f.flush().map_err(|source| Error::Write {
                    path: path.display().to_string(),
                    source,
                })?;
                None
            }
        };
        Ok(PendingFile { path, tmp })
    }
}

impl PendingFile {
    /// Appends bytes to a file already written (the same file named twice
    /// in one run): its temp file is opened again, still not in place.
    pub fn append(&mut self, bytes: &[u8]) -> Result<()> {
        let shown = self.path.display().to_string();
        let Some((tmp, _)) = &self.tmp else {
            return Err(write_error(
                &self.path,
                std::io::ErrorKind::InvalidInput,
                "it was written into as a device or FIFO, and cannot be written again in this run"
                    .to_string(),
            ));
        };
        fs::OpenOptions::new()
            .append(true)
            .open(tmp)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|source| Error::Write {
                path: shown,
                source,
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
                    let Some((tmp, _)) = &file.tmp else { continue };
                    let synced = fs::File::open(tmp).and_then(|f| f.sync_all());
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
        let Some((tmp, real)) = file.tmp else {
            continue;
        };
        tmp.persist(&real).map_err(|e| Error::Write {
            path: file.path.display().to_string(),
            source: e.error,
        })?;
        if let Some(dir) = real.parent() {
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

/// Rewrites the file `path` in place with `bytes` (see [`AtomicFile::rewrite`]).
pub fn rewrite(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::rewrite(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Writes `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8], mode: Access) -> Result<()> {
    let mut f = AtomicFile::create(path, mode)?;
    f.write_all(bytes)?;
    f.commit()
}

#[cfg(unix)]
fn initial_permissions(mode: Access) -> Permissions {
    use std::os::unix::fs::PermissionsExt;
    match mode {
        Access::Private => Permissions::from_mode(0o600),
        Access::Keep => Permissions::from_mode(0o600 | umask_complement()),
    }
}

#[cfg(unix)]
fn umask_complement() -> u32 {
    // New files get 0644 (the common default); the permissions of an
    // existing target are copied over afterwards.
    0o044
}

#[cfg(not(unix))]
fn initial_permissions(_mode: Access) -> Permissions {
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
        let mut f = AtomicFile::create(&p, Access::Keep).unwrap();
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
        let mut f = AtomicFile::create(&p, Access::Private).unwrap();
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
            let mut f = AtomicFile::create(&p, Access::Keep).unwrap();
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
    fn a_pending_file_appended_to_is_committed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        fs::write(&p, "old").unwrap();
        let mut f = AtomicFile::rewrite(&p).unwrap();
        f.write_all(b"one ").unwrap();
        let mut pending = f.finish().unwrap();
        pending.append(b"two").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        commit_all(vec![pending]).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "one two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn pending_files_dropped_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        fs::write(&p, "old").unwrap();
        let mut f = AtomicFile::create(&p, Access::Keep).unwrap();
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
        write(&p, b"x", Access::Private).unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
