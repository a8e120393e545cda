//! Exact byte spans of documents and `spec.encryptedData` values in a YAML or JSON
//! manifest, and in-place edits of those values.
//!
//! Everything here works on the original text: offsets are byte offsets into it, and an
//! edit rewrites only the bytes it has to. Comments, key order, quoting, indentation and
//! line endings everywhere else stay exactly as they were.
//!
//! YAML is read with `granit_parser` (re-exported by `serde_saphyr`), whose events carry
//! byte ranges into the source. JSON streams are split with `serde_json`; the spans inside
//! one JSON document come from the same YAML event parser, since JSON is YAML flow syntax.
//!
//! Error messages carry line and column numbers but never the content of scalars, which
//! may be secrets.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use serde_saphyr::granit_parser::{
    ErrorKind, Event, Options, Parser, ScalarStyle, ScanError, Span, StructureStyle,
};

pub use crate::limits::{MAX_DEPTH, MAX_DOCUMENTS};

const BOM: char = '\u{feff}';

/// The syntax of a manifest text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// YAML: one or more documents separated by `---`.
    Yaml,
    /// JSON: one or more objects or arrays, one after another.
    Json,
}

/// Detects the format of `text`.
///
/// It is [`Format::Json`] when the first character that is not whitespace (after an
/// optional UTF-8 byte order mark) is `{` or `[`, and [`Format::Yaml`] otherwise.
#[must_use]
pub fn detect_format(text: &str) -> Format {
    let body = text.strip_prefix(BOM).unwrap_or(text);
    match body.trim_start().chars().next() {
        Some('{' | '[') => Format::Json,
        _ => Format::Yaml,
    }
}

/// One document of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocSpan {
    /// 0-based position among the non-empty documents of the stream.
    pub index: usize,
    /// Byte offset of the document's content in the text.
    ///
    /// `text[start..end]` excludes `---`/`...` markers, comments before the content and the
    /// byte order mark, and can be parsed on its own.
    pub start: usize,
    /// Byte offset one past the end of the document's content.
    ///
    /// For YAML, a comment at the end of the last content line is included; comments on the
    /// lines after it are not. For JSON, this is right after the closing bracket.
    pub end: usize,
    /// 1-based line of the first content line.
    pub line: usize,
}

impl SourceError {
    /// The 1-based line of the problem, when the error has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            SourceError::Yaml { line, .. }
            | SourceError::Json { line, .. }
            | SourceError::TooDeep { line, .. }
            | SourceError::TooManyDocuments { line, .. }
            | SourceError::Unsupported { line, .. }
            | SourceError::NoEncryptedData { line }
            | SourceError::KeyNotFound { line, .. }
            | SourceError::KeyExists { line, .. }
            | SourceError::AnnotationNotFound { line, .. }
            | SourceError::ConflictingChanges { line, .. } => Some(*line),
            SourceError::InvalidSpan { .. } => None,
        }
    }
}

/// Why a text could not be read or edited.
///
/// Lines and columns are 1-based; columns count characters. Messages never quote the
/// content of scalar values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The YAML parser rejected the text.
    #[error("YAML syntax error at line {line}, column {column}: {message}")]
    Yaml {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The JSON parser rejected the text.
    #[error("JSON syntax error at line {line}, column {column}: {message}")]
    Json {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A document nests collections deeper than [`MAX_DEPTH`].
    #[error("nesting deeper than {max} levels at line {line}, column {column}")]
    TooDeep {
        /// Line of the collection that is too deep.
        line: usize,
        /// Column of the collection that is too deep.
        column: usize,
        /// The limit, [`MAX_DEPTH`].
        max: usize,
    },
    /// The stream has more than [`MAX_DOCUMENTS`] documents.
    #[error("more than {max} documents (the next one starts at line {line})")]
    TooManyDocuments {
        /// Line of the first document over the limit.
        line: usize,
        /// The limit, [`MAX_DOCUMENTS`].
        max: usize,
    },
    /// The text is valid but has a shape this module does not handle.
    #[error("{message} at line {line}, column {column}")]
    Unsupported {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A change was requested for a document without a `spec.encryptedData` mapping.
    #[error("the document at line {line} has no spec.encryptedData mapping")]
    NoEncryptedData {
        /// Line of the document.
        line: usize,
    },
    /// [`Change::Replace`] names a key that `spec.encryptedData` does not have.
    #[error("spec.encryptedData of the document at line {line} has no key {key:?}")]
    KeyNotFound {
        /// Line of the document.
        line: usize,
        /// The missing key.
        key: String,
    },
    /// [`Change::Insert`] names a key that `spec.encryptedData` already has.
    #[error("spec.encryptedData already has the key {key:?} at line {line}")]
    KeyExists {
        /// Line of the existing item.
        line: usize,
        /// The existing key.
        key: String,
    },
    /// [`Change::ReplaceAnnotation`] names an annotation the document does not have.
    #[error("metadata.annotations of the document at line {line} has no key {key:?}")]
    AnnotationNotFound {
        /// Line of the document.
        line: usize,
        /// The missing annotation key.
        key: String,
    },
    /// Two changes for the same document name the same key.
    #[error("the key {key:?} is changed twice in the document at line {line}")]
    ConflictingChanges {
        /// Line of the document.
        line: usize,
        /// The key named twice.
        key: String,
    },
    /// A [`DocSpan`] does not fit the text (it is out of bounds, splits a character, or
    /// overlaps another document).
    #[error("the document span {start}..{end} does not fit the text")]
    InvalidSpan {
        /// Start of the span.
        start: usize,
        /// End of the span.
        end: usize,
    },
}

/// Splits a stream into its non-empty documents.
///
/// YAML documents are separated by `---` (comments may come before or after, `...` may
/// end a document); a leading byte order mark is skipped, and documents with no content
/// (empty, or only comments) are skipped and not counted. JSON documents are objects or
/// arrays one after another, separated by optional whitespace, as `kubeseal` writes them.
///
/// # Errors
///
/// A syntax error, a document nested deeper than [`MAX_DEPTH`], more than
/// [`MAX_DOCUMENTS`] documents, or a JSON document that is not an object or array.
pub fn split_documents(text: &str) -> Result<Vec<DocSpan>, SourceError> {
    match detect_format(text) {
        Format::Json => split_json(text),
        Format::Yaml => split_yaml(text),
    }
}

impl SourceError {
    /// The same error in a text that starts `lines` lines further down: a
    /// part of a stream split on its own.
    #[must_use]
    pub fn shifted(self, lines: usize) -> Self {
        match self {
            Self::Yaml {
                line,
                column,
                message,
            } => Self::Yaml {
                line: line + lines,
                column,
                message,
            },
            Self::Json {
                line,
                column,
                message,
            } => Self::Json {
                line: line + lines,
                column,
                message,
            },
            Self::TooDeep { line, column, max } => Self::TooDeep {
                line: line + lines,
                column,
                max,
            },
            Self::TooManyDocuments { line, max } => Self::TooManyDocuments {
                line: line + lines,
                max,
            },
            Self::Unsupported {
                line,
                column,
                message,
            } => Self::Unsupported {
                line: line + lines,
                column,
                message,
            },
            // Splitting a stream reports none of the others.
            other => other,
        }
    }
}

/// Adds the documents found in a part of a stream that starts at byte
/// `offset` and `lines` lines down to those of the stream before it,
/// numbering them on; refuses more than [`MAX_DOCUMENTS`] in all.
///
/// # Errors
///
/// [`SourceError::TooManyDocuments`], at the first document over the limit.
pub fn append_spans(
    spans: &mut Vec<DocSpan>,
    found: Vec<DocSpan>,
    offset: usize,
    lines: usize,
) -> Result<(), SourceError> {
    for span in found {
        if spans.len() == MAX_DOCUMENTS {
            return Err(SourceError::TooManyDocuments {
                line: span.line + lines,
                max: MAX_DOCUMENTS,
            });
        }
        spans.push(DocSpan {
            index: spans.len(),
            start: span.start + offset,
            end: span.end + offset,
            line: span.line + lines,
        });
    }
    Ok(())
}

/// How a mapping is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MappingStyle {
    /// One `key: value` per line, nested by indentation.
    Block,
    /// Between braces: `{key: value, ...}`; all JSON objects are flow mappings.
    Flow,
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueStyle {
    /// Unquoted.
    Plain,
    /// Between single quotes.
    SingleQuoted,
    /// Between double quotes (all JSON strings).
    DoubleQuoted,
    /// A literal block scalar (`|`).
    Literal,
    /// A folded block scalar (`>`).
    Folded,
}

/// One item of `spec.encryptedData`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemSpan {
    /// The key, unquoted and unescaped.
    pub key: String,
    /// Byte offset of the key as written (including quotes).
    pub key_start: usize,
    /// Byte offset one past the key as written.
    pub key_end: usize,
    /// Byte offset of the value as written, including its quotes.
    ///
    /// For a block scalar (`|`, `>`) this is where its first content line starts, after
    /// the indentation; the header line is not included. For a missing value (`key:`)
    /// the span is empty and sits right after the `:`.
    pub value_start: usize,
    /// Byte offset one past the value as written. For a block scalar this includes the
    /// line break of its last line and any trailing blank lines.
    pub value_end: usize,
    /// How the value is written.
    pub style: ValueStyle,
    /// 1-based line of the key.
    pub line: usize,
}

/// Where the `spec.encryptedData` mapping of one document is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EncryptedDataSpans {
    /// The items in source order.
    pub items: Vec<ItemSpan>,
    /// Whether the mapping is a block or a flow (or JSON) mapping.
    pub style: MappingStyle,
    /// The format of the document.
    pub format: Format,
    /// Byte offset of the mapping: its `{`, or for a block mapping its first key.
    pub start: usize,
    /// Byte offset one past the mapping: past its `}`, or for a block mapping the end of
    /// its last value.
    pub end: usize,
    /// 1-based line of the `encryptedData` key.
    pub line: usize,
    /// For a block mapping, the column (0-based, in characters) of its keys.
    pub indent: Option<usize>,
    layout: Layout,
}

/// What inserting needs beyond the public fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Layout {
    /// The `encryptedData` key as written.
    key: Range<usize>,
    /// Column of the `encryptedData` key, when it starts a block mapping line.
    key_indent: Option<usize>,
    /// The `spec` key as written.
    spec_key: Range<usize>,
    /// Column of the `spec` key, when it starts a block mapping line.
    spec_key_indent: Option<usize>,
    /// Style of the mapping holding `encryptedData`.
    parent_style: MappingStyle,
    /// Where the mapping holding `encryptedData` starts.
    parent_start: usize,
    /// How the first key of `encryptedData` is written.
    first_key_style: Option<ValueStyle>,
}

/// Finds `spec.encryptedData` in one document of `text`.
///
/// Returns `None` when the document has no `spec.encryptedData`, or when it is not a
/// mapping (for example `encryptedData: null`).
///
/// # Errors
///
/// `doc` does not fit `text`, a syntax error, too deep nesting, or an `encryptedData` with
/// a shape that cannot be edited safely: a value that is not a scalar, a key that is not a
/// scalar, a duplicate key, or an alias in place of `spec` or `encryptedData`.
pub fn encrypted_data_spans(
    text: &str,
    doc: &DocSpan,
) -> Result<Option<EncryptedDataSpans>, SourceError> {
    let source = doc_text(text, doc)?;
    // The format of the stream: a YAML document may well be a flow mapping.
    let format = detect_format(text);
    let mut walker = Walker::new(text, doc, format);
    for next in Parser::new_from_str_with_options(source, parser_options(format, source.len())) {
        let (event, span) = next.map_err(|error| yaml_error(text, doc.start, &error))?;
        walker.event(&event, &span)?;
    }
    Ok(walker.finish())
}

