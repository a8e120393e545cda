//! Errors of cluster access, each with a hint that says what to do next.
//!
//! No variant ever carries a token, a password or key material: messages name
//! where a credential came from, never its value.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A Service that looks like a sealed-secrets controller.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceRef {
    pub namespace: String,
    pub name: String,
}

impl fmt::Display for ServiceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// Where the credentials sent to the API server came from (never their value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// No credentials at all.
    None,
    /// `--token`.
    TokenFlag,
    /// `token:` of a kubeconfig user.
    KubeconfigToken { user: String },
    /// A token file (`tokenFile:`, or the in-cluster service account token).
    TokenFile { path: PathBuf },
    /// `--client-certificate`/`--client-key`.
    ClientCertificateFlag,
    /// `client-certificate(-data)`/`client-key(-data)` of a kubeconfig user.
    KubeconfigClientCertificate { user: String },
    /// An exec credential plugin (EKS, GKE, AKS, kubelogin, ...).
    Exec { command: String },
    /// A legacy `auth-provider:` (gcp, oidc, ...).
    AuthProvider { name: String },
    /// Username and password of a kubeconfig user.
    Basic { user: String },
}

impl fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::None => f.write_str("no credentials"),
            CredentialSource::TokenFlag => f.write_str("the bearer token given with --token"),
            CredentialSource::KubeconfigToken { user } => {
                write!(f, "the bearer token of kubeconfig user \"{user}\"")
            }
            CredentialSource::TokenFile { path } => {
                write!(f, "the bearer token in {}", path.display())
            }
            CredentialSource::ClientCertificateFlag => {
                f.write_str("the client certificate given with --client-certificate")
            }
            CredentialSource::KubeconfigClientCertificate { user } => {
                write!(f, "the client certificate of kubeconfig user \"{user}\"")
            }
            CredentialSource::Exec { command } => {
                write!(f, "the credential from exec plugin `{command}`")
            }
            CredentialSource::AuthProvider { name } => {
                write!(f, "the credential from auth-provider \"{name}\"")
            }
            CredentialSource::Basic { user } => {
                write!(f, "the username/password of kubeconfig user \"{user}\"")
            }
        }
    }
}

/// Which roots were trusted to verify the API server's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaSource {
    /// `--certificate-authority FILE`.
    Flag { path: PathBuf },
    /// `certificate-authority-data` of a kubeconfig cluster.
    KubeconfigData { cluster: String },
    /// `certificate-authority: FILE` of a kubeconfig cluster.
    KubeconfigFile { cluster: String, path: PathBuf },
    /// The service account's `ca.crt` (in-cluster).
    InCluster { path: PathBuf },
    /// No CA configured: the operating system's trust store.
    SystemRoots,
    /// `insecure-skip-tls-verify`: nothing is verified.
    InsecureSkipVerify,
}

impl fmt::Display for CaSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaSource::Flag { path } => {
                write!(f, "--certificate-authority {}", path.display())
            }
            CaSource::KubeconfigData { cluster } => write!(
                f,
                "certificate-authority-data of kubeconfig cluster \"{cluster}\""
            ),
            CaSource::KubeconfigFile { cluster, path } => write!(
                f,
                "certificate-authority {} of kubeconfig cluster \"{cluster}\"",
                path.display()
            ),
            CaSource::InCluster { path } => {
                write!(f, "the service account CA {}", path.display())
            }
            CaSource::SystemRoots => {
                f.write_str("the system's trusted roots (no CA in the kubeconfig)")
            }
            CaSource::InsecureSkipVerify => f.write_str("none (insecure-skip-tls-verify)"),
        }
    }
}

