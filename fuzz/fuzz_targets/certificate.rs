//! Certificate parsing: PEM bundles and DER, as `--cert` reads them.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use sealant::internals::core::certificate::{Certificate, Fingerprint};
use sealant::internals::core::crypto::Backend;

fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = Certificate::parse(data, "fuzz.pem", Backend::default()) {
        let _ = cert.check_not_expired(time::OffsetDateTime::UNIX_EPOCH);
        let _ = format!("{cert:?}");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Fingerprint::parse(text);
    }
});
