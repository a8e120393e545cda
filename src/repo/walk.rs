//! Finding the manifests of a repo: files and folders given on the command
//! line, walked the way ripgrep and fd walk (the `ignore` crate).
//!
//! - A file named on the command line is always read, whatever its name.
//! - In folders, only `.yaml`, `.yml` and `.json` files are read.
//! - `.gitignore` (also outside a git checkout), `.ignore` and
//!   `.sealantignore` rules are respected; hidden files and folders (`.git`)
//!   are skipped.
//! - Symbolic links inside a folder are followed while they stay inside the
//!   folder walked; one that leads out of it (to a file or a folder) is
//!   skipped with a note unless `--follow` is given (as ripgrep). A link
//!   that leads back into its own ancestry is reported as a loop instead of
//!   being followed forever, and a file reached twice (through a link, or
//!   named twice) is read once. A path named on the command line is always
//!   followed.
//! - The order is deterministic: arguments in the order given, each folder
//!   in sorted order.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Extra ignore file, read like `.gitignore`, for files a repo keeps in git
/// but sealant should not touch (Helm templates, fixtures).
pub const IGNORE_FILE: &str = ".sealantignore";

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkedFile {
    /// The path as reached from the argument: what messages show.
    pub path: PathBuf,
    /// Where the bytes live (links resolved): what a rewrite replaces, so a
    /// symbolic link stays a link.
    pub real: PathBuf,
}

/// Something the walk could not get through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    /// The path concerned.
    pub path: String,
    /// What happened.
    pub message: String,
}

/// The files found, and what could not be walked.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// Files to read, in order, each once.
    pub files: Vec<WalkedFile>,
    /// Folders that could not be read, symbolic link loops, broken links.
    pub problems: Vec<WalkProblem>,
    /// Symbolic links not followed because they lead out of the folder
    /// walked (without `--follow`).
    pub skipped_links: Vec<PathBuf>,
}

/// Whether a file in a folder is a manifest sealant reads.
pub fn is_manifest_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
}

/// Walks `paths`, following links out of the folders walked when `follow`.
/// A path that does not exist is an error (nothing is read); everything
/// else that goes wrong is collected in [`Walk::problems`].
pub fn walk_with(paths: &[PathBuf], follow: bool) -> Result<Walk> {
    for path in paths {
        if let Err(source) = std::fs::metadata(path) {
            return Err(Error::Read {
                path: path.display().to_string(),
                source,
            });
        }
    }
    let mut out = Walk::default();
    let mut seen = HashSet::new();
    for path in paths {
        if !path.is_dir() {
            add(&mut out, &mut seen, path.clone());
            continue;
        }
        let root = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let skipped = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let skipped_in = skipped.clone();
        let mut builder = ignore::WalkBuilder::new(path);
        if !follow {
            builder.filter_entry(move |entry| {
                if !entry.path_is_symlink() {
                    return true;
                }
                let inside =
                    std::fs::canonicalize(entry.path()).is_ok_and(|real| real.starts_with(&root));
                // A broken link is let through: the walk reports it.
                let broken = std::fs::metadata(entry.path()).is_err();
                if !inside && !broken {
                    skipped_in
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(entry.path().to_path_buf());
                }
                inside || broken
            });
        }
        let walker = builder
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .ignore(true)
            .parents(true)
            .require_git(false)
            .follow_links(true)
            .add_custom_ignore_filename(IGNORE_FILE)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_manifest_name(entry.path()) {
                        add(&mut out, &mut seen, entry.into_path());
                    }
                }
                Err(error) => out.problems.push(problem(&error, path)),
            }
        }
        for link in skipped.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            crate::note!(
                "sealant: not following {}: the symbolic link leads out of {} (pass --follow to follow it)",
                link.display(),
                path.display()
            );
            out.skipped_links.push(link.clone());
        }
    }
    Ok(out)
}

