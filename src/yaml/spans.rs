//! Byte spans of what sealant edits in a document: the items of
//! `spec.encryptedData` ([`encrypted_data_spans`]) and one of the object's own
//! annotations ([`annotation_span`]). Offsets are byte offsets into the whole
//! text.

use std::collections::HashSet;
use std::ops::Range;

use crate::yaml::events::{At, EventWalk, NodeEvent, PendingKey, Slot, Visitor};
use crate::yaml::lines::{line_start, skip_blanks};
use crate::yaml::scalar::{ValueStyle, trim_block_scalar_end};
use crate::yaml::source_error::{SourceError, unsupported_at};
use crate::yaml::split::{DocSpan, Format, detect_format};

/// How a mapping is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MappingStyle {
    /// One `key: value` per line, nested by indentation.
    Block,
    /// Between braces: `{key: value, ...}`; all JSON objects are flow mappings.
    Flow,
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
    pub(super) layout: Layout,
}

/// What inserting needs beyond the public fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Layout {
    /// The `encryptedData` key as written.
    pub(super) key: Range<usize>,
    /// Column of the `encryptedData` key, when it starts a block mapping line.
    pub(super) key_indent: Option<usize>,
    /// The `spec` key as written.
    pub(super) spec_key: Range<usize>,
    /// Column of the `spec` key, when it starts a block mapping line.
    pub(super) spec_key_indent: Option<usize>,
    /// Style of the mapping holding `encryptedData`.
    pub(super) parent_style: MappingStyle,
    /// Where the mapping holding `encryptedData` starts.
    pub(super) parent_start: usize,
    /// How the first key of `encryptedData` is written.
    pub(super) first_key_style: Option<ValueStyle>,
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
    let mut finder = DataFinder {
        text,
        // The format of the stream: a YAML document may well be a flow mapping.
        format: detect_format(text),
        spec: None,
        found: None,
    };
    EventWalk::document(text, doc)?.run(&mut finder)?;
    Ok(finder.finish())
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

/// What [`DataFinder`] keeps for an open mapping or sequence.
struct DataFrame {
    role: Role,
    /// Whether the key of interest (`spec`, `encryptedData`) was seen already.
    seen: bool,
}

struct Spec {
    key: Range<usize>,
    key_indent: Option<usize>,
    style: MappingStyle,
    start: usize,
}

struct Found<'t> {
    key: PendingKey<'t>,
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

/// Follows `spec` and `encryptedData` from the root and collects the items.
struct DataFinder<'t> {
    text: &'t str,
    format: Format,
    spec: Option<Spec>,
    found: Option<Found<'t>>,
}

impl<'t> Visitor<'t> for DataFinder<'t> {
    type Frame = DataFrame;

    fn node(
        &mut self,
        node: &NodeEvent<'t>,
        at: &At,
        slot: Slot<'t>,
        parent: Option<&mut DataFrame>,
    ) -> Result<Option<DataFrame>, SourceError> {
        let mut role = Role::Other;
        match (slot, parent) {
            (Slot::Root, _) => role = Role::Root,
            (Slot::Key, Some(parent))
                if parent.role == Role::EncryptedData
                    && !matches!(node, NodeEvent::Scalar { .. }) =>
            {
                return Err(unsupported_at(
                    self.text,
                    at.range.start,
                    "spec.encryptedData has a key that is not a string",
                ));
            }
            (Slot::Value(key), Some(parent)) => role = self.value(parent, key, node, &at.range)?,
            _ => {}
        }
        Ok(Some(DataFrame { role, seen: false }))
    }

    fn end(
        &mut self,
        scope: DataFrame,
        at: &At,
        _parent: Option<&mut DataFrame>,
    ) -> Result<(), SourceError> {
        if scope.role == Role::EncryptedData
            && let Some(found) = &mut self.found
            && found.end.is_none()
        {
            found.end = Some(at.range.end);
        }
        Ok(())
    }
}

