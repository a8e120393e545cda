//! Opening every SealedSecret of a file with a key ring: which key opens
//! each item, or precisely why none does; and, for `reseal`, the file with
//! every item that is not yet sealed for the target certificate re-sealed
//! for it, every other byte unchanged.
//!
//! `reseal`, `validate` and `audit` all run on this. The caller walks the
//! files and runs them in parallel; a file's SealedSecrets are opened in
//! parallel too, and the reports keep document order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_json::Value;

use crate::cert::{Certificate, Fingerprint};
use crate::crypto::os_rng;
use crate::error::{Error, Origin};
use crate::keys::KeyRing;
use crate::manifest::sealed::SealedView;
use crate::manifest::source::{self, Change, DocSpan};
use crate::manifest::{self, Document, Input, Kind};
use crate::scope::{CERT_SHA256_ANNOTATION, Scope};
use crate::unseal::{OpenFailure, describe_label, open_value, opens_as};
use crate::walk::WalkedFile;
use crate::wire;

/// The certificate `reseal` seals for.
#[derive(Debug, Clone)]
pub struct Target {
    /// The certificate.
    pub cert: Certificate,
    /// Its private key's position in the ring, when it was given: an item
    /// that opens with it is already current.
    pub key: Option<usize>,
}

/// What to do with each file.
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    /// Open and report (`validate`, `audit`).
    Inspect,
    /// Also re-seal every item not yet sealed for the target (`reseal`).
    Reseal(&'a Target),
}

/// The kind of a problem, for summaries and machine output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// The file cannot be read, or is not UTF-8 text.
    Unreadable,
    /// The file or document is not a valid manifest (bad YAML or JSON, no name, ...).
    Malformed,
    /// The encrypted value is not a sealed value at all.
    MalformedValue,
    /// The legacy v1 `spec.data` format.
    Legacy,
    /// No key given opens the value.
    NoKey,
    /// The value opens only under another scope, namespace or name.
    Moved,
    /// The change cannot be written in place (a SealedSecret inside a `List`).
    NotEditable,
    /// The file holds a plaintext Secret, or a document that might be one.
    Plaintext,
}

impl ProblemKind {
    /// A short name for tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Unreadable => "unreadable",
            ProblemKind::Malformed => "malformed",
            ProblemKind::MalformedValue => "malformed-value",
            ProblemKind::Legacy => "legacy-v1",
            ProblemKind::NoKey => "no-key",
            ProblemKind::Moved => "renamed-or-moved",
            ProblemKind::NotEditable => "not-editable",
            ProblemKind::Plaintext => "plaintext",
        }
    }
}

/// Something wrong with a file, a document or an item. Never holds a
/// secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind.
    pub kind: ProblemKind,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

impl Problem {
    fn new(kind: ProblemKind, message: impl Into<String>, hint: Option<String>) -> Self {
        Problem {
            kind,
            message: message.into(),
            hint,
        }
    }

    pub(crate) fn from_error(kind: ProblemKind, error: &Error) -> Self {
        Problem::new(kind, error.to_string(), error.hint())
    }
}

/// One item of `spec.encryptedData`.
#[derive(Debug, Clone)]
pub struct ItemReport {
    /// The item's key.
    pub key: String,
    /// Its 1-based line (the document's line inside a `List`).
    pub line: usize,
    /// The position in the ring of the key that opened it, or why none did.
    pub opened: Result<usize, Problem>,
}

/// One SealedSecret.
#[derive(Debug, Clone)]
pub struct SealedReport {
    /// File, line, document and object.
    pub origin: Origin,
    /// `metadata.namespace`.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// The scope from the object's own annotations.
    pub scope: Scope,
    /// What is wrong with the document as a whole, if anything.
    pub problem: Option<Problem>,
    /// Every item, in document order.
    pub items: Vec<ItemReport>,
    /// `reseal`: how many items got new ciphertext.
    pub resealed: usize,
}

impl SealedReport {
    /// Whether the document and every item opened.
    pub fn is_valid(&self) -> bool {
        self.problem.is_none() && self.items.iter().all(|i| i.opened.is_ok())
    }
}

