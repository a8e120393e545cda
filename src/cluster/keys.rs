//! The controller's key Secrets, read through the API server:
//! `GET /api/v1/namespaces/{ns}/secrets?labelSelector=sealedsecrets.bitnami.com/sealed-secrets-key`.
//!
//! The answer holds private keys: it is returned in a buffer that is wiped
//! when dropped, and never written anywhere by this module.

use http::{Method, StatusCode};
use zeroize::Zeroizing;

use super::ClusterOptions;
use super::client::{ApiClient, ApiRequest, encode_query_value};
use super::controller::{check_name, status_error};
use super::error::ClusterError;
use super::kubeconfig::{Environment, resolve};

/// The label the controller puts on its key Secrets (`active`, or another
/// value such as `compromised` for a key it no longer loads).
pub const KEY_LABEL: &str = "sealedsecrets.bitnami.com/sealed-secrets-key";

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
