//! The whole life of an allow policy: list every one, create one, get it, edit its comments
//! then clear them, run a batch (one creation, one deletion), delete one, and print
//! Cloudflare's error codes when a call fails with a 4xx.
//!
//! ```text
//! CLOUDFLARE_API_TOKEN=... CLOUDFLARE_ACCOUNT_ID=... cargo run --example allow_policies_tour
//! ```
//!
//! `TOUR_FAIL_WITH` (optional) asks the server for that status on the last call, through a
//! per-call header that mock servers such as Prism understand (`Prefer: code=404`).

use cloudflare_api::email_security::settings::allow_policies::{BatchParams, CreateParams, PatternType};
use cloudflare_api::{client::CallOptions, ApiError, Client, Error};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let account = std::env::var("CLOUDFLARE_ACCOUNT_ID").unwrap_or_default();
    let policies = client.email_security().settings().allow_policies();

    let mut all = policies.list(&account).items();
    while let Some(policy) = all.next().await {
        println!("listed {}", policy?.id);
    }

    let params = || CreateParams {
        is_acceptable_sender: false,
        is_exempt_recipient: false,
        is_regex: false,
        is_trusted_sender: true,
        pattern: "test@example.com".into(),
        pattern_type: PatternType::Email,
        verify_sender: true,
    };
    let created = policies.create(&account, params()).comments("Trust example.com").await?;
    let policy = policies.get(&account, created.id).await?;
    println!("got {} ({:?})", policy.id, policy.pattern);

    policies.edit(&account, &policy.id).comments("Reviewed").await?;
    let cleared = policies.edit(&account, &policy.id).comments_null().await?;
    println!("comments now {:?}", cleared.comments);

    let batch = BatchParams { posts: vec![params().into()], deletes: vec![], patches: vec![], puts: vec![] };
    let done = policies.batch(&account, batch).await?;
    println!("batch created {}", done.posts.map_or(0, |posts| posts.len()));

    let deleted = policies.delete(&account, &policy.id).await?;
    println!("deleted {}", deleted.id);

    let status = std::env::var("TOUR_FAIL_WITH").unwrap_or_else(|_| "404".into());
    let prefer = CallOptions::new().header("prefer".parse().unwrap(), format!("code={status}").parse().unwrap());
    if let Err(e) = policies.get(&account, &policy.id).with_options(prefer).await {
        let codes: Vec<i64> = match e.api_error() {
            Some(ApiError::Declared(failure)) => failure.errors.iter().map(|m| m.code).collect(),
            _ => Vec::new(),
        };
        println!("failed with {:?}, Cloudflare codes {codes:?}", e.status());
    }
    Ok(())
}
