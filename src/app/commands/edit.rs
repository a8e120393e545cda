//! `sealant edit`: a SealedSecret opens in the user's editor as a readable
//! Secret; what changed is sealed anew and written back in place, every
//! other byte of the file kept.
//!
//! The plaintext buffer lives in a private 0700 folder (on a memory file
//! system where there is one) as a 0600 file, and is overwritten with zeros
//! and removed afterwards: when the editor exits, on an error, and on
//! SIGINT, SIGTERM and SIGHUP (the editor is stopped first).

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::app::config::{EditConfig, EditPick};
use crate::core::crypto::{Backend, os_rng};
use crate::core::keyring::KeyRing;
use crate::core::manifest::sealed::SealedView;
use crate::core::manifest::{self, Kind, Manifest, WipedValues, output, secret};
use crate::core::opening::unseal_document;
use crate::core::sealing::CERT_SHA256_ANNOTATION;
use crate::core::wire;
use crate::error::{Error, Origin, Result};
use crate::io::atomic;
use crate::io::input::read_or;
use crate::io::rewrite::Rewrite;
use crate::limits::{MAX_INPUT_BYTES, mib};
use crate::yaml::patch::{self, Change};
use crate::yaml::split::DocSpan;

mod editor;
use editor::*;

const HEADER: &str = "# sealant edit: change, add or delete items, then save and quit.\n\
# Text values are under stringData. Untouched items keep their ciphertext.\n\
# Quit without saving (or exit the editor with an error) to change nothing.\n";

