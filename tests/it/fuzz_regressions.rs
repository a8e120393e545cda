//! Regression tests for what the fuzz targets (fuzz/) found, one per
//! finding, named after it. The input is the minimized crash, inline.

use sealant::internals::yaml::patch::{Change, apply_changes};
use sealant::internals::yaml::source_error::SourceError;
use sealant::internals::yaml::spans::encrypted_data_spans;
use sealant::internals::yaml::split::split_documents;

/// source_edit: `k: !tag` (a tag on an empty value) made `apply_changes`
/// insert the new value after the `:`, before the tag, so the edited text no
/// longer parsed. Values with a tag or an anchor are now refused (an anchor
/// may also be used elsewhere through an alias).
#[test]
fn fuzz_source_edit_tagged_empty_value_broke_the_document() {
    let text = "spec:\n  encryptedData:\n    tls.crt: !IdAgCdJV8OYx5ep2vJ7uR2aS:\n";
    let doc = split_documents(text).unwrap()[0];
    let err = encrypted_data_spans(text, &doc).unwrap_err();
    assert!(
        matches!(&err, SourceError::Unsupported { line: 3, message, .. } if message.contains("tag or anchor")),
        "{err:?}"
    );
    // The fuzz target's own check: whatever is edited still splits.
    let change = Change::Replace {
        key: "tls.crt".into(),
        value: "AgBy3i4OJSWK+PiTySYZZA==".into(),
    };
    assert!(apply_changes(text, &doc, &[change]).is_err());
}

#[test]
fn fuzz_source_edit_tags_and_anchors_on_values_are_refused_not_mangled() {
    for text in [
        "spec:\n  encryptedData:\n    a: !!str AgAA\n",
        "spec:\n  encryptedData:\n    a: &x AgAA\nother: *x\n",
        "spec:\n  encryptedData: {a: !t , b: AgAA}\n",
    ] {
        let doc = split_documents(text).unwrap()[0];
        let err = encrypted_data_spans(text, &doc).unwrap_err();
        assert!(err.to_string().contains("tag or anchor"), "{text}: {err}");
    }
    // Tags elsewhere in the document are fine.
    let text = "metadata: {name: !!str a}\nspec:\n  encryptedData:\n    a: AgAA\n";
    let doc = split_documents(text).unwrap()[0];
    assert_eq!(
        encrypted_data_spans(text, &doc)
            .unwrap()
            .unwrap()
            .items
            .len(),
        1
    );
}

/// sealed_value: `rsa_block_len("Uw==A")` indexed the second byte of a
/// head that decodes to one byte, and panicked.
#[test]
fn fuzz_sealed_value_one_byte_head_panicked_rsa_block_len() {
    assert_eq!(sealant::internals::core::wire::rsa_block_len("Uw==A"), None);
    assert_eq!(sealant::internals::core::wire::rsa_block_len("AA=="), None);
    assert_eq!(
        sealant::internals::core::wire::rsa_block_len("AQA="),
        Some(256)
    );
    assert_eq!(sealant::internals::core::wire::rsa_block_len("AQ"), None);
}

/// `plain_yaml`: the fast splitter cut a JSON stream at a `---` line, which
/// means nothing in JSON, and reported an error on the wrong line.
#[test]
fn fuzz_plain_yaml_json_stream_was_cut_at_markers() {
    use sealant::internals::yaml::{plain, split};
    // Minimized: the whole stream nests too deep on line 3; its first part
    // alone ends early on line 2.
    let deep = format!("[\n---\n{}\n", "[".repeat(200));
    for text in [deep.as_str(), "[\n---\n]\n", "[[1,\n---\n2]]\n"] {
        let fast = plain::split_documents(text);
        let slow = split::split_documents(text);
        assert_eq!(
            fast.as_ref().map_err(|e| e.line()),
            slow.as_ref().map_err(|e| e.line()),
            "{text:?}"
        );
    }
}

