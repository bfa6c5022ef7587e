//! Generated enums are `#[non_exhaustive]`: naming every listed variant is not enough.

use cloudflare_api::email_security::settings::allow_policies::PatternType;

fn describe(pattern_type: &PatternType) -> &'static str {
    match pattern_type {
        PatternType::Email => "email",
        PatternType::Domain => "domain",
        PatternType::Ip => "ip",
        PatternType::Unknown => "unknown",
        PatternType::Unrecognized(_) => "unrecognized",
    }
}

fn main() {
    let _ = describe(&PatternType::Email);
}
