//! The byte-exact editor behind `merge` and in-place rewrites: split a
//! stream into documents, locate `spec.encryptedData`, replace every item
//! and check that the result still splits into as many documents.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use sealant::internals::yaml::patch::{Change, apply_changes};
use sealant::internals::yaml::spans::encrypted_data_spans;
use sealant::internals::yaml::split::split_documents;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(docs) = split_documents(text) else {
        return;
    };
    for doc in &docs {
        let Ok(Some(spans)) = encrypted_data_spans(text, doc) else {
            continue;
        };
        let changes: Vec<Change> = spans
            .items
            .iter()
            .map(|item| Change::Replace {
                key: item.key.clone(),
                value: "AgBy3i4OJSWK+PiTySYZZA==".to_string(),
            })
            .collect();
        if let Ok(edited) = apply_changes(text, doc, &changes) {
            // An edit never breaks the stream's structure.
            let again = split_documents(&edited)
                .unwrap_or_else(|e| panic!("edited text no longer splits: {e}"));
            assert_eq!(again.len(), docs.len(), "document count changed");
        }
    }
});
