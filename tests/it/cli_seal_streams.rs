//! `sealant seal` over long streams and many files: the work is done in
//! parallel batches, and none of that may show in the output.

use crate::common::*;
use serde_json::Value;

const SMALL_CRT: &str = "keys/small/tls.crt";
const SMALL_KEY: &str = "keys/small/tls.key";

fn secret(i: usize, items: usize) -> String {
    let mut s = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\n  namespace: ns{}\nstringData:\n",
        i % 7
    );
    for j in 0..items {
        s += &format!("  k{j}: \"value {i}.{j}\"\n");
    }
    s
}

fn config_map(i: usize) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap # comment {i} stays\nmetadata:\n  name: c{i}\ndata:\n  x: \"{i}\"\n"
    )
}

fn unseal_small(text: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sealed.yaml");
    std::fs::write(&p, text).unwrap();
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(fixture(SMALL_KEY))
        .arg(&p)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    match v["kind"].as_str() {
        Some("List") => v["items"].as_array().unwrap().clone(),
        _ => vec![v],
    }
}

#[test]
fn a_stream_longer_than_a_batch_comes_out_in_input_order() {
    // 600 documents: more than two batches; Secrets and passthrough mixed.
    let mut input = String::new();
    for i in 0..600 {
        input += "---\n";
        input += &if i % 3 == 2 {
            config_map(i)
        } else {
            secret(i, 3)
        };
    }
    let out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture(SMALL_CRT))
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let docs = yaml_docs(&out);
    assert_eq!(docs.len(), 600);
    for (i, doc) in docs.iter().enumerate() {
        if i % 3 == 2 {
            assert_eq!(doc["kind"], "ConfigMap", "document {i}");
            assert_eq!(doc["metadata"]["name"], format!("c{i}"));
            assert!(out.contains(&format!("kind: ConfigMap # comment {i} stays\n")));
        } else {
            assert_eq!(doc["kind"], "SealedSecret", "document {i}");
            assert_eq!(doc["metadata"]["name"], format!("s{i}"));
            let keys: Vec<&String> = doc["spec"]["encryptedData"]
                .as_object()
                .unwrap()
                .keys()
                .collect();
            assert_eq!(keys, ["k0", "k1", "k2"], "items stay in key order");
        }
    }
    // Every value opens under its own Secret's label with its own plaintext.
    let secrets = unseal_small(&out);
    assert_eq!(secrets.len(), 400);
    for (n, i) in (0..600).filter(|i| i % 3 != 2).enumerate() {
        let s = &secrets[n];
        assert_eq!(s["metadata"]["name"], format!("s{i}"));
        for j in 0..3 {
            let b64 = s["data"][format!("k{j}")].as_str().unwrap();
            let plain = String::from_utf8(decode_base64(b64)).unwrap();
            assert_eq!(plain, format!("value {i}.{j}"));
        }
    }
}

#[test]
fn a_list_of_many_secrets_is_sealed_in_order() {
    let items: Vec<Value> = (0..40)
        .map(|i| serde_saphyr::from_str(&secret(i, 2)).unwrap())
        .collect();
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
    let out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture(SMALL_CRT))
        .write_stdin(serde_json::to_string(&list).unwrap())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let docs = json_docs(std::str::from_utf8(&out).unwrap());
    let names: Vec<String> = docs
        .iter()
        .map(|d| d["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..40).map(|i| format!("s{i}")).collect();
    assert_eq!(names, expected);
}

#[test]
fn the_first_failure_in_input_order_is_the_one_reported() {
    let mut input = String::new();
    for i in 0..400 {
        input += "---\n";
        input += &match i {
            // Both fail: only the first may be reported, however the work was shared out.
            10 => "apiVersion: v1\nkind: Secret\nmetadata:\n  name: nons\nstringData:\n  a: b\n"
                .to_string(),
            300 => "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad\n  namespace: x\ndata:\n  a: \"***\"\n".to_string(),
            _ => secret(i, 1),
        };
    }
    for _ in 0..3 {
        let assert = sealant()
            .args(["seal", "--cert"])
            .arg(fixture(SMALL_CRT))
            .write_stdin(input.clone())
            .assert()
            .code(3);
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(
            err.contains("nons") && err.contains("no namespace"),
            "{err}"
        );
        assert!(!err.contains("base64"), "{err}");
    }
}

#[test]
fn in_place_over_many_files_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..150 {
        let p = dir.path().join(format!("s{i:03}.yaml"));
        std::fs::write(&p, secret(i, 2)).unwrap();
        paths.push(p);
    }
    // One broken file near the end: no file may change.
    std::fs::write(&paths[140], "apiVersion: v1\nkind: Secret\nmetadata: [\n").unwrap();
    let before: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    sealant()
        .args(["seal", "-i", "--cert"])
        .arg(fixture(SMALL_CRT))
        .args(&paths)
        .assert()
        .code(3)
        .stderr(predicates::str::contains("s140.yaml"));
    for (p, text) in paths.iter().zip(&before) {
        assert_eq!(&std::fs::read_to_string(p).unwrap(), text);
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 150);

    std::fs::write(&paths[140], secret(140, 2)).unwrap();
    sealant()
        .args(["seal", "-i", "--cert"])
        .arg(fixture(SMALL_CRT))
        .args(&paths)
        .assert()
        .success();
    for (i, p) in paths.iter().enumerate() {
        let docs = yaml_docs(&std::fs::read_to_string(p).unwrap());
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0]["kind"], "SealedSecret");
        assert_eq!(docs[0]["metadata"]["name"], format!("s{i}"));
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        150,
        "no temp file left"
    );
}

fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}
