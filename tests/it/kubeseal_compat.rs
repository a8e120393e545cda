//! kubeseal's own test cases (upstream `cmd/kubeseal/main_test.go`,
//! `pkg/kubeseal/kubeseal_test.go`, `pkg/pflagenv` and the integration
//! suite), rewritten as checks of the binary invoked under the name
//! `kubeseal`: the same inputs, the same expected outcomes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

/// The sealant binary behind a link named `kubeseal`.
fn kubeseal() -> assert_cmd::Command {
    static LINK: OnceLock<PathBuf> = OnceLock::new();
    let link = LINK.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("sealant-kubeseal-link-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("kubeseal");
        let _ = std::fs::remove_file(&link);
        #[cfg(unix)]
        std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("sealant"), &link).unwrap();
        #[cfg(not(unix))]
        std::fs::copy(assert_cmd::cargo::cargo_bin("sealant"), &link).unwrap();
        link
    });
    let mut cmd = assert_cmd::Command::new(link);
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("SEALED_SECRETS_") {
            cmd.env_remove(var);
        }
    }
    cmd.env_remove("KUBECONFIG");
    cmd.env(
        "HOME",
        std::env::temp_dir().join("sealant-test-home-does-not-exist"),
    );
    cmd
}

fn cert() -> String {
    fixture("keys/new/tls.crt").display().to_string()
}

const FOO_BAR: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: foo\n  namespace: bar\ndata:\n  super: c2VjcmV0\n";

/// upstream's mkTestSecret: the item also as a label and an annotation.
fn test_secret(key: &str, value: &str, name: &str, ns: &str) -> String {
    serde_json::json!({
        "kind": "Secret",
        "apiVersion": "v1",
        "metadata": {
            "name": name,
            "namespace": ns,
            "labels": {key: value},
            "annotations": {key: value},
        },
        "data": {key: base64(value)},
    })
    .to_string()
}

fn base64(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Opens SealedSecrets with the fixture's private key.
fn open(sealed: &Path) -> Vec<Value> {
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(fixture("keys/new/tls.key"))
        .arg(sealed)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_docs(&String::from_utf8(out).unwrap())
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn version() {
    kubeseal()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!(
            "kubeseal version: v{}\n",
            env!("CARGO_PKG_VERSION")
        ));
}

#[test]
fn main_error_a_missing_certificate_exits_1() {
    kubeseal()
        .args(["--cert", "this/file/cannot/possibly/exist/can/it?"])
        .write_stdin(FOO_BAR)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with("error:"));
}

#[test]
fn write_to_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.yaml");
    kubeseal()
        .args(["--cert", &cert(), "-w"])
        .arg(&out)
        .write_stdin(FOO_BAR)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("kind: SealedSecret")
    );
}

#[test]
fn fail_to_write_to_file_keeps_the_old_content() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::write(
        &input,
        "apiVersion: v1\nkind: BadInput\nmetadata:\n  name: foo\n  namespace: bar\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    std::fs::write(&out, "previous content").unwrap();
    kubeseal()
        .args(["--cert", &cert(), "-f"])
        .arg(&input)
        .arg("-w")
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous content");
}

#[test]
fn no_input_is_no_secrets_found() {
    for stdin in ["", "\n", "---\n", "---\n---\n"] {
        kubeseal()
            .args(["--cert", &cert()])
            .write_stdin(stdin)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("no secrets found"));
    }
}

#[test]
fn every_document_is_read_as_a_secret_and_nothing_is_echoed() {
    // kubeseal ignores kind: these are sealed, never passed through.
    for doc in [
        "metadata:\n  name: a\n  namespace: p\ndata:\n  k: c2VjcmV0\n",
        "apiVersion: v1\nkind: secret\nmetadata:\n  name: a\n  namespace: p\nstringData:\n  k: secret\n",
        "apiVersion: v2\nkind: Secret\nmetadata:\n  name: a\n  namespace: p\nstringData:\n  k: secret\n",
    ] {
        let text = stdout_of(kubeseal().args(["--cert", &cert()]).write_stdin(doc));
        assert!(
            !text.contains("c2VjcmV0") && !text.contains("secret\""),
            "{text}"
        );
        let docs = json_docs(&text);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0]["kind"], "SealedSecret");
        assert!(
            docs[0]["spec"]["encryptedData"]["k"]
                .as_str()
                .unwrap()
                .starts_with("Ag")
        );
    }
    // What cannot be a Secret is an error, with nothing on standard output.
    for doc in [
        "kind: ConfigMap\nmetadata:\n  name: a\n  namespace: p\ndata:\n  k: plain text here\n",
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: a\n  namespace: p\nspec:\n  encryptedData:\n    k: AgBx\n",
        "- just\n- a list\n",
        "plain scalar\n",
        "metadata:\n  name: a\n  namespace: p\ndata:\n  k: c2VjcmV0\n---\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  k: not base64!\n",
    ] {
        kubeseal()
            .args(["--cert", &cert()])
            .write_stdin(doc)
            .assert()
            .code(1)
            .stdout("");
    }
}

