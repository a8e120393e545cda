//! Reading a long YAML stream a segment at a time, so that `seal` holds a
//! window of its input rather than all of it: memory stays flat however
//! long the stream (standard input or a file).
//!
//! A segment ends just before a line that is only a document marker
//! (`---`). No YAML content continues past such a line (a block or quoted
//! scalar cannot hold it), so each segment parses on its own, as the pieces
//! of `Manifest::spans_parallel` (in `core::manifest`) do. A segment's
//! text also holds that marker line, so that its last document ends there
//! as it does in the stream; the next segment starts with it again.
//!
//! Streams this cannot cut safely are read whole, as before: JSON (its
//! first character is `{` or `[`), streams with `%` directives (they belong
//! to the document after them), and text with a lone `\r` (a line break
//! that lines counted by `\n` would miss). Whatever the cut, the whole
//! stream is held to [`MAX_INPUT_BYTES`], as one read is.

use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::{Error, Origin, Result};
use crate::io::input::Input;
use crate::limits::MAX_INPUT_BYTES;

/// A segment is cut at the first marker line past this many bytes.
pub const SEGMENT_BYTES: usize = 1 << 20;

/// Bytes read at a time.
const READ_BYTES: usize = 64 * 1024;

/// One segment of a stream.
#[derive(Debug)]
pub struct Segment {
    /// Its text (as an [`Input`] named and placed as the stream is), and
    /// the marker line that starts the next segment, when there is one.
    pub input: Input,
    /// Where this segment's part of the stream ends in `input.text`: the
    /// start of that marker line, or the end of the text.
    pub content_end: usize,
    /// The 1-based line of the stream where the segment starts.
    pub first_line: usize,
    /// Whether it is the last segment.
    pub last: bool,
}

/// A stream's segments, in order (see the module's documentation).
pub struct Segments {
    reader: Box<dyn Read>,
    name: String,
    path: Option<PathBuf>,
    /// Read and not yet given out; wiped as it drops.
    buf: Zeroizing<Vec<u8>>,
    /// Bytes read so far, against [`MAX_INPUT_BYTES`].
    total: u64,
    /// The stream's line where `buf` starts.
    line: usize,
    /// Bytes of `buf` whose lines were looked at for a cut.
    scanned: usize,
    /// Whether the rest is read whole (a stream that cannot be cut).
    whole: bool,
    /// No segment was given out yet.
    first: bool,
    eof: bool,
    done: bool,
}

impl Segments {
    /// Opens a file, or standard input when `path` is `None` or `-`.
    pub fn open(path: Option<&Path>) -> Result<Segments> {
        let file = path.filter(|p| *p != Path::new("-"));
        let name = file.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
        let reader: Box<dyn Read> = match file {
            None => Box::new(std::io::stdin()),
            Some(p) => Box::new(std::fs::File::open(p).map_err(|source| Error::Read {
                path: name.clone(),
                source,
            })?),
        };
        Ok(Self::from_reader(name, file.map(Path::to_path_buf), reader))
    }

    /// A stream read from `reader`, named `name` in messages.
    pub fn from_reader(name: String, path: Option<PathBuf>, reader: Box<dyn Read>) -> Segments {
        Segments {
            reader,
            name,
            path,
            buf: Zeroizing::new(Vec::new()),
            total: 0,
            line: 1,
            scanned: 0,
            whole: false,
            first: true,
            eof: false,
            done: false,
        }
    }

    /// The next segment, or `None` after the last. The first call always
    /// gives one (an empty input is one empty segment).
    pub fn next_segment(&mut self) -> Result<Option<Segment>> {
        if self.done {
            return Ok(None);
        }
        loop {
            if !self.whole
                && let Some((cut, marker)) = self.find_cut()
            {
                return self.give(cut, marker).map(Some);
            }
            if self.eof {
                let len = self.buf.len();
                return self.give(len, 0).map(Some);
            }
            self.fill()?;
        }
    }

