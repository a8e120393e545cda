//! The `sealant` binary: parse, run, map errors to exit codes.

#![forbid(unsafe_code)]

fn main() {
    if let Err(failure) = sealant::run(std::env::args_os().collect()) {
        let err = &failure.error;
        if err.is_broken_pipe() {
            std::process::exit(0);
        }
        // Errors name files, Secrets and keys read from files: escaped.
        sealant::note!("error: {err}");
        if let Some(hint) = err.hint() {
            sealant::note!("  hint: {hint}");
        }
        std::process::exit(failure.exit_code());
    }
}