#[test]
fn multi_doc_secrets_in_json_and_yaml() {
    let s1 = test_secret("foo", "1", "s1", "testns");
    let s2 = test_secret("bar", "2", "s2", "testns");
    let json_in = format!("{s1}\n{s2}");
    let yaml_in = format!("{}---\n{}", yaml(&s1), yaml(&s2));
    for (input, format) in [(json_in, "json"), (yaml_in, "yaml")] {
        let text = stdout_of(
            kubeseal()
                .args(["--cert", &cert(), "-o", format])
                .write_stdin(input),
        );
        let docs = if format == "json" {
            json_docs(&text)
        } else {
            yaml_docs(&text)
        };
        let names: Vec<&str> = docs
            .iter()
            .map(|d| d["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["s1", "s2"], "{format}");
    }
}

fn yaml(json: &str) -> String {
    let v: Value = serde_json::from_str(json).unwrap();
    serde_saphyr::to_string(&v).unwrap()
}

fn seal_json(args: &[&str], input: &str) -> Value {
    let mut cmd = kubeseal();
    cmd.args(["--cert", &cert()])
        .args(args)
        .write_stdin(input.to_string());
    json_docs(&stdout_of(&mut cmd)).remove(0)
}

#[test]
fn seal_scopes_as_upstream_test_seal() {
    const NW: &str = "sealedsecrets.bitnami.com/namespace-wide";
    const CW: &str = "sealedsecrets.bitnami.com/cluster-wide";
    let plain = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: myname\n  namespace: myns\ndata:\n  foo: YmFy\n";
    let annotated = |a: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: myname\n  namespace: myns\n  annotations:\n    {a}: \"true\"\ndata:\n  foo: YmFy\n"
        )
    };
    // No scope: strict, no annotation.
    let s = seal_json(&[], plain);
    assert_eq!(s["metadata"]["namespace"], "myns");
    assert!(s["metadata"].get("annotations").is_none(), "{s}");
    // The Secret's annotation decides when no scope (or the default, strict, or '') is given.
    for args in [&[][..], &["--scope", "strict"][..], &["--scope", ""][..]] {
        let s = seal_json(args, &annotated(NW));
        assert_eq!(s["metadata"]["annotations"][NW], "true", "{args:?}");
        let s = seal_json(args, &annotated(CW));
        assert_eq!(s["metadata"]["annotations"][CW], "true", "{args:?}");
    }
    // An explicit wider scope wins over the annotation.
    let s = seal_json(&["--scope", "cluster-wide"], &annotated(NW));
    assert_eq!(s["metadata"]["annotations"][CW], "true");
    assert!(s["metadata"]["annotations"].get(NW).is_none(), "{s}");
    let s = seal_json(&["--scope", "namespace-wide"], plain);
    assert_eq!(s["metadata"]["annotations"][NW], "true");
    // Cluster-wide without a namespace: none is forced.
    let s = seal_json(
        &["--scope", "cluster-wide"],
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: myname\ndata:\n  foo: YmFy\n",
    );
    assert!(s["metadata"].get("namespace").is_none(), "{s}");
    // A scope the parser does not know is a usage error (exit 2).
    kubeseal()
        .args(["--cert", &cert(), "--scope", "wide"])
        .write_stdin(plain)
        .assert()
        .code(2);
}

#[test]
fn name_overrides_the_secrets_name_and_label() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.json");
    kubeseal()
        .args(["--cert", &cert(), "--name", "renamed", "-w"])
        .arg(&out)
        .write_stdin(FOO_BAR)
        .assert()
        .success();
    let opened = open(&out);
    assert_eq!(opened[0]["metadata"]["name"], "renamed");
    assert_eq!(opened[0]["data"]["super"], "c2VjcmV0");
}

