//! `sealant audit --history`: value ages, keys, and the leak response, on a
//! git repository built here with dated commits, sealed by sealant itself.

use std::path::Path;
use std::process::Command;

use crate::common::{fixture, sealant};

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit(dir: &Path, message: &str, date: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

fn secret(dir: &Path, items: &[(&str, &str)]) -> std::path::PathBuf {
    let mut text = String::from(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: prod\nstringData:\n",
    );
    for (k, v) in items {
        text.push_str(&format!("  {k}: {v}\n"));
    }
    let path = dir.join("../secret.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn key(which: &str, file: &str) -> String {
    fixture(&format!("keys/{which}/{file}"))
        .display()
        .to_string()
}

/// A repo whose `user` was sealed under the old key, resealed under the new
/// one (same value), and whose `password` was changed after the reseal.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir_all(dir.join("secrets")).unwrap();
    git(&dir, &["init", "-q"], "2026-01-01T00:00:00Z");
    let s = secret(&dir, &[("user", "alice"), ("password", "hunter2")]);
    let out = sealant()
        .current_dir(&dir)
        .args(["seal", "--cert", &key("old", "tls.crt")])
        .arg(&s)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.join("secrets/app.yaml"), &out.stdout).unwrap();
    commit(&dir, "sealed under the old key", "2026-01-05T10:00:00Z");
    sealant()
        .current_dir(&dir)
        .args([
            "reseal",
            "--key",
            &key("old", "key.yaml"),
            "--cert",
            &key("new", "tls.crt"),
            "secrets",
        ])
        .assert()
        .success();
    commit(&dir, "resealed under the new key", "2026-02-03T10:00:00Z");
    let s = secret(&dir, &[("password", "correct-horse")]);
    sealant()
        .current_dir(&dir)
        .args(["merge", "--cert", &key("new", "tls.crt"), "--from"])
        .arg(&s)
        .arg("secrets/app.yaml")
        .assert()
        .success();
    commit(&dir, "new password", "2026-03-07T10:00:00Z");
    tmp
}

fn audit(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = sealant()
        .current_dir(dir)
        .args([
            "audit",
            "--history",
            "--key",
            &key("new", "key.yaml"),
            "--key",
            &key("old", "key.yaml"),
        ])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn item<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == name)
        .unwrap_or_else(|| panic!("no item {name} in {report}"))
}

fn fingerprints(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|k| k["cert_sha256"].as_str().unwrap().to_string())
        .collect()
}

fn cert_fp(which: &str) -> String {
    let pem = std::fs::read(fixture(&format!("keys/{which}/tls.crt"))).unwrap();
    sealant::internals::core::certificate::Certificate::parse(
        &pem,
        "tls.crt",
        sealant::internals::core::crypto::Backend::default(),
    )
    .unwrap()
    .fingerprint
    .to_string()
}

