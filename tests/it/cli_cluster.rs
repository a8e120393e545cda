//! Cluster access through the real binary, against the fake API server:
//! certificate fetch, sealing without --cert, validate and re-encrypt, with
//! sealant's commands and with kubeseal command lines.

use std::path::{Path, PathBuf};

use crate::common::{read, sealant, yaml_docs};
use crate::support::fake_apiserver::{
    Denial, FakeApiServer, FakeCluster, RotateBehaviour, VerifyBehaviour, resealed_value,
};
use crate::support::kubeconfig::{Ca, KubeconfigBuilder, exec_plugin_script, token_kubeconfig};
use predicates::prelude::*;

const NO_NS_SECRET: &str =
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2\n";

fn key_file(server: &FakeApiServer, dir: &Path) -> PathBuf {
    let p = dir.join("controller.key");
    std::fs::write(&p, server.sealing_key_pem().expect("the fake made its key")).unwrap();
    p
}

fn unseal_with(key: &Path, sealed: &Path) -> serde_json::Value {
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(key)
        .arg(sealed)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn cert_fetch_takes_the_certificate_from_the_controller() {
    let server = FakeApiServer::start(FakeCluster::default());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let out = dir.path().join("cert.pem");
    sealant()
        .args(["cert", "fetch", "--kubeconfig"])
        .arg(&kc)
        .arg("-w")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("sha256:"));
    let fetched = std::fs::read_to_string(&out).unwrap();
    let want = pem::parse(server.sealing_cert_pem()).unwrap();
    assert_eq!(pem::parse(&fetched).unwrap().contents(), want.contents());
}

#[test]
fn seal_without_cert_uses_the_cluster_and_the_context_namespace() {
    let server = FakeApiServer::start(FakeCluster::default());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let sealed = dir.path().join("sealed.yaml");
    sealant()
        .args(["seal", "--kubeconfig"])
        .arg(&kc)
        .arg("-w")
        .arg(&sealed)
        .write_stdin(NO_NS_SECRET)
        .assert()
        .success();
    let doc = &yaml_docs(&std::fs::read_to_string(&sealed).unwrap())[0];
    assert_eq!(
        doc["metadata"]["namespace"], "team-a",
        "the context's namespace"
    );
    let secret = unseal_with(&key_file(&server, dir.path()), &sealed);
    assert_eq!(secret["data"]["password"], "aHVudGVyMg==");
}

#[test]
fn an_exec_plugin_kubeconfig_works_for_kubeseal_command_lines() {
    let server = FakeApiServer::start(FakeCluster::default());
    let dir = tempfile::tempdir().unwrap();
    let plugin = exec_plugin_script(dir.path(), server.token());
    let kc = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_exec("dev", &plugin, true)
        .context("fake", "fake", "dev", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));
    // kubeseal < secret.yaml > sealed.json, with the context's namespace missing: "default".
    let out = sealant()
        .arg("--kubeconfig")
        .arg(&kc)
        .write_stdin(NO_NS_SECRET)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["metadata"]["namespace"], "default");
    let sealed = dir.path().join("sealed.json");
    std::fs::write(&sealed, &out).unwrap();
    let secret = unseal_with(&key_file(&server, dir.path()), &sealed);
    assert_eq!(secret["data"]["password"], "aHVudGVyMg==");
    sealant()
        .args(["--fetch-cert", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("-----BEGIN CERTIFICATE-----"));
}

#[test]
fn kubeseal_validate_is_silent_on_success_and_fails_on_invalid() {
    let server = FakeApiServer::start(FakeCluster::default());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, read("sealed/basic.strict.yaml")).unwrap();
    sealant()
        .args(["--validate", "--kubeconfig"])
        .arg(&kc)
        .arg("-f")
        .arg(&file)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    server.configure(|c| c.verify = VerifyBehaviour::DoesNotDecrypt);
    sealant()
        .args(["--validate", "--kubeconfig"])
        .arg(&kc)
        .arg("-f")
        .arg(&file)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("invalid: "))
        .stderr(predicate::str::contains(
            "s.yaml:2: document 1 (SealedSecret payments/app-credentials)",
        ))
        .stderr(predicate::str::contains(
            "1 of 1 SealedSecret(s) do not validate",
        ));
    server.configure(|c| {
        c.verify = VerifyBehaviour::RateLimited {
            times: 1,
            retry_after: None,
        }
    });
    sealant()
        .args(["--validate", "--kubeconfig"])
        .arg(&kc)
        .arg("-f")
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn kubeseal_re_encrypt_rewrites_the_file_and_keeps_labels_and_annotations() {
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::ResealLikeV036,
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let file = dir.path().join("s.yaml");
    let original = format!(
        "# team-blue's credentials\n{}",
        read("sealed/basic.strict.yaml")
    );
    std::fs::write(&file, &original).unwrap();
    sealant()
        .args(["--re-encrypt", "--kubeconfig"])
        .arg(&kc)
        .arg("-f")
        .arg(&file)
        .assert()
        .success();
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.starts_with("# team-blue's credentials\n"), "{after}");
    let old = &yaml_docs(&original)[0];
    let new = &yaml_docs(&after)[0];
    assert_eq!(
        new["spec"]["template"], old["spec"]["template"],
        "labels and annotations kept"
    );
    for (k, v) in old["spec"]["encryptedData"].as_object().unwrap() {
        assert_eq!(
            new["spec"]["encryptedData"][k],
            resealed_value(v.as_str().unwrap()).as_str()
        );
    }
    // Only the ciphertext lines changed.
    let changed = original
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 3);
}

