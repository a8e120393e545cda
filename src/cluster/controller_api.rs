//! The sealed-secrets controller, reached through the API server's service
//! proxy: `/api/v1/namespaces/{ns}/services/http:{name}:{port}/proxy/v1/...`.

use std::collections::BTreeSet;

use http::{Method, StatusCode};
use k8s_openapi::List;
use k8s_openapi::api::core::v1::Service;

use super::ClusterOptions;
use super::client::{ApiClient, ApiRequest, ApiResponse, encode_query_value, response_message};
use super::cluster_error::{ClusterError, ServiceRef};
use super::kubeconfig::{Environment, resolve};

/// Largest certificate accepted from `/v1/cert.pem` (see [`crate::limits`]).
pub const MAX_CERT_BYTES: usize = crate::limits::MAX_CERT_BYTES as usize;
/// Largest re-sealed SealedSecret accepted from `/v1/rotate`: any document
/// sealant sends (one it reads, at most this long) comes back within it.
pub const MAX_SEALED_BYTES: usize = crate::limits::MAX_OUTPUT_DOCUMENT_BYTES;
/// Largest Service or ServiceList accepted.
const MAX_SERVICE_BYTES: usize = 4 * 1024 * 1024;

/// Label selectors that the upstream manifests and the Helm chart put on the controller's Service.
const DISCOVERY_LABELS: [&str; 2] = [
    "app.kubernetes.io/name=sealed-secrets",
    "name=sealed-secrets-controller",
];
/// The Helm chart's usual service name.
const HELM_SERVICE_NAME: &str = "sealed-secrets";

/// A connection to one sealed-secrets controller.
pub struct Controller {
    api: ApiClient,
    service: ServiceRef,
    port: String,
    note: Option<String>,
}

impl std::fmt::Debug for Controller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Controller")
            .field("server", &self.api.server())
            .field("service", &self.service.to_string())
            .field("port", &self.port)
            .finish()
    }
}

impl Controller {
    /// Loads the kubeconfig (from the process environment), then finds the
    /// controller's Service and its port. When the named Service does not
    /// exist but exactly one controller Service is found elsewhere, that one
    /// is used and [`Controller::note`] says so.
    pub fn connect(options: &ClusterOptions) -> Result<Controller, ClusterError> {
        Self::connect_with_env(options, &Environment::from_process())
    }

    /// [`Controller::connect`] with an explicit environment (`KUBECONFIG`, home).
    pub fn connect_with_env(
        options: &ClusterOptions,
        env: &Environment,
    ) -> Result<Controller, ClusterError> {
        check_name("--controller-namespace", &options.controller_namespace)?;
        check_name("--controller-name", &options.controller_name)?;
        let resolved = resolve(options, env)?;
        let api = ApiClient::new(resolved, options.timeout())?;
        let wanted = ServiceRef {
            namespace: options.controller_namespace.clone(),
            name: options.controller_name.clone(),
        };
        match get_service(&api, &wanted)? {
            Some(service) => {
                let port = first_port(&wanted, &service)?;
                Ok(Controller {
                    api,
                    service: wanted,
                    port,
                    note: None,
                })
            }
            None => {
                let (found, search_error) = discover(&api, &options.controller_name);
                match found.as_slice() {
                    [(only, service)] => {
                        let port = first_port(only, service)?;
                        Ok(Controller {
                            note: Some(format!("using controller service {only}")),
                            service: only.clone(),
                            port,
                            api,
                        })
                    }
                    _ => Err(ClusterError::ServiceNotFound {
                        service: wanted,
                        candidates: found.into_iter().map(|(r, _)| r).collect(),
                        search_error,
                    }),
                }
            }
        }
    }

    /// The controller's Service.
    pub fn service(&self) -> &ServiceRef {
        &self.service
    }

    /// The Service port used through the proxy: its first port's name, or number if unnamed.
    pub fn port(&self) -> &str {
        &self.port
    }

    /// The API server URL.
    pub fn server(&self) -> &str {
        self.api.server()
    }

