//! Reaching the sealed-secrets controller through the Kubernetes API server's
//! service proxy, with kubectl's rules for finding the cluster and credentials.
//!
//! The API is synchronous; a small tokio runtime lives inside [`Controller`]
//! (so do not call it from inside another async runtime).
//!
//! ```no_run
//! use sealant::cluster::{ClusterOptions, Controller};
//!
//! let options = ClusterOptions::default();
//! let controller = Controller::connect(&options)?;
//! if let Some(note) = controller.note() {
//!     eprintln!("{note}");
//! }
//! let pem = controller.fetch_cert()?;
//! # Ok::<(), sealant::cluster::ClusterError>(())
//! ```
//!
//! Kubeconfig parsing and merging, tokens, client certificates and the
//! in-cluster service account are kube's (`kube::config`); this module picks
//! the files like kubectl, applies the flags, refuses what kubectl refuses,
//! and turns failures into [`ClusterError`]s with hints.
//!
//! Notes for callers:
//! - Read standard input before [`Controller::connect`]: an exec credential
//!   plugin that is interactive (`IfAvailable` with a terminal, `Always`)
//!   inherits stdin (as with kubectl) and runs during `connect`.
//! - Exec plugins are run by this module, not by kube, once per process:
//!   the credential is cached and refreshed once on a 401 (`exec.rs`).
//! - Proxies: `proxy-url` (or `--proxy-url`) as is (http, https, socks5);
//!   else `HTTPS_PROXY`/`HTTP_PROXY` by the server's scheme, with `NO_PROXY`
//!   matched against the API server as Go does (`proxy.rs`).
//!
//! Tests: `tests/it/support/fake_apiserver.rs` is a fake API server + controller
//! that integration tests include with `mod support;`.

mod client;
mod controller;
mod error;
mod exec;
mod keys;
mod kubeconfig;
mod proxy;

use std::path::PathBuf;
use std::time::Duration;

#[doc(hidden)]
pub use client::cap_retry_delays_for_tests;
pub use controller::{Controller, MAX_CERT_BYTES, MAX_SEALED_BYTES};
pub use error::{CaSource, ClusterError, CredentialSource, ServiceRef};
pub use keys::{
    KEY_LABEL, fetch_backup, fetch_key_secrets, fetch_key_secrets_with_env, load_key_ring,
};
pub use kubeconfig::{Environment, context_names_with_env};

/// The names of every context of the kubeconfig (from the process environment).
pub fn context_names(options: &ClusterOptions) -> Result<Vec<String>, ClusterError> {
    context_names_with_env(options, &Environment::from_process())
}
pub use proxy::ProxyEnv;

/// The controller's Service name when none is given.
pub const DEFAULT_CONTROLLER_NAME: &str = "sealed-secrets-controller";
/// The controller's namespace when none is given.
pub const DEFAULT_CONTROLLER_NAMESPACE: &str = "kube-system";
/// Bound on each request (connect, send, read the whole answer) when none is given.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How to reach the cluster and the controller; mirrors kubectl's and
/// kubeseal's flags. `Default` gives kubeseal's defaults. `Debug` hides the token.
#[derive(Clone, PartialEq, Eq)]
pub struct ClusterOptions {
    /// `--kubeconfig`; else `KUBECONFIG` (several files, merged, first wins), else `~/.kube/config`.
    pub kubeconfig: Option<PathBuf>,
    /// `--context`; else the kubeconfig's current-context.
    pub context: Option<String>,
    /// `--cluster`: use this kubeconfig cluster instead of the context's.
    pub cluster: Option<String>,
    /// `--user`: use this kubeconfig user instead of the context's.
    pub user: Option<String>,
    /// `-n/--namespace` of kubectl (the namespace of Secrets, not the controller's).
    pub namespace: Option<String>,
    /// `--server`: the API server URL.
    pub server: Option<String>,
    /// `--token`: a bearer token; replaces the kubeconfig user's credentials.
    pub token: Option<String>,
    /// `--certificate-authority`: a PEM file of CA certificates for the API server.
    pub certificate_authority: Option<PathBuf>,
    /// `--client-certificate` (with `client_key`).
    pub client_certificate: Option<PathBuf>,
    /// `--client-key` (with `client_certificate`).
    pub client_key: Option<PathBuf>,
    /// `--insecure-skip-tls-verify`; the kubeconfig's own setting is honoured too.
    pub insecure_skip_tls_verify: bool,
    /// `--request-timeout`: bound on each request; [`DEFAULT_REQUEST_TIMEOUT`] when `None`.
    pub request_timeout: Option<Duration>,
    /// `--username` (basic auth; replaces the kubeconfig user's credentials).
    pub username: Option<String>,
    /// `--password` (basic auth).
    pub password: Option<String>,
    /// `--as`: the user to impersonate (`Impersonate-User`).
    pub impersonate: Option<String>,
    /// `--as-group` (repeatable): groups to impersonate (`Impersonate-Group`).
    pub impersonate_groups: Vec<String>,
    /// `--as-uid`: the UID to impersonate (`Impersonate-Uid`).
    pub impersonate_uid: Option<String>,
    /// `--tls-server-name`: the name to check the server's certificate against.
    pub tls_server_name: Option<String>,
    /// `--proxy-url`: wins over the kubeconfig's `proxy-url` and the environment.
    pub proxy_url: Option<String>,
    /// `--disable-compression`: no gzip for responses.
    pub disable_compression: bool,
    /// `--controller-name`.
    pub controller_name: String,
    /// `--controller-namespace`.
    pub controller_namespace: String,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            kubeconfig: None,
            context: None,
            cluster: None,
            user: None,
            namespace: None,
            server: None,
            token: None,
            certificate_authority: None,
            client_certificate: None,
            client_key: None,
            insecure_skip_tls_verify: false,
            request_timeout: None,
            username: None,
            password: None,
            impersonate: None,
            impersonate_groups: Vec::new(),
            impersonate_uid: None,
            tls_server_name: None,
            proxy_url: None,
            disable_compression: false,
            controller_name: DEFAULT_CONTROLLER_NAME.to_string(),
            controller_namespace: DEFAULT_CONTROLLER_NAMESPACE.to_string(),
        }
    }
}

