//! `sealant merge` (and kubeseal's `--merge-into`): seal a Secret's items
//! into an existing SealedSecret file. New and changed items get fresh
//! ciphertext; every other byte of the file stays as it was.

use crate::app::config::MergeConfig;
use crate::core::crypto::os_rng;
use crate::core::manifest::sealed::SealedView;
use crate::core::manifest::{self, Kind, Manifest, secret};
use crate::core::sealing::{CERT_SHA256_ANNOTATION, SealParams, resolve_target};
use crate::core::value_dates::{self, VALUE_DATES_ANNOTATION};
use crate::core::wire;
use crate::error::{Error, Origin, Result};
use crate::io::rewrite::Rewrite;
use crate::yaml::patch::{self, Change};

use serde_json::{Map, Value};

pub(super) fn run(cfg: &MergeConfig) -> Result<()> {
    // Read under the file's lock: a concurrent merge waits, then reads
    // what this one wrote, so neither loses its items.
    let (rewrite, target) = Rewrite::open(&cfg.target)?;
    let target = Manifest::new(target);
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

    let input = Manifest::read(cfg.from.as_deref())?;
    let mut secrets = Vec::new();
    for doc in input.documents()? {
        // The drop-in reads every document as a Secret, as kubeseal does;
        // sealant's own merge refuses a document that might be a Secret.
        if cfg.any_kind {
            if doc.value.as_object().is_some_and(|m| !m.is_empty()) {
                secrets.push(doc);
            }
        } else if manifest::classify(&doc.value, &doc.origin)? == Kind::Secret {
            secrets.push(doc);
        }
    }
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
        crate::note!(
            "warning: {} records certificate sha256:{recorded}; the merged items are sealed with sha256:{}. \
             `sealant check` reports it as sealed with the old certificate until the whole SealedSecret is resealed",
            target.name,
            cert.fingerprint
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
        value_date: None,
        strict_input: false,
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
    let (target_id, secret_meta) = resolve_target(&secret_value, &secret_doc.origin, &params)?;
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
    // The value-dates record: the merged items' values are new today, the
    // others keep their dates. A SealedSecret without a record gets none
    // (adding one would mean rewriting the document): `sealant check` dates
    // its items from git history.
    match manifest::annotation(doc.value.get("metadata"), VALUE_DATES_ANNOTATION) {
        Some(existing) => changes.push(Change::ReplaceAnnotation {
            key: VALUE_DATES_ANNOTATION.to_string(),
            value: value_dates::after_change(
                Some(existing),
                items.keys().map(String::as_str),
                None,
                value_dates::today()?,
            ),
        }),
        None => crate::note!(
            "sealant: {} has no {VALUE_DATES_ANNOTATION} record, so the merged values' date is not recorded; `sealant check` dates its items from git history",
            target.name
        ),
    }
    let text = patch::apply_changes(&target.text, &span, &changes)
        .map_err(|e| Error::input(&doc.origin, e.to_string(), None))?;
    let text = merge_template_metadata(&target, span.index, text, &secret_meta)?;
    rewrite.write(&text)
}

/// Merges the Secret's labels and annotations into the target's
/// `spec.template.metadata`, as kubeseal's `--merge-into` does (the Secret's
/// values win). `text` is the target with its items already merged. When
/// nothing changes, it is returned as it is, every byte kept; otherwise the
/// SealedSecret document (only that one) is written anew in the file's
/// format, and a note says so.
fn merge_template_metadata(
    target: &Manifest,
    index: usize,
    text: String,
    secret_meta: &Map<String, Value>,
) -> Result<String> {
    let merged = Manifest::from_text(&target.name, &text)?;
    let spans = merged.spans()?;
    let Some(span) = spans.iter().find(|s| s.index == index) else {
        return Ok(text);
    };
    let mut doc = merged.parse_span(span)?;
    let mut changed = false;
    for field in ["labels", "annotations"] {
        let Some(Value::Object(wanted)) = secret_meta.get(field) else {
            continue;
        };
        let Some(spec) = doc.value.get_mut("spec").and_then(Value::as_object_mut) else {
            continue;
        };
        let template = spec
            .entry("template")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(template) = template.as_object_mut() else {
            return Err(Error::input(
                &doc.origin,
                "spec.template must be a mapping",
                None,
            ));
        };
        let meta = template
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(meta) = meta.as_object_mut() else {
            return Err(Error::input(
                &doc.origin,
                "spec.template.metadata must be a mapping",
                None,
            ));
        };
        let have = meta
            .entry(field)
            .or_insert_with(|| Value::Object(Map::new()));
        if have.is_null() {
            *have = Value::Object(Map::new());
        }
        let Some(have) = have.as_object_mut() else {
            return Err(Error::input(
                &doc.origin,
                format!("spec.template.metadata.{field} must be a mapping"),
                None,
            ));
        };
        for (k, v) in wanted {
            if have.get(k) != Some(v) {
                have.insert(k.clone(), v.clone());
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(text);
    }
    let rendered = manifest::output::render(&doc.value, merged.format);
    let body = rendered
        .strip_prefix("---\n")
        .unwrap_or(&rendered)
        .trim_end_matches('\n');
    crate::note!(
        "sealant: {}: the Secret's labels and annotations were merged into spec.template.metadata; the SealedSecret was rewritten in {} (its comments and layout were not kept)",
        target.name,
        match merged.format {
            manifest::Format::Yaml => "YAML",
            manifest::Format::Json => "JSON",
        }
    );
    Ok(format!(
        "{}{}{}",
        &text[..span.start],
        body,
        &text[span.end..]
    ))
}
