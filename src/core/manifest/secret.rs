//! The Secret view of a document: its items, decoded.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::error::{Error, Origin, Result};

/// A Secret's items: `data` (base64-decoded) and `stringData`, the latter
/// winning on a clash, as the API server does. Sorted by key.
pub type Items = BTreeMap<String, Zeroizing<Vec<u8>>>;

/// Reads the items of a Secret document.
pub fn items(value: &Value, origin: &Origin) -> Result<Items> {
    let mut items = Items::new();
    if let Some(data) = non_null(value.get("data")) {
        let map = data.as_object().ok_or_else(|| {
            Error::input(
                origin,
                "`data` must be a mapping of keys to base64 strings",
                None,
            )
        })?;
        for (key, v) in map {
            let bytes = match v {
                Value::Null => Zeroizing::new(Vec::new()),
                Value::String(s) => decode_base64(s).ok_or_else(|| {
                    Error::item(
                        origin,
                        key,
                        "the value under `data` is not valid base64",
                        Some("put plain text under `stringData` instead, or encode it with `base64 -w0`".into()),
                    )
                })?,
                _ => {
                    return Err(Error::item(
                        origin,
                        key,
                        format!("the value under `data` is a {}, not a base64 string", type_name(v)),
                        Some("quote it and base64-encode it, or move it to `stringData` as a quoted string".into()),
                    ));
                }
            };
            items.insert(key.clone(), bytes);
        }
    }
    if let Some(data) = non_null(value.get("stringData")) {
        let map = data.as_object().ok_or_else(|| {
            Error::input(
                origin,
                "`stringData` must be a mapping of keys to strings",
                None,
            )
        })?;
        for (key, v) in map {
            let bytes = match v {
                Value::Null => Zeroizing::new(Vec::new()),
                Value::String(s) => Zeroizing::new(s.as_bytes().to_vec()),
                _ => {
                    return Err(Error::item(
                        origin,
                        key,
                        format!(
                            "the value under `stringData` is a {}, not a string",
                            type_name(v)
                        ),
                        Some("quote it, e.g. \"true\" or \"8080\", as Kubernetes requires".into()),
                    ));
                }
            };
            items.insert(key.clone(), bytes);
        }
    }
    Ok(items)
}

fn non_null(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Decodes standard base64 as the API server (Go's `base64.StdEncoding`)
/// does: line breaks are ignored (hand-edited files have them), a space or
/// a tab makes the value invalid.
pub fn decode_base64(s: &str) -> Option<Zeroizing<Vec<u8>>> {
    let decoded = if s.bytes().any(crate::core::wire::is_line_break) {
        let compact: Zeroizing<String> =
            Zeroizing::new(s.chars().filter(|c| !matches!(c, '\r' | '\n')).collect());
        STANDARD.decode(compact.as_bytes())
    } else {
        STANDARD.decode(s)
    };
    decoded.ok().map(Zeroizing::new)
}

/// The JSON type name of a value, for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_data_wins_and_keys_are_sorted() {
        let v = json!({"data": {"b": "eA==", "a": "YQ=="}, "stringData": {"a": "plain"}});
        let items = items(&v, &Origin::default()).unwrap();
        let got: Vec<(&str, &[u8])> = items
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice()))
            .collect();
        assert_eq!(got, vec![("a", &b"plain"[..]), ("b", &b"x"[..])]);
    }

    #[test]
    fn bad_base64_names_the_item_but_not_the_value() {
        let v = json!({"data": {"password": "not*base64"}});
        let e = items(&v, &Origin::file("s.yaml")).unwrap_err().to_string();
        assert!(e.contains("password") && e.contains("s.yaml"), "{e}");
        assert!(!e.contains("not*base64"), "{e}");
    }

    #[test]
    fn non_string_values_are_refused_with_a_hint() {
        let v = json!({"stringData": {"enabled": true}});
        let e = items(&v, &Origin::default()).unwrap_err();
        assert!(e.to_string().contains("boolean"));
        assert!(e.hint().unwrap().contains("quote"));
    }
}
