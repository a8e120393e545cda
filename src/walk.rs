//! Finding the manifests under the paths a command is given: files as they
//! are, folders walked with ripgrep's walker (`.gitignore` honoured, hidden
//! files and folders skipped), keeping `.yaml`, `.yml` and `.json` files.

use std::path::{Path, PathBuf};

/// File extensions that hold manifests.
pub const MANIFEST_EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// A path that could not be walked.
#[derive(Debug)]
pub struct WalkError {
    /// The path.
    pub path: PathBuf,
    /// Why.
    pub message: String,
}

/// Every manifest under `paths`, sorted and without duplicates. A path that
/// names a file is kept whatever its extension (pre-commit passes exactly
/// the files to check).
pub fn walk(paths: &[PathBuf]) -> Vec<PathBuf> {
    walk_with_errors(paths).0
}

/// [`walk`], and the paths that could not be read.
pub fn walk_with_errors(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => errors.push(WalkError {
                path: path.clone(),
                message: e.to_string(),
            }),
            Ok(meta) if !meta.is_dir() => files.push(path.clone()),
            Ok(_) => walk_dir(path, &mut files, &mut errors),
        }
    }
    files.sort();
    files.dedup();
    (files, errors)
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<WalkError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && is_manifest(e.path()) {
                    files.push(e.into_path());
                }
            }
            Err(e) => errors.push(WalkError {
                path: dir.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
}

/// Whether a file's extension is one that holds manifests.
pub fn is_manifest(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        MANIFEST_EXTENSIONS
            .iter()
            .any(|m| e.eq_ignore_ascii_case(m))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_for_manifests_and_keeps_named_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "a.yaml",
            "b/c.yml",
            "b/d.json",
            "b/e.txt",
            ".hidden/f.yaml",
            "ignored/g.yaml",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
        let (files, errors) =
            walk_with_errors(&[d.to_path_buf(), d.join("b/e.txt"), d.join("nope")]);
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, ["a.yaml", "b/c.yml", "b/d.json", "b/e.txt"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].path.ends_with("nope"));
    }
}
