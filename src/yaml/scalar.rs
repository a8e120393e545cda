//! Scalars as they are written: their styles ([`ValueStyle`]), how a new
//! value is written so that it reads back as the same string (plain when
//! that is safe, quoted otherwise; JSON strings), and where a block scalar's
//! header and content are.

use std::fmt::Write as _;
use std::ops::Range;

use crate::yaml::lines::{BOM, is_blank, line_start, prev_line};

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

/// The style new values take after a value written in `style`.
pub(super) fn quoted_style(style: ValueStyle) -> ValueStyle {
    match style {
        ValueStyle::SingleQuoted | ValueStyle::DoubleQuoted => style,
        ValueStyle::Plain | ValueStyle::Literal | ValueStyle::Folded => ValueStyle::Plain,
    }
}

/// `value` as a YAML flow scalar in `style`, or double-quoted when `style` cannot hold it.
pub(super) fn yaml_scalar(value: &str, style: ValueStyle) -> String {
    match style {
        ValueStyle::Plain if plain_ok(value) => value.to_owned(),
        ValueStyle::SingleQuoted if !value.chars().any(|c| c.is_control() || needs_escape(c)) => {
            format!("'{}'", value.replace('\'', "''"))
        }
        _ => double_quoted(value),
    }
}

/// A YAML mapping key: plain when it reads back as the same string, double-quoted otherwise.
pub(super) fn yaml_key(key: &str) -> String {
    yaml_scalar(key, ValueStyle::Plain)
}

/// A new YAML key, quoted like the existing first key, if that one is quoted.
pub(super) fn styled_key(key: &str, first_key_style: Option<ValueStyle>) -> String {
    match first_key_style {
        Some(style @ (ValueStyle::SingleQuoted | ValueStyle::DoubleQuoted)) => {
            yaml_scalar(key, style)
        }
        _ => yaml_key(key),
    }
}

pub(super) fn json_string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

/// Characters that are not control characters but still cannot appear raw in a quoted
/// YAML scalar.
pub(super) fn needs_escape(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | BOM)
}

pub(super) fn double_quoted(value: &str) -> String {
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
pub(super) fn plain_ok(value: &str) -> bool {
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
    !numeric && !is_reserved_word(unsigned)
}

/// Whether `word` (without its sign) is one a YAML 1.1 or 1.2 schema reads
/// as a boolean, a null or a special float rather than as a string, in any
/// case: `yes`, `Off`, `NULL`, `.inf`... Writers quote these.
pub(super) fn is_reserved_word(word: &str) -> bool {
    const RESERVED: [&str; 14] = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "inf", "infinity", "nan",
        ".inf", ".nan",
    ];
    RESERVED
        .iter()
        .any(|reserved| word.eq_ignore_ascii_case(reserved))
}

/// For a block scalar whose content starts at `content`: the start of its header line,
/// and the start of the line after the header.
pub(super) fn block_scalar_header(text: &str, content: usize) -> (usize, usize) {
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
pub(super) fn trim_block_scalar_end(text: &str, range: &Range<usize>) -> usize {
    range.start + text[range.clone()].trim_end_matches([' ', '\t']).len()
}
