//! What `reseal`, `validate` and `audit` share: the walk, a progress bar on
//! a terminal, the files inspected in parallel (reports in walk order), and
//! how problems are printed.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::core::keyring::KeyRing;
use crate::error::{Origin, Result};
use crate::io::rewrite::Rewrite;
use crate::repo::inspect::{
    FileReport, ItemReport, LastKey, Pass, Problem, ProblemKind, SealedReport, inspect_file,
    inspect_read,
};
use crate::repo::walk::{self, WalkProblem};
use crate::report::{Code, Diagnostic, Reporter};

/// Opens every SealedSecret of the files under `paths` with `ring` and
/// reports the files the walk could not read (`validate`, `audit`).
pub(super) fn inspect_all(
    paths: &[PathBuf],
    follow: bool,
    ring: &KeyRing,
    reporter: &Reporter,
) -> Result<Scan> {
    let scan = scan(paths, follow, ring, Pass::Inspect, reporter, |_, _| {})?;
    print_walk_problems(&scan, reporter);
    Ok(scan)
}

/// A finished scan.
pub(super) struct Scan {
    /// Paths the walk could not get through, and whether each is only a
    /// warning (a symbolic link loop) rather than a failure.
    pub walk_problems: Vec<(WalkProblem, bool)>,
    /// One report per file, in walk order.
    pub files: Vec<FileReport>,
}

impl Scan {
    /// Walk problems that are failures (an unreadable folder may hide files).
    pub fn walk_failures(&self) -> usize {
        self.walk_problems.iter().filter(|(_, warn)| !warn).count()
    }

    /// How many SealedSecrets were found.
    pub fn sealed_count(&self) -> usize {
        self.files.iter().map(|f| f.sealed.len()).sum()
    }
}

/// Walks `paths` and inspects every file in parallel; `then` runs on each
/// report as soon as it is made, with the file's rewrite for a reseal
/// (`reseal` writes the file there).
pub(super) fn scan(
    paths: &[PathBuf],
    follow: bool,
    ring: &KeyRing,
    mode: Pass<'_>,
    reporter: &Reporter,
    then: impl Fn(&mut FileReport, Option<&Rewrite>) + Sync,
) -> Result<Scan> {
    let walk = walk::walk_with(paths, follow)?;
    let bar = reporter.progress(walk.files.len() as u64);
    // The commit dates are worth a `git log` only when some key has a
    // certificate (a start of validity) to compare them with.
    let last = if ring.keys.iter().any(|k| k.cert.is_some()) {
        LastKey::with_dates(crate::repo::inspect::git_commit_dates(&walk.files, paths))
    } else {
        LastKey::default()
    };
    let files = walk
        .files
        .par_iter()
        .map(|file| {
            // A reseal reads and rewrites the file under its lock, so a
            // concurrent merge or reseal of it is not lost.
            let rewrite = match mode {
                Pass::Reseal(_) => Some(Rewrite::lock_at(&file.path, &file.real)),
                _ => None,
            };
            let mut rewrite = match rewrite.transpose() {
                Ok(rewrite) => rewrite,
                Err(e) => {
                    bar.inc(1);
                    return FileReport {
                        file: file.clone(),
                        problem: Some(Problem::from_error(ProblemKind::Unreadable, &e)),
                        sealed: Vec::new(),
                        other_documents: 0,
                        rewrite: None,
                    };
                }
            };
            let mut report = match &mut rewrite {
                Some(rewrite) => inspect_read(file, rewrite.read(), ring, mode, &last),
                None => inspect_file(file, ring, mode, &last),
            };
            then(&mut report, rewrite.as_ref());
            bar.inc(1);
            report
        })
        .collect();
    reporter.finish_progress();
    ring.print_stats();
    let walk_problems = walk
        .problems
        .into_iter()
        .map(|p| {
            let warning = p.message.starts_with("symbolic link loop");
            (p, warning)
        })
        .collect();
    Ok(Scan {
        walk_problems,
        files,
    })
}

