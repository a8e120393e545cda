//! A synchronous wrapper around `kube::Client` for the few raw requests we
//! make: one deadline per attempt, a response-size cap, 429 retries, and
//! precise errors for transport, TLS and credential failures.

use std::error::Error as StdError;
use std::time::Duration;

use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use kube::client::{AuthError, Body, RustlsTlsError};

use std::sync::{Arc, Mutex};

use super::cluster_error::{CaSource, ClusterError, CredentialSource};
use super::exec::{ExecCredential, ExecPlugin};
use super::kubeconfig::{Resolved, map_kubeconfig_error};

/// How many times a request is sent while the answer is 429.
pub(crate) const MAX_ATTEMPTS: u32 = 4;
/// Requests sent at once by [`ApiClient::send_all`] (kubectl's client keeps
/// a similar handful of connections busy; more would only invite 429s).
pub(crate) const MAX_IN_FLIGHT: usize = 8;
/// First backoff delay when the 429 has no usable `Retry-After`.
const BASE_BACKOFF: Duration = Duration::from_millis(250);
/// A `Retry-After` longer than this is shortened to it.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Standard error of a failing exec plugin is cut to this many bytes.
const MAX_STDERR: usize = 4096;

/// Test hook: the longest a retry waits, in ms (`u64::MAX`: no cap).
static RETRY_DELAY_CAP_MS: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(u64::MAX);
/// The variable through which tests of the binary cap retry waits.
const RETRY_DELAY_CAP_ENV: &str = "SEALANT_TEST_RETRY_DELAY_MS";

/// For tests only: caps every wait between 429 retries in this process
/// (`Duration::ZERO`: retry at once), so no test sleeps through the real
/// backoff. The binary takes the same cap, in milliseconds, from
/// `SEALANT_TEST_RETRY_DELAY_MS`. The delays themselves are unit-tested.
#[doc(hidden)]
pub fn cap_retry_delays_for_tests(cap: Duration) {
    let ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
    RETRY_DELAY_CAP_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

/// `delay`, shortened to the test cap when one is set.
fn capped(delay: Duration) -> Duration {
    let set = RETRY_DELAY_CAP_MS.load(std::sync::atomic::Ordering::Relaxed);
    let from_env = std::env::var(RETRY_DELAY_CAP_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok());
    match from_env.map_or(set, |env| env.min(set)) {
        u64::MAX => delay,
        ms => delay.min(Duration::from_millis(ms)),
    }
}

/// One request to the API server; `path` includes the query.
pub(crate) struct ApiRequest<'a> {
    pub method: Method,
    pub path: String,
    pub body: Option<&'a [u8]>,
    pub accept: &'static str,
    /// Largest response body accepted, in bytes.
    pub limit: usize,
}

pub(crate) struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub(crate) struct ApiClient {
    runtime: tokio::runtime::Runtime,
    /// The client, and the exec credential it was built with.
    client: Mutex<(kube::Client, Option<Arc<ExecCredential>>)>,
    /// The configuration without the exec credential, to rebuild on refresh.
    config: kube::Config,
    plugin: Option<ExecPlugin>,
    server: String,
    timeout: Duration,
    ca: CaSource,
    credentials: CredentialSource,
    exec: Option<(String, Option<String>)>,
}

