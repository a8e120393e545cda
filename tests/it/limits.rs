//! Hostile input budgets through the binary: inputs of bounded size that
//! would take unbounded time or memory without the limits in the README's
//! "Limits" section. Each is refused with a clear message and exit 3. (The
//! smaller hostile shapes, such as deep nesting, NUL bytes and UTF-16, are
//! rows of tests/it/bad_input.rs.)

use crate::common::*;
use predicates::prelude::*;

const CERT: &str = "keys/small/tls.crt";

/// A document whose aliases expand to about `9^(levels+1)` values.
fn alias_doc(levels: usize) -> String {
    let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=levels {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    s
}

#[test]
fn billion_laughs_is_refused_per_document() {
    // Nine levels of nine: 387 million values if expanded.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bomb.yaml");
    std::fs::write(&p, alias_doc(9)).unwrap();
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg(&p)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bomb.yaml:"))
        .stderr(predicate::str::contains("document 1"))
        .stderr(predicate::str::contains("more than 100000 values"))
        .stderr(predicate::str::contains(
            "hint: split it into smaller documents",
        ));
}

#[test]
fn many_alias_documents_are_refused_as_a_stream() {
    // Each document expands to ~74,000 values, under the per-document limit;
    // together they pass the 2,000,000-value limit of one input.
    let doc = alias_doc(4);
    let text = vec![doc; 40].join("---\n");
    assert!(text.len() < 20_000, "a small input: {} bytes", text.len());
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .write_stdin(text)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("<stdin>:"))
        .stderr(predicate::str::contains("more than 2000000 values in all"));
}

#[test]
fn too_many_aliases_in_one_document_are_refused() {
    let mut s = String::from("a: &a x\nb: [");
    s.push_str(&vec!["*a"; 10_001].join(","));
    s.push_str("]\n");
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .write_stdin(s)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("document 1"))
        .stderr(predicate::str::contains("aliases"));
}

#[test]
fn input_over_64_mib_is_refused_from_a_file_and_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.yaml");
    let line = format!("# {}\n", "x".repeat(1021));
    let text = line.repeat(64 * 1024 + 1);
    std::fs::write(&p, &text).unwrap();
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg(&p)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("huge.yaml"))
        .stderr(predicate::str::contains("larger than 64 MiB"))
        .stderr(predicate::str::contains("hint: split it"));
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .write_stdin(text)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("<stdin>"))
        .stderr(predicate::str::contains("larger than 64 MiB"));
}

#[test]
fn a_value_over_32_mib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.yaml");
    let mut text = String::from(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\nstringData:\n  blob: ",
    );
    text.push_str(&"A".repeat(33 * 1024 * 1024));
    text.push('\n');
    std::fs::write(&p, &text).unwrap();
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg(&p)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("big.yaml:5"))
        .stderr(predicate::str::contains("document 1"))
        .stderr(predicate::str::contains("more than 32 MiB of text"));
}

#[test]
fn a_million_tiny_documents_are_refused_early() {
    // Two million lines of empty documents and comments are skipped cheaply,
    // and real ones stop at 100,000.
    let text = "---\n# c\n".repeat(1_000_000) + &"{}\n---\n".repeat(100_001);
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .write_stdin(text)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("more than 100000 documents"));
}

