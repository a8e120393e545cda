//! `sealant seal`, `raw` and `merge` through the real binary.

use crate::common::*;
use predicates::prelude::*;
use serde_json::{Value, json};

const NEW_CRT: &str = "keys/new/tls.crt";

fn seal_ok(args: &[&str], stdin: &str) -> String {
    let out = sealant()
        .args(args)
        .env("SEALANT_NOW", "2026-01-04T23:30:00-01:00")
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn unseal(text: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("in.yaml");
    std::fs::write(&p, text).unwrap();
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
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

/// Checks that `sealant seal` recorded exactly the certificate's fingerprint
/// in the one annotation kubeseal does not write, and removes it, so the rest
/// can be compared with kubeseal's output field by field.
fn without_cert_annotation(mut v: Value, cert: &str) -> Value {
    let meta = v["metadata"].as_object_mut().unwrap();
    let annotations = meta["annotations"].as_object_mut().unwrap();
    let recorded = annotations
        .shift_remove("sealant.dev/cert-sha256")
        .expect("sealant seal records the certificate");
    assert_eq!(recorded, json!(fingerprint(cert)));
    // And the date every item's value was set: today, by the faked clock
    // (in UTC: 2026-01-04T23:30-01:00 is the 5th).
    let dates = annotations
        .shift_remove("sealant.dev/value-dates")
        .expect("sealant seal records the value dates");
    let dates: serde_json::Map<String, Value> =
        serde_json::from_str(dates.as_str().unwrap()).unwrap();
    let items: Vec<&String> = v["spec"]["encryptedData"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(dates.keys().collect::<Vec<_>>(), items);
    assert!(dates.values().all(|d| d == "2026-01-05"), "{dates:?}");
    let meta = v["metadata"].as_object_mut().unwrap();
    let annotations = meta["annotations"].as_object_mut().unwrap();
    let recorded = recorded.as_str().unwrap();
    assert!(
        recorded.len() == 64
            && recorded
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    if annotations.is_empty() {
        meta.shift_remove("annotations");
    }
    assert!(
        v.pointer("/spec/template/metadata/annotations/sealant.dev~1cert-sha256")
            .is_none(),
        "the template (and so the Secret) never gets it"
    );
    v
}

/// Blanks every ciphertext so documents can be compared field by field.
fn without_ciphertext(mut v: Value) -> Value {
    if let Some(map) = v
        .pointer_mut("/spec/encryptedData")
        .and_then(Value::as_object_mut)
    {
        for val in map.values_mut() {
            *val = json!("<ciphertext>");
        }
    }
    v
}

#[test]
fn seals_like_kubeseal_in_every_scope_field_by_field() {
    let cert = fixture(NEW_CRT);
    for scope in ["strict", "namespace-wide", "cluster-wide"] {
        let out = seal_ok(
            &["seal", "--cert", cert.to_str().unwrap(), "--scope", scope],
            &read("secrets/basic.yaml"),
        );
        assert!(
            out.starts_with("---\napiVersion: bitnami.com/v1alpha1\n"),
            "{out}"
        );
        assert!(!out.contains("creationTimestamp"), "{out}");
        let got = yaml_docs(&out);
        let expected = yaml_docs(&read(&format!("sealed/basic.{scope}.yaml")));
        assert_eq!(
            without_ciphertext(without_cert_annotation(got[0].clone(), NEW_CRT)),
            without_ciphertext(expected[0].clone()),
            "{scope}"
        );
        let json_out = seal_ok(
            &[
                "seal",
                "--cert",
                cert.to_str().unwrap(),
                "--scope",
                scope,
                "-o",
                "json",
            ],
            &read("secrets/basic.yaml"),
        );
        // Re-rendered (Go's field order kept) without the one extra annotation.
        let json_out = sealant::internals::core::manifest::output::to_go_json(
            &without_cert_annotation(json_docs(&json_out)[0].clone(), NEW_CRT),
        );
        let expected_json = read(&format!("sealed/basic.{scope}.json"));
        let blank = |s: &str| {
            let mut out = String::new();
            for line in s.lines() {
                let trimmed = line.trim_start();
                if trimmed.starts_with('"') && trimmed.contains("\": \"Ag") {
                    out.push_str(&line[..line.find(": \"Ag").unwrap()]);
                } else {
                    out.push_str(line);
                }
                out.push('\n');
            }
            out
        };
        assert_eq!(
            blank(&json_out),
            blank(&expected_json),
            "JSON text of {scope}"
        );
        let opened = unseal(&out);
        let want: Value =
            serde_json::from_str(&read(&format!("expected/basic.{scope}.secret.json"))).unwrap();
        assert_eq!(opened[0]["data"], want["data"], "{scope}");
    }
}

#[test]
fn several_documents_unicode_binary_and_empty_values_round_trip() {
    let cert = fixture(NEW_CRT);
    for name in ["multi", "unicode", "tls"] {
        let out = seal_ok(
            &["seal", "--cert", cert.to_str().unwrap()],
            &read(&format!("secrets/{name}.yaml")),
        );
        let opened = unseal(&out);
        let want: Value =
            serde_json::from_str(&read(&format!("expected/{name}.strict.secret.json"))).unwrap();
        let want = match want["kind"].as_str() {
            Some("List") => want["items"].as_array().unwrap().clone(),
            _ => vec![want],
        };
        assert_eq!(opened, want, "{name}");
    }
}

#[test]
fn ambiguous_strings_stay_strings_in_yaml_output() {
    let input = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\n  labels:\n    enabled: \"true\"\n    answer: \"yes\"\n    port: \"8080\"\nstringData:\n  k: v\n";
    let out = seal_ok(
        &["seal", "--cert", fixture(NEW_CRT).to_str().unwrap()],
        input,
    );
    assert!(out.contains("enabled: \"true\""), "{out}");
    assert!(out.contains("answer: \"yes\""), "{out}");
    assert!(out.contains("port: \"8080\""), "{out}");
}

#[test]
fn other_documents_pass_through_unchanged_and_in_order() {
    let deployment = "# the app\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web  # keep me\nspec:\n  replicas: 2\n";
    let input = format!("{deployment}---\n{}", read("secrets/tls.yaml"));
    let out = seal_ok(
        &["seal", "--cert", fixture(NEW_CRT).to_str().unwrap()],
        &input,
    );
    assert!(
        out.contains("name: web  # keep me\nspec:\n  replicas: 2\n"),
        "{out}"
    );
    let docs = yaml_docs(&out);
    assert_eq!(docs[0]["kind"], "Deployment");
    assert_eq!(docs[1]["kind"], "SealedSecret");
}

#[test]
fn json_input_gives_json_output_and_a_list_is_expanded() {
    let list = json!({"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "a", "namespace": "x"}, "stringData": {"k": "1"}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}},
    ]});
    let out = seal_ok(
        &["seal", "--cert", fixture(NEW_CRT).to_str().unwrap()],
        &list.to_string(),
    );
    let docs = json_docs(&out);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["kind"], "SealedSecret");
    assert_eq!(docs[1]["kind"], "ConfigMap");
    let first = out.find('{').unwrap();
    assert!(
        out[first..].starts_with("{\n  \"kind\": \"SealedSecret\",\n  \"apiVersion\""),
        "{out}"
    );
}

#[test]
fn namespace_rules_follow_kubeseal() {
    let cert = fixture(NEW_CRT);
    let cert = cert.to_str().unwrap();
    let no_ns = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  k: v\n";
    let out = seal_ok(&["seal", "--cert", cert, "-n", "team"], no_ns);
    assert_eq!(yaml_docs(&out)[0]["metadata"]["namespace"], "team");
    sealant()
        .args(["seal", "--cert", cert, "-n", "other"])
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("differs from --namespace 'other'"));
    sealant()
        .args(["seal", "--cert", cert])
        .write_stdin(no_ns)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "<stdin>:1: document 1 (Secret s): the Secret has no namespace",
        ))
        .stderr(predicate::str::contains(
            "hint: add metadata.namespace, pass -n",
        ));
    let out = seal_ok(&["seal", "--cert", cert, "--scope", "cluster-wide"], no_ns);
    let doc = &yaml_docs(&out)[0];
    assert!(doc["metadata"].get("namespace").is_none(), "{doc}");
}

