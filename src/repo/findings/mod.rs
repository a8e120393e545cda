//! What `sealant check` looks for in one file, with a parser (YAML or JSON,
//! every document of a stream, every item of a `List`, whatever the
//! quoting):
//!
//! - plaintext: a `Secret` with `data` or `stringData`;
//! - malformed SealedSecrets: values that are not base64 or too short for
//!   any RSA key, scope annotations that disagree between the object and its
//!   template, no namespace when not cluster-wide, a template that records
//!   another name or namespace (renamed after sealing), legacy v1
//!   `spec.data`;
//! - SealedSecrets sealed with another certificate than the repository's
//!   rules expect (from the `sealant.dev/cert-sha256` record, or from the
//!   key size when there is no record), or with one that has expired.
//!
//! - a committed private key: a Secret labelled as the sealed-secrets
//!   controller's key, or any Secret with a `tls.key`;
//! - kustomize `secretGenerator`s with `literals`, or `envs` / `files` that
//!   name a file in the repository (see [`kustomize`]).
//!
//! Files that cannot be parsed and hold `{{ }}` are Helm or Go templates:
//! scanned line by line for a Secret with literal values (see [`helm`]),
//! skipped when they have none. No private key is needed for any of it.

pub mod gitdates;
mod helm;
mod kustomize;

use serde_json::Value;
use time::OffsetDateTime;

use crate::core::certificate::Fingerprint;
use crate::core::manifest::{
    Input, SEALED_SECRET_API_VERSION, annotation, describe, sealed::SealedView,
};
use crate::core::scope::Scope;
use crate::core::sealing::CERT_SHA256_ANNOTATION;
use crate::core::value_dates::VALUE_DATES_ANNOTATION;
use crate::core::wire;
use crate::error::Origin;
use crate::report::Code;
use crate::yaml::located::{self, Step};

/// A certificate whose file the rules name, as far as check needs it.
#[derive(Debug, Clone)]
pub struct KnownCert {
    /// Its fingerprint.
    pub fingerprint: Fingerprint,
    /// Start of validity (the key's age counts from it).
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// RSA key size in bits.
    pub bits: usize,
}

/// What the rules expect of the SealedSecrets of one file.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    /// The rule, for messages (`rule 2 (/repo/.sealant.yaml:14)`).
    pub rule: String,
    /// The clusters the file is for.
    pub clusters: Vec<ExpectedCluster>,
    /// Policy: the oldest an item's value may be.
    pub max_value_age: Option<crate::repo::rules::Age>,
    /// Policy: the oldest the sealing certificate may be (from NotBefore).
    pub max_key_age: Option<crate::repo::rules::Age>,
    /// Policy: every SealedSecret records its certificate.
    pub require_record: bool,
    /// The file in a git work tree, for dating items without a value-dates
    /// record (see [`gitdates`]); `None`: such items are not dated.
    pub git_file: Option<std::path::PathBuf>,
}

/// One cluster a file is for.
#[derive(Debug, Clone)]
pub struct ExpectedCluster {
    /// Its name.
    pub name: String,
    /// The fingerprints its SealedSecrets may record: the pinned ones, else
    /// the fingerprint of its certificate file.
    pub fingerprints: Vec<Fingerprint>,
    /// Its certificate, when the rules name a file.
    pub cert: Option<KnownCert>,
}

impl Expectation {
    fn fingerprints(&self) -> Vec<Fingerprint> {
        self.clusters
            .iter()
            .flat_map(|c| c.fingerprints.iter().copied())
            .collect()
    }

    fn known(&self, fp: &Fingerprint) -> Option<&KnownCert> {
        self.clusters
            .iter()
            .filter_map(|c| c.cert.as_ref())
            .find(|k| k.fingerprint == *fp)
    }

    fn describe_expected(&self) -> String {
        let fps: Vec<String> = self
            .clusters
            .iter()
            .flat_map(|c| {
                c.fingerprints
                    .iter()
                    .map(move |f| format!("sha256:{f} (cluster {})", c.name))
            })
            .collect();
        fps.join(" or ")
    }
}

