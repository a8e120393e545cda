//! Opening every SealedSecret of a file with a key ring: which key opens
//! each item, or precisely why none does; and, for `reseal`, the file with
//! every item that is not yet sealed for the target certificate re-sealed
//! for it, every other byte unchanged.
//!
//! `reseal`, `validate` and `audit` all run on this. The caller walks the
//! files and runs them in parallel; a file's SealedSecrets are opened in
//! parallel too, and the reports keep document order.

use crate::report::{Code, Diagnostic};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_json::Value;

use crate::core::certificate::{Certificate, Fingerprint};
use crate::core::crypto::os_rng;
use crate::core::keyring::KeyRing;
use crate::core::manifest::sealed::SealedView;
use crate::core::manifest::{self, Document, Kind, Manifest};
use crate::core::opening::{OpenFailure, budget_problem, describe_label, open_value_in, opens_as};
use crate::core::scope::{CERT_SHA256_ANNOTATION, Scope};
use crate::core::wire;
use crate::error::{Error, Origin, Result};
use crate::io::input::Input;
use crate::repo::walk::WalkedFile;
use crate::yaml::patch::{self, Change};
use crate::yaml::spans;
use crate::yaml::split::DocSpan;

/// The certificate `reseal` seals for.
#[derive(Debug, Clone)]
pub struct ResealTarget {
    /// The certificate.
    pub cert: Certificate,
    /// Its private key's position in the ring, when it was given: an item
    /// that opens with it is already current.
    pub key: Option<usize>,
}

/// What to do with each file.
#[derive(Debug, Clone, Copy)]
pub enum Pass<'a> {
    /// Open and report (`validate`, `audit`).
    Inspect,
    /// Also re-seal every item not yet sealed for the target (`reseal`).
    Reseal(&'a ResealTarget),
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
    /// Not tried: the run spent its budget of failed private-key operations.
    Budget,
}

impl ProblemKind {
    /// Its code in the diagnostics vocabulary.
    pub fn code(self) -> Code {
        match self {
            ProblemKind::Unreadable => Code::Unreadable,
            ProblemKind::Malformed => Code::Malformed,
            ProblemKind::MalformedValue => Code::MalformedValue,
            ProblemKind::Legacy => Code::LegacyData,
            ProblemKind::NoKey => Code::NoKey,
            ProblemKind::Moved => Code::Renamed,
            ProblemKind::NotEditable => Code::NotEditable,
            ProblemKind::Plaintext => Code::PlaintextSecret,
            ProblemKind::Budget => Code::BudgetSpent,
        }
    }

    /// A short name for tables and JSON: the code's.
    pub fn as_str(self) -> &'static str {
        self.code().as_str()
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
    /// The problem as a diagnostic at `origin`.
    pub fn diagnostic(&self, origin: Origin) -> Diagnostic {
        Diagnostic::new(
            self.kind.code(),
            origin,
            self.message.clone(),
            self.hint.clone(),
        )
    }

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
    /// `reseal`: the new text, when something changes and nothing failed
    /// (written back with the file's byte-order mark by its rewrite).
    pub rewrite: Option<String>,
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

/// What a run learns about which key sealed what, before and while it opens
/// values: guesses for the first item of a document that carries no
/// certificate record. Any order of guesses gives the same result (a value
/// opens with one key only); good guesses save private-key operations.
#[derive(Debug, Default)]
pub struct LastKey {
    /// The key that opened something last, anywhere.
    last: AtomicUsize,
    /// The key that opened something last in each folder.
    folders: Mutex<HashMap<PathBuf, usize>>,
    /// When each file was last committed (Unix seconds), from git.
    dates: HashMap<PathBuf, i64>,
    /// How often each kind of guess was right and wrong: a guess that is
    /// mostly wrong in this repo (files resealed out of date order, folders
    /// under mixed keys) stops costing operations, and the modulus order
    /// decides alone.
    record: [Record; GUESSES],
    /// How often the key that opened a file became valid before the file
    /// was last committed (a hit) or after (a miss: dates that do not hold,
    /// such as a rewritten history), for [`LastKey::committed`].
    dates_hold: Record,
}

/// The guesses [`LastKey`] makes: the commit date's key, the folder's, the
/// last one, and (resealing) the target's.
const GUESSES: usize = 4;

#[derive(Debug, Default)]
struct Record {
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl Record {
    /// Trusted until it has been wrong more than 8 times and more than
    /// twice as often as right.
    fn trusted(&self) -> bool {
        let (hits, misses) = (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        );
        misses <= 8 || misses <= 2 * hits
    }

    /// Trusted until it has been wrong more than 8 times and more than once
    /// in ten: for what should never be wrong.
    fn seldom_wrong(&self) -> bool {
        let (hits, misses) = (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        );
        misses <= 8 || misses * 10 <= hits
    }
}

/// The guesses for one file, before any private-key work.
#[derive(Debug, Clone, Copy)]
struct Guesses([Option<usize>; GUESSES]);

impl LastKey {
    /// Guesses informed by git: `dates` maps a file (as walked) to the time
    /// of the last commit that touched it.
    pub fn with_dates(dates: HashMap<PathBuf, i64>) -> Self {
        LastKey {
            dates,
            ..LastKey::default()
        }
    }

