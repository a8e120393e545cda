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
        source::split_documents(&self.text).map_err(|e| self.syntax_error(e))
    }

    /// The document boundaries, as [`Input::spans`] finds them, found on
    /// every core: a large YAML stream is cut at its `---` lines and the
    /// pieces are split in parallel. A `---` at the start of a line ends any
    /// YAML content before it (a block or quoted scalar cannot hold such a
    /// line), so each piece parses on its own; streams with `%` directives,
    /// which belong to the next document, are split whole.
    pub fn spans_parallel(&self) -> Result<Vec<DocSpan>> {
        if self.format != Format::Yaml || self.text.len() < PARALLEL_SPLIT_MIN_BYTES {
            return self.spans();
        }
        self.spans_in_pieces(rayon::current_num_threads() * 4)
    }

    /// [`Input::spans_parallel`] with the YAML stream cut in about `target` pieces.
    fn spans_in_pieces(&self, target: usize) -> Result<Vec<DocSpan>> {
        use rayon::prelude::*;
        let pieces = yaml_pieces(&self.text, target);
        if pieces.len() < 2 {
            return self.spans();
        }
        let found: Vec<_> = pieces
            .par_iter()
            .map(|piece| source::split_documents(&self.text[piece.start..piece.end]))
            .collect();
        let mut spans = Vec::new();
        for (piece, found) in pieces.iter().zip(found) {
            let shift = piece.line - 1;
            let found = found.map_err(|e| self.syntax_error(shift_line(e, shift)))?;
            for span in found {
                if spans.len() == source::MAX_DOCUMENTS {
                    let e = source::SourceError::TooManyDocuments {
                        line: span.line + shift,
                        max: source::MAX_DOCUMENTS,
                    };
                    return Err(self.syntax_error(e));
                }
                spans.push(DocSpan {
                    index: spans.len(),
                    start: span.start + piece.start,
                    end: span.end + piece.start,
                    line: span.line + shift,
                });
            }
        }
        Ok(spans)
    }

    fn syntax_error(&self, e: source::SourceError) -> Error {
        Error::input(
            &Origin {
                line: e.line(),
                ..Origin::file(&self.name)
            },
            e.to_string(),
            syntax_hint(self.format),
        )
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

/// Below this size a stream is split on one thread: starting the others
/// would cost more than it saves.
const PARALLEL_SPLIT_MIN_BYTES: usize = 64 * 1024;

/// A piece of a YAML stream that parses on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    start: usize,
    end: usize,
    /// 1-based line of `start`.
    line: usize,
}

/// Cuts a YAML stream into about `target` pieces of similar size, at lines
/// that are document markers (`---` alone or followed by a space or tab).
/// Returns one piece (the whole text) when the stream has directives.
fn yaml_pieces(text: &str, target: usize) -> Vec<Piece> {
    let whole = vec![Piece {
        start: 0,
        end: text.len(),
        line: 1,
    }];
    let step = text.len() / target.max(1) + 1;
    let mut pieces = Vec::new();
    let (mut start, mut start_line) = (0, 1);
    let mut line = 1;
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest[0] == b'%' {
            return whole;
        }
        let marker = rest.starts_with(b"---")
            && matches!(rest.get(3), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
        if marker && at > start && at - start >= step {
            pieces.push(Piece {
                start,
                end: at,
                line: start_line,
            });
            (start, start_line) = (at, line);
        }
        match rest.iter().position(|b| *b == b'\n') {
            Some(n) => {
                at += n + 1;
                line += 1;
            }
            None => break,
        }
    }
    pieces.push(Piece {
        start,
        end: text.len(),
        line: start_line,
    });
    pieces
}

/// Moves the line of a piece's error to the line in the whole stream.
fn shift_line(e: source::SourceError, by: usize) -> source::SourceError {
    use source::SourceError as E;
    match e {
        E::Yaml {
            line,
            column,
            message,
        } => E::Yaml {
            line: line + by,
            column,
            message,
        },
        E::TooDeep { line, column, max } => E::TooDeep {
            line: line + by,
            column,
            max,
        },
        E::TooManyDocuments { line, max } => E::TooManyDocuments {
            line: line + by,
            max,
        },
        E::Unsupported {
            line,
            column,
            message,
        } => E::Unsupported {
            line: line + by,
            column,
            message,
        },
        // Splitting YAML reports none of the others.
        other => other,
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

#[cfg(test)]
mod tests {
    use super::*;

    const TRICKY: &str = "# leading comment\napiVersion: v1\nkind: A\n---\n---   # empty\n--- |\n  block text\n  ---\n---\nkey: \"multi\n  line\"  # trailing comment\n...\n# after the end marker\nbare: document\n---\n- a\n- ----\n--- {flow: map,\n  x: y}\n---\n----: v\n---\n# only a comment\n---\nlast: one\n";

    fn same_spans(text: &str) {
        let input = Input::from_text("t.yaml", text).unwrap();
        let whole = input.spans().unwrap();
        for target in [1, 2, 3, 5, 8, 1000] {
            assert_eq!(
                input.spans_in_pieces(target).unwrap(),
                whole,
                "{target} pieces of {text:?}"
            );
        }
    }

    #[test]
    fn cutting_a_stream_at_its_markers_finds_the_same_documents() {
        same_spans(TRICKY);
        same_spans(&TRICKY.replace('\n', "\r\n"));
        same_spans(&format!("---\n{TRICKY}"));
        same_spans(&TRICKY.repeat(7));
        same_spans("just: one\n");
        same_spans("");
    }

    #[test]
    fn pieces_start_at_markers_and_cover_the_text() {
        let text = TRICKY.repeat(5);
        let pieces = yaml_pieces(&text, 1000);
        assert!(pieces.len() > 10, "{pieces:?}");
        assert_eq!(pieces[0].start, 0);
        assert_eq!(pieces.last().unwrap().end, text.len());
        for w in pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(text[w[1].start..].starts_with("---"));
            assert_ne!(&text[w[1].start..w[1].start + 4], "----");
            assert_eq!(w[1].line, text[..w[1].start].matches('\n').count() + 1);
        }
    }

    #[test]
    fn directives_keep_the_stream_whole() {
        let text = format!("{TRICKY}...\n%YAML 1.2\n---\na: b\n");
        assert_eq!(yaml_pieces(&text, 1000).len(), 1);
        same_spans(&text);
    }

    #[test]
    fn an_error_in_a_piece_names_its_line_in_the_stream() {
        let text = format!("{}---\na: [unclosed\n---\nb: c\n", "---\nx: y\n".repeat(30));
        let input = Input::from_text("t.yaml", &text).unwrap();
        let whole = input.spans().unwrap_err();
        let cut = input.spans_in_pieces(1000).unwrap_err();
        assert_eq!(cut.to_string(), whole.to_string());
        // The unclosed flow sequence opens on line 62 of the stream.
        let line: usize = cut.to_string().split("line ").nth(1).unwrap()[..2]
            .parse()
            .unwrap();
        assert!(line >= 62, "{cut}");
    }
}
