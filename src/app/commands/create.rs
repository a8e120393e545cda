//! `sealant create`: builds a Secret in memory, the way `kubectl create
//! secret` does, and seals it. No plaintext is ever written to a file; the
//! values are wiped from memory after sealing.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::app::config::{CreateConfig, CreateKind, ItemSource, Output};
use crate::core::crypto::os_rng;
use crate::core::manifest::output;
use crate::core::manifest::secret::Items;
use crate::core::sealing::seal_items;
use crate::error::{Error, Origin, Result};

use super::Sink;
use crate::io::sink::{self, Outputs};

pub(super) fn run(cfg: &CreateConfig) -> Result<()> {
    // Certificates first: a refused certificate should not cost a prompt.
    let certs = super::seal::load_certs(&cfg.job)?;
    if cfg.job.template.is_none() && certs.len() > 1 {
        let names: Vec<&str> = certs.iter().map(|(n, _)| n.as_str()).collect();
        return Err(Error::usage(
            format!(
                "sealing for {} clusters ({}) needs one file per cluster",
                certs.len(),
                names.join(", ")
            ),
            Some("add --output-template '{cluster}/{name}.yaml'".to_string()),
        ));
    }
    let origin = Origin {
        object: Some(format!("Secret {}", cfg.name)),
        ..Origin::file("sealant create")
    };
    let (items, secret_type) = build_items(&cfg.kind)?;
    let secret = secret_metadata(cfg, secret_type);
    let mut rng = os_rng();
    let mut files = Outputs::default();
    let mut text = String::new();
    for (cluster, cert) in &certs {
        let sealed = seal_items(&secret, &items, &origin, &cfg.job.params, cert, &mut rng)?;
        let rendered = output::render(&sealed, cfg.format);
        if rendered.len() > crate::limits::MAX_OUTPUT_DOCUMENT_BYTES {
            return Err(Error::input(
                &origin,
                format!(
                    "sealed, the Secret would be larger than {}, more than sealant reads back in one document",
                    crate::limits::mib(crate::limits::MAX_OUTPUT_DOCUMENT_BYTES as u64)
                ),
                Some(crate::report::hints::SECRET_TOO_LARGE.to_string()),
            ));
        }
        match &cfg.job.template {
            Some(template) => {
                let vars = super::seal::file_vars(None, &template.base, cfg.format);
                let vars = crate::repo::template::Vars {
                    stem: cfg.name.clone(),
                    ..vars
                };
                let path = super::seal::templated_path(template, &sealed, cluster, &vars)?;
                files.add(path, Some(cluster.clone()), rendered)?;
            }
            None => text.push_str(&rendered),
        }
    }
    drop(items);
    let written = files.paths_with_clusters();
    sink::write_all(files)?;
    for (path, cluster) in written {
        crate::note!(
            "sealant: wrote {} (cluster {})",
            path.display(),
            cluster.unwrap_or_default()
        );
    }
    if cfg.job.template.is_none() {
        let mut sink = Sink::open(&cfg.output, crate::io::atomic::Access::Keep)?;
        sink.write(text.as_bytes())?;
        sink.finish()?;
        if let Output::File(path) = &cfg.output {
            crate::note!("sealant: wrote {}", path.display());
        }
    }
    Ok(())
}

/// The Secret without its data: what goes into the template.
fn secret_metadata(cfg: &CreateConfig, secret_type: Option<String>) -> Value {
    let mut meta = Map::new();
    meta.insert("name".into(), Value::String(cfg.name.clone()));
    let strings = |pairs: &[(String, String)]| -> Value {
        let mut m = Map::new();
        for (k, v) in pairs {
            m.insert(k.clone(), Value::String(v.clone()));
        }
        Value::Object(m)
    };
    if !cfg.labels.is_empty() {
        meta.insert("labels".into(), strings(&cfg.labels));
    }
    if !cfg.annotations.is_empty() {
        meta.insert("annotations".into(), strings(&cfg.annotations));
    }
    let mut secret = Map::new();
    secret.insert("apiVersion".into(), Value::String("v1".into()));
    secret.insert("kind".into(), Value::String("Secret".into()));
    secret.insert("metadata".into(), Value::Object(meta));
    secret.insert(
        "type".into(),
        Value::String(secret_type.unwrap_or_else(|| "Opaque".into())),
    );
    Value::Object(secret)
}

