//! kubeseal command lines, unchanged, through sealant's drop-in mode, and
//! `sealant unseal` / `cert` / `completions` / `man`.

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn kubeseal_defaults_to_json_and_a_yaml_file_name_selects_yaml() {
    let cert = fixture("keys/new/tls.crt");
    let out = sealant()
        .arg("--cert")
        .arg(&cert)
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("{\n  \"kind\": \"SealedSecret\""),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let w = dir.path().join("sealed.yaml");
    sealant()
        .args(["--cert", cert.to_str().unwrap(), "-f"])
        .arg(fixture("secrets/basic.yaml"))
        .arg("-w")
        .arg(&w)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&w)
            .unwrap()
            .starts_with("---\napiVersion: bitnami.com/v1alpha1")
    );
    sealant()
        .args([
            "--cert",
            cert.to_str().unwrap(),
            "--format",
            "yaml",
            "--scope",
            "cluster-wide",
        ])
        .write_stdin(read("secrets/basic.yaml"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "sealedsecrets.bitnami.com/cluster-wide: \"true\"",
        ));
}

#[test]
fn a_link_named_kubeseal_behaves_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("kubeseal");
    #[cfg(unix)]
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("sealant"), &link).unwrap();
    #[cfg(not(unix))]
    std::fs::copy(assert_cmd::cargo::cargo_bin("sealant"), &link).unwrap();
    let out = isolate(&mut std::process::Command::new(&link))
        .arg("--cert")
        .arg(fixture("keys/new/tls.crt"))
        .arg("-f")
        .arg(fixture("secrets/tls.yaml"))
        .env_remove("SEALED_SECRETS_CERT")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "SealedSecret");
    // kubeseal exits 1 on errors.
    let out = isolate(&mut std::process::Command::new(&link))
        .args(["--cert", "/nope.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = isolate(&mut std::process::Command::new(&link))
        .arg("seal")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "kubeseal takes no positional arguments"
    );
}

#[test]
fn kubeseal_raw_recovery_and_fetch_cert() {
    let cert = fixture("keys/new/tls.crt");
    let out = sealant()
        .args([
            "--raw",
            "--scope",
            "namespace-wide",
            "--namespace",
            "payments",
            "--cert",
            cert.to_str().unwrap(),
        ])
        .arg("--from-file")
        .arg(fixture("raw/plain.txt"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"Ag") && !out.ends_with(b"\n"));

    let backup = fixture("keys/backup-list.yaml");
    let out = sealant()
        .args(["--recovery-unseal", "--recovery-private-key"])
        .arg(format!(
            "{},{}",
            fixture("keys/small/tls.key").display(),
            backup.display()
        ))
        .arg("-f")
        .arg(fixture("sealed/basic.old-key.yaml"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let got: Value = serde_json::from_slice(&out).unwrap();
    let want: Value = serde_json::from_str(&read("expected/basic.old-key.secret.json")).unwrap();
    assert_eq!(got, want);

    sealant()
        .args(["--fetch-cert", "--cert", cert.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("-----BEGIN CERTIFICATE-----"))
        .stderr(predicate::str::contains("sha256:"));

    sealant()
        .args(["--raw", "--merge-into", "x.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the argument '--raw' cannot be used with '--merge-into",
        ));
}

#[test]
fn kubeseal_merge_into_keeps_yaml_as_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("s.yaml");
    std::fs::write(&target, read("sealed/tls.strict.yaml")).unwrap();
    sealant()
        .args(["--cert", fixture("keys/new/tls.crt").to_str().unwrap(), "--merge-into"])
        .arg(&target)
        .write_stdin("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ingress-tls\n  namespace: web\nstringData:\n  ca.crt: hello\n")
        .assert()
        .success();
    let after = std::fs::read_to_string(&target).unwrap();
    assert!(after.starts_with("---\napiVersion"), "{after}");
    assert!(after.contains("    ca.crt: Ag"), "{after}");
}

#[test]
fn unseal_reports_which_label_failed_and_what_would_have_worked() {
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("moved.yaml");
    // Sealed strict for payments/app-credentials, then renamed: the outer name differs.
    let text = read("sealed/basic.strict.yaml").replacen(
        "  name: app-credentials\n  namespace: payments\nspec",
        "  name: renamed\n  namespace: payments\nspec",
        1,
    );
    std::fs::write(&moved, text).unwrap();
    sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg(&moved)
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "no key opens it with label 'payments/renamed' (strict)",
        ))
        .stderr(predicate::str::contains(
            "opens under strict scope as payments/app-credentials",
        ));
    sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/small/tls.key"))
        .arg(fixture("sealed/basic.strict.yaml"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "none of the 1 key(s) given sealed it",
        ));
    sealant()
        .args(["unseal", "-k", "/no/key.pem"])
        .arg(fixture("sealed/basic.strict.yaml"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains("/no/key.pem: no such file"));
}

#[test]
fn unseal_takes_keys_in_any_order_and_form_and_writes_0600() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("secrets.yaml");
    sealant()
        .args(["unseal", "-k"])
        .arg(fixture("keys/new/key.yaml"))
        .arg("-k")
        .arg(fixture("keys/old/tls.key"))
        .arg(fixture("sealed/basic.old-key.yaml"))
        .arg(fixture("sealed/unicode.strict.json"))
        .arg("-w")
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let docs = yaml_docs(&std::fs::read_to_string(&out).unwrap());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["data"]["yes-like"], "eWVz");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn cert_show_describes_the_certificate() {
    sealant()
        .args(["cert", "show"])
        .arg(fixture("keys/new/tls.crt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("fingerprint:  sha256:"))
        .stdout(predicate::str::contains("key:          RSA 4096 bits"))
        .stdout(predicate::str::contains("not after:    2126"));
    sealant()
        .args(["cert", "show"])
        .arg(fixture("keys/expired/tls.crt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("EXPIRED"));
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["seal", "--help"],
        vec!["raw", "--help"],
        vec!["merge", "--help"],
        vec!["unseal", "--help"],
        vec!["cert", "--help"],
        vec!["cert", "show", "--help"],
        vec!["cert", "fetch", "--help"],
        vec!["completions", "--help"],
        vec!["man", "--help"],
    ] {
        sealant()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: sealant"));
    }
}

/// Every command's `--help`, piped (not a terminal) and with a wide
/// `COLUMNS`, wraps at 80 columns.
#[test]
fn every_help_fits_80_columns_in_a_pipe() {
    fn paths(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_string());
            paths(sub, path, out);
        }
    }
    let mut all = Vec::new();
    paths(
        &sealant::internals::app::cli::command(),
        Vec::new(),
        &mut all,
    );
    assert!(all.len() >= 20, "every command and subcommand: {all:?}");
    let mut wide = Vec::new();
    for path in &all {
        for flag in ["--help", "-h"] {
            let out = sealant()
                .args(path)
                .arg(flag)
                .env("COLUMNS", "200")
                .output()
                .unwrap();
            assert!(out.status.success(), "{path:?} {flag}");
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("Usage: sealant"), "{path:?} {flag}: {text}");
            for line in text.lines().filter(|l| l.chars().count() > 80) {
                wide.push(format!("sealant {} {flag}: {line}", path.join(" ")));
            }
        }
    }
    assert!(
        wide.is_empty(),
        "lines over 80 columns:\n{}",
        wide.join("\n")
    );
}

