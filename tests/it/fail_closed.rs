//! Fail closed (issue 10 §1, issue 12 §6): no document that might be a
//! plaintext Secret ever reaches `sealant seal`'s output, a run that seals
//! nothing fails, and a failed run changes no file. Every case is driven
//! through the binary.

use crate::common::*;
use sealant::internals::core::crypto::Backend;
use sealant::internals::core::keyring::KeyRing;
use sealant::internals::core::opening::unseal_document;

/// The plaintext every case carries, and its base64.
const PLAIN: &str = "hunter2-plaintext";
const PLAIN_B64: &str = "aHVudGVyMi1wbGFpbnRleHQ=";

fn cert() -> String {
    fixture("keys/new/tls.crt").display().to_string()
}

fn ring() -> KeyRing {
    KeyRing::load(&[fixture("keys/backup-list.yaml")], Backend::default()).unwrap()
}

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\nstringData:\n  password: hunter2-plaintext\n";

/// Inputs that `sealant seal` must refuse: (name, input, extra flags, what stderr says).
fn fail_open_cases() -> Vec<(&'static str, String, Vec<&'static str>, &'static str)> {
    let s = |t: &str| t.to_string();
    vec![
        (
            "no kind, data",
            format!("metadata:\n  name: a\n  namespace: p\ndata:\n  k: {PLAIN_B64}\n"),
            vec![],
            "no `kind`",
        ),
        (
            "no kind, stringData",
            format!(
                "apiVersion: v1\nmetadata:\n  name: a\n  namespace: p\nstringData:\n  k: {PLAIN}\n"
            ),
            vec![],
            "no `kind`",
        ),
        (
            "lowercase kind",
            format!(
                "apiVersion: v1\nkind: secret\nmetadata: {{name: a, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "case-sensitive",
        ),
        (
            "uppercase kind",
            format!(
                "apiVersion: v1\nkind: SECRET\nmetadata: {{name: a, namespace: p}}\ndata: {{k: {PLAIN_B64}}}\n"
            ),
            vec![],
            "case-sensitive",
        ),
        (
            "plural kind",
            format!(
                "apiVersion: v1\nkind: Secrets\nmetadata: {{name: a, namespace: p}}\ndata: {{k: {PLAIN_B64}}}\n"
            ),
            vec![],
            "not \"Secret\"",
        ),
        (
            "padded kind",
            format!(
                "apiVersion: v1\nkind: \" Secret\"\nmetadata: {{name: a, namespace: p}}\ndata: {{k: {PLAIN_B64}}}\n"
            ),
            vec![],
            "not \"Secret\"",
        ),
        (
            "numeric kind",
            format!(
                "apiVersion: v1\nkind: 7\nmetadata: {{name: a, namespace: p}}\ndata: {{k: {PLAIN_B64}}}\n"
            ),
            vec![],
            "not a string",
        ),
        (
            "apiVersion v2",
            format!(
                "apiVersion: v2\nkind: Secret\nmetadata: {{name: a, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "apiVersion \"v2\"",
        ),
        (
            "apiVersion V1",
            format!(
                "apiVersion: V1\nkind: Secret\nmetadata: {{name: a, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "apiVersion \"V1\"",
        ),
        (
            "apiVersion apps/v1",
            format!(
                "apiVersion: apps/v1\nkind: Secret\nmetadata: {{name: a, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "apiVersion: v1",
        ),
        (
            "JSON without kind",
            format!(
                "{{\"metadata\":{{\"name\":\"a\",\"namespace\":\"p\"}},\"data\":{{\"k\":\"{PLAIN_B64}\"}}}}\n"
            ),
            vec![],
            "no `kind`",
        ),
        (
            "mixed stream, bad Secret last",
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata: {{a: b}}\n---\n{SECRET}---\nkind: secret\napiVersion: v1\nmetadata: {{name: b, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "document 3",
        ),
        (
            "a sequence of Secrets",
            format!(
                "- apiVersion: v1\n  kind: Secret\n  metadata: {{name: a, namespace: p}}\n  stringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "sequence",
        ),
        (
            "List item without kind",
            format!(
                "apiVersion: v1\nkind: List\nitems:\n- metadata: {{name: a, namespace: p}}\n  stringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "item 1",
        ),
        ("empty input", s(""), vec![], "no Secret found"),
        (
            "comments only",
            s("# nothing here\n---\n# nor here\n"),
            vec![],
            "no Secret found",
        ),
        (
            "ConfigMap only",
            s("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n"),
            vec![],
            "no Secret found",
        ),
        (
            "SealedSecret only",
            read("sealed/basic.strict.yaml"),
            vec![],
            "sealant reseal",
        ),
        (
            "unquoted boolean scope",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  namespace: p\n  annotations:\n    sealedsecrets.bitnami.com/namespace-wide: true\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "not a string",
        ),
        (
            "--scope against the annotation",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n  namespace: p\n  annotations:\n    sealedsecrets.bitnami.com/cluster-wide: \"true\"\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec!["--scope", "strict"],
            "cluster-wide",
        ),
        (
            "a key the API server refuses",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata: {{name: a, namespace: p}}\nstringData: {{\"db/password\": {PLAIN}}}\n"
            ),
            vec![],
            "not a valid Secret key",
        ),
        (
            "a key of '..'",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata: {{name: a, namespace: p}}\nstringData: {{\"..data\": {PLAIN}}}\n"
            ),
            vec![],
            "not a valid Secret key",
        ),
        (
            "a name the API server refuses",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata: {{name: DB_Creds, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "not a valid Secret name",
        ),
        (
            "a namespace the API server refuses",
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata: {{name: db, namespace: Prod.EU}}\nstringData: {{k: {PLAIN}}}\n"
            ),
            vec![],
            "not a valid namespace",
        ),
        (
            "a ciphertext-looking value with a space",
            s(
                "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: p}\ndata: {k: \"aHVudGVy MiBwbGFpbg==\"}\n",
            ),
            vec![],
            "not valid base64",
        ),
    ]
}

fn assert_no_plaintext(out: &[u8], case: &str) {
    let out = String::from_utf8_lossy(out);
    for needle in [PLAIN, PLAIN_B64, "hunter2"] {
        assert!(
            !out.contains(needle),
            "{case}: plaintext in the output:\n{out}"
        );
    }
}

#[test]
fn every_fail_open_case_exits_non_zero_writes_no_plaintext_and_changes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    for (case, input, flags, says) in fail_open_cases() {
        // To standard output.
        let out = sealant()
            .args(["seal", "--cert", &cert()])
            .args(&flags)
            .write_stdin(input.clone())
            .assert()
            .failure()
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, case);
        assert_no_plaintext(&out.stderr, case);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{case}: stderr lacks {says:?}:\n{err}");
        assert!(err.contains("hint:"), "{case}: no hint:\n{err}");
        // To `-w FILE`: the file stays as it was.
        let target = dir.path().join("out.yaml");
        std::fs::write(&target, "old: content\n").unwrap();
        let out = sealant()
            .args(["seal", "--cert", &cert(), "-w"])
            .arg(&target)
            .args(&flags)
            .write_stdin(input.clone())
            .assert()
            .failure()
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, case);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "old: content\n",
            "{case}"
        );
        // A `-w` file that did not exist is not created.
        let fresh = dir.path().join("fresh.yaml");
        sealant()
            .args(["seal", "--cert", &cert(), "-w"])
            .arg(&fresh)
            .args(&flags)
            .write_stdin(input.clone())
            .assert()
            .failure();
        assert!(!fresh.exists(), "{case}: -w created a file");
        // In place: the file stays byte for byte.
        let file = dir.path().join("in.yaml");
        std::fs::write(&file, &input).unwrap();
        let out = sealant()
            .args(["seal", "--cert", &cert(), "-i"])
            .arg(&file)
            .args(&flags)
            .assert()
            .failure()
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, case);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), input, "{case}");
    }
}

/// A stream that fails part way prints nothing: not the SealedSecrets
/// sealed before the failing document (kubeseal prints those), even when
/// they are far more than one write's buffer, and not across the segments
/// a long stream is read in. A pipe into `kubectl apply` gets all or nothing.
#[test]
fn a_stream_that_fails_part_way_prints_nothing_to_standard_output() {
    let good = |i: usize| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\n  namespace: prod\ndata:\n  k: {}\n",
            "dmFsdWUtdmFsdWUtdmFsdWUtdmFsdWUt".repeat(40)
        )
    };
    // 1,000 documents of ~1.3 KiB: past the 1 MiB where a stream is cut into
    // segments; sealed, ~4 MiB of output.
    let mut docs: Vec<String> = (0..1000).map(good).collect();
    let whole = docs.join("---\n");
    assert!(whole.len() > 1 << 20, "the stream must span two segments");
    docs.push(
        SECRET
            .replace("stringData", "data")
            .replace("hunter2-plaintext", "'not base64!'"),
    );
    let out = sealant()
        .args(["seal", "--cert", &cert()])
        .write_stdin(docs.join("---\n"))
        .assert()
        .code(3)
        .get_output()
        .clone();
    assert!(
        out.stdout.is_empty(),
        "{} bytes were printed before the failure",
        out.stdout.len()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("document 1001"), "{err}");
    // The same stream without the bad document prints every SealedSecret.
    let out = sealant()
        .args(["seal", "--cert", &cert()])
        .write_stdin(whole)
        .assert()
        .success()
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.matches("kind: SealedSecret").count(), 1000);
    assert!(text.len() > 1 << 20);
}

#[test]
fn empty_stdin_with_w_fails_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.yaml");
    sealant()
        .args(["seal", "--cert", &cert(), "-w"])
        .arg(&out)
        .write_stdin("")
        .assert()
        .code(3)
        .stderr(predicates::str::contains("no Secret found"));
    assert!(!out.exists());
}

