//! Requests an API sends, decoded as the receiving server gets them: the crate generated from
//! `tests/fixtures/webhooks` (two 3.1 webhooks and a callback, told apart by a constant
//! `type`). Each body is what such a server records: headers and bytes.

use fixture_webhooks::webhooks::{self, BatchCompleted, Webhook};
use fixture_webhooks::WebhookError;

/// A request as a server receives it.
fn received(content_type: &str, body: &str) -> http::Request<Vec<u8>> {
    http::Request::post("/hooks").header("content-type", content_type).header("webhook-id", "msg_1").body(body.as_bytes().to_vec()).unwrap()
}

const COMPLETED: &str = r#"{"id":"evt_1","type":"batch.completed","created_at":1733390000,"data":{"id":"batch_9","output_file_id":"file_3"}}"#;
const FAILED: &str = r#"{"id":"evt_2","type":"batch.failed","data":{"id":"batch_9","error":null}}"#;
const STATUS: &str = r#"{"type":"subscription.status_changed","subscription":{"id":"sub_4"},"status":"paused"}"#;

#[test]
fn each_payload_decodes_as_its_own_variant() {
    let completed = webhooks::from_request(&received("application/json", COMPLETED)).expect("a webhook");
    let Webhook::BatchCompleted(BatchCompleted { id, data, created_at, .. }) = &completed.value else { panic!("{:?}", completed.value) };
    assert_eq!((id.as_str(), data.id.as_str(), data.output_file_id.as_deref(), *created_at), ("evt_1", "batch_9", Some("file_3"), Some(1733390000)));
    assert!(completed.deviations.is_empty(), "{:?}", completed.deviations);
    let failed = webhooks::from_request(&received("application/json; charset=utf-8", FAILED)).expect("a webhook").value;
    let Webhook::BatchFailed(failed) = failed else { panic!("{failed:?}") };
    assert_eq!((failed.data.id.as_str(), failed.data.error.is_none()), ("batch_9", true));
    let status = webhooks::decode(STATUS.as_bytes()).expect("a callback").value;
    let Webhook::StatusChanged(status) = status else { panic!("{status:?}") };
    assert_eq!((status.subscription.id.as_str(), status.status.to_string()), ("sub_4", "paused".to_string()));
}

#[test]
fn a_type_the_description_does_not_list_is_kept_whole() {
    let body = r#"{"id":"evt_5","type":"batch.expired","data":{"id":"b"}}"#;
    let decoded = webhooks::decode(body.as_bytes()).expect("JSON").value;
    let Webhook::Unrecognized(value) = &decoded else { panic!("{decoded:?}") };
    assert_eq!(value, &serde_json::from_str::<serde_json::Value>(body).unwrap());
    // What a payload gains later is kept too, and said.
    let grown = r#"{"id":"evt_6","type":"batch.completed","data":{"id":"b"},"region":"eu"}"#;
    let decoded = webhooks::decode(grown.as_bytes()).expect("JSON");
    assert!(matches!(decoded.value, Webhook::BatchCompleted(_)));
    assert_eq!(serde_json::to_value(&decoded.value).unwrap()["region"], "eu", "an undeclared property is not dropped");
}

#[test]
fn a_receiver_that_knows_the_name_decodes_as_it() {
    assert_eq!(webhooks::NAMES, ["batch.completed", "batch.failed", "statusChanged"]);
    let status = webhooks::decode_as("statusChanged", STATUS.as_bytes()).expect("a known name").expect("JSON").value;
    assert!(matches!(status, Webhook::StatusChanged(_)));
    assert!(webhooks::decode_as("ping", b"{}").is_none(), "a webhook without a body is not in the enum");
    assert!(webhooks::decode_as("batch.completed", b"not json").expect("a known name").is_err());
}

#[test]
fn a_request_that_is_not_json_is_refused_with_its_content_type() {
    let e = webhooks::from_request(&received("application/x-www-form-urlencoded", "id=1")).unwrap_err();
    assert!(matches!(&e, WebhookError::NotJson(t) if t == "application/x-www-form-urlencoded"), "{e}");
    let e = webhooks::from_request(&received("application/json", "{")).unwrap_err();
    assert!(matches!(e, WebhookError::Body(_)), "{e}");
}

/// A request signed as Standard Webhooks say, `seconds_ago` before now.
fn signed(body: &str, secret_key: &[u8], seconds_ago: u64) -> http::Request<Vec<u8>> {
    use base64::Engine;
    let timestamp = (std::time::SystemTime::now() - std::time::Duration::from_secs(seconds_ago)).duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret_key);
    let tag = ring::hmac::sign(&key, format!("msg_1.{timestamp}.{body}").as_bytes());
    let signature = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(tag.as_ref()));
    http::Request::post("/hooks")
        .header("content-type", "application/json")
        .header("webhook-id", "msg_1")
        .header("webhook-timestamp", timestamp)
        .header("webhook-signature", signature)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

/// The config names the document's signature scheme: `verify` checks it before decoding.
#[test]
fn a_signed_request_is_checked_before_it_is_decoded() {
    use base64::Engine;
    let key = b"a secret of the endpoint";
    let secret = format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key));
    let decoded = webhooks::verify(&signed(COMPLETED, key, 0), &secret).expect("signed with the secret");
    assert!(matches!(decoded.value, Webhook::BatchCompleted(_)));
    let e = webhooks::verify(&signed(COMPLETED, b"another secret", 0), &secret).unwrap_err();
    assert!(matches!(e, WebhookError::Signature(_)), "{e}");
    let e = webhooks::verify(&signed(COMPLETED, key, 600), &secret).unwrap_err();
    assert!(matches!(e, WebhookError::Expired), "a replay: {e}");
    let mut tampered = signed(COMPLETED, key, 0);
    *tampered.body_mut() = FAILED.as_bytes().to_vec();
    assert!(matches!(webhooks::verify(&tampered, &secret), Err(WebhookError::Signature(_))), "another body");
    assert!(matches!(webhooks::verify(&received("application/json", COMPLETED), &secret), Err(WebhookError::Signature(_))), "unsigned");
}
