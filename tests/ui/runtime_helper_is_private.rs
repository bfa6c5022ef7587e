//! The runtime's helpers are the generated code's, not the crate's API: a user cannot reach
//! them through the generated crate (what it offers of the runtime, it re-exports by name).

fn main() {
    let _ = cloudflare_api::from_json::<cloudflare_api::email_security::settings::allow_policies::AllowPolicy>(b"{}");
    let _ = cloudflare_api::runtime::fill_path("/a/{id}", &[]);
}
