//! A build without the `cluster` feature: offline commands work as ever,
//! and whatever needs the cluster exits 7 naming the feature and the
//! offline flags (run with `cargo test --no-default-features --features aws-lc`).

use crate::common::*;
use predicates::prelude::*;

fn names_the_feature() -> impl Predicate<str> {
    predicate::str::contains("built without the `cluster` feature")
        .and(predicate::str::contains("--cert FILE|URL"))
        .and(predicate::str::contains("--recovery-private-key"))
}

#[test]
fn sealing_without_a_certificate_needs_the_cluster() {
    sealant()
        .args(["seal"])
        .write_stdin(read("secrets/tls.yaml"))
        .assert()
        .code(7)
        .stdout("")
        .stderr(names_the_feature());
}

#[test]
fn fetching_the_certificate_and_the_keys_needs_the_cluster() {
    sealant()
        .args(["cert", "fetch"])
        .assert()
        .code(7)
        .stderr(names_the_feature());
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("keys.yaml");
    sealant()
        .args(["keys", "backup", "-w"])
        .arg(&backup)
        .assert()
        .code(7)
        .stderr(names_the_feature());
    assert!(!backup.exists());
}

#[test]
fn kubeseal_mode_keeps_exit_status_1() {
    sealant()
        .args(["--fetch-cert"])
        .assert()
        .code(1)
        .stderr(names_the_feature());
}

#[test]
fn sealing_with_a_certificate_file_works_offline() {
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .write_stdin(read("secrets/tls.yaml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("kind: SealedSecret"));
}
