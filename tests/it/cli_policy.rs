//! Value dates (sealant.dev/value-dates) and the age policies of
//! .sealant.yaml, through the real binary, with a faked clock and a real git
//! repository with dated commits.

use std::path::Path;

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: pay\nstringData:\n  password: s3cr3t\n  username: admin\n";
const NEW_PASSWORD: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: pay\nstringData:\n  password: n3w-s3cr3t\n";

const RULES: &str = "clusters:\n  - name: prod\n    cert: certs/new.pem\nrules:\n  - paths: [\"apps/**\"]\n    clusters: [prod]\n    max-value-age: 90d\n    max-key-age: 30d\n";

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("certs")).unwrap();
    std::fs::create_dir_all(dir.path().join("apps")).unwrap();
    for k in ["old", "new"] {
        std::fs::copy(
            fixture(&format!("keys/{k}/tls.crt")),
            dir.path().join(format!("certs/{k}.pem")),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join(".sealant.yaml"), RULES).unwrap();
    git(dir.path(), &["init", "-q"], "2025-01-01T00:00:00Z");
    dir
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let st = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?}");
}

fn at(dir: &Path, now: &str) -> assert_cmd::Command {
    let mut cmd = sealant();
    cmd.current_dir(dir)
        .env_remove("SEALANT_RULES")
        .env("SEALANT_NOW", now);
    cmd
}

fn dates(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).unwrap();
    let doc: Value = serde_saphyr::from_str(&text).unwrap();
    let record = doc["metadata"]["annotations"]["sealant.dev/value-dates"]
        .as_str()
        .expect("a value-dates record");
    serde_json::from_str(record).unwrap()
}

fn ciphertexts(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).unwrap();
    let doc: Value = serde_saphyr::from_str(&text).unwrap();
    doc["spec"]["encryptedData"].clone()
}

