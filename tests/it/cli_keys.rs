//! `keys backup`, `keys list` and `--keys-from-cluster` through the binary,
//! against the fake API server serving the conformance key Secrets.

use std::path::Path;

use crate::common::{fixture, read, sealant, yaml_docs};
use crate::support::fake_apiserver::{Denial, FakeApiServer, FakeCluster};
use crate::support::kubeconfig::token_kubeconfig;
use predicates::prelude::*;

const LABEL: &str = "sealedsecrets.bitnami.com/sealed-secrets-key";

/// The old and new conformance keys as the controller's Secrets, plus an
/// unrelated Secret and a key Secret in another namespace (neither served).
fn key_cluster() -> FakeCluster {
    let mut secrets: Vec<serde_json::Value> = ["keys/old/key.yaml", "keys/new/key.yaml"]
        .iter()
        .map(|f| yaml_docs(&read(f)).remove(0))
        .collect();
    secrets.push(serde_json::json!({
        "apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "unrelated", "namespace": "kube-system"},
        "data": {"password": "aHVudGVyMg=="}
    }));
    let mut elsewhere = secrets[0].clone();
    elsewhere["metadata"]["namespace"] = "other".into();
    elsewhere["metadata"]["name"] = "elsewhere".into();
    secrets.push(elsewhere);
    FakeCluster {
        secrets,
        ..FakeCluster::default()
    }
}

fn cert_fingerprint(rel: &str) -> String {
    let out = sealant()
        .args(["cert", "show"])
        .arg(fixture(rel))
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let at = text.find("sha256:").expect("a fingerprint");
    text[at..at + 7 + 64].to_string()
}

#[test]
fn backup_writes_a_private_list_that_opens_sealed_secrets() {
    let server = FakeApiServer::start(key_cluster());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let backup = dir.path().join("backup.yaml");
    let assert = sealant()
        .args(["keys", "backup", "--kubeconfig"])
        .arg(&kc)
        .arg("-w")
        .arg(&backup)
        .assert()
        .success()
        .stderr(predicate::str::contains("opens every SealedSecret"));
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("2 key(s)"), "{stdout}");
    assert!(
        stdout.contains(&cert_fingerprint("keys/old/tls.crt")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&cert_fingerprint("keys/new/tls.crt")),
        "{stdout}"
    );
    assert!(stdout.contains("valid:"), "{stdout}");
    assert!(
        !stdout.contains("LS0t"),
        "no key material on stdout: {stdout}"
    );

    // The request: the controller's namespace, the key label.
    let reqs = server.requests();
    let req = reqs
        .iter()
        .find(|r| r.path.ends_with("/secrets"))
        .expect("a secrets request");
    assert_eq!(req.path, "/api/v1/namespaces/kube-system/secrets");
    assert!(
        req.query
            .as_deref()
            .unwrap_or("")
            .contains("labelSelector=sealedsecrets.bitnami.com%2Fsealed-secrets-key"),
        "{:?}",
        req.query
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let docs = yaml_docs(&std::fs::read_to_string(&backup).unwrap());
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kind"], "List");
    assert_eq!(docs[0]["apiVersion"], "v1");
    let items = docs[0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "only the key Secrets of kube-system");
    for item in items {
        assert_eq!(item["kind"], "Secret");
        assert_eq!(item["metadata"]["labels"][LABEL], "active");
        assert!(item["metadata"].get("resourceVersion").is_none());
        assert!(item["metadata"].get("uid").is_none());
        assert!(item["metadata"].get("managedFields").is_none());
    }

    // The backup opens what the old key sealed, as the fixture key does.
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(&backup)
        .arg(fixture("sealed/basic.old-key.yaml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let got: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&read("expected/basic.old-key.secret.json")).unwrap();
    assert_eq!(got["data"], want["data"]);
}

#[test]
fn backup_never_replaces_a_file_without_force() {
    let server = FakeApiServer::start(key_cluster());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let backup = dir.path().join("backup.yaml");
    std::fs::write(&backup, "keep me\n").unwrap();
    sealant()
        .args(["keys", "backup", "--kubeconfig"])
        .arg(&kc)
        .arg("-w")
        .arg(&backup)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "keep me\n");
    sealant()
        .args(["keys", "backup", "--force", "--kubeconfig"])
        .arg(&kc)
        .arg("-w")
        .arg(&backup)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&backup)
            .unwrap()
            .contains("kind: List")
    );
}

