//! Reading a deprecated field is an error under `deny(deprecated)`, with the spec's note.
#![deny(deprecated)]

use cloudflare_api::email_security::settings::allow_policies::AllowPolicy;

fn exempt_recipient(policy: &AllowPolicy) -> Option<bool> {
    policy.is_recipient
}

fn main() {
    let _ = exempt_recipient;
}