    fn guesses(&self, ring: &KeyRing, file: &Path, target: Option<usize>) -> Guesses {
        let date = self.dates.get(file).and_then(|t| ring.active_at(*t));
        let folder = file.parent().and_then(|dir| {
            let folders = self.folders.lock().ok()?;
            folders.get(dir).copied()
        });
        let last = match self.last.load(Ordering::Relaxed) {
            0 => None,
            i => Some(i - 1),
        };
        Guesses([date, folder, last, target])
    }

    /// When `file` was last committed, while commit dates hold in this run:
    /// keys made after it are tried after the others
    /// ([`KeyRing::order_dated`]).
    fn committed(&self, file: &Path) -> Option<i64> {
        self.dates
            .get(file)
            .copied()
            .filter(|_| self.dates_hold.seldom_wrong())
    }

    /// Records whether the key `i` that opened `file` was made before the
    /// file was last committed.
    fn opened_at(&self, ring: &KeyRing, file: &Path, i: usize) {
        let (Some(t), Some(nb)) = (self.dates.get(file), ring.keys[i].not_before()) else {
            return;
        };
        let held = nb.unix_timestamp() <= *t + crate::core::keyring::CLOCK_SKEW_SECONDS;
        let counter = if held {
            &self.dates_hold.hits
        } else {
            &self.dates_hold.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The guesses worth trying, most reliable first.
    fn trusted(&self, guesses: Guesses) -> impl Iterator<Item = usize> + '_ {
        guesses
            .0
            .into_iter()
            .zip(&self.record)
            .filter_map(|(g, r)| g.filter(|_| r.trusted()))
    }

    fn opened(&self, file: &Path, guesses: Guesses, i: usize) {
        self.last.store(i + 1, Ordering::Relaxed);
        if let (Some(dir), Ok(mut folders)) = (file.parent(), self.folders.lock())
            && folders.get(dir) != Some(&i)
        {
            folders.insert(dir.to_path_buf(), i);
        }
        for (g, r) in guesses.0.into_iter().zip(&self.record) {
            match g {
                Some(g) if g == i => r.hits.fetch_add(1, Ordering::Relaxed),
                Some(_) => r.misses.fetch_add(1, Ordering::Relaxed),
                None => 0,
            };
        }
    }
}

/// When each file under `paths` was last committed, for the repositories
/// they are in (one `git log` per repository; nothing when git is missing,
/// or a path is not in a repository). Keys are the files as the walk names
/// them.
pub fn git_commit_dates(files: &[WalkedFile], roots: &[PathBuf]) -> HashMap<PathBuf, i64> {
    let mut out = HashMap::new();
    let mut tops: Vec<PathBuf> = Vec::new();
    let mut by_real: HashMap<PathBuf, &Path> = HashMap::new();
    for f in files {
        by_real.insert(f.real.clone(), &f.path);
    }
    for f in files {
        let Some(dir) = f.real.parent() else {
            continue;
        };
        if tops.iter().any(|t| dir.starts_with(t)) {
            continue;
        }
        let Some(top) = git(dir, &["rev-parse", "--show-toplevel"])
            .and_then(|o| String::from_utf8(o).ok())
            .map(|t| PathBuf::from(t.trim_end_matches('\n')))
        else {
            // Not a repository: no need to ask again for this folder.
            tops.push(dir.to_path_buf());
            continue;
        };
        let top = top.canonicalize().unwrap_or(top);
        tops.push(top.clone());
        // Only the history of what was asked for: a big repository's whole
        // log would cost more than it saves.
        let mut args: Vec<std::ffi::OsString> = [
            "log",
            "--format=%x01%ct",
            "-z",
            "--name-only",
            "--no-renames",
            "--",
        ]
        .iter()
        .map(Into::into)
        .collect();
        args.extend(
            roots
                .iter()
                .filter_map(|r| r.canonicalize().ok())
                .filter(|r| r.starts_with(&top))
                .map(Into::into),
        );
        let Some(log) = git(&top, &args) else {
            continue;
        };
        let mut time = None;
        for field in log.split(|b| *b == 0) {
            if let Some(t) = field.strip_prefix(b"\x01") {
                time = std::str::from_utf8(t)
                    .ok()
                    .and_then(|t| t.parse::<i64>().ok());
                continue;
            }
            let name = field.strip_prefix(b"\n").unwrap_or(field);
            let (Some(t), Ok(name)) = (time, std::str::from_utf8(name)) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            if let Some(walked) = by_real.get(&top.join(name)) {
                // The log runs newest first: the first date is the last commit.
                out.entry(walked.to_path_buf()).or_insert(t);
            }
        }
    }
    out
}

/// Runs a read-only git command in `dir`; its standard output on success.
/// No pager, no fsmonitor hook, no prompts.
fn git<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Option<Vec<u8>> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "--no-pager",
            "-c",
            "core.fsmonitor=",
            "-c",
            "log.showSignature=false",
        ])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status.success().then_some(out.stdout)
}