/// One file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file.
    pub file: WalkedFile,
    /// Why the file could not be read at all.
    pub problem: Option<Problem>,
    /// Its SealedSecrets, in order.
    pub sealed: Vec<SealedReport>,
    /// How many documents are not SealedSecrets.
    pub other_documents: usize,
    /// `reseal`: the new bytes, when something changes and nothing failed.
    pub rewrite: Option<Vec<u8>>,
}

impl FileReport {
    /// Whether anything in the file failed.
    pub fn failed(&self) -> bool {
        self.problem.is_some() || self.sealed.iter().any(|s| !s.is_valid())
    }

    /// The path shown in messages.
    pub fn name(&self) -> String {
        self.file.path.display().to_string()
    }
}

/// Which key opened something last, anywhere: the first guess for the first
/// item of a document that carries no better hint. Any order of guesses
/// gives the same result (a value opens with one key only); good guesses
/// save private-key operations.
#[derive(Debug)]
pub struct LastKey(AtomicUsize);

impl Default for LastKey {
    fn default() -> Self {
        LastKey(AtomicUsize::new(usize::MAX))
    }
}

impl LastKey {
    fn get(&self) -> Option<usize> {
        match self.0.load(Ordering::Relaxed) {
            usize::MAX => None,
            i => Some(i),
        }
    }

    fn set(&self, i: usize) {
        self.0.store(i, Ordering::Relaxed);
    }
}