#[test]
fn other_kinds_pass_through_a_mixed_stream_and_the_secret_is_sealed() {
    let input = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata: {{a: b}}\n---\n{SECRET}---\n{}",
        read("sealed/basic.strict.yaml").trim_start_matches("---\n")
    );
    let out = sealant()
        .args(["seal", "--cert", &cert()])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_no_plaintext(&out, "mixed");
    let docs = yaml_docs(&String::from_utf8(out).unwrap());
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["Deployment", "ConfigMap", "SealedSecret", "SealedSecret"]
    );
    let secret = unseal_document(&docs[2], &Default::default(), &ring()).unwrap();
    assert_eq!(secret["data"]["password"], PLAIN_B64);
}

#[test]
fn a_typed_secret_list_is_sealed_item_by_item_never_echoed() {
    let input = format!(
        "{{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"items\":[{{\"metadata\":{{\"name\":\"a\",\"namespace\":\"p\"}},\"data\":{{\"k\":\"{PLAIN_B64}\"}}}},{{\"metadata\":{{\"name\":\"b\",\"namespace\":\"p\"}},\"stringData\":{{\"k\":\"{PLAIN}\"}}}}]}}"
    );
    let out = sealant()
        .args(["seal", "--cert", &cert()])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_no_plaintext(&out, "SecretList");
    let docs = json_docs(&String::from_utf8(out).unwrap());
    assert_eq!(docs.len(), 2);
    for (doc, name) in docs.iter().zip(["a", "b"]) {
        assert_eq!(doc["kind"], "SealedSecret");
        let secret = unseal_document(doc, &Default::default(), &ring()).unwrap();
        assert_eq!(secret["metadata"]["name"], name);
        assert_eq!(secret["data"]["k"], PLAIN_B64);
    }
}

