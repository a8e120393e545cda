//! Private keys for opening SealedSecrets: PEM files (PKCS#1 or PKCS#8),
//! `kubernetes.io/tls` Secrets with `tls.key`, and `v1` `List`s of them
//! (a controller key backup). Every key is tried when opening.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value;
use time::OffsetDateTime;

use crate::core::certificate::{Certificate, Fingerprint};
use crate::core::crypto::{Backend, PrivateKey};
use crate::core::manifest::{self, Kind, Manifest};
use crate::error::{Error, Result};
use crate::io::input::{ReadFailure, read_capped};
use crate::limits::MAX_INPUT_BYTES;

/// The label the controller puts on its key Secrets (`active`, or another
/// value such as `compromised` for a key it no longer loads).
pub const KEY_LABEL: &str = "sealedsecrets.bitnami.com/sealed-secrets-key";

/// One private key and what is known about it.
#[derive(Debug, Clone)]
pub struct KeyEntry {
    /// Where it came from: `file`, `file#2` or `file: Secret ns/name`.
    pub source: String,
    /// The key.
    pub key: PrivateKey,
    /// SHA-256 of the public key's DER `SubjectPublicKeyInfo`: identifies the
    /// key whether or not its certificate is known.
    pub spki_fingerprint: Fingerprint,
    /// The key's certificate, when it came from a Secret with `tls.crt`.
    pub cert: Option<Certificate>,
    /// The value of the Secret's `sealedsecrets.bitnami.com/sealed-secrets-key`
    /// label, when it came from a Secret that has it (the controller loads
    /// only keys labelled `active`).
    pub label: Option<String>,
}

impl KeyEntry {
    /// The certificate's start of validity, when known.
    pub fn not_before(&self) -> Option<OffsetDateTime> {
        self.cert.as_ref().map(|c| c.not_before)
    }

    /// A short name for tables: the Secret's name, or the file.
    pub fn short_name(&self) -> &str {
        &self.source
    }
}

/// Every private key given, in the order given.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    /// The keys.
    pub keys: Vec<KeyEntry>,
    /// The private-key operations run with them so far (shared by clones).
    pub stats: Arc<OpStats>,
}

/// How many failed private-key operations a run may spend before it stops,
/// beyond [`FAILED_OPS_PER_OPENED`] for each value it opened: a file of
/// values no key opens (bogus, or sealed for keys not given) costs about a
/// minute of CPU at most, not hours.
pub const MAX_FAILED_PRIVATE_OPS: u64 = 20_000;

/// Failed private-key operations each opened value adds to the budget: a
/// big repo under many keys earns the tries it needs.
pub const FAILED_OPS_PER_OPENED: u64 = 4;

/// Counts of private-key operations (RSA decryptions), for the run budget
/// and for tests that check how well keys are chosen.
#[derive(Debug)]
pub struct OpStats {
    /// The run's budget of failed operations before the per-value credit:
    /// [`MAX_FAILED_PRIVATE_OPS`], or `SEALANT_MAX_FAILED_OPS` when set.
    pub budget: u64,
    /// Private-key operations run.
    pub private: AtomicU64,
    /// Of those, how many did not open the value.
    pub failed: AtomicU64,
    /// Values opened.
    pub opened: AtomicU64,
    /// One more than the position of the key that opened the last value (0:
    /// none yet): `unseal`'s guess for the next SealedSecret.
    pub last: AtomicU64,
}

impl Default for OpStats {
    fn default() -> Self {
        OpStats {
            budget: MAX_FAILED_PRIVATE_OPS,
            private: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            opened: AtomicU64::new(0),
            last: AtomicU64::new(0),
        }
    }
}

impl OpStats {
    /// Counters with a budget of `budget` failed operations.
    pub fn with_budget(budget: u64) -> Self {
        OpStats {
            budget,
            ..OpStats::default()
        }
    }

    /// The budget from `SEALANT_MAX_FAILED_OPS`, or the default.
    pub fn from_env() -> Result<Self> {
        match std::env::var("SEALANT_MAX_FAILED_OPS") {
            Err(_) => Ok(OpStats::default()),
            Ok(v) => v.trim().parse().map(OpStats::with_budget).map_err(|_| {
                Error::usage(
                    format!("SEALANT_MAX_FAILED_OPS is '{v}', not a number"),
                    Some("set it to how many failed private-key operations a run may spend".into()),
                )
            }),
        }
    }