#[test]
fn a_failed_rotate_names_the_document_and_changes_nothing() {
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::Fail,
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, read("sealed/basic.strict.yaml")).unwrap();
    sealant()
        .args(["--re-encrypt", "--kubeconfig"])
        .arg(&kc)
        .arg("-f")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "(SealedSecret payments/app-credentials): the controller could not decrypt or re-seal this SealedSecret",
        ));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        read("sealed/basic.strict.yaml")
    );
}

#[test]
fn rbac_denials_and_missing_services_say_what_to_do() {
    let server = FakeApiServer::start(FakeCluster {
        denials: vec![Denial::new("get", "services/proxy", Some("kube-system"))],
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    sealant()
        .args(["cert", "fetch", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .code(7)
        .stderr(predicate::str::contains("403"))
        .stderr(predicate::str::contains("services/proxy"));
    sealant()
        .args(["cert", "fetch", "--controller-name", "nope", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "sealant: using controller service kube-system/sealed-secrets-controller",
        ));
    sealant()
        .args(["seal"])
        .env("HOME", dir.path().join("nowhere"))
        .write_stdin(NO_NS_SECRET)
        .assert()
        .code(7)
        .stderr(predicate::str::contains("kubeconfig"));
}

#[test]
fn sealant_validate_and_reseal_controller_walk_folders() {
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::ResealLikeV036,
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("apps")).unwrap();
    std::fs::write(repo.join("apps/a.yaml"), read("sealed/basic.strict.yaml")).unwrap();
    std::fs::write(repo.join("apps/b.json"), read("sealed/unicode.strict.json")).unwrap();
    let deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
    std::fs::write(repo.join("apps/web.yaml"), deploy).unwrap();
    sealant()
        .args(["validate", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "a.yaml:2: document 1 (SealedSecret payments/app-credentials)",
        ))
        .stdout(predicate::str::contains(
            "b.json:1: document 1 (SealedSecret i18n/greeting)",
        ));
    server.configure(|c| c.verify = VerifyBehaviour::DoesNotDecrypt);
    sealant()
        .args(["validate", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("invalid: "));
    sealant()
        .args(["reseal", "--controller", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .success();
    let a = yaml_docs(&std::fs::read_to_string(repo.join("apps/a.yaml")).unwrap());
    let old = yaml_docs(&read("sealed/basic.strict.yaml"));
    assert_eq!(a[0]["spec"]["template"], old[0]["spec"]["template"]);
    let pw = old[0]["spec"]["encryptedData"]["password"]
        .as_str()
        .unwrap();
    assert_eq!(
        a[0]["spec"]["encryptedData"]["password"],
        resealed_value(pw).as_str()
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("apps/web.yaml")).unwrap(),
        deploy
    );
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("apps/b.json")).unwrap()).unwrap();
    assert!(b["spec"]["encryptedData"]["ko"].as_str().unwrap() != "");
    sealant()
        .args(["reseal", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--key"));
}

#[test]
fn a_rule_cluster_with_only_a_context_fetches_through_that_context() {
    let server = FakeApiServer::start(FakeCluster::default());
    let dir = tempfile::tempdir().unwrap();
    let kc = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .cluster("nowhere", "https://127.0.0.1:1", Ca::Data(server.ca_pem()))
        .user_token("alice", server.token())
        .context("kind-staging", "fake", "alice", Some("staging"))
        .context("broken", "nowhere", "alice", None)
        .current("broken")
        .write(&dir.path().join("kubeconfig"));
    std::fs::write(
        dir.path().join(".sealant.yaml"),
        "clusters:\n  - name: staging\n    context: kind-staging\nrules:\n  - clusters: [staging]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("db.yaml"),
        NO_NS_SECRET.replace("name: db", "name: db\n  namespace: staging"),
    )
    .unwrap();
    let out = sealant()
        .current_dir(dir.path())
        .env_remove("SEALANT_RULES")
        .arg("seal")
        .arg("--kubeconfig")
        .arg(&kc)
        .arg("db.yaml")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let sealed = dir.path().join("sealed.yaml");
    std::fs::write(&sealed, out).unwrap();
    let secret = unseal_with(&key_file(&server, dir.path()), &sealed);
    assert_eq!(secret["data"]["password"], "aHVudGVyMg==");
}

#[test]
fn reseal_controller_updates_the_certificate_record() {
    let server = FakeApiServer::start(FakeCluster::default());
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let file = dir.path().join("s.yaml");
    // Sealed by `sealant seal` for an old certificate: it carries the record.
    sealant()
        .args(["seal", "--cert"])
        .arg(crate::common::fixture("keys/old/tls.crt"))
        .arg("-w")
        .arg(&file)
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .success();
    let before = yaml_docs(&std::fs::read_to_string(&file).unwrap())[0].clone();
    let key = "sealant.dev/cert-sha256";
    assert!(before["metadata"]["annotations"][key].is_string());
    sealant()
        .args(["reseal", "--controller", "--kubeconfig"])
        .arg(&kc)
        .arg(&file)
        .assert()
        .success();
    let after = yaml_docs(&std::fs::read_to_string(&file).unwrap())[0].clone();
    let der = pem::parse(server.sealing_cert_pem()).unwrap();
    let want = sealant::internals::core::certificate::Fingerprint::of(der.contents()).to_string();
    assert_eq!(after["metadata"]["annotations"][key], want.as_str());
    assert_eq!(after["spec"]["template"], before["spec"]["template"]);
}

#[test]
fn reseal_controller_on_a_value_the_controller_cannot_open_exits_with_the_key_code() {
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::Fail,
        verify: VerifyBehaviour::DoesNotDecrypt,
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, read("sealed/basic.strict.yaml")).unwrap();
    sealant()
        .args(["reseal", "--controller", "--kubeconfig"])
        .arg(&kc)
        .arg(&file)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("the controller cannot open it"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        read("sealed/basic.strict.yaml")
    );
    // A controller that can open it but fails anyway stays a cluster error.
    server.configure(|c| c.verify = VerifyBehaviour::Decrypts);
    sealant()
        .args(["reseal", "--controller", "--kubeconfig"])
        .arg(&kc)
        .arg(&file)
        .assert()
        .code(7);
}

/// A folder of `n` SealedSecret files.
fn many_sealed(dir: &Path, n: usize) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let text = read("sealed/basic.strict.yaml");
    for i in 0..n {
        std::fs::write(repo.join(format!("s{i:04}.yaml")), &text).unwrap();
    }
    repo
}

#[test]
fn validate_and_reseal_over_many_files_keep_a_few_requests_in_flight_on_kept_alive_connections() {
    let server = FakeApiServer::start(FakeCluster {
        latency: Some(std::time::Duration::from_millis(20)),
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let repo = many_sealed(dir.path(), 120);
    sealant()
        .args(["validate", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .success()
        .stderr(predicate::str::contains("120 SealedSecret(s) valid"));
    let verifies = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/proxy/v1/verify"))
        .count();
    assert_eq!(verifies, 120);
    let bound = 8;
    assert!(
        server.max_in_flight() <= bound,
        "{}",
        server.max_in_flight()
    );
    assert!(server.max_in_flight() > 1, "requests were sent one by one");
    assert!(
        server.connections() <= bound,
        "{} connections",
        server.connections()
    );

    let before = server.connections();
    sealant()
        .args(["reseal", "--controller", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .success()
        .stderr(predicate::str::contains("120 SealedSecret(s) re-encrypted"));
    assert!(server.max_in_flight() <= bound);
    assert!(server.connections() - before <= bound);
    for i in [0, 57, 119] {
        let text = std::fs::read_to_string(repo.join(format!("s{i:04}.yaml"))).unwrap();
        assert!(text.contains(&resealed_value("")[..8]), "{text}");
    }
}

#[test]
fn validate_over_many_files_backs_off_on_429_and_finishes() {
    let server = FakeApiServer::start(FakeCluster {
        verify: VerifyBehaviour::RateLimited {
            times: 5,
            retry_after: Some(0),
        },
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let repo = many_sealed(dir.path(), 30);
    sealant()
        .args(["validate", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo)
        .assert()
        .success()
        .stderr(predicate::str::contains("30 SealedSecret(s) valid"));
    let verifies = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/proxy/v1/verify"))
        .count();
    assert_eq!(verifies, 35, "30 answers plus 5 retried 429s");
}
