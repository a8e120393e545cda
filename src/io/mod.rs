//! Input and output: atomic writes and in-place rewrites, the all-or-nothing
//! output sink, and the ordered parallel pipeline.

pub mod atomic;
pub mod location;
pub mod ordered;
pub mod sink;