/// The bash completions offer the values of `--scope` and `-o`, and
/// complete path arguments as file names (or folders).
#[test]
fn bash_completions_offer_values_and_file_names() {
    let bash = String::from_utf8(sealant::internals::app::commands::render_completions(
        clap_complete::Shell::Bash,
    ))
    .unwrap();
    let top = &bash[bash.find("\n        sealant)").unwrap()..];
    let top = &top[..top.find("\n        sealant__").unwrap()];
    for (flag, values) in [
        ("--scope", "strict namespace-wide cluster-wide"),
        ("-o", "json yaml"),
        ("--format", "json yaml"),
    ] {
        let case = &top[top.find(&format!("                {flag})")).unwrap()..];
        let case = &case[..case.find(";;").unwrap()];
        assert!(
            case.contains(&format!("compgen -W \"{values}\"")),
            "{flag}: {case}"
        );
    }
    let case = &top[top.find("                --secret-file)").unwrap()..];
    let case = &case[..case.find(";;").unwrap()];
    assert!(case.contains("compopt -o filenames"), "{case}");
    assert!(
        bash.contains("compopt -o plusdirs"),
        "folders complete as folders"
    );
}

#[test]
fn committed_completions_and_man_pages_match_the_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        (clap_complete::Shell::Bash, "sealant.bash"),
        (clap_complete::Shell::Zsh, "_sealant"),
        (clap_complete::Shell::Fish, "sealant.fish"),
        (clap_complete::Shell::PowerShell, "_sealant.ps1"),
        (clap_complete::Shell::Elvish, "sealant.elv"),
    ] {
        let committed = std::fs::read(root.join("completions").join(file)).unwrap_or_default();
        assert!(
            committed == sealant::internals::app::commands::render_completions(shell),
            "completions/{file} is stale: run `cargo run -- completions {shell} > completions/{file}` (or .ci/regen)"
        );
    }
    let pages = sealant::internals::app::commands::man_pages();
    assert!(pages.len() >= 8, "one page per command");
    for (name, bytes) in pages {
        let committed = std::fs::read(root.join("man").join(&name)).unwrap_or_default();
        assert!(
            committed == bytes,
            "man/{name} is stale: run `cargo run -- man --dir man` (or .ci/regen)"
        );
    }
}

#[test]
fn a_closed_pipe_is_a_quiet_exit() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = isolate(&mut Command::new(assert_cmd::cargo::cargo_bin("sealant")))
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status} {err}");
    assert!(err.is_empty(), "{err}");
}