#[test]
fn in_place_leaves_files_without_a_secret_untouched_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    let config_text = "# the app's settings\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c   # odd spacing kept\ndata: {a: b}\n";
    std::fs::write(&config, config_text).unwrap();
    let secret = dir.path().join("secret.yaml");
    std::fs::write(&secret, SECRET).unwrap();
    let out = sealant()
        .args(["seal", "--cert", &cert(), "-i"])
        .arg(&config)
        .arg(&secret)
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.yaml") && err.contains("no Secret found"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), config_text);
    let sealed = std::fs::read_to_string(&secret).unwrap();
    assert!(!sealed.contains(PLAIN), "{sealed}");
    let doc = &yaml_docs(&sealed)[0];
    let opened = unseal_document(doc, &Default::default(), &ring()).unwrap();
    assert_eq!(opened["data"]["password"], PLAIN_B64);

    // When no file holds a Secret, the run fails and changes nothing.
    let other = dir.path().join("other.yaml");
    std::fs::write(
        &other,
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n",
    )
    .unwrap();
    sealant()
        .args(["seal", "--cert", &cert(), "-i"])
        .arg(&config)
        .arg(&other)
        .assert()
        .code(3)
        .stderr(predicates::str::contains("no Secret found"));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), config_text);
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
    );
}

