//! `sealant cert show` and `sealant cert fetch` (and kubeseal's `--fetch-cert`).

use crate::app::config::CertConfig;
use crate::core::certificate::format_date;
use crate::error::{Error, Result};
use crate::io::atomic::Access;
use crate::io::rewrite::Rewrite;

use super::{Sink, Stdout};

pub(super) fn show(cfg: &CertConfig) -> Result<()> {
    let cert = super::load_pinned(&cfg.cert)?;
    let now = time::OffsetDateTime::now_utc();
    let state = if cert.not_after < now {
        "  (EXPIRED: sealing with it is refused)"
    } else if cert.not_before > now {
        "  (not yet valid)"
    } else {
        ""
    };
    let subject = if cert.subject.is_empty() {
        "(empty, as the controller makes it)"
    } else {
        &cert.subject
    };
    let text = format!(
        "source:       {}\nfingerprint:  sha256:{}\nsubject:      {}\nnot before:   {}\nnot after:    {}{}\nkey:          RSA {} bits\n",
        cert.source,
        cert.fingerprint,
        subject,
        format_date(cert.not_before),
        format_date(cert.not_after),
        state,
        cert.bits(),
    );
    let mut out = Stdout::new();
    out.write(crate::report::terminal::escape_text(&text).as_bytes())?;
    out.finish()
}

pub(super) fn fetch(cfg: &CertConfig) -> Result<()> {
    let cert = super::load_pinned(&cfg.cert)?;
    crate::note!(
        "sealant: certificate sha256:{} (RSA {} bits, valid until {})",
        cert.fingerprint,
        cert.bits(),
        format_date(cert.not_after)
    );
    if let Some(pin) = &cfg.pin {
        let (rewrite, text) = read_rules(&pin.rules_file)?;
        let (new_text, how) = crate::repo::pin::pin(
            &text,
            &pin.rules_file,
            &pin.cluster,
            pin.cert.as_deref(),
            &cert.fingerprint,
        )
        .map_err(|m| {
            Error::input(
                &crate::error::Origin::file(pin.rules_file.display().to_string()),
                m,
                None,
            )
        })?;
        if new_text != text {
            rewrite.write(&new_text)?;
        }
        crate::note!(
            "sealant: pinned cluster '{}' to sha256:{} in {}{}",
            pin.cluster,
            cert.fingerprint,
            pin.rules_file.display(),
            match how {
                crate::repo::pin::PinEdit::InPlace => "",
                crate::repo::pin::PinEdit::Rewritten =>
                    " (rewritten: its layout could not be edited in place, comments were lost)",
            }
        );
        if !pin.write_pem {
            return Ok(());
        }
    }
    let mut sink = Sink::open(&cfg.output, Access::Keep)?;
    sink.write(&cert.served)?;
    sink.finish()
}

/// Reads the rules file under its rewrite lock (empty when there is none
/// yet: the pin creates it).
fn read_rules(path: &std::path::Path) -> Result<(Rewrite, String)> {
    let mut rewrite = Rewrite::lock(path)?;
    match rewrite.read() {
        Ok(mut input) => {
            let text = std::mem::take(&mut input.text);
            Ok((rewrite, text))
        }
        Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok((rewrite, String::new()))
        }
        Err(e) => Err(e),
    }
}

/// `cert fetch --pin --all-contexts`: every certificate is fetched (and
/// checked against `--expect-fingerprint`) before the rules file changes,
/// then all pins are written in one atomic rewrite.
pub(super) fn fetch_contexts(cfgs: &[CertConfig]) -> Result<()> {
    let mut fetched = Vec::new();
    for cfg in cfgs {
        let cert = super::load_pinned(&cfg.cert).inspect_err(|_| {
            let context = match &cfg.cert.source {
                crate::app::config::CertSource::Cluster(o) => o.context.clone().unwrap_or_default(),
                crate::app::config::CertSource::Location(l) => l.clone(),
            };
            crate::note!("sealant: context {context:?} failed; nothing was pinned");
        })?;
        fetched.push((cfg, cert));
    }
    let Some(first) = cfgs.first().and_then(|c| c.pin.as_ref()) else {
        return Ok(());
    };
    let (rewrite, original) = read_rules(&first.rules_file)?;
    let mut text = original.clone();
    let mut rewritten = false;
    for (cfg, cert) in &fetched {
        let Some(pin) = &cfg.pin else { continue };
        let new = crate::repo::pin::NewCluster {
            cert: pin.cert.as_deref(),
            context: pin.context.as_deref(),
        };
        let (next, how) = crate::repo::pin::pin_new(
            &text,
            &pin.rules_file,
            &pin.cluster,
            &new,
            &cert.fingerprint,
        )
        .map_err(|m| {
            Error::input(
                &crate::error::Origin::file(pin.rules_file.display().to_string()),
                m,
                None,
            )
        })?;
        rewritten |= how == crate::repo::pin::PinEdit::Rewritten;
        text = next;
    }
    if text != original {
        rewrite.write(&text)?;
    }
    for (cfg, cert) in &fetched {
        if let Some(pin) = &cfg.pin {
            crate::note!(
                "sealant: pinned cluster '{}' (context {:?}) to sha256:{} (RSA {} bits, valid until {})",
                pin.cluster,
                pin.context.as_deref().unwrap_or(""),
                cert.fingerprint,
                cert.bits(),
                format_date(cert.not_after)
            );
        }
    }
    crate::note!(
        "sealant: {} cluster(s) pinned in {}{}",
        fetched.len(),
        first.rules_file.display(),
        if rewritten {
            " (rewritten: its layout could not be edited in place, comments were lost)"
        } else {
            ""
        }
    );
    Ok(())
}