    /// Private-key operations run so far.
    pub fn private(&self) -> u64 {
        self.private.load(Ordering::Relaxed)
    }

    /// Failed private-key operations so far.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    /// Whether the run may spend another failed private-key operation.
    pub fn within_budget(&self) -> bool {
        self.allows(1)
    }

    /// Whether the run may spend `ops` more failed private-key operations.
    pub fn allows(&self, ops: u64) -> bool {
        let opened = self.opened.load(Ordering::Relaxed);
        let budget = self
            .budget
            .saturating_add(opened.saturating_mul(FAILED_OPS_PER_OPENED));
        self.failed().saturating_add(ops) <= budget
    }

    /// Records `ops` private-key operations, and whether they opened a value.
    pub fn record(&self, ops: u64, opened: bool) {
        self.private.fetch_add(ops, Ordering::Relaxed);
        if opened {
            self.opened.fetch_add(1, Ordering::Relaxed);
            self.failed
                .fetch_add(ops.saturating_sub(1), Ordering::Relaxed);
        } else {
            self.failed.fetch_add(ops, Ordering::Relaxed);
        }
    }

    /// The key that opened the last value, if any.
    pub fn last(&self) -> Option<usize> {
        match self.last.load(Ordering::Relaxed) {
            0 => None,
            i => usize::try_from(i - 1).ok(),
        }
    }

    /// A one-line summary for `SEALANT_STATS=1`.
    pub fn summary(&self) -> String {
        format!(
            "sealant: {} private-key operation(s), {} failed, {} value(s) opened",
            self.private(),
            self.failed(),
            self.opened.load(Ordering::Relaxed)
        )
    }
}

/// How far a commit date may be before the certificate of the key that
/// sealed it (clocks disagree): a day.
pub const CLOCK_SKEW_SECONDS: i64 = 24 * 60 * 60;

impl KeyRing {
    /// Loads every key from every file (a file may hold several).
    pub fn load(paths: &[impl AsRef<Path>], backend: Backend) -> Result<KeyRing> {
        let mut ring = KeyRing {
            keys: Vec::new(),
            stats: Arc::new(OpStats::from_env()?),
        };
        for path in paths {
            let path = path.as_ref();
            let name = path.display().to_string();
            let bytes = read_capped(Some(path), MAX_INPUT_BYTES).map_err(|e| match e {
                ReadFailure::Open(source) if source.kind() == std::io::ErrorKind::NotFound => Error::key(
                    &name,
                    "no such file or directory",
                    Some("give the controller's private key: a PEM file or a backup made with `kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml`".into()),
                ),
                ReadFailure::Open(source) | ReadFailure::Read(source) => {
                    Error::key(&name, format!("cannot be read ({source})"), None)
                }
                ReadFailure::TooLarge => Error::key(
                    &name,
                    format!(
                        "is larger than {} MiB; that is not a key file",
                        MAX_INPUT_BYTES / (1024 * 1024)
                    ),
                    None,
                ),
            })?;
            let found = parse_keys(&bytes, &name, backend)?;
            if found.is_empty() {
                return Err(Error::key(&name, "holds no private key", Some("expected a PEM private key, a kubernetes.io/tls Secret with tls.key, or a List of them".into())));
            }
            for entry in found {
                ring.add(entry);
            }
        }
        Ok(ring)
    }

    /// Adds a key. A key given twice (on its own and in a backup, say) is
    /// kept once, under the first source, with a certificate from either:
    /// so exactly one entry opens any value.
    pub fn add(&mut self, entry: KeyEntry) {
        match self
            .keys
            .iter_mut()
            .find(|k| k.spki_fingerprint == entry.spki_fingerprint)
        {
            Some(existing) => {
                if existing.cert.is_none() {
                    existing.cert = entry.cert;
                }
            }
            None => self.keys.push(entry),
        }
    }

    /// The position of a key in [`KeyRing::keys`].
    pub fn index_of(&self, entry: &KeyEntry) -> Option<usize> {
        self.keys
            .iter()
            .position(|k| k.spki_fingerprint == entry.spki_fingerprint)
    }

