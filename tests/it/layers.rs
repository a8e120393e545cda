//! The house rules of `src/`, read from the source itself: which layer may
//! use which (docs/ARCHITECTURE.md draws them), which crates each layer may
//! name, and how long a file may grow.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers below each layer: what it may use besides itself. The base
/// (`error`, `limits`, `report`) is usable by every layer.
const ALLOWED: &[(&str, &[&str])] = &[
    ("error", &["limits", "report"]),
    ("limits", &[]),
    ("report", &["error"]),
    ("yaml", &[]),
    ("io", &[]),
    ("core", &["yaml", "io"]),
    ("repo", &["yaml", "io", "core"]),
    ("cluster", &["io", "core"]),
    ("app", &["yaml", "io", "core", "repo", "cluster"]),
];

const BASE: &[&str] = &["error", "limits", "report", "note"];

/// Crates that only some layers may name.
const CLI: &[&str] = &["clap", "clap_complete", "clap_mangen"];
const NETWORK: &[&str] = &[
    "kube",
    "k8s_openapi",
    "tokio",
    "hyper",
    "hyper_util",
    "hyper_rustls",
    "http",
    "http_body_util",
    "rustls",
    "rustls_platform_verifier",
    "tower_service",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer of a file: its folder or file name right under `src/`.
fn layer_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let top = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    top.trim_end_matches(".rs").to_string()
}

/// The code of a file without its unit tests (tests may use anything,
/// whether inline or in a `tests.rs` of their own).
fn code(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Every `crate::<name>` and `<crate>::` path a text names.
fn names(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `prefix{a, b::c, d::{e, f}}`: the first name of each member.
            let mut depth = 0;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => return true,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    false
                })
                .map_or(group.len(), |(i, _)| i);
            let mut depth = 0;
            for member in group[..end].split(|c| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => return true,
                    _ => {}
                }
                false
            }) {
                out.extend(first_name(member.trim_start()));
            }
            continue;
        }
        out.extend(first_name(rest));
    }
    out
}

fn first_name(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

fn extern_names(text: &str) -> BTreeSet<String> {
    CLI.iter()
        .chain(NETWORK)
        .filter(|c| {
            let path = format!("{c}::");
            text.match_indices(&path).any(|(i, _)| {
                !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_alphanumeric() || p == '_' || p == ':')
            })
        })
        .map(|c| c.to_string())
        .collect()
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let layer = layer_of(file);
        if matches!(layer.as_str(), "lib" | "main" | "internals") {
            continue;
        }
        let allowed = ALLOWED
            .iter()
            .find(|(l, _)| *l == layer)
            .unwrap_or_else(|| panic!("{}: layer {layer} is not in ALLOWED", file.display()))
            .1;
        for used in names(&code(file), "crate::") {
            if used != layer && !allowed.contains(&used.as_str()) && !BASE.contains(&used.as_str())
            {
                wrong.push(format!("{} uses crate::{used}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows against the layering:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn only_the_app_names_clap_and_only_io_and_cluster_name_the_network() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let layer = layer_of(file);
        for name in extern_names(&code(file)) {
            let ok = if CLI.contains(&name.as_str()) {
                matches!(layer.as_str(), "app" | "lib")
            } else {
                matches!(layer.as_str(), "io" | "cluster")
            };
            if !ok {
                wrong.push(format!("{} ({layer}) names {name}", file.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "crates outside their layer:\n{}",
        wrong.join("\n")
    );
}

/// The core reads files (`io::input`: keys, manifests) but never reaches the
/// network: a certificate at a URL is fetched by the app through
/// `io/location.rs` and handed to the core as bytes.
#[test]
fn the_core_uses_no_io_module_but_the_file_reader() {
    let mut files = Vec::new();
    rust_files(&src().join("core"), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        for used in names(&code(file), "crate::io::") {
            if used != "input" {
                wrong.push(format!("{} uses crate::io::{used}", file.display()));
            }
        }
    }
    assert!(files.len() > 10, "the core's files were not found");
    assert!(
        wrong.is_empty(),
        "the core reaches past the file reader:\n{}",
        wrong.join("\n")
    );
}

/// No source file grows past one concern: 800 lines, tests included. A file
/// that needs more is split by concern (see docs/ARCHITECTURE.md).
const MAX_LINES: usize = 800;

#[test]
fn no_source_file_is_longer_than_800_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by concern:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_import_reader_sees_grouped_and_nested_paths() {
    let text = "use crate::io::{input::Input, location::{self, read}};\n\
                let x = crate::io::url::fetch(); my_crate::io::sink";
    let found: Vec<String> = names(text, "crate::io::").into_iter().collect();
    assert_eq!(found, ["input", "location", "url"]);
    let found: Vec<String> = names("use crate::{core, io::input};", "crate::")
        .into_iter()
        .collect();
    assert_eq!(found, ["core", "io"]);
}
