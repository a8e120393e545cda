//! Repository rules: `.sealant.yaml`, found by walking up from the current
//! folder (as sops finds `.sops.yaml`). Rules match paths (globs, relative to
//! the rules file's folder) to clusters; each cluster has a certificate (a
//! file relative to the rules file, or a URL), a kube context, and the
//! certificate fingerprints it is expected to have. A rule also sets the
//! scope, the output format and an output path template.
//!
//! ```yaml
//! clusters:
//!   - name: prod
//!     cert: certs/prod.pem
//!     fingerprints: ["3f1c…"]
//!   - name: staging
//!     context: staging-admin
//!     fingerprints: ["9a0b…"]
//! rules:
//!   - paths: ["apps/prod/**"]
//!     clusters: [prod]
//!     scope: strict
//!   - paths: ["shared/**"]
//!     clusters: [prod, staging]
//!     output-template: "{cluster}/{name}.yaml"
//! ```
//!
//! The first rule whose `paths` match wins; a rule without `paths` matches
//! everything. Every schema error names the file and the line.
//!
//! Rules are trusted as git trusts a repository (`safe.directory`):
//! - the search goes up from the current folder to the repository's top (the
//!   first folder with a `.git`) and no further; outside a repository only
//!   the current folder is looked at;
//! - a rules file that another user owns, or that sits in a folder another
//!   user owns, is ignored with a warning (root included: under sudo the
//!   invoking user, `SUDO_UID`, counts as well);
//! - a rule's `output-template` cannot write outside the repository;
//! - a `cert` that is a FIFO, a device or a socket is refused, not read.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::core::certificate::Fingerprint;
use crate::core::manifest::Format;
use crate::core::scope::Scope;
use crate::error::{Error, Origin, Result};
use crate::io::input::read_or;
use crate::limits::{MAX_INPUT_BYTES, mib};

/// The rules file's name.
pub const RULES_FILE_NAME: &str = ".sealant.yaml";
/// An environment variable naming the rules file, instead of searching for it.
pub const RULES_ENV: &str = "SEALANT_RULES";

/// The rules file as written (the schema).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RulesFile {
    #[serde(default)]
    clusters: Vec<Spanned<ClusterSpec>>,
    #[serde(default)]
    rules: Vec<Spanned<RuleSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ClusterSpec {
    name: Spanned<String>,
    #[serde(default)]
    cert: Option<Spanned<String>>,
    #[serde(default)]
    context: Option<Spanned<String>>,
    #[serde(default)]
    fingerprints: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleSpec {
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    clusters: Vec<Spanned<String>>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
    #[serde(default)]
    format: Option<Spanned<String>>,
    #[serde(default)]
    output_template: Option<Spanned<String>>,
    #[serde(default)]
    max_value_age: Option<Spanned<String>>,
    #[serde(default)]
    max_key_age: Option<Spanned<String>>,
    #[serde(default)]
    require_record: Option<Spanned<bool>>,
}

/// Loaded and checked repository rules.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The rules file.
    pub path: PathBuf,
    /// Its folder: paths, globs and certificate files are relative to it.
    pub dir: PathBuf,
    /// The repository it belongs to (the folder with `.git` at or above
    /// [`Rules::dir`]; the rules folder itself outside a repository): a
    /// rule's output template cannot write outside it.
    pub root: PathBuf,
    /// The clusters, in file order.
    pub clusters: Vec<Cluster>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
}

/// One cluster of the rules file.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Its name (`{cluster}` in output templates).
    pub name: String,
    /// The certificate: a path (made absolute against the rules folder) or a URL.
    pub cert: Option<String>,
    /// The kube context that reaches it.
    pub context: Option<String>,
    /// The fingerprints its certificate may have (any of them).
    pub fingerprints: Vec<Fingerprint>,
    /// The line of its entry.
    pub line: usize,
}

