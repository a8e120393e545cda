//! `sealant check` through the real binary: plaintext Secrets in every form,
//! malformed and stale SealedSecrets, no false alarms, output and exit codes.

use std::path::Path;

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn check(dir: &Path) -> assert_cmd::Command {
    let mut cmd = sealant();
    cmd.current_dir(dir).env("SEALANT_RULES", "").arg("check");
    cmd
}

fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let out = check(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// (file, line, code) of every finding.
fn findings(report: &Value) -> Vec<(String, Option<u64>, String)> {
    let mut v: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn seal_with(cert: &str, text: &str, kubeseal_mode: bool) -> String {
    let mut cmd = sealant();
    cmd.env("SEALANT_RULES", "");
    if !kubeseal_mode {
        cmd.arg("seal");
    } else {
        cmd.args(["-o", "yaml"]);
    }
    let out = cmd
        .arg("--cert")
        .arg(fixture(&format!("keys/{cert}/tls.crt")))
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: pay\nstringData:\n  password: s3cr3t\n";

#[test]
fn finds_plaintext_secrets_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "plain.yaml", SECRET);
    write(
        d,
        "data.json",
        "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Secret\",\n  \"metadata\": {\"name\": \"a\"},\n  \"data\": {\"k\": \"dg==\"}\n}\n",
    );
    write(
        d,
        "list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n    stringData:\n      token: abc\n",
    );
    write(
        d,
        "quoted.yml",
        "\"apiVersion\": 'v1'\n'kind': \"Secret\"\nmetadata:\n  name: q\n\"data\":\n  \"k\": \"dg==\"\n",
    );
    write(
        d,
        "stream.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n---\n# a comment\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: third}\nstringData: {pw: x}\n",
    );
    write(
        d,
        "flow.yaml",
        "{apiVersion: v1, kind: Secret, metadata: {name: f}, data: {a: YQ==}}\n",
    );
    write(
        d,
        "escaped.json",
        "{\"apiVersion\": \"v1\", \"kind\": \"\\u0053ecret\", \"metadata\": {\"name\": \"e\"}, \"stringData\": {\"a\": \"b\"}}\n",
    );
    write(
        d,
        "nested/list.json",
        "{\"kind\": \"List\", \"items\": [{\"kind\": \"SecretList\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"deep\"}, \"data\": {\"x\": \"eA==\"}}]}]}\n",
    );
    write(
        d,
        "tagged.yaml",
        "apiVersion: v1\nkind: !!str Secret\nmetadata: {name: t}\nstringData: {a: b}\n",
    );
    write(
        d,
        "anchor.yaml",
        "x: &k Secret\napiVersion: v1\nkind: *k\nmetadata: {name: a}\nstringData: {a: b}\n",
    );
    let (code, report) = check_json(d, &[]);
    assert_eq!(code, 1);
    let expected = [
        ("anchor.yaml", 5),
        ("data.json", 5),
        ("escaped.json", 1),
        ("flow.yaml", 1),
        ("list.yaml", 10),
        ("nested/list.json", 1),
        ("plain.yaml", 6),
        ("quoted.yml", 5),
        ("stream.yaml", 15),
        ("tagged.yaml", 4),
    ];
    let got = findings(&report);
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((file, line, code), (want_file, want_line)) in got.iter().zip(expected) {
        assert!(file.ends_with(want_file), "{file} vs {want_file}");
        assert_eq!(*line, Some(want_line), "{file}");
        assert_eq!(code, "plaintext-secret", "{file}");
    }
    // The text report: file:line: what is wrong: what to do.
    check(d)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "plain.yaml:6: Secret pay/db holds plaintext values in stringData (password): seal it",
        ))
        .stderr(predicate::str::contains("10 problems in 10 files"));
    // The values never appear in the report.
    let text = String::from_utf8(check(d).output().unwrap().stdout).unwrap();
    assert!(!text.contains("s3cr3t") && !text.contains("dg=="), "{text}");
}

