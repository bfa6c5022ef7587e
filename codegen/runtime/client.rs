//! An async client (feature `client`, on by default): credentials, retries, timeouts,
//! pagination and typed errors around the request builders. It is the same for every API;
//! the generator copies it unchanged.

use crate::runtime::{Operation, Paginated};
use std::fmt;
use std::time::Duration;

/// The default timeout of a request, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Retries after the first attempt, by default.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// A secret that never shows in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, to put in a header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// How requests are authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// `Authorization: Bearer <token>`.
    Token(Secret),
    /// `X-Auth-Email` and `X-Auth-Key` (global API key).
    Key { email: String, key: Secret },
}

impl Credentials {
    /// From `CLOUDFLARE_API_TOKEN`, else `CLOUDFLARE_EMAIL` with `CLOUDFLARE_API_KEY`.
    pub fn from_env() -> Result<Self, Error> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        if let Some(token) = var("CLOUDFLARE_API_TOKEN") {
            return Ok(Credentials::Token(Secret::new(token)));
        }
        match (var("CLOUDFLARE_EMAIL"), var("CLOUDFLARE_API_KEY")) {
            (Some(email), Some(key)) => Ok(Credentials::Key { email, key: Secret::new(key) }),
            (Some(_), None) => Err(Error::credentials("CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not")),
            (None, Some(_)) => Err(Error::credentials("CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not")),
            (None, None) => Err(Error::credentials(
                "no credentials: set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY",
            )),
        }
    }

    fn apply(&self, headers: &mut http::HeaderMap) -> Result<(), Error> {
        let value = |v: &str| {
            let mut value = http::HeaderValue::from_str(v).map_err(|_| Error::credentials("a credential is not a valid header value"))?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        match self {
            Credentials::Token(token) => {
                headers.insert(http::header::AUTHORIZATION, value(&format!("Bearer {}", token.expose()))?);
            }
            Credentials::Key { email, key } => {
                headers.insert("x-auth-email", value(email)?);
                headers.insert("x-auth-key", value(key.expose())?);
            }
        }
        Ok(())
    }
}

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400.
    BadRequest,
    /// 401.
    Authentication,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422.
    Unprocessable,
    /// 429.
    RateLimited,
    /// 5XX.
    Server,
    /// Any other status that is not a success, or a success with `"success": false`.
    Other,
    /// The connection failed.
    Transport,
    /// The request took longer than its timeout.
    Timeout,
    /// The body did not match the described type.
    Decode,
    /// The request broke a constraint of the API description; nothing was sent.
    Build,
    /// Credentials are missing or unusable; nothing was sent.
    Credentials,
}

impl ErrorKind {
    fn of_status(status: http::StatusCode) -> Self {
        match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::Unprocessable,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Other,
        }
    }
}

/// One entry of the `errors` (or `messages`) array of a Cloudflare response.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ApiMessage {
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub message: String,
}

/// Why a call failed. Never contains credentials.
#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    /// The HTTP status, when the server answered.
    pub status: Option<http::StatusCode>,
    /// The `errors` array of the response, when it had one.
    pub errors: Vec<ApiMessage>,
    /// The raw response body, when the server answered.
    pub body: Vec<u8>,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, status: None, errors: Vec::new(), body: Vec::new(), message: message.into(), source: None }
    }

    fn credentials(message: &str) -> Self {
        Error::new(ErrorKind::Credentials, message)
    }

    fn from_response(kind: ErrorKind, status: http::StatusCode, body: Vec<u8>) -> Self {
        let errors = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("errors").cloned())
            .and_then(|e| serde_json::from_value::<Vec<ApiMessage>>(e).ok())
            .unwrap_or_default();
        let summary = match errors.first() {
            Some(first) => format!("{} ({})", first.message, first.code),
            None => String::from_utf8_lossy(&body).chars().take(200).collect(),
        };
        Error { kind, status: Some(status), errors, body, message: format!("{status}: {summary}"), source: None }
    }

    fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// When to try a request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: DEFAULT_MAX_RETRIES, initial_backoff: Duration::from_millis(500), max_backoff: Duration::from_secs(8) }
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
}

