//! Finding and loading the kubeconfig the way kubectl does, on top of kube's
//! own kubeconfig types: `--kubeconfig`, else `KUBECONFIG` (a list, merged,
//! first wins), else `~/.kube/config`, else the in-cluster service account.
//! Flags (`--context`, `--server`, `--token`, ...) are applied over it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use kube::config::NamedContext;
use kube::config::{Cluster, Context, Kubeconfig, KubeconfigError, LoadDataError, NamedCluster};
use secrecy::SecretString;

use super::ClusterOptions;
use super::cluster_error::{CaSource, ClusterError, CredentialSource};
use super::exec::ExecPlugin;
use super::proxy::ProxyEnv;

mod errors;
pub(crate) use errors::{map_kubeconfig_error, parse_kubeconfig_text};

/// Service account files mounted in every pod (same paths kube uses).
const SA_NAMESPACE: &str = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
const SA_TOKEN: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";
const SA_CA: &str = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

/// kubectl's `TLSHandshakeTimeout`.
pub(crate) const TLS_HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// Sent with every request, as kubectl sends `kubectl/v1.32...`.
const USER_AGENT: &str = concat!("sealant/", env!("CARGO_PKG_VERSION"));

/// Name of the cluster/user/context made up when only flags describe the cluster.
const FLAGS_ENTRY: &str = "sealant-flags";

