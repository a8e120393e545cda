//! One SealedSecret: its shape, scope and identity, its values' encoding,
//! their age, and the certificate it was sealed with against the rules.

use serde_json::Value;

use crate::core::certificate::Fingerprint;
use crate::core::manifest::{annotation, describe, sealed::SealedView};
use crate::core::scope::Scope;
use crate::core::sealing::CERT_SHA256_ANNOTATION;
use crate::core::value_dates::VALUE_DATES_ANNOTATION;
use crate::core::wire;
use crate::error::Origin;
use crate::report::Code;

use super::document::{Ctx, PathStep, key};
use super::*;

impl Ctx<'_> {
    pub(super) fn sealed(&mut self, value: &Value, path: &[PathStep]) {
        let object = describe(value);
        let origin = Origin::default();
        let view = match SealedView::read(value, &origin) {
            Ok(v) => v,
            Err(e) => {
                let (step, message) = match &e {
                    crate::error::Error::Item { item, message, .. } => (
                        key(&key(&key(path, "spec"), "encryptedData"), item),
                        format!("item '{item}': {message}"),
                    ),
                    crate::error::Error::Input { message, .. } => (path.to_vec(), message.clone()),
                    other => (path.to_vec(), other.to_string()),
                };
                self.push(
                    step,
                    &object,
                    Code::Malformed,
                    message,
                    "fix the SealedSecret, or seal the Secret again",
                );
                return;
            }
        };
        let spec = key(path, "spec");
        let meta = value.get("metadata");
        if view.legacy_data {
            self.push(
                key(&spec, "data"),
                &object,
                Code::LegacyData,
                crate::core::manifest::sealed::LEGACY_DATA_MESSAGE.into(),
                crate::core::manifest::sealed::LEGACY_DATA_HINT,
            );
        }
        if view.namespace.is_empty() && view.scope != Scope::ClusterWide {
            self.push(
                key(path, "metadata"),
                &object,
                Code::MissingNamespace,
                format!("a {} SealedSecret without metadata.namespace", view.scope),
                "add the namespace it was sealed for (the controller unseals with it), or seal it cluster-wide",
            );
        }
        let template_meta = value
            .pointer("/spec/template/metadata")
            .filter(|m| m.is_object());
        if template_meta.is_some() && view.scope != view.template_scope {
            self.push(
                key(&key(&key(&spec, "template"), "metadata"), "annotations"),
                &object,
                Code::ScopeMismatch,
                format!(
                    "the object's annotations make it {}, its template's make it {}",
                    view.scope, view.template_scope
                ),
                "make both carry the same sealedsecrets.bitnami.com/* annotation (the controller unseals with the object's)",
            );
        }
        if let Some(tm) = template_meta {
            let t_name = tm
                .get("name")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            let t_ns = tm
                .get("namespace")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty());
            let renamed = match view.scope {
                Scope::Strict => {
                    t_name.is_some_and(|n| n != view.name)
                        || t_ns.is_some_and(|n| n != view.namespace)
                }
                Scope::NamespaceWide => t_ns.is_some_and(|n| n != view.namespace),
                Scope::ClusterWide => false,
            };
            if renamed {
                self.push(
                    key(path, "metadata"),
                    &object,
                    Code::Renamed,
                    format!(
                        "its template records {}/{}, but the object is {}/{}: a {} SealedSecret does not open after a rename or a move",
                        t_ns.unwrap_or(&view.namespace),
                        t_name.unwrap_or(&view.name),
                        view.namespace,
                        view.name,
                        view.scope
                    ),
                    "seal the Secret again under its new name and namespace",
                );
            }
        }
        let data_path = key(&spec, "encryptedData");
        let mut rsa_lens = Vec::new();
        for (item, text) in &view.items {
            match wire::decode(text) {
                Ok(bytes) => {
                    if let Ok(frame) = wire::frame(&bytes) {
                        rsa_lens.push((item.clone(), frame.rsa.len()));
                    }
                }
                Err(e) => self.push(
                    key(&data_path, item),
                    &object,
                    Code::Malformed,
                    format!("item '{item}': the encrypted value is {e}"),
                    "the value was damaged (truncated, re-wrapped, edited); seal the item again",
                ),
            }
        }
        self.certificate(value, meta, path, &object, &rsa_lens);
        self.value_ages(&view, meta, path, &object);
    }

    /// `max-value-age`: each item's date from the value-dates record, or
    /// from git history when the record has none for it.
    fn value_ages(
        &mut self,
        view: &SealedView,
        meta: Option<&Value>,
        path: &[PathStep],
        object: &Option<String>,
    ) {
        let Some(expect) = self.expect else { return };
        let Some(limit) = expect.max_value_age.clone() else {
            return;
        };
        let record_path = key(&key(path, "metadata"), "annotations");
        let record =
            match annotation(meta, VALUE_DATES_ANNOTATION).map(crate::core::value_dates::parse) {
                Some(Ok(dates)) => dates,
                Some(Err(e)) => {
                    self.push(
                        record_path,
                        object,
                        Code::Malformed,
                        format!("the {VALUE_DATES_ANNOTATION} annotation {e}"),
                        crate::report::hints::BAD_RECORD,
                    );
                    return;
                }
                None => Default::default(),
            };
        let today = self.opts.now.to_offset(time::UtcOffset::UTC).date();
        let data_path = key(&key(path, "spec"), "encryptedData");
        for (item, ciphertext) in &view.items {
            let (date, how) = match record.get(item) {
                Some(d) => (*d, "set"),
                None => match expect
                    .git_file
                    .as_deref()
                    .and_then(|f| gitdates::introduced(f, ciphertext))
                {
                    Some(d) => (d, "last changed in git"),
                    None => continue,
                },
            };
            if today - date > limit.duration {
                let line_path = if how == "set" {
                    record_path.clone()
                } else {
                    key(&data_path, item)
                };
                self.push(
                    line_path,
                    object,
                    Code::OldValue,
                    format!(
                        "value '{item}' {how} {}, older than {}",
                        crate::core::value_dates::format_date(date),
                        limit.text,
                    ),
                    "give it a new value",
                );
            }
        }
    }

    fn certificate(
        &mut self,
        _value: &Value,
        meta: Option<&Value>,
        path: &[PathStep],
        object: &Option<String>,
        rsa_lens: &[(String, usize)],
    ) {
        let record_path = key(&key(path, "metadata"), "annotations");
        let record = annotation(meta, CERT_SHA256_ANNOTATION);
        let expect = self.expect.filter(|e| !e.fingerprints().is_empty());
        let Some(text) = record else {
            let Some(expect) = expect else { return };
            if self.opts.require_cert_record || expect.require_record {
                self.push(
                    record_path,
                    object,
                    Code::MissingCertRecord,
                    format!("has no {CERT_SHA256_ANNOTATION} annotation, so which certificate sealed it is unknown"),
                    "seal it again with sealant, which records the certificate",
                );
                return;
            }
            // Without a record, the key size can still prove a wrong certificate.
            let sizes: Vec<usize> = expect
                .clusters
                .iter()
                .filter_map(|c| c.cert.as_ref().map(|k| k.bits / 8))
                .collect();
            if sizes.len() == expect.clusters.len()
                && let Some((item, len)) = rsa_lens.iter().find(|(_, l)| !sizes.contains(l))
            {
                self.push(
                    key(&key(&key(path, "spec"), "encryptedData"), item),
                    object,
                    Code::WrongCertificate,
                    format!(
                        "item '{item}' was sealed for a {}-bit key, and {} expects {}",
                        len * 8,
                        expect.rule,
                        expect.describe_expected()
                    ),
                    crate::report::hints::RESEAL_FOR_CURRENT,
                );
            }
            return;
        };
        let well_formed = text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let Some(fp) = Fingerprint::parse(text).filter(|_| well_formed) else {
            self.push(
                record_path,
                object,
                Code::Malformed,
                format!("the {CERT_SHA256_ANNOTATION} annotation is not 64 lowercase hex digits"),
                crate::report::hints::BAD_RECORD,
            );
            return;
        };
        let Some(expect) = expect else { return };
        if !expect.fingerprints().contains(&fp) {
            self.push(
                record_path,
                object,
                Code::WrongCertificate,
                format!(
                    "sealed with certificate sha256:{fp}, and {} expects {}",
                    expect.rule,
                    expect.describe_expected()
                ),
                crate::report::hints::RESEAL_FOR_CURRENT,
            );
            return;
        }
        if let Some(known) = expect.known(&fp) {
            if known.not_after < self.opts.now {
                self.push(
                    record_path.clone(),
                    object,
                    Code::ExpiredCertificate,
                    format!(
                        "sealed with certificate sha256:{fp}, which expired on {}",
                        crate::core::certificate::format_date(known.not_after)
                    ),
                    "fetch the controller's current certificate (`sealant cert fetch --pin`) and reseal",
                );
            }
            if let Some(limit) = &expect.max_key_age
                && self.opts.now - known.not_before > limit.duration
            {
                self.push(
                    record_path.clone(),
                    object,
                    Code::OldKey,
                    format!(
                        "sealed with a certificate from {}, older than {}",
                        crate::core::value_dates::format_date(
                            known.not_before.to_offset(time::UtcOffset::UTC).date()
                        ),
                        limit.text,
                    ),
                    "reseal",
                );
            }
            if let Some((item, len)) = rsa_lens.iter().find(|(_, l)| *l != known.bits / 8) {
                self.push(
                    key(&key(&key(path, "spec"), "encryptedData"), item),
                    object,
                    Code::WrongCertificate,
                    format!(
                        "item '{item}' was sealed for a {}-bit key, but the recorded certificate sha256:{fp} has {} bits",
                        len * 8,
                        known.bits
                    ),
                    "the item was sealed with another certificate; seal it again",
                );
            }
        }
    }
}
