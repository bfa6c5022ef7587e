//! The client's error: what failed, and everything the server said about it.

use crate::Operation;
use std::any::Any;
use std::fmt;

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
    /// Any other status that is not a success, or a success whose body says it failed.
    Other,
    /// The connection failed.
    Transport,
    /// The request took longer than its timeout.
    Timeout,
    /// The body did not match the described type.
    Decode,
    /// The answer was larger than the client's limit; the rest was not read.
    TooLarge,
    /// The request broke a constraint of the API description; nothing was sent.
    Build,
    /// Credentials are missing or unusable; nothing was sent.
    Credentials,
    /// A walk over pages met a page or cursor it had seen, or a next page it must not follow.
    Pagination,
    /// A redirect that was not followed: to another origin (where the credentials must not
    /// go), or past the limit of hops. Its `Location` is in [`Error::headers`].
    Redirect,
}

impl ErrorKind {
    pub(crate) fn of_status(status: http::StatusCode) -> Self {
        match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::Unprocessable,
            429 => ErrorKind::RateLimited,
            300..=399 => ErrorKind::Redirect,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Other,
        }
    }
}

/// An error body decoded as the operation's description declares it.
trait ApiError: Any + fmt::Debug + Send + Sync {
    fn as_any(&self) -> &dyn Any;
}

impl<T: Any + fmt::Debug + Send + Sync> ApiError for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Why a call failed. Never contains credentials: its text quotes the API's own error
/// message where the description declares one, never the raw body, which a proxy may have
/// filled with the request's headers; that body is only given by [`Error::body`].
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    status: Option<http::StatusCode>,
    headers: http::HeaderMap,
    body: Vec<u8>,
    api_error: Option<Box<dyn ApiError>>,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner { kind, status: None, headers: http::HeaderMap::new(), body: Vec::new(), api_error: None, message: message.into(), source: None }))
    }

    pub(crate) fn credentials(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Credentials, message)
    }

    /// An answer that is not the success described: the body is decoded as `O::Error` where
    /// it can be, and the message is the one the API puts at `O::ERROR_MESSAGE`, if any.
    pub(crate) fn from_response<O: Operation + ?Sized>(kind: ErrorKind, status: http::StatusCode, headers: http::HeaderMap, body: Vec<u8>) -> Self {
        let api_error = serde_json::from_slice::<O::Error>(&body).ok().map(|e| Box::new(e) as Box<dyn ApiError>);
        let message = match O::ERROR_MESSAGE.and_then(|pointer| api_message(&body, pointer)) {
            _ if kind == ErrorKind::Redirect => {
                format!("{status}: not followed, so that no credential leaves its origin (another origin, or more than {} hops; `Error::headers` has its Location)", super::MAX_REDIRECTS)
            }
            Some(said) => format!("{status}: {said}"),
            None if body.is_empty() => status.to_string(),
            None => format!("{status} ({} bytes of body, see `Error::body`)", body.len()),
        };
        Error(Box::new(Inner { kind, status: Some(status), headers, body, api_error, message, source: None }))
    }

    pub(crate) fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    /// Says which call failed, before the message.
    pub(crate) fn context(mut self, call: impl fmt::Display) -> Self {
        self.0.message = format!("{call}: {}", self.0.message);
        self
    }

    pub(crate) fn with_message(mut self, message: impl Into<String>) -> Self {
        self.0.message = message.into();
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<http::StatusCode> {
        self.0.status
    }

    /// The response headers, when the server answered (empty otherwise).
    pub fn headers(&self) -> &http::HeaderMap {
        &self.0.headers
    }

    /// The raw response body, when the server answered (empty otherwise).
    pub fn body(&self) -> &[u8] {
        &self.0.body
    }

    /// The error body decoded as the operation's description declares it, when it decoded:
    /// `T` is the operation's `Operation::Error` type.
    pub fn api_error<T: Any>(&self) -> Option<&T> {
        self.0.api_error.as_deref().and_then(|e| e.as_any().downcast_ref())
    }
}