/// Where an item is: the document's origin with the item's own line.
pub(super) fn item_origin(sealed: &SealedReport, item: &ItemReport) -> Origin {
    Origin {
        line: Some(item.line),
        ..sealed.origin.clone()
    }
}

/// Every problem of a file as a diagnostic, in order: the file's own, then
/// each document's and each item's.
pub(super) fn problems(file: &FileReport) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(p) = &file.problem {
        out.push(p.diagnostic(Origin::file(file.name())));
    }
    for sealed in &file.sealed {
        if let Some(p) = &sealed.problem {
            out.push(p.diagnostic(sealed.origin.clone()));
        }
        for item in &sealed.items {
            if let Err(p) = &item.opened {
                let mut d = p.diagnostic(item_origin(sealed, item));
                d.message = format!("item '{}': {}", item.key, d.message);
                out.push(d);
            }
        }
    }
    out
}

/// Like [`problems`], for people: the items of one document that fail for
/// the same reason are named together, once.
pub(super) fn grouped_problems(file: &FileReport) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(p) = &file.problem {
        out.push(p.diagnostic(Origin::file(file.name())));
    }
    for sealed in &file.sealed {
        out.extend(document_problems(sealed));
    }
    out
}

/// The problems of one SealedSecret, items failing alike named together.
pub(super) fn document_problems(sealed: &SealedReport) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(p) = &sealed.problem {
        out.push(p.diagnostic(sealed.origin.clone()));
    }
    let mut groups: Vec<(&ItemReport, Vec<&str>, &Problem)> = Vec::new();
    for item in &sealed.items {
        let Err(p) = &item.opened else { continue };
        match groups.iter_mut().find(|(_, _, q)| *q == p) {
            Some((_, keys, _)) => keys.push(&item.key),
            None => groups.push((item, vec![&item.key], p)),
        }
    }
    for (first, keys, p) in groups {
        let names: Vec<String> = keys.iter().map(|k| format!("'{k}'")).collect();
        let noun = if names.len() == 1 { "item" } else { "items" };
        let mut d = p.diagnostic(item_origin(sealed, first));
        d.message = format!("{noun} {}: {}", names.join(", "), d.message);
        out.push(d);
    }
    out
}

/// What the walk could not get through, as diagnostics.
pub(super) fn walk_diagnostics(scan: &Scan) -> Vec<Diagnostic> {
    scan.walk_problems
        .iter()
        .map(|(p, warning)| {
            let code = if *warning {
                Code::SymlinkLoop
            } else {
                Code::UnreadablePath
            };
            Diagnostic::new(code, Origin::file(p.path.clone()), p.message.clone(), None)
        })
        .collect()
}

/// Prints what the walk could not get through, on standard error.
pub(super) fn print_walk_problems(scan: &Scan, reporter: &Reporter) {
    for (p, warning) in &scan.walk_problems {
        let what = if *warning { "warning" } else { "failed" };
        reporter.note(format!("sealant: {what}: {}: {}", p.path, p.message));
    }
}

/// `{"diagnostics": [...], ...}`: every diagnostic of a scan, the walk's first.
pub(super) fn diagnostics_json(scan: &Scan) -> Vec<serde_json::Value> {
    walk_diagnostics(scan)
        .iter()
        .chain(
            scan.files
                .iter()
                .flat_map(problems)
                .collect::<Vec<_>>()
                .iter(),
        )
        .map(Diagnostic::to_json)
        .collect()
}

/// A plain text table: columns padded to their widest cell.
pub(super) fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(headers.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_pad_every_column_but_the_last() {
        let t = table(
            &["A", "LONG HEADER", "C"],
            &[
                vec!["xyz".into(), "1".into(), "end".into()],
                vec!["".into(), "22".into(), "".into()],
            ],
        );
        assert_eq!(t, "A    LONG HEADER  C\nxyz  1            end\n     22\n");
    }
}
