//! The `sealant` binary: parse, run, print the failure, own the exit status.

#![forbid(unsafe_code)]

use std::io::Write;

use sealant::Failure;

fn main() {
    let Err(failure) = sealant::run(std::env::args_os().collect()) else {
        return;
    };
    match &failure {
        // clap's own rendering: help and version to stdout, usage errors to
        // stderr, colors as clap decides for each stream. A closed pipe
        // while printing help is no error of ours.
        Failure::Usage(e) => {
            let _ = e.print();
        }
        Failure::Run { error, .. } => {
            if error.is_broken_pipe() {
                exit(0);
            }
            // Errors name files, Secrets and keys read from files: every
            // control character escaped but the newlines of messages that
            // span lines (an exec plugin's install hint prints on lines of
            // its own, as kubectl prints it). A hint is one line.
            use sealant::report::terminal::escape;
            sealant::note!("error: {}", error);
            if let Some(hint) = error.hint() {
                sealant::note!("  hint: {}", escape(&hint));
            }
        }
    }
    exit(failure.exit_code());
}

/// Flushes both streams (as clap does before it exits) and exits.
fn exit(code: i32) -> ! {
    let _ = std::io::stdout().lock().flush();
    let _ = std::io::stderr().lock().flush();
    std::process::exit(code)
}
