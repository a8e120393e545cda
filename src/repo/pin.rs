//! Writing a certificate pin into `.sealant.yaml` (`sealant cert fetch
//! --pin`): the cluster's `fingerprints` become the fetched certificate's.
//! The edit touches only the bytes it must (comments, order and layout
//! stay); a file whose layout the editor does not handle (flow style,
//! anchors) is rewritten from its content, with a note at the top.

use std::path::Path;

use serde_json::{Map, Value};

use crate::core::certificate::Fingerprint;
use crate::repo::rules::Rules;
use crate::yaml::located::{self, Node, NodeKind};

/// How the pin was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinEdit {
    /// Only the bytes of the pin changed.
    InPlace,
    /// The file was rewritten (its comments and layout are lost).
    Rewritten,
}

/// The note at the top of a rewritten file.
pub const REWRITE_NOTE: &str = "# Rewritten by `sealant cert fetch --pin`: the previous layout could not be edited in place, so comments were not kept.\n";

/// The new text of the rules file `text` (empty for a new file) with
/// cluster `cluster` pinned to `fp` alone; `cert` is written for a cluster
/// that does not exist yet. `path` is where the file lives (for checking
/// the result).
pub fn pin(
    text: &str,
    path: &Path,
    cluster: &str,
    cert: Option<&str>,
    fp: &Fingerprint,
) -> Result<(String, PinEdit), String> {
    pin_new(
        text,
        path,
        cluster,
        &NewCluster {
            cert,
            context: None,
        },
        fp,
    )
}

/// What a cluster that does not exist yet gets besides its pin.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewCluster<'a> {
    /// Its `cert:`.
    pub cert: Option<&'a str>,
    /// Its `context:` (the kube context it was fetched from).
    pub context: Option<&'a str>,
}

/// [`pin`], with a `context:` as well as a `cert:` for a new cluster.
pub fn pin_new(
    text: &str,
    path: &Path,
    cluster: &str,
    new: &NewCluster<'_>,
    fp: &Fingerprint,
) -> Result<(String, PinEdit), String> {
    let pinned = |t: &str| -> bool {
        Rules::parse(t, path)
            .is_ok_and(|r| r.cluster(cluster).is_some_and(|c| c.fingerprints == [*fp]))
    };
    if let Some(edited) = edit_in_place(text, cluster, new, fp)
        && pinned(&edited)
    {
        return Ok((edited, PinEdit::InPlace));
    }
    let rewritten = rewrite(text, cluster, new, fp)?;
    if !pinned(&rewritten) {
        return Err("the rules file could not be updated (its schema is broken?)".into());
    }
    Ok((rewritten, PinEdit::Rewritten))
}

