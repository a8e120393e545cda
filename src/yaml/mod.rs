//! The YAML (and JSON) text layer. Everything here works on the original
//! text: offsets are byte offsets into it, and an edit rewrites only the
//! bytes it has to.
//!
//! - [`split`]: the format of a stream and the spans of its documents;
//! - [`spans`]: where `spec.encryptedData`'s items and an annotation are;
//! - [`patch`] (and `insert`): byte-exact in-place changes of those values;
//! - [`scalar`]: scalar styles, quoting and writing new values;
//! - [`source_error`]: [`source_error::SourceError`], which never quotes content;
//! - [`plain`]: the fast path for the plain YAML kubectl writes;
//! - [`located`]: a document as a tree of nodes that know their lines;
//! - `events` (the one walk over the parser's events that the readers drive)
//!   and `lines` (line and column arithmetic) serve the others.

#![warn(missing_docs)]

mod events;
mod insert;
mod lines;
pub mod located;
pub mod patch;
pub mod plain;
pub mod scalar;
pub mod source_error;
pub mod spans;
pub mod split;
#[cfg(test)]
mod test_support;
