//! Terminal safety: the one escaping function for every user-controlled
//! string sealant prints in a report, a note or an error (Secret names,
//! keys, namespaces, file names, values read from files). A name holding
//! `\e]0;title\a` or `\e[2J` must not reach the terminal raw: control
//! characters (C0, DEL, C1) and the Unicode bidirectional overrides (which
//! reorder what a reader sees) are shown as `\x1b`, `\u{202e}`...
//!
//! JSON output needs none of this: serde_json writes control characters as
//! `\u001b` escapes itself.

use std::borrow::Cow;
use std::io::Write;

/// Whether `c` must not be printed raw.
fn unsafe_char(c: char) -> bool {
    c.is_control() // C0, DEL and C1 (U+0080 to U+009F)
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `s` with every character that could drive the terminal escaped;
/// `keep_newlines` keeps `\n` (a multi-line message), else it is escaped
/// too (a name, a key, a line of a report).
fn escape_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let bad = |c: char| unsafe_char(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !bad(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// One line (a name, a key, a file name, a line of a report): every control
/// character escaped, newlines included.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// A message that may run over several lines: every control character
/// escaped but `\n`.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

/// Prints a message to standard error, escaped ([`escape_text`]), with a
/// newline: what sealant's notes and warnings go through.
pub fn print_note(message: impl AsRef<str>) {
    let text = escape_text(message.as_ref());
    let mut err = std::io::stderr().lock();
    // Standard error closed: nowhere left to say so.
    let _ = writeln!(err, "{text}");
}

/// `eprintln!`, escaped: `note!("sealant: wrote {}", path)`. The crate's
/// own (`crate::note!`), not exported.
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::report::terminal::print_note(format!($($arg)*))
    };
}
pub(crate) use note;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("db"), "db");
        assert!(matches!(escape("plain name"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}]0;pwned\u{7}b"), "a\\x1b]0;pwned\\x07b");
        assert_eq!(escape("x\ny\tz\r"), "x\\ny\\tz\\r");
        assert_eq!(escape("\u{9b}31m\u{7f}"), "\\x9b31m\\x7f");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape_text("one\ntwo\u{1b}[2J"), "one\ntwo\\x1b[2J");
        assert_eq!(escape("naïve ключ 秘密"), "naïve ключ 秘密");
    }
}
