//! The async client (feature `client`): credentials from the description's security schemes,
//! retries, timeouts, a response size limit, pagination and errors that keep everything the
//! server said. What differs from one API to another comes from the generated crate as an
//! [`Api`]; nothing here knows a vendor.

mod auth;
mod error;
mod retry;
mod stream;
mod walk;

pub use auth::{Credential, Credentials, KeyLocation, Scheme, SchemeKind, Secret};
pub use error::{AnyCall, Error, ErrorKind};
pub use retry::{RetryPolicy, DEFAULT_MAX_RETRIES};
pub use stream::Events;
pub use walk::Pages;

/// The HTTP client crate, for [`ClientBuilder::http_client`].
pub use reqwest;

use crate::{upload, Decoded, Operation};
use std::fmt;
use std::time::Duration;

/// The default timeout of a call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The default limit on the size of an answer's body.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 << 20;

/// What a generated crate tells the client about its API.
#[derive(Debug)]
#[doc(hidden)]
pub struct Api {
    /// The default `User-Agent`: `<crate>/<version>`.
    pub user_agent: &'static str,
    /// The description's first server URL, if it gives one.
    pub default_base_url: Option<&'static str>,
    /// The environment variable holding the base URL.
    pub base_url_env: &'static str,
    /// The header that carries a call's idempotency key.
    pub idempotency_header: &'static str,
    /// The description's security schemes.
    pub schemes: &'static [Scheme],
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api: &'static Api,
    base_url: Option<String>,
    credentials: Credentials,
    retry: RetryPolicy,
    timeout: Duration,
    /// The user's HTTP client, built with the runtime's redirect policy.
    http: Option<Result<reqwest::Client, std::sync::Arc<reqwest::Error>>>,
    user_agent: Option<String>,
    max_response_bytes: usize,
    strict: bool,
}

impl ClientBuilder {
    pub fn new(api: &'static Api) -> Self {
        ClientBuilder {
            api,
            base_url: None,
            credentials: Credentials::default(),
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            http: None,
            user_agent: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            strict: false,
        }
    }

    /// Strict decoding, for tests: an answer that deviates from its description (a required
    /// property left out, a value of the wrong type, ...) is a `Decode` error naming each
    /// place, instead of a value with defaults standing in. Off by default.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The API's base URL (default: its environment variable, else the description's server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the credential of the security scheme named `scheme` in the description.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.set(scheme, credential);
        self
    }

    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The timeout of each call, retries included (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends through an HTTP client built from this builder (proxies, TLS, timeouts, default
    /// headers) instead of one of its own. Whatever the builder says of redirects, the client
    /// follows none itself and sends no `Referer`: the runtime follows a redirect within the
    /// API's origin and refuses one to another origin (a [`ErrorKind::Redirect`] error), so
    /// no credential ever leaves its origin. A built `reqwest::Client` is not taken, because
    /// its redirect policy can no longer be changed.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(own_redirects(builder).build().map_err(std::sync::Arc::new));
        self
    }

    /// The `User-Agent` (default `<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The largest answer body read (default 256 MiB); a larger one is a `TooLarge` error.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Credentials and base URL not given in code come from the environment.
    pub fn build(self) -> Result<Client, Error> {
        self.build_with_env(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// [`build`](Self::build), reading the environment through `var`.
    pub fn build_with_env(self, var: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        let mut credentials = self.credentials;
        credentials.fill_from_env(self.api, &var)?;
        let base_url = self
            .base_url
            .or_else(|| var(self.api.base_url_env))
            .or_else(|| self.api.default_base_url.map(String::from))
            .ok_or_else(|| Error::new(ErrorKind::Build, format!("no base URL: set {} or call base_url", self.api.base_url_env)))?;
        let user_agent = self.user_agent.as_deref().unwrap_or(self.api.user_agent);
        let user_agent = http::HeaderValue::from_str(user_agent).map_err(|_| Error::new(ErrorKind::Build, "the User-Agent is not a valid header value"))?;
        let http = match self.http {
            Some(Ok(http)) => http,
            Some(Err(e)) => return Err(Error::new(ErrorKind::Transport, "cannot start the HTTP client").with_source(e)),
            None => own_redirects(reqwest::Client::builder())
                .build()
                .map_err(|e| Error::new(ErrorKind::Transport, "cannot start the HTTP client").with_source(e))?,
        };
        Ok(Client {
            http,
            api: self.api,
            base_url,
            credentials,
            retry: self.retry,
            timeout: self.timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes,
            strict: self.strict,
        })
    }
}

/// The async client: sends any operation's request with credentials, retries and a timeout.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    api: &'static Api,
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
    timeout: Duration,
    user_agent: http::HeaderValue,
    max_response_bytes: usize,
    strict: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &without_userinfo(&self.base_url))
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("strict", &self.strict)
            .finish()
    }
}

