//! `sealant audit --history`: for each current item of a repo, when its
//! current value first appeared and every key it was ever sealed under, read
//! from the decrypted git history; with `--leaked-key`, which current values
//! were ever sealed under a leaked key (and so must be given new values).
//!
//! History comes from the git CLI (`git log --raw` over the files asked for,
//! then one `git cat-file --batch` for the blobs): it always matches the
//! user's git, its config and its object formats, and costs no dependency.
//! Each distinct blob is read and parsed once, and each distinct ciphertext
//! (by SHA-256 of its label and text) is opened once, in parallel, so a long
//! history costs about one private-key operation per distinct ciphertext.

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::app::config::AuditConfig;
use crate::core::certificate::{Fingerprint, format_date};
use crate::core::crypto::Backend;
use crate::core::keyring::{KeyEntry, KeyRing};
use crate::core::manifest::sealed::SealedView;
use crate::core::manifest::{self, Kind, Manifest};
use crate::core::opening::open_value;
use crate::core::sealing::CERT_SHA256_ANNOTATION;
use crate::error::{Error, Origin, Result};

use super::Stdout;
use super::audit::LEAK_NOTE;

mod git;
use git::*;

mod render;
use render::*;

/// A hash of a ciphertext under its label, or of a plaintext: what the
/// caches key on and what values are compared by (plaintext never kept).
type Digest32 = [u8; 32];

/// What a leaked key is known by.
#[derive(Debug, Clone)]
struct Leaked {
    /// As given on the command line.
    given: String,
    /// Fingerprints (certificate or public key) that name it.
    fingerprints: Vec<Fingerprint>,
}

/// One SealedSecret of a blob or of the working tree.
#[derive(Debug, Clone)]
struct Doc {
    namespace: String,
    name: String,
    /// The certificate record, when present and well formed.
    record: Option<Fingerprint>,
    /// Item key, ciphertext hash, and (for opening) label and text.
    items: Vec<(String, Digest32)>,
}

/// A SealedSecret and the line of each of its items.
type DocLines = (Doc, HashMap<String, usize>);

/// One ciphertext to open.
struct Ciphertext {
    label: Vec<u8>,
    text: String,
    hint: Option<usize>,
}

/// What one ciphertext opened to: the plaintext's hash and the key's index.
type Opened = Option<(Digest32, usize)>;

/// A commit on the first-parent line.
struct CommitInfo {
    hash: String,
    time: i64,
}