impl ClientBuilder {
    /// The API's base URL (default: `CLOUDFLARE_BASE_URL`, else the description's server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    pub fn api_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::Token(Secret::new(token)));
        self
    }

    pub fn api_key(mut self, email: impl Into<String>, key: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::Key { email: email.into(), key: Secret::new(key) });
        self
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
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
        self.timeout = Some(timeout);
        self
    }

    /// Credentials and base URL not given in code come from the environment.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = match self.credentials {
            Some(credentials) => credentials,
            None => Credentials::from_env()?,
        };
        let base_url = self
            .base_url
            .or_else(|| std::env::var("CLOUDFLARE_BASE_URL").ok().filter(|v| !v.is_empty()))
            .or_else(|| crate::DEFAULT_BASE_URL.map(String::from))
            .ok_or_else(|| Error::new(ErrorKind::Build, "no base URL: set CLOUDFLARE_BASE_URL or call base_url"))?;
        // No redirects: the API does not redirect its calls, and a redirect to another origin
        // would carry `X-Auth-Key` with it (reqwest strips only `Authorization`).
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::new(ErrorKind::Transport, "cannot start the HTTP client").with_source(e))?;
        Ok(Client { http, base_url, credentials, retry: self.retry, timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT) })
    }
}

/// The async client: sends any operation's request with credentials, retries and a timeout.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Per-call settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallOptions {
    /// Overrides the client's timeout for this call.
    pub timeout: Option<Duration>,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured entirely from the environment.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().build()
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `op` and decodes the typed result. A 2XX whose body says `"success": false` is an
    /// error too.
    pub async fn send<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.send_with(op, CallOptions::default()).await
    }

    /// [`Client::send`] with per-call options.
    pub async fn send_with<O: Operation>(&self, op: &O, options: CallOptions) -> Result<O::Output, Error> {
        let response = self.send_raw_with(op, options).await?;
        let status = response.status();
        let body = response.into_body();
        if !status.is_success() {
            return Err(Error::from_response(ErrorKind::of_status(status), status, body));
        }
        if serde_json::from_slice::<serde_json::Value>(&body).ok().and_then(|v| v.get("success").and_then(|s| s.as_bool())) == Some(false) {
            return Err(Error::from_response(ErrorKind::Other, status, body));
        }
        O::parse(status, &body).map_err(|e| {
            let message = e.to_string();
            Error { message, ..Error::from_response(ErrorKind::Decode, status, body.clone()) }
        })
    }

    /// Sends `op` and gives the raw response, headers included, whatever its status. Retries
    /// and the timeout apply.
    pub async fn send_raw<O: Operation>(&self, op: &O) -> Result<http::Response<Vec<u8>>, Error> {
        self.send_raw_with(op, CallOptions::default()).await
    }

    pub async fn send_raw_with<O: Operation>(&self, op: &O, options: CallOptions) -> Result<http::Response<Vec<u8>>, Error> {
        let mut request = op.build_request(&self.base_url).map_err(|e| Error::new(ErrorKind::Build, e.to_string()).with_source(e))?;
        self.credentials.apply(request.headers_mut())?;
        let timeout = options.timeout.unwrap_or(self.timeout);
        let deadline = tokio::time::Instant::now() + timeout;
        match tokio::time::timeout_at(deadline, self.attempts(request, deadline)).await {
            Ok(result) => result,
            Err(_) => Err(Error::new(ErrorKind::Timeout, format!("no answer within {timeout:?}"))),
        }
    }

    /// Tries `request` until it succeeds, fails for good, runs out of retries, or would have
    /// to wait past `deadline` (then the last answer is the result, not a timeout).
    async fn attempts(&self, request: http::Request<Vec<u8>>, deadline: tokio::time::Instant) -> Result<http::Response<Vec<u8>>, Error> {
        let idempotent = !matches!(*request.method(), http::Method::POST | http::Method::PATCH);
        let mut attempt = 0;
        loop {
            let outcome = self.once(&request).await;
            let retry_after = match &outcome {
                Ok(response) if retryable_status(response.status()) => {
                    // A request that was not idempotent is retried only when the server says
                    // it did not process it.
                    let safe = idempotent || matches!(response.status().as_u16(), 429 | 503);
                    if !safe {
                        return outcome.map_err(|(e, _)| e);
                    }
                    Some(retry_after(response.headers()))
                }
                Ok(_) => return outcome.map_err(|(e, _)| e),
                // The connection failed before the request could be sent: always safe.
                Err((_, connect)) if *connect || idempotent => Some(None),
                Err(_) => None,
            };
            match retry_after.map(|wait| wait.unwrap_or_else(|| self.backoff(attempt))) {
                Some(wait) if attempt < self.retry.max_retries && tokio::time::Instant::now() + wait < deadline => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return outcome.map_err(|(e, _)| e),
            }
        }
    }

    /// One attempt; an error says whether it happened while connecting.
    async fn once(&self, request: &http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, (Error, bool)> {
        let mut builder = self.http.request(request.method().clone(), request.uri().to_string());
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        let transport = |e: reqwest::Error| {
            let connect = e.is_connect();
            (Error::new(ErrorKind::Transport, format!("request failed: {}", redact(&e))).with_source(e.without_url()), connect)
        };
        let response = builder.body(request.body().clone()).send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?.to_vec();
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.headers_mut() = headers;
        Ok(out)
    }

    /// `min(initial * 2^attempt, max)`, less up to a quarter at random.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self.retry.initial_backoff.saturating_mul(1u32 << attempt.min(16)).min(self.retry.max_backoff);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        base.mul_f64(1.0 - f64::from(nanos % 1000) / 4000.0)
    }

    /// The pages of a paginated operation, from its `page` (default 1) to the last page: the
    /// walk stops at an empty or short page, or past `total_count`, without asking for more.
    pub fn pages<'a, O>(&'a self, op: O) -> impl futures_core::Stream<Item = Result<O::Output, Error>> + 'a
    where
        O: Paginated + 'a,
        O::Output: 'a,
    {
        let first = op.current_page().unwrap_or(1);
        futures_util::stream::unfold(Some((op, first)), move |state| async move {
            let (op, page) = state?;
            let op = op.with_page(page);
            match self.send(&op).await {
                Err(e) => Some((Err(e), None)),
                Ok(output) => {
                    let info = O::page_info(&output);
                    let per_page = info.per_page.or(op.requested_per_page().map(|n| n as f64));
                    let short = per_page.is_some_and(|p| (info.items as f64) < p);
                    let past_total = match (info.total_count, per_page) {
                        (Some(total), Some(p)) => (page as f64) * p >= total,
                        _ => false,
                    };
                    let next = (!(info.items == 0 || short || past_total)).then(|| (op, page + 1));
                    Some((Ok(output), next))
                }
            }
        })
    }

    /// Every item of a paginated operation, page after page.
    pub fn items<'a, O>(&'a self, op: O) -> impl futures_core::Stream<Item = Result<O::Item, Error>> + 'a
    where
        O: Paginated + 'a,
        O::Output: 'a,
        O::Item: 'a,
    {
        use futures_util::StreamExt;
        self.pages(op).flat_map(|page| {
            let items: Vec<Result<O::Item, Error>> = match page {
                Ok(output) => O::into_items(output).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            futures_util::stream::iter(items)
        })
    }
}

fn retryable_status(status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date; capped at a minute.
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    // Out-of-range values (`1e20`, `inf`) wait the longest; NaN is ignored.
    let seconds = |s: f64| Duration::try_from_secs_f64(s.max(0.0)).unwrap_or(Duration::MAX);
    let wait = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()).filter(|v| !v.is_nan()) {
        seconds(ms / 1000.0)
    } else {
        let value = header("retry-after")?;
        match value.parse::<f64>().ok().filter(|v| !v.is_nan()) {
            Some(s) => seconds(s),
            None => httpdate::parse_http_date(value).ok()?.duration_since(std::time::SystemTime::now()).unwrap_or_default(),
        }
    };
    Some(wait.min(Duration::from_secs(60)))
}

/// A transport error's text without the URL (which may carry identifiers users consider private).
fn redact(e: &reqwest::Error) -> String {
    let text = e.to_string();
    match e.url() {
        Some(url) => text.replace(url.as_str(), "<url>"),
        None => text,
    }
}
