//! `sealant keys backup` and `sealant keys list`: the controller's private
//! keys, fetched from the cluster (or read from files) and described.
//!
//! Which key seals: the controller loads the Secrets labelled
//! `sealedsecrets.bitnami.com/sealed-secrets-key: active` and signs with the
//! one whose certificate is newest (NotBefore, its default key order); keys
//! with another label value (`compromised`, say) are not loaded at all.

use crate::app::config::{KeysBackupConfig, KeysListConfig};
use crate::core::certificate::format_date;
use crate::core::crypto::Backend;
use crate::core::keyring::{KeyEntry, KeyRing, parse_keys_bytes};
use crate::error::{Error, Result};
use crate::io::atomic::{Access, AtomicFile};

use super::Stdout;

pub(super) fn backup(cfg: &KeysBackupConfig) -> Result<()> {
    let shown = cfg.write.display().to_string();
    if !cfg.force && std::fs::symlink_metadata(&cfg.write).is_ok() {
        return Err(Error::usage(
            format!("{shown} already exists"),
            Some("a backup never replaces a file unless --force is given".to_string()),
        ));
    }
    let (name, list) = crate::app::remote::fetch_backup(&cfg.cluster)?;
    let keys = parse_keys_bytes(list.as_bytes(), &name, Backend::default())?;
    if keys.is_empty() {
        return Err(Error::key(
            &name,
            format!(
                "hold no private key (no Secret labelled {})",
                crate::core::keyring::KEY_LABEL
            ),
            Some(crate::report::hints::CONTROLLER_NAMESPACE.into()),
        ));
    }
    let mut file = AtomicFile::create(&cfg.write, Access::Private)?;
    file.write_all(list.as_bytes())?;
    file.commit()?;
    let mut ring = KeyRing::default();
    for k in keys {
        ring.add(k);
    }
    let mut text = format!(
        "wrote {shown} (0600): {} key(s) from namespace {}\n",
        ring.keys.len(),
        cfg.cluster.controller_namespace
    );
    text.push_str(&describe(&ring));
    let mut out = Stdout::new();
    out.write(text.as_bytes())?;
    out.finish()?;
    eprintln!(
        "sealant: warning: {shown} holds the controller's private keys: it opens every SealedSecret sealed for them. Keep it offline and out of git."
    );
    Ok(())
}

pub(super) fn list(cfg: &KeysListConfig) -> Result<()> {
    let ring = cfg.keys.load(Backend::default())?;
    let mut out = Stdout::new();
    out.write(describe(&ring).as_bytes())?;
    out.finish()
}

/// The index of the key the controller seals with: the newest certificate
/// among the keys it loads.
fn sealing_key(ring: &KeyRing) -> Option<usize> {
    ring.keys
        .iter()
        .enumerate()
        .filter(|(_, k)| loaded(k))
        .filter_map(|(i, k)| Some((k.not_before()?, i)))
        .max()
        .map(|(_, i)| i)
}

/// Whether the controller loads the key: labelled `active`, or from a file
/// without a label (a PEM key, which it would load once applied as `active`).
fn loaded(k: &KeyEntry) -> bool {
    k.label.as_deref().is_none_or(|l| l == "active")
}

fn describe(ring: &KeyRing) -> String {
    let now = time::OffsetDateTime::now_utc();
    let sealing = sealing_key(ring);
    let mut text = String::new();
    for (i, k) in ring.keys.iter().enumerate() {
        let status = if Some(i) == sealing {
            "ACTIVE (the controller seals with it)".to_string()
        } else if loaded(k) {
            "opens only (an older key)".to_string()
        } else {
            format!(
                "not loaded by the controller (label {}={})",
                crate::core::keyring::KEY_LABEL,
                k.label.as_deref().unwrap_or("")
            )
        };
        text.push_str(&format!("{}\n  status:  {status}\n", k.source));
        match &k.cert {
            Some(c) => {
                let expired = if c.not_after < now { " (expired)" } else { "" };
                text.push_str(&format!(
                    "  cert:    sha256:{}  RSA {} bits\n  valid:   {} to {}{expired}\n",
                    c.fingerprint,
                    c.bits(),
                    format_date(c.not_before),
                    format_date(c.not_after)
                ));
            }
            None => text.push_str(&format!(
                "  cert:    none (a bare key; RSA {} bits)\n",
                k.key.bits()
            )),
        }
        text.push_str(&format!(
            "  key:     sha256:{} (public key)\n",
            k.spki_fingerprint
        ));
    }
    if sealing.is_none() && !ring.keys.is_empty() {
        text.push_str(
            "no key with a certificate is loaded by the controller: which one seals is unknown\n",
        );
    }
    text
}
