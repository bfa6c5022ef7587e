//! Why a request could not be built (`BuildError`), and an answer that is not the success
//! an operation describes (`ResponseError`).

use serde::de::DeserializeOwned;
use std::fmt;

/// Why a request could not be built. Nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A value breaks a constraint of the API description.
    Invalid {
        /// Where: a parameter name, or `body` followed by the path to the field.
        field: String,
        /// What rule was broken.
        reason: String,
    },
    /// The base URL and path do not make a valid URI.
    Uri(String),
    /// The body could not be serialized.
    Body(serde_json::Error),
}

impl BuildError {
    /// The parameter or body field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            BuildError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &str, reason: String) -> Self {
        BuildError::Invalid { field: field.to_string(), reason }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid { field, reason } => write!(f, "invalid `{field}`: {reason}"),
            BuildError::Uri(reason) => write!(f, "invalid request URI: {reason}"),
            BuildError::Body(e) => write!(f, "cannot serialize the request body: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// The error answers an operation declares, decoded from a status and a body: an
/// operation's [`Operation::Error`](crate::Operation::Error). It is [`ApiError`] where every
/// declared error status has the same body, and an enum of the generated crate, one variant
/// per status, where they differ.
pub trait ErrorAnswers: Sized + fmt::Debug + Send + Sync + 'static {
    /// The answer with `status` and `body`. `declared` is the operation's
    /// [`ERRORS`](crate::Operation::ERRORS): the statuses (`404`, `4XX`, `default`) whose
    /// body the description declares, then those it declares without one, marked `-`
    /// (`-429`). A status not declared, or a body that does not decode, is the undeclared case.
    fn decode(status: http::StatusCode, body: &[u8], declared: &[&str]) -> Self;
}

/// The error answer of an operation whose declared error statuses share one body type `T`
/// (or that declares none): the body when the status is declared and the body decodes as
/// `T`, else `Undeclared`. The error's `status`, `headers` and `body` are on the error itself.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError<T> {
    /// The body the description declares for the answer's status.
    Declared(T),
    /// A status the description declares no body for, or a body that does not decode as
    /// declared: the error's status, headers and raw body tell what came.
    Undeclared,
}

impl<T> ApiError<T> {
    /// The declared body, if the answer had one.
    pub fn declared(&self) -> Option<&T> {
        match self {
            ApiError::Declared(body) => Some(body),
            ApiError::Undeclared => None,
        }
    }
}

impl<T: DeserializeOwned + serde::Serialize + fmt::Debug + Send + Sync + 'static> ErrorAnswers for ApiError<T> {
    fn decode(status: http::StatusCode, body: &[u8], declared: &[&str]) -> Self {
        match declared_status(status, declared) {
            Some(i) if !declared[i].starts_with('-') => error_body(body).map_or(ApiError::Undeclared, ApiError::Declared),
            _ => ApiError::Undeclared,
        }
    }
}

/// Which of `declared` (`404`, `4XX`, `default`, each possibly marked `-`) an answer's
/// `status` falls under, as OpenAPI orders them: the exact status, else its range, else
/// `default` (any other status, a success whose body says it failed included).
#[doc(hidden)]
pub fn declared_status(status: http::StatusCode, declared: &[&str]) -> Option<usize> {
    let code = status.as_u16();
    let unmarked = |d: &&str| d.strip_prefix('-').unwrap_or(d).to_owned();
    let exact = declared.iter().position(|d| unmarked(d).parse() == Ok(code));
    let range = || {
        declared.iter().map(unmarked).position(|d| d.len() == 3 && d[1..].eq_ignore_ascii_case("XX") && d[..1].parse() == Ok(code / 100))
    };
    let default = || declared.iter().position(|d| unmarked(d) == "default");
    exact.or_else(range).or_else(default)
}