/// Everything that can go wrong while reaching the sealed-secrets controller.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    #[error("no kubeconfig found (looked at: {})", paths(searched))]
    NoKubeconfig { searched: Vec<PathBuf> },

    #[error("cannot load kubeconfig {}: {reason}", path.display())]
    KubeconfigLoad { path: PathBuf, reason: String },

    #[error("invalid kubeconfig: {reason}")]
    KubeconfigInvalid { reason: String },

    /// A configuration kubectl refuses too (with its reason).
    #[error("invalid configuration: {reason}")]
    KubeconfigRefused { reason: String, hint: String },

    #[error("context \"{context}\" not found in the kubeconfig")]
    ContextNotFound {
        context: String,
        available: Vec<String>,
    },

    #[error("the kubeconfig has no current-context")]
    NoCurrentContext { available: Vec<String> },

    #[error("cluster \"{cluster}\" not found in the kubeconfig")]
    ClusterNotFound {
        cluster: String,
        available: Vec<String>,
    },

    #[error("user \"{user}\" not found in the kubeconfig")]
    UserNotFound {
        user: String,
        available: Vec<String>,
    },

    #[error("invalid {option}: {reason}")]
    InvalidOption { option: String, reason: String },

    #[error("cannot use the in-cluster configuration: {reason}")]
    InCluster { reason: String },

    #[error("cannot load credentials: {reason}")]
    Credentials { reason: String },

    #[error("exec credential plugin `{command}` failed: {reason}")]
    ExecPlugin {
        command: String,
        reason: String,
        /// The start of the plugin's standard error, if it wrote any; it was
        /// also shown to the user as it was written (as kubectl does), so the
        /// message does not repeat it.
        stderr: Option<String>,
        install_hint: Option<String>,
    },

    #[error("proxy: {reason}")]
    Proxy { reason: String },

    #[error("cannot connect to {url}: {reason}")]
    Connect { url: String, reason: String },

    #[error("TLS: the certificate of {url} is not trusted ({reason}); trusted CA: {ca}")]
    TlsUntrusted {
        url: String,
        ca: CaSource,
        reason: String,
    },

    #[error("TLS handshake with {url} failed: {reason}")]
    TlsHandshake {
        url: String,
        reason: String,
        credentials: CredentialSource,
    },

    #[error("no answer from {url} within {} (request timeout)", secs(timeout))]
    Timeout { url: String, timeout: Duration },

    #[error("the API server {server} rejected {credentials} (401 Unauthorized)")]
    Unauthorized {
        server: String,
        credentials: CredentialSource,
    },

    #[error(
        "forbidden (403): cannot {verb} {resource} {}: {message}",
        scope(namespace)
    )]
    Forbidden {
        verb: String,
        resource: String,
        namespace: Option<String>,
        message: String,
    },

    #[error("controller service {service} not found{}", found_suffix(candidates))]
    ServiceNotFound {
        service: ServiceRef,
        candidates: Vec<ServiceRef>,
        /// Why the search in other namespaces could not be done, if it failed.
        search_error: Option<String>,
    },

    #[error("controller service {service} has no ports")]
    ServiceHasNoPorts { service: ServiceRef },

    #[error(
        "no endpoints available for controller service {service}: the controller pod is not running or not ready"
    )]
    NoEndpoints { service: ServiceRef },

    #[error("the controller behind service {service} is unreachable (503): {message}")]
    ControllerUnavailable {
        service: ServiceRef,
        message: String,
    },

    #[error("still rate limited (429) by {url} after {attempts} attempts")]
    RateLimited { url: String, attempts: u32 },

    #[error("the controller could not decrypt or re-seal this SealedSecret")]
    RotateFailed { service: ServiceRef },

    #[error("the response from {url} is larger than {limit} bytes")]
    ResponseTooLarge { url: String, limit: usize },

    #[error(
        "unexpected response from {url}: HTTP {status}{}",
        message_suffix(message)
    )]
    UnexpectedStatus {
        url: String,
        status: u16,
        message: String,
    },

    #[error("invalid response from {url}: {reason}")]
    InvalidResponse { url: String, reason: String },

    #[error("cannot start the network runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

/// A cluster failure as sealant's error: the message and hint, exit code 7.
impl From<ClusterError> for crate::error::Error {
    fn from(e: ClusterError) -> Self {
        crate::error::Error::Cluster {
            message: e.to_string(),
            hint: e.hint(),
        }
    }
}

