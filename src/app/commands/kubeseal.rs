//! kubeseal's default mode (the drop-in): every document of the input is
//! read as a Secret, whatever its `kind` says, as kubeseal reads it. Nothing
//! is passed through: a document that cannot be sealed is an error, and an
//! input without any document is kubeseal's "no secrets found" error. The
//! output is written only when every document was sealed (`-w FILE`
//! atomically), so a failed run leaves the file as it was.

use serde_json::Value;

use crate::app::config::SealConfig;
use crate::core::crypto::os_rng;
use crate::core::manifest::{Format, Manifest, output};
use crate::core::sealing::seal_secret;
use crate::error::{Error, Origin, Result};
use crate::io::atomic::Access;

use super::Sink;
use super::seal::with_default_namespace;

pub(super) fn seal(cfg: &SealConfig) -> Result<()> {
    let [job] = cfg.jobs.as_slice() else {
        unreachable!("kubeseal's mode reads one input");
    };
    let [cert] = job.certs.as_slice() else {
        unreachable!("kubeseal's mode seals with one certificate");
    };
    let input = Manifest::read(job.input.as_deref())?;
    let cert = super::load_sealing_cert(cert)?;
    let format = job.format.unwrap_or(Format::Json);
    let params = with_default_namespace(&job.params, &cfg.cluster);
    let mut rng = os_rng();
    let mut out = String::new();
    let mut sealed_count = 0usize;
    for doc in input.documents()? {
        if is_empty(&doc.value) {
            // kubeseal skips documents that decode to an empty Secret (`---`
            // alone, `{}`); they hold nothing to seal or to leak.
            continue;
        }
        if !doc.value.is_object() {
            return Err(Error::input(
                &doc.origin,
                format!(
                    "this document is a {}, not a Secret",
                    crate::core::manifest::secret::type_name(&doc.value)
                ),
                Some("kubeseal reads every document as a Secret: give it only Secrets".into()),
            ));
        }
        let sealed = seal_secret(&doc.value, &doc.origin, &params, &cert, &mut rng)?;
        out.push_str(&output::render(&sealed, format));
        sealed_count += 1;
    }
    if sealed_count == 0 {
        return Err(Error::input(
            &Origin::file(input.name.clone()),
            "no secrets found. Ensure the input is valid and UTF-8 encoded",
            Some(
                "pipe a Secret in, e.g. `kubectl create secret generic NAME --from-literal=k=v --dry-run=client -o yaml`"
                    .into(),
            ),
        ));
    }
    let mut sink = Sink::open(&cfg.output, Access::Keep)?;
    sink.write(out.as_bytes())?;
    sink.finish()?;
    if crate::error::verbosity() >= 1 {
        let to = match &cfg.output {
            crate::app::config::Output::File(p) => p.display().to_string(),
            _ => "standard output".to_string(),
        };
        crate::note!(
            "sealant: sealed {sealed_count} Secret(s) of {} with {} to {to}",
            input.name,
            cert.fingerprint
        );
    }
    Ok(())
}

/// A document that decodes to an empty Secret: null, or an empty mapping.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}
