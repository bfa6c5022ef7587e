//! `webhooks.rs`: the requests the API sends to its users' servers (webhooks and callbacks),
//! their payload types, and the functions that decode a received request into the enum of
//! them.

use super::{ident, render};
use crate::docs::to_rustdoc;
use crate::ir::{Api, Webhooks};
use quote::quote;

/// The module, when the API sends requests with JSON payloads.
pub(super) fn webhooks_rs(api: &Api) -> Option<Result<String, String>> {
    let webhooks = api.webhooks.as_ref()?;
    let union = ident(&webhooks.type_name);
    let types = webhooks.types.iter().map(|name| ident(name));
    let names = webhooks.list.iter().map(|w| w.name.as_str());
    let arms = webhooks.list.iter().map(|w| {
        let (name, variant) = (&w.name, ident(&w.variant));
        quote!(#name => crate::runtime::decode_into(body, #union::#variant),)
    });
    let doc = module_doc(webhooks);
    let verify = webhooks.signature.map(|scheme| match scheme {
        crate::config::SignatureScheme::StandardWebhooks => quote! {
            /// Checks that `request` is signed with `secret` (`whsec_...`, base64) as Standard
            /// Webhooks say (its `webhook-id`, `webhook-timestamp` and `webhook-signature`
            /// headers), within five minutes of now, then decodes it as [`from_request`] does.
            #[cfg(feature = "signatures")]
            pub fn verify<B: AsRef<[u8]>>(request: &http::Request<B>, secret: &str) -> Result<crate::Decoded<#union>, crate::WebhookError> {
                crate::runtime::verify_standard_webhook(request.headers(), request.body().as_ref(), secret, std::time::SystemTime::now())?;
                from_request(request)
            }
        },
    });
    let tokens = quote! {
        #(#![doc = #doc])*

        #[allow(deprecated)]
        pub use crate::types::{#(#types),*};

        /// The name of each webhook and callback, as the description gives it.
        pub const NAMES: &[&str] = &[#(#names),*];

        /// Decodes a received body as whichever webhook or callback it is: by the property that
        /// tells the payloads apart where they have one, else by their shapes, most specific
        /// first. A body that is JSON always decodes; what the description does not say is kept.
        pub fn decode(body: &[u8]) -> Result<crate::Decoded<#union>, serde_json::Error> {
            crate::from_json(body)
        }

        /// Decodes a received body as the webhook or callback `name` (one of [`NAMES`]), when the
        /// receiver knows which it is (from its route, or a header); `None` for another name.
        pub fn decode_as(name: &str, body: &[u8]) -> Option<Result<crate::Decoded<#union>, serde_json::Error>> {
            Some(match name {
                #(#arms)*
                _ => return None,
            })
        }

        /// Decodes a received request as [`decode`] does its body, once its `Content-Type`
        /// (where it has one) is JSON.
        pub fn from_request<B: AsRef<[u8]>>(request: &http::Request<B>) -> Result<crate::Decoded<#union>, crate::WebhookError> {
            crate::runtime::webhook_from_request(request)
        }

        #verify
    };
    Some(render(tokens))
}

/// The module's documentation: what it holds, and a table of the webhooks and callbacks.
fn module_doc(webhooks: &Webhooks) -> Vec<String> {
    let union = &webhooks.type_name;
    let mut lines = vec![
        "The requests the API sends to your server: its webhooks and callbacks, each payload a".to_string(),
        format!("variant of [`{union}`]. [`from_request`], [`decode`] and [`decode_as`] read what your"),
        match webhooks.signature {
            Some(_) => "server received; `verify` checks a request's signature first (feature `signatures`).".into(),
            None => "server received. Checking a request's signature is yours: the description does not say how.".into(),
        },
        String::new(),
        "| name | sent | variant | about |".into(),
        "| --- | --- | --- | --- |".into(),
    ];
    for w in &webhooks.list {
        let sent = match &w.callback {
            Some((operation, expression)) => format!("`{}` to `{}`, a callback of `{operation}`", w.method.as_str(), cell(expression)),
            None => format!("`{}`, a webhook", w.method.as_str()),
        };
        let about = w.docs.summary.as_deref().or(w.docs.description.as_deref()).and_then(|d| to_rustdoc(d).into_iter().next()).unwrap_or_default();
        let deprecated = if w.docs.deprecated.is_some() { " (deprecated)" } else { "" };
        lines.push(format!("| `{}` | {sent} | [`{union}::{}`] | {}{deprecated} |", cell(&w.name), w.variant, cell(&about)));
    }
    lines.into_iter().map(|l| format!(" {l}").trim_end().to_string()).collect()
}

/// Text that stays inside one cell of a Markdown table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('`', "'")
}
