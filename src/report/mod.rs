//! What sealant tells the user on standard error: escaping of names and
//! values for the terminal, and notes.

pub mod terminal;
