//! Offline key rotation and recovery through the real binary: `reseal`,
//! `validate`, `audit`, `keygen` and `unseal` over whole repos.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use sealant::internals::core::certificate::Certificate;
use sealant::internals::core::crypto::Backend;
use sealant::internals::yaml::{spans, split};
use serde_json::Value;

const BACKUP: &str = "keys/backup-list.yaml";
const OLD_CRT: &str = "keys/old/tls.crt";
const NEW_CRT: &str = "keys/new/tls.crt";
const NEW_KEY: &str = "keys/new/key.yaml";
const OLD_KEY: &str = "keys/old/key.yaml";

fn cert(rel: &str) -> Certificate {
    Certificate::parse(
        &std::fs::read(fixture(rel)).unwrap(),
        rel,
        Backend::default(),
    )
    .unwrap()
}

/// Seals a Secret with the binary, for `cert`, in `format`.
fn seal(cert: &str, secret: &str, format: &str) -> String {
    let out = sealant()
        .args(["seal", "-o", format, "--cert"])
        .arg(fixture(cert))
        .write_stdin(secret)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn secret(ns: &str, name: &str, items: &[(&str, &str)], annotations: &str) -> String {
    let mut s = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\n{annotations}stringData:\n"
    );
    for (k, v) in items {
        s.push_str(&format!("  {k}: {v}\n"));
    }
    s
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Every file under `root` (hidden ones too) and its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The text with every `spec.encryptedData` value and the
/// `sealant.dev/cert-sha256` annotation value blanked: what must not change.
fn masked(text: &str) -> String {
    let mut cuts = Vec::new();
    for doc in split::split_documents(text).unwrap() {
        if let Some(spans) = spans::encrypted_data_spans(text, &doc).unwrap() {
            cuts.extend(spans.items.iter().map(|i| (i.value_start, i.value_end)));
        }
        if let Some(a) = spans::annotation_span(text, &doc, "sealant.dev/cert-sha256").unwrap() {
            cuts.push((a.value_start, a.value_end));
        }
    }
    cuts.sort();
    let mut out = String::new();
    let mut pos = 0;
    for (start, end) in cuts {
        out.push_str(&text[pos..start]);
        out.push_str("<ciphertext>");
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The Secrets a file opens to with `key`, or the error text.
fn unseal_file(cwd: &Path, key: &str, file: &Path) -> Result<Value, String> {
    let out = sealant()
        .current_dir(cwd)
        .args(["unseal", "-o", "json", "-k"])
        .arg(fixture(key))
        .arg(file)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

struct Repo {
    _dir: tempfile::TempDir,
    cwd: PathBuf,
    /// Files with SealedSecrets that reseal must rewrite.
    stale: Vec<&'static str>,
    /// Files with SealedSecrets already sealed for the new certificate.
    current: Vec<&'static str>,
}

impl Repo {
    fn root(&self) -> PathBuf {
        self.cwd.join("repo")
    }
}

/// A GitOps repo: SealedSecrets under the old and the new key (made by the
/// independent implementation and by `sealant seal`), Deployments,
/// comments, several documents per file, JSON, a broken file, ignored and
/// hidden files.
fn build_repo() -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().to_path_buf();
    let root = cwd.join("repo");
    write(
        &root,
        "apps/payments/legacy-old.yaml",
        &format!(
            "# sealed long ago, under the old key\n{}",
            read("sealed/basic.old-key.yaml")
        ),
    );
    write(
        &root,
        "apps/payments/current.json",
        &read("sealed/basic.strict.json"),
    );
    write(&root, "apps/teams.yaml", &read("sealed/multi.strict.yaml"));
    write(&root, "apps/tls.yml", &read("sealed/tls.strict.yaml"));

    let deployment = "\
# The shop: a Deployment and its secrets
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the storefront
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: web
          image: shop:1.2.3
";
    let mixed = format!(
        "{deployment}{}---\n# cache settings\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\n  namespace: shop\ndata:\n  mode: fast\n{}{}",
        seal(
            OLD_CRT,
            &secret(
                "shop",
                "web-db",
                &[("password", "hunter2"), ("user", "web")],
                ""
            ),
            "yaml"
        ),
        seal(
            NEW_CRT,
            &secret("shop", "web-cache", &[("url", "redis://cache:6379")], ""),
            "yaml"
        ),
        seal(
            OLD_CRT,
            &secret(
                "shop",
                "shared",
                &[("token", "shared-token")],
                "  annotations:\n    sealedsecrets.bitnami.com/namespace-wide: \"true\"\n"
            ),
            "yaml"
        ),
    );
    write(&root, "apps/mixed.yaml", &mixed);

    let json = format!(
        "{}{{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"ConfigMap\",\n  \"metadata\": {{\"name\": \"ci\"}}\n}}\n",
        seal(
            OLD_CRT,
            &secret("ops", "ci-token", &[("token", "tok-123")], ""),
            "json"
        )
    );
    write(&root, "apps/old.json", &json);

    let old_fp = cert(OLD_CRT).fingerprint.to_string();
    // `sealant seal` records the certificate; give the record a comment
    // that the reseal must keep.
    let sealed = seal(
        OLD_CRT,
        &secret("shop", "annotated", &[("key", "v1")], ""),
        "yaml",
    );
    let record = sealed
        .lines()
        .find(|l| l.trim_start().starts_with("sealant.dev/cert-sha256:"))
        .expect("sealant seal records the certificate")
        .to_string();
    let annotated = sealed.replacen(
        &record,
        &format!("    sealant.dev/cert-sha256: {old_fp} # sealed with"),
        1,
    );
    assert!(annotated.contains(&old_fp));
    write(&root, "apps/annotated.yaml", &annotated);

    write(
        &root,
        "broken.yaml",
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: broken\n   namespace: x\nspec: [\n",
    );
    write(&root, ".gitignore", "ignored/\n");
    write(
        &root,
        "ignored/old.yaml",
        &read("sealed/basic.old-key.yaml"),
    );
    write(
        &root,
        ".hidden/old.yaml",
        &read("sealed/basic.old-key.yaml"),
    );
    write(&root, "README.md", "# infra\n");
    write(
        &root,
        "kustomization.yaml",
        "resources:\n  - apps/mixed.yaml # all of it\n",
    );
    Repo {
        _dir: dir,
        cwd,
        stale: vec![
            "apps/annotated.yaml",
            "apps/mixed.yaml",
            "apps/old.json",
            "apps/payments/legacy-old.yaml",
        ],
        current: vec![
            "apps/payments/current.json",
            "apps/teams.yaml",
            "apps/tls.yml",
        ],
    }
}

fn reseal(repo: &Repo, extra: &[&str]) -> std::process::Output {
    sealant()
        .current_dir(&repo.cwd)
        .args(["reseal", "repo", "--key"])
        .arg(fixture(BACKUP))
        .arg("--cert")
        .arg(fixture(NEW_CRT))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn reseal_moves_every_item_to_the_new_key_and_touches_nothing_else() {
    let repo = build_repo();
    let root = repo.root();
    let before = snapshot(&root);
    let plaintext: BTreeMap<&str, Value> = repo
        .stale
        .iter()
        .chain(&repo.current)
        .map(|f| (*f, unseal_file(&root, BACKUP, Path::new(f)).unwrap()))
        .collect();
    for f in &repo.stale {
        assert!(
            unseal_file(&root, NEW_KEY, Path::new(f)).is_err(),
            "{f} must need the old key before"
        );
    }

    let out = reseal(&repo, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the broken file fails the run\n{stderr}"
    );
    assert!(stderr.contains("repo/broken.yaml:5"), "{stderr}");
    assert!(
        stderr.contains("file left untouched: repo/broken.yaml"),
        "{stderr}"
    );
    assert!(stderr.contains("8 item(s) resealed"), "{stderr}");
    assert!(stderr.contains("1 failed"), "{stderr}");
    assert!(
        !stderr.contains("ignored") && !stderr.contains(".hidden"),
        "{stderr}"
    );
    for f in &repo.stale {
        assert!(stdout.contains(&format!("resealed repo/{f}")), "{stdout}");
    }

    let after = snapshot(&root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file added or removed"
    );
    for (path, bytes) in &before {
        let rel = path.to_str().unwrap();
        if repo.stale.contains(&rel) {
            assert_ne!(&after[path], bytes, "{rel} must change");
            let (old, new) = (
                String::from_utf8(bytes.clone()).unwrap(),
                String::from_utf8(after[path].clone()).unwrap(),
            );
            assert_eq!(
                masked(&old),
                masked(&new),
                "{rel}: only ciphertext may change"
            );
        } else {
            assert_eq!(&after[path], bytes, "{rel} must stay byte for byte");
        }
    }
    // Every item opens with the new key alone, to its old value.
    for (f, expected) in &plaintext {
        let got = unseal_file(&root, NEW_KEY, Path::new(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert_eq!(&got, expected, "{f}");
    }
    // The annotation names the new certificate now.
    let annotated = std::fs::read_to_string(root.join("apps/annotated.yaml")).unwrap();
    let new_fp = cert(NEW_CRT).fingerprint.to_string();
    let doc = &yaml_docs(&annotated)[0];
    assert_eq!(
        doc["metadata"]["annotations"]["sealant.dev/cert-sha256"], new_fp,
        "{annotated}"
    );
    assert!(
        annotated.contains(" # sealed with\n"),
        "the comment stays: {annotated}"
    );

    // A second run changes nothing at all.
    let out = reseal(&repo, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("0 item(s) resealed"), "{stderr}");
    assert_eq!(snapshot(&root), after, "a second run must change nothing");

    // Without the broken file the run is clean, and still a no-op.
    std::fs::remove_file(root.join("broken.yaml")).unwrap();
    let out = reseal(&repo, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut expected = after.clone();
    expected.remove(Path::new("broken.yaml"));
    assert_eq!(snapshot(&root), expected);
}

#[test]
fn reseal_dry_run_writes_nothing() {
    let repo = build_repo();
    let before = snapshot(&repo.root());
    let out = reseal(&repo, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for f in &repo.stale {
        assert!(
            stdout.contains(&format!("would reseal repo/{f}")),
            "{stdout}"
        );
    }
    assert!(stderr.contains("8 item(s) to reseal"), "{stderr}");
    assert!(stderr.contains("dry run: nothing written"), "{stderr}");
    assert_eq!(snapshot(&repo.root()), before);
}

#[test]
fn reseal_targets_the_newest_key_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.yaml");
    std::fs::write(&file, read("sealed/basic.old-key.yaml")).unwrap();
    let out = sealant()
        .args(["reseal", "--key"])
        .arg(fixture(BACKUP))
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&cert(NEW_CRT).fingerprint.to_string()),
        "{stderr}"
    );
    let expected: Value =
        serde_json::from_str(&read("expected/basic.old-key.secret.json")).unwrap();
    assert_eq!(unseal_file(dir.path(), NEW_KEY, &file).unwrap(), expected);
}

#[test]
fn reseal_reports_an_item_no_key_opens_and_leaves_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("both.yaml");
    // The new key is not given: the current document cannot be opened.
    let text = format!(
        "{}{}",
        read("sealed/basic.old-key.yaml"),
        read("sealed/multi.strict.yaml")
    );
    std::fs::write(&file, &text).unwrap();
    let out = sealant()
        .args(["reseal", "--key"])
        .arg(fixture(OLD_KEY))
        .arg("--cert")
        .arg(fixture(NEW_CRT))
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("private key of the target certificate is not among --key"),
        "{stderr}"
    );
    assert!(
        stderr.contains("document 2 (SealedSecret team-a/first): item 'token': no key opens it"),
        "{stderr}"
    );
    assert!(stderr.contains("3 item(s) held back"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// A repo for `validate`: valid, renamed, moved, damaged, legacy, broken.
fn validate_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    write(&root, "ok-new.yaml", &read("sealed/basic.strict.yaml"));
    write(&root, "ok-old.yaml", &read("sealed/basic.old-key.yaml"));
    let renamed = read("sealed/basic.strict.yaml").replacen(
        "  name: app-credentials\n  namespace: payments\nspec:",
        "  name: app-creds\n  namespace: payments\nspec:",
        1,
    );
    assert!(renamed.contains("name: app-creds\n"));
    write(&root, "renamed.yaml", &renamed);
    let moved = read("sealed/basic.namespace-wide.yaml").replacen(
        "  name: app-credentials\n  namespace: payments\nspec:",
        "  name: app-credentials\n  namespace: billing\nspec:",
        1,
    );
    assert!(moved.contains("namespace: billing\n"));
    write(&root, "moved.yaml", &moved);
    write(
        &root,
        "damaged.yaml",
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: d\n  namespace: n\nspec:\n  encryptedData:\n    pw: not-base64!\n",
    );
    write(
        &root,
        "legacy.yaml",
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: l\n  namespace: n\nspec:\n  data: AgBy3i4OJSWK+PiTySYZZA==\n",
    );
    write(&root, "broken.json", "{\"kind\": \n");
    dir
}

fn validate(cwd: &Path, key: &str) -> (Option<i32>, String, String) {
    let out = sealant()
        .current_dir(cwd)
        .args(["validate", "repo", "-k"])
        .arg(fixture(key))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_says_what_is_valid_and_why_the_rest_is_not() {
    let dir = validate_repo();
    let (code, stdout, stderr) = validate(dir.path(), BACKUP);
    assert_eq!(code, Some(1), "{stderr}");
    let line = |needle: &str| {
        stdout
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle}:\n{stdout}"))
            .to_string()
    };
    assert!(line("repo/ok-new.yaml").starts_with("valid "), "{stdout}");
    assert!(line("repo/ok-old.yaml").starts_with("valid "), "{stdout}");
    let renamed = line("repo/renamed.yaml");
    assert!(renamed.starts_with("invalid "), "{renamed}");
    assert!(renamed.contains("renamed or moved"), "{renamed}");
    assert!(
        renamed.contains("strict scope as payments/app-credentials"),
        "{renamed}"
    );
    let moved = line("repo/moved.yaml");
    assert!(moved.contains("renamed or moved"), "{moved}");
    assert!(
        moved.contains("namespace-wide scope in namespace 'payments'"),
        "{moved}"
    );
    let damaged = line("repo/damaged.yaml");
    assert!(
        damaged.contains("item 'pw'") && damaged.contains("not valid base64"),
        "{damaged}"
    );
    assert!(line("repo/legacy.yaml").contains("legacy v1"), "{stdout}");
    assert!(line("repo/broken.json").starts_with("invalid "), "{stdout}");
    assert!(
        stderr.contains("2 valid, 4 invalid, 1 file(s) unreadable or malformed"),
        "{stderr}"
    );

    // Without the old key, what it sealed is reported as such.
    let (_, stdout, _) = validate(dir.path(), NEW_KEY);
    let old = stdout
        .lines()
        .find(|l| l.contains("repo/ok-old.yaml"))
        .unwrap();
    assert!(
        old.starts_with("invalid ") && old.contains("no key opens it"),
        "{old}"
    );

    // A clean repo validates with exit 0, and nothing is written.
    for f in [
        "renamed.yaml",
        "moved.yaml",
        "damaged.yaml",
        "legacy.yaml",
        "broken.json",
    ] {
        std::fs::remove_file(dir.path().join("repo").join(f)).unwrap();
    }
    let before = snapshot(dir.path());
    let (code, _, stderr) = validate(dir.path(), BACKUP);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn audit_attributes_every_item_to_its_key() {
    let repo = build_repo();
    std::fs::remove_file(repo.root().join("broken.yaml")).unwrap();
    let (old_fp, new_fp) = (
        cert(OLD_CRT).fingerprint.to_string(),
        cert(NEW_CRT).fingerprint.to_string(),
    );
    // Which certificate each file's items were sealed for.
    let expect = |file: &str, item: &str| -> &str {
        match (file, item) {
            ("repo/apps/mixed.yaml", "url") => &new_fp,
            (f, _) if f.contains("current") || f.contains("teams") || f.contains("tls") => &new_fp,
            _ => &old_fp,
        }
    };
    let out = sealant()
        .current_dir(&repo.cwd)
        .args(["audit", "repo", "--json", "-k"])
        .arg(fixture(BACKUP))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = report["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        8 + 3 + 4 + 1 + count_items("sealed/tls.strict.yaml")
    );
    let mut per_fp: BTreeMap<String, usize> = BTreeMap::new();
    for item in items {
        let file = item["file"].as_str().unwrap();
        let name = item["item"].as_str().unwrap();
        let fp = item["cert_sha256"].as_str().unwrap_or("(none)");
        assert_eq!(fp, expect(file, name), "{item}");
        *per_fp.entry(fp.to_string()).or_default() += 1;
    }
    let keys = report["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    for k in keys {
        let fp = k["cert_sha256"].as_str().unwrap();
        assert_eq!(k["items"].as_u64().unwrap() as usize, per_fp[fp], "{k}");
    }
    assert!(report["note"].as_str().unwrap().contains("git history"));

    // The table says the same.
    let out = sealant()
        .current_dir(&repo.cwd)
        .args(["audit", "repo", "-k"])
        .arg(fixture(BACKUP))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let key_no = |fp: &str| {
        let i = keys.iter().position(|k| k["cert_sha256"] == fp).unwrap();
        format!("#{}", i + 1)
    };
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("FILE:LINE"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), items.len(), "{text}");
    for row in rows {
        let cells: Vec<&str> = row.split_whitespace().collect();
        let file = cells[0].rsplit_once(':').unwrap().0;
        assert_eq!(cells[4], key_no(expect(file, cells[3])), "{row}");
    }
    for line in [
        format!("sha256:{}", &old_fp[..16]),
        format!("sha256:{}", &new_fp[..16]),
    ] {
        assert!(text.contains(&line), "{text}");
    }
    assert!(text.contains("re-encrypting is not enough"), "{text}");
}

fn count_items(rel: &str) -> usize {
    yaml_docs(&read(rel))
        .iter()
        .map(|d| {
            d["spec"]["encryptedData"]
                .as_object()
                .map_or(0, |m| m.len())
        })
        .sum()
}

#[test]
fn keygen_makes_a_key_that_seals_and_opens() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let out = sealant()
        .args(["keygen", "--name", "my-key"])
        .arg(&keys)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |f: &str| {
            std::fs::metadata(keys.join(f))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("tls.key"), 0o600);
        assert_eq!(mode("key.yaml"), 0o600);
        assert_eq!(mode("tls.crt"), 0o644);
    }
    let key_pem = std::fs::read_to_string(keys.join("tls.key")).unwrap();
    assert!(
        key_pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"),
        "PKCS#1"
    );
    let manifest = yaml_docs(&std::fs::read_to_string(keys.join("key.yaml")).unwrap());
    assert_eq!(manifest[0]["type"], "kubernetes.io/tls");
    assert_eq!(manifest[0]["metadata"]["name"], "my-key");
    assert_eq!(manifest[0]["metadata"]["namespace"], "kube-system");
    assert_eq!(
        manifest[0]["metadata"]["labels"]["sealedsecrets.bitnami.com/sealed-secrets-key"],
        "active"
    );

    let show = sealant()
        .args(["cert", "show"])
        .arg(keys.join("tls.crt"))
        .output()
        .unwrap();
    let show = String::from_utf8_lossy(&show.stdout);
    assert!(show.contains("subject:      (empty"), "{show}");
    assert!(show.contains("RSA 4096 bits"), "{show}");

    let sealed = keys.join("sealed.yaml");
    sealant()
        .args(["seal", "--cert"])
        .arg(keys.join("tls.crt"))
        .arg(fixture("secrets/basic.yaml"))
        .arg("-w")
        .arg(&sealed)
        .assert()
        .success();
    let opened = unseal_file(dir.path(), "keys/new/key.yaml", &sealed);
    assert!(opened.is_err(), "another key does not open it");
    let out = sealant()
        .args(["unseal", "-o", "json", "--key"])
        .arg(keys.join("key.yaml"))
        .arg(&sealed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Value = serde_json::from_str(&read("expected/basic.strict.secret.json")).unwrap();
    assert_eq!(got, expected);

    // Never over an existing key.
    let before = snapshot(&keys);
    sealant().arg("keygen").arg(&keys).assert().code(2);
    assert_eq!(snapshot(&keys), before);
}

#[test]
fn keygen_takes_size_validity_and_namespace() {
    let dir = tempfile::tempdir().unwrap();
    sealant()
        .args([
            "keygen",
            "--bits",
            "2048",
            "--validity",
            "2y",
            "-n",
            "sealed-secrets",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let c = Certificate::parse(
        &std::fs::read(dir.path().join("tls.crt")).unwrap(),
        "c",
        Backend::default(),
    )
    .unwrap();
    assert_eq!(c.bits(), 2048);
    assert_eq!((c.not_after - c.not_before).whole_days(), 730);
    let manifest = std::fs::read_to_string(dir.path().join("key.yaml")).unwrap();
    assert!(
        manifest.contains("namespace: sealed-secrets\n"),
        "{manifest}"
    );
    assert!(manifest.contains("name: sealed-secrets-key"), "{manifest}");
    sealant()
        .args(["keygen", "--bits", "1024"])
        .arg(dir.path().join("x"))
        .assert()
        .code(2);
    sealant()
        .args(["keygen", "--validity", "soon"])
        .arg(dir.path().join("x"))
        .assert()
        .code(2);
}

#[test]
fn unseal_walks_folders_and_writes_one_private_file_per_secret() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write(&repo, "a/multi.yaml", &read("sealed/multi.strict.yaml"));
    write(&repo, "b/tls.yaml", &read("sealed/tls.strict.yaml"));
    write(&repo, "b/notes.txt", "not a manifest\n");
    let out_dir = dir.path().join("plain");
    let out = sealant()
        .args(["unseal", "-k"])
        .arg(fixture(BACKUP))
        .arg(&repo)
        .arg("--to-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "team-a-first.yaml",
            "team-a-second.yaml",
            "team-b-third.yaml",
            "web-ingress-tls.yaml"
        ]
    );
    let expected: Value = serde_json::from_str(&read("expected/multi.strict.secret.json")).unwrap();
    let expected = expected["items"].as_array().unwrap();
    for (file, want) in names.iter().take(3).zip(expected) {
        let docs = yaml_docs(&std::fs::read_to_string(out_dir.join(file)).unwrap());
        assert_eq!(&docs[0], want, "{file}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(out_dir.join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
    }

    // Two Secrets for one file name: an error, and nothing written.
    write(&repo, "c/again.yaml", &read("sealed/multi.strict.yaml"));
    let out_dir = dir.path().join("plain2");
    let out = sealant()
        .args(["unseal", "-k"])
        .arg(fixture(BACKUP))
        .arg(&repo)
        .arg("--to-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("team-a-first.yaml"), "{stderr}");
    assert!(!out_dir.exists() || std::fs::read_dir(&out_dir).unwrap().count() == 0);
}

/// The private-key operations a `validate` of `dir` ran, from SEALANT_STATS.
fn validate_ops(dir: &Path) -> (u64, u64) {
    let out = sealant()
        .current_dir(dir)
        .env("SEALANT_STATS", "1")
        .args(["validate", "-k"])
        .arg(fixture("keys/old/key.yaml"))
        .arg("-k")
        .arg(fixture("keys/new/key.yaml"))
        .arg(".")
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.contains("private-key operation(s)"))
        .unwrap_or_else(|| panic!("{stderr}"));
    let mut numbers = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|n| n.parse::<u64>().unwrap());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

fn git(dir: &Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A file sealed with the new key, no certificate record, keys given old
/// first: by modulus the old key comes first and costs a failed operation;
/// committed while the new key was the newest (its certificate starts on
/// 2026-02-01), the new key is tried first and nothing fails.
#[test]
fn the_key_active_at_the_last_commit_is_tried_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = read("sealed/basic.strict.yaml");
    assert!(!text.contains("cert-sha256"));
    std::fs::write(dir.path().join("s.yaml"), &text).unwrap();
    assert_eq!(
        validate_ops(dir.path()),
        (4, 1),
        "outside git: modulus order"
    );
    git(dir.path(), &["init", "-q"], "2026-02-10T00:00:00Z");
    git(dir.path(), &["add", "s.yaml"], "2026-02-10T00:00:00Z");
    git(dir.path(), &["commit", "-qm", "x"], "2026-02-10T00:00:00Z");
    assert_eq!(validate_ops(dir.path()), (3, 0), "one operation per item");
}
