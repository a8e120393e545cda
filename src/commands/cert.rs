//! `sealant cert show` and `sealant cert fetch` (and kubeseal's `--fetch-cert`).

use crate::atomic::Mode;
use crate::cert::format_date;
use crate::config::CertConfig;
use crate::error::Result;

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
    out.write(text.as_bytes())?;
    out.finish()
}

pub(super) fn fetch(cfg: &CertConfig) -> Result<()> {
    let cert = super::load_pinned(&cfg.cert)?;
    eprintln!(
        "sealant: certificate sha256:{} (RSA {} bits, valid until {})",
        cert.fingerprint,
        cert.bits(),
        format_date(cert.not_after)
    );
    let mut sink = Sink::open(&cfg.output, Mode::Keep)?;
    sink.write(cert.pem.as_bytes())?;
    sink.finish()
}
