//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance")
}

pub fn fixture(rel: &str) -> PathBuf {
    fixtures().join(rel)
}

/// The SHA-256 fingerprint (hex) of the certificate in a fixture.
pub fn fingerprint(rel: &str) -> String {
    fingerprint_of(&fixture(rel))
}

/// The SHA-256 fingerprint (hex) of the certificate in a file.
pub fn fingerprint_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    sealant::internals::core::certificate::Certificate::parse(
        &bytes,
        &path.display().to_string(),
        sealant::internals::core::crypto::Backend::default(),
    )
    .unwrap()
    .fingerprint
    .to_string()
}

pub fn read(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap()
}

/// The binary under test, isolated from the developer's environment (see
/// [`isolated_env`]), run in [`quiet_dir`] unless the test gives its own
/// folder with `.current_dir(...)`.
pub fn sealant() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("sealant").unwrap();
    let (remove, set) = isolated_env();
    for var in remove {
        cmd.env_remove(var);
    }
    for (var, value) in set {
        cmd.env(var, value);
    }
    cmd.current_dir(quiet_dir());
    cmd
}

/// [`sealant`]'s isolation for a `std::process::Command` of the binary.
pub fn isolate(cmd: &mut std::process::Command) -> &mut std::process::Command {
    let (remove, set) = isolated_env();
    for var in remove {
        cmd.env_remove(var);
    }
    for (var, value) in set {
        cmd.env(var, value);
    }
    cmd.current_dir(quiet_dir())
}

/// The folder a command runs in when the test names none: a folder of its
/// own under the system temp folder, outside any repository, holding no
/// rules file. Outside a repository rules discovery looks at the current
/// folder only, so a test sees exactly the rules of its own folder: none
/// here, and those it writes into its own temp folder otherwise.
pub fn quiet_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = std::env::temp_dir();
        if let Some(repo) = tmp
            .ancestors()
            .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
        {
            panic!(
                "the temp folder {} is inside the repository {}: rules discovery would climb to its top; point TMPDIR outside it",
                tmp.display(),
                repo.display()
            );
        }
        let dir = tmp.join("sealant-it-no-rules");
        std::fs::create_dir_all(&dir).unwrap();
        let rules = dir.join(".sealant.yaml");
        assert!(!rules.exists(), "{} must not exist", rules.display());
        dir
    })
    .clone()
}

/// What tests never inherit: every `SEALED_SECRETS_*` and `SEALANT_*`
/// variable (flags' defaults, the rules file), the kubeconfig, proxies (tests
/// talk to loopback only) and `HOME` (no `~/.kube/config`); retries of a
/// 429 do not wait. Rules discovery starts, and stops, in the command's
/// folder: [`quiet_dir`] or the test's own temp folder, both outside any
/// repository (whose own rules must not apply).
pub fn isolated_env() -> (Vec<std::ffi::OsString>, Vec<(&'static str, PathBuf)>) {
    let mut remove: Vec<std::ffi::OsString> = std::env::vars_os()
        .map(|(k, _)| k)
        .filter(|k| {
            let k = k.to_string_lossy();
            k.starts_with("SEALED_SECRETS_") || k.starts_with("SEALANT_")
        })
        .collect();
    for var in [
        "SEALED_SECRETS_CERT",
        "SEALANT_RULES",
        "KUBECONFIG",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "no_proxy",
    ] {
        remove.push(var.into());
    }
    let home = std::env::temp_dir().join("sealant-test-home-does-not-exist");
    // 429 retries at once: no test sleeps through the real backoff.
    (
        remove,
        vec![
            ("HOME", home),
            ("SEALANT_TEST_RETRY_DELAY_MS", PathBuf::from("0")),
        ],
    )
}

/// Every `SEALED_SECRETS_*` and `SEALANT_*` variable set for this test
/// process is cleared for the binary, and so is the rules variable.
#[test]
fn the_command_helper_clears_every_sealant_variable() {
    let (remove, _) = isolated_env();
    for (k, _) in std::env::vars_os() {
        let name = k.to_string_lossy();
        if name.starts_with("SEALED_SECRETS_") || name.starts_with("SEALANT_") {
            assert!(remove.contains(&k), "{name}");
        }
    }
    assert!(remove.iter().any(|k| k == "SEALANT_RULES"));
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