pub(super) fn run(cfg: &EditConfig) -> Result<()> {
    // Signals first: from here on, one asks the edit to stop, and the
    // buffer is wiped before sealant exits.
    let signals = Signals::register()?;
    let mut rewrite = Rewrite::lock(&cfg.file)?;
    if let Some((name, namespace, scope)) = &cfg.new {
        return new_secret(cfg, name, namespace.as_deref(), *scope, &signals);
    }
    let input = Manifest::new(rewrite.read()?);
    let docs = input.documents()?;
    let doc = pick(&input, &docs, &cfg.pick)?;
    let Some(span) = doc.span else {
        return Err(Error::input(
            &doc.origin,
            "the SealedSecret is inside a List; edit needs it as a document of its own",
            None,
        ));
    };
    let view = SealedView::read(&doc.value, &doc.origin)?;
    let blind = cfg.keys.is_empty();
    let (before, old_items) = if blind {
        blind_secret(&doc.value, &view)
    } else {
        let ring = KeyRing::load(&cfg.keys, Backend::default())?;
        let opened = WipedValues(vec![
            unseal_document(&doc.value, &doc.origin, &ring).inspect_err(|_| ring.print_stats())?,
        ]);
        let items = secret::items(&opened.0[0], &doc.origin)?;
        (WipedValues(vec![super::cat::readable(&opened.0[0])]), items)
    };
    let binary: Vec<&String> = before.0[0]
        .get("data")
        .and_then(Value::as_object)
        .map(|d| d.keys().collect())
        .unwrap_or_default();
    let mut text = Zeroizing::new(String::from(HEADER));
    if blind {
        text.push_str(&format!(
            "# Blind edit (no key): {PLACEHOLDER} stands for a sealed value; leave it to keep the value,\n\
             # replace it to set a new one, delete the line to remove the item.\n"
        ));
    }
    if !binary.is_empty() {
        let names: Vec<&str> = binary.iter().map(|s| s.as_str()).collect();
        text.push_str(&format!(
            "# Binary values are base64 under data: {}\n",
            names.join(", ")
        ));
    }
    text.push_str(&output::to_yaml_document(&before.0[0]));

    let after = edit_buffer(&text, &signals)?;
    let buffer_origin = Origin::file("<edit buffer>");
    let new_items = secret::items(&after.0[0], &buffer_origin)?;

    check_identity(&before.0[0], &after.0[0], &doc.origin)?;
    let template_changed = template_fields(&before.0[0]) != template_fields(&after.0[0]);
    let mut to_seal: Vec<(&String, &Zeroizing<Vec<u8>>, bool)> = Vec::new();
    for (k, v) in &new_items {
        match old_items.get(k) {
            Some(old) if old.as_slice() == v.as_slice() => {}
            Some(_) => to_seal.push((k, v, true)),
            None if blind && v.as_slice() == PLACEHOLDER.as_bytes() => {
                return Err(Error::item(
                    &buffer_origin,
                    k,
                    format!(
                        "a new item cannot be {PLACEHOLDER}, which stands for a sealed value; nothing was changed"
                    ),
                    Some("give the new item its value".to_string()),
                ));
            }
            None => to_seal.push((k, v, false)),
        }
    }
    let removed: Vec<&String> = old_items
        .keys()
        .filter(|k| !new_items.contains_key(*k))
        .collect();
    if to_seal.is_empty() && removed.is_empty() && !template_changed {
        crate::note!(
            "sealant: {}: no change; the file was not touched",
            input.name
        );
        return Ok(());
    }
    // Items rendered from spec.template.data are not in encryptedData.
    for k in &removed {
        if !view.items.iter().any(|(key, _)| key == *k) {
            return Err(Error::item(
                &doc.origin,
                k,
                "the item comes from spec.template.data, which edit does not change",
                Some("edit spec.template.data in the file itself".to_string()),
            ));
        }
    }

    let mut changes = Vec::new();
    let mut record = None;
    if !to_seal.is_empty() {
        let cert = super::load_sealing_cert(&cfg.cert)?;
        let recorded = manifest::annotation(doc.value.get("metadata"), CERT_SHA256_ANNOTATION);
        if let Some(recorded) = recorded
            && recorded != cert.fingerprint.to_string()
        {
            if !cfg.cert_given {
                return Err(Error::cert(
                    cert.source.clone(),
                    format!(
                        "its fingerprint sha256:{} is not the one {} records (sha256:{recorded}); nothing was changed",
                        cert.fingerprint, input.name
                    ),
                    Some("pass --cert with the certificate to seal the new values for (the record is then updated)".to_string()),
                ));
            }
            changes.push(Change::ReplaceAnnotation {
                key: CERT_SHA256_ANNOTATION.to_string(),
                value: cert.fingerprint.to_string(),
            });
            record = Some(cert.fingerprint.to_string());
        }
        let label = view.label();
        let mut rng = os_rng();
        for (key, plaintext, existing) in &to_seal {
            let value = wire::seal(&cert.key, &label, plaintext, &mut rng).map_err(|e| {
                Error::item(&doc.origin, key, format!("sealing failed ({e})"), None)
            })?;
            let key = (*key).clone();
            changes.push(if *existing {
                Change::Replace { key, value }
            } else {
                Change::Insert { key, value }
            });
        }
    }
    for key in &removed {
        changes.push(Change::Remove {
            key: (*key).clone(),
        });
    }
    // The value-dates record: changed and new items are dated today, removed
    // ones leave it, the others keep their dates. A file without a record
    // gets one only when the document is written anew (adding it in place
    // would move its comments); `sealant check` dates the rest from git.
    let existing_dates = manifest::annotation(
        doc.value.get("metadata"),
        crate::core::value_dates::VALUE_DATES_ANNOTATION,
    );
    let dates = if to_seal.is_empty() && removed.is_empty() {
        None
    } else {
        let items: Vec<&str> = new_items.keys().map(String::as_str).collect();
        Some(crate::core::value_dates::after_change(
            existing_dates,
            to_seal.iter().map(|(k, _, _)| k.as_str()),
            Some(&items),
            crate::core::value_dates::today()?,
        ))
    };
    if let (Some(_), Some(value)) = (existing_dates, &dates) {
        changes.push(Change::ReplaceAnnotation {
            key: crate::core::value_dates::VALUE_DATES_ANNOTATION.to_string(),
            value: value.clone(),
        });
    }

    let exact = if template_changed {
        None
    } else {
        patch::apply_changes(&input.text, &span, &changes).ok()
    };
    let text = match exact {
        Some(text) => text,
        None => rewrite_document(
            &input,
            &doc.value,
            &span,
            &changes,
            &after.0[0],
            record,
            dates,
        )?,
    };
    rewrite.write(&text)?;
    crate::note!(
        "sealant: {}: {} item(s) sealed anew, {} removed",
        input.name,
        to_seal.len(),
        removed.len()
    );
    Ok(())
}