impl ClusterError {
    /// What the user can do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        use ClusterError::*;
        Some(match self {
            NoKubeconfig { .. } => "pass --kubeconfig FILE, set KUBECONFIG, or create ~/.kube/config \
                 (e.g. with your cloud's `get-credentials` command); to work offline, seal with --cert FILE, \
                 and reseal or validate with --key FILE"
                .to_string(),
            KubeconfigLoad { .. } | KubeconfigInvalid { .. } => {
                "fix the kubeconfig, or check it with `kubectl config view`".to_string()
            }
            ContextNotFound { available, .. } => format!(
                "pick one with --context NAME ({}); `kubectl config get-contexts` lists them",
                list_or_none(available)
            ),
            NoCurrentContext { available } => format!(
                "pass --context NAME ({}) or run `kubectl config use-context NAME`",
                list_or_none(available)
            ),
            ClusterNotFound { available, .. } => {
                format!("clusters in the kubeconfig: {}", list_or_none(available))
            }
            UserNotFound { available, .. } => {
                format!("users in the kubeconfig: {}", list_or_none(available))
            }
            InvalidOption { .. } => return None,
            InCluster { .. } => "outside a pod, pass --kubeconfig or set KUBECONFIG".to_string(),
            Credentials { .. } => {
                "check the token/client certificate settings of the kubeconfig user (or the flags)"
                    .to_string()
            }
            ExecPlugin {
                command,
                reason,
                install_hint,
                ..
            } => {
                if reason.contains("not found") && install_hint.is_some() {
                    format!(
                        "install `{command}` as its install hint above says, or fix exec.command in the kubeconfig"
                    )
                } else if reason.contains("not found") || reason.contains("fork/exec") {
                    format!("install `{command}`, or fix exec.command in the kubeconfig")
                } else {
                    format!(
                        "run `{command}` by hand to see why it fails; you may need to log in again \
                         (aws sso login, gcloud auth login, az login, kubelogin ...)"
                    )
                }
            }
            KubeconfigRefused { hint, .. } => hint.clone(),
            Proxy { .. } => "check proxy-url in the kubeconfig and HTTPS_PROXY/NO_PROXY; \
                 supported schemes are http, https and socks5"
                .to_string(),
            Connect { .. } => "is the API server reachable from here? check the server URL in the \
                 kubeconfig, your VPN, and proxy-url/HTTPS_PROXY"
                .to_string(),
            TlsUntrusted { ca, .. } => match ca {
                CaSource::SystemRoots => "the kubeconfig has no certificate-authority for this cluster; \
                     add certificate-authority(-data) or pass --certificate-authority FILE"
                    .to_string(),
                _ => format!(
                    "the server's certificate does not chain to {ca}, or is not valid for this host name; \
                     refresh the kubeconfig (the cluster CA may have been rotated) or pass \
                     --certificate-authority FILE"
                ),
            },
            TlsHandshake { credentials, .. } => match credentials {
                CredentialSource::ClientCertificateFlag
                | CredentialSource::KubeconfigClientCertificate { .. } => format!(
                    "the server may have refused {credentials} (expired, or issued by another CA?); \
                     check that the server URL really is an HTTPS Kubernetes API server"
                ),
                _ => "check that the server URL really is an HTTPS Kubernetes API server".to_string(),
            },
            Timeout { .. } => "check the network path to the API server (VPN, firewall, proxy); \
                 raise --request-timeout if it is just slow"
                .to_string(),
            Unauthorized { credentials, .. } => match credentials {
                CredentialSource::None => "no credentials are configured for this context: \
                     add a user to the kubeconfig or pass --token"
                    .to_string(),
                CredentialSource::TokenFlag
                | CredentialSource::KubeconfigToken { .. }
                | CredentialSource::TokenFile { .. } => {
                    "the token is probably expired or revoked: log in again or get a fresh token"
                        .to_string()
                }
                CredentialSource::Exec { command } => format!(
                    "the credential that `{command}` produced was rejected: log in again \
                     (aws sso login, gcloud auth login, az login ...) or regenerate the kubeconfig"
                ),
                CredentialSource::ClientCertificateFlag
                | CredentialSource::KubeconfigClientCertificate { .. } => {
                    "the client certificate is expired or not issued by this cluster's CA: \
                     regenerate the kubeconfig"
                        .to_string()
                }
                CredentialSource::AuthProvider { .. } | CredentialSource::Basic { .. } => {
                    "the credentials are expired or wrong: log in again".to_string()
                }
            },
            Forbidden {
                verb,
                resource,
                namespace,
                ..
            } => {
                let rule = format!("`{verb} {resource}` {}", scope(namespace));
                let mut hint = format!("ask a cluster admin for an RBAC rule allowing {rule}");
                if resource == "services/proxy" {
                    hint.push_str(
                        " (if the rule restricts resourceNames, they must include \
                         `http:<service>:<port>`); fetching the certificate needs `get services` and \
                         `get services/proxy`, validate and re-encrypt also need `create services/proxy`",
                    );
                }
                hint.push_str("; or use --cert FILE to seal without cluster access");
                hint
            }
            ServiceNotFound {
                candidates,
                search_error,
                ..
            } => match candidates.as_slice() {
                [] => {
                    let mut hint = "is the sealed-secrets controller installed? If it is, pass \
                         --controller-name NAME --controller-namespace NS (the Helm chart names \
                         the service `sealed-secrets`)"
                        .to_string();
                    if let Some(err) = search_error {
                        hint.push_str(&format!(
                            "; searching other namespaces was not possible: {err}"
                        ));
                    }
                    hint
                }
                found => format!(
                    "pick one: {}",
                    found
                        .iter()
                        .map(|s| format!(
                            "--controller-namespace {} --controller-name {}",
                            s.namespace, s.name
                        ))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
            },
            ServiceHasNoPorts { .. } => {
                "is this really the sealed-secrets controller service? see --controller-name"
                    .to_string()
            }
            NoEndpoints { service } => format!(
                "check the controller pod: kubectl -n {} get pods,endpoints; \
                 kubectl -n {} describe service {}",
                service.namespace, service.namespace, service.name
            ),
            ControllerUnavailable { service, .. } => format!(
                "the controller pod may be starting or crash-looping: kubectl -n {} get pods",
                service.namespace
            ),
            RateLimited { .. } => "the controller limits verify/rotate requests; wait a little \
                 and try again, or send fewer at once"
                .to_string(),
            RotateFailed { .. } => "the controller cannot decrypt it with any of its keys (sealed \
                 for another cluster, or a scope/name/namespace mismatch?), or the SealedSecret is \
                 malformed; `validate` tells which"
                .to_string(),
            ResponseTooLarge { .. } | InvalidResponse { .. } => "is the configured service really \
                 the sealed-secrets controller? see --controller-name/--controller-namespace"
                .to_string(),
            UnexpectedStatus { status, .. } => match status {
                404 => "the controller does not know this endpoint: is the service really the \
                     sealed-secrets controller, and recent enough?"
                    .to_string(),
                _ => return None,
            },
            Runtime(_) => return None,
        })
    }
}

