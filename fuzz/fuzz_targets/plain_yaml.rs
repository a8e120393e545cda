//! The fast path for plain block YAML against the YAML crate, on any text:
//! whenever `plain` answers, it must give what the YAML crate gives (the
//! same value, the same document spans, the same rendered text).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use sealant::internals::core::manifest::yaml_options;
use sealant::internals::core::manifest::output;
use sealant::internals::yaml::{plain, split};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Splitting: the same documents, or an error at the same line.
    match (plain::split_documents(text), split::split_documents(text)) {
        (Ok(fast), Ok(slow)) => assert_eq!(fast, slow, "spans of {text:?}"),
        (Err(fast), Err(slow)) => assert_eq!(fast.line(), slow.line(), "error in {text:?}"),
        (fast, slow) => panic!("split of {text:?}: {fast:?} against {slow:?}"),
    }
    // Parsing: the same value.
    if let Some(fast) = plain::parse(text) {
        let slow: Value = serde_saphyr::from_str_with_options(text, yaml_options())
            .unwrap_or_else(|e| panic!("the YAML crate refuses {text:?}: {e}"));
        assert_eq!(fast, slow, "value of {text:?}");
        // Rendering: the YAML crate's text, which reads back as the value.
        if let Some(rendered) = plain::render(&fast) {
            assert_eq!(rendered, output::to_yaml_document_by_crate(&fast));
        }
    }
});
