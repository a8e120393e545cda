//! The controller's key Secrets, read through the API server:
//! `GET /api/v1/namespaces/{ns}/secrets?labelSelector=sealedsecrets.bitnami.com/sealed-secrets-key`.
//!
//! The answer holds private keys: it is returned in a buffer that is wiped
//! when dropped, and never written anywhere by this module.

use http::{Method, StatusCode};
use zeroize::Zeroizing;

use std::path::Path;

use serde_json::Value;

use super::ClusterOptions;
use super::client::{ApiClient, ApiRequest, encode_query_value};
use super::cluster_error::ClusterError;
use super::controller_api::{check_name, status_error};
use super::kubeconfig::{Environment, resolve};
use crate::core::crypto::Backend;
pub use crate::core::keyring::KEY_LABEL;
use crate::core::keyring::{KeyRing, parse_keys};
use crate::error::{Error, Result as SealantResult};

/// Largest SecretList accepted: hundreds of 4096-bit keys.
const MAX_KEY_LIST_BYTES: usize = 16 * 1024 * 1024;

/// The key Secrets of the controller's namespace, as the API server's
/// `SecretList` JSON (in a buffer wiped when dropped).
pub fn fetch_key_secrets(options: &ClusterOptions) -> Result<Zeroizing<Vec<u8>>, ClusterError> {
    fetch_key_secrets_with_env(options, &Environment::from_process())
}

/// [`fetch_key_secrets`] with an explicit environment.
pub fn fetch_key_secrets_with_env(
    options: &ClusterOptions,
    env: &Environment,
) -> Result<Zeroizing<Vec<u8>>, ClusterError> {
    check_name("--controller-namespace", &options.controller_namespace)?;
    let resolved = resolve(options, env)?;
    let api = ApiClient::new(resolved, options.timeout())?;
    let namespace = &options.controller_namespace;
    let request = ApiRequest {
        method: Method::GET,
        path: format!(
            "/api/v1/namespaces/{namespace}/secrets?labelSelector={}",
            encode_query_value(KEY_LABEL)
        ),
        body: None,
        accept: "application/json",
        limit: MAX_KEY_LIST_BYTES,
    };
    let mut response = api.send(&request)?;
    let body = Zeroizing::new(std::mem::take(&mut response.body));
    if response.status != StatusCode::OK {
        // An error answer is the API server's Status, which holds no key.
        response.body = body.to_vec();
        return Err(status_error(
            &api,
            &request,
            &response,
            "list",
            "secrets",
            Some(namespace),
        ));
    }
    // Checked without copying the values: only the shape is read here.
    #[derive(serde::Deserialize)]
    struct Shape {
        #[serde(rename = "items")]
        _items: Vec<serde::de::IgnoredAny>,
    }
    if serde_json::from_slice::<Shape>(&body).is_err() {
        return Err(ClusterError::InvalidResponse {
            url: api.url(&request.path),
            reason: "the answer is not a SecretList".to_string(),
        });
    }
    Ok(body)
}

/// Loads the keys of `files`, then (with `cluster`) the controller's key
/// Secrets, fetched into memory and never written anywhere.
pub fn load_key_ring(
    files: &[impl AsRef<Path>],
    cluster: Option<&ClusterOptions>,
    backend: Backend,
) -> SealantResult<KeyRing> {
    let mut ring = KeyRing::load(files, backend)?;
    if let Some(options) = cluster {
        let (name, list) = fetch_backup(options)?;
        let found = parse_keys(list.as_bytes(), &name, backend)?;
        if found.is_empty() {
            return Err(no_key_secrets(&name));
        }
        for entry in found {
            ring.add(entry);
        }
    }
    Ok(ring)
}

/// Fetches the controller's key Secrets and returns where they came from
/// (for messages) and a `v1` `List` of them as YAML, ready to write as a
/// backup: server-set fields (`uid`, `resourceVersion`, `managedFields`) are
/// dropped so that `kubectl apply -f` restores it into a new cluster.
pub fn fetch_backup(
    options: &ClusterOptions,
) -> SealantResult<(String, zeroize::Zeroizing<String>)> {
    let body = fetch_key_secrets(options)?;
    let name = format!(
        "the key Secrets of namespace {}",
        options.controller_namespace
    );
    let list: Value = serde_json::from_slice(&body)
        .map_err(|e| Error::key(&name, format!("are not a SecretList ({e})"), None))?;
    let mut items = Vec::new();
    for mut item in list
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        if let Some(object) = item.as_object_mut() {
            object.insert("apiVersion".into(), Value::from("v1"));
            object.insert("kind".into(), Value::from("Secret"));
            if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
                for field in [
                    "uid",
                    "resourceVersion",
                    "managedFields",
                    "selfLink",
                    "generation",
                ] {
                    meta.remove(field);
                }
            }
        }
        items.push(item);
    }
    let out = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
    Ok((
        name,
        zeroize::Zeroizing::new(crate::core::manifest::output::to_yaml_document(&out)),
    ))
}

fn no_key_secrets(name: &str) -> Error {
    Error::key(
        name,
        format!("hold no private key (no Secret labelled {})", KEY_LABEL),
        Some(crate::report::hints::CONTROLLER_NAMESPACE.into()),
    )
}