fn paths(searched: &[PathBuf]) -> String {
    if searched.is_empty() {
        "nowhere: no HOME and no KUBECONFIG".to_string()
    } else {
        searched
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "there are none".to_string()
    } else {
        format!("available: {}", names.join(", "))
    }
}

fn scope(namespace: &Option<String>) -> String {
    match namespace {
        Some(ns) => format!("in namespace {ns}"),
        None => "cluster-wide".to_string(),
    }
}

fn found_suffix(candidates: &[ServiceRef]) -> String {
    match candidates {
        [] => String::new(),
        found => format!(
            "; controller services found elsewhere: {}",
            found
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn message_suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn secs(timeout: &Duration) -> String {
    let ms = timeout.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{:.1}s", timeout.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(ns: &str, name: &str) -> ServiceRef {
        ServiceRef {
            namespace: ns.into(),
            name: name.into(),
        }
    }

    #[test]
    fn every_variant_that_the_user_can_act_on_has_a_hint() {
        let errors = [
            ClusterError::NoKubeconfig { searched: vec![] },
            ClusterError::ContextNotFound {
                context: "prod".into(),
                available: vec!["dev".into()],
            },
            ClusterError::Unauthorized {
                server: "https://k".into(),
                credentials: CredentialSource::TokenFlag,
            },
            ClusterError::NoEndpoints {
                service: svc("kube-system", "sealed-secrets-controller"),
            },
            ClusterError::RotateFailed {
                service: svc("kube-system", "sealed-secrets-controller"),
            },
        ];
        for e in errors {
            assert!(e.hint().is_some(), "{e}");
        }
    }

    #[test]
    fn service_not_found_lists_candidates_and_flags() {
        let e = ClusterError::ServiceNotFound {
            service: svc("kube-system", "sealed-secrets-controller"),
            candidates: vec![svc("a", "sealed-secrets"), svc("b", "sealed-secrets")],
            search_error: None,
        };
        let msg = e.to_string();
        assert!(
            msg.contains("kube-system/sealed-secrets-controller"),
            "{msg}"
        );
        assert!(msg.contains("a/sealed-secrets, b/sealed-secrets"), "{msg}");
        let hint = e.hint().unwrap();
        assert!(
            hint.contains("--controller-namespace a --controller-name sealed-secrets"),
            "{hint}"
        );
    }

    #[test]
    fn forbidden_names_the_rule() {
        let e = ClusterError::Forbidden {
            verb: "create".into(),
            resource: "services/proxy".into(),
            namespace: Some("kube-system".into()),
            message: "nope".into(),
        };
        assert!(
            e.hint()
                .unwrap()
                .contains("`create services/proxy` in namespace kube-system")
        );
        assert!(
            e.to_string()
                .contains("cannot create services/proxy in namespace kube-system")
        );
    }

    #[test]
    fn timeout_says_which_timeout() {
        let e = ClusterError::Timeout {
            url: "https://k/api".into(),
            timeout: Duration::from_millis(1500),
        };
        assert_eq!(
            e.to_string(),
            "no answer from https://k/api within 1.5s (request timeout)"
        );
    }
}