#[test]
fn history_gives_each_current_value_its_age_and_every_key_it_was_sealed_under() {
    let tmp = repo();
    let dir = tmp.path().join("repo");
    let (code, out, err) = audit(&dir, &["--format", "json"]);
    assert_eq!(code, 0, "{err}\n{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (old, new) = (cert_fp("old"), cert_fp("new"));
    let user = item(&report, "user");
    assert_eq!(user["value_since"], "2026-01-05T10:00:00Z");
    assert_eq!(user["namespace"], "prod");
    assert_eq!(user["name"], "app");
    assert_eq!(user["history_complete"], true);
    let mut keys = fingerprints(&user["value_keys"]);
    keys.sort();
    let mut both = vec![old.clone(), new.clone()];
    both.sort();
    assert_eq!(keys, both);
    let password = item(&report, "password");
    assert_eq!(password["value_since"], "2026-03-07T10:00:00Z");
    assert_eq!(fingerprints(&password["value_keys"]), vec![new.clone()]);
    // The item (any value) was sealed under both keys.
    let mut keys = fingerprints(&password["keys"]);
    keys.sort();
    assert_eq!(keys, both);
    assert_eq!(report["summary"]["commits"], 3);
    // --json is the same report.
    let (code, again, _) = audit(&dir, &["--json"]);
    assert_eq!(code, 0);
    assert_eq!(again, out);
    // The text table names the date and the commit of each value.
    let (code, text, _) = audit(&dir, &[]);
    assert_eq!(code, 0);
    assert!(text.contains("VALUE SINCE"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("user") && l.contains("2026-01-05")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("password") && l.contains("2026-03-07")),
        "{text}"
    );
    // Only what git says since a revision: the value is at least that old.
    let (code, out, err) = audit(&dir, &["--format", "json", "--since", "HEAD~1"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(item(&report, "user")["value_since"], "2026-02-03T10:00:00Z");
    assert_eq!(report["summary"]["commits"], 2);
}

#[test]
fn a_leaked_key_lists_the_current_values_it_sealed_until_they_are_changed() {
    let tmp = repo();
    let dir = tmp.path().join("repo");
    let old_fp = cert_fp("old");
    // The leaked key as a file, and as its certificate's fingerprint.
    for leaked in [key("old", "key.yaml"), format!("sha256:{old_fp}")] {
        let (code, out, err) = audit(&dir, &["--format", "json", "--leaked-key", &leaked]);
        assert_eq!(code, 1, "{leaked}: {err}\n{out}");
        assert!(err.contains("new values"), "{err}");
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let user = item(&report, "user");
        assert_eq!(user["exposed"], true, "{user}");
        assert_eq!(user["exposures"][0]["date"], "2026-01-05T10:00:00Z");
        assert_eq!(user["exposures"][0]["evidence"], "opened");
        assert_eq!(item(&report, "password")["exposed"], false);
        assert_eq!(report["summary"]["exposed"], 1);
        let keys = report["keys"].as_array().unwrap();
        assert!(
            keys.iter()
                .any(|k| k["cert_sha256"] == old_fp.as_str() && k["leaked"] == true)
        );
    }
    // Without the leaked private key, the certificate record still tells.
    let out = sealant()
        .current_dir(&dir)
        .args([
            "audit",
            "--history",
            "--key",
            &key("new", "key.yaml"),
            "--format",
            "json",
            "--leaked-key",
            &old_fp,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let user = item(&report, "user");
    assert_eq!(user["exposed"], true);
    assert_eq!(user["exposures"][0]["evidence"], "record");
    assert_eq!(user["history_complete"], false);
    assert_eq!(item(&report, "password")["exposed"], false);
    // Text: the exposed item is named, the other is not.
    let (code, text, _) = audit(&dir, &["--leaked-key", &key("old", "key.yaml")]);
    assert_eq!(code, 1);
    assert!(
        text.lines()
            .any(|l| l.contains("user") && l.contains("EXPOSED")),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.contains("password") && l.contains("EXPOSED")),
        "{text}"
    );
    // The response: a new value, sealed for the new key; then the check passes.
    let s = secret(&dir, &[("user", "bob")]);
    sealant()
        .current_dir(&dir)
        .args(["merge", "--cert", &key("new", "tls.crt"), "--from"])
        .arg(&s)
        .arg("secrets/app.yaml")
        .assert()
        .success();
    commit(&dir, "new user", "2026-03-08T10:00:00Z");
    let (code, out, err) = audit(
        &dir,
        &["--format", "json", "--leaked-key", &key("old", "key.yaml")],
    );
    assert_eq!(code, 0, "{err}\n{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["summary"]["exposed"], 0);
    assert_eq!(item(&report, "user")["value_since"], "2026-03-08T10:00:00Z");
    // A value not committed yet, sealed under the leaked key, is exposed too.
    let s = secret(&dir, &[("token", "t0k3n")]);
    let out = sealant()
        .current_dir(&dir)
        .args(["seal", "--cert", &key("old", "tls.crt")])
        .arg(&s)
        .output()
        .unwrap();
    std::fs::write(dir.join("secrets/extra.yaml"), &out.stdout).unwrap();
    let (code, out, err) = audit(
        &dir,
        &["--format", "json", "--leaked-key", &key("old", "key.yaml")],
    );
    assert_eq!(code, 1, "{err}\n{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let token = item(&report, "token");
    assert_eq!(token["exposed"], true);
    assert_eq!(token["committed"], false);
    assert_eq!(token["exposures"][0]["commit"], serde_json::Value::Null);
    assert_eq!(report["summary"]["exposed"], 1);
}
