//! Input and output: reading inputs (capped, decoded, wiped), atomic writes
//! and in-place rewrites, the all-or-nothing output sink, the ordered
//! parallel pipeline, and reading certificates from paths and URLs (HTTP
//! with verified TLS).

pub mod atomic;
pub mod input;
pub mod location;
pub mod ordered;
pub mod sink;
pub mod url;
