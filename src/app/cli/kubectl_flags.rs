//! kubectl's flags for reaching the cluster and the controller
//! (`ClusterArgs`), shared by every command that may talk to the cluster.

use super::*;

/// How to reach the cluster and the controller (kubectl's and kubeseal's flags).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Cluster (used when no --cert is given)")]
pub struct ClusterArgs {
    /// Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config).
    #[arg(long, value_name = "FILE", env = "SEALED_SECRETS_KUBECONFIG")]
    pub kubeconfig: Option<PathBuf>,

    /// The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given).
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_CONTEXT")]
    pub context: Vec<String>,

    /// The kubeconfig cluster to use.
    #[arg(long = "cluster", value_name = "NAME", env = "SEALED_SECRETS_CLUSTER")]
    pub cluster_name: Option<String>,

    /// The kubeconfig user to use.
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_USER")]
    pub user: Option<String>,

    /// The API server's URL.
    #[arg(short = 's', long, value_name = "URL", env = "SEALED_SECRETS_SERVER")]
    pub server: Option<String>,

    /// Username to impersonate for the operation (sends Impersonate-User, as kubectl).
    #[arg(long = "as", value_name = "USER", env = "SEALED_SECRETS_AS")]
    pub impersonate: Option<String>,

    /// Group to impersonate for the operation; repeat it for several groups.
    #[arg(long = "as-group", value_name = "GROUP")]
    pub impersonate_groups: Vec<String>,

    /// UID to impersonate for the operation.
    #[arg(long = "as-uid", value_name = "UID", env = "SEALED_SECRETS_AS_UID")]
    pub impersonate_uid: Option<String>,

    /// Username for basic authentication to the API server.
    #[arg(long, value_name = "USER", env = "SEALED_SECRETS_USERNAME")]
    pub username: Option<String>,

    /// Password for basic authentication (visible to other users in argv: prefer the kubeconfig).
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "SEALED_SECRETS_PASSWORD",
        hide_env_values = true
    )]
    pub password: Option<String>,

    /// Server name to check the API server's certificate against (default: the server URL's host).
    #[arg(long, value_name = "NAME", env = "SEALED_SECRETS_TLS_SERVER_NAME")]
    pub tls_server_name: Option<String>,

    /// Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY).
    #[arg(long, value_name = "URL", env = "SEALED_SECRETS_PROXY_URL")]
    pub proxy_url: Option<String>,

    /// Ask the API server for uncompressed responses.
    #[arg(long, env = "SEALED_SECRETS_DISABLE_COMPRESSION")]
    pub disable_compression: bool,

    /// A bearer token for the API server (visible to other users in argv: prefer the kubeconfig).
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SEALED_SECRETS_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// A PEM file of CA certificates for the API server.
    #[arg(
        long,
        value_name = "FILE",
        env = "SEALED_SECRETS_CERTIFICATE_AUTHORITY"
    )]
    pub certificate_authority: Option<PathBuf>,

    /// A client certificate file for TLS authentication.
    #[arg(long, value_name = "FILE", env = "SEALED_SECRETS_CLIENT_CERTIFICATE")]
    pub client_certificate: Option<PathBuf>,

    /// The client certificate's key file.
    #[arg(long, value_name = "FILE", env = "SEALED_SECRETS_CLIENT_KEY")]
    pub client_key: Option<PathBuf>,

    /// Do not verify the API server's certificate (insecure).
    #[arg(long, env = "SEALED_SECRETS_INSECURE_SKIP_TLS_VERIFY")]
    pub insecure_skip_tls_verify: bool,

    /// Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s).
    #[arg(long, value_name = "DURATION", value_parser = parse_timeout, env = "SEALED_SECRETS_REQUEST_TIMEOUT")]
    pub request_timeout: Option<std::time::Duration>,

    /// Name of the controller's Service.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "sealed-secrets-controller",
        env = "SEALED_SECRETS_CONTROLLER_NAME"
    )]
    pub controller_name: String,

    /// Namespace of the controller's Service.
    #[arg(
        long,
        value_name = "NAMESPACE",
        default_value = "kube-system",
        env = "SEALED_SECRETS_CONTROLLER_NAMESPACE"
    )]
    pub controller_namespace: String,
}

pub(super) fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(std::time::Duration::from_secs(secs));
    }
    humantime::parse_duration(s)
        .map_err(|e| format!("'{s}' is not a duration such as 30s or 1m ({e})"))
}
