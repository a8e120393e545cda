//! Reading a file or standard input into documents: encodings, document
//! boundaries, `v1` `List`s, and parse errors that name file and line.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::source::{self, DocSpan, Format};
use crate::error::{Error, Origin, Result};

/// The largest input sealant reads from one file or stream.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// One input: its name for messages, its text and its format.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The path, when the input is a file.
    pub path: Option<PathBuf>,
    /// The text, without a byte-order mark.
    pub text: String,
    /// YAML or JSON, from the first non-blank character.
    pub format: Format,
    /// Whether the file started with a UTF-8 byte-order mark.
    pub had_bom: bool,
}

/// One document of an input (or one item of a `v1` `List`).
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it is, for messages.
    pub origin: Origin,
    /// Its bytes in the input's text; `None` for items of a `List`.
    pub span: Option<DocSpan>,
    /// The 0-based index of the item, for items of a `List`.
    pub list_item: Option<usize>,
    /// Its content.
    pub value: Value,
}

impl Input {
    /// Reads a file, or standard input when `path` is `None` or `-`.
    pub fn read(path: Option<&Path>) -> Result<Input> {
        match path {
            None => Self::read_stdin(),
            Some(p) if p == Path::new("-") => Self::read_stdin(),
            Some(p) => {
                let name = p.display().to_string();
                let file = std::fs::File::open(p).map_err(|source| Error::Read {
                    path: name.clone(),
                    source,
                })?;
                let bytes = read_capped(file, &name)?;
                let mut input = Self::from_bytes(&name, bytes)?;
                input.path = Some(p.to_path_buf());
                Ok(input)
            }
        }
    }

    fn read_stdin() -> Result<Input> {
        let bytes = read_capped(std::io::stdin().lock(), "<stdin>")?;
        Self::from_bytes("<stdin>", bytes)
    }

    /// Decodes raw bytes: UTF-8 with or without a byte-order mark; UTF-16
    /// and other encodings are refused with a hint.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Input> {
        let origin = Origin::file(name);
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(Error::input(
                &origin,
                "the file is UTF-16 (as PowerShell's > writes it), not UTF-8",
                Some("re-encode it as UTF-8, e.g. `Out-File -Encoding utf8` or `iconv -f UTF-16 -t UTF-8`".into()),
            ));
        }
        let (had_bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (true, rest.to_vec()),
            None => (false, bytes),
        };
        let text = String::from_utf8(body).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Error::input(
                &Origin { line: Some(line), ..origin.clone() },
                "the input is not valid UTF-8",
                Some("manifests must be UTF-8 text; binary values belong base64-encoded under `data`".into()),
            )
        })?;
        if let Some(pos) = text.find('\0') {
            let line = text[..pos].matches('\n').count() + 1;
            return Err(Error::input(
                &Origin {
                    line: Some(line),
                    ..origin
                },
                "the input contains a NUL byte; it is not a text manifest",
                None,
            ));
        }
        let format = source::detect_format(&text);
        Ok(Input {
            name: name.to_string(),
            path: None,
            text,
            format,
            had_bom,
        })
    }

    /// An input from text already in memory.
    pub fn from_text(name: &str, text: &str) -> Result<Input> {
        Self::from_bytes(name, text.as_bytes().to_vec())
    }

    /// The document boundaries.
    pub fn spans(&self) -> Result<Vec<DocSpan>> {
        source::split_documents(&self.text).map_err(|e| {
            Error::input(
                &Origin {
                    line: e.line(),
                    ..Origin::file(&self.name)
                },
                e.to_string(),
                syntax_hint(self.format),
            )
        })
    }

    /// Parses every document. Items of a `v1` `List` become documents of
    /// their own (with `list_item` set).
    pub fn documents(&self) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        for span in self.spans()? {
            let doc = self.parse_span(&span)?;
            expand_lists(doc, &mut out)?;
        }
        Ok(out)
    }

    /// Parses the document at `span`: one document, or the items of a `v1`
    /// `List`. With [`Input::spans`], reads a stream a few documents at a
    /// time instead of all at once.
    pub fn span_documents(&self, span: &DocSpan) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        expand_lists(self.parse_span(span)?, &mut out)?;
        Ok(out)
    }

    /// Parses one document.
    pub fn parse_span(&self, span: &DocSpan) -> Result<Document> {
        let text = &self.text[span.start..span.end];
        let origin = Origin {
            file: self.name.clone(),
            line: Some(span.line),
            doc: Some(span.index + 1),
            object: None,
        };
        let value = parse_value(text, self.format, span.line).map_err(|(line, message)| {
            Error::input(
                &Origin {
                    line: Some(line),
                    ..origin.clone()
                },
                message,
                syntax_hint(self.format),
            )
        })?;
        let origin = Origin {
            object: super::describe(&value),
            ..origin
        };
        Ok(Document {
            origin,
            span: Some(*span),
            list_item: None,
            value,
        })
    }
}

fn syntax_hint(format: Format) -> Option<String> {
    Some(match format {
        Format::Yaml => "fix the YAML at that line (a linter such as yamllint shows more)".into(),
        Format::Json => "fix the JSON at that line".into(),
    })
}

fn read_capped(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: name.to_string(),
            source,
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::input(
            &Origin::file(name),
            format!(
                "the input is larger than {} MiB",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            Some("split it into several files".into()),
        ));
    }
    Ok(bytes)
}

/// The YAML reader's settings: YAML 1.2 core schema, no snippets of the
/// input in errors (they could show secret values), bounded work.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // YAML 1.2 core schema: `yes`, `no`, `on`, `y`, `n` are strings.
    options.strict_booleans = true;
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::PassThrough;
    options
}

/// Parses one document's text; errors carry the absolute line number.
fn parse_value(
    text: &str,
    format: Format,
    first_line: usize,
) -> std::result::Result<Value, (usize, String)> {
    match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            (
                first_line + e.line().saturating_sub(1),
                format!("invalid JSON: {}", json_error_text(&e)),
            )
        }),
        Format::Yaml => serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| {
            let line = e.location().map(|l| l.line() as usize).unwrap_or(1);
            (
                first_line + line.saturating_sub(1),
                format!("invalid YAML: {}", yaml_error_text(&e)),
            )
        }),
    }
}

fn json_error_text(e: &serde_json::Error) -> String {
    // serde_json's message ends with " at line L column C"; keep the message only.
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn yaml_error_text(e: &serde_saphyr::Error) -> String {
    let s = e.without_snippet().to_string();
    let s = s.strip_prefix("error: ").unwrap_or(&s);
    // Drop the leading "line L column C: " the renderer adds.
    let s = match s.find(": ") {
        Some(i) if s.starts_with("line ") => &s[i + 2..],
        _ => s,
    };
    s.lines().next().unwrap_or("").to_string()
}

fn expand_lists(doc: Document, out: &mut Vec<Document>) -> Result<()> {
    let is_list = doc
        .value
        .get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.ends_with("List"))
        && doc.value.get("items").is_some();
    if !is_list {
        out.push(doc);
        return Ok(());
    }
    let Document {
        origin, mut value, ..
    } = doc;
    // The items are moved out of the List, not copied.
    let Some(Value::Array(items)) = value.get_mut("items").map(Value::take) else {
        return Err(Error::input(
            &origin,
            "`items` of a List must be a sequence",
            None,
        ));
    };
    out.reserve(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let origin = Origin {
            object: super::describe(&item).map(|d| format!("{d}, item {} of the List", i + 1)),
            ..origin.clone()
        };
        out.push(Document {
            origin,
            span: None,
            list_item: Some(i),
            value: item,
        });
    }
    Ok(())
}
