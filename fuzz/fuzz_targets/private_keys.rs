//! Private key parsing: PEM (PKCS#1, PKCS#8), tls Secrets and backup Lists,
//! as `--key` / `--recovery-private-key` read them.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use sealant::internals::core::crypto::Backend;
use sealant::internals::core::keyring::parse_keys_bytes;

fuzz_target!(|data: &[u8]| {
    if let Ok(keys) = parse_keys_bytes(data, "fuzz.key", Backend::default()) {
        for k in keys {
            let _ = format!("{k:?}");
        }
    }
});