/// One change to the `spec.encryptedData` of a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Change {
    /// Replace the value of an existing item, keeping its quoting style.
    Replace {
        /// The key of the item.
        key: String,
        /// The new value, normally base64.
        value: String,
    },
    /// Add an item that does not exist yet.
    Insert {
        /// The new key.
        key: String,
        /// Its value, normally base64.
        value: String,
    },
    /// Remove an existing item: in a block mapping its whole line (or lines,
    /// for a block scalar), comments on it included. Flow mappings and JSON
    /// are [`SourceError::Unsupported`]: the caller writes the document anew.
    Remove {
        /// The key of the item.
        key: String,
    },
    /// Replace the value of an existing annotation in the document's own
    /// `metadata.annotations` (not the template's), keeping its quoting style.
    ReplaceAnnotation {
        /// The annotation's key.
        key: String,
        /// The new value.
        value: String,
    },
}

impl Change {
    fn key(&self) -> &str {
        match self {
            Change::Replace { key, .. }
            | Change::Insert { key, .. }
            | Change::Remove { key }
            | Change::ReplaceAnnotation { key, .. } => key,
        }
    }
}

/// Applies `changes` to the `spec.encryptedData` of one document and returns the new text.
///
/// Every byte outside the edited values and the inserted items stays identical.
///
/// - [`Change::Replace`] rewrites the whole scalar (multi-line ones too) in the same style:
///   plain stays plain, quoted stays quoted with the same quotes, a block scalar keeps its
///   header and gets the value as its only content line. A plain or single-quoted value
///   switches to double quotes only if the new value would otherwise not read back as the
///   same string (for example `true`, `123` or the empty string).
/// - [`Change::Insert`] adds an item. In a block mapping it is a new line indented like
///   the other items, placed in key order when the existing keys are sorted and after the
///   last item otherwise, with the file's line ending. In a flow mapping or JSON object it
///   is a `key: value` entry with a comma, laid out like the others (one per line in
///   pretty-printed JSON). An empty `{}` becomes a mapping in the natural style of the
///   file: a block mapping in block YAML, pretty or compact JSON like the rest of the
///   document. Keys that would not read back as strings (`true`, `yes`, `1`, `a: b`) are
///   quoted.
///
/// # Errors
///
/// See [`encrypted_data_spans`]; also a missing `spec.encryptedData`, a replaced key that
/// does not exist, an inserted key that does, or two changes for the same key.
pub fn apply_changes(text: &str, doc: &DocSpan, changes: &[Change]) -> Result<String, SourceError> {
    let edits = doc_edits(text, doc, changes)?;
    apply_edits(text, edits)
}

/// Applies changes to several documents of `text` at once and returns the new text.
///
/// The spans must come from [`split_documents`] on this same `text`. The result is the
/// same as applying each document's changes in turn from the last document to the first.
///
/// # Errors
///
/// As [`apply_changes`], and [`SourceError::InvalidSpan`] when two spans overlap.
pub fn apply_all(text: &str, docs: &[(DocSpan, Vec<Change>)]) -> Result<String, SourceError> {
    let mut order: Vec<&(DocSpan, Vec<Change>)> = docs.iter().collect();
    order.sort_by_key(|(doc, _)| (doc.start, doc.end));
    for pair in order.windows(2) {
        let (a, b) = (&pair[0].0, &pair[1].0);
        if b.start < a.end {
            return Err(SourceError::InvalidSpan {
                start: b.start,
                end: b.end,
            });
        }
    }
    let mut edits = Vec::new();
    for (doc, changes) in order {
        edits.extend(doc_edits(text, doc, changes)?);
    }
    apply_edits(text, edits)
}

// ---------------------------------------------------------------------------------------
// Splitting

fn split_json(text: &str) -> Result<Vec<DocSpan>, SourceError> {
    let origin = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    check_json_depth(text, origin)?;
    let body = &text[origin..];
    let mut docs = Vec::new();
    let mut lines = LineCounter::default();
    let mut stream = serde_json::Deserializer::from_str(body).into_iter::<serde::de::IgnoredAny>();
    loop {
        let before = stream.byte_offset();
        match stream.next() {
            None => break,
            Some(Err(error)) => return Err(json_error(&error)),
            Some(Ok(_)) => {}
        }
        let end = origin + stream.byte_offset();
        let skipped = body[before..]
            .bytes()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
        let start = origin + before + skipped;
        let line = lines.line_at(text, start);
        if !matches!(text.as_bytes().get(start), Some(b'{' | b'[')) {
            let (line, column) = line_col(text, start);
            return Err(SourceError::Unsupported {
                line,
                column,
                message: "JSON document is not an object or an array".to_owned(),
            });
        }
        if docs.len() == MAX_DOCUMENTS {
            return Err(SourceError::TooManyDocuments {
                line,
                max: MAX_DOCUMENTS,
            });
        }
        docs.push(DocSpan {
            index: docs.len(),
            start,
            end,
            line,
        });
    }
    Ok(docs)
}

/// Refuses JSON nested deeper than [`MAX_DEPTH`], before `serde_json` recurses into it.
fn check_json_depth(text: &str, from: usize) -> Result<(), SourceError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in text.as_bytes().iter().enumerate().skip(from) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(text, i));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// What is known about the YAML document being read.
#[derive(Default)]
struct YamlDoc {
    /// End of the `---` marker, if the document has one.
    marker_end: Option<usize>,
    /// The first node of the document.
    root: Option<RootNode>,
    /// Largest end offset of any node seen so far.
    max_end: usize,
}

struct RootNode {
    start: usize,
    line: usize,
    /// An empty scalar: the document has no content.
    empty: bool,
    block_scalar: bool,
}

impl YamlDoc {
    fn node(&mut self, range: &Range<usize>, span: &Span, empty: bool, block_scalar: bool) {
        if self.root.is_none() {
            self.root = Some(RootNode {
                start: range.start,
                line: span.start.line(),
                empty,
                block_scalar,
            });
        }
        self.max_end = self.max_end.max(range.end);
    }

    /// The span of the finished document, or `None` if it has no content.
    fn finish(&self, text: &str, index: usize) -> Option<DocSpan> {
        let root = self.root.as_ref()?;
        if root.empty {
            return None;
        }
        let mut start = if root.block_scalar {
            // The span of a block scalar starts at its content, after the header.
            let header = block_scalar_header(text, root.start).0;
            match self.marker_end {
                Some(marker_end) if marker_end > header => skip_blanks(text, marker_end),
                _ => header,
            }
        } else {
            // Keep the indentation of the first line, so that following lines still line up.
            let line_start = line_start(text, root.start);
            if is_blank(&text[line_start..root.start]) {
                line_start
            } else {
                root.start
            }
        };
        if start == 0 && text.starts_with(BOM) {
            start = BOM.len_utf8();
        }
        // Past the last node, on its line: an implicit null's `:`, or a trailing comment.
        let mut end = self.max_end.max(start);
        if !text[..end].ends_with(['\n', '\r']) {
            let line_end = line_end(text, end);
            end += text[end..line_end].trim_end_matches([' ', '\t']).len();
        }
        let line = root
            .line
            .saturating_sub(count_line_breaks(&text[start..root.start]));
        Some(DocSpan {
            index,
            start,
            end,
            line,
        })
    }
}

/// Splits a YAML stream, whatever its first character (a flow mapping, a
/// JSON document followed by YAML ones).
///
/// # Errors
///
/// As [`split_documents`].
pub fn split_yaml(text: &str) -> Result<Vec<DocSpan>, SourceError> {
    let mut docs = Vec::new();
    let mut depth = 0usize;
    let mut doc = YamlDoc::default();
    for next in Parser::new_from_str_with_options(text, parser_options(Format::Yaml, text.len())) {
        let (event, span) = next.map_err(|error| yaml_error(text, 0, &error))?;
        let range = byte_range(text, 0, &span)?;
        match event {
            Event::DocumentStart(explicit, _) => {
                depth = 0;
                doc = YamlDoc {
                    marker_end: explicit.then_some(range.end),
                    ..YamlDoc::default()
                };
            }
            Event::DocumentEnd => {
                if let Some(span) = doc.finish(text, docs.len()) {
                    if docs.len() == MAX_DOCUMENTS {
                        return Err(SourceError::TooManyDocuments {
                            line: span.line,
                            max: MAX_DOCUMENTS,
                        });
                    }
                    docs.push(span);
                }
                doc = YamlDoc::default();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(text, range.start));
                }
                doc.node(&range, &span, false, false);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                // Only flow collections end on a bracket; the end of a block collection
                // sits at the next token, possibly after comments.
                if !range.is_empty() {
                    doc.max_end = doc.max_end.max(range.end);
                }
            }
            Event::Scalar(_, style, ..) => {
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                let mut range = range;
                if block {
                    range.end = trim_block_scalar_end(text, &range);
                }
                doc.node(&range, &span, range.is_empty(), block);
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => doc.node(&range, &span, false, false),
            _ => {}
        }
    }
    Ok(docs)
}

// ---------------------------------------------------------------------------------------
// Finding spec.encryptedData

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Root,
    Spec,
    EncryptedData,
}

struct KeyNode {
    text: String,
    range: Range<usize>,
    line: usize,
    indent: Option<usize>,
    style: ValueStyle,
}

enum Frame {
    Sequence,
    Mapping {
        role: Role,
        expect_key: bool,
        /// The last key, kept only in the mappings on the way to `encryptedData`.
        key: Option<KeyNode>,
        /// Whether the key of interest (`spec`, `encryptedData`) was seen already.
        seen: bool,
    },
}

/// Where the current node sits.
enum Slot {
    Root,
    Key(Role),
    Value(Role, Option<KeyNode>),
    Other,
}

/// A node event, reduced to what the walker needs.
enum Node<'a> {
    Scalar(&'a str, ValueStyle),
    Mapping(MappingStyle),
    Sequence,
    Alias,
}

struct Spec {
    key: Range<usize>,
    key_indent: Option<usize>,
    style: MappingStyle,
    start: usize,
}

struct Found {
    key: KeyNode,
    style: MappingStyle,
    start: usize,
    end: Option<usize>,
    items: Vec<ItemSpan>,
    keys: HashSet<String>,
    parent: (MappingStyle, usize),
    spec_key: Range<usize>,
    spec_key_indent: Option<usize>,
    first_key_style: Option<ValueStyle>,
}

struct Walker<'t> {
    text: &'t str,
    /// Offset of the parsed slice in `text`.
    origin: usize,
    /// Line of the parsed slice's first line in `text`, minus one.
    line_offset: usize,
    format: Format,
    stack: Vec<Frame>,
    spec: Option<Spec>,
    found: Option<Found>,
    /// Whether the scalar being handled carries a YAML tag or anchor.
    properties: bool,
}

impl<'t> Walker<'t> {
    fn new(text: &'t str, doc: &DocSpan, format: Format) -> Self {
        Walker {
            text,
            origin: doc.start,
            line_offset: doc.line.saturating_sub(1),
            format,
            stack: Vec::new(),
            spec: None,
            found: None,
            properties: false,
        }
    }