/// One current item and what its history says.
struct ItemHistory {
    file: String,
    line: usize,
    namespace: String,
    name: String,
    item: String,
    /// The oldest commit of the unbroken run holding the current value.
    since: Option<usize>,
    /// Whether the run reaches the working tree from a commit (false: the
    /// current value is not committed yet).
    committed: bool,
    /// Whether some ciphertext of the run's edge could not be opened, so the
    /// value may be older than `since`.
    complete: bool,
    /// Every key any value of this item was sealed under: key index ->
    /// (commits, newest commit index, oldest commit index).
    keys: Vec<(usize, usize)>,
    /// Keys the current value was sealed under (by ring index).
    value_keys: BTreeSet<usize>,
    /// Commits where the current value was sealed under a leaked key:
    /// (commit index, how we know: "opened" or "record").
    /// `None`: the work tree's own ciphertext.
    exposures: Vec<(Option<usize>, &'static str)>,
    /// Why the item could not be assessed.
    problem: Option<String>,
}

pub(super) fn run(cfg: &AuditConfig) -> Result<()> {
    let mut ring = cfg.keys.load(Backend::default())?;
    let leaked = load_leaked(&cfg.leaked, &mut ring)?;
    let roots: Vec<PathBuf> = if cfg.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        cfg.paths.clone()
    };
    let walk = crate::repo::walk::walk_with(&roots, cfg.follow)?;
    for p in &walk.problems {
        crate::note!("sealant: failed: {}: {}", p.path, p.message);
    }
    let first = roots[0].canonicalize().map_err(|e| Error::Read {
        path: roots[0].display().to_string(),
        source: e,
    })?;
    let dir = if first.is_dir() {
        first.clone()
    } else {
        first
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or(first.clone())
    };
    let top = git(&dir, &["rev-parse", "--show-toplevel"], None)
        .map_err(|e| {
            Error::input(
                &Origin::file(roots[0].display().to_string()),
                format!("is not in a git repository ({e})"),
                Some("run `audit --history` on files of a git work tree, or drop --history".into()),
            )
        })
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o).trim_end_matches('\n')))?;
    let top = top.canonicalize().unwrap_or(top);

    // The current SealedSecrets, by path relative to the top.
    let mut sealed: HashMap<Digest32, Ciphertext> = HashMap::new();
    let mut current: Vec<(String, String, Vec<DocLines>)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for f in &walk.files {
        let shown = f.path.display().to_string();
        let Ok(real) = f.real.canonicalize() else {
            problems.push(format!("{shown}: cannot be read"));
            continue;
        };
        let Ok(rel) = real.strip_prefix(&top) else {
            problems.push(format!("{shown}: outside the repository {}", top.display()));
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        match Manifest::read(Some(&f.path)) {
            Ok(input) => match parse_docs(&input, None, &ring, &mut sealed, true) {
                Ok(docs) if !docs.is_empty() => current.push((shown, rel, docs)),
                Ok(_) => {}
                Err(e) => problems.push(e.to_string()),
            },
            Err(e) => problems.push(e.to_string()),
        }
    }

    // The history of those paths, first parent only, newest first.
    let rels: Vec<String> = current.iter().map(|(_, r, _)| r.clone()).collect();
    let (commits, timelines) = log(&top, cfg.since.as_deref(), &rels)?;
    let blobs: BTreeSet<String> = timelines
        .values()
        .flatten()
        .filter_map(|(_, b)| b.clone())
        .collect();
    let contents = cat_blobs(&top, &blobs)?;
    // The commit each blob first appears in (oldest), for the key hint.
    let mut blob_time: HashMap<&str, i64> = HashMap::new();
    for line in timelines.values() {
        for (c, b) in line {
            if let Some(b) = b {
                blob_time.insert(b, commits[*c].time);
            }
        }
    }
    let mut parsed: HashMap<String, Vec<Doc>> = HashMap::new();
    for (blob, bytes) in contents {
        let hint = blob_time
            .get(blob.as_str())
            .and_then(|t| ring.active_at(*t));
        // A historical blob that does not parse holds nothing to compare.
        let docs = Manifest::from_bytes(&blob, bytes)
            .ok()
            .and_then(|input| parse_docs(&input, hint, &ring, &mut sealed, false).ok())
            .map(|d| d.into_iter().map(|(d, _)| d).collect())
            .unwrap_or_default();
        parsed.insert(blob, docs);
    }

    // Every distinct ciphertext opened once, in parallel.
    let work: Vec<(&Digest32, &Ciphertext)> = sealed.iter().collect();
    let opened: HashMap<Digest32, Opened> = work
        .par_iter()
        .map(|(h, s)| {
            let o = open_value(&ring, &s.label, &s.text, s.hint)
                .ok()
                .map(|(plain, i)| (Sha256::digest(&plain[..]).into(), i));
            (**h, o)
        })
        .collect();
    ring.print_stats();

    let leaked_record = |fp: &Fingerprint| leaked.iter().any(|l| l.fingerprints.contains(fp));
    // A key given without its certificate (a bare tls.key) is known as the
    // leaked certificate's when a SealedSecret recording that certificate
    // opens with it.
    let mut learned: BTreeSet<usize> = BTreeSet::new();
    let all_docs = parsed.values().flatten().chain(
        current
            .iter()
            .flat_map(|(_, _, d)| d.iter().map(|(d, _)| d)),
    );
    for d in all_docs {
        if !d.record.is_some_and(|r| leaked_record(&r)) {
            continue;
        }
        for (_, ch) in &d.items {
            if let Some(Some((_, k))) = opened.get(ch)
                && ring.keys[*k].cert.is_none()
            {
                learned.insert(*k);
            }
        }
    }
    let is_leaked = |i: usize| leaked_index(&ring, &leaked, i) || learned.contains(&i);
    let mut items = Vec::new();
    for (shown, rel, docs) in &current {
        let line = timelines.get(rel).map(Vec::as_slice).unwrap_or(&[]);
        for (doc, lines) in docs {
            for (key, hash) in &doc.items {
                let mut h = ItemHistory {
                    file: shown.clone(),
                    line: lines.get(key).copied().unwrap_or(1),
                    namespace: doc.namespace.clone(),
                    name: doc.name.clone(),
                    item: key.clone(),
                    since: None,
                    committed: false,
                    complete: true,
                    keys: Vec::new(),
                    value_keys: BTreeSet::new(),
                    exposures: Vec::new(),
                    problem: None,
                };
                let Some(Some((value, now_key))) = opened.get(hash).copied() else {
                    h.problem = Some("no key given opens the current value".into());
                    items.push(h);
                    continue;
                };
                h.value_keys.insert(now_key);
                // The work tree's ciphertext counts too (uncommitted or not).
                if is_leaked(now_key) {
                    h.exposures.push((None, "opened"));
                }
                // Newest first; the run is unbroken while each state holds
                // the current value.
                let mut in_run = true;
                let mut seen_keys: Vec<(usize, usize)> = Vec::new();
                for (c, blob) in line {
                    let state = blob
                        .as_ref()
                        .and_then(|b| parsed.get(b))
                        .and_then(|docs| {
                            docs.iter()
                                .find(|d| d.namespace == doc.namespace && d.name == doc.name)
                        })
                        .and_then(|d| {
                            d.items
                                .iter()
                                .find(|(k, _)| k == key)
                                .map(|(_, ch)| (opened.get(ch).copied().flatten(), d.record))
                        });
                    match state {
                        None => in_run = false,
                        Some((Some((v, k)), _)) => {
                            match seen_keys.iter_mut().find(|(i, _)| *i == k) {
                                Some((_, n)) => *n += 1,
                                None => seen_keys.push((k, 1)),
                            }
                            if v == value {
                                h.value_keys.insert(k);
                                if is_leaked(k) {
                                    h.exposures.push((Some(*c), "opened"));
                                }
                                if in_run {
                                    h.since = Some(*c);
                                    h.committed = true;
                                }
                            } else {
                                in_run = false;
                            }
                        }
                        Some((None, record)) => {
                            // Not opened by any key given: compare what can
                            // be compared. Sealed for a leaked certificate and
                            // next to the current value's run: presumed the
                            // same value (fail closed).
                            if in_run {
                                h.complete = false;
                                if record.is_some_and(|r| leaked_record(&r)) {
                                    h.exposures.push((Some(*c), "record"));
                                }
                            }
                            in_run = false;
                        }
                    }
                }
                h.keys = seen_keys;
                items.push(h);
            }
        }
    }

    let leaked_keys: BTreeSet<usize> = (0..ring.keys.len()).filter(|i| is_leaked(*i)).collect();
    let exposed = items.iter().filter(|i| !i.exposures.is_empty()).count();
    let failed = items.iter().filter(|i| i.problem.is_some()).count();
    let text = if cfg.json {
        let v = to_json(
            &items,
            &commits,
            &ring,
            &leaked,
            &leaked_keys,
            &problems,
            exposed,
            &sealed,
            parsed.len(),
        );
        crate::core::manifest::output::to_go_json(&v)
    } else {
        to_text(
            &items,
            &commits,
            &ring,
            &leaked,
            &leaked_keys,
            &problems,
            exposed,
        )
    };
    let mut out = Stdout::new();
    out.write(crate::report::terminal::escape_text(&text).as_bytes())?;
    out.finish()?;
    crate::note!(
        "sealant: {} commit(s), {} blob(s), {} distinct ciphertext(s), {} private-key operation(s); {} item(s), {} exposed",
        commits.len(),
        parsed.len(),
        sealed.len(),
        ring.stats.private(),
        items.len(),
        exposed
    );
    if exposed > 0 {
        return Err(Error::Findings {
            message: format!(
                "{exposed} current value(s) were sealed under a leaked key in git history: give them new values, seal those, then retire the key"
            ),
        });
    }
    let n = failed + problems.len() + walk.problems.len();
    if n > 0 {
        return Err(Error::Findings {
            message: format!("{n} problem(s) found: those values could not be traced"),
        });
    }
    Ok(())
}