/// One rule of the rules file.
#[derive(Debug, Clone)]
pub struct Rule {
    /// 1-based position in the file.
    pub number: usize,
    /// The line of its entry.
    pub line: usize,
    /// The globs as written (empty: every path).
    pub patterns: Vec<String>,
    globs: GlobSet,
    /// Indexes into [`Rules::clusters`].
    pub clusters: Vec<usize>,
    /// The scope to seal with.
    pub scope: Option<Scope>,
    /// The output format.
    pub format: Option<Format>,
    /// The output path template.
    pub output_template: Option<String>,
    /// Policy: how old an item's value may be (`max-value-age`).
    pub max_value_age: Option<Age>,
    /// Policy: how old the sealing certificate may be, from its NotBefore
    /// (`max-key-age`).
    pub max_key_age: Option<Age>,
    /// Policy: every SealedSecret must record its certificate
    /// (`require-record`).
    pub require_record: bool,
}

/// An age limit as written (`90d`) and as a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Age {
    /// As written, for messages.
    pub text: String,
    /// The duration.
    pub duration: time::Duration,
}

impl Rule {
    /// `rule N (.sealant.yaml line L)`, for messages.
    pub fn describe(&self, rules: &Rules) -> String {
        format!(
            "rule {} ({}:{})",
            self.number,
            rules.path.display(),
            self.line
        )
    }
}

impl Cluster {
    /// Whether the certificate is a local file (not a URL).
    pub fn cert_is_file(&self) -> bool {
        self.cert.as_deref().is_some_and(|c| !is_url(c))
    }
}

fn is_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://") || s.starts_with("file://")
}

impl Rules {
    /// Finds the rules: `SEALANT_RULES` when set (an empty value disables
    /// rules), else `.sealant.yaml` in the current folder or the nearest
    /// folder above it. `None` when there is none.
    pub fn discover() -> Result<Option<Rules>> {
        if let Some(path) = std::env::var_os(RULES_ENV) {
            if path.is_empty() {
                return Ok(None);
            }
            return Rules::load(Path::new(&path)).map(Some);
        }
        let cwd = std::env::current_dir().map_err(|source| Error::Read {
            path: "the current folder".into(),
            source,
        })?;
        let Some(path) = find_upwards(&cwd) else {
            return Ok(None);
        };
        if let Some(why) = untrusted(&path) {
            crate::note!(
                "warning: ignoring {}: {why}; sealant trusts a rules file only when you own it and its folder (as git's safe.directory). \
                 Point SEALANT_RULES at it to use it anyway",
                path.display()
            );
            return Ok(None);
        }
        Rules::load(&path).map(Some)
    }

    /// Loads a rules file.
    pub fn load(path: &Path) -> Result<Rules> {
        refuse_special(path, &path.display().to_string(), "the rules file")?;
        let text = read_text(path)?;
        let abs = absolute(path);
        let rules = Rules::parse(&text, &abs)?;
        for c in &rules.clusters {
            if let Some(cert) = c.cert.as_deref().filter(|_| c.cert_is_file()) {
                let shown = format!("{}:{}", rules.path.display(), c.line);
                refuse_special(
                    Path::new(cert),
                    &shown,
                    &format!("cluster {}'s cert {cert}", c.name),
                )?;
            }
        }
        Ok(rules)
    }