    fn event(&mut self, event: &Event<'_>, span: &Span) -> Result<(), SourceError> {
        let range = byte_range(self.text, self.origin, span)?;
        let node = match event {
            Event::Scalar(value, style, anchor, tag) => {
                self.properties = *anchor != 0 || tag.is_some();
                Node::Scalar(value, value_style(*style))
            }
            Event::MappingStart(style, ..) => Node::Mapping(mapping_style(*style)),
            Event::SequenceStart(..) => Node::Sequence,
            Event::Alias(_) | Event::UnresolvedAlias(_) => Node::Alias,
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Mapping {
                    role: Role::EncryptedData,
                    ..
                }) = self.stack.pop()
                    && let Some(found) = &mut self.found
                    && found.end.is_none()
                {
                    found.end = Some(range.end);
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        self.node(&node, &range, span)
    }

    fn node(
        &mut self,
        node: &Node<'_>,
        range: &Range<usize>,
        span: &Span,
    ) -> Result<(), SourceError> {
        let slot = match self.stack.last_mut() {
            None => Slot::Root,
            Some(Frame::Sequence) => Slot::Other,
            Some(Frame::Mapping {
                role,
                expect_key,
                key,
                ..
            }) => {
                *expect_key = !*expect_key;
                if *expect_key {
                    Slot::Value(*role, key.take())
                } else {
                    Slot::Key(*role)
                }
            }
        };
        let mut role = Role::Other;
        match slot {
            Slot::Root => role = Role::Root,
            Slot::Other | Slot::Key(Role::Other) => {}
            Slot::Key(parent) => {
                if let Node::Scalar(value, style) = node {
                    let key = KeyNode {
                        text: (*value).to_owned(),
                        range: range.clone(),
                        line: self.line(span),
                        indent: span.indent,
                        style: *style,
                    };
                    if let Some(Frame::Mapping { key: slot, .. }) = self.stack.last_mut() {
                        *slot = Some(key);
                    }
                } else if parent == Role::EncryptedData {
                    return Err(self.unsupported(
                        range.start,
                        "spec.encryptedData has a key that is not a string",
                    ));
                }
            }
            Slot::Value(parent, key) => role = self.value(parent, key, node, range)?,
        }
        match node {
            Node::Mapping(_) => {
                self.stack.push(Frame::Mapping {
                    role,
                    expect_key: true,
                    key: None,
                    seen: false,
                });
            }
            Node::Sequence => self.stack.push(Frame::Sequence),
            Node::Scalar(..) | Node::Alias => {}
        }
        if self.stack.len() > MAX_DEPTH {
            return Err(too_deep(self.text, range.start));
        }
        Ok(())
    }

    /// Handles a mapping value; returns the role of the mapping it starts, if any.
    fn value(
        &mut self,
        parent: Role,
        key: Option<KeyNode>,
        node: &Node<'_>,
        range: &Range<usize>,
    ) -> Result<Role, SourceError> {
        let Some(key) = key else {
            return Ok(Role::Other);
        };
        let wanted = match parent {
            Role::Root if key.text == "spec" => Role::Spec,
            Role::Spec if key.text == "encryptedData" => Role::EncryptedData,
            Role::EncryptedData => return self.item(key, node, range).map(|()| Role::Other),
            _ => return Ok(Role::Other),
        };
        let name = if wanted == Role::Spec {
            "spec"
        } else {
            "spec.encryptedData"
        };
        if let Some(Frame::Mapping { seen, .. }) = self.stack.last_mut() {
            if *seen {
                return Err(self.unsupported(key.range.start, &format!("duplicate key {name}")));
            }
            *seen = true;
        }
        let style = match node {
            Node::Mapping(style) => *style,
            Node::Alias => {
                return Err(self.unsupported(range.start, &format!("{name} is an alias")));
            }
            Node::Scalar(..) | Node::Sequence => return Ok(Role::Other),
        };
        let parent_frame = self.spec.as_ref();
        if wanted == Role::Spec {
            self.spec = Some(Spec {
                key: key.range,
                key_indent: key.indent,
                style,
                start: range.start,
            });
        } else if let Some(spec) = parent_frame {
            self.found = Some(Found {
                style,
                start: range.start,
                end: None,
                items: Vec::new(),
                keys: HashSet::new(),
                parent: (spec.style, spec.start),
                spec_key: spec.key.clone(),
                spec_key_indent: spec.key_indent,
                first_key_style: None,
                key,
            });
        }
        Ok(wanted)
    }

    fn item(
        &mut self,
        key: KeyNode,
        node: &Node<'_>,
        range: &Range<usize>,
    ) -> Result<(), SourceError> {
        let Node::Scalar(_, style) = node else {
            return Err(self.unsupported(
                range.start,
                &format!(
                    "the value of spec.encryptedData key {:?} is not a string",
                    key.text
                ),
            ));
        };
        if self.found.is_some() && self.properties {
            // A tag or anchor sits between the key and the value: replacing the
            // value alone would leave it behind (and an anchor may be used elsewhere).
            return Err(self.unsupported(
                key.range.start,
                &format!(
                    "the value of spec.encryptedData key {:?} has a YAML tag or anchor",
                    key.text
                ),
            ));
        }
        let Some(found) = &mut self.found else {
            return Ok(());
        };
        if !found.keys.insert(key.text.clone()) {
            let (line, column) = line_col(self.text, key.range.start);
            return Err(SourceError::Unsupported {
                line,
                column,
                message: format!("duplicate key {:?} in spec.encryptedData", key.text),
            });
        }
        let mut value = range.clone();
        if matches!(style, ValueStyle::Literal | ValueStyle::Folded) {
            value.end = trim_block_scalar_end(self.text, &value);
        }
        if value.is_empty() {
            // An implicit null: the span sits somewhere around the `:`; put it right after.
            let after = skip_blanks(self.text, key.range.end);
            value.start = if self.text[after..].starts_with(':') {
                after + 1
            } else {
                key.range.end
            };
            value.end = value.start;
        }
        if found.items.is_empty() {
            found.first_key_style = Some(key.style);
        }
        found.items.push(ItemSpan {
            key: key.text,
            key_start: key.range.start,
            key_end: key.range.end,
            value_start: value.start,
            value_end: value.end,
            style: *style,
            line: key.line,
        });
        Ok(())
    }

    fn finish(self) -> Option<EncryptedDataSpans> {
        let found = self.found?;
        let end = match (found.style, found.end) {
            (MappingStyle::Flow, Some(end)) => end,
            _ => found
                .items
                .last()
                .map_or(found.start, |item| item.value_end),
        };
        let indent = match found.style {
            MappingStyle::Block => found.items.first().map(|item| {
                let line_start = line_start(self.text, item.key_start);
                self.text[line_start..item.key_start].chars().count()
            }),
            MappingStyle::Flow => None,
        };
        Some(EncryptedDataSpans {
            style: found.style,
            format: self.format,
            start: found.start,
            end,
            line: found.key.line,
            indent,
            layout: Layout {
                key: found.key.range.clone(),
                key_indent: found.key.indent,
                spec_key: found.spec_key.clone(),
                spec_key_indent: found.spec_key_indent,
                parent_style: found.parent.0,
                parent_start: found.parent.1,
                first_key_style: found.first_key_style,
            },
            items: found.items,
        })
    }

    fn line(&self, span: &Span) -> usize {
        span.start.line() + self.line_offset
    }

    fn unsupported(&self, offset: usize, message: &str) -> SourceError {
        let (line, column) = line_col(self.text, offset);
        SourceError::Unsupported {
            line,
            column,
            message: message.to_owned(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Finding an annotation

/// Finds the annotation `key` in the document's own `metadata.annotations` (the root
/// mapping's, not the template's) and returns where its value is written, with the same
/// conventions as the items of [`encrypted_data_spans`].
///
/// Returns `None` when the document has no such annotation (or no `metadata`, or
/// `annotations` is not a mapping).
///
/// # Errors
///
/// `doc` does not fit `text`, a syntax error, too deep nesting, an alias in place of
/// `metadata`, `annotations` or the value, a value that is not a scalar, or a duplicate
/// key on the way (which would make the edit ambiguous).
pub fn annotation_span(
    text: &str,
    doc: &DocSpan,
    key: &str,
) -> Result<Option<ItemSpan>, SourceError> {
    let source = doc_text(text, doc)?;
    let format = detect_format(text);
    let mut finder = PathFinder {
        text,
        origin: doc.start,
        line_offset: doc.line.saturating_sub(1),
        path: ["metadata", "annotations", key],
        stack: Vec::new(),
        found: None,
    };
    for next in Parser::new_from_str_with_options(source, parser_options(format, source.len())) {
        let (event, span) = next.map_err(|error| yaml_error(text, doc.start, &error))?;
        finder.event(&event, &span)?;
    }
    Ok(finder.found)
}

/// A mapping or sequence being read by [`PathFinder`].
struct PathFrame {
    mapping: bool,
    expect_key: bool,
    /// The last key read, in a mapping on the path.
    key: Option<KeyNode>,
    /// How many path segments lead to this mapping, when it is on the path.
    depth: Option<usize>,
    /// Whether the path's next key was seen in this mapping already.
    seen: bool,
}

/// Follows a path of mapping keys from the root to one scalar value.
struct PathFinder<'t, const N: usize> {
    text: &'t str,
    origin: usize,
    line_offset: usize,
    path: [&'t str; N],
    stack: Vec<PathFrame>,
    found: Option<ItemSpan>,
}

impl<const N: usize> PathFinder<'_, N> {
    fn event(&mut self, event: &Event<'_>, span: &Span) -> Result<(), SourceError> {
        let range = byte_range(self.text, self.origin, span)?;
        let node = match event {
            Event::Scalar(value, style, ..) => Node::Scalar(value, value_style(*style)),
            Event::MappingStart(style, ..) => Node::Mapping(mapping_style(*style)),
            Event::SequenceStart(..) => Node::Sequence,
            Event::Alias(_) | Event::UnresolvedAlias(_) => Node::Alias,
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                return Ok(());
            }
            _ => return Ok(()),
        };
        // Where the node sits: the depth of the path it continues, if any.
        let mut depth = None;
        match self.stack.last_mut() {
            None => depth = Some(0),
            Some(frame) if frame.mapping => {
                frame.expect_key = !frame.expect_key;
                if !frame.expect_key {
                    // A key.
                    if let (Some(_), Node::Scalar(value, style)) = (frame.depth, &node) {
                        frame.key = Some(KeyNode {
                            text: (*value).to_owned(),
                            range: range.clone(),
                            line: span.start.line() + self.line_offset,
                            indent: span.indent,
                            style: *style,
                        });
                    }
                } else if let (Some(d), Some(key)) = (frame.depth, frame.key.take())
                    && key.text == self.path[d]
                {
                    if frame.seen {
                        return Err(unsupported_at(
                            self.text,
                            key.range.start,
                            &format!("duplicate key {:?}", key.text),
                        ));
                    }
                    frame.seen = true;
                    if d + 1 == N {
                        self.found = Some(self.value(key, &node, &range)?);
                    } else if matches!(node, Node::Alias) {
                        return Err(unsupported_at(
                            self.text,
                            range.start,
                            &format!("{} is an alias", key.text),
                        ));
                    } else {
                        depth = Some(d + 1);
                    }
                }
            }
            Some(_) => {}
        }
        match node {
            Node::Mapping(_) => self.stack.push(PathFrame {
                mapping: true,
                expect_key: true,
                key: None,
                depth,
                seen: false,
            }),
            Node::Sequence => self.stack.push(PathFrame {
                mapping: false,
                expect_key: false,
                key: None,
                depth: None,
                seen: false,
            }),
            Node::Scalar(..) | Node::Alias => {}
        }
        if self.stack.len() > MAX_DEPTH {
            return Err(too_deep(self.text, range.start));
        }
        Ok(())
    }

    fn value(
        &self,
        key: KeyNode,
        node: &Node<'_>,
        range: &Range<usize>,
    ) -> Result<ItemSpan, SourceError> {
        let Node::Scalar(_, style) = node else {
            return Err(unsupported_at(
                self.text,
                range.start,
                &format!("the value of {:?} is not a string", key.text),
            ));
        };
        let mut value = range.clone();
        if matches!(style, ValueStyle::Literal | ValueStyle::Folded) {
            value.end = trim_block_scalar_end(self.text, &value);
        }
        if value.is_empty() {
            let after = skip_blanks(self.text, key.range.end);
            value.start = if self.text[after..].starts_with(':') {
                after + 1
            } else {
                key.range.end
            };
            value.end = value.start;
        }
        Ok(ItemSpan {
            key: key.text,
            key_start: key.range.start,
            key_end: key.range.end,
            value_start: value.start,
            value_end: value.end,
            style: *style,
            line: key.line,
        })
    }
}

fn unsupported_at(text: &str, offset: usize, message: &str) -> SourceError {
    let (line, column) = line_col(text, offset);
    SourceError::Unsupported {
        line,
        column,
        message: message.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// Editing

/// Replace `range` of the original text with `text`.
struct Edit {
    range: Range<usize>,
    text: String,
}

impl Edit {
    fn insert(at: usize, text: String) -> Self {
        Edit {
            range: at..at,
            text,
        }
    }
}

fn doc_edits(text: &str, doc: &DocSpan, changes: &[Change]) -> Result<Vec<Edit>, SourceError> {
    doc_text(text, doc)?;
    let (annotations, changes): (Vec<&Change>, Vec<&Change>) = changes
        .iter()
        .partition(|c| matches!(c, Change::ReplaceAnnotation { .. }));
    let mut edits = annotation_edits(text, doc, &annotations)?;
    if changes.is_empty() {
        return Ok(edits);
    }
    let spans =
        encrypted_data_spans(text, doc)?.ok_or(SourceError::NoEncryptedData { line: doc.line })?;
    let existing: std::collections::HashMap<&str, &ItemSpan> = spans
        .items
        .iter()
        .map(|item| (item.key.as_str(), item))
        .collect();
    let mut named = HashSet::new();
    let mut inserts = Vec::new();
    for change in changes {
        if !named.insert(change.key()) {
            return Err(SourceError::ConflictingChanges {
                line: doc.line,
                key: change.key().to_owned(),
            });
        }
        match (change, existing.get(change.key())) {
            (Change::Replace { value, .. }, Some(item)) => {
                edits.push(replace_edit(text, spans.format, item, value)?);
            }
            (Change::Replace { key, .. }, None) => {
                return Err(SourceError::KeyNotFound {
                    line: doc.line,
                    key: key.clone(),
                });
            }
            (Change::Insert { key, .. }, Some(item)) => {
                return Err(SourceError::KeyExists {
                    line: item.line,
                    key: key.clone(),
                });
            }
            (Change::Insert { key, value }, None) => inserts.push((key.as_str(), value.as_str())),
            (Change::Remove { .. }, Some(item)) => {
                edits.push(remove_edit(text, &spans, item)?);
            }
            (Change::Remove { key }, None) => {
                return Err(SourceError::KeyNotFound {
                    line: doc.line,
                    key: key.clone(),
                });
            }
            // Partitioned out above.
            (Change::ReplaceAnnotation { .. }, _) => {}
        }
    }
    if !inserts.is_empty() {
        insert_edits(text, &spans, &mut inserts, &mut edits)?;
    }
    Ok(edits)
}

/// Removes one item of a block mapping: from the start of its key's line
/// to past the line break that ends its value.
fn remove_edit(
    text: &str,
    spans: &EncryptedDataSpans,
    item: &ItemSpan,
) -> Result<Edit, SourceError> {
    let unsupported = || SourceError::Unsupported {
        line: item.line,
        column: 1,
        message: "removing an item from a flow mapping or JSON object".to_string(),
    };
    if spans.style != MappingStyle::Block {
        return Err(unsupported());
    }
    let start = text[..item.key_start].rfind('\n').map_or(0, |i| i + 1);
    // Only indentation may come before the key on its line.
    if !text[start..item.key_start].bytes().all(|b| b == b' ') {
        return Err(unsupported());
    }
    let end = if text[..item.value_end].ends_with('\n') {
        item.value_end
    } else {
        text[item.value_end..]
            .find('\n')
            .map_or(text.len(), |i| item.value_end + i + 1)
    };
    Ok(Edit {
        range: start..end,
        text: String::new(),
    })
}

fn annotation_edits(
    text: &str,
    doc: &DocSpan,
    changes: &[&Change],
) -> Result<Vec<Edit>, SourceError> {
    let mut named = HashSet::new();
    let mut edits = Vec::new();
    for change in changes {
        let Change::ReplaceAnnotation { key, value } = change else {
            continue;
        };
        if !named.insert(key.as_str()) {
            return Err(SourceError::ConflictingChanges {
                line: doc.line,
                key: key.clone(),
            });
        }
        let item =
            annotation_span(text, doc, key)?.ok_or_else(|| SourceError::AnnotationNotFound {
                line: doc.line,
                key: key.clone(),
            })?;
        edits.push(replace_edit(text, detect_format(text), &item, value)?);
    }
    Ok(edits)
}

fn replace_edit(
    text: &str,
    format: Format,
    item: &ItemSpan,
    value: &str,
) -> Result<Edit, SourceError> {
    let range = item.value_start..item.value_end;
    if format == Format::Json {
        return Ok(Edit {
            range,
            text: json_string(value),
        });
    }
    if range.is_empty() {
        // `key:` without a value.
        let separator = if text[..range.start].ends_with(':') {
            " "
        } else {
            ": "
        };
        let scalar = yaml_scalar(value, ValueStyle::Plain);
        return Ok(Edit {
            range,
            text: format!("{separator}{scalar}"),
        });
    }
    match item.style {
        ValueStyle::Literal | ValueStyle::Folded => block_scalar_edit(text, item, value),
        style => Ok(Edit {
            range,
            text: yaml_scalar(value, style),
        }),
    }
}

/// Replaces the content lines of a block scalar, keeping its header and its trailing
/// line breaks (and so its chomping).
fn block_scalar_edit(text: &str, item: &ItemSpan, value: &str) -> Result<Edit, SourceError> {
    if value.is_empty()
        || value.starts_with([' ', '\t'])
        || value.chars().any(|c| c.is_control() || needs_escape(c))
    {
        let (line, column) = line_col(text, item.value_start);
        return Err(SourceError::Unsupported {
            line,
            column,
            message: format!(
                "the new value of spec.encryptedData key {:?} cannot be written as a block scalar",
                item.key
            ),
        });
    }
    let content_start = block_scalar_header(text, item.value_start).1;
    let indent = &text[line_start(text, item.value_start)..item.value_start];
    let content = text[item.value_start..item.value_end].trim_end_matches([' ', '\t', '\r', '\n']);
    Ok(Edit {
        range: content_start..item.value_start + content.len(),
        text: format!("{indent}{value}"),
    })
}

fn insert_edits(
    text: &str,
    spans: &EncryptedDataSpans,
    inserts: &mut [(&str, &str)],
    edits: &mut Vec<Edit>,
) -> Result<(), SourceError> {
    let items = &spans.items;
    let sorted = items.windows(2).all(|pair| pair[0].key <= pair[1].key);
    if sorted {
        inserts.sort_by(|a, b| a.0.cmp(b.0));
    }
    // Index of the existing item each new one goes before, or `None` for the end.
    let before = |key: &str| {
        if sorted {
            items.iter().position(|item| item.key.as_str() > key)
        } else {
            None
        }
    };
    let eol = line_ending(text, spans.layout.key.start);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        edits.push(empty_mapping_edit(text, spans, inserts, eol)?);
        return Ok(());
    };
    if spans.style == MappingStyle::Block {
        let indent = " ".repeat(spans.indent.unwrap_or(0));
        let style = quoted_style(first.style);
        let (end, at_line_start) = after_line(text, last.value_end);
        for &(key, value) in inserts.iter() {
            let written = styled_key(key, spans.layout.first_key_style);
            let entry = format!("{indent}{written}: {}", yaml_scalar(value, style));
            edits.push(match before(key) {
                Some(i) => Edit::insert(before_item(text, spans, i), format!("{entry}{eol}")),
                None if at_line_start => Edit::insert(end, format!("{entry}{eol}")),
                None => Edit::insert(end, format!("{eol}{entry}")),
            });
        }
        return Ok(());
    }

    let indent = &text[line_start(text, first.key_start)..first.key_start];
    let multiline = text[spans.start..first.key_start].contains(['\n', '\r']) && is_blank(indent);
    let colon = &text[first.key_end..first.value_start];
    let colon = if colon.trim_matches([' ', '\t']) == ":" {
        colon
    } else {
        ": "
    };
    let separator = if multiline {
        format!("{eol}{indent}")
    } else if let Some(second) = items.get(1) {
        match text[first.value_end..second.key_start]
            .trim_start_matches([' ', '\t'])
            .strip_prefix(',')
        {
            Some(rest) if is_blank(rest) => rest.to_owned(),
            _ => " ".to_owned(),
        }
    } else if spans.format == Format::Yaml || colon.ends_with(' ') {
        " ".to_owned()
    } else {
        String::new()
    };
    for &(key, value) in inserts.iter() {
        let entry = match spans.format {
            Format::Json => format!("{}{colon}{}", json_string(key), json_string(value)),
            Format::Yaml => {
                let key = styled_key(key, spans.layout.first_key_style);
                format!(
                    "{key}{colon}{}",
                    yaml_scalar(value, quoted_style(first.style))
                )
            }
        };
        edits.push(match before(key) {
            Some(0) => Edit::insert(first.key_start, format!("{entry},{separator}")),
            Some(i) => Edit::insert(items[i - 1].value_end, format!(",{separator}{entry}")),
            None => Edit::insert(last.value_end, format!(",{separator}{entry}")),
        });
    }
    Ok(())
}

/// Turns an empty `{}` into a mapping holding `inserts`.
fn empty_mapping_edit(
    text: &str,
    spans: &EncryptedDataSpans,
    inserts: &[(&str, &str)],
    eol: &str,
) -> Result<Edit, SourceError> {
    let layout = &spans.layout;
    if spans.style != MappingStyle::Flow {
        let (line, column) = line_col(text, spans.start);
        return Err(SourceError::Unsupported {
            line,
            column,
            message: "spec.encryptedData has only keys that are not strings".to_owned(),
        });
    }
    let colon = &text[layout.key.end..spans.start];
    let plain_colon = colon.trim_matches([' ', '\t']) == ":";
    let key_indent = &text[line_start(text, layout.key.start)..layout.key.start];
    let text = match spans.format {
        Format::Json => {
            let colon = if plain_colon { colon } else { ": " };
            let entries: Vec<String> = inserts
                .iter()
                .map(|(key, value)| format!("{}{colon}{}", json_string(key), json_string(value)))
                .collect();
            let pretty = text[layout.parent_start..layout.key.start].contains(['\n', '\r'])
                && is_blank(key_indent);
            if pretty {
                let spec_indent =
                    &text[line_start(text, layout.spec_key.start)..layout.spec_key.start];
                let unit = match key_indent.strip_prefix(spec_indent) {
                    Some(unit) if !unit.is_empty() && is_blank(spec_indent) => unit,
                    _ if key_indent.contains('\t') => "\t",
                    _ => "  ",
                };
                let inner = format!("{key_indent}{unit}");
                format!(
                    "{{{eol}{inner}{}{eol}{key_indent}}}",
                    entries.join(&format!(",{eol}{inner}"))
                )
            } else {
                let separator = if colon.ends_with(' ') { ", " } else { "," };
                format!("{{{}}}", entries.join(separator))
            }
        }
        Format::Yaml => {
            let entries = inserts.iter().map(|(key, value)| {
                format!(
                    "{}: {}",
                    yaml_key(key),
                    yaml_scalar(value, ValueStyle::Plain)
                )
            });
            if let (MappingStyle::Block, Some(key_column), true) =
                (layout.parent_style, layout.key_indent, plain_colon)
            {
                // `encryptedData: {}` in block YAML becomes a block mapping.
                let unit = key_column.saturating_sub(layout.spec_key_indent.unwrap_or(0));
                let indent = " ".repeat(key_column + if unit == 0 { 2 } else { unit });
                let colon_end = layout.key.end + colon.find(':').map_or(0, |i| i + 1);
                let body: String = entries.fold(String::new(), |mut body, entry| {
                    body.push_str(eol);
                    body.push_str(&indent);
                    body.push_str(&entry);
                    body
                });
                return Ok(Edit {
                    range: colon_end..spans.end,
                    text: body,
                });
            }
            format!("{{{}}}", entries.collect::<Vec<_>>().join(", "))
        }
    };
    Ok(Edit {
        range: spans.start..spans.end,
        text,
    })
}

/// Where to insert a line before item `i` of a block mapping: before its line, and before
/// the comment lines right above it.
fn before_item(text: &str, spans: &EncryptedDataSpans, i: usize) -> usize {
    let bound = match i.checked_sub(1) {
        Some(previous) => spans.items[previous].value_end,
        None => spans.layout.key.end,
    };
    let mut at = line_start(text, spans.items[i].key_start);
    while at > bound {
        let (start, end) = prev_line(text, at);
        if start < bound
            || !text[start..end]
                .trim_start_matches([' ', '\t'])
                .starts_with('#')
        {
            break;
        }
        at = start;
    }
    at
}

/// The start of the line after the one holding `pos`, and whether it exists; the end of
/// the text otherwise. `pos` itself when it already starts a line.
fn after_line(text: &str, pos: usize) -> (usize, bool) {
    if text[..pos].ends_with(['\n', '\r']) {
        return (pos, true);
    }
    match next_line_start(text, pos) {
        Some(next) => (next, true),
        None => (text.len(), false),
    }
}

fn apply_edits(text: &str, mut edits: Vec<Edit>) -> Result<String, SourceError> {
    // Stable: insertions at the same offset keep their order.
    edits.sort_by_key(|edit| edit.range.start);
    let added: usize = edits.iter().map(|edit| edit.text.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut pos = 0;
    for edit in &edits {
        let Range { start, end } = edit.range;
        let (Some(kept), Some(_)) = (text.get(pos..start), text.get(start..end)) else {
            return Err(SourceError::InvalidSpan { start, end });
        };
        out.push_str(kept);
        out.push_str(&edit.text);
        pos = end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Writing scalars

/// The style new values take after a value written in `style`.
fn quoted_style(style: ValueStyle) -> ValueStyle {
    match style {
        ValueStyle::SingleQuoted | ValueStyle::DoubleQuoted => style,
        ValueStyle::Plain | ValueStyle::Literal | ValueStyle::Folded => ValueStyle::Plain,
    }
}

/// `value` as a YAML flow scalar in `style`, or double-quoted when `style` cannot hold it.
fn yaml_scalar(value: &str, style: ValueStyle) -> String {
    match style {
        ValueStyle::Plain if plain_ok(value) => value.to_owned(),
        ValueStyle::SingleQuoted if !value.chars().any(|c| c.is_control() || needs_escape(c)) => {
            format!("'{}'", value.replace('\'', "''"))
        }
        _ => double_quoted(value),
    }
}

/// A YAML mapping key: plain when it reads back as the same string, double-quoted otherwise.
fn yaml_key(key: &str) -> String {
    yaml_scalar(key, ValueStyle::Plain)
}

/// A new YAML key, quoted like the existing first key, if that one is quoted.
fn styled_key(key: &str, first_key_style: Option<ValueStyle>) -> String {
    match first_key_style {
        Some(style @ (ValueStyle::SingleQuoted | ValueStyle::DoubleQuoted)) => {
            yaml_scalar(key, style)
        }
        _ => yaml_key(key),
    }
}

fn json_string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// Characters that are not control characters but still cannot appear raw in a quoted
/// YAML scalar.
fn needs_escape(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | BOM)
}

fn double_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `value` can be written as a plain scalar, in block or flow context, and read
/// back as the same string by YAML 1.1 and 1.2 readers. Deliberately strict: it allows
/// the base64 alphabet and the characters of Kubernetes Secret keys, and refuses anything
/// that could be a number, a boolean or a null.
fn plain_ok(value: &str) -> bool {
    const RESERVED: [&str; 14] = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "inf", "infinity", "nan",
        ".inf", ".nan",
    ];
    let bytes = value.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !bytes
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || b"._/+=-".contains(b))
    {
        return false;
    }
    if first == b'=' || (matches!(first, b'+' | b'-') && bytes.len() == 1) {
        return false;
    }
    if value.starts_with("---") || value.starts_with("...") {
        return false;
    }
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let numeric = matches!(unsigned.as_bytes().first(), Some(b) if b.is_ascii_digit() || *b == b'.')
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"xXoO_.+-".contains(&b));
    !numeric
        && !RESERVED
            .iter()
            .any(|word| unsigned.eq_ignore_ascii_case(word))
}

// ---------------------------------------------------------------------------------------
// Helpers

fn doc_text<'t>(text: &'t str, doc: &DocSpan) -> Result<&'t str, SourceError> {
    text.get(doc.start..doc.end)
        .ok_or(SourceError::InvalidSpan {
            start: doc.start,
            end: doc.end,
        })
}

fn parser_options(format: Format, len: usize) -> Options {
    // JSON keys may be longer than YAML's 1024-character limit on implicit keys.
    let lookahead = match format {
        Format::Json => len.saturating_add(1).max(1024),
        Format::Yaml => 1024,
    };
    serde_saphyr::granit_parser::options! {
        emit_comments: false,
        simple_key_max_lookahead: lookahead,
    }
}

fn value_style(style: ScalarStyle) -> ValueStyle {
    match style {
        ScalarStyle::Plain => ValueStyle::Plain,
        ScalarStyle::SingleQuoted => ValueStyle::SingleQuoted,
        ScalarStyle::DoubleQuoted => ValueStyle::DoubleQuoted,
        ScalarStyle::Literal => ValueStyle::Literal,
        ScalarStyle::Folded => ValueStyle::Folded,
    }
}

fn mapping_style(style: StructureStyle) -> MappingStyle {
    match style {
        StructureStyle::Block => MappingStyle::Block,
        StructureStyle::Flow => MappingStyle::Flow,
    }
}

/// The byte range of an event of a slice starting at `origin` of `text`.
fn byte_range(text: &str, origin: usize, span: &Span) -> Result<Range<usize>, SourceError> {
    match span.byte_range() {
        Some(range) if range.start <= range.end => Ok(origin + range.start..origin + range.end),
        _ => {
            let (line, column) = line_col(text, origin);
            Err(SourceError::Unsupported {
                line,
                column,
                message: "the YAML parser reported no byte offsets".to_owned(),
            })
        }
    }
}

fn yaml_error(text: &str, origin: usize, error: &ScanError) -> SourceError {
    let marker = error.marker();
    let (line, column) = match marker.byte_offset() {
        Some(offset) => line_col(text, origin + offset),
        None => (marker.line(), marker.col() + 1),
    };
    // Keep the message free of source text: it may be a secret.
    let message = match error.kind() {
        ErrorKind::UnexpectedCharacter { .. } => "unexpected character".to_owned(),
        ErrorKind::Custom(_) => "invalid input".to_owned(),
        kind => kind.to_string(),
    };
    SourceError::Yaml {
        line,
        column,
        message,
    }
}

fn json_error(error: &serde_json::Error) -> SourceError {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    SourceError::Json {
        line: error.line(),
        column: error.column(),
        message,
    }
}

fn too_deep(text: &str, offset: usize) -> SourceError {
    let (line, column) = line_col(text, offset);
    SourceError::TooDeep {
        line,
        column,
        max: MAX_DEPTH,
    }
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = 1 + count_line_breaks(&text[..offset]);
    let column = 1 + text[line_start(text, offset)..offset].chars().count();
    (line, column)
}

/// Counts `\n`, `\r\n` and lone `\r` line breaks.
fn count_line_breaks(s: &str) -> usize {
    let bytes = s.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Counts lines at increasing offsets without rescanning the text.
struct LineCounter {
    offset: usize,
    line: usize,
}

impl Default for LineCounter {
    fn default() -> Self {
        LineCounter { offset: 0, line: 1 }
    }
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        if offset > self.offset {
            self.line += count_line_breaks(&text[self.offset..offset]);
            self.offset = offset;
        }
        self.line
    }
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

fn skip_blanks(text: &str, pos: usize) -> usize {
    pos + text[pos..]
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count()
}

/// Start of the line holding `pos`.
fn line_start(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1)
}

/// End of the line holding `pos`, before its line break.
fn line_end(text: &str, pos: usize) -> usize {
    text.as_bytes()[pos..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| pos + i)
}

/// Start of the line after the one holding `pos`, if there is a line break.
fn next_line_start(text: &str, pos: usize) -> Option<usize> {
    let end = line_end(text, pos);
    let bytes = text.as_bytes();
    match bytes.get(end)? {
        b'\r' if bytes.get(end + 1) == Some(&b'\n') => Some(end + 2),
        _ => Some(end + 1),
    }
}

/// Start and end (before the line break) of the line before the one starting at `at > 0`.
fn prev_line(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut end = at - 1;
    if bytes[end] == b'\n' && end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    (line_start(text, end), end)
}

/// For a block scalar whose content starts at `content`: the start of its header line,
/// and the start of the line after the header.
fn block_scalar_header(text: &str, content: usize) -> (usize, usize) {
    let mut at = line_start(text, content);
    while at > 0 {
        let (start, end) = prev_line(text, at);
        if !is_blank(&text[start..end]) {
            return (start, at);
        }
        at = start;
    }
    (0, 0)
}

/// The end of a block scalar: its span runs on to the indentation of the next token.
fn trim_block_scalar_end(text: &str, range: &Range<usize>) -> usize {
    range.start + text[range.clone()].trim_end_matches([' ', '\t']).len()
}

/// The line break style of the line at `pos`, or of the first line of the text.
fn line_ending(text: &str, pos: usize) -> &'static str {
    let bytes = text.as_bytes();
    let newline = bytes[pos..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| pos + i)
        .or_else(|| bytes.iter().position(|&b| b == b'\n'));
    match newline {
        Some(i) if i > 0 && bytes[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    fn parse_yaml(text: &str) -> Value {
        serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
    }

    fn slices<'t>(text: &'t str, docs: &[DocSpan]) -> Vec<&'t str> {
        docs.iter().map(|doc| &text[doc.start..doc.end]).collect()
    }

