//! `cert fetch --pin --all-contexts` (and `--context` repeated) through the
//! binary: one fake API server per kubeconfig context, every certificate
//! pinned into `.sealant.yaml` in one edit that keeps the file's bytes.

use std::path::{Path, PathBuf};

use crate::common::sealant;
use crate::support::fake_apiserver::{FakeApiServer, FakeCluster};
use crate::support::kubeconfig::{Ca, KubeconfigBuilder};
use predicates::prelude::*;

const EKS: &str = "arn:aws:eks:eu-west-1:1234:cluster/stage";
const EKS_CLUSTER: &str = "arn-aws-eks-eu-west-1-1234-cluster-stage";

fn fingerprint_of(pem: &str, dir: &Path) -> String {
    let file = dir.join("probe.pem");
    std::fs::write(&file, pem).unwrap();
    let out = sealant()
        .args(["cert", "show"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let at = text.find("sha256:").expect("a fingerprint") + 7;
    text[at..at + 64].to_string()
}

/// Two clusters: `kind-prod` and an EKS-style context name.
fn two_contexts(dir: &Path) -> (FakeApiServer, FakeApiServer, PathBuf) {
    let prod = FakeApiServer::start(FakeCluster::default());
    let stage = FakeApiServer::start(FakeCluster::default());
    let kc = KubeconfigBuilder::new()
        .cluster("prod", &prod.url(), Ca::Data(prod.ca_pem()))
        .cluster("stage", &stage.url(), Ca::Data(stage.ca_pem()))
        .user_token("prod-admin", prod.token())
        .user_token("stage-admin", stage.token())
        .context("kind-prod", "prod", "prod-admin", None)
        .context(EKS, "stage", "stage-admin", None)
        .current("kind-prod")
        .write(&dir.join("kubeconfig"));
    (prod, stage, kc)
}

const RULES: &str = "# our clusters\nclusters:\n  - name: production   # the big one\n    context: kind-prod\nrules:\n  - paths: [\"prod/**\"]\n    clusters: [production]\n";

#[test]
fn all_contexts_pin_every_cluster_in_one_edit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (prod, stage, kc) = two_contexts(d);
    std::fs::write(d.join(".sealant.yaml"), RULES).unwrap();
    sealant()
        .current_dir(d)
        .args(["cert", "fetch", "--pin", "--all-contexts", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("2 cluster(s) pinned"));
    let fp_prod = fingerprint_of(prod.sealing_cert_pem(), d);
    let fp_stage = fingerprint_of(stage.sealing_cert_pem(), d);
    assert_ne!(fp_prod, fp_stage);
    let text = std::fs::read_to_string(d.join(".sealant.yaml")).unwrap();
    // The existing cluster (found by its context) gets its pin in place;
    // the new context becomes a cluster of its own; nothing else moves.
    let want = RULES
        .replace(
            "    context: kind-prod\n",
            &format!("    context: kind-prod\n    fingerprints: [\"{fp_prod}\"]\n"),
        )
        .replace(
            "rules:\n",
            &format!(
                "  - name: \"{EKS_CLUSTER}\"\n    context: \"{EKS}\"\n    fingerprints: [\"{fp_stage}\"]\nrules:\n"
            ),
        );
    assert_eq!(text, want);

    // The pins hold: sealing for prod/ goes through the pinned context.
    std::fs::create_dir(d.join("prod")).unwrap();
    std::fs::write(
        d.join("prod/s.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: pay\nstringData:\n  password: hunter2\n",
    )
    .unwrap();
    sealant()
        .current_dir(d)
        .args(["seal", "prod/s.yaml", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .success()
        .stdout(predicate::str::contains("kind: SealedSecret"));
}

#[test]
fn repeated_context_pins_only_those_and_a_failing_one_pins_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_prod, stage, kc) = two_contexts(d);
    sealant()
        .current_dir(d)
        .args(["cert", "fetch", "--pin", "--context", EKS, "--kubeconfig"])
        .arg(&kc)
        .assert()
        .success();
    let fp_stage = fingerprint_of(stage.sealing_cert_pem(), d);
    let text = std::fs::read_to_string(d.join(".sealant.yaml")).unwrap();
    assert!(text.contains(&fp_stage), "{text}");
    assert!(!text.contains("kind-prod"), "{text}");

    // Two contexts, one of them unknown: exit non-zero, the file unchanged.
    std::fs::write(d.join(".sealant.yaml"), RULES).unwrap();
    sealant()
        .current_dir(d)
        .args([
            "cert",
            "fetch",
            "--pin",
            "--context",
            "kind-prod",
            "--context",
            "gone",
        ])
        .arg("--kubeconfig")
        .arg(&kc)
        .assert()
        .code(7)
        .stderr(
            predicate::str::contains("gone").and(predicate::str::contains("nothing was pinned")),
        );
    assert_eq!(
        std::fs::read_to_string(d.join(".sealant.yaml")).unwrap(),
        RULES
    );

    // An unreachable server: the same.
    drop(stage);
    sealant()
        .current_dir(d)
        .args([
            "cert",
            "fetch",
            "--pin",
            "--all-contexts",
            "--request-timeout",
            "5s",
        ])
        .arg("--kubeconfig")
        .arg(&kc)
        .assert()
        .code(7)
        .stderr(predicate::str::contains("nothing was pinned"));
    assert_eq!(
        std::fs::read_to_string(d.join(".sealant.yaml")).unwrap(),
        RULES
    );
}

#[test]
fn several_contexts_need_pin() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_prod, _stage, kc) = two_contexts(d);
    sealant()
        .current_dir(d)
        .args(["cert", "fetch", "--all-contexts", "--kubeconfig"])
        .arg(&kc)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pin"));
    sealant()
        .current_dir(d)
        .args([
            "cert",
            "fetch",
            "--context",
            "kind-prod",
            "--context",
            EKS,
            "--kubeconfig",
        ])
        .arg(&kc)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--pin"));
    assert!(!d.join(".sealant.yaml").exists());
}