    /// Parses the text of a rules file at `path` (absolute).
    pub fn parse(text: &str, path: &Path) -> Result<Rules> {
        let shown = path.display().to_string();
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let err = |line: u64, message: String, hint: Option<String>| {
            Error::input(
                &Origin {
                    line: (line > 0).then_some(line as usize),
                    ..Origin::file(&shown)
                },
                message,
                hint,
            )
        };
        let mut options = crate::core::manifest::yaml_options();
        options.strict_booleans = true;
        let file: RulesFile = if text.trim().is_empty() {
            RulesFile {
                clusters: Vec::new(),
                rules: Vec::new(),
            }
        } else {
            serde_saphyr::from_str_with_options(text, options).map_err(|e| {
                let line = e.location().map(|l| l.line()).unwrap_or(0);
                let message = e.without_snippet().to_string();
                let message = message.strip_prefix("error: ").unwrap_or(&message);
                let message = match message.find(": ") {
                    Some(i) if message.starts_with("line ") => &message[i + 2..],
                    _ => message,
                };
                err(
                    line,
                    format!(
                        "invalid rules: {}",
                        message.lines().next().unwrap_or_default()
                    ),
                    Some(SCHEMA_HINT.into()),
                )
            })?
        };

        let mut clusters = Vec::new();
        for c in file.clusters {
            let line = c.referenced.line();
            let spec = c.value;
            let name = spec.name.value.trim().to_string();
            if !valid_name(&name) {
                return Err(err(
                    spec.name.referenced.line(),
                    format!("cluster name {:?} is not a simple name", spec.name.value),
                    Some("use letters, digits, '.', '_' and '-' (it may become a folder name through {cluster})".into()),
                ));
            }
            if clusters.iter().any(|o: &Cluster| o.name == name) {
                return Err(err(
                    spec.name.referenced.line(),
                    format!("cluster '{name}' is defined twice"),
                    Some("cluster names are unique: rename or remove one of the entries".into()),
                ));
            }
            let mut fingerprints = Vec::new();
            for f in &spec.fingerprints {
                let fp = Fingerprint::parse(&f.value).ok_or_else(|| {
                    err(
                        f.referenced.line(),
                        format!("cluster '{name}': {:?} is not a SHA-256 fingerprint", f.value),
                        Some("write 64 hex digits, as `sealant cert show` prints them (a `sha256:` prefix and colons are fine)".into()),
                    )
                })?;
                fingerprints.push(fp);
            }
            let cert = match &spec.cert {
                Some(c) if c.value.trim().is_empty() => {
                    return Err(err(
                        c.referenced.line(),
                        format!("cluster '{name}': `cert` is empty"),
                        None,
                    ));
                }
                Some(c) if is_url(&c.value) => Some(c.value.clone()),
                Some(c) => Some(dir.join(&c.value).display().to_string()),
                None => None,
            };
            let context = spec.context.as_ref().map(|c| c.value.clone());
            if cert.is_none() && context.is_none() && fingerprints.is_empty() {
                return Err(err(
                    line,
                    format!("cluster '{name}' has no cert, context or fingerprints"),
                    Some("give it `cert: FILE|URL` (and `fingerprints:` to pin it)".into()),
                ));
            }
            clusters.push(Cluster {
                name,
                cert,
                context,
                fingerprints,
                line: line as usize,
            });
        }

        let mut rules = Vec::new();
        for (i, r) in file.rules.into_iter().enumerate() {
            let line = r.referenced.line();
            let spec = r.value;
            let mut builder = GlobSetBuilder::new();
            let mut patterns = Vec::new();
            for p in &spec.paths {
                let pattern = p.value.trim_start_matches("./");
                let glob = GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        err(
                            p.referenced.line(),
                            format!("rule {}: bad glob {:?}: {}", i + 1, p.value, e.kind()),
                            Some("globs are relative to the rules file's folder; `*` stays within a folder, `**` crosses folders".into()),
                        )
                    })?;
                builder.add(glob);
                patterns.push(p.value.clone());
            }
            let globs = builder
                .build()
                .map_err(|e| err(line, format!("rule {}: {e}", i + 1), None))?;
            if spec.clusters.is_empty() {
                return Err(err(
                    line,
                    format!("rule {} names no cluster", i + 1),
                    Some("add `clusters: [NAME]`".into()),
                ));
            }
            let mut indexes = Vec::new();
            for c in &spec.clusters {
                let idx = clusters
                    .iter()
                    .position(|k| k.name == c.value)
                    .ok_or_else(|| {
                        let known: Vec<&str> = clusters.iter().map(|k| k.name.as_str()).collect();
                        err(
                            c.referenced.line(),
                            format!(
                                "rule {} names cluster '{}', which `clusters:` does not define",
                                i + 1,
                                c.value
                            ),
                            Some(if known.is_empty() {
                                "define it under `clusters:` with a name and a cert".into()
                            } else {
                                format!("defined clusters: {}", known.join(", "))
                            }),
                        )
                    })?;
                if indexes.contains(&idx) {
                    return Err(err(
                        c.referenced.line(),
                        format!("rule {} names cluster '{}' twice", i + 1, c.value),
                        None,
                    ));
                }
                indexes.push(idx);
            }
            let scope =
                match &spec.scope {
                    Some(s) => Some(s.value.parse::<Scope>().map_err(|m| {
                        err(s.referenced.line(), format!("rule {}: {m}", i + 1), None)
                    })?),
                    None => None,
                };
            let format = match &spec.format {
                Some(f) => Some(match f.value.as_str() {
                    "yaml" => Format::Yaml,
                    "json" => Format::Json,
                    other => {
                        return Err(err(
                            f.referenced.line(),
                            format!(
                                "rule {}: unknown format '{other}': must be yaml or json",
                                i + 1
                            ),
                            None,
                        ));
                    }
                }),
                None => None,
            };
            let output_template = match &spec.output_template {
                Some(t) => {
                    crate::repo::template::Template::parse(&t.value).map_err(|m| {
                        err(t.referenced.line(), format!("rule {}: {m}", i + 1), None)
                    })?;
                    Some(t.value.clone())
                }
                None => None,
            };
            let age = |a: &Option<Spanned<String>>, key: &str| -> Result<Option<Age>> {
                let Some(a) = a else { return Ok(None) };
                match crate::core::value_dates::parse_age(&a.value) {
                    Some(duration) => Ok(Some(Age {
                        text: a.value.trim().to_string(),
                        duration,
                    })),
                    None => Err(err(
                        a.referenced.line(),
                        format!("rule {}: `{key}` {:?} is not an age", i + 1, a.value),
                        Some(
                            "write a whole number of days, weeks or hours: `90d`, `12w`, `36h`"
                                .into(),
                        ),
                    )),
                }
            };
            let max_value_age = age(&spec.max_value_age, "max-value-age")?;
            let max_key_age = age(&spec.max_key_age, "max-key-age")?;
            rules.push(Rule {
                number: i + 1,
                line: line as usize,
                patterns,
                globs,
                clusters: indexes,
                scope,
                format,
                output_template,
                max_value_age,
                max_key_age,
                require_record: spec.require_record.is_some_and(|r| r.value),
            });
        }
        Ok(Rules {
            path: path.to_path_buf(),
            root: repository_top(&dir).unwrap_or_else(|| dir.clone()),
            dir,
            clusters,
            rules,
        })
    }

    /// The first rule that matches `path` (relative to the current folder,
    /// or absolute). A path outside the rules folder matches only rules
    /// without `paths`.
    pub fn rule_for(&self, path: &Path) -> Option<&Rule> {
        let rel = self.relative(path);
        self.rules.iter().find(|r| {
            r.patterns.is_empty() || rel.as_ref().is_some_and(|rel| r.globs.is_match(rel))
        })
    }

    /// `path` relative to the rules folder, when it is inside it.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        absolute(path)
            .strip_prefix(&self.dir)
            .ok()
            .map(Path::to_path_buf)
    }

    /// The cluster called `name`.
    pub fn cluster(&self, name: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.name == name)
    }

    /// The clusters a rule names.
    pub fn clusters_of<'a>(&'a self, rule: &'a Rule) -> impl Iterator<Item = &'a Cluster> + 'a {
        rule.clusters.iter().map(|&i| &self.clusters[i])
    }
}