/// The items and the Secret's type.
fn build_items(kind: &CreateKind) -> Result<(Items, Option<String>)> {
    let mut items = Items::new();
    match kind {
        CreateKind::Generic {
            sources,
            secret_type,
        } => {
            for source in sources {
                match source {
                    ItemSource::Literal(k, v) => add(
                        &mut items,
                        k,
                        Zeroizing::new(v.as_bytes().to_vec()),
                        "--from-literal",
                    )?,
                    ItemSource::File(key, path) => from_file(&mut items, key.as_deref(), path)?,
                    ItemSource::EnvFile(path) => from_env_file(&mut items, path)?,
                    ItemSource::Prompt(key) => {
                        check_key(key, "--prompt")?;
                        let value = prompt_twice(&format!("Value for {key}"))?;
                        add(&mut items, key, value, "--prompt")?;
                    }
                }
            }
            if items.is_empty() {
                return Err(Error::usage(
                    "the Secret would have no items",
                    Some(
                        "give --from-literal, --from-file, --from-env-file or --prompt".to_string(),
                    ),
                ));
            }
            Ok((items, secret_type.clone()))
        }
        CreateKind::Tls { cert, key } => {
            let crt = read_file(cert)?;
            let key_pem = read_file(key)?;
            check_tls_pair(&crt, &key_pem, cert, key)?;
            items.insert("tls.crt".into(), crt);
            items.insert("tls.key".into(), key_pem);
            Ok((items, Some("kubernetes.io/tls".into())))
        }
        CreateKind::DockerRegistry {
            server,
            username,
            password,
            email,
        } => {
            let password = match password {
                Some(p) => p.clone(),
                None => {
                    let bytes = prompt_twice(&format!("Password for {username} at {server}"))?;
                    Zeroizing::new(
                        String::from_utf8(bytes.to_vec())
                            .map_err(|_| Error::usage("the password is not UTF-8 text", None))?,
                    )
                }
            };
            let json = docker_config_json(server, username, &password, email.as_deref());
            items.insert(".dockerconfigjson".into(), json);
            Ok((items, Some("kubernetes.io/dockerconfigjson".into())))
        }
    }
}