#[test]
fn seal_dates_items_merge_redates_only_its_items_and_check_reports_old_ones() {
    let dir = repo();
    let d = dir.path();
    let out = at(d, "2026-01-04T10:00:00Z")
        .args(["seal", "-o", "yaml", "--cert", "certs/new.pem"])
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let file = d.join("apps/db.yaml");
    std::fs::write(&file, out).unwrap();
    assert_eq!(
        dates(&file),
        serde_json::json!({"password": "2026-01-04", "username": "2026-01-04"})
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("sealant.dev/value-dates: '{\"password\":\"2026-01-04\",\"username\":\"2026-01-04\"}'")
            || text.contains(r#"sealant.dev/value-dates: "{\"password\":\"2026-01-04\",\"username\":\"2026-01-04\"}""#),
        "{text}"
    );

    at(d, "2026-03-01T10:00:00Z")
        .args(["merge", "--cert", "certs/new.pem", "apps/db.yaml"])
        .write_stdin(NEW_PASSWORD)
        .assert()
        .success();
    assert_eq!(
        dates(&file),
        serde_json::json!({"password": "2026-03-01", "username": "2026-01-04"})
    );

    // Within both limits on 2026-02-20: clean.
    at(d, "2026-02-20T00:00:00Z")
        .args(["check", "apps"])
        .assert()
        .success();
    // On 2026-04-20 the username (106 days) and the key (from 2026-02-01,
    // 78 days) are too old; the password (50 days) is not.
    let out = at(d, "2026-04-20T00:00:00Z")
        .args(["check", "apps"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("value 'username' set 2026-01-04, older than 90d: give it a new value"),
        "{out}"
    );
    assert!(!out.contains("'password'"), "{out}");
    assert!(
        out.contains("sealed with a certificate from 2026-02-01, older than 30d: reseal"),
        "{out}"
    );
    assert!(out.contains("apps/db.yaml:"), "{out}");
    let out = at(d, "2026-04-20T00:00:00Z")
        .args(["check", "--format", "json", "apps"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let mut codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.sort();
    assert_eq!(codes, ["old-key", "old-value"], "{v}");
}

#[test]
fn reseal_keeps_the_dates_and_kubeseal_writes_none() {
    let dir = repo();
    let d = dir.path();
    let out = at(d, "2025-11-11T10:00:00Z")
        .args(["seal", "-o", "yaml", "--cert", "certs/old.pem"])
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let file = d.join("apps/db.yaml");
    std::fs::write(&file, out).unwrap();
    let before = ciphertexts(&file);
    at(d, "2026-04-01T10:00:00Z")
        .arg("reseal")
        .arg("--key")
        .arg(fixture("keys/old/tls.key"))
        .arg("--key")
        .arg(fixture("keys/new/tls.key"))
        .args(["--cert", "certs/new.pem", "apps"])
        .assert()
        .success();
    assert_ne!(ciphertexts(&file), before, "resealed");
    assert_eq!(
        dates(&file),
        serde_json::json!({"password": "2025-11-11", "username": "2025-11-11"})
    );

    let out = at(d, "2026-04-01T10:00:00Z")
        .env("SEALANT_RULES", "")
        .arg("--cert")
        .arg("certs/new.pem")
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(out).unwrap().contains("value-dates"));
}

#[test]
fn items_without_a_record_are_dated_by_the_commit_that_brought_their_ciphertext() {
    let dir = repo();
    let d = dir.path();
    // kubeseal's drop-in writes no record.
    let out = at(d, "2025-06-01T10:00:00Z")
        .env("SEALANT_RULES", "")
        .arg("--cert")
        .arg("certs/new.pem")
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let file = d.join("apps/db.yaml");
    std::fs::write(&file, &out).unwrap();
    git(d, &["add", "-A"], "2025-06-01T10:00:00Z");
    git(d, &["commit", "-qm", "db"], "2025-06-01T10:00:00Z");
    // A later commit that leaves the file alone does not make it younger.
    std::fs::write(d.join("README"), "x").unwrap();
    git(d, &["add", "-A"], "2026-04-01T10:00:00Z");
    git(d, &["commit", "-qm", "other"], "2026-04-01T10:00:00Z");
    let out = at(d, "2026-04-20T00:00:00Z")
        .args(["check", "apps"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    for item in ["password", "username"] {
        assert!(
            out.contains(&format!(
                "value '{item}' last changed in git 2025-06-01, older than 90d: give it a new value"
            )),
            "{out}"
        );
    }
    // Uncommitted values are new: not dated, not reported.
    std::fs::write(&file, "").unwrap();
    let out = at(d, "2026-04-20T00:00:00Z")
        .env("SEALANT_RULES", "")
        .arg("--cert")
        .arg("certs/new.pem")
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(&file, &out).unwrap();
    let out = at(d, "2026-04-20T00:00:00Z")
        .args(["check", "apps"])
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(out).unwrap().contains("old-value"));
}

#[test]
fn require_record_and_bad_ages_in_the_rules() {
    let dir = repo();
    let d = dir.path();
    std::fs::write(
        d.join(".sealant.yaml"),
        "clusters:\n  - name: prod\n    cert: certs/new.pem\nrules:\n  - paths: [\"apps/**\"]\n    clusters: [prod]\n    require-record: true\n",
    )
    .unwrap();
    let out = at(d, "2026-04-01T10:00:00Z")
        .env("SEALANT_RULES", "")
        .arg("--cert")
        .arg("certs/new.pem")
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(d.join("apps/db.yaml"), &out).unwrap();
    at(d, "2026-04-01T10:00:00Z")
        .args(["check", "apps"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("has no sealant.dev/cert-sha256"));
    std::fs::write(
        d.join(".sealant.yaml"),
        "clusters:\n  - name: prod\n    cert: certs/new.pem\nrules:\n  - clusters: [prod]\n    max-value-age: ninety days\n",
    )
    .unwrap();
    at(d, "2026-04-01T10:00:00Z")
        .args(["check", "apps"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(".sealant.yaml:6"))
        .stderr(predicates::str::contains("max-value-age"));
    std::fs::write(d.join(".sealant.yaml"), RULES).unwrap();
    at(d, "yesterday")
        .args(["seal", "--cert", "certs/new.pem"])
        .write_stdin(SECRET)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("SEALANT_NOW"));
}

fn git_out(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The diff lines (`-`/`+`) of a `git diff`, without the headers.
fn changed(diff: &str) -> Vec<&str> {
    diff.lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect()
}

#[test]
fn git_diff_with_the_textconv_driver_tells_a_new_value_from_a_reseal() {
    let dir = repo();
    let d = dir.path();
    let out = at(d, "2026-01-04T10:00:00Z")
        .args(["seal", "-o", "yaml", "--cert", "certs/old.pem"])
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(d.join("apps/db.yaml"), out).unwrap();
    std::fs::write(d.join(".gitattributes"), "*.yaml diff=sealant\n").unwrap();
    git(d, &["add", "-A"], "2026-01-04T10:00:00Z");
    git(d, &["commit", "-qm", "db"], "2026-01-04T10:00:00Z");
    at(d, "2026-03-01T10:00:00Z")
        .args(["merge", "--cert", "certs/old.pem", "apps/db.yaml"])
        .write_stdin(NEW_PASSWORD)
        .assert()
        .success();
    git(
        d,
        &["commit", "-qam", "new password"],
        "2026-03-01T10:00:00Z",
    );
    at(d, "2026-03-02T10:00:00Z")
        .arg("reseal")
        .arg("--key")
        .arg(fixture("keys/old/tls.key"))
        .arg("--key")
        .arg(fixture("keys/new/tls.key"))
        .args(["--cert", "certs/new.pem", "apps"])
        .assert()
        .success();
    git(d, &["commit", "-qam", "reseal"], "2026-03-02T10:00:00Z");

    let bin = assert_cmd::cargo::cargo_bin("sealant");
    let old_fp = fingerprint_of(&d.join("certs/old.pem"));
    let new_fp = fingerprint_of(&d.join("certs/new.pem"));
    let (old_fp, new_fp) = (&old_fp[..16], &new_fp[..16]);

    // Without a key: the new value is the one line whose date moved.
    git_out(
        d,
        &[
            "config",
            "diff.sealant.textconv",
            &format!("'{}' diff", bin.display()),
        ],
    );
    let diff = git_out(d, &["diff", "HEAD~2", "HEAD~1", "--", "apps/db.yaml"]);
    assert_eq!(
        changed(&diff),
        [
            format!("-  password: value set 2026-01-04, sealed for sha256:{old_fp}").as_str(),
            format!("+  password: value set 2026-03-01, sealed for sha256:{old_fp}").as_str(),
        ],
        "{diff}"
    );
    assert!(diff.contains("SealedSecret pay/db (strict)"), "{diff}");
    assert!(!diff.contains("AgA"), "no ciphertext: {diff}");
    // The reseal: every item's certificate moved, no date did.
    let diff = git_out(d, &["diff", "HEAD~1", "HEAD", "--", "apps/db.yaml"]);
    assert_eq!(
        changed(&diff),
        [
            format!("-  password: value set 2026-03-01, sealed for sha256:{old_fp}").as_str(),
            format!("-  username: value set 2026-01-04, sealed for sha256:{old_fp}").as_str(),
            format!("+  password: value set 2026-03-01, sealed for sha256:{new_fp}").as_str(),
            format!("+  username: value set 2026-01-04, sealed for sha256:{new_fp}").as_str(),
        ],
        "{diff}"
    );

    // With the keys: a keyed hash of each value, equal across the reseal,
    // different across the new value, never the value itself.
    git_out(
        d,
        &[
            "config",
            "diff.sealant.textconv",
            &format!(
                "'{}' diff --key '{}' --key '{}'",
                bin.display(),
                fixture("keys/old/tls.key").display(),
                fixture("keys/new/tls.key").display()
            ),
        ],
    );
    let hash = |line: &str| line.rsplit_once(", value ").map(|(_, h)| h.to_string());
    let diff = git_out(d, &["diff", "HEAD~1", "HEAD", "--", "apps/db.yaml"]);
    let lines = changed(&diff);
    assert_eq!(lines.len(), 4, "{diff}");
    assert_eq!(hash(lines[0]), hash(lines[2]), "{diff}");
    assert_eq!(hash(lines[1]), hash(lines[3]), "{diff}");
    assert!(hash(lines[0]).is_some_and(|h| h.len() == 16), "{diff}");
    let diff = git_out(d, &["diff", "HEAD~2", "HEAD~1", "--", "apps/db.yaml"]);
    let lines = changed(&diff);
    assert_eq!(lines.len(), 2, "{diff}");
    assert_ne!(hash(lines[0]), hash(lines[1]), "{diff}");
    assert!(
        !diff.contains("s3cr3t") && !diff.contains("admin"),
        "{diff}"
    );
}

#[test]
fn diff_names_a_plaintext_secret_without_its_values_and_passes_other_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("s.yaml"), SECRET).unwrap();
    sealant()
        .arg("diff")
        .arg(d.join("s.yaml"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Secret pay/db: PLAINTEXT, items: password, username",
        ))
        .stdout(predicates::str::contains("s3cr3t").not());
    // A broken file that may hold a Secret is not echoed either, and git
    // diff keeps working (exit 0).
    std::fs::write(
        d.join("b.yaml"),
        "kind: Secret\nstringData:\n  password: s3cr3t\n  [\n",
    )
    .unwrap();
    sealant()
        .arg("diff")
        .arg(d.join("b.yaml"))
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "not shown, as it may hold a Secret",
        ))
        .stdout(predicates::str::contains("s3cr3t").not());
    let other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n";
    std::fs::write(d.join("c.yaml"), other).unwrap();
    sealant()
        .arg("diff")
        .arg(d.join("c.yaml"))
        .assert()
        .success()
        .stdout(other);
}