/// How strict to be.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Report SealedSecrets without the certificate record when the rules
    /// expect a certificate.
    pub require_cert_record: bool,
    /// The time certificates are checked against.
    pub now: OffsetDateTime,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The line it is on.
    pub line: Option<usize>,
    /// The 1-based document of the file.
    pub document: Option<usize>,
    /// `Kind namespace/name` of the object.
    pub object: Option<String>,
    /// A stable code: `plaintext-secret`, `malformed`, `wrong-certificate`...
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Finding {
    /// The finding as a diagnostic of `file`.
    pub fn diagnostic(&self, file: &str) -> crate::report::Diagnostic {
        crate::report::Diagnostic {
            code: self.code,
            origin: Origin {
                file: file.to_string(),
                line: self.line,
                doc: self.document,
                object: self.object.clone(),
            },
            message: self.message.clone(),
            hint: Some(self.hint.clone()),
        }
    }
}

/// What became of one file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// It was read; these are its problems (none: it is clean).
    Checked {
        /// Documents looked at (items of Lists included).
        documents: usize,
        /// The problems.
        findings: Vec<Finding>,
        /// Documents skipped, with their line and why.
        skipped: Vec<(Option<usize>, String)>,
    },
    /// The whole file was skipped.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// Whether a text can hold a Secret or SealedSecret at all: the word
/// `Secret`, or an escape or a binary tag that could spell it, or bytes
/// that are not UTF-8 text at all (UTF-16 has a NUL in every ASCII
/// character, and a byte-order mark): those are read, and refused, so that
/// a Secret saved as UTF-16 is not waved through. Files that cannot hold
/// one are not parsed (a sound shortcut, not a filter on content).
pub fn may_hold_secrets(text: &[u8]) -> bool {
    contains_ignoring_case(text, b"secret")
        // A `data` field (not `metadata`) or `stringData` without the word:
        // a Secret without its `kind`, which `crate::core::manifest::classify` reports.
        || contains(text, b"stringData")
        || text
            .windows(4)
            .enumerate()
            .any(|(i, w)| w == b"data" && (i == 0 || !text[i - 1].is_ascii_alphabetic()))
        || text.contains(&b'\\')
        || contains(text, b"binary")
        || text.contains(&0)
        || text.starts_with(&[0xFF, 0xFE])
        || text.starts_with(&[0xFE, 0xFF])
}

fn contains_ignoring_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn looks_like_template(text: &str) -> bool {
    text.contains("{{") && text.contains("}}")
}

/// Checks one file, reading at most [`crate::limits::MAX_INPUT_BYTES`] of
/// it: a larger file is a finding (it cannot be checked, and sealant would
/// not read it), not a reason to run out of memory.
pub fn check_file(
    path: &std::path::Path,
    expect: Option<&Expectation>,
    opts: &Options,
) -> std::io::Result<Outcome> {
    use crate::limits::{MAX_INPUT_BYTES, mib};
    // A FIFO or a device named on the command line would block or never
    // end: only regular files are read.
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a FIFO, socket or device): check reads regular files only",
        ));
    }
    let file = std::fs::File::open(path)?;
    match crate::core::manifest::input::read_all_wiping(file, MAX_INPUT_BYTES)? {
        Some(mut bytes) => {
            let generated = match kustomize::is_kustomization(path) {
                true => std::str::from_utf8(&bytes)
                    .map(|text| kustomize::scan(path, text))
                    .unwrap_or_default(),
                false => Vec::new(),
            };
            let mut outcome = check_bytes(
                &path.display().to_string(),
                std::mem::take(&mut *bytes),
                expect,
                opts,
            );
            if !generated.is_empty() {
                let extra = generated.into_iter().map(|g| Finding {
                    line: Some(g.line),
                    document: Some(1),
                    object: None,
                    code: g.code,
                    message: g.message,
                    hint: g.hint,
                });
                outcome = match outcome {
                    Outcome::Checked {
                        documents,
                        mut findings,
                        skipped,
                    } => {
                        findings.extend(extra);
                        Outcome::Checked {
                            documents,
                            findings,
                            skipped,
                        }
                    }
                    Outcome::Skipped { .. } => Outcome::Checked {
                        documents: 1,
                        findings: extra.collect(),
                        skipped: Vec::new(),
                    },
                };
            }
            Ok(outcome)
        }
        None => Ok(Outcome::Checked {
            documents: 0,
            findings: vec![Finding {
                line: None,
                document: None,
                object: None,
                code: Code::TooLarge,
                message: format!(
                    "larger than {}, the most sealant reads: it was not checked",
                    mib(MAX_INPUT_BYTES)
                ),
                hint: "split it into several files (a Kubernetes object is at most about 1.5 MiB), or list it in .sealantignore if it holds no manifest".into(),
            }],
            skipped: Vec::new(),
        }),
    }
}

