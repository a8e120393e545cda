//! The manifest reader: any bytes as a file (YAML or JSON stream, chosen by
//! the first character as in production), split into documents and parsed.
//! Errors are fine; panics, hangs and runaway memory are not.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use sealant::internals::core::manifest::Manifest;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = Manifest::from_bytes("fuzz.yaml", data.to_vec()) else {
        return;
    };
    if let Ok(docs) = input.documents() {
        for doc in docs {
            // What every command does next with a document.
            let _ = sealant::internals::core::manifest::kind_of(&doc.value);
            let _ = sealant::internals::core::manifest::describe(&doc.value);
        }
    }
});