/// `plain_yaml`: a part of the stream split alone ended at the end of its
/// text, not at the `---` after it, so an empty block scalar there counted
/// as a document there and as none in the whole stream.
#[test]
fn fuzz_plain_yaml_empty_block_scalar_before_a_marker() {
    use sealant::internals::yaml::{plain, split};
    for text in [
        "|\n---\n-a: v1\ny b:\n    :       ",
        "|\n---\na: b\n",
        ">-\n---\n",
    ] {
        assert_eq!(
            plain::split_documents(text),
            split::split_documents(text),
            "{text:?}"
        );
    }
}

/// `plain_yaml`: the fast path took a key of over 1,024 characters, which
/// YAML does not allow as an implicit key; it leaves such keys (anything
/// over 256 bytes) to the YAML crate now.
#[test]
fn fuzz_plain_yaml_key_over_1024_characters() {
    use sealant::internals::core::manifest::output;
    use sealant::internals::yaml::{plain, split};
    let text = format!("a:\n  {}: d\n", "Z".repeat(1300));
    assert_eq!(
        plain::split_documents(&text).map_err(|e| e.line()),
        split::split_documents(&text).map_err(|e| e.line())
    );
    assert!(split::split_documents(&text).is_err());
    assert_eq!(plain::parse(&text), None);
    let value = serde_json::json!({ "k".repeat(1300): "v" });
    assert_eq!(plain::render(&value), None);
    assert!(!output::to_yaml_document(&value).is_empty());
}

/// `plain_yaml`: the fast path wrote the key `0o+6` plain where the YAML
/// crate quotes it (YAML 1.1 reads a signed octal there); anything after a
/// `0x`, `0o` or `0b` prefix now counts as a number.
#[test]
fn fuzz_plain_yaml_radix_prefix_with_a_sign() {
    use sealant::internals::core::manifest::output;
    use sealant::internals::yaml::plain;
    let text = "0o+6: G\n";
    let value = plain::parse(text);
    if let Some(value) = &value {
        assert_eq!(
            plain::render(value),
            Some(output::to_yaml_document_by_crate(value))
        );
    }
    for s in ["0o+6", "0b-1", "0xZZ", "+0x1F"] {
        let value = serde_json::json!({ s: "v" });
        assert_eq!(plain::render(&value), None, "{s}");
    }
    let value = serde_json::json!({"0o+6": "v"});
    assert_eq!(output::to_yaml_document(&value), "---\n\"0o+6\": v\n");
}

/// `plain_yaml`: the fast path wrote the key `+inf` plain where the YAML
/// crate quotes it; the reserved words now count with a sign too.
#[test]
fn fuzz_plain_yaml_signed_inf() {
    use sealant::internals::core::manifest::output;
    use sealant::internals::yaml::plain;
    for s in ["+inf", "+INF", "+nan", "+null"] {
        let value = serde_json::json!({ s: "t" });
        assert_eq!(plain::render(&value), None, "{s}");
        assert_eq!(plain::parse(&format!("{s}: t\n")), None, "{s}");
    }
    let value = serde_json::json!({"+inf": "t"});
    assert_eq!(output::to_yaml_document(&value), "---\n\"+inf\": t\n");
}

/// `plain_yaml`: the fast path wrote `0_O_4` plain where the YAML crate
/// quotes it (YAML 1.1 drops the `_` and reads the octal `0O4`); numbers are
/// now recognized with their underscores dropped.
#[test]
fn fuzz_plain_yaml_underscored_radix_prefix() {
    use sealant::internals::core::manifest::output;
    use sealant::internals::yaml::plain;
    for s in ["0_O_4", "0_x_1F", "1_0"] {
        let value = serde_json::json!({ "ab": s });
        // Written, now, as the YAML crate quotes it.
        assert_eq!(
            plain::render(&value),
            Some(output::to_yaml_document_by_crate(&value)),
            "{s}"
        );
        assert_eq!(plain::parse(&format!("ab: {s}\n")), None, "{s}");
    }
    let value = serde_json::json!({"ab": "0_O_4"});
    assert_eq!(output::to_yaml_document(&value), "---\nab: \"0_O_4\"\n");
}