#[test]
fn deep_nesting_in_a_private_key_file_is_refused() {
    // Key files are manifests too (tls Secrets, backups): same limits.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.yaml");
    std::fs::write(
        &key,
        format!(
            "kind: List\nitems: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    )
    .unwrap();
    sealant()
        .args(["unseal", "-k"])
        .arg(&key)
        .arg(fixture("sealed/basic.strict.yaml"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains("k.yaml"));
}

/// Seals `secret` (JSON) with the small test key, as JSON.
fn seal_small(secret: &serde_json::Value) -> serde_json::Value {
    let out = sealant()
        .args(["seal", "-o", "json", "--cert"])
        .arg(fixture(CERT))
        .write_stdin(secret.to_string())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn unseal_caps_what_spec_template_data_renders() {
    // 1 MiB sealed once, rendered forty times: 40 MiB from a 1.4 MB input.
    let secret = serde_json::json!({
        "apiVersion": "v1", "kind": "Secret",
        "metadata": {"name": "db", "namespace": "payments"},
        "stringData": {"a": "A".repeat(1024 * 1024)},
    });
    let mut sealed = seal_small(&secret);
    sealed["spec"]["template"]["data"] =
        serde_json::json!({"bomb": "{{ .a }}".repeat(40), "ok": "x{{ .a }}"});
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bomb.json");
    std::fs::write(&input, sealed.to_string()).unwrap();
    let out = dir.path().join("out.json");
    sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/small/tls.key"))
        .arg("-w")
        .arg(&out)
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bomb.json"))
        .stderr(predicate::str::contains("document 1"))
        .stderr(predicate::str::contains("bomb"))
        .stderr(predicate::str::contains("more than 16 MiB"));
    assert!(!out.exists(), "nothing is written");
    // Ten renderings (10 MiB) are within the cap and read back.
    sealed["spec"]["template"]["data"] = serde_json::json!({"ten": "{{ .a }}".repeat(10)});
    std::fs::write(&input, sealed.to_string()).unwrap();
    sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/small/tls.key"))
        .arg("-w")
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg(&out)
        .assert()
        .success();
    // Four such Secrets of 15 MiB each, within the cap one by one, make an
    // unsealed stream of 80 MiB: refused, as sealant would not read it back.
    std::fs::remove_file(&out).unwrap();
    sealed["spec"]["template"]["data"] = serde_json::json!({"b": "{{ .a }}".repeat(14)});
    let one = sealed.to_string();
    std::fs::write(&input, format!("{one}\n{one}\n{one}\n{one}\n")).unwrap();
    sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/small/tls.key"))
        .arg("-w")
        .arg(&out)
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("larger than 64 MiB"))
        .stderr(predicate::str::contains("--to-dir"));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn seal_never_writes_a_stream_it_would_not_read_back() {
    // Four documents of 15 MiB each: a 60 MiB input, within every input
    // limit, that seals to about 80 MiB.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.yaml");
    let value = "A".repeat(15 * 1024 * 1024);
    let text: String = (0..4)
        .map(|i| {
            format!("---\napiVersion: v1\nkind: Secret\nmetadata: {{name: s{i}, namespace: ns}}\nstringData:\n  v: {value}\n")
        })
        .collect();
    assert!(text.len() < 61 * 1024 * 1024);
    std::fs::write(&input, &text).unwrap();
    let out = dir.path().join("sealed.yaml");
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg("-w")
        .arg(&out)
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("big.yaml"))
        .stderr(predicate::str::contains("larger than 64 MiB"))
        .stderr(predicate::str::contains("reads back"));
    assert!(!out.exists(), "nothing is written");
    // The same through an output template that sends every document to one file.
    sealant()
        .current_dir(dir.path())
        .args(["seal", "--output-template", "all.yaml", "--cert"])
        .arg(fixture(CERT))
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("all.yaml"))
        .stderr(predicate::str::contains("larger than 64 MiB"));
    assert!(!dir.path().join("all.yaml").exists(), "nothing is written");
    // One document whose value seals to more than 32 MiB of text.
    let one = format!(
        "apiVersion: v1\nkind: Secret\nmetadata: {{name: s, namespace: ns}}\nstringData:\n  v: {}\n",
        "A".repeat(25 * 1024 * 1024)
    );
    std::fs::write(&input, &one).unwrap();
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg("-w")
        .arg(&out)
        .arg(&input)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("document 1"))
        .stderr(predicate::str::contains("larger than 32 MiB"));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn check_applies_the_input_cap() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.yaml");
    let mut text = String::from("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");
    text.push_str(&format!("# {}\n", "x".repeat(1021)).repeat(64 * 1024 + 1));
    std::fs::write(&p, &text).unwrap();
    sealant()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("huge.yaml"))
        .stdout(predicate::str::contains("larger than 64 MiB"));
    let out = sealant()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["findings"][0]["code"], "too-large");
}

#[test]
fn check_does_not_wait_on_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    sealant()
        .env("SEALANT_RULES", "")
        .arg("check")
        .arg(&fifo)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pipe.yaml"))
        .stderr(predicate::str::contains("not a regular file"));
}

/// Twenty SealedSecrets whose values open with no key under their own
/// label (they were sealed for payments/app-credentials and moved): each
/// failure costs every key, and its diagnosis more. A small budget stops the
/// run early, with a hint, and the work done stays near the budget.
#[test]
fn failed_private_key_operations_have_a_run_budget() {
    let dir = tempfile::tempdir().unwrap();
    let moved = read("sealed/basic.old-key.yaml").replacen(
        "namespace: payments",
        "namespace: elsewhere",
        1,
    );
    std::fs::write(dir.path().join("s.yaml"), moved.repeat(20)).unwrap();
    let out = sealant()
        .current_dir(dir.path())
        .env("SEALANT_MAX_FAILED_OPS", "6")
        .env("SEALANT_STATS", "1")
        .args(["validate", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg("s.yaml")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("failed private-key operations"))
        .stdout(predicate::str::contains("SEALANT_MAX_FAILED_OPS"))
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    let stats = stderr
        .lines()
        .find(|l| l.contains("private-key operation(s)"))
        .unwrap_or_else(|| panic!("no stats line: {stderr}"));
    let failed: u64 = stats
        .split(", ")
        .nth(1)
        .and_then(|f| f.strip_suffix(" failed"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stats}"));
    // Parallel workers may each start one more before they see it spent.
    assert!(failed <= 6 + 16, "{stats}");
    // Without the budget the same file costs hundreds.
    let out = sealant()
        .current_dir(dir.path())
        .env("SEALANT_STATS", "1")
        .args(["validate", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg("s.yaml")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("renamed or moved"))
        .get_output()
        .stdout
        .clone();
    assert!(
        !String::from_utf8(out)
            .unwrap()
            .contains("SEALANT_MAX_FAILED_OPS")
    );
}

#[test]
fn a_budget_that_is_not_a_number_is_a_usage_error() {
    sealant()
        .env("SEALANT_MAX_FAILED_OPS", "lots")
        .args(["validate", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg(fixture("sealed/basic.old-key.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SEALANT_MAX_FAILED_OPS"));
}
