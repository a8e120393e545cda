//! `sealant reseal`: re-encrypt every SealedSecret of a repo for the newest
//! certificate, offline, with the controller's private keys.
//!
//! Items that already open with the target key keep their ciphertext, so a
//! second run changes nothing. Within a file only ciphertext strings (and a
//! stale `sealant.dev/cert-sha256` annotation) change. A file with anything
//! that fails is left untouched; the others are written atomically.

use crate::app::config::{CertSource, ResealConfig};
use crate::core::certificate::format_date;
use crate::core::crypto::Backend;
use crate::core::keyring::KeyRing;
use crate::error::{Error, Result};
use crate::repo::inspect::{FileReport, Pass, Problem, ProblemKind, ResealTarget};
use crate::report::Reporter;
use serde_json::json;

use super::repo::{self, Scan};

pub(super) fn run(cfg: &ResealConfig) -> Result<()> {
    let ring = cfg.keys.load(Backend::default())?;
    let target = target(&ring, cfg.cert.as_ref())?;
    let reporter = Reporter::new();
    reporter.note(format!(
        "sealant: resealing for certificate sha256:{} ({}, valid from {})",
        target.cert.fingerprint,
        target.cert.source,
        format_date(target.cert.not_before)
    ));
    if target.key.is_none() {
        reporter.note(
            "warning: the private key of the target certificate is not among --key: items already sealed for it cannot be recognised, so they will fail to open and a second run will not be a no-op; pass its key too (a fresh key backup holds it)",
        );
    }
    let scan = repo::scan(
        &cfg.paths,
        cfg.follow,
        &ring,
        Pass::Reseal(&target),
        &reporter,
        |report, rewrite| {
            if cfg.dry_run {
                return;
            }
            if let (Some(text), Some(rewrite)) = (&report.rewrite, rewrite)
                && let Err(e) = rewrite.write(text)
            {
                report.rewrite = None;
                report.problem = Some(Problem {
                    kind: ProblemKind::Unreadable,
                    message: e.to_string(),
                    hint: e.hint(),
                });
            }
        },
    )?;
    let summary = summarize(&scan, &target);
    if cfg.json {
        print_json(&scan, &target, &summary, cfg.dry_run, &reporter)?;
    } else {
        print_report(&scan, &target, cfg.dry_run, &reporter)?;
    }
    reporter.note(format!("sealant: {}", summary.line(cfg.dry_run)));
    if summary.failed > 0 {
        return Err(Error::Findings {
            message: format!(
                "{} problem(s); every file with a problem was left untouched",
                summary.failed
            ),
        });
    }
    Ok(())
}

/// The certificate to reseal for: `--cert`, or the certificate of the
/// newest key (latest NotBefore). Expired certificates are refused.
pub(crate) fn target(ring: &KeyRing, cert: Option<&CertSource>) -> Result<ResealTarget> {
    let cert = match cert {
        Some(source) => {
            super::load_sealing_cert(&crate::app::config::SealingCert::unpinned(source.clone()))?
        }
        None => {
            let newest = ring.newest().and_then(|k| k.cert.clone()).ok_or_else(|| {
                Error::usage(
                    "none of the keys comes with a certificate, so the newest cannot be told",
                    Some("pass --cert NEW.crt, or give the keys as the controller stores them (kubernetes.io/tls Secrets with tls.crt, e.g. a backup List)".to_string()),
                )
            })?;
            newest.check_not_expired(time::OffsetDateTime::now_utc())?;
            newest
        }
    };
    let key = ring.for_certificate(&cert).and_then(|k| ring.index_of(k));
    Ok(ResealTarget { cert, key })
}

/// The counts of a run.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    pub files: usize,
    pub sealed: usize,
    pub resealed: usize,
    pub current: usize,
    pub failed: usize,
    /// Items that opened and needed resealing, in files left untouched.
    pub held_back: usize,
    pub files_written: usize,
}

impl Summary {
    fn line(&self, dry_run: bool) -> String {
        let mut s = format!(
            "{} file(s) scanned, {} SealedSecret(s), {} item(s) {}, {} already current, {} failed",
            self.files,
            self.sealed,
            self.resealed,
            if dry_run { "to reseal" } else { "resealed" },
            self.current,
            self.failed
        );
        if self.held_back > 0 {
            s.push_str(&format!(
                " ({} item(s) held back in files left untouched)",
                self.held_back
            ));
        }
        if dry_run {
            s.push_str("; dry run: nothing written");
        } else {
            s.push_str(&format!("; {} file(s) written", self.files_written));
        }
        s
    }
}

fn summarize(scan: &Scan, target: &ResealTarget) -> Summary {
    let mut s = Summary {
        files: scan.files.len(),
        sealed: scan.sealed_count(),
        failed: scan.walk_failures(),
        ..Summary::default()
    };
    for file in &scan.files {
        s.failed += repo::problems(file).len();
        let written = file.rewrite.is_some();
        s.files_written += usize::from(written);
        for sealed in &file.sealed {
            for item in &sealed.items {
                match item.opened {
                    Ok(i) if Some(i) == target.key => s.current += 1,
                    Ok(_) if written => s.resealed += 1,
                    Ok(_) => s.held_back += 1,
                    Err(_) => {}
                }
            }
        }
    }
    s
}

