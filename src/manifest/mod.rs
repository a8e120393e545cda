//! Kubernetes manifests: reading YAML and JSON streams into documents,
//! the Secret and SealedSecret views of a document, and writing
//! SealedSecrets the way kubeseal does.

pub mod input;
pub mod located;
pub mod output;
pub mod plain;
pub mod sealed;
pub mod secret;
pub mod source;

pub use input::{Document, Input};
pub use source::Format;

use serde_json::Value;

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

/// Classifies a document by its `kind` and `apiVersion`.
pub fn kind_of(value: &Value) -> Kind {
    let kind = value.get("kind").and_then(Value::as_str);
    let api = value.get("apiVersion").and_then(Value::as_str);
    match (kind, api) {
        (Some("Secret"), Some("v1") | None) => Kind::Secret,
        (Some("SealedSecret"), Some(SEALED_SECRET_API_VERSION) | None) => Kind::SealedSecret,
        _ => Kind::Other,
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
