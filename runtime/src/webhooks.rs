//! Requests an API sends to its users' servers (webhooks, callbacks), decoded from what the
//! receiving server got. Checking a request's signature is the receiver's: descriptions do
//! not say how.

use crate::{from_json, Decoded};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a received request is not a webhook the crate knows.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request's `Content-Type` is not JSON.
    NotJson(String),
    /// The body is not JSON.
    Body(serde_json::Error),
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::NotJson(content_type) => write!(f, "the request's content type is `{content_type}`, not JSON"),
            WebhookError::Body(e) => write!(f, "the request's body is not JSON: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Body(e) => Some(e),
            WebhookError::NotJson(_) => None,
        }
    }
}

/// Decodes a received body as `T`, wrapped as the variant `wrap` makes.
#[doc(hidden)]
pub fn decode_into<T: DeserializeOwned + Serialize, W>(body: &[u8], wrap: fn(T) -> W) -> Result<Decoded<W>, serde_json::Error> {
    let Decoded { value, deviations } = from_json::<T>(body)?;
    Ok(Decoded { value: wrap(value), deviations })
}

/// Decodes a received request's body as `W`, once its `Content-Type` (where it has one) is
/// JSON: `application/json`, or a type ending in `+json`.
#[doc(hidden)]
pub fn from_request<W: DeserializeOwned + Serialize, B: AsRef<[u8]>>(request: &http::Request<B>) -> Result<Decoded<W>, WebhookError> {
    if let Some(content_type) = request.headers().get(http::header::CONTENT_TYPE) {
        let text = content_type.to_str().unwrap_or_default();
        let essence = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(WebhookError::NotJson(text.to_string()));
        }
    }
    from_json(request.body().as_ref()).map_err(WebhookError::Body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Ping {
        id: u32,
    }

    #[derive(Debug, PartialEq)]
    enum Event {
        Ping(Ping),
    }

    fn request(content_type: Option<&str>, body: &str) -> http::Request<Vec<u8>> {
        let mut builder = http::Request::post("/hook");
        if let Some(content_type) = content_type {
            builder = builder.header("content-type", content_type);
        }
        builder.body(body.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn a_request_is_decoded_when_it_is_json() {
        let ping = from_request::<Ping, _>(&request(Some("application/json; charset=utf-8"), r#"{"id":1}"#)).unwrap();
        assert_eq!(ping.value, Ping { id: 1 });
        assert!(from_request::<Ping, _>(&request(None, r#"{"id":2}"#)).is_ok(), "no content type: the body says");
        assert!(from_request::<Ping, _>(&request(Some("application/cloudevents+json"), r#"{"id":3}"#)).is_ok());
        let e = from_request::<Ping, _>(&request(Some("text/plain"), r#"{"id":1}"#)).unwrap_err();
        assert_eq!(e.to_string(), "the request's content type is `text/plain`, not JSON");
        assert!(matches!(from_request::<Ping, _>(&request(None, "<xml/>")), Err(WebhookError::Body(_))));
    }

    #[test]
    fn a_named_webhook_is_its_variant() {
        let decoded = decode_into(br#"{"id":7,"extra":true}"#, Event::Ping).unwrap();
        assert_eq!(decoded.value, Event::Ping(Ping { id: 7 }));
        assert!(decode_into(b"nope", Event::Ping).is_err());
    }
}
