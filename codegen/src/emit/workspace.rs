//! A large API as a Cargo workspace (see [`crate::split`]): the facade crate at the root keeps
//! the paths of a one-crate API (`types`, `operations`, `client`, the resources) by re-exporting
//! the shared crate (`crates/core`) and the member crates (`crates/<member>`), one optional
//! dependency per member, turned on by the features of its groups.

use super::{cfg_for, ident, render, Job, Runtime, RUNTIME_PACKAGE, ROOT_EXPORTS};
use crate::ir::Api;
use quote::quote;

/// The package of the shared crate.
pub(super) fn shared_package(crate_name: &str) -> String {
    format!("{crate_name}-{}", crate::split::SHARED)
}

/// The package of member `m`.
pub(super) fn member_package(api: &Api, crate_name: &str, m: usize) -> String {
    format!("{crate_name}-{}", api.members[m].name)
}

/// A package name as Rust names the crate.
pub(super) fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// The `Cargo.toml` of the shared crate or of a member.
pub(super) fn member_cargo_toml(header: &str, package: &str, description: &str, features: &str, shared: Option<&str>, runtime: &Runtime, version: &str) -> String {
    let header = header.replacen("//", "#", 1);
    let shared = shared.map(|p| format!("{p} = {{ path = \"../{}\" }}\n", crate::split::SHARED)).unwrap_or_default();
    let runtime = runtime.dependency(2);
    format!(
        r#"{header}
[package]
name = "{package}"
version = "{version}"
edition = "2021"
description = {description}
publish = false

[lib]
doctest = false

[features]
{features}
[dependencies]
{shared}chrono = {{ version = "0.4.38", default-features = false, features = ["std", "serde"] }}
http = "1"
{RUNTIME_PACKAGE} = {runtime}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
uuid = {{ version = "1", features = ["serde"] }}
"#,
        description = super::toml_string(description),
    )
}

/// The facade's features: `client` and `tracing` passed on to every member it uses, `full`,
/// and one feature per group, which turns on its member and the group in it.
pub(super) fn facade_features(api: &Api, crate_name: &str, all_groups: bool) -> String {
    let members: Vec<String> = (0..api.members.len()).map(|m| member_package(api, crate_name, m)).collect();
    let quoted = |items: Vec<String>| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    let (default, signatures) = super::manifest::default_features(api, all_groups);
    let client = quoted(std::iter::once(format!("{RUNTIME_PACKAGE}/client")).chain(members.iter().map(|m| format!("{m}?/client"))).collect());
    let full = quoted(api.groups.iter().map(|g| g.feature.clone()).collect());
    let mut out = format!(
        "default = [{default}]\n# The async client (reqwest with rustls, tokio).\nclient = [{client}]\n# `tracing` spans and events per call and per attempt (never a secret).\ntracing = [\"client\", \"{RUNTIME_PACKAGE}/tracing\"]\n{signatures}full = [{full}]\n"
    );
    for (g, group) in api.groups.iter().enumerate() {
        let member = api.member_of(g).map(|m| &members[m]);
        let enables = member.map(|m| quoted(vec![format!("dep:{m}"), format!("{m}/{}", group.feature)])).unwrap_or_default();
        out.push_str(&format!("# Operations tagged \"{}\".\n{} = [{enables}]\n", super::one_line(&group.title), group.feature));
    }
    out
}

/// The facade's dependencies on the shared crate and (optional) members, and the workspace
/// section when the facade is not inside another workspace.
pub(super) fn facade_dependencies(api: &Api, crate_name: &str, own_workspace: bool) -> String {
    let mut out = format!("{} = {{ path = \"crates/{}\" }}\n", shared_package(crate_name), crate::split::SHARED);
    for (m, member) in api.members.iter().enumerate() {
        out.push_str(&format!("{} = {{ path = \"crates/{}\", optional = true }}\n", member_package(api, crate_name, m), member.name));
    }
    if own_workspace {
        out.push_str("\n[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n");
    }
    out
}

/// The member crates' features: `client`, and one per group.
fn member_features(api: &Api, m: usize) -> String {
    let mut out = format!("client = [\"{RUNTIME_PACKAGE}/client\"]\n");
    for &g in &api.members[m].groups {
        out.push_str(&format!("{} = []\n", api.groups[g].feature));
    }
    out
}

