//! The generated `Cargo.toml`: package, features, dependencies.

use super::{workspace, Options, RUNTIME_PACKAGE, VERSION};
use crate::ir::Api;

pub(super) fn cargo_toml(api: &Api, options: &Options, crate_name: &str, doctests: bool, all_groups: bool, header: &str) -> String {
    let header = header.replacen("//", "#", 1);
    let description =
        toml_string(&format!("Typed client for {} {}, generated from its OpenAPI description", one_line(&api.title), one_line(&api.version)));
    format!(
        r#"{header}
[package]
name = "{name}"
version = "{version}"
edition = "2021"
description = {description}
publish = false

[package.metadata.openapi-rust-codegen]
# The generator that wrote this crate; its runtime is at least this version.
version = "{VERSION}"

[lib]
doctest = {doctests}

[features]
{features}

[dependencies]
chrono = {{ version = "0.4.38", default-features = false, features = ["std", "serde"] }}
http = "1"
{runtime} = {runtime_dependency}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", features = ["serde"] }}
{members}"#,
        name = crate_name,
        runtime = RUNTIME_PACKAGE,
        runtime_dependency = options.runtime.dependency(0),
        version = options.crate_version,
        features = if api.members.is_empty() { features(api, all_groups) } else { workspace::facade_features(api, crate_name, all_groups) }.trim_end(),
        members = if api.members.is_empty() { String::new() } else { workspace::facade_dependencies(api, crate_name, options.own_workspace) },
    )
}

/// [`VERSION`] as numbers.
pub(super) fn version_parts() -> [u64; 3] {
    let mut parts = VERSION.split(['.', '-', '+']).map(|part| part.parse().unwrap_or(0));
    [(); 3].map(|()| parts.next().unwrap_or(0))
}

/// `text` on one line: line breaks and other control characters become spaces.
pub(super) fn one_line(text: &str) -> String {
    text.split(char::is_control).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A TOML basic string holding `text`.
pub(super) fn toml_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The default features, and the `signatures` feature where the crate checks webhooks'
/// signatures (on by default).
pub(super) fn default_features(api: &Api, all_groups: bool) -> (String, String) {
    let signed = api.webhooks.as_ref().is_some_and(|w| w.signature.is_some());
    let default = [all_groups.then_some("\"full\""), Some("\"client\""), signed.then_some("\"signatures\"")];
    let default = default.into_iter().flatten().collect::<Vec<_>>().join(", ");
    let signatures = if signed { format!("# Checking the signatures of received webhooks (HMAC by ring).\nsignatures = [\"{RUNTIME_PACKAGE}/signatures\"]\n") } else { String::new() };
    (default, signatures)
}

/// One feature per group of operations; `full` turns them all on, and is a default feature
/// when `all_groups` says so.
pub(super) fn features(api: &Api, all_groups: bool) -> String {
    let quoted: Vec<String> = api.groups.iter().map(|g| format!("\"{}\"", g.feature)).collect();
    let (default, signatures) = default_features(api, all_groups);
    let mut out = format!(
        "default = [{default}]\n# The async client (reqwest with rustls, tokio).\nclient = [\"{RUNTIME_PACKAGE}/client\"]\n# `tracing` spans and events per call and per attempt (never a secret).\ntracing = [\"client\", \"{RUNTIME_PACKAGE}/tracing\"]\n{signatures}full = [{}]\n",
        quoted.join(", ")
    );
    for group in &api.groups {
        out.push_str(&format!("# Operations tagged \"{}\".\n{} = []\n", one_line(&group.title), group.feature));
    }
    out
}