#[test]
fn namespace_mismatch_is_an_error() {
    kubeseal()
        .args(["--cert", &cert(), "-n", "other"])
        .write_stdin(FOO_BAR)
        .assert()
        .code(1)
        .stdout("");
    // kubectl's prefixes name the same namespace.
    for ns in ["bar", "ns/bar", "namespace/bar", "namespaces/bar"] {
        let s = seal_json(&["-n", ns], FOO_BAR);
        assert_eq!(s["metadata"]["namespace"], "bar", "{ns}");
    }
}

#[test]
fn raw_seal_errors() {
    let dir = tempfile::tempdir().unwrap();
    let value = dir.path().join("value");
    std::fs::write(&value, "supersecret").unwrap();
    let value = value.display().to_string();
    for (args, says) in [
        (
            vec![],
            "must provide the --namespace flag with --raw and --scope strict",
        ),
        (
            vec!["-n", "myns"],
            "must provide the --name flag with --raw and --scope strict",
        ),
        (
            vec!["--scope", "namespace-wide", "--name", "mysecret"],
            "must provide the --namespace flag with --raw and --scope namespace-wide",
        ),
    ] {
        kubeseal()
            .args(["--raw", "--cert", &cert(), "--from-file", &value])
            .args(&args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(says));
    }
    kubeseal()
        .args(["--cert", &cert(), "--from-file", &value])
        .write_stdin(FOO_BAR)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--from-file requires --raw"));
    kubeseal()
        .args([
            "--raw",
            "--cert",
            &cert(),
            "-n",
            "myns",
            "--name",
            "x",
            "--from-file",
            &value,
            "--from-file",
            &value,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "must provide only one --from-file",
        ));
}

#[test]
fn raw_with_key_eq_path_opens_under_its_label() {
    let dir = tempfile::tempdir().unwrap();
    let value = dir.path().join("value");
    std::fs::write(&value, "supersecret").unwrap();
    for (scope, ns, name) in [
        ("strict", "myns", "mysecret"),
        ("namespace-wide", "myns", "mysecret"),
        ("cluster-wide", "", ""),
    ] {
        let out = dir.path().join(format!("{scope}.raw"));
        let mut cmd = kubeseal();
        cmd.args(["--raw", "--cert", &cert(), "--scope", scope, "--from-file"])
            .arg(format!("item={}", value.display()))
            .arg("-w")
            .arg(&out);
        if !ns.is_empty() {
            cmd.args(["-n", &format!("ns/{ns}"), "--name", name]);
        }
        cmd.assert().success().stdout("");
        let sealed = std::fs::read_to_string(&out).unwrap();
        assert!(sealed.starts_with("Ag") && !sealed.ends_with('\n'));
        let annotation = match scope {
            "strict" => String::new(),
            s => format!("  annotations:\n    sealedsecrets.bitnami.com/{s}: \"true\"\n"),
        };
        let doc = dir.path().join(format!("{scope}.yaml"));
        std::fs::write(
            &doc,
            format!("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: mysecret\n  namespace: myns\n{annotation}spec:\n  encryptedData:\n    v: {sealed}\n"),
        )
        .unwrap();
        assert_eq!(open(&doc)[0]["data"]["v"], base64("supersecret"), "{scope}");
    }
}

#[test]
fn output_format_and_file_extension() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["yaml", "YAML", "Yaml"] {
        let text = stdout_of(
            kubeseal()
                .args(["--cert", &cert(), "-o", f])
                .write_stdin(FOO_BAR),
        );
        assert!(
            text.starts_with("---\napiVersion: bitnami.com/v1alpha1"),
            "{f}: {text}"
        );
    }
    let text = stdout_of(
        kubeseal()
            .args(["--cert", &cert(), "-o", "JSON"])
            .write_stdin(FOO_BAR),
    );
    assert!(text.starts_with("{\n  \"kind\": \"SealedSecret\""));
    kubeseal()
        .args(["--cert", &cert(), "-o", "xml"])
        .write_stdin(FOO_BAR)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("unsupported output format: xml"));
    // A .yaml/.yml file is YAML whatever -o says; .json follows -o.
    for (file, args, yaml) in [
        ("a.yaml", &["-o", "json"][..], true),
        ("a.yml", &[][..], true),
        ("a.json", &[][..], false),
        ("b.json", &["-o", "yaml"][..], true),
    ] {
        let out = dir.path().join(file);
        kubeseal()
            .args(["--cert", &cert()])
            .args(args)
            .arg("-w")
            .arg(&out)
            .write_stdin(FOO_BAR)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(text.starts_with("---\n"), yaml, "{file} {args:?}: {text}");
    }
}