const SCHEMA_HINT: &str = "top-level keys are `clusters` (name, cert, context, fingerprints) and `rules` (paths, clusters, scope, format, output-template, max-value-age, max-key-age, require-record)";

/// Whether `name` is a simple name: letters, digits, `.`, `_`, `-`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The nearest `.sealant.yaml` at or above `dir`, up to the repository's
/// top (the first folder with a `.git`); outside a repository, in `dir`
/// only. Only regular files count (a FIFO would hang the read).
pub fn find_upwards(dir: &Path) -> Option<PathBuf> {
    let top = repository_top(dir);
    let mut cur = Some(dir);
    while let Some(d) = cur {
        let candidate = d.join(RULES_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if top.as_deref().is_none_or(|t| t == d) {
            return None;
        }
        cur = d.parent();
    }
    None
}

/// The first folder at or above `dir` with a `.git` (a folder, or the file
/// of a worktree or submodule).
pub fn repository_top(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
        .map(Path::to_path_buf)
}

/// Why a discovered rules file is not trusted: another user owns it or its
/// folder.
#[cfg(unix)]
fn untrusted(path: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    // Under sudo, root acts for the user who ran it (as git does).
    let sudo_uid = (me == 0)
        .then(|| std::env::var("SUDO_UID").ok()?.parse::<u32>().ok())
        .flatten();
    let trusted = |uid: u32| uid == me || Some(uid) == sudo_uid;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for (what, p) in [("the file", path), ("its folder", dir)] {
        match std::fs::metadata(p) {
            Ok(m) if trusted(m.uid()) => {}
            Ok(m) => {
                return Some(format!(
                    "{what} is owned by user {}, not by you (user {me})",
                    m.uid()
                ));
            }
            Err(e) => return Some(format!("cannot check who owns {what} ({e})")),
        }
    }
    None
}

#[cfg(not(unix))]
fn untrusted(_path: &Path) -> Option<String> {
    None
}

/// Refuses, without opening it, a path that is a FIFO, a device or a
/// socket: reading one could hang or never end. A missing path is left to
/// the reader to report.
fn refuse_special(path: &Path, shown: &str, what: &str) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => Err(Error::input(
            &Origin::file(shown),
            format!(
                "{what} is not a regular file (a FIFO, device or socket); refused without reading it"
            ),
            Some("point it at a certificate file (PEM) or an https:// URL".to_string()),
        )),
        _ => Ok(()),
    }
}

