//! The `sealant` binary: parse, run, print the failure, own the exit status.

#![forbid(unsafe_code)]

use std::io::Write;

use sealant::Failure;

fn main() {
    let Err(failure) = sealant::run(std::env::args_os().collect()) else {
        return;
    };
    // A write to a closed pipe (`sealant ... | head`) is a quiet exit.
    if let Failure::Run { error, .. } = &failure
        && error.is_broken_pipe()
    {
        exit(0);
    }
    failure.print();
    exit(failure.exit_code());
}

/// Flushes both streams (as clap does before it exits) and exits.
fn exit(code: i32) -> ! {
    let _ = std::io::stdout().lock().flush();
    let _ = std::io::stderr().lock().flush();
    std::process::exit(code)
}
