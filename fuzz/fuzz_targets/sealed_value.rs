//! The sealed-value decoder: base64 text -> frame -> open with the 2048-bit
//! test key (tests/fixtures/conformance/keys/small) under a fixed label.
#![no_main]
#![forbid(unsafe_code)]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sealant::internals::core::crypto::Backend;
use sealant::internals::core::keyring::{KeyRing, parse_keys_bytes};

fn ring() -> &'static KeyRing {
    static RING: OnceLock<KeyRing> = OnceLock::new();
    RING.get_or_init(|| {
        let pem = include_bytes!("../../tests/fixtures/conformance/keys/small/tls.key");
        KeyRing {
            keys: parse_keys_bytes(pem, "small/tls.key", Backend::default()).expect("test key"),
            ..KeyRing::default()
        }
    })
}

fuzz_target!(|data: &[u8]| {
    // The text form, as it sits in encryptedData.
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sealant::internals::core::wire::rsa_block_len(text);
        let _ = sealant::internals::core::opening::open_value(ring(), b"payments/db", text, None);
    }
    // The decoded form: the frame parser and the RSA/GCM layers directly.
    if let Ok(frame) = sealant::internals::core::wire::frame(data) {
        let _ = sealant::internals::core::wire::open(&ring().keys[0].key, b"", frame);
    }
});
