//! Reaching the sealed-secrets controller through the Kubernetes API server's
//! service proxy, with kubectl's rules for finding the cluster and credentials.
//!
//! The API is synchronous; a small tokio runtime lives inside [`Controller`]
//! (so do not call it from inside another async runtime).
//!
//! ```no_run
//! # #[cfg(feature = "cluster")]
//! # fn main() -> Result<(), sealant::internals::cluster::ClusterError> {
//! use sealant::internals::cluster::{ClusterOptions, Controller};
//!
//! let options = ClusterOptions::default();
//! let controller = Controller::connect(&options)?;
//! if let Some(note) = controller.note() {
//!     eprintln!("{note}");
//! }
//! let pem = controller.fetch_cert()?;
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "cluster"))]
//! # fn main() {}
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

//!
//! Behind the `cluster` feature (on by default): without it, this module
//! holds only [`ClusterOptions`], the plain values of the flags, and kube,
//! k8s-openapi and their kin are not compiled; `app/remote.rs` then
//! fails whatever needs the cluster, naming the feature.

mod options;

#[cfg(feature = "cluster")]
mod client;
#[cfg(feature = "cluster")]
mod cluster_error;
#[cfg(feature = "cluster")]
mod controller_api;
#[cfg(feature = "cluster")]
mod exec;
#[cfg(feature = "cluster")]
mod key_secrets;
#[cfg(feature = "cluster")]
mod kubeconfig;
#[cfg(feature = "cluster")]
mod proxy;

pub use options::ClusterOptions;

#[cfg(feature = "cluster")]
pub use live::*;

/// Everything that reaches a cluster: only with the `cluster` feature.
#[cfg(feature = "cluster")]
mod live {
    use super::*;

    pub use super::client::cap_retry_delays_for_tests;
    pub use super::cluster_error::{CaSource, ClusterError, CredentialSource, ServiceRef};
    pub use super::controller_api::{Controller, MAX_CERT_BYTES};
    pub use super::key_secrets::{fetch_backup, load_key_ring};
    pub use super::kubeconfig::{Environment, context_names_with_env};

    /// The names of every context of the kubeconfig (from the process environment).
    pub fn context_names(options: &ClusterOptions) -> Result<Vec<String>, ClusterError> {
        context_names_with_env(options, &Environment::from_process())
    }

    /// The namespace kubectl would use for a Secret without one: `-n`, else the
    /// current (or `--context`) context's namespace, else `default` when a
    /// kubeconfig exists; `None` when there is no kubeconfig at all (inside a
    /// pod, the service account's namespace).
    pub fn default_namespace(options: &ClusterOptions) -> Result<Option<String>, ClusterError> {
        super::kubeconfig::default_namespace(options, &Environment::from_process())
    }

    /// [`default_namespace`] with an explicit environment (`KUBECONFIG`, home).
    pub fn default_namespace_with_env(
        options: &ClusterOptions,
        env: &Environment,
    ) -> Result<Option<String>, ClusterError> {
        super::kubeconfig::default_namespace(options, env)
    }

    /// Parses kubeconfig text and resolves its current context into a client
    /// configuration without touching the network, the file system or any
    /// credential plugin (paths and plugins named in the text are ignored).
    /// Used by the `kubeconfig` fuzz target.
    pub fn parse_kubeconfig_text(text: &str) -> Result<(), ClusterError> {
        super::kubeconfig::parse_kubeconfig_text(text)
    }
}

#[cfg(all(test, feature = "cluster"))]
mod tests {
    use super::*;

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
