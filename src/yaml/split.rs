//! Document boundaries: the [`Format`] of a stream, and [`split_documents`],
//! which cuts a YAML or JSON stream into the byte spans of its documents.

use std::ops::Range;

use crate::limits::{MAX_DEPTH, MAX_DOCUMENTS};
use crate::yaml::events::{At, EventWalk, NodeEvent, Slot, Visitor};
use crate::yaml::lines::{
    BOM, LineCounter, count_line_breaks, is_blank, line_col, line_end, line_start, skip_blanks,
};
use crate::yaml::scalar::{ValueStyle, block_scalar_header, trim_block_scalar_end};
use crate::yaml::source_error::{SourceError, json_error, too_deep};

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
    fn node(&mut self, range: &Range<usize>, line: usize, empty: bool, block_scalar: bool) {
        if self.root.is_none() {
            self.root = Some(RootNode {
                start: range.start,
                line,
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
    let mut splitter = Splitter {
        text,
        docs: Vec::new(),
        doc: YamlDoc::default(),
    };
    EventWalk::stream(text).run(&mut splitter)?;
    Ok(splitter.docs)
}

/// Collects the spans of the documents of a YAML stream.
struct Splitter<'t> {
    text: &'t str,
    docs: Vec<DocSpan>,
    /// The document being read.
    doc: YamlDoc,
}

impl<'t> Visitor<'t> for Splitter<'t> {
    type Frame = ();

    fn document_start(&mut self, explicit: bool, at: &At) -> Result<(), SourceError> {
        self.doc = YamlDoc {
            marker_end: explicit.then_some(at.range.end),
            ..YamlDoc::default()
        };
        Ok(())
    }

    fn document_end(&mut self) -> Result<bool, SourceError> {
        if let Some(span) = self.doc.finish(self.text, self.docs.len()) {
            if self.docs.len() == MAX_DOCUMENTS {
                return Err(SourceError::TooManyDocuments {
                    line: span.line,
                    max: MAX_DOCUMENTS,
                });
            }
            self.docs.push(span);
        }
        self.doc = YamlDoc::default();
        Ok(true)
    }

    fn node(
        &mut self,
        node: &NodeEvent<'t>,
        at: &At,
        _slot: Slot<'t>,
        _parent: Option<&mut ()>,
    ) -> Result<Option<()>, SourceError> {
        match node {
            NodeEvent::Mapping { .. } | NodeEvent::Sequence { .. } => {
                self.doc.node(&at.range, at.line, false, false);
                return Ok(Some(()));
            }
            NodeEvent::Alias => self.doc.node(&at.range, at.line, false, false),
            NodeEvent::Scalar { style, .. } => {
                let block = matches!(style, ValueStyle::Literal | ValueStyle::Folded);
                let mut range = at.range.clone();
                if block {
                    range.end = trim_block_scalar_end(self.text, &range);
                }
                self.doc.node(&range, at.line, range.is_empty(), block);
            }
        }
        Ok(None)
    }

    fn end(&mut self, _frame: (), at: &At, _parent: Option<&mut ()>) -> Result<(), SourceError> {
        // Only flow collections end on a bracket; the end of a block collection
        // sits at the next token, possibly after comments.
        if !at.range.is_empty() {
            self.doc.max_end = self.doc.max_end.max(at.range.end);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::spans::encrypted_data_spans;
    use crate::yaml::test_support::{only_doc, parse_yaml};
    use serde_json::{Value, json};

    fn slices<'t>(text: &'t str, docs: &[DocSpan]) -> Vec<&'t str> {
        docs.iter().map(|doc| &text[doc.start..doc.end]).collect()
    }

    fn line_of(text: &str, offset: usize) -> usize {
        1 + text[..offset].matches('\n').count()
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
}