#[test]
fn backup_denied_by_rbac_names_the_rule_and_writes_nothing() {
    let mut cluster = key_cluster();
    cluster.denials = vec![Denial::new("list", "secrets", Some("kube-system"))];
    let server = FakeApiServer::start(cluster);
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let backup = dir.path().join("backup.yaml");
    sealant()
        .args(["keys", "backup", "--kubeconfig"])
        .arg(&kc)
        .arg("-w")
        .arg(&backup)
        .assert()
        .code(7)
        .stderr(
            predicate::str::contains("forbidden (403)")
                .and(predicate::str::contains("list secrets"))
                .and(predicate::str::contains("kube-system"))
                .and(predicate::str::contains("RBAC")),
        );
    assert!(!backup.exists());
}

#[test]
fn backup_of_a_namespace_without_keys_fails_and_writes_nothing() {
    let server = FakeApiServer::start(key_cluster());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let backup = dir.path().join("backup.yaml");
    sealant()
        .args(["keys", "backup", "--controller-namespace", "sealed-secrets"])
        .arg("--kubeconfig")
        .arg(&kc)
        .arg("-w")
        .arg(&backup)
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no private key")
                .and(predicate::str::contains("--controller-namespace")),
        );
    assert!(!backup.exists());
}

fn active_line(stdout: &str) -> String {
    let at = stdout.find("ACTIVE").expect("an active key");
    let block_start = stdout[..at].rfind("\n  status").unwrap();
    let name_start = stdout[..block_start].rfind('\n').map_or(0, |i| i + 1);
    stdout[name_start..block_start].to_string()
}

#[test]
fn list_from_the_cluster_marks_the_newest_active_key() {
    let mut cluster = key_cluster();
    // A newer key the controller no longer loads does not seal.
    let mut compromised = yaml_docs(&read("keys/small/key.yaml")).remove(0);
    compromised["metadata"]["labels"][LABEL] = "compromised".into();
    compromised["metadata"]["namespace"] = "kube-system".into();
    cluster.secrets.push(compromised);
    let server = FakeApiServer::start(cluster);
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let out = sealant()
        .args(["keys", "list", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(out).unwrap();
    assert_eq!(stdout.matches("ACTIVE").count(), 1, "{stdout}");
    let new_name = yaml_docs(&read("keys/new/key.yaml"))[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(active_line(&stdout).contains(&new_name), "{stdout}");
    assert!(stdout.contains("not loaded by the controller"), "{stdout}");
    assert!(
        stdout.contains(&cert_fingerprint("keys/old/tls.crt")),
        "{stdout}"
    );
}

#[test]
fn list_from_files_needs_no_cluster() {
    let out = sealant()
        .args(["keys", "list", "--key"])
        .arg(fixture("keys/backup-list.yaml"))
        .args(["--kubeconfig", "/nonexistent/kubeconfig"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(out).unwrap();
    assert_eq!(stdout.matches("ACTIVE").count(), 1, "{stdout}");
    assert!(
        stdout.contains(&cert_fingerprint("keys/new/tls.crt")),
        "{stdout}"
    );
}

fn unseal_from_cluster(kc: &Path, dir: &Path) -> serde_json::Value {
    let out = sealant()
        .args([
            "unseal",
            "--keys-from-cluster",
            "-o",
            "json",
            "--kubeconfig",
        ])
        .arg(kc)
        .arg(fixture("sealed/basic.old-key.yaml"))
        .current_dir(dir)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn keys_from_cluster_open_in_memory_and_write_nothing() {
    let server = FakeApiServer::start(key_cluster());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let got = unseal_from_cluster(&kc, &work);
    let want: serde_json::Value =
        serde_json::from_str(&read("expected/basic.old-key.secret.json")).unwrap();
    assert_eq!(got["data"], want["data"]);
    assert_eq!(
        std::fs::read_dir(&work).unwrap().count(),
        0,
        "nothing written"
    );

    // validate and audit take the flag too.
    sealant()
        .args(["validate", "--keys-from-cluster", "--kubeconfig"])
        .arg(&kc)
        .arg(fixture("sealed/basic.old-key.yaml"))
        .assert()
        .success();
    sealant()
        .args(["audit", "--keys-from-cluster", "--kubeconfig"])
        .arg(&kc)
        .arg(fixture("sealed/basic.old-key.yaml"))
        .assert()
        .success();
}

#[test]
fn keys_from_cluster_denied_fails_closed() {
    let mut cluster = key_cluster();
    cluster.denials = vec![Denial::new("list", "secrets", None)];
    let server = FakeApiServer::start(cluster);
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    sealant()
        .args(["unseal", "--keys-from-cluster", "--kubeconfig"])
        .arg(&kc)
        .arg(fixture("sealed/basic.old-key.yaml"))
        .assert()
        .code(7)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("forbidden (403)"));
}