/// Checks one file's bytes.
pub fn check_bytes(
    name: &str,
    bytes: Vec<u8>,
    expect: Option<&Expectation>,
    opts: &Options,
) -> Outcome {
    if !may_hold_secrets(&bytes) {
        return Outcome::Checked {
            documents: 0,
            findings: Vec::new(),
            skipped: Vec::new(),
        };
    }
    let input = match Input::from_bytes(name, bytes) {
        Ok(i) => i,
        Err(e) => {
            return Outcome::Checked {
                documents: 0,
                findings: vec![Finding {
                    line: origin_line(&e),
                    document: None,
                    object: None,
                    code: Code::Unreadable,
                    message: error_message(&e),
                    hint: e
                        .hint()
                        .unwrap_or_else(|| "make it a UTF-8 YAML or JSON file".into()),
                }],
                skipped: Vec::new(),
            };
        }
    };
    if let Some(clean) = fast_path(&input, expect, opts) {
        return clean;
    }
    let spans = match input.spans() {
        Ok(s) => s,
        Err(e) => {
            return as_flow_yaml(&input, expect, opts).unwrap_or_else(|| unparseable(&input, &e));
        }
    };
    let mut docs = Vec::new();
    for span in spans {
        match input.parse_span(&span) {
            Ok(mut d) => docs.push((span, std::mem::take(&mut d.value))),
            Err(e) => {
                return as_flow_yaml(&input, expect, opts)
                    .unwrap_or_else(|| unparseable(&input, &e));
            }
        }
    }
    let mut report = Report::default();
    for (span, value) in docs {
        report.document(
            &value,
            span.index,
            &input.text[span.start..span.end],
            span.line,
            expect,
            opts,
        );
    }
    report.finish()
}

/// One parse of the whole stream, no byte spans: enough to tell that a file
/// is clean, which most are. `None` when it is not (or does not parse): the
/// slow path then finds each problem's document and line.
fn fast_path(input: &Input, expect: Option<&Expectation>, opts: &Options) -> Option<Outcome> {
    let values: Vec<Value> = match input.format {
        crate::core::manifest::Format::Json => serde_json::Deserializer::from_str(&input.text)
            .into_iter::<Value>()
            .collect::<std::result::Result<_, _>>()
            .ok()?,
        crate::core::manifest::Format::Yaml => serde_saphyr::from_multiple_with_options(
            &input.text,
            crate::core::manifest::input::yaml_options(),
        )
        .ok()?,
    };
    let mut found = Vec::new();
    let mut ctx = Ctx {
        expect,
        opts,
        found: &mut found,
        skipped: Vec::new(),
        documents: 0,
    };
    for value in &values {
        ctx.visit(value, &mut Vec::new());
    }
    let (documents, skipped) = (ctx.documents, ctx.skipped.len());
    if skipped > 0 || !found.is_empty() {
        return None;
    }
    Some(Outcome::Checked {
        documents,
        findings: Vec::new(),
        skipped: Vec::new(),
    })
}

/// A file that starts with `{` but is not JSON may be YAML in flow style
/// (`{kind: Secret, ...}`): read it as YAML before calling it broken.
fn as_flow_yaml(input: &Input, expect: Option<&Expectation>, opts: &Options) -> Option<Outcome> {
    if input.format != crate::core::manifest::Format::Json {
        return None;
    }
    let values: Vec<Value> = serde_saphyr::from_multiple_with_options(
        &input.text,
        crate::core::manifest::input::yaml_options(),
    )
    .ok()?;
    let mut report = Report::default();
    for (i, value) in values.iter().enumerate() {
        // Lines are exact for the first document; later ones point at line 1.
        report.document(
            value,
            i,
            if i == 0 { &input.text } else { "" },
            1,
            expect,
            opts,
        );
    }
    Some(report.finish())
}

#[derive(Default)]
struct Report {
    documents: usize,
    findings: Vec<Finding>,
    skipped: Vec<(Option<usize>, String)>,
}

