//! Opening SealedSecrets with private keys, as the controller does, and
//! saying precisely why a value does not open.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::core::keyring::KeyRing;
use crate::core::manifest::sealed::SealedView;
use crate::core::scope::Scope;
use crate::core::sealing::order_object_meta;
use crate::core::wire::{self, WireError};
use crate::error::{Error, Origin, Result};
use crate::limits::MAX_SECRET_DATA_BYTES;

/// Annotation on the template that stops the controller from setting an
/// owner reference on the Secret.
pub const SKIP_OWNER_REFERENCES: &str = "sealedsecrets.bitnami.com/skip-set-owner-references";

/// Why a value did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenFailure {
    /// The text is not a sealed value at all.
    Malformed(WireError),
    /// No key opens it under the label.
    NoKey,
    /// The run spent its budget of failed private-key operations
    /// ([`crate::core::keyring::MAX_FAILED_PRIVATE_OPS`]) before this value was tried.
    Budget,
}

/// Opens one encoded value under `label`, trying `preferred` first and then
/// every key that may have made it (see [`KeyRing::order`]). Returns the
/// plaintext and the index of the key that opened it.
pub fn open_value(
    ring: &KeyRing,
    label: &[u8],
    text: &str,
    preferred: Option<usize>,
) -> std::result::Result<(Zeroizing<Vec<u8>>, usize), OpenFailure> {
    open_value_in(ring, label, text, preferred, None)
}

/// [`open_value`] with the order worked out for the whole SealedSecret
/// ([`KeyRing::order`] over all its items); `None` works it out for this
/// value alone. A key that cannot have made this value's RSA block (longer
/// than its modulus, or an integer not below it) is skipped without any
/// private-key operation; each operation is counted in [`KeyRing::stats`],
/// and none is started once the run's budget of failed ones is spent.
pub fn open_value_in(
    ring: &KeyRing,
    label: &[u8],
    text: &str,
    preferred: Option<usize>,
    order: Option<&[usize]>,
) -> std::result::Result<(Zeroizing<Vec<u8>>, usize), OpenFailure> {
    let bytes = wire::decode(text).map_err(OpenFailure::Malformed)?;
    let frame = wire::frame(&bytes).map_err(OpenFailure::Malformed)?;
    let own;
    let order = match order {
        Some(o) => o,
        None => {
            own = ring.order(&[frame.rsa], &[]);
            &own
        }
    };
    let tries = preferred
        .into_iter()
        .chain(order.iter().copied().filter(|i| Some(*i) != preferred));
    for i in tries {
        let Some(entry) = ring.keys.get(i) else {
            continue;
        };
        if !entry.key.may_open(frame.rsa) {
            continue;
        }
        if !ring.stats.within_budget() {
            return Err(OpenFailure::Budget);
        }
        // Counted as they run, so parallel workers see the budget shrink.
        let opened = wire::open(&entry.key, label, frame);
        ring.stats.record(1, opened.is_ok());
        if let Ok(plain) = opened {
            ring.stats
                .last
                .store(i as u64 + 1, std::sync::atomic::Ordering::Relaxed);
            return Ok((plain, i));
        }
    }
    Err(OpenFailure::NoKey)
}

/// The message and hint for a run that spent its budget of failed
/// private-key operations.
pub fn budget_problem(ring: &KeyRing) -> (String, String) {
    (
        format!(
            "not tried: this run stopped opening values after {} failed private-key operations",
            ring.stats.failed()
        ),
        format!(
            "a run may spend {} failed operations (plus {} per value opened; SEALANT_MAX_FAILED_OPS sets the first) so that a file of bogus values cannot take hours; pass only the keys that sealed these files, or run on fewer files at a time",
            ring.stats.budget,
            crate::core::keyring::FAILED_OPS_PER_OPENED
        ),
    )
}