/// A declared error body, decoded as leniently as a success (a required field left out is
/// filled, never a failure); `None` when it does not decode.
#[doc(hidden)]
pub fn error_body<T: DeserializeOwned + serde::Serialize>(body: &[u8]) -> Option<T> {
    crate::from_json(body).ok().map(|decoded| decoded.value)
}

/// A response that is not the success the operation describes. Its `Display` and `Debug`
/// never show the raw body (a proxy may have echoed the request's credentials into it):
/// [`ResponseError::body`] gives it.
#[non_exhaustive]
pub enum ResponseError<E> {
    /// The server answered with a status that is not a success. `error` is the answer
    /// decoded as the operation declares its errors.
    Status {
        status: http::StatusCode,
        error: Box<E>,
        body: Vec<u8>,
    },
    /// The body of a successful response does not match the described type.
    Decode {
        status: http::StatusCode,
        source: serde_json::Error,
        body: Vec<u8>,
    },
}

impl<E> ResponseError<E> {
    /// The HTTP status of the response.
    pub fn status(&self) -> http::StatusCode {
        match self {
            ResponseError::Status { status, .. } | ResponseError::Decode { status, .. } => *status,
        }
    }

    /// The error answer decoded as the operation declares its errors; `None` for a success
    /// that does not decode.
    pub fn error(&self) -> Option<&E> {
        match self {
            ResponseError::Status { error, .. } => Some(error),
            ResponseError::Decode { .. } => None,
        }
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        match self {
            ResponseError::Status { body, .. } | ResponseError::Decode { body, .. } => body,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Status { status, body, .. } => {
                write!(f, "the server answered {status} ({} bytes of body)", body.len())
            }
            ResponseError::Decode { status, source, .. } => {
                write!(f, "cannot decode the {status} response: {source}")
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Status { status, error, body } => {
                f.debug_struct("Status").field("status", status).field("error", error).field("body_len", &body.len()).finish()
            }
            ResponseError::Decode { status, source, body } => {
                f.debug_struct("Decode").field("status", status).field("source", source).field("body_len", &body.len()).finish()
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for ResponseError<E> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_falls_under_the_exact_status_then_its_range_then_default() {
        let declared = ["default", "4XX", "404", "5xx"];
        let under = |code: u16| declared_status(http::StatusCode::from_u16(code).unwrap(), &declared).map(|i| declared[i]);
        assert_eq!(under(404), Some("404"));
        assert_eq!(under(400), Some("4XX"));
        assert_eq!(under(503), Some("5xx"), "ranges in either case");
        assert_eq!(under(302), Some("default"));
        assert_eq!(declared_status(http::StatusCode::NOT_FOUND, &["400", "5XX"]), None);
        assert_eq!(declared_status(http::StatusCode::NOT_FOUND, &[]), None);
        assert_eq!(declared_status(http::StatusCode::NOT_FOUND, &["4XX", "-404"]), Some(1), "marked without a body");
    }

    #[test]
    fn a_declared_body_is_decoded_only_under_a_declared_status() {
        type Answer = ApiError<std::collections::BTreeMap<String, i64>>;
        let body = br#"{"code":7}"#;
        let declared = Answer::decode(http::StatusCode::BAD_REQUEST, body, &["4XX"]);
        assert_eq!(declared.declared().map(|b| b["code"]), Some(7));
        assert_eq!(Answer::decode(http::StatusCode::BAD_GATEWAY, body, &["4XX"]), ApiError::Undeclared);
        assert_eq!(Answer::decode(http::StatusCode::BAD_REQUEST, b"<html>", &["4XX"]), ApiError::Undeclared);
        assert_eq!(Answer::decode(http::StatusCode::BAD_REQUEST, body, &[]), ApiError::Undeclared, "nothing declared");
        // A status declared without a body keeps its answers from the range.
        assert_eq!(Answer::decode(http::StatusCode::TOO_MANY_REQUESTS, body, &["4XX", "-429"]), ApiError::Undeclared);
        assert!(Answer::decode(http::StatusCode::CONFLICT, body, &["4XX", "-429"]).declared().is_some());
    }
}