impl<'t> DataFinder<'t> {
    /// Handles a mapping value; returns the role of the mapping it starts, if any.
    fn value(
        &mut self,
        parent: &mut DataFrame,
        key: Option<PendingKey<'t>>,
        node: &NodeEvent<'_>,
        range: &Range<usize>,
    ) -> Result<Role, SourceError> {
        let Some(key) = key else {
            return Ok(Role::Other);
        };
        let wanted = match parent.role {
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
        if parent.seen {
            return Err(unsupported_at(
                self.text,
                key.range.start,
                &format!("duplicate key {name}"),
            ));
        }
        parent.seen = true;
        let style = match node {
            NodeEvent::Mapping { flow } => mapping_style(*flow),
            NodeEvent::Alias => {
                return Err(unsupported_at(
                    self.text,
                    range.start,
                    &format!("{name} is an alias"),
                ));
            }
            NodeEvent::Scalar { .. } | NodeEvent::Sequence { .. } => return Ok(Role::Other),
        };
        if wanted == Role::Spec {
            self.spec = Some(Spec {
                key: key.range,
                key_indent: key.indent,
                style,
                start: range.start,
            });
        } else if let Some(spec) = &self.spec {
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
        key: PendingKey<'_>,
        node: &NodeEvent<'_>,
        range: &Range<usize>,
    ) -> Result<(), SourceError> {
        let NodeEvent::Scalar { style, tagged, .. } = node else {
            return Err(unsupported_at(
                self.text,
                range.start,
                &format!(
                    "the value of spec.encryptedData key {:?} is not a string",
                    key.text
                ),
            ));
        };
        if self.found.is_some() && *tagged {
            // A tag or anchor sits between the key and the value: replacing the
            // value alone would leave it behind (and an anchor may be used elsewhere).
            return Err(unsupported_at(
                self.text,
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
        if !found.keys.insert(key.text.to_string()) {
            return Err(unsupported_at(
                self.text,
                key.range.start,
                &format!("duplicate key {:?} in spec.encryptedData", key.text),
            ));
        }
        if found.items.is_empty() {
            found.first_key_style = Some(key.style);
        }
        found.items.push(item_span(self.text, key, *style, range));
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
}

fn mapping_style(flow: bool) -> MappingStyle {
    if flow {
        MappingStyle::Flow
    } else {
        MappingStyle::Block
    }
}

/// The span of a scalar value of a mapping: for a block scalar without the
/// indentation of the next token; for a missing value (`key:`) empty, right
/// after the `:`.
fn item_span(text: &str, key: PendingKey<'_>, style: ValueStyle, range: &Range<usize>) -> ItemSpan {
    let mut value = range.clone();
    if matches!(style, ValueStyle::Literal | ValueStyle::Folded) {
        value.end = trim_block_scalar_end(text, &value);
    }
    if value.is_empty() {
        // An implicit null: the span sits somewhere around the `:`; put it right after.
        let after = skip_blanks(text, key.range.end);
        value.start = if text[after..].starts_with(':') {
            after + 1
        } else {
            key.range.end
        };
        value.end = value.start;
    }
    ItemSpan {
        key: key.text.into_owned(),
        key_start: key.range.start,
        key_end: key.range.end,
        value_start: value.start,
        value_end: value.end,
        style,
        line: key.line,
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
    let mut finder = PathFinder {
        text,
        path: ["metadata", "annotations", key],
        found: None,
    };
    EventWalk::document(text, doc)?.run(&mut finder)?;
    Ok(finder.found)
}

/// What [`PathFinder`] keeps for an open mapping or sequence.
struct PathFrame {
    /// How many path segments lead to this mapping, when it is on the path.
    depth: Option<usize>,
    /// Whether the path's next key was seen in this mapping already.
    seen: bool,
}

/// Follows a path of mapping keys from the root to one scalar value.
struct PathFinder<'t, const N: usize> {
    text: &'t str,
    path: [&'t str; N],
    found: Option<ItemSpan>,
}

impl<'t, const N: usize> Visitor<'t> for PathFinder<'t, N> {
    type Frame = PathFrame;

    fn node(
        &mut self,
        node: &NodeEvent<'t>,
        at: &At,
        slot: Slot<'t>,
        parent: Option<&mut PathFrame>,
    ) -> Result<Option<PathFrame>, SourceError> {
        // Where the node sits: the depth of the path it continues, if any.
        let mut depth = None;
        match (slot, parent) {
            (Slot::Root, _) => depth = Some(0),
            (Slot::Value(Some(key)), Some(parent)) => {
                if let Some(d) = parent.depth
                    && key.text == self.path[d]
                {
                    if parent.seen {
                        return Err(unsupported_at(
                            self.text,
                            key.range.start,
                            &format!("duplicate key {:?}", key.text),
                        ));
                    }
                    parent.seen = true;
                    if d + 1 == N {
                        self.found = Some(self.value(key, node, &at.range)?);
                    } else if matches!(node, NodeEvent::Alias) {
                        return Err(unsupported_at(
                            self.text,
                            at.range.start,
                            &format!("{} is an alias", key.text),
                        ));
                    } else {
                        depth = Some(d + 1);
                    }
                }
            }
            _ => {}
        }
        Ok(Some(PathFrame { depth, seen: false }))
    }
}

impl<const N: usize> PathFinder<'_, N> {
    fn value(
        &self,
        key: PendingKey<'_>,
        node: &NodeEvent<'_>,
        range: &Range<usize>,
    ) -> Result<ItemSpan, SourceError> {
        let NodeEvent::Scalar { style, .. } = node else {
            return Err(unsupported_at(
                self.text,
                range.start,
                &format!("the value of {:?} is not a string", key.text),
            ));
        };
        Ok(item_span(self.text, key, *style, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::patch::apply_changes;
    use crate::yaml::test_support::{ANNOTATED, SEALED, only_doc, replace};

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
}