    /// Reads the next bytes, wiping any buffer outgrown.
    fn fill(&mut self) -> Result<()> {
        let mut chunk = Zeroizing::new([0u8; READ_BYTES]);
        let n = loop {
            match self.reader.read(&mut chunk[..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(Error::Read {
                        path: self.name.clone(),
                        source,
                    });
                }
            }
        };
        if n == 0 {
            self.eof = true;
            return Ok(());
        }
        self.total += n as u64;
        if self.total > MAX_INPUT_BYTES {
            return Err(Error::input(
                &Origin::file(&self.name),
                format!(
                    "the input is larger than {} MiB",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
                Some("split it into several files".into()),
            ));
        }
        if self.buf.len() + n > self.buf.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(
                (2 * self.buf.capacity()).max(self.buf.len() + n),
            ));
            bigger.extend_from_slice(&self.buf);
            // The old buffer is wiped as it drops.
            self.buf = bigger;
        }
        self.buf.extend_from_slice(&chunk[..n]);
        if self.first && self.buf.len() >= SEGMENT_BYTES.min(READ_BYTES) {
            self.check_first_bytes();
        }
        Ok(())
    }

    /// JSON is read whole: its documents need not start on lines of their own.
    fn check_first_bytes(&mut self) {
        let text = String::from_utf8_lossy(&self.buf[..self.buf.len().min(4096)]);
        let text = text.trim_start_matches('\u{feff}');
        if matches!(text.trim_start().chars().next(), Some('{' | '[')) {
            self.whole = true;
        }
    }

    /// The first marker line at or past [`SEGMENT_BYTES`] among the
    /// complete lines read, as (its offset, its length); marks the stream
    /// whole when a line makes cutting unsafe.
    fn find_cut(&mut self) -> Option<(usize, usize)> {
        if self.buf.len() < SEGMENT_BYTES {
            return None;
        }
        if self.first {
            self.check_first_bytes();
            if self.whole {
                return None;
            }
        }
        while let Some(n) = self.buf[self.scanned..].iter().position(|b| *b == b'\n') {
            let at = self.scanned;
            let line = &self.buf[at..at + n + 1];
            self.scanned = at + n + 1;
            let lone_cr = line[..line.len() - 1]
                .iter()
                .enumerate()
                .any(|(i, b)| *b == b'\r' && i + 2 != line.len());
            if line[0] == b'%' || lone_cr {
                self.whole = true;
                return None;
            }
            if at >= SEGMENT_BYTES && (line == b"---\n" || line == b"---\r\n") {
                return Some((at, line.len()));
            }
        }
        None
    }

    /// Gives out `buf[..cut]` and the marker line after it as a segment,
    /// keeping the rest (the marker line included) for the next.
    fn give(&mut self, cut: usize, marker: usize) -> Result<Segment> {
        let last = marker == 0;
        let bytes = self.buf[..cut + marker].to_vec();
        let first_line = self.line;
        self.line += self.buf[..cut].iter().filter(|b| **b == b'\n').count();
        self.buf.drain(..cut);
        self.scanned = 0;
        self.first = false;
        self.done = last;
        let mut input = Input::from_bytes_at(&self.name, bytes, first_line)?;
        input.path = self.path.clone();
        let content_end = input.text.len() - marker;
        Ok(Segment {
            input,
            content_end,
            first_line,
            last,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<Segment> {
        let mut s = Segments::from_reader(
            "s.yaml".into(),
            None,
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
        );
        let mut out = Vec::new();
        while let Some(seg) = s.next_segment().unwrap() {
            out.push(seg);
        }
        out
    }

    fn stream(docs: usize) -> String {
        let doc = format!(
            "apiVersion: v1\nkind: Secret\ndata:\n  a: {}\n",
            "QUJD".repeat(100)
        );
        (0..docs).map(|_| format!("---\n{doc}")).collect()
    }

    #[test]
    fn a_short_stream_is_one_segment() {
        let segs = segments("a: b\n");
        assert_eq!(segs.len(), 1);
        assert!(segs[0].last);
        assert_eq!(segs[0].input.text, "a: b\n");
        assert_eq!(segs[0].content_end, 5);
        let segs = segments("");
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].input.text, "");
    }

    #[test]
    fn a_long_stream_is_cut_before_marker_lines_and_loses_nothing() {
        let text = stream(8000);
        let segs = segments(&text);
        assert!(segs.len() > 2, "{}", segs.len());
        let mut joined = String::new();
        let mut line = 1;
        for (i, seg) in segs.iter().enumerate() {
            assert_eq!(seg.first_line, line);
            assert_eq!(seg.last, i == segs.len() - 1);
            assert!(seg.input.text.starts_with("---\n"));
            if !seg.last {
                assert_eq!(&seg.input.text[seg.content_end..], "---\n");
                assert!(seg.content_end >= SEGMENT_BYTES);
            }
            let part = &seg.input.text[..seg.content_end];
            line += part.matches('\n').count();
            joined.push_str(part);
        }
        assert_eq!(joined, text);
    }

    #[test]
    fn streams_that_cannot_be_cut_are_read_whole() {
        let json = format!("{{\"a\": 1}}\n{}", stream(4000));
        assert_eq!(segments(&json).len(), 1);
        let directive = format!("{}...\n%YAML 1.2\n{}", stream(100), stream(6000));
        assert_eq!(segments(&directive).len(), 1);
        let lone_cr = format!("{}a: b\rc: d\n{}", stream(100), stream(6000));
        assert_eq!(segments(&lone_cr).len(), 1);
        // Past a cut, the rest from the directive on is one segment.
        let late = format!("{}...\n%YAML 1.2\n{}", stream(3000), stream(6000));
        let segs = segments(&late);
        assert_eq!(segs.len(), 2);
        assert!(segs[1].input.text.contains("%YAML") && segs[1].last);
    }

    #[test]
    fn a_bad_byte_in_a_later_segment_names_its_line_in_the_stream() {
        let mut bytes = stream(4000).into_bytes();
        let lines = bytes.iter().filter(|b| **b == b'\n').count();
        bytes.extend_from_slice(b"a: \xC3\n");
        let mut s =
            Segments::from_reader("s.yaml".into(), None, Box::new(std::io::Cursor::new(bytes)));
        let e = loop {
            match s.next_segment() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("no error"),
                Err(e) => break e,
            }
        };
        assert!(
            e.to_string().starts_with(&format!("s.yaml:{}", lines + 1)),
            "{e}"
        );
    }
}
