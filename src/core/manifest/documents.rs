//! Turning an input's text into documents: its format, document
//! boundaries (split in parallel for large streams), `v1` `List`s, bounded
//! parsing, and parse errors that name file and line. Reading the bytes
//! (the cap, the encoding, the byte-order mark) is [`crate::io::input`]'s.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Origin, Result};
use crate::io::input::Input;
use crate::limits::{MAX_ALIASES, MAX_DOCUMENT_NODES, MAX_SCALAR_BYTES, MAX_TOTAL_NODES};
use crate::limits::{MAX_DEPTH, MAX_DOCUMENTS};
use crate::yaml::source_error::SourceError;
use crate::yaml::split::{self, DocSpan, Format};

/// One input read as a manifest: its text (an [`Input`]) and its format.
/// It reads as the [`Input`] it holds (`manifest.text`, `manifest.name`).
#[derive(Clone, Debug)]
pub struct Manifest {
    /// What was read.
    pub input: Input,
    /// YAML or JSON, from the first non-blank character.
    pub format: Format,
    /// The 1-based line of its stream where the text starts: 1, but for a
    /// segment of a long stream (cut by `io/stream.rs`), so that spans and
    /// errors name the stream's lines.
    pub first_line: usize,
}

impl std::ops::Deref for Manifest {
    type Target = Input;
    fn deref(&self) -> &Input {
        &self.input
    }
}

/// One document of an input (or one item of a `v1` `List`). Its strings
/// are wiped when dropped, and `Debug` does not show its content.
#[derive(Clone)]
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

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("origin", &self.origin)
            .field("span", &self.span)
            .field("list_item", &self.list_item)
            .field("value", &format_args!("<redacted>"))
            .finish()
    }
}

impl Drop for Document {
    fn drop(&mut self) {
        super::zeroize_value(&mut self.value);
    }
}

impl Manifest {
    /// Reads a file, or standard input when `path` is `None` or `-` (see
    /// [`Input::read`]).
    pub fn read(path: Option<&Path>) -> Result<Manifest> {
        Ok(Self::new(Input::read(path)?))
    }

    /// Decodes raw bytes (see [`Input::from_bytes`]).
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Manifest> {
        Ok(Self::new(Input::from_bytes(name, bytes)?))
    }

    /// A manifest from text already in memory.
    pub fn from_text(name: &str, text: &str) -> Result<Manifest> {
        Ok(Self::new(Input::from_text(name, text)?))
    }

    /// Reads an input as a manifest: its format is found from its text.
    pub fn new(input: Input) -> Manifest {
        let format = match split::detect_format(&input.text) {
            // `{` starts JSON, and flow-style YAML (`{apiVersion: v1, ...}`)
            // too, and a JSON document may be followed by YAML ones: such a
            // stream is read as the YAML it is (JSON is YAML).
            Format::Json if !reads_as_json(&input.text) => Format::Yaml,
            format => format,
        };
        Manifest {
            input,
            format,
            first_line: 1,
        }
    }

    /// A segment of a long YAML stream that starts at the stream's line
    /// `first_line` (cut by `io/stream.rs`).
    pub fn segment(input: Input, first_line: usize) -> Manifest {
        Manifest {
            first_line,
            ..Self::new(input)
        }
    }

    /// The document boundaries.
    pub fn spans(&self) -> Result<Vec<DocSpan>> {
        let shift = self.first_line - 1;
        let mut spans = split_documents(&self.text, self.format)
            .map_err(|e| self.syntax_error(e.shifted(shift)))?;
        for span in &mut spans {
            span.line += shift;
        }
        Ok(spans)
    }

    /// The document boundaries, as [`Manifest::spans`] finds them, found on
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

