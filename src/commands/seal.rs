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
    // Inputs first: fetching the certificate from the cluster may run an
    // exec credential plugin that needs the terminal.
    let inputs = cfg
        .inputs
        .iter()
        .map(|p| Input::read(p.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let cert = super::load_sealing_cert(&cfg.cert)?;
    let params = with_default_namespace(&cfg.params, &cfg.cluster);
    match &cfg.output {
        Output::InPlace => {
            // Seal every file first; only when all succeeded are they replaced.
            let mut pending = Vec::new();
            for input in &inputs {
                let Some(path) = &input.path else { continue };
                let format = cfg.format.unwrap_or(input.format);
                let mut file = AtomicFile::create(path, Mode::Keep)?;
                let mut write = |s: &str| file.write_all(s.as_bytes());
                seal_input(input, format, &params, &cert, &mut write)?;
                pending.push(file);
            }
            pending.into_iter().try_for_each(AtomicFile::commit)
        }
        out => {
            let mut sink = Sink::open(out, Mode::Keep)?;
            let format = cfg
                .format
                .or(inputs.first().map(|i| i.format))
                .unwrap_or(Format::Yaml);
            for input in &inputs {
                seal_input(input, format, &params, &cert, &mut |s: &str| {
                    sink.write(s.as_bytes())
                })?;
            }
            sink.finish()
        }
    }
}

/// The namespace for Secrets that have none: the kubeconfig context's
/// (`default` when the context names none), as kubeseal does; none without
/// a kubeconfig. A kubeconfig that cannot be read counts as none here: the
/// Secret then needs a namespace of its own, and the error says so.
pub(crate) fn with_default_namespace(
    params: &SealParams,
    cluster: &crate::cluster::ClusterOptions,
) -> SealParams {
    let mut params = params.clone();
    if params.default_namespace.is_none() {
        params.default_namespace = crate::cluster::default_namespace(cluster).ok().flatten();
    }
    params
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
