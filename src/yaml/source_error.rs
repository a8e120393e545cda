//! Why a text could not be read or edited: [`SourceError`], and the
//! constructors the readers use. Messages carry lines and columns but never
//! the content of scalars, which may be secrets.

use serde_saphyr::granit_parser::{ErrorKind, ScanError};

use crate::limits::MAX_DEPTH;
#[cfg(doc)]
use crate::limits::MAX_DOCUMENTS;
use crate::yaml::lines::line_col;
#[cfg(doc)]
use crate::yaml::{patch::Change, split::DocSpan};

/// Why a text could not be read or edited.
///
/// Lines and columns are 1-based; columns count characters. Messages never quote the
/// content of scalar values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The YAML parser rejected the text.
    #[error("YAML syntax error at line {line}, column {column}: {message}")]
    Yaml {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The JSON parser rejected the text.
    #[error("JSON syntax error at line {line}, column {column}: {message}")]
    Json {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A document nests collections deeper than [`MAX_DEPTH`].
    #[error("nesting deeper than {max} levels at line {line}, column {column}")]
    TooDeep {
        /// Line of the collection that is too deep.
        line: usize,
        /// Column of the collection that is too deep.
        column: usize,
        /// The limit, [`MAX_DEPTH`].
        max: usize,
    },
    /// The stream has more than [`MAX_DOCUMENTS`] documents.
    #[error("more than {max} documents (the next one starts at line {line})")]
    TooManyDocuments {
        /// Line of the first document over the limit.
        line: usize,
        /// The limit, [`MAX_DOCUMENTS`].
        max: usize,
    },
    /// The text is valid but has a shape this module does not handle.
    #[error("{message} at line {line}, column {column}")]
    Unsupported {
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A change was requested for a document without a `spec.encryptedData` mapping.
    #[error("the document at line {line} has no spec.encryptedData mapping")]
    NoEncryptedData {
        /// Line of the document.
        line: usize,
    },
    /// [`Change::Replace`] names a key that `spec.encryptedData` does not have.
    #[error("spec.encryptedData of the document at line {line} has no key {key:?}")]
    KeyNotFound {
        /// Line of the document.
        line: usize,
        /// The missing key.
        key: String,
    },
    /// [`Change::Insert`] names a key that `spec.encryptedData` already has.
    #[error("spec.encryptedData already has the key {key:?} at line {line}")]
    KeyExists {
        /// Line of the existing item.
        line: usize,
        /// The existing key.
        key: String,
    },
    /// [`Change::ReplaceAnnotation`] names an annotation the document does not have.
    #[error("metadata.annotations of the document at line {line} has no key {key:?}")]
    AnnotationNotFound {
        /// Line of the document.
        line: usize,
        /// The missing annotation key.
        key: String,
    },
    /// Two changes for the same document name the same key.
    #[error("the key {key:?} is changed twice in the document at line {line}")]
    ConflictingChanges {
        /// Line of the document.
        line: usize,
        /// The key named twice.
        key: String,
    },
    /// A [`DocSpan`] does not fit the text (it is out of bounds, splits a character, or
    /// overlaps another document).
    #[error("the document span {start}..{end} does not fit the text")]
    InvalidSpan {
        /// Start of the span.
        start: usize,
        /// End of the span.
        end: usize,
    },
}

impl SourceError {
    /// The 1-based line of the problem, when the error has one.
    pub fn line(&self) -> Option<usize> {
        match self {
            SourceError::Yaml { line, .. }
            | SourceError::Json { line, .. }
            | SourceError::TooDeep { line, .. }
            | SourceError::TooManyDocuments { line, .. }
            | SourceError::Unsupported { line, .. }
            | SourceError::NoEncryptedData { line }
            | SourceError::KeyNotFound { line, .. }
            | SourceError::KeyExists { line, .. }
            | SourceError::AnnotationNotFound { line, .. }
            | SourceError::ConflictingChanges { line, .. } => Some(*line),
            SourceError::InvalidSpan { .. } => None,
        }
    }

    /// The same error in a text that starts `lines` lines further down: a
    /// part of a stream split on its own.
    #[must_use]
    pub fn shifted(self, lines: usize) -> Self {
        match self {
            Self::Yaml {
                line,
                column,
                message,
            } => Self::Yaml {
                line: line + lines,
                column,
                message,
            },
            Self::Json {
                line,
                column,
                message,
            } => Self::Json {
                line: line + lines,
                column,
                message,
            },
            Self::TooDeep { line, column, max } => Self::TooDeep {
                line: line + lines,
                column,
                max,
            },
            Self::TooManyDocuments { line, max } => Self::TooManyDocuments {
                line: line + lines,
                max,
            },
            Self::Unsupported {
                line,
                column,
                message,
            } => Self::Unsupported {
                line: line + lines,
                column,
                message,
            },
            // Splitting a stream reports none of the others.
            other => other,
        }
    }
}

/// The parser's `error` in the slice of `text` that starts at byte `origin`, at its
/// line and column in `text`.
pub(super) fn yaml_error(text: &str, origin: usize, error: &ScanError) -> SourceError {
    let marker = error.marker();
    let (line, column) = match marker.byte_offset() {
        Some(offset) => line_col(text, origin + offset),
        None => (marker.line(), marker.col() + 1),
    };
    // Keep the message free of source text: it may be a secret.
    let message = match error.kind() {
        ErrorKind::UnexpectedCharacter { .. } => "unexpected character".to_owned(),
        ErrorKind::Custom(_) => "invalid input".to_owned(),
        kind => kind.to_string(),
    };
    SourceError::Yaml {
        line,
        column,
        message,
    }
}

pub(super) fn json_error(error: &serde_json::Error) -> SourceError {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    };
    SourceError::Json {
        line: error.line(),
        column: error.column(),
        message,
    }
}

pub(super) fn too_deep(text: &str, offset: usize) -> SourceError {
    let (line, column) = line_col(text, offset);
    SourceError::TooDeep {
        line,
        column,
        max: MAX_DEPTH,
    }
}

/// [`SourceError::Unsupported`] at byte `offset` of `text`.
pub(super) fn unsupported_at(text: &str, offset: usize, message: &str) -> SourceError {
    let (line, column) = line_col(text, offset);
    SourceError::Unsupported {
        line,
        column,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::spans::encrypted_data_spans;
    use crate::yaml::split::split_documents;
    use crate::yaml::test_support::only_doc;

    #[test]
    fn syntax_errors_report_the_line() {
        let err = split_documents("a: 1\nb: 2\nc: \"s3cr3t\n").unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Yaml {
                    line: 3,
                    column: 4,
                    ..
                }
            ),
            "{err}"
        );
        let err = split_documents("a: 1\n---\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(matches!(err, SourceError::Yaml { line: 4, .. }), "{err}");
        let err = split_documents("{\"a\": 1}\n{\"b\": }\n").unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Json {
                    line: 2,
                    column: 7,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "JSON syntax error at line 2, column 7: expected value"
        );
    }

    #[test]
    fn errors_do_not_leak_values() {
        for text in [
            "a: 1\nb: \"s3cr3t\\q\"\n",
            "a: 1\nb: s3cr3t: x\n",
            "a: 1\nb: 's3cr3t\n",
            "{\"a\": \"s3cr3t\\q\"}",
            "{\"a\": \"s3cr3t\" x}",
        ] {
            let err = split_documents(text).unwrap_err().to_string();
            assert!(!err.contains("s3cr3t"), "{err}");
            assert!(err.contains("line"), "{err}");
        }
        let text = "spec:\n  encryptedData:\n    a: [s3cr3t]\n";
        let err = encrypted_data_spans(text, &only_doc(text)).unwrap_err();
        assert!(
            matches!(
                err,
                SourceError::Unsupported {
                    line: 3,
                    column: 8,
                    ..
                }
            ),
            "{err}"
        );
        assert!(!err.to_string().contains("s3cr3t"), "{err}");
    }
}
