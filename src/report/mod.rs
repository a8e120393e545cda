//! What sealant tells the user: escaping of names and values for the
//! terminal and notes ([`terminal`]), the one vocabulary of diagnostics
//! ([`diagnostic`]) and the one reporter for standard error ([`reporter`]).

pub mod diagnostic;
pub mod hints;
pub mod reporter;
pub mod terminal;

pub use diagnostic::{Code, Diagnostic};
pub use reporter::Reporter;
