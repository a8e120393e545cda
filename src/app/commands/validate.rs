//! `sealant validate --key`: checks offline, with the controller's private
//! keys, that every SealedSecret of a repo opens where it is, and says
//! precisely why one does not (no key opens it; renamed or moved; a
//! malformed value; the legacy v1 format). Writes nothing.

use crate::app::config::ValidateConfig;
use crate::core::crypto::Backend;
use crate::error::{Error, Result};
use crate::repo::inspect::Mode;

use super::repo;

pub(super) fn run(cfg: &ValidateConfig) -> Result<()> {
    let ring = cfg.keys.load(Backend::default())?;
    let scan = repo::scan(&cfg.paths, cfg.follow, &ring, Mode::Inspect, |_, _| {})?;
    repo::print_walk_problems(&scan);
    let mut out = String::new();
    let (mut valid, mut invalid, mut bad_files) = (0usize, 0usize, 0usize);
    let mut plaintext = 0usize;
    for file in &scan.files {
        if let Some(problem) = &file.problem {
            if problem.kind == crate::repo::inspect::ProblemKind::Plaintext {
                plaintext += 1;
            } else {
                bad_files += 1;
            }
            out.push_str(&format!(
                "invalid  {}",
                repo::render_problem("", problem, "         ")
            ));
        }
        for sealed in &file.sealed {
            if sealed.is_valid() {
                valid += 1;
                out.push_str(&format!(
                    "valid    {}: {} item(s)\n",
                    sealed.origin,
                    sealed.items.len()
                ));
                continue;
            }
            invalid += 1;
            for (at, problem) in repo::document_problems(sealed) {
                out.push_str(&format!(
                    "invalid  {}",
                    repo::render_problem(&at, problem, "         ")
                ));
            }
        }
    }
    // Through the shared writer: a closed pipe is a quiet exit, not a panic.
    let mut stdout = super::Stdout::new();
    stdout.write(crate::report::terminal::escape_text(&out).as_bytes())?;
    stdout.finish()?;
    let failures = invalid + bad_files + plaintext + scan.walk_failures();
    let mut summary = format!(
        "{} file(s) scanned, {} SealedSecret(s): {valid} valid, {invalid} invalid",
        scan.files.len(),
        valid + invalid
    );
    if bad_files > 0 {
        summary.push_str(&format!(", {bad_files} file(s) unreadable or malformed"));
    }
    if plaintext > 0 {
        summary.push_str(&format!(", {plaintext} file(s) with a plaintext Secret"));
    }
    crate::note!("sealant: {summary}");
    if failures > 0 {
        return Err(Error::Findings {
            message: format!("{failures} problem(s) found"),
        });
    }
    Ok(())
}