/// A scope, namespace and name a value was sealed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The scope.
    pub scope: Scope,
    /// The namespace.
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.scope {
            Scope::Strict => write!(f, "strict scope as {}/{}", self.namespace, self.name),
            Scope::NamespaceWide => {
                write!(f, "namespace-wide scope in namespace '{}'", self.namespace)
            }
            Scope::ClusterWide => f.write_str("cluster-wide scope"),
        }
    }
}

/// After a failure under the object's own label: which other identity
/// (scope, namespace, name) would have opened the value, if any. Tries
/// every scope with the object's name and namespace, and with the
/// template's, which still show the old identity when a file was renamed or
/// moved.
pub fn diagnose(
    ring: &KeyRing,
    view: &SealedView,
    template: Option<&Value>,
    text: &str,
) -> Option<String> {
    opens_as(ring, view, template, text).map(|id| {
        format!(
            "it opens under {id}: it was sealed for that identity, so the SealedSecret was renamed, moved or re-scoped after sealing; reseal it for its new identity"
        )
    })
}

/// The identity other than the object's own that opens the value, if any
/// (see [`diagnose`]).
pub fn opens_as(
    ring: &KeyRing,
    view: &SealedView,
    template: Option<&Value>,
    text: &str,
) -> Option<Identity> {
    let mut identities = vec![(view.namespace.clone(), view.name.clone())];
    if let Some(t) = template {
        let ns = t
            .get("namespace")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let name = t
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if !name.is_empty() && (ns.clone(), name.clone()) != identities[0] {
            identities.push((ns, name));
        }
    }
    let mut candidates = Vec::new();
    for (ns, name) in &identities {
        for scope in Scope::ALL {
            if scope == view.scope && *ns == view.namespace && *name == view.name {
                continue;
            }
            let label = scope.label(ns, name);
            if candidates.iter().any(|(l, _)| *l == label) {
                continue;
            }
            candidates.push((
                label,
                Identity {
                    scope,
                    namespace: ns.clone(),
                    name: name.clone(),
                },
            ));
        }
    }
    let labels: Vec<&[u8]> = candidates.iter().map(|(l, _)| l.as_slice()).collect();
    let bytes = wire::decode(text).ok()?;
    let frame = wire::frame(&bytes).ok()?;
    // Every label at once: one private-key operation per key where the
    // backend allows it (see `PrivateKey::oaep_decrypt_any`).
    for i in ring.order(&[frame.rsa], &[]) {
        let key = &ring.keys[i].key;
        if !key.may_open(frame.rsa) {
            continue;
        }
        let ops = key.operations_for_labels(labels.len()) as u64;
        if !ring.stats.allows(ops) {
            return None;
        }
        if let Ok((n, _)) = wire::open_any(key, &labels, frame) {
            // The diagnosis opened it but the value still fails: count the
            // operations without crediting the budget.
            ring.stats
                .private
                .fetch_add(ops, std::sync::atomic::Ordering::Relaxed);
            return Some(candidates.swap_remove(n).1);
        }
        ring.stats.record(ops, false);
    }
    None
}

/// Describes a label for messages.
pub fn describe_label(scope: Scope, namespace: &str, name: &str) -> String {
    match scope {
        Scope::Strict => format!("label '{namespace}/{name}' (strict)"),
        Scope::NamespaceWide => format!("label '{namespace}' (namespace-wide)"),
        Scope::ClusterWide => "the empty label (cluster-wide)".to_string(),
    }
}

