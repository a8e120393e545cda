//! One file: read (capped), the fast path for clean files, each document
//! located by line, and what cannot be parsed (Helm and Go templates).

use serde_json::Value;

use crate::core::manifest::Manifest;
use crate::report::Code;
use crate::yaml::located::{self, Step};

use super::document::{Ctx, PathStep, private_key_finding};
use super::*;

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

pub(super) fn looks_like_template(text: &str) -> bool {
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
    use crate::io::input::{ReadFailure, read_capped};
    match read_capped(Some(path), MAX_INPUT_BYTES) {
        Err(ReadFailure::Open(e) | ReadFailure::Read(e)) => Err(e),
        Ok(mut bytes) => {
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
        Err(ReadFailure::TooLarge) => Ok(Outcome::Checked {
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
    let input = match Manifest::from_bytes(name, bytes) {
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
fn fast_path(input: &Manifest, expect: Option<&Expectation>, opts: &Options) -> Option<Outcome> {
    let values: Vec<Value> = match input.format {
        crate::core::manifest::Format::Json => serde_json::Deserializer::from_str(&input.text)
            .into_iter::<Value>()
            .collect::<std::result::Result<_, _>>()
            .ok()?,
        crate::core::manifest::Format::Yaml => serde_saphyr::from_multiple_with_options(
            &input.text,
            crate::core::manifest::yaml_options(),
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
fn as_flow_yaml(input: &Manifest, expect: Option<&Expectation>, opts: &Options) -> Option<Outcome> {
    if input.format != crate::core::manifest::Format::Json {
        return None;
    }
    let values: Vec<Value> = serde_saphyr::from_multiple_with_options(
        &input.text,
        crate::core::manifest::yaml_options(),
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

fn unparseable(input: &Manifest, e: &crate::error::Error) -> Outcome {
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
