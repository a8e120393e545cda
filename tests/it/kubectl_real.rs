//! Real kubectl output through `sealant seal` (issue 10 §3): what
//! `kubectl create secret generic|tls|docker-registry --dry-run=client`
//! prints (YAML and JSON) and what `kubectl kustomize` generates from a
//! `secretGenerator` is sealed with the conformance certificate and opened
//! with the conformance keys, every value compared with kubectl's own.
//! kubectl needs no cluster for either.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use sealant::internals::core::crypto::Backend;
use sealant::internals::core::keyring::KeyRing;
use sealant::internals::core::opening::unseal_document;
use serde_json::Value;

fn kubectl(args: &[&str], dir: &Path) -> String {
    let out = Command::new("kubectl")
        .args(args)
        .current_dir(dir)
        // No cluster, no user configuration: only what kubectl does offline.
        .env_remove("KUBECONFIG")
        .env("HOME", dir)
        .output()
        .expect("kubectl is installed on every machine here, CI included");
    assert!(
        out.status.success(),
        "kubectl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn ring() -> KeyRing {
    KeyRing::load(&[fixture("keys/backup-list.yaml")], Backend::default()).unwrap()
}

/// Seals kubectl's output, checks the output's format and that no value
/// appears in it, opens every SealedSecret and compares it with kubectl's
/// Secret: name, namespace, type and every item.
fn seal_and_open(kubectl_out: &str, json: bool) {
    let expected: Vec<Value> = if json {
        json_docs(kubectl_out)
    } else {
        yaml_docs(kubectl_out)
    };
    assert!(!expected.is_empty());
    let out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .write_stdin(kubectl_out.to_string())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let sealed = if json {
        json_docs(&out)
    } else {
        assert!(out.starts_with("---\n"), "{out}");
        yaml_docs(&out)
    };
    assert_eq!(sealed.len(), expected.len());
    let ring = ring();
    for (want, got) in expected.iter().zip(&sealed) {
        assert_eq!(got["kind"], "SealedSecret");
        assert_not_in(&want["data"], &out);
        let opened = unseal_document(got, &Default::default(), &ring).unwrap();
        assert_eq!(opened["metadata"]["name"], want["metadata"]["name"]);
        assert_eq!(
            opened["metadata"]["namespace"],
            want["metadata"]["namespace"]
        );
        assert_eq!(
            opened.get("type").cloned().unwrap_or(Value::from("Opaque")),
            want.get("type").cloned().unwrap_or(Value::from("Opaque"))
        );
        assert_eq!(
            decoded(&opened["data"]),
            decoded(&want["data"]),
            "every item, byte for byte"
        );
    }
}

/// The items of `data`, decoded (kubectl kustomize wraps long base64 lines).
fn decoded(data: &Value) -> std::collections::BTreeMap<String, Vec<u8>> {
    use base64::Engine as _;
    data.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let b64: String = v.as_str().unwrap().split_whitespace().collect();
            (
                k.clone(),
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            )
        })
        .collect()
}

/// No value of `data` (neither its base64 nor, when it is text, its
/// plaintext) appears in `out`.
fn assert_not_in(data: &Value, out: &str) {
    for (key, plain) in decoded(data) {
        if plain.len() < 4 {
            continue;
        }
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&plain);
        assert!(
            !out.contains(&b64),
            "{key}: its base64 is in the output:\n{out}"
        );
        if let Ok(text) = std::str::from_utf8(&plain) {
            assert!(
                !out.contains(text),
                "{key}: its value is in the output:\n{out}"
            );
        }
    }
}

#[test]
fn kubectl_create_secret_output_seals_and_opens_to_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("config.ini"),
        "[db]\nhost = db.internal\nport = 5432\n",
    )
    .unwrap();
    std::fs::write(d.join("blob.bin"), [0u8, 1, 2, 0xFF, 0xFE, b'\n', 0x80]).unwrap();
    std::fs::write(d.join("app.env"), "API_KEY=abc123\nEMPTY=\n").unwrap();
    let crt = fixture("keys/new/tls.crt").display().to_string();
    let key = fixture("keys/new/tls.key").display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "create",
            "secret",
            "generic",
            "db-credentials",
            "-n",
            "prod",
            "--from-literal=username=admin",
            "--from-literal=password=s3cr3t with spaces & ünïcödé",
            "--from-literal=empty=",
            "--from-file=config.ini",
            "--from-file=raw=blob.bin",
        ],
        vec![
            "create",
            "secret",
            "generic",
            "env",
            "-n",
            "prod",
            "--from-env-file=app.env",
        ],
        vec![
            "create",
            "secret",
            "generic",
            "typed",
            "-n",
            "prod",
            "--type=example.com/custom",
            "--from-literal=token=t0ken",
        ],
        vec![
            "create", "secret", "tls", "web-tls", "-n", "ingress", "--cert", &crt, "--key", &key,
        ],
        vec![
            "create",
            "secret",
            "docker-registry",
            "pull",
            "-n",
            "ci",
            "--docker-server=registry.example.com",
            "--docker-username=robot",
            "--docker-password=p@ss:word",
            "--docker-email=robot@example.com",
        ],
    ];
    for command in commands {
        for (format, json) in [("yaml", false), ("json", true)] {
            let mut args = command.clone();
            args.extend(["--dry-run=client", "-o", format]);
            let out = kubectl(&args, d);
            seal_and_open(&out, json);
        }
    }
}

