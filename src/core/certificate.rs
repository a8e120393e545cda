//! The controller's certificate: where it comes from (a file, a URL, the
//! `SEALED_SECRETS_CERT` variable) and what is checked before sealing with it.
//!
//! The certificate is never verified as a CA chain: controller certificates
//! are self-signed with only the `encipherOnly` key usage, so a chain check
//! would reject every real one. What is checked: it parses, it holds an RSA
//! key, and it has not expired.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::core::crypto::{Backend, PublicKey};
use crate::error::{Error, Result};

/// PEM of one block with LF line endings (the `pem` crate writes CRLF by
/// default; Kubernetes and the controller write LF).
pub fn pem_lf(label: &str, der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new(label, der.to_vec()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}

/// A parsed controller certificate.
#[derive(Clone)]
pub struct Certificate {
    /// Where it came from (path, URL or variable), for messages.
    pub source: String,
    /// The certificate as it was served: the bytes read when they were PEM
    /// (kubeseal's `--fetch-cert` copies them, bundle and line endings
    /// included), else PEM made from the DER, with LF line endings.
    pub served: Vec<u8>,
    /// The certificate as DER.
    pub der: Vec<u8>,
    /// The public key, ready to seal with.
    pub key: PublicKey,
    /// SHA-256 of the DER certificate.
    pub fingerprint: Fingerprint,
    /// The subject, as text (empty for controller certificates).
    pub subject: String,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("source", &self.source)
            .field("fingerprint", &self.fingerprint.to_string())
            .field("bits", &self.key.bits())
            .finish()
    }
}

/// A SHA-256 certificate fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of some DER bytes.
    pub fn of(der: &[u8]) -> Self {
        Fingerprint(Sha256::digest(der).into())
    }

    /// Parses 64 hex digits, with or without a `sha256:` prefix and colons.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let t = t
            .strip_prefix("sha256:")
            .or_else(|| t.strip_prefix("SHA256:"))
            .unwrap_or(t);
        let hex: String = t.chars().filter(|c| *c != ':').collect();
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Fingerprint(out))
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl Certificate {
    /// Parses the first `CERTIFICATE` block of a PEM bundle (or a DER
    /// certificate) and checks that it holds an RSA key. Expiry is checked
    /// separately by [`Certificate::check_not_expired`].
    pub fn parse(bytes: &[u8], source: &str, backend: Backend) -> Result<Self> {
        let der = first_certificate_der(bytes, source)?;
        let mut cert = Self::from_der(der, source, backend)?;
        if bytes.windows(11).any(|w| w == b"-----BEGIN ") {
            cert.served = bytes.to_vec();
        }
        Ok(cert)
    }

    /// Parses a DER certificate.
    pub fn from_der(der: Vec<u8>, source: &str, backend: Backend) -> Result<Self> {
        let (_, cert) = X509Certificate::from_der(&der).map_err(|e| {
            Error::cert(
                source,
                format!("not a valid X.509 certificate ({e})"),
                fetch_hint(),
            )
        })?;
        let spki = cert.public_key();
        const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
        if spki.algorithm.algorithm.to_id_string() != RSA_ENCRYPTION {
            return Err(Error::cert(
                source,
                format!(
                    "holds {} key, not an RSA key",
                    key_algorithm_name(&spki.algorithm.algorithm.to_id_string())
                ),
                Some("sealed-secrets controllers use RSA keys; fetch the controller's own certificate with `sealant cert fetch`".into()),
            ));
        }
        let key = PublicKey::from_spki_der(spki.raw, backend)
            .map_err(|_| Error::cert(source, "its RSA public key cannot be parsed", None))?;
        let validity = cert.validity();
        let not_before = validity.not_before.to_datetime();
        let not_after = validity.not_after.to_datetime();
        let subject = cert.subject().to_string();
        let fingerprint = Fingerprint::of(&der);
        let served = pem_lf("CERTIFICATE", &der).into_bytes();
        Ok(Certificate {
            source: source.to_string(),
            served,
            der,
            key,
            fingerprint,
            subject,
            not_before,
            not_after,
        })
    }

    /// Refuses a certificate whose validity ended before `now`.
    pub fn check_not_expired(&self, now: OffsetDateTime) -> Result<()> {
        if self.not_after < now {
            return Err(Error::cert(
                &self.source,
                format!("expired on {}", format_date(self.not_after)),
                Some("fetch the controller's current certificate with `sealant cert fetch`".into()),
            ));
        }
        Ok(())
    }

    /// Refuses a certificate whose fingerprint is none of `pins` (no pins:
    /// anything goes). The error shows both fingerprints: this is the defence
    /// against a substituted certificate.
    pub fn check_pinned(&self, pins: &[Fingerprint], pinned_by: &str) -> Result<()> {
        if pins.is_empty() || pins.contains(&self.fingerprint) {
            return Ok(());
        }
        let expected: Vec<String> = pins.iter().map(|p| format!("sha256:{p}")).collect();
        Err(Error::cert(
            &self.source,
            format!(
                "its fingerprint is sha256:{}, but {pinned_by} expects {}; refusing to use it",
                self.fingerprint,
                expected.join(" or ")
            ),
            Some("someone may have substituted the certificate. If the controller really has a new one, check it out of band, then pin it with `sealant cert fetch --pin` or --expect-fingerprint".into()),
        ))
    }

    /// The RSA key size in bits.
    pub fn bits(&self) -> usize {
        self.key.bits()
    }
}