/// The parts of the process environment that cluster access reads.
///
/// [`Environment::from_process`] is what the CLI uses; tests build one by hand
/// so that they never have to change the process environment.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `KUBECONFIG`: a list of files separated like `PATH`.
    pub kubeconfig: Option<OsString>,
    /// The home directory (`HOME`, or `USERPROFILE` on Windows).
    pub home: Option<PathBuf>,
    /// Whether `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` are both set
    /// (running in a pod): then the service account is used when there is no kubeconfig.
    pub in_cluster: bool,
    /// `POD_NAMESPACE`: in a pod, the namespace when there is no kubeconfig (as kubectl).
    pub pod_namespace: Option<String>,
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY` (and their lower-case forms).
    pub proxy: ProxyEnv,
}

impl Environment {
    /// Reads `KUBECONFIG`, the home directory and the in-cluster variables.
    pub fn from_process() -> Self {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var_os("USERPROFILE").filter(|h| !h.is_empty()))
            .map(PathBuf::from);
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        Environment {
            kubeconfig: std::env::var_os("KUBECONFIG"),
            home,
            in_cluster: set("KUBERNETES_SERVICE_HOST") && set("KUBERNETES_SERVICE_PORT"),
            pod_namespace: std::env::var("POD_NAMESPACE")
                .ok()
                .filter(|n| !n.is_empty()),
            proxy: ProxyEnv::from_process(),
        }
    }
}

/// The loaded client configuration plus what error messages need to know about it.
pub(crate) struct Resolved {
    pub config: kube::Config,
    pub ca: CaSource,
    pub credentials: CredentialSource,
    /// `command` and `installHint` of the exec plugin, if the user has one.
    pub exec: Option<(String, Option<String>)>,
    /// The exec plugin, run by us (once per process) rather than by kube.
    pub plugin: Option<ExecPlugin>,
}

/// The kubeconfig files to read, and every place that was looked at.
struct Located {
    files: Vec<PathBuf>,
    searched: Vec<PathBuf>,
}

fn locate(opts: &ClusterOptions, env: &Environment) -> Located {
    if let Some(path) = &opts.kubeconfig {
        // An explicit file must exist: reading it reports the error.
        return Located {
            files: vec![path.clone()],
            searched: vec![path.clone()],
        };
    }
    if let Some(list) = env.kubeconfig.as_ref().filter(|v| !v.is_empty()) {
        let searched: Vec<PathBuf> = std::env::split_paths(list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        if !searched.is_empty() {
            // Like kubectl, files of the list that do not exist are skipped.
            let files = searched.iter().filter(|p| p.exists()).cloned().collect();
            return Located { files, searched };
        }
    }
    match &env.home {
        Some(home) => {
            let path = home.join(".kube").join("config");
            Located {
                files: if path.exists() {
                    vec![path.clone()]
                } else {
                    vec![]
                },
                searched: vec![path],
            }
        }
        None => Located {
            files: vec![],
            searched: vec![],
        },
    }
}

/// Reads and merges the kubeconfig files; `None` when there is none at all.
fn load(
    opts: &ClusterOptions,
    env: &Environment,
) -> Result<(Option<Kubeconfig>, Located), ClusterError> {
    let located = locate(opts, env);
    let mut merged: Option<Kubeconfig> = None;
    for path in &located.files {
        let config = Kubeconfig::read_from(path).map_err(|e| ClusterError::KubeconfigLoad {
            path: path.clone(),
            reason: describe_read_error(&e),
        })?;
        merged = Some(match merged {
            None => config,
            Some(mut first) => {
                // kubectl: an empty current-context is no value at all.
                if first.current_context.as_deref() == Some("") {
                    first.current_context = None;
                }
                first
                    .merge(config)
                    .map_err(|e| ClusterError::KubeconfigLoad {
                        path: path.clone(),
                        reason: e.to_string(),
                    })?
            }
        });
    }
    Ok((merged, located))
}

fn describe_read_error(e: &KubeconfigError) -> String {
    match e {
        KubeconfigError::ReadConfig(io, _) => io.to_string(),
        // YAML errors carry a position; keep only their first line so that no
        // snippet of the file (which may hold a token) ends up in a message.
        KubeconfigError::Parse(err) => {
            let text = err.to_string();
            let first = text.lines().next().unwrap_or("").trim().to_string();
            format!("not a valid kubeconfig: {first}")
        }
        other => other.to_string(),
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// The namespace kubectl would use: `-n`, else the context's, else `default`;
/// `None` when there is no kubeconfig at all (outside a pod).
pub(crate) fn default_namespace(
    opts: &ClusterOptions,
    env: &Environment,
) -> Result<Option<String>, ClusterError> {
    if let Some(ns) = opts.namespace.as_ref().filter(|n| !n.is_empty()) {
        return Ok(Some(ns.clone()));
    }
    let (kubeconfig, _) = load(opts, env)?;
    match kubeconfig {
        Some(kc) => {
            let name = opts
                .context
                .clone()
                .filter(|c| !c.is_empty())
                .or_else(|| kc.current_context.clone().filter(|c| !c.is_empty()));
            let Some(name) = name else {
                return Ok(Some("default".to_string()));
            };
            let context = find_context(&kc, &name)?;
            Ok(Some(
                nonempty(&context.namespace)
                    .unwrap_or("default")
                    .to_string(),
            ))
        }
        None if env.in_cluster => Ok(env.pod_namespace.clone().or_else(|| {
            std::fs::read_to_string(SA_NAMESPACE)
                .ok()
                .map(|ns| ns.trim().to_string())
                .filter(|ns| !ns.is_empty())
        })),
        None => Ok(None),
    }
}

fn context_names(kc: &Kubeconfig) -> Vec<String> {
    kc.contexts.iter().map(|c| c.name.clone()).collect()
}

fn find_context(kc: &Kubeconfig, name: &str) -> Result<Context, ClusterError> {
    kc.contexts
        .iter()
        .find(|c| c.name == name)
        .and_then(|c| c.context.clone())
        .ok_or_else(|| ClusterError::ContextNotFound {
            context: name.to_string(),
            available: context_names(kc),
        })
}

fn path_string(option: &str, path: &Path) -> Result<String, ClusterError> {
    path.to_str()
        .map(str::to_string)
        .ok_or_else(|| ClusterError::InvalidOption {
            option: option.to_string(),
            reason: format!("{} is not valid UTF-8", path.display()),
        })
}

/// Builds the client configuration from the kubeconfig (or flags, or the
/// service account) with every flag of `opts` applied.
/// The names of every context of the merged kubeconfig, in file order
/// (`kubectl config get-contexts -o name`).
pub fn context_names_with_env(
    opts: &ClusterOptions,
    env: &Environment,
) -> Result<Vec<String>, ClusterError> {
    let (kubeconfig, _) = load(opts, env)?;
    Ok(kubeconfig.as_ref().map(context_names).unwrap_or_default())
}

pub(crate) fn resolve(opts: &ClusterOptions, env: &Environment) -> Result<Resolved, ClusterError> {
    let (kubeconfig, located) = load(opts, env)?;

    let context_name = kubeconfig.as_ref().and_then(|kc| {
        opts.context
            .clone()
            .filter(|c| !c.is_empty())
            .or_else(|| kc.current_context.clone().filter(|c| !c.is_empty()))
    });

    let (kc, context_name) = match (kubeconfig, context_name) {
        (Some(kc), Some(name)) => (kc, name),
        // No context to use, but the flags say where the server is: kubectl
        // works with flags alone, and so do we.
        (kubeconfig, None) if opts.server.is_some() => {
            let mut kc = kubeconfig.unwrap_or_default();
            kc.clusters.retain(|c| c.name != FLAGS_ENTRY);
            kc.clusters.push(NamedCluster {
                name: FLAGS_ENTRY.to_string(),
                cluster: Some(Cluster::default()),
                ..Default::default()
            });
            kc.contexts.retain(|c| c.name != FLAGS_ENTRY);
            kc.contexts.push(NamedContext {
                name: FLAGS_ENTRY.to_string(),
                context: Some(Context {
                    cluster: FLAGS_ENTRY.to_string(),
                    user: opts.user.clone(),
                    namespace: opts.namespace.clone(),
                    ..Default::default()
                }),
                ..Default::default()
            });
            (kc, FLAGS_ENTRY.to_string())
        }
        (Some(kc), None) => {
            return Err(ClusterError::NoCurrentContext {
                available: context_names(&kc),
            });
        }
        (None, _) if env.in_cluster => return in_cluster(opts, env),
        (None, _) => {
            return Err(ClusterError::NoKubeconfig {
                searched: located.searched,
            });
        }
    };
    from_kubeconfig(opts, env, kc, &context_name)
}

fn in_cluster(opts: &ClusterOptions, env: &Environment) -> Result<Resolved, ClusterError> {
    let mut config = kube::Config::incluster().map_err(|e| ClusterError::InCluster {
        reason: e.to_string(),
    })?;
    let mut credentials = CredentialSource::TokenFile {
        path: PathBuf::from(SA_TOKEN),
    };
    let mut ca = CaSource::InCluster {
        path: PathBuf::from(SA_CA),
    };
    if let Some(path) = &opts.certificate_authority {
        let pem = std::fs::read(path).map_err(|e| ClusterError::InvalidOption {
            option: "--certificate-authority".into(),
            reason: format!("{}: {e}", path.display()),
        })?;
        config.root_cert =
            Some(
                pem_certificates(&pem).map_err(|reason| ClusterError::InvalidOption {
                    option: "--certificate-authority".into(),
                    reason,
                })?,
            );
        config.root_cert_file = None;
        ca = CaSource::Flag { path: path.clone() };
    }
    if opts.insecure_skip_tls_verify {
        config.accept_invalid_certs = true;
        ca = CaSource::InsecureSkipVerify;
    }
    if let Some(server) = &opts.server {
        config.cluster_url = parse_server(server)?;
    }
    if let Some(ns) = opts.namespace.clone().or_else(|| env.pod_namespace.clone()) {
        config.default_namespace = ns;
    }
    config.proxy_url = match opts.proxy_url.as_ref().filter(|p| !p.is_empty()) {
        Some(proxy) => {
            let uri: http::Uri = proxy.parse().map_err(|e| ClusterError::Proxy {
                reason: format!("invalid --proxy-url: {e}"),
            })?;
            super::proxy::check_scheme(&uri)?;
            Some(uri)
        }
        None => super::proxy::from_env(&config.cluster_url, &env.proxy)?,
    };
    if let Some(name) = opts.tls_server_name.as_ref().filter(|n| !n.is_empty()) {
        config.tls_server_name = Some(name.clone());
    }
    config.disable_compression |= opts.disable_compression;
    apply_auth_flags(opts, &mut config.auth_info, &mut credentials)?;
    Ok(finish(opts, config, ca, credentials, None))
}

fn pem_certificates(data: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let blocks = pem::parse_many(data).map_err(|e| e.to_string())?;
    let certs: Vec<Vec<u8>> = blocks
        .into_iter()
        .filter(|b| b.tag() == "CERTIFICATE")
        .map(pem::Pem::into_contents)
        .collect();
    if certs.is_empty() {
        return Err("no PEM CERTIFICATE in the file".to_string());
    }
    Ok(certs)
}

fn parse_server(server: &str) -> Result<http::Uri, ClusterError> {
    let uri: http::Uri = server.parse().map_err(|e| ClusterError::InvalidOption {
        option: "--server".into(),
        reason: format!("{server:?}: {e}"),
    })?;
    match uri.scheme_str() {
        Some("https") | Some("http") if uri.authority().is_some() => Ok(uri),
        _ => Err(ClusterError::InvalidOption {
            option: "--server".into(),
            reason: format!("{server:?} is not an http(s)://host[:port] URL"),
        }),
    }
}

fn from_kubeconfig(
    opts: &ClusterOptions,
    env: &Environment,
    mut kc: Kubeconfig,
    context_name: &str,
) -> Result<Resolved, ClusterError> {
    // Apply --cluster/--user to the chosen context, then make it current so
    // that kube loads exactly it.
    let mut context = find_context(&kc, context_name)?;
    if let Some(cluster) = opts.cluster.as_ref().filter(|c| !c.is_empty()) {
        context.cluster = cluster.clone();
    }
    if let Some(user) = opts.user.as_ref().filter(|u| !u.is_empty()) {
        if !kc.auth_infos.iter().any(|u2| &u2.name == user) {
            return Err(ClusterError::UserNotFound {
                user: user.clone(),
                available: kc.auth_infos.iter().map(|u| u.name.clone()).collect(),
            });
        }
        context.user = Some(user.clone());
    }
    if let Some(ns) = opts.namespace.as_ref().filter(|n| !n.is_empty()) {
        context.namespace = Some(ns.clone());
    }
    let cluster_name = context.cluster.clone();
    let user_name = context.user.clone().unwrap_or_default();

    // The cluster: must exist unless --server describes it.
    let index = match kc.clusters.iter().position(|c| c.name == cluster_name) {
        Some(i) => i,
        None if opts.server.is_some() => {
            kc.clusters.push(NamedCluster {
                name: cluster_name.clone(),
                cluster: Some(Cluster::default()),
                ..Default::default()
            });
            kc.clusters.len() - 1
        }
        None => {
            return Err(ClusterError::ClusterNotFound {
                cluster: cluster_name,
                available: kc.clusters.iter().map(|c| c.name.clone()).collect(),
            });
        }
    };
    let cluster = kc.clusters[index]
        .cluster
        .get_or_insert_with(Cluster::default);
    if let Some(server) = &opts.server {
        parse_server(server)?;
        cluster.server = Some(server.clone());
    }
    if let Some(path) = &opts.certificate_authority {
        // Like kubectl: the flag replaces both the file and the data forms.
        cluster.certificate_authority = Some(path_string("--certificate-authority", path)?);
        cluster.certificate_authority_data = None;
    }
    if opts.insecure_skip_tls_verify {
        cluster.insecure_skip_tls_verify = Some(true);
        cluster.certificate_authority = None;
        cluster.certificate_authority_data = None;
    }
    let ca = if cluster.insecure_skip_tls_verify == Some(true) {
        CaSource::InsecureSkipVerify
    } else if let Some(path) = &opts.certificate_authority {
        CaSource::Flag { path: path.clone() }
    } else if nonempty(&cluster.certificate_authority_data).is_some() {
        CaSource::KubeconfigData {
            cluster: cluster_name.clone(),
        }
    } else if let Some(path) = nonempty(&cluster.certificate_authority) {
        CaSource::KubeconfigFile {
            cluster: cluster_name.clone(),
            path: PathBuf::from(path),
        }
    } else {
        CaSource::SystemRoots
    };

    // kube also applies NO_PROXY to an explicit proxy-url (and matches it
    // against the proxy's host); kubectl uses proxy-url unconditionally.
    let explicit_proxy = nonempty(&cluster.proxy_url).map(str::to_string);
    let exec_cluster = kube::config::ExecAuthCluster::try_from(&*cluster).ok();

    if let Some(name) = opts.tls_server_name.as_ref().filter(|n| !n.is_empty()) {
        cluster.tls_server_name = Some(name.clone());
    }
    if opts.disable_compression {
        cluster.disable_compression = Some(true);
    }
    let cluster = cluster.clone();
    let explicit_proxy = opts
        .proxy_url
        .clone()
        .filter(|p| !p.is_empty())
        .or(explicit_proxy);
    let mut auth_info = match context.user.as_deref().filter(|u| !u.is_empty()) {
        // client-go does not fail on a missing user, and neither does kube.
        Some(user) => kc
            .auth_infos
            .iter()
            .find(|u| u.name == user)
            .and_then(|u| u.auth_info.clone())
            .unwrap_or_default(),
        None => Default::default(),
    };
    refuse_like_kubectl(&cluster_name, &cluster, &user_name, &mut auth_info, opts)?;

    // The client configuration, built here rather than by kube's loader: kube
    // would read HTTPS_PROXY/NO_PROXY itself (and fail on entries Go accepts).
    let server = nonempty(&cluster.server).ok_or_else(|| ClusterError::KubeconfigInvalid {
        reason: format!("cluster \"{cluster_name}\" has no server URL (or pass --server)"),
    })?;
    let cluster_url: http::Uri = server
        .parse()
        .map_err(|e| ClusterError::KubeconfigInvalid {
            reason: format!("the server URL of cluster \"{cluster_name}\" is invalid: {e}"),
        })?;
    let mut config = kube::Config::new(cluster_url.clone());
    config.default_namespace = nonempty(&context.namespace)
        .unwrap_or("default")
        .to_string();
    config.accept_invalid_certs = cluster.insecure_skip_tls_verify.unwrap_or(false);
    config.disable_compression = cluster.disable_compression.unwrap_or(false);
    config.tls_server_name = cluster.tls_server_name.clone().filter(|n| !n.is_empty());
    config.root_cert = load_ca(&cluster_name, &cluster)?;
    config.auth_info = auth_info;
    config.proxy_url = match explicit_proxy {
        Some(proxy) => {
            let uri: http::Uri = proxy.parse().map_err(|e| ClusterError::Proxy {
                reason: format!("invalid proxy-url {proxy:?}: {e}"),
            })?;
            super::proxy::check_scheme(&uri)?;
            Some(uri)
        }
        None => super::proxy::from_env(&cluster_url, &env.proxy)?,
    };
    let mut credentials = kubeconfig_credentials(&config.auth_info, &user_name);
    apply_auth_flags(opts, &mut config.auth_info, &mut credentials)?;
    let exec = config
        .auth_info
        .exec
        .as_ref()
        .and_then(|e| e.command.clone().map(|c| (c, e.install_hint.clone())));
    let plugin = match config.auth_info.exec.take() {
        Some(exec) => Some(ExecPlugin::new(
            exec,
            &user_name,
            exec_cluster,
            opts.request_timeout.filter(|t| !t.is_zero()),
        )?),
        None => None,
    };
    let mut resolved = finish(opts, config, ca, credentials, exec);
    resolved.plugin = plugin;
    Ok(resolved)
}

/// The cluster's CA certificates (DER), from `certificate-authority-data` or the file.
fn load_ca(name: &str, cluster: &Cluster) -> Result<Option<Vec<Vec<u8>>>, ClusterError> {
    use base64::Engine as _;
    let invalid = |reason: String| ClusterError::KubeconfigInvalid {
        reason: format!("certificate-authority of cluster \"{name}\": {reason}"),
    };
    let pem = if let Some(data) = nonempty(&cluster.certificate_authority_data) {
        base64::engine::general_purpose::STANDARD
            .decode(data.trim())
            .map_err(|_| invalid("the -data value is not valid base64".to_string()))?
    } else if let Some(path) = nonempty(&cluster.certificate_authority) {
        std::fs::read(path).map_err(|e| invalid(format!("cannot read {path}: {e}")))?
    } else {
        return Ok(None);
    };
    pem_certificates(&pem).map(Some).map_err(invalid)
}

/// What kubectl's loader and transport refuse, with kubectl's reason.
fn refuse_like_kubectl(
    cluster_name: &str,
    cluster: &Cluster,
    user: &str,
    auth: &mut kube::config::AuthInfo,
    opts: &ClusterOptions,
) -> Result<(), ClusterError> {
    let refuse = |reason: String, hint: &str| {
        Err(ClusterError::KubeconfigRefused {
            reason,
            hint: hint.to_string(),
        })
    };
    if cluster.insecure_skip_tls_verify == Some(true)
        && (nonempty(&cluster.certificate_authority).is_some()
            || nonempty(&cluster.certificate_authority_data).is_some())
    {
        return refuse(
            format!(
                "cluster \"{cluster_name}\": specifying a root certificates file with the insecure flag is not allowed"
            ),
            "remove insecure-skip-tls-verify (or the certificate-authority) from the cluster in the kubeconfig",
        );
    }
    if let Some(provider) = &auth.auth_provider {
        match provider.name.as_str() {
            "gcp" => {
                return refuse(
                    format!(
                        "user \"{user}\": the gcp auth plugin has been removed; use the \"gke-gcloud-auth-plugin\" kubectl/client-go credential plugin instead"
                    ),
                    "install gke-gcloud-auth-plugin and run `gcloud container clusters get-credentials CLUSTER` again \
                     (see https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke)",
                );
            }
            "azure" => {
                return refuse(
                    format!(
                        "user \"{user}\": the azure auth plugin has been removed; use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead"
                    ),
                    "install kubelogin and run `kubelogin convert-kubeconfig` on the kubeconfig",
                );
            }
            _ => {}
        }
        if auth.exec.is_some() {
            return refuse(
                format!(
                    "user \"{user}\": authProvider cannot be provided in combination with an exec plugin for {user}"
                ),
                "keep either auth-provider or exec in the kubeconfig user",
            );
        }
    }
    // Flags replace the kubeconfig's credentials before kubectl validates.
    let flag_token = opts.token.as_ref().is_some_and(|t| !t.is_empty());
    let flag_basic = opts.username.is_some() || opts.password.is_some();
    let has_token = flag_token
        || (!flag_basic && (auth.token.is_some() || nonempty(&auth.token_file).is_some()));
    let has_basic = flag_basic
        || (!flag_token && (nonempty(&auth.username).is_some() || auth.password.is_some()));
    if has_token && has_basic {
        return refuse(
            format!(
                "more than one authentication method found for {user}; found [token basicAuth], only one is allowed"
            ),
            "keep either token/tokenFile or username/password in the kubeconfig user (or the flags)",
        );
    }
    // client-go: a token file wins over the token.
    if nonempty(&auth.token_file).is_some() {
        auth.token = None;
    }
    Ok(())
}

fn kubeconfig_credentials(auth: &kube::config::AuthInfo, user: &str) -> CredentialSource {
    let user = user.to_string();
    if let Some(provider) = &auth.auth_provider {
        CredentialSource::AuthProvider {
            name: provider.name.clone(),
        }
    } else if auth.username.is_some() && auth.password.is_some() {
        CredentialSource::Basic { user }
    } else if let Some(path) = auth.token_file.as_ref().filter(|p| !p.is_empty()) {
        CredentialSource::TokenFile {
            path: PathBuf::from(path),
        }
    } else if auth.token.is_some() {
        CredentialSource::KubeconfigToken { user }
    } else if let Some(exec) = &auth.exec {
        CredentialSource::Exec {
            command: exec.command.clone().unwrap_or_default(),
        }
    } else if auth.client_certificate.is_some() || auth.client_certificate_data.is_some() {
        CredentialSource::KubeconfigClientCertificate { user }
    } else {
        CredentialSource::None
    }
}

/// `--token`, `--client-certificate` and `--client-key` win over the kubeconfig user.
fn apply_auth_flags(
    opts: &ClusterOptions,
    auth: &mut kube::config::AuthInfo,
    credentials: &mut CredentialSource,
) -> Result<(), ClusterError> {
    if let Some(token) = opts.token.as_ref().filter(|t| !t.is_empty()) {
        auth.token = Some(SecretString::from(token.clone()));
        auth.token_file = None;
        auth.exec = None;
        auth.auth_provider = None;
        auth.username = None;
        auth.password = None;
        *credentials = CredentialSource::TokenFlag;
    }
    if opts.username.is_some() || opts.password.is_some() {
        auth.username = opts.username.clone();
        auth.password = opts.password.clone().map(SecretString::from);
        auth.token = None;
        auth.token_file = None;
        auth.exec = None;
        auth.auth_provider = None;
        *credentials = CredentialSource::Basic {
            user: opts.username.clone().unwrap_or_default(),
        };
    }
    // Impersonation: the flags win over the kubeconfig's as, as-groups, as-uid.
    if let Some(user) = opts.impersonate.as_ref().filter(|u| !u.is_empty()) {
        auth.impersonate = Some(user.clone());
    }
    if !opts.impersonate_groups.is_empty() {
        auth.impersonate_groups = Some(opts.impersonate_groups.clone());
    }
    if let Some(uid) = opts.impersonate_uid.as_ref().filter(|u| !u.is_empty()) {
        auth.impersonate_uid = Some(uid.clone());
    }
    if (auth.impersonate_uid.is_some() || auth.impersonate_groups.is_some())
        && auth.impersonate.is_none()
    {
        return Err(ClusterError::KubeconfigRefused {
            reason: "requesting uid, groups or user-extra without impersonating a user".into(),
            hint: "give --as USER too (or as: in the kubeconfig user)".into(),
        });
    }
    match (&opts.client_certificate, &opts.client_key) {
        (None, None) => {}
        (Some(cert), Some(key)) => {
            auth.client_certificate = Some(path_string("--client-certificate", cert)?);
            auth.client_certificate_data = None;
            auth.client_key = Some(path_string("--client-key", key)?);
            auth.client_key_data = None;
            if opts.token.is_none() {
                *credentials = CredentialSource::ClientCertificateFlag;
            }
        }
        (Some(_), None) => {
            return Err(ClusterError::InvalidOption {
                option: "--client-certificate".into(),
                reason: "needs --client-key too".into(),
            });
        }
        (None, Some(_)) => {
            return Err(ClusterError::InvalidOption {
                option: "--client-key".into(),
                reason: "needs --client-certificate too".into(),
            });
        }
    }
    Ok(())
}

/// Timeouts and retries are ours, not kube's.
fn finish(
    opts: &ClusterOptions,
    mut config: kube::Config,
    ca: CaSource,
    credentials: CredentialSource,
    exec: Option<(String, Option<String>)>,
) -> Resolved {
    let timeout = opts.timeout();
    // kubectl dials for up to 30 s and gives the TLS handshake 10 s; kube
    // bounds the connection (TCP, proxy, TLS) as one: 10 s past the TCP dial
    // on loopback or a LAN is kubectl's handshake limit.
    config.connect_timeout = Some(timeout.min(TLS_HANDSHAKE_TIMEOUT));
    config.headers.push((
        http::header::USER_AGENT,
        http::HeaderValue::from_static(USER_AGENT),
    ));
    config.write_timeout = Some(timeout);
    // The whole exchange (connect, send, read the full body) is bounded by one
    // deadline in the client; kube's read timeout would only duplicate it.
    config.read_timeout = None;
    // kube retries 429/503/504 up to 15 times; we retry 429 only, and fail
    // fast on 503 (no endpoints) with a precise message.
    config.default_retry = false;
    Resolved {
        config,
        ca,
        credentials,
        exec,
        plugin: None,
    }
}

#[cfg(test)]
mod tests;