#[test]
fn output_templates_refuse_a_document_that_might_be_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!(
        "{SECRET}---\napiVersion: v1\nkind: secret\nmetadata: {{name: b, namespace: p}}\nstringData: {{k: {PLAIN}}}\n"
    );
    sealant()
        .current_dir(dir.path())
        .args([
            "seal",
            "--cert",
            &cert(),
            "--output-template",
            "out/{name}.yaml",
        ])
        .write_stdin(input)
        .assert()
        .code(3)
        .stderr(predicates::str::contains("case-sensitive"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn validate_audit_and_reseal_report_a_plaintext_secret() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.yaml");
    std::fs::write(&plain, SECRET).unwrap();
    let suspect = dir.path().join("suspect.yaml");
    let suspect_text = format!("metadata: {{name: a, namespace: p}}\ndata: {{k: {PLAIN_B64}}}\n");
    std::fs::write(&suspect, &suspect_text).unwrap();
    let key = fixture("keys/backup-list.yaml");
    for file in [&plain, &suspect] {
        let out = sealant()
            .args(["validate", "--key"])
            .arg(&key)
            .arg(file)
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, "validate");
        assert_no_plaintext(&out.stderr, "validate");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("plaintext"), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("with a plaintext Secret"), "{err}");
        let out = sealant()
            .args(["audit", "--key"])
            .arg(&key)
            .arg(file)
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, "audit");
        sealant()
            .args(["reseal", "--key"])
            .arg(&key)
            .arg(file)
            .assert()
            .code(1);
    }
    assert_eq!(std::fs::read_to_string(&plain).unwrap(), SECRET);
    assert_eq!(std::fs::read_to_string(&suspect).unwrap(), suspect_text);
}

#[test]
fn merge_refuses_a_document_that_might_be_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sealed.yaml");
    let before = read("sealed/basic.strict.yaml");
    std::fs::write(&target, &before).unwrap();
    sealant()
        .args(["merge", "--cert", &cert()])
        .arg(&target)
        .write_stdin(format!(
            "apiVersion: v1\nkind: secret\nmetadata: {{name: a}}\nstringData: {{k: {PLAIN}}}\n"
        ))
        .assert()
        .code(3)
        .stderr(predicates::str::contains("case-sensitive"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), before);
}

#[test]
fn a_ciphertext_with_a_space_is_invalid_as_gos_base64_says() {
    let dir = tempfile::tempdir().unwrap();
    let good = read("sealed/basic.strict.yaml");
    // A space in the middle of the first encrypted value (the controller's
    // Go decoder refuses it; a line break it would skip).
    let at = good.find("encryptedData:").unwrap();
    let value_at = good[at..].find(": Ag").unwrap() + at + 10;
    let mut spaced = good.clone();
    spaced.insert(value_at, ' ');
    let file = dir.path().join("spaced.yaml");
    std::fs::write(&file, &spaced).unwrap();
    let key = fixture("keys/backup-list.yaml");
    sealant()
        .args(["unseal", "--key"])
        .arg(&key)
        .arg(&file)
        .assert()
        .failure();
    sealant()
        .args(["validate", "--key"])
        .arg(&key)
        .arg(&file)
        .assert()
        .code(1);
    // The unchanged file opens.
    let ok = dir.path().join("ok.yaml");
    std::fs::write(&ok, &good).unwrap();
    sealant()
        .args(["unseal", "--key"])
        .arg(&key)
        .arg(&ok)
        .assert()
        .success();
}

fn seal_stdin(input: &str, flags: &[&str]) -> String {
    let out = sealant()
        .args(["seal", "--cert", &cert()])
        .args(flags)
        .write_stdin(input.to_string())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn comments_and_layout_of_documents_that_pass_through_are_kept() {
    let input = "# the app's settings\napiVersion: v1\nkind: ConfigMap   # odd spacing\nmetadata:\n  name: c\ndata: {a: b}\n# tail of the ConfigMap\n---\n# a comment-only document\n---\n# the Secret's own comment goes with it\napiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: prod}\nstringData: {password: hunter2-plaintext}\n# after the Secret\n---\n# the end\n";
    let out = seal_stdin(input, &[]);
    assert!(
        out.starts_with("---\n# the app's settings\napiVersion: v1\nkind: ConfigMap   # odd spacing\nmetadata:\n  name: c\ndata: {a: b}\n# tail of the ConfigMap\n---\n# a comment-only document\n---\napiVersion: bitnami.com/v1alpha1\n"),
        "{out}"
    );
    assert!(out.ends_with("---\n# the end\n"), "{out}");
    assert!(
        !out.contains("Secret's own comment") && !out.contains("after the Secret"),
        "{out}"
    );
    assert_no_plaintext(out.as_bytes(), "comments");
    // In place, the same.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.yaml");
    std::fs::write(&file, input).unwrap();
    sealant()
        .args(["seal", "--cert", &cert(), "-i"])
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("# a comment-only document\n") && text.contains("# tail of the ConfigMap\n"),
        "{text}"
    );
}

