//! Asking the controller in the cluster: `validate` and `reseal` through its
//! `/v1/verify` and `/v1/rotate` endpoints (and kubeseal's `--validate` and
//! `--re-encrypt`).

use std::collections::{HashMap, VecDeque};

use serde_json::Value;

use crate::app::config::{ControllerConfig, Output};
use crate::cluster::{ClusterError, Controller};
use crate::core::manifest::{self, Kind, Manifest, output};
use crate::core::scope::CERT_SHA256_ANNOTATION;
use crate::error::{Error, Origin, Result};
use crate::io::atomic::Access;
use crate::io::input::Input;
use crate::io::rewrite::Rewrite;
use crate::yaml::patch::{self, Change};
use crate::yaml::split::DocSpan;

use super::{Sink, Stdout};

/// Reads every input before connecting: an exec credential plugin may need
/// the terminal, and standard input must be consumed first.
/// Folders are walked as the offline commands walk them.
/// Reads the inputs; with `rewrites`, reads each file under its rewrite
/// lock (held until the caller drops them), one entry per input (`None`
/// for standard input).
fn read_inputs(
    paths: &[Option<std::path::PathBuf>],
    follow: bool,
    mut rewrites: Option<&mut Vec<Option<Rewrite>>>,
) -> Result<Vec<Manifest>> {
    let mut inputs = Vec::new();
    for path in paths {
        match path {
            Some(dir) if dir.is_dir() => {
                let walk = crate::repo::walk::walk_with(std::slice::from_ref(dir), follow)?;
                for problem in &walk.problems {
                    crate::note!("warning: {}: {}", problem.path, problem.message);
                }
                for file in walk.files {
                    let input = match rewrites.as_deref_mut() {
                        Some(rewrites) => {
                            let mut rewrite = Rewrite::lock_at(&file.path, &file.real)?;
                            let input = rewrite.read()?;
                            rewrites.push(Some(rewrite));
                            input
                        }
                        None => {
                            let mut input = Input::read(Some(&file.path))?;
                            input.real = Some(file.real);
                            input
                        }
                    };
                    inputs.push(Manifest::new(input));
                }
            }
            other => {
                let input = match (rewrites.as_deref_mut(), other) {
                    (Some(rewrites), Some(path)) if path != std::path::Path::new("-") => {
                        let (rewrite, input) = Rewrite::open(path)?;
                        rewrites.push(Some(rewrite));
                        input
                    }
                    (rewrites, _) => {
                        if let Some(rewrites) = rewrites {
                            rewrites.push(None);
                        }
                        Input::read(other.as_deref())?
                    }
                };
                inputs.push(Manifest::new(input))
            }
        }
    }
    Ok(inputs)
}

fn connect(cfg: &ControllerConfig) -> Result<Controller> {
    let controller = Controller::connect(&cfg.cluster)?;
    if let Some(note) = controller.note() {
        crate::note!("sealant: {note}");
    }
    Ok(controller)
}

fn no_sealed_secret(inputs: &[Manifest]) -> Error {
    let name = inputs
        .first()
        .map(|i| i.name.clone())
        .unwrap_or_else(|| "<stdin>".into());
    Error::input(
        &Origin::file(name),
        "holds no SealedSecret",
        Some("give files with kind: SealedSecret documents".to_string()),
    )
}

/// The kind of a document read for the controller, refusing a plaintext
/// Secret (or a document that might be one): it is a finding, and it is
/// never passed through.
fn refuse_plaintext(doc: &crate::core::manifest::Document) -> Result<Kind> {
    match manifest::classify(&doc.value, &doc.origin) {
        Ok(Kind::Secret) => Err(Error::Findings {
            message: format!(
                "{}: a plaintext Secret (not sealed); seal it with `sealant seal` and keep only the SealedSecret",
                doc.origin
            ),
        }),
        Err(e) => Err(Error::Findings {
            message: format!("{e} (it may hold plaintext)"),
        }),
        Ok(kind) => Ok(kind),
    }
}

