//! `sealant seal` over long streams and many files: the work is shared out
//! over every core, plain YAML takes a fast path, and none of that may show
//! in the output.

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
fn a_long_stream_comes_out_in_input_order() {
    // 600 documents: more than two windows; Secrets and passthrough mixed.
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

#[test]
fn in_place_over_many_files_seals_each_file_as_alone() {
    // Sealed on every core at once, each file must still come out as if
    // sealed on its own: its documents in order, its comments kept, a file
    // without a Secret left byte for byte, a file named twice sealed twice.
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    let mut texts = Vec::new();
    for i in 0..48 {
        let p = dir.path().join(format!("f{i:02}.yaml"));
        let text = match i {
            7 => config_map(i),
            9 => format!(
                "{}---\n{}---\n{}",
                secret(900, 1),
                config_map(i),
                secret(901, 3)
            ),
            _ => secret(i, 1 + i % 3),
        };
        std::fs::write(&p, &text).unwrap();
        paths.push(p);
        texts.push(text);
    }
    let mut args = paths.clone();
    args.push(paths[5].clone());
    let out = sealant()
        .args(["seal", "-i", "--cert"])
        .arg(fixture(SMALL_CRT))
        .args(&args)
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("f07.yaml: no Secret found; left as it is"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&paths[7]).unwrap(), texts[7]);
    for (i, p) in paths.iter().enumerate() {
        if i == 7 {
            continue;
        }
        let sealed = std::fs::read_to_string(p).unwrap();
        let opened = unseal_small(&sealed);
        let secrets: Vec<&Value> = opened.iter().filter(|d| d["kind"] == "Secret").collect();
        match i {
            9 => {
                assert!(sealed.contains("# comment 9 stays"), "{sealed}");
                let names: Vec<String> = yaml_docs(&sealed)
                    .iter()
                    .map(|d| d["metadata"]["name"].as_str().unwrap().to_string())
                    .collect();
                assert_eq!(names, ["s900", "c9", "s901"]);
                assert_eq!(secrets.len(), 2);
                assert_eq!(secrets[1]["data"]["k2"], encode_base64(b"value 901.2"));
            }
            5 => {
                // Named twice: two SealedSecrets of the same Secret.
                assert_eq!(yaml_docs(&sealed).len(), 2, "{sealed}");
                assert_eq!(secrets.len(), 2);
            }
            _ => {
                assert_eq!(secrets.len(), 1, "{sealed}");
                assert_eq!(secrets[0]["metadata"]["name"], format!("s{i}"));
                let data = secrets[0]["data"].as_object().unwrap();
                assert_eq!(data.len(), 1 + i % 3);
                assert_eq!(data["k0"], encode_base64(format!("value {i}.0").as_bytes()));
            }
        }
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        48,
        "no temp file left"
    );
}

fn encode_base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn decode_base64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

/// A Secret as `kubectl create secret generic -o yaml` writes it: the plain
/// YAML the fast path reads.
fn kubectl_secret(i: usize) -> String {
    format!(
        "apiVersion: v1\ndata:\n  password: {}\n  user: {}\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: k{i}\n  namespace: ns{}\n",
        encode_base64(format!("pw-{i}").as_bytes()),
        encode_base64(format!("user-{i}").as_bytes()),
        i % 5
    )
}

