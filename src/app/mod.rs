//! The application: the command line (`cli`), its resolution into plain
//! configurations (`config`), and the commands that do the work.

pub mod cli;
pub mod commands;
pub mod config;
pub mod dumps;
pub(crate) mod hidden;
pub(crate) mod remote;
