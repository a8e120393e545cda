//! `sealant diff FILE [--key KEY...]`: a SealedSecret file as a reviewer
//! reads it, for git's textconv (`*.yaml diff=sealant`, `git config
//! diff.sealant.textconv 'sealant diff'`). Each SealedSecret becomes its
//! identity and scope, its certificate record, and one line per item with
//! the date its value was set and the certificate it was sealed for: a
//! reseal changes the certificate on every line and keeps the dates, a new
//! value changes its date. Ciphertext is never printed.
//!
//! textconv sees one side of a diff at a time, so "did the value change"
//! cannot be answered by comparing plaintexts. With `--key`, each item shows
//! a keyed hash of its value instead: HMAC-SHA256 under a key that is the
//! SHA-256 of a domain string and the private key files' bytes, over the
//! item's namespace, name and key and its value. Equal values give equal
//! lines; without the private key files the hash reveals nothing (not even
//! a guessable short value, since the HMAC key is secret), and two items with
//! the same value do not show the same hash.
//!
//! Other documents are printed as they are; a document that may be a
//! plaintext Secret is named, never echoed. A file that cannot be read as
//! manifests is printed as it is when it cannot hold a Secret, else as one
//! line saying so: a textconv driver that fails would break `git diff`.

use crate::io::input::read_or;
use crate::limits::{MAX_INPUT_BYTES, mib};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::app::config::DiffConfig;
use crate::core::crypto::Backend;
use crate::core::keyring::KeyRing;
use crate::core::manifest::{self, Kind, Manifest, annotation, sealed::SealedView};
use crate::core::scope::CERT_SHA256_ANNOTATION;
use crate::core::value_dates::{self, VALUE_DATES_ANNOTATION};
use crate::error::{Error, Result};
use crate::report::terminal::escape;

use super::Stdout;

pub(super) fn run(cfg: &DiffConfig) -> Result<()> {
    let keyed = if cfg.keys.is_empty() {
        None
    } else {
        let ring = KeyRing::load(&cfg.keys, Backend::default())?;
        Some((ring, hmac_key(&cfg.keys)?))
    };
    let text = render(cfg, keyed.as_ref())?;
    let mut out = Stdout::new();
    out.write(text.as_bytes())?;
    out.finish()
}

fn hmac_key(paths: &[std::path::PathBuf]) -> Result<Zeroizing<[u8; 32]>> {
    let mut h = Sha256::new();
    h.update(b"sealant diff value hash v1\0");
    for p in paths {
        // Read as `KeyRing::load` read it, just before.
        let name = p.display().to_string();
        let bytes = read_or(Some(p), &name, MAX_INPUT_BYTES, || {
            let message = format!(
                "is larger than {}; that is not a key file",
                mib(MAX_INPUT_BYTES)
            );
            Error::key(&name, message, None)
        })?;
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(&*bytes);
    }
    Ok(Zeroizing::new(h.finalize().into()))
}