/// Items resealed in a file, and items already current.
fn file_counts(file: &FileReport, target: &ResealTarget) -> (usize, usize) {
    let items: usize = file.sealed.iter().map(|s| s.resealed).sum();
    let current: usize = file
        .sealed
        .iter()
        .flat_map(|s| &s.items)
        .filter(|i| i.opened.as_ref().ok().copied() == target.key && target.key.is_some())
        .count();
    (items, current)
}

fn print_report(
    scan: &Scan,
    target: &ResealTarget,
    dry_run: bool,
    reporter: &Reporter,
) -> Result<()> {
    repo::print_walk_problems(scan, reporter);
    let mut out = String::new();
    for file in &scan.files {
        let problems = repo::grouped_problems(file);
        if !problems.is_empty() {
            for d in &problems {
                reporter.diagnostic(d);
            }
            reporter.note(format!("  (file left untouched: {})", file.name()));
            continue;
        }
        if file.rewrite.is_some() {
            let (items, current) = file_counts(file, target);
            let verb = if dry_run { "would reseal" } else { "resealed" };
            out.push_str(&format!(
                "{verb} {}: {items} item(s), {current} already current\n",
                file.name()
            ));
        }
    }
    // Through the shared writer: a closed pipe is a quiet exit, not a panic.
    let mut stdout = super::Stdout::new();
    stdout.write(crate::report::terminal::escape_text(&out).as_bytes())?;
    stdout.finish()
}

/// `--format json`: every file with what became of it, every diagnostic,
/// and the counts, as one object on standard output.
fn print_json(
    scan: &Scan,
    target: &ResealTarget,
    summary: &Summary,
    dry_run: bool,
    reporter: &Reporter,
) -> Result<()> {
    repo::print_walk_problems(scan, reporter);
    let files: Vec<serde_json::Value> = scan
        .files
        .iter()
        .filter(|f| !f.sealed.is_empty() || f.problem.is_some())
        .map(|file| {
            let (items, current) = file_counts(file, target);
            let action = if !repo::problems(file).is_empty() {
                "untouched"
            } else if file.rewrite.is_none() {
                "current"
            } else if dry_run {
                "would-reseal"
            } else {
                "resealed"
            };
            json!({"file": file.name(), "action": action, "resealed": items, "current": current})
        })
        .collect();
    let report = json!({
        "certificate": format!("sha256:{}", target.cert.fingerprint),
        "dry_run": dry_run,
        "files": files,
        "diagnostics": repo::diagnostics_json(scan),
        "summary": {
            "files": summary.files,
            "sealed_secrets": summary.sealed,
            "resealed": summary.resealed,
            "current": summary.current,
            "failed": summary.failed,
            "held_back": summary.held_back,
            "files_written": summary.files_written,
        },
    });
    let mut stdout = super::Stdout::new();
    stdout.write(
        (serde_json::to_string_pretty(&report).expect("JSON to memory") + "\n").as_bytes(),
    )?;
    stdout.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_fixtures::fixture;

    #[test]
    fn the_target_is_the_newest_key_unless_a_certificate_is_given() {
        let ring = KeyRing::load(&[fixture("keys/backup-list.yaml")], Backend::default()).unwrap();
        let new =
            crate::app::commands::load_location(fixture("keys/new/tls.crt").to_str().unwrap())
                .unwrap();
        let old =
            crate::app::commands::load_location(fixture("keys/old/tls.crt").to_str().unwrap())
                .unwrap();
        let t = target(&ring, None).unwrap();
        assert_eq!(t.cert.fingerprint, new.fingerprint);
        assert_eq!(
            t.key
                .map(|i| ring.keys[i].cert.as_ref().unwrap().fingerprint),
            Some(new.fingerprint)
        );
        let given = CertSource::Location(fixture("keys/old/tls.crt").display().to_string());
        let t = target(&ring, Some(&given)).unwrap();
        assert_eq!(t.cert.fingerprint, old.fingerprint);
        assert_eq!(
            t.key
                .map(|i| ring.keys[i].cert.as_ref().unwrap().fingerprint),
            Some(old.fingerprint)
        );
    }

    #[test]
    fn bare_keys_need_a_certificate() {
        let ring = KeyRing::load(&[fixture("keys/old/tls.key")], Backend::default()).unwrap();
        let e = target(&ring, None).unwrap_err();
        assert!(e.to_string().contains("newest cannot be told"), "{e}");
        let expired = CertSource::Location(fixture("keys/expired/tls.crt").display().to_string());
        let e = target(&ring, Some(&expired)).unwrap_err();
        assert!(e.to_string().contains("expired"), "{e}");
    }
}
