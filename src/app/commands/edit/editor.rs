//! The editing session of `sealant edit`: the private 0600 buffer file (wiped and
//! removed whatever happens), the editor process, the signals that must not
//! leave the buffer behind, and asking whether to reopen a buffer that does
//! not parse.

use super::*;

/// Writes `text` to a fresh buffer, runs the editor on it until it parses
/// (reopening on a terminal when asked) and returns the Secret; the buffer
/// is wiped and removed whatever happens.
pub(super) fn edit_buffer(text: &str, signals: &Signals) -> Result<WipedValues> {
    let buffer = Buffer::create()?;
    buffer.write(text.as_bytes())?;
    loop {
        run_editor(&buffer.file, signals)?;
        let edited = buffer.read()?;
        match parse_buffer(&edited) {
            Ok(v) => return Ok(WipedValues(vec![v])),
            Err(e) => {
                if std::io::stdin().is_terminal()
                    && std::io::stderr().is_terminal()
                    && ask_reopen(&e)?
                {
                    continue;
                }
                return Err(e);
            }
        }
    }
}

/// `edit --new`: a Secret written in the editor, sealed into a new file.
pub(super) fn ask_reopen(e: &Error) -> Result<bool> {
    crate::note!("error: {e}");
    eprint!("sealant: reopen the editor? [Y/n] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|source| Error::Read {
            path: "<stdin>".into(),
            source,
        })?;
    Ok(!answer.trim().eq_ignore_ascii_case("n"))
}

/// SIGINT, SIGTERM and SIGHUP, counted instead of ending the process, so
/// the buffer is always wiped first.
pub(super) struct Signals {
    pub(super) got: Arc<AtomicUsize>,
    pub(super) ids: Vec<signal_hook::SigId>,
}

impl Signals {
    pub(super) fn register() -> Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let got = Arc::new(AtomicUsize::new(0));
        let mut ids = Vec::new();
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            let flag = Arc::clone(&got);
            // A flag handler: the signal's number is stored, nothing else.
            let id = signal_hook::flag::register_usize(sig, flag, sig as usize)
                .map_err(|e| Error::usage(format!("cannot handle signal {sig} ({e})"), None))?;
            ids.push(id);
        }
        Ok(Signals { got, ids })
    }

    pub(super) fn received(&self) -> Option<usize> {
        match self.got.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Runs `$VISUAL`, else `$EDITOR`, else `vi`, as a shell would (so
/// `EDITOR="code -w"` works), and waits for it; a signal stops it.
pub(super) fn run_editor(file: &Path, signals: &Signals) -> Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string());
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("exec {editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .spawn()
        .map_err(|e| {
            Error::usage(
                format!("cannot start the editor '{editor}' ({e})"),
                Some(
                    "set VISUAL or EDITOR to an editor that waits until the file is closed"
                        .to_string(),
                ),
            )
        })?;
    loop {
        if let Some(sig) = signals.received() {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::usage(
                format!("stopped by signal {sig}; the buffer was wiped and the file not changed"),
                None,
            ));
        }
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(Error::usage(
                    format!("the editor '{editor}' failed ({status}); nothing was changed"),
                    None,
                ));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(50)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::usage(
                    format!("waiting for the editor failed ({e})"),
                    None,
                ));
            }
        }
    }
}

/// The plaintext buffer: a 0600 file in a fresh 0700 folder, wiped and
/// removed when dropped.
pub(super) struct Buffer {
    pub(super) dir: PathBuf,
    pub(super) file: PathBuf,
}

impl Buffer {
    pub(super) fn create() -> Result<Buffer> {
        let base = ["XDG_RUNTIME_DIR"]
            .iter()
            .filter_map(std::env::var_os)
            .map(PathBuf::from)
            .chain([PathBuf::from("/dev/shm")])
            .find(|p| p.is_absolute() && writable_dir(p))
            .unwrap_or_else(std::env::temp_dir);
        let mut last = None;
        for _ in 0..16 {
            let mut random = [0u8; 8];
            rand_bytes(&mut random);
            let name: String = random.iter().map(|b| format!("{b:02x}")).collect();
            let dir = base.join(format!("sealant-edit-{name}"));
            let mut builder = fs::DirBuilder::new();
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                builder.mode(0o700);
            }
            match builder.create(&dir) {
                Ok(()) => {
                    let buffer = Buffer {
                        file: dir.join("secret.yaml"),
                        dir,
                    };
                    return Ok(buffer);
                }
                Err(e) => last = Some((dir, e)),
            }
        }
        let (dir, source) = last.expect("tried at least once");
        Err(Error::Write {
            path: dir.display().to_string(),
            source,
        })
    }

    pub(super) fn write(&self, bytes: &[u8]) -> Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let err = |source| Error::Write {
            path: self.file.display().to_string(),
            source,
        };
        let mut f = options.open(&self.file).map_err(err)?;
        f.write_all(bytes).map_err(err)?;
        f.sync_all().map_err(err)
    }

    pub(super) fn read(&self) -> Result<Zeroizing<String>> {
        let name = self.file.display().to_string();
        let bytes = read_or(Some(&self.file), &name, MAX_INPUT_BYTES, || {
            let message = format!(
                "is larger than {}; nothing was changed",
                mib(MAX_INPUT_BYTES)
            );
            Error::input(&Origin::file("<edit buffer>"), message, None)
        })?;
        match std::str::from_utf8(&bytes) {
            Ok(s) => Ok(Zeroizing::new(s.to_string())),
            Err(_) => Err(Error::input(
                &Origin::file("<edit buffer>"),
                "is not UTF-8 text; nothing was changed",
                None,
            )),
        }
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // Every file the editor left in the folder (swap and backup files
        // too) is overwritten with zeros, then removed.
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if let Ok(meta) = fs::symlink_metadata(&path)
                    && meta.is_file()
                    && let Ok(mut f) = fs::OpenOptions::new().write(true).open(&path)
                {
                    let zeros = vec![0u8; meta.len() as usize];
                    let _ = f.write_all(&zeros);
                    let _ = f.sync_all();
                }
                let _ = fs::remove_file(&path);
            }
        }
        if fs::remove_dir(&self.dir).is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

pub(super) fn writable_dir(p: &Path) -> bool {
    p.is_dir() && fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
}

pub(super) fn rand_bytes(out: &mut [u8]) {
    use rand_core::Rng;
    os_rng().fill_bytes(out);
}