/// Opens every item of a SealedSecret and builds the Secret the controller
/// would create.
pub fn unseal_document(value: &Value, origin: &Origin, ring: &KeyRing) -> Result<Value> {
    let view = SealedView::read(value, origin)?;
    if view.legacy_data {
        return Err(Error::input(
            origin,
            format!(
                "this SealedSecret {}",
                crate::core::manifest::sealed::LEGACY_DATA_MESSAGE
            ),
            Some(crate::core::manifest::sealed::LEGACY_DATA_HINT.into()),
        ));
    }
    let label = view.label();
    let template = value.pointer("/spec/template");
    let mut data: BTreeMap<String, Zeroizing<Vec<u8>>> = BTreeMap::new();
    let mut last_key = None;
    let hinted = crate::core::manifest::annotation(
        value.get("metadata"),
        crate::core::scope::CERT_SHA256_ANNOTATION,
    )
    .and_then(crate::core::certificate::Fingerprint::parse)
    .and_then(|fp| ring.by_cert_fingerprint(&fp))
    .and_then(|k| ring.index_of(k));
    // The record's key, then the key that opened the previous SealedSecret.
    let hints: Vec<usize> = hinted.into_iter().chain(ring.stats.last()).collect();
    let order = ring.order_for_values(view.items.iter().map(|(_, t)| t.as_str()), &hints, None);
    for (key, text) in &view.items {
        match open_value_in(ring, &label, text, last_key, Some(&order)) {
            Ok((plain, i)) => {
                last_key = Some(i);
                data.insert(key.clone(), plain);
            }
            Err(OpenFailure::Malformed(e)) => {
                return Err(Error::item(
                    origin,
                    key,
                    format!("the encrypted value is {e}"),
                    Some(crate::report::hints::DAMAGED_VALUE.into()),
                ));
            }
            Err(OpenFailure::Budget) => {
                let (message, hint) = budget_problem(ring);
                return Err(Error::Decrypt {
                    origin: origin.clone(),
                    item: key.clone(),
                    message,
                    hint: Some(hint),
                });
            }
            Err(OpenFailure::NoKey) => {
                let tried = describe_label(view.scope, &view.namespace, &view.name);
                let hint = diagnose(ring, &view, template.and_then(|t| t.get("metadata")), text)
                    .unwrap_or_else(|| format!("none of the {} key(s) given sealed it: pass the controller key that was active when it was sealed (a backup of all keys is safest)", ring.keys.len()));
                return Err(Error::Decrypt {
                    origin: origin.clone(),
                    item: key.clone(),
                    message: format!(
                        "no key opens it with {tried}, so no key could decrypt secret {}",
                        view.name
                    ),
                    hint: Some(hint),
                });
            }
        }
    }
    render_template_data(template, &mut data, origin)?;
    // The whole Secret, opened items and rendered ones, is one document
    // that sealant must be able to read back.
    let total: usize = data.values().map(|v| v.len()).sum();
    if total > MAX_SECRET_DATA_BYTES
        && let Some(key) = data.keys().next_back()
    {
        return Err(too_large(origin, key));
    }
    Ok(build_secret(value, &view, template, &data))
}

fn build_secret(
    value: &Value,
    view: &SealedView,
    template: Option<&Value>,
    data: &BTreeMap<String, Zeroizing<Vec<u8>>>,
) -> Value {
    let mut meta = match template.and_then(|t| t.get("metadata")) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    meta.insert("name".into(), Value::String(view.name.clone()));
    if view.namespace.is_empty() {
        meta.remove("namespace");
    } else {
        meta.insert("namespace".into(), Value::String(view.namespace.clone()));
    }
    meta.remove("creationTimestamp");
    let skip_owner = template
        .and_then(|t| {
            t.pointer(&format!(
                "/metadata/annotations/{}",
                SKIP_OWNER_REFERENCES.replace('/', "~1")
            ))
        })
        .and_then(Value::as_str)
        == Some("true");
    if !skip_owner {
        let uid = value
            .pointer("/metadata/uid")
            .and_then(Value::as_str)
            .unwrap_or("");
        let mut owner = Map::new();
        owner.insert(
            "apiVersion".into(),
            Value::String(crate::core::manifest::SEALED_SECRET_API_VERSION.into()),
        );
        owner.insert("kind".into(), Value::String("SealedSecret".into()));
        owner.insert("name".into(), Value::String(view.name.clone()));
        owner.insert("uid".into(), Value::String(uid.into()));
        owner.insert("controller".into(), Value::Bool(true));
        meta.insert(
            "ownerReferences".into(),
            Value::Array(vec![Value::Object(owner)]),
        );
    }
    let mut out = Map::new();
    out.insert("kind".into(), Value::String("Secret".into()));
    out.insert("apiVersion".into(), Value::String("v1".into()));
    out.insert("metadata".into(), Value::Object(order_object_meta(meta)));
    if let Some(i) = template
        .and_then(|t| t.get("immutable"))
        .filter(|v| !v.is_null())
    {
        out.insert("immutable".into(), i.clone());
    }
    let data_map: Map<String, Value> = data
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(STANDARD.encode(v.as_slice()))))
        .collect();
    out.insert("data".into(), Value::Object(data_map));
    if let Some(t) = template
        .and_then(|t| t.get("type"))
        .filter(|v| v.as_str().is_some_and(|s| !s.is_empty()))
    {
        out.insert("type".into(), t.clone());
    }
    Value::Object(out)
}

