//! `sealant keygen DIR`: a sealing key pair as the controller makes it,
//! written as `tls.key` (0600), `tls.crt` and `key.yaml` (the
//! `kubernetes.io/tls` Secret to apply to one or several clusters; 0600, it
//! holds the key). Existing files are never overwritten.

use crate::app::config::KeygenConfig;
use crate::core::certificate::format_date;
use crate::core::crypto::{Backend, os_rng};
use crate::core::keypair::{self, KeygenParams};
use crate::error::{Error, Result};
use crate::io::atomic::{Access, AtomicFile};

use super::{Stdout, create_private_dir};

pub(super) fn run(cfg: &KeygenConfig) -> Result<()> {
    let files = [
        cfg.dir.join("tls.key"),
        cfg.dir.join("tls.crt"),
        cfg.dir.join("key.yaml"),
    ];
    if let Some(existing) = files.iter().find(|f| f.exists()) {
        return Err(Error::usage(
            format!("{} already exists", existing.display()),
            Some("keygen never overwrites a key: choose an empty or new folder".to_string()),
        ));
    }
    create_private_dir(&cfg.dir)?;
    let mut rng = os_rng();
    let params = KeygenParams {
        bits: cfg.bits,
        validity: cfg.validity,
        namespace: cfg.namespace.clone(),
        name: cfg
            .name
            .clone()
            .unwrap_or_else(|| keypair::default_name(&mut rng)),
    };
    let made = keypair::generate(
        &params,
        Backend::default(),
        time::OffsetDateTime::now_utc(),
        &mut rng,
    )?;
    // Everything is written before anything is renamed into place.
    let mut pending = Vec::new();
    for (path, bytes, mode) in [
        (&files[0], made.key_pem.as_bytes(), Access::Private),
        (&files[1], made.cert_pem.as_bytes(), Access::Keep),
        (&files[2], made.secret_yaml.as_bytes(), Access::Private),
    ] {
        let mut file = AtomicFile::create(path, mode)?;
        file.write_all(bytes)?;
        pending.push(file);
    }
    pending.into_iter().try_for_each(AtomicFile::commit)?;
    let dir = cfg.dir.display();
    let text = format!(
        "wrote {dir}/tls.key (private key, 0600), {dir}/tls.crt (certificate), {dir}/key.yaml (Secret {}/{}, 0600)\n\
         certificate: sha256:{}  RSA {} bits, empty subject, valid {} to {}\n\
         next:\n  \
           kubectl apply -f {dir}/key.yaml          # on every cluster that should share this key\n  \
           kubectl -n {} rollout restart deployment sealed-secrets-controller   # the controller loads keys at start\n  \
           sealant seal --cert {dir}/tls.crt ...     # seal for it\n\
         Keep tls.key and key.yaml out of git: they hold the private key.\n",
        params.namespace,
        params.name,
        made.cert.fingerprint,
        made.cert.bits(),
        format_date(made.cert.not_before),
        format_date(made.cert.not_after),
        params.namespace,
    );
    let mut out = Stdout::new();
    out.write(text.as_bytes())?;
    out.finish()
}