/// What a blind edit shows for a sealed value.
const PLACEHOLDER: &str = "<sealed>";

/// The Secret a blind edit shows: the template's metadata, type and
/// immutability, and every sealed item as [`PLACEHOLDER`].
fn blind_secret(value: &Value, view: &SealedView) -> (WipedValues, secret::Items) {
    let template = value.pointer("/spec/template");
    let mut meta = Map::new();
    meta.insert("name".into(), Value::String(view.name.clone()));
    if !view.namespace.is_empty() {
        meta.insert("namespace".into(), Value::String(view.namespace.clone()));
    }
    for field in ["labels", "annotations"] {
        if let Some(v) = template
            .and_then(|t| t.pointer(&format!("/metadata/{field}")))
            .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
        {
            meta.insert(field.into(), v.clone());
        }
    }
    let mut out = Map::new();
    out.insert("apiVersion".into(), Value::String("v1".into()));
    out.insert("kind".into(), Value::String("Secret".into()));
    out.insert("metadata".into(), Value::Object(meta));
    for field in ["type", "immutable"] {
        if let Some(v) = template.and_then(|t| t.get(field)).filter(|v| !v.is_null()) {
            out.insert(field.into(), v.clone());
        }
    }
    let mut items = secret::Items::new();
    let mut data = Map::new();
    for (k, _) in &view.items {
        items.insert(k.clone(), Zeroizing::new(PLACEHOLDER.as_bytes().to_vec()));
        data.insert(k.clone(), Value::String(PLACEHOLDER.into()));
    }
    out.insert("stringData".into(), Value::Object(data));
    (WipedValues(vec![Value::Object(out)]), items)
}

fn new_secret(
    cfg: &EditConfig,
    name: &str,
    namespace: Option<&str>,
    scope: crate::core::scope::Scope,
    signals: &Signals,
) -> Result<()> {
    if fs::symlink_metadata(&cfg.file).is_ok() {
        return Err(Error::usage(
            format!("{} exists; --new writes a new file", cfg.file.display()),
            Some("edit it without --new, or name another file".to_string()),
        ));
    }
    if namespace.is_none() && scope != crate::core::scope::Scope::ClusterWide {
        return Err(Error::usage(
            "--new needs the Secret's namespace (-n NAMESPACE)",
            Some("or seal it for every namespace with --scope cluster-wide".to_string()),
        ));
    }
    let mut meta = Map::new();
    meta.insert("name".into(), Value::String(name.to_string()));
    if let Some(ns) = namespace {
        meta.insert("namespace".into(), Value::String(ns.to_string()));
    }
    let mut skeleton = Map::new();
    skeleton.insert("apiVersion".into(), Value::String("v1".into()));
    skeleton.insert("kind".into(), Value::String("Secret".into()));
    skeleton.insert("metadata".into(), Value::Object(meta));
    skeleton.insert("type".into(), Value::String("Opaque".into()));
    let mut text = String::from(HEADER);
    text.push_str(&output::to_yaml_document(&Value::Object(skeleton)));
    text.push_str("stringData:\n  # name: value\n");
    let after = edit_buffer(&text, signals)?;
    let origin = Origin::file("<edit buffer>");
    let items = secret::items(&after.0[0], &origin)?;
    if items.is_empty() {
        return Err(Error::input(
            &origin,
            "the new Secret has no items; nothing was written",
            Some("add items under stringData (name: value)".to_string()),
        ));
    }
    let cert = super::load_sealing_cert(&cfg.cert)?;
    let params = crate::core::sealing::SealParams {
        scope: Some(scope),
        namespace: namespace.map(str::to_string),
        default_namespace: None,
        name: None,
        allow_empty_data: false,
        record_cert: true,
        strict_input: true,
        value_date: Some(crate::core::value_dates::today()?),
    };
    let sealed = crate::core::sealing::seal_items(
        &after.0[0],
        &items,
        &origin,
        &params,
        &cert,
        &mut os_rng(),
    )?;
    let format = match cfg.file.extension().and_then(|e| e.to_str()) {
        Some("json") => manifest::Format::Json,
        _ => manifest::Format::Yaml,
    };
    let text = output::render(&sealed, format);
    atomic::write(&cfg.file, text.as_bytes(), atomic::Access::Keep)?;
    crate::note!(
        "sealant: wrote {} with {} sealed item(s)",
        cfg.file.display(),
        items.len()
    );
    Ok(())
}

