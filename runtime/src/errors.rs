//! Why a request could not be built (`BuildError`), and an answer that is not the success
//! an operation describes (`ResponseError`).

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

/// A response that is not the success the operation describes. Its `Display` and `Debug`
/// never show the raw body (a proxy may have echoed the request's credentials into it):
/// [`ResponseError::body`] gives it.
#[non_exhaustive]
pub enum ResponseError<E> {
    /// The server answered with a status that is not a success. `error` is the body decoded
    /// as the error type the API description gives, when it decodes.
    Status {
        status: http::StatusCode,
        error: Option<Box<E>>,
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

    /// The decoded error body, if the server sent one the description knows.
    pub fn error(&self) -> Option<&E> {
        match self {
            ResponseError::Status { error, .. } => error.as_deref(),
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
            ResponseError::Status { status, error: Some(error), .. } => {
                write!(f, "the server answered {status}: {error:?}")
            }
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