#[test]
fn no_false_alarms_on_sealed_secrets_templates_and_other_manifests() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in [
        "sealed/basic.strict.yaml",
        "sealed/basic.namespace-wide.json",
        "sealed/basic.cluster-wide.yaml",
        "sealed/multi.strict.yaml",
        "sealed/tls.legacy-null-timestamp.yaml",
        "sealed/basic.old-key.yaml",
    ] {
        write(d, &format!("repo/{f}"), &read(f));
    }
    write(d, "repo/own.yaml", &seal_with("new", SECRET, false));
    write(
        d,
        "charts/app/templates/secret.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"app.fullname\" . }}\ntype: Opaque\ndata:\n  password: {{ .Values.password | b64enc | quote }}\n",
    );
    write(
        d,
        "charts/app/templates/quoted.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \"{{ .Release.Name }}\"\nstringData:\n  password: \"{{ .Values.password }}\"\n",
    );
    write(
        d,
        "charts/app/values.yaml",
        "password: \"\"\nimage: nginx\n",
    );
    write(
        d,
        "apps/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          envFrom:\n            - secretRef: {name: db}\n",
    );
    write(
        d,
        "apps/sa-token.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tok\n  annotations: {kubernetes.io/service-account.name: app}\ntype: kubernetes.io/service-account-token\n",
    );
    write(
        d,
        "apps/external.yaml",
        "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: x}\nspec:\n  target: {name: Secret}\n  data:\n    - secretKey: password\n",
    );
    write(
        d,
        "apps/kustomization.yaml",
        "resources: [deploy.yaml]\nsecretGenerator: []\n",
    );
    write(d, "README.md", "kind: Secret\nstringData: {a: b}\n");
    let (code, report) = check_json(d, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(report["findings"].as_array().unwrap().is_empty());
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped.iter().all(|f| f.contains("templates/")));
    check(d)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "skipped 2 templates ({{ }}) with no literal Secret value: ./charts/app/templates/quoted.yaml:5, ./charts/app/templates/secret.yaml\n",
        ))
        .stderr(predicate::str::contains("0 problems"));
}

#[test]
fn finds_malformed_sealed_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = read("sealed/basic.strict.yaml");
    let value = good
        .lines()
        .find(|l| l.trim_start().starts_with("password:"))
        .unwrap()
        .trim_start()
        .strip_prefix("password: ")
        .unwrap()
        .to_string();
    write(d, "bad-base64.yaml", &good.replace(&value, "not*base64!"));
    write(d, "short.yaml", &good.replace(&value, "AgBhYmNk"));
    write(
        d,
        "scope.yaml",
        &good.replacen(
            "  name: app-credentials\n  namespace: payments\n",
            "  annotations:\n    sealedsecrets.bitnami.com/namespace-wide: \"true\"\n  name: app-credentials\n  namespace: payments\n",
            1,
        ),
    );
    write(
        d,
        "no-namespace.yaml",
        &good.replacen("  namespace: payments\n", "", 1),
    );
    write(
        d,
        "legacy.yaml",
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: old\n  namespace: x\nspec:\n  data: AgBhYmNkZWZn\n",
    );
    write(
        d,
        "renamed.yaml",
        &good.replacen("  name: app-credentials\n", "  name: renamed\n", 1),
    );
    write(
        d,
        "bad-record.yaml",
        &seal_with("new", SECRET, false)
            .replace("sealant.dev/cert-sha256: ", "sealant.dev/cert-sha256: XX"),
    );
    let (code, report) = check_json(d, &[]);
    assert_eq!(code, 1);
    let codes: Vec<(String, String)> = findings(&report)
        .into_iter()
        .map(|(f, _, c)| {
            (
                Path::new(&f)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                c,
            )
        })
        .collect();
    for (file, code) in [
        ("bad-base64.yaml", "malformed"),
        ("short.yaml", "malformed"),
        ("scope.yaml", "scope-mismatch"),
        ("no-namespace.yaml", "missing-namespace"),
        ("legacy.yaml", "legacy-data"),
        ("renamed.yaml", "renamed"),
        ("bad-record.yaml", "malformed"),
    ] {
        assert!(
            codes.contains(&(file.to_string(), code.to_string())),
            "{file} {code}: {codes:?}"
        );
    }
    check(d)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("short.yaml:").and(predicate::str::contains(
                "item 'password': the encrypted value is too short to be a sealed value",
            )),
        );
}

