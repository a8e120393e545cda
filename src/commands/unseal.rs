//! `sealant unseal` (and kubeseal's `--recovery-unseal`).

use serde_json::{Map, Value};

use crate::atomic::Mode;
use crate::config::UnsealConfig;
use crate::crypto::Backend;
use crate::error::{Error, Result};
use crate::keys::KeyRing;
use crate::manifest::{self, Format, Input, Kind, output};
use crate::unseal::unseal_document;

use super::Sink;

pub(super) fn run(cfg: &UnsealConfig) -> Result<()> {
    let ring = KeyRing::load(&cfg.keys, Backend::default())?;
    // The Secrets hold plaintext (base64): wiped when dropped.
    let mut secrets = manifest::WipedValues::default();
    let mut skipped = 0usize;
    let mut format = cfg.format;
    for path in &cfg.inputs {
        let input = Input::read(path.as_deref())?;
        format.get_or_insert(input.format);
        for doc in input.documents()? {
            if manifest::kind_of(&doc.value) != Kind::SealedSecret {
                skipped += 1;
                continue;
            }
            secrets
                .0
                .push(unseal_document(&doc.value, &doc.origin, &ring)?);
        }
    }
    if secrets.0.is_empty() {
        return Err(Error::input(
            &crate::error::Origin::file(
                cfg.inputs
                    .iter()
                    .flatten()
                    .next()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "<stdin>".into()),
            ),
            "holds no SealedSecret",
            Some("give a file with kind: SealedSecret documents".to_string()),
        ));
    }
    if skipped > 0 {
        eprintln!("sealant: skipped {skipped} document(s) that are not SealedSecrets");
    }
    let format = format.unwrap_or(Format::Json);
    let text = zeroize::Zeroizing::new(render(&secrets.0, format));
    // Plaintext: a file is created 0600.
    let mut sink = Sink::open(&cfg.output, Mode::Private)?;
    sink.write(text.as_bytes())?;
    sink.finish()
}

/// One Secret as an object; several as a `v1` `List` in JSON (as kubeseal
/// prints them) or as a stream of documents in YAML.
fn render(secrets: &[Value], format: Format) -> String {
    match (format, secrets) {
        (Format::Json, [one]) => output::to_go_json(one),
        (Format::Json, many) => {
            let mut list = Map::new();
            list.insert("apiVersion".into(), Value::String("v1".into()));
            list.insert("kind".into(), Value::String("List".into()));
            list.insert("metadata".into(), Value::Object(Map::new()));
            list.insert("items".into(), Value::Array(many.to_vec()));
            output::to_go_json(&Value::Object(list))
        }
        (Format::Yaml, many) => many.iter().map(output::to_yaml_document).collect(),
    }
}
