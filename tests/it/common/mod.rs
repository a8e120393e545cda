//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance")
}

pub fn fixture(rel: &str) -> PathBuf {
    fixtures().join(rel)
}

pub fn read(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap()
}

pub fn sealant() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("sealant").unwrap();
    // Tests never depend on the developer's environment.
    for var in [
        "SEALED_SECRETS_CERT",
        "SEALED_SECRETS_CONTROLLER_NAME",
        "SEALED_SECRETS_CONTROLLER_NAMESPACE",
        "KUBECONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env(
        "HOME",
        std::env::temp_dir().join("sealant-test-home-does-not-exist"),
    );
    cmd
}

pub fn json_docs(text: &str) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter()
        .map(|v| v.unwrap())
        .collect()
}

pub fn yaml_docs(text: &str) -> Vec<serde_json::Value> {
    serde_saphyr::from_multiple(text).unwrap()
}