/// Per-call settings.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    headers: http::HeaderMap,
    query: crate::Query,
    idempotency_key: Option<String>,
    strict: Option<bool>,
}

impl CallOptions {
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Overrides the client's timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the client's number of retries for this call.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Adds a header to the request (after the operation's own, which it replaces).
    pub fn header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Adds a query parameter to the request.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push(name, value);
        self
    }

    /// Overrides the client's strict decoding for this call (see [`ClientBuilder::strict`]).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = Some(strict);
        self
    }

    /// Sends this key in the API's idempotency header: the server does the call once however
    /// often it arrives, so a POST or PATCH may then be retried like any other call.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// What a call is, for errors and traces.
#[derive(Debug, Clone)]
struct Call {
    method: http::Method,
    path: &'static str,
    security: &'static [&'static [&'static str]],
}

impl Call {
    fn of<O: Operation>() -> Self {
        Call { method: O::METHOD, path: O::PATH, security: O::SECURITY }
    }
}

impl Client {
    pub fn builder(api: &'static Api) -> ClientBuilder {
        ClientBuilder::new(api)
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `op` and decodes the typed result.
    pub async fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error<O::Error>> {
        self.send_with(op, &CallOptions::default()).await
    }

    /// [`Client::send`] with per-call options.
    pub async fn send_with<O: Operation>(&self, op: &O, options: &CallOptions) -> Result<O::Output, Error<O::Error>> {
        Ok(self.send_decoded(op, options).await?.value)
    }

    /// Sends `op` and gives the decoded success body with the places where it deviates from
    /// the description (see [`crate::decode`]); in strict mode any deviation is an error.
    pub async fn send_decoded<O: Operation>(&self, op: &O, options: &CallOptions) -> Result<Decoded<O::Output>, Error<O::Error>> {
        let response = self.send_raw_with(op, options).await.map_err(Error::typed)?;
        decode::<O>(response, options.strict.unwrap_or(self.strict)).map_err(Error::typed)
    }

    /// Sends `op` and gives its payload: what the envelope carries, where the success body is
    /// one (an envelope without it is a `Decode` error), else the success body.
    pub async fn send_payload<O: Operation>(&self, op: &O, options: &CallOptions) -> Result<O::Payload, Error<O::Error>> {
        Ok(self.send_payload_decoded(op, options).await?.value)
    }

    /// [`Client::send_payload`], with the places where the answer deviates from the
    /// description.
    pub async fn send_payload_decoded<O: Operation>(&self, op: &O, options: &CallOptions) -> Result<Decoded<O::Payload>, Error<O::Error>> {
        let Decoded { value, deviations } = self.send_decoded(op, options).await?;
        let value = <O::Payload as crate::PayloadOf<O::Output>>::from_body(value).ok_or_else(|| {
            let field = <O::Payload as crate::PayloadOf<O::Output>>::FIELD.unwrap_or("payload");
            Error::new(ErrorKind::Decode, format!("`{} {}`: the answer carries no `{field}`", O::METHOD, O::PATH)).typed()
        })?;
        Ok(Decoded { value, deviations })
    }

    /// Sends `op` and gives the raw response, headers included, whatever its status. Retries
    /// and the timeout apply.
    pub async fn send_raw<O: Operation>(&self, op: &O) -> Result<http::Response<Vec<u8>>, Error> {
        self.send_raw_with(op, &CallOptions::default()).await
    }

    pub async fn send_raw_with<O: Operation>(&self, op: &O, options: &CallOptions) -> Result<http::Response<Vec<u8>>, Error> {
        self.execute(Call::of::<O>(), self.request_of(op)?, options).await
    }

    /// `op`'s request against this client's base URL; a broken constraint is a `Build` error.
    fn request_of<O: Operation>(&self, op: &O) -> Result<http::Request<crate::Body>, Error> {
        op.build_request(&self.base_url).map_err(|e| Error::new(ErrorKind::Build, e.to_string()).with_source(e))
    }

    /// Authenticates, applies the options and sends with retries within the timeout.
    async fn execute(&self, call: Call, request: http::Request<crate::Body>, options: &CallOptions) -> Result<http::Response<Vec<u8>>, Error> {
        Ok(self.run(call, request, options, false).await?.0)
    }

    /// [`Client::execute`]; with `open`, a success's body is left unread, for the caller to
    /// read as it arrives.
    async fn run(&self, call: Call, mut request: http::Request<crate::Body>, options: &CallOptions, open: bool) -> Result<Answer, Error> {
        self.credentials.apply(self.api, call.security, &mut request).map_err(|e| e.context(format_args!("`{} {}`", call.method, call.path)))?;
        *request.uri_mut() = options.query.append_to(request.uri()).map_err(|e| Error::new(ErrorKind::Build, format!("a query option does not fit in the URI: {e}")))?;
        let headers = request.headers_mut();
        headers.insert(http::header::USER_AGENT, self.user_agent.clone());
        for name in options.headers.keys() {
            headers.remove(name);
        }
        headers.extend(options.headers.clone());
        if let Some(key) = &options.idempotency_key {
            let name = http::HeaderName::from_bytes(self.api.idempotency_header.as_bytes());
            let value = http::HeaderValue::from_str(key);
            let (Ok(name), Ok(value)) = (name, value) else { return Err(Error::new(ErrorKind::Build, "the idempotency key is not a valid header value")) };
            headers.insert(name, value);
        }
        let idempotent = options.idempotency_key.is_some() || !matches!(*request.method(), http::Method::POST | http::Method::PATCH);
        let timeout = options.timeout.unwrap_or(self.timeout);
        // A stream is read once: a request that sends one is not tried again.
        let retries = if request.body().is_replayable() { options.max_retries.unwrap_or(self.retry.max_retries) } else { 0 };
        let deadline = tokio::time::Instant::now() + timeout;
        let attempts = async {
            match tokio::time::timeout_at(deadline, self.attempts(&request, idempotent, retries, deadline, open)).await {
                Ok(result) => result,
                Err(_) => Err(Error::new(ErrorKind::Timeout, format!("no answer within {timeout:?}"))),
            }
        };
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!("call", method = %call.method, path = call.path);
            let started = std::time::Instant::now();
            let result = attempts.instrument(span.clone()).await;
            let _entered = span.enter();
            let elapsed_ms = started.elapsed().as_millis() as u64;
            match &result {
                Ok((response, _)) => tracing::info!(status = response.status().as_u16(), elapsed_ms, "call finished"),
                Err(e) => tracing::warn!(kind = ?e.kind(), status = e.status().map(|s| s.as_u16()), elapsed_ms, "call failed"),
            }
            result
        }
        #[cfg(not(feature = "tracing"))]
        attempts.await
    }

