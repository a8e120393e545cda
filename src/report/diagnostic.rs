//! The one vocabulary of what `check`, `validate`, `audit` and `reseal`
//! report: a [`Code`] with a stable kebab-case name (scripts match on it in
//! JSON), and a [`Diagnostic`]: the code, where, what is wrong, what to do.

use serde_json::{Value, json};

use crate::error::Origin;

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $text:literal,)*) => {
        /// What kind of problem a diagnostic reports. The names are stable:
        /// a new kind gets a new name, an old name never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $name,)*
        }

        impl Code {
            /// Every code, in documentation order (for the tests).
            #[cfg(test)]
            pub const ALL: &[Code] = &[$(Code::$name,)*];

            /// The stable kebab-case name (`plaintext-secret`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $text,)*
                }
            }
        }
    };
}

codes! {
    /// A Secret (or what may be one) with `data` or `stringData` values.
    PlaintextSecret = "plaintext-secret",
    /// A committed private key: the controller's key Secret, or a `tls.key`.
    PrivateKey = "private-key",
    /// A kustomize `secretGenerator` with `literals`.
    KustomizeLiteral = "kustomize-literal",
    /// A kustomize `secretGenerator` reading `envs` / `files` in the repository.
    KustomizeFile = "kustomize-file",
    /// A document that is not a usable SealedSecret (or manifest).
    Malformed = "malformed",
    /// An encrypted value that is not a sealed value at all.
    MalformedValue = "malformed-value",
    /// The legacy v1 `spec.data` blob, which current controllers refuse.
    LegacyData = "legacy-data",
    /// A namespaced SealedSecret without `metadata.namespace`.
    MissingNamespace = "missing-namespace",
    /// The object's and its template's scope annotations disagree.
    ScopeMismatch = "scope-mismatch",
    /// Renamed or moved after sealing: opens only under another name, namespace or scope.
    Renamed = "renamed",
    /// Sealed with another certificate than the rules expect.
    WrongCertificate = "wrong-certificate",
    /// Sealed with a certificate that has expired.
    ExpiredCertificate = "expired-certificate",
    /// No `sealant.dev/cert-sha256` record where the rules expect one.
    MissingCertRecord = "missing-cert-record",
    /// A value older than the rules' `max-value-age`.
    OldValue = "old-value",
    /// Sealed with a certificate older than the rules' `max-key-age`.
    OldKey = "old-key",
    /// No key given opens the value.
    NoKey = "no-key",
    /// The change cannot be written in place (a SealedSecret inside a `List`).
    NotEditable = "not-editable",
    /// Not tried: the run spent its budget of failed private-key operations.
    BudgetSpent = "budget-spent",
    /// The file cannot be read, or is not UTF-8 text.
    Unreadable = "unreadable",
    /// The file mentions Secrets but is not valid YAML or JSON.
    Unparseable = "unparseable",
    /// The file is larger than sealant reads.
    TooLarge = "too-large",
    /// A path given or met on the walk that cannot be read.
    UnreadablePath = "unreadable-path",
    /// A symbolic link loop on the walk (a warning).
    SymlinkLoop = "symlink-loop",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem: what kind, where, what is wrong and what to do. Never holds
/// a secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind.
    pub code: Code,
    /// The file, line, document and object.
    pub origin: Origin,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic.
    pub fn new(
        code: Code,
        origin: Origin,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) -> Self {
        Diagnostic {
            code,
            origin,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// `{"code","file","line","document","object","message","hint"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "code": self.code.as_str(),
            "file": self.origin.file,
            "line": self.origin.line,
            "document": self.origin.doc,
            "object": self.origin.object,
            "message": self.message,
            "hint": self.hint,
        })
    }

    /// `file:line: message: hint` on one line, every field escaped for the
    /// terminal (what `check` prints).
    pub fn to_line(&self) -> String {
        use super::terminal::escape;
        let mut out = escape(&self.origin.file).into_owned();
        if let Some(line) = self.origin.line {
            out.push_str(&format!(":{line}"));
        }
        out.push_str(&format!(": {}", escape(&self.message)));
        if let Some(hint) = &self.hint {
            out.push_str(&format!(": {}", escape(hint)));
        }
        out
    }

    /// `origin: message` and an indented `hint:` line (what `validate`,
    /// `audit` and `reseal` print), escaped for the terminal.
    pub fn to_text(&self, indent: &str) -> String {
        let at = self.origin.to_string();
        // A message made from an error names its place already.
        let mut out = if at.is_empty() || self.message.starts_with(&at) {
            format!("{}\n", self.message)
        } else {
            format!("{at}: {}\n", self.message)
        };
        if let Some(hint) = &self.hint {
            out.push_str(&format!("{indent}hint: {hint}\n"));
        }
        super::terminal::escape_text(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
            assert!(seen.insert(name), "{name} twice");
        }
    }

    #[test]
    fn json_has_every_field() {
        let d = Diagnostic::new(
            Code::PlaintextSecret,
            Origin {
                file: "s.yaml".into(),
                line: Some(3),
                doc: Some(1),
                object: Some("Secret a/b".into()),
            },
            "holds plaintext",
            Some("seal it".to_string()),
        );
        let v = d.to_json();
        assert_eq!(v["code"], "plaintext-secret");
        assert_eq!(v["line"], 3);
        assert_eq!(v["document"], 1);
        assert_eq!(v["object"], "Secret a/b");
        assert_eq!(d.to_line(), "s.yaml:3: holds plaintext: seal it");
        let evil = Diagnostic::new(Code::Malformed, Origin::file("a\u{1b}[2J"), "x", None);
        assert_eq!(evil.to_line(), "a\\x1b[2J: x");
        assert_eq!(evil.to_text("  "), "a\\x1b[2J: x\n");
    }
}
