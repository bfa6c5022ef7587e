//! The client's error: what failed, and everything the server said about it.

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

/// Why a call failed. Never contains credentials.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
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

    /// An answer that is not the success described: the body is decoded as `E` where it can be.
    pub(crate) fn from_response<E: serde::de::DeserializeOwned + fmt::Debug + Send + Sync + 'static>(
        kind: ErrorKind,
        status: http::StatusCode,
        headers: http::HeaderMap,
        body: Vec<u8>,
    ) -> Self {
        let api_error = serde_json::from_slice::<E>(&body).ok().map(|e| Box::new(e) as Box<dyn ApiError>);
        let summary: String = String::from_utf8_lossy(&body).chars().take(200).collect();
        let message = format!("{status}: {}", summary.trim());
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

    #[test]
    fn the_declared_error_body_is_decoded_and_the_rest_kept() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-request-id", "r1".parse().unwrap());
        let e = Error::from_response::<Declared>(ErrorKind::NotFound, http::StatusCode::NOT_FOUND, headers, br#"{"code":7}"#.to_vec());
        assert_eq!(e.api_error::<Declared>(), Some(&Declared { code: 7 }));
        assert_eq!(e.api_error::<String>(), None);
        assert_eq!(e.headers()["x-request-id"], "r1");
        assert_eq!(e.status(), Some(http::StatusCode::NOT_FOUND));
        assert_eq!(e.to_string(), r#"NotFound: 404 Not Found: {"code":7}"#);
        let other = Error::from_response::<Declared>(ErrorKind::Server, http::StatusCode::BAD_GATEWAY, http::HeaderMap::new(), b"<html>".to_vec());
        assert!(other.api_error::<Declared>().is_none());
        assert_eq!(other.body(), b"<html>");
    }
}