/// The SealedSecret the command line names.
fn pick<'a>(
    input: &Manifest,
    docs: &'a [manifest::Document],
    how: &EditPick,
) -> Result<&'a manifest::Document> {
    let sealed: Vec<&manifest::Document> = docs
        .iter()
        .filter(|d| manifest::kind_of(&d.value) == Kind::SealedSecret)
        .collect();
    let file = Origin::file(&input.name);
    let chosen: Vec<&manifest::Document> = match how {
        EditPick::Only => sealed.clone(),
        EditPick::Document(n) => sealed
            .iter()
            .copied()
            .filter(|d| d.origin.doc == Some(*n))
            .collect(),
        EditPick::Name(name) => sealed
            .iter()
            .copied()
            .filter(|d| manifest::meta_str(&d.value, "name") == Some(name.as_str()))
            .collect(),
    };
    match chosen.as_slice() {
        [one] => Ok(*one),
        [] if sealed.is_empty() => Err(Error::input(
            &file,
            "holds no SealedSecret to edit",
            Some("create one with `sealant seal` or `sealant create`".to_string()),
        )),
        [] => Err(Error::input(
            &file,
            match how {
                EditPick::Document(n) => format!("document {n} is not a SealedSecret"),
                EditPick::Name(name) => format!("holds no SealedSecret named '{name}'"),
                EditPick::Only => "holds no SealedSecret".to_string(),
            },
            Some(format!(
                "it holds {} SealedSecret(s); pick one with --document N or --name NAME",
                sealed.len()
            )),
        )),
        many => Err(Error::input(
            &file,
            format!("holds {} SealedSecrets", many.len()),
            Some("pick one with --document N or --name NAME".to_string()),
        )),
    }
}

/// The edited buffer as one Secret.
fn parse_buffer(text: &str) -> Result<Value> {
    let input = Manifest::from_text("<edit buffer>", text)?;
    let mut docs = input.documents()?;
    if docs.len() != 1 {
        return Err(Error::input(
            &Origin::file("<edit buffer>"),
            format!(
                "holds {} documents; it must hold the one Secret",
                docs.len()
            ),
            None,
        ));
    }
    let mut doc = docs.remove(0);
    if manifest::kind_of(&doc.value) != Kind::Secret {
        return Err(Error::input(
            &doc.origin,
            "is not a Secret (kind: Secret, apiVersion: v1)",
            None,
        ));
    }
    secret::items(&doc.value, &doc.origin)?;
    Ok(std::mem::take(&mut doc.value))
}

/// Renaming or moving a SealedSecret changes every value's label: refused.
fn check_identity(before: &Value, after: &Value, origin: &Origin) -> Result<()> {
    for field in ["name", "namespace"] {
        if manifest::meta_str(before, field) != manifest::meta_str(after, field) {
            return Err(Error::input(
                origin,
                format!("the edit changes the Secret's {field}; nothing was changed"),
                Some("a renamed or moved SealedSecret needs every value sealed anew: unseal and seal it".to_string()),
            ));
        }
    }
    Ok(())
}

