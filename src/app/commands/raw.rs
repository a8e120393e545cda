//! `sealant raw` (and kubeseal's `--raw`).

use zeroize::Zeroizing;

use crate::app::config::{RawConfig, ValueSource};
use crate::core::crypto::os_rng;
use crate::core::scope::Scope;
use crate::core::wire;
use crate::error::{Error, Result};
use crate::io::input::read_or;
use crate::limits::{MAX_SECRET_DATA_BYTES, mib};

pub(super) fn run(cfg: &RawConfig) -> Result<()> {
    let namespace = match &cfg.namespace {
        Some(ns) => ns.clone(),
        None if cfg.scope != Scope::ClusterWide => {
            crate::app::remote::default_namespace(&cfg.cluster).unwrap_or_default()
        }
        None => String::new(),
    };
    let name = cfg.name.clone().unwrap_or_default();
    // kubeseal's words, so that scripts matching them keep working.
    let missing = match cfg.scope {
        Scope::ClusterWide => None,
        _ if namespace.is_empty() => Some("--namespace"),
        Scope::Strict if name.is_empty() => Some("--name"),
        _ => None,
    };
    if let Some(flag) = missing {
        return Err(Error::usage(
            format!(
                "must provide the {flag} flag with --raw and --scope {}",
                cfg.scope
            ),
            Some(
                "a strict value needs the Secret's namespace and name, a namespace-wide one its namespace; or use --scope cluster-wide"
                    .to_string(),
            ),
        ));
    }
    let value = read_value(&cfg.value)?;
    let cert = super::load_sealing_cert(&cfg.cert)?;
    let label = cfg.scope.label(&namespace, &name);
    let sealed = wire::seal(&cert.key, &label, &value, &mut os_rng())
        .map_err(|e| Error::usage(format!("cannot seal the value: {e}"), None))?;
    let mut out = super::Sink::open(&cfg.output, crate::io::atomic::Access::Keep)?;
    out.write(sealed.as_bytes())?;
    out.finish()
}

fn read_value(source: &ValueSource) -> Result<Zeroizing<Vec<u8>>> {
    let (name, path) = match source {
        ValueSource::File(path) => (path.display().to_string(), Some(path.as_path())),
        ValueSource::Stdin => ("<stdin>".to_string(), None),
        ValueSource::Prompt => return read_prompt(),
    };
    read_or(path, &name, MAX_SECRET_DATA_BYTES as u64, || {
        Error::input(
            &crate::error::Origin::file(&name),
            format!(
                "the value is larger than {}, the most one Secret sealant writes may hold (a Kubernetes Secret holds at most 1 MiB)",
                mib(MAX_SECRET_DATA_BYTES as u64)
            ),
            None,
        )
    })
}

fn read_prompt() -> Result<Zeroizing<Vec<u8>>> {
    let terminal = |source| Error::Read {
        path: "the terminal".to_string(),
        source,
    };
    let value = crate::app::hidden::HiddenTerminal::open()
        .and_then(|mut tty| tty.ask("Value to seal: "))
        .map_err(terminal)?;
    Ok(Zeroizing::new(value.as_bytes().to_vec()))
}