/// Reads one file and opens (and for [`Pass::Reseal`], re-seals) its
/// SealedSecrets. Never fails: everything wrong is in the report.
pub fn inspect_file(
    file: &WalkedFile,
    ring: &KeyRing,
    mode: Pass<'_>,
    last: &LastKey,
) -> FileReport {
    inspect_read(file, Input::read(Some(&file.path)), ring, mode, last)
}

/// [`inspect_file`] for a file already read (`reseal` reads it under its
/// rewrite lock).
pub fn inspect_read(
    file: &WalkedFile,
    read: Result<Input>,
    ring: &KeyRing,
    mode: Pass<'_>,
    last: &LastKey,
) -> FileReport {
    let mut report = FileReport {
        file: file.clone(),
        problem: None,
        sealed: Vec::new(),
        other_documents: 0,
        rewrite: None,
    };
    let input = match read {
        Ok(input) => Manifest::new(input),
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
                Some(crate::report::hints::SEAL_PLAINTEXT.into()),
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
        .map(|doc| inspect_document(&input, &file.path, doc, ring, mode, last))
        .collect();
    let mut edits = Vec::new();
    for (sealed, edit) in results {
        report.sealed.push(sealed);
        edits.extend(edit);
    }
    if matches!(mode, Pass::Reseal(_)) && !edits.is_empty() && !report.failed() {
        match patch::apply_all(&input.text, &edits) {
            Ok(text) => {
                report.rewrite = Some(text);
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
    input: &Manifest,
    path: &Path,
    doc: &Document,
    ring: &KeyRing,
    mode: Pass<'_>,
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
            manifest::sealed::LEGACY_DATA_MESSAGE,
            Some(manifest::sealed::LEGACY_DATA_HINT.into()),
        ));
        return (report, None);
    }
    let lines: HashMap<String, usize> = doc
        .span
        .and_then(|span| {
            spans::encrypted_data_spans(&input.text, &span)
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
        Pass::Reseal(t) => Some(t),
        Pass::Inspect => None,
    };
    let label = view.label();
    let template = doc.value.pointer("/spec/template/metadata");
    let mut previous: Option<usize> = None;
    let mut changes = Vec::new();
    let mut rng = os_rng();
    // Before any private-key work: the certificate record, the key active
    // when the file was last committed, the key that opened the folder's
    // last file, the last key that opened anything, the target's, each while
    // it is mostly right in this run; then the keys whose modulus fits every
    // item's RSA block, those made after the file's last commit last (see
    // KeyRing::order_dated).
    let guesses = last.guesses(ring, path, target.and_then(|t| t.key));
    let hints: Vec<usize> = hinted.into_iter().chain(last.trusted(guesses)).collect();
    let committed = last.committed(path);
    let order = ring.order_for_values(
        view.items.iter().map(|(_, t)| t.as_str()),
        &hints,
        committed,
    );
    let mut first = true;
    for (key, text) in &view.items {
        let line = lines.get(key).copied().unwrap_or(line);
        let opened = match open_value_in(ring, &label, text, previous, Some(&order)) {
            Ok((plain, i)) => {
                previous = Some(i);
                if std::mem::take(&mut first) {
                    last.opened(path, guesses, i);
                    last.opened_at(ring, path, i);
                }
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
                Some(crate::report::hints::DAMAGED_VALUE.into()),
            )),
            Err(OpenFailure::Budget) => {
                let (message, hint) = budget_problem(ring);
                Err(Problem::new(ProblemKind::Budget, message, Some(hint)))
            }
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
mod tests;
