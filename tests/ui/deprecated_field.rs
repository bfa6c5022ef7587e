//! Reading a deprecated field is an error under `deny(deprecated)`, with the spec's note.
#![deny(deprecated)]

use cloudflare_api::types::EmailSecurityAllowPolicy;

fn exempt_recipient(policy: &EmailSecurityAllowPolicy) -> Option<bool> {
    policy.is_recipient
}

fn main() {
    let _ = exempt_recipient;
}
