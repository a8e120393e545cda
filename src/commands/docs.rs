//! `sealant completions` and `sealant man`: generated from the clap
//! definition, so they never drift from the code.

use std::path::Path;

use crate::atomic::{self, Mode};
use crate::error::{Error, Result};

use super::Stdout;

/// The completion script for `shell`.
pub fn render_completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = crate::cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "sealant", &mut out);
    out
}

/// Every man page: `sealant.1` and one `sealant-COMMAND.1` per command.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = crate::cli::command();
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "sealant", &mut pages);
    pages
}

fn collect(cmd: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let page_cmd = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page_cmd)
        .render(&mut buf)
        .expect("rendering to memory cannot fail");
    pages.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, &format!("{name}-{}", sub.get_name()), pages);
    }
}

pub(super) fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut out = Stdout::new();
    out.write(&render_completions(shell))?;
    out.finish()
}

pub(super) fn man(dir: Option<&Path>) -> Result<()> {
    let pages = man_pages();
    match dir {
        None => {
            let mut out = Stdout::new();
            out.write(&pages[0].1)?;
            out.finish()
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.display().to_string(),
                source,
            })?;
            for (name, bytes) in pages {
                atomic::write(&dir.join(name), &bytes, Mode::Keep)?;
            }
            Ok(())
        }
    }
}
