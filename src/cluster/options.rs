//! How to reach the cluster: the plain values of kubectl's and kubeseal's
//! flags. Compiled in every build, with or without the `cluster` feature, so
//! that the command line and its resolved configuration are the same in
//! both; only the code that uses them to reach a cluster is behind the
//! feature.

use std::path::PathBuf;
use std::time::Duration;

/// The controller's Service name when none is given.
pub const DEFAULT_CONTROLLER_NAME: &str = "sealed-secrets-controller";
/// The controller's namespace when none is given.
pub const DEFAULT_CONTROLLER_NAMESPACE: &str = "kube-system";
/// Bound on each request (connect, send, read the whole answer) when none is given.
#[cfg(feature = "cluster")]
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
                        .map(|u| redact(&u))
                        .unwrap_or_else(|_| "<invalid>".into())
                }),
            )
            .field("disable_compression", &self.disable_compression)
            .field("controller_name", &self.controller_name)
            .field("controller_namespace", &self.controller_namespace)
            .finish()
    }
}

#[cfg(feature = "cluster")]
impl ClusterOptions {
    /// The request timeout in force. A zero timeout means the default.
    pub fn timeout(&self) -> Duration {
        self.request_timeout
            .filter(|t| !t.is_zero())
            .unwrap_or(DEFAULT_REQUEST_TIMEOUT)
    }
}

/// A proxy URL without its user and password, for messages and `Debug`.
pub(crate) fn redact(uri: &http::Uri) -> String {
    match uri.authority() {
        Some(a) => {
            let hostport = a.as_str().rsplit('@').next().unwrap_or("");
            format!("{}://{}", uri.scheme_str().unwrap_or(""), hostport)
        }
        None => uri.to_string(),
    }
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
        #[cfg(feature = "cluster")]
        assert_eq!(options.timeout(), Duration::from_secs(30));
    }
}
