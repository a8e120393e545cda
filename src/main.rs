//! The `sealant` binary: parse, run, map errors to exit codes.

#![forbid(unsafe_code)]

fn main() {
    if let Err(failure) = sealant::run(std::env::args_os().collect()) {
        let err = &failure.error;
        if err.is_broken_pipe() {
            std::process::exit(0);
        }
        // Errors name files, Secrets and keys read from files: escaped,
        // newlines too (a name must not print a line of its own).
        use sealant::terminal::escape;
        sealant::note!("error: {}", escape(&err.to_string()));
        if let Some(hint) = err.hint() {
            sealant::note!("  hint: {}", escape(&hint));
        }
        std::process::exit(failure.exit_code());
    }
}
