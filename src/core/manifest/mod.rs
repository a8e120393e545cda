//! Kubernetes manifests: reading YAML and JSON streams into documents,
//! the Secret and SealedSecret views of a document, and writing
//! SealedSecrets the way kubeseal does.

pub mod documents;
pub mod output;
pub mod sealed;
pub mod secret;

pub use crate::yaml::split::Format;
pub use documents::{Document, Manifest, yaml_options};

use serde_json::Value;

use crate::error::{Error, Origin, Result};

/// The `apiVersion` of SealedSecrets.
pub const SEALED_SECRET_API_VERSION: &str = "bitnami.com/v1alpha1";

/// What a document is, as far as sealant cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A core `v1` Secret.
    Secret,
    /// A `bitnami.com/v1alpha1` SealedSecret.
    SealedSecret,
    /// Anything else: passed through untouched.
    Other,
}

/// Classifies a document by its `kind` and `apiVersion`, leniently: a
/// document [`classify`] refuses counts as [`Kind::Other`] here. Commands
/// that could echo a document to their output use [`classify`].
pub fn kind_of(value: &Value) -> Kind {
    match reading(value) {
        Reading::Kind(kind) => kind,
        Reading::Suspect { .. } => Kind::Other,
    }
}

/// What sealant makes of a document: the one place that decides what counts
/// as a Secret, and what might be a plaintext Secret that sealant will not
/// guess about.
enum Reading {
    Kind(Kind),
    /// Might hold plaintext, and is not a Secret sealant can seal.
    Suspect {
        message: String,
        hint: String,
    },
}

fn reading(value: &Value) -> Reading {
    let Some(map) = value.as_object() else {
        // A sequence of Secrets is not a manifest, and would be echoed.
        if let Some(items) = value.as_array()
            && items.iter().any(|v| {
                !matches!(reading(v), Reading::Kind(Kind::Other)) || might_hold_plaintext(v)
            })
        {
            return Reading::Suspect {
                message: "the document is a sequence holding a Secret, not a Kubernetes object".into(),
                hint: "write each Secret as a document of its own (separated by `---`), or inside a `kind: List` with `items:`".into(),
            };
        }
        return Reading::Kind(Kind::Other);
    };
    let api = map.get("apiVersion");
    match map.get("kind") {
        Some(Value::String(kind)) if kind == "Secret" => match api {
            None | Some(Value::Null) => Reading::Kind(Kind::Secret),
            Some(Value::String(v)) if v == "v1" => Reading::Kind(Kind::Secret),
            Some(other) => Reading::Suspect {
                message: format!(
                    "a Secret with apiVersion {}; Kubernetes Secrets are `apiVersion: v1`",
                    shown(other)
                ),
                hint: "set `apiVersion: v1` to seal it".into(),
            },
        },
        Some(Value::String(kind)) if kind == "SealedSecret" => match api {
            None | Some(Value::Null) => Reading::Kind(Kind::SealedSecret),
            Some(Value::String(v)) if v == SEALED_SECRET_API_VERSION => {
                Reading::Kind(Kind::SealedSecret)
            }
            _ => Reading::Kind(Kind::Other),
        },
        Some(Value::String(kind)) => {
            let folded = kind.trim().to_ascii_lowercase();
            if folded == "secret" || folded == "secrets" || folded == "v1/secret" {
                Reading::Suspect {
                    message: format!("the kind is {kind:?}, not \"Secret\" (kinds are case-sensitive)"),
                    hint: "write `kind: Secret` (and `apiVersion: v1`) to seal it".into(),
                }
            } else {
                Reading::Kind(Kind::Other)
            }
        }
        kind if might_hold_plaintext(value) => Reading::Suspect {
            message: match kind {
                None | Some(Value::Null) => "the document has `data` or `stringData` but no `kind`".into(),
                Some(other) => format!(
                    "the document has `data` or `stringData` and a kind that is a {}, not a string",
                    secret::type_name(other)
                ),
            },
            hint: "add `apiVersion: v1` and `kind: Secret` to seal it (or its real kind, if it is not a Secret)".into(),
        },
        _ => Reading::Kind(Kind::Other),
    }
}