    /// Tries `request` until it succeeds, fails for good, runs out of retries, or would have
    /// to wait past `deadline` (then the last answer is the result, not a timeout).
    async fn attempts(&self, request: &http::Request<crate::Body>, idempotent: bool, retries: u32, deadline: tokio::time::Instant, open: bool) -> Result<Answer, Error> {
        let mut attempt = 0;
        loop {
            #[cfg(feature = "tracing")]
            let started = std::time::Instant::now();
            let outcome = self.exchange(request, open).await;
            #[cfg(feature = "tracing")]
            {
                let elapsed_ms = started.elapsed().as_millis() as u64;
                match &outcome {
                    Ok((response, _)) => tracing::debug!(attempt, status = response.status().as_u16(), elapsed_ms, "attempt"),
                    Err((e, _)) => tracing::debug!(attempt, kind = ?e.kind(), elapsed_ms, "attempt failed"),
                }
            }
            let retry_after = match &outcome {
                Ok((response, _)) if retry::retryable_status(response.status()) => {
                    // A request that is not idempotent is retried only when the server says
                    // it did not process it.
                    if !(idempotent || retry::not_processed(response.status())) {
                        return outcome.map_err(|(e, _)| e);
                    }
                    Some(retry::retry_after(response.headers()))
                }
                Ok(_) => return outcome.map_err(|(e, _)| e),
                // The request never left: always safe to send again.
                Err((e, unsent)) if e.kind() == ErrorKind::Transport && (*unsent || idempotent) => Some(None),
                Err(_) => None,
            };
            match retry_after.map(|wait| wait.unwrap_or_else(|| self.retry.backoff(attempt))) {
                Some(wait) if attempt < retries && tokio::time::Instant::now() + wait < deadline => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return outcome.map_err(|(e, _)| e),
            }
        }
    }

