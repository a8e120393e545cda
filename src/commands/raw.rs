//! `sealant raw` (and kubeseal's `--raw`).

use zeroize::Zeroizing;

use crate::config::{RawConfig, ValueSource};
use crate::crypto::os_rng;
use crate::error::{Error, Result};
use crate::limits::{MAX_SECRET_DATA_BYTES, mib};
use crate::manifest::input::read_all_wiping;
use crate::scope::Scope;
use crate::wire;

use super::Stdout;

pub(super) fn run(cfg: &RawConfig) -> Result<()> {
    let namespace = match &cfg.namespace {
        Some(ns) => ns.clone(),
        None if cfg.scope != Scope::ClusterWide => crate::cluster::default_namespace(&cfg.cluster)
            .ok()
            .flatten()
            .unwrap_or_default(),
        None => String::new(),
    };
    let name = cfg.name.clone().unwrap_or_default();
    match cfg.scope {
        Scope::Strict if namespace.is_empty() || name.is_empty() => {
            return Err(Error::usage(
                "a strict raw value needs --namespace and --name",
                Some("pass the Secret's namespace and name, or use --scope namespace-wide / cluster-wide".to_string()),
            ));
        }
        Scope::NamespaceWide if namespace.is_empty() => {
            return Err(Error::usage(
                "a namespace-wide raw value needs --namespace",
                Some("pass the Secret's namespace, or use --scope cluster-wide".to_string()),
            ));
        }
        _ => {}
    }
    let value = read_value(&cfg.value)?;
    let cert = super::load_sealing_cert(&cfg.cert)?;
    let label = cfg.scope.label(&namespace, &name);
    let sealed = wire::seal(&cert.key, &label, &value, &mut os_rng())
        .map_err(|e| Error::usage(format!("cannot seal the value: {e}"), None))?;
    let mut out = Stdout::new();
    out.write(sealed.as_bytes())?;
    out.finish()
}

fn read_value(source: &ValueSource) -> Result<Zeroizing<Vec<u8>>> {
    let (name, read) = match source {
        ValueSource::File(path) => {
            let name = path.display().to_string();
            let read = std::fs::File::open(path)
                .and_then(|f| read_all_wiping(f, MAX_SECRET_DATA_BYTES as u64));
            (name, read)
        }
        ValueSource::Stdin => (
            "<stdin>".to_string(),
            read_all_wiping(std::io::stdin().lock(), MAX_SECRET_DATA_BYTES as u64),
        ),
        ValueSource::Prompt => return read_prompt(),
    };
    read.map_err(|source| Error::Read {
        path: name.clone(),
        source,
    })?
    .ok_or_else(|| {
        Error::input(
            &crate::error::Origin::file(name),
            format!(
                "the value is larger than {}, the most one Secret sealant writes may hold (a Kubernetes Secret holds at most 1 MiB)",
                mib(MAX_SECRET_DATA_BYTES as u64)
            ),
            None,
        )
    })
}

fn read_prompt() -> Result<Zeroizing<Vec<u8>>> {
    let value = Zeroizing::new(rpassword::prompt_password("Value to seal: ").map_err(
        |source| Error::Read {
            path: "the terminal".to_string(),
            source,
        },
    )?);
    Ok(Zeroizing::new(value.as_bytes().to_vec()))
}