/// Whether a mapping carries the fields a Secret's values live in.
fn might_hold_plaintext(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|m| m.contains_key("data") || m.contains_key("stringData"))
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => format!("of type {}", secret::type_name(other)),
    }
}

/// What a document is, failing closed: a document that carries `data` or
/// `stringData` without a `kind`, whose kind is `Secret` spelled another way,
/// or a Secret whose `apiVersion` is not `v1`, is an error naming the
/// document and what to fix, never something to pass through. Every command
/// that reads manifests asks this.
pub fn classify(value: &Value, origin: &Origin) -> Result<Kind> {
    match reading(value) {
        Reading::Kind(kind) => Ok(kind),
        Reading::Suspect { message, hint } => Err(Error::input(origin, message, Some(hint))),
    }
}

/// `Kind namespace/name` of a document, for messages.
pub fn describe(value: &Value) -> Option<String> {
    let kind = value.get("kind").and_then(Value::as_str)?;
    let meta = value.get("metadata");
    let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str);
    let ns = meta
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str);
    Some(match (ns, name) {
        (Some(ns), Some(name)) => format!("{kind} {ns}/{name}"),
        (None, Some(name)) => format!("{kind} {name}"),
        _ => format!("{kind} without a name"),
    })
}

/// A string field of `metadata`.
pub fn meta_str<'a>(value: &'a Value, field: &str) -> Option<&'a str> {
    value.get("metadata")?.get(field)?.as_str()
}

/// An annotation of `metadata`, when it is a string.
pub fn annotation<'a>(meta: Option<&'a Value>, key: &str) -> Option<&'a str> {
    meta?.get("annotations")?.get(key)?.as_str()
}

/// Overwrites every string of a document with zeros before it is freed:
/// documents hold Secrets' values (base64 or plain). Keys are names, not
/// secrets, and stay.
pub fn zeroize_value(value: &mut Value) {
    use zeroize::Zeroize as _;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => s.zeroize(),
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// Values that are wiped when dropped (the Secrets `unseal` builds). It
/// owns them (`Vec<Value>`, the default) or borrows them mutably, which lets
/// a test watch the real `Drop` wipe them.
#[derive(Default)]
pub struct WipedValues<V: std::borrow::BorrowMut<Vec<Value>> = Vec<Value>>(pub V);

impl<V: std::borrow::BorrowMut<Vec<Value>>> Drop for WipedValues<V> {
    fn drop(&mut self) {
        for v in self.0.borrow_mut() {
            zeroize_value(v);
        }
    }
}

#[cfg(test)]
mod classify_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_counts_as_a_secret_and_what_might_be_plaintext() {
        let o = Origin::file("f.yaml");
        let ok = |v: Value| classify(&v, &o).unwrap();
        assert_eq!(
            ok(json!({"apiVersion": "v1", "kind": "Secret"})),
            Kind::Secret
        );
        assert_eq!(ok(json!({"kind": "Secret", "data": {}})), Kind::Secret);
        assert_eq!(
            ok(json!({"apiVersion": "bitnami.com/v1alpha1", "kind": "SealedSecret"})),
            Kind::SealedSecret
        );
        assert_eq!(
            ok(json!({"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "b"}})),
            Kind::Other
        );
        assert_eq!(ok(json!({"metadata": {"name": "x"}})), Kind::Other);
        assert_eq!(ok(json!(["a", 1])), Kind::Other);
        for suspect in [
            json!({"data": {"k": "dg=="}}),
            json!({"stringData": {"k": "v"}, "kind": null}),
            json!({"kind": "secret", "stringData": {}}),
            json!({"kind": "SECRET"}),
            json!({"kind": " Secret "}),
            json!({"kind": "Secret", "apiVersion": "v2"}),
            json!({"kind": "Secret", "apiVersion": 1}),
            json!({"kind": ["Secret"], "data": {}}),
            json!([{"kind": "Secret", "stringData": {"k": "v"}}]),
        ] {
            let e = classify(&suspect, &o).unwrap_err();
            assert!(e.to_string().starts_with("f.yaml"), "{e}");
            assert!(e.hint().is_some(), "{e}");
            // The lenient view never calls it a Secret.
            assert_ne!(kind_of(&suspect), Kind::Secret);
        }
    }
}
