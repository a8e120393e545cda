//! kubeconfig files: any UTF-8 text parsed as a kubeconfig and its current
//! context resolved into a client configuration (offline: paths and
//! credential plugins named in the text are ignored).
//! Errors are fine; panics, hangs and runaway memory are not.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = sealant::internals::cluster::parse_kubeconfig_text(text) {
            let _ = e.to_string();
        }
    }
});
