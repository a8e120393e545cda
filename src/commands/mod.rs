//! The commands: each takes a resolved configuration and does the work.

mod audit;
mod cert;
mod check;
mod controller;
mod create;
mod docs;
mod emit;
mod keygen;
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

use crate::cert::Certificate;
use crate::config::{CertSource, Plan, SealingCert};
use crate::crypto::Backend;
use crate::error::{Error, Result};

pub use docs::{man_pages, render_completions};

/// Runs a plan. Returns normally on success; every failure is an [`Error`].
pub fn run(plan: Plan) -> Result<()> {
    match plan {
        Plan::Seal(c) => seal::run(&c),
        Plan::KubesealSeal(c) => kubeseal::seal(&c),
        Plan::Raw(c) => raw::run(&c),
        Plan::Merge(c) => merge::run(&c),
        Plan::Unseal(c) => unseal::run(&c),
        Plan::Reseal(c) => reseal::run(&c),
        Plan::Validate(c) => validate::run(&c),
        Plan::Audit(c) => audit::run(&c),
        Plan::Keygen(c) => keygen::run(&c),
        Plan::Create(c) => create::run(&c),
        Plan::Check(c) => check::run(&c),
        Plan::CertShow(c) => cert::show(&c),
        Plan::CertFetch(c) => cert::fetch(&c),
        Plan::ControllerValidate(c) => controller::validate(&c),
        Plan::ControllerReseal(c) => controller::reseal(&c),
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

/// Loads a certificate without judging it.
pub(crate) fn load_cert(source: &CertSource) -> Result<Certificate> {
    match source {
        CertSource::Location(loc) => crate::cert::load(loc, Backend::default()),
        CertSource::Cluster(options) => {
            let controller = crate::cluster::Controller::connect(options)?;
            if let Some(note) = controller.note() {
                crate::note!("sealant: {note}");
            }
            let pem = controller.fetch_cert()?;
            let source = format!(
                "from controller {}/{}",
                controller.service().namespace,
                controller.service().name
            );
            crate::cert::Certificate::parse(&pem, &source, Backend::default())
        }
    }
}

/// Standard output, buffered, with write errors mapped (a closed pipe
/// becomes a quiet exit in `main`).
pub(crate) struct Stdout {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
}

/// Bytes buffered before a write to standard output.
const STDOUT_BUFFER: usize = 64 * 1024;

impl Stdout {
    pub(crate) fn new() -> Self {
        Stdout {
            // A SealedSecret is ~4 KiB: the default 8 KiB buffer would make
            // one write call per document.
            out: std::io::BufWriter::with_capacity(STDOUT_BUFFER, std::io::stdout().lock()),
        }
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(stdout_error)
    }

    pub(crate) fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(stdout_error)
    }
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
    File(crate::atomic::AtomicFile, Vec<u8>),
}

impl Sink {
    pub(crate) fn open(output: &crate::config::Output, mode: crate::atomic::Mode) -> Result<Sink> {
        Ok(match output {
            crate::config::Output::File(p) => Sink::File(
                crate::atomic::AtomicFile::create(p, mode)?,
                Vec::with_capacity(STDOUT_BUFFER),
            ),
            _ => Sink::Stdout(Stdout::new()),
        })
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        match self {
            Sink::Stdout(s) => s.write(bytes),
            Sink::File(f, pending) => {
                pending.extend_from_slice(bytes);
                if pending.len() >= STDOUT_BUFFER {
                    f.write_all(pending)?;
                    pending.clear();
                }
                Ok(())
            }
        }
    }

    pub(crate) fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(s) => s.finish(),
            Sink::File(mut f, pending) => {
                f.write_all(&pending)?;
                f.commit()
            }
        }
    }
}