    /// [`Manifest::spans_parallel`] with the YAML stream cut in about `target` pieces.
    fn spans_in_pieces(&self, target: usize) -> Result<Vec<DocSpan>> {
        use rayon::prelude::*;
        let pieces = yaml_pieces(&self.text, target);
        if pieces.len() < 2 {
            return self.spans();
        }
        let found: Vec<_> = pieces
            .par_iter()
            .map(|piece| split_documents(&self.text[piece.start..piece.split_end], self.format))
            .collect();
        let mut spans = Vec::new();
        for (piece, found) in pieces.iter().zip(found) {
            let shift = piece.line - 1 + self.first_line - 1;
            let found = found.map_err(|e| self.syntax_error(e.shifted(shift)))?;
            split::append_spans(&mut spans, found, piece.start, shift)
                .map_err(|e| self.syntax_error(e))?;
        }
        Ok(spans)
    }

    /// A syntax error of this input's text, worded with its hint.
    pub fn syntax_error(&self, e: SourceError) -> Error {
        let hint = match &e {
            SourceError::TooDeep { .. } => Some(format!(
                "manifests nest a few levels deep; sealant refuses more than {} (see docs/security.md, Limits)",
                MAX_DEPTH
            )),
            SourceError::Yaml { message, .. } if message.contains("recursion limit") => {
                Some(format!(
                    "manifests nest a few levels deep; sealant refuses more than {} (see docs/security.md, Limits)",
                    MAX_DEPTH
                ))
            }
            SourceError::TooManyDocuments { .. } => Some(format!(
                "split the stream into files of at most {} documents (see docs/security.md, Limits)",
                MAX_DOCUMENTS
            )),
            _ => syntax_hint(self.format),
        };
        Error::input(
            &Origin {
                line: e.line(),
                ..Origin::file(&self.name)
            },
            e.to_string(),
            hint,
        )
    }

    /// Parses every document. Items of a `v1` `List` become documents of
    /// their own (with `list_item` set).
    ///
    /// Refuses an input whose documents hold more than [`MAX_TOTAL_NODES`]
    /// values together.
    pub fn documents(&self) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        let mut nodes = 0usize;
        for span in self.spans()? {
            if self.format == Format::Json {
                // Counted before parsing: serde_json has no budget of its own.
                nodes += json_node_estimate(&self.text[span.start..span.end]);
                self.check_total_nodes(nodes, &span)?;
            }
            let doc = self.parse_span(&span)?;
            if self.format == Format::Yaml {
                nodes += count_nodes(&doc.value);
                self.check_total_nodes(nodes, &span)?;
            }
            expand_lists(doc, &mut out)?;
        }
        Ok(out)
    }

    /// Parses the document at `span` (one document, or the items of a `v1`
    /// `List`) and counts its values. With [`Manifest::spans`], reads a stream
    /// a few documents at a time instead of all at once; the caller adds the
    /// counts up in document order and checks them with
    /// [`Manifest::check_total_nodes`], as [`Manifest::documents`] does.
    pub fn span_documents(&self, span: &DocSpan) -> Result<(Vec<Document>, usize)> {
        let nodes = match self.format {
            Format::Json => json_node_estimate(&self.text[span.start..span.end]),
            Format::Yaml => 0,
        };
        let doc = self.parse_span(span)?;
        let nodes = match self.format {
            Format::Json => nodes,
            Format::Yaml => count_nodes(&doc.value),
        };
        let mut out = Vec::new();
        expand_lists(doc, &mut out)?;
        Ok((out, nodes))
    }

    /// Refuses an input whose documents, up to the one at `span`, hold
    /// `nodes` values, when that is more than [`MAX_TOTAL_NODES`].
    pub fn check_total_nodes(&self, nodes: usize, span: &DocSpan) -> Result<()> {
        if nodes <= MAX_TOTAL_NODES {
            return Ok(());
        }
        Err(Error::input(
            &Origin {
                file: self.name.clone(),
                line: Some(span.line),
                doc: Some(span.index + 1),
                object: None,
            },
            format!("the input holds more than {MAX_TOTAL_NODES} values in all (counted up to this document)"),
            Some("split it into several files; if it uses YAML aliases (`*name`), write the values out".into()),
        ))
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
                message.clone(),
                if message.contains(REFUSED) {
                    Some("split it into smaller documents; if it uses YAML aliases (`*name`), write the values out".into())
                } else {
                    syntax_hint(self.format)
                },
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
    /// Where to stop splitting the piece: past the `---` line that starts
    /// the next piece, so that its last document ends there as it does in
    /// the stream (an empty block scalar, say, would not end the same way at
    /// the end of the text). That line adds no document.
    split_end: usize,
}