fn add(out: &mut Walk, seen: &mut HashSet<PathBuf>, path: PathBuf) {
    let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
    if seen.insert(real.clone()) {
        out.files.push(WalkedFile { path, real });
    }
}

fn problem(error: &ignore::Error, root: &Path) -> WalkProblem {
    match innermost(error) {
        (path, ignore::Error::Loop { ancestor, child }) => WalkProblem {
            path: path.unwrap_or(child).display().to_string(),
            message: format!(
                "symbolic link loop: {} leads back to {}; not followed",
                child.display(),
                ancestor.display()
            ),
        },
        (path, ignore::Error::Io(io)) => WalkProblem {
            path: path.unwrap_or(root).display().to_string(),
            message: match io.kind() {
                std::io::ErrorKind::NotFound => "broken symbolic link or vanished file".to_string(),
                _ => format!("cannot be read ({io})"),
            },
        },
        (path, other) => WalkProblem {
            path: path.unwrap_or(root).display().to_string(),
            message: other.to_string(),
        },
    }
}

/// The error under its path and depth wrappers, with the path.
fn innermost(error: &ignore::Error) -> (Option<&Path>, &ignore::Error) {
    let mut path = None;
    let mut cur = error;
    loop {
        match cur {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.as_path());
                cur = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                cur = err;
            }
            other => return (path, other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A walk that follows no links out.
    fn walk(paths: &[PathBuf]) -> Result<Walk> {
        walk_with(paths, false)
    }

    fn names(walk: &Walk, root: &Path) -> Vec<String> {
        walk.files
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(root)
                    .unwrap_or(&f.path)
                    .display()
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn walks_manifests_in_sorted_order_respecting_gitignore_and_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.yaml",
            "a.json",
            "c.YML",
            "notes.txt",
            "sub/z.yaml",
            "sub/a.yml",
            ".git/config.yaml",
            ".hidden/x.yaml",
            "ignored/x.yaml",
            "secret.local.yaml",
            "tpl/chart.yaml",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "a: 1\n").unwrap();
        }
        fs::write(root.join(".gitignore"), "ignored/\n*.local.yaml\n").unwrap();
        fs::write(root.join(".sealantignore"), "tpl/\n").unwrap();
        let walk = walk(&[root.to_path_buf()]).unwrap();
        assert_eq!(
            names(&walk, root),
            ["a.json", "b.yaml", "c.YML", "sub/a.yml", "sub/z.yaml"]
        );
        assert!(walk.problems.is_empty(), "{:?}", walk.problems);
    }

    #[test]
    fn explicit_files_are_read_whatever_their_name_and_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("sealed.txt"), "a: 1\n").unwrap();
        fs::write(root.join("a.yaml"), "a: 1\n").unwrap();
        let walk = walk(&[
            root.join("sealed.txt"),
            root.to_path_buf(),
            root.join("a.yaml"),
        ])
        .unwrap();
        assert_eq!(names(&walk, root), ["sealed.txt", "a.yaml"]);
    }

    #[test]
    fn a_missing_argument_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let e = walk(&[dir.path().join("nope")]).unwrap_err();
        assert!(e.to_string().contains("nope"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_and_linked_files_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("d")).unwrap();
        fs::write(root.join("d/a.yaml"), "a: 1\n").unwrap();
        std::os::unix::fs::symlink(root, root.join("d/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("d/a.yaml"), root.join("link.yaml")).unwrap();
        let walk = walk(&[root.to_path_buf()]).unwrap();
        assert_eq!(names(&walk, root), ["d/a.yaml"]);
        assert_eq!(walk.problems.len(), 1, "{:?}", walk.problems);
        assert!(
            walk.problems[0].message.contains("loop"),
            "{:?}",
            walk.problems
        );
        assert_eq!(
            walk.files[0].real,
            fs::canonicalize(root.join("d/a.yaml")).unwrap()
        );
    }
}