pub(super) fn validate(cfg: &ControllerConfig) -> Result<()> {
    let inputs = read_inputs(&cfg.inputs, cfg.follow, None)?;
    let mut docs = Vec::new();
    for input in &inputs {
        for doc in input.documents()? {
            if refuse_plaintext(&doc)? == Kind::SealedSecret {
                docs.push(doc);
            }
        }
    }
    if docs.is_empty() {
        return Err(no_sealed_secret(&inputs));
    }
    let controller = connect(cfg)?;
    let mut out = Stdout::new();
    let mut invalid = 0usize;
    let bodies: Vec<Vec<u8>> = docs
        .iter()
        .map(|doc| serde_json::to_vec(&doc.value).expect("a JSON value serializes"))
        .collect();
    // A bounded number in flight over kept-alive connections, answers in order.
    let answers = controller.verify_all(&bodies);
    for (doc, answer) in docs.iter().zip(answers) {
        if answer? {
            if !cfg.quiet {
                out.write(
                    format!(
                        "valid: {}\n",
                        crate::report::terminal::escape(&doc.origin.to_string())
                    )
                    .as_bytes(),
                )?;
            }
        } else {
            invalid += 1;
            let line = format!(
                "invalid: {}: the controller cannot decrypt it (sealed with another cluster's key, or renamed, moved or re-scoped after sealing)\n",
                crate::report::terminal::escape(&doc.origin.to_string())
            );
            if cfg.quiet {
                eprint!("{line}");
            } else {
                out.write(line.as_bytes())?;
            }
        }
    }
    out.finish()?;
    if invalid > 0 {
        return Err(Error::Findings {
            message: format!(
                "{invalid} of {} SealedSecret(s) do not validate",
                docs.len()
            ),
        });
    }
    if !cfg.quiet || crate::error::verbosity() >= 1 {
        crate::note!("sealant: {} SealedSecret(s) valid", docs.len());
    }
    Ok(())
}

pub(super) fn reseal(cfg: &ControllerConfig) -> Result<()> {
    let mut rewrites = Vec::new();
    let in_place = matches!(cfg.output, Output::InPlace);
    let inputs = read_inputs(&cfg.inputs, cfg.follow, in_place.then_some(&mut rewrites))?;
    let controller = connect(cfg)?;
    let mut resealed = 0usize;
    let mut fingerprint = None;
    let mut answers = Prefetched::fetch(&inputs, &controller)?;
    match &cfg.output {
        Output::InPlace => {
            let mut pending = Vec::new();
            for (input, rewrite) in inputs.iter().zip(&rewrites) {
                let Some(rewrite) = rewrite else {
                    return Err(Error::usage(
                        "standard input cannot be rewritten in place",
                        None,
                    ));
                };
                let (text, _, n) =
                    reseal_input(input, &controller, &mut answers, &mut fingerprint)?;
                resealed += n;
                if n == 0 || text == input.text {
                    continue;
                }
                pending.push(rewrite.stage(&text)?);
            }
            crate::io::atomic::commit_all(pending)?;
        }
        out => {
            let mut sink = Sink::open(out, Access::Keep)?;
            for input in &inputs {
                let (text, values, n) =
                    reseal_input(input, &controller, &mut answers, &mut fingerprint)?;
                resealed += n;
                match cfg.format {
                    Some(f) if f != input.format => {
                        for v in values {
                            sink.write(output::render(&v, f).as_bytes())?;
                        }
                    }
                    _ => sink.write(text.as_bytes())?,
                }
            }
            sink.finish()?;
        }
    }
    if resealed == 0 {
        return Err(no_sealed_secret(&inputs));
    }
    crate::note!("sealant: {resealed} SealedSecret(s) re-encrypted by the controller");
    Ok(())
}

/// The controller's `/v1/rotate` answers for every SealedSecret of the run,
/// fetched up front with a bounded number of requests in flight; taken in
/// document order by [`reseal_input`].
struct Prefetched {
    answers: HashMap<Vec<u8>, VecDeque<std::result::Result<Vec<u8>, ClusterError>>>,
}

impl Prefetched {
    fn fetch(inputs: &[Manifest], controller: &Controller) -> Result<Prefetched> {
        let mut bodies = Vec::new();
        for input in inputs {
            for doc in input.documents()? {
                if manifest::kind_of(&doc.value) == Kind::SealedSecret {
                    bodies.push(serde_json::to_vec(&doc.value).expect("a JSON value serializes"));
                }
            }
        }
        let results = controller.rotate_all(&bodies);
        let mut answers: HashMap<_, VecDeque<_>> = HashMap::new();
        for (body, result) in bodies.into_iter().zip(results) {
            answers.entry(body).or_default().push_back(result);
        }
        Ok(Prefetched { answers })
    }

    /// The answer for this body, or a fresh request when there is none left.
    fn take(
        &mut self,
        body: &[u8],
        controller: &Controller,
    ) -> std::result::Result<Vec<u8>, ClusterError> {
        match self.answers.get_mut(body).and_then(VecDeque::pop_front) {
            Some(answer) => answer,
            None => controller.rotate(body),
        }
    }
}