fn quoted(fp: &Fingerprint) -> String {
    format!("\"{fp}\"")
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

fn new_cluster_lines(
    indent: &str,
    cluster: &str,
    new: &NewCluster<'_>,
    fp: &Fingerprint,
) -> String {
    let mut out = format!("{indent}- name: {}\n", yaml_string(cluster));
    if let Some(c) = new.cert {
        out.push_str(&format!("{indent}  cert: {}\n", yaml_string(c)));
    }
    if let Some(c) = new.context {
        out.push_str(&format!("{indent}  context: {}\n", yaml_string(c)));
    }
    out.push_str(&format!("{indent}  fingerprints: [{}]\n", quoted(fp)));
    out
}

/// The offset just past the line break after `pos` (or the end).
fn after_line(text: &str, pos: usize) -> usize {
    match text[pos..].find('\n') {
        Some(i) => pos + i + 1,
        None => text.len(),
    }
}

fn column(text: &str, pos: usize) -> usize {
    pos - text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

fn splice(text: &str, at: usize, insert: &str) -> String {
    let mut out = String::with_capacity(text.len() + insert.len() + 1);
    out.push_str(&text[..at]);
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(insert);
    out.push_str(&text[at..]);
    out
}

fn edit_in_place(
    text: &str,
    cluster: &str,
    cert: &NewCluster<'_>,
    fp: &Fingerprint,
) -> Option<String> {
    if text.trim().is_empty() {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("clusters:\n");
        out.push_str(&new_cluster_lines("  ", cluster, cert, fp));
        return Some(out);
    }
    let root = located::parse(text, 1)?;
    let NodeKind::Map { flow: false, .. } = root.kind else {
        return None;
    };
    let Some(clusters) = root.get("clusters") else {
        return Some(splice(
            text,
            text.len(),
            &format!("clusters:\n{}", new_cluster_lines("  ", cluster, cert, fp)),
        ));
    };
    let NodeKind::Seq { flow: false, items } = &clusters.kind else {
        return None;
    };
    let entry = items
        .iter()
        .find(|i| i.get("name").and_then(Node::as_str) == Some(cluster));
    let Some(entry) = entry else {
        let first = items.first()?;
        // `- name: ...` items: the dash sits two columns left of the map.
        let dash = column(text, first.range.start).checked_sub(2)?;
        let at = after_line(text, clusters.range.end);
        return Some(splice(
            text,
            at,
            &new_cluster_lines(&" ".repeat(dash), cluster, cert, fp),
        ));
    };
    let NodeKind::Map {
        flow: false,
        entries,
    } = &entry.kind
    else {
        return None;
    };
    match entry.entry("fingerprints") {
        Some((_, value)) => match &value.kind {
            NodeKind::Seq { flow: true, .. } => {
                let mut out = text.to_string();
                out.replace_range(value.range.clone(), &format!("[{}]", quoted(fp)));
                Some(out)
            }
            NodeKind::Seq { flow: false, items } if !items.is_empty() => {
                let mut out = text.to_string();
                out.replace_range(value.range.clone(), &format!("- {}", quoted(fp)));
                Some(out)
            }
            _ => None,
        },
        None => {
            let (first_key, _) = entries.first()?;
            let indent = column(text, first_key.range.start);
            let at = after_line(text, entry.range.end);
            Some(splice(
                text,
                at,
                &format!("{}fingerprints: [{}]\n", " ".repeat(indent), quoted(fp)),
            ))
        }
    }
}

fn rewrite(
    text: &str,
    cluster: &str,
    new: &NewCluster<'_>,
    fp: &Fingerprint,
) -> Result<String, String> {
    let mut doc: Value = if text.trim().is_empty() {
        Value::Object(Map::new())
    } else {
        serde_saphyr::from_str_with_options(text, crate::core::manifest::yaml_options())
            .map_err(|e| format!("the rules file is not valid YAML ({})", e.without_snippet()))?
    };
    let root = doc
        .as_object_mut()
        .ok_or("the rules file is not a mapping")?;
    let clusters = root
        .entry("clusters")
        .or_insert_with(|| Value::Array(Vec::new()));
    if clusters.is_null() {
        *clusters = Value::Array(Vec::new());
    }
    let list = clusters.as_array_mut().ok_or("`clusters` is not a list")?;
    let pin = Value::Array(vec![Value::String(fp.to_string())]);
    match list
        .iter_mut()
        .find(|c| c.get("name").and_then(Value::as_str) == Some(cluster))
    {
        Some(Value::Object(c)) => {
            c.insert("fingerprints".into(), pin);
        }
        Some(_) => return Err(format!("cluster '{cluster}' is not a mapping")),
        None => {
            let mut c = Map::new();
            c.insert("name".into(), Value::String(cluster.into()));
            if let Some(cert) = new.cert {
                c.insert("cert".into(), Value::String(cert.into()));
            }
            if let Some(context) = new.context {
                c.insert("context".into(), Value::String(context.into()));
            }
            c.insert("fingerprints".into(), pin);
            list.push(Value::Object(c));
        }
    }
    Ok(format!(
        "{REWRITE_NOTE}{}",
        crate::core::manifest::output::to_yaml_unsorted(&doc)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(b: u8) -> Fingerprint {
        Fingerprint([b; 32])
    }

    fn run(text: &str, cluster: &str) -> (String, PinEdit) {
        pin(
            text,
            Path::new("/r/.sealant.yaml"),
            cluster,
            Some("certs/x.pem"),
            &fp(0xab),
        )
        .unwrap()
    }

    #[test]
    fn replaces_pins_in_place_keeping_everything_else() {
        let text = "# my rules\nclusters:\n  - name: prod   # the big one\n    cert: certs/prod.pem\n    fingerprints:\n      - \"0101010101010101010101010101010101010101010101010101010101010101\"\n      - 0202020202020202020202020202020202020202020202020202020202020202\n  - name: dev\n    cert: d.pem\n    fingerprints: [\"0303030303030303030303030303030303030303030303030303030303030303\"]\nrules:\n  - clusters: [prod]\n";
        let (out, how) = run(text, "prod");
        assert_eq!(how, PinEdit::InPlace);
        assert_eq!(
            out,
            text.replace(
                "- \"0101010101010101010101010101010101010101010101010101010101010101\"\n      - 0202020202020202020202020202020202020202020202020202020202020202",
                &format!("- \"{}\"", fp(0xab))
            )
        );
        let (out, how) = run(text, "dev");
        assert_eq!(how, PinEdit::InPlace);
        assert_eq!(
            out,
            text.replace(
                "[\"0303030303030303030303030303030303030303030303030303030303030303\"]",
                &format!("[\"{}\"]", fp(0xab))
            )
        );
    }

    #[test]
    fn adds_fingerprints_clusters_and_files() {
        let text = "clusters:\n  - name: prod\n    cert: p.pem\n\nrules:\n  - clusters: [prod]\n";
        let (out, how) = run(text, "prod");
        assert_eq!(how, PinEdit::InPlace);
        assert_eq!(
            out,
            format!(
                "clusters:\n  - name: prod\n    cert: p.pem\n    fingerprints: [\"{}\"]\n\nrules:\n  - clusters: [prod]\n",
                fp(0xab)
            )
        );
        let (out, _) = run(text, "new");
        assert!(out.starts_with(&format!(
            "clusters:\n  - name: prod\n    cert: p.pem\n  - name: \"new\"\n    cert: \"certs/x.pem\"\n    fingerprints: [\"{}\"]\n\nrules:",
            fp(0xab)
        )), "{out}");
        let (out, how) = run("", "prod");
        assert_eq!(how, PinEdit::InPlace);
        assert!(out.starts_with("clusters:\n  - name: \"prod\"\n"), "{out}");
        let (out, _) = run("rules: []\n", "prod");
        assert!(out.starts_with("rules: []\nclusters:\n"), "{out}");
    }

    #[test]
    fn new_clusters_get_their_context() {
        let new = NewCluster {
            cert: None,
            context: Some("kind-prod"),
        };
        let path = Path::new("/r/.sealant.yaml");
        let text = "# keep me\nclusters:\n  - name: dev\n    cert: d.pem\n";
        let (out, how) = pin_new(text, path, "kind-prod", &new, &fp(1)).unwrap();
        assert_eq!(how, PinEdit::InPlace);
        assert_eq!(
            out,
            format!(
                "{text}  - name: \"kind-prod\"\n    context: \"kind-prod\"\n    fingerprints: [\"{}\"]\n",
                fp(1)
            )
        );
        let (out, how) = pin_new("{clusters: []}\n", path, "kind-prod", &new, &fp(1)).unwrap();
        assert_eq!(how, PinEdit::Rewritten);
        let r = Rules::parse(&out, path).unwrap();
        let c = r.cluster("kind-prod").unwrap();
        assert_eq!(c.context.as_deref(), Some("kind-prod"));
        assert_eq!(c.fingerprints, [fp(1)]);
    }

    #[test]
    fn flow_style_files_are_rewritten_with_a_note() {
        let text = "{clusters: [{name: prod, cert: p.pem}], rules: [{clusters: [prod]}]}\n";
        let (out, how) = run(text, "prod");
        assert_eq!(how, PinEdit::Rewritten);
        assert!(out.starts_with(REWRITE_NOTE));
        let r = Rules::parse(&out, Path::new("/r/.sealant.yaml")).unwrap();
        assert_eq!(r.cluster("prod").unwrap().fingerprints, [fp(0xab)]);
        assert_eq!(r.rules.len(), 1);
    }
}