impl Report {
    /// Checks one document; `text` (starting at `first_line`) locates findings.
    fn document(
        &mut self,
        value: &Value,
        index: usize,
        text: &str,
        first_line: usize,
        expect: Option<&Expectation>,
        opts: &Options,
    ) {
        let mut found = Vec::new();
        let mut ctx = Ctx {
            expect,
            opts,
            found: &mut found,
            skipped: Vec::new(),
            documents: 0,
        };
        ctx.visit(value, &mut Vec::new());
        self.documents += ctx.documents;
        let doc_skipped = std::mem::take(&mut ctx.skipped);
        if found.is_empty() && doc_skipped.is_empty() {
            return;
        }
        let tree = located::parse(text, first_line);
        let line_of = |path: &[PathStep]| -> Option<usize> {
            let steps: Vec<Step<'_>> = path
                .iter()
                .map(|s| match s {
                    PathStep::Key(k) => Step::Key(k),
                    PathStep::Index(i) => Step::Index(*i),
                })
                .collect();
            Some(tree.as_ref().map_or(first_line, |t| t.line_of(&steps)))
        };
        for (path, reason) in doc_skipped {
            self.skipped.push((line_of(&path), reason));
        }
        for f in found {
            self.findings.push(Finding {
                line: line_of(&f.path),
                document: Some(index + 1),
                object: f.object,
                code: f.code,
                message: f.message,
                hint: f.hint,
            });
        }
    }

    fn finish(self) -> Outcome {
        Outcome::Checked {
            documents: self.documents,
            findings: self.findings,
            skipped: self.skipped,
        }
    }
}

/// Whether `file` (a `.Files.Get` path) names a file of the chart that
/// `template` belongs to (the nearest folder above it with a `Chart.yaml`)
/// that exists and git does not ignore.
fn chart_file_committed(template: &str, file: &str) -> bool {
    let template = std::path::Path::new(template);
    let Some(root) = template
        .ancestors()
        .skip(1)
        .find(|d| d.join("Chart.yaml").is_file())
    else {
        return false;
    };
    root.join(file).is_file() && !kustomize::ignored_by_git(root, file)
}

/// The label the sealed-secrets controller puts on its key Secrets.
pub const CONTROLLER_KEY_LABEL: &str = "sealedsecrets.bitnami.com/sealed-secrets-key";

/// The finding for a committed private key (`what` names it).
fn private_key_finding(what: &str) -> (Code, String, String) {
    (
        Code::PrivateKey,
        format!("{what} holds a private key: never commit it"),
        "remove it from the repository and its history, keep key backups out of git, and rotate the key (for the controller's key: a new key, then `sealant reseal`): anyone with it opens every SealedSecret sealed for it".into(),
    )
}

fn origin_line(e: &crate::error::Error) -> Option<usize> {
    match e {
        crate::error::Error::Input { origin, .. } | crate::error::Error::Item { origin, .. } => {
            origin.line
        }
        _ => None,
    }
}

