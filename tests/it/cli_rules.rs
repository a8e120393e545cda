//! Repository rules (.sealant.yaml), several clusters in one run, and pinned
//! certificates, through the real binary.

use std::path::{Path, PathBuf};

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: pay\nstringData:\n  password: s3cr3t\n";

/// A repository with the three test certificates under certs/.
fn repo(rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("certs")).unwrap();
    for k in ["old", "new", "small", "expired"] {
        std::fs::copy(
            fixture(&format!("keys/{k}/tls.crt")),
            dir.path().join(format!("certs/{k}.pem")),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join(".sealant.yaml"), rules).unwrap();
    // A repository: rules are looked for up to its top only.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn in_repo(dir: &Path) -> assert_cmd::Command {
    let mut cmd = sealant();
    cmd.current_dir(dir).env_remove("SEALANT_RULES");
    cmd
}

/// Opens a sealed file with one private key; returns the Secret or the exit code.
fn open_with(file: &Path, key: &str) -> Result<Value, i32> {
    let out = sealant()
        .args(["unseal", "-o", "json", "--key"])
        .arg(fixture(&format!("keys/{key}/tls.key")))
        .arg(file)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    } else {
        Err(out.status.code().unwrap())
    }
}

#[test]
fn one_rule_three_clusters_three_documents_each_opening_only_with_its_own_key() {
    let rules = format!(
        "clusters:\n  - name: old\n    cert: certs/old.pem\n    fingerprints: [{}]\n  - name: new\n    cert: certs/new.pem\n    fingerprints: [{}]\n  - name: small\n    cert: certs/small.pem\n    fingerprints: [{}]\nrules:\n  - paths: [\"secrets/**\"]\n    clusters: [old, new, small]\n    output-template: \"sealed/{{cluster}}/{{name}}.yaml\"\n",
        fingerprint("keys/old/tls.crt"),
        fingerprint("keys/new/tls.crt"),
        fingerprint("keys/small/tls.crt"),
    );
    let dir = repo(&rules);
    write(dir.path(), "secrets/db.yaml", SECRET);
    in_repo(dir.path())
        .args(["seal", "secrets/db.yaml"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "sealed/small/db.yaml (cluster small)",
        ));
    for own in ["old", "new", "small"] {
        let file = dir.path().join(format!("sealed/{own}/db.yaml"));
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = &yaml_docs(&text)[0];
        assert_eq!(
            doc["metadata"]["annotations"]["sealant.dev/cert-sha256"],
            fingerprint(&format!("keys/{own}/tls.crt")),
            "{own}"
        );
        for key in ["old", "new", "small"] {
            let opened = open_with(&file, key);
            if key == own {
                assert_eq!(opened.unwrap()["data"]["password"], "czNjcjN0", "{own}");
            } else {
                assert_eq!(opened.unwrap_err(), 5, "{own} must not open with {key}");
            }
        }
    }
}

#[test]
fn repeated_cert_flags_seal_for_each_named_or_by_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "db.yaml", SECRET);
    sealant()
        .current_dir(dir.path())
        .env("SEALANT_RULES", "")
        .args(["seal", "--output-template", "out/{cluster}-{stem}.{ext}"])
        .arg("--cert")
        .arg(fixture("keys/old/tls.crt"))
        .arg("--cert")
        .arg(fixture("keys/new/tls.crt"))
        .arg("--cert")
        .arg(format!("tiny={}", fixture("keys/small/tls.crt").display()))
        .arg(&input)
        .assert()
        .success();
    for (name, key) in [("old", "old"), ("new", "new"), ("tiny", "small")] {
        let file = dir.path().join(format!("out/{name}-db.yaml"));
        assert!(open_with(&file, key).is_ok(), "{name}");
    }
    // Several clusters and one output stream: refused, nothing written.
    sealant()
        .current_dir(dir.path())
        .env("SEALANT_RULES", "")
        .args(["seal", "-w", "all.yaml"])
        .arg("--cert")
        .arg(format!("a={}", fixture("keys/old/tls.crt").display()))
        .arg("--cert")
        .arg(format!("b={}", fixture("keys/new/tls.crt").display()))
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output-template"));
    assert!(!dir.path().join("all.yaml").exists());
}