/// Reads one file and opens (and for [`Mode::Reseal`], re-seals) its
/// SealedSecrets. Never fails: everything wrong is in the report.
pub fn inspect_file(
    file: &WalkedFile,
    ring: &KeyRing,
    mode: Mode<'_>,
    last: &LastKey,
) -> FileReport {
    let mut report = FileReport {
        file: file.clone(),
        problem: None,
        sealed: Vec::new(),
        other_documents: 0,
        rewrite: None,
    };
    let input = match Input::read(Some(&file.path)) {
        Ok(input) => input,
        Err(e) => {
            let kind = match e {
                Error::Read { .. } => ProblemKind::Unreadable,
                _ => ProblemKind::Malformed,
            };
            report.problem = Some(Problem::from_error(kind, &e));
            return report;
        }
    };
    let docs = match input.documents() {
        Ok(docs) => docs,
        Err(e) => {
            report.problem = Some(Problem::from_error(ProblemKind::Malformed, &e));
            return report;
        }
    };
    // A plaintext Secret (or a document that might be one) in a repo of
    // SealedSecrets is a finding, never "0 SealedSecrets, valid".
    for doc in &docs {
        let problem = match manifest::classify(&doc.value, &doc.origin) {
            Ok(Kind::Secret) => Problem::new(
                ProblemKind::Plaintext,
                format!("{}: a plaintext Secret (not sealed)", doc.origin),
                Some("seal it with `sealant seal -i FILE` and commit only the SealedSecret; rotate the values if it was ever pushed".into()),
            ),
            Ok(_) => continue,
            Err(e) => Problem::new(
                ProblemKind::Plaintext,
                format!("{e} (it may hold plaintext)"),
                e.hint(),
            ),
        };
        report.problem = Some(problem);
        break;
    }
    let sealed: Vec<&Document> = docs
        .iter()
        .filter(|d| manifest::kind_of(&d.value) == Kind::SealedSecret)
        .collect();
    report.other_documents = docs.len() - sealed.len();
    let results: Vec<(SealedReport, Option<DocEdit>)> = sealed
        .par_iter()
        .map(|doc| inspect_document(&input, doc, ring, mode, last))
        .collect();
    let mut edits = Vec::new();
    for (sealed, edit) in results {
        report.sealed.push(sealed);
        edits.extend(edit);
    }
    if matches!(mode, Mode::Reseal(_)) && !edits.is_empty() && !report.failed() {
        match source::apply_all(&input.text, &edits) {
            Ok(text) => {
                report.rewrite = Some(if input.had_bom {
                    [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
                } else {
                    text.into_bytes()
                });
            }
            Err(e) => {
                let origin = Origin {
                    line: e.line(),
                    ..Origin::file(report.name())
                };
                report.problem = Some(Problem::new(
                    ProblemKind::NotEditable,
                    format!("{origin}: cannot rewrite in place: {e}"),
                    Some(
                        "reseal this file's SealedSecrets from their Secrets with `sealant seal`"
                            .into(),
                    ),
                ));
            }
        }
    }
    report
}

/// The changes to one document of a file.
type DocEdit = (DocSpan, Vec<Change>);

fn inspect_document(
    input: &Input,
    doc: &Document,
    ring: &KeyRing,
    mode: Mode<'_>,
    last: &LastKey,
) -> (SealedReport, Option<DocEdit>) {
    let line = doc.origin.line.unwrap_or(1);
    let mut report = SealedReport {
        origin: doc.origin.clone(),
        namespace: manifest::meta_str(&doc.value, "namespace")
            .unwrap_or("")
            .to_string(),
        name: manifest::meta_str(&doc.value, "name")
            .unwrap_or("")
            .to_string(),
        scope: Scope::Strict,
        problem: None,
        items: Vec::new(),
        resealed: 0,
    };
    let view = match SealedView::read(&doc.value, &doc.origin) {
        Ok(view) => view,
        Err(e) => {
            report.problem = Some(Problem::from_error(ProblemKind::Malformed, &e));
            return (report, None);
        }
    };
    report.scope = view.scope;
    if view.legacy_data && view.items.is_empty() {
        report.problem = Some(Problem::new(
            ProblemKind::Legacy,
            "uses the legacy v1 `spec.data` format, which the controller no longer opens",
            Some("re-create it from the original Secret with `sealant seal`".into()),
        ));
        return (report, None);
    }
    let lines: HashMap<String, usize> = doc
        .span
        .and_then(|span| {
            source::encrypted_data_spans(&input.text, &span)
                .ok()
                .flatten()
        })
        .map(|spans| spans.items.into_iter().map(|i| (i.key, i.line)).collect())
        .unwrap_or_default();
    let annotation = manifest::annotation(doc.value.get("metadata"), CERT_SHA256_ANNOTATION);
    let hinted = annotation
        .and_then(Fingerprint::parse)
        .and_then(|fp| ring.by_cert_fingerprint(&fp))
        .and_then(|k| ring.index_of(k));
    let target = match mode {
        Mode::Reseal(t) => Some(t),
        Mode::Inspect => None,
    };
    let label = view.label();
    let template = doc.value.pointer("/spec/template/metadata");
    let mut previous: Option<usize> = None;
    let mut changes = Vec::new();
    let mut rng = os_rng();
    for (key, text) in &view.items {
        // The previous item's key, the annotation's, the last key that
        // opened anything (in a repo mostly under one key, that one), and
        // the target's: usually one private-key operation per item.
        let preferred = previous
            .or(hinted)
            .or_else(|| last.get())
            .or(target.and_then(|t| t.key));
        let line = lines.get(key).copied().unwrap_or(line);
        let opened = match open_value(ring, &label, text, preferred) {
            Ok((plain, i)) => {
                previous = Some(i);
                last.set(i);
                if let Some(t) = target
                    && t.key != Some(i)
                {
                    match wire::seal(&t.cert.key, &label, &plain, &mut rng) {
                        Ok(value) => {
                            changes.push(Change::Replace {
                                key: key.clone(),
                                value,
                            });
                            report.resealed += 1;
                        }
                        Err(e) => {
                            report.items.push(ItemReport {
                                key: key.clone(),
                                line,
                                opened: Err(Problem::new(
                                    ProblemKind::MalformedValue,
                                    format!("sealing for the target certificate failed ({e})"),
                                    None,
                                )),
                            });
                            continue;
                        }
                    }
                }
                Ok(i)
            }
            Err(OpenFailure::Malformed(e)) => Err(Problem::new(
                ProblemKind::MalformedValue,
                format!("the encrypted value is {e}"),
                Some(
                    "the file was damaged or hand-edited; reseal the item from its plaintext"
                        .into(),
                ),
            )),
            Err(OpenFailure::NoKey) => Err(no_key(ring, &view, template, text)),
        };
        report.items.push(ItemReport {
            key: key.clone(),
            line,
            opened,
        });
    }
    let Some(target) = target else {
        return (report, None);
    };
    if !report.is_valid() {
        return (report, None);
    }
    // Every item is now sealed for the target: keep the annotation true.
    if let Some(value) = annotation
        && Fingerprint::parse(value) != Some(target.cert.fingerprint)
    {
        changes.push(Change::ReplaceAnnotation {
            key: CERT_SHA256_ANNOTATION.to_string(),
            value: target.cert.fingerprint.to_string(),
        });
    }
    if changes.is_empty() {
        return (report, None);
    }
    match doc.span {
        Some(span) => (report, Some((span, changes))),
        None => {
            report.problem = Some(Problem::new(
                ProblemKind::NotEditable,
                "is an item of a List; sealant rewrites SealedSecrets in place only as documents of their own",
                Some(
                    "split the List into documents (`---`), or reseal it with `sealant seal`"
                        .into(),
                ),
            ));
            (report, None)
        }
    }
}

fn no_key(ring: &KeyRing, view: &SealedView, template: Option<&Value>, text: &str) -> Problem {
    let tried = describe_label(view.scope, &view.namespace, &view.name);
    match opens_as(ring, view, template, text) {
        Some(id) => Problem::new(
            ProblemKind::Moved,
            format!("renamed or moved: it does not open with {tried}, but opens under {id}"),
            Some("it was sealed for that identity and renamed, moved or re-scoped afterwards; seal it again for its new identity (from its Secret, or `sealant unseal` then `sealant seal`)".into()),
        ),
        None => Problem::new(
            ProblemKind::NoKey,
            format!("no key opens it with {tried}"),
            Some(format!(
                "none of the {} key(s) given sealed it: pass the controller key that was active when it was sealed (a backup of all keys is safest)",
                ring.keys.len()
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Backend;
    use std::path::Path;

    use crate::test_fixtures::fixture;

    fn setup() -> (KeyRing, Target) {
        let ring = KeyRing::load(&[fixture("keys/backup-list.yaml")], Backend::default()).unwrap();
        let cert = ring.newest().unwrap().cert.clone().unwrap();
        let key = ring.for_certificate(&cert).and_then(|k| ring.index_of(k));
        (ring, Target { cert, key })
    }

    fn file(dir: &Path, name: &str, text: &str) -> WalkedFile {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        WalkedFile {
            real: path.clone(),
            path,
        }
    }

    #[test]
    fn a_sealed_secret_in_a_list_is_read_but_not_rewritten() {
        let (ring, target) = setup();
        let dir = tempfile::tempdir().unwrap();
        let sealed: Value = serde_saphyr::from_str(
            &std::fs::read_to_string(fixture("sealed/basic.old-key.yaml")).unwrap(),
        )
        .unwrap();
        let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": [sealed]});
        let f = file(dir.path(), "list.json", &list.to_string());
        let report = inspect_file(&f, &ring, Mode::Inspect, &LastKey::default());
        assert!(!report.failed(), "{report:?}");
        let old = ring
            .keys
            .iter()
            .position(|k| k.source.contains("item 1"))
            .unwrap();
        assert!(report.sealed[0].items.iter().all(|i| i.opened == Ok(old)));
        let report = inspect_file(&f, &ring, Mode::Reseal(&target), &LastKey::default());
        assert_eq!(
            report.sealed[0].problem.as_ref().map(|p| p.kind),
            Some(ProblemKind::NotEditable)
        );
        assert!(report.rewrite.is_none());
    }

    #[test]
    fn a_wrong_annotation_is_only_a_hint() {
        let (ring, target) = setup();
        let dir = tempfile::tempdir().unwrap();
        let old_fp = ring.keys[0].cert.as_ref().unwrap().fingerprint.to_string();
        // Claims the old certificate, but was sealed with the new key.
        let text = std::fs::read_to_string(fixture("sealed/basic.strict.yaml"))
            .unwrap()
            .replacen(
                "metadata:\n  name: app-credentials\n",
                &format!("metadata:\n  annotations:\n    sealant.dev/cert-sha256: \"{old_fp}\"\n  name: app-credentials\n"),
                1,
            );
        let f = file(dir.path(), "a.yaml", &text);
        let report = inspect_file(&f, &ring, Mode::Reseal(&target), &LastKey::default());
        assert!(!report.failed(), "{report:?}");
        assert!(
            report.sealed[0]
                .items
                .iter()
                .all(|i| i.opened == Ok(target.key.unwrap()))
        );
        assert_eq!(report.sealed[0].resealed, 0, "already current");
        // Only the annotation is corrected.
        let new = String::from_utf8(report.rewrite.unwrap()).unwrap();
        assert_eq!(
            new,
            text.replace(&old_fp, &target.cert.fingerprint.to_string())
        );
    }
}
