//! Bad input through the real binary, one table row per case: every command
//! refuses it with the documented exit code and a message that names the
//! file, the document and what to do, and no file changes.
//!
//! To add a case, add a row to `cases()`: the arguments (`@NAME` expands to a
//! fixture, see `expand`), the files to create in the case's own folder, the
//! standard input, the exit code and the substrings stderr must contain.
//! The harness checks the rest for every row: no panic, an `error:` line, no
//! plaintext of the case's secrets in stderr, and every byte, mode and mtime
//! of the folder the same afterwards (no file added or removed either).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::common::*;

/// What goes into a file or standard input.
#[derive(Clone)]
enum Content {
    Text(&'static str),
    Bytes(&'static [u8]),
    Made(fn() -> Vec<u8>),
    Fixture(&'static str),
}

impl Content {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Content::Text(t) => t.as_bytes().to_vec(),
            Content::Bytes(b) => b.to_vec(),
            Content::Made(f) => f(),
            Content::Fixture(rel) => std::fs::read(fixture(rel)).unwrap(),
        }
    }
}

use Content::*;

/// One bad-input case.
struct Case {
    /// A short name, shown when the case fails.
    name: &'static str,
    /// Arguments after the program name; `@NAME` expands (see `expand`).
    args: &'static [&'static str],
    /// Files created in the case's folder (the working directory) first.
    files: &'static [(&'static str, Content)],
    /// Standard input (empty when `None`).
    stdin: Option<Content>,
    /// The expected exit status.
    code: i32,
    /// Substrings stderr must contain (file, document, item, what to do).
    says: &'static [&'static str],
}

/// Plaintext values used by the cases' Secrets: they must never reach stderr.
const SECRETS: &[&str] = &["s3cr3t-hunter2", "czNjcjN0LWh1bnRlcjI="];

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\ndata:\n  password: czNjcjN0LWh1bnRlcjI=\n";
const SECRET_JSON: &str = "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"db\", \"namespace\": \"payments\"}, \"stringData\": {\"password\": \"s3cr3t-hunter2\"}}\n";
const CONFIGMAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: b\n";