#[test]
fn pflagenv_variables_and_empty_ones() {
    let cert = cert();
    // Set: used; set but empty: the flag's default.
    let text = stdout_of(
        kubeseal()
            .env("SEALED_SECRETS_CERT", &cert)
            .env("SEALED_SECRETS_FORMAT", "yaml")
            .write_stdin(FOO_BAR),
    );
    assert!(text.starts_with("---\n"));
    let text = stdout_of(
        kubeseal()
            .env("SEALED_SECRETS_CERT", &cert)
            .env("SEALED_SECRETS_FORMAT", "")
            .env("SEALED_SECRETS_SCOPE", "")
            .env("SEALED_SECRETS_RAW", "")
            .env("SEALED_SECRETS_FETCH_CERT", "")
            .env("SEALED_SECRETS_SEALED_SECRET_FILE", "")
            .env("SEALED_SECRETS_KUBECONFIG", "")
            .env("SEALED_SECRETS_CONTROLLER_NAME", "")
            .write_stdin(FOO_BAR),
    );
    assert_eq!(json_docs(&text)[0]["kind"], "SealedSecret");
    // The command line wins over the environment.
    let text = stdout_of(
        kubeseal()
            .env("SEALED_SECRETS_CERT", "/does/not/exist")
            .env("SEALED_SECRETS_FORMAT", "yaml")
            .args(["--cert", &cert, "-o", "json"])
            .write_stdin(FOO_BAR),
    );
    assert!(text.starts_with("{"));
}

fn sealed_target(dir: &Path, key: &str, value: &str) -> PathBuf {
    let target = dir.join(format!("target-{key}.json"));
    kubeseal()
        .args(["--cert", &cert(), "-w"])
        .arg(&target)
        .write_stdin(test_secret(key, value, "testname", "testns"))
        .assert()
        .success();
    target
}

fn merge(target: &Path, secret: &str) -> Value {
    kubeseal()
        .args(["--cert", &cert(), "--merge-into"])
        .arg(target)
        .write_stdin(secret.to_string())
        .assert()
        .success()
        .stdout("");
    let merged = json_docs(&std::fs::read_to_string(target).unwrap()).remove(0);
    open(target);
    merged
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn merge_into_added_updated_and_bad_name() {
    let dir = tempfile::tempdir().unwrap();
    // added
    let target = sealed_target(dir.path(), "bar", "secret2");
    let merged = merge(
        &target,
        &test_secret("foo", "secret1", "testname", "testns"),
    );
    assert_eq!(keys(&merged["spec"]["encryptedData"]), ["bar", "foo"]);
    assert_eq!(
        keys(&merged["spec"]["template"]["metadata"]["annotations"]),
        ["bar", "foo"]
    );
    assert_eq!(
        keys(&merged["spec"]["template"]["metadata"]["labels"]),
        ["bar", "foo"]
    );
    // updated
    let target = sealed_target(dir.path(), "foo", "secret2");
    let before = json_docs(&std::fs::read_to_string(&target).unwrap()).remove(0);
    let merged = merge(
        &target,
        &test_secret("foo", "secret1", "testname", "testns"),
    );
    for field in ["annotations", "labels"] {
        let after = &merged["spec"]["template"]["metadata"][field];
        assert_eq!(keys(after), ["foo"]);
        assert_eq!(after["foo"], "secret1");
    }
    assert_eq!(keys(&merged["spec"]["encryptedData"]), ["foo"]);
    assert_ne!(
        merged["spec"]["encryptedData"]["foo"],
        before["spec"]["encryptedData"]["foo"]
    );
    // bad name: the target's name and namespace win
    let target = sealed_target(dir.path(), "baz", "secret2");
    let merged = merge(&target, &test_secret("foo", "secret1", "badname", "badns"));
    assert_eq!(merged["metadata"]["name"], "testname");
    assert_eq!(merged["metadata"]["namespace"], "testns");
}

#[test]
fn recovery_unseal_without_a_key_and_with_a_typed_secret_list() {
    let dir = tempfile::tempdir().unwrap();
    let sealed = dir.path().join("s.json");
    kubeseal()
        .args(["--cert", &cert(), "-w"])
        .arg(&sealed)
        .write_stdin("apiVersion: v1\nkind: Secret\nmetadata:\n  name: testSecret\n  namespace: default\ndata:\n  foo: YmFy\n")
        .assert()
        .success();
    let args = [
        "--recovery-unseal",
        "--kubeconfig",
        "/?this/file/cannot/possibly/exist/right?",
    ];
    let out = kubeseal()
        .args(args)
        .arg("-f")
        .arg(&sealed)
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("error:") && first.contains("key could decrypt secret "),
        "{stderr}"
    );
    // A backup as a Go program marshals a typed SecretList: no kind anywhere.
    let mut key: Value = serde_saphyr::from_str(&read("keys/new/key.yaml")).unwrap();
    key.as_object_mut().unwrap().remove("kind");
    key.as_object_mut().unwrap().remove("apiVersion");
    let backup = dir.path().join("key");
    std::fs::write(
        &backup,
        serde_json::json!({"metadata": {"resourceVersion": "1"}, "items": [key]}).to_string(),
    )
    .unwrap();
    let out = stdout_of(
        kubeseal()
            .args(args)
            .arg("--recovery-private-key")
            .arg(&backup)
            .arg("-f")
            .arg(&sealed),
    );
    let secret: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(secret["data"]["foo"], "YmFy");
}

