//! `sealant audit`: which key opens each SealedSecret item of a repo, and
//! how many items still depend on each key, so a team knows when an old key
//! can be retired and, after a leak, which Secrets were exposed.

use serde_json::{Map, Value, json};

use crate::app::config::AuditConfig;
use crate::core::certificate::format_date;
use crate::core::crypto::Backend;
use crate::core::keyring::{KeyEntry, KeyRing};
use crate::error::{Error, Result};
use crate::report::Reporter;

use super::Stdout;
use super::repo::{self, Scan};

/// Printed with every audit, and in the README.
pub(crate) const LEAK_NOTE: &str = "After a key leak, re-encrypting is not enough: every value sealed with the leaked key stays readable in git history and in every clone. Give the exposed Secrets (the items listed under that key) new values, seal those, then retire the key.";

pub(super) fn run(cfg: &AuditConfig) -> Result<()> {
    if cfg.history {
        return super::history::run(cfg);
    }
    let ring = cfg.keys.load(Backend::default())?;
    let reporter = Reporter::new();
    let scan = repo::inspect_all(&cfg.paths, cfg.follow, &ring, &reporter)?;
    let audit = Audit::new(&scan, &ring);
    let text = if cfg.json {
        crate::core::manifest::output::to_go_json(&audit.to_json(&scan, &ring))
    } else {
        audit.to_text(&scan, &ring)
    };
    let mut out = Stdout::new();
    out.write(crate::report::terminal::escape_text(&text).as_bytes())?;
    out.finish()?;
    reporter.note(format!(
        "sealant: {} file(s) scanned, {} SealedSecret(s), {} item(s): {} opened, {} failed",
        scan.files.len(),
        scan.sealed_count(),
        audit.items,
        audit.items - audit.failed_items,
        audit.failed_items
    ));
    let failures = audit.problems + scan.walk_failures();
    if failures > 0 {
        return Err(Error::Findings {
            message: format!("{failures} problem(s) found: those items depend on no key given"),
        });
    }
    Ok(())
}

/// The counts per key.
struct Audit {
    /// Items opened by each key (by ring position).
    per_key_items: Vec<usize>,
    /// SealedSecrets with at least one item opened by each key.
    per_key_sealed: Vec<usize>,
    items: usize,
    failed_items: usize,
    /// Every problem: files, documents, items.
    problems: usize,
}

impl Audit {
    fn new(scan: &Scan, ring: &KeyRing) -> Self {
        let mut a = Audit {
            per_key_items: vec![0; ring.keys.len()],
            per_key_sealed: vec![0; ring.keys.len()],
            items: 0,
            failed_items: 0,
            problems: 0,
        };
        for file in &scan.files {
            a.problems += repo::problems(file).len();
            for sealed in &file.sealed {
                let mut used = vec![false; ring.keys.len()];
                for item in &sealed.items {
                    a.items += 1;
                    match item.opened {
                        Ok(i) => {
                            a.per_key_items[i] += 1;
                            used[i] = true;
                        }
                        Err(_) => a.failed_items += 1,
                    }
                }
                for (count, used) in a.per_key_sealed.iter_mut().zip(used) {
                    *count += usize::from(used);
                }
            }
        }
        a
    }