#[test]
fn flow_style_yaml_and_json_followed_by_yaml_are_read() {
    let ring = ring();
    let flow = "{apiVersion: v1, kind: Secret, metadata: {name: db, namespace: prod}, stringData: {password: hunter2-plaintext}}\n";
    let out = seal_stdin(flow, &[]);
    let docs = yaml_docs(&out);
    assert_eq!(docs.len(), 1);
    let opened = unseal_document(&docs[0], &Default::default(), &ring).unwrap();
    assert_eq!(opened["data"]["password"], PLAIN_B64);

    let mixed = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"c\"}},\"data\":{{\"n\":\"1\"}}}}\n---\n{SECRET}"
    );
    let out = seal_stdin(&mixed, &[]);
    let docs = yaml_docs(&out);
    assert_eq!(docs[0]["kind"], "ConfigMap");
    let opened = unseal_document(&docs[1], &Default::default(), &ring).unwrap();
    assert_eq!(opened["data"]["password"], PLAIN_B64);

    // A broken JSON document is a JSON error, never read as the YAML it
    // might happen to be.
    sealant()
        .args(["seal", "--cert", &cert(), "-n", "prod"])
        .write_stdin("{\"kind\": \"Secret\", \"metadata\": {\"name\": \"db\"}, \"stringData\": {\"p\": hunter2}}")
        .assert()
        .code(3)
        .stderr(predicates::str::contains("JSON"));
}

#[test]
fn big_integers_in_passed_through_json_keep_every_digit() {
    let config = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"spec\":{\"n\":123456789012345678901234567890,\"f\":1.10000000000000000000001}}";
    let list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"kind\":\"Thing\",\"apiVersion\":\"x/v1\",\"n\":98765432109876543210987}]}";
    let secret = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\",\"namespace\":\"p\"},\"stringData\":{\"k\":\"v\"}}";
    let input = format!("{config}\n{list}\n{secret}\n");
    for flags in [&[][..], &["-o", "json"], &["-o", "yaml"]] {
        let out = seal_stdin(&input, flags);
        for digits in [
            "123456789012345678901234567890",
            "1.10000000000000000000001",
            "98765432109876543210987",
        ] {
            assert!(out.contains(digits), "{flags:?}: {digits} lost:\n{out}");
        }
    }
}

#[test]
fn check_reports_documents_that_might_be_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "nokind.yaml",
            format!("metadata: {{name: a, namespace: p}}\ndata: {{k: {PLAIN_B64}}}\n"),
        ),
        (
            "lower.yaml",
            format!(
                "apiVersion: v1\nkind: secret\nmetadata: {{name: a}}\nstringData: {{k: {PLAIN}}}\n"
            ),
        ),
        (
            "group.yaml",
            format!(
                "apiVersion: apps/v1\nkind: Secret\nmetadata: {{name: a}}\nstringData: {{k: {PLAIN}}}\n"
            ),
        ),
    ] {
        let repo = dir.path().join(name.trim_end_matches(".yaml"));
        std::fs::create_dir(&repo).unwrap();
        std::fs::write(repo.join(name), &text).unwrap();
        let out = sealant()
            .arg("check")
            .arg(&repo)
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, name);
        assert_no_plaintext(&out.stderr, name);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("plaintext"),
            "{name}"
        );
    }
}

#[test]
#[cfg(feature = "cluster")]
fn the_controller_commands_refuse_a_plaintext_secret_and_change_nothing() {
    use crate::support::fake_apiserver::{FakeApiServer, FakeCluster, RotateBehaviour};
    use crate::support::kubeconfig::token_kubeconfig;
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::ResealLikeV036,
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let sealed = read("sealed/basic.strict.yaml");
    std::fs::write(repo.join("a.yaml"), &sealed).unwrap();
    let mixed = format!("{sealed}---\n{SECRET}");
    std::fs::write(repo.join("mixed.yaml"), &mixed).unwrap();
    for args in [&["validate"][..], &["reseal", "--controller"]] {
        let out = sealant()
            .args(args)
            .arg("--kubeconfig")
            .arg(&kc)
            .arg(&repo)
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert_no_plaintext(&out.stdout, args[0]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_no_plaintext(err.as_bytes(), args[0]);
        assert!(err.contains("plaintext Secret"), "{err}");
    }
    assert_eq!(
        std::fs::read_to_string(repo.join("mixed.yaml")).unwrap(),
        mixed
    );
}