    /// Prints [`OpStats::summary`] on standard error when the environment
    /// sets `SEALANT_STATS` (for benchmarks and tests of key choice).
    pub fn print_stats(&self) {
        if std::env::var_os("SEALANT_STATS").is_some() {
            eprintln!("{}", self.stats.summary());
        }
    }

    /// Whether no key was given.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The key whose certificate is newest (by NotBefore); keys without a
    /// certificate count as oldest. Ties go to the key given last.
    pub fn newest(&self) -> Option<&KeyEntry> {
        self.keys
            .iter()
            .enumerate()
            .max_by_key(|(i, k)| (k.not_before(), *i))
            .map(|(_, k)| k)
    }

    /// [`KeyRing::order`] for the sealed values of one SealedSecret (base64
    /// text): their RSA blocks are read from the values themselves.
    pub fn order_for_values<'a>(
        &self,
        values: impl IntoIterator<Item = &'a str>,
        hints: &[usize],
        committed: Option<i64>,
    ) -> Vec<usize> {
        let decoded: Vec<Vec<u8>> = values
            .into_iter()
            .filter_map(|text| crate::core::wire::decode(text).ok())
            .collect();
        let blocks: Vec<&[u8]> = decoded
            .iter()
            .filter_map(|b| crate::core::wire::frame(b).ok().map(|f| f.rsa))
            .collect();
        self.order_dated(&blocks, hints, committed)
    }

    /// The order in which to try the keys on the values of one SealedSecret,
    /// whose RSA blocks are `blocks`, without any private-key work:
    ///
    /// 1. `hints` (the certificate record, the key active when the file was
    ///    committed, the key that opened the folder's last file, ...), in
    ///    order, when they may open every block;
    /// 2. the other keys that may open every block, smallest modulus first:
    ///    every block is an integer below the modulus of the key that made
    ///    it, so with several blocks the likeliest key is the smallest
    ///    modulus above them all;
    /// 3. the rest (a SealedSecret whose items were sealed with different
    ///    keys), hints first.
    ///
    /// Any order opens the same values; a good one saves operations.
    pub fn order(&self, blocks: &[&[u8]], hints: &[usize]) -> Vec<usize> {
        self.order_dated(blocks, hints, None)
    }

    /// [`KeyRing::order`] for values last committed at `committed` (Unix
    /// seconds): in step 2, keys whose certificate became valid after that
    /// (a day of clock skew allowed) come after the others, since no
    /// controller seals with a key before making it.
    pub fn order_dated(
        &self,
        blocks: &[&[u8]],
        hints: &[usize],
        committed: Option<i64>,
    ) -> Vec<usize> {
        let later = |i: usize| match (committed, self.keys[i].not_before()) {
            (Some(t), Some(nb)) => nb.unix_timestamp() > t + CLOCK_SKEW_SECONDS,
            _ => false,
        };
        let fits = |i: usize| blocks.iter().all(|b| self.keys[i].key.may_open(b));
        let mut out: Vec<usize> = Vec::with_capacity(self.keys.len());
        let push = |out: &mut Vec<usize>, i: usize| {
            if i < self.keys.len() && !out.contains(&i) {
                out.push(i);
            }
        };
        for &h in hints {
            if h < self.keys.len() && fits(h) {
                push(&mut out, h);
            }
        }
        let mut rest: Vec<usize> = (0..self.keys.len()).filter(|i| fits(*i)).collect();
        rest.sort_by(|a, b| {
            let (ma, mb) = (self.keys[*a].key.modulus(), self.keys[*b].key.modulus());
            later(*a)
                .cmp(&later(*b))
                .then_with(|| ma.len().cmp(&mb.len()))
                .then_with(|| ma.cmp(mb))
        });
        for i in rest {
            push(&mut out, i);
        }
        for &h in hints {
            push(&mut out, h);
        }
        for i in 0..self.keys.len() {
            push(&mut out, i);
        }
        out
    }

    /// The key whose certificate became valid last at or before `time`
    /// (Unix seconds): the controller's active key then, which sealed what
    /// was committed at that time.
    pub fn active_at(&self, time: i64) -> Option<usize> {
        self.keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((k.not_before()?.unix_timestamp(), i)))
            .filter(|(nb, _)| *nb <= time)
            .max()
            .map(|(_, i)| i)
    }

    /// The key matching a certificate's public key.
    pub fn for_certificate(&self, cert: &Certificate) -> Option<&KeyEntry> {
        let spki = spki_of_cert(cert)?;
        self.keys.iter().find(|k| k.spki_fingerprint == spki)
    }

    /// The key with a certificate of this fingerprint.
    pub fn by_cert_fingerprint(&self, fp: &Fingerprint) -> Option<&KeyEntry> {
        self.keys
            .iter()
            .find(|k| k.cert.as_ref().is_some_and(|c| c.fingerprint == *fp))
    }
}

