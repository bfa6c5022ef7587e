//! Generated enums are `#[non_exhaustive]`: naming every listed variant is not enough.

use cloudflare_api::types::EmailSecurityPatternType;

fn describe(pattern_type: &EmailSecurityPatternType) -> &'static str {
    match pattern_type {
        EmailSecurityPatternType::Email => "email",
        EmailSecurityPatternType::Domain => "domain",
        EmailSecurityPatternType::Ip => "ip",
        EmailSecurityPatternType::Unknown => "unknown",
        EmailSecurityPatternType::Unrecognized(_) => "unrecognized",
    }
}

fn main() {
    let _ = describe(&EmailSecurityPatternType::Email);
}
