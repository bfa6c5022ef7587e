//! The client's error: what failed, and everything the server said about it.

use crate::{ErrorAnswers, Operation};
use std::any::Any;
use std::fmt;
use std::marker::PhantomData;

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

/// An error answer decoded as the operation's description declares it.
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
///
/// `E` is the error answers of the operation called ([`Operation::Error`]): a call's error
/// gives them, decoded, by [`Error::api_error`]. `?` turns it into the plain `Error`
/// ([`AnyCall`]) that errors of any call share, as walks over pages give.
pub struct Error<E = AnyCall>(Box<Inner>, PhantomData<fn() -> E>);

/// The `E` of an [`Error`] that may come from any call: its error answer is reached by
/// [`Error::api_error_as`].
#[derive(Debug, Clone, Copy)]
pub enum AnyCall {}

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
        Error(Box::new(Inner { kind, status: None, headers: http::HeaderMap::new(), body: Vec::new(), api_error: None, message: message.into(), source: None }), PhantomData)
    }

    pub(crate) fn credentials(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Credentials, message)
    }

    /// An answer that is not the success described: decoded as `O::Error` (a success whose
    /// flag says it failed, as the declared error body whatever its status), and the message
    /// is the one the API puts at `O::ERROR_MESSAGE`, if any. A success that does not decode
    /// has no error answer.
    pub(crate) fn from_response<O: Operation + ?Sized>(kind: ErrorKind, status: http::StatusCode, headers: http::HeaderMap, body: Vec<u8>) -> Self {
        let declared = if status.is_success() && !O::ERRORS.is_empty() { &["default"][..] } else { O::ERRORS };
        let answer = (kind != ErrorKind::Decode).then(|| O::Error::decode(status, &body, declared));
        let api_error = answer.map(|e| Box::new(e) as Box<dyn ApiError>);
        let message = match O::ERROR_MESSAGE.and_then(|pointer| api_message(&body, pointer)) {
            _ if kind == ErrorKind::Redirect => {
                format!("{status}: not followed, so that no credential leaves its origin (another origin, or more than {} hops; `Error::headers` has its Location)", super::MAX_REDIRECTS)
            }
            Some(said) => format!("{status}: {said}"),
            None if body.is_empty() => status.to_string(),
            None => format!("{status} ({} bytes of body, see `Error::body`)", body.len()),
        };
        Error(Box::new(Inner { kind, status: Some(status), headers, body, api_error, message, source: None }), PhantomData)
    }
}

impl<E> Error<E> {
    /// The same error, as the error of a call whose error answers are `F`.
    #[doc(hidden)]
    pub fn typed<F>(self) -> Error<F> {
        Error(self.0, PhantomData)
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

    /// The raw data that came with a failure outside any answer's body (an `error` event).
    pub(crate) fn with_body(mut self, body: Vec<u8>) -> Self {
        self.0.body = body;
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

    /// The error answer as type `T`, for a plain `Error` that may come from any call: `T`
    /// is the called operation's [`Operation::Error`]; `None` for another type.
    pub fn api_error_as<T: Any>(&self) -> Option<&T> {
        self.0.api_error.as_deref().and_then(|e| e.as_any().downcast_ref())
    }
}

impl<E: ErrorAnswers> Error<E> {
    /// The server's error answer, decoded as the operation declares its errors: its declared
    /// body by status, or the undeclared case. `None` when no error answer came (the
    /// connection failed, a timeout, a request that could not be built, a success that did
    /// not decode).
    pub fn api_error(&self) -> Option<&E> {
        self.api_error_as()
    }
}

/// A call's error as the plain `Error` every call shares.
impl<E: ErrorAnswers> From<Error<E>> for Error {
    fn from(e: Error<E>) -> Self {
        e.typed()
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
impl<E> fmt::Debug for Error<E> {
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

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.0.kind, self.0.message)
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Declared {
        code: i64,
    }

    /// An operation whose `4XX` body is `Declared`, with its message at `/errors/0/message`.
    struct Op;

    impl Operation for Op {
        type Output = ();
        type Error = crate::ApiError<Declared>;
        type Payload = ();
        const METHOD: http::Method = http::Method::GET;
        const PATH: &'static str = "/x";
        const ERRORS: &'static [&'static str] = &["4XX"];
        const ERROR_MESSAGE: Option<&'static str> = Some("/errors/0/message");
        fn build_request(&self, _: &str) -> Result<http::Request<crate::Body>, crate::BuildError> {
            unreachable!("never sent")
        }
        fn parse(_: http::StatusCode, _: &[u8]) -> crate::Parsed<Self> {
            Ok(())
        }
    }

    fn error(status: http::StatusCode, body: &str) -> Error<crate::ApiError<Declared>> {
        Error::from_response::<Op>(ErrorKind::of_status(status), status, http::HeaderMap::new(), body.as_bytes().to_vec()).typed()
    }

    #[test]
    fn the_declared_error_answer_is_decoded_by_status_and_the_rest_kept() {
        use crate::ApiError::{Declared as Body, Undeclared};
        let mut headers = http::HeaderMap::new();
        headers.insert("x-request-id", "r1".parse().unwrap());
        let e: Error<crate::ApiError<Declared>> =
            Error::from_response::<Op>(ErrorKind::NotFound, http::StatusCode::NOT_FOUND, headers, br#"{"code":7}"#.to_vec()).typed();
        assert_eq!(e.api_error(), Some(&Body(Declared { code: 7 })));
        assert_eq!(e.headers()["x-request-id"], "r1");
        assert_eq!(e.status(), Some(http::StatusCode::NOT_FOUND));
        assert_eq!(e.body(), br#"{"code":7}"#);
        // A status the operation declares no body for, and a body that is not the declared one.
        assert_eq!(error(http::StatusCode::BAD_GATEWAY, r#"{"code":7}"#).api_error(), Some(&Undeclared));
        let other = error(http::StatusCode::BAD_REQUEST, "<html>");
        assert_eq!(other.api_error(), Some(&Undeclared));
        assert_eq!(other.body(), b"<html>");
        // No answer, no error answer.
        assert_eq!(Error::new(ErrorKind::Timeout, "late").typed::<crate::ApiError<Declared>>().api_error(), None);
        // A success whose flag says it failed carries the declared body; one that does not
        // decode carries none.
        let flagged = Error::from_response::<Op>(ErrorKind::Other, http::StatusCode::OK, http::HeaderMap::new(), br#"{"code":3}"#.to_vec());
        assert_eq!(flagged.api_error_as::<crate::ApiError<Declared>>(), Some(&Body(Declared { code: 3 })));
        let broken = Error::from_response::<Op>(ErrorKind::Decode, http::StatusCode::OK, http::HeaderMap::new(), b"[]".to_vec());
        assert!(broken.api_error_as::<crate::ApiError<Declared>>().is_none());
    }

    #[test]
    fn a_call_error_becomes_the_plain_error_and_keeps_its_answer() {
        fn plain() -> Result<(), Error> {
            Err(error(http::StatusCode::CONFLICT, r#"{"code":9}"#))?;
            Ok(())
        }
        let e = plain().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert_eq!(e.api_error_as::<crate::ApiError<Declared>>().and_then(crate::ApiError::declared), Some(&Declared { code: 9 }));
        assert_eq!(e.api_error_as::<String>(), None);
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
