//! Reading what sealant is given, one way for every reader: a file or
//! standard input, capped, with every buffer wiped, decoded as UTF-8.
//!
//! - At most a limit of bytes is read: [`MAX_INPUT_BYTES`] for manifests
//!   ([`Input::read`]); key files, certificates and Secret values pass their
//!   own limit from [`crate::limits`] to [`read_capped`]. An endless stream
//!   (`/dev/zero`) costs the limit, no more.
//! - Every buffer outgrown while reading is wiped, and an [`Input`]'s text
//!   is wiped when it drops: reading a Secret leaves no stray copy of it in
//!   freed memory.
//! - Text is UTF-8 with or without a byte-order mark. The mark is stripped
//!   and remembered, so that an in-place rewrite writes it back
//!   ([`crate::io::rewrite`]); UTF-16 and NUL bytes are refused with a hint.
//! - The path is kept as given (for messages) and, when a walk resolved its
//!   links, the real file that an in-place rewrite replaces.

use std::io::Read;
use std::path::{Path, PathBuf};

use zeroize::{Zeroize as _, Zeroizing};

use crate::error::{Error, Origin, Result};
use crate::limits::MAX_INPUT_BYTES;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One input read as text: its name for messages, its paths and its text.
/// The text is wiped when dropped and never shown by `Debug` (it may hold
/// Secrets).
#[derive(Clone)]
pub struct Input {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The path as given, when the input is a file.
    pub path: Option<PathBuf>,
    /// The file its links lead to, when a walk resolved them; an in-place
    /// rewrite replaces that file ([`Input::rewrite_path`]).
    pub real: Option<PathBuf>,
    /// The text, without a byte-order mark.
    pub text: String,
    /// Whether the input started with a UTF-8 byte-order mark.
    pub had_bom: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("name", &self.name)
            .field("path", &self.path)
            .field("real", &self.real)
            .field(
                "text",
                &format_args!("<{} bytes, redacted>", self.text.len()),
            )
            .field("had_bom", &self.had_bom)
            .finish()
    }
}

impl Drop for Input {
    fn drop(&mut self) {
        self.text.zeroize();
    }
}

/// Why a capped read failed; each reader words it for what it reads.
#[derive(Debug)]
pub enum ReadFailure {
    /// The file could not be opened.
    Open(std::io::Error),
    /// Reading it failed.
    Read(std::io::Error),
    /// It holds more than the limit.
    TooLarge,
}

impl ReadFailure {
    /// The I/O error behind an open or read failure.
    pub fn io_error(self) -> Option<std::io::Error> {
        match self {
            ReadFailure::Open(e) | ReadFailure::Read(e) => Some(e),
            ReadFailure::TooLarge => None,
        }
    }
}

/// Reads a file, or standard input when `path` is `None`, up to `max`
/// bytes, wiping every buffer it outgrows. (A path `-` is a file here;
/// [`Input::read`] reads it as standard input.)
pub fn read_capped(
    path: Option<&Path>,
    max: u64,
) -> std::result::Result<Zeroizing<Vec<u8>>, ReadFailure> {
    let read = match path {
        None => read_all_wiping(std::io::stdin().lock(), max),
        Some(p) => {
            let file = std::fs::File::open(p).map_err(ReadFailure::Open)?;
            read_all_wiping(file, max)
        }
    };
    read.map_err(ReadFailure::Read)?
        .ok_or(ReadFailure::TooLarge)
}

/// [`read_capped`] with the errors most readers give: a file that cannot
/// be opened or read is [`Error::Read`] naming `name`; one larger than `max`
/// is the error `too_large` makes (each reader says what it expected).
pub fn read_or(
    path: Option<&Path>,
    name: &str,
    max: u64,
    too_large: impl FnOnce() -> Error,
) -> Result<Zeroizing<Vec<u8>>> {
    read_capped(path, max).map_err(|e| match e.io_error() {
        Some(source) => Error::Read {
            path: name.to_string(),
            source,
        },
        None => too_large(),
    })
}

