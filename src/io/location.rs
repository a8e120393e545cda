//! Where certificates come from: a path, a `file://` URL or an `http(s)://`
//! URL, read with a size cap.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::limits::MAX_CERT_BYTES;

/// Reads the bytes at a path or URL, capped at [`MAX_CERT_BYTES`].
pub fn read_location(location: &str) -> Result<Vec<u8>> {
    if let Some(path) = location.strip_prefix("file://") {
        return read_file_capped(Path::new(path), location);
    }
    if location.starts_with("http://") || location.starts_with("https://") {
        return crate::io::url::fetch_url(location);
    }
    read_file_capped(Path::new(location), location)
}

fn read_file_capped(path: &Path, shown: &str) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::cert(
            shown,
            "no such file or directory",
            Some("give the certificate's path or URL with --cert, or fetch it with `sealant cert fetch`".into()),
        ),
        _ => Error::cert(shown, format!("cannot be read ({source})"), None),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_CERT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::cert(shown, format!("cannot be read ({e})"), None))?;
    if bytes.len() as u64 > MAX_CERT_BYTES {
        return Err(Error::cert(
            shown,
            "is larger than 1 MiB; that is not a certificate",
            None,
        ));
    }
    Ok(bytes)
}
