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

/// A folder for one edit: the SealedSecret `s.yaml` (a copy of a
/// conformance file), the runtime folder the buffer goes into, and editor
/// scripts.
struct EditCase {
    dir: tempfile::TempDir,
}

impl EditCase {
    fn new(sealed: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            fixture(&format!("sealed/{sealed}")),
            dir.path().join("s.yaml"),
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("run")).unwrap();
        EditCase { dir }
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn file(&self) -> Vec<u8> {
        std::fs::read(self.path("s.yaml")).unwrap()
    }

    /// An editor: a shell script given the buffer's path as `$1`.
    fn editor(&self, body: &str) -> std::path::PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path("editor.sh");
        std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    fn command(&self, editor: &std::path::Path) -> std::process::Command {
        let mut cmd = self.bare(editor);
        cmd.arg("--cert").arg(fixture("keys/new/tls.crt"));
        cmd
    }

    /// The command without --cert.
    fn bare(&self, editor: &std::path::Path) -> std::process::Command {
        let mut cmd = self.unkeyed(editor);
        cmd.arg("--key").arg(fixture("keys/backup-list.yaml"));
        cmd
    }

    /// The command without --cert and --key (a blind edit).
    fn unkeyed(&self, editor: &std::path::Path) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sealant"));
        isolate(&mut cmd);
        cmd.current_dir(self.dir.path())
            .env_remove("VISUAL")
            .env("EDITOR", editor)
            .env("XDG_RUNTIME_DIR", self.path("run"))
            .args(["edit", "s.yaml"])
            .stdin(std::process::Stdio::null());
        cmd
    }

    fn edit(&self, editor_body: &str) -> std::process::Output {
        let editor = self.editor(editor_body);
        self.command(&editor).output().unwrap()
    }

    /// Nothing of the buffer is left in the runtime folder.
    fn assert_no_buffer_left(&self) {
        let left: Vec<_> = std::fs::read_dir(self.path("run")).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    /// The file opened with the conformance key: item -> bytes.
    fn opened(&self) -> BTreeMap<String, Vec<u8>> {
        let out = sealant()
            .arg("cat")
            .arg(self.path("s.yaml"))
            .arg("--key")
            .arg(fixture("keys/backup-list.yaml"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        readable_items(&yaml_docs(&String::from_utf8(out.stdout).unwrap()))
            .into_iter()
            .map(|((_, k), v)| (k, v))
            .collect()
    }
}

fn encrypted(file: &[u8]) -> BTreeMap<String, String> {
    let docs = yaml_docs(std::str::from_utf8(file).unwrap());
    docs[0]["spec"]["encryptedData"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn edit_changes_adds_and_deletes_items_and_keeps_the_rest_byte_for_byte() {
    let case = EditCase::new("basic.strict.yaml");
    let before = case.file();
    let out = case.edit(
        "grep -q '^  username: admin$' \"$1\"\n\
         sed -i 's/^  username: admin$/  username: root/' \"$1\"\n\
         sed -i '/^  api-url:/d' \"$1\"\n\
         sed -i '/^stringData:$/a\\  extra: new value' \"$1\"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    case.assert_no_buffer_left();
    let after = case.file();
    let opened = case.opened();
    let want: BTreeMap<String, Vec<u8>> = [
        ("extra", "new value"),
        ("password", "s3cr3t-p@ssw0rd!"),
        ("username", "root"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
    .collect();
    assert_eq!(opened, want);
    let (old, new) = (encrypted(&before), encrypted(&after));
    assert_eq!(
        old["password"], new["password"],
        "untouched ciphertext kept"
    );
    assert_ne!(old["username"], new["username"]);
    // Every line but the edited items' is as it was.
    let keep = |t: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(t)
            .lines()
            .filter(|l| {
                !l.trim_start().starts_with("username:")
                    && !l.trim_start().starts_with("api-url:")
                    && !l.trim_start().starts_with("extra:")
            })
            .map(str::to_string)
            .collect()
    };
    assert_eq!(keep(&before), keep(&after));
}

#[test]
fn edit_without_change_or_with_a_failing_editor_leaves_the_file_untouched() {
    let case = EditCase::new("basic.strict.yaml");
    let before = case.file();
    // The editor only looks: no change, not even a rewrite.
    let out = case.edit("grep -q 'stringData' \"$1\"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no change"));
    assert_eq!(case.file(), before);
    case.assert_no_buffer_left();
    // The editor changes a value, then fails: nothing changes.
    let out = case.edit("sed -i 's/admin/root/' \"$1\"\nexit 1");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(case.file(), before);
    case.assert_no_buffer_left();
    // A buffer that does not parse (not on a terminal: no second chance).
    let out = case.edit("printf 'stringData: [unclosed\\n' > \"$1\"");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(case.file(), before);
    case.assert_no_buffer_left();
    // A rename is refused.
    let out = case.edit("sed -i 's/^  name: app-credentials$/  name: other/' \"$1\"");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(case.file(), before);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("s3cr3t"));
}

#[test]
fn the_buffer_is_0600_in_a_0700_folder_and_gone_afterwards() {
    let case = EditCase::new("basic.strict.yaml");
    let log = case.path("modes.log");
    let out = case.edit(&format!(
        "stat -c %a \"$1\" > {log}\nstat -c %a \"$(dirname \"$1\")\" >> {log}\necho \"$1\" >> {log}",
        log = log.display()
    ));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(&lines[..2], &["600", "700"]);
    let buffer = std::path::Path::new(lines[2]);
    assert!(buffer.starts_with(case.path("run")), "{}", buffer.display());
    assert!(!buffer.exists());
    case.assert_no_buffer_left();
}

#[test]
fn sigterm_during_the_edit_wipes_the_buffer_and_changes_nothing() {
    let case = EditCase::new("basic.strict.yaml");
    let before = case.file();
    let started = case.path("started");
    let editor = case.editor(&format!(
        "sed -i 's/admin/root/' \"$1\"\necho \"$1\" > {}.tmp\nmv {0}.tmp {0}\nexec sleep 600",
        started.display()
    ));
    let child = case
        .command(&editor)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the editor to have the buffer open (no timing: a flag file).
    while !started.exists() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let buffer = std::fs::read_to_string(&started).unwrap();
    assert!(std::path::Path::new(buffer.trim()).exists());
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("signal"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(case.file(), before);
    assert!(!std::path::Path::new(buffer.trim()).exists());
    case.assert_no_buffer_left();
}

fn docs_of(file: &[u8]) -> Vec<Value> {
    yaml_docs(std::str::from_utf8(file).unwrap())
}

#[test]
fn the_recorded_certificate_must_match_unless_cert_is_given() {
    let case = EditCase::new("basic.strict.yaml");
    let sealed = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .arg(fixture("secrets/basic.yaml"))
        .output()
        .unwrap();
    assert!(sealed.status.success());
    std::fs::write(case.path("s.yaml"), &sealed.stdout).unwrap();
    let before = case.file();
    let recorded = |f: &[u8]| {
        docs_of(f)[0]["metadata"]["annotations"]["sealant.dev/cert-sha256"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let new_fp = recorded(&before);
    // The rules say the old certificate: it is not the one recorded.
    std::fs::copy(fixture("keys/old/tls.crt"), case.path("old.crt")).unwrap();
    std::fs::write(
        case.path(".sealant.yaml"),
        "clusters:\n  - name: prod\n    cert: old.crt\nrules:\n  - clusters: [prod]\n",
    )
    .unwrap();
    let editor = case.editor("sed -i 's/^  username: admin$/  username: root/' \"$1\"");
    let out = case.bare(&editor).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("records"));
    assert_eq!(case.file(), before);
    case.assert_no_buffer_left();
    // Named with --cert, it is used, and recorded.
    let out = case
        .bare(&editor)
        .arg("--cert")
        .arg(case.path("old.crt"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = case.file();
    assert_ne!(recorded(&after), new_fp);
    assert_eq!(case.opened()["username"], b"root");
    assert_eq!(
        encrypted(&before)["password"],
        encrypted(&after)["password"]
    );
}

#[test]
fn label_and_type_edits_go_to_the_template_and_items_keep_their_ciphertext() {
    let case = EditCase::new("basic.strict.yaml");
    let before = case.file();
    let out = case.edit(
        "sed -i 's/tier: backend/tier: frontend/' \"$1\"\n\
         sed -i 's/^type: Opaque$/type: example.com\\/custom/' \"$1\"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = case.file();
    let doc = &docs_of(&after)[0];
    assert_eq!(
        doc["spec"]["template"]["metadata"]["labels"]["tier"],
        "frontend"
    );
    assert_eq!(doc["spec"]["template"]["type"], "example.com/custom");
    assert_eq!(encrypted(&before), encrypted(&after));
    assert_eq!(case.opened().len(), 3);
}

#[test]
fn a_json_file_is_edited_and_stays_json() {
    let case = EditCase::new("basic.strict.json");
    let before = case.file();
    let out = case.edit(
        "sed -i '/^  api-url:/d' \"$1\"\n\
         sed -i 's/^  username: admin$/  username: root/' \"$1\"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = case.file();
    let doc: Value = serde_json::from_slice(&after).unwrap();
    let items = doc["spec"]["encryptedData"].as_object().unwrap();
    assert_eq!(items.len(), 2);
    let old: Value = serde_json::from_slice(&before).unwrap();
    assert_eq!(items["password"], old["spec"]["encryptedData"]["password"]);
    let opened = case.opened();
    assert_eq!(opened["username"], b"root");
    assert!(!opened.contains_key("api-url"));
}

#[test]
fn one_secret_of_several_is_edited_and_binary_values_are_marked() {
    let case = EditCase::new("multi.strict.yaml");
    let before = case.file();
    // Several SealedSecrets: the editor never starts without a choice.
    let out = case.edit("echo started >> ran; exit 0");
    assert_eq!(out.status.code(), Some(3));
    assert!(!case.path("ran").exists());
    // The third holds a binary value, marked, base64 under data: a no-op.
    let editor = case.editor("grep -q '^# Binary values are base64 under data: blob$' \"$1\"\ngrep -q '^  blob: AAECA/8=$' \"$1\"");
    let out = case
        .command(&editor)
        .args(["--document", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(case.file(), before);
    // The second, by name: only its changed item differs.
    let editor = case.editor("sed -i 's/^  token: beta-2$/  token: gamma-3/' \"$1\"");
    let out = case
        .command(&editor)
        .args(["--name", "second"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = case.file();
    let (b, a) = (docs_of(&before), docs_of(&after));
    assert_eq!(b[0], a[0]);
    assert_eq!(b[2], a[2]);
    assert_eq!(
        b[1]["spec"]["encryptedData"]["extra"],
        a[1]["spec"]["encryptedData"]["extra"]
    );
    assert_ne!(
        b[1]["spec"]["encryptedData"]["token"],
        a[1]["spec"]["encryptedData"]["token"]
    );
    let out = sealant()
        .args(["cat", "--item", "token", "--key"])
        .arg(fixture(NEW_KEY))
        .arg("-")
        .write_stdin(serde_json::to_string(&a[1]).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        b"gamma-3",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every line outside the changed value is as it was.
    let (before, after) = (
        String::from_utf8_lossy(&before),
        String::from_utf8_lossy(&after),
    );
    assert_eq!(before.lines().count(), after.lines().count());
    let changed: Vec<usize> = before
        .lines()
        .zip(after.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
}

#[test]
fn edit_new_writes_a_sealed_secret_and_leaves_no_plaintext() {
    let case = EditCase::new("basic.strict.yaml");
    let editor =
        case.editor("sed -i '/^stringData:$/a\\  password: fresh s3cret\\n  user: ops' \"$1\"");
    let new = |extra: &[&str]| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sealant"));
        isolate(&mut cmd);
        cmd.current_dir(case.path(""))
            .env_remove("VISUAL")
            .env("EDITOR", &editor)
            .env("XDG_RUNTIME_DIR", case.path("run"))
            .args(["edit", "--new", "db", "-n", "payments", "--cert"])
            .arg(fixture("keys/new/tls.crt"))
            .args(extra)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let out = new(&["new.yaml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    case.assert_no_buffer_left();
    let text = std::fs::read_to_string(case.path("new.yaml")).unwrap();
    assert!(!text.contains("s3cret"));
    let doc = &yaml_docs(&text)[0];
    assert_eq!(doc["kind"], "SealedSecret");
    assert_eq!(doc["metadata"]["namespace"], "payments");
    let out = sealant()
        .args(["cat", "--item", "password", "--key"])
        .arg(fixture(NEW_KEY))
        .arg(case.path("new.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"fresh s3cret");
    // An existing file is never replaced.
    let before = case.file();
    let out = new(&["s.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(case.file(), before);
    // An editor that adds nothing (editor.sh replaced) writes nothing.
    case.editor("true");
    let out = new(&["empty.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!case.path("empty.yaml").exists());
    case.assert_no_buffer_left();
}

#[test]
fn a_blind_edit_without_keys_keeps_placeholders_and_seals_what_was_written() {
    let case = EditCase::new("basic.strict.yaml");
    let before = case.file();
    let blind = |body: &str| {
        let editor = case.editor(body);
        let mut cmd = case.unkeyed(&editor);
        cmd.arg("--cert").arg(fixture("keys/new/tls.crt"));
        cmd.output().unwrap()
    };
    // The buffer shows placeholders, and no value.
    let out = blind("grep -q '^  password: <sealed>$' \"$1\"\n! grep -q 's3cr3t' \"$1\"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(case.file(), before, "a no-op blind edit touches nothing");
    // A new item left as a placeholder is refused.
    let out = blind("sed -i '/^stringData:$/a\\  extra: <sealed>' \"$1\"");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(case.file(), before);
    let out = blind(
        "sed -i 's/^  username: <sealed>$/  username: root/' \"$1\"\n\
         sed -i '/^  api-url:/d' \"$1\"\n\
         sed -i '/^stringData:$/a\\  extra: added' \"$1\"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    case.assert_no_buffer_left();
    let after = case.file();
    assert_eq!(
        encrypted(&before)["password"],
        encrypted(&after)["password"]
    );
    let opened = case.opened();
    let want: BTreeMap<String, Vec<u8>> = [
        ("extra", "added"),
        ("password", "s3cr3t-p@ssw0rd!"),
        ("username", "root"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
    .collect();
    assert_eq!(opened, want);
}

/// The value dates `seal` recorded: a changed item is dated the day of the
/// edit, a removed one leaves the record, the others keep their dates.
#[test]
fn edit_dates_the_values_it_changes_and_keeps_the_others() {
    let case = EditCase::new("basic.strict.yaml");
    let sealed = sealant()
        .env("SEALANT_NOW", "2026-01-04")
        .args(["seal", "--cert"])
        .arg(fixture("keys/new/tls.crt"))
        .arg(fixture("secrets/basic.yaml"))
        .output()
        .unwrap();
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    std::fs::write(case.path("s.yaml"), &sealed.stdout).unwrap();
    let dates = |file: &[u8]| -> Value {
        let doc = &yaml_docs(std::str::from_utf8(file).unwrap())[0];
        serde_json::from_str(
            doc["metadata"]["annotations"]["sealant.dev/value-dates"]
                .as_str()
                .expect("a value-dates record"),
        )
        .unwrap()
    };
    let before = dates(&case.file());
    assert_eq!(before["username"], "2026-01-04");
    let editor = case.editor(
        "sed -i 's/^  username: .*$/  username: root/' \"$1\"\n\
         sed -i '/^  api-url:/d' \"$1\"",
    );
    let out = case
        .command(&editor)
        .env("SEALANT_NOW", "2026-03-01")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = dates(&case.file());
    assert_eq!(after["username"], "2026-03-01");
    assert_eq!(after["password"], "2026-01-04");
    assert!(after.get("api-url").is_none(), "{after}");
    assert_eq!(case.opened()["username"], b"root");
}
