//! `sealant merge` (and kubeseal's `--merge-into`): seal a Secret's items
//! into an existing SealedSecret file. New and changed items get fresh
//! ciphertext; every other byte of the file stays as it was.

use crate::atomic;
use crate::config::MergeConfig;
use crate::crypto::os_rng;
use crate::error::{Error, Origin, Result};
use crate::manifest::sealed::SealedView;
use crate::manifest::source::{self, Change};
use crate::manifest::{self, Input, Kind, secret};
use crate::seal::{CERT_SHA256_ANNOTATION, SealParams, resolve_target};
use crate::wire;

pub(super) fn run(cfg: &MergeConfig) -> Result<()> {
    // Read under the file's lock: a concurrent merge waits, then reads
    // what this one wrote, so neither loses its items.
    let _lock = atomic::lock(&cfg.target)?;
    let target = Input::read(Some(&cfg.target))?;
    let docs = target.documents()?;
    let sealed: Vec<_> = docs
        .iter()
        .filter(|d| manifest::kind_of(&d.value) == Kind::SealedSecret)
        .collect();
    let doc = match sealed.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::input(
                &Origin::file(&target.name),
                "holds no SealedSecret to merge into",
                Some("seal the Secret with `sealant seal -w FILE` to create one".to_string()),
            ));
        }
        _ => {
            return Err(Error::input(
                &Origin::file(&target.name),
                format!(
                    "holds {} SealedSecrets; merge needs exactly one",
                    sealed.len()
                ),
                Some("split the file, one SealedSecret per file".to_string()),
            ));
        }
    };
    let Some(span) = doc.span else {
        return Err(Error::input(
            &doc.origin,
            "the SealedSecret is inside a List; merge needs it as a document of its own",
            None,
        ));
    };
    let view = SealedView::read(&doc.value, &doc.origin)?;

    let input = Input::read(cfg.from.as_deref())?;
    let secrets: Vec<_> = input
        .documents()?
        .into_iter()
        .filter(|d| manifest::kind_of(&d.value) == Kind::Secret)
        .collect();
    let [secret_doc] = secrets.as_slice() else {
        return Err(Error::input(
            &Origin::file(&input.name),
            format!("holds {} Secrets; merge needs exactly one", secrets.len()),
            None,
        ));
    };
    let items = secret::items(&secret_doc.value, &secret_doc.origin)?;
    if items.is_empty() && !cfg.allow_empty_data {
        return Err(Error::input(
            &secret_doc.origin,
            "the Secret has no data or stringData",
            Some("pass --allow-empty-data to merge it anyway (nothing changes)".to_string()),
        ));
    }
    let cert = super::load_sealing_cert(&cfg.cert)?;
    // The target's record of its certificate is left as it is: the items not
    // merged were sealed with that one. When it differs, say so.
    if let Some(recorded) = manifest::annotation(doc.value.get("metadata"), CERT_SHA256_ANNOTATION)
        && recorded != cert.fingerprint.to_string()
    {
        eprintln!(
            "warning: {} records certificate sha256:{recorded}; the merged items are sealed with sha256:{}. \
             `sealant check` reports it as sealed with the old certificate until the whole SealedSecret is resealed",
            target.name, cert.fingerprint
        );
    }
    // The items are sealed for the target's identity and, unless told
    // otherwise, its scope: a merged item must open where the others do.
    let params = SealParams {
        scope: Some(cfg.scope.unwrap_or(view.scope)),
        namespace: None,
        default_namespace: None,
        name: Some(view.name.clone()),
        allow_empty_data: true,
        record_cert: false,
    };
    let mut secret_value = secret_doc.value.clone();
    if let Some(meta) = secret_value
        .get_mut("metadata")
        .and_then(|m| m.as_object_mut())
    {
        meta.remove("namespace");
    }
    let params = SealParams {
        namespace: (!view.namespace.is_empty()).then(|| view.namespace.clone()),
        ..params
    };
    let (target_id, _) = resolve_target(&secret_value, &secret_doc.origin, &params)?;
    if target_id.scope != view.scope {
        return Err(Error::usage(
            format!("the target is {}, and --scope asks for {}", view.scope, target_id.scope),
            Some("items of one SealedSecret must share its scope; reseal the whole Secret to change scope".to_string()),
        ));
    }
    let label = target_id.label();
    let mut rng = os_rng();
    let mut changes = Vec::new();
    for (key, plaintext) in &items {
        let value = wire::seal(&cert.key, &label, plaintext, &mut rng).map_err(|e| {
            Error::item(
                &secret_doc.origin,
                key,
                format!("sealing failed ({e})"),
                None,
            )
        })?;
        if view.items.iter().any(|(k, _)| k == key) {
            changes.push(Change::Replace {
                key: key.clone(),
                value,
            });
        } else {
            changes.push(Change::Insert {
                key: key.clone(),
                value,
            });
        }
    }
    let text = source::apply_changes(&target.text, &span, &changes)
        .map_err(|e| Error::input(&doc.origin, e.to_string(), None))?;
    let bytes = if target.had_bom {
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
    } else {
        text.into_bytes()
    };
    atomic::rewrite(&cfg.target, &bytes)
}