/// SHA-256 of a certificate's `SubjectPublicKeyInfo`.
pub fn spki_of_cert(cert: &Certificate) -> Option<Fingerprint> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let (_, parsed) = X509Certificate::from_der(&cert.der).ok()?;
    Some(Fingerprint::of(parsed.public_key().raw))
}

/// Parses every private key in `bytes` (PEM, a `kubernetes.io/tls` Secret, or
/// a `List` of them), as [`KeyRing::load`] does for each file; `name` is the
/// source shown in messages. An empty result means no key was found.
pub fn parse_keys_bytes(bytes: &[u8], name: &str, backend: Backend) -> Result<Vec<KeyEntry>> {
    parse_keys(bytes, name, backend)
}

pub(crate) fn parse_keys(bytes: &[u8], name: &str, backend: Backend) -> Result<Vec<KeyEntry>> {
    let looks_pem = bytes.windows(10).take(4096).any(|w| w == b"-----BEGIN");
    if looks_pem && !bytes.starts_with(b"apiVersion") && !bytes.starts_with(b"{") {
        let pems = pem::parse_many(bytes)
            .map_err(|e| Error::key(name, format!("malformed PEM ({e})"), None))?;
        return pem_keys(&pems, name, None, None, backend);
    }
    let input =
        Manifest::from_bytes(name, bytes.to_vec()).map_err(|e| rename_as_key_error(e, name))?;
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for doc in input
        .documents()
        .map_err(|e| rename_as_key_error(e, name))?
    {
        // `kubectl get -o json` marks every object with its kind; a typed
        // client's list (a `SecretList` marshalled by a Go program, as
        // kubeseal's own tests write key backups) has no kind at all,
        // neither on the list nor on its items.
        match (doc.value.get("kind"), doc.value.get("items")) {
            (None, Some(Value::Array(items))) => {
                docs.extend(
                    items
                        .iter()
                        .cloned()
                        .map(|value| crate::core::manifest::Document {
                            origin: doc.origin.clone(),
                            span: None,
                            list_item: None,
                            value,
                        }),
                );
            }
            _ => docs.push(doc),
        }
    }
    for doc in docs {
        let keyless = doc.value.get("kind").is_none();
        if !keyless && manifest::kind_of(&doc.value) != Kind::Secret {
            continue;
        }
        let what = doc.origin.object.clone().unwrap_or_else(|| "Secret".into());
        let source = format!("{name}: {what}");
        let Some(key_b64) = doc.value.pointer("/data/tls.key").and_then(Value::as_str) else {
            continue;
        };
        let key_pem = manifest::secret::decode_base64(key_b64)
            .ok_or_else(|| Error::key(&source, "tls.key is not valid base64", None))?;
        let pems = pem::parse_many(key_pem.as_slice())
            .map_err(|e| Error::key(&source, format!("tls.key is not PEM ({e})"), None))?;
        let cert = match doc.value.pointer("/data/tls.crt").and_then(Value::as_str) {
            Some(b64) => {
                let crt = manifest::secret::decode_base64(b64)
                    .ok_or_else(|| Error::key(&source, "tls.crt is not valid base64", None))?;
                Some(Certificate::parse(&crt, &source, backend)?)
            }
            None => None,
        };
        let label = doc
            .value
            .pointer("/metadata/labels")
            .and_then(|l| l.get(KEY_LABEL))
            .and_then(Value::as_str)
            .map(str::to_string);
        out.extend(pem_keys(&pems, &source, cert, label, backend)?);
    }
    Ok(out)
}

fn rename_as_key_error(e: Error, name: &str) -> Error {
    Error::key(
        name,
        format!("is neither PEM nor a readable manifest ({e})"),
        None,
    )
}