/// The files of the shared crate and of each member.
pub(super) fn member_jobs<'a>(api: &'a Api, crate_name: &'a str, shared: &'a str, header: &'a str, runtime: &'a Runtime, version: &'a str) -> (Vec<Job<'a>>, Vec<(String, String)>) {
    let title = super::one_line(&api.title);
    let mut manifests = Vec::new();
    let root = format!("crates/{}", crate::split::SHARED);
    manifests.push((
        format!("{root}/Cargo.toml"),
        member_cargo_toml(header, &shared_package(crate_name), &format!("The types {title}'s groups share, for the {crate_name} crate"), "", None, runtime, version),
    ));
    let mut jobs: Vec<Job<'a>> = vec![(format!("{root}/src/lib.rs"), Box::new(move || shared_lib_rs(crate_name)))];
    jobs.extend(super::types::jobs(api, super::types::Holds::Shared, &format!("{root}/src")));
    for (m, member) in api.members.iter().enumerate() {
        let root = format!("crates/{}", member.name);
        let package = member_package(api, crate_name, m);
        let description = format!("The `{}` operations of {title}, for the {crate_name} crate", member.name);
        manifests.push((format!("{root}/Cargo.toml"), member_cargo_toml(header, &package, &description, &member_features(api, m), Some(&shared_package(crate_name)), runtime, version)));
        jobs.push((format!("{root}/src/lib.rs"), Box::new(move || member_lib_rs(api, crate_name, shared, m))));
        jobs.push((format!("{root}/src/client.rs"), Box::new(super::client::member_client_rs)));
        jobs.extend(super::types::jobs(api, super::types::Holds::Member(m, shared), &format!("{root}/src")));
        jobs.extend(super::operations::jobs(api, &member.groups, &format!("{root}/src")));
    }
    (jobs, manifests)
}

fn exports() -> proc_macro2::TokenStream {
    let names = ROOT_EXPORTS.iter().map(|n| ident(n));
    quote!(#(#names),*)
}

fn shared_lib_rs(crate_name: &str) -> Result<String, String> {
    let doc = format!(" The types the groups of operations of `{crate_name}` share. Use them through `{crate_name}`, which re-exports them.");
    let exports = exports();
    render(quote! {
        #![doc = #doc]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![allow(clippy::type_complexity)]

        #[allow(deprecated)]
        pub mod types;

        use ::openapi_rust_runtime as runtime;

        pub use runtime::{#exports};
    })
}

fn member_lib_rs(api: &Api, crate_name: &str, shared: &str, m: usize) -> Result<String, String> {
    let groups: Vec<String> = api.members[m].groups.iter().map(|&g| format!("`{}`", api.groups[g].feature)).collect();
    let doc = format!(" The operations of the groups {} of `{crate_name}`, and the types only they use. Use them through `{crate_name}`, which re-exports them.", groups.join(", "));
    let shared = ident(shared);
    let exports = exports();
    render(quote! {
        #![doc = #doc]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![allow(clippy::type_complexity)]

        #[allow(deprecated)]
        pub mod operations;
        #[allow(deprecated)]
        pub mod types;

        #[cfg(feature = "client")]
        pub mod client;

        // Unused when none of the member's groups is on.
        #[allow(unused_imports)]
        use ::openapi_rust_runtime as runtime;

        #[doc(no_inline)]
        pub use ::#shared::{#exports};
    })
}

/// The facade's `types` and `operations` modules: the shared crate's types and each member's
/// types and operations, under the features of its groups.
pub(super) fn facade_modules(api: &Api, crate_name: &str) -> Vec<(String, Result<String, String>)> {
    let shared = ident(&crate_ident(&shared_package(crate_name)));
    // Re-exports, not copies, in the docs: each type is documented once, in its crate, so
    // that no rustdoc holds the whole API either.
    let mut types = vec![quote!(#[doc(no_inline)] pub use ::#shared::types::*;)];
    let mut operations = Vec::new();
    for (m, member) in api.members.iter().enumerate() {
        let krate = ident(&crate_ident(&member_package(api, crate_name, m)));
        let cfg = cfg_for(api, &member.groups);
        types.push(quote!(#cfg #[doc(no_inline)] pub use ::#krate::types::*;));
        for &g in &member.groups {
            let module = ident(&api.groups[g].module);
            let cfg = cfg_for(api, &[g]);
            let doc = format!(" Operations tagged \"{}\" (feature `{}`).", api.groups[g].title, api.groups[g].feature);
            operations.push(quote! { #[doc = #doc] #cfg #[doc(no_inline)] pub use ::#krate::operations::#module; #cfg #[doc(no_inline)] pub use #module::*; });
        }
    }
    vec![
        (
            "src/types.rs".into(),
            render(quote! {
                //! Models: one type per schema of the API description, from the crate of shared
                //! types and the crate of each group turned on.
                #(#types)*
            }),
        ),
        (
            "src/operations.rs".into(),
            render(quote! {
                //! Requests: one per operation of the API description, from the crate of each
                //! group turned on (by its cargo feature).
                #(#operations)*
            }),
        ),
    ]
}
