//! The one reporter for standard error: diagnostics and notes are printed
//! above the progress bar (which is suspended while they are written), and
//! a closed standard error (EPIPE, `sealant ... 2>&1 | head`) stops the
//! reporting quietly instead of failing the run.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

use super::diagnostic::Diagnostic;

/// Prints to standard error, knowing about the progress bar.
#[derive(Default)]
pub struct Reporter {
    bar: Mutex<Option<ProgressBar>>,
    closed: AtomicBool,
}

impl Reporter {
    /// A reporter without a progress bar.
    pub fn new() -> Self {
        Reporter::default()
    }

    /// Starts a progress bar of `len` files on standard error when it is a
    /// terminal (hidden otherwise: pipes, CI logs, tests) and returns it;
    /// what is reported until [`Reporter::finish_progress`] prints above it.
    pub fn progress(&self, len: u64) -> ProgressBar {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(len);
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {pos}/{len} files [{bar:30}] {elapsed}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        *self.lock() = Some(bar.clone());
        bar
    }

    /// Clears the progress bar.
    pub fn finish_progress(&self) {
        if let Some(bar) = self.lock().take() {
            bar.finish_and_clear();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.bar.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Prints a diagnostic as `origin: message` and an indented hint.
    pub fn diagnostic(&self, d: &Diagnostic) {
        self.raw(d.to_text("  ").trim_end_matches('\n'));
    }

    /// Prints a note (escaped for the terminal), with a newline.
    pub fn note(&self, message: impl AsRef<str>) {
        self.raw(&super::terminal::escape_text(message.as_ref()));
    }

    /// Writes `text` (already escaped) and a newline.
    fn raw(&self, text: &str) {
        if self.closed.load(Ordering::Relaxed) {
            return;
        }
        let write = || {
            let mut err = std::io::stderr().lock();
            writeln!(err, "{text}")
        };
        let bar = self.lock().clone();
        let result = match bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        };
        if let Err(e) = result {
            // Standard error closed: nowhere left to say anything, so stop
            // saying it (the exit code still tells).
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed.store(true, Ordering::Relaxed);
            }
        }
    }
}