/// Renders `spec.template.data`: the controller runs these as Go templates
/// over the opened items. sealant renders the forms `{{ .key }}` and
/// `{{ index . "key" }}` (with any text around them), piped through or
/// given to sprig's toJson, b64enc, b64dec, quote, trim, upper and lower;
/// anything else is an error rather than a guess.
fn render_template_data(
    template: Option<&Value>,
    data: &mut BTreeMap<String, Zeroizing<Vec<u8>>>,
    origin: &Origin,
) -> Result<()> {
    let Some(Value::Object(tdata)) = template.and_then(|t| t.get("data")) else {
        return Ok(());
    };
    let mut rendered = Vec::new();
    // The rendered values together, against the cap on a Secret's data:
    // `{{ .big }}` a thousand times must not take gigabytes.
    let mut budget = MAX_SECRET_DATA_BYTES;
    for (key, v) in tdata {
        match v {
            Value::Null => rendered.push((key.clone(), None)),
            Value::String(tpl) => {
                let out = render_one(tpl, data, &mut budget).map_err(|e| match e {
                    RenderError::Unsupported(expr) => Error::item(
                        origin,
                        key,
                        format!("spec.template.data uses `{{{{{expr}}}}}`, which sealant cannot render"),
                        Some("sealant renders {{ .key }}, {{ index . \"key\" }} and pipelines of toJson, b64enc, b64dec, quote, trim, upper and lower; the controller renders the rest in the cluster".into()),
                    ),
                    RenderError::TooLarge => too_large(origin, key),
                })?;
                rendered.push((key.clone(), Some(out)));
            }
            other => {
                return Err(Error::item(
                    origin,
                    key,
                    format!(
                        "spec.template.data value is a {}, not a template string",
                        crate::core::manifest::secret::type_name(other)
                    ),
                    None,
                ));
            }
        }
    }
    for (key, value) in rendered {
        match value {
            None => {
                data.remove(&key);
            }
            Some(v) => {
                data.insert(key, v);
            }
        }
    }
    Ok(())
}

fn too_large(origin: &Origin, key: &str) -> Error {
    Error::item(
        origin,
        key,
        format!(
            "the Secret would hold more than {} of values in all (spec.template.data rendered), the most one Secret sealant writes may hold",
            crate::limits::mib(MAX_SECRET_DATA_BYTES as u64)
        ),
        Some("the template repeats large values; a Kubernetes Secret holds at most 1 MiB, so fix the SealedSecret's template".into()),
    )
}

/// Why a `spec.template.data` value could not be rendered.
#[derive(Debug)]
enum RenderError {
    /// An expression sealant does not render (its text).
    Unsupported(String),
    /// The output passed the cap.
    TooLarge,
}

