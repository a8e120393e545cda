//! Output path templates: `{cluster}/{name}.yaml`, one file per cluster and
//! SealedSecret. Placeholders: `{cluster}`, `{name}`, `{namespace}`, `{dir}`,
//! `{stem}`, `{ext}`; `{{` and `}}` are literal braces.

use std::path::PathBuf;

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 6] = ["cluster", "name", "namespace", "dir", "stem", "ext"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    Var(&'static str),
}

/// A parsed output path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    text: String,
    pieces: Vec<Segment>,
}

/// The values of the placeholders for one output file.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    /// The cluster's name.
    pub cluster: String,
    /// The SealedSecret's name.
    pub name: String,
    /// Its namespace ("" for a cluster-wide one without one).
    pub namespace: String,
    /// The input file's folder (`.` for standard input).
    pub dir: String,
    /// The input file's name without its extension.
    pub stem: String,
    /// The input file's extension, without the dot.
    pub ext: String,
}

impl Template {
    /// Parses a template; the error names the bad placeholder.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for c in chars.by_ref() {
                        if c == '}' {
                            closed = true;
                            break;
                        }
                        name.push(c);
                    }
                    if !closed {
                        return Err(format!(
                            "output template {text:?}: '{{' without a closing '}}'"
                        ));
                    }
                    let var = PLACEHOLDERS.iter().find(|p| **p == name).ok_or_else(|| {
                        format!(
                            "output template {text:?}: unknown placeholder {{{name}}}; use {}",
                            PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" ")
                        )
                    })?;
                    if !lit.is_empty() {
                        pieces.push(Segment::Text(std::mem::take(&mut lit)));
                    }
                    pieces.push(Segment::Var(var));
                }
                '}' => {
                    return Err(format!(
                        "output template {text:?}: '}}' without an opening '{{'"
                    ));
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Segment::Text(lit));
        }
        if pieces.is_empty() {
            return Err("the output template is empty".into());
        }
        Ok(Template {
            text: text.to_string(),
            pieces,
        })
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The path for one output file. Values that would climb out of their
    /// place (`..`, a `/` in a name) are refused.
    pub fn render(&self, vars: &Vars) -> Result<PathBuf, String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Segment::Text(t) => out.push_str(t),
                Segment::Var(v) => {
                    let value = match *v {
                        "cluster" => &vars.cluster,
                        "name" => &vars.name,
                        "namespace" => &vars.namespace,
                        "dir" => &vars.dir,
                        "stem" => &vars.stem,
                        _ => &vars.ext,
                    };
                    if *v != "dir" && (value.contains('/') || value.contains('\\') || value == "..")
                    {
                        return Err(format!(
                            "{{{v}}} would be {value:?}, which is not a plain name"
                        ));
                    }
                    out.push_str(value);
                }
            }
        }
        if out.is_empty() {
            return Err(format!(
                "output template {:?} gives an empty path",
                self.text
            ));
        }
        Ok(PathBuf::from(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_placeholder() {
        let t = Template::parse("{dir}/{cluster}/{namespace}-{name}.{stem}.{ext}{{x}}").unwrap();
        let vars = Vars {
            cluster: "prod".into(),
            name: "db".into(),
            namespace: "pay".into(),
            dir: "apps/a".into(),
            stem: "secret".into(),
            ext: "yaml".into(),
        };
        assert_eq!(
            t.render(&vars).unwrap(),
            PathBuf::from("apps/a/prod/pay-db.secret.yaml{x}")
        );
    }

    #[test]
    fn bad_templates_and_values_are_refused() {
        assert!(
            Template::parse("{nope}.yaml")
                .unwrap_err()
                .contains("{nope}")
        );
        assert!(Template::parse("{name.yaml").is_err());
        assert!(Template::parse("name}.yaml").is_err());
        assert!(Template::parse("").is_err());
        let t = Template::parse("{cluster}/{name}.yaml").unwrap();
        let vars = Vars {
            cluster: "..".into(),
            name: "x".into(),
            ..Vars::default()
        };
        assert!(t.render(&vars).is_err());
    }
}
