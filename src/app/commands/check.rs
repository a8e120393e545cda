//! `sealant check`: walks the paths, checks every manifest in parallel, and
//! reports `file:line: what is wrong: what to do` (or JSON). Exit 0 when
//! clean, 1 with findings, 2 when a path or the rules could not be read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use crate::app::config::CheckConfig;
use crate::error::{Error, Result};
use crate::repo::findings::{self, Expectation, ExpectedCluster, KnownCert, Outcome};
use crate::repo::rules::Rules;
use crate::report::{Code, Reporter};

use super::Stdout;

struct CheckedFile {
    path: PathBuf,
    outcome: std::result::Result<Outcome, String>,
}

pub(super) fn run(cfg: &CheckConfig) -> Result<()> {
    // Missing paths are reported with the rest (exit 2), not as the first error.
    let mut errors: Vec<(String, String)> = Vec::new();
    let existing: Vec<PathBuf> = cfg
        .paths
        .iter()
        .filter(|p| match std::fs::metadata(p) {
            Ok(_) => true,
            Err(e) => {
                errors.push((p.display().to_string(), e.to_string()));
                false
            }
        })
        .cloned()
        .collect();
    let walk = crate::repo::walk::walk_with(&existing, cfg.follow)?;
    errors.extend(walk.problems.into_iter().map(|p| (p.path, p.message)));
    let files: Vec<PathBuf> = walk.files.into_iter().map(|f| f.path).collect();
    let expectations = match &cfg.rules {
        Some(rules) => expectations(rules, &mut errors),
        None => Vec::new(),
    };
    let opts = findings::Options {
        require_cert_record: cfg.require_cert_record,
        now: crate::core::value_dates::now()?,
    };
    let reports: Vec<CheckedFile> = files
        .par_iter()
        .map(|path| {
            let expect = cfg
                .rules
                .as_ref()
                .and_then(|rules| expectation_for(rules, &expectations, path))
                .map(|mut e| {
                    // Items without a value-dates record are dated from git.
                    if e.max_value_age.is_some() {
                        e.git_file = Some(path.clone());
                    }
                    e
                });
            let outcome =
                findings::check_file(path, expect.as_ref(), &opts).map_err(|e| e.to_string());
            CheckedFile {
                path: path.clone(),
                outcome,
            }
        })
        .collect();

    let mut findings = 0usize;
    let mut with_findings = 0usize;
    let mut documents = 0usize;
    let mut skipped = 0usize;
    for r in &reports {
        match &r.outcome {
            Ok(Outcome::Checked {
                findings: f,
                documents: d,
                skipped: s,
            }) => {
                findings += f.len();
                with_findings += usize::from(!f.is_empty());
                documents += d;
                skipped += s.len();
            }
            Ok(Outcome::Skipped { .. }) => skipped += 1,
            Err(e) => errors.push((r.path.display().to_string(), e.clone())),
        }
    }
    let mut out = Stdout::new();
    if cfg.json {
        out.write(render_json(&reports, &errors, documents).as_bytes())?;
    } else {
        out.write(render_text(&reports).as_bytes())?;
    }
    out.finish()?;
    let reporter = Reporter::new();
    if !cfg.json {
        for (path, e) in &errors {
            reporter.note(format!(
                "error: {}: {}",
                crate::report::terminal::escape(path),
                crate::report::terminal::escape(e)
            ));
        }
    }
    let summary = format!(
        "checked {} file{} ({documents} document{}): {findings} problem{} in {with_findings} file{}, {skipped} skipped",
        reports.len(),
        if reports.len() == 1 { "" } else { "s" },
        if documents == 1 { "" } else { "s" },
        if findings == 1 { "" } else { "s" },
        if with_findings == 1 { "" } else { "s" },
    );
    if !errors.is_empty() {
        return Err(Error::usage(
            format!("{} path(s) could not be read; {summary}", errors.len()),
            Some("check the paths given to `sealant check` and the certificate files .sealant.yaml names".to_string()),
        ));
    }
    if findings > 0 {
        return Err(Error::Findings { message: summary });
    }
    reporter.note(format!("sealant: {summary}"));
    Ok(())
}

