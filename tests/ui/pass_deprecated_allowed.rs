//! The same deprecated access compiles under `allow(deprecated)`, and a `match` with a
//! wildcard arm covers the non-exhaustive enum.
#![deny(deprecated)]

use cloudflare_api::email_security::settings::allow_policies::{AllowPolicy, PatternType};

#[allow(deprecated)]
fn exempt_recipient(policy: &AllowPolicy) -> Option<bool> {
    policy.is_recipient
}

fn describe(pattern_type: &PatternType) -> &str {
    match pattern_type {
        PatternType::Email => "email",
        PatternType::Domain => "domain",
        PatternType::Ip => "ip",
        PatternType::Unknown => "unknown",
        other => other.as_str(),
    }
}

fn main() {
    let policy: AllowPolicy = serde_json::from_str(
        r#"{"id":"f174e90a-fafe-4643-bbbc-4a0ed4fc8415","created_at":"2014-01-01T05:20:00Z",
            "last_modified":"2014-01-01T05:20:00Z","is_recipient":true,"pattern_type":"REGEX"}"#,
    )
    .expect("the policy decodes");
    assert_eq!(exempt_recipient(&policy), Some(true));
    assert_eq!(policy.pattern_type.as_ref().map(describe), Some("REGEX"));
    assert_eq!(describe(&PatternType::Ip), "ip");
}