/// What of the Secret goes to `spec.template`: labels, annotations, type
/// and immutable.
fn template_fields(secret: &Value) -> (Value, Value, Value, Value) {
    let meta = secret.get("metadata");
    let get = |v: Option<&Value>| v.cloned().unwrap_or(Value::Null);
    let empty_is_null = |v: Value| match v {
        Value::Object(m) if m.is_empty() => Value::Null,
        v => v,
    };
    (
        empty_is_null(get(meta.and_then(|m| m.get("labels")))),
        empty_is_null(get(meta.and_then(|m| m.get("annotations")))),
        get(secret.get("type")),
        get(secret.get("immutable")),
    )
}

/// Writes the SealedSecret document anew (its comments and layout are not
/// kept): template fields edited, or items removed from a flow mapping.
fn rewrite_document(
    input: &Manifest,
    value: &Value,
    span: &DocSpan,
    changes: &[Change],
    after: &Value,
    record: Option<String>,
    dates: Option<String>,
) -> Result<String> {
    let mut doc = value.clone();
    let origin = Origin::file(&input.name);
    let bad = |what: &str| Error::input(&origin, format!("{what} must be a mapping"), None);
    let spec = doc
        .get_mut("spec")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| bad("spec"))?;
    let encrypted = spec
        .entry("encryptedData")
        .or_insert_with(|| Value::Object(Map::new()));
    if encrypted.is_null() {
        *encrypted = Value::Object(Map::new());
    }
    let encrypted = encrypted
        .as_object_mut()
        .ok_or_else(|| bad("spec.encryptedData"))?;
    for change in changes {
        match change {
            Change::Replace { key, value } | Change::Insert { key, value } => {
                encrypted.insert(key.clone(), Value::String(value.clone()));
            }
            Change::Remove { key } => {
                encrypted.shift_remove(key);
            }
            Change::ReplaceAnnotation { .. } => {}
        }
    }
    let template = spec
        .entry("template")
        .or_insert_with(|| Value::Object(Map::new()));
    if template.is_null() {
        *template = Value::Object(Map::new());
    }
    let template = template
        .as_object_mut()
        .ok_or_else(|| bad("spec.template"))?;
    let (labels, annotations, kind, immutable) = template_fields(after);
    let meta = template
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    if meta.is_null() {
        *meta = Value::Object(Map::new());
    }
    let meta = meta
        .as_object_mut()
        .ok_or_else(|| bad("spec.template.metadata"))?;
    for (field, v) in [("labels", labels), ("annotations", annotations)] {
        if v.is_null() {
            meta.shift_remove(field);
        } else {
            meta.insert(field.into(), v);
        }
    }
    for (field, v) in [("type", kind), ("immutable", immutable)] {
        if v.is_null() {
            template.shift_remove(field);
        } else {
            template.insert(field.into(), v);
        }
    }
    if let Some(fp) = record
        && let Some(annotations) = doc
            .get_mut("metadata")
            .and_then(|m| m.get_mut("annotations"))
            .and_then(Value::as_object_mut)
    {
        annotations.insert(CERT_SHA256_ANNOTATION.into(), Value::String(fp));
    }
    if let Some(dates) = dates {
        let meta = doc
            .as_object_mut()
            .ok_or_else(|| bad("the SealedSecret"))?
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(meta) = meta.as_object_mut() {
            let annotations = meta
                .entry("annotations")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(annotations) = annotations.as_object_mut() {
                annotations.insert(
                    crate::core::value_dates::VALUE_DATES_ANNOTATION.into(),
                    Value::String(dates),
                );
            }
        }
    }
    let rendered = output::render(&doc, input.format);
    let body = rendered
        .strip_prefix("---\n")
        .unwrap_or(&rendered)
        .trim_end_matches('\n');
    crate::note!(
        "sealant: {}: the SealedSecret was written anew (its comments and layout were not kept)",
        input.name
    );
    Ok(format!(
        "{}{}{}",
        &input.text[..span.start],
        body,
        &input.text[span.end..]
    ))
}