impl std::fmt::Debug for ClusterOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterOptions")
            .field("kubeconfig", &self.kubeconfig)
            .field("context", &self.context)
            .field("cluster", &self.cluster)
            .field("user", &self.user)
            .field("namespace", &self.namespace)
            .field("server", &self.server)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("certificate_authority", &self.certificate_authority)
            .field("client_certificate", &self.client_certificate)
            .field("client_key", &self.client_key)
            .field("insecure_skip_tls_verify", &self.insecure_skip_tls_verify)
            .field("request_timeout", &self.request_timeout)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("impersonate", &self.impersonate)
            .field("impersonate_groups", &self.impersonate_groups)
            .field("impersonate_uid", &self.impersonate_uid)
            .field("tls_server_name", &self.tls_server_name)
            .field(
                "proxy_url",
                &self.proxy_url.as_ref().map(|p| {
                    p.parse::<http::Uri>()
                        .map(|u| proxy::redact(&u))
                        .unwrap_or_else(|_| "<invalid>".into())
                }),
            )
            .field("disable_compression", &self.disable_compression)
            .field("controller_name", &self.controller_name)
            .field("controller_namespace", &self.controller_namespace)
            .finish()
    }
}

impl ClusterOptions {
    /// The request timeout in force. A zero timeout means the default.
    pub fn timeout(&self) -> Duration {
        self.request_timeout
            .filter(|t| !t.is_zero())
            .unwrap_or(DEFAULT_REQUEST_TIMEOUT)
    }
}

/// The namespace kubectl would use for a Secret without one: `-n`, else the
/// current (or `--context`) context's namespace, else `default` when a
/// kubeconfig exists; `None` when there is no kubeconfig at all (inside a
/// pod, the service account's namespace).
pub fn default_namespace(options: &ClusterOptions) -> Result<Option<String>, ClusterError> {
    kubeconfig::default_namespace(options, &Environment::from_process())
}

/// [`default_namespace`] with an explicit environment (`KUBECONFIG`, home).
pub fn default_namespace_with_env(
    options: &ClusterOptions,
    env: &Environment,
) -> Result<Option<String>, ClusterError> {
    kubeconfig::default_namespace(options, env)
}

/// Parses kubeconfig text and resolves its current context into a client
/// configuration without touching the network, the file system or any
/// credential plugin (paths and plugins named in the text are ignored).
/// Used by the `kubeconfig` fuzz target.
pub fn parse_kubeconfig_text(text: &str) -> Result<(), ClusterError> {
    kubeconfig::parse_kubeconfig_text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_token() {
        let options = ClusterOptions {
            token: Some("s3cr3t".into()),
            ..Default::default()
        };
        let text = format!("{options:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }

    #[test]
    fn defaults_are_kubeseal_defaults() {
        let options = ClusterOptions::default();
        assert_eq!(options.controller_name, "sealed-secrets-controller");
        assert_eq!(options.controller_namespace, "kube-system");
        assert_eq!(options.timeout(), Duration::from_secs(30));
    }

    #[test]
    fn kubeconfig_text_resolves_offline_and_ignores_paths_and_plugins() {
        let ok = "apiVersion: v1\nkind: Config\ncurrent-context: dev\n\
                  clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443', \
                  certificate-authority: /nonexistent/ca.pem}}]\n\
                  contexts: [{name: dev, context: {cluster: c, user: u}}]\n\
                  users: [{name: u, user: {exec: {command: /bin/false, apiVersion: \
                  client.authentication.k8s.io/v1}, token-file: /nonexistent/token}}]\n";
        parse_kubeconfig_text(ok).unwrap();
        let missing = "apiVersion: v1\nkind: Config\ncurrent-context: dev\n\
                       contexts: [{name: dev, context: {cluster: nope}}]\n";
        assert!(matches!(
            parse_kubeconfig_text(missing),
            Err(ClusterError::ClusterNotFound { .. })
        ));
        assert!(matches!(
            parse_kubeconfig_text("apiVersion: v1\nkind: Config\n"),
            Err(ClusterError::NoCurrentContext { .. })
        ));
        assert!(matches!(
            parse_kubeconfig_text("clusters: ["),
            Err(ClusterError::KubeconfigLoad { .. })
        ));
    }
}