/// Reads everything, up to `max` bytes (`None` when there is more), wiping
/// every buffer it outgrows: reading a Secret leaves no stray copy of it in
/// freed memory. Stops reading as soon as the limit is passed, so an endless
/// stream (`/dev/zero`) costs `max` bytes at most.
pub fn read_all_wiping(
    mut reader: impl Read,
    max: u64,
) -> std::io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut buf = Zeroizing::new(Vec::with_capacity(8192));
    let mut chunk = Zeroizing::new([0u8; 8192]);
    loop {
        let n = match reader.read(&mut chunk[..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if (buf.len() + n) as u64 > max {
            return Ok(None);
        }
        if buf.len() + n > buf.capacity() {
            let mut bigger =
                Zeroizing::new(Vec::with_capacity((2 * buf.capacity()).max(buf.len() + n)));
            bigger.extend_from_slice(&buf);
            // The old buffer is wiped as it drops.
            buf = bigger;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(buf))
}

impl Input {
    /// Reads a file, or standard input when `path` is `None` or `-`, at
    /// most [`MAX_INPUT_BYTES`].
    pub fn read(path: Option<&Path>) -> Result<Input> {
        let file = path.filter(|p| *p != Path::new("-"));
        let name = file.map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
        let mut bytes = read_or(file, &name, MAX_INPUT_BYTES, || {
            Error::input(
                &Origin::file(&name),
                format!(
                    "the input is larger than {} MiB",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
                Some("split it into several files".into()),
            )
        })?;
        let mut input = Self::from_bytes(&name, std::mem::take(&mut *bytes))?;
        input.path = file.map(Path::to_path_buf);
        Ok(input)
    }

    /// Decodes raw bytes: UTF-8 with or without a byte-order mark; UTF-16
    /// and other encodings are refused with a hint. Refused bytes are wiped.
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Input> {
        Self::from_bytes_at(name, bytes, 1)
    }

    /// [`Input::from_bytes`] for a part of a stream that starts at the
    /// stream's 1-based line `first_line`: errors name the stream's lines.
    pub fn from_bytes_at(name: &str, bytes: Vec<u8>, first_line: usize) -> Result<Input> {
        let origin = Origin::file(name);
        let shift = first_line - 1;
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            { bytes }.zeroize();
            return Err(Error::input(
                &origin,
                "the file is UTF-16 (as PowerShell's > writes it), not UTF-8",
                Some(crate::report::hints::REENCODE_UTF8.into()),
            ));
        }
        let (had_bom, body) = match bytes.strip_prefix(BOM) {
            Some(rest) => {
                let body = rest.to_vec();
                { bytes }.zeroize();
                (true, body)
            }
            None => (false, bytes),
        };
        if let Some(order) = utf16_without_bom(&body) {
            { body }.zeroize();
            return Err(Error::input(
                &origin,
                format!(
                    "the file looks like UTF-16 ({order}, without a byte-order mark), not UTF-8"
                ),
                Some(crate::report::hints::REENCODE_UTF8.into()),
            ));
        }
        let text = String::from_utf8(body).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1 + shift;
            e.into_bytes().zeroize();
            Error::input(
                &Origin { line: Some(line), ..origin.clone() },
                "the input is not valid UTF-8",
                Some("manifests must be UTF-8 text; binary values belong base64-encoded under `data`".into()),
            )
        })?;
        if let Some(pos) = text.find('\0') {
            let line = text[..pos].matches('\n').count() + 1 + shift;
            { text }.zeroize();
            return Err(Error::input(
                &Origin {
                    line: Some(line),
                    ..origin
                },
                "the input contains a NUL byte; it is not a text manifest",
                None,
            ));
        }
        Ok(Input {
            name: name.to_string(),
            path: None,
            real: None,
            text,
            had_bom,
        })
    }

    /// An input from text already in memory.
    pub fn from_text(name: &str, text: &str) -> Result<Input> {
        Self::from_bytes(name, text.as_bytes().to_vec())
    }

    /// The file an in-place rewrite of this input replaces: the real file
    /// when a walk resolved it, else the path as given (links are written
    /// through either way).
    pub fn rewrite_path(&self) -> Option<&Path> {
        self.real.as_deref().or(self.path.as_deref())
    }
}

/// `text` as bytes, with a UTF-8 byte-order mark in front when `bom`.
pub fn with_bom(bom: bool, text: &str) -> Vec<u8> {
    if bom {
        [BOM, text.as_bytes()].concat()
    } else {
        text.as_bytes().to_vec()
    }
}

/// Whether bytes look like UTF-16 text without a byte-order mark (as some
/// editors and `Set-Content -Encoding Unicode` variants write it): ASCII
/// characters with a NUL byte beside each of them.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut le, mut be) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (b, 0) if b != 0 && b.is_ascii() => le += 1,
            (0, b) if b != 0 && b.is_ascii() => be += 1,
            _ => {}
        }
    }
    // Nearly every character: YAML and JSON manifests are mostly ASCII.
    if le * 10 >= pairs * 9 {
        Some("little-endian")
    } else if be * 10 >= pairs * 9 {
        Some("big-endian")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_is_stripped_remembered_and_written_back() {
        let input = Input::from_bytes("a.yaml", b"\xEF\xBB\xBFa: b\n".to_vec()).unwrap();
        assert!(input.had_bom);
        assert_eq!(input.text, "a: b\n");
        assert_eq!(with_bom(input.had_bom, "c: d\n"), b"\xEF\xBB\xBFc: d\n");
        let plain = Input::from_text("a.yaml", "a: b\n").unwrap();
        assert!(!plain.had_bom);
        assert_eq!(with_bom(plain.had_bom, "c: d\n"), b"c: d\n");
    }

    #[test]
    fn encodings_that_are_not_utf8_are_refused_with_the_line() {
        let e = Input::from_bytes("a.yaml", b"\xFF\xFEa\0".to_vec()).unwrap_err();
        assert!(e.to_string().contains("UTF-16"), "{e}");
        let e = Input::from_bytes(
            "a.yaml",
            "a: b\nc: d\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("little-endian"), "{e}");
        let e = Input::from_bytes("a.yaml", b"a: b\nc: \xC3\n".to_vec()).unwrap_err();
        assert!(e.to_string().starts_with("a.yaml:2"), "{e}");
        let e = Input::from_bytes("a.yaml", b"a: b\n\nc\0".to_vec()).unwrap_err();
        assert!(e.to_string().contains("NUL"), "{e}");
    }

    #[test]
    fn a_capped_read_stops_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, [7u8; 20_000]).unwrap();
        assert_eq!(read_capped(Some(&p), 20_000).unwrap().len(), 20_000);
        assert!(matches!(
            read_capped(Some(&p), 19_999),
            Err(ReadFailure::TooLarge)
        ));
        assert!(matches!(
            read_capped(Some(&dir.path().join("missing")), 10),
            Err(ReadFailure::Open(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
    }

    #[test]
    fn a_file_read_keeps_its_path_and_knows_what_a_rewrite_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.yaml");
        std::fs::write(&p, "a: b\n").unwrap();
        let mut input = Input::read(Some(&p)).unwrap();
        assert_eq!(input.name, p.display().to_string());
        assert_eq!(input.rewrite_path(), Some(p.as_path()));
        input.real = Some(dir.path().join("real.yaml"));
        assert_eq!(
            input.rewrite_path(),
            Some(dir.path().join("real.yaml").as_path())
        );
        assert!(format!("{input:?}").contains("redacted"));
    }
}
