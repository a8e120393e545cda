//! Inserting new items into `spec.encryptedData`: where they go (in key
//! order when the keys are sorted, after the last item otherwise) and how
//! they are laid out (like the items around them, in block YAML, flow YAML
//! or JSON), an empty `{}` included.

use crate::yaml::lines::{is_blank, line_col, line_ending, line_start, next_line_start, prev_line};
use crate::yaml::patch::Edit;
use crate::yaml::scalar::{
    ValueStyle, json_string, quoted_style, styled_key, yaml_key, yaml_scalar,
};
use crate::yaml::source_error::SourceError;
use crate::yaml::spans::{EncryptedDataSpans, MappingStyle};
use crate::yaml::split::Format;

/// The edits that insert `inserts` into `spans` (sorted first when the
/// existing keys are).
pub(super) fn insert_edits(
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

#[cfg(test)]
mod tests {
    use crate::yaml::patch::Change;
    use crate::yaml::test_support::{edit, insert, parse_yaml, replace};
    use serde_json::{Value, json};

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
}