/// The API's own message at `pointer` in a JSON body: one line, at most 300 characters.
fn api_message(body: &[u8], pointer: &str) -> Option<String> {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let text = value.pointer(pointer)?.as_str()?;
    let mut line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return None;
    }
    if let Some((cut, _)) = line.char_indices().nth(300) {
        line.truncate(cut);
        line.push('…');
    }
    Some(line)
}

/// The body shows as its length, and a decoded error body only as being there: what the
/// server sent (which may echo the request) only comes from [`Error::body`] and
/// [`Error::api_error`].
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        f.debug_struct("Error")
            .field("kind", &inner.kind)
            .field("status", &inner.status)
            .field("message", &inner.message)
            .field("headers", &inner.headers.keys().collect::<Vec<_>>())
            .field("body_len", &inner.body.len())
            .field("api_error_decoded", &inner.api_error.is_some())
            .field("source", &inner.source)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.0.kind, self.0.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Declared {
        code: i64,
    }

    /// An operation whose error body is `Declared`, with its message at `/errors/0/message`.
    struct Op;

    impl Operation for Op {
        type Output = ();
        type Error = Declared;
        type Payload = ();
        const METHOD: http::Method = http::Method::GET;
        const PATH: &'static str = "/x";
        const ERROR_MESSAGE: Option<&'static str> = Some("/errors/0/message");
        fn build_request(&self, _: &str) -> Result<http::Request<Vec<u8>>, crate::BuildError> {
            unreachable!("never sent")
        }
        fn parse(_: http::StatusCode, _: &[u8]) -> Result<(), crate::ResponseError<Declared>> {
            Ok(())
        }
    }

    fn error(status: http::StatusCode, body: &str) -> Error {
        Error::from_response::<Op>(ErrorKind::of_status(status), status, http::HeaderMap::new(), body.as_bytes().to_vec())
    }

    #[test]
    fn the_declared_error_body_is_decoded_and_the_rest_kept() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-request-id", "r1".parse().unwrap());
        let e = Error::from_response::<Op>(ErrorKind::NotFound, http::StatusCode::NOT_FOUND, headers, br#"{"code":7}"#.to_vec());
        assert_eq!(e.api_error::<Declared>(), Some(&Declared { code: 7 }));
        assert_eq!(e.api_error::<String>(), None);
        assert_eq!(e.headers()["x-request-id"], "r1");
        assert_eq!(e.status(), Some(http::StatusCode::NOT_FOUND));
        assert_eq!(e.body(), br#"{"code":7}"#);
        let other = error(http::StatusCode::BAD_GATEWAY, "<html>");
        assert!(other.api_error::<Declared>().is_none());
        assert_eq!(other.body(), b"<html>");
    }

    #[test]
    fn the_text_quotes_the_declared_message_never_the_body() {
        let e = error(http::StatusCode::FORBIDDEN, r#"{"code":9,"errors":[{"message":"  token\nexpired "}]}"#);
        assert_eq!(e.to_string(), "PermissionDenied: 403 Forbidden: token expired");
        // A proxy echoing the request: neither the text nor Debug repeats it.
        let echo = "GET /x HTTP/1.1\r\nAuthorization: Bearer tok-SECRET\r\n";
        let e = error(http::StatusCode::BAD_GATEWAY, echo);
        assert_eq!(e.to_string(), "Server: 502 Bad Gateway (51 bytes of body, see `Error::body`)");
        assert!(!format!("{e:?}").contains("SECRET") && !format!("{e:#?}").contains("116, 111, 107"), "{e:?}");
        assert_eq!(e.body(), echo.as_bytes());
        // The declared place holding no text, or no body at all.
        assert_eq!(error(http::StatusCode::NOT_FOUND, r#"{"errors":[{"message":7}]}"#).to_string(), "NotFound: 404 Not Found (26 bytes of body, see `Error::body`)");
        assert_eq!(error(http::StatusCode::NOT_FOUND, "").to_string(), "NotFound: 404 Not Found");
        let long = format!(r#"{{"errors":[{{"message":"{}"}}]}}"#, "é".repeat(400));
        assert_eq!(error(http::StatusCode::CONFLICT, &long).to_string().chars().count(), "Conflict: 409 Conflict: ".len() + 301);
    }
}