fn utf16le_bom() -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(SECRET.encode_utf16().flat_map(u16::to_le_bytes));
    out
}
fn utf16be_bom() -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    out.extend(SECRET.encode_utf16().flat_map(u16::to_be_bytes));
    out
}
fn utf16le_no_bom() -> Vec<u8> {
    SECRET.encode_utf16().flat_map(u16::to_le_bytes).collect()
}
fn nul_in_second_line() -> Vec<u8> {
    let mut b = SECRET.as_bytes().to_vec();
    b[20] = 0;
    b
}
fn invalid_utf8() -> Vec<u8> {
    let mut b = SECRET.as_bytes().to_vec();
    b.extend(b"  other: \xC3\x28\n");
    b
}
fn alias_bomb() -> Vec<u8> {
    let mut s = String::from("apiVersion: v1\nkind: Secret\nmetadata: {name: db}\n");
    s.push_str("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..8 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    s.into_bytes()
}
fn deep_block() -> Vec<u8> {
    let mut s = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n");
    for i in 0..200 {
        s.push_str(&" ".repeat(2 * (i + 1)));
        s.push_str("k:\n");
    }
    s.into_bytes()
}
fn deep_flow() -> Vec<u8> {
    format!(
        "kind: Secret\ndata: {}{}\n",
        "[".repeat(300),
        "]".repeat(300)
    )
    .into_bytes()
}
fn deep_json() -> Vec<u8> {
    format!(
        "{{\"kind\": \"Secret\", \"x\": {}{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    )
    .into_bytes()
}
fn many_documents() -> Vec<u8> {
    "a: 1\n---\n".repeat(100_001).into_bytes()
}
fn many_json_values() -> Vec<u8> {
    let mut s = String::from("[");
    s.push_str(&"0,".repeat(2_100_000));
    s.push_str("0]");
    s.into_bytes()
}
fn second_doc_bad() -> Vec<u8> {
    format!("{CONFIGMAP}---\n{SECRET}  broken: \"unclosed\n").into_bytes()
}
fn sealed_with_bad_value() -> Vec<u8> {
    read("sealed/basic.strict.yaml")
        .replace("password: AgC", "password: !!AgC")
        .into_bytes()
}
fn sealed_truncated_value() -> Vec<u8> {
    let text = read("sealed/basic.strict.yaml");
    let start = text.find("password: ").unwrap() + "password: ".len();
    let end = start + text[start..].find('\n').unwrap();
    format!("{}AgCZUWjXn3K4EKHF{}", &text[..start], &text[end..]).into_bytes()
}
fn sealed_alias_data() -> Vec<u8> {
    b"apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: payments}\nx: &d {a: AgAA}\nspec:\n  encryptedData: *d\n".to_vec()
}
fn legacy_sealed() -> Vec<u8> {
    b"apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: payments}\nspec:\n  data: AgAAAA==\n".to_vec()
}
fn encrypted_key() -> Vec<u8> {
    b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n".to_vec()
}

/// Expands `@NAME` arguments to fixture paths.
fn expand(arg: &str) -> String {
    let rel = match arg {
        "@cert" => "keys/small/tls.crt",
        "@newcert" => "keys/new/tls.crt",
        "@expired" => "keys/expired/tls.crt",
        "@key" => "keys/small/tls.key",
        "@newkey" => "keys/new/tls.key",
        "@backup" => "keys/backup-list.yaml",
        "@sealed" => "sealed/basic.strict.yaml",
        "@ec" => {
            return Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/ec-cert.pem")
                .display()
                .to_string();
        }
        other => return other.to_string(),
    };
    fixture(rel).display().to_string()
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        // ---- seal: reading the input
        Case { name: "seal missing file", args: &["seal", "--cert", "@cert", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml", "No such file", "hint:"] },
        Case { name: "seal a folder", args: &["seal", "--cert", "@cert", "sub"], files: &[("sub/x.yaml", Text(SECRET))], stdin: None, code: 3, says: &["sub"] },
        Case { name: "seal YAML syntax error in document 2", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(second_doc_bad))], stdin: None, code: 3, says: &["s.yaml:", "hint:"] },
        Case { name: "seal JSON syntax error", args: &["seal", "--cert", "@cert", "s.json"], files: &[("s.json", Text("{\"kind\": \"Secret\", \"data\": {\"a\": }}\n"))], stdin: None, code: 3, says: &["s.json:1", "JSON", "hint:"] },
        Case { name: "seal JSON stream, second object broken", args: &["seal", "--cert", "@cert", "s.json"], files: &[("s.json", Text("{\"kind\": \"ConfigMap\"}\n{\"kind\": \"Secret\",\n \"data\": [}\n"))], stdin: None, code: 3, says: &["s.json:", "JSON"] },
        Case { name: "seal NUL byte", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(nul_in_second_line))], stdin: None, code: 3, says: &["s.yaml:2", "NUL"] },
        Case { name: "seal invalid UTF-8", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(invalid_utf8))], stdin: None, code: 3, says: &["s.yaml:8", "UTF-8", "hint:"] },
        Case { name: "seal UTF-16 LE with BOM (PowerShell >)", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(utf16le_bom))], stdin: None, code: 3, says: &["s.yaml", "UTF-16", "iconv"] },
        Case { name: "seal UTF-16 BE with BOM", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(utf16be_bom))], stdin: None, code: 3, says: &["s.yaml", "UTF-16"] },
        Case { name: "seal UTF-16 LE without BOM", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(utf16le_no_bom))], stdin: None, code: 3, says: &["s.yaml", "UTF-16", "little-endian", "Out-File"] },
        Case { name: "seal UTF-16 on stdin", args: &["seal", "--cert", "@cert"], files: &[], stdin: Some(Made(utf16le_bom)), code: 3, says: &["<stdin>", "UTF-16"] },
        Case { name: "seal alias bomb", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(alias_bomb))], stdin: None, code: 3, says: &["s.yaml:", "document 1", "refused", "aliases", "hint:"] },
        Case { name: "seal deep block nesting", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(deep_block))], stdin: None, code: 3, says: &["s.yaml:", "deeper than 128", "hint:"] },
        Case { name: "seal deep flow nesting", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(deep_flow))], stdin: None, code: 3, says: &["s.yaml:2", "nest", "hint: manifests nest"] },
        Case { name: "seal deep JSON nesting", args: &["seal", "--cert", "@cert", "s.json"], files: &[("s.json", Made(deep_json))], stdin: None, code: 3, says: &["s.json:1", "deeper than 128"] },
        Case { name: "seal too many documents", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Made(many_documents))], stdin: None, code: 3, says: &["s.yaml:200001", "more than 100000 documents", "split"] },
        Case { name: "seal too many JSON values", args: &["seal", "--cert", "@cert", "s.json"], files: &[("s.json", Made(many_json_values))], stdin: None, code: 3, says: &["s.json:1", "document 1", "more than 2000000 values", "split"] },
        Case { name: "seal data not base64", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\ndata:\n  password: 's3cr3t-hunter2!'\n"))], stdin: None, code: 3, says: &["s.yaml:1", "document 1", "password", "base64"] },
        Case { name: "seal data value is a number", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\ndata:\n  port: 5432\n"))], stdin: None, code: 3, says: &["s.yaml:1", "document 1", "port"] },
        Case { name: "seal stringData value is a mapping", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\nstringData:\n  password: {a: s3cr3t-hunter2}\n"))], stdin: None, code: 3, says: &["s.yaml:1", "password"] },
        Case { name: "seal Secret without a name", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {namespace: payments}\ndata: {password: czNjcjN0LWh1bnRlcjI=}\n"))], stdin: None, code: 3, says: &["s.yaml:1", "document 1", "name"] },
        Case { name: "seal Secret without data", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\n"))], stdin: None, code: 3, says: &["s.yaml:1", "document 1", "--allow-empty-data"] },
        Case { name: "seal duplicate data key", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\ndata:\n  a: czNjcjN0LWh1bnRlcjI=\n  a: czNjcjN0LWh1bnRlcjI=\n"))], stdin: None, code: 3, says: &["s.yaml:", "document 1"] },
        Case { name: "seal namespace differs from -n", args: &["seal", "--cert", "@cert", "-n", "other", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 3, says: &["s.yaml:1", "document 1", "other", "payments"] },
        Case { name: "seal List with items not a sequence", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: List\nitems: {a: b}\n"))], stdin: None, code: 3, says: &["s.yaml:1", "items"] },
        Case { name: "seal tab indentation", args: &["seal", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata:\n\tname: db\n"))], stdin: None, code: 3, says: &["s.yaml:", "hint:"] },
        Case { name: "seal stdin JSON Secret broken", args: &["seal", "--cert", "@cert"], files: &[], stdin: Some(Text("{\"kind\": \"Secret\", \"stringData\": {\"password\": \"s3cr3t-hunter2\"")), code: 3, says: &["<stdin>", "JSON"] },
        // ---- seal: the certificate
        Case { name: "seal without --cert or a kubeconfig", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 7, says: &["no kubeconfig found", "--cert"] },
        Case { name: "seal cert file missing", args: &["seal", "--cert", "nocert.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 4, says: &["nocert.pem", "no such file", "hint:"] },
        Case { name: "seal cert is garbage", args: &["seal", "--cert", "c.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET)), ("c.pem", Text("hello\n"))], stdin: None, code: 4, says: &["c.pem", "not a PEM"] },
        Case { name: "seal cert is empty", args: &["seal", "--cert", "c.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET)), ("c.pem", Text(""))], stdin: None, code: 4, says: &["c.pem", "empty"] },
        Case { name: "seal cert PEM with a broken body", args: &["seal", "--cert", "c.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET)), ("c.pem", Text("-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n"))], stdin: None, code: 4, says: &["c.pem"] },
        Case { name: "seal cert is a private key", args: &["seal", "--cert", "@key", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 4, says: &["tls.key"] },
        Case { name: "seal cert is EC", args: &["seal", "--cert", "@ec", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 4, says: &["ec-cert.pem", "not an RSA key"] },
        Case { name: "seal cert expired", args: &["seal", "--cert", "@expired", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 4, says: &["tls.crt", "expired", "hint:"] },
        Case { name: "seal cert URL refuses connection", args: &["seal", "--cert", "http://127.0.0.1:1/cert.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 4, says: &["http://127.0.0.1:1/cert.pem", "cannot connect", "hint:"] },
        Case { name: "seal cert file:// URL missing", args: &["seal", "--cert", "file:///nonexistent/cert.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 4, says: &["file:///nonexistent/cert.pem", "no such file"] },
        // ---- seal: the command line and the output
        Case { name: "seal unknown scope", args: &["seal", "--cert", "@cert", "--scope", "global", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 2, says: &["global", "strict"] },
        Case { name: "seal -i and -w together", args: &["seal", "--cert", "@cert", "-i", "-w", "out.yaml", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 2, says: &["--write"] },
        Case { name: "seal -i on standard input", args: &["seal", "--cert", "@cert", "-i"], files: &[], stdin: Some(Text(SECRET)), code: 2, says: &["-i"] },
        Case { name: "seal -i with the second file bad", args: &["seal", "--cert", "@cert", "-i", "a.yaml", "b.yaml"], files: &[("a.yaml", Text(SECRET)), ("b.yaml", Made(second_doc_bad))], stdin: None, code: 3, says: &["b.yaml:"] },
        Case { name: "seal -i with the second file missing", args: &["seal", "--cert", "@cert", "-i", "a.yaml", "gone.yaml"], files: &[("a.yaml", Text(SECRET))], stdin: None, code: 3, says: &["gone.yaml", "No such file"] },
        Case { name: "seal -i with a bad Secret in a later document", args: &["seal", "--cert", "@cert", "-i", "a.yaml"], files: &[("a.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: ok, namespace: payments}\ndata: {password: czNjcjN0LWh1bnRlcjI=}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: bad, namespace: payments}\ndata: {password: 's3cr3t-hunter2!'}\n"))], stdin: None, code: 3, says: &["a.yaml:6", "document 2", "password"] },
        Case { name: "seal -w into a missing folder", args: &["seal", "--cert", "@cert", "-w", "no/such/dir/out.yaml", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 6, says: &["no/such/dir/out.yaml"] },
        Case { name: "seal -w onto a folder", args: &["seal", "--cert", "@cert", "-w", "sub", "s.yaml"], files: &[("s.yaml", Text(SECRET)), ("sub/keep.txt", Text("x"))], stdin: None, code: 6, says: &["sub"] },
        Case { name: "seal -w with bad input leaves the old output", args: &["seal", "--cert", "@cert", "-w", "out.yaml", "s.yaml"], files: &[("s.yaml", Made(second_doc_bad)), ("out.yaml", Text("old output\n"))], stdin: None, code: 3, says: &["s.yaml:"] },
        // ---- raw
        Case { name: "raw --from-file missing", args: &["raw", "--cert", "@cert", "-n", "payments", "--name", "db", "--from-file", "pw.txt"], files: &[], stdin: None, code: 3, says: &["pw.txt"] },
        Case { name: "raw --from-file is a folder", args: &["raw", "--cert", "@cert", "-n", "payments", "--name", "db", "--from-file", "sub"], files: &[("sub/x", Text("x"))], stdin: None, code: 3, says: &["sub"] },
        Case { name: "raw strict without --name", args: &["raw", "--cert", "@cert", "-n", "payments", "--from-file", "pw.txt"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 2, says: &["--name"] },
        Case { name: "raw namespace-wide without --namespace", args: &["raw", "--cert", "@cert", "--scope", "namespace-wide", "--from-file", "pw.txt"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 2, says: &["--namespace"] },
        Case { name: "raw expired cert", args: &["raw", "--cert", "@expired", "--scope", "cluster-wide", "--from-file", "pw.txt"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 4, says: &["expired"] },
        Case { name: "raw cert garbage", args: &["raw", "--cert", "c.pem", "--scope", "cluster-wide", "--from-file", "pw.txt"], files: &[("pw.txt", Text("s3cr3t-hunter2")), ("c.pem", Text("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))], stdin: None, code: 4, says: &["c.pem"] },
        // ---- merge
        Case { name: "merge target missing", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml"] },
        Case { name: "merge target not a SealedSecret", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Text(CONFIGMAP))], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml", "SealedSecret"] },
        Case { name: "merge target invalid YAML", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Text("kind: SealedSecret\nspec: [\n"))], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml:", "hint:"] },
        Case { name: "merge target UTF-16", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Made(utf16le_bom))], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml", "UTF-16"] },
        Case { name: "merge target NUL", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Made(nul_in_second_line))], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml", "NUL"] },
        Case { name: "merge target encryptedData is an alias", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Made(sealed_alias_data))], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml"] },
        Case { name: "merge target value with a YAML tag (fuzz finding)", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Text("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: payments}\nspec:\n  encryptedData:\n    password: !!str AgBy3i4OJSWK+PiTySYZZA==\n"))], stdin: Some(Text(SECRET)), code: 3, says: &["target.yaml:1", "document 1", "line 6", "tag or anchor"] },
        Case { name: "merge Secret on stdin invalid", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: Some(Text("kind: Secret\ndata: [\n")), code: 3, says: &["<stdin>"] },
        Case { name: "merge Secret on stdin empty", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: Some(Text("")), code: 3, says: &["<stdin>"] },
        Case { name: "merge --from missing", args: &["merge", "--cert", "@cert", "--from", "nope.yaml", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 3, says: &["nope.yaml"] },
        Case { name: "merge Secret data not base64", args: &["merge", "--cert", "@cert", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: Some(Text("apiVersion: v1\nkind: Secret\nmetadata: {name: app-credentials, namespace: payments}\ndata: {password: 's3cr3t-hunter2!'}\n")), code: 3, says: &["<stdin>", "password", "base64"] },
        Case { name: "merge without cert or a kubeconfig", args: &["merge", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: Some(Text(SECRET)), code: 7, says: &["no kubeconfig found", "--cert"] },
        Case { name: "merge expired cert", args: &["merge", "--cert", "@expired", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: Some(Text(SECRET)), code: 4, says: &["expired"] },
        // ---- cat
        Case { name: "cat without a key", args: &["cat", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--key"] },
        Case { name: "cat with the wrong key", args: &["cat", "-k", "@key", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["s.yaml:2", "no key opens", "hint:"] },
        Case { name: "cat file missing", args: &["cat", "-k", "@backup", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml"] },
        Case { name: "cat a plain Secret", args: &["cat", "-k", "@backup", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 3, says: &["s.yaml", "no SealedSecret", "hint:"] },
        Case { name: "cat an item that is not there", args: &["cat", "-k", "@backup", "--item", "nope", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 3, says: &["s.yaml", "no item 'nope'", "hint:"] },
        Case { name: "cat --item with --format", args: &["cat", "-k", "@backup", "--item", "x", "-o", "env", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--format"] },
        // ---- edit
        Case { name: "edit a document that is not a SealedSecret", args: &["edit", "--document", "2", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 3, says: &["s.yaml", "document 2 is not a SealedSecret", "hint:"] },
        Case { name: "edit with the wrong key", args: &["edit", "-k", "@key", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["s.yaml:2", "no key opens", "hint:"] },
        Case { name: "edit a file that is missing", args: &["edit", "-k", "@backup", "--cert", "@cert", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml"] },
        Case { name: "edit a plain Secret", args: &["edit", "-k", "@backup", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 3, says: &["s.yaml", "no SealedSecret", "hint:"] },
        Case { name: "edit a file of several SealedSecrets", args: &["edit", "-k", "@backup", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/multi.strict.yaml"))], stdin: None, code: 3, says: &["s.yaml", "3 SealedSecrets", "--document"] },
        Case { name: "edit a name that is not there", args: &["edit", "-k", "@backup", "--cert", "@cert", "--name", "nope", "s.yaml"], files: &[("s.yaml", Fixture("sealed/multi.strict.yaml"))], stdin: None, code: 3, says: &["s.yaml", "no SealedSecret named 'nope'", "hint:"] },
        Case { name: "edit --new without a namespace", args: &["edit", "--new", "db", "--cert", "@cert", "n.yaml"], files: &[], stdin: None, code: 2, says: &["-n NAMESPACE", "hint:"] },
        Case { name: "edit --new onto an existing file", args: &["edit", "--new", "db", "-n", "payments", "--cert", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["s.yaml exists", "hint:"] },
        // ---- unseal
        Case { name: "unseal without a key", args: &["unseal", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--key"] },
        Case { name: "unseal key file missing", args: &["unseal", "-k", "k.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["k.pem", "no such file", "hint:"] },
        Case { name: "unseal key is garbage", args: &["unseal", "-k", "k.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml")), ("k.pem", Text("not a key\n"))], stdin: None, code: 5, says: &["k.pem"] },
        Case { name: "unseal key is encrypted", args: &["unseal", "-k", "k.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml")), ("k.pem", Made(encrypted_key))], stdin: None, code: 5, says: &["k.pem", "passphrase", "hint:"] },
        Case { name: "unseal key is a certificate", args: &["unseal", "-k", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["tls.crt", "no private key"] },
        Case { name: "unseal key is a UTF-16 file", args: &["unseal", "-k", "k.yaml", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml")), ("k.yaml", Made(utf16le_bom))], stdin: None, code: 5, says: &["k.yaml", "UTF-16"] },
        Case { name: "unseal key PEM body broken", args: &["unseal", "-k", "k.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml")), ("k.pem", Text("-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n"))], stdin: None, code: 5, says: &["k.pem", "not a valid RSA private key"] },
        Case { name: "unseal with the wrong key", args: &["unseal", "-k", "@key", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["s.yaml:2", "document 1", "SealedSecret payments/app-credentials", "no key opens", "hint:"] },
        Case { name: "unseal hand-edited value", args: &["unseal", "-k", "@backup", "s.yaml"], files: &[("s.yaml", Made(sealed_truncated_value))], stdin: None, code: 3, says: &["s.yaml:2", "document 1", "password", "hand-edited"] },
        Case { name: "unseal YAML tag in a value", args: &["unseal", "-k", "@backup", "s.yaml"], files: &[("s.yaml", Made(sealed_with_bad_value))], stdin: None, code: 3, says: &["s.yaml:"] },
        Case { name: "unseal holds no SealedSecret", args: &["unseal", "-k", "@key", "s.yaml"], files: &[("s.yaml", Text(CONFIGMAP))], stdin: None, code: 3, says: &["s.yaml", "no SealedSecret", "hint:"] },
        Case { name: "unseal legacy spec.data", args: &["unseal", "-k", "@key", "s.yaml"], files: &[("s.yaml", Made(legacy_sealed))], stdin: None, code: 3, says: &["s.yaml:1", "document 1", "legacy", "hint:"] },
        Case { name: "unseal input invalid UTF-8", args: &["unseal", "-k", "@key", "s.yaml"], files: &[("s.yaml", Made(invalid_utf8))], stdin: None, code: 3, says: &["s.yaml:8", "UTF-8"] },
        Case { name: "unseal -w into a missing folder", args: &["unseal", "-k", "@backup", "-w", "no/dir/plain.yaml", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 6, says: &["no/dir/plain.yaml"] },
        Case { name: "unseal -w with the second document failing", args: &["unseal", "-k", "@backup", "-w", "plain.yaml", "a.yaml", "b.yaml"], files: &[("a.yaml", Fixture("sealed/basic.strict.yaml")), ("b.yaml", Made(sealed_truncated_value))], stdin: None, code: 3, says: &["b.yaml:2", "password"] },
        // ---- cert
        Case { name: "cert show missing file", args: &["cert", "show", "c.pem"], files: &[], stdin: None, code: 4, says: &["c.pem", "no such file"] },
        Case { name: "cert show garbage", args: &["cert", "show", "c.pem"], files: &[("c.pem", Bytes(b"\x00\x01\x02garbage"))], stdin: None, code: 4, says: &["c.pem"] },
        Case { name: "cert show EC", args: &["cert", "show", "@ec"], files: &[], stdin: None, code: 4, says: &["ec-cert.pem", "RSA"] },
        Case { name: "cert show too large", args: &["cert", "show", "c.pem"], files: &[("c.pem", Made(|| vec![b'A'; 1024 * 1024 + 1]))], stdin: None, code: 4, says: &["c.pem", "larger than 1 MiB"] },
        Case { name: "cert show nothing given, no kubeconfig", args: &["cert", "show"], files: &[], stdin: None, code: 7, says: &["no kubeconfig found", "--cert"] },
        Case { name: "cert fetch unreachable URL", args: &["cert", "fetch", "--cert", "http://127.0.0.1:1/v1/cert.pem", "-w", "out.pem"], files: &[], stdin: None, code: 4, says: &["http://127.0.0.1:1/v1/cert.pem", "cannot connect"] },
        Case { name: "cert fetch of garbage keeps the old file", args: &["cert", "fetch", "--cert", "c.pem", "-w", "out.pem"], files: &[("c.pem", Text("nope\n")), ("out.pem", Text("old\n"))], stdin: None, code: 4, says: &["c.pem"] },
        // ---- diff (git textconv)
        Case { name: "diff missing file", args: &["diff", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml", "No such file"] },
        Case { name: "diff missing key", args: &["diff", "--key", "nokey.pem", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 5, says: &["nokey.pem", "hint:"] },
        Case { name: "diff without a file", args: &["diff"], files: &[], stdin: None, code: 2, says: &["FILE"] },
        // ---- check: the report is on standard output
        Case { name: "check missing path", args: &["check", "nope.yaml"], files: &[], stdin: None, code: 2, says: &["nope.yaml", "No such file", "hint:"] },
        Case { name: "check YAML syntax error", args: &["check", "bad.yaml"], files: &[("bad.yaml", Text("apiVersion: v1\nkind: Secret\nmetadata: {name: db\n"))], stdin: None, code: 1, says: &["bad.yaml:3", "not valid YAML", "fix the syntax"] },
        Case { name: "check plaintext Secret", args: &["check", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 1, says: &["s.yaml:6", "payments/db", "plaintext", "sealant seal -i"] },
        Case { name: "check plaintext Secret in a folder", args: &["check", "."], files: &[("apps/s.yaml", Text(SECRET)), ("apps/cm.yaml", Text(CONFIGMAP))], stdin: None, code: 1, says: &["s.yaml:6", "plaintext", "rotate"] },
        Case { name: "check unknown format", args: &["check", "--format", "xml", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 2, says: &["xml", "text, json"] },
        Case { name: "check UTF-16 file", args: &["check", "s.yaml"], files: &[("s.yaml", Made(utf16le_bom))], stdin: None, code: 1, says: &["s.yaml", "UTF-16"] },
        Case { name: "check broken rules file", args: &["check", "s.yaml"], files: &[("s.yaml", Text(CONFIGMAP)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\n    colour: red\n"))], stdin: None, code: 2, says: &[".sealant.yaml:4", "colour", "hint: top-level keys"] },
        // ---- create
        Case { name: "create --from-literal without =", args: &["create", "generic", "db", "--from-literal", "nokeyvalue", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["--from-literal", "KEY=VALUE", "nokeyvalue"] },
        Case { name: "create --from-literal key twice", args: &["create", "generic", "db", "--from-literal", "a=b", "--from-literal", "a=c", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["'a'", "twice", "hint:"] },
        Case { name: "create --from-literal bad key", args: &["create", "generic", "db", "--from-literal", "bad key!=b", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["bad key!", "not a valid Secret key", "hint:"] },
        Case { name: "create --from-file missing", args: &["create", "generic", "db", "--from-file", "missing.txt", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 3, says: &["missing.txt", "No such file", "hint: check the path"] },
        Case { name: "create --from-env-file missing", args: &["create", "generic", "db", "--from-env-file", "missing.env", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 3, says: &["missing.env", "No such file", "hint:"] },
        Case { name: "create --from-env-file bad line", args: &["create", "generic", "db", "--from-env-file", "e.env", "--sealing-cert", "@cert", "-n", "payments"], files: &[("e.env", Text("FOO=s3cr3t-hunter2\nnot a line\n"))], stdin: None, code: 3, says: &["e.env:2", "not a valid key name", "hint: env-file lines are KEY=VALUE"] },
        Case { name: "create strict without a namespace", args: &["create", "generic", "db", "--from-file", "pw.txt", "--sealing-cert", "@cert"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 3, says: &["Secret db", "no namespace", "-n NAMESPACE"] },
        Case { name: "create expired certificate", args: &["create", "generic", "db", "--from-file", "pw.txt", "--sealing-cert", "@expired", "-n", "payments"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 4, says: &["tls.crt", "expired", "sealant cert fetch"] },
        Case { name: "create without a certificate or a kubeconfig", args: &["create", "generic", "db", "--from-file", "pw.txt", "-n", "payments"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 7, says: &["no kubeconfig found", "--cert FILE"] },
        Case { name: "create bad --expect-fingerprint", args: &["create", "generic", "db", "--from-file", "pw.txt", "--sealing-cert", "@cert", "-n", "payments", "--expect-fingerprint", "00"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 2, says: &["--expect-fingerprint", "64 hex digits"] },
        Case { name: "create -w into a missing folder", args: &["create", "generic", "db", "--from-file", "pw.txt", "--sealing-cert", "@cert", "-n", "payments", "-w", "no/dir/out.yaml"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 6, says: &["no/dir/out.yaml", "the folder no/dir does not exist", "hint: create the folder"] },
        Case { name: "create -w with an expired cert keeps the old file", args: &["create", "generic", "db", "--from-file", "pw.txt", "--sealing-cert", "@expired", "-n", "payments", "-w", "out.yaml"], files: &[("pw.txt", Text("s3cr3t-hunter2")), ("out.yaml", Text("old\n"))], stdin: None, code: 4, says: &["expired"] },
        Case { name: "create with an invalid Secret name", args: &["create", "generic", "DB_Credentials", "--from-file", "pw.txt", "--sealing-cert", "@cert", "-n", "payments"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 2, says: &["\"DB_Credentials\" is not a valid Secret name", "lowercase", "hint: Kubernetes names are DNS subdomains"] },
        Case { name: "create with a name ending in a dash", args: &["create", "tls", "web-", "--cert", "@cert", "--key", "@key", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["\"web-\"", "start and end with a letter or digit"] },
        Case { name: "create with an invalid namespace", args: &["create", "generic", "db", "--from-file", "pw.txt", "--sealing-cert", "@cert", "-n", "team.a"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 2, says: &["\"team.a\" is not a valid namespace", "hint: namespaces are DNS labels"] },
        Case { name: "create tls certificate missing", args: &["create", "tls", "db", "--cert", "missing.crt", "--key", "@key", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 3, says: &["missing.crt", "No such file", "hint:"] },
        Case { name: "create tls key missing", args: &["create", "tls", "db", "--cert", "@cert", "--key", "missing.key", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 3, says: &["missing.key", "No such file", "hint:"] },
        Case { name: "create tls certificate is not PEM", args: &["create", "tls", "db", "--cert", "s.yaml", "--key", "@key", "--sealing-cert", "@cert", "-n", "payments"], files: &[("s.yaml", Text(CONFIGMAP))], stdin: None, code: 3, says: &["s.yaml", "no PEM CERTIFICATE", "hint: --cert takes", "--sealing-cert"] },
        Case { name: "create tls key of another certificate", args: &["create", "tls", "db", "--cert", "@cert", "--key", "@newkey", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 5, says: &["keys/new/tls.key", "does not belong to the certificate", "hint:"] },
        Case { name: "create tls without --key", args: &["create", "tls", "db", "--cert", "@cert", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["--key"] },
        Case { name: "create docker-registry without credentials", args: &["create", "docker-registry", "db", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["--docker-username", "--docker-password"] },
        Case { name: "create docker-registry without a password", args: &["create", "docker-registry", "db", "--docker-server", "registry.example.com", "--docker-username", "u", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 2, says: &["--docker-password"] },
        Case { name: "create docker-registry expired cert", args: &["create", "docker-registry", "db", "--docker-server", "registry.example.com", "--docker-username", "u", "--docker-password", "s3cr3t-hunter2", "--sealing-cert", "@expired", "-n", "payments"], files: &[], stdin: None, code: 4, says: &["tls.crt", "expired", "hint:"] },
        // ---- reseal (offline, and through the controller)
        Case { name: "reseal without --key", args: &["reseal", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--key"] },
        Case { name: "reseal key file missing", args: &["reseal", "-k", "missing.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["missing.pem", "no such file", "hint:"] },
        Case { name: "reseal key is a certificate", args: &["reseal", "-k", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["tls.crt", "no private key", "hint:"] },
        Case { name: "reseal bare key without --cert", args: &["reseal", "-k", "@key", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["newest cannot be told", "hint: pass --cert"] },
        Case { name: "reseal expired --cert", args: &["reseal", "-k", "@backup", "--cert", "@expired", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 4, says: &["tls.crt", "expired", "hint:"] },
        Case { name: "reseal missing path", args: &["reseal", "-k", "@backup", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml", "No such file", "hint: check the path"] },
        Case { name: "reseal YAML syntax error", args: &["reseal", "-k", "@backup", "bad.yaml"], files: &[("bad.yaml", Text("apiVersion: v1\nkind: SealedSecret\nmetadata: {name: db\n"))], stdin: None, code: 1, says: &["bad.yaml:3", "hint: fix the YAML", "left untouched"] },
        Case { name: "reseal hand-edited value", args: &["reseal", "-k", "@backup", "s.yaml"], files: &[("s.yaml", Made(sealed_truncated_value))], stdin: None, code: 1, says: &["s.yaml:", "password", "left untouched"] },
        Case { name: "reseal --controller without a kubeconfig", args: &["reseal", "--controller", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 7, says: &["no kubeconfig found", "hint:", "--key FILE"] },
        Case { name: "reseal --controller with --key", args: &["reseal", "--controller", "-k", "@key", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--controller", "--key"] },
        Case { name: "reseal --controller with a broken kubeconfig", args: &["reseal", "--controller", "--kubeconfig", "kc.yaml", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml")), ("kc.yaml", Text("apiVersion: v1\nkind: Config\nclusters: [\n"))], stdin: None, code: 7, says: &["kc.yaml", "hint: fix the kubeconfig"] },
        // ---- validate (offline, and against the cluster)
        Case { name: "validate with the wrong key", args: &["validate", "-k", "@key", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 1, says: &["s.yaml:9", "document 1", "payments/app-credentials", "no key opens", "hint:"] },
        Case { name: "validate key file missing", args: &["validate", "-k", "missing.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["missing.pem", "no such file", "hint:"] },
        Case { name: "validate YAML syntax error", args: &["validate", "-k", "@backup", "bad.yaml"], files: &[("bad.yaml", Text("apiVersion: v1\nkind: SealedSecret\nmetadata: {name: db\n"))], stdin: None, code: 1, says: &["bad.yaml:3", "hint: fix the YAML"] },
        Case { name: "validate hand-edited value", args: &["validate", "-k", "@backup", "s.yaml"], files: &[("s.yaml", Made(sealed_truncated_value))], stdin: None, code: 1, says: &["s.yaml:", "password"] },
        Case { name: "validate missing path", args: &["validate", "-k", "@backup", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml", "No such file", "hint: check the path"] },
        Case { name: "validate without a key or a kubeconfig", args: &["validate", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 7, says: &["no kubeconfig found", "hint:", "--key FILE"] },
        Case { name: "validate with a kubeconfig that does not parse", args: &["validate", "--kubeconfig", "kc.yaml", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml")), ("kc.yaml", Text("apiVersion: v1\nkind: Config\nclusters: [\n"))], stdin: None, code: 7, says: &["kc.yaml", "hint: fix the kubeconfig"] },
        // ---- audit
        Case { name: "audit without --key", args: &["audit", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--key"] },
        Case { name: "audit key file missing", args: &["audit", "-k", "missing.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["missing.pem", "no such file", "hint:"] },
        Case { name: "audit key is a certificate", args: &["audit", "-k", "@cert", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 5, says: &["tls.crt", "no private key", "hint:"] },
        Case { name: "audit missing path", args: &["audit", "-k", "@backup", "nope.yaml"], files: &[], stdin: None, code: 3, says: &["nope.yaml", "No such file", "hint: check the path"] },
        Case { name: "audit with the wrong key", args: &["audit", "-k", "@key", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 1, says: &["s.yaml:9", "document 1", "no key opens", "hint:"] },
        Case { name: "audit --history outside a git repository", args: &["audit", "--history", "-k", "@backup", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 3, says: &["s.yaml", "not in a git repository", "hint:"] },
        Case { name: "audit --leaked-key neither file nor fingerprint", args: &["audit", "--history", "-k", "@backup", "--leaked-key", "old-key.pem", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--leaked-key", "old-key.pem", "fingerprint", "hint:"] },
        Case { name: "audit --leaked-key without --history", args: &["audit", "-k", "@backup", "--leaked-key", "sha256:00", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--history"] },
        Case { name: "audit --since without --history", args: &["audit", "-k", "@backup", "--since", "HEAD~1", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--history"] },
        Case { name: "audit --json with --format", args: &["audit", "-k", "@backup", "--json", "--format", "text", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--format"] },
        Case { name: "audit YAML syntax error", args: &["audit", "-k", "@backup", "bad.yaml"], files: &[("bad.yaml", Text("kind: SealedSecret\nspec: [\n"))], stdin: None, code: 1, says: &["bad.yaml:", "hint: fix the YAML"] },
        // ---- keygen
        Case { name: "keygen into a folder that holds a key", args: &["keygen", "full"], files: &[("full/tls.key", Text("old key\n"))], stdin: None, code: 2, says: &["full/tls.key", "already exists", "hint: keygen never overwrites"] },
        Case { name: "keygen into a folder that holds a certificate", args: &["keygen", "full"], files: &[("full/tls.crt", Text("old cert\n"))], stdin: None, code: 2, says: &["full/tls.crt", "already exists", "hint:"] },
        Case { name: "keygen --bits 1024", args: &["keygen", "--bits", "1024", "out"], files: &[], stdin: None, code: 2, says: &["1024", "--bits", "2048, 3072, 4096, 8192"] },
        Case { name: "keygen --bits not a number", args: &["keygen", "--bits", "abc", "out"], files: &[], stdin: None, code: 2, says: &["abc", "--bits"] },
        Case { name: "keygen --validity 0d", args: &["keygen", "--validity", "0d", "out"], files: &[], stdin: None, code: 2, says: &["--validity", "'0d'", "at least a day"] },
        Case { name: "keygen --validity forever", args: &["keygen", "--validity", "forever", "out"], files: &[], stdin: None, code: 2, says: &["--validity", "'forever'", "3650d, 10y"] },
        Case { name: "cert fetch --all-contexts without --pin", args: &["cert", "fetch", "--all-contexts"], files: &[], stdin: None, code: 2, says: &["--pin"] },
        Case { name: "cert fetch --all-contexts with -w", args: &["cert", "fetch", "--pin", "--all-contexts", "-w", "c.pem"], files: &[], stdin: None, code: 2, says: &["--all-contexts", "--write"] },
        Case { name: "cert fetch two contexts without --pin", args: &["cert", "fetch", "--context", "a", "--context", "b"], files: &[], stdin: None, code: 2, says: &["several --context", "hint:"] },
        Case { name: "create --interactive without a terminal", args: &["create", "--interactive", "--sealing-cert", "@cert"], files: &[], stdin: Some(Text("db\n")), code: 2, says: &["--interactive needs a terminal", "hint:"] },
        // ---- keys backup / keys list / --keys-from-cluster
        Case { name: "keys backup without -w", args: &["keys", "backup"], files: &[], stdin: None, code: 2, says: &["--write"] },
        Case { name: "keys backup over an existing file", args: &["keys", "backup", "-w", "b.yaml"], files: &[("b.yaml", Text("old backup\n"))], stdin: None, code: 2, says: &["b.yaml", "already exists", "hint: a backup never replaces a file unless --force"] },
        Case { name: "keys list key file missing", args: &["keys", "list", "-k", "missing.pem"], files: &[], stdin: None, code: 5, says: &["missing.pem", "no such file", "hint:"] },
        Case { name: "keys list key is a certificate", args: &["keys", "list", "-k", "@cert"], files: &[], stdin: None, code: 5, says: &["tls.crt", "no private key", "hint:"] },
        Case { name: "reseal --keys-from-cluster with --controller", args: &["reseal", "--keys-from-cluster", "--controller", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 2, says: &["--keys-from-cluster", "--controller"] },
        // ---- cert fetch --pin with a broken rules file
        Case { name: "cert fetch --pin, rules with an unknown field", args: &["cert", "fetch", "--pin"], files: &[(".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\n    colour: red\n"))], stdin: None, code: 3, says: &[".sealant.yaml:4", "colour", "hint: top-level keys"] },
        Case { name: "cert fetch --pin, rules not YAML", args: &["cert", "fetch", "--pin"], files: &[(".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\n  rules: []\n"))], stdin: None, code: 3, says: &[".sealant.yaml:4", "invalid rules", "hint:"] },
        Case { name: "cert fetch --pin, rules with a bad fingerprint", args: &["cert", "fetch", "--pin"], files: &[(".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\n    fingerprints: [abc]\n"))], stdin: None, code: 3, says: &[".sealant.yaml:4", "not a SHA-256 fingerprint", "hint: write 64 hex digits"] },
        // ---- rules files with schema errors (seal reads them)
        Case { name: "rules: unknown top-level key", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("version: 2\n"))], stdin: None, code: 3, says: &[".sealant.yaml:1", "version", "hint: top-level keys"] },
        Case { name: "rules: cluster without a name", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - cert: prod.pem\n"))], stdin: None, code: 3, says: &[".sealant.yaml:2", "missing field `name`", "hint:"] },
        Case { name: "rules: clusters is a mapping", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters: {name: prod}\n"))], stdin: None, code: 3, says: &[".sealant.yaml:1", "sequence", "hint:"] },
        Case { name: "rules: cluster defined twice", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\n  - name: prod\n    cert: b.pem\n"))], stdin: None, code: 3, says: &[".sealant.yaml:4", "'prod' is defined twice", "hint: cluster names are unique"] },
        Case { name: "rules: cluster name with a space", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: \"Bad Name\"\n    cert: prod.pem\n"))], stdin: None, code: 3, says: &[".sealant.yaml:2", "not a simple name", "hint:"] },
        Case { name: "rules: cluster with nothing to seal with", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n"))], stdin: None, code: 3, says: &[".sealant.yaml:2", "no cert, context or fingerprints", "hint:"] },
        Case { name: "rules: rule names an undefined cluster", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\nrules:\n  - clusters: [staging]\n"))], stdin: None, code: 3, says: &[".sealant.yaml:5", "'staging'", "hint: defined clusters: prod"] },
        Case { name: "rules: rule names no cluster", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\nrules:\n  - clusters: []\n"))], stdin: None, code: 3, says: &[".sealant.yaml:5", "names no cluster", "hint:"] },
        Case { name: "rules: unknown scope", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\nrules:\n  - clusters: [prod]\n    scope: global\n"))], stdin: None, code: 3, says: &[".sealant.yaml:6", "rule 1", "'global'", "strict, namespace-wide, cluster-wide"] },
        Case { name: "rules: unknown format", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\nrules:\n  - clusters: [prod]\n    format: xml\n"))], stdin: None, code: 3, says: &[".sealant.yaml:6", "rule 1", "'xml'", "yaml or json"] },
        Case { name: "rules: bad glob", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\nrules:\n  - clusters: [prod]\n    paths: [\"a/[b\"]\n"))], stdin: None, code: 3, says: &[".sealant.yaml:6", "bad glob", "hint: globs are relative"] },
        Case { name: "rules: unknown output-template placeholder", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\nrules:\n  - clusters: [prod]\n    output-template: \"{bogus}.yaml\"\n"))], stdin: None, code: 3, says: &[".sealant.yaml:6", "{bogus}", "use {cluster}"] },
        Case { name: "rules: bad YAML indentation", args: &["seal", "s.yaml"], files: &[("s.yaml", Text(SECRET)), (".sealant.yaml", Text("clusters:\n  - name: prod\n    cert: prod.pem\n  rules: []\n"))], stdin: None, code: 3, says: &[".sealant.yaml:4", "invalid rules", "hint:"] },
        // ---- kubeseal drop-in: every error exits 1
        Case { name: "kubeseal without --cert", args: &["-f", "s.yaml"], files: &[("s.yaml", Text(SECRET))], stdin: None, code: 1, says: &["--cert"] },
        Case { name: "kubeseal -f missing", args: &["--cert", "@cert", "-f", "nope.yaml"], files: &[], stdin: None, code: 1, says: &["nope.yaml"] },
        Case { name: "kubeseal stdin broken YAML", args: &["--cert", "@cert"], files: &[], stdin: Some(Text("kind: Secret\nstringData: {password: \"s3cr3t-hunter2\"\n")), code: 1, says: &["<stdin>"] },
        Case { name: "kubeseal stdin JSON not base64", args: &["--cert", "@cert"], files: &[], stdin: Some(Text("{\"kind\": \"Secret\", \"metadata\": {\"name\": \"db\", \"namespace\": \"payments\"}, \"data\": {\"password\": \"s3cr3t-hunter2\"}}")), code: 1, says: &["<stdin>", "password", "base64"] },
        Case { name: "kubeseal --merge-into missing", args: &["--cert", "@cert", "--merge-into", "m.yaml"], files: &[], stdin: Some(Text(SECRET)), code: 1, says: &["m.yaml"] },
        Case { name: "kubeseal --merge-into not sealed", args: &["--cert", "@cert", "--merge-into", "m.yaml"], files: &[("m.yaml", Text(CONFIGMAP))], stdin: Some(Text(SECRET_JSON)), code: 1, says: &["m.yaml"] },
        Case { name: "kubeseal --recovery-unseal wrong key", args: &["--recovery-unseal", "--recovery-private-key", "@key", "-f", "s.yaml"], files: &[("s.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 1, says: &["s.yaml:2", "no key opens"] },
        Case { name: "kubeseal --raw without --name", args: &["--raw", "--cert", "@cert", "-n", "payments", "--from-file", "pw.txt"], files: &[("pw.txt", Text("s3cr3t-hunter2"))], stdin: None, code: 1, says: &["--name"] },
        Case { name: "kubeseal -w with an expired cert", args: &["--cert", "@expired", "-f", "s.yaml", "-w", "out.json"], files: &[("s.yaml", Text(SECRET)), ("out.json", Text("{}\n"))], stdin: None, code: 1, says: &["expired"] },
        // ---- endless inputs: read up to the limit, then refused
        Case { name: "seal /dev/zero", args: &["seal", "--cert", "@cert", "/dev/zero"], files: &[], stdin: None, code: 3, says: &["/dev/zero", "larger than 64 MiB"] },
        Case { name: "raw --from-file /dev/zero", args: &["raw", "--cert", "@cert", "--scope", "cluster-wide", "--from-file", "/dev/zero"], files: &[], stdin: None, code: 3, says: &["/dev/zero", "larger than 16 MiB"] },
        Case { name: "create --from-file /dev/zero", args: &["create", "generic", "db", "--from-file", "/dev/zero", "--sealing-cert", "@cert", "-n", "payments"], files: &[], stdin: None, code: 3, says: &["/dev/zero", "larger than 16 MiB"] },
        Case { name: "unseal -k /dev/zero", args: &["unseal", "-k", "/dev/zero", "@sealed"], files: &[], stdin: None, code: 5, says: &["/dev/zero", "larger than 64 MiB"] },
        Case { name: "cert show /dev/zero", args: &["cert", "show", "/dev/zero"], files: &[], stdin: None, code: 4, says: &["/dev/zero", "larger than 1 MiB"] },
        Case { name: "merge --from /dev/zero", args: &["merge", "--cert", "@cert", "--from", "/dev/zero", "target.yaml"], files: &[("target.yaml", Fixture("sealed/basic.strict.yaml"))], stdin: None, code: 3, says: &["/dev/zero", "larger than 64 MiB"] },
        Case { name: "unknown flag", args: &["seal", "--frobnicate"], files: &[], stdin: None, code: 2, says: &["--frobnicate"] },
    ]
}

/// Every file under `dir`: bytes, permissions and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
                continue;
            }
            #[cfg(unix)]
            let mode = std::os::unix::fs::PermissionsExt::mode(&meta.permissions());
            #[cfg(not(unix))]
            let mode = 0;
            let bytes = std::fs::read(entry.path()).unwrap_or_default();
            out.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                (bytes, mode, meta.modified().unwrap()),
            );
        }
    }
    out
}

/// Commands whose findings go to standard output.
const REPORTS_ON_STDOUT: &[&str] = &["check", "validate", "audit"];

/// Runs one case; returns what is wrong with the result, if anything.
fn check(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in case.files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content.bytes()).unwrap();
    }
    let before = snapshot(dir.path());
    let out = sealant()
        .current_dir(dir.path())
        .args(case.args.iter().map(|a| expand(a)))
        .write_stdin(case.stdin.as_ref().map(Content::bytes).unwrap_or_default())
        .output()
        .unwrap();
    let after = snapshot(dir.path());
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // These commands report their findings on standard output (stderr has
    // the summary): the row's checks apply to both.
    if case
        .args
        .first()
        .is_some_and(|c| REPORTS_ON_STDOUT.contains(c))
    {
        stderr.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    let mut problems = Vec::new();
    if out.status.code() != Some(case.code) {
        problems.push(format!(
            "exit {:?}, expected {}",
            out.status.code(),
            case.code
        ));
    }
    // Built without the cluster, the cluster's cases (exit 7) fail before
    // any kubeconfig is read, naming the feature and the offline flags.
    #[cfg(not(feature = "cluster"))]
    let says: &[&str] = if case.code == 7 {
        &[
            "`cluster` feature",
            "--cert FILE|URL",
            "--recovery-private-key",
        ]
    } else {
        case.says
    };
    #[cfg(feature = "cluster")]
    let says = case.says;
    for s in says {
        if !stderr.contains(s) {
            problems.push(format!("stderr lacks {s:?}"));
        }
    }
    if !stderr.contains("error") {
        problems.push("no error line".into());
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        problems.push("panicked".into());
    }
    for s in SECRETS {
        if stderr.contains(s) {
            problems.push(format!("stderr shows the secret {s:?}"));
        }
    }
    if before != after {
        let changed: Vec<_> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        problems.push(format!("files changed: {changed:?}"));
    }
    if !problems.is_empty() {
        problems.push(format!("stderr was:\n{stderr}"));
    }
    problems
}

#[test]
fn every_bad_input_is_refused_clearly_and_changes_nothing() {
    let cases = cases();
    assert!(cases.len() >= 170, "the table has {} cases", cases.len());
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for case in &cases {
        assert!(names.insert(case.name), "duplicate case name {}", case.name);
        let problems = check(case);
        if !problems.is_empty() {
            failures.push(format!("[{}]\n  {}", case.name, problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The table covers every command on the branch (a new command should get rows).
#[test]
fn the_table_covers_every_command() {
    let cases = cases();
    for command in [
        "seal", "raw", "merge", "unseal", "cat", "edit", "cert", "check", "create", "reseal",
        "validate", "audit", "keygen", "keys", "diff",
    ] {
        assert!(
            cases
                .iter()
                .filter(|c| c.args.first() == Some(&command))
                .count()
                >= 3,
            "fewer than 3 cases for {command}"
        );
    }
    let kubeseal = cases
        .iter()
        .filter(|c| c.args.first().is_some_and(|a| a.starts_with('-')))
        .count();
    assert!(kubeseal >= 5, "fewer than 5 kubeseal drop-in cases");
}

/// No byte that drives a terminal: C0 controls but `\n`, DEL, and C1
/// controls (U+0080 to U+009F, `\xc2\x80` to `\xc2\x9f` in UTF-8).
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(raw.is_empty(), "{what} prints {raw:?} raw:\n{text}");
}

/// Names and keys that hold terminal escapes (`\e]0;...\a` sets the
/// window title, `\e[2J` clears the screen, `\u{9b}` is a C1 CSI) are
/// printed escaped by check, validate, audit, reseal, and in errors.
#[test]
fn names_with_terminal_escapes_are_printed_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let evil = "\\e]0;pwned\\a\\e[2J\\u009b31m";
    // A plaintext Secret named and keyed with escapes (check).
    std::fs::write(
        d.join("plain.yaml"),
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: \"db{evil}\"\n  namespace: pay\nstringData:\n  \"k{evil}\": s3cr3t-hunter2\n"),
    )
    .unwrap();
    let out = sealant()
        .current_dir(d)
        .env("SEALANT_RULES", "")
        .args(["check", "plain.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_raw_controls("check", &out.stdout);
    assert_no_raw_controls("check", &out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("db\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m"),
        "{stdout}"
    );
    // A SealedSecret renamed to an escape (validate, audit): no key opens it.
    let sealed = read("sealed/basic.strict.yaml").replacen(
        "  name: app-credentials\n  namespace: payments\nspec",
        &format!("  name: \"app{evil}\"\n  namespace: payments\nspec"),
        1,
    );
    std::fs::write(d.join("renamed.yaml"), sealed).unwrap();
    for cmd in ["validate", "audit", "reseal"] {
        let mut run = sealant();
        run.current_dir(d)
            .env("SEALANT_RULES", "")
            .args([cmd, "-k"]);
        run.arg(fixture("keys/backup-list.yaml"));
        if cmd == "reseal" {
            run.args(["--dry-run", "--cert"])
                .arg(fixture("keys/new/tls.crt"));
        }
        let out = run.arg("renamed.yaml").output().unwrap();
        assert_ne!(out.status.code(), Some(0), "{cmd}");
        assert_no_raw_controls(cmd, &out.stdout);
        assert_no_raw_controls(cmd, &out.stderr);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("\\x1b]0;pwned"), "{cmd}: {all}");
    }
    // Errors: an item with an escape in its name that seal refuses, and a
    // file name with one.
    std::fs::write(
        d.join("bad.yaml"),
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: \"db{evil}\"\n  namespace: pay\ndata:\n  \"k{evil}\": not base64!\n"),
    )
    .unwrap();
    let evil_file = "file\u{1b}]0;pwned\u{7}.yaml";
    std::fs::write(d.join(evil_file), "kind: Secret\n: : :\n").unwrap();
    for file in ["bad.yaml", evil_file] {
        let out = sealant()
            .current_dir(d)
            .args(["seal", "--cert"])
            .arg(fixture("keys/small/tls.crt"))
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{file:?}");
        assert_no_raw_controls("seal", &out.stderr);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("\\x1b]0;pwned"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
