//! Lines, columns and line breaks of a text, by byte offset: `\n`, `\r\n`
//! and a lone `\r` each end a line, as in YAML.

/// The UTF-8 byte order mark, which a stream may start with.
pub(super) const BOM: char = '\u{feff}';

/// 1-based line and column (in characters) of byte `offset` of `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = 1 + count_line_breaks(&text[..offset]);
    let column = 1 + text[line_start(text, offset)..offset].chars().count();
    (line, column)
}

/// Counts `\n`, `\r\n` and lone `\r` line breaks.
pub(super) fn count_line_breaks(s: &str) -> usize {
    let bytes = s.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Counts lines at increasing offsets without rescanning the text.
pub(super) struct LineCounter {
    offset: usize,
    line: usize,
}

impl Default for LineCounter {
    fn default() -> Self {
        LineCounter { offset: 0, line: 1 }
    }
}

impl LineCounter {
    pub(super) fn line_at(&mut self, text: &str, offset: usize) -> usize {
        if offset > self.offset {
            self.line += count_line_breaks(&text[self.offset..offset]);
            self.offset = offset;
        }
        self.line
    }
}

pub(super) fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

pub(super) fn skip_blanks(text: &str, pos: usize) -> usize {
    pos + text[pos..]
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count()
}

/// Start of the line holding `pos`.
pub(super) fn line_start(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1)
}

/// End of the line holding `pos`, before its line break.
pub(super) fn line_end(text: &str, pos: usize) -> usize {
    text.as_bytes()[pos..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| pos + i)
}

/// Start of the line after the one holding `pos`, if there is a line break.
pub(super) fn next_line_start(text: &str, pos: usize) -> Option<usize> {
    let end = line_end(text, pos);
    let bytes = text.as_bytes();
    match bytes.get(end)? {
        b'\r' if bytes.get(end + 1) == Some(&b'\n') => Some(end + 2),
        _ => Some(end + 1),
    }
}

/// Start and end (before the line break) of the line before the one starting at `at > 0`.
pub(super) fn prev_line(text: &str, at: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut end = at - 1;
    if bytes[end] == b'\n' && end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    (line_start(text, end), end)
}

/// The line break style of the line at `pos`, or of the first line of the text.
pub(super) fn line_ending(text: &str, pos: usize) -> &'static str {
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
