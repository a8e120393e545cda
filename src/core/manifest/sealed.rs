//! The SealedSecret view of a document: name, namespace, scope and the
//! encrypted items, with everything malformed reported precisely.

use serde_json::Value;

use crate::core::scope::Scope;
use crate::error::{Error, Origin, Result};

/// What sealant reads from a SealedSecret.
#[derive(Debug, Clone)]
pub struct SealedView {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace` ("" when absent).
    pub namespace: String,
    /// The scope from the object's own annotations: what the controller uses.
    pub scope: Scope,
    /// The scope the template's annotations declare.
    pub template_scope: Scope,
    /// `spec.encryptedData`, in document order.
    pub items: Vec<(String, String)>,
    /// Whether the document uses the legacy v1 `spec.data` blob.
    pub legacy_data: bool,
}

/// What is wrong with a SealedSecret in the legacy v1 `spec.data` format:
/// the one wording of `check`, `validate`, `audit`, `reseal` and `unseal`.
pub const LEGACY_DATA_MESSAGE: &str =
    "uses the legacy v1 `spec.data` format, which current controllers no longer open";

/// What to do about [`LEGACY_DATA_MESSAGE`].
pub const LEGACY_DATA_HINT: &str =
    "re-create it from the original Secret with `sealant seal`, which writes `spec.encryptedData`";

impl SealedView {
    /// Reads a SealedSecret document.
    pub fn read(value: &Value, origin: &Origin) -> Result<SealedView> {
        let meta = value.get("metadata");
        // The controller reads a missing name as empty (the label of a strict
        // value is then `namespace/`); kubeseal's recovery opens it the same way.
        let name = meta
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let namespace = meta
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let scope = Scope::from_annotations(|k| super::annotation(meta, k));
        let template_meta = value.pointer("/spec/template/metadata");
        let template_scope = Scope::from_annotations(|k| super::annotation(template_meta, k));
        let spec = value
            .get("spec")
            .ok_or_else(|| Error::input(origin, "the SealedSecret has no spec", None))?;
        let legacy_data = spec.get("data").is_some_and(|d| !d.is_null());
        let mut items = Vec::new();
        match spec.get("encryptedData") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (k, v) in map {
                    let text = v.as_str().ok_or_else(|| {
                        Error::item(
                            origin,
                            k,
                            format!(
                                "the encrypted value is a {}, not a string",
                                super::secret::type_name(v)
                            ),
                            None,
                        )
                    })?;
                    items.push((k.clone(), text.to_string()));
                }
            }
            Some(other) => {
                return Err(Error::input(
                    origin,
                    format!(
                        "spec.encryptedData is a {}, not a mapping",
                        super::secret::type_name(other)
                    ),
                    None,
                ));
            }
        }
        Ok(SealedView {
            name,
            namespace,
            scope,
            template_scope,
            items,
            legacy_data,
        })
    }

    /// The OAEP label the controller will use for this SealedSecret.
    pub fn label(&self) -> Vec<u8> {
        self.scope.label(&self.namespace, &self.name)
    }
}
