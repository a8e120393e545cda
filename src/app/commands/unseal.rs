//! `sealant unseal` (and kubeseal's `--recovery-unseal`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::app::config::UnsealConfig;
use crate::core::crypto::Backend;
use crate::core::manifest::{self, Format, Kind, Manifest, output};
use crate::core::opening::unseal_document;
use crate::error::{Error, Origin, Result};
use crate::io::atomic::{Access, AtomicFile};

use super::{Sink, create_private_dir};

pub(super) fn run(cfg: &UnsealConfig) -> Result<()> {
    let ring = cfg.keys.load(Backend::default())?;
    let mut secrets: Vec<(Origin, Value)> = Vec::new();
    let mut skipped = 0usize;
    let mut format = cfg.format;
    let inputs = expand(&cfg.inputs, cfg.follow)?;
    refuse_output_onto_input(&cfg.output, &inputs)?;
    for path in inputs {
        let input = Manifest::read(path.as_deref())?;
        format.get_or_insert(input.format);
        for doc in input.documents()? {
            if manifest::kind_of(&doc.value) != Kind::SealedSecret {
                skipped += 1;
                continue;
            }
            let secret = unseal_document(&doc.value, &doc.origin, &ring)
                .inspect_err(|_| ring.print_stats())?;
            secrets.push((doc.origin.clone(), secret));
        }
    }
    ring.print_stats();
    if secrets.is_empty() {
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
        crate::note!("sealant: skipped {skipped} document(s) that are not SealedSecrets");
    }
    let format = format.unwrap_or(Format::Json);
    if let Some(dir) = &cfg.to_dir {
        let result = write_dir(dir, &secrets, format);
        wipe(secrets);
        return result;
    }
    // The Secrets hold plaintext (base64): wiped when dropped.
    let last = secrets.last().map(|(o, _)| o.clone()).unwrap_or_default();
    let values = manifest::WipedValues(secrets.into_iter().map(|(_, v)| v).collect::<Vec<_>>());
    let text = zeroize::Zeroizing::new(render(&values.0, format));
    if text.len() as u64 > crate::limits::MAX_OUTPUT_BYTES {
        return Err(Error::input(
            &last,
            format!(
                "the unsealed Secrets up to here would be larger than {}, more than sealant reads back",
                crate::limits::mib(crate::limits::MAX_OUTPUT_BYTES)
            ),
            Some("unseal fewer files at a time, or one file per Secret with --to-dir".to_string()),
        ));
    }
    // Plaintext: a file is created 0600.
    let mut sink = Sink::open(&cfg.output, Access::Private)?;
    sink.write(text.as_bytes())?;
    sink.finish()
}

/// `unseal -w F F` would replace the SealedSecret with its plaintext (and
/// so lose it): an output that is one of the inputs, by any path, is
/// refused before anything is read.
fn refuse_output_onto_input(
    output: &crate::app::config::Output,
    inputs: &[Option<PathBuf>],
) -> Result<()> {
    let crate::app::config::Output::File(out) = output else {
        return Ok(());
    };
    for input in inputs.iter().flatten() {
        if crate::io::atomic::is_same_file(out, input) {
            return Err(Error::usage(
                format!(
                    "the output {} is the input {}: unsealing onto it would replace the SealedSecret with plaintext",
                    out.display(),
                    input.display()
                ),
                Some("write the Secret to another file (-w), or to standard output".to_string()),
            ));
        }
    }
    Ok(())
}

/// Inputs with folders walked (see [`crate::repo::walk`]); `None` is standard
/// input. Anything the walk cannot get through is an error here: a
/// recovery must not silently miss a file.
fn expand(inputs: &[Option<PathBuf>], follow: bool) -> Result<Vec<Option<PathBuf>>> {
    let mut out = Vec::new();
    for input in inputs {
        let Some(path) = input else {
            out.push(None);
            continue;
        };
        let walk = crate::repo::walk::walk_with(std::slice::from_ref(path), follow)?;
        if let Some(p) = walk.problems.first() {
            return Err(Error::input(
                &Origin::file(&p.path),
                p.message.clone(),
                Some("fix or remove it, or name the files to open".to_string()),
            ));
        }
        out.extend(walk.files.into_iter().map(|f| Some(f.path)));
    }
    Ok(out)
}

/// One 0600 file per Secret, `<namespace>-<name>.yaml` (or `.json`; just
/// `<name>` without a namespace). Every file is written before any is
/// renamed into place, so a failure leaves the folder as it was.
fn write_dir(dir: &Path, secrets: &[(Origin, Value)], format: Format) -> Result<()> {
    let ext = match format {
        Format::Yaml => "yaml",
        Format::Json => "json",
    };
    let mut names: HashMap<String, &Origin> = HashMap::new();
    let mut planned = Vec::new();
    for (origin, secret) in secrets {
        let ns = manifest::meta_str(secret, "namespace").unwrap_or("");
        let name = manifest::meta_str(secret, "name").unwrap_or("");
        for (what, value) in [("namespace", ns), ("name", name)] {
            let allowed = safe_file_part(value) || (what == "namespace" && value.is_empty());
            if !allowed {
                return Err(Error::input(
                    origin,
                    format!("the {what} '{value}' cannot be used in a file name"),
                    Some("Kubernetes names are lowercase letters, digits, '-' and '.'; fix the SealedSecret, or unseal it with -w FILE".to_string()),
                ));
            }
        }
        let file = if ns.is_empty() {
            format!("{name}.{ext}")
        } else {
            format!("{ns}-{name}.{ext}")
        };
        if let Some(first) = names.insert(file.clone(), origin) {
            return Err(Error::input(
                origin,
                format!("its Secret would be written to {file}, like the one from {first}"),
                Some(
                    "unseal them separately (e.g. per overlay) or into one file with -w"
                        .to_string(),
                ),
            ));
        }
        planned.push((dir.join(file), secret));
    }
    create_private_dir(dir)?;
    let mut pending = Vec::new();
    for (path, secret) in &planned {
        let text = zeroize::Zeroizing::new(render(std::slice::from_ref(*secret), format));
        let mut file = AtomicFile::create(path, Access::Private)?;
        file.write_all(text.as_bytes())?;
        pending.push(file);
    }
    pending.into_iter().try_for_each(AtomicFile::commit)?;
    crate::note!(
        "sealant: wrote {} Secret(s) to {}, one 0600 file each",
        planned.len(),
        dir.display()
    );
    Ok(())
}

/// A Kubernetes name that is safe as part of a file name: a valid object
/// name (no `/`, no leading `.`) by [`crate::core::names`].
fn safe_file_part(s: &str) -> bool {
    crate::core::names::object_name_problem(s).is_none()
}

/// One Secret as an object; several as a `v1` `List` in JSON (as kubeseal
/// prints them) or as a stream of documents in YAML.
pub(super) fn render(secrets: &[Value], format: Format) -> String {
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

/// Wipes the plaintext of unsealed Secrets.
fn wipe(secrets: Vec<(crate::error::Origin, Value)>) {
    drop(manifest::WipedValues(
        secrets.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kubernetes_names_become_file_names() {
        assert!(safe_file_part("db-credentials.v2"));
        for bad in ["", "../x", ".hidden", "a/b", "A", "a b"] {
            assert!(!safe_file_part(bad), "{bad}");
        }
    }
}