    fn only_doc(text: &str) -> DocSpan {
        let docs = split_documents(text).unwrap();
        assert_eq!(docs.len(), 1, "{docs:?}");
        docs[0]
    }

    fn replace(key: &str, value: &str) -> Change {
        Change::Replace {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    fn insert(key: &str, value: &str) -> Change {
        Change::Insert {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    fn edit(text: &str, changes: &[Change]) -> String {
        apply_changes(text, &only_doc(text), changes).unwrap()
    }

    /// Asserts that `new` is `old` with `old[start..end]` replaced by `with`.
    fn assert_only_changed(old: &str, new: &str, start: usize, end: usize, with: &str) {
        assert_eq!(&new[..start], &old[..start]);
        assert_eq!(&new[start..start + with.len()], with);
        assert_eq!(&new[start + with.len()..], &old[end..]);
    }

    fn line_of(text: &str, offset: usize) -> usize {
        1 + text[..offset].matches('\n').count()
    }

    const SEALED: &str = "\
# Grüße ☺: a sealed secret
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: mysecret # the name
  annotations: {note: \"café ☺\"}
spec:
  encryptedData:
    # the password
    password: AgBy3i4OJSWK+PiTySYZZA==
    multi: AgBy3i4OJSWK
      +PiTySYZZA==
    single: 'AgAAAA=='
    double: \"AgBBBB==\"   # comment
    folded: >-
      AgCCCC==
    literal: |
      AgDDDD==

    last: AgEEEE==
  template:
    metadata:
      name: mysecret
";

    #[test]
    fn removes_items_of_every_scalar_style_and_nothing_else() {
        let remove = |key: &str| Change::Remove {
            key: key.to_owned(),
        };
        for (key, gone) in [
            ("password", "    password: AgBy3i4OJSWK+PiTySYZZA==\n"),
            ("multi", "    multi: AgBy3i4OJSWK\n      +PiTySYZZA==\n"),
            ("double", "    double: \"AgBBBB==\"   # comment\n"),
            ("folded", "    folded: >-\n      AgCCCC==\n"),
            ("literal", "    literal: |\n      AgDDDD==\n\n"),
            ("last", "    last: AgEEEE==\n"),
        ] {
            let out = edit(SEALED, &[remove(key)]);
            let at = SEALED.find(gone).unwrap();
            assert_only_changed(SEALED, &out, at, at + gone.len(), "");
            let v = parse_yaml(&out);
            assert!(v["spec"]["encryptedData"].get(key).is_none(), "{key}");
            assert_eq!(v["spec"]["encryptedData"].as_object().unwrap().len(), 6);
        }
        let missing = apply_changes(SEALED, &only_doc(SEALED), &[remove("nope")]);
        assert!(matches!(missing, Err(SourceError::KeyNotFound { .. })));
        let json = "{\"kind\": \"SealedSecret\", \"spec\": {\"encryptedData\": {\"a\": \"x\", \"b\": \"y\"}}}\n";
        let flow = apply_changes(json, &only_doc(json), &[remove("a")]);
        assert!(matches!(flow, Err(SourceError::Unsupported { .. })));
    }

    #[test]
    fn detects_format() {
        assert_eq!(detect_format("{}"), Format::Json);
        assert_eq!(detect_format("\u{feff}\n  [1]"), Format::Json);
        assert_eq!(detect_format("a: 1"), Format::Yaml);
        assert_eq!(detect_format("# {\n{}"), Format::Yaml);
        assert_eq!(detect_format(""), Format::Yaml);
    }

    #[test]
    fn splits_yaml_with_comments_bom_and_markers() {
        let text = "\u{feff}# leading comment\n---\n# about the first\napiVersion: v1\nkind: A # trailing\n\
                    ---\n---\n# only a comment\n...\n---\nkind: B\n...\n# between\n\
                    --- # after the marker\n  kind: C\n  list: [1, 2]\n";
        let docs = split_documents(text).unwrap();
        assert_eq!(
            slices(text, &docs),
            [
                "apiVersion: v1\nkind: A # trailing",
                "kind: B",
                "  kind: C\n  list: [1, 2]"
            ]
        );
        for (index, doc) in docs.iter().enumerate() {
            assert_eq!(doc.index, index);
            let content = text[doc.start..].trim_start();
            assert_eq!(doc.line, line_of(text, text.len() - content.len()));
            parse_yaml(&text[doc.start..doc.end]);
        }
        assert_eq!(docs[0].line, 4);
    }

    #[test]
    fn splits_yaml_with_and_without_leading_marker() {
        let text = "a: 1\n---\nb: 2\n";
        assert_eq!(
            slices(text, &split_documents(text).unwrap()),
            ["a: 1", "b: 2"]
        );
        let text = "---\na: 1\n";
        let docs = split_documents(text).unwrap();
        assert_eq!(slices(text, &docs), ["a: 1"]);
        assert_eq!(docs[0].line, 2);
        let text = "\u{feff}a: 1\n";
        assert_eq!(slices(text, &split_documents(text).unwrap()), ["a: 1"]);
    }

    #[test]
    fn skips_empty_yaml_documents() {
        for text in [
            "",
            "\n\n",
            "# only\n# comments\n",
            "---\n",
            "---\n...\n---\n# c\n",
            "\u{feff}",
        ] {
            assert_eq!(split_documents(text).unwrap(), [], "{text:?}");
        }
        let text = "---\n---\na: 1\n---\n...\n";
        let docs = split_documents(text).unwrap();
        assert_eq!(slices(text, &docs), ["a: 1"]);
        assert_eq!(docs[0].index, 0);
    }

    #[test]
    fn yaml_document_slices_parse_on_their_own() {
        let text = "--- {a: b}\n--- |\n  lit\n---\nx:\n- 1\n-\nempty:\n---\n? k\n";
        let docs = split_documents(text).unwrap();
        let parsed: Vec<Value> = slices(text, &docs).into_iter().map(parse_yaml).collect();
        assert_eq!(
            parsed,
            [
                json!({"a": "b"}),
                json!("lit\n"),
                json!({"x": [1, null], "empty": null}),
                json!({"k": null})
            ]
        );
    }

    #[test]
    fn splits_concatenated_json() {
        let text =
            "\u{feff}{\"a\":1}\n{\n  \"b\": [1]\n}  {\"c\":{}}\n\n[{\"d\": 2}, {\"e\": 3}]\n";
        let docs = split_documents(text).unwrap();
        assert_eq!(
            slices(text, &docs),
            [
                "{\"a\":1}",
                "{\n  \"b\": [1]\n}",
                "{\"c\":{}}",
                "[{\"d\": 2}, {\"e\": 3}]"
            ]
        );
        assert_eq!(
            docs.iter().map(|d| d.line).collect::<Vec<_>>(),
            [1, 2, 4, 6]
        );
        assert_eq!(
            docs.iter().map(|d| d.index).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn a_json_array_is_one_document() {
        let text = "[\n  {\"kind\": \"SealedSecret\"},\n  {\"kind\": \"Secret\"}\n]\n";
        assert_eq!(
            slices(text, &split_documents(text).unwrap()),
            [text.trim_end()]
        );
    }

    #[test]
    fn json_scalars_are_not_documents() {
        let err = split_documents("{}\n\"x\"").unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Unsupported {
                    line: 2,
                    column: 1,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_report_the_line() {
        let err = split_documents("a: 1\nb: 2\nc: \"s3cr3t\n").unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Yaml {
                    line: 3,
                    column: 4,
                    ..
                }
            ),
            "{err}"
        );
        let err = split_documents("a: 1\n---\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(matches!(err, SourceError::Yaml { line: 4, .. }), "{err}");
        let err = split_documents("{\"a\": 1}\n{\"b\": }\n").unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Json {
                    line: 2,
                    column: 7,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "JSON syntax error at line 2, column 7: expected value"
        );
    }

    #[test]
    fn errors_do_not_leak_values() {
        for text in [
            "a: 1\nb: \"s3cr3t\\q\"\n",
            "a: 1\nb: s3cr3t: x\n",
            "a: 1\nb: 's3cr3t\n",
            "{\"a\": \"s3cr3t\\q\"}",
            "{\"a\": \"s3cr3t\" x}",
        ] {
            let err = split_documents(text).unwrap_err().to_string();
            assert!(!err.contains("s3cr3t"), "{err}");
            assert!(err.contains("line"), "{err}");
        }
        let text = "spec:\n  encryptedData:\n    a: [s3cr3t]\n";
        let err = encrypted_data_spans(text, &only_doc(text)).unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Unsupported {
                    line: 3,
                    column: 8,
                    ..
                }
            ),
            "{err}"
        );
        assert!(!err.to_string().contains("s3cr3t"), "{err}");
    }

    #[test]
    fn refuses_deep_nesting() {
        let flow = |n: usize| format!("a: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(split_documents(&flow(MAX_DEPTH - 1)).is_ok());
        let err = split_documents(&flow(MAX_DEPTH)).unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::TooDeep {
                    line: 1,
                    column: 131,
                    max: MAX_DEPTH
                }
            ),
            "{err}"
        );

        let block: String = (0..MAX_DEPTH)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(split_documents(&block).is_ok());
        let deeper = format!("{block}{}k: 1\n", " ".repeat(MAX_DEPTH));
        let err = split_documents(&deeper).unwrap_err();
        assert!(
            matches!(err, SourceError::TooDeep { line, .. } if line == MAX_DEPTH + 1),
            "{err}"
        );

        // Brackets in strings do not count.
        let json = |n: usize| format!("{{\"a\": {}0{}}}", "[\"]\", ".repeat(n), "]".repeat(n));
        let err = split_documents(&json(MAX_DEPTH)).unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::TooDeep {
                    line: 1,
                    column: 769,
                    ..
                }
            ),
            "{err}"
        );
        let text = json(MAX_DEPTH - 1);
        let doc = only_doc(&text);
        assert_eq!(encrypted_data_spans(&text, &doc).unwrap(), None);

        // A span that split_documents would have refused.
        let spec = format!("metadata:\n  a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let doc = DocSpan {
            index: 0,
            start: 0,
            end: spec.len(),
            line: 1,
        };
        let err = encrypted_data_spans(&spec, &doc).unwrap_err();
        assert!(matches!(err, SourceError::TooDeep { .. }), "{err}");
    }

    #[test]
    fn refuses_too_many_documents() {
        let text = "a: 1\n---\n".repeat(MAX_DOCUMENTS);
        assert_eq!(split_documents(&text).unwrap().len(), MAX_DOCUMENTS);
        let err = split_documents(&format!("{text}b: 2\n")).unwrap_err();
        assert!(
            matches!(err, SourceError::TooManyDocuments { line, max: MAX_DOCUMENTS } if line == 2 * MAX_DOCUMENTS + 1),
            "{err}"
        );
        let json = "{}".repeat(MAX_DOCUMENTS + 1);
        assert!(matches!(
            split_documents(&json),
            Err(SourceError::TooManyDocuments { .. })
        ));
    }

    #[test]
    fn finds_encrypted_data() {
        let doc = only_doc(SEALED);
        let spans = encrypted_data_spans(SEALED, &doc).unwrap().unwrap();
        assert_eq!(spans.style, MappingStyle::Block);
        assert_eq!(spans.format, Format::Yaml);
        assert_eq!(spans.indent, Some(4));
        assert_eq!(spans.line, 8);
        let raw: Vec<(&str, &str, ValueStyle, usize)> = spans
            .items
            .iter()
            .map(|item| {
                (
                    item.key.as_str(),
                    &SEALED[item.value_start..item.value_end],
                    item.style,
                    item.line,
                )
            })
            .collect();
        assert_eq!(
            raw,
            [
                (
                    "password",
                    "AgBy3i4OJSWK+PiTySYZZA==",
                    ValueStyle::Plain,
                    10
                ),
                (
                    "multi",
                    "AgBy3i4OJSWK\n      +PiTySYZZA==",
                    ValueStyle::Plain,
                    11
                ),
                ("single", "'AgAAAA=='", ValueStyle::SingleQuoted, 13),
                ("double", "\"AgBBBB==\"", ValueStyle::DoubleQuoted, 14),
                ("folded", "AgCCCC==\n", ValueStyle::Folded, 15),
                ("literal", "AgDDDD==\n\n", ValueStyle::Literal, 17),
                ("last", "AgEEEE==", ValueStyle::Plain, 20),
            ]
        );
        for item in &spans.items {
            assert_eq!(&SEALED[item.key_start..item.key_end], item.key);
        }
        assert_eq!(
            &SEALED[spans.start..spans.end],
            &SEALED[SEALED.find("password:").unwrap()..SEALED.find("  template").unwrap() - 1]
        );
    }

    #[test]
    fn no_encrypted_data() {
        for text in [
            "kind: Secret\n",
            "spec: {}\n",
            "spec:\n  encryptedData:\n",
            "- spec:\n    encryptedData: {}\n",
            "spec: 1",
        ] {
            assert_eq!(
                encrypted_data_spans(text, &only_doc(text)).unwrap(),
                None,
                "{text}"
            );
        }
        let text = "kind: Secret\n";
        let err = apply_changes(text, &only_doc(text), &[replace("a", "b")]).unwrap_err();
        assert_eq!(err, SourceError::NoEncryptedData { line: 1 });
        // Nothing to do is fine anywhere.
        assert_eq!(apply_changes(text, &only_doc(text), &[]).unwrap(), text);
    }

    #[test]
    fn refuses_ambiguous_encrypted_data() {
        for (text, line) in [
            ("spec:\n  encryptedData:\n    a: x\n    a: y\n", 4),
            ("spec:\n  encryptedData: {}\n  encryptedData: {}\n", 3),
            ("spec: {}\nspec: {}\n", 2),
            ("spec:\n  encryptedData:\n    ? [a]\n    : x\n", 3),
            ("x: &x {}\nspec:\n  encryptedData: *x\n", 3),
        ] {
            let err = encrypted_data_spans(text, &only_doc(text)).unwrap_err();
            assert!(
                matches!(err, SourceError::Unsupported { line: l, .. } if l == line),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn replace_keeps_every_other_byte() {
        let doc = only_doc(SEALED);
        let spans = encrypted_data_spans(SEALED, &doc).unwrap().unwrap();
        let original = parse_yaml(SEALED);
        for (key, written) in [
            ("password", "NEW+/=="),
            ("multi", "NEW+/=="),
            ("single", "'NEW+/=='"),
            ("double", "\"NEW+/==\""),
            ("last", "NEW+/=="),
        ] {
            let item = spans.items.iter().find(|item| item.key == key).unwrap();
            let new = apply_changes(SEALED, &doc, &[replace(key, "NEW+/==")]).unwrap();
            assert_only_changed(SEALED, &new, item.value_start, item.value_end, written);
            let mut expected = original.clone();
            expected["spec"]["encryptedData"][key] = json!("NEW+/==");
            assert_eq!(parse_yaml(&new), expected);
        }
    }

    #[test]
    fn replace_in_block_scalars_keeps_the_header() {
        let new = edit(
            SEALED,
            &[replace("folded", "NEWF"), replace("literal", "NEWL")],
        );
        assert_eq!(
            new,
            SEALED
                .replace("folded: >-\n      AgCCCC==\n", "folded: >-\n      NEWF\n")
                .replace("literal: |\n      AgDDDD==\n", "literal: |\n      NEWL\n")
        );
        let parsed = parse_yaml(&new);
        assert_eq!(parsed["spec"]["encryptedData"]["folded"], "NEWF");
        assert_eq!(parsed["spec"]["encryptedData"]["literal"], "NEWL\n");

        let text = "spec:\n  encryptedData:\n    a: |-2 # header\n\n        old\n         more\n    b: x\n";
        assert_eq!(
            edit(text, &[replace("a", "NEW")]),
            "spec:\n  encryptedData:\n    a: |-2 # header\n      NEW\n    b: x\n"
        );
    }

    #[test]
    fn replace_quotes_plain_values_only_when_needed() {
        let text = "spec:\n  encryptedData:\n    a: x\n    b: 'x'\n";
        for (value, plain, single) in [
            ("123", "\"123\"", "'123'"),
            ("", "\"\"", "''"),
            ("true", "\"true\"", "'true'"),
            ("0x1F", "\"0x1F\"", "'0x1F'"),
            ("1e5", "\"1e5\"", "'1e5'"),
            ("No", "\"No\"", "'No'"),
            ("3q2+7w==", "3q2+7w==", "'3q2+7w=='"),
            ("=abc", "\"=abc\"", "'=abc'"),
            ("it's", "\"it's\"", "'it''s'"),
            ("a\nb", "\"a\\nb\"", "\"a\\nb\""),
        ] {
            let new = edit(text, &[replace("a", value), replace("b", value)]);
            assert_eq!(
                new,
                format!("spec:\n  encryptedData:\n    a: {plain}\n    b: {single}\n")
            );
            let parsed = parse_yaml(&new);
            assert_eq!(
                parsed["spec"]["encryptedData"],
                json!({"a": value, "b": value})
            );
        }
    }

    #[test]
    fn replace_a_missing_value() {
        let text = "spec:\n  encryptedData:\n    a:\n    b: # nothing\n    c: C\n";
        let spans = encrypted_data_spans(text, &only_doc(text))
            .unwrap()
            .unwrap();
        assert_eq!(spans.items[0].value_start, text.find("    a:").unwrap() + 6);
        assert_eq!(spans.items[0].value_start, spans.items[0].value_end);
        assert_eq!(
            edit(text, &[replace("a", "A"), replace("b", "B")]),
            "spec:\n  encryptedData:\n    a: A\n    b: B # nothing\n    c: C\n"
        );
        let text = "spec: {encryptedData: {a, b: B}}";
        assert_eq!(
            edit(text, &[replace("a", "A")]),
            "spec: {encryptedData: {a: A, b: B}}"
        );
    }

    #[test]
    fn replace_in_json_keeps_every_other_byte() {
        let text = "{\"spec\":{\"encryptedData\":{\"a\":\"A\",\"b\" : \"B\"}},\"x\":\"é\"}\n{\"kind\": \"Other\"}\n";
        let docs = split_documents(text).unwrap();
        let new = apply_changes(text, &docs[0], &[replace("b", "NEW/+=")]).unwrap();
        let start = text.find("\"B\"").unwrap();
        assert_only_changed(text, &new, start, start + 3, "\"NEW/+=\"");
    }

    #[test]
    fn insert_into_sorted_block_mapping() {
        let text = "spec:\n  encryptedData:\n    a: AAA\n    # about c\n    c: CCC\n    e: EEE\n  template: {}\n";
        let new = edit(
            text,
            &[
                insert("f", "VF"),
                insert("b", "VB"),
                insert("0", "V0"),
                insert("d", "VD"),
            ],
        );
        assert_eq!(
            new,
            "spec:\n  encryptedData:\n    \"0\": V0\n    a: AAA\n    b: VB\n    # about c\n    c: CCC\n    d: VD\n    e: EEE\n    f: VF\n  template: {}\n"
        );
    }

    #[test]
    fn insert_into_unsorted_block_mapping() {
        let text = "spec:\n  encryptedData:\n    z: Z # last\n    a: 'A'\n  template: {}\n";
        assert_eq!(
            edit(text, &[insert("m", "M"), insert("b", "B")]),
            "spec:\n  encryptedData:\n    z: Z # last\n    a: 'A'\n    m: M\n    b: B\n  template: {}\n"
        );
        // At the end of a text without a final line break.
        let text = "spec:\n  encryptedData:\n    z: Z\n    a: A";
        assert_eq!(
            edit(text, &[insert("m", "M")]),
            "spec:\n  encryptedData:\n    z: Z\n    a: A\n    m: M"
        );
        // After a multi-line value.
        let text = "spec:\n  encryptedData:\n    z: |\n      Z\n\n    a: A\n      B\nother: 1\n";
        assert_eq!(
            edit(text, &[insert("m", "M")]),
            "spec:\n  encryptedData:\n    z: |\n      Z\n\n    a: A\n      B\n    m: M\nother: 1\n"
        );
    }

    #[test]
    fn insert_after_quoted_keys() {
        let text = "spec:\n  encryptedData:\n    'b': B\n    \"c\": C\n";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("d", "D")]),
            "spec:\n  encryptedData:\n    'a': A\n    'b': B\n    \"c\": C\n    'd': D\n"
        );
    }

    #[test]
    fn a_yaml_flow_document_stays_yaml() {
        let text = "--- {spec: {encryptedData: {b: x}}}\n";
        assert_eq!(
            edit(text, &[replace("b", "B"), insert("a", "A")]),
            "--- {spec: {encryptedData: {a: A, b: B}}}\n"
        );
    }

    #[test]
    fn insert_into_flow_mapping() {
        let text = "spec:\n  encryptedData: {b: B, d: D}  # flow\n";
        assert_eq!(
            edit(
                text,
                &[insert("e", "E"), insert("a", "A"), insert("c", "C")]
            ),
            "spec:\n  encryptedData: {a: A, b: B, c: C, d: D, e: E}  # flow\n"
        );
        let text = "spec: {encryptedData: {d: D,b: B}}";
        assert_eq!(
            edit(text, &[insert("a", "A")]),
            "spec: {encryptedData: {d: D,b: B,a: A}}"
        );
        let text = "spec: {encryptedData: {\"b\": \"B\"}}";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("yes", "1")]),
            "spec: {encryptedData: {\"a\": \"A\", \"b\": \"B\", \"yes\": \"1\"}}"
        );
    }