/// The message of an error without its `file:line:` prefix.
fn error_message(e: &crate::error::Error) -> String {
    match e {
        crate::error::Error::Input { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

fn unparseable(input: &Input, e: &crate::error::Error) -> Outcome {
    if looks_like_template(&input.text) {
        let literals: Vec<helm::Literal> = helm::scan(&input.text)
            .into_iter()
            .filter(|l| {
                l.file
                    .as_deref()
                    .is_none_or(|f| chart_file_committed(&input.name, f))
            })
            .collect();
        if literals.is_empty() {
            return Outcome::Skipped {
                reason: "a Helm or Go template ({{ }}) with no literal Secret value".into(),
            };
        }
        let findings = literals
            .into_iter()
            .map(|l| {
                let what = match (&l.file, l.key.is_empty()) {
                    (Some(f), _) => format!(
                        "{}.{} read from the chart's file {f} (.Files.Get), which is in the repository",
                        l.field, l.key
                    ),
                    (None, true) => format!("a literal {} value", l.field),
                    (None, false) => format!("the literal value {}.{}", l.field, l.key),
                };
                let (code, message, hint) = if l.private_key {
                    private_key_finding(&format!("a Secret in this template ({what})"))
                } else {
                    (
                        Code::PlaintextSecret,
                        format!("a Secret in this template holds {what}: it is plaintext in the repository"),
                        "make it a template expression fed from values kept out of git (or seal it and template the SealedSecret); rotate the value if it was ever pushed".to_string(),
                    )
                };
                Finding {
                    line: Some(l.line),
                    document: None,
                    object: None,
                    code,
                    message,
                    hint,
                }
            })
            .collect();
        return Outcome::Checked {
            documents: 0,
            findings,
            skipped: Vec::new(),
        };
    }
    let what = match input.format {
        crate::core::manifest::Format::Yaml => "YAML",
        crate::core::manifest::Format::Json => "JSON",
    };
    Outcome::Checked {
        documents: 0,
        findings: vec![Finding {
            line: origin_line(e),
            document: None,
            object: None,
            code: Code::Unparseable,
            message: format!("not valid {what} ({})", error_message(e)),
            hint: "fix the syntax so the file can be checked (a file that mentions Secret must be checkable)".into(),
        }],
        skipped: Vec::new(),
    }
}

#[derive(Debug, Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

struct Found {
    path: Vec<PathStep>,
    object: Option<String>,
    code: Code,
    message: String,
    hint: String,
}

struct Ctx<'a> {
    expect: Option<&'a Expectation>,
    opts: &'a Options,
    found: &'a mut Vec<Found>,
    skipped: Vec<(Vec<PathStep>, String)>,
    documents: usize,
}

fn key(path: &[PathStep], k: &str) -> Vec<PathStep> {
    let mut p = path.to_vec();
    p.push(PathStep::Key(k.to_string()));
    p
}

impl Ctx<'_> {
    fn visit(&mut self, value: &Value, path: &mut Vec<PathStep>) {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                self.visit(item, path);
                path.pop();
            }
            return;
        }
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let api = value.get("apiVersion").and_then(Value::as_str);
        if kind.ends_with("List")
            && let Some(Value::Array(items)) = value.get("items")
        {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Key("items".into()));
                path.push(PathStep::Index(i));
                self.visit(item, path);
                path.pop();
                path.pop();
            }
            return;
        }
        self.documents += 1;
        match kind {
            // The core group: `v1`, or no apiVersion at all.
            "Secret" if api.is_none_or(|a| !a.contains('/')) => self.secret(value, path),
            "SealedSecret"
                if api.is_none_or(|a| {
                    a == SEALED_SECRET_API_VERSION || a.starts_with("bitnami.com/")
                }) =>
            {
                self.sealed(value, path)
            }
            // What might be a plaintext Secret (no kind, another spelling of
            // Secret, another apiVersion) is one here: the rule of every command.
            _ if crate::core::manifest::classify(value, &crate::error::Origin::default())
                .is_err() =>
            {
                self.secret(value, path)
            }
            _ => {}
        }
    }

    fn push(
        &mut self,
        path: Vec<PathStep>,
        object: &Option<String>,
        code: Code,
        message: String,
        hint: &str,
    ) {
        self.found.push(Found {
            path,
            object: object.clone(),
            code,
            message,
            hint: hint.to_string(),
        });
    }

    fn secret(&mut self, value: &Value, path: &[PathStep]) {
        let object = describe(value);
        let mut fields = Vec::new();
        let mut all_templates = true;
        for field in ["stringData", "data"] {
            match value.get(field) {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) if m.is_empty() => {}
                Some(Value::Object(m)) => {
                    all_templates &= m
                        .values()
                        .all(|v| v.as_str().is_some_and(looks_like_template));
                    let keys: Vec<&str> = m.keys().map(String::as_str).collect();
                    fields.push((field, format!("{field} ({})", keys.join(", "))));
                }
                Some(_) => {
                    all_templates = false;
                    fields.push((field, field.to_string()));
                }
            }
        }
        if fields.is_empty() {
            return;
        }
        if all_templates {
            self.skipped.push((
                key(path, fields[0].0),
                "a Secret whose values are all template expressions ({{ }})".into(),
            ));
            return;
        }
        let what: Vec<&str> = fields.iter().map(|(_, d)| d.as_str()).collect();
        let controller_key = value
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .is_some_and(|l| l.contains_key(CONTROLLER_KEY_LABEL));
        let tls_key = ["stringData", "data"].iter().any(|f| {
            value
                .get(*f)
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key("tls.key"))
        });
        if controller_key || tls_key {
            let described = format!(
                "{}{}",
                object.as_deref().unwrap_or("a Secret"),
                if controller_key {
                    " (the sealed-secrets controller's key)"
                } else {
                    " (tls.key)"
                }
            );
            let (code, message, hint) = private_key_finding(&described);
            self.push(key(path, fields[0].0), &object, code, message, &hint);
            return;
        }
        self.push(
            key(path, fields[0].0),
            &object,
            Code::PlaintextSecret,
            format!(
                "{} holds plaintext values in {}",
                object.as_deref().unwrap_or("a Secret"),
                what.join(" and ")
            ),
            "seal it (`sealant seal -i FILE`, or make it with `sealant create`) and rotate the values if they were ever pushed",
        );
    }

    fn sealed(&mut self, value: &Value, path: &[PathStep]) {
        let object = describe(value);
        let origin = Origin::default();
        let view = match SealedView::read(value, &origin) {
            Ok(v) => v,
            Err(e) => {
                let (step, message) = match &e {
                    crate::error::Error::Item { item, message, .. } => (
                        key(&key(&key(path, "spec"), "encryptedData"), item),
                        format!("item '{item}': {message}"),
                    ),
                    crate::error::Error::Input { message, .. } => (path.to_vec(), message.clone()),
                    other => (path.to_vec(), other.to_string()),
                };
                self.push(
                    step,
                    &object,
                    Code::Malformed,
                    message,
                    "fix the SealedSecret, or seal the Secret again",
                );
                return;
            }
        };
        let spec = key(path, "spec");
        let meta = value.get("metadata");
        if view.legacy_data {
            self.push(
                key(&spec, "data"),
                &object,
                Code::LegacyData,
                "uses the legacy v1 `spec.data` blob, which current controllers refuse".into(),
                "seal the Secret again: sealant writes `spec.encryptedData`",
            );
        }
        if view.namespace.is_empty() && view.scope != Scope::ClusterWide {
            self.push(
                key(path, "metadata"),
                &object,
                Code::MissingNamespace,
                format!("a {} SealedSecret without metadata.namespace", view.scope),
                "add the namespace it was sealed for (the controller unseals with it), or seal it cluster-wide",
            );
        }
        let template_meta = value
            .pointer("/spec/template/metadata")
            .filter(|m| m.is_object());
        if template_meta.is_some() && view.scope != view.template_scope {
            self.push(
                key(&key(&key(&spec, "template"), "metadata"), "annotations"),
                &object,
                Code::ScopeMismatch,
                format!(
                    "the object's annotations make it {}, its template's make it {}",
                    view.scope, view.template_scope
                ),
                "make both carry the same sealedsecrets.bitnami.com/* annotation (the controller unseals with the object's)",
            );
        }
        if let Some(tm) = template_meta {
            let t_name = tm
                .get("name")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            let t_ns = tm
                .get("namespace")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            let renamed = match view.scope {
                Scope::Strict => {
                    t_name.is_some_and(|n| n != view.name)
                        || t_ns.is_some_and(|n| n != view.namespace)
                }
                Scope::NamespaceWide => t_ns.is_some_and(|n| n != view.namespace),
                Scope::ClusterWide => false,
            };
            if renamed {
                self.push(
                    key(path, "metadata"),
                    &object,
                    Code::Renamed,
                    format!(
                        "its template records {}/{}, but the object is {}/{}: a {} SealedSecret does not open after a rename or a move",
                        t_ns.unwrap_or(&view.namespace),
                        t_name.unwrap_or(&view.name),
                        view.namespace,
                        view.name,
                        view.scope
                    ),
                    "seal the Secret again under its new name and namespace",
                );
            }
        }
        let data_path = key(&spec, "encryptedData");
        let mut rsa_lens = Vec::new();
        for (item, text) in &view.items {
            match wire::decode(text) {
                Ok(bytes) => {
                    if let Ok(frame) = wire::frame(&bytes) {
                        rsa_lens.push((item.clone(), frame.rsa.len()));
                    }
                }
                Err(e) => self.push(
                    key(&data_path, item),
                    &object,
                    Code::Malformed,
                    format!("item '{item}': the encrypted value is {e}"),
                    "the value was damaged (truncated, re-wrapped, edited); seal the item again",
                ),
            }
        }
        self.certificate(value, meta, path, &object, &rsa_lens);
        self.value_ages(&view, meta, path, &object);
    }

    /// `max-value-age`: each item's date from the value-dates record, or
    /// from git history when the record has none for it.
    fn value_ages(
        &mut self,
        view: &SealedView,
        meta: Option<&Value>,
        path: &[PathStep],
        object: &Option<String>,
    ) {
        let Some(expect) = self.expect else { return };
        let Some(limit) = expect.max_value_age.clone() else {
            return;
        };
        let record_path = key(&key(path, "metadata"), "annotations");
        let record =
            match annotation(meta, VALUE_DATES_ANNOTATION).map(crate::core::value_dates::parse) {
                Some(Ok(dates)) => dates,
                Some(Err(e)) => {
                    self.push(
                        record_path,
                        object,
                        Code::Malformed,
                        format!("the {VALUE_DATES_ANNOTATION} annotation {e}"),
                        "remove it or seal the Secret again",
                    );
                    return;
                }
                None => Default::default(),
            };
        let today = self.opts.now.to_offset(time::UtcOffset::UTC).date();
        let data_path = key(&key(path, "spec"), "encryptedData");
        for (item, ciphertext) in &view.items {
            let (date, how) = match record.get(item) {
                Some(d) => (*d, "set"),
                None => match expect
                    .git_file
                    .as_deref()
                    .and_then(|f| gitdates::introduced(f, ciphertext))
                {
                    Some(d) => (d, "last changed in git"),
                    None => continue,
                },
            };
            if today - date > limit.duration {
                let line_path = if how == "set" {
                    record_path.clone()
                } else {
                    key(&data_path, item)
                };
                self.push(
                    line_path,
                    object,
                    Code::OldValue,
                    format!(
                        "value '{item}' {how} {}, older than {}",
                        crate::core::value_dates::format_date(date),
                        limit.text,
                    ),
                    "give it a new value",
                );
            }
        }
    }

    fn certificate(
        &mut self,
        _value: &Value,
        meta: Option<&Value>,
        path: &[PathStep],
        object: &Option<String>,
        rsa_lens: &[(String, usize)],
    ) {
        let record_path = key(&key(path, "metadata"), "annotations");
        let record = annotation(meta, CERT_SHA256_ANNOTATION);
        let expect = self.expect.filter(|e| !e.fingerprints().is_empty());
        let Some(text) = record else {
            let Some(expect) = expect else { return };
            if self.opts.require_cert_record || expect.require_record {
                self.push(
                    record_path,
                    object,
                    Code::MissingCertRecord,
                    format!("has no {CERT_SHA256_ANNOTATION} annotation, so which certificate sealed it is unknown"),
                    "seal it again with sealant, which records the certificate",
                );
                return;
            }
            // Without a record, the key size can still prove a wrong certificate.
            let sizes: Vec<usize> = expect
                .clusters
                .iter()
                .filter_map(|c| c.cert.as_ref().map(|k| k.bits / 8))
                .collect();
            if sizes.len() == expect.clusters.len()
                && let Some((item, len)) = rsa_lens.iter().find(|(_, l)| !sizes.contains(l))
            {
                self.push(
                    key(&key(&key(path, "spec"), "encryptedData"), item),
                    object,
                    Code::WrongCertificate,
                    format!(
                        "item '{item}' was sealed for a {}-bit key, and {} expects {}",
                        len * 8,
                        expect.rule,
                        expect.describe_expected()
                    ),
                    "reseal it for the cluster's current certificate (`sealant reseal`, or seal the Secret again)",
                );
            }
            return;
        };
        let well_formed = text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let Some(fp) = Fingerprint::parse(text).filter(|_| well_formed) else {
            self.push(
                record_path,
                object,
                Code::Malformed,
                format!("the {CERT_SHA256_ANNOTATION} annotation is not 64 lowercase hex digits"),
                "remove it or seal the Secret again",
            );
            return;
        };
        let Some(expect) = expect else { return };
        if !expect.fingerprints().contains(&fp) {
            self.push(
                record_path,
                object,
                Code::WrongCertificate,
                format!(
                    "sealed with certificate sha256:{fp}, and {} expects {}",
                    expect.rule,
                    expect.describe_expected()
                ),
                "reseal it for the cluster's current certificate (`sealant reseal`, or seal the Secret again)",
            );
            return;
        }
        if let Some(known) = expect.known(&fp) {
            if known.not_after < self.opts.now {
                self.push(
                    record_path.clone(),
                    object,
                    Code::ExpiredCertificate,
                    format!(
                        "sealed with certificate sha256:{fp}, which expired on {}",
                        crate::core::certificate::format_date(known.not_after)
                    ),
                    "fetch the controller's current certificate (`sealant cert fetch --pin`) and reseal",
                );
            }
            if let Some(limit) = &expect.max_key_age
                && self.opts.now - known.not_before > limit.duration
            {
                self.push(
                    record_path.clone(),
                    object,
                    Code::OldKey,
                    format!(
                        "sealed with a certificate from {}, older than {}",
                        crate::core::value_dates::format_date(
                            known.not_before.to_offset(time::UtcOffset::UTC).date()
                        ),
                        limit.text,
                    ),
                    "reseal",
                );
            }
            if let Some((item, len)) = rsa_lens.iter().find(|(_, l)| *l != known.bits / 8) {
                self.push(
                    key(&key(&key(path, "spec"), "encryptedData"), item),
                    object,
                    Code::WrongCertificate,
                    format!(
                        "item '{item}' was sealed for a {}-bit key, but the recorded certificate sha256:{fp} has {} bits",
                        len * 8,
                        known.bits
                    ),
                    "the item was sealed with another certificate; seal it again",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options {
            require_cert_record: false,
            now: OffsetDateTime::now_utc(),
        }
    }

    fn codes(text: &str) -> Vec<(&'static str, Option<usize>)> {
        match check_bytes("t.yaml", text.as_bytes().to_vec(), None, &opts()) {
            Outcome::Checked { findings, .. } => {
                findings.iter().map(|f| (f.code.as_str(), f.line)).collect()
            }
            Outcome::Skipped { .. } => vec![("skipped", None)],
        }
    }

    #[test]
    fn plaintext_in_every_form() {
        assert_eq!(
            codes("kind: Secret\napiVersion: v1\nstringData:\n  a: b\n"),
            [("plaintext-secret", Some(3))]
        );
        assert_eq!(
            codes("kind: \"Secret\"\ndata: {a: YQ==}\n"),
            [("plaintext-secret", Some(2))]
        );
        assert_eq!(
            codes("kind: ConfigMap\n---\n'kind': 'Secret'\n\"data\":\n  x: eA==\n"),
            [("plaintext-secret", Some(4))]
        );
        assert_eq!(
            codes(
                "apiVersion: v1\nkind: List\nitems:\n- kind: ConfigMap\n- kind: Secret\n  stringData: {a: b}\n"
            ),
            [("plaintext-secret", Some(6))]
        );
        assert_eq!(
            codes("{\"kind\": \"\\u0053ecret\", \"stringData\": {\"a\": \"b\"}}"),
            [("plaintext-secret", Some(1))]
        );
        assert_eq!(
            codes("kind: Secret\ntype: kubernetes.io/service-account-token\n"),
            []
        );
        assert_eq!(codes("kind: Secret\ndata: {}\n"), []);
    }

    #[test]
    fn templates_are_scanned_and_skipped_only_without_literals() {
        // A literal value in a template is plaintext (issue 12: not a dodge).
        assert_eq!(
            codes("kind: Secret\nmetadata:\n  name: {{ .Release.Name }}\nstringData:\n  a: b\n"),
            [("plaintext-secret", Some(5))]
        );
        assert_eq!(
            codes(
                "kind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  tls.key: {{ .Values.k }}\n"
            ),
            [("skipped", None)]
        );
        assert_eq!(
            codes("kind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  tls.key: LS0t\n"),
            [("private-key", Some(5))]
        );
        assert_eq!(
            codes("kind: Secret\nmetadata:\n  name: db\ndata:\n  tls.key: LS0t\n"),
            [("private-key", Some(4))]
        );
        match check_bytes(
            "t.yaml",
            b"kind: Secret\nstringData:\n  a: \"{{ .Values.a }}\"\n".to_vec(),
            None,
            &opts(),
        ) {
            Outcome::Checked {
                findings, skipped, ..
            } => {
                assert!(findings.is_empty());
                assert_eq!(skipped.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf16_files_are_read_and_refused_not_skipped() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {a: b}\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&le);
        for bytes in [le, bom] {
            assert!(may_hold_secrets(&bytes));
            match check_bytes("s.yaml", bytes, None, &opts()) {
                Outcome::Checked { findings, .. } => {
                    assert_eq!(findings.len(), 1);
                    assert_eq!(findings[0].code, Code::Unreadable);
                    assert!(
                        findings[0].message.contains("UTF-16"),
                        "{}",
                        findings[0].message
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn broken_files_that_mention_secrets_are_findings() {
        assert_eq!(
            codes("kind: Secret\nstringData: [\n"),
            [("unparseable", Some(2))]
        );
    }
}
