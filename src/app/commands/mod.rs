//! The commands: each takes a resolved configuration and does the work.

mod audit;
mod cat;
mod cert;
mod check;
#[cfg(feature = "cluster")]
mod controller;
mod create;
mod diff;
mod docs;
mod edit;
mod history;
mod keygen;
mod keys;
mod kubeseal;
mod merge;
mod raw;
mod repo;
mod reseal;
mod seal;
mod unseal;
mod validate;

use std::io::Write;
use std::path::Path;

use crate::app::config::{CertSource, Plan, SealingCert};
use crate::core::certificate::Certificate;
use crate::core::crypto::Backend;
use crate::error::{Error, Result};

pub use docs::{man_pages, render_completions};

/// Runs a plan. Returns normally on success; every failure is an [`Error`].
pub fn run(plan: Plan) -> Result<()> {
    // Every command but the documentation ones reads Secret values (in
    // plain or sealed form, with keys): none of it goes to a core dump.
    if !matches!(plan, Plan::Completions(_) | Plan::Man(_)) {
        crate::app::dumps::forbid();
    }
    match plan {
        Plan::Seal(c) => seal::run(&c),
        Plan::KubesealSeal(c) => kubeseal::seal(&c),
        Plan::Raw(c) => raw::run(&c),
        Plan::Merge(c) => merge::run(&c),
        Plan::Unseal(c) => unseal::run(&c),
        Plan::Cat(c) => cat::run(&c),
        Plan::Edit(c) => edit::run(&c),
        Plan::Reseal(c) => reseal::run(&c),
        Plan::Validate(c) => validate::run(&c),
        Plan::Audit(c) => audit::run(&c),
        Plan::Diff(c) => diff::run(&c),
        Plan::Keygen(c) => keygen::run(&c),
        Plan::KeysBackup(c) => keys::backup(&c),
        Plan::KeysList(c) => keys::list(&c),
        Plan::Create(c) => create::run(&c),
        Plan::Check(c) => check::run(&c),
        Plan::CertShow(c) => cert::show(&c),
        Plan::CertFetch(c) => cert::fetch(&c),
        Plan::CertFetchContexts(c) => cert::fetch_contexts(&c),
        #[cfg(feature = "cluster")]
        Plan::ControllerValidate(c) => controller::validate(&c),
        #[cfg(feature = "cluster")]
        Plan::ControllerReseal(c) => controller::reseal(&c),
        #[cfg(not(feature = "cluster"))]
        Plan::ControllerValidate(_) => Err(crate::app::remote::needs_cluster(
            "validating through the controller (/v1/verify)",
        )),
        #[cfg(not(feature = "cluster"))]
        Plan::ControllerReseal(_) => Err(crate::app::remote::needs_cluster(
            "resealing through the controller (/v1/rotate)",
        )),
        Plan::Completions(shell) => docs::completions(shell),
        Plan::Man(dir) => docs::man(dir.as_deref()),
    }
}

/// Creates a folder (and its parents) if missing; a new folder is 0700,
/// since what goes into it holds plaintext or keys.
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|source| Error::Write {
        path: dir.display().to_string(),
        source,
    })
}

/// Loads the certificate to seal with; refuses an expired one and one that
/// does not match its pins.
pub(crate) fn load_sealing_cert(source: &SealingCert) -> Result<Certificate> {
    let cert = load_pinned(source)?;
    cert.check_not_expired(time::OffsetDateTime::now_utc())?;
    Ok(cert)
}

/// Loads a certificate and refuses one that does not match its pins.
pub(crate) fn load_pinned(source: &SealingCert) -> Result<Certificate> {
    let cert = load_cert(&source.source)?;
    cert.check_pinned(&source.pins, &source.pinned_by)?;
    Ok(cert)
}

/// Loads the certificate at a path, an `http(s)://` or a `file://` URL: the
/// bytes come from `io/location.rs` (the only way to the network for a
/// certificate), the parsing is the core's.
pub(crate) fn load_location(location: &str) -> Result<Certificate> {
    let bytes = crate::io::location::read_location(location)?;
    Certificate::parse(&bytes, location, Backend::default())
}

/// Loads a certificate without judging it.
pub(crate) fn load_cert(source: &CertSource) -> Result<Certificate> {
    match source {
        CertSource::Location(loc) => load_location(loc),
        CertSource::Cluster(options) => crate::app::remote::fetch_cert(options),
    }
}

/// Standard output, buffered, with write errors mapped (a closed pipe
/// becomes a quiet exit in `main`). The buffer may hold plaintext: it is
/// wiped when written out and when dropped.
pub(crate) struct Stdout {
    /// Held so nothing else prints in between; flushed before the first write.
    lock: std::io::StdoutLock<'static>,
    /// Standard output itself, bypassing the standard library's line
    /// buffer (which would keep the last line written, unwiped).
    out: Box<dyn Write>,
    buf: WipedBuffer,
    /// What is held back until the run succeeds (see [`Stdout::holding`]).
    held: Option<Held>,
}

/// Bytes buffered before a write to standard output.
const STDOUT_BUFFER: usize = 64 * 1024;

/// How much of `seal`'s output standard output holds back until every
/// document is sealed: a failed run prints nothing, up to this size. A
/// longer stream is written as it is sealed, so memory stays bounded
/// (`-w FILE` is all or nothing at any size).
pub(crate) const STDOUT_HOLD: usize = 8 << 20;

/// Output held back, in buffers that never grow (so no copy is left in
/// freed memory) and are wiped when dropped.
struct Held {
    chunks: Vec<WipedBuffer>,
    len: usize,
    limit: usize,
}