/// Renders one template, taking what it writes from `budget` (bytes left):
/// the output never grows past it, whatever the template repeats.
fn render_one(
    tpl: &str,
    data: &BTreeMap<String, Zeroizing<Vec<u8>>>,
    budget: &mut usize,
) -> std::result::Result<Zeroizing<Vec<u8>>, RenderError> {
    let mut out = Zeroizing::new(Vec::new());
    let mut put = |out: &mut Zeroizing<Vec<u8>>, bytes: &[u8]| {
        *budget = budget
            .checked_sub(bytes.len())
            .ok_or(RenderError::TooLarge)?;
        out.extend_from_slice(bytes);
        Ok(())
    };
    let mut rest = tpl;
    while let Some(start) = rest.find("{{") {
        put(&mut out, &rest.as_bytes()[..start])?;
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| RenderError::Unsupported(after.to_string()))?;
        let expr = &after[..end];
        let value = eval_pipeline(expr.trim(), data)
            .ok_or_else(|| RenderError::Unsupported(expr.to_string()))?;
        put(&mut out, &value)?;
        rest = &after[end + 2..];
    }
    put(&mut out, rest.as_bytes())?;
    Ok(out)
}

/// Evaluates `operand | fn args... | ...` (or `fn args...` first) over the
/// decrypted items, with the sprig functions users put in templates most:
/// toJson, b64enc, b64dec, quote, trim, upper, lower. `None`: something
/// sealant does not render.
fn eval_pipeline(
    expr: &str,
    data: &BTreeMap<String, Zeroizing<Vec<u8>>>,
) -> Option<Zeroizing<Vec<u8>>> {
    let mut value: Option<Zeroizing<Vec<u8>>> = None;
    for stage in split_pipeline(expr)? {
        let words = split_words(stage.trim())?;
        let (first, args) = words.split_first()?;
        value = Some(match (first.as_str(), &value) {
            ("index", None) => {
                let [dot, key] = args else { return None };
                if dot != "." {
                    return None;
                }
                lookup(&literal(key)?, data)
            }
            (op, None) if op.starts_with('.') || op.starts_with('"') => {
                if !args.is_empty() {
                    return None;
                }
                operand(op, data)?
            }
            (func, piped) => {
                let mut vals = args
                    .iter()
                    .map(|a| operand(a, data))
                    .collect::<Option<Vec<_>>>()?;
                if let Some(p) = piped {
                    vals.push(p.clone());
                }
                call(func, &vals)?
            }
        });
    }
    value
}

fn lookup(key: &str, data: &BTreeMap<String, Zeroizing<Vec<u8>>>) -> Zeroizing<Vec<u8>> {
    // A missing key renders as "<no value>", as Go's text/template does.
    match data.get(key) {
        Some(v) => v.clone(),
        None => Zeroizing::new(b"<no value>".to_vec()),
    }
}

fn operand(word: &str, data: &BTreeMap<String, Zeroizing<Vec<u8>>>) -> Option<Zeroizing<Vec<u8>>> {
    if let Some(field) = word.strip_prefix('.') {
        if !field.is_empty() && field.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Some(lookup(field, data));
        }
        return None;
    }
    literal(word).map(|s| Zeroizing::new(s.into_bytes()))
}

/// A double-quoted string without escapes.
fn literal(word: &str) -> Option<String> {
    let quoted = word.strip_prefix('"')?.strip_suffix('"')?;
    (!quoted.contains(['"', '\\'])).then(|| quoted.to_string())
}

fn call(func: &str, args: &[Zeroizing<Vec<u8>>]) -> Option<Zeroizing<Vec<u8>>> {
    use base64::Engine as _;
    let text = |v: &Zeroizing<Vec<u8>>| Zeroizing::new(String::from_utf8_lossy(v).into_owned());
    let one = || match args {
        [v] => Some(v),
        _ => None,
    };
    Some(match func {
        "b64enc" => Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .encode(one()?.as_slice())
                .into_bytes(),
        ),
        "b64dec" => base64::engine::general_purpose::STANDARD
            .decode(one()?.as_slice())
            .ok()
            .map(Zeroizing::new)?,
        "trim" => Zeroizing::new(text(one()?).trim().as_bytes().to_vec()),
        "upper" => Zeroizing::new(text(one()?).to_uppercase().into_bytes()),
        "lower" => Zeroizing::new(text(one()?).to_lowercase().into_bytes()),
        "quote" => {
            let quoted: Vec<String> = args.iter().map(|a| go_quote(&text(a))).collect();
            Zeroizing::new(quoted.join(" ").into_bytes())
        }
        "toJson" => {
            let json = serde_json::to_string(text(one()?).as_str()).ok()?;
            // Go's encoding/json escapes these for HTML safety.
            let json = json
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029");
            Zeroizing::new(json.into_bytes())
        }
        _ => return None,
    })
}

