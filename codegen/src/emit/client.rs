//! `src/client.rs`: the API's client, made from the runtime's generic one and what the
//! document (and the config) say of this API: its security schemes, the environment
//! variables each is read from, and its server.

use super::{doc_lines, ident, render};
use crate::docs::to_rustdoc;
use crate::ir::{Api, ParamLocation, SchemeKind, SecurityScheme};
use crate::naming::{self, Scope};
use proc_macro2::TokenStream;
use quote::quote;

/// The generic builder's own methods, which no scheme's setter may take.
const BUILDER_METHODS: &[&str] =
    &["new", "base_url", "credential", "max_retries", "retry_policy", "timeout", "http_client", "user_agent", "max_response_bytes", "strict", "build", "clone", "fmt"];

/// The client; with `call`, the [`call`] type too (a workspace's facade has none: each member
/// crate has its own).
pub(super) fn client_rs(api: &Api, call: bool) -> Result<String, String> {
    let (env, idempotency_header) = (&api.settings.env, api.settings.idempotency_header.as_str());
    let call = call.then(call_type);
    let mut setters = Scope::with_reserved(BUILDER_METHODS);
    let schemes = api.schemes.iter().zip(&env.schemes).map(|(scheme, vars)| scheme_tokens(scheme, vars));
    let scheme_setters: Vec<TokenStream> =
        api.schemes.iter().zip(&env.schemes).map(|(scheme, vars)| setter(scheme, vars, &setters.claim(naming::method_name(naming::field_name(&scheme.name))))).collect();
    let base_url = match api.base_url.as_deref() {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let base_url_env = &env.base_url;
    let mut from_env = vec![format!("- the base URL: `{base_url_env}`, else the description's server")];
    for (scheme, vars) in api.schemes.iter().zip(&env.schemes) {
        let vars: Vec<String> = vars.iter().map(|v| format!("`{v}`")).collect();
        from_env.push(format!("- `{}`: {}", scheme.name, vars.join(" and ")));
    }
    let mut builder_doc = vec![
        "A builder. What is not set on it comes from the environment:".to_string(),
        String::new(),
    ];
    builder_doc.extend(from_env);
    builder_doc.extend([
        String::new(),
        "Each call sends the first of its operation's security requirements whose schemes are all".into(),
        "set, and fails before sending when none is.".into(),
    ]);
    let builder_doc = doc_lines(&builder_doc);
    render(quote! {
        //! The async client (feature `client`): the runtime's generic client, told this API's
        //! security schemes, environment variables and server.

        pub use crate::runtime::client::{reqwest, AnyCall, CallOptions, Credential, Error, ErrorKind, Events, Pages, RetryPolicy, Secret, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT};

        /// What the client knows of this API.
        pub static API: crate::runtime::client::Api = crate::runtime::client::Api {
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            default_base_url: #base_url,
            base_url_env: #base_url_env,
            idempotency_header: #idempotency_header,
            schemes: &[#(#schemes),*],
        };

        /// The async client. It dereferences to the generic client: `send` any operation,
        /// walk any paginated one with `pages` or `items`.
        #[derive(Debug, Clone)]
        pub struct Client(crate::runtime::client::Client);

        impl Client {
            #builder_doc
            pub fn builder() -> ClientBuilder {
                ClientBuilder(crate::runtime::client::ClientBuilder::new(&API))
            }

            /// A client configured entirely from the environment.
            pub fn from_env() -> Result<Client, Error> {
                Client::builder().build()
            }
        }

        impl std::ops::Deref for Client {
            type Target = crate::runtime::client::Client;

            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        #call

        /// Builds a [`Client`]; see [`Client::builder`].
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct ClientBuilder(crate::runtime::client::ClientBuilder);

        impl ClientBuilder {
            #(#scheme_setters)*

            /// The API's base URL.
            pub fn base_url(self, url: impl Into<String>) -> Self {
                Self(self.0.base_url(url))
            }

            /// Retries after the first attempt (default 2).
            pub fn max_retries(self, retries: u32) -> Self {
                Self(self.0.max_retries(retries))
            }

            /// When and how often a call is tried again.
            pub fn retry_policy(self, policy: RetryPolicy) -> Self {
                Self(self.0.retry_policy(policy))
            }

            /// The timeout of each call, retries included (default 60 s).
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// Sends through an HTTP client built from this builder (proxies, TLS, default
            /// headers). Its redirect and `Referer` settings are replaced: redirects are
            /// followed within the API's origin only, so no credential leaves it.
            pub fn http_client(self, builder: crate::runtime::client::reqwest::ClientBuilder) -> Self {
                Self(self.0.http_client(builder))
            }

            /// The `User-Agent` (default `<crate>/<version>`).
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// The largest answer body read (default 256 MiB).
            pub fn max_response_bytes(self, limit: usize) -> Self {
                Self(self.0.max_response_bytes(limit))
            }

            /// Strict decoding, for tests: an answer that deviates from the API description
            /// is a `Decode` error naming each place, instead of a value with defaults
            /// standing in (see `Call::send_decoded`). Off by default.
            pub fn strict(self, strict: bool) -> Self {
                Self(self.0.strict(strict))
            }

            /// Builds the client; credentials and the base URL not set come from the
            /// environment.
            pub fn build(self) -> Result<Client, Error> {
                self.0.build().map(Client)
            }
        }
    })
}

/// The runtime's description of one scheme.
fn scheme_tokens(scheme: &SecurityScheme, vars: &[String]) -> TokenStream {
    let name = &scheme.name;
    let kind = match &scheme.kind {
        SchemeKind::Bearer => quote!(crate::runtime::client::SchemeKind::Bearer),
        SchemeKind::Basic => quote!(crate::runtime::client::SchemeKind::Basic),
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                ParamLocation::Query => quote!(Query),
                ParamLocation::Cookie => quote!(Cookie),
                _ => quote!(Header),
            };
            quote!(crate::runtime::client::SchemeKind::ApiKey { location: crate::runtime::client::KeyLocation::#location, name: #name })
        }
    };
    quote!(crate::runtime::client::Scheme { name: #name, kind: #kind, env: &[#(#vars),*] })
}

/// The builder's setter for one scheme, documented with where it goes and its variables.
fn setter(scheme: &SecurityScheme, vars: &[String], method: &str) -> TokenStream {
    let mut doc = match &scheme.description {
        Some(text) => to_rustdoc(text),
        None => vec![format!("The `{}` security scheme.", scheme.name)],
    };
    let sent = match &scheme.kind {
        SchemeKind::Bearer => "`Authorization: Bearer <token>`".to_string(),
        SchemeKind::Basic => "`Authorization: Basic` (HTTP basic)".to_string(),
        SchemeKind::ApiKey { location: ParamLocation::Query, name } => format!("the `{name}` query parameter"),
        SchemeKind::ApiKey { location: ParamLocation::Cookie, name } => format!("the `{name}` cookie"),
        SchemeKind::ApiKey { name, .. } => format!("the `{name}` header"),
    };
    let vars: Vec<String> = vars.iter().map(|v| format!("`{v}`")).collect();
    doc.push(String::new());
    doc.push(format!("Sent as {sent}; read from {} when not set here.", vars.join(" and ")));
    let doc = doc_lines(&doc);
    let method = ident(method);
    let name = &scheme.name;
    match scheme.kind {
        SchemeKind::Basic => quote! {
            #doc
            pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                Self(self.0.credential(#name, Credential::basic(username, password)))
            }
        },
        _ => quote! {
            #doc
            pub fn #method(self, secret: impl Into<String>) -> Self {
                Self(self.0.credential(#name, Credential::token(secret)))
            }
        },
    }
}

/// A call on its way: a request bound to a client, with a setter per optional argument
/// (generated with each operation). It holds the runtime's client, so a member crate of a
/// workspace has one of its own.
pub(super) fn call_type() -> TokenStream {
    quote! {
        /// A call on its way: an operation's request builder, bound to a client. Resources'
        /// methods give one; set its optional arguments, then `.await` it (or `send` it).
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is awaited"]
        pub struct Call<'c, O> {
            client: &'c crate::runtime::client::Client,
            op: O,
            options: crate::runtime::client::CallOptions,
        }

        impl<'c, O> Call<'c, O> {
            /// Binds `op` to `client`.
            pub fn new(client: &'c crate::runtime::client::Client, op: O) -> Self {
                Call { client, op, options: std::default::Default::default() }
            }

            /// Changes the request.
            pub fn map_request(mut self, f: impl FnOnce(&mut O)) -> Self {
                f(&mut self.op);
                self
            }

            /// Per-call options: headers, query parameters, timeout, retries, idempotency key.
            pub fn with_options(mut self, options: crate::runtime::client::CallOptions) -> Self {
                self.options = options;
                self
            }

            /// The request builder.
            pub fn as_request(&self) -> &O {
                &self.op
            }

            /// The request builder, for `Client::send` or `build`.
            pub fn into_request(self) -> O {
                self.op
            }
        }

        impl<O: crate::Operation> Call<'_, O> {
            /// Sends the call. Where the answer is an envelope (a payload field next to fields
            /// such as `success` and `errors`), this is the payload;
            /// [`send_envelope`](Self::send_envelope) gives the whole answer. An error
            /// answer is decoded as the operation declares it: see `Error::api_error`.
            pub async fn send(self) -> Result<O::Payload, crate::runtime::client::Error<O::Error>> {
                self.client.send_payload(&self.op, &self.options).await
            }

            /// Sends the call and gives the whole answer.
            pub async fn send_envelope(self) -> Result<O::Output, crate::runtime::client::Error<O::Error>> {
                self.client.send_with(&self.op, &self.options).await
            }

            /// [`send`](Self::send), with the places where the answer deviates from the API
            /// description (a required property left out, a value of another type, ...),
            /// each a JSON pointer and what stands in. The client's `strict` mode makes any
            /// deviation an error instead.
            pub async fn send_decoded(self) -> Result<crate::Decoded<O::Payload>, crate::runtime::client::Error<O::Error>> {
                self.client.send_payload_decoded(&self.op, &self.options).await
            }
        }

        /// Awaiting a call sends it: `client.zones().get(id).await?` is
        /// [`send`](Call::send).
        impl<'c, O> std::future::IntoFuture for Call<'c, O>
        where
            O: crate::Operation + Send + Sync + 'c,
            O::Payload: Send,
        {
            type Output = Result<O::Payload, crate::runtime::client::Error<O::Error>>;
            type IntoFuture = std::pin::Pin<std::boxed::Box<dyn std::future::Future<Output = Self::Output> + Send + 'c>>;

            fn into_future(self) -> Self::IntoFuture {
                std::boxed::Box::pin(self.send())
            }
        }

        impl<'c, O> Call<'c, O>
        where
            O: crate::runtime::Streamed + Send + Sync + 'c,
            O::Item: Send + 'c,
        {
            /// Sends the call and reads its answer as it arrives (server-sent events, or JSON
            /// lines), each item decoded, in bounded memory: `while let Some(item) =
            /// stream.next().await`. Where the request has a `stream` field, it is set.
            pub fn stream(mut self) -> crate::runtime::client::Events<'c, O::Item, O::Error> {
                crate::runtime::Streamed::streaming(&mut self.op);
                self.client.events(self.op, self.options)
            }
        }

        impl<'c, O> Call<'c, O>
        where
            O: crate::Paginated + Send + Sync + 'c,
            O::Output: Send + 'c,
            O::Item: Send + 'c,
        {
            /// Every item, page after page: `while let Some(item) = items.next().await`.
            pub fn items(self) -> crate::runtime::client::Pages<'c, O::Item, O::Error> {
                self.client.items(self.op)
            }

            /// Every page, from the one this call asks for.
            pub fn pages(self) -> crate::runtime::client::Pages<'c, O::Output, O::Error> {
                self.client.pages(self.op)
            }
        }
    }
}

/// `src/client.rs` of a workspace's member crate: its [`call_type`].
pub(super) fn member_client_rs() -> Result<String, String> {
    let call = call_type();
    render(quote! {
        //! Calls of this crate's operations (feature `client`): a request bound to a client.
        #call
    })
}
