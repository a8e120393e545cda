//! The `sealant` binary: parse, run, map errors to exit codes.

#![forbid(unsafe_code)]

fn main() {
    if let Err(failure) = sealant::run(std::env::args_os().collect()) {
        let err = &failure.error;
        if err.is_broken_pipe() {
            std::process::exit(0);
        }
        // Errors name files, Secrets and keys read from files: every control
        // character escaped but the newlines of messages that span lines
        // (an exec plugin's install hint prints on lines of its own, as
        // kubectl prints it). A hint is one line.
        use sealant::report::terminal::escape;
        sealant::note!("error: {}", err);
        if let Some(hint) = err.hint() {
            sealant::note!("  hint: {}", escape(&hint));
        }
        std::process::exit(failure.exit_code());
    }
}