#[test]
fn finds_sealed_secrets_sealed_for_another_or_an_expired_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("certs")).unwrap();
    for k in ["new", "expired"] {
        std::fs::copy(
            fixture(&format!("keys/{k}/tls.crt")),
            d.join(format!("certs/{k}.pem")),
        )
        .unwrap();
    }
    write(
        d,
        ".sealant.yaml",
        &format!(
            "clusters:\n  - name: prod\n    cert: certs/new.pem\n  - name: staging\n    fingerprints: [{}]\n  - name: legacy\n    cert: certs/expired.pem\nrules:\n  - paths: [\"old/**\"]\n    clusters: [legacy]\n  - paths: [\"multi/**\"]\n    clusters: [prod, staging]\n  - clusters: [prod]\n",
            fingerprint("keys/old/tls.crt")
        ),
    );
    write(d, "ok.yaml", &seal_with("new", SECRET, false));
    write(d, "stale.yaml", &seal_with("old", SECRET, false));
    // No record, but a 2048-bit key where the cluster's is 4096 bits.
    write(d, "small.yaml", &seal_with("small", SECRET, true));
    // kubeseal-made, right key size: nothing can be said without a record.
    write(d, "kubeseal.yaml", &seal_with("new", SECRET, true));
    write(
        d,
        "old/expired.yaml",
        // As sealed before it expired: a 2048-bit key, like the expired one.
        &seal_with("small", SECRET, false).replace(
            &fingerprint("keys/small/tls.crt"),
            &fingerprint("keys/expired/tls.crt"),
        ),
    );
    // Either cluster's certificate, in its own folder.
    write(d, "multi/prod/a.yaml", &seal_with("new", SECRET, false));
    write(d, "multi/staging/a.yaml", &seal_with("old", SECRET, false));
    write(d, "multi/prod/wrong.yaml", &seal_with("old", SECRET, false));
    let out = sealant()
        .current_dir(d)
        .env_remove("SEALANT_RULES")
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, String)> = findings(&report)
        .into_iter()
        .map(|(f, _, c)| (f.trim_start_matches("./").to_string(), c))
        .collect();
    assert_eq!(
        got,
        [
            (
                "multi/prod/wrong.yaml".to_string(),
                "wrong-certificate".to_string()
            ),
            ("old/expired.yaml".into(), "expired-certificate".into()),
            ("small.yaml".into(), "wrong-certificate".into()),
            ("stale.yaml".into(), "wrong-certificate".into()),
        ],
        "{report:#}"
    );
    let stale = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().unwrap().ends_with("stale.yaml"))
        .unwrap();
    let message = stale["message"].as_str().unwrap();
    assert!(
        message.contains(&fingerprint("keys/old/tls.crt"))
            && message.contains(&fingerprint("keys/new/tls.crt")),
        "{message}"
    );
    // --require-cert-record also reports the SealedSecrets without a record.
    let out = sealant()
        .current_dir(d)
        .env_remove("SEALANT_RULES")
        .args([
            "check",
            "--format",
            "json",
            "--require-cert-record",
            "kubeseal.yaml",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["code"], "missing-cert-record");
}

#[test]
fn json_report_shape_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "clean.yaml", &read("sealed/basic.strict.yaml"));
    let (code, report) = check_json(d, &[]);
    assert_eq!(code, 0);
    for key in ["files", "documents", "findings", "skipped", "errors"] {
        assert!(report.get(key).is_some(), "{key}: {report:#}");
    }
    assert_eq!(report["files"], 1);
    assert_eq!(report["documents"], 1);
    write(d, "leak.yaml", SECRET);
    let (code, report) = check_json(d, &["leak.yaml"]);
    assert_eq!(code, 1);
    let f = &report["findings"][0];
    for key in [
        "file", "line", "document", "object", "code", "message", "hint",
    ] {
        assert!(f.get(key).is_some(), "{key}: {f:#}");
    }
    assert_eq!(f["file"], "leak.yaml");
    assert_eq!(f["line"], 6);
    assert_eq!(f["document"], 1);
    assert_eq!(f["object"], "Secret pay/db");
    // A path that does not exist: exit 2, reported.
    let (code, report) = check_json(d, &["clean.yaml", "missing.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(report["errors"][0]["file"], "missing.yaml");
    // Unreadable rules: exit 2.
    write(d, ".sealant.yaml", "rules: [\n");
    sealant()
        .current_dir(d)
        .env_remove("SEALANT_RULES")
        .args(["check", "clean.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".sealant.yaml:"));
    // Bad usage: exit 2.
    check(d).args(["--format", "xml"]).assert().code(2);
}

#[test]
fn the_pre_commit_hook_is_declared() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let hooks: Value = serde_saphyr::from_str(&text).unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"], "sealant-check");
    assert_eq!(hook["entry"], "sealant check");
    assert_eq!(hook["types_or"], serde_json::json!(["yaml", "json"]));
}

#[test]
fn the_summary_counts_in_the_singular_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("sealed/basic.strict.yaml"),
        dir.path().join("one.yaml"),
    )
    .unwrap();
    check(dir.path())
        .arg("one.yaml")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "checked 1 file (1 document): 0 problems in 0 files",
        ));
}

