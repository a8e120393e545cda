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
