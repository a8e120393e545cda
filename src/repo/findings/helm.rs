//! A tolerant, line-based scan of Helm and Go templates (YAML with `{{ }}`
//! that no YAML parser reads): a template that writes a `Secret` with a
//! literal value in `data` or `stringData` commits that value, whatever the
//! template around it does. The scan finds, per `---` document, a top-level
//! `kind: Secret` and the entries of its top-level `data:` and `stringData:`
//! mappings; an entry whose value is neither a template expression nor
//! empty is a literal.

/// A literal value found in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// 1-based line of the entry.
    pub line: usize,
    /// `data` or `stringData`.
    pub field: &'static str,
    /// The entry's key.
    pub key: String,
    /// For a value that is `{{ .Files.Get "path" }}`: the chart file it
    /// reads (a finding only when that file is in the repository).
    pub file: Option<String>,
    /// Whether the Secret carries the sealed-secrets controller's key label
    /// or the entry is a `tls.key`: a private key.
    pub private_key: bool,
}

/// The literal Secret values of a template text.
pub fn scan(text: &str) -> Vec<Literal> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut start = 0;
    for i in 0..=lines.len() {
        let end_of_doc = i == lines.len() || is_separator(lines[i]);
        if end_of_doc {
            scan_document(&lines[start..i], start, &mut found);
            start = i + 1;
        }
    }
    found
}

fn is_separator(line: &str) -> bool {
    line.starts_with("---") && line[3..].trim().is_empty()
}

/// A line that is only template actions (`{{- if .Values.x }}`, `{{ end }}`,
/// `{{- include "x" . | nindent 2 }}`), a comment, or blank.
fn is_template_or_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#') || (t.starts_with("{{") && t.ends_with("}}"))
}

fn unquote(value: &str) -> &str {
    let v = value.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return &v[1..v.len() - 1];
        }
    }
    v
}

/// The key and value of a `key: value` line (`None` when it is not one).
fn entry(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    // A quoted key may hold `: `.
    let (key, rest) = if let Some(q @ ('"' | '\'')) = t.chars().next() {
        let close = t[1..].find(q)? + 1;
        (&t[1..close], t[close + 1..].trim_start())
    } else {
        let colon = t
            .find(": ")
            .or_else(|| t.strip_suffix(':').map(|s| s.len()))?;
        (&t[..colon], &t[colon..])
    };
    let value = rest.strip_prefix(':')?;
    Some((key.trim(), value.trim()))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a value, as written, holds nothing literal: empty, null, a
/// template expression, or an empty flow mapping.
fn not_literal(value: &str) -> bool {
    // A trailing comment is not part of the value.
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].find(q).map_or(value, |i| &value[..i + 2]),
        _ => value.find(" #").map_or(value, |i| &value[..i]),
    };
    let v = unquote(value);
    v.is_empty() || v == "~" || v == "null" || v == "{}" || v.contains("{{")
}

fn scan_document(lines: &[&str], first: usize, found: &mut Vec<Literal>) {
    let is_secret = lines.iter().any(|l| {
        indent(l) == 0
            && entry(l).is_some_and(|(k, v)| {
                k == "kind" && unquote(v.split(" #").next().unwrap_or(v)) == "Secret"
            })
    });
    if !is_secret {
        return;
    }
    let controller_key = lines
        .iter()
        .any(|l| l.contains(super::CONTROLLER_KEY_LABEL));
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let field = match entry(line) {
            Some(("data", _)) if indent(line) == 0 => "data",
            Some(("stringData", _)) if indent(line) == 0 => "stringData",
            _ => {
                i += 1;
                continue;
            }
        };
        let inline = entry(line).map(|(_, v)| v).unwrap_or("");
        if !not_literal(inline) {
            // `data: {password: hunter2}` in flow style.
            found.push(Literal {
                line: first + i + 1,
                field,
                key: String::new(),
                file: None,
                private_key: controller_key || inline.contains("tls.key"),
            });
        }
        i += 1;
        // The entries: the more-indented lines that follow.
        let mut entry_indent = None;
        while i < lines.len() {
            let l = lines[i];
            if is_template_or_blank(l) {
                i += 1;
                continue;
            }
            if indent(l) == 0 {
                break;
            }
            let this = indent(l);
            let Some((key, value)) = entry(l) else {
                i += 1;
                continue;
            };
            if entry_indent.is_some_and(|e| this > e) {
                i += 1;
                continue;
            }
            entry_indent.get_or_insert(this);
            let entry_line = first + i + 1;
            let literal = if matches!(value.chars().next(), Some('|' | '>')) {
                // A block scalar: literal when a line of it is not a template.
                let mut j = i + 1;
                let mut literal = false;
                while j < lines.len() && (lines[j].trim().is_empty() || indent(lines[j]) > this) {
                    let t = lines[j].trim();
                    literal |= !t.is_empty() && !t.contains("{{");
                    j += 1;
                }
                i = j - 1;
                literal
            } else {
                !not_literal(value)
            };
            let file = if literal { None } else { files_get(value) };
            if literal || file.is_some() {
                found.push(Literal {
                    line: entry_line,
                    field,
                    key: unquote(key).to_string(),
                    file,
                    private_key: controller_key || unquote(key) == "tls.key",
                });
            }
            i += 1;
        }
    }
}

