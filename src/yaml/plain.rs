//! A fast path for the plain block YAML that `kubectl ... -o yaml` writes
//! and sealant writes back: nested mappings of `key: value` lines whose
//! scalars are unquoted and unambiguous strings, `null`, `true` or `false`.
//!
//! ```yaml
//! apiVersion: v1
//! data:
//!   password: c2VjcmV0
//! kind: Secret
//! metadata:
//!   creationTimestamp: null
//!   name: db
//! ```
//!
//! The YAML crate spends more time on such a document than sealing one of
//! its items costs in RSA. Each function here answers `None` for anything
//! outside the subset (comments, quotes, blank lines, sequences, flow
//! collections, numbers, tabs, `\r`, aliases, tags, directives, duplicate
//! keys, very large documents...), and the caller then uses the YAML crate,
//! which also reports every error. Whenever they answer, they agree with
//! the YAML crate: the differential tests below and the `plain_yaml` fuzz
//! target check that.

use serde_json::{Map, Value};

use crate::yaml::scalar::is_reserved_word;
use crate::yaml::source_error::SourceError;
use crate::yaml::split::{self, DocSpan, Format};

/// Larger documents go to the YAML crate. 64 KiB hold at most about 13,000
/// lines, far inside the per-document budgets the YAML crate enforces
/// (see `input::yaml_options`), so the fast path never accepts what the
/// budgets would refuse.
const MAX_DOCUMENT_BYTES: usize = 64 * 1024;
/// Deeper documents go to the YAML crate.
const MAX_DEPTH: usize = 16;
/// Longer keys go to the YAML crate: YAML limits an implicit key to 1,024
/// characters (Kubernetes keys have at most 253).
const MAX_KEY_BYTES: usize = 256;

/// Parses one document (a [`DocSpan`]'s text) of the subset.
pub fn parse(text: &str) -> Option<Value> {
    walk(text, true)
}

/// [`split::split_documents`] for a YAML stream, faster: the stream is cut
/// at its `---` lines (such a line ends any YAML content before it), and
/// each part made of the subset is a document as it stands; the YAML crate
/// splits the other parts, each with the `---` line that ends it. Streams with `%` directives, which belong to the
/// document after them, or with `\r` line breaks, go to the YAML crate whole,
/// and JSON to the JSON splitter.
///
/// # Errors
///
/// Those of [`split::split_documents`].
pub fn split_documents(text: &str) -> Result<Vec<DocSpan>, SourceError> {
    if text.contains('\r') || split::detect_format(text) == Format::Json {
        // `\r` breaks YAML lines too (such streams are not kubectl's anyway),
        // and `---` means nothing in JSON.
        return split::split_documents(text);
    }
    let mut spans = Vec::new();
    // The part being read: where it starts (its `---` line, if any) and its
    // first line; and its content lines: (start, end, line, any blank line).
    let mut part = (0, 1);
    let mut content: Option<(usize, usize, usize, bool)> = None;
    let finish = |spans: &mut Vec<DocSpan>,
                  (start, line): (usize, usize),
                  end: usize,
                  content: Option<(usize, usize, usize, bool)>|
     -> Result<(), SourceError> {
        match content {
            None => Ok(()),
            Some((doc_start, doc_end, doc_line, false))
                if walk(&text[doc_start..doc_end], false).is_some() =>
            {
                let doc = DocSpan {
                    index: 0,
                    start: doc_start,
                    end: doc_end,
                    line: doc_line,
                };
                split::append_spans(spans, vec![doc], 0, 0)
            }
            Some(_) => {
                let found =
                    split::split_documents(&text[start..end]).map_err(|e| e.shifted(line - 1))?;
                split::append_spans(spans, found, start, line - 1)
            }
        }
    };
    let (mut offset, mut line) = (0, 1);
    for raw in text.split_inclusive('\n') {
        if raw.starts_with('%') {
            return split::split_documents(text);
        }
        let stripped = raw.strip_suffix('\n').unwrap_or(raw);
        if stripped == "---" {
            // A part the YAML crate splits keeps the `---` line after it, so
            // that its last document ends there as it does in the stream
            // (an empty block scalar, say, would not end the same way at
            // the end of the text).
            finish(&mut spans, part, offset + raw.len(), content.take())?;
            part = (offset, line);
        } else {
            let end = offset + stripped.len();
            let blank = stripped.is_empty();
            match &mut content {
                Some((_, doc_end, _, any_blank)) => {
                    *doc_end = end;
                    *any_blank |= blank;
                }
                None => content = Some((offset, end, line, blank)),
            }
        }
        offset += raw.len();
        line += 1;
    }
    finish(&mut spans, part, text.len(), content)?;
    Ok(spans)
}

