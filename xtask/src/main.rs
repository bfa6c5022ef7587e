//! `cargo xtask`: see the library for the commands.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    ExitCode::from(xtask::run(&args, &mut std::io::stdout(), &mut std::io::stderr()))
}