/// `.dockerconfigjson` exactly as kubectl writes it: Go's compact
/// `json.Marshal` of `{"auths":{SERVER:{username,password,email,auth}}}`,
/// empty fields left out, `<`, `>`, `&` escaped.
pub fn docker_config_json(
    server: &str,
    username: &str,
    password: &str,
    email: Option<&str>,
) -> Zeroizing<Vec<u8>> {
    let auth = Zeroizing::new(STANDARD.encode(format!("{username}:{password}")));
    let mut entry = Map::new();
    for (k, v) in [
        ("username", username),
        ("password", password),
        ("email", email.unwrap_or("")),
        ("auth", auth.as_str()),
    ] {
        if !v.is_empty() {
            entry.insert(k.into(), Value::String(v.to_string()));
        }
    }
    let mut auths = Map::new();
    auths.insert(server.to_string(), Value::Object(entry));
    let mut top = Map::new();
    top.insert("auths".into(), Value::Object(auths));
    let compact = Zeroizing::new(Value::Object(top).to_string());
    // Go escapes these even inside strings; they occur only inside strings.
    let mut out = Vec::with_capacity(compact.len());
    for c in compact.chars() {
        match c {
            '<' => out.extend_from_slice(b"\\u003c"),
            '>' => out.extend_from_slice(b"\\u003e"),
            '&' => out.extend_from_slice(b"\\u0026"),
            '\u{2028}' => out.extend_from_slice(b"\\u2028"),
            '\u{2029}' => out.extend_from_slice(b"\\u2029"),
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    Zeroizing::new(out)
}

/// Kubernetes' rule for Secret and ConfigMap keys (the one `seal` applies).
fn check_key(key: &str, flag: &str) -> Result<()> {
    match crate::core::names::secret_key_problem(key) {
        None => Ok(()),
        Some(problem) => Err(Error::usage(
            format!("{flag}: {key:?} is not a valid Secret key: {problem}"),
            Some(crate::core::names::SECRET_KEY_HINT.to_string()),
        )),
    }
}

fn add(items: &mut Items, key: &str, value: Zeroizing<Vec<u8>>, flag: &str) -> Result<()> {
    check_key(key, flag)?;
    if items.contains_key(key) {
        return Err(Error::usage(
            format!("{flag}: the key '{key}' is given twice"),
            Some("each key may come from one source only".to_string()),
        ));
    }
    items.insert(key.to_string(), value);
    Ok(())
}

/// Reads one file for a value, at most [`MAX_SECRET_DATA_BYTES`]: more
/// could not be written as a SealedSecret sealant reads back (and a
/// `--from-file /dev/zero` must not take all memory).
fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    use crate::limits::{MAX_SECRET_DATA_BYTES, mib};
    let name = path.display().to_string();
    crate::io::input::read_or(Some(path), &name, MAX_SECRET_DATA_BYTES as u64, || {
        Error::input(
            &crate::error::Origin::file(&name),
            format!(
                "is larger than {}, the most one Secret sealant writes may hold",
                mib(MAX_SECRET_DATA_BYTES as u64)
            ),
            Some("a Kubernetes Secret holds at most 1 MiB; give a smaller file".to_string()),
        )
    })
}

fn from_file(items: &mut Items, key: Option<&str>, path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    if !meta.is_dir() {
        let key = match key {
            Some(k) => k.to_string(),
            None => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        return add(items, &key, read_file(path)?, "--from-file");
    }
    if key.is_some() {
        return Err(Error::usage(
            format!(
                "--from-file: {} is a folder, which cannot take a key",
                path.display()
            ),
            Some("give the folder alone: each file becomes an item named after it".to_string()),
        ));
    }
    let mut entries: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    let read_dir = std::fs::read_dir(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    for entry in read_dir {
        let entry = entry.map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        // As kubectl: regular files only, no recursion.
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            entries.insert(
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            );
        }
    }
    for (name, p) in entries {
        add(items, &name, read_file(&p)?, "--from-file")?;
    }
    Ok(())
}

/// kubectl's env-file rules: `KEY=VALUE` per line, leading whitespace and
/// a first-line byte-order mark dropped, blank lines and `#` comments
/// skipped, no quote processing; a line with only `KEY` takes the value of
/// that environment variable.
fn from_env_file(items: &mut Items, path: &Path) -> Result<()> {
    let text = Zeroizing::new(read_file(path)?);
    let shown = path.display().to_string();
    for (i, raw) in text.split(|b| *b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let raw = if i == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let line = std::str::from_utf8(raw).map_err(|_| {
            Error::input(
                &Origin {
                    line: Some(i + 1),
                    ..Origin::file(&shown)
                },
                "the line is not valid UTF-8",
                None,
            )
        })?;
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((k, v)) => (k, Zeroizing::new(v.as_bytes().to_vec())),
            None => (
                line,
                Zeroizing::new(std::env::var(line).unwrap_or_default().into_bytes()),
            ),
        };
        let env_name_ok = key
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'_' | b'.'))
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !env_name_ok {
            return Err(Error::input(
                &Origin {
                    line: Some(i + 1),
                    ..Origin::file(&shown)
                },
                format!("{key:?} is not a valid key name"),
                Some(
                    "env-file lines are KEY=VALUE; keys start with a letter, '-', '_' or '.'"
                        .to_string(),
                ),
            ));
        }
        add(items, key, value, "--from-env-file")?;
    }
    Ok(())
}

