//! `sealant cat` and `sealant edit` through the binary, against files sealed
//! by the independent implementation (tests/fixtures/conformance).

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::common::*;

const NEW_KEY: &str = "keys/new/tls.key";

/// Every item of every Secret in an `expected/*.secret.json` file, decoded:
/// (Secret name, item) -> bytes.
fn expected(rel: &str) -> BTreeMap<(String, String), Vec<u8>> {
    let v: Value = serde_json::from_str(&read(rel)).unwrap();
    let secrets = match v.get("items") {
        Some(Value::Array(items)) => items.clone(),
        _ => vec![v],
    };
    let mut out = BTreeMap::new();
    for s in secrets {
        let name = s["metadata"]["name"].as_str().unwrap().to_string();
        for (k, v) in s["data"].as_object().unwrap() {
            out.insert(
                (name.clone(), k.clone()),
                STANDARD.decode(v.as_str().unwrap()).unwrap(),
            );
        }
    }
    out
}

/// The items of readable Secrets (stringData text, data base64).
fn readable_items(secrets: &[Value]) -> BTreeMap<(String, String), Vec<u8>> {
    let mut out = BTreeMap::new();
    for s in secrets {
        assert!(s["metadata"].get("ownerReferences").is_none());
        let name = s["metadata"]["name"].as_str().unwrap().to_string();
        if let Some(d) = s.get("stringData").and_then(Value::as_object) {
            for (k, v) in d {
                out.insert(
                    (name.clone(), k.clone()),
                    v.as_str().unwrap().as_bytes().to_vec(),
                );
            }
        }
        if let Some(d) = s.get("data").and_then(Value::as_object) {
            for (k, v) in d {
                let bytes = STANDARD.decode(v.as_str().unwrap()).unwrap();
                assert!(std::str::from_utf8(&bytes).is_err(), "text {k} under data");
                out.insert((name.clone(), k.clone()), bytes);
            }
        }
    }
    out
}

fn cat(args: &[&str]) -> std::process::Output {
    sealant()
        .arg("cat")
        .args(args)
        .arg("--key")
        .arg(fixture(NEW_KEY))
        .output()
        .unwrap()
}

#[test]
fn cat_prints_what_the_oracle_decrypts_in_yaml_and_json() {
    for (sealed, want) in [
        ("basic.strict.yaml", "basic.strict.secret.json"),
        ("basic.cluster-wide.json", "basic.cluster-wide.secret.json"),
        ("multi.strict.yaml", "multi.strict.secret.json"),
        ("tls.strict.yaml", "tls.strict.secret.json"),
        ("unicode.strict.json", "unicode.strict.secret.json"),
    ] {
        let path = fixture(&format!("sealed/{sealed}"));
        let want = expected(&format!("expected/{want}"));
        let yaml = cat(&[path.to_str().unwrap()]);
        assert!(
            yaml.status.success(),
            "{sealed}: {}",
            String::from_utf8_lossy(&yaml.stderr)
        );
        assert!(
            yaml.stderr.is_empty(),
            "{sealed}: stderr not a terminal, no warning"
        );
        let got = readable_items(&yaml_docs(&String::from_utf8(yaml.stdout).unwrap()));
        assert_eq!(got, want, "{sealed} (yaml)");
        let json = cat(&[path.to_str().unwrap(), "-o", "json"]);
        assert!(json.status.success());
        let v: Value = serde_json::from_slice(&json.stdout).unwrap();
        let secrets = match v.get("items") {
            Some(Value::Array(items)) => items.clone(),
            _ => vec![v],
        };
        assert_eq!(readable_items(&secrets), want, "{sealed} (json)");
    }
}

#[test]
fn cat_item_prints_the_raw_bytes_without_a_newline() {
    let path = fixture("sealed/multi.strict.yaml");
    let want = expected("expected/multi.strict.secret.json");
    for ((_, key), bytes) in &want {
        if key == "token" {
            continue; // in two Secrets: ambiguous, below
        }
        let out = cat(&[path.to_str().unwrap(), "--item", key]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(&out.stdout, bytes, "{key}");
    }
    let out = cat(&[path.to_str().unwrap(), "--item", "token"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let out = cat(&[path.to_str().unwrap(), "--item", "nope"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no item 'nope'"));
    assert!(out.stdout.is_empty());
}

#[test]
fn cat_env_lines_are_shell_quoted_and_evaluate_to_the_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.yaml");
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\nstringData:\n  PASSWORD: \"it's $HOME `x` \\\"q\\\"\"\n  USER: admin\n";
    let sealed = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .write_stdin(secret)
        .output()
        .unwrap();
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    std::fs::write(&file, &sealed.stdout).unwrap();
    let out = cat(&[file.to_str().unwrap(), "-o", "env"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let env = String::from_utf8(out.stdout).unwrap();
    assert!(env.starts_with("PASSWORD='it'\\''s $HOME"), "{env}");
    let script = format!("{env}\nprintf '%s|%s' \"$PASSWORD\" \"$USER\"");
    let shell = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(shell.stdout).unwrap(),
        "it's $HOME `x` \"q\"|admin"
    );
    // A binary value or a name that is no shell variable is refused.
    let tls = cat(&[
        fixture("sealed/tls.strict.yaml").to_str().unwrap(),
        "-o",
        "env",
    ]);
    assert_eq!(tls.status.code(), Some(3));
    assert!(tls.stdout.is_empty());
    assert!(String::from_utf8_lossy(&tls.stderr).contains("--item"));
}
