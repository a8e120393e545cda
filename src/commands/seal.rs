//! `sealant seal` (and kubeseal's default mode).

use crate::atomic::{AtomicFile, Mode};
use crate::cert::Certificate;
use crate::config::{Output, SealConfig};
use crate::crypto::os_rng;
use crate::error::Result;
use crate::manifest::{self, Document, Format, Input, Kind, output};
use crate::seal::{SealParams, seal_secret};

use super::Sink;

pub(super) fn run(cfg: &SealConfig) -> Result<()> {
    let cert = super::load_sealing_cert(&cfg.cert)?;
    match &cfg.output {
        Output::InPlace => {
            // Seal every file first; only when all succeeded are they replaced.
            let mut pending = Vec::new();
            for path in cfg.inputs.iter().flatten() {
                let input = Input::read(Some(path))?;
                let format = cfg.format.unwrap_or(input.format);
                let mut file = AtomicFile::create(path, Mode::Keep)?;
                let mut write = |s: &str| file.write_all(s.as_bytes());
                seal_input(&input, format, &cfg.params, &cert, &mut write)?;
                pending.push(file);
            }
            // Everything on disk first: a full disk fails here, before any
            // file is replaced. A kill between renames leaves each file
            // wholly old or wholly new.
            pending.iter().try_for_each(AtomicFile::sync)?;
            pending.into_iter().try_for_each(AtomicFile::commit)
        }
        out => {
            let mut sink = Sink::open(out, Mode::Keep)?;
            let mut format = cfg.format;
            for path in &cfg.inputs {
                let input = Input::read(path.as_deref())?;
                let f = *format.get_or_insert(input.format);
                seal_input(&input, f, &cfg.params, &cert, &mut |s: &str| {
                    sink.write(s.as_bytes())
                })?;
            }
            sink.finish()
        }
    }
}

/// Seals every Secret of one input; every other document passes through.
pub(crate) fn seal_input(
    input: &Input,
    format: Format,
    params: &SealParams,
    cert: &Certificate,
    write: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut rng = os_rng();
    for doc in input.documents()? {
        match manifest::kind_of(&doc.value) {
            Kind::Secret => {
                let sealed = seal_secret(&doc.value, &doc.origin, params, cert, &mut rng)?;
                write(&output::render(&sealed, format))?;
            }
            _ => write(&passthrough(input, &doc, format))?,
        }
    }
    Ok(())
}

/// A document that is not sealed: its original text when the format is
/// unchanged (comments and all), else the same content re-rendered.
pub(crate) fn passthrough(input: &Input, doc: &Document, format: Format) -> String {
    if let (Some(span), true) = (&doc.span, format == input.format) {
        let text = input.text[span.start..span.end].trim_end_matches(['\n', '\r']);
        return match format {
            Format::Yaml => format!("---\n{text}\n"),
            Format::Json => format!("{text}\n"),
        };
    }
    match format {
        Format::Json => output::to_go_json(&doc.value),
        Format::Yaml => format!("---\n{}", output::to_yaml_unsorted(&doc.value)),
    }
}