fn pem_keys(
    pems: &[pem::Pem],
    source: &str,
    cert: Option<Certificate>,
    label: Option<String>,
    backend: Backend,
) -> Result<Vec<KeyEntry>> {
    let private: Vec<&pem::Pem> = pems
        .iter()
        .filter(|p| p.tag().ends_with("PRIVATE KEY"))
        .collect();
    let mut out = Vec::new();
    for (i, p) in private.iter().enumerate() {
        let shown = if private.len() > 1 {
            format!("{source}#{}", i + 1)
        } else {
            source.to_string()
        };
        let key = match p.tag() {
            "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(p.contents(), backend),
            "PRIVATE KEY" => PrivateKey::from_pkcs8_der(p.contents(), backend),
            "ENCRYPTED PRIVATE KEY" => {
                return Err(Error::key(
                    &shown,
                    "is encrypted with a passphrase",
                    Some("decrypt it first: `openssl pkey -in key.pem -out plain.pem`".into()),
                ));
            }
            other => {
                return Err(Error::key(
                    &shown,
                    format!("is a {other}, not an RSA key"),
                    Some("sealed-secrets keys are RSA".into()),
                ));
            }
        }
        .map_err(|_| Error::key(&shown, "is not a valid RSA private key", None))?;
        let spki = key
            .public_spki_der()
            .map_err(|_| Error::key(&shown, "has no usable public key", None))?;
        let cert = cert
            .clone()
            .filter(|c| spki_of_cert(c) == Some(Fingerprint::of(&spki)));
        out.push(KeyEntry {
            source: shown,
            key,
            spki_fingerprint: Fingerprint::of(&spki),
            cert,
            label: label.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use crate::test_fixtures::fixture;

    fn ring(files: &[&str]) -> KeyRing {
        let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
        KeyRing::load(&paths, Backend::default()).unwrap()
    }

    fn new_cert() -> Certificate {
        let bytes = std::fs::read(fixture("keys/new/tls.crt")).unwrap();
        Certificate::parse(&bytes, "new", Backend::default()).unwrap()
    }

    #[test]
    fn newest_is_the_latest_not_before_whatever_the_order() {
        let new = new_cert();
        for files in [
            &["keys/old/key.yaml", "keys/new/key.yaml"][..],
            &["keys/new/key.yaml", "keys/old/key.yaml"][..],
            &["keys/backup-list.yaml"][..],
        ] {
            let ring = ring(files);
            let newest = ring.newest().unwrap();
            assert_eq!(
                newest.cert.as_ref().map(|c| c.fingerprint),
                Some(new.fingerprint),
                "{files:?}"
            );
            assert_eq!(
                ring.for_certificate(&new).map(|k| &k.source),
                Some(&newest.source)
            );
        }
    }

    #[test]
    fn keys_without_a_certificate_count_as_oldest() {
        // tls.key alone is a bare PEM key: nothing says when it was made.
        let mixed = ring(&["keys/new/tls.key", "keys/old/key.yaml"]);
        let newest = mixed.newest().unwrap();
        assert!(newest.source.contains("old"), "{}", newest.source);
        let bare = ring(&["keys/old/tls.key", "keys/new/tls.key"]);
        let newest = bare.newest().unwrap();
        assert!(newest.cert.is_none());
        assert!(
            newest.source.ends_with("new/tls.key"),
            "ties go to the last given"
        );
        assert!(KeyRing::default().newest().is_none());
    }

    #[test]
    fn a_key_given_twice_is_kept_once_with_its_certificate() {
        let ring = ring(&[
            "keys/new/tls.key",
            "keys/backup-list.yaml",
            "keys/old/key.yaml",
        ]);
        assert_eq!(ring.keys.len(), 2);
        assert!(ring.keys[0].source.ends_with("new/tls.key"));
        let new = new_cert();
        assert_eq!(
            ring.keys[0].cert.as_ref().map(|c| c.fingerprint),
            Some(new.fingerprint),
            "the certificate from the backup is attached to the bare key"
        );
        assert_eq!(
            ring.by_cert_fingerprint(&new.fingerprint)
                .and_then(|k| ring.index_of(k)),
            Some(0)
        );
    }
}