#[test]
fn plain_and_other_yaml_mixed_seal_alike() {
    // kubectl's plain YAML (the fast path), YAML with quotes and comments
    // (the YAML crate), in one stream, and a blank line here and there.
    let mut input = String::new();
    for i in 0..300 {
        input += if i % 10 == 4 { "\n---\n" } else { "---\n" };
        input += &match i % 3 {
            0 => kubectl_secret(i),
            1 => secret(i, 2),
            _ => config_map(i),
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
    assert_eq!(yaml_docs(&out).len(), 300);
    let secrets = unseal_small(&out);
    assert_eq!(secrets.len(), 200);
    for (n, i) in (0..300).filter(|i| i % 3 != 2).enumerate() {
        let s = &secrets[n];
        let text =
            |key: &str| String::from_utf8(decode_base64(s["data"][key].as_str().unwrap())).unwrap();
        if i % 3 == 0 {
            assert_eq!(s["metadata"]["name"], format!("k{i}"));
            assert_eq!(s["metadata"]["namespace"], format!("ns{}", i % 5));
            assert_eq!(
                (text("user"), text("password")),
                (format!("user-{i}"), format!("pw-{i}"))
            );
        } else {
            assert_eq!(s["metadata"]["name"], format!("s{i}"));
            assert_eq!(text("k1"), format!("value {i}.1"));
        }
    }
}

#[test]
fn a_reader_that_goes_away_stops_the_run_quietly() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut input = String::new();
    for i in 0..2000 {
        input += "---\n";
        input += &kubectl_secret(i);
    }
    let mut child = isolate(&mut Command::new(env!("CARGO_BIN_EXE_sealant")))
        .args(["seal", "--cert"])
        .arg(fixture(SMALL_CRT))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    // Read the first document, then close the pipe, as `| head` does.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 512];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    // A deadlock guard, not a timing: the run must end, however slowly.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "sealant did not stop after its reader left"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    writer.join().unwrap().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    // A closed pipe is the reader's choice, as for ripgrep: success, no panic.
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(first.starts_with(b"---\napiVersion: bitnami.com/v1alpha1\n"));
}

/// A stream of about 3.5 MiB: read in segments of 1 MiB, so that memory
/// holds a window of it. ConfigMaps of ~8 KiB carry the bytes (no RSA work),
/// with Secrets and comments between them throughout.
fn long_mixed_stream() -> String {
    let mut input = String::from("# the stream's preamble\n");
    for i in 0..440 {
        input += &format!("---\n# head of document {i}\n");
        if i % 11 == 0 {
            input += &secret(i, 2);
        } else {
            input += &format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\ndata:\n  blob: {}\n",
                "x".repeat(8000)
            );
        }
        input += &format!("# tail of document {i}\n");
    }
    input + "# the stream's end\n"
}

/// Sealed text with every ciphertext replaced, so two runs compare.
fn without_ciphertexts(text: &str) -> String {
    text.lines()
        .map(|l| match l.split_once(": ") {
            Some((k, v)) if k.starts_with("    k") && v.len() > 200 => format!("{k}: X"),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_stream_read_in_segments_seals_as_the_same_text_read_whole() {
    let input = long_mixed_stream();
    assert!(input.len() > 3 << 20);
    // Standard output reads the stream a segment at a time; -i reads the
    // file whole: the same text must come out, comments and all.
    let streamed = sealant()
        .args(["seal", "--cert"])
        .arg(fixture(SMALL_CRT))
        .write_stdin(input.clone())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let streamed = String::from_utf8(streamed).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("stream.yaml");
    std::fs::write(&p, &input).unwrap();
    sealant()
        .args(["seal", "-i", "--cert"])
        .arg(fixture(SMALL_CRT))
        .arg(&p)
        .assert()
        .success();
    let whole = std::fs::read_to_string(&p).unwrap();
    assert_eq!(without_ciphertexts(&streamed), without_ciphertexts(&whole));
    for i in [1, 219, 439] {
        assert!(
            streamed.contains(&format!("# tail of document {i}\n")),
            "{i}"
        );
    }
    assert!(streamed.starts_with("# the stream's preamble\n"));
    assert!(streamed.ends_with("# the stream's end\n"));
    let secrets = unseal_small(&streamed);
    assert_eq!(secrets.len(), 40);
    for (n, i) in (0..440).filter(|i| i % 11 == 0).enumerate() {
        let b64 = secrets[n]["data"]["k1"].as_str().unwrap();
        assert_eq!(decode_base64(b64), format!("value {i}.1").as_bytes());
    }
}

#[test]
fn an_error_late_in_a_long_stream_names_its_line_and_document() {
    let mut input = long_mixed_stream();
    let line = input.matches('\n').count() + 2;
    input += "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: nons\nstringData:\n  a: b\n";
    let assert = sealant()
        .args(["seal", "--cert"])
        .arg(fixture(SMALL_CRT))
        .write_stdin(input)
        .assert()
        .code(3);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains(&format!("<stdin>:{line}: document 441 (Secret nons)")),
        "{err}"
    );
    // A bad byte there: the line is the stream's too.
    let mut bytes = long_mixed_stream().into_bytes();
    let line = bytes.iter().filter(|b| **b == b'\n').count() + 1;
    bytes.extend_from_slice(b"a: \xC3\n");
    let assert = sealant()
        .args(["seal", "--cert"])
        .arg(fixture(SMALL_CRT))
        .write_stdin(bytes)
        .assert()
        .code(3);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains(&format!("<stdin>:{line}")), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
}
