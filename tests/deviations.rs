//! What servers send when they disagree with their own description (`tests/fixtures/deviations`),
//! decoded into the generated types: nothing fails, nothing is lost, each deviation is named
//! by its JSON pointer, what conforms round-trips byte for byte, and strict mode refuses
//! what deviates.

use fixture_deviations::{from_json, to_json};
use fixture_deviations::types::{Contact, Event, Funding, Kind, Source};
use fixture_deviations::Decoded;
use serde_json::{json, Value};

mod server;
use server::{Reply, Server};

/// A conforming event, its keys in the order the type writes them (declared properties by
/// name, then the undeclared ones by name), compact.
const CONFORMING: &str = concat!(
    r#"{"active":true,"actor":{"login":"octocat","name":"Mona"},"contact":{"address":"+1 555","sms":true},"#,
    r#""count":3,"created_at":"2024-01-02T03:04:05.120-08:00","day":"2024-02-29","flags":["a","b"],"#,
    r#""funding":{"last4":"4242","object":"bank_account","routing_number":"110000000"},"id":42,"kind":"push","#,
    r#""payload":{"action":"opened","number":7,"before":"6113728f","commits":[{"sha":"abc","distinct":true}],"push_id":10115855396,"ref":"refs/heads/main","size":1},"#,
    r#""ratio":2,"settings":{"mode":"fast"},"source":{"brand":"visa","last4":"4242","object":"card"},"installation":{"id":1}}"#
);

fn decode(value: &Value) -> Decoded<Event> {
    from_json(value.to_string().as_bytes()).expect("JSON decodes")
}

fn conforming() -> Value {
    serde_json::from_str(CONFORMING).expect("JSON")
}

/// The event with `changes` applied: a `null` removes the property.
fn event_with(changes: Value) -> Value {
    let mut event = conforming();
    for (key, value) in changes.as_object().expect("an object") {
        match value {
            Value::Null => {
                event.as_object_mut().unwrap().remove(key);
            }
            value => event[key] = value.clone(),
        }
    }
    event
}

fn places(decoded: &Decoded<Event>) -> Vec<&str> {
    let mut places: Vec<&str> = decoded.deviations.iter().map(|d| d.pointer.as_str()).collect();
    places.sort();
    places
}

fn encoded(event: &Event) -> Value {
    serde_json::from_slice(&to_json(event).expect("encodes")).expect("JSON")
}

#[test]
fn a_conforming_event_has_no_deviations_and_round_trips_byte_for_byte() {
    let decoded = decode(&conforming());
    assert!(decoded.deviations.is_empty(), "{:?}", decoded.deviations);
    let bytes = to_json(&decoded.value).expect("encodes");
    assert_eq!(String::from_utf8(bytes).unwrap(), CONFORMING);
}

#[test]
fn missing_required_properties_get_defaults_and_are_named() {
    let mut event = event_with(json!({"flags": null, "count": null}));
    event["actor"] = json!({"name": "Mona"});
    let decoded = decode(&event);
    assert_eq!(places(&decoded), ["/actor/login", "/count", "/flags"]);
    assert!(decoded.deviations.iter().all(|d| d.reason.contains("absent")), "{:?}", decoded.deviations);
    let value = &decoded.value;
    assert_eq!((value.count, value.flags.len(), value.actor.login.as_str()), (0, 0, ""));
    assert_eq!(value.actor.name.as_deref(), Some("Mona"), "the rest is kept");
}

#[test]
fn a_date_time_without_offset_is_read_as_utc_and_kept_as_written() {
    let decoded = decode(&event_with(json!({"created_at": "2018-01-01T00:01:01"})));
    assert_eq!(places(&decoded), ["/created_at"]);
    assert!(decoded.deviations[0].reason.contains("no UTC offset"), "{}", decoded.deviations[0]);
    let created = &decoded.value.created_at;
    assert_eq!(created.to_utc().map(|t| t.to_rfc3339()).as_deref(), Some("2018-01-01T00:01:01+00:00"));
    assert_eq!(encoded(&decoded.value)["created_at"], "2018-01-01T00:01:01");
}