/// The path of `.Files.Get "path"` in a template value, when it is a literal.
fn files_get(value: &str) -> Option<String> {
    let rest = &value[value.find(".Files.Get")? + ".Files.Get".len()..];
    let rest = rest.trim_start().strip_prefix('"')?;
    let path = &rest[..rest.find('"')?];
    (!path.is_empty()).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<(usize, String, bool)> {
        scan(text)
            .into_iter()
            .map(|l| (l.line, l.key, l.private_key))
            .collect()
    }

    #[test]
    fn literal_values_in_a_template_are_found() {
        let t = "{{- if .Values.enabled }}\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ include \"x\" . }}\n  labels:\n    {{- include \"labels\" . | nindent 4 }}\ntype: Opaque\ndata:\n  password: {{ .Values.password | b64enc | quote }}\n  api: aHVudGVyMg==\nstringData:\n  {{- range $k, $v := .Values.extra }}\n  {{ $k }}: {{ $v | quote }}\n  {{- end }}\n  token: \"s3cr3t\"\n  cert: |\n    -----BEGIN-----\n  empty: \"\"\n{{- end }}\n";
        assert_eq!(
            keys(t),
            [
                (11, "api".to_string(), false),
                (16, "token".to_string(), false),
                (17, "cert".to_string(), false)
            ]
        );
    }

    #[test]
    fn templated_values_and_other_kinds_are_not() {
        let t = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  password: {{ .Values.password | b64enc }}\n  b: |\n    {{ .Values.b }}\n  c: \"\" # empty\n---\nkind: ConfigMap\ndata:\n  a: literal\n";
        assert!(keys(t).is_empty(), "{:?}", keys(t));
        let files = "kind: Secret\nmetadata: {name: x}\ndata:\n  tls.key: {{ .Files.Get \"keys/tls.key\" | b64enc }}\n  other: {{ .Files.Get .Values.path }}\n";
        assert_eq!(
            scan(files)
                .into_iter()
                .map(|l| (l.line, l.file))
                .collect::<Vec<_>>(),
            [(4, Some("keys/tls.key".to_string()))]
        );
        let commented = "kind: \"Secret\" # a comment\nmetadata: {name: \"{{ .Release.Name }}\"}\nstringData:\n  a: b\n";
        assert_eq!(keys(commented), [(4, "a".to_string(), false)]);
    }

    #[test]
    fn private_keys_are_marked() {
        let t = "kind: Secret\nmetadata:\n  name: {{ .Values.n }}\ndata:\n  tls.key: LS0tLS1CRUdJTg==\n  tls.crt: {{ .Values.crt }}\n---\nkind: Secret\nmetadata:\n  labels:\n    sealedsecrets.bitnami.com/sealed-secrets-key: active\n  name: {{ .Values.n }}\ndata: {tls.crt: abc}\n";
        assert_eq!(
            keys(t),
            [(5, "tls.key".to_string(), true), (13, String::new(), true)]
        );
    }
}
