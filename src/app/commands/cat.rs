//! `sealant cat`: the Secrets of a SealedSecret file, decoded, on standard
//! output only (text values as `stringData`, binary ones as base64 under
//! `data`), or one item's exact bytes, or shell-quoted `KEY=value` lines.

use std::io::IsTerminal;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::app::config::{CatConfig, CatOutput};
use crate::core::crypto::Backend;
use crate::core::keyring::KeyRing;
use crate::core::manifest::{self, Kind, Manifest, WipedValues};
use crate::core::opening::unseal_document;
use crate::error::{Error, Origin, Result};

use super::Stdout;

pub(super) fn run(cfg: &CatConfig) -> Result<()> {
    let ring = KeyRing::load(&cfg.keys, Backend::default())?;
    let input = Manifest::read(cfg.input.as_deref())?;
    let mut secrets = WipedValues(Vec::new());
    let mut origins = Vec::new();
    for doc in input.documents()? {
        if manifest::kind_of(&doc.value) != Kind::SealedSecret {
            continue;
        }
        let secret =
            unseal_document(&doc.value, &doc.origin, &ring).inspect_err(|_| ring.print_stats())?;
        secrets.0.push(secret);
        origins.push(doc.origin.clone());
    }
    if secrets.0.is_empty() {
        return Err(Error::input(
            &Origin::file(&input.name),
            "holds no SealedSecret",
            Some("give a file with kind: SealedSecret documents".to_string()),
        ));
    }
    let text: Zeroizing<Vec<u8>> = match cfg.output {
        CatOutput::Item => {
            let key = cfg.item.as_deref().unwrap_or("");
            item_bytes(&secrets.0, &origins, &input.name, key)?
        }
        CatOutput::Env => env_lines(&secrets.0, &origins)?,
        CatOutput::Secrets(format) => {
            let readable = WipedValues(secrets.0.iter().map(readable).collect::<Vec<_>>());
            Zeroizing::new(super::unseal::render(&readable.0, format).into_bytes())
        }
    };
    if std::io::stdout().is_terminal() {
        crate::note!("warning: printing Secret values to the terminal");
    }
    let mut out = Stdout::new();
    out.write(&text)?;
    out.finish()
}

/// The value of `key`, from the one Secret that has it.
fn item_bytes(
    secrets: &[Value],
    origins: &[Origin],
    file: &str,
    key: &str,
) -> Result<Zeroizing<Vec<u8>>> {
    let mut found = Vec::new();
    for (secret, origin) in secrets.iter().zip(origins) {
        if let Some(v) = secret.pointer("/data").and_then(|d| d.get(key)) {
            found.push((v, origin));
        }
    }
    match found.as_slice() {
        [(value, origin)] => value
            .as_str()
            .and_then(manifest::secret::decode_base64)
            .ok_or_else(|| Error::item(origin, key, "the value is not base64", None)),
        [] => {
            let names: Vec<String> = secrets
                .iter()
                .filter_map(|s| s.get("data").and_then(Value::as_object))
                .flat_map(|d| d.keys().cloned())
                .collect();
            Err(Error::input(
                &Origin::file(file),
                format!("has no item '{key}'"),
                Some(format!("its items: {}", names.join(", "))),
            ))
        }
        _ => Err(Error::input(
            &Origin::file(file),
            format!("{} SealedSecrets have an item '{key}'", found.len()),
            Some("split the file, one SealedSecret per file".to_string()),
        )),
    }
}

/// `KEY='value'` lines, quoted for a POSIX shell.
fn env_lines(secrets: &[Value], origins: &[Origin]) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    for (secret, origin) in secrets.iter().zip(origins) {
        let Some(data) = secret.get("data").and_then(Value::as_object) else {
            continue;
        };
        for (key, value) in data {
            if !is_env_name(key) {
                return Err(Error::item(
                    origin,
                    key,
                    "the item's name is not a shell variable name",
                    Some(format!(
                        "print it alone with --item {key}, or the whole Secret with -o yaml"
                    )),
                ));
            }
            let bytes = value
                .as_str()
                .and_then(manifest::secret::decode_base64)
                .ok_or_else(|| Error::item(origin, key, "the value is not base64", None))?;
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Err(Error::item(
                    origin,
                    key,
                    "the value is binary, which a shell variable cannot hold",
                    Some(format!(
                        "print it alone with --item {key}, or as base64 with -o yaml"
                    )),
                ));
            };
            out.extend_from_slice(key.as_bytes());
            out.push(b'=');
            shell_quote(text, &mut out);
            out.push(b'\n');
        }
    }
    Ok(out)
}

fn is_env_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Appends `s` in single quotes, each `'` written as `'\''`.
fn shell_quote(s: &str, out: &mut Vec<u8>) {
    out.push(b'\'');
    for b in s.bytes() {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
}

/// A Secret with `data` as the controller builds it, made readable: values
/// that are UTF-8 text move to `stringData`, binary ones stay base64 under
/// `data`. The owner reference the controller would add is dropped.
pub(super) fn readable(secret: &Value) -> Value {
    let mut out = Map::new();
    let Some(obj) = secret.as_object() else {
        return secret.clone();
    };
    let mut text = Map::new();
    let mut binary = Map::new();
    if let Some(data) = obj.get("data").and_then(Value::as_object) {
        for (k, v) in data {
            let bytes = v.as_str().and_then(manifest::secret::decode_base64);
            match bytes.as_deref().map(|b| std::str::from_utf8(b).ok()) {
                Some(Some(t)) => {
                    text.insert(k.clone(), Value::String(t.to_string()));
                }
                Some(None) => {
                    binary.insert(k.clone(), Value::String(STANDARD.encode(bytes.unwrap())));
                }
                None => {
                    binary.insert(k.clone(), v.clone());
                }
            }
        }
    }
    for (k, v) in obj {
        match k.as_str() {
            "data" => {
                if !binary.is_empty() {
                    out.insert("data".into(), Value::Object(std::mem::take(&mut binary)));
                }
                if !text.is_empty() {
                    out.insert(
                        "stringData".into(),
                        Value::Object(std::mem::take(&mut text)),
                    );
                }
            }
            "metadata" => {
                let mut meta = v.as_object().cloned().unwrap_or_default();
                meta.shift_remove("ownerReferences");
                out.insert(k.clone(), Value::Object(meta));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_a_posix_shell() {
        let mut out = Vec::new();
        shell_quote("it's $x", &mut out);
        assert_eq!(out, b"'it'\\''s $x'");
    }

    #[test]
    fn only_shell_names_are_env_names() {
        assert!(is_env_name("DB_PASSWORD"));
        assert!(is_env_name("_x1"));
        for bad in ["", "1a", "tls.crt", "a-b", "a b"] {
            assert!(!is_env_name(bad), "{bad}");
        }
    }
}
