//! The app's one door to the cluster layer. With the `cluster` feature (the
//! default) each function here forwards to [`crate::cluster`]. In a build
//! without it the kubeconfig is never read, and whatever needs the cluster
//! fails with [`Error::Cluster`] (exit status 7) naming the missing feature
//! and the offline ways: `--cert FILE|URL` (or a certificate pinned in
//! `.sealant.yaml`) to seal, `--recovery-private-key FILE` to open.

use std::path::Path;

use crate::cluster::ClusterOptions;
use crate::core::certificate::Certificate;
use crate::core::crypto::Backend;
use crate::core::keyring::KeyRing;
#[cfg(not(feature = "cluster"))]
use crate::error::Error;
use crate::error::Result;

/// The error of a build without the `cluster` feature, for `what` (which
/// needs the cluster: "fetching the certificate from the controller").
#[cfg(not(feature = "cluster"))]
pub(crate) fn needs_cluster(what: &str) -> Error {
    Error::Cluster {
        message: format!(
            "{what} needs the cluster, and this sealant was built without the `cluster` feature"
        ),
        hint: Some(
            "work offline with --cert FILE|URL (or a certificate pinned in .sealant.yaml) to seal \
             and --recovery-private-key FILE to open; or use a build with the default features \
             (cargo install sealant)"
                .to_string(),
        ),
    }
}

/// The names of every context of the kubeconfig.
pub(crate) fn context_names(options: &ClusterOptions) -> Result<Vec<String>> {
    #[cfg(feature = "cluster")]
    return Ok(crate::cluster::context_names(options)?);
    #[cfg(not(feature = "cluster"))]
    {
        let _ = options;
        Err(needs_cluster("reading the kubeconfig's contexts"))
    }
}

/// The namespace for Secrets that have none, as kubectl picks it (`None`
/// without a kubeconfig, or one that cannot be read; always `None` without
/// the `cluster` feature: the Secret then needs a namespace of its own).
pub(crate) fn default_namespace(options: &ClusterOptions) -> Option<String> {
    #[cfg(feature = "cluster")]
    return crate::cluster::default_namespace(options).ok().flatten();
    #[cfg(not(feature = "cluster"))]
    {
        let _ = options;
        None
    }
}

/// The keys of `files`, then (with `cluster`) the controller's key Secrets.
pub(crate) fn load_key_ring(
    files: &[impl AsRef<Path>],
    cluster: Option<&ClusterOptions>,
    backend: Backend,
) -> Result<KeyRing> {
    #[cfg(feature = "cluster")]
    return crate::cluster::load_key_ring(files, cluster, backend);
    #[cfg(not(feature = "cluster"))]
    match cluster {
        Some(_) => Err(needs_cluster("reading the controller's private keys")),
        None => KeyRing::load(files, backend),
    }
}

/// The controller's current certificate, fetched through the API server.
pub(crate) fn fetch_cert(options: &ClusterOptions) -> Result<Certificate> {
    #[cfg(feature = "cluster")]
    {
        let controller = crate::cluster::Controller::connect(options)?;
        if let Some(note) = controller.note() {
            crate::note!("sealant: {note}");
        }
        let pem = controller.fetch_cert()?;
        let source = format!(
            "from controller {}/{}",
            controller.service().namespace,
            controller.service().name
        );
        Certificate::parse(&pem, &source, Backend::default())
    }
    #[cfg(not(feature = "cluster"))]
    {
        let _ = options;
        Err(needs_cluster(
            "fetching the certificate from the controller",
        ))
    }
}

/// The controller's key Secrets as a `v1` `List` (YAML) and where they came
/// from, for `keys backup`.
pub(crate) fn fetch_backup(
    options: &ClusterOptions,
) -> Result<(String, zeroize::Zeroizing<String>)> {
    #[cfg(feature = "cluster")]
    return crate::cluster::fetch_backup(options);
    #[cfg(not(feature = "cluster"))]
    {
        let _ = options;
        Err(needs_cluster("backing up the controller's private keys"))
    }
}