impl ApiClient {
    /// Builds the client; this runs the exec credential plugin, if any.
    pub fn new(resolved: Resolved, timeout: Duration) -> Result<Self, ClusterError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(ClusterError::Runtime)?;
        let Resolved {
            config,
            ca,
            credentials,
            exec,
            plugin,
        } = resolved;
        let server = config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_string();
        let credential = match &plugin {
            Some(plugin) => Some(plugin.credential()?),
            None => None,
        };
        let client = build_client(&runtime, &config, credential.as_deref(), exec.as_ref())?;
        Ok(ApiClient {
            runtime,
            client: Mutex::new((client, credential)),
            config,
            plugin,
            server,
            timeout,
            ca,
            credentials,
            exec,
        })
    }

    /// The API server URL, without a trailing slash.
    pub fn server(&self) -> &str {
        &self.server
    }

    pub fn credentials(&self) -> &CredentialSource {
        &self.credentials
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server, path)
    }

    /// The current client and the exec credential it carries.
    fn current(&self) -> (kube::Client, Option<Arc<ExecCredential>>) {
        let guard = self.client.lock().unwrap_or_else(|e| e.into_inner());
        (guard.0.clone(), guard.1.clone())
    }

    /// After a 401 with an exec credential: runs the plugin again (as
    /// client-go does) and rebuilds the client when it answered something
    /// new. Returns whether the request is worth sending again.
    fn refresh_after_401(&self, used: Option<&Arc<ExecCredential>>) -> Result<bool, ClusterError> {
        let Some(plugin) = &self.plugin else {
            return Ok(false);
        };
        let mut guard = self.client.lock().unwrap_or_else(|e| e.into_inner());
        // Another request already refreshed it.
        if let (Some(now), Some(used)) = (&guard.1, used)
            && !Arc::ptr_eq(now, used)
        {
            return Ok(true);
        }
        let fresh = plugin.refresh()?;
        if used.is_some_and(|u| **u == *fresh) {
            return Ok(false);
        }
        let client = build_client(
            &self.runtime,
            &self.config,
            Some(&fresh),
            self.exec.as_ref(),
        )?;
        *guard = (client, Some(fresh));
        Ok(true)
    }

    /// Sends the request, retrying while the answer is 429 Too Many Requests,
    /// and once with a fresh exec credential after a 401.
    /// Any other status is returned as is for the caller to interpret.
    pub fn send(&self, request: &ApiRequest<'_>) -> Result<ApiResponse, ClusterError> {
        self.runtime.block_on(self.send_async(request))
    }

    /// Sends many requests with at most [`MAX_IN_FLIGHT`] at a time over the
    /// client's kept-alive connections; the answers come back in order.
    pub fn send_all(&self, requests: &[ApiRequest<'_>]) -> Vec<Result<ApiResponse, ClusterError>> {
        use futures_util::StreamExt as _;
        self.runtime.block_on(
            futures_util::stream::iter(requests.iter().map(|r| self.send_async(r)))
                .buffered(MAX_IN_FLIGHT)
                .collect(),
        )
    }

    async fn send_async(&self, request: &ApiRequest<'_>) -> Result<ApiResponse, ClusterError> {
        {
            let mut attempt = 1;
            let mut refreshed = false;
            loop {
                let (client, credential) = self.current();
                let response = self.attempt(&client, request).await?;
                if response.status == StatusCode::UNAUTHORIZED
                    && !refreshed
                    && self.plugin.is_some()
                {
                    refreshed = true;
                    if self.refresh_after_401(credential.as_ref())? {
                        continue;
                    }
                }
                if response.status != StatusCode::TOO_MANY_REQUESTS {
                    return Ok(response);
                }
                if attempt >= MAX_ATTEMPTS {
                    return Err(ClusterError::RateLimited {
                        url: self.url(&request.path),
                        attempts: attempt,
                    });
                }
                let delay = capped(retry_delay(
                    attempt,
                    response.headers.get(header::RETRY_AFTER),
                ));
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
        }
    }

    async fn attempt(
        &self,
        client: &kube::Client,
        request: &ApiRequest<'_>,
    ) -> Result<ApiResponse, ClusterError> {
        let url = self.url(&request.path);
        let exchange = async {
            let mut builder = Request::builder()
                .method(request.method.clone())
                .uri(request.path.as_str())
                .header(header::ACCEPT, request.accept);
            let body = match request.body {
                Some(bytes) => {
                    builder = builder.header(header::CONTENT_TYPE, "application/json");
                    Body::from(bytes.to_vec())
                }
                None => Body::empty(),
            };
            let http_request = builder
                .body(body)
                .map_err(|e| ClusterError::InvalidOption {
                    option: "request".into(),
                    reason: e.to_string(),
                })?;
            let response = client
                .send(http_request)
                .await
                .map_err(|e| self.map_send_error(&e, &url))?;
            let (parts, body) = response.into_parts();
            let too_large = ClusterError::ResponseTooLarge {
                url: url.clone(),
                limit: request.limit,
            };
            if let Some(length) = parts
                .headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                && length > request.limit as u64
            {
                return Err(too_large);
            }
            let collected = Limited::new(body, request.limit)
                .collect()
                .await
                .map_err(|e| {
                    if e.downcast_ref::<LengthLimitError>().is_some() {
                        too_large
                    } else {
                        self.map_chain(&*e, &url)
                    }
                })?;
            Ok(ApiResponse {
                status: parts.status,
                headers: parts.headers,
                body: collected.to_bytes().to_vec(),
            })
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(ClusterError::Timeout {
                url,
                timeout: self.timeout,
            }),
        }
    }

    fn map_send_error(&self, error: &kube::Error, url: &str) -> ClusterError {
        match error {
            kube::Error::Auth(e) => map_auth_error(e, self.exec.as_ref()),
            other => self.map_chain(other, url),
        }
    }

    /// Classifies a transport error by walking its chain of causes.
    fn map_chain(&self, error: &(dyn StdError + 'static), url: &str) -> ClusterError {
        let mut current: Option<&(dyn StdError + 'static)> = Some(error);
        while let Some(e) = current {
            if let Some(auth) = e.downcast_ref::<AuthError>() {
                return map_auth_error(auth, self.exec.as_ref());
            }
            if let Some(tls) = find_rustls_error(e) {
                return self.map_tls(tls, url);
            }
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::TimedOut
            {
                // kube's connect timeout: kubectl's TLS handshake limit.
                return ClusterError::Timeout {
                    url: url.to_string(),
                    timeout: self.timeout.min(super::kubeconfig::TLS_HANDSHAKE_TIMEOUT),
                };
            }
            current = e.source();
        }
        ClusterError::Connect {
            url: url.to_string(),
            reason: chain_text(error),
        }
    }

    fn map_tls(&self, error: &rustls::Error, url: &str) -> ClusterError {
        match error {
            rustls::Error::InvalidCertificate(reason) => ClusterError::TlsUntrusted {
                url: url.to_string(),
                ca: self.ca.clone(),
                reason: describe_certificate_error(reason),
            },
            rustls::Error::AlertReceived(alert) => ClusterError::TlsHandshake {
                url: url.to_string(),
                reason: format!("the server sent the TLS alert {alert:?}"),
                credentials: self.credentials.clone(),
            },
            other => ClusterError::TlsHandshake {
                url: url.to_string(),
                reason: other.to_string(),
                credentials: self.credentials.clone(),
            },
        }
    }
}

/// Builds the kube client with the exec credential (if any) in place of the plugin.
fn build_client(
    runtime: &tokio::runtime::Runtime,
    config: &kube::Config,
    credential: Option<&ExecCredential>,
    exec: Option<&(String, Option<String>)>,
) -> Result<kube::Client, ClusterError> {
    let mut config = config.clone();
    match credential {
        Some(ExecCredential::Token(token)) => {
            config.auth_info.token = Some(token.clone());
            config.auth_info.token_file = None;
        }
        Some(ExecCredential::Certificate { cert, key }) => {
            use base64::Engine as _;
            use secrecy::ExposeSecret;
            let b64 = base64::engine::general_purpose::STANDARD;
            config.auth_info.client_certificate = None;
            config.auth_info.client_key = None;
            config.auth_info.client_certificate_data = Some(b64.encode(cert));
            config.auth_info.client_key_data =
                Some(secrecy::SecretString::from(b64.encode(key.expose_secret())));
        }
        None => {}
    }
    // kube spawns its request buffer on the current runtime.
    let _guard = runtime.enter();
    kube::Client::try_from(config).map_err(|e| map_build_error(e, exec))
}

/// A rustls error, possibly inside (nested) `io::Error`s, whose payload
/// `source()` does not reveal.
fn find_rustls_error<'a>(error: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let io = error.downcast_ref::<std::io::Error>()?;
    find_rustls_error(io.get_ref()?)
}

fn describe_certificate_error(error: &rustls::CertificateError) -> String {
    use rustls::CertificateError as C;
    match error {
        C::UnknownIssuer => "signed by an unknown authority".to_string(),
        C::NotValidForNameContext {
            expected,
            presented,
        } => {
            let host = match expected {
                rustls::pki_types::ServerName::DnsName(name) => name.as_ref().to_string(),
                rustls::pki_types::ServerName::IpAddress(ip) => {
                    std::net::IpAddr::from(*ip).to_string()
                }
                other => format!("{other:?}"),
            };
            let names = if presented.is_empty() {
                "no names".to_string()
            } else {
                presented
                    .iter()
                    .map(|n| presented_name(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "it is valid for {names}, not {host}; connect by one of those names, or set \
                 tls-server-name in the kubeconfig (or --tls-server-name)"
            )
        }
        C::NotValidForName => "not valid for this host name".to_string(),
        C::Expired | C::ExpiredContext { .. } => "expired".to_string(),
        C::NotValidYet | C::NotValidYetContext { .. } => "not valid yet".to_string(),
        C::Revoked => "revoked".to_string(),
        // What a CA with the same name but another key gives (kubeadm CAs
        // are all called "kubernetes"): a rotated or another cluster's CA.
        C::BadSignature => {
            "its signature does not match the trusted CA of the same name (rotated CA, or another cluster's?)"
                .to_string()
        }
        other => format!("{other:?}"),
    }
}

/// rustls names the certificate's names as `DnsName("x")` / `IpAddress(1.2.3.4)`.
fn presented_name(name: &str) -> String {
    for prefix in ["DnsName(", "IpAddress(", "UriName(", "Other("] {
        if let Some(inner) = name.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')) {
            return inner.trim_matches('"').to_string();
        }
    }
    name.to_string()
}

/// Error messages of a chain joined with ": ", without repeats.
fn chain_text(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// Errors of `kube::Client::try_from`: credentials, client certificates, proxies.
fn map_build_error(error: kube::Error, exec: Option<&(String, Option<String>)>) -> ClusterError {
    match error {
        kube::Error::Auth(e) => map_auth_error(&e, exec),
        kube::Error::InferKubeconfig(e) => map_kubeconfig_error(e),
        kube::Error::RustlsTls(e) => match e {
            RustlsTlsError::AddRootCertificate(_) => ClusterError::KubeconfigInvalid {
                reason: format!("certificate-authority: {e}"),
            },
            RustlsTlsError::NoValidNativeRootCA(_) => ClusterError::KubeconfigInvalid {
                reason: format!(
                    "{e}; add certificate-authority to the kubeconfig or pass --certificate-authority"
                ),
            },
            RustlsTlsError::InvalidServerName(_) => ClusterError::KubeconfigInvalid {
                reason: format!("tls-server-name: {e}"),
            },
            other => ClusterError::Credentials {
                reason: format!("client certificate/key: {other}"),
            },
        },
        e @ (kube::Error::ProxyProtocolUnsupported { .. }
        | kube::Error::ProxyProtocolDisabled { .. }) => ClusterError::Proxy {
            reason: e.to_string(),
        },
        other => ClusterError::KubeconfigInvalid {
            reason: other.to_string(),
        },
    }
}

/// Credential errors; never includes a token or the plugin's standard output.
fn map_auth_error(error: &AuthError, exec: Option<&(String, Option<String>)>) -> ClusterError {
    let command = exec.map(|(c, _)| c.clone()).unwrap_or_default();
    let install_hint = exec.and_then(|(_, h)| h.clone());
    let plugin = |reason: String, stderr: Option<String>| ClusterError::ExecPlugin {
        command: command.clone(),
        reason,
        stderr,
        install_hint: install_hint.clone(),
    };
    match error {
        AuthError::AuthExecStart(io) => plugin(format!("cannot run it: {io}"), None),
        AuthError::AuthExecRun { out, .. } => {
            let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
            let stderr = (!stderr.is_empty()).then(|| truncate(&stderr, MAX_STDERR));
            plugin(format!("it exited with {}", out.status), stderr)
        }
        AuthError::AuthExecParse(_) => plugin(
            "its output is not an ExecCredential (JSON with status.token or client certificate data)"
                .to_string(),
            None,
        ),
        AuthError::ExecPluginFailed => plugin("its ExecCredential has no status".to_string(), None),
        AuthError::MissingCommand => plugin("the kubeconfig sets no command".to_string(), None),
        AuthError::MalformedTokenExpirationDate(e) => {
            plugin(format!("its expirationTimestamp is invalid: {e}"), None)
        }
        AuthError::UnrefreshableTokenResponse => {
            plugin("it returned a credential that cannot be refreshed".to_string(), None)
        }
        AuthError::ExecMissingClusterInfo => {
            plugin("provideClusterInfo is set but the cluster is unknown".to_string(), None)
        }
        AuthError::AuthExecSerialize(e) => plugin(format!("cannot prepare its input: {e}"), None),
        AuthError::AuthExec(reason) => plugin(reason.clone(), None),
        AuthError::ReadTokenFile(io, path) => ClusterError::Credentials {
            reason: format!("cannot read token file {}: {io}", path.display()),
        },
        AuthError::InvalidBearerToken(_) => ClusterError::Credentials {
            reason: "the bearer token contains characters not allowed in an HTTP header".to_string(),
        },
        AuthError::InvalidBasicAuth(_) => ClusterError::Credentials {
            reason: "the username/password cannot be sent in an HTTP header".to_string(),
        },
        other => ClusterError::Credentials {
            reason: other.to_string(),
        },
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Delay before attempt `attempt + 1`: the server's `Retry-After` (seconds)
/// when given, else exponential backoff from [`BASE_BACKOFF`].
pub(crate) fn retry_delay(attempt: u32, retry_after: Option<&http::HeaderValue>) -> Duration {
    if let Some(seconds) = retry_after
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Duration::from_secs(seconds).min(MAX_RETRY_AFTER);
    }
    BASE_BACKOFF * 2u32.saturating_pow(attempt.saturating_sub(1))
}

/// The `message` of a Kubernetes `Status` body, else the body as text,
/// shortened and on one line.
pub(crate) fn response_message(body: &[u8]) -> String {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body)
        && let Some(message) = value.get("message").and_then(|m| m.as_str())
    {
        return one_line(message);
    }
    one_line(&String::from_utf8_lossy(body))
}

fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&joined, 300)
}

/// Percent-encodes a query parameter value (everything but RFC 3986 unreserved).
pub(crate) fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_win_over_backoff() {
        let one = http::HeaderValue::from_static("1");
        assert_eq!(retry_delay(1, Some(&one)), Duration::from_secs(1));
        let huge = http::HeaderValue::from_static("86400");
        assert_eq!(retry_delay(1, Some(&huge)), MAX_RETRY_AFTER);
        let date = http::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry_delay(1, Some(&date)), Duration::from_millis(250));
    }

    #[test]
    fn backoff_doubles() {
        let delays: Vec<_> = (1..MAX_ATTEMPTS).map(|a| retry_delay(a, None)).collect();
        assert_eq!(
            delays,
            vec![
                Duration::from_millis(250),
                Duration::from_millis(500),
                Duration::from_millis(1000)
            ]
        );
    }

    #[test]
    fn status_message_is_extracted() {
        let body = br#"{"kind":"Status","apiVersion":"v1","status":"Failure",
            "message":"no endpoints available for service \"x\"","reason":"ServiceUnavailable","code":503}"#;
        assert_eq!(
            response_message(body),
            "no endpoints available for service \"x\""
        );
        assert_eq!(
            response_message(b"404 page\n not found\n"),
            "404 page not found"
        );
        let long = "x".repeat(1000);
        assert!(response_message(long.as_bytes()).chars().count() <= 301);
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            encode_query_value("app.kubernetes.io/name=sealed-secrets"),
            "app.kubernetes.io%2Fname%3Dsealed-secrets"
        );
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate("héllo", 2), "h…");
        assert_eq!(truncate("abc", 3), "abc");
    }
}