    /// A line for stderr when the controller was found by discovery rather
    /// than by name, e.g. `using controller service sealed-secrets/sealed-secrets`.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The controller's newest sealing certificate, as PEM.
    pub fn fetch_cert(&self) -> Result<Vec<u8>, ClusterError> {
        let request = ApiRequest {
            method: Method::GET,
            path: self.proxy_path("cert.pem"),
            body: None,
            accept: "application/x-pem-file, */*",
            limit: MAX_CERT_BYTES,
        };
        let response = self.api.send(&request)?;
        if response.status != StatusCode::OK {
            return Err(self.proxy_error(&request, &response));
        }
        if !response
            .body
            .windows(b"-----BEGIN CERTIFICATE-----".len())
            .any(|w| w == b"-----BEGIN CERTIFICATE-----")
        {
            return Err(ClusterError::InvalidResponse {
                url: self.api.url(&request.path),
                reason: "the answer is not a PEM certificate".to_string(),
            });
        }
        Ok(response.body)
    }

    /// Whether the controller can decrypt this SealedSecret (JSON).
    pub fn verify(&self, sealed_json: &[u8]) -> Result<bool, ClusterError> {
        let request = self.verify_request(sealed_json);
        let response = self.api.send(&request)?;
        self.verify_answer(&request, response)
    }

    /// [`Controller::verify`] for many SealedSecrets, a bounded number at a
    /// time over kept-alive connections; the answers are in input order.
    pub fn verify_all(&self, sealed_json: &[Vec<u8>]) -> Vec<Result<bool, ClusterError>> {
        let requests: Vec<_> = sealed_json.iter().map(|b| self.verify_request(b)).collect();
        self.api
            .send_all(&requests)
            .into_iter()
            .zip(&requests)
            .map(|(response, request)| self.verify_answer(request, response?))
            .collect()
    }

    fn verify_request<'a>(&self, sealed_json: &'a [u8]) -> ApiRequest<'a> {
        ApiRequest {
            method: Method::POST,
            path: self.proxy_path("verify"),
            body: Some(sealed_json),
            accept: "application/json, */*",
            limit: MAX_SERVICE_BYTES,
        }
    }

    fn verify_answer(
        &self,
        request: &ApiRequest<'_>,
        response: ApiResponse,
    ) -> Result<bool, ClusterError> {
        match response.status {
            StatusCode::OK => Ok(true),
            StatusCode::CONFLICT => Ok(false),
            _ => Err(self.proxy_error(request, &response)),
        }
    }

    /// Has the controller re-seal this SealedSecret (JSON) with its newest key;
    /// returns the re-sealed SealedSecret as JSON, exactly as the controller sent it.
    pub fn rotate(&self, sealed_json: &[u8]) -> Result<Vec<u8>, ClusterError> {
        let request = self.rotate_request(sealed_json);
        let response = self.api.send(&request)?;
        self.rotate_answer(&request, response)
    }

    /// [`Controller::rotate`] for many SealedSecrets, a bounded number at a
    /// time over kept-alive connections; the answers are in input order.
    pub fn rotate_all(&self, sealed_json: &[Vec<u8>]) -> Vec<Result<Vec<u8>, ClusterError>> {
        let requests: Vec<_> = sealed_json.iter().map(|b| self.rotate_request(b)).collect();
        self.api
            .send_all(&requests)
            .into_iter()
            .zip(&requests)
            .map(|(response, request)| self.rotate_answer(request, response?))
            .collect()
    }

    fn rotate_request<'a>(&self, sealed_json: &'a [u8]) -> ApiRequest<'a> {
        ApiRequest {
            method: Method::POST,
            path: self.proxy_path("rotate"),
            body: Some(sealed_json),
            accept: "application/json, */*",
            limit: MAX_SEALED_BYTES,
        }
    }

    fn rotate_answer(
        &self,
        request: &ApiRequest<'_>,
        response: ApiResponse,
    ) -> Result<Vec<u8>, ClusterError> {
        match response.status {
            StatusCode::OK => {
                if serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(
                    &response.body,
                )
                .is_err()
                {
                    return Err(ClusterError::InvalidResponse {
                        url: self.api.url(&request.path),
                        reason: "the answer is not a JSON object".to_string(),
                    });
                }
                Ok(response.body)
            }
            // The controller answers 500, with no body, to every failure.
            StatusCode::INTERNAL_SERVER_ERROR if !is_api_server_status(&response.body) => {
                Err(ClusterError::RotateFailed {
                    service: self.service.clone(),
                })
            }
            _ => Err(self.proxy_error(request, &response)),
        }
    }

    fn proxy_path(&self, endpoint: &str) -> String {
        format!(
            "/api/v1/namespaces/{}/services/http:{}:{}/proxy/v1/{}",
            self.service.namespace, self.service.name, self.port, endpoint
        )
    }

    fn proxy_error(&self, request: &ApiRequest<'_>, response: &ApiResponse) -> ClusterError {
        let message = response_message(&response.body);
        match response.status {
            StatusCode::SERVICE_UNAVAILABLE if message.contains("no endpoints available") => {
                ClusterError::NoEndpoints {
                    service: self.service.clone(),
                }
            }
            StatusCode::SERVICE_UNAVAILABLE => ClusterError::ControllerUnavailable {
                service: self.service.clone(),
                message,
            },
            _ => status_error(
                &self.api,
                request,
                response,
                if request.method == Method::GET {
                    "get"
                } else {
                    "create"
                },
                "services/proxy",
                Some(&self.service.namespace),
            ),
        }
    }
}

