//! Byte-exact in-place edits of `spec.encryptedData` and annotations: a
//! [`Change`] becomes an edit of the bytes it has to rewrite, and every other
//! byte (comments, key order, quoting, indentation, line endings) stays as it
//! was.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::yaml::events::doc_text;
use crate::yaml::insert::insert_edits;
use crate::yaml::lines::{line_col, line_start};
use crate::yaml::scalar::{
    ValueStyle, block_scalar_header, json_string, needs_escape, yaml_scalar,
};
use crate::yaml::source_error::SourceError;
use crate::yaml::spans::{
    EncryptedDataSpans, ItemSpan, MappingStyle, annotation_span, encrypted_data_spans,
};
#[cfg(doc)]
use crate::yaml::split::split_documents;
use crate::yaml::split::{DocSpan, Format, detect_format};

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

/// Replace `range` of the original text with `text`.
pub(super) struct Edit {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

impl Edit {
    pub(super) fn insert(at: usize, text: String) -> Self {
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
    let existing: HashMap<&str, &ItemSpan> = spans
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::split::split_documents;
    use crate::yaml::test_support::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

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

    const PROP_YAML: &str = "kind: First\n---\n# Grüße\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n\
        metadata: {name: ☺}\nspec:\n  encryptedData:\n    plain: AgBy3i4OJSWK+PiTySYZZA==\n    multi: AgBy\n      AAAA\n\
        \x20   single: 'AgAA'\n    double: \"AgBB\" # c\n    folded: >-\n      AgCC\n    literal: |-\n      AgDD\n\
        \x20 template:\n    data: {plain: not-secret, flow: [1]}\n...\n---\nkind: Last\n";

    const PROP_JSON: &str = "{\"kind\": \"First\"}\n{\n  \"kind\": \"SealedSecret\",\n  \"spec\": {\n    \"encryptedData\": {\n      \"a\": \"AgAA\",\n      \"é\": \"AgBB\",\n      \"c\": \"AgCC\"\n    },\n    \"template\": {\"data\": {\"a\": \"x\"}}\n  }\n}\n{\"kind\": \"Last\"}\n";

    fn base64() -> impl Strategy<Value = String> {
        "[A-Za-z0-9+/]{0,48}={0,2}"
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
