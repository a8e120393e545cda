//! Typed errors, the hints that go with them, and the documented exit codes.

use std::fmt;
use std::io;

/// The exit codes sealant documents (see the README). Stable: scripts rely
/// on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// Everything worked.
    Success = 0,
    /// The run worked but found problems: a SealedSecret that does not
    /// open, a check finding, items that could not be resealed.
    Findings = 1,
    /// The command line is wrong.
    Usage = 2,
    /// An input file or stream is missing, unreadable or malformed.
    Input = 3,
    /// The certificate is missing, unreachable, expired or not RSA.
    Certificate = 4,
    /// A private key is unusable, or no key opens a value.
    Key = 5,
    /// An output file could not be written.
    Output = 6,
    /// The cluster or the controller could not be reached or refused.
    Cluster = 7,
}

impl ExitCode {
    /// The process exit status.
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// Where in the input something is: file, line, document and object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file's path as given, or `<stdin>`.
    pub file: String,
    /// The 1-based line where the document (or item) starts.
    pub line: Option<usize>,
    /// The 1-based index of the document in the file.
    pub doc: Option<usize>,
    /// The object, as `Kind namespace/name`, when known.
    pub object: Option<String>,
}

impl Origin {
    /// An origin naming only a file.
    pub fn file(file: impl Into<String>) -> Self {
        Origin {
            file: file.into(),
            ..Origin::default()
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match (self.doc, &self.object) {
            (Some(doc), Some(obj)) => write!(f, ": document {doc} ({obj})"),
            (Some(doc), None) => write!(f, ": document {doc}"),
            (None, Some(obj)) => write!(f, ": {obj}"),
            (None, None) => Ok(()),
        }
    }
}

/// Everything that can go wrong. Messages never contain secret values.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line asks for something impossible.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// A file or stream could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path, or `<stdin>`.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path, or `<stdout>`.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// An input document is malformed or cannot be used.
    #[error("{origin}: {message}")]
    Input {
        /// Where.
        origin: Origin,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// One item of a document is malformed.
    #[error("{origin}: item '{item}': {message}")]
    Item {
        /// Where.
        origin: Origin,
        /// The item's key.
        item: String,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// The certificate cannot be used.
    #[error("certificate {source_name}: {message}")]
    Certificate {
        /// The file, URL or variable it came from.
        source_name: String,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// A private key cannot be used.
    #[error("private key {source_name}: {message}")]
    Key {
        /// The file it came from.
        source_name: String,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// No key opens a sealed value.
    #[error("{origin}: item '{item}': {message}")]
    Decrypt {
        /// Where.
        origin: Origin,
        /// The item's key.
        item: String,
        /// What was tried.
        message: String,
        /// What would have worked, or what to do.
        hint: Option<String>,
    },
    /// The cluster or the controller could not be reached or refused.
    #[error("{message}")]
    Cluster {
        /// What went wrong, naming the server, context or endpoint.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// The controller refused one document.
    #[error("{origin}: {message}")]
    Controller {
        /// Where.
        origin: Origin,
        /// What the controller said.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// The run finished but some documents failed; each was reported.
    #[error("{message}")]
    Findings {
        /// The summary.
        message: String,
    },
}

impl Error {
    /// The exit code this error maps to.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage { .. } => ExitCode::Usage,
            Error::Read { .. } | Error::Input { .. } | Error::Item { .. } => ExitCode::Input,
            Error::Write { .. } => ExitCode::Output,
            Error::Certificate { .. } => ExitCode::Certificate,
            Error::Key { .. } | Error::Decrypt { .. } => ExitCode::Key,
            Error::Findings { .. } => ExitCode::Findings,
            Error::Cluster { .. } | Error::Controller { .. } => ExitCode::Cluster,
        }
    }

    /// What the user can do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Usage { hint, .. }
            | Error::Input { hint, .. }
            | Error::Item { hint, .. }
            | Error::Certificate { hint, .. }
            | Error::Key { hint, .. }
            | Error::Decrypt { hint, .. }
            | Error::Controller { hint, .. }
            | Error::Cluster { hint, .. } => hint.clone(),
            Error::Read { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                Some("check the path (relative paths start at the current folder); where a command reads standard input, - or no file reads it".into())
            }
            Error::Write { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                Some("create the folder first, or write somewhere else".into())
            }
            Error::Write { source, .. } if source.kind() == io::ErrorKind::PermissionDenied => {
                Some("check the permissions of the file and its folder".into())
            }
            _ => None,
        }
    }

    /// Whether this is a write to a closed pipe (a quiet exit, not an error).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// A usage error.
    pub fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Self {
        Error::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// An input error at `origin`.
    pub fn input(
        origin: &Origin,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) -> Self {
        Error::Input {
            origin: origin.clone(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// An error in one item of a document.
    pub fn item(
        origin: &Origin,
        item: &str,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) -> Self {
        Error::Item {
            origin: origin.clone(),
            item: item.to_string(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A certificate error.
    pub fn cert(
        source_name: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) -> Self {
        Error::Certificate {
            source_name: source_name.into(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A private key error.
    pub fn key(
        source_name: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) -> Self {
        Error::Key {
            source_name: source_name.into(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How much sealant reports on standard error beyond its errors (kubeseal's
/// klog `-v N`): 0, the default, is errors and warnings only.
static VERBOSITY: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets the verbosity for the rest of the run.
pub fn set_verbosity(level: u8) {
    VERBOSITY.store(level, std::sync::atomic::Ordering::Relaxed);
}

/// The verbosity set with [`set_verbosity`].
pub fn verbosity() -> u8 {
    VERBOSITY.load(std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_names_file_line_document_and_object() {
        let o = Origin {
            file: "a.yaml".into(),
            line: Some(12),
            doc: Some(3),
            object: Some("Secret ns/name".into()),
        };
        assert_eq!(o.to_string(), "a.yaml:12: document 3 (Secret ns/name)");
        assert_eq!(Origin::file("<stdin>").to_string(), "<stdin>");
    }

    #[test]
    fn exit_codes_are_stable() {
        let codes = [
            (Error::usage("x", None), 2),
            (Error::input(&Origin::default(), "x", None), 3),
            (Error::cert("c", "x", None), 4),
            (Error::key("k", "x", None), 5),
            (
                Error::Write {
                    path: "o".into(),
                    source: io::ErrorKind::Other.into(),
                },
                6,
            ),
            (
                Error::Findings {
                    message: "x".into(),
                },
                1,
            ),
        ];
        for (e, code) in codes {
            assert_eq!(e.exit_code().code(), code, "{e}");
        }
    }
}
