//! The `Operation` trait every request implements, its payload (`PayloadOf`), how answers
//! are parsed, and `Validate`, the constraints checked before anything is sent.

use crate::{decode, from_json, limits, BuildError, ErrorAnswers, Nullable, ResponseError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;

/// Decodes a response: a success status gives `T` (`()` for an empty body), any other the
/// error, decoded as `E` with the error statuses the operation declares (`declared`).
#[doc(hidden)]
pub fn parse_response<T: DeserializeOwned + Serialize, E: ErrorAnswers>(
    status: http::StatusCode,
    body: &[u8],
    declared: &[&str],
) -> Result<T, ResponseError<E>> {
    if !status.is_success() {
        return Err(ResponseError::Status { status, error: Box::new(E::decode(status, body, declared)), body: body.to_vec() });
    }
    // An empty body is what `()` (no body described) expects, and no value of any other type.
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"null").map_err(|source| ResponseError::Decode { status, source, body: body.to_vec() });
    }
    match from_json(body) {
        Ok(decoded) => {
            decode::report(decoded.deviations);
            Ok(decoded.value)
        }
        Err(source) => Err(ResponseError::Decode { status, source, body: body.to_vec() }),
    }
}

/// Decodes a response whose success has no body described: a success status gives `()`,
/// whatever the body; any other the error.
#[doc(hidden)]
pub fn parse_empty_response<E: ErrorAnswers>(status: http::StatusCode, body: &[u8], declared: &[&str]) -> Result<(), ResponseError<E>> {
    if status.is_success() {
        return Ok(());
    }
    parse_response(status, body, declared)
}

/// Decodes a response whose success body is not JSON: a success status gives the bytes.
#[doc(hidden)]
pub fn parse_raw_response<E: ErrorAnswers>(status: http::StatusCode, body: &[u8], declared: &[&str]) -> Result<Vec<u8>, ResponseError<E>> {
    if status.is_success() {
        return Ok(body.to_vec());
    }
    parse_response(status, body, declared)
}

/// What every request builder is: something that builds a request and decodes its answer.
pub trait Operation {
    /// The decoded success body.
    type Output;
    /// The error answers, as the description declares them: [`ApiError`](crate::ApiError)
    /// of the body type, or an enum by status where the declared bodies differ.
    type Error: ErrorAnswers;
    /// The error statuses whose body the description declares (`404`, `4XX`, `default`),
    /// for an [`Error`](Self::Error) that does not know them. Empty: none.
    const ERRORS: &'static [&'static str] = &[];
    /// The HTTP method.
    const METHOD: http::Method;
    /// The path template, relative to the base URL.
    const PATH: &'static str;
    /// Who may call the operation: alternatives, any one of which will do, each naming the
    /// security schemes it sends together. Empty (the default): no authentication.
    const SECURITY: &'static [&'static [&'static str]] = &[];
    /// The name of a boolean field of the success body that says `false` when the call failed
    /// after all, where the description declares one.
    const SUCCESS_FLAG: Option<&'static str> = None;
    /// Where the declared error body carries the API's own message, as a JSON pointer
    /// (`/errors/0/message`): an error's text quotes it instead of the raw body.
    const ERROR_MESSAGE: Option<&'static str> = None;
    /// Checks the constraints of the description and builds the request.
    fn build_request(&self, base_url: &str) -> Result<http::Request<crate::Body>, BuildError>;
    /// Decodes a response.
    fn parse(status: http::StatusCode, body: &[u8]) -> Result<Self::Output, ResponseError<Self::Error>>;
    /// Whether a decoded success body says the call failed (its [`SUCCESS_FLAG`](Self::SUCCESS_FLAG) is `false`).
    fn reports_failure(_output: &Self::Output) -> bool {
        false
    }
    /// What the call gives its caller: the success body itself, or what its envelope carries.
    type Payload: PayloadOf<Self::Output>;
}

/// A call's payload, taken from its success body `B`: every type is the payload of itself; a
/// payload that an envelope carries (a `result` field next to `success` and `errors`) says so
/// with an impl for the envelope, written once per envelope type.
pub trait PayloadOf<B>: Sized {
    /// The envelope's field that carries the payload; `None` for the body itself.
    const FIELD: Option<&'static str> = None;
    /// The payload of a success body; `None` when its envelope carries none.
    fn from_body(body: B) -> Option<Self>;
}

impl<T> PayloadOf<T> for T {
    fn from_body(body: T) -> Option<T> {
        Some(body)
    }
}

/// What [`Operation::build_request`] gives: the request, or why it could not be built.
#[doc(hidden)]
pub type Built = Result<http::Request<crate::Body>, BuildError>;

/// What [`Operation::parse`] gives: the decoded success body, or the error answer.
#[doc(hidden)]
pub type Parsed<O> = Result<<O as Operation>::Output, ResponseError<<O as Operation>::Error>>;

/// Checks the constraints the API description puts on a value, before anything is sent.
pub trait Validate {
    /// `path` names the value in the error, such as `body.items[2].name`.
    fn validate(&self, path: &str) -> Result<(), BuildError>;
}

macro_rules! always_valid {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate(&self, _: &str) -> Result<(), BuildError> {
                Ok(())
            }
        }
    )*};
}
always_valid!(bool, i32, i64, f32, f64, String, serde_json::Value, uuid::Uuid, chrono::NaiveDate);
always_valid!(chrono::DateTime<chrono::Utc>);

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.as_ref().map_or(Ok(()), |v| v.validate(path))
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.as_option().map_or(Ok(()), |v| v.validate(path))
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        (**self).validate(path)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.iter().enumerate().try_for_each(|(i, v)| v.validate(&format!("{path}[{i}]")))
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.iter().try_for_each(|(k, v)| v.validate(&format!("{path}.{k}")))
    }
}

/// `minProperties`/`maxProperties`, counted on the JSON the value serializes to.
#[doc(hidden)]
pub fn check_properties<T: Serialize>(
    path: &str,
    value: &T,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), BuildError> {
    let json = serde_json::to_value(value).map_err(BuildError::Body)?;
    let n = json.as_object().map_or(0, |o| o.len());
    limits::count(&|| path.to_string(), "fields", n, (min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An envelope whose `result` is a call's payload.
    struct Envelope {
        result: Option<Vec<u8>>,
    }

    impl PayloadOf<Envelope> for Vec<u8> {
        const FIELD: Option<&'static str> = Some("result");
        fn from_body(body: Envelope) -> Option<Self> {
            body.result
        }
    }

    #[test]
    fn a_payload_is_the_body_itself_or_what_its_envelope_carries() {
        assert_eq!(<Vec<u8> as PayloadOf<Vec<u8>>>::from_body(vec![1]), Some(vec![1]));
        assert_eq!(<Vec<u8> as PayloadOf<Vec<u8>>>::FIELD, None);
        assert_eq!(<Vec<u8> as PayloadOf<Envelope>>::from_body(Envelope { result: Some(vec![2]) }), Some(vec![2]));
        assert_eq!(<Vec<u8> as PayloadOf<Envelope>>::from_body(Envelope { result: None }), None);
        assert_eq!(<Vec<u8> as PayloadOf<Envelope>>::FIELD, Some("result"));
    }
}
