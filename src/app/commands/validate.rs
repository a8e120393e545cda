//! `sealant validate --key`: checks offline, with the controller's private
//! keys, that every SealedSecret of a repo opens where it is, and says
//! precisely why one does not (no key opens it; renamed or moved; a
//! malformed value; the legacy v1 format). Writes nothing.

use crate::app::config::ValidateConfig;
use crate::core::crypto::Backend;
use serde_json::json;

use crate::error::{Error, Origin, Result};
use crate::report::Reporter;
use crate::report::terminal::escape_text;

use super::repo;

pub(super) fn run(cfg: &ValidateConfig) -> Result<()> {
    let ring = cfg.keys.load(Backend::default())?;
    let reporter = Reporter::new();
    let scan = repo::inspect_all(&cfg.paths, cfg.follow, &ring, &reporter)?;
    let mut out = String::new();
    let mut valid_json = Vec::new();
    let (mut valid, mut invalid, mut bad_files) = (0usize, 0usize, 0usize);
    let mut plaintext = 0usize;
    for file in &scan.files {
        if let Some(problem) = &file.problem {
            if problem.kind == crate::repo::inspect::ProblemKind::Plaintext {
                plaintext += 1;
            } else {
                bad_files += 1;
            }
            let d = problem.diagnostic(Origin::file(file.name()));
            out.push_str(&format!("invalid  {}", d.to_text("         ")));
        }
        for sealed in &file.sealed {
            if sealed.is_valid() {
                valid += 1;
                out.push_str(&format!(
                    "valid    {}: {} item(s)\n",
                    escape_text(&sealed.origin.to_string()),
                    sealed.items.len()
                ));
                valid_json.push(json!({
                    "file": sealed.origin.file,
                    "line": sealed.origin.line,
                    "document": sealed.origin.doc,
                    "object": sealed.origin.object,
                    "items": sealed.items.len(),
                }));
                continue;
            }
            invalid += 1;
            for d in repo::document_problems(sealed) {
                out.push_str(&format!("invalid  {}", d.to_text("         ")));
            }
        }
    }
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
    if cfg.json {
        let report = json!({
            "valid": valid_json,
            "diagnostics": repo::diagnostics_json(&scan),
            "summary": {
                "files": scan.files.len(),
                "sealed_secrets": valid + invalid,
                "valid": valid,
                "invalid": invalid,
                "unreadable_files": bad_files,
                "plaintext_files": plaintext,
            },
        });
        out = serde_json::to_string_pretty(&report).expect("JSON to memory") + "\n";
    }
    // Through the shared writer: a closed pipe is a quiet exit, not a panic.
    let mut stdout = super::Stdout::new();
    stdout.write(out.as_bytes())?;
    stdout.finish()?;
    reporter.note(format!("sealant: {summary}"));
    if failures > 0 {
        return Err(Error::Findings {
            message: format!("{failures} problem(s) found"),
        });
    }
    Ok(())
}