/// The API server's own errors are `Status` objects; the controller's 500 has no body.
fn is_api_server_status(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("kind")
                .and_then(|k| k.as_str())
                .map(|k| k == "Status")
        })
        .unwrap_or(false)
}

/// 401, 403 and anything else unexpected.
pub(super) fn status_error(
    api: &ApiClient,
    request: &ApiRequest<'_>,
    response: &ApiResponse,
    verb: &str,
    resource: &str,
    namespace: Option<&str>,
) -> ClusterError {
    let message = response_message(&response.body);
    match response.status {
        StatusCode::UNAUTHORIZED => ClusterError::Unauthorized {
            server: api.server().to_string(),
            credentials: api.credentials().clone(),
        },
        StatusCode::FORBIDDEN => ClusterError::Forbidden {
            verb: verb.to_string(),
            resource: resource.to_string(),
            namespace: namespace.map(str::to_string),
            message,
        },
        status => ClusterError::UnexpectedStatus {
            url: api.url(&request.path),
            status: status.as_u16(),
            message,
        },
    }
}

/// GET the Service; `None` when it does not exist.
fn get_service(api: &ApiClient, wanted: &ServiceRef) -> Result<Option<Service>, ClusterError> {
    let request = ApiRequest {
        method: Method::GET,
        path: format!(
            "/api/v1/namespaces/{}/services/{}",
            wanted.namespace, wanted.name
        ),
        body: None,
        accept: "application/json",
        limit: MAX_SERVICE_BYTES,
    };
    let response = api.send(&request)?;
    match response.status {
        StatusCode::OK => serde_json::from_slice(&response.body)
            .map(Some)
            .map_err(|e| ClusterError::InvalidResponse {
                url: api.url(&request.path),
                reason: format!("not a Service: {e}"),
            }),
        StatusCode::NOT_FOUND => Ok(None),
        _ => Err(status_error(
            api,
            &request,
            &response,
            "get",
            "services",
            Some(&wanted.namespace),
        )),
    }
}

fn first_port(service_ref: &ServiceRef, service: &Service) -> Result<String, ClusterError> {
    let port = service
        .spec
        .as_ref()
        .and_then(|spec| spec.ports.as_ref())
        .and_then(|ports| ports.first())
        .ok_or_else(|| ClusterError::ServiceHasNoPorts {
            service: service_ref.clone(),
        })?;
    Ok(match port.name.as_deref() {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => port.port.to_string(),
    })
}