/// Formats a date as RFC 3339 (UTC).
pub fn format_date(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

pub(crate) fn fetch_hint() -> Option<String> {
    Some("pass the controller's certificate (PEM), e.g. from `sealant cert fetch`".into())
}

fn key_algorithm_name(oid: &str) -> &'static str {
    match oid {
        "1.2.840.10045.2.1" => "an EC",
        "1.3.101.112" => "an Ed25519",
        "1.3.101.113" => "an Ed448",
        "1.2.840.10040.4.1" => "a DSA",
        _ => "a non-RSA",
    }
}

fn first_certificate_der(bytes: &[u8], source: &str) -> Result<Vec<u8>> {
    let text_like = bytes.iter().take(64).all(|b| b.is_ascii());
    if text_like && memchr_str(bytes, b"-----BEGIN") {
        let blocks = pem::parse_many(bytes)
            .map_err(|e| Error::cert(source, format!("malformed PEM ({e})"), fetch_hint()))?;
        return blocks
            .into_iter()
            .find(|p| p.tag() == "CERTIFICATE")
            .map(|p| p.into_contents())
            .ok_or_else(|| Error::cert(source, "holds no CERTIFICATE block", fetch_hint()));
    }
    if bytes.first() == Some(&0x30) {
        return Ok(bytes.to_vec());
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::cert(source, "is empty", fetch_hint()));
    }
    Err(Error::cert(
        source,
        "is not a PEM or DER certificate",
        fetch_hint(),
    ))
}

fn memchr_str(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_parse_in_every_common_spelling() {
        let f = Fingerprint([0xab; 32]);
        let hex = f.to_string();
        assert_eq!(Fingerprint::parse(&hex), Some(f));
        assert_eq!(
            Fingerprint::parse(&format!("sha256:{}", hex.to_uppercase())),
            Some(f)
        );
        let colons: Vec<String> = f.0.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(Fingerprint::parse(&colons.join(":")), Some(f));
        assert_eq!(Fingerprint::parse("abc"), None);
    }

    #[test]
    fn empty_and_garbage_are_refused_with_the_source() {
        let e = Certificate::parse(b"", "c.pem", Backend::default()).unwrap_err();
        assert!(e.to_string().contains("c.pem"), "{e}");
        let e = Certificate::parse(b"hello", "c.pem", Backend::default()).unwrap_err();
        assert!(e.to_string().contains("not a PEM"), "{e}");
    }
}
