//! Where certificates come from: a path, a `file://` URL or an `http(s)://`
//! URL, read with a size cap.

use std::path::Path;

use crate::error::{Error, Result};
use crate::io::input::{ReadFailure, read_capped};
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
    let mut bytes = read_capped(Some(path), MAX_CERT_BYTES).map_err(|e| match e {
        ReadFailure::Open(source) if source.kind() == std::io::ErrorKind::NotFound => Error::cert(
            shown,
            "no such file or directory",
            Some("give the certificate's path or URL with --cert, or fetch it with `sealant cert fetch`".into()),
        ),
        ReadFailure::Open(source) | ReadFailure::Read(source) => {
            Error::cert(shown, format!("cannot be read ({source})"), None)
        }
        ReadFailure::TooLarge => Error::cert(
            shown,
            "is larger than 1 MiB; that is not a certificate",
            None,
        ),
    })?;
    Ok(std::mem::take(&mut *bytes))
}