/// Cuts a YAML stream into about `target` pieces of similar size, at lines
/// that are only a document marker (`---`). Returns one piece (the whole
/// text) when the stream has directives.
fn yaml_pieces(text: &str, target: usize) -> Vec<Piece> {
    let whole = vec![Piece {
        start: 0,
        end: text.len(),
        line: 1,
        split_end: text.len(),
    }];
    let step = text.len() / target.max(1) + 1;
    let mut pieces = Vec::new();
    let (mut start, mut start_line) = (0, 1);
    let mut line = 1;
    let mut at = 0;
    let bytes = text.as_bytes();
    // A lone `\r` breaks a YAML line too, and lines here are counted by `\n`.
    if text
        .match_indices('\r')
        .any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'))
    {
        return whole;
    }
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest[0] == b'%' {
            return whole;
        }
        let marker = [&b"---\n"[..], b"---\r\n"]
            .into_iter()
            .find(|m| rest.starts_with(m));
        if let Some(marker) = marker
            && at > start
            && at - start >= step
        {
            pieces.push(Piece {
                start,
                end: at,
                line: start_line,
                split_end: at + marker.len(),
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
        split_end: text.len(),
    });
    pieces
}

fn syntax_hint(format: Format) -> Option<String> {
    Some(match format {
        Format::Yaml => "fix the YAML at that line (a linter such as yamllint shows more)".into(),
        Format::Json => "fix the JSON at that line".into(),
    })
}

/// The YAML reader's settings: YAML 1.2 core schema, no snippets of the
/// input in errors (they could show secret values), bounded work.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    // YAML 1.2 core schema: `yes`, `no`, `on`, `y`, `n` are strings.
    options.strict_booleans = true;
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::PassThrough;
    // Bounded work and memory for hostile input (the README's "Limits").
    // Each document is parsed on its own, so these are per document.
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_DOCUMENT_NODES;
    budget.max_events = 4 * MAX_DOCUMENT_NODES;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_total_scalar_bytes = MAX_SCALAR_BYTES;
    budget.max_documents = 1;
    budget.max_inclusion_depth = 0;
    options.budget = Some(budget);
    options
}

/// Counts the values of a parsed document (without recursion).
fn count_nodes(value: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// An upper bound of the values in a JSON document, from its punctuation
/// (outside strings), without building anything.
fn json_node_estimate(text: &str) -> usize {
    let (mut count, mut in_string, mut escaped) = (1usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b',' | b'[' | b'{' => count += 1,
            _ => {}
        }
    }
    count
}

/// Parses one document's text; errors carry the absolute line number.
/// [`split::split_documents`], through the fast path for plain YAML.
/// Whether a text that starts like JSON is a stream of JSON documents.
/// It is YAML when it is flow-style YAML (`{apiVersion: v1, ...}`: a key
/// without quotes) or when YAML documents follow JSON ones (a `---` where
/// the next JSON document would start), and reads as YAML. Any other JSON
/// mistake stays a JSON error: a broken JSON document is never read as the
/// YAML it might happen to be.
fn reads_as_json(text: &str) -> bool {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    loop {
        let at = stream.byte_offset();
        match stream.next() {
            None => return true,
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                let yaml_follows = text[at..].trim_start().starts_with("---");
                let flow_yaml = at == 0 && e.to_string().starts_with("key must be a string");
                return !((yaml_follows || flow_yaml)
                    && split_documents(text, Format::Yaml).is_ok());
            }
        }
    }
}

fn split_documents(text: &str, format: Format) -> std::result::Result<Vec<DocSpan>, SourceError> {
    match format {
        // A YAML stream that starts like JSON.
        Format::Yaml if split::detect_format(text) == Format::Json => split::split_yaml(text),
        Format::Yaml => crate::yaml::plain::split_documents(text),
        Format::Json => split::split_documents(text),
    }
}