    /// One attempt, following the redirects that stay on the request's origin (at most
    /// [`MAX_REDIRECTS`] hops), where its credentials may go; a redirect to another origin, or
    /// one hop too many, is the answer. An error says whether the request is known not to
    /// have left.
    async fn exchange(&self, request: &http::Request<crate::Body>, open: bool) -> Result<Answer, (Error, bool)> {
        let mut answer = self.once(request, open).await?;
        let mut hop: Option<http::Request<crate::Body>> = None;
        for _ in 0..MAX_REDIRECTS {
            let Some(next) = same_origin_redirect(hop.as_ref().unwrap_or(request), &answer.0) else { break };
            // The first request was answered: whatever fails now, it has left.
            answer = self.once(&next, open).await.map_err(|(e, _)| (e, false))?;
            hop = Some(next);
        }
        Ok(answer)
    }

    /// One request; an error says whether it is known not to have left. With `open`, a
    /// success's body is not read: the answer carries the response to read it from.
    async fn once(&self, request: &http::Request<crate::Body>, open: bool) -> Result<Answer, (Error, bool)> {
        let mut builder = self.http.request(request.method().clone(), request.uri().to_string());
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        let transport = |e: reqwest::Error| {
            let unsent = e.is_connect() || never_sent(&e);
            (Error::new(ErrorKind::Transport, format!("request failed: {}", redact(&e))).with_source(e.without_url()), unsent)
        };
        let body = request.body();
        let mut response = match body.shared_bytes() {
            Some(bytes) => builder.body(bytes),
            None => {
                let length = body.len().map_err(|e| (Error::new(ErrorKind::Build, format!("cannot read an upload: {e}")).with_source(e), true))?;
                if let Some(length) = length {
                    builder = builder.header(http::header::CONTENT_LENGTH, length);
                }
                builder.body(reqwest::Body::wrap(upload::Sending::new(body.chunks(), length)))
            }
        }
        .send()
        .await
        .map_err(transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        if open && status.is_success() {
            let mut out = http::Response::new(Vec::new());
            *out.status_mut() = status;
            *out.headers_mut() = headers;
            return Ok((out, Some(response)));
        }
        let limit = self.max_response_bytes;
        let too_large = || (Error::new(ErrorKind::TooLarge, format!("the answer is larger than the limit of {limit} bytes (see `max_response_bytes`)")), false);
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(response.content_length().map_or(0, |n| n as usize));
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.headers_mut() = headers;
        Ok((out, None))
    }
}

/// An answer: its status, headers and body, or (for a success asked to be left open) its
/// status and headers, and the response to read the body from as it arrives.
type Answer = (http::Response<Vec<u8>>, Option<reqwest::Response>);

/// How many redirects within the origin one attempt follows.
pub const MAX_REDIRECTS: usize = 10;

/// The HTTP client's settings that keep credentials with their origin: it follows no redirect
/// (the runtime does, within the origin) and sends no `Referer` (which would carry a query key).
fn own_redirects(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.redirect(reqwest::redirect::Policy::none()).referer(false)
}

/// The request a redirect asks for, where the runtime follows it: a 301, 302, 303, 307 or 308
/// whose `Location` is on the origin of `request` (scheme, host and port alike).
fn same_origin_redirect(request: &http::Request<crate::Body>, response: &http::Response<Vec<u8>>) -> Option<http::Request<crate::Body>> {
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let from = url::Url::parse(&request.uri().to_string()).ok()?;
    let location = response.headers().get(http::header::LOCATION)?.to_str().ok()?;
    let mut to = from.join(location).ok()?;
    if to.origin() != from.origin() || !matches!(to.scheme(), "http" | "https") {
        return None;
    }
    to.set_fragment(None);
    // 303, and 301 or 302 after a POST, ask for a GET without the body (as browsers do);
    // 307 and 308 repeat the request as it was.
    let method = request.method();
    let get = (status == 303 && method != http::Method::HEAD) || (matches!(status, 301 | 302) && method == http::Method::POST);
    if !get && !request.body().is_replayable() {
        return None;
    }
    let mut next = http::Request::new(if get { crate::Body::default() } else { request.body().clone() });
    *next.method_mut() = if get { http::Method::GET } else { method.clone() };
    *next.uri_mut() = to.as_str().parse().ok()?;
    *next.headers_mut() = request.headers().clone();
    if get {
        for name in [http::header::CONTENT_TYPE, http::header::CONTENT_LENGTH, http::header::CONTENT_ENCODING] {
            next.headers_mut().remove(name);
        }
    }
    Some(next)
}

/// A URL without its `user:password@`, for `Debug`.
fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else { return url.into() };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]).into(),
        None => url.into(),
    }
}