/// Renders a value as `manifest::output::to_yaml_document` does through the
/// YAML crate: `---`, then the keys sorted.
pub fn render(value: &Value) -> Option<String> {
    let map = value.as_object().filter(|m| !m.is_empty())?;
    let mut out = String::with_capacity(1024 + string_bytes(value));
    out.push_str("---\n");
    render_map(map, 0, &mut out)?;
    Some(out)
}

/// The bytes of every string in `value`: most of what it renders to (a
/// SealedSecret is mostly ciphertext), so the output is allocated once.
pub(crate) fn string_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::Object(map) => map.iter().map(|(k, v)| k.len() + string_bytes(v)).sum(),
        Value::Array(items) => items.iter().map(string_bytes).sum(),
        _ => 0,
    }
}

fn render_map(map: &Map<String, Value>, indent: usize, out: &mut String) -> Option<()> {
    if indent / 2 >= MAX_DEPTH {
        return None;
    }
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (key, value) in entries {
        if !is_plain_key(key) {
            return None;
        }
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(key);
        out.push(':');
        match value {
            Value::Null => out.push_str(" null\n"),
            Value::Bool(true) => out.push_str(" true\n"),
            Value::Bool(false) => out.push_str(" false\n"),
            Value::String(s) if is_plain_string(s) => {
                out.push(' ');
                out.push_str(s);
                out.push('\n');
            }
            Value::String(s) => {
                out.push(' ');
                push_scalar(s, out)?;
                out.push('\n');
            }
            Value::Object(inner) if inner.is_empty() => out.push_str(" {}\n"),
            Value::Object(inner) => {
                out.push('\n');
                render_map(inner, indent + 2, out)?;
            }
            _ => return None,
        }
    }
    Some(())
}

/// A string that [`is_plain_string`] does not vouch for (a JSON
/// annotation, a value with a space or a `#`), written as the YAML crate
/// writes it: the crate writes the lone scalar, and a one-line scalar is
/// written the same wherever it stands (the differential tests below hold
/// the two to it). `None` for what may become a block scalar (a line
/// break), or anything the crate does not write on one line.
fn push_scalar(s: &str, out: &mut String) -> Option<()> {
    if s.contains(['\n', '\r']) {
        return None;
    }
    let text = serde_saphyr::to_string_with_options(&s, writer_options()).ok()?;
    let text = text.strip_suffix('\n')?;
    if text.is_empty()
        || text.contains(['\n', '\r'])
        || text.starts_with(['|', '>', '-', '!', '&', '*'])
    {
        return None;
    }
    out.push_str(text);
    Some(())
}

/// How sealant writes YAML through the YAML crate: ciphertexts are long,
/// and are never folded over several lines.
pub fn writer_options() -> serde_saphyr::SerializerOptions {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.min_fold_chars = usize::MAX;
    options.folded_wrap_chars = usize::MAX;
    options
}

/// An open mapping: its indentation, its entries (when building), and its
/// key in the parent mapping.
struct Frame<'a> {
    indent: usize,
    map: Map<String, Value>,
    key: &'a str,
}

/// Checks (and with `build`, parses) one document of the subset.
fn walk(text: &str, build: bool) -> Option<Value> {
    if text.is_empty() || text.len() > MAX_DOCUMENT_BYTES {
        return None;
    }
    let mut stack = vec![Frame {
        indent: 0,
        map: Map::new(),
        key: "",
    }];
    // A `key:` line without a value: the next line must open its mapping.
    let mut opened: Option<(&str, usize)> = None;
    let text = text.strip_suffix('\n').unwrap_or(text);
    for raw in text.split('\n') {
        let line = Line::parse(raw)?;
        match opened.take() {
            Some((key, indent)) => {
                if line.indent <= indent || stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(Frame {
                    indent: line.indent,
                    map: Map::new(),
                    key,
                });
            }
            None => {
                while line.indent < stack.last()?.indent {
                    close(&mut stack, build)?;
                }
                if line.indent != stack.last()?.indent {
                    return None;
                }
            }
        }
        match line.value {
            None => opened = Some((line.key, line.indent)),
            Some(value) if build => {
                let map = &mut stack.last_mut()?.map;
                if map.insert(line.key.to_string(), to_value(value)).is_some() {
                    return None;
                }
            }
            Some(_) => {}
        }
    }
    if opened.is_some() {
        return None;
    }
    while stack.len() > 1 {
        close(&mut stack, build)?;
    }
    Some(Value::Object(stack.pop()?.map))
}

