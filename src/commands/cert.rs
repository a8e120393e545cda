//! `sealant cert show` and `sealant cert fetch` (and kubeseal's `--fetch-cert`).

use crate::atomic::Mode;
use crate::cert::format_date;
use crate::config::CertConfig;
use crate::error::{Error, Result};

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
    out.write(crate::terminal::escape_text(&text).as_bytes())?;
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
        let text = match std::fs::read_to_string(&pin.rules_file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(Error::Read {
                    path: pin.rules_file.display().to_string(),
                    source,
                });
            }
        };
        let (new_text, how) = crate::pin::pin(
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
            crate::atomic::write(&pin.rules_file, new_text.as_bytes(), Mode::Keep)?;
        }
        crate::note!(
            "sealant: pinned cluster '{}' to sha256:{} in {}{}",
            pin.cluster,
            cert.fingerprint,
            pin.rules_file.display(),
            match how {
                crate::pin::PinEdit::InPlace => "",
                crate::pin::PinEdit::Rewritten =>
                    " (rewritten: its layout could not be edited in place, comments were lost)",
            }
        );
        if !pin.write_pem {
            return Ok(());
        }
    }
    let mut sink = Sink::open(&cfg.output, Mode::Keep)?;
    sink.write(&cert.served)?;
    sink.finish()
}