/// Decodes an answer once, as the operation describes it: a status that is not a success,
/// or a success whose declared flag says it failed, is an error with the declared error body.
fn decode<O: Operation>(response: http::Response<Vec<u8>>, strict: bool) -> Result<Decoded<O::Output>, Error> {
    let (parts, body) = response.into_parts();
    let (status, headers) = (parts.status, parts.headers);
    if !status.is_success() {
        return Err(Error::from_response::<O>(ErrorKind::of_status(status), status, headers, body));
    }
    crate::decode::take_reported();
    let parsed = O::parse(status, &body);
    let deviations = crate::decode::take_reported();
    match parsed {
        Ok(output) if O::reports_failure(&output) => Err(Error::from_response::<O>(ErrorKind::Other, status, headers, body)),
        Ok(_) if strict && !deviations.is_empty() => {
            let message = deviation_message::<O>(&deviations);
            Err(Error::from_response::<O>(ErrorKind::Decode, status, headers, body).with_message(message))
        }
        Ok(value) => {
            #[cfg(feature = "tracing")]
            if let Some(first) = deviations.first() {
                tracing::warn!(method = %O::METHOD, path = O::PATH, deviations = deviations.len(), first = %first, "the answer deviates from its description");
            }
            Ok(Decoded { value, deviations })
        }
        Err(e) => {
            // A failure reported in a success's body need not have the success's shape.
            if O::SUCCESS_FLAG.is_some_and(|flag| flag_is_false(&body, flag)) {
                return Err(Error::from_response::<O>(ErrorKind::Other, status, headers, body));
            }
            let message = e.to_string();
            Err(Error::from_response::<O>(ErrorKind::Decode, status, headers, body).with_message(message))
        }
    }
}