/// Whether `path` (absolute) stays inside `root` once the links of the
/// part of it that exists are resolved.
pub fn is_inside(path: &Path, root: &Path) -> bool {
    let path = absolute(path);
    if !path.starts_with(root) {
        return false;
    }
    let Ok(root) = std::fs::canonicalize(root) else {
        return false;
    };
    // The deepest part that exists, links resolved, plus the rest by name.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut full = real;
            for part in rest.iter().rev() {
                full.push(part);
            }
            return absolute(&full).starts_with(&root);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return false,
        }
    }
}

/// `path` made absolute against the current folder, with `.` and `..`
/// resolved by name (the file need not exist).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The text of a rules file, read as every input is: at most
/// [`MAX_INPUT_BYTES`] (a rules file is a few KiB).
fn read_text(path: &Path) -> Result<String> {
    let shown = path.display().to_string();
    let bytes = read_or(Some(path), &shown, MAX_INPUT_BYTES, || {
        Error::input(
            &Origin::file(&shown),
            format!("the rules file is larger than {}", mib(MAX_INPUT_BYTES)),
            Some("a rules file is a few KiB; check that SEALANT_RULES names the right file".into()),
        )
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|_| Error::Read {
        path: shown,
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Rules> {
        Rules::parse(text, Path::new("/repo/.sealant.yaml"))
    }

    const GOOD: &str = "\
clusters:
  - name: prod
    cert: certs/prod.pem
    fingerprints: [\"sha256:abababababababababababababababababababababababababababababababab\"]
  - name: staging
    context: kind-staging
    fingerprints:
      - cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd
rules:
  - paths: [\"apps/prod/**\"]
    clusters: [prod]
    scope: namespace-wide
    format: json
  - paths: [\"shared/*.yaml\"]
    clusters: [prod, staging]
    output-template: \"{cluster}/{name}.yaml\"
  - clusters: [staging]
";

    #[test]
    fn rules_match_first_glob_relative_to_the_rules_folder() {
        let r = parse(GOOD).unwrap();
        assert_eq!(r.clusters[0].cert.as_deref(), Some("/repo/certs/prod.pem"));
        let rule = r.rule_for(Path::new("/repo/apps/prod/a/b.yaml")).unwrap();
        assert_eq!(rule.number, 1);
        assert_eq!(rule.scope, Some(Scope::NamespaceWide));
        assert_eq!(rule.format, Some(Format::Json));
        let rule = r.rule_for(Path::new("/repo/shared/x.yaml")).unwrap();
        assert_eq!(rule.number, 2);
        assert_eq!(
            r.clusters_of(rule)
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["prod", "staging"]
        );
        // `*` does not cross folders; the catch-all rule takes the rest.
        assert_eq!(
            r.rule_for(Path::new("/repo/shared/a/x.yaml"))
                .unwrap()
                .number,
            3
        );
        assert_eq!(
            r.rule_for(Path::new("/elsewhere/x.yaml")).unwrap().number,
            3
        );
        assert_eq!(
            r.rule_for(Path::new("/repo/apps/../apps/prod/x.yaml"))
                .unwrap()
                .number,
            1
        );
    }

    #[test]
    fn schema_errors_name_the_line() {
        let cases = [
            (
                "clusters:\n  - name: a\n    cert: c.pem\n    colour: red\n",
                4,
                "colour",
            ),
            (
                "clusters:\n  - name: a\n    cert: c.pem\nrules:\n  - clusters: [b]\n",
                5,
                "'b'",
            ),
            (
                "clusters:\n  - name: a\n    fingerprints: [nope]\n",
                3,
                "not a SHA-256",
            ),
            (
                "clusters:\n  - name: a\n    cert: c.pem\nrules:\n  - clusters: [a]\n    scope: wide\n",
                6,
                "unknown scope",
            ),
            (
                "clusters:\n  - name: a\n    cert: c.pem\nrules:\n  - clusters: [a]\n    output-template: \"{nope}.yaml\"\n",
                6,
                "{nope}",
            ),
            ("clusters:\n  - name: a\n", 2, "no cert"),
            ("clusters:\n  - name: a/b\n    cert: x\n", 2, "simple name"),
            ("clusters: [\n", 1, "invalid rules"),
            (
                "clusters:\n  - name: a\n    cert: c.pem\nrules:\n  - clusters: [a]\n    max-value-age: 3 months\n",
                6,
                "max-value-age",
            ),
            (
                "clusters:\n  - name: a\n    cert: c.pem\nrules:\n  - clusters: [a]\n\n    max-key-age: 0d\n",
                7,
                "not an age",
            ),
            (
                "clusters:\n  - name: a\n    cert: c.pem\nrules:\n  - clusters: [a]\n    require-record: maybe\n",
                6,
                "invalid rules",
            ),
        ];
        for (text, line, needle) in cases {
            let e = parse(text).unwrap_err();
            let shown = e.to_string();
            assert!(
                shown.contains(&format!(".sealant.yaml:{line}")) && shown.contains(needle),
                "{text:?}: {shown}"
            );
        }
    }

    #[test]
    fn an_empty_file_has_no_rules() {
        let r = parse("").unwrap();
        assert!(r.rules.is_empty() && r.clusters.is_empty());
        assert!(r.rule_for(Path::new("/repo/x")).is_none());
    }
}