#[test]
fn kubectl_kustomize_secret_generator_output_seals_and_opens() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("token.txt"), "tok-123\n").unwrap();
    std::fs::write(d.join("db.env"), "DB_USER=app\nDB_PASS=pa55\n").unwrap();
    std::fs::write(
        d.join("kustomization.yaml"),
        "namespace: payments\n\
         resources:\n- configmap.yaml\n\
         secretGenerator:\n\
         - name: app-secrets\n  literals:\n  - api-key=k3y\n  - url=https://x.example/?a=1&b=2\n  files:\n  - token.txt\n  envs:\n  - db.env\n\
         - name: tls-gen\n  type: kubernetes.io/tls\n  files:\n  - tls.crt\n  - tls.key\n",
    )
    .unwrap();
    std::fs::copy(fixture("keys/new/tls.crt"), d.join("tls.crt")).unwrap();
    std::fs::copy(fixture("keys/new/tls.key"), d.join("tls.key")).unwrap();
    std::fs::write(
        d.join("configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n",
    )
    .unwrap();
    let out = kubectl(&["kustomize", "."], d);
    let docs = yaml_docs(&out);
    // The generated Secrets (hash-suffixed names), sealed one by one; the
    // ConfigMap passes through.
    let secrets: Vec<&Value> = docs.iter().filter(|d| d["kind"] == "Secret").collect();
    assert_eq!(secrets.len(), 2, "{out}");
    let sealed_out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .write_stdin(out.clone())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let sealed_out = String::from_utf8(sealed_out).unwrap();
    let sealed = yaml_docs(&sealed_out);
    assert_eq!(sealed.len(), docs.len());
    let ring = ring();
    for (want, got) in docs.iter().zip(&sealed) {
        if want["kind"] != "Secret" {
            assert_eq!(got, want);
            continue;
        }
        assert_eq!(got["kind"], "SealedSecret");
        let opened = unseal_document(got, &Default::default(), &ring).unwrap();
        assert_eq!(opened["metadata"]["name"], want["metadata"]["name"]);
        assert_eq!(opened["metadata"]["namespace"], "payments");
        assert_eq!(opened["type"], want["type"]);
        assert_eq!(decoded(&opened["data"]), decoded(&want["data"]));
        assert_not_in(&want["data"], &sealed_out);
    }
    // The JSON of one generated Secret, as `kubectl ... -o json` would give it.
    let one = serde_json::to_string_pretty(secrets[0]).unwrap();
    seal_and_open(&one, true);
}

/// `kubectl sealant ...` runs the binary as a kubectl plugin
/// (`kubectl-sealant` on PATH): help names it as typed, and a seal through
/// real kubectl opens with the conformance keys.
#[test]
fn works_as_a_kubectl_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let plugin = bin.join("kubectl-sealant");
    #[cfg(unix)]
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("sealant"), &plugin).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.clone()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let kubectl_plugin = |args: &[&str], stdin: Option<&str>| {
        use std::io::Write as _;
        let mut child = Command::new("/usr/bin/kubectl")
            .arg("sealant")
            .args(args)
            .current_dir(dir.path())
            .env_remove("KUBECONFIG")
            .env("HOME", dir.path())
            .env("PATH", &path)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        drop(input);
        child.wait_with_output().unwrap()
    };
    let help = kubectl_plugin(&["--help"], None);
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("Usage: kubectl sealant"), "{help}");
    assert!(help.contains("seal"), "{help}");

    let secret = kubectl(
        &[
            "create",
            "secret",
            "generic",
            "db",
            "-n",
            "pay",
            "--from-literal=password=hunter2",
            "--dry-run=client",
            "-o",
            "yaml",
        ],
        dir.path(),
    );
    let cert = fixture("keys/new/tls.crt");
    let out = kubectl_plugin(&["seal", "--cert", cert.to_str().unwrap()], Some(&secret));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sealed = yaml_docs(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(sealed.len(), 1);
    assert_eq!(sealed[0]["kind"], "SealedSecret");
    let opened = unseal_document(&sealed[0], &Default::default(), &ring()).unwrap();
    assert_eq!(opened["data"]["password"], "aHVudGVyMg==", "{opened}");

    // A usage error through kubectl keeps sealant's exit code.
    let bad = kubectl_plugin(&["seal", "--scope", "nonsense"], Some(&secret));
    assert_eq!(bad.status.code(), Some(2));
}
