//! Turning a Secret into a SealedSecret, exactly as kubeseal does.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::core::certificate::Certificate;
use crate::core::crypto::{Rng, os_rng};
use crate::core::manifest::{SEALED_SECRET_API_VERSION, secret};
use crate::core::scope::{CLUSTER_WIDE_ANNOTATION, NAMESPACE_WIDE_ANNOTATION, Scope};
use crate::core::wire;
use crate::error::{Error, Origin, Result};

/// Annotations that hold a full copy of the object (and so the secret
/// values); kubeseal strips them and so does sealant.
pub const LAST_APPLIED_ANNOTATIONS: [&str; 2] = [
    "kubectl.kubernetes.io/last-applied-configuration",
    "kubecfg.ksonnet.io/last-applied-configuration",
];

/// The annotation sealant puts on the SealedSecret's own metadata (never on
/// the template): the SHA-256 of the DER certificate the values were sealed
/// with, as 64 lowercase hex digits. `sealant check` compares it with the
/// repository's rules without any private key, and a reseal can pick the
/// matching key directly.
///
/// Why it changes nothing in the cluster (read in bitnami-labs/sealed-secrets,
/// v0.36 line):
/// - `SealedSecret.Unseal` (pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go)
///   builds the Secret's metadata from `spec.template.metadata` only; of the
///   outer metadata it reads the name, the namespace and the two scope
///   annotations (for the OAEP label), nothing else. Outer annotations are never
///   copied to the Secret.
/// - The controller (pkg/controller/controller.go) re-unseals only when the
///   `spec` changes (`sealedSecretChanged` compares `Spec`), and updates the
///   Secret's annotations from the unsealed template; `managed`/`patch` are read
///   on the existing Secret, `skip-set-owner-references` on the template.
/// - `/v1/verify` and `/v1/rotate` (pkg/controller/server.go) go through the
///   same unseal; `Rotate` re-seals with `NewSealedSecret`, whose outer metadata
///   holds only name, namespace and the scope annotation, so a SealedSecret
///   re-encrypted by the controller comes back WITHOUT this annotation (sealant
///   writes it again itself).
///
/// kubeseal's drop-in mode does not write it, so its output stays identical to
/// kubeseal's. The constant lives in [`crate::core::scope`] with the other
/// annotations.
pub use crate::core::scope::CERT_SHA256_ANNOTATION;

/// Server-set metadata fields that do not belong in a template.
const SERVER_FIELDS: [&str; 7] = [
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "selfLink",
];

/// `ObjectMeta` fields in Go's struct order, which is the order kubeseal's
/// JSON output uses.
const OBJECT_META_ORDER: [&str; 15] = [
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

/// How to seal: what the command line and the environment decided.
#[derive(Debug, Clone, Default)]
pub struct SealParams {
    /// `--scope`, when given: overrides the Secret's own annotations.
    pub scope: Option<Scope>,
    /// `-n/--namespace`, when given: must agree with the Secret's.
    pub namespace: Option<String>,
    /// The namespace to use when neither the Secret nor the flag has one
    /// (the kubeconfig context's, or `default` when a kubeconfig exists).
    pub default_namespace: Option<String>,
    /// `--name`, when given: replaces the Secret's name.
    pub name: Option<String>,
    /// `--allow-empty-data`.
    pub allow_empty_data: bool,
    /// Record the certificate's fingerprint in [`CERT_SHA256_ANNOTATION`]
    /// (sealant's own commands; not kubeseal's drop-in mode).
    pub record_cert: bool,
    /// Record every sealed item's value as set on this date in
    /// [`crate::core::value_dates::VALUE_DATES_ANNOTATION`] (sealant's own commands; not
    /// kubeseal's drop-in mode).
    pub value_date: Option<time::Date>,
    /// sealant's own reading rules (not kubeseal's drop-in mode, which has
    /// its own): a `scope` asked for that contradicts the Secret's scope
    /// annotation is an error, and names, namespaces and keys the API server
    /// would refuse are refused here, as `sealant create` refuses them.
    pub strict_input: bool,
}

/// The identity a Secret will be sealed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealTarget {
    /// The name.
    pub name: String,
    /// The namespace ("" only for cluster-wide).
    pub namespace: String,
    /// The scope.
    pub scope: Scope,
}

impl SealTarget {
    /// The OAEP label for this target.
    pub fn label(&self) -> Vec<u8> {
        self.scope.label(&self.namespace, &self.name)
    }
}