#[test]
fn a_failed_multi_cluster_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "db.yaml", SECRET);
    sealant()
        .current_dir(dir.path())
        .env("SEALANT_RULES", "")
        .args(["seal", "--output-template", "out/{cluster}/{name}.yaml"])
        .arg("--cert")
        .arg(format!("a={}", fixture("keys/new/tls.crt").display()))
        .arg("--cert")
        .arg(format!("b={}", fixture("keys/expired/tls.crt").display()))
        .arg(&input)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("expired"));
    assert!(!dir.path().join("out").exists(), "no folder, no file");
}

#[test]
fn the_matching_rule_sets_cert_scope_and_format_and_flags_override_it() {
    let rules = "clusters:\n  - name: prod\n    cert: certs/new.pem\n  - name: dev\n    cert: certs/small.pem\nrules:\n  - paths: [\"apps/prod/**\"]\n    clusters: [prod]\n    scope: namespace-wide\n    format: json\n  - clusters: [dev]\n";
    let dir = repo(rules);
    let prod = write(dir.path(), "apps/prod/db.yaml", SECRET);
    let out = in_repo(dir.path())
        .args(["seal", "apps/prod/db.yaml"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc = &json_docs(std::str::from_utf8(&out).unwrap())[0];
    assert_eq!(
        doc["metadata"]["annotations"]["sealedsecrets.bitnami.com/namespace-wide"],
        "true"
    );
    assert_eq!(
        doc["metadata"]["annotations"]["sealant.dev/cert-sha256"],
        fingerprint("keys/new/tls.crt")
    );
    // Flags win over the rule.
    let out = in_repo(dir.path())
        .args(["seal", "--scope", "strict", "-o", "yaml", "--cert"])
        .arg(fixture("keys/old/tls.crt"))
        .arg(&prod)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc = &yaml_docs(std::str::from_utf8(&out).unwrap())[0];
    assert!(
        doc["metadata"]["annotations"]
            .get("sealedsecrets.bitnami.com/namespace-wide")
            .is_none()
    );
    assert_eq!(
        doc["metadata"]["annotations"]["sealant.dev/cert-sha256"],
        fingerprint("keys/old/tls.crt")
    );
    // Standard input falls to the catch-all rule (from a sub-folder, too).
    let sub = dir.path().join("apps");
    let out = in_repo(&sub)
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc = &yaml_docs(std::str::from_utf8(&out).unwrap())[0];
    assert_eq!(
        doc["metadata"]["annotations"]["sealant.dev/cert-sha256"],
        fingerprint("keys/small/tls.crt")
    );
}

#[test]
fn a_substituted_certificate_is_refused_with_both_fingerprints() {
    let good = fingerprint("keys/new/tls.crt");
    let evil = fingerprint("keys/old/tls.crt");
    let rules = format!(
        "clusters:\n  - name: prod\n    cert: certs/prod.pem\n    fingerprints: [\"sha256:{good}\"]\nrules:\n  - clusters: [prod]\n"
    );
    let dir = repo(&rules);
    // Someone replaced the committed certificate.
    std::fs::copy(
        fixture("keys/old/tls.crt"),
        dir.path().join("certs/prod.pem"),
    )
    .unwrap();
    write(dir.path(), "db.yaml", SECRET);
    in_repo(dir.path())
        .args(["seal", "-w", "db-sealed.yaml", "db.yaml"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(&good))
        .stderr(predicate::str::contains(&evil))
        .stderr(predicate::str::contains("refusing"));
    assert!(!dir.path().join("db-sealed.yaml").exists());
    // A --cert flag does not drop the repository's pins...
    in_repo(dir.path())
        .args(["seal", "db.yaml", "--cert", "certs/old.pem"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(&good));
    // ...but --expect-fingerprint replaces them.
    in_repo(dir.path())
        .args([
            "seal",
            "db.yaml",
            "--cert",
            "certs/old.pem",
            "--expect-fingerprint",
        ])
        .arg(&evil)
        .assert()
        .success();
    // And works without any rules, for raw values too.
    sealant()
        .env("SEALANT_RULES", "")
        .args(["raw", "--scope", "cluster-wide", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .args(["--expect-fingerprint", &evil])
        .write_stdin("v")
        .assert()
        .code(4)
        .stderr(predicate::str::contains(&good).and(predicate::str::contains(&evil)));
}

#[test]
fn rule_schema_errors_name_the_line() {
    let dir = repo(
        "clusters:\n  - name: prod\n    cert: certs/new.pem\nrules:\n  - clusters: [prod]\n    colour: blue\n",
    );
    write(dir.path(), "db.yaml", SECRET);
    in_repo(dir.path())
        .args(["seal", "db.yaml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(".sealant.yaml:6"))
        .stderr(predicate::str::contains("colour"));
}

#[test]
fn kubeseal_mode_writes_no_sealant_annotation() {
    let out = sealant()
        .env("SEALANT_RULES", "")
        .arg("--cert")
        .arg(fixture("keys/new/tls.crt"))
        .write_stdin(SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(out).unwrap().contains("sealant.dev"));
}

#[test]
fn cert_fetch_pin_creates_and_updates_the_rules_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("certs")).unwrap();
    std::fs::copy(fixture("keys/new/tls.crt"), d.join("certs/prod.pem")).unwrap();
    write(d, "db.yaml", SECRET);
    // No rules yet: the file is created, and nothing goes to standard output.
    in_repo(d)
        .args([
            "cert",
            "fetch",
            "--pin",
            "--rules-cluster",
            "prod",
            "--cert",
            "certs/prod.pem",
        ])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(fingerprint("keys/new/tls.crt")));
    let rules = std::fs::read_to_string(d.join(".sealant.yaml")).unwrap();
    assert!(rules.contains("cert: \"certs/prod.pem\""), "{rules}");
    // A rule that uses the cluster, and a comment that must survive.
    let rules = format!("# team rules\n{rules}rules:\n  - clusters: [prod]   # everything\n");
    std::fs::write(d.join(".sealant.yaml"), &rules).unwrap();
    in_repo(d).args(["seal", "db.yaml"]).assert().success();
    // The controller renewed its certificate: sealing is refused until re-pinned.
    std::fs::copy(fixture("keys/old/tls.crt"), d.join("certs/prod.pem")).unwrap();
    in_repo(d).args(["seal", "db.yaml"]).assert().code(4);
    in_repo(d)
        .args(["cert", "fetch", "--pin", "-w", "certs/fetched.pem"])
        .assert()
        .success();
    let after = std::fs::read_to_string(d.join(".sealant.yaml")).unwrap();
    assert_eq!(
        after,
        rules.replace(
            &fingerprint("keys/new/tls.crt"),
            &fingerprint("keys/old/tls.crt")
        ),
        "only the pin changed"
    );
    assert!(d.join("certs/fetched.pem").exists());
    in_repo(d).args(["seal", "db.yaml"]).assert().success();
    // Several clusters: which one must be said.
    std::fs::write(
        d.join(".sealant.yaml"),
        "clusters:\n  - name: a\n    cert: certs/prod.pem\n  - name: b\n    cert: certs/prod.pem\n",
    )
    .unwrap();
    in_repo(d)
        .args(["cert", "fetch", "--pin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--rules-cluster"));
}

/// A rules file in a folder above the repository's top (`.git`) is not
/// used; one inside the repository is found from its sub-folders.
#[test]
fn rules_are_looked_for_up_to_the_repository_top_only() {
    let outer =
        repo("clusters:\n  - name: a\n    cert: certs/small.pem\nrules:\n  - clusters: [a]\n");
    std::fs::remove_dir(outer.path().join(".git")).unwrap();
    let inner = outer.path().join("checkout");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    std::fs::create_dir_all(inner.join("apps")).unwrap();
    in_repo(&inner.join("apps"))
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        // No rules, so no certificate: the cluster is asked (and is not there).
        .code(7);
    // Inside the repository it is found, from a sub-folder.
    std::fs::copy(
        outer.path().join(".sealant.yaml"),
        inner.join(".sealant.yaml"),
    )
    .unwrap();
    std::fs::create_dir_all(inner.join("certs")).unwrap();
    std::fs::copy(fixture("keys/small/tls.crt"), inner.join("certs/small.pem")).unwrap();
    in_repo(&inner.join("apps"))
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        .success();
}

/// As git's safe.directory: rules owned by another user (or in a folder
/// another user owns) are ignored with a warning, also when root runs.
#[cfg(unix)]
#[test]
fn rules_owned_by_another_user_are_ignored_with_a_warning() {
    use std::os::unix::fs::MetadataExt;
    let me = std::fs::metadata("/proc/self").unwrap().uid();
    if me != 0 {
        eprintln!("skipped: needs root to give files away");
        return;
    }
    let dir =
        repo("clusters:\n  - name: a\n    cert: certs/small.pem\nrules:\n  - clusters: [a]\n");
    let rules = dir.path().join(".sealant.yaml");
    std::os::unix::fs::chown(&rules, Some(65534), Some(65534)).unwrap();
    in_repo(dir.path())
        .env_remove("SUDO_UID")
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        .code(7)
        .stderr(predicate::str::contains("warning: ignoring"))
        .stderr(predicate::str::contains("owned by user 65534"));
    // The folder owned by another user: the same.
    std::os::unix::fs::chown(&rules, Some(0), Some(0)).unwrap();
    std::os::unix::fs::chown(dir.path(), Some(65534), Some(65534)).unwrap();
    in_repo(dir.path())
        .env_remove("SUDO_UID")
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "its folder is owned by user 65534",
        ));
    // Under sudo by that user, root acts for them (as git does).
    in_repo(dir.path())
        .env("SUDO_UID", "65534")
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        .success();
    std::os::unix::fs::chown(dir.path(), Some(0), Some(0)).unwrap();
    in_repo(dir.path())
        .arg("seal")
        .write_stdin(SECRET)
        .assert()
        .success();
}

/// A rule's output template cannot write outside the repository, by `..`
/// or through a symbolic link; nothing is written.
#[cfg(unix)]
#[test]
fn a_rules_output_template_cannot_leave_the_repository() {
    let outside = tempfile::tempdir().unwrap();
    for template in [
        "../escaped/{name}.yaml",
        "{dir}/../../../escaped-{name}.yaml",
        "link/{name}.yaml",
    ] {
        let rules = format!(
            "clusters:\n  - name: a\n    cert: certs/small.pem\nrules:\n  - clusters: [a]\n    output-template: \"{template}\"\n"
        );
        let dir = repo(&rules);
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        write(dir.path(), "apps/db.yaml", SECRET);
        in_repo(dir.path())
            .args(["seal", "apps/db.yaml"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("outside the repository"));
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "{template}"
        );
        assert!(!dir.path().parent().unwrap().join("escaped").exists());
    }
    // Inside it is fine.
    let dir = repo(
        "clusters:\n  - name: a\n    cert: certs/small.pem\nrules:\n  - clusters: [a]\n    output-template: \"sealed/{name}.yaml\"\n",
    );
    write(dir.path(), "apps/db.yaml", SECRET);
    in_repo(dir.path())
        .args(["seal", "apps/db.yaml"])
        .assert()
        .success();
    assert!(dir.path().join("sealed/db.yaml").is_file());
}

/// A rules `cert` that is a FIFO (or a device) is refused without being
/// read: `check` and `seal` do not hang.
#[cfg(unix)]
#[test]
fn a_rules_cert_that_is_a_fifo_or_device_is_refused_unread() {
    for cert in ["certs/pipe.pem", "/dev/zero"] {
        let rules =
            format!("clusters:\n  - name: a\n    cert: {cert}\nrules:\n  - clusters: [a]\n");
        let dir = repo(&rules);
        assert!(
            std::process::Command::new("mkfifo")
                .arg(dir.path().join("certs/pipe.pem"))
                .status()
                .unwrap()
                .success()
        );
        write(dir.path(), "apps/db.yaml", SECRET);
        for args in [&["check", "."][..], &["seal", "apps/db.yaml"][..]] {
            in_repo(dir.path())
                .args(args)
                .assert()
                .failure()
                .stderr(predicate::str::contains("not a regular file"))
                .stderr(predicate::str::contains(".sealant.yaml"));
        }
    }
}