/// HMAC-SHA256 (RFC 2104) with a 32-byte key, over `parts` in order.
fn hmac_sha256(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn render(cfg: &DiffConfig, keyed: Option<&(KeyRing, Zeroizing<[u8; 32]>)>) -> Result<String> {
    let shown = cfg.file.display().to_string();
    let input = Manifest::read(Some(&cfg.file))?;
    let docs = match input.documents() {
        Ok(d) => d,
        Err(e) => {
            if crate::repo::findings::may_hold_secrets(input.text.as_bytes()) {
                return Ok(format!(
                    "sealant diff: {} cannot be read as manifests ({}); not shown, as it may hold a Secret\n",
                    escape(&shown),
                    escape(&e.to_string())
                ));
            }
            return Ok(input.text.clone());
        }
    };
    let mut out = String::new();
    for doc in &docs {
        let kind = manifest::classify(&doc.value, &doc.origin).unwrap_or(Kind::Secret);
        match kind {
            Kind::SealedSecret => sealed(&mut out, &doc.value, &doc.origin, keyed),
            Kind::Secret => {
                let items = ["data", "stringData"]
                    .iter()
                    .filter_map(|f| doc.value.get(f).and_then(|v| v.as_object()))
                    .flat_map(|m| m.keys().cloned())
                    .collect::<Vec<_>>();
                out.push_str(&format!(
                    "{}: PLAINTEXT, items: {} (values not shown)\n",
                    escape(
                        &manifest::describe(&doc.value)
                            .unwrap_or_else(|| "a document that may be a Secret".into())
                    ),
                    escape(&items.join(", "))
                ));
            }
            Kind::Other => match &doc.span {
                Some(span) => {
                    let body = &input.text[span.start..span.end];
                    out.push_str(body);
                    if !body.ends_with('\n') {
                        out.push('\n');
                    }
                }
                None => out.push_str(&format!(
                    "{} (in a List)\n",
                    escape(&manifest::describe(&doc.value).unwrap_or_else(|| "a document".into()))
                )),
            },
        }
        if docs.len() > 1 {
            out.push_str("---\n");
        }
    }
    Ok(out)
}

fn sealed(
    out: &mut String,
    value: &serde_json::Value,
    origin: &crate::error::Origin,
    keyed: Option<&(KeyRing, Zeroizing<[u8; 32]>)>,
) {
    let view = match SealedView::read(value, origin) {
        Ok(v) => v,
        Err(e) => {
            out.push_str(&format!(
                "{}: malformed ({})\n",
                escape(&manifest::describe(value).unwrap_or_default()),
                escape(&e.to_string())
            ));
            return;
        }
    };
    let meta = value.get("metadata");
    let ident = if view.namespace.is_empty() {
        view.name.clone()
    } else {
        format!("{}/{}", view.namespace, view.name)
    };
    out.push_str(&format!(
        "SealedSecret {} ({})\n",
        escape(&ident),
        view.scope
    ));
    let cert = annotation(meta, CERT_SHA256_ANNOTATION);
    let sealed_for = match cert {
        Some(fp) => format!("sealed for sha256:{}", escape(fp.get(..16).unwrap_or(fp))),
        None => "certificate not recorded".to_string(),
    };
    let dates = annotation(meta, VALUE_DATES_ANNOTATION)
        .and_then(|t| value_dates::parse(t).ok())
        .unwrap_or_default();
    let label = view.scope.label(&view.namespace, &view.name);
    for (item, ciphertext) in &view.items {
        let date = match dates.get(item) {
            Some(d) => format!("value set {}", value_dates::format_date(*d)),
            None => "value date not recorded".to_string(),
        };
        let mut line = format!("  {}: {date}, {sealed_for}", escape(item));
        match keyed {
            Some((ring, key)) => {
                match crate::core::opening::open_value(ring, &label, ciphertext, None) {
                    Ok((plain, _)) => {
                        let mac = hmac_sha256(
                            key,
                            &[
                                view.namespace.as_bytes(),
                                b"\0",
                                view.name.as_bytes(),
                                b"\0",
                                item.as_bytes(),
                                b"\0",
                                &plain,
                            ],
                        );
                        line.push_str(&format!(", value {}", &hex(&mac)[..16]));
                    }
                    Err(_) => line.push_str(", does not open with --key"),
                }
            }
            None if !dates.contains_key(item) => {
                // Without a date or a key, at least show that it changed.
                let h = Sha256::digest(ciphertext.as_bytes());
                line.push_str(&format!(", ciphertext {}", &hex(&h)[..12]));
            }
            None => {}
        }
        line.push('\n');
        out.push_str(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_shape() {
        // RFC 4231 test case 2 uses a 4-byte key; padded with zeros to 32
        // bytes it is the same HMAC key (keys shorter than a block are
        // zero-padded), so the published value applies.
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let mac = hmac_sha256(&key, &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