/// Lists Services in all namespaces that look like the controller. Returns
/// what was found, and why the search failed if it did (e.g. no RBAC to list
/// Services cluster-wide).
fn discover(api: &ApiClient, requested_name: &str) -> (Vec<(ServiceRef, Service)>, Option<String>) {
    let mut queries: Vec<String> = DISCOVERY_LABELS
        .iter()
        .map(|l| format!("labelSelector={}", encode_query_value(l)))
        .collect();
    let mut names = BTreeSet::new();
    names.insert(HELM_SERVICE_NAME);
    names.insert(requested_name);
    for name in names {
        queries.push(format!(
            "fieldSelector={}",
            encode_query_value(&format!("metadata.name={name}"))
        ));
    }

    let mut found: Vec<(ServiceRef, Service)> = Vec::new();
    for query in queries {
        let request = ApiRequest {
            method: Method::GET,
            path: format!("/api/v1/services?{query}"),
            body: None,
            accept: "application/json",
            limit: MAX_SERVICE_BYTES,
        };
        let response = match api.send(&request) {
            Ok(response) => response,
            Err(e) => return (found, Some(e.to_string())),
        };
        if response.status != StatusCode::OK {
            let error = status_error(api, &request, &response, "list", "services", None);
            return (found, Some(error.to_string()));
        }
        let list: List<Service> = match serde_json::from_slice(&response.body) {
            Ok(list) => list,
            Err(e) => return (found, Some(format!("invalid ServiceList: {e}"))),
        };
        for service in list.items {
            let (Some(namespace), Some(name)) = (
                service.metadata.namespace.clone(),
                service.metadata.name.clone(),
            ) else {
                continue;
            };
            if !looks_like_controller(&service) {
                continue;
            }
            let service_ref = ServiceRef { namespace, name };
            if !found.iter().any(|(r, _)| r == &service_ref) {
                found.push((service_ref, service));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    (found, None)
}

/// The Helm chart also labels its metrics Service `app.kubernetes.io/name=sealed-secrets`.
fn looks_like_controller(service: &Service) -> bool {
    let name = service.metadata.name.as_deref().unwrap_or("");
    if name.ends_with("-metrics") {
        return false;
    }
    if service
        .metadata
        .labels
        .as_ref()
        .and_then(|l| l.get("app.kubernetes.io/component"))
        .is_some_and(|c| c == "metrics")
    {
        return false;
    }
    let ports = service
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    !ports.is_empty() && !ports.iter().all(|p| p.name.as_deref() == Some("metrics"))
}

/// Namespaces and Service names are DNS labels; checking keeps them from
/// changing the shape of the request path.
pub(super) fn check_name(option: &str, value: &str) -> Result<(), ClusterError> {
    match crate::core::names::object_name_problem(value) {
        None => Ok(()),
        Some(problem) => Err(ClusterError::InvalidOption {
            option: option.to_string(),
            reason: format!("{value:?} is not a valid Kubernetes name: {problem}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(json: serde_json::Value) -> Service {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn first_port_prefers_the_name() {
        let r = ServiceRef {
            namespace: "kube-system".into(),
            name: "sealed-secrets-controller".into(),
        };
        let named =
            service(serde_json::json!({"spec": {"ports": [{"name": "http", "port": 8080}]}}));
        assert_eq!(first_port(&r, &named).unwrap(), "http");
        let unnamed = service(
            serde_json::json!({"spec": {"ports": [{"port": 8080}, {"name": "x", "port": 1}]}}),
        );
        assert_eq!(first_port(&r, &unnamed).unwrap(), "8080");
        let none = service(serde_json::json!({"spec": {}}));
        assert!(matches!(
            first_port(&r, &none),
            Err(ClusterError::ServiceHasNoPorts { .. })
        ));
    }

    #[test]
    fn metrics_services_are_not_candidates() {
        let metrics = service(serde_json::json!({
            "metadata": {"name": "sealed-secrets-metrics", "namespace": "ss"},
            "spec": {"ports": [{"name": "metrics", "port": 8081}]}
        }));
        assert!(!looks_like_controller(&metrics));
        let controller = service(serde_json::json!({
            "metadata": {"name": "sealed-secrets", "namespace": "ss"},
            "spec": {"ports": [{"port": 8080}]}
        }));
        assert!(looks_like_controller(&controller));
    }

    #[test]
    fn names_that_would_change_the_path_are_refused() {
        assert!(check_name("--controller-name", "sealed-secrets-controller").is_ok());
        for bad in ["", "a/b", "../x", "a?b", "A", "-a", "a b"] {
            assert!(check_name("--controller-name", bad).is_err(), "{bad}");
        }
    }
}