/// Go's `%q` of a string: double quotes, Go escapes, printable text kept.
fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Splits at `|` outside double quotes.
fn split_pipeline(expr: &str) -> Option<Vec<&str>> {
    let mut stages = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, c) in expr.char_indices() {
        match c {
            '"' => in_quote = !in_quote,
            '|' if !in_quote => {
                stages.push(&expr[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if in_quote {
        return None;
    }
    stages.push(&expr[start..]);
    Some(stages)
}

/// Splits a stage into words at spaces outside double quotes.
fn split_words(stage: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_quote = false;
    for c in stage.chars() {
        match c {
            '"' => {
                in_quote = !in_quote;
                cur.push(c);
            }
            c if c.is_whitespace() && !in_quote => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if in_quote {
        return None;
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    (!words.is_empty()).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> BTreeMap<String, Zeroizing<Vec<u8>>> {
        let mut d = BTreeMap::new();
        d.insert("user".to_string(), Zeroizing::new(b"admin".to_vec()));
        d.insert("tls.key".to_string(), Zeroizing::new(b"K".to_vec()));
        d
    }

    #[test]
    fn renders_the_simple_template_forms() {
        let d = data();
        assert_eq!(
            render_one("{{ .user }}", &d, &mut { usize::MAX })
                .unwrap()
                .as_slice(),
            b"admin"
        );
        assert_eq!(
            render_one("u={{index . \"tls.key\"}}!", &d, &mut { usize::MAX })
                .unwrap()
                .as_slice(),
            b"u=K!"
        );
        assert_eq!(
            render_one("{{ .missing }}", &d, &mut { usize::MAX })
                .unwrap()
                .as_slice(),
            b"<no value>"
        );
    }

    #[test]
    fn renders_the_common_sprig_functions() {
        let d = data();
        let r = |t: &str| {
            String::from_utf8(render_one(t, &d, &mut { usize::MAX }).unwrap().to_vec()).unwrap()
        };
        assert_eq!(r("{{ .user | b64enc }}"), "YWRtaW4=");
        assert_eq!(r("{{ .user | b64enc | b64dec }}"), "admin");
        assert_eq!(r("{{ b64enc .user }}"), "YWRtaW4=");
        assert_eq!(r("{{ .user | upper }}"), "ADMIN");
        assert_eq!(r("{{ \"  A b \" | trim | lower }}"), "a b");
        assert_eq!(r("{{ .user | quote }}"), "\"admin\"");
        assert_eq!(r("{{ quote .user \"x\" }}"), "\"admin\" \"x\"");
        assert_eq!(r("{{ \"a<b>\" | toJson }}"), "\"a\\u003cb\\u003e\"");
        assert_eq!(r("{{ index . \"tls.key\" | lower }}"), "k");
    }

    #[test]
    fn refuses_what_it_cannot_render() {
        let d = data();
        assert!(matches!(
            render_one("{{ .user | sha256sum }}", &d, &mut { usize::MAX }),
            Err(RenderError::Unsupported(e)) if e == " .user | sha256sum "
        ));
        assert!(render_one("{{ .user", &d, &mut { usize::MAX }).is_err());
    }

    #[test]
    fn rendering_stops_at_its_budget() {
        let d = data();
        let mut budget = 12;
        assert!(render_one("{{ .user }}{{ .user }}", &d, &mut budget).is_ok());
        assert_eq!(budget, 2);
        assert!(matches!(
            render_one("{{ .user }}", &d, &mut budget),
            Err(RenderError::TooLarge)
        ));
    }
}
