//! kube's kubeconfig errors in kubectl's words, and checking a kubeconfig's
//! text the way kubectl reads it.

use super::*;

pub(crate) fn map_kubeconfig_error(e: KubeconfigError) -> ClusterError {
    match e {
        KubeconfigError::CurrentContextNotSet => {
            ClusterError::NoCurrentContext { available: vec![] }
        }
        KubeconfigError::LoadContext(context) => ClusterError::ContextNotFound {
            context,
            available: vec![],
        },
        KubeconfigError::LoadClusterOfContext(cluster) => ClusterError::ClusterNotFound {
            cluster,
            available: vec![],
        },
        KubeconfigError::MissingClusterUrl => ClusterError::KubeconfigInvalid {
            reason: "the cluster has no server URL (or pass --server)".into(),
        },
        KubeconfigError::ParseClusterUrl(e) => ClusterError::KubeconfigInvalid {
            reason: format!("the cluster's server URL is invalid: {e}"),
        },
        KubeconfigError::ParseProxyUrl(e) => ClusterError::Proxy {
            reason: format!("invalid proxy URL (proxy-url or HTTPS_PROXY): {e}"),
        },
        KubeconfigError::ParseNoProxy(e) => ClusterError::Proxy {
            reason: format!("invalid NO_PROXY: {e}"),
        },
        KubeconfigError::LoadCertificateAuthority(e) => ClusterError::KubeconfigInvalid {
            reason: format!("certificate-authority: {}", describe_load_data(&e)),
        },
        KubeconfigError::ParseCertificates(e) => ClusterError::KubeconfigInvalid {
            reason: format!("certificate-authority is not valid PEM: {e}"),
        },
        KubeconfigError::LoadClientCertificate(e) => ClusterError::Credentials {
            reason: format!("client certificate: {}", describe_load_data(&e)),
        },
        KubeconfigError::LoadClientKey(e) => ClusterError::Credentials {
            reason: format!("client key: {}", describe_load_data(&e)),
        },
        other => ClusterError::KubeconfigInvalid {
            reason: other.to_string(),
        },
    }
}

/// Never echoes the data itself (it may be a private key).
pub(super) fn describe_load_data(e: &LoadDataError) -> String {
    match e {
        LoadDataError::DecodeBase64(_) => "the -data value is not valid base64".to_string(),
        LoadDataError::ReadFile(io, path) => format!("cannot read {}: {io}", path.display()),
        LoadDataError::NoBase64DataOrFile => {
            "missing (set both the certificate and the key)".to_string()
        }
    }
}

/// Parses kubeconfig text the way a kubeconfig file is read and resolves its
/// current context into a client configuration, offline. For fuzzing and
/// tests: file paths named inside (CA, client certificate and key, token
/// file) and credential plugins (exec, auth-provider) are dropped first, so
/// that arbitrary text never reads a file or starts a process.
pub(crate) fn parse_kubeconfig_text(text: &str) -> Result<(), ClusterError> {
    let origin = PathBuf::from("<kubeconfig text>");
    let mut kc = Kubeconfig::from_yaml(text).map_err(|e| ClusterError::KubeconfigLoad {
        path: origin.clone(),
        reason: describe_read_error(&e),
    })?;
    for cluster in kc.clusters.iter_mut().filter_map(|c| c.cluster.as_mut()) {
        cluster.certificate_authority = None;
    }
    for auth in kc
        .auth_infos
        .iter_mut()
        .filter_map(|u| u.auth_info.as_mut())
    {
        auth.client_certificate = None;
        auth.client_key = None;
        auth.token_file = None;
        auth.exec = None;
        auth.auth_provider = None;
    }
    let Some(name) = kc.current_context.clone().filter(|c| !c.is_empty()) else {
        return Err(ClusterError::NoCurrentContext {
            available: context_names(&kc),
        });
    };
    from_kubeconfig(
        &ClusterOptions::default(),
        &Environment::default(),
        kc,
        &name,
    )
    .map(|_| ())
}
