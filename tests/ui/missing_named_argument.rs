//! A resource method names the required body fields: leaving one out does not compile, and
//! neither does giving them in a row without their names.

use cloudflare_api::email_security::settings::allow_policies::{CreateParams, PatternType};
use cloudflare_api::Client;

fn main() {
    let client = Client::builder().api_token("t").build().unwrap();
    let params = CreateParams {
        is_acceptable_sender: false,
        is_exempt_recipient: false,
        is_regex: false,
        is_trusted_sender: true,
        pattern: "a@b.c".into(),
        pattern_type: PatternType::Email,
    };
    let _call = client.email_security().settings().allow_policies().create("account", params);
}
