//! Secret hygiene: plaintext never in errors, logs or Debug output; files
//! holding plaintext are 0600; plaintext buffers are wiped.

use std::path::Path;

use crate::common::*;
use sealant::internals::core::certificate::Certificate;
use sealant::internals::core::crypto::Backend;
use sealant::internals::core::keyring::KeyRing;
use sealant::internals::core::manifest::{Manifest, WipedValues, zeroize_value};

/// The plaintext planted in every failing input, and its base64.
const PLAIN: &str = "PLAINTEXT-7f3a9c";
const PLAIN_B64: &str = "UExBSU5URVhULTdmM2E5Yw==";

fn secret_with(data_line: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\n{data_line}\n"
    )
}

/// Seals `text` with the small test certificate and returns the output.
fn seal_small(text: &str) -> String {
    let out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/small/tls.crt"))
        .write_stdin(text.to_string())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn plaintext_never_appears_in_the_output_of_failing_runs() {
    let mut inputs: Vec<(String, &str)> = vec![
        (
            secret_with(&format!("data:\n  password: \"{PLAIN}!\"")),
            "data not base64",
        ),
        (
            secret_with(&format!("stringData:\n  password: {{x: {PLAIN}}}")),
            "value a mapping",
        ),
        (
            secret_with(&format!("stringData:\n  password: [{PLAIN}, 1]")),
            "value a sequence",
        ),
        (
            secret_with(&format!("stringData:\n  password: \"{PLAIN}")),
            "unterminated quote",
        ),
        (
            secret_with(&format!("stringData:\n  password: {PLAIN}: x")),
            "mapping value in a plain scalar",
        ),
        (
            secret_with(&format!("stringData:\n  password: \"\\q{PLAIN}\"")),
            "bad escape",
        ),
        (
            secret_with(&format!("stringData:\n  password: '{PLAIN}\n\tx: y")),
            "tab",
        ),
        (
            secret_with(&format!("stringData:\n  password: !!binary {PLAIN}")),
            "binary tag",
        ),
        (
            secret_with(&format!("stringData:\n  password: &x {PLAIN}\n  other: *y")),
            "unknown alias",
        ),
        (
            secret_with(&format!(
                "data:\n  password: {PLAIN_B64}\n  password: {PLAIN_B64}"
            )),
            "duplicate key",
        ),
        (
            secret_with(&format!(
                "data:\n  password: {PLAIN_B64}\nstringData:\n  password: {PLAIN}"
            )),
            "data and stringData clash",
        ),
        (
            secret_with(&format!(
                "data:\n  password: {PLAIN_B64}\n  \"bad/key\": {PLAIN_B64}"
            )),
            "bad key name",
        ),
        (
            format!(
                "{{\"kind\": \"Secret\", \"metadata\": {{\"name\": \"db\"}}, \"stringData\": {{\"p\": \"{PLAIN}\\q\"}}}}"
            ),
            "JSON bad escape",
        ),
        (
            format!(
                "{{\"kind\": \"Secret\", \"metadata\": {{\"name\": \"db\"}}, \"stringData\": {{\"p\": {PLAIN}}}}}"
            ),
            "JSON bare word",
        ),
        (
            format!(
                "{{\"kind\": \"Secret\", \"metadata\": {{\"name\": \"db\"}}, \"data\": {{\"p\": \"{PLAIN}\"}}}}"
            ),
            "JSON data not base64",
        ),
        (
            format!(
                "{{\"kind\": \"Secret\", \"metadata\": {{\"name\": \"db\"}}, \"stringData\": {{\"p\": \"{PLAIN}\"}}"
            ),
            "JSON truncated",
        ),
    ];
    // A namespace mismatch and an expired certificate fail after parsing.
    inputs.push((
        secret_with(&format!("stringData:\n  password: {PLAIN}")),
        "valid",
    ));
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.yaml");
    std::fs::copy(fixture("sealed/basic.strict.yaml"), &target).unwrap();
    let mut failures = Vec::new();
    for (text, what) in &inputs {
        let file = dir.path().join("in.yaml");
        std::fs::write(&file, text).unwrap();
        let runs: Vec<Vec<String>> = vec![
            vec![
                "seal".into(),
                "--cert".into(),
                fixture("keys/small/tls.crt").display().to_string(),
                "-n".into(),
                "elsewhere".into(),
            ],
            vec![
                "seal".into(),
                "--cert".into(),
                fixture("keys/expired/tls.crt").display().to_string(),
            ],
            vec![
                "--cert".into(),
                fixture("keys/small/tls.crt").display().to_string(),
                "-n".into(),
                "elsewhere".into(),
            ],
            vec![
                "merge".into(),
                "--cert".into(),
                fixture("keys/expired/tls.crt").display().to_string(),
                "--from".into(),
                file.display().to_string(),
                target.display().to_string(),
            ],
        ];
        for args in runs {
            let out = sealant()
                .args(&args)
                .arg_if_seal(&args, &file)
                .write_stdin(text.clone())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                failures.push(format!("[{what}] {args:?} succeeded"));
            }
            if stderr.contains(PLAIN) || stderr.contains(PLAIN_B64) {
                failures.push(format!("[{what}] {args:?} shows the plaintext:\n{stderr}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The merge target never changed.
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(fixture("sealed/basic.strict.yaml")).unwrap()
    );
}

/// `seal` takes the file as an argument; the drop-in mode reads stdin.
trait ArgIfSeal {
    fn arg_if_seal(&mut self, args: &[String], file: &Path) -> &mut Self;
}
impl ArgIfSeal for assert_cmd::Command {
    fn arg_if_seal(&mut self, args: &[String], file: &Path) -> &mut Self {
        if args[0] == "seal" {
            self.arg(file);
        }
        self
    }
}

#[test]
fn unseal_failures_print_no_plaintext_anywhere() {
    // Sealed for payments/db; the second document has a template sealant
    // cannot render, so the run fails after opening the first.
    let sealed = seal_small(&secret_with(&format!("stringData:\n  password: {PLAIN}")));
    let broken = sealed.clone()
        + &sealed.replace(
            "  template:\n",
            "  template:\n    data:\n      x: '{{ .password | sha256sum }}'\n",
        );
    assert_ne!(sealed.len() * 2, broken.len(), "the template was added");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.yaml");
    std::fs::write(&p, &broken).unwrap();
    let out = sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/small/tls.key"))
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot render"), "{stderr}");
    assert!(
        !stderr.contains(PLAIN) && !stderr.contains(PLAIN_B64),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing printed before every document opened"
    );

    // Renamed after sealing: no key opens it under the new name; the
    // diagnosis names identities, never values.
    let renamed = sealed.replacen("name: db", "name: db2", 1);
    std::fs::write(&p, &renamed).unwrap();
    let out = sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/small/tls.key"))
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no key opens"), "{stderr}");
    assert!(
        !stderr.contains(PLAIN) && !stderr.contains(PLAIN_B64),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn unseal_writes_plaintext_files_0600_even_over_a_0644_file() {
    use std::os::unix::fs::PermissionsExt;
    let sealed = seal_small(&secret_with(&format!("stringData:\n  password: {PLAIN}")));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.yaml");
    std::fs::write(&p, &sealed).unwrap();
    for existing in [false, true] {
        let out = dir.path().join("plain.yaml");
        if existing {
            std::fs::write(&out, "old\n").unwrap();
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        sealant()
            .args(["unseal", "-k"])
            .arg(fixture("keys/small/tls.key"))
            .arg("-w")
            .arg(&out)
            .arg(&p)
            .assert()
            .success();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "existing: {existing}");
        assert!(std::fs::read_to_string(&out).unwrap().contains(PLAIN_B64));
        // Only the input and the output: no temp file left.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}

#[test]
fn debug_output_of_keys_certificates_and_documents_shows_no_secret() {
    let key_pem = std::fs::read_to_string(fixture("keys/small/tls.key")).unwrap();
    let ring = KeyRing::load(
        &[
            fixture("keys/backup-list.yaml"),
            fixture("keys/small/tls.key"),
        ],
        Backend::default(),
    )
    .unwrap();
    let debug = format!("{ring:?} {:#?}", ring.keys[0]);
    assert!(debug.contains("redacted"), "{debug}");
    for line in key_pem.lines().filter(|l| !l.starts_with("-----")) {
        assert!(
            !debug.contains(&line[..16]),
            "Debug shows key material: {debug}"
        );
    }
    let cert_pem = std::fs::read_to_string(fixture("keys/small/tls.crt")).unwrap();
    let cert = Certificate::parse(cert_pem.as_bytes(), "c.pem", Backend::default()).unwrap();
    let debug = format!("{cert:?}");
    assert!(
        !debug.contains(&cert_pem.lines().nth(1).unwrap()[..16]),
        "{debug}"
    );

    let text = secret_with(&format!("stringData:\n  password: {PLAIN}"));
    let input = Manifest::from_text("in.yaml", &text).unwrap();
    let docs = input.documents().unwrap();
    let debug = format!("{input:?} {docs:?} {:#?}", docs[0]);
    assert!(!debug.contains(PLAIN), "{debug}");
    assert!(
        debug.contains("in.yaml") && debug.contains("redacted"),
        "{debug}"
    );
    // Errors built from such documents are plain text without values.
    let e = sealant::Error::input(&docs[0].origin, "x", None);
    assert!(!format!("{e:?} {e}").contains(PLAIN));
}

#[test]
fn wiping_a_document_clears_every_string() {
    let mut v = serde_json::json!({"kind": "Secret", "stringData": {"p": PLAIN, "list": [PLAIN, {"q": PLAIN}]}});
    zeroize_value(&mut v);
    assert!(!v.to_string().contains(PLAIN), "{v}");
    assert_eq!(v["stringData"]["p"], "");
}

#[test]
fn dropping_wiped_values_clears_every_string() {
    // The real `Drop` of the type `unseal` keeps its Secrets in, run on
    // values the test can still look at afterwards.
    let mut values = vec![
        serde_json::json!({"data": {"p": PLAIN_B64}}),
        serde_json::json!({"stringData": {"p": PLAIN, "list": [PLAIN]}}),
    ];
    drop(WipedValues(&mut values));
    assert_eq!(values[0]["data"]["p"], "");
    assert_eq!(values[1]["stringData"]["p"], "");
    assert_eq!(values[1]["stringData"]["list"][0], "");
    assert!(!serde_json::to_string(&values).unwrap().contains(PLAIN));
}