#[test]
fn fetch_cert_copies_the_bytes_it_was_served() {
    let dir = tempfile::tempdir().unwrap();
    let served = format!(
        "{}\n# trailing text kept as served\n",
        read("keys/new/tls.crt").trim_end()
    );
    let file = dir.path().join("cert.pem");
    std::fs::write(&file, &served).unwrap();
    let out = kubeseal()
        .args(["--fetch-cert", "--cert"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), served);
    let out = sealant()
        .args(["cert", "fetch", "--cert"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap(), served);
}

#[test]
fn keygen_writes_lf_pem() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("k");
    sealant()
        .args(["keygen", "--bits", "2048"])
        .arg(&keys)
        .assert()
        .success();
    for f in ["tls.crt", "tls.key", "key.yaml"] {
        let bytes = std::fs::read(keys.join(f)).unwrap();
        assert!(!bytes.contains(&b'\r'), "{f} has CR");
    }
    let crt = std::fs::read_to_string(keys.join("tls.crt")).unwrap();
    assert!(
        crt.starts_with("-----BEGIN CERTIFICATE-----\n")
            && crt.ends_with("-----END CERTIFICATE-----\n")
    );
}

#[test]
fn flags_kubeseal_accepts() {
    // --rotate is --re-encrypt's old name: parsed (exit 1 for the missing
    // cluster, not 2 for the command line).
    kubeseal()
        .args(["--rotate", "--kubeconfig", "/does/not/exist"])
        .write_stdin(read("sealed/basic.strict.yaml"))
        .assert()
        .code(1);
    // klog's flags are accepted; -v 1 reports what was done.
    kubeseal()
        .args([
            "--cert",
            &cert(),
            "--logtostderr",
            "--skip_headers=true",
            "--vmodule",
            "x=2",
            "--v=0",
        ])
        .write_stdin(FOO_BAR)
        .assert()
        .success()
        .stderr("");
    kubeseal()
        .args(["--cert", &cert(), "-v", "1"])
        .write_stdin(FOO_BAR)
        .assert()
        .success()
        .stderr(predicate::str::contains("sealed 1 Secret(s)"));
    // The flag parser's rejections exit 2; two modes at once are refused there.
    kubeseal().arg("--frobnicate").assert().code(2);
    kubeseal().args(["--raw", "--fetch-cert"]).assert().code(2);
}

#[test]
fn a_sealed_secret_without_a_name_opens_as_the_controller_would() {
    let dir = tempfile::tempdir().unwrap();
    let sealed = stdout_of(
        kubeseal()
            .args(["--cert", &cert(), "--scope", "cluster-wide"])
            .write_stdin(FOO_BAR),
    );
    let mut doc: Value = serde_json::from_str(&sealed).unwrap();
    doc["metadata"].as_object_mut().unwrap().remove("name");
    let file = dir.path().join("s.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = stdout_of(
        kubeseal()
            .args(["--recovery-unseal", "--recovery-private-key"])
            .arg(fixture("keys/new/tls.key"))
            .arg("-f")
            .arg(&file),
    );
    let secret: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(secret["data"]["super"], "c2VjcmV0");
}

