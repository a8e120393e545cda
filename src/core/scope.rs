//! Sealing scopes: what a value is bound to, how the scope is annotated,
//! and the OAEP label each scope uses.

use std::fmt;
use std::str::FromStr;

/// Annotation that makes a SealedSecret namespace-wide.
pub const NAMESPACE_WIDE_ANNOTATION: &str = "sealedsecrets.bitnami.com/namespace-wide";
/// Annotation that makes a SealedSecret cluster-wide.
pub const CLUSTER_WIDE_ANNOTATION: &str = "sealedsecrets.bitnami.com/cluster-wide";

/// Annotation on a SealedSecret's own metadata holding the SHA-256 (hex) of
/// the certificate it was sealed with. The controller ignores it; sealant
/// uses it as a hint for which key opens the items, and keeps it current
/// when it reseals.
pub const CERT_SHA256_ANNOTATION: &str = "sealant.dev/cert-sha256";

/// Where a sealed value may be unsealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Scope {
    /// Bound to one namespace and one name (the default).
    #[default]
    Strict,
    /// Bound to one namespace; the Secret may be renamed.
    NamespaceWide,
    /// Not bound: may be unsealed under any name in any namespace.
    ClusterWide,
}

impl Scope {
    /// Every scope, strictest first.
    pub const ALL: [Scope; 3] = [Scope::Strict, Scope::NamespaceWide, Scope::ClusterWide];

    /// The OAEP label for a value in this scope.
    pub fn label(self, namespace: &str, name: &str) -> Vec<u8> {
        match self {
            Scope::Strict => format!("{namespace}/{name}").into_bytes(),
            Scope::NamespaceWide => namespace.as_bytes().to_vec(),
            Scope::ClusterWide => Vec::new(),
        }
    }

    /// The label as text, for messages ("" for cluster-wide).
    pub fn label_text(self, namespace: &str, name: &str) -> String {
        String::from_utf8_lossy(&self.label(namespace, name)).into_owned()
    }

    /// The annotation that marks this scope, if any (strict has none).
    pub fn annotation(self) -> Option<&'static str> {
        match self {
            Scope::Strict => None,
            Scope::NamespaceWide => Some(NAMESPACE_WIDE_ANNOTATION),
            Scope::ClusterWide => Some(CLUSTER_WIDE_ANNOTATION),
        }
    }

    /// Reads the scope from an annotation lookup, as the controller does:
    /// cluster-wide wins over namespace-wide, and only the exact string
    /// `"true"` counts.
    pub fn from_annotations<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Scope {
        if get(CLUSTER_WIDE_ANNOTATION) == Some("true") {
            Scope::ClusterWide
        } else if get(NAMESPACE_WIDE_ANNOTATION) == Some("true") {
            Scope::NamespaceWide
        } else {
            Scope::Strict
        }
    }

    /// The scope's name as kubeseal spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Strict => "strict",
            Scope::NamespaceWide => "namespace-wide",
            Scope::ClusterWide => "cluster-wide",
        }
    }
}

/// Why `name` cannot name a Kubernetes object (a DNS-1123 subdomain: at most
/// 253 lowercase letters, digits, `-` and `.`, starting and ending with a
/// letter or digit), or `None` when it can.
pub fn object_name_problem(name: &str) -> Option<&'static str> {
    dns_problem(name, 253, true)
}

/// Why `namespace` cannot name a namespace (a DNS-1123 label: at most 63
/// lowercase letters, digits and `-`, starting and ending with a letter or
/// digit), or `None` when it can.
pub fn namespace_problem(namespace: &str) -> Option<&'static str> {
    dns_problem(namespace, 63, false)
}

/// Why `key` cannot be a key of a Secret's `data` (letters, digits, `-`,
/// `_` and `.`, at most 253, not `.`, `..` or starting with `..`: the API
/// server's rule for Secret and ConfigMap keys), or `None` when it can.
pub fn secret_key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        Some("it is empty")
    } else if key.len() > 253 {
        Some("it is longer than 253 characters")
    } else if key == "." || key == ".." || key.starts_with("..") {
        Some("it cannot be '.' or '..' or start with '..'")
    } else if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        Some("only letters, digits, '-', '_' and '.' are allowed")
    } else {
        None
    }
}

/// The hint that goes with [`secret_key_problem`].
pub const SECRET_KEY_HINT: &str = "keys are letters, digits, '-', '_' and '.' (at most 253)";

fn dns_problem(name: &str, max: usize, dots: bool) -> Option<&'static str> {
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > max {
        Some(if dots {
            "it is longer than 253 characters"
        } else {
            "it is longer than 63 characters"
        })
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || (dots && b == b'.'))
    {
        Some(if dots {
            "only lowercase letters, digits, '-' and '.' are allowed"
        } else {
            "only lowercase letters, digits and '-' are allowed"
        })
    } else if !edge(name.as_bytes().first()) || !edge(name.as_bytes().last()) {
        Some("it must start and end with a letter or digit")
    } else {
        None
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "strict" => Ok(Scope::Strict),
            "namespace-wide" => Ok(Scope::NamespaceWide),
            "cluster-wide" => Ok(Scope::ClusterWide),
            other => Err(format!(
                "unknown scope '{other}': must be one of strict, namespace-wide, cluster-wide"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kubernetes_names() {
        for ok in [
            "db",
            "db-credentials",
            "app.tls",
            "a",
            "0",
            &"a".repeat(253),
        ] {
            assert_eq!(object_name_problem(ok), None, "{ok}");
        }
        for bad in ["", "DB", "db_1", "-db", "db.", "d b", &"a".repeat(254)] {
            assert!(object_name_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(namespace_problem("team-a"), None);
        assert_eq!(namespace_problem(&"a".repeat(63)), None);
        for bad in ["team.a", "Team", &"a".repeat(64), "a-"] {
            assert!(namespace_problem(bad).is_some(), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn labels_follow_the_scope() {
        assert_eq!(Scope::Strict.label("ns", "n"), b"ns/n");
        assert_eq!(Scope::NamespaceWide.label("ns", "n"), b"ns");
        assert!(Scope::ClusterWide.label("ns", "n").is_empty());
    }

    #[test]
    fn cluster_wide_wins_and_only_exact_true_counts() {
        let both = |_: &str| Some("true");
        assert_eq!(Scope::from_annotations(both), Scope::ClusterWide);
        let yes = |_: &str| Some("True");
        assert_eq!(Scope::from_annotations(yes), Scope::Strict);
        let ns = |k: &str| (k == NAMESPACE_WIDE_ANNOTATION).then_some("true");
        assert_eq!(Scope::from_annotations(ns), Scope::NamespaceWide);
    }

    #[test]
    fn parses_kubeseal_spellings() {
        for s in Scope::ALL {
            assert_eq!(s.as_str().parse::<Scope>().unwrap(), s);
        }
        assert!("Strict".parse::<Scope>().is_err());
    }
}
