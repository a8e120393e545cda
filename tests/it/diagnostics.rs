//! One vocabulary of diagnostics through the real binary: `check`,
//! `validate`, `audit` and `reseal` report `--format json` with the same
//! diagnostic shape (`code`, `file`, `line`, `document`, `object`,
//! `message`, `hint`) and the same stable codes; exit codes unchanged.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use serde_json::Value;

const BACKUP: &str = "keys/backup-list.yaml";
const OLD_KEY: &str = "keys/old/key.yaml";

const DAMAGED: &str = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: d\n  namespace: n\nspec:\n  encryptedData:\n    pw: not-base64!\n";
const LEGACY: &str = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: l\n  namespace: n\nspec:\n  data: AgBy3i4OJSWK+PiTySYZZA==\n";
const PLAIN: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: n\nstringData:\n  pw: hunter2\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A repo with one good SealedSecret and one of each kind of problem.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    write(&root, "ok.yaml", &read("sealed/basic.strict.yaml"));
    write(&root, "damaged.yaml", DAMAGED);
    write(&root, "legacy.yaml", LEGACY);
    write(&root, "plain.yaml", PLAIN);
    dir
}

fn run(dir: &Path, args: &[&str], key: Option<&str>) -> (i32, Value, String) {
    let mut cmd = sealant();
    cmd.current_dir(dir).env("SEALANT_RULES", "").args(args);
    if let Some(key) = key {
        cmd.arg("-k").arg(fixture(key));
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json, stderr)
}

/// `(file name, code)` of every diagnostic, each with every field present.
fn codes(list: &Value) -> BTreeSet<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            for field in [
                "code", "file", "line", "document", "object", "message", "hint",
            ] {
                assert!(d.get(field).is_some(), "no {field} in {d}");
            }
            assert!(!d["message"].as_str().unwrap().is_empty(), "{d}");
            let file = d["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_string_lossy();
            (name.into_owned(), d["code"].as_str().unwrap().to_string())
        })
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

#[test]
fn check_reports_codes_in_json() {
    let dir = repo();
    let (code, report, _) = run(dir.path(), &["check", "--format", "json", "repo"], None);
    assert_eq!(code, 1);
    assert_eq!(
        codes(&report["findings"]),
        set(&[
            ("damaged.yaml", "malformed"),
            ("legacy.yaml", "legacy-data"),
            ("plain.yaml", "plaintext-secret"),
        ])
    );
    // The older spelling is the same report.
    let (code, again, _) = run(dir.path(), &["check", "-o", "json", "repo"], None);
    assert_eq!((code, again), (1, report));
}

#[test]
fn validate_reports_codes_in_json() {
    let dir = repo();
    let (code, report, stderr) = run(
        dir.path(),
        &["validate", "--format", "json", "repo"],
        Some(BACKUP),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        codes(&report["diagnostics"]),
        set(&[
            ("damaged.yaml", "malformed-value"),
            ("legacy.yaml", "legacy-data"),
            ("plain.yaml", "plaintext-secret"),
        ])
    );
    assert_eq!(report["summary"]["valid"], 1);
    assert_eq!(
        report["valid"][0]["object"],
        "SealedSecret payments/app-credentials"
    );
    // Only the plaintext-free good file: exit 0, no diagnostics.
    let (code, report, _) = run(
        dir.path(),
        &["validate", "--format", "json", "repo/ok.yaml"],
        Some(BACKUP),
    );
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
    // The key that does not open it: no-key, with the item's line.
    let (code, report, _) = run(
        dir.path(),
        &["validate", "--format", "json", "repo/ok.yaml"],
        Some(OLD_KEY),
    );
    assert_eq!(code, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "no-key", "{d}");
    assert!(d["line"].as_u64().is_some() && d["document"] == 1, "{d}");
}

#[test]
fn validate_through_the_controller_refuses_json() {
    let dir = repo();
    sealant()
        .current_dir(dir.path())
        .args(["validate", "--format", "json", "repo"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--key"));
}

#[test]
fn audit_reports_codes_in_json() {
    let dir = repo();
    for flags in [&["--format", "json"][..], &["--json"][..]] {
        let mut args = vec!["audit", "repo"];
        args.extend(flags);
        let (code, report, stderr) = run(dir.path(), &args, Some(BACKUP));
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(
            codes(&report["diagnostics"]),
            set(&[
                ("damaged.yaml", "malformed-value"),
                ("legacy.yaml", "legacy-data"),
                ("plain.yaml", "plaintext-secret"),
            ])
        );
        // The problems list speaks the same vocabulary.
        let kinds: BTreeSet<&str> = report["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        assert!(kinds.contains("legacy-data"), "{kinds:?}");
    }
}

#[test]
fn reseal_reports_codes_in_json() {
    let dir = repo();
    let before = std::fs::read(dir.path().join("repo/ok.yaml")).unwrap();
    let (code, report, stderr) = run(
        dir.path(),
        &["reseal", "--dry-run", "--format", "json", "repo"],
        Some(BACKUP),
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        codes(&report["diagnostics"]),
        set(&[
            ("damaged.yaml", "malformed-value"),
            ("legacy.yaml", "legacy-data"),
            ("plain.yaml", "plaintext-secret"),
        ])
    );
    let action = |name: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no {name} in {report}"))["action"]
            .clone()
    };
    assert_eq!(action("damaged.yaml"), "untouched");
    assert_eq!(report["dry_run"], true);
    assert_eq!(
        std::fs::read(dir.path().join("repo/ok.yaml")).unwrap(),
        before
    );

    // For another certificate the good file would be resealed.
    let mut cmd = sealant();
    let out = cmd
        .current_dir(dir.path())
        .args([
            "reseal",
            "--dry-run",
            "--format",
            "json",
            "repo/ok.yaml",
            "-k",
        ])
        .arg(fixture(BACKUP))
        .arg("--cert")
        .arg(fixture("keys/old/tls.crt"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert_eq!(report["files"][0]["action"], "would-reseal", "{report}");
    assert_eq!(report["diagnostics"], Value::Array(vec![]));
}