#[test]
fn managed_fields_in_go_struct_order() {
    let input = r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a","namespace":"p","managedFields":[{"time":"2026-01-01T00:00:00Z","fieldsV1":{"f:data":{"f:k":{},".":{}}},"apiVersion":"v1","operation":"Update","fieldsType":"FieldsV1","manager":"kubectl"}]},"data":{"k":"c2VjcmV0"}}"#;
    let text = stdout_of(kubeseal().args(["--cert", &cert()]).write_stdin(input));
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing: {text}"))
    };
    let order = [
        "\"manager\": \"kubectl\"",
        "\"operation\": \"Update\"",
        "\"apiVersion\": \"v1\"",
        "\"time\": \"2026-01-01T00:00:00Z\"",
        "\"fieldsType\": \"FieldsV1\"",
        "\"fieldsV1\": {",
        "\"f:k\": {}",
        "\".\": {}",
    ];
    let template = at("\"template\"");
    let positions: Vec<usize> = order
        .iter()
        .map(|s| template + text[template..].find(s).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn recovery_renders_sprig_functions_in_template_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc: Value = serde_json::from_str(&stdout_of(
        kubeseal().args(["--cert", &cert()]).write_stdin(FOO_BAR),
    ))
    .unwrap();
    doc["spec"]["template"]["data"] = serde_json::json!({
        "quoted": "{{ .super | upper | quote }}",
        "json": "{{ toJson .super }}",
        "b64": "x={{ .super | b64enc }}",
    });
    let file = dir.path().join("s.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let out = stdout_of(
        kubeseal()
            .args(["--recovery-unseal", "--recovery-private-key"])
            .arg(fixture("keys/new/tls.key"))
            .arg("-f")
            .arg(&file),
    );
    let secret: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(secret["data"]["quoted"], base64("\"SECRET\""));
    assert_eq!(secret["data"]["json"], base64("\"secret\""));
    assert_eq!(secret["data"]["b64"], base64("x=c2VjcmV0"));
}

#[test]
fn deliberate_differences_hold() {
    // A List of Secrets: each item is sealed.
    let list = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: a, namespace: p}\n  data: {k: c2VjcmV0}\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: b, namespace: p}\n  data: {k: c2VjcmV0}\n";
    let docs = json_docs(&stdout_of(
        kubeseal().args(["--cert", &cert()]).write_stdin(list),
    ));
    assert_eq!(docs.len(), 2);
    // A document of unknown fields only is an error, not skipped.
    kubeseal()
        .args(["--cert", &cert(), "--allow-empty-data"])
        .write_stdin("stringdata:\n  k: v\n")
        .assert()
        .code(1)
        .stdout("");
    // A variable the flag cannot take is refused by the parser.
    kubeseal()
        .env("SEALED_SECRETS_RAW", "yes")
        .args(["--cert", &cert()])
        .write_stdin(FOO_BAR)
        .assert()
        .code(2)
        .stdout("");
    // A failure after a sealed document prints nothing.
    kubeseal()
        .args(["--cert", &cert()])
        .write_stdin(format!(
            "{FOO_BAR}---\nmetadata:\n  name: x\n  namespace: bar\ndata:\n  k: not base64!\n"
        ))
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn a_missing_cert_file_is_no_such_file_or_directory() {
    let out = kubeseal()
        .args(["--cert", "/?this/file/cannot/possibly/exist/right?"])
        .write_stdin(FOO_BAR)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("error:") && first.contains("no such file or directory"),
        "{stderr}"
    );
}

#[test]
fn merge_into_reads_the_input_as_a_secret_whatever_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let target = sealed_target(dir.path(), "bar", "secret2");
    let merged = merge(
        &target,
        "metadata:\n  name: testname\n  namespace: testns\ndata:\n  foo: c2VjcmV0MQ==\n",
    );
    assert_eq!(keys(&merged["spec"]["encryptedData"]), ["bar", "foo"]);
}

#[test]
#[cfg(feature = "cluster")]
fn fetch_cert_from_the_cluster_copies_the_served_bytes() {
    use crate::support::fake_apiserver::{FakeApiServer, FakeCluster};
    use crate::support::kubeconfig::token_kubeconfig;
    let served = format!("{}\n", read("keys/new/tls.crt").trim_end());
    let server = FakeApiServer::start(FakeCluster {
        sealing_cert_pem: Some(served.clone()),
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    assert_eq!(server.sealing_cert_pem(), served);
    for cmd in [
        kubeseal().args(["--fetch-cert", "--kubeconfig"]).arg(&kc),
        sealant().args(["cert", "fetch", "--kubeconfig"]).arg(&kc),
    ] {
        let out = cmd.assert().success().get_output().stdout.clone();
        assert_eq!(String::from_utf8(out).unwrap(), served);
    }
}