#[test]
fn empty_data_needs_allow_empty_data() {
    let cert = fixture(NEW_CRT);
    let empty = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\n";
    sealant()
        .args(["seal", "--cert", cert.to_str().unwrap()])
        .write_stdin(empty)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--allow-empty-data"));
    let out = seal_ok(
        &[
            "seal",
            "--cert",
            cert.to_str().unwrap(),
            "--allow-empty-data",
            "-o",
            "json",
        ],
        empty,
    );
    assert!(out.contains("\"encryptedData\": {}"), "{out}");
}

#[test]
fn write_and_in_place_are_atomic_and_leave_files_alone_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&good, read("secrets/basic.yaml")).unwrap();
    std::fs::write(
        &bad,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n  namespace: n\ndata:\n  k: '%%%'\n",
    )
    .unwrap();
    let before_good = std::fs::read(&good).unwrap();
    let before_bad = std::fs::read(&bad).unwrap();
    sealant()
        .args(["seal", "-i", "--cert", fixture(NEW_CRT).to_str().unwrap()])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.yaml:1: document 1 (Secret n/b): item 'k': the value under `data` is not valid base64"));
    assert_eq!(
        std::fs::read(&good).unwrap(),
        before_good,
        "no file changes when any fails"
    );
    assert_eq!(std::fs::read(&bad).unwrap(), before_bad);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temp files left"
    );

    sealant()
        .args(["seal", "-i", "--cert", fixture(NEW_CRT).to_str().unwrap()])
        .arg(&good)
        .assert()
        .success();
    assert_eq!(
        yaml_docs(&std::fs::read_to_string(&good).unwrap())[0]["kind"],
        "SealedSecret"
    );

    let out = dir.path().join("out.json");
    sealant()
        .args([
            "seal",
            "--cert",
            fixture(NEW_CRT).to_str().unwrap(),
            "-o",
            "json",
            "-w",
        ])
        .arg(&out)
        .write_stdin(read("secrets/tls.yaml"))
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        json_docs(&std::fs::read_to_string(&out).unwrap())[0]["kind"],
        "SealedSecret"
    );
}

