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