#[test]
fn offsets_and_fractions_of_date_times_are_sent_back_as_received() {
    let decoded = decode(&conforming());
    assert_eq!(decoded.value.created_at.as_str(), "2024-01-02T03:04:05.120-08:00");
    assert_eq!(decoded.value.created_at.to_utc().map(|t| t.to_rfc3339()).as_deref(), Some("2024-01-02T11:04:05.120+00:00"));
}

#[test]
fn text_that_is_no_date_is_kept_without_a_value() {
    let decoded = decode(&event_with(json!({"day": "2024-02-30"})));
    assert_eq!(places(&decoded), ["/day"]);
    let day = decoded.value.day.as_ref().expect("kept");
    assert_eq!((day.as_str(), day.value()), ("2024-02-30", None));
    assert_eq!(encoded(&decoded.value)["day"], "2024-02-30");
}

#[test]
fn scalars_of_another_json_type_are_read_where_nothing_is_lost() {
    let decoded = decode(&event_with(json!({"id": "123", "active": "true", "ratio": "0.5"})));
    assert_eq!(places(&decoded), ["/active", "/id", "/ratio"]);
    assert_eq!((decoded.value.id, decoded.value.active, decoded.value.ratio), (123, Some(true), Some(0.5)));
}

#[test]
fn what_cannot_be_read_gets_a_default_with_its_place_named() {
    // 3,000,000,000 does not fit the `int32` count; an object is not text.
    let mut event = event_with(json!({"count": 3_000_000_000u64}));
    event["actor"]["login"] = json!({"id": 1});
    let decoded = decode(&event);
    assert_eq!(places(&decoded), ["/actor/login", "/count"]);
    assert_eq!(decoded.value.count, 0);
    assert_eq!(decoded.value.actor.login, r#"{"id":1}"#, "kept as its JSON text");
}

#[test]
fn null_where_the_description_forgot_nullable() {
    let decoded = decode(&event_with(json!({"ratio": Value::Null})));
    assert!(decoded.deviations.is_empty(), "an optional property may be absent, and null is read as absent");
    let mut event = conforming();
    event["ratio"] = Value::Null;
    event["count"] = Value::Null;
    event["actor"] = Value::Null;
    let decoded = decode(&event);
    assert_eq!(places(&decoded), ["/actor", "/actor", "/count"], "the object, then its required login");
    assert_eq!((decoded.value.ratio, decoded.value.count), (None, 0));
}

#[test]
fn undeclared_properties_are_kept_and_sent_back() {
    let decoded = decode(&conforming());
    let payload = &decoded.value.payload;
    let kept: Vec<&str> = payload.additional_properties.keys().map(String::as_str).collect();
    assert_eq!(kept, ["before", "commits", "push_id", "ref", "size"]);
    assert_eq!(payload.additional_properties["commits"][0]["sha"], "abc");
    assert_eq!(decoded.value.additional_properties["installation"], json!({"id": 1}));
    assert_eq!(encoded(&decoded.value)["payload"], conforming()["payload"]);
}

#[test]
fn a_closed_object_keeps_only_what_it_declares() {
    let decoded = decode(&event_with(json!({"settings": {"mode": "slow", "other": 1}})));
    assert_eq!(decoded.value.settings.as_ref().and_then(|s| s.mode.as_deref()), Some("slow"));
    assert_eq!(encoded(&decoded.value)["settings"], json!({"mode": "slow"}));
}

#[test]
fn integers_in_number_fields_are_sent_back_as_integers() {
    let decoded = decode(&conforming());
    assert_eq!(decoded.value.ratio, Some(2.0));
    assert!(String::from_utf8(to_json(&decoded.value).unwrap()).unwrap().contains(r#""ratio":2,"#));
}

#[test]
fn union_members_that_differ_by_an_optional_property_are_told_apart() {
    let phone = decode(&event_with(json!({"contact": {"address": "+1 555", "sms": true}})));
    assert!(matches!(&phone.value.contact, Some(Contact::PhoneContact(p)) if p.sms == Some(true)), "{:?}", phone.value.contact);
    let email = decode(&event_with(json!({"contact": {"address": "a@example.com", "verified": false}})));
    assert!(matches!(&email.value.contact, Some(Contact::EmailContact(e)) if e.verified == Some(false)), "{:?}", email.value.contact);
    // Neither: the first, with what it does not declare kept.
    let both = decode(&event_with(json!({"contact": {"address": "x", "note": "n"}})));
    assert!(matches!(&both.value.contact, Some(Contact::EmailContact(e)) if e.additional_properties["note"] == "n"));
}

#[test]
fn union_members_that_differ_by_a_constant_are_told_apart() {
    let bank = decode(&event_with(json!({"funding": {"object": "bank_account", "last4": "6789"}})));
    assert!(matches!(&bank.value.funding, Some(Funding::BankAccount(_))), "{:?}", bank.value.funding);
    let card = decode(&event_with(json!({"funding": {"object": "card", "last4": "4242"}})));
    assert!(matches!(&card.value.funding, Some(Funding::Card(_))), "{:?}", card.value.funding);
    // No constant: the member that declares none.
    let credit = decode(&event_with(json!({"funding": {"last4": "0000", "limit": 500}})));
    assert!(matches!(&credit.value.funding, Some(Funding::Credit(c)) if c.limit == Some(500)), "{:?}", credit.value.funding);
    // Where every member carries it, the constant is a tag.
    let source = decode(&event_with(json!({"source": {"object": "bank_account", "last4": "6789"}})));
    assert!(matches!(source.value.source, Some(Source::BankAccount(_))));
    for decoded in [bank, card, credit, source] {
        assert!(decoded.deviations.is_empty(), "{:?}", decoded.deviations);
    }
}

#[test]
fn an_unlisted_enum_value_is_kept_and_is_no_deviation() {
    let decoded = decode(&event_with(json!({"kind": "release"})));
    assert!(decoded.deviations.is_empty());
    assert_eq!(decoded.value.kind.as_ref().map(Kind::as_str), Some("release"));
}

#[test]
fn an_array_of_events_names_deviations_by_index() {
    let events = json!([conforming(), event_with(json!({"id": null})), event_with(json!({"count": "x"}))]);
    let decoded: Decoded<Vec<Event>> = from_json(events.to_string().as_bytes()).expect("JSON");
    let places: Vec<&str> = decoded.deviations.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(places, ["/1/id", "/2/count"]);
}

#[test]
fn only_a_body_that_is_not_json_is_an_error() {
    assert!(from_json::<Event>(b"{\"id\": 1").is_err());
    assert!(from_json::<Event>(b"<html>").is_err());
}

#[tokio::test]
async fn the_client_lists_deviations_and_strict_mode_refuses_them() {
    let deviating = event_with(json!({"flags": null}));
    let server = Server::start(vec![Reply::json(200, deviating.clone()), Reply::json(200, deviating.clone()), Reply::json(200, conforming())]).await;
    let client = fixture_deviations::Client::builder().base_url(server.url()).max_retries(0).build().expect("client");
    let decoded = client.events().get_event("e1").send_decoded().await.expect("decoded");
    assert_eq!(decoded.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/flags"]);

    let strict = fixture_deviations::Client::builder().base_url(server.url()).max_retries(0).strict(true).build().expect("client");
    let error = strict.events().get_event("e1").send().await.expect_err("strict");
    assert_eq!(error.kind(), fixture_deviations::client::ErrorKind::Decode);
    assert!(error.to_string().contains("/flags: required, but absent"), "{error}");
    let event = strict.events().get_event("e1").send().await.expect("a conforming event passes strict mode");
    assert_eq!(event.id, 42);
}