/// Works out name, namespace and scope for a Secret, applying kubeseal's
/// rules, and returns the Secret's metadata as it will appear in the template.
pub fn resolve_target(
    secret: &Value,
    origin: &Origin,
    params: &SealParams,
) -> Result<(SealTarget, Map<String, Value>)> {
    let mut meta = match secret.get("metadata") {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err(Error::input(origin, "metadata must be a mapping", None)),
    };
    if let Some(name) = &params.name {
        meta.insert("name".into(), Value::String(name.clone()));
    }
    let name = meta
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if name.is_empty() {
        return Err(Error::input(
            origin,
            "the Secret has no metadata.name",
            Some("add metadata.name to the Secret, or pass --name".into()),
        ));
    }
    let own_ns = meta
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(ns) = &params.namespace {
        if !own_ns.is_empty() && own_ns != *ns {
            return Err(Error::input(
                origin,
                format!("the Secret's namespace '{own_ns}' differs from --namespace '{ns}'"),
                Some("drop --namespace, or fix metadata.namespace in the Secret".into()),
            ));
        }
        meta.insert("namespace".into(), Value::String(ns.clone()));
    }
    let annotations = match meta.get("annotations") {
        Some(Value::Object(a)) => a.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => {
            return Err(Error::input(
                origin,
                "metadata.annotations must be a mapping",
                None,
            ));
        }
    };
    // Annotations are strings: an unquoted `true` is not one, and guessing
    // what it meant could seal for the wrong scope.
    if let Some((key, v)) = annotations.iter().find(|(_, v)| !v.is_string()) {
        return Err(Error::input(
            origin,
            format!(
                "the annotation {key:?} is a {}, not a string",
                secret::type_name(v)
            ),
            Some(format!(
                "quote it: `{key}: \"true\"` (Kubernetes annotations are strings)"
            )),
        ));
    }
    let annotated = Scope::from_annotations(|k| annotations.get(k).and_then(Value::as_str));
    let scope = match params.scope {
        Some(scope)
            if params.strict_input
                && scope != annotated
                && (annotations.contains_key(NAMESPACE_WIDE_ANNOTATION)
                    || annotations.contains_key(CLUSTER_WIDE_ANNOTATION)) =>
        {
            return Err(Error::input(
                origin,
                format!("the scope asked for is {scope}, and the Secret's annotations make it {annotated}"),
                Some("drop --scope (or the rule's `scope:`), or fix the Secret's sealedsecrets.bitnami.com/* annotation".into()),
            ));
        }
        Some(scope) => scope,
        None => annotated,
    };
    let mut annotations = annotations;
    annotations.remove(NAMESPACE_WIDE_ANNOTATION);
    annotations.remove(CLUSTER_WIDE_ANNOTATION);
    if let Some(a) = scope.annotation() {
        annotations.insert(a.into(), Value::String("true".into()));
    }
    for key in LAST_APPLIED_ANNOTATIONS {
        annotations.remove(key);
    }
    if annotations.is_empty() {
        meta.remove("annotations");
    } else {
        meta.insert("annotations".into(), Value::Object(annotations));
    }
    let mut namespace = meta
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if namespace.is_empty() && scope != Scope::ClusterWide {
        match &params.default_namespace {
            Some(ns) if !ns.is_empty() => {
                namespace = ns.clone();
                meta.insert("namespace".into(), Value::String(ns.clone()));
            }
            _ => {
                return Err(Error::input(
                    origin,
                    format!("the Secret has no namespace, and a {scope} SealedSecret needs one"),
                    Some("add metadata.namespace, pass -n NAMESPACE, or seal with --scope cluster-wide".into()),
                ));
            }
        }
    }
    if namespace.is_empty() {
        meta.remove("namespace");
    }
    if params.strict_input {
        // The API server would refuse the unsealed Secret: say so now.
        if let Some(problem) = crate::core::names::object_name_problem(&name) {
            return Err(Error::input(
                origin,
                format!("{name:?} is not a valid Secret name: {problem}"),
                Some("Kubernetes names are DNS subdomains, e.g. db-credentials or app.tls".into()),
            ));
        }
        if let Some(problem) = (!namespace.is_empty())
            .then(|| crate::core::names::namespace_problem(&namespace))
            .flatten()
        {
            return Err(Error::input(
                origin,
                format!("{namespace:?} is not a valid namespace: {problem}"),
                Some(crate::report::hints::NAMESPACE_LABEL.into()),
            ));
        }
    }
    for field in SERVER_FIELDS {
        meta.remove(field);
    }
    meta.remove("ownerReferences");
    Ok((
        SealTarget {
            name,
            namespace,
            scope,
        },
        order_object_meta(meta),
    ))
}

