//! The one walk over the YAML parser's events, which every reader of the
//! text layer drives: splitting a stream ([`crate::yaml::split`]), finding
//! `spec.encryptedData` and annotations ([`crate::yaml::spans`]) and the
//! located tree ([`crate::yaml::located`]).
//!
//! YAML is read with `granit_parser` (re-exported by `serde_saphyr`), whose
//! events carry byte ranges into the source; the spans inside one JSON
//! document come from the same parser, since JSON is YAML flow syntax (JSON
//! streams are split with `serde_json`). [`EventWalk::run`] turns them into
//! nodes that know where they are (byte range and line in the whole text)
//! and where they sit in the tree ([`Slot`]: the root, a mapping key, a
//! mapping value with its key, a sequence item), enforces the nesting limit,
//! and maps parser errors to [`SourceError`]s that quote no content. A
//! [`Visitor`] sees each node once and keeps what it needs for each open
//! mapping or sequence in its own [`Visitor::Frame`].

use std::borrow::Cow;
use std::ops::Range;

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span, StructureStyle};

use crate::limits::MAX_DEPTH;
use crate::yaml::lines::line_col;
use crate::yaml::scalar::ValueStyle;
use crate::yaml::source_error::{SourceError, too_deep, yaml_error};
use crate::yaml::split::{DocSpan, Format, detect_format};

/// A node event, reduced to what the readers need.
pub(super) enum NodeEvent<'a> {
    /// A scalar: its value, how it is written, and whether it carries a YAML
    /// tag or anchor.
    Scalar {
        value: Cow<'a, str>,
        style: ValueStyle,
        tagged: bool,
    },
    /// The start of a mapping; `flow` when it is written between braces.
    Mapping { flow: bool },
    /// The start of a sequence; `flow` when it is written between brackets.
    Sequence { flow: bool },
    /// An alias (`*name`), resolved or not.
    Alias,
}

/// Where an event is in the whole text.
pub(super) struct At {
    /// Byte range. For a block scalar it runs on to the indentation of the next
    /// token; for the end of a block collection it is empty.
    pub range: Range<usize>,
    /// 1-based line of its start.
    pub line: usize,
    /// The column (0-based, in characters) of a node that starts a block mapping line.
    pub indent: Option<usize>,
}

/// A scalar mapping key, kept until its value arrives.
pub(super) struct PendingKey<'a> {
    /// The key, unquoted and unescaped.
    pub text: Cow<'a, str>,
    pub range: Range<usize>,
    pub line: usize,
    pub indent: Option<usize>,
    pub style: ValueStyle,
}

/// Where a node sits in the tree.
pub(super) enum Slot<'a> {
    /// The root of a document.
    Root,
    /// A mapping key.
    Key,
    /// A mapping value, with its key when that is a scalar.
    Value(Option<PendingKey<'a>>),
    /// A sequence item.
    Item,
}

/// What a reader does with the events of a walk.
pub(super) trait Visitor<'a> {
    /// What the reader keeps for each open mapping or sequence.
    type Frame;

    /// A document starts; `explicit` when it has a `---` marker (`at`).
    fn document_start(&mut self, _explicit: bool, _at: &At) -> Result<(), SourceError> {
        Ok(())
    }

    /// A document ends. Returns whether to read on.
    fn document_end(&mut self) -> Result<bool, SourceError> {
        Ok(true)
    }

    /// A node: a scalar or an alias, or the start of a mapping or sequence.
    /// `parent` is the frame of the collection holding it. Returns the frame
    /// of the collection the node starts; `None` for a scalar or an alias,
    /// or for a collection the reader keeps nothing for (it then sees no
    /// [`Visitor::end`] for it, and its nodes no parent frame).
    fn node(
        &mut self,
        node: &NodeEvent<'a>,
        at: &At,
        slot: Slot<'a>,
        parent: Option<&mut Self::Frame>,
    ) -> Result<Option<Self::Frame>, SourceError>;

    /// A mapping or sequence ends, at `at` (an empty range for a block one).
    fn end(
        &mut self,
        _frame: Self::Frame,
        _at: &At,
        _parent: Option<&mut Self::Frame>,
    ) -> Result<(), SourceError> {
        Ok(())
    }
}

/// One walk over (a part of) a text.
pub(super) struct EventWalk<'t> {
    text: &'t str,
    /// The part parsed, `text[origin..]`.
    source: &'t str,
    origin: usize,
    /// Line of the part's first line in `text`, minus one.
    line_offset: usize,
    options: Options,
    max_depth: Option<usize>,
}

