//! The comments of a YAML stream that stay when its Secrets are sealed.

/// Whether a YAML line is a document marker (`---` or `...`, alone or
/// followed by a space).
fn is_marker(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    ["---", "..."].iter().any(|m| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// The comment lines right above the document starting at `start`, up to
/// the marker before them.
pub(super) fn head_comments(text: &str, start: usize) -> String {
    if start > 0 && text.as_bytes()[start - 1] != b'\n' {
        // The content starts on its marker's line.
        return String::new();
    }
    let mut lines: Vec<&str> = Vec::new();
    for line in text[..start].split_inclusive('\n').rev() {
        if is_comment(line) {
            lines.push(line);
        } else if line.trim().is_empty() {
            continue;
        } else {
            break;
        }
    }
    lines.iter().rev().copied().collect()
}

/// What came before a gap between documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Before {
    /// The start of the stream.
    Start,
    /// A document that passed through.
    Passed,
    /// A sealed Secret (its comments go with it).
    Sealed,
}

/// The comments of a gap between documents (or before the first one, or
/// after the last one, `at_end`) that are kept: the stream's preamble, the
/// trailing comments of a document that passed through, and comment-only
/// documents. The comments right above the next document go with it
/// ([`head_comments`]); a sealed Secret's own comments are dropped with it.
pub(super) fn comments_between(gap: &str, before: Before, at_end: bool) -> String {
    let mut segments: Vec<Vec<&str>> = vec![Vec::new()];
    for line in gap.split_inclusive('\n') {
        if is_marker(line) {
            segments.push(Vec::new());
        } else if is_comment(line) {
            segments.last_mut().expect("one at least").push(line);
        }
    }
    let last = segments.len() - 1;
    let mut out = String::new();
    for (i, lines) in segments.iter().enumerate() {
        let keep = match i {
            0 => match before {
                Before::Passed => true,
                Before::Sealed => false,
                // A preamble before the first marker; without a marker, the
                // first document's own head.
                Before::Start => last > 0,
            },
            i if i == last => at_end,
            _ => true,
        };
        if !keep || lines.is_empty() {
            continue;
        }
        if i > 0 {
            out.push_str("---\n");
        }
        for line in lines {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}