impl Held {
    fn push(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len();
        while !bytes.is_empty() {
            let full = self
                .chunks
                .last()
                .is_none_or(|c| c.0.len() == c.0.capacity());
            if full {
                self.chunks.push(WipedBuffer::new());
            }
            let chunk = &mut self.chunks.last_mut().expect("pushed above").0;
            let n = (chunk.capacity() - chunk.len()).min(bytes.len());
            chunk.extend_from_slice(&bytes[..n]);
            bytes = &bytes[n..];
        }
    }
}

/// A write buffer that never reallocates (bigger writes go straight
/// through) and is wiped after every flush and when dropped, so no copy of
/// what passed through it stays in freed memory.
pub(crate) struct WipedBuffer(zeroize::Zeroizing<Vec<u8>>);

impl WipedBuffer {
    fn new() -> Self {
        WipedBuffer(zeroize::Zeroizing::new(Vec::with_capacity(STDOUT_BUFFER)))
    }

    /// Adds `bytes`, handing full buffers (and writes too big to buffer) to
    /// `flush`.
    fn write(&mut self, bytes: &[u8], mut flush: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        if self.0.len() + bytes.len() > self.0.capacity() {
            self.flush(&mut flush)?;
            if bytes.len() >= self.0.capacity() {
                return flush(bytes);
            }
        }
        self.0.extend_from_slice(bytes);
        Ok(())
    }

    fn flush(&mut self, mut flush: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let result = flush(&self.0);
        zeroize::Zeroize::zeroize(&mut *self.0);
        result
    }
}

impl Stdout {
    pub(crate) fn new() -> Self {
        Stdout {
            // A SealedSecret is ~4 KiB: the default 8 KiB buffer would make
            // one write call per document.
            lock: std::io::stdout().lock(),
            out: raw_stdout(),
            buf: WipedBuffer::new(),
            held: None,
        }
    }

    /// Standard output that writes nothing until [`Stdout::finish`], for
    /// the first `limit` bytes: dropped unfinished (a failed run), it has
    /// printed nothing. Past `limit`, what is held is written and the rest
    /// goes out as it comes.
    pub(crate) fn holding(limit: usize) -> Self {
        Stdout {
            held: Some(Held {
                chunks: Vec::new(),
                len: 0,
                limit,
            }),
            ..Stdout::new()
        }
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(held) = &mut self.held {
            if held.len + bytes.len() <= held.limit {
                held.push(bytes);
                return Ok(());
            }
            self.release()?;
        }
        self.lock.flush().map_err(stdout_error)?;
        let out = &mut self.out;
        self.buf
            .write(bytes, |b| out.write_all(b).map_err(stdout_error))
    }

    /// Writes out what was held back; from now on output is not held.
    fn release(&mut self) -> Result<()> {
        let Some(held) = self.held.take() else {
            return Ok(());
        };
        self.lock.flush().map_err(stdout_error)?;
        for chunk in &held.chunks {
            self.out.write_all(&chunk.0).map_err(stdout_error)?;
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        self.release()?;
        let out = &mut self.out;
        self.buf.flush(|b| out.write_all(b).map_err(stdout_error))?;
        self.out.flush().map_err(stdout_error)
    }
}

/// Standard output as a file of its own (a duplicate of descriptor 1), or
/// the locked standard stream where that is not possible.
fn raw_stdout() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}

fn stdout_error(source: std::io::Error) -> Error {
    Error::Write {
        path: "<stdout>".to_string(),
        source,
    }
}

/// Writes to standard output, or atomically to a file.
pub(crate) enum Sink {
    Stdout(Stdout),
    /// The file, and what is waiting to be written to it.
    File(crate::io::atomic::AtomicFile, WipedBuffer),
}

impl Sink {
    pub(crate) fn open(
        output: &crate::app::config::Output,
        mode: crate::io::atomic::Access,
    ) -> Result<Sink> {
        Ok(match output {
            crate::app::config::Output::File(p) => Sink::File(
                crate::io::atomic::AtomicFile::create(p, mode)?,
                WipedBuffer::new(),
            ),
            _ => Sink::Stdout(Stdout::new()),
        })
    }

    /// As [`Sink::open`], with standard output held back until the run
    /// succeeds, up to [`STDOUT_HOLD`]: a stream that fails part way
    /// prints nothing (a file is all or nothing anyway).
    pub(crate) fn open_holding(
        output: &crate::app::config::Output,
        mode: crate::io::atomic::Access,
    ) -> Result<Sink> {
        match output {
            crate::app::config::Output::File(_) => Sink::open(output, mode),
            _ => Ok(Sink::Stdout(Stdout::holding(STDOUT_HOLD))),
        }
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Stdout(s) => s.write(bytes),
            Sink::File(f, pending) => pending.write(bytes, |b| f.write_all(b)),
        }
    }

    pub(crate) fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(s) => s.finish(),
            Sink::File(mut f, mut pending) => {
                pending.flush(|b| f.write_all(b))?;
                f.commit()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_output_keeps_every_byte_in_order_in_buffers_that_never_grow() {
        let mut held = Held {
            chunks: Vec::new(),
            len: 0,
            limit: usize::MAX,
        };
        let mut expected = Vec::new();
        for i in 0..400u32 {
            // Pieces of every size up to twice a buffer, so some span three.
            let piece: Vec<u8> = (0..(i * 331) % (2 * STDOUT_BUFFER as u32 + 7))
                .map(|j| (i + j) as u8)
                .collect();
            held.push(&piece);
            expected.extend_from_slice(&piece);
        }
        assert_eq!(held.len, expected.len());
        assert!(held.chunks.iter().all(|c| c.0.capacity() == STDOUT_BUFFER));
        let joined: Vec<u8> = held
            .chunks
            .iter()
            .flat_map(|c| c.0.iter().copied())
            .collect();
        assert_eq!(joined, expected);
    }
}