/// An open mapping or sequence.
struct Open<'a, F> {
    mapping: bool,
    expect_key: bool,
    /// The last key, while its value is read.
    key: Option<PendingKey<'a>>,
    frame: Option<F>,
}

impl<'t> EventWalk<'t> {
    /// The whole text as a YAML stream, whatever its first character.
    pub(super) fn stream(text: &'t str) -> Self {
        EventWalk {
            text,
            source: text,
            origin: 0,
            line_offset: 0,
            options: parser_options(Format::Yaml, text.len()),
            max_depth: Some(MAX_DEPTH),
        }
    }

    /// One document of `text`, read in the format of the stream.
    ///
    /// # Errors
    ///
    /// [`SourceError::InvalidSpan`] when `doc` does not fit `text`.
    pub(super) fn document(text: &'t str, doc: &DocSpan) -> Result<Self, SourceError> {
        let source = doc_text(text, doc)?;
        // The format of the stream: a YAML document may well be a flow mapping.
        let format = detect_format(text);
        Ok(EventWalk {
            text,
            source,
            origin: doc.start,
            line_offset: doc.line.saturating_sub(1),
            options: parser_options(format, source.len()),
            max_depth: Some(MAX_DEPTH),
        })
    }

    /// A text of YAML or JSON whose first line is line `first_line` of a
    /// larger text, nested as deep as the parser allows.
    pub(super) fn any_depth(text: &'t str, first_line: usize) -> Self {
        EventWalk {
            text,
            source: text,
            origin: 0,
            // Wrapping: line 0 counts from one line above, as it always did.
            line_offset: first_line.wrapping_sub(1),
            options: parser_options(Format::Json, text.len()),
            max_depth: None,
        }
    }

    /// Reads the events in order and hands every one to `visitor`.
    ///
    /// # Errors
    ///
    /// A syntax error, nesting deeper than [`MAX_DEPTH`] (unless
    /// [`EventWalk::any_depth`]), or the first error of `visitor`.
    pub(super) fn run<V: Visitor<'t>>(self, visitor: &mut V) -> Result<(), SourceError> {
        let mut stack: Vec<Open<'t, V::Frame>> = Vec::new();
        for next in Parser::new_from_str_with_options(self.source, self.options) {
            let (event, span) = next.map_err(|error| yaml_error(self.text, self.origin, &error))?;
            let at = At {
                range: byte_range(self.text, self.origin, &span)?,
                line: span.start.line().wrapping_add(self.line_offset),
                indent: span.indent,
            };
            let node = match event {
                Event::DocumentStart(explicit, _) => {
                    visitor.document_start(explicit, &at)?;
                    continue;
                }
                Event::DocumentEnd => {
                    if visitor.document_end()? {
                        continue;
                    }
                    break;
                }
                Event::Scalar(value, style, anchor, tag) => NodeEvent::Scalar {
                    value,
                    style: value_style(style),
                    tagged: anchor != 0 || tag.is_some(),
                },
                Event::MappingStart(style, ..) => NodeEvent::Mapping {
                    flow: style == StructureStyle::Flow,
                },
                Event::SequenceStart(style, ..) => NodeEvent::Sequence {
                    flow: style == StructureStyle::Flow,
                },
                Event::Alias(_) | Event::UnresolvedAlias(_) => NodeEvent::Alias,
                Event::MappingEnd | Event::SequenceEnd => {
                    if let Some(Open {
                        frame: Some(frame), ..
                    }) = stack.pop()
                    {
                        let parent = stack.last_mut().and_then(|o| o.frame.as_mut());
                        visitor.end(frame, &at, parent)?;
                    }
                    continue;
                }
                _ => continue,
            };
            let slot = match stack.last_mut() {
                None => Slot::Root,
                Some(open) if open.mapping => {
                    open.expect_key = !open.expect_key;
                    if open.expect_key {
                        Slot::Value(open.key.take())
                    } else {
                        Slot::Key
                    }
                }
                Some(_) => Slot::Item,
            };
            let is_key = matches!(slot, Slot::Key);
            let parent = stack.last_mut().and_then(|o| o.frame.as_mut());
            let frame = visitor.node(&node, &at, slot, parent)?;
            match node {
                NodeEvent::Mapping { .. } | NodeEvent::Sequence { .. } => stack.push(Open {
                    mapping: matches!(node, NodeEvent::Mapping { .. }),
                    expect_key: true,
                    key: None,
                    frame,
                }),
                NodeEvent::Scalar { value, style, .. } if is_key => {
                    if let Some(open) = stack.last_mut() {
                        open.key = Some(PendingKey {
                            text: value,
                            range: at.range.clone(),
                            line: at.line,
                            indent: at.indent,
                            style,
                        });
                    }
                }
                NodeEvent::Scalar { .. } | NodeEvent::Alias => {}
            }
            if self.max_depth.is_some_and(|max| stack.len() > max) {
                return Err(too_deep(self.text, at.range.start));
            }
        }
        Ok(())
    }
}