    fn to_text(&self, scan: &Scan, ring: &KeyRing) -> String {
        let mut out = String::from("Keys\n");
        let rows: Vec<Vec<String>> = ring
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                vec![
                    format!("#{}", i + 1),
                    k.source.clone(),
                    short_fingerprint(k),
                    k.not_before()
                        .map(format_date)
                        .unwrap_or_else(|| "-".into()),
                    self.per_key_items[i].to_string(),
                    self.per_key_sealed[i].to_string(),
                ]
            })
            .collect();
        out.push_str(&repo::table(
            &[
                "KEY",
                "SOURCE",
                "CERT SHA-256",
                "NOT BEFORE",
                "ITEMS",
                "SEALEDSECRETS",
            ],
            &rows,
        ));
        let unused: Vec<String> = (0..ring.keys.len())
            .filter(|i| self.per_key_items[*i] == 0)
            .map(|i| format!("#{}", i + 1))
            .collect();
        if !unused.is_empty() {
            out.push_str(&format!(
                "No item here depends on {}: as far as these files go, it can be retired (other repos and clusters may still need it).\n",
                unused.join(", ")
            ));
        }
        out.push_str("\nItems\n");
        let mut rows = Vec::new();
        for file in &scan.files {
            if let Some(p) = &file.problem {
                rows.push(vec![
                    file.name(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    format!("({})", p.kind.as_str()),
                ]);
            }
            for sealed in &file.sealed {
                let object = format!("{}/{}", sealed.namespace, sealed.name);
                if let Some(p) = &sealed.problem {
                    rows.push(vec![
                        sealed.origin.file.clone() + &line(sealed.origin.line),
                        object.clone(),
                        sealed.scope.to_string(),
                        "-".into(),
                        format!("({})", p.kind.as_str()),
                    ]);
                }
                for item in &sealed.items {
                    rows.push(vec![
                        format!("{}:{}", sealed.origin.file, item.line),
                        object.clone(),
                        sealed.scope.to_string(),
                        item.key.clone(),
                        match &item.opened {
                            Ok(i) => format!("#{}", i + 1),
                            Err(p) => format!("({})", p.kind.as_str()),
                        },
                    ]);
                }
            }
        }
        out.push_str(&repo::table(
            &["FILE:LINE", "SEALEDSECRET", "SCOPE", "ITEM", "KEY"],
            &rows,
        ));
        let problems: Vec<String> = scan
            .files
            .iter()
            .flat_map(repo::grouped_problems)
            .map(|d| d.to_text("  "))
            .collect();
        if !problems.is_empty() {
            out.push_str("\nProblems\n");
            out.push_str(&problems.concat());
        }
        out.push_str(&format!("\nNote: {LEAK_NOTE}\n"));
        out
    }

    fn to_json(&self, scan: &Scan, ring: &KeyRing) -> Value {
        let keys: Vec<Value> = ring
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                json!({
                    "key": i + 1,
                    "source": k.source,
                    "cert_sha256": k.cert.as_ref().map(|c| c.fingerprint.to_string()),
                    "spki_sha256": k.spki_fingerprint.to_string(),
                    "not_before": k.not_before().map(format_date),
                    "not_after": k.cert.as_ref().map(|c| format_date(c.not_after)),
                    "items": self.per_key_items[i],
                    "sealed_secrets": self.per_key_sealed[i],
                })
            })
            .collect();
        let mut items = Vec::new();
        let mut problems = Vec::new();
        for file in &scan.files {
            if let Some(p) = &file.problem {
                problems.push(json!({
                    "file": file.name(),
                    "code": p.kind.as_str(),
                    "kind": p.kind.as_str(),
                    "message": p.message,
                }));
            }
            for sealed in &file.sealed {
                if let Some(p) = &sealed.problem {
                    problems.push(json!({
                        "file": sealed.origin.file,
                        "line": sealed.origin.line,
                        "document": sealed.origin.doc,
                        "code": p.kind.as_str(),
                        "kind": p.kind.as_str(),
                        "message": p.message,
                    }));
                }
                for item in &sealed.items {
                    let mut v = Map::new();
                    v.insert("file".into(), json!(sealed.origin.file));
                    v.insert("line".into(), json!(item.line));
                    v.insert("document".into(), json!(sealed.origin.doc));
                    v.insert("namespace".into(), json!(sealed.namespace));
                    v.insert("name".into(), json!(sealed.name));
                    v.insert("scope".into(), json!(sealed.scope.as_str()));
                    v.insert("item".into(), json!(item.key));
                    match &item.opened {
                        Ok(i) => {
                            let k = &ring.keys[*i];
                            v.insert("key".into(), json!(i + 1));
                            v.insert("key_source".into(), json!(k.source));
                            v.insert(
                                "cert_sha256".into(),
                                json!(k.cert.as_ref().map(|c| c.fingerprint.to_string())),
                            );
                            v.insert("problem".into(), Value::Null);
                        }
                        Err(p) => {
                            v.insert("key".into(), Value::Null);
                            v.insert("key_source".into(), Value::Null);
                            v.insert("cert_sha256".into(), Value::Null);
                            v.insert(
                                "problem".into(),
                                json!({"code": p.kind.as_str(), "kind": p.kind.as_str(), "message": p.message, "hint": p.hint}),
                            );
                        }
                    }
                    items.push(Value::Object(v));
                }
            }
        }
        json!({
            "keys": keys,
            "items": items,
            "problems": problems,
            "diagnostics": repo::diagnostics_json(scan),
            "summary": {
                "files": scan.files.len(),
                "sealed_secrets": scan.sealed_count(),
                "items": self.items,
                "opened": self.items - self.failed_items,
                "failed": self.failed_items,
            },
            "note": LEAK_NOTE,
        })
    }
}

fn line(l: Option<usize>) -> String {
    l.map(|l| format!(":{l}")).unwrap_or_default()
}

/// `sha256:` and the first 16 hex digits of the certificate's fingerprint,
/// or of the public key's when the certificate is unknown.
fn short_fingerprint(k: &KeyEntry) -> String {
    match &k.cert {
        Some(c) => format!("sha256:{}", &c.fingerprint.to_string()[..16]),
        None => format!("(key) {}", &k.spki_fingerprint.to_string()[..16]),
    }
}