/// Ends the innermost mapping, adding it to its parent.
fn close(stack: &mut Vec<Frame<'_>>, build: bool) -> Option<()> {
    let frame = stack.pop()?;
    if build {
        let parent = &mut stack.last_mut()?.map;
        if parent
            .insert(frame.key.to_string(), Value::Object(frame.map))
            .is_some()
        {
            return None;
        }
    }
    Some(())
}

/// One line of the subset: `indent` spaces, then `key:` or `key: value`.
struct Line<'a> {
    indent: usize,
    key: &'a str,
    /// A scalar of the subset.
    value: Option<&'a str>,
}

impl<'a> Line<'a> {
    fn parse(raw: &'a str) -> Option<Self> {
        let indent = raw.bytes().take_while(|b| *b == b' ').count();
        let rest = &raw[indent..];
        let colon = rest.find(':')?;
        let key = &rest[..colon];
        if !is_plain_key(key) || (indent == 0 && key.starts_with("...")) {
            return None;
        }
        let value = match &rest[colon + 1..] {
            "" => None,
            after => Some(after.strip_prefix(' ').filter(|v| is_scalar(v))?),
        };
        Some(Line { indent, key, value })
    }
}

/// Whether `key` is a mapping key of the subset.
fn is_plain_key(key: &str) -> bool {
    key.len() <= MAX_KEY_BYTES && is_plain_string(key)
}

/// Whether `text` is a scalar of the subset.
fn is_scalar(text: &str) -> bool {
    matches!(text, "null" | "true" | "false") || is_plain_string(text)
}

/// The value of a scalar of the subset.
fn to_value(scalar: &str) -> Value {
    match scalar {
        "null" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(scalar.to_string()),
    }
}

/// Whether `s` is written unquoted and read back as the same string: only
/// characters of base64, names and paths, a letter, digit, `.`, `/` or `+`
/// first, and nothing a YAML schema could take for a number, a boolean,
/// null or a special float.
fn is_plain_string(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !(first.is_ascii_alphanumeric() || matches!(first, b'.' | b'/' | b'+')) {
        return false;
    }
    // Without short circuits within a chunk, the compiler checks many bytes
    // at once: ciphertexts are most of what sealant writes.
    let allowed = |b: u8| {
        b.is_ascii_digit()
            | b.is_ascii_uppercase()
            | b.is_ascii_lowercase()
            | (b == b'.')
            | (b == b'_')
            | (b == b'/')
            | (b == b'+')
            | (b == b'=')
            | (b == b'-')
    };
    if !bytes
        .chunks(32)
        .all(|chunk| chunk.iter().fold(true, |ok, &b| ok & allowed(b)))
    {
        return false;
    }
    if number_like(s) {
        return false;
    }
    // With a sign too: YAML writers quote `+inf`. (`.inf` and `.nan` are
    // number-like already.)
    !is_reserved_word(s.strip_prefix(['+', '-']).unwrap_or(s))
}

/// Whether a YAML schema could read `s` (of the characters above) as a
/// number: digits with `.`, `_`, exponents and signs; anything after a
/// `0x`, `0o` or `0b` prefix; `.inf` and `.nan`. A superset, so some strings such as `e` or
/// `1-2` go to the YAML crate too, which is only slower.
fn number_like(s: &str) -> bool {
    // YAML 1.1 writers drop `_` before they look for a number: `0_O_4` is
    // `0O4`, an octal.
    let without_underscores: String;
    let s = if s.contains('_') {
        without_underscores = s.replace('_', "");
        &without_underscores
    } else {
        s
    };
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let bytes = s.as_bytes();
    let decimal = bytes
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'e' | b'E' | b'+' | b'-'));
    // Whatever follows: YAML 1.1 writers also read `0o+6` as a number.
    let prefixed = matches!(bytes, [b'0', b'x' | b'X' | b'o' | b'O' | b'b' | b'B', ..]);
    decimal || prefixed || s.eq_ignore_ascii_case(".inf") || s.eq_ignore_ascii_case(".nan")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::manifest::output;
    use crate::core::manifest::yaml_options;
    use proptest::prelude::*;
    use serde_json::json;

    const KUBECTL: &str = "apiVersion: v1
