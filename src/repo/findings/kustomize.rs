//! kustomize's `secretGenerator` makes a Secret at build time from what the
//! kustomization names: `literals` are plaintext in the kustomization
//! itself, and `envs` / `files` (and the old `env`) read files beside it, so
//! a file that is there and not ignored by git is plaintext in the repo.

use crate::report::Code;
use std::path::Path;

use crate::yaml::located::{self, Node, NodeKind};

/// One problem of a `secretGenerator` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// 1-based line.
    pub line: usize,
    /// `kustomize-literal` or `kustomize-file`.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Whether `path` is a kustomization (`kustomization.yaml`, `.yml`, or
/// `Kustomization`).
pub fn is_kustomization(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        matches!(
            n,
            "kustomization.yaml" | "kustomization.yml" | "Kustomization"
        )
    })
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Seq { items, .. }) => items,
        _ => &[],
    }
}

/// The problems of the `secretGenerator` of a kustomization's text, the
/// files it names looked up beside `path`.
pub fn scan(path: &Path, text: &str) -> Vec<Generated> {
    let Some(root) = located::parse(text, 1) else {
        return Vec::new();
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    for generator in items(root.get("secretGenerator")) {
        let name = generator
            .get("name")
            .and_then(Node::as_str)
            .unwrap_or("")
            .to_string();
        let literals: Vec<&Node> = items(generator.get("literals")).iter().collect();
        if !literals.is_empty() {
            let keys: Vec<&str> = literals
                .iter()
                .filter_map(|n| n.as_str())
                .map(|l| l.split_once('=').map_or(l, |(k, _)| k))
                .collect();
            out.push(Generated {
                line: literals[0].line,
                code: Code::KustomizeLiteral,
                message: format!(
                    "secretGenerator '{name}' holds plaintext literals ({})",
                    keys.join(", ")
                ),
                hint: "remove them, seal the Secret (`sealant create`) and commit the SealedSecret instead; rotate the values if they were ever pushed".into(),
            });
        }
        for field in ["envs", "env", "files"] {
            let node = generator.get(field);
            let named: Vec<&Node> = match node.map(|n| &n.kind) {
                Some(NodeKind::Scalar { .. }) => node.into_iter().collect(),
                _ => items(node).iter().collect(),
            };
            for n in named {
                let Some(entry) = n.as_str() else { continue };
                // `files` entries may be `key=path`.
                let file = match field {
                    "files" => entry.split_once('=').map_or(entry, |(_, p)| p),
                    _ => entry,
                };
                let full = dir.join(file);
                if !full.is_file() || ignored_by_git(dir, file) {
                    continue;
                }
                out.push(Generated {
                    line: n.line,
                    code: Code::KustomizeFile,
                    message: format!(
                        "secretGenerator '{name}' reads {file} ({field}), a file in the repository: its values are plaintext in git"
                    ),
                    hint: format!(
                        "remove {file} from the repository (and keep it out with .gitignore), seal the Secret and commit the SealedSecret instead; rotate the values if it was ever pushed"
                    ),
                });
            }
        }
    }
    out
}

/// Whether git ignores `file` (relative to `dir`): an ignored file is not
/// committed. Without git, or outside a repository, nothing is ignored.
pub(super) fn ignored_by_git(dir: &Path, file: &str) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .args(["check-ignore", "-q", "--"])
        .arg(file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