fn parse_value(
    text: &str,
    format: Format,
    first_line: usize,
) -> std::result::Result<Value, (usize, String)> {
    if format == Format::Yaml
        && let Some(value) = crate::yaml::plain::parse(text)
    {
        return Ok(value);
    }
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
    if let Some(breach) = budget_breach(e) {
        return budget_text(breach);
    }
    let s = e.without_snippet().to_string();
    let s = s.strip_prefix("error: ").unwrap_or(&s);
    // Drop the leading "line L column C: " the renderer adds.
    let s = match s.find(": ") {
        Some(i) if s.starts_with("line ") => &s[i + 2..],
        _ => s,
    };
    s.lines().next().unwrap_or("").to_string()
}

const REFUSED: &str = "the document is refused:";

/// The budget breach behind a YAML error, through its wrappers.
fn budget_breach(e: &serde_saphyr::Error) -> Option<&serde_saphyr::budget::BudgetBreach> {
    match e.without_snippet() {
        serde_saphyr::Error::Budget { breach, .. } => Some(breach),
        serde_saphyr::Error::AliasError { error, .. } => budget_breach(error),
        _ => None,
    }
}

/// Says which limit a document hit, in words (see the README's "Limits").
fn budget_text(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    let what = match breach {
        B::Nodes { .. } | B::Events { .. } => {
            format!("more than {MAX_DOCUMENT_NODES} values (YAML aliases count once per use)")
        }
        B::Aliases { .. } | B::Anchors { .. } => {
            format!("more than {MAX_ALIASES} YAML aliases or anchors")
        }
        B::Depth { .. } => format!("nesting deeper than {} levels", MAX_DEPTH),
        B::ScalarBytes { .. } => format!(
            "more than {} MiB of text in its values",
            MAX_SCALAR_BYTES / (1024 * 1024)
        ),
        B::AliasAnchorRatio { .. } => {
            "far more alias uses than anchors (the shape of an alias bomb)".to_string()
        }
        other => format!("a YAML limit ({other:?})"),
    };
    format!("{REFUSED} it has {what}; sealant bounds what it reads (see docs/security.md, Limits)")
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
    let mut doc = doc;
    let origin = doc.origin.clone();
    // The items are moved out of the List, not copied (so no second copy of
    // the values waits to be wiped).
    let Some(Value::Array(items)) = doc.value.get_mut("items").map(Value::take) else {
        return Err(Error::input(
            &origin,
            "`items` of a List must be a sequence",
            None,
        ));
    };
    // A typed `SecretList` (client-go's output) leaves its items' `kind`
    // and `apiVersion` out: they are Secrets, read as such.
    let typed_secrets = doc.value.get("kind").and_then(Value::as_str) == Some("SecretList");
    out.reserve(items.len());
    for (i, mut item) in items.into_iter().enumerate() {
        if typed_secrets
            && let Some(map) = item.as_object_mut()
            && !map.contains_key("kind")
        {
            map.insert("kind".into(), Value::String("Secret".into()));
            map.entry("apiVersion")
                .or_insert_with(|| Value::String("v1".into()));
        }
        let origin = Origin {
            object: Some(match super::describe(&item) {
                Some(d) => format!("{d}, item {} of the List", i + 1),
                None => format!("item {} of the List", i + 1),
            }),
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
        let input = Manifest::from_text("t.yaml", text).unwrap();
        let whole = input.spans().unwrap();
        // The fast path for plain YAML finds what the YAML crate finds.
        assert_eq!(whole, split::split_documents(text).unwrap(), "{text:?}");
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
        same_spans(&TRICKY.replace('\n', "\r"));
        same_spans(&format!("{}{TRICKY}", "---\na: b\n".repeat(9)));
        // A piece that ends in an empty block scalar ends it at the next
        // piece's `---`, as the whole stream does.
        same_spans(&"---\na: b\n---\n|\n".repeat(9));
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
            // Cut only at lines that are `---` alone, kept by the piece before.
            assert!(text[w[1].start..].starts_with("---\n"));
            assert_eq!(w[0].split_end, w[1].start + 4);
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
        let input = Manifest::from_text("t.yaml", &text).unwrap();
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