/// The text of one document, when its span fits the text.
pub(super) fn doc_text<'t>(text: &'t str, doc: &DocSpan) -> Result<&'t str, SourceError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes down every node with where it sits, and every end.
    #[derive(Default)]
    struct Record(Vec<String>);

    impl<'t> Visitor<'t> for Record {
        /// The depth of the collection.
        type Frame = usize;

        fn document_start(&mut self, explicit: bool, at: &At) -> Result<(), SourceError> {
            self.0
                .push(format!("doc explicit={explicit} line {}", at.line));
            Ok(())
        }

        fn node(
            &mut self,
            node: &NodeEvent<'t>,
            at: &At,
            slot: Slot<'t>,
            parent: Option<&mut usize>,
        ) -> Result<Option<usize>, SourceError> {
            let slot = match slot {
                Slot::Root => "root".to_owned(),
                Slot::Key => "key".to_owned(),
                Slot::Value(Some(key)) => format!("value of {} (line {})", key.text, key.line),
                Slot::Value(None) => "value of a collection".to_owned(),
                Slot::Item => "item".to_owned(),
            };
            let node = match node {
                NodeEvent::Scalar { value, tagged, .. } => format!("{value:?} tagged={tagged}"),
                NodeEvent::Mapping { flow } => format!("mapping flow={flow}"),
                NodeEvent::Sequence { flow } => format!("sequence flow={flow}"),
                NodeEvent::Alias => "alias".to_owned(),
            };
            self.0.push(format!("{slot}: {node} line {}", at.line));
            Ok(Some(parent.map_or(1, |depth| *depth + 1)))
        }

        fn end(&mut self, depth: usize, at: &At, _: Option<&mut usize>) -> Result<(), SourceError> {
            self.0
                .push(format!("end {depth} empty={}", at.range.is_empty()));
            Ok(())
        }
    }

    #[test]
    fn slots_keys_and_lines_in_the_whole_text() {
        let text = "a: 0\n---\nk: &r v\nm: {x: [1, *r]}\n? [c]\n: d\n";
        let doc = DocSpan {
            index: 0,
            start: text.find("k:").unwrap(),
            end: text.len(),
            line: 3,
        };
        let mut record = Record::default();
        EventWalk::document(text, &doc)
            .unwrap()
            .run(&mut record)
            .unwrap();
        assert_eq!(
            record.0,
            [
                "doc explicit=false line 3",
                "root: mapping flow=false line 3",
                "key: \"k\" tagged=false line 3",
                "value of k (line 3): \"v\" tagged=true line 3",
                "key: \"m\" tagged=false line 4",
                "value of m (line 4): mapping flow=true line 4",
                "key: \"x\" tagged=false line 4",
                "value of x (line 4): sequence flow=true line 4",
                "item: \"1\" tagged=false line 4",
                "item: alias line 4",
                "end 3 empty=false",
                "end 2 empty=false",
                "key: sequence flow=true line 5",
                "item: \"c\" tagged=false line 5",
                "end 2 empty=false",
                "value of a collection: \"d\" tagged=false line 6",
                "end 1 empty=true",
            ]
        );
    }

    #[test]
    fn nesting_is_limited_unless_any_depth() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let err = EventWalk::stream(&deep)
            .run(&mut Record::default())
            .unwrap_err();
        assert_eq!(
            err,
            SourceError::TooDeep {
                line: 1,
                column: MAX_DEPTH + 1,
                max: MAX_DEPTH
            }
        );
        let mut record = Record::default();
        EventWalk::any_depth(&deep, 1).run(&mut record).unwrap();
        assert_eq!(record.0.last().unwrap(), "end 1 empty=false");
    }

    #[test]
    fn a_visitor_can_stop_at_the_first_document_end() {
        struct First(usize);
        impl<'t> Visitor<'t> for First {
            type Frame = ();
            fn document_end(&mut self) -> Result<bool, SourceError> {
                Ok(false)
            }
            fn node(
                &mut self,
                _: &NodeEvent<'t>,
                _: &At,
                _: Slot<'t>,
                _: Option<&mut ()>,
            ) -> Result<Option<()>, SourceError> {
                self.0 += 1;
                Ok(None)
            }
        }
        // The syntax error in the second document is never read.
        let mut first = First(0);
        EventWalk::stream("a: b\n---\n[").run(&mut first).unwrap();
        assert_eq!(first.0, 3);
    }
}
