//! One document: the walk through Lists and arrays, and what counts as a
//! plaintext Secret or a committed private key.

use serde_json::Value;

use crate::core::manifest::describe;
use crate::report::Code;

use super::file::looks_like_template;
use crate::core::manifest::{Kind, classify};
use crate::error::Origin;

use super::*;

/// The label the sealed-secrets controller puts on its key Secrets.
pub const CONTROLLER_KEY_LABEL: &str = crate::core::keyring::KEY_LABEL;

/// The finding for a committed private key (`what` names it).
pub(super) fn private_key_finding(what: &str) -> (Code, String, String) {
    (
        Code::PrivateKey,
        format!("{what} holds a private key: never commit it"),
        "remove it from the repository and its history, keep key backups out of git, and rotate the key (for the controller's key: a new key, then `sealant reseal`): anyone with it opens every SealedSecret sealed for it".into(),
    )
}

#[derive(Debug, Clone)]
pub(super) enum PathStep {
    Key(String),
    Index(usize),
}

pub(super) struct DocumentFinding {
    pub(super) path: Vec<PathStep>,
    pub(super) object: Option<String>,
    pub(super) code: Code,
    pub(super) message: String,
    pub(super) hint: String,
}

pub(super) struct Ctx<'a> {
    pub(super) expect: Option<&'a Expectation>,
    pub(super) opts: &'a Options,
    pub(super) found: &'a mut Vec<DocumentFinding>,
    pub(super) skipped: Vec<(Vec<PathStep>, String)>,
    pub(super) documents: usize,
}

pub(super) fn key(path: &[PathStep], k: &str) -> Vec<PathStep> {
    let mut p = path.to_vec();
    p.push(PathStep::Key(k.to_string()));
    p
}

impl Ctx<'_> {
    pub(super) fn visit(&mut self, value: &Value, path: &mut Vec<PathStep>) {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Index(i));
                self.visit(item, path);
                path.pop();
            }
            return;
        }
        let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
        let api = value.get("apiVersion").and_then(Value::as_str);
        if kind.ends_with("List")
            && let Some(Value::Array(items)) = value.get("items")
        {
            for (i, item) in items.iter().enumerate() {
                path.push(PathStep::Key("items".into()));
                path.push(PathStep::Index(i));
                self.visit(item, path);
                path.pop();
                path.pop();
            }
            return;
        }
        self.documents += 1;
        // What counts as a Secret is core::manifest::classify's call, as in
        // every command: a Secret, or what might be one (no kind, another
        // spelling of Secret, another apiVersion), is checked for plaintext.
        match classify(value, &Origin::default()) {
            Ok(Kind::Secret) | Err(_) => self.secret(value, path),
            Ok(Kind::SealedSecret) => self.sealed(value, path),
            // Other versions of bitnami.com's SealedSecret are checked as one
            // too (sealant seals v1alpha1 only, but the shape is the same).
            Ok(Kind::Other)
                if kind == "SealedSecret" && api.is_some_and(|a| a.starts_with("bitnami.com/")) =>
            {
                self.sealed(value, path)
            }
            Ok(Kind::Other) => {}
        }
    }

    pub(super) fn push(
        &mut self,
        path: Vec<PathStep>,
        object: &Option<String>,
        code: Code,
        message: String,
        hint: &str,
    ) {
        self.found.push(DocumentFinding {
            path,
            object: object.clone(),
            code,
            message,
            hint: hint.to_string(),
        });
    }

    fn secret(&mut self, value: &Value, path: &[PathStep]) {
        let object = describe(value);
        let mut fields = Vec::new();
        let mut all_templates = true;
        for field in ["stringData", "data"] {
            match value.get(field) {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) if m.is_empty() => {}
                Some(Value::Object(m)) => {
                    all_templates &= m
                        .values()
                        .all(|v| v.as_str().is_some_and(looks_like_template));
                    let keys: Vec<&str> = m.keys().map(String::as_str).collect();
                    fields.push((field, format!("{field} ({})", keys.join(", "))));
                }
                Some(_) => {
                    all_templates = false;
                    fields.push((field, field.to_string()));
                }
            }
        }
        if fields.is_empty() {
            return;
        }
        if all_templates {
            self.skipped.push((
                key(path, fields[0].0),
                "a Secret whose values are all template expressions ({{ }})".into(),
            ));
            return;
        }
        let what: Vec<&str> = fields.iter().map(|(_, d)| d.as_str()).collect();
        let controller_key = value
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .is_some_and(|l| l.contains_key(CONTROLLER_KEY_LABEL));
        let tls_key = ["stringData", "data"].iter().any(|f| {
            value
                .get(*f)
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key("tls.key"))
        });
        if controller_key || tls_key {
            let described = format!(
                "{}{}",
                object.as_deref().unwrap_or("a Secret"),
                if controller_key {
                    " (the sealed-secrets controller's key)"
                } else {
                    " (tls.key)"
                }
            );
            let (code, message, hint) = private_key_finding(&described);
            self.push(key(path, fields[0].0), &object, code, message, &hint);
            return;
        }
        self.push(
            key(path, fields[0].0),
            &object,
            Code::PlaintextSecret,
            format!(
                "{} holds plaintext values in {}",
                object.as_deref().unwrap_or("a Secret"),
                what.join(" and ")
            ),
            "seal it (`sealant seal -i FILE`, or make it with `sealant create`) and rotate the values if they were ever pushed",
        );
    }
}