/// Loads the leaked keys: key files (added to the ring, so what they sealed
/// opens) or fingerprints.
fn load_leaked(given: &[String], ring: &mut KeyRing) -> Result<Vec<Leaked>> {
    let mut out = Vec::new();
    for g in given {
        if !Path::new(g).exists()
            && let Some(fp) = Fingerprint::parse(g)
        {
            out.push(Leaked {
                given: g.clone(),
                fingerprints: vec![fp],
            });
            continue;
        }
        if !Path::new(g).exists() {
            return Err(Error::usage(
                format!("--leaked-key '{g}' is neither a key file nor a SHA-256 fingerprint"),
                Some("give the leaked private key's file, or its certificate's fingerprint (sha256: and 64 hex digits)".into()),
            ));
        }
        let keys = KeyRing::load(&[PathBuf::from(g)], Backend::default())?;
        let mut fps = Vec::new();
        for k in keys.keys {
            fps.push(k.spki_fingerprint);
            if let Some(c) = &k.cert {
                fps.push(c.fingerprint);
            }
            if ring.index_of(&k).is_none() {
                ring.add(k);
            }
        }
        out.push(Leaked {
            given: g.clone(),
            fingerprints: fps,
        });
    }
    Ok(out)
}

fn leaked_index(ring: &KeyRing, leaked: &[Leaked], i: usize) -> bool {
    let k = &ring.keys[i];
    leaked.iter().any(|l| {
        l.fingerprints.contains(&k.spki_fingerprint)
            || k.cert
                .as_ref()
                .is_some_and(|c| l.fingerprints.contains(&c.fingerprint))
    })
}