#[test]
fn check_cannot_be_dodged_by_templates_generators_or_key_backups() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(d)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    // A Helm template no YAML parser reads, with one literal among templates.
    write(
        d,
        "chart/templates/secret.yaml",
        "{{- if .Values.enabled }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"app.fullname\" . }}\ndata:\n  password: {{ .Values.password | b64enc | quote }}\n  api-key: aHVudGVyMg==\n{{- end }}\n",
    );
    // Templates without literals: skipped, summarised in one line.
    for i in 0..5 {
        write(
            d,
            &format!("chart/templates/ok{i}.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: {{ .Values.password | b64enc }}\n",
        );
    }
    // A template that reads a committed chart file (.Files.Get), and one
    // that reads an ignored one.
    write(
        d,
        "chart/Chart.yaml",
        "apiVersion: v2\nname: app\nversion: 0.1.0\n",
    );
    write(d, "chart/files/key.pem", "-----BEGIN PRIVATE KEY-----\n");
    write(d, "chart/files/local.pem", "-----BEGIN PRIVATE KEY-----\n");
    for (name, file) in [("key", "key.pem"), ("ignored", "local.pem")] {
        write(
            d,
            &format!("chart/templates/{name}.yaml"),
            &format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{{{ .Release.Name }}}}\ndata:\n  tls.key: {{{{ .Files.Get \"files/{file}\" | b64enc }}}}\n"
            ),
        );
    }
    // kustomize generators: literals, a committed env file, a committed
    // file, an ignored env file and a missing one.
    write(d, "kust/.env", "PASSWORD=hunter2\n");
    write(d, "kust/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
    write(d, "kust/local.env", "PASSWORD=hunter2\n");
    write(d, ".gitignore", "local.env\nlocal.pem\n");
    write(
        d,
        "kust/kustomization.yaml",
        "resources: []\nsecretGenerator:\n  - name: db\n    literals:\n      - password=hunter2\n  - name: env\n    envs: [.env, local.env, missing.env]\n  - name: ssh\n    files:\n      - ssh-privatekey=id_rsa\n",
    );
    // A controller key backup, as `kubectl get secret -l ... -o yaml` writes it.
    write(
        d,
        "backup/keys.yaml",
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata:\n      name: sealed-secrets-keyabcde\n      namespace: kube-system\n      labels:\n        sealedsecrets.bitnami.com/sealed-secrets-key: active\n    type: kubernetes.io/tls\n    data:\n      tls.crt: LS0t\n      tls.key: LS0t\n",
    );
    // Any Secret with a tls.key.
    write(
        d,
        "apps/tls.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: web-tls, namespace: web}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: LS0t\n  tls.key: LS0t\n",
    );
    let (code, report) = check_json(d, &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        findings(&report),
        [
            (
                "./apps/tls.yaml".to_string(),
                Some(5),
                "private-key".to_string()
            ),
            (
                "./backup/keys.yaml".to_string(),
                Some(12),
                "private-key".to_string()
            ),
            (
                "./chart/templates/key.yaml".to_string(),
                Some(6),
                "private-key".to_string()
            ),
            (
                "./chart/templates/secret.yaml".to_string(),
                Some(8),
                "plaintext-secret".to_string()
            ),
            (
                "./kust/kustomization.yaml".to_string(),
                Some(5),
                "kustomize-literal".to_string()
            ),
            (
                "./kust/kustomization.yaml".to_string(),
                Some(7),
                "kustomize-file".to_string()
            ),
            (
                "./kust/kustomization.yaml".to_string(),
                Some(10),
                "kustomize-file".to_string()
            ),
        ],
        "{report:#}"
    );
    assert_eq!(report["skipped"].as_array().unwrap().len(), 6);
    let text = report.to_string();
    assert!(!text.contains("hunter2"), "no value in the report");
    let out = check(d).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("never commit it"), "{stdout}");
    assert!(stdout.contains("api-key"), "{stdout}");
    assert!(stdout.contains("reads .env (envs)"), "{stdout}");
    assert!(!stdout.contains("local.env"), "{stdout}");
    let skipped: Vec<&str> = stdout.lines().filter(|l| l.contains("skipped")).collect();
    assert_eq!(skipped.len(), 1, "{stdout}");
    assert!(
        skipped[0].starts_with("skipped 6 templates") && skipped[0].contains("and 3 more"),
        "{stdout}"
    );
}