#[test]
fn bad_certificates_are_refused_with_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    sealant()
        .args([
            "seal",
            "--cert",
            fixture("keys/expired/tls.crt").to_str().unwrap(),
        ])
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("expired on 20"));
    let garbage = dir.path().join("c.pem");
    std::fs::write(&garbage, "not a cert").unwrap();
    sealant()
        .args(["seal", "--cert", garbage.to_str().unwrap()])
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("c.pem"));
    sealant()
        .args(["seal", "--cert", "/no/such/cert.pem"])
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("/no/such/cert.pem: no such file"));
    // No --cert: the cluster is asked, and there is no kubeconfig here.
    #[cfg(feature = "cluster")]
    sealant()
        .args(["seal"])
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .code(7)
        .stderr(predicate::str::contains("no kubeconfig found"))
        .stderr(predicate::str::contains("--cert"));
}

#[test]
fn the_certificate_comes_from_the_environment_too() {
    sealant()
        .arg("seal")
        .env("SEALED_SECRETS_CERT", fixture(NEW_CRT))
        .write_stdin(read("secrets/tls.yaml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("kind: SealedSecret"));
}

#[test]
fn malformed_input_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.yaml");
    std::fs::write(
        &p,
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: [unclosed\n",
    )
    .unwrap();
    sealant()
        .args(["seal", "--cert", fixture(NEW_CRT).to_str().unwrap()])
        .arg(&p)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("broken.yaml"));
    sealant()
        .args([
            "seal",
            "--cert",
            fixture(NEW_CRT).to_str().unwrap(),
            "/no/such/file.yaml",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot read /no/such/file.yaml"));
    sealant()
        .args(["seal", "--cert", fixture(NEW_CRT).to_str().unwrap()])
        .write_stdin(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  namespace: n\nstringData:\n  k: v\n",
        )
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no metadata.name"));
}

#[test]
fn raw_prints_only_the_base64_and_opens_under_its_label() {
    let cert = fixture(NEW_CRT);
    let out = sealant()
        .args([
            "raw",
            "--cert",
            cert.to_str().unwrap(),
            "--namespace",
            "payments",
            "--name",
            "app-credentials",
        ])
        .arg("--from-file")
        .arg(fixture("raw/plain.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.ends_with('\n') && text.starts_with("Ag"), "{text}");
    let doc = format!(
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: app-credentials\n  namespace: payments\nspec:\n  encryptedData:\n    v: {text}\n"
    );
    let opened = unseal(&doc);
    assert_eq!(opened[0]["data"]["v"], "cmF3LXZhbHVlLTQyCg==");
    sealant()
        .args(["raw", "--cert", cert.to_str().unwrap(), "--namespace", "x"])
        .write_stdin("v")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "must provide the --name flag with --raw and --scope strict",
        ));
}

#[test]
fn merge_updates_only_the_items_it_seals_and_keeps_the_file_format() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sealed.yaml");
    let original = format!("# keep this comment\n{}", read("sealed/basic.strict.yaml"));
    std::fs::write(&target, &original).unwrap();
    let update = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ignored\nstringData:\n  password: changed\n  new-item: fresh\n";
    sealant()
        .args(["merge", "--cert", fixture(NEW_CRT).to_str().unwrap()])
        .arg(&target)
        .write_stdin(update)
        .assert()
        .success();
    let after = std::fs::read_to_string(&target).unwrap();
    assert!(after.starts_with("# keep this comment\n---\n"), "{after}");
    let line = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{key}:")))
            .map(str::to_string)
    };
    assert_eq!(
        line(&after, "username"),
        line(&original, "username"),
        "untouched item keeps its ciphertext"
    );
    assert_eq!(line(&after, "api-url"), line(&original, "api-url"));
    assert_ne!(line(&after, "password"), line(&original, "password"));
    let opened = unseal(&after);
    assert_eq!(opened[0]["data"]["password"], "Y2hhbmdlZA==");
    assert_eq!(opened[0]["data"]["new-item"], "ZnJlc2g=");
    assert_eq!(opened[0]["data"]["username"], "YWRtaW4=");
}