data:
  .dockerconfigjson: eyJhdXRocyI6e319
  password: c2VjcmV0
  tls.crt: LS0tLS1CRUdJTi==
kind: Secret
metadata:
  creationTimestamp: null
  labels:
    app.kubernetes.io/name: db
  name: db-credentials
  namespace: prod
immutable: true
type: Opaque
";

    fn yaml_crate(text: &str) -> Option<Value> {
        serde_saphyr::from_str_with_options(text, yaml_options()).ok()
    }

    #[test]
    fn parses_what_kubectl_writes() {
        let v = parse(KUBECTL).unwrap();
        assert_eq!(Some(&v), yaml_crate(KUBECTL).as_ref());
        assert_eq!(v["metadata"]["creationTimestamp"], Value::Null);
        assert_eq!(v["immutable"], json!(true));
        assert_eq!(v["data"][".dockerconfigjson"], json!("eyJhdXRocyI6e319"));
    }

    #[test]
    fn leaves_everything_else_to_the_yaml_crate() {
        for text in [
            "a: 1",
            "a: 0x1F",
            "a: 1e3",
            "a: .inf",
            "a: yes",
            "a: Null",
            "a: ~",
            "a: 'q'",
            "a: \"q\"",
            "a: b # c",
            "# c\na: b",
            "a: b\n\nc: d",
            "a: b\r\nc: d",
            "a:\tb",
            "a: b c",
            "a: [b]",
            "a: {}",
            "a:\n- b",
            "a: &x b",
            "a: !!str b",
            "a:",
            "a:\nb: c",
            "a: b\na: c",
            "a:\n  b: c\n   d: e",
            "a:\n    b: c\n  d: e",
            "  a: b",
            "a: -b",
            "a: b:c",
            "...: b",
            &format!("{}: b", "k".repeat(1100)),
            "%YAML 1.2\n---\na: b",
            "",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn splits_as_the_yaml_crate_does() {
        let stream = format!(
            "{KUBECTL}---\n{KUBECTL}---\n---\na: b\n--- # c\n# d\ne: [f]\n...\n---\ng: 'h'\n---\n\n"
        );
        let fast = split_documents(&stream).unwrap();
        assert_eq!(fast.len(), 5);
        assert_eq!(fast, split::split_documents(&stream).unwrap());
        assert_eq!(
            parse(&stream[fast[2].start..fast[2].end]),
            Some(json!({"a": "b"}))
        );
        // Errors name the line in the whole stream.
        let bad = format!("{KUBECTL}---\na: [b\n");
        assert_eq!(split_documents(&bad), split::split_documents(&bad));
        assert!(split_documents(&bad).is_err());
        for text in [
            "%YAML 1.2\n---\na: b\n",
            "\u{feff}a: b\n---\nc: d",
            "a: b\r\n---\r\nc: d",
        ] {
            assert_eq!(
                split_documents(text),
                split::split_documents(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn renders_as_the_yaml_crate_does() {
        let v = parse(KUBECTL).unwrap();
        let fast = render(&v).unwrap();
        assert_eq!(fast, output::to_yaml_document_by_crate(&v));
        // Strings that need quotes: sealant's value-dates annotation (JSON),
        // spaces, comments, quotes, backslashes, tabs, other scripts.
        for s in [
            r#"{"key-0":"2026-12-02","key-1":"2026-12-02"}"#,
            "b c",
            "a #b",
            " lead",
            "trail ",
            "'q'",
            "it's",
            "back\\slash",
            "a\tb",
            "é ü 日本",
            "\u{1}ctl",
            "\u{2028}",
            "",
            "true",
            "0o17",
        ] {
            let v = json!({"metadata": {"annotations": {"k": s}}, "z": s});
            let fast = render(&v).unwrap_or_else(|| panic!("{s:?} was not rendered"));
            assert_eq!(fast, output::to_yaml_document_by_crate(&v), "{s:?}");
        }
        for v in [
            json!({"a": 1}),
            json!({"a": []}),
            json!({"a": "b\nc"}),
            json!({"a": "b\r\nc"}),
            json!({}),
        ] {
            assert_eq!(render(&v), None, "{v}");
        }
    }

    /// Mostly plain strings, and many tokens that are not.
    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            24 => "[a-zA-Z0-9./+][a-zA-Z0-9./+=_-]{0,12}",
            1 => "[0-9a-fxXoOeE._+-]{1,6}",
            1 => "[0-9][0-9a-f]{0,7}",
            1 => "0[xXoObB][0-9a-fA-F_]{0,4}",
            2 => prop::sample::select(vec![
                "null", "Null", "NULL", "~", "true", "True", "FALSE", "yes", "No", "on", "OFF",
                "y", "n", "inf", ".inf", "-.inf", ".NaN", "nan", "0x1F", "0o17", "0b101", "1_000",
                "1e3", "+1", "-1", "+0x1F", "+.inf", "+inf", "+Nan", "+", "+a", "0o+6", "0b-1", "0xZ", "0_O_4", "1_e_5", "_1", ".5", "5.", "=", "...", "---", "-", "?", ":", "a:b", "a b",
                "a #b", "#", "'q'", "\"q\"", "&a", "*a", "!t", "|", ">", "@", "`", "%", "{}",
                "[]", "<<", "/x", ".dot", "a\tb", "",
            ])
            .prop_map(str::to_string),
        ]
    }

    /// Strings the fast path writes through the YAML crate's quoting: JSON
    /// (sealant's value-dates annotation), spaces, quotes, escapes,
    /// controls, other scripts.
    fn quoted_token() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => r#"[ a-z0-9{}":,'#\\\t\x01\x7fé日\u{2028}\u{feff}-]{0,16}"#,
            1 => r#"\{"[a-z0-9-]{1,8}":"[0-9]{4}-[0-9]{2}-[0-9]{2}"(,"[a-z]{1,4}":"[0-9-]{1,10}"){0,3}\}"#,
        ]
    }

    /// A mapping tree: leaves are scalars written as they come.
    #[derive(Debug, Clone)]
    enum Node {
        Leaf(String),
        Map(Vec<(String, Node)>),
    }

    fn tree() -> impl Strategy<Value = Vec<(String, Node)>> {
        let leaf = token().prop_map(Node::Leaf);
        let node = leaf.prop_recursive(3, 12, 4, |inner| {
            prop::collection::vec((token(), inner), 1..4).prop_map(Node::Map)
        });
        prop::collection::vec((token(), node), 1..6)
    }

    fn write_tree(entries: &[(String, Node)], indent: usize, step: usize, out: &mut String) {
        for (key, node) in entries {
            out.push_str(&" ".repeat(indent));
            out.push_str(key);
            out.push(':');
            match node {
                Node::Leaf(v) => {
                    out.push(' ');
                    out.push_str(v);
                    out.push('\n');
                }
                Node::Map(inner) => {
                    out.push('\n');
                    write_tree(inner, indent + step, step, out);
                }
            }
        }
    }

    /// Block mappings much like kubectl's, half of them with one character
    /// inserted somewhere.
    fn document() -> impl Strategy<Value = String> {
        let edit = prop::option::weighted(
            0.3,
            (
                any::<prop::sample::Index>(),
                prop::sample::select(vec![
                    ' ', ':', '#', '\t', '-', '\'', '"', '\n', 'x', '0', '.', '{', '[', '\r', '&',
                ]),
            ),
        );
        (tree(), 1usize..5, edit).prop_map(|(entries, step, edit)| {
            let mut text = String::new();
            write_tree(&entries, 0, step, &mut text);
            if let Some((at, c)) = edit {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert(at, c);
            }
            text
        })
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            1 => Just(Value::Null),
            1 => any::<bool>().prop_map(Value::Bool),
            12 => token().prop_map(Value::String),
            4 => quoted_token().prop_map(Value::String),
            1 => Just(json!({})),
            1 => Just(json!(1)),
        ];
        leaf.prop_recursive(4, 24, 6, |inner| {
            prop::collection::vec((token(), inner), 1..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect()))
        })
    }

    /// Runs `check` on `cases` generated inputs and returns in how many it
    /// said the fast path answered: a differential test that passes because
    /// the fast path declines everything proves nothing, so each test below
    /// asserts a minimum hit rate as well.
    fn hits<S: Strategy>(
        strategy: S,
        check: impl Fn(S::Value) -> Result<bool, TestCaseError>,
    ) -> f64 {
        use std::sync::atomic::{AtomicUsize, Ordering};
        const CASES: u32 = 2000;
        let (runs, answered) = (AtomicUsize::new(0), AtomicUsize::new(0));
        // The source file, so the seeds in proptest-regressions/ replay.
        let config = ProptestConfig {
            source_file: Some(file!()),
            ..ProptestConfig::with_cases(CASES)
        };
        let mut runner = proptest::test_runner::TestRunner::new(config);
        let result = runner.run(&strategy, |value| {
            runs.fetch_add(1, Ordering::Relaxed);
            if check(value)? {
                answered.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
        let runs = runs.load(Ordering::Relaxed);
        assert!(runs >= CASES as usize, "only {runs} cases ran");
        answered.load(Ordering::Relaxed) as f64 / runs as f64
    }

    #[test]
    fn parse_agrees_with_the_yaml_crate() {
        let rate = hits(document(), |text| {
            let Some(fast) = parse(&text) else {
                return Ok(false);
            };
            prop_assert_eq!(Some(fast), yaml_crate(&text), "{:?}", text);
            Ok(true)
        });
        assert!(
            rate >= PARSE_HIT_RATE,
            "the fast path parsed only {:.0}% of the documents",
            rate * 100.0
        );
    }

    #[test]
    fn split_agrees_with_the_yaml_crate() {
        let streams = (
            prop::collection::vec(document(), 1..5),
            prop::collection::vec(
                prop::sample::select(vec![
                    "---\n",
                    "--- \n",
                    "--- # c\n",
                    "...\n---\n",
                    "\n---\n",
                    "---\n---\n",
                ]),
                4,
            ),
        );
        // The splitter falls back to the YAML crate by itself, so what is
        // counted is the streams that split (not just the same error twice).
        let rate = hits(streams, |(docs, markers)| {
            let mut stream = String::new();
            for (i, doc) in docs.iter().enumerate() {
                if i > 0 || markers[3].starts_with('-') {
                    stream.push_str(markers[i % markers.len()]);
                }
                stream.push_str(doc);
            }
            match (split_documents(&stream), split::split_documents(&stream)) {
                (Ok(fast), Ok(slow)) => {
                    prop_assert_eq!(fast, slow, "{:?}", stream);
                    Ok(true)
                }
                // A part split alone may describe the error differently (an
                // unclosed quote rather than a `---` inside it), at the same line.
                (Err(fast), Err(slow)) => {
                    prop_assert_eq!(fast.line(), slow.line(), "{:?}", stream);
                    Ok(false)
                }
                (fast, slow) => {
                    prop_assert!(false, "{:?}: {:?} and {:?}", stream, fast, slow);
                    Ok(false)
                }
            }
        });
        assert!(
            rate >= SPLIT_OK_RATE,
            "only {:.0}% of the streams split",
            rate * 100.0
        );
    }

    #[test]
    fn render_agrees_with_the_yaml_crate() {
        let rate = hits(value(), |v| {
            let Some(fast) = render(&v) else {
                return Ok(false);
            };
            prop_assert_eq!(&fast, &output::to_yaml_document_by_crate(&v));
            // And what it writes reads back as the value.
            prop_assert_eq!(yaml_crate(&fast), Some(v));
            Ok(true)
        });
        assert!(
            rate >= RENDER_HIT_RATE,
            "the fast path rendered only {:.0}% of the values",
            rate * 100.0
        );
    }

    // Minimum shares of generated cases the fast path must answer (measured
    // over 2,000 cases each: in the comments), well below what it does, so they fail only when the
    // fast path or the generators stop doing their job.
    const PARSE_HIT_RATE: f64 = 0.05; // 9% of the documents
    const SPLIT_OK_RATE: f64 = 0.40; // 58% of the streams
    const RENDER_HIT_RATE: f64 = 0.15; // 25% of the values
}
