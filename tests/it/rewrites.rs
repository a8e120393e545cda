//! Every in-place command rewrites through one function (`io::rewrite`):
//! a file that starts with a UTF-8 byte-order mark (as Windows editors
//! write it) keeps it, and its line endings stay as they were, whichever
//! command rewrote it.

use std::path::Path;

use crate::common::{fixture, isolate, read, sealant, yaml_docs};
use crate::support::fake_apiserver::{FakeApiServer, FakeCluster, RotateBehaviour};
use crate::support::kubeconfig::token_kubeconfig;

const BOM: &[u8] = b"\xEF\xBB\xBF";

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  namespace: prod\nstringData:\n  password: hunter2-plaintext\n";

fn with_bom(text: &str) -> Vec<u8> {
    [BOM, text.as_bytes()].concat()
}

/// The file's text after its byte-order mark, which it must still have.
fn after_bom(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let Some(rest) = bytes.strip_prefix(BOM) else {
        panic!(
            "{} lost its byte-order mark: {:?}",
            path.display(),
            String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
        );
    };
    String::from_utf8(rest.to_vec()).unwrap()
}

fn run(cmd: &mut assert_cmd::Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A SealedSecret sealed for the old certificate, with a byte-order mark.
fn sealed_with_bom(path: &Path) {
    let out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/old/tls.crt"))
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(path, [BOM, &out.stdout].concat()).unwrap();
}

#[test]
fn seal_in_place_keeps_the_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.yaml");
    std::fs::write(&p, with_bom(SECRET)).unwrap();
    run(sealant()
        .args(["seal", "-i", "--cert"])
        .arg(fixture("keys/old/tls.crt"))
        .arg(&p));
    let text = after_bom(&p);
    assert_eq!(yaml_docs(&text)[0]["kind"], "SealedSecret");
    assert!(!text.contains("hunter2"));
}

#[test]
fn merge_and_reseal_keep_the_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sealed.yaml");
    sealed_with_bom(&p);
    run(sealant()
        .args(["merge", "--cert"])
        .arg(fixture("keys/old/tls.crt"))
        .arg(&p)
        .write_stdin(SECRET.replace("password: hunter2-plaintext", "added: by-merge")));
    let docs = yaml_docs(&after_bom(&p));
    assert!(docs[0]["spec"]["encryptedData"].get("added").is_some());
    let before = after_bom(&p);
    run(sealant()
        .args(["reseal", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg(&p));
    assert_ne!(after_bom(&p), before, "resealed for the newest key");
}

#[test]
fn edit_keeps_the_byte_order_mark_and_crlf_line_endings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.yaml");
    let sealed = read("sealed/basic.strict.yaml").replace('\n', "\r\n");
    std::fs::write(&p, with_bom(&sealed)).unwrap();
    std::fs::create_dir(dir.path().join("run")).unwrap();
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nset -e\nsed -i '/^stringData:$/a\\  added: by-edit' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("sealant"));
    isolate(&mut cmd);
    let out = cmd
        .current_dir(dir.path())
        .env_remove("VISUAL")
        .env("EDITOR", &editor)
        .env("XDG_RUNTIME_DIR", dir.path().join("run"))
        .args(["edit", "s.yaml", "--key"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg("--cert")
        .arg(fixture("keys/new/tls.crt"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = after_bom(&p);
    assert_ne!(text, sealed, "the edit changed the file");
    assert!(
        yaml_docs(&text)[0]["spec"]["encryptedData"]
            .get("added")
            .is_some(),
        "{text}"
    );
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line still ends in CRLF: {text:?}"
    );
}

#[test]
fn controller_reseal_in_place_keeps_the_byte_order_mark() {
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::ResealLikeV036,
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kc = token_kubeconfig(&server, dir.path());
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    let p = repo.join("a.yaml");
    let old = read("sealed/basic.strict.yaml");
    std::fs::write(&p, with_bom(&old)).unwrap();
    run(sealant()
        .args(["reseal", "--controller", "--kubeconfig"])
        .arg(&kc)
        .arg(&repo));
    assert_ne!(after_bom(&p), old, "re-encrypted by the controller");
}

#[test]
fn cert_fetch_pin_keeps_the_byte_order_mark_of_the_rules_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(fixture("keys/new/tls.crt"), d.join("prod.pem")).unwrap();
    let rules = "# the clusters\nclusters:\n  - name: prod\n    cert: prod.pem\n";
    std::fs::write(d.join(".sealant.yaml"), with_bom(rules)).unwrap();
    run(sealant().current_dir(d).env_remove("SEALANT_RULES").args([
        "cert",
        "fetch",
        "--pin",
        "--rules-cluster",
        "prod",
    ]));
    let text = after_bom(&d.join(".sealant.yaml"));
    assert!(text.starts_with("# the clusters\n"), "{text}");
    assert!(text.contains("fingerprints"), "{text}");
}