/// Per rule: the clusters with their fingerprints and local certificates.
fn expectations(rules: &Rules, errors: &mut Vec<(String, String)>) -> Vec<Expectation> {
    let mut certs: HashMap<String, Option<KnownCert>> = HashMap::new();
    let mut cluster_of = |c: &crate::repo::rules::Cluster| -> ExpectedCluster {
        let cert = match &c.cert {
            Some(path) if c.cert_is_file() => certs
                .entry(path.clone())
                .or_insert_with(|| match crate::app::commands::load_location(path) {
                    Ok(cert) => Some(KnownCert {
                        fingerprint: cert.fingerprint,
                        not_before: cert.not_before,
                        not_after: cert.not_after,
                        bits: cert.bits(),
                    }),
                    Err(e) => {
                        errors.push((
                            rules.path.display().to_string(),
                            format!("cluster '{}': {e}", c.name),
                        ));
                        None
                    }
                })
                .clone(),
            _ => None,
        };
        // Pins win over the file: a substituted file must not widen what passes.
        let fingerprints = if c.fingerprints.is_empty() {
            cert.iter().map(|k| k.fingerprint).collect()
        } else {
            c.fingerprints.clone()
        };
        let cert = cert.filter(|k| fingerprints.contains(&k.fingerprint));
        ExpectedCluster {
            name: c.name.clone(),
            fingerprints,
            cert,
        }
    };
    rules
        .rules
        .iter()
        .map(|r| Expectation {
            rule: r.describe(rules),
            clusters: rules.clusters_of(r).map(&mut cluster_of).collect(),
            max_value_age: r.max_value_age.clone(),
            max_key_age: r.max_key_age.clone(),
            require_record: r.require_record,
            git_file: None,
        })
        .collect()
}

/// The expectation for one file: its rule's, narrowed to the clusters whose
/// name is a folder of the file's path (`{cluster}/{name}.yaml` layouts).
fn expectation_for(rules: &Rules, all: &[Expectation], path: &Path) -> Option<Expectation> {
    let rule = rules.rule_for(path)?;
    let mut e = all.get(rule.number - 1)?.clone();
    if let Some(rel) = rules.relative(path) {
        let folders: Vec<String> = rel
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let named: Vec<ExpectedCluster> = e
            .clusters
            .iter()
            .filter(|c| folders.contains(&c.name))
            .cloned()
            .collect();
        if !named.is_empty() {
            e.clusters = named;
        }
    }
    Some(e)
}

fn render_text(reports: &[CheckedFile]) -> String {
    // Every field may hold what a file holds (names, keys): escaped whole,
    // so neither a control character nor a newline reaches the terminal.
    use crate::report::terminal::escape;
    let mut out = String::new();
    let mut skipped = Vec::new();
    for r in reports {
        let name = r.path.display().to_string();
        let file = escape(&name);
        match &r.outcome {
            Ok(Outcome::Checked {
                findings,
                skipped: s,
                ..
            }) => {
                for f in findings {
                    out.push_str(&f.diagnostic(&name).to_line());
                    out.push('\n');
                }
                skipped.extend(s.iter().map(|(line, _)| match line {
                    Some(line) => format!("{file}:{line}"),
                    None => file.to_string(),
                }));
            }
            Ok(Outcome::Skipped { .. }) => skipped.push(file.to_string()),
            Err(_) => {}
        }
    }
    // Skipped templates in one line, however many a chart holds.
    if !skipped.is_empty() {
        const SHOWN: usize = 3;
        let more = skipped.len().saturating_sub(SHOWN);
        out.push_str(&format!(
            "skipped {} template{} ({{{{ }}}}) with no literal Secret value: {}{}\n",
            skipped.len(),
            if skipped.len() == 1 { "" } else { "s" },
            skipped[..skipped.len().min(SHOWN)].join(", "),
            if more > 0 {
                format!(" and {more} more (--format json lists them)")
            } else {
                String::new()
            }
        ));
    }
    out
}

fn render_json(reports: &[CheckedFile], errors: &[(String, String)], documents: usize) -> String {
    let mut findings = Vec::new();
    let mut skipped = Vec::new();
    for r in reports {
        let file = r.path.display().to_string();
        match &r.outcome {
            Ok(Outcome::Checked {
                findings: f,
                skipped: s,
                ..
            }) => {
                findings.extend(f.iter().map(|f| f.diagnostic(&file).to_json()));
                for (line, reason) in s {
                    skipped.push(json!({"file": file, "line": line, "reason": reason}));
                }
            }
            Ok(Outcome::Skipped { reason }) => {
                skipped.push(json!({"file": file, "line": null, "reason": reason}));
            }
            Err(_) => {}
        }
    }
    let mut top = Map::new();
    top.insert("files".into(), json!(reports.len()));
    top.insert("documents".into(), json!(documents));
    top.insert("findings".into(), Value::Array(findings));
    top.insert("skipped".into(), Value::Array(skipped));
    top.insert(
        "errors".into(),
        Value::Array(
            errors
                .iter()
                .map(|(f, m)| json!({"code": Code::UnreadablePath.as_str(), "file": f, "message": m}))
                .collect(),
        ),
    );
    let mut text = serde_json::to_string_pretty(&Value::Object(top)).expect("JSON to memory");
    text.push('\n');
    text
}
