//! Lists every email allow policy of an account, one line each: `<id> <pattern_type> <pattern>`.
//!
//! ```text
//! CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ACCOUNT_ID=... cargo run --example list_allow_policies
//! ```
//!
//! Reads `CLOUDFLARE_BASE_URL` (optional), `CLOUDFLARE_API_TOKEN` or `CLOUDFLARE_EMAIL` with
//! `CLOUDFLARE_API_KEY`, and `CLOUDFLARE_ACCOUNT_ID`. Never prints a secret.

use cloudflare_api::Client;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(account_id) = std::env::var("CLOUDFLARE_ACCOUNT_ID").ok().filter(|v| !v.is_empty()) else {
        eprintln!("error: set CLOUDFLARE_ACCOUNT_ID to the account whose policies to list");
        return ExitCode::from(2);
    };
    let mut policies = client.email_security().settings().allow_policies().list(&account_id).items();
    while let Some(policy) = policies.next().await {
        match policy {
            Ok(policy) => {
                let pattern_type = policy.pattern_type.as_ref().map_or("-", |t| t.as_str());
                println!("{} {} {}", policy.id, pattern_type, policy.pattern.as_deref().unwrap_or("-"));
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