/// Re-encrypts every SealedSecret of one input through `/v1/rotate`.
/// Returns the input's text with only the ciphertexts changed, every
/// document's new value, and how many SealedSecrets were re-encrypted.
///
/// Only `spec.encryptedData` is taken from the controller's answer: since
/// v0.36 the controller drops the template's labels and annotations when the
/// SealedSecret's own metadata differs from its template's, and sealant
/// keeps everything the user wrote.
fn reseal_input(
    input: &Manifest,
    controller: &Controller,
    answers: &mut Prefetched,
    fingerprint_cache: &mut Option<String>,
) -> Result<(String, Vec<Value>, usize)> {
    let mut values = Vec::new();
    let mut edits: Vec<(DocSpan, Vec<Change>)> = Vec::new();
    let mut text_editable = true;
    let mut count = 0;
    for mut doc in input.documents()? {
        // What is not a SealedSecret passes through: never a Secret.
        if refuse_plaintext(&doc)? != Kind::SealedSecret {
            values.push(std::mem::take(&mut doc.value));
            continue;
        }
        count += 1;
        let body = serde_json::to_vec(&doc.value).expect("a JSON value serializes");
        let rotated = match answers.take(&body, controller) {
            Ok(rotated) => rotated,
            // The controller answers 500 to every failure: ask it whether it
            // can open the value at all, so that "no key opens it" exits
            // with the key code rather than as an unreachable cluster.
            Err(e @ ClusterError::RotateFailed { .. }) => {
                if let Ok(false) = controller.verify(&body) {
                    let items = doc
                        .value
                        .pointer("/spec/encryptedData")
                        .and_then(Value::as_object)
                        .map(|m| m.keys().cloned().collect::<Vec<_>>().join(", "))
                        .unwrap_or_default();
                    return Err(Error::Decrypt {
                        origin: doc.origin.clone(),
                        item: items,
                        message: "the controller cannot open it (none of its keys decrypts it)"
                            .to_string(),
                        hint: Some(
                            "it was sealed for another cluster, or renamed, moved or re-scoped after \
                             sealing; seal it again from the plaintext, or reseal with --key FILE"
                                .to_string(),
                        ),
                    });
                }
                return Err(rotate_error(e, &doc.origin));
            }
            Err(e) => return Err(rotate_error(e, &doc.origin)),
        };
        let rotated: Value = serde_json::from_slice(&rotated).map_err(|e| Error::Controller {
            origin: doc.origin.clone(),
            message: format!("the controller's answer is not a SealedSecret ({e})"),
            hint: None,
        })?;
        let Some(new_items) = rotated
            .pointer("/spec/encryptedData")
            .and_then(Value::as_object)
        else {
            return Err(Error::Controller {
                origin: doc.origin.clone(),
                message: "the controller's answer has no spec.encryptedData".to_string(),
                hint: None,
            });
        };
        let old_items = doc
            .value
            .pointer("/spec/encryptedData")
            .and_then(Value::as_object);
        let mut changes = Vec::new();
        for (key, value) in new_items {
            let Some(value) = value.as_str() else {
                continue;
            };
            let change = if old_items.is_some_and(|m| m.contains_key(key)) {
                Change::Replace {
                    key: key.clone(),
                    value: value.to_string(),
                }
            } else {
                Change::Insert {
                    key: key.clone(),
                    value: value.to_string(),
                }
            };
            changes.push(change);
        }
        let mut restored = doc.value.clone();
        if let Some(spec) = restored.get_mut("spec").and_then(Value::as_object_mut) {
            spec.insert("encryptedData".into(), Value::Object(new_items.clone()));
        }
        // The certificate record names the key the controller sealed with
        // now: its current certificate.
        if let Some(meta) = restored.get_mut("metadata").and_then(Value::as_object_mut)
            && let Some(annotations) = meta.get_mut("annotations").and_then(Value::as_object_mut)
            && annotations.contains_key(CERT_SHA256_ANNOTATION)
        {
            let fingerprint = current_fingerprint(controller, fingerprint_cache)?;
            annotations.insert(
                CERT_SHA256_ANNOTATION.into(),
                Value::String(fingerprint.clone()),
            );
            changes.push(Change::ReplaceAnnotation {
                key: CERT_SHA256_ANNOTATION.to_string(),
                value: fingerprint,
            });
        }
        match doc.span {
            Some(span) => edits.push((span, changes)),
            None => text_editable = false,
        }
        values.push(restored);
    }
    let text = if text_editable {
        patch::apply_all(&input.text, &edits)
            .map_err(|e| Error::input(&Origin::file(&input.name), e.to_string(), None))?
    } else {
        // Items of a List cannot be edited in place: write the documents anew.
        values
            .iter()
            .map(|v| output::render(v, input.format))
            .collect()
    };
    Ok((text, values, count))
}

/// The fingerprint of the controller's current certificate, fetched once.
fn current_fingerprint(controller: &Controller, cache: &mut Option<String>) -> Result<String> {
    if let Some(f) = cache {
        return Ok(f.clone());
    }
    let pem = controller.fetch_cert()?;
    let cert = crate::core::certificate::Certificate::parse(
        &pem,
        "the controller's certificate",
        crate::core::crypto::Backend::default(),
    )?;
    let f = cert.fingerprint.to_string();
    *cache = Some(f.clone());
    Ok(f)
}

fn rotate_error(e: ClusterError, origin: &Origin) -> Error {
    match e {
        ClusterError::RotateFailed { .. } => Error::Controller {
            origin: origin.clone(),
            message: "the controller could not decrypt or re-seal this SealedSecret".to_string(),
            hint: e.hint(),
        },
        other => other.into(),
    }
}