/// Strict mode's error text: where the answer deviates, the first few places.
fn deviation_message<O: Operation>(deviations: &[crate::Deviation]) -> String {
    const SHOWN: usize = 5;
    let places: Vec<String> = deviations.iter().take(SHOWN).map(ToString::to_string).collect();
    let more = deviations.len().saturating_sub(SHOWN);
    let more = if more > 0 { format!("; and {more} more") } else { String::new() };
    format!("`{} {}`: the answer deviates from its description (strict mode): {}{more}", O::METHOD, O::PATH, places.join("; "))
}

/// Whether the body is an object whose `flag` is `false`; nothing else of it is kept.
fn flag_is_false(body: &[u8], flag: &str) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) else { return false };
    map.get(flag) == Some(&serde_json::Value::Bool(false))
}

/// Whether a transport error says the request was never written: the pool handed out a
/// connection the server had already closed, and the request was cancelled before it went.
fn never_sent(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = source {
        if error.downcast_ref::<hyper::Error>().is_some_and(|h| h.is_canceled()) {
            return true;
        }
        source = error.source();
    }
    false
}

/// A transport error's text without the URL (which may carry identifiers users consider
/// private, or an API key sent in the query).
fn redact(e: &reqwest::Error) -> String {
    let text = e.to_string();
    match e.url() {
        Some(url) => text.replace(url.as_str(), "<url>"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, location: &str) -> http::Response<Vec<u8>> {
        http::Response::builder().status(status).header("location", location).body(Vec::new()).unwrap()
    }

    fn post(uri: &str) -> http::Request<crate::Body> {
        http::Request::post(uri).header("x-api-key", "k").header("content-type", "application/json").body(b"{}".to_vec().into()).unwrap()
    }

    #[test]
    fn redirects_are_followed_within_the_origin_only() {
        let from = post("https://api.example.com:8443/v1/things?a=1");
        let next = same_origin_redirect(&from, &answer(307, "/v2/things?b=2#frag")).expect("same origin");
        assert_eq!((next.method(), next.uri().to_string()), (&http::Method::POST, "https://api.example.com:8443/v2/things?b=2".to_string()));
        assert_eq!((next.body().as_bytes().unwrap(), next.headers()["x-api-key"].to_str().unwrap()), (b"{}".as_slice(), "k"));
        let next = same_origin_redirect(&from, &answer(303, "https://api.example.com:8443/done")).expect("same origin");
        assert_eq!((next.method(), next.body().as_bytes().unwrap().len(), next.headers().get("content-type")), (&http::Method::GET, 0, None));
        assert_eq!(same_origin_redirect(&from, &answer(302, "other")).expect("relative").method(), http::Method::GET);
        for elsewhere in ["https://evil.example.com/v1", "http://api.example.com:8443/v1", "https://api.example.com/v1", "//evil.example.com/x", "ftp://api.example.com:8443/"] {
            assert!(same_origin_redirect(&from, &answer(307, elsewhere)).is_none(), "{elsewhere}");
        }
        for status in [300, 304, 305, 200] {
            assert!(same_origin_redirect(&from, &answer(status, "/v2")).is_none(), "{status}");
        }
    }

    #[test]
    fn userinfo_is_hidden() {
        assert_eq!(without_userinfo("https://ann:pw@api.example.com/v1?x=a@b"), "https://***@api.example.com/v1?x=a@b");
        assert_eq!(without_userinfo("https://api.example.com/v1?x=a@b"), "https://api.example.com/v1?x=a@b");
        assert_eq!(without_userinfo("not a url"), "not a url");
    }

    #[test]
    fn a_false_flag_is_found_only_at_the_top() {
        assert!(flag_is_false(br#"{"success":false,"errors":[]}"#, "success"));
        assert!(!flag_is_false(br#"{"success":true}"#, "success"));
        assert!(!flag_is_false(br#"{"result":{"success":false}}"#, "success"));
        assert!(!flag_is_false(b"[false]", "success"));
    }
}
