//! The YAML (and JSON) text layer: document boundaries, byte spans of
//! values, byte-exact edits, and the fast path for kubectl's plain YAML.

pub mod located;
pub mod plain;
pub mod source;
