//! Writing documents the way kubeseal does.
//!
//! - JSON: Go's `json.MarshalIndent` with two spaces: object fields in the
//!   order they were built, `<`, `>`, `&`, U+2028 and U+2029 escaped as
//!   `\u003c`..., a newline after each document.
//! - YAML: keys sorted (kubeseal goes through JSON and sorts), `---` before
//!   every document, long values on one line, ambiguous strings quoted.

use std::io;

use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::yaml::split::Format;

/// Renders one document in `format`, with its document separator.
pub fn render(value: &Value, format: Format) -> String {
    match format {
        Format::Json => to_go_json(value),
        Format::Yaml => to_yaml_document(value),
    }
}

/// Go-compatible indented JSON, with a trailing newline.
pub fn to_go_json(value: &Value) -> String {
    let mut out = Vec::with_capacity(1024 + crate::yaml::plain::string_bytes(value));
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoFormatter::new());
    value
        .serialize(&mut ser)
        .expect("serializing a JSON value to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A YAML document with sorted keys, preceded by `---`.
pub fn to_yaml_document(value: &Value) -> String {
    crate::yaml::plain::render(value).unwrap_or_else(|| to_yaml_document_by_crate(value))
}

/// [`to_yaml_document`] through the YAML crate, for any value: what the
/// fast path (`plain::render`) must match.
pub fn to_yaml_document_by_crate(value: &Value) -> String {
    let mut out = String::with_capacity(1024 + crate::yaml::plain::string_bytes(value));
    out.push_str("---\n");
    serde_saphyr::to_fmt_writer_with_options(
        &mut out,
        &Sorted(value),
        crate::yaml::plain::writer_options(),
    )
    .expect("serializing a JSON value to YAML cannot fail");
    out
}

/// A YAML document with its keys in their current order, no separator.
pub fn to_yaml_unsorted(value: &Value) -> String {
    serde_saphyr::to_string_with_options(value, crate::yaml::plain::writer_options())
        .expect("serializing a JSON value to YAML cannot fail")
}

/// A view of a value that serializes every object with its keys sorted,
/// without copying the value (ciphertexts are most of a SealedSecret).
struct Sorted<'a>(&'a Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.0 {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let mut out = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    out.serialize_entry(k, &Sorted(v))?;
                }
                out.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Sorted)),
            other => other.serialize(serializer),
        }
    }
}

/// serde_json's pretty printer with Go's HTML-safe string escaping.
struct GoFormatter<'a> {
    pretty: PrettyFormatter<'a>,
}

impl GoFormatter<'_> {
    fn new() -> Self {
        GoFormatter {
            pretty: PrettyFormatter::with_indent(b"  "),
        }
    }
}

impl Formatter for GoFormatter<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Fast path (every ciphertext): nothing to escape. U+2028 and U+2029
        // both start with the byte 0xE2 in UTF-8.
        if !fragment
            .bytes()
            .any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2))
        {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            w.write_all(&fragment.as_bytes()[start..i])?;
            w.write_all(escaped.as_bytes())?;
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A copy of `value` with every object's keys sorted.
    fn sort_keys(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sort_keys(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
            other => other.clone(),
        }
    }

    #[test]
    fn json_escapes_like_go() {
        let v = json!({"x/y": "a<b & c>d\u{2028}ü", "e": {}});
        assert_eq!(
            to_go_json(&v),
            "{\n  \"x/y\": \"a\\u003cb \\u0026 c\\u003ed\\u2028ü\",\n  \"e\": {}\n}\n"
        );
        // Other characters that start with the byte 0xE2 are written as they are.
        let v = json!({"p": "plain", "e": "€ \u{2029}"});
        assert_eq!(
            to_go_json(&v),
            "{\n  \"p\": \"plain\",\n  \"e\": \"€ \\u2029\"\n}\n"
        );
    }

    #[test]
    fn the_sorted_view_writes_what_the_sorted_copy_writes() {
        let v = json!({"z": [{"b": 1, "a": null}, "x"], "a": {"d": "true", "c": {}}, "m": []});
        let copy = serde_saphyr::to_string_with_options(
            &sort_keys(&v),
            crate::yaml::plain::writer_options(),
        )
        .unwrap();
        assert_eq!(to_yaml_document(&v), format!("---\n{copy}"));
    }

    #[test]
    fn yaml_sorts_keys_quotes_ambiguous_strings_and_keeps_long_lines() {
        let long = "A".repeat(700);
        let v = json!({"b": "true", "a": "yes", "c": long, "d": {}});
        let y = to_yaml_document(&v);
        assert!(y.starts_with("---\na: \"yes\"\nb: \"true\"\n"), "{y}");
        assert!(y.contains(&format!("c: {long}\n")), "{y}");
        assert!(y.contains("d: {}"), "{y}");
        let back: Value = serde_saphyr::from_str(&y[4..]).unwrap();
        assert_eq!(back, v);
    }
}
