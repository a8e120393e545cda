//! Input and output: reading inputs (capped, decoded, wiped), atomic writes,
//! in-place rewrites (lock, read, write back), long streams read a segment at a time, the all-or-nothing output sink, the ordered
//! parallel pipeline, and reading certificates from paths and URLs (HTTP
//! with verified TLS).

pub mod atomic;
pub mod input;
pub mod location;
pub mod ordered;
pub mod rewrite;
pub mod sink;
pub mod stream;
pub mod url;