/// The SealedSecrets of one input, their ciphertexts registered in `sealed`.
/// With `strict`, a document that may hold plaintext is an error.
fn parse_docs(
    input: &Manifest,
    hint: Option<usize>,
    ring: &KeyRing,
    sealed: &mut HashMap<Digest32, Ciphertext>,
    strict: bool,
) -> Result<Vec<DocLines>> {
    let mut out = Vec::new();
    for doc in input.documents()? {
        if strict {
            match manifest::classify(&doc.value, &doc.origin) {
                Ok(Kind::Secret) => {
                    return Err(Error::input(
                        &doc.origin,
                        "a plaintext Secret (not sealed)",
                        Some(crate::report::hints::SEAL_PLAINTEXT.to_string()),
                    ));
                }
                Ok(_) => {}
                Err(e) => return Err(e),
            }
        }
        if manifest::kind_of(&doc.value) != Kind::SealedSecret {
            continue;
        }
        let view = SealedView::read(&doc.value, &doc.origin)?;
        let record = manifest::annotation(doc.value.get("metadata"), CERT_SHA256_ANNOTATION)
            .and_then(Fingerprint::parse);
        let hint = record
            .and_then(|fp| ring.by_cert_fingerprint(&fp))
            .and_then(|k| ring.index_of(k))
            .or(hint);
        let label = view.label();
        let mut items = Vec::new();
        for (key, text) in &view.items {
            let mut h = Sha256::new();
            h.update(&label);
            h.update([0]);
            h.update(text.as_bytes());
            let digest: Digest32 = h.finalize().into();
            sealed.entry(digest).or_insert_with(|| Ciphertext {
                label: label.clone(),
                text: text.clone(),
                hint,
            });
            items.push((key.clone(), digest));
        }
        let lines = doc
            .span
            .and_then(|span| {
                crate::yaml::spans::encrypted_data_spans(&input.text, &span)
                    .ok()
                    .flatten()
            })
            .map(|spans| spans.items.into_iter().map(|i| (i.key, i.line)).collect())
            .unwrap_or_default();
        out.push((
            Doc {
                namespace: view.namespace,
                name: view.name,
                record,
                items,
            },
            lines,
        ));
    }
    Ok(out)
}

fn fp_of(k: &KeyEntry) -> String {
    match &k.cert {
        Some(c) => c.fingerprint.to_string(),
        None => k.spki_fingerprint.to_string(),
    }
}

fn date(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .map(format_date)
        .unwrap_or_else(|_| t.to_string())
}
