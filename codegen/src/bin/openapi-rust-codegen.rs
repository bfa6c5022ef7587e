//! `openapi-rust-codegen`: the installed command; see [`openapi_rust_codegen::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let defaults = openapi_rust_codegen::cli::Defaults::default();
    ExitCode::from(openapi_rust_codegen::cli::run(std::env::args(), &defaults, &mut std::io::stdout(), &mut std::io::stderr()))
}
