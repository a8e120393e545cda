//! `sealant create --interactive`: the questions kubeseal-auto asks, on the
//! terminal, before the plan is made. Names are read as typed (echoed);
//! values are read without echo, twice, and kept in wiped buffers.

use std::io::{BufRead, IsTerminal, Write};

use zeroize::Zeroizing;

use crate::app::cli::GenericArgs;
use crate::error::{Error, Result};

/// The items asked for, `(key, value)`, after filling the context,
/// namespace, name and type of `g` that the flags left open.
pub(super) fn ask(g: &mut GenericArgs) -> Result<Vec<(String, Zeroizing<String>)>> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Error::usage(
            "--interactive needs a terminal (standard input and standard error)",
            Some(
                "in scripts, give NAME and the items as flags: --from-file, --from-env-file or --prompt"
                    .to_string(),
            ),
        ));
    }
    let common = &mut g.common;
    if common.cluster.context.is_empty() {
        let options = super::cluster_options(&common.cluster, None);
        let contexts = crate::app::remote::context_names(&options).unwrap_or_default();
        if !contexts.is_empty() {
            say(&format!("contexts: {}", contexts.join(", ")))?;
        }
        let answer = line("Context (empty: the current one, or none with --sealing-cert): ")?;
        if !answer.is_empty() {
            if !contexts.is_empty() && !contexts.contains(&answer) {
                return Err(Error::usage(
                    format!("no context {answer:?} in the kubeconfig"),
                    Some(format!("choose one of: {}", contexts.join(", "))),
                ));
            }
            common.cluster.context = vec![answer];
        }
    }
    if common.namespace.is_none() {
        let answer = line("Namespace: ")?;
        if !answer.is_empty() {
            common.namespace = Some(answer);
        }
    }
    if g.name.is_none() {
        let answer = line("Secret name: ")?;
        if answer.is_empty() {
            return Err(Error::usage("the Secret needs a name", None));
        }
        g.name = Some(answer);
    }
    if g.secret_type.is_none() {
        let answer = line("Type (empty: Opaque): ")?;
        if !answer.is_empty() {
            g.secret_type = Some(answer);
        }
    }
    let mut items: Vec<(String, Zeroizing<String>)> = Vec::new();
    loop {
        let key = line("Item key (empty: done): ")?;
        if key.is_empty() {
            break;
        }
        if items.iter().any(|(k, _)| *k == key) {
            return Err(Error::usage(format!("item {key:?} was given twice"), None));
        }
        let value = value_twice(&format!("Value for {key}"))?;
        items.push((key, value));
    }
    let has_other = !g.from_literal.is_empty()
        || !g.from_file.is_empty()
        || !g.from_env_file.is_empty()
        || !g.prompt.is_empty();
    if items.is_empty() && !has_other {
        return Err(Error::usage(
            "the Secret has no items",
            Some("give at least one item key and value".to_string()),
        ));
    }
    Ok(items)
}

fn tty_error(source: std::io::Error) -> Error {
    Error::Read {
        path: "the terminal".to_string(),
        source,
    }
}

fn say(text: &str) -> Result<()> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "{}", crate::report::terminal::escape_text(text)).map_err(tty_error)
}

/// One echoed line from standard input (a terminal), trimmed.
fn line(question: &str) -> Result<String> {
    {
        let mut err = std::io::stderr().lock();
        write!(err, "{question}").map_err(tty_error)?;
        err.flush().map_err(tty_error)?;
    }
    let mut answer = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(tty_error)?;
    if read == 0 {
        return Err(Error::usage(
            "--interactive: the terminal closed (end of input)",
            None,
        ));
    }
    Ok(answer.trim().to_string())
}

/// A value without echo, asked twice; the answers must match (also
/// `create --prompt`).
pub(crate) fn value_twice(what: &str) -> Result<Zeroizing<String>> {
    // One guard for both answers: echo stays off between them, so an
    // answer typed ahead is not shown either.
    let mut tty = crate::app::hidden::HiddenTerminal::open().map_err(tty_error)?;
    let first = tty.ask(&format!("{what}: ")).map_err(tty_error)?;
    let second = tty.ask(&format!("{what} (again): ")).map_err(tty_error)?;
    drop(tty);
    if *first != *second {
        return Err(Error::usage(
            format!("{what}: the two answers differ"),
            Some("run the command again and type the same value twice".to_string()),
        ));
    }
    Ok(first)
}
