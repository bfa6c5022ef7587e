//! Requests an API sends to its users' servers (webhooks, callbacks), decoded from what the
//! receiving server got. Checking a request's signature is the receiver's: descriptions do
//! not say how.

use crate::{from_json, Decoded};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a received request is not a webhook the crate knows, or not one the API sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The request's `Content-Type` is not JSON.
    NotJson(String),
    /// The body is not JSON.
    Body(serde_json::Error),
    /// The request's signature is missing, malformed, or not made with the secret; or the
    /// secret is not a signing secret. Says which.
    Signature(String),
    /// The request was signed too long before (or after) it was received: a replay.
    Expired,
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WebhookError::NotJson(content_type) => write!(f, "the request's content type is `{content_type}`, not JSON"),
            WebhookError::Body(e) => write!(f, "the request's body is not JSON: {e}"),
            WebhookError::Signature(why) => write!(f, "the request's signature does not hold: {why}"),
            WebhookError::Expired => write!(f, "the request was signed more than {} s away from now", TOLERANCE.as_secs()),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Body(e) => Some(e),
            WebhookError::NotJson(_) | WebhookError::Signature(_) | WebhookError::Expired => None,
        }
    }
}

/// How far from now a signed request's timestamp may be.
pub const TOLERANCE: std::time::Duration = std::time::Duration::from_secs(300);

/// Checks a request signed as Standard Webhooks say (<https://www.standardwebhooks.com>,
/// OpenAI's and Svix's scheme): one of the `v1,<base64>` signatures of `webhook-signature` is
/// the HMAC-SHA256, keyed with the secret (base64 after `whsec_`), of
/// `<webhook-id>.<webhook-timestamp>.<body>`, and the timestamp is within [`TOLERANCE`] of
/// `now`. Signatures are compared in constant time.
#[cfg(feature = "signatures")]
#[doc(hidden)]
pub fn verify_standard_webhook(headers: &http::HeaderMap, body: &[u8], secret: &str, now: std::time::SystemTime) -> Result<(), WebhookError> {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    let bad = |why: &str| WebhookError::Signature(why.to_string());
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).ok_or_else(|| bad(&format!("no `{name}` header")));
    let (id, timestamp, signatures) = (header("webhook-id")?, header("webhook-timestamp")?, header("webhook-signature")?);
    let sent: u64 = timestamp.trim().parse().map_err(|_| bad("`webhook-timestamp` is not a number of seconds"))?;
    let now = now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    if now.abs_diff(sent) > TOLERANCE.as_secs() {
        return Err(WebhookError::Expired);
    }
    let key = STANDARD.decode(secret.trim().strip_prefix("whsec_").unwrap_or(secret.trim())).map_err(|_| bad("the secret is not base64 (`whsec_...`)"))?;
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &key);
    let mut signed = format!("{id}.{timestamp}.").into_bytes();
    signed.extend_from_slice(body);
    let matches = signatures
        .split_whitespace()
        .filter_map(|s| s.strip_prefix("v1,"))
        .filter_map(|s| STANDARD.decode(s).ok())
        .any(|signature| ring::hmac::verify(&key, &signed, &signature).is_ok());
    if matches {
        Ok(())
    } else {
        Err(bad("no `v1` signature of `webhook-signature` is this request's with this secret"))
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

    /// The example of the Standard Webhooks specification.
    #[cfg(feature = "signatures")]
    #[test]
    fn a_standard_webhook_signature_is_checked() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        let sent = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1614265330);
        let headers = |signature: &str| {
            let mut h = http::HeaderMap::new();
            h.insert("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek".parse().unwrap());
            h.insert("webhook-timestamp", "1614265330".parse().unwrap());
            h.insert("webhook-signature", signature.parse().unwrap());
            h
        };
        let good = headers("v1,bm9ldHUjKzFob2xpZGF5 v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(verify_standard_webhook(&good, body, secret, sent).is_ok(), "one of the signatures is right");
        assert!(verify_standard_webhook(&good, body, secret, sent + TOLERANCE).is_ok());
        assert!(matches!(verify_standard_webhook(&good, body, secret, sent + TOLERANCE * 2), Err(WebhookError::Expired)));
        assert!(matches!(verify_standard_webhook(&good, br#"{"test": 1}"#, secret, sent), Err(WebhookError::Signature(_))), "another body");
        assert!(matches!(verify_standard_webhook(&good, body, "whsec_c2VjcmV0", sent), Err(WebhookError::Signature(_))), "another secret");
        let unsigned = headers("v1,");
        assert!(matches!(verify_standard_webhook(&unsigned, body, secret, sent), Err(WebhookError::Signature(_))));
        let e = verify_standard_webhook(&http::HeaderMap::new(), body, secret, sent).unwrap_err();
        assert_eq!(e.to_string(), "the request's signature does not hold: no `webhook-id` header");
    }

    #[test]
    fn a_named_webhook_is_its_variant() {
        let decoded = decode_into(br#"{"id":7,"extra":true}"#, Event::Ping).unwrap();
        assert_eq!(decoded.value, Event::Ping(Ping { id: 7 }));
        assert!(decode_into(b"nope", Event::Ping).is_err());
    }
}