/// Reorders metadata fields into Go's `ObjectMeta` order; unknown fields
/// follow in their own order.
pub fn order_object_meta(meta: Map<String, Value>) -> Map<String, Value> {
    let mut meta = meta;
    let mut out = Map::new();
    for field in OBJECT_META_ORDER {
        if let Some(v) = meta.remove(field) {
            out.insert(field.into(), sort_string_maps(field, v));
        }
    }
    for (k, v) in meta {
        out.insert(k, v);
    }
    out
}

fn sort_string_maps(field: &str, v: Value) -> Value {
    match (field, v) {
        ("labels" | "annotations", Value::Object(m)) => {
            let mut entries: Vec<(String, Value)> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        // Go's `ManagedFieldsEntry` struct order; `fieldsV1` is raw JSON,
        // kept in its own order as Go keeps it.
        ("managedFields", Value::Array(entries)) => Value::Array(
            entries
                .into_iter()
                .map(|e| match e {
                    Value::Object(mut m) => {
                        let mut out = Map::new();
                        for field in MANAGED_FIELDS_ENTRY_ORDER {
                            if let Some(v) = m.remove(field) {
                                out.insert(field.into(), v);
                            }
                        }
                        out.extend(m);
                        Value::Object(out)
                    }
                    other => other,
                })
                .collect(),
        ),
        (_, v) => v,
    }
}

/// `ManagedFieldsEntry` fields in Go's struct order.
const MANAGED_FIELDS_ENTRY_ORDER: [&str; 7] = [
    "manager",
    "operation",
    "apiVersion",
    "time",
    "fieldsType",
    "fieldsV1",
    "subresource",
];

/// Seals one Secret document into a SealedSecret document, drawing every
/// session key from `rng` (a seeded generator gives reproducible output).
pub fn seal_secret(
    secret_doc: &Value,
    origin: &Origin,
    params: &SealParams,
    cert: &Certificate,
    rng: &mut dyn Rng,
) -> Result<Value> {
    let items = secret::items(secret_doc, origin)?;
    seal_items(secret_doc, &items, origin, params, cert, rng)
}

/// Seals `items` for the Secret whose metadata, type and immutability are
/// those of `secret_doc` (its `data` and `stringData` are not read): the
/// items may come from elsewhere than a document, e.g. `sealant create`.
pub fn seal_items(
    secret_doc: &Value,
    items: &secret::Items,
    origin: &Origin,
    params: &SealParams,
    cert: &Certificate,
    rng: &mut dyn Rng,
) -> Result<Value> {
    let (target, template_meta) = resolve_items_target(secret_doc, items, origin, params)?;
    let label = target.label();
    let sealed = items
        .iter()
        .map(|(key, plaintext)| seal_value(cert, &label, origin, key, plaintext, rng))
        .collect::<Result<Vec<String>>>()?;
    Ok(assemble(
        secret_doc,
        &target,
        template_meta,
        items,
        sealed,
        params,
        cert,
    ))
}

/// Seals one Secret document like [`seal_secret`], with its items sealed in
/// parallel on rayon's pool (from 4 items) and each session key from the OS
/// generator. The output is the same document, in the same order.
pub fn seal_secret_parallel(
    secret_doc: &Value,
    origin: &Origin,
    params: &SealParams,
    cert: &Certificate,
) -> Result<Value> {
    use rayon::prelude::*;
    let items = secret::items(secret_doc, origin)?;
    let (target, template_meta) = resolve_items_target(secret_doc, &items, origin, params)?;
    let label = target.label();
    let list: Vec<(&String, &Zeroizing<Vec<u8>>)> = items.iter().collect();
    let seal = |(key, plaintext): &(&String, &Zeroizing<Vec<u8>>)| {
        seal_value(cert, &label, origin, key, plaintext, &mut os_rng())
    };
    let sealed = if list.len() < PARALLEL_MIN_ITEMS {
        // Too little to share out: starting and waking the thread pool would
        // cost more than it saves.
        list.iter().map(seal).collect::<Result<Vec<String>>>()?
    } else {
        list.par_iter()
            .map(seal)
            .collect::<Vec<Result<String>>>()
            // The first failure in item order, whichever thread met it first.
            .into_iter()
            .collect::<Result<Vec<String>>>()?
    };
    Ok(assemble(
        secret_doc,
        &target,
        template_meta,
        &items,
        sealed,
        params,
        cert,
    ))
}

/// The fewest items [`seal_secret_parallel`] seals on several threads.
const PARALLEL_MIN_ITEMS: usize = 4;

/// Refuses a Secret without items (unless allowed) and resolves its target.
fn resolve_items_target(
    secret_doc: &Value,
    items: &secret::Items,
    origin: &Origin,
    params: &SealParams,
) -> Result<(SealTarget, Map<String, Value>)> {
    if items.is_empty() && !params.allow_empty_data {
        return Err(Error::input(
            origin,
            "the Secret has no data or stringData",
            Some("pass --allow-empty-data to seal it anyway".into()),
        ));
    }
    if params.strict_input
        && let Some((key, problem)) = items
            .keys()
            .find_map(|k| crate::core::names::secret_key_problem(k).map(|p| (k, p)))
    {
        return Err(Error::item(
            origin,
            key,
            format!("not a valid Secret key: {problem}"),
            Some(crate::core::names::SECRET_KEY_HINT.into()),
        ));
    }
    resolve_target(secret_doc, origin, params)
}

/// Seals one item's value under `label`.
fn seal_value(
    cert: &Certificate,
    label: &[u8],
    origin: &Origin,
    key: &str,
    plaintext: &[u8],
    rng: &mut dyn Rng,
) -> Result<String> {
    wire::seal(&cert.key, label, plaintext, rng)
        .map_err(|e| Error::item(origin, key, format!("sealing failed ({e})"), None))
}

/// Builds the SealedSecret from its items' sealed values (in item order).
fn assemble(
    secret_doc: &Value,
    target: &SealTarget,
    template_meta: Map<String, Value>,
    items: &secret::Items,
    sealed: Vec<String>,
    params: &SealParams,
    cert: &Certificate,
) -> Value {
    let encrypted: Map<String, Value> = items
        .keys()
        .cloned()
        .zip(sealed.into_iter().map(Value::String))
        .collect();
    let mut sealed = build_sealed_secret(secret_doc, target, template_meta, encrypted);
    if params.record_cert {
        record_certificate(&mut sealed, cert);
    }
    if let Some(date) = params.value_date {
        let dates = items.keys().map(|k| (k.clone(), date)).collect();
        set_annotation(
            &mut sealed,
            crate::core::value_dates::VALUE_DATES_ANNOTATION,
            crate::core::value_dates::render(&dates),
        );
    }
    sealed
}

/// Writes [`CERT_SHA256_ANNOTATION`] on a SealedSecret's own metadata,
/// keeping the annotations sorted as Go's JSON encoder writes a map.
pub fn record_certificate(sealed: &mut Value, cert: &Certificate) {
    set_annotation(sealed, CERT_SHA256_ANNOTATION, cert.fingerprint.to_string());
}

/// Sets one annotation on a SealedSecret's own metadata, keeping the
/// annotations sorted as Go's JSON encoder writes a map.
pub fn set_annotation(sealed: &mut Value, key: &str, value: String) {
    let Some(meta) = sealed.get_mut("metadata").and_then(Value::as_object_mut) else {
        return;
    };
    let mut annotations: Vec<(String, Value)> = match meta.shift_remove("annotations") {
        Some(Value::Object(a)) => a.into_iter().collect(),
        _ => Vec::new(),
    };
    annotations.retain(|(k, _)| k != key);
    annotations.push((key.to_string(), Value::String(value)));
    annotations.sort_by(|a, b| a.0.cmp(&b.0));
    meta.insert(
        "annotations".into(),
        Value::Object(annotations.into_iter().collect()),
    );
}

/// Assembles a SealedSecret in kubeseal's field order.
pub fn build_sealed_secret(
    secret_doc: &Value,
    target: &SealTarget,
    template_meta: Map<String, Value>,
    encrypted: Map<String, Value>,
) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), Value::String(target.name.clone()));
    if !target.namespace.is_empty() {
        meta.insert("namespace".into(), Value::String(target.namespace.clone()));
    }
    if let Some(a) = target.scope.annotation() {
        let mut ann = Map::new();
        ann.insert(a.into(), Value::String("true".into()));
        meta.insert("annotations".into(), Value::Object(ann));
    }
    let mut template = Map::new();
    template.insert("metadata".into(), Value::Object(template_meta));
    if let Some(t) = secret_doc
        .get("type")
        .filter(|t| !t.is_null() && t.as_str() != Some(""))
    {
        template.insert("type".into(), t.clone());
    }
    if let Some(i) = secret_doc.get("immutable").filter(|i| !i.is_null()) {
        template.insert("immutable".into(), i.clone());
    }
    let mut spec = Map::new();
    spec.insert("template".into(), Value::Object(template));
    spec.insert("encryptedData".into(), Value::Object(encrypted));
    let mut out = Map::new();
    out.insert("kind".into(), Value::String("SealedSecret".into()));
    out.insert(
        "apiVersion".into(),
        Value::String(SEALED_SECRET_API_VERSION.into()),
    );
    out.insert("metadata".into(), Value::Object(meta));
    out.insert("spec".into(), Value::Object(spec));
    Value::Object(out)
}