    #[test]
    fn insert_into_pretty_json() {
        let text = "{\n  \"kind\": \"SealedSecret\",\n  \"spec\": {\n    \"encryptedData\": {\n      \"a\": \"AAA\",\n      \"c\": \"CCC\"\n    }\n  }\n}\n";
        let new = edit(text, &[insert("d", "VD"), insert("b", "VB")]);
        assert_eq!(
            new,
            "{\n  \"kind\": \"SealedSecret\",\n  \"spec\": {\n    \"encryptedData\": {\n      \"a\": \"AAA\",\n      \"b\": \"VB\",\n      \"c\": \"CCC\",\n      \"d\": \"VD\"\n    }\n  }\n}\n"
        );
        let parsed: Value = serde_json::from_str(&new).unwrap();
        assert_eq!(
            parsed["spec"]["encryptedData"],
            json!({"a": "AAA", "b": "VB", "c": "CCC", "d": "VD"})
        );
        let text = "{\"spec\":{\"encryptedData\":{\"b\":\"B\"}}}";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("c", "C")]),
            "{\"spec\":{\"encryptedData\":{\"a\":\"A\",\"b\":\"B\",\"c\":\"C\"}}}"
        );
    }

    #[test]
    fn insert_into_empty_mapping() {
        let text = "spec:\n  encryptedData: {} # none yet\n  template:\n    type: Opaque\n";
        assert_eq!(
            edit(text, &[insert("b", "B"), insert("a", "A")]),
            "spec:\n  encryptedData:\n    a: A\n    b: B # none yet\n  template:\n    type: Opaque\n"
        );
        let text = "  spec:\n     encryptedData: {}\n";
        assert_eq!(
            edit(text, &[insert("a", "A")]),
            "  spec:\n     encryptedData:\n        a: A\n"
        );
        let text = "spec: {encryptedData: {}}\n";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("true", "T")]),
            "spec: {encryptedData: {a: A, \"true\": T}}\n"
        );
        let text = "{\n    \"spec\": {\n        \"encryptedData\": {}\n    }\n}";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("b", "B")]),
            "{\n    \"spec\": {\n        \"encryptedData\": {\n            \"a\": \"A\",\n            \"b\": \"B\"\n        }\n    }\n}"
        );
        let text = "{\"spec\":{\"encryptedData\":{ }}}";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("b", "B")]),
            "{\"spec\":{\"encryptedData\":{\"a\":\"A\",\"b\":\"B\"}}}"
        );
        let text = "{\"spec\": {\"encryptedData\": {}}}";
        assert_eq!(
            edit(text, &[insert("a", "A"), insert("b", "B")]),
            "{\"spec\": {\"encryptedData\": {\"a\": \"A\", \"b\": \"B\"}}}"
        );
    }

    #[test]
    fn inserted_keys_are_quoted_when_needed() {
        let text = "spec:\n  encryptedData:\n    z: Z\n    y: Y\n";
        let keys = [
            "true",
            "yes",
            "1",
            "a: b",
            "~",
            "",
            "-",
            "x #y",
            "é",
            ".dockerconfigjson",
            "tls.crt",
            "-x",
        ];
        let changes: Vec<Change> = keys.iter().map(|key| insert(key, "V")).collect();
        let new = edit(text, &changes);
        assert_eq!(
            new,
            "spec:\n  encryptedData:\n    z: Z\n    y: Y\n    \"true\": V\n    \"yes\": V\n    \"1\": V\n    \"a: b\": V\n    \"~\": V\n    \"\": V\n    \"-\": V\n    \"x #y\": V\n    \"é\": V\n    .dockerconfigjson: V\n    tls.crt: V\n    -x: V\n"
        );
        let parsed = parse_yaml(&new);
        for key in keys {
            assert_eq!(parsed["spec"]["encryptedData"][key], "V", "{key}");
        }
    }

    #[test]
    fn crlf_stays_crlf() {
        let text = "spec:\r\n  encryptedData:\r\n    a: A\r\n    c: C\r\n  x: 1\r\n";
        assert_eq!(
            edit(
                text,
                &[insert("b", "B"), insert("d", "D"), replace("a", "NEW")]
            ),
            "spec:\r\n  encryptedData:\r\n    a: NEW\r\n    b: B\r\n    c: C\r\n    d: D\r\n  x: 1\r\n"
        );
        let text = "spec:\r\n  encryptedData: {}\r\n";
        assert_eq!(
            edit(text, &[insert("a", "A")]),
            "spec:\r\n  encryptedData:\r\n    a: A\r\n"
        );
        let text = "{\r\n  \"spec\": {\r\n    \"encryptedData\": {\"a\": \"A\"}\r\n  }\r\n}";
        assert_eq!(
            edit(text, &[insert("b", "B")]),
            "{\r\n  \"spec\": {\r\n    \"encryptedData\": {\"a\": \"A\", \"b\": \"B\"}\r\n  }\r\n}"
        );
        let text = "{\r\n  \"spec\": {\r\n    \"encryptedData\": {}\r\n  }\r\n}";
        assert_eq!(
            edit(text, &[insert("b", "B")]),
            "{\r\n  \"spec\": {\r\n    \"encryptedData\": {\r\n      \"b\": \"B\"\r\n    }\r\n  }\r\n}"
        );
    }

    #[test]
    fn change_errors() {
        let text = "spec:\n  encryptedData:\n    a: A\n";
        let doc = only_doc(text);
        assert_eq!(
            apply_changes(text, &doc, &[replace("b", "B")]).unwrap_err(),
            SourceError::KeyNotFound {
                line: 1,
                key: "b".to_owned()
            }
        );
        assert_eq!(
            apply_changes(text, &doc, &[insert("a", "B")]).unwrap_err(),
            SourceError::KeyExists {
                line: 3,
                key: "a".to_owned()
            }
        );
        assert_eq!(
            apply_changes(text, &doc, &[replace("a", "B"), replace("a", "C")]).unwrap_err(),
            SourceError::ConflictingChanges {
                line: 1,
                key: "a".to_owned()
            }
        );
        let bad = DocSpan {
            index: 0,
            start: 0,
            end: text.len() + 1,
            line: 1,
        };
        assert!(matches!(
            apply_changes(text, &bad, &[]),
            Err(SourceError::InvalidSpan { .. })
        ));
        let text = "spec:\n  encryptedData:\n    a: |\n      A\n";
        let err = apply_changes(text, &only_doc(text), &[replace("a", " x")]).unwrap_err();
        assert!(
            matches!(err, SourceError::Unsupported { line: 4, .. }),
            "{err}"
        );
    }

    #[test]
    fn apply_all_edits_several_documents() {
        let text = format!("{SEALED}---\nkind: Other\n---\nspec:\n  encryptedData: {{}}\n");
        let docs = split_documents(&text).unwrap();
        assert_eq!(docs.len(), 3);
        let new = apply_all(
            &text,
            &[
                (docs[2], vec![insert("k", "K")]),
                (docs[1], vec![]),
                (docs[0], vec![replace("password", "P"), insert("new", "NV")]),
            ],
        )
        .unwrap();
        let expected =
            format!("{SEALED}---\nkind: Other\n---\nspec:\n  encryptedData:\n    k: K\n")
                .replace("password: AgBy3i4OJSWK+PiTySYZZA==", "password: P")
                .replace("    last: AgEEEE==\n", "    last: AgEEEE==\n    new: NV\n");
        assert_eq!(new, expected);
        // Same as one document at a time, last first.
        let step = apply_changes(&text, &docs[2], &[insert("k", "K")]).unwrap();
        let step = apply_changes(
            &step,
            &docs[0],
            &[replace("password", "P"), insert("new", "NV")],
        )
        .unwrap();
        assert_eq!(step, expected);
        let overlapping = [(docs[0], vec![]), (docs[0], vec![])];
        assert!(matches!(
            apply_all(&text, &overlapping),
            Err(SourceError::InvalidSpan { .. })
        ));
    }

    const PROP_YAML: &str = "kind: First\n---\n# Grüße\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n\
        metadata: {name: ☺}\nspec:\n  encryptedData:\n    plain: AgBy3i4OJSWK+PiTySYZZA==\n    multi: AgBy\n      AAAA\n\
        \x20   single: 'AgAA'\n    double: \"AgBB\" # c\n    folded: >-\n      AgCC\n    literal: |-\n      AgDD\n\
        \x20 template:\n    data: {plain: not-secret, flow: [1]}\n...\n---\nkind: Last\n";

    const PROP_JSON: &str = "{\"kind\": \"First\"}\n{\n  \"kind\": \"SealedSecret\",\n  \"spec\": {\n    \"encryptedData\": {\n      \"a\": \"AgAA\",\n      \"é\": \"AgBB\",\n      \"c\": \"AgCC\"\n    },\n    \"template\": {\"data\": {\"a\": \"x\"}}\n  }\n}\n{\"kind\": \"Last\"}\n";

    fn base64() -> impl Strategy<Value = String> {
        "[A-Za-z0-9+/]{0,48}={0,2}"
    }

    fn annotate(key: &str, value: &str) -> Change {
        Change::ReplaceAnnotation {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    const ANNOTATED: &str = "\
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  # the sealing certificate
  annotations:
    other: x
    sealant.dev/cert-sha256: 'aaaa' # old
  name: db
spec:
  encryptedData:
    password: AgAAAA==
  template:
    metadata:
      annotations:
        sealant.dev/cert-sha256: aaaa
";

    #[test]
    fn finds_only_the_objects_own_annotation() {
        let doc = only_doc(ANNOTATED);
        let item = annotation_span(ANNOTATED, &doc, "sealant.dev/cert-sha256")
            .unwrap()
            .unwrap();
        assert_eq!(&ANNOTATED[item.value_start..item.value_end], "'aaaa'");
        assert_eq!(item.style, ValueStyle::SingleQuoted);
        assert_eq!(item.line, 7);
        assert_eq!(annotation_span(ANNOTATED, &doc, "missing").unwrap(), None);
        let plain = "kind: A\nspec:\n  metadata:\n    annotations:\n      k: v\n";
        assert_eq!(annotation_span(plain, &only_doc(plain), "k").unwrap(), None);
    }

    #[test]
    fn replaces_an_annotation_and_nothing_else() {
        let new = edit(ANNOTATED, &[annotate("sealant.dev/cert-sha256", "bbbb")]);
        let at = ANNOTATED.find("'aaaa'").unwrap();
        assert_only_changed(ANNOTATED, &new, at, at + 6, "'bbbb'");
        // With an encryptedData change in the same document.
        let new = edit(
            ANNOTATED,
            &[
                replace("password", "AgBBBB=="),
                annotate("sealant.dev/cert-sha256", "cccc"),
            ],
        );
        assert_eq!(
            new,
            ANNOTATED
                .replace("'aaaa'", "'cccc'")
                .replace("AgAAAA==", "AgBBBB==")
        );
    }

    #[test]
    fn replaces_annotations_in_flow_mappings_and_json() {
        let flow = "metadata: {annotations: {a: \"1\", k: v}, name: x}\n";
        assert_eq!(
            edit(flow, &[annotate("k", "w2")]),
            "metadata: {annotations: {a: \"1\", k: w2}, name: x}\n"
        );
        let json = "{\n  \"metadata\": {\n    \"annotations\": {\"k\": \"v\"}\n  },\n  \"spec\": {\"encryptedData\": {\"p\": \"A\"}}\n}\n";
        let new = edit(json, &[annotate("k", "new"), replace("p", "B")]);
        assert_eq!(
            new,
            json.replace("\"k\": \"v\"", "\"k\": \"new\"")
                .replace("\"p\": \"A\"", "\"p\": \"B\"")
        );
    }

    #[test]
    fn annotation_errors() {
        let doc = only_doc(ANNOTATED);
        assert!(matches!(
            apply_changes(ANNOTATED, &doc, &[annotate("missing", "x")]),
            Err(SourceError::AnnotationNotFound { line: 1, .. })
        ));
        assert!(matches!(
            apply_changes(
                ANNOTATED,
                &doc,
                &[annotate("other", "1"), annotate("other", "2")]
            ),
            Err(SourceError::ConflictingChanges { .. })
        ));
        let dup = "metadata:\n  annotations:\n    k: a\n    k: b\n";
        assert!(matches!(
            annotation_span(dup, &only_doc(dup), "k"),
            Err(SourceError::Unsupported { line: 4, .. })
        ));
        let nested = "metadata:\n  annotations:\n    k: [a]\n";
        assert!(annotation_span(nested, &only_doc(nested), "k").is_err());
        // A value that would not read back as a string gets quoted.
        let plain = "metadata:\n  annotations:\n    k: v\n";
        assert_eq!(
            edit(plain, &[annotate("k", "true")]),
            "metadata:\n  annotations:\n    k: \"true\"\n"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn replaced_yaml_values_round_trip(values in proptest::collection::vec(proptest::option::of(base64()), 6)) {
            let keys = ["plain", "multi", "single", "double", "folded", "literal"];
            let docs = split_documents(PROP_YAML).unwrap();
            prop_assert_eq!(docs.len(), 3);
            let doc = docs[1];
            let mut expected = parse_yaml(&PROP_YAML[doc.start..doc.end]);
            let mut changes = Vec::new();
            for (key, value) in keys.iter().zip(&values) {
                // A block scalar cannot hold an empty value on a content line.
                if let Some(value) = value.as_ref().filter(|v| !v.is_empty() || !matches!(*key, "folded" | "literal")) {
                    expected["spec"]["encryptedData"][*key] = json!(value);
                    changes.push(replace(key, value));
                }
            }
            let new = apply_changes(PROP_YAML, &doc, &changes).unwrap();
            prop_assert_eq!(&new[..doc.start], &PROP_YAML[..doc.start]);
            let tail = &PROP_YAML[doc.end..];
            prop_assert!(new.ends_with(tail));
            let new_docs = split_documents(&new).unwrap();
            prop_assert_eq!(parse_yaml(&new[new_docs[1].start..new_docs[1].end]), expected);
            prop_assert_eq!(&new[new_docs[0].start..new_docs[0].end], "kind: First");
        }

        #[test]
        fn replaced_json_values_round_trip(values in proptest::collection::vec(proptest::option::of(base64()), 3)) {
            let keys = ["a", "é", "c"];
            let docs = split_documents(PROP_JSON).unwrap();
            let doc = docs[1];
            let mut expected: Value = serde_json::from_str(&PROP_JSON[doc.start..doc.end]).unwrap();
            let mut changes = Vec::new();
            for (key, value) in keys.iter().zip(&values) {
                if let Some(value) = value {
                    expected["spec"]["encryptedData"][*key] = json!(value);
                    changes.push(replace(key, value));
                }
            }
            let new = apply_changes(PROP_JSON, &doc, &changes).unwrap();
            prop_assert_eq!(&new[..doc.start], &PROP_JSON[..doc.start]);
            prop_assert!(new.ends_with(&PROP_JSON[doc.end..]));
            let new_docs = split_documents(&new).unwrap();
            let parsed: Value = serde_json::from_str(&new[new_docs[1].start..new_docs[1].end]).unwrap();
            prop_assert_eq!(parsed, expected);
        }
    }
}