/// Asks on the terminal, without echo, twice; the answers must match.
fn prompt_twice(what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let value = crate::app::config::interactive::value_twice(what)?;
    Ok(Zeroizing::new(value.as_bytes().to_vec()))
}

/// As kubectl: both files must be PEM, and the key must belong to the
/// certificate (checked for RSA keys, the kind sealant can read).
fn check_tls_pair(crt: &[u8], key: &[u8], crt_path: &Path, key_path: &Path) -> Result<()> {
    let cert = crate::core::certificate::Certificate::parse(
        crt,
        &crt_path.display().to_string(),
        crate::core::crypto::Backend::default(),
    );
    let pems = pem::parse_many(key).map_err(|_| {
        Error::key(
            key_path.display().to_string(),
            "is not a PEM private key",
            None,
        )
    })?;
    let Some(block) = pems.iter().find(|p| p.tag().ends_with("PRIVATE KEY")) else {
        return Err(Error::key(
            key_path.display().to_string(),
            "holds no PRIVATE KEY block",
            None,
        ));
    };
    let parsed = match block.tag() {
        "RSA PRIVATE KEY" => Some(crate::core::crypto::PrivateKey::from_pkcs1_der(
            block.contents(),
            crate::core::crypto::Backend::default(),
        )),
        "PRIVATE KEY" => Some(crate::core::crypto::PrivateKey::from_pkcs8_der(
            block.contents(),
            crate::core::crypto::Backend::default(),
        )),
        _ => None,
    };
    match (cert, parsed) {
        (Ok(cert), Some(Ok(private))) => {
            let spki = private
                .public_spki_der()
                .ok()
                .map(|d| crate::core::certificate::Fingerprint::of(&d));
            if spki != crate::core::keyring::spki_of_cert(&cert) {
                return Err(Error::key(
                    key_path.display().to_string(),
                    format!("does not belong to the certificate {}", crt_path.display()),
                    Some("give the private key that matches the certificate".to_string()),
                ));
            }
            Ok(())
        }
        // An EC certificate, or a key kind sealant cannot read: check only the PEM shapes.
        (Err(_), _) if !crt.windows(27).any(|w| w == b"-----BEGIN CERTIFICATE-----") => {
            Err(Error::input(
                &Origin::file(crt_path.display().to_string()),
                "holds no PEM CERTIFICATE",
                Some(
                    "--cert takes the Secret's TLS certificate (a PEM file such as tls.crt); \
                     the certificate to seal with is --sealing-cert"
                        .to_string(),
                ),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_config_is_kubectls_compact_json() {
        let j = docker_config_json("https://index.docker.io/v1/", "me", "p<w>&", None);
        assert_eq!(
            std::str::from_utf8(&j).unwrap(),
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"me\",\"password\":\"p\\u003cw\\u003e\\u0026\",\"auth\":\"bWU6cDx3PiY=\"}}}"
        );
        let j = docker_config_json("r.io", "u", "p", Some("a@b.c"));
        assert_eq!(
            std::str::from_utf8(&j).unwrap(),
            "{\"auths\":{\"r.io\":{\"username\":\"u\",\"password\":\"p\",\"email\":\"a@b.c\",\"auth\":\"dTpw\"}}}"
        );
    }

    #[test]
    fn keys_follow_kubernetes_rules() {
        assert!(check_key("a.b-c_D9", "x").is_ok());
        for bad in ["", "a/b", "a b", "..", "..a"] {
            assert!(check_key(bad, "x").is_err(), "{bad:?}");
        }
    }
}
