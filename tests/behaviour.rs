//! Behaviour of the generated `cloudflare-api` crate: the seed responses (`tests/seeds/`)
//! decode and round-trip; unknown enum values round-trip; every builder's method, path,
//! query, headers and body; path parameters stay in their segment; every constraint is
//! rejected before a request exists; `parse_response` on errors; `Nullable` semantics.

use chrono::{DateTime, NaiveDate, Utc};
use cloudflare_api::operations::{
    EmailSecurityBatchAllowPoliciesRequest as BatchPolicies, EmailSecurityCreateAllowPolicyRequest as CreatePolicy,
    EmailSecurityDeleteAllowPolicyRequest as DeletePolicy, EmailSecurityGetAllowPolicyRequest as GetPolicy,
    EmailSecurityListAllowPoliciesRequest as ListPolicies, EmailSecurityUpdateAllowPolicyRequest as UpdatePolicy,
};
use cloudflare_api::email_security::settings::allow_policies::{
    AllowPolicy, ApiResponseCommonFailure, BatchAllowPoliciesBodyDeletesItem,
    BatchAllowPoliciesBodyPatchesItem, BatchAllowPoliciesBodyPutsItem,
    CreateAllowPolicy, Direction, GetAllowPolicyResponse,
    ListAllowPoliciesOrder, ListAllowPoliciesResponse, PatternType,
    UpdateAllowPolicy,
};
use cloudflare_api::{BuildError, Nullable, ResponseError};
use http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;
use cloudflare_api::Operation;

/// A request with some of its fields set: a request is plain data.
fn with<O>(mut op: O, f: impl FnOnce(&mut O)) -> O {
    f(&mut op);
    op
}

/// A request with optional parameters set the one way they are set: by the setters of a call
/// of the resource tree (here a call never sent).
fn call<O>(op: O) -> cloudflare_api::client::Call<'static, O> {
    static CLIENT: std::sync::LazyLock<cloudflare_api::Client> =
        std::sync::LazyLock::new(|| cloudflare_api::Client::builder().base_url("https://api.example.test").build().expect("a client"));
    cloudflare_api::client::Call::new(&CLIENT, op)
}

const GET_SEED: &str = include_str!("seeds/get-allow-policy.json");
const LIST_SEED: &str = include_str!("seeds/list-allow-policies.json");

const BASE: &str = "https://api.cloudflare.com/client/v4";
const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const POLICY: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

/// What a builder's `build` gives.
type Built = Result<Request<cloudflare_api::Body>, BuildError>;

fn policy_id() -> Uuid {
    Uuid::parse_str(POLICY).expect("a valid uuid")
}

// ---------------------------------------------------------------------------------------------
// JSON comparison
// ---------------------------------------------------------------------------------------------

/// Two strings are the same when equal, or when both are RFC 3339 date-times denoting the same
/// instant (chrono writes `.12345` back as `.123450`).
fn same_string(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Two JSON numbers are the same when they denote the same value: `type: number` fields are
/// `f64`, so an integer-looking `1` comes back as `1.0`, which is the same JSON number.
fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if a == b {
        return true;
    }
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y),
    }
}

/// The JSON pointer of the first difference between `actual` and `expected`, if any.
fn first_difference(actual: &Value, expected: &Value, at: &str) -> Option<String> {
    match (actual, expected) {
        (Value::String(a), Value::String(b)) if same_string(a, b) => None,
        (Value::Number(a), Value::Number(b)) if same_number(a, b) => None,
        (Value::Object(a), Value::Object(b)) => {
            for key in b.keys() {
                if !a.contains_key(key) {
                    return Some(format!("{at}/{key}: missing, expected {}", b[key]));
                }
            }
            for (key, value) in a {
                match b.get(key) {
                    None => return Some(format!("{at}/{key}: unexpected key with value {value}")),
                    Some(expected) => {
                        if let Some(diff) = first_difference(value, expected, &format!("{at}/{key}")) {
                            return Some(diff);
                        }
                    }
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{at}: {} items, expected {}", a.len(), b.len()));
            }
            a.iter().zip(b).enumerate().find_map(|(i, (a, b))| first_difference(a, b, &format!("{at}/{i}")))
        }
        (a, b) if a == b => None,
        (a, b) => Some(format!("{at}: got {a}, expected {b}")),
    }
}

#[track_caller]
fn assert_json_eq(actual: &Value, expected: &Value) {
    if let Some(diff) = first_difference(actual, expected, "") {
        panic!(
            "JSON differs at {diff}\nactual:\n{}\nexpected:\n{}",
            serde_json::to_string_pretty(actual).unwrap(),
            serde_json::to_string_pretty(expected).unwrap()
        );
    }
}

#[test]
fn json_comparison_helper_is_strict_except_for_instants_and_number_forms() {
    let same = |a: Value, b: Value| first_difference(&a, &b, "").is_none();
    assert!(same(json!("2014-01-01T05:20:00.12345Z"), json!("2014-01-01T05:20:00.123450Z")));
    assert!(same(json!("2014-01-01T05:20:00.12345Z"), json!("2014-01-01T06:20:00.12345+01:00")));
    assert!(!same(json!("2014-01-01T05:20:00.12345Z"), json!("2014-01-01T05:20:00.1234Z")));
    assert!(!same(json!("EMAIL"), json!("email")));
    assert!(same(json!(1), json!(1.0)));
    assert!(!same(json!(1), json!(2)));
    assert!(!same(json!(1), json!("1")));
    assert!(!same(json!({"a": 1}), json!({"a": 1, "b": null})));
    assert!(!same(json!({"a": 1, "b": null}), json!({"a": 1})));
    assert!(!same(json!([1, 2]), json!([2, 1])));
    assert!(same(json!({"a": [true, null]}), json!({"a": [true, null]})));
}

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

fn seed_instant() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2014, 1, 1).unwrap().and_hms_micro_opt(5, 20, 0, 123_450).unwrap().and_utc()
}

/// The policy both seeds carry.
#[allow(deprecated)]
fn check_seed_policy(policy: &AllowPolicy) {
    assert_eq!(policy.id.value(), Some(&policy_id()));
    assert_eq!(policy.id.to_string(), POLICY);
    assert_eq!(policy.id.value().map(|id| id.get_version_num()), Some(4));
    assert_eq!(policy.created_at.to_utc(), Some(seed_instant()));
    assert_eq!(policy.modified_at.as_ref().and_then(|t| t.to_utc()), Some(seed_instant()));
    assert_eq!(policy.comments.as_deref(), Some("Trust all messages send from test@example.com"));
    assert_eq!(policy.is_acceptable_sender, Some(false));
    assert_eq!(policy.is_exempt_recipient, Some(false));
    assert_eq!(policy.is_regex, Some(false));
    assert_eq!(policy.is_trusted_sender, Some(true));
    assert_eq!(policy.pattern.as_deref(), Some("test@example.com"));
    assert_eq!(policy.pattern_type, Some(PatternType::Email));
    assert!(matches!(policy.pattern_type, Some(PatternType::Email)));
    assert_eq!(policy.verify_sender, Some(true));
    // Deprecated fields are still there to read; received ones are optional even where required.
    assert_eq!(policy.last_modified.as_ref().and_then(|t| t.to_utc()), Some(seed_instant()));
    assert_eq!(policy.is_recipient, Some(false));
    assert_eq!(policy.is_sender, Some(true));
    assert_eq!(policy.is_spoof, Some(false));
}

fn check_seed_messages(errors: &[cloudflare_api::email_security::settings::allow_policies::MessagesItem]) {
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, 1000);
    assert_eq!(errors[0].message, "message");
    assert_eq!(errors[0].documentation_url.as_deref(), Some("documentation_url"));
    assert_eq!(errors[0].source.as_ref().and_then(|s| s.pointer.as_deref()), Some("pointer"));
}

#[test]
fn seeds_are_json_objects() {
    for seed in [GET_SEED, LIST_SEED] {
        let value: Value = serde_json::from_str(seed).expect("a seed is JSON");
        assert!(value.is_object());
        assert!(seed.starts_with("{\n  \"errors\": ["), "seeds keep their pretty-printing");
    }
}

#[test]
fn get_seed_round_trips_through_parse_response() {
    let response = GetPolicy::parse(StatusCode::OK, GET_SEED.as_bytes()).expect("the get seed decodes");
    let original: Value = serde_json::from_str(GET_SEED).unwrap();
    assert_json_eq(&serde_json::to_value(&response).unwrap(), &original);
}

#[test]
fn get_seed_round_trips_through_serde_json() {
    let response: GetAllowPolicyResponse = serde_json::from_str(GET_SEED).expect("the get seed decodes");
    let original: Value = serde_json::from_str(GET_SEED).unwrap();
    assert_json_eq(&serde_json::to_value(&response).unwrap(), &original);
    // Re-serialized text decodes to the same value again.
    let text = serde_json::to_string(&response).unwrap();
    let again: GetAllowPolicyResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(again, response);
    assert_eq!(GetPolicy::parse(StatusCode::OK, GET_SEED.as_bytes()).unwrap(), response);
}

#[test]
fn get_seed_fields() {
    let response = GetPolicy::parse(StatusCode::OK, GET_SEED.as_bytes()).unwrap();
    assert!(response.success);
    check_seed_messages(&response.errors);
    check_seed_messages(&response.messages);
    check_seed_policy(response.result.as_ref().expect("the get seed has a result"));
}

#[test]
fn list_seed_round_trips_through_parse_response() {
    let response = ListPolicies::parse(StatusCode::OK, LIST_SEED.as_bytes()).expect("the list seed decodes");
    let original: Value = serde_json::from_str(LIST_SEED).unwrap();
    assert_json_eq(&serde_json::to_value(&response).unwrap(), &original);
}

#[test]
fn list_seed_round_trips_through_serde_json() {
    let response: ListAllowPoliciesResponse =
        serde_json::from_str(LIST_SEED).expect("the list seed decodes");
    let original: Value = serde_json::from_str(LIST_SEED).unwrap();
    assert_json_eq(&serde_json::to_value(&response).unwrap(), &original);
    let text = serde_json::to_string(&response).unwrap();
    let again: ListAllowPoliciesResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(again, response);
    assert_eq!(ListPolicies::parse(StatusCode::OK, LIST_SEED.as_bytes()).unwrap(), response);
}

#[test]
fn list_seed_fields() {
    let response = ListPolicies::parse(StatusCode::OK, LIST_SEED.as_bytes()).unwrap();
    assert!(response.success);
    check_seed_messages(&response.errors);
    check_seed_messages(&response.messages);
    let result = response.result.as_ref().expect("the list seed has a result");
    assert_eq!(result.len(), 1);
    check_seed_policy(&result[0]);
    let info = response.result_info.as_ref().expect("the list seed has result_info");
    assert_eq!(info.count, Some(1.0));
    assert_eq!(info.page, Some(1.0));
    assert_eq!(info.per_page, Some(20.0));
    assert_eq!(info.total_count, Some(2000.0));
}

#[test]
fn a_policy_id_that_is_not_a_uuid_is_kept_as_text_with_a_deviation() {
    let mut seed: Value = serde_json::from_str(GET_SEED).unwrap();
    seed["result"]["id"] = json!("not-a-uuid");
    let body = serde_json::to_vec(&seed).unwrap();
    let decoded = cloudflare_api::from_json::<GetAllowPolicyResponse>(&body).expect("JSON");
    let policy = decoded.value.result.expect("a policy");
    assert_eq!((policy.id.as_str(), policy.id.value()), ("not-a-uuid", None));
    assert_eq!(decoded.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/result/id"]);
}

#[test]
fn unknown_response_fields_are_ignored() {
    let mut seed: Value = serde_json::from_str(GET_SEED).unwrap();
    seed["result"]["brand_new_field"] = json!({"nested": [1, 2, 3]});
    seed["brand_new_top_level"] = json!(true);
    let body = serde_json::to_vec(&seed).unwrap();
    let response = GetPolicy::parse(StatusCode::OK, &body).expect("unknown fields are ignored");
    check_seed_policy(response.result.as_ref().unwrap());
}

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

fn policy_json_with_pattern_type(pattern_type: &str) -> Value {
    json!({
        "id": POLICY,
        "created_at": "2014-01-01T05:20:00.12345Z",
        "last_modified": "2014-01-01T05:20:00.12345Z",
        "pattern": "test@example.com",
        "pattern_type": pattern_type,
    })
}

#[test]
fn an_unlisted_pattern_type_is_kept_and_sent_back() {
    let original = policy_json_with_pattern_type("REGEX");
    let policy: AllowPolicy = serde_json::from_value(original.clone()).expect("REGEX decodes");
    let pattern_type = policy.pattern_type.clone().expect("pattern_type is set");
    match &pattern_type {
        PatternType::Unrecognized(value) => assert_eq!(value.as_str(), "REGEX"),
        other => panic!("expected the fallback variant, got {other:?}"),
    }
    assert_eq!(pattern_type.as_str(), "REGEX");
    assert_eq!(pattern_type.to_string(), "REGEX");
    assert_eq!(format!("{pattern_type}"), "REGEX");
    assert_eq!(serde_json::to_value(&pattern_type).unwrap(), json!("REGEX"));
    let back = serde_json::to_value(&policy).unwrap();
    assert_eq!(back["pattern_type"], json!("REGEX"));
    assert_json_eq(&back, &original);
}

#[test]
fn an_unlisted_pattern_type_round_trips_through_a_response() {
    let mut seed: Value = serde_json::from_str(GET_SEED).unwrap();
    seed["result"]["pattern_type"] = json!("REGEX");
    let body = serde_json::to_vec(&seed).unwrap();
    let response = GetPolicy::parse(StatusCode::OK, &body).expect("REGEX decodes");
    let pattern_type = response.result.as_ref().unwrap().pattern_type.as_ref().unwrap();
    assert!(matches!(pattern_type, PatternType::Unrecognized(v) if v.as_str() == "REGEX"));
    assert_json_eq(&serde_json::to_value(&response).unwrap(), &seed);
}

#[test]
fn unknown_is_a_listed_value_not_the_fallback() {
    let policy: AllowPolicy = serde_json::from_value(policy_json_with_pattern_type("UNKNOWN")).unwrap();
    let pattern_type = policy.pattern_type.clone().unwrap();
    assert_eq!(pattern_type, PatternType::Unknown);
    assert!(!matches!(pattern_type, PatternType::Unrecognized(_)));
    assert_eq!(pattern_type.as_str(), "UNKNOWN");
    assert_eq!(pattern_type.to_string(), "UNKNOWN");
    assert_eq!(serde_json::to_value(&policy).unwrap()["pattern_type"], json!("UNKNOWN"));
    let regex: PatternType = serde_json::from_value(json!("REGEX")).unwrap();
    assert_ne!(pattern_type, regex);
}

#[test]
fn pattern_type_values_are_the_spec_values_in_order() {
    assert_eq!(PatternType::VALUES, &["EMAIL", "DOMAIN", "IP", "UNKNOWN"]);
    let variants = [
        PatternType::Email,
        PatternType::Domain,
        PatternType::Ip,
        PatternType::Unknown,
    ];
    for (value, variant) in PatternType::VALUES.iter().zip(&variants) {
        assert_eq!(variant.as_str(), *value);
        assert_eq!(&PatternType::from(*value), variant);
    }
    assert_eq!(Direction::VALUES, &["asc", "desc"]);
    assert_eq!(ListAllowPoliciesOrder::VALUES, &["pattern", "created_at"]);
}

#[test]
fn from_str_and_from_agree_with_deserialization() {
    let inputs = ["EMAIL", "DOMAIN", "IP", "UNKNOWN", "REGEX", "email", "Email", " EMAIL", "", "Unrecognized"];
    for input in inputs {
        let deserialized: PatternType = serde_json::from_value(json!(input)).unwrap();
        let parsed: PatternType = input.parse().unwrap();
        let from_str_ref = PatternType::from(input);
        let from_string = PatternType::from(input.to_string());
        assert_eq!(parsed, deserialized, "FromStr of {input:?}");
        assert_eq!(from_str_ref, deserialized, "From<&str> of {input:?}");
        assert_eq!(from_string, deserialized, "From<String> of {input:?}");
        assert_eq!(deserialized.as_str(), input, "as_str of {input:?}");
        assert_eq!(deserialized.to_string(), input, "Display of {input:?}");
        assert_eq!(serde_json::to_value(&deserialized).unwrap(), json!(input));
        let listed = PatternType::VALUES.contains(&input);
        assert_eq!(
            !matches!(deserialized, PatternType::Unrecognized(_)),
            listed,
            "{input:?} is its own variant exactly when the spec lists it"
        );
    }
    for input in ["asc", "desc", "ASC", "sideways"] {
        let deserialized: Direction = serde_json::from_value(json!(input)).unwrap();
        assert_eq!(input.parse::<Direction>().unwrap(), deserialized);
        assert_eq!(Direction::from(input), deserialized);
        assert_eq!(deserialized.as_str(), input);
        assert_eq!(
            matches!(deserialized, Direction::Unrecognized(_)),
            !Direction::VALUES.contains(&input)
        );
    }
    for input in ["pattern", "created_at", "modified_at"] {
        let deserialized: ListAllowPoliciesOrder = serde_json::from_value(json!(input)).unwrap();
        assert_eq!(input.parse::<ListAllowPoliciesOrder>().unwrap(), deserialized);
        assert_eq!(ListAllowPoliciesOrder::from(input), deserialized);
        assert_eq!(deserialized.as_str(), input);
    }
}

#[test]
fn a_non_string_pattern_type_is_a_decode_error() {
    assert!(serde_json::from_value::<PatternType>(json!(3)).is_err());
    assert!(serde_json::from_value::<PatternType>(json!(null)).is_err());
}

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

const LIST_URI: &str =
    "https://api.cloudflare.com/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/allow_policies";

fn policy_uri() -> String {
    format!("{LIST_URI}/{POLICY}")
}

/// Checks the headers: `Accept: application/json` always, `Content-Type: application/json`
/// exactly when there is a body, nothing else.
#[track_caller]
fn assert_headers(request: &Request<cloudflare_api::Body>, has_body: bool) {
    let headers = request.headers();
    assert_eq!(headers.get_all(http::header::ACCEPT).iter().collect::<Vec<_>>(), ["application/json"]);
    if has_body {
        assert_eq!(headers.get_all(http::header::CONTENT_TYPE).iter().collect::<Vec<_>>(), ["application/json"]);
        assert_eq!(headers.len(), 2, "{headers:?}");
        assert!(!request.body().is_empty());
    } else {
        assert!(headers.get(http::header::CONTENT_TYPE).is_none(), "no body, no Content-Type: {headers:?}");
        assert_eq!(headers.len(), 1, "{headers:?}");
        assert!(request.body().is_empty(), "no body expected");
    }
}

#[track_caller]
fn body_json(request: &Request<cloudflare_api::Body>) -> Value {
    serde_json::from_slice(request.body().as_bytes().expect("in memory")).expect("the body is JSON")
}

#[track_caller]
fn assert_no_read_only_keys(body: &Value) {
    let object = body.as_object().expect("a JSON object");
    for key in ["id", "created_at", "last_modified", "modified_at"] {
        assert!(!object.contains_key(key), "readOnly `{key}` must not be sent: {body}");
    }
}

#[test]
fn list_with_required_arguments() {
    let request = ListPolicies::new(ACCOUNT).build_request(BASE).unwrap();
    assert_eq!(request.method(), Method::GET);
    assert_eq!(request.uri().to_string(), LIST_URI);
    assert_eq!(
        request.uri().path(),
        "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/allow_policies"
    );
    assert_eq!(request.uri().query(), None);
    assert_headers(&request, false);
    assert_eq!(ListPolicies::METHOD, Method::GET);
    assert_eq!(ListPolicies::PATH, "/accounts/{account_id}/email-security/settings/allow_policies");
}

#[test]
fn list_with_every_optional_argument() {
    let request = call(ListPolicies::new(ACCOUNT))
        .page(2)
        .per_page(50)
        .search("a b&c=d/é+%#?")
        .order(ListAllowPoliciesOrder::CreatedAt)
        .direction(Direction::Desc)
        .is_exempt_recipient(true)
        .is_trusted_sender(false)
        .is_acceptable_sender(true)
        .verify_sender(false)
        .pattern_type(PatternType::Domain)
        .pattern("*.example.com").into_request()
        .build_request(BASE)
        .unwrap();
    assert_eq!(request.method(), Method::GET);
    let query = "page=2&per_page=50&search=a%20b%26c%3Dd%2F%C3%A9%2B%25%23%3F&order=created_at&direction=desc\
                 &is_exempt_recipient=true&is_trusted_sender=false&is_acceptable_sender=true&verify_sender=false\
                 &pattern_type=DOMAIN&pattern=%2A.example.com";
    assert_eq!(request.uri().query(), Some(query));
    assert_eq!(request.uri().to_string(), format!("{LIST_URI}?{query}"));
    assert_eq!(
        request.uri().path(),
        "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/allow_policies"
    );
    assert_headers(&request, false);
}

#[test]
fn list_sends_unlisted_enum_values_unchanged() {
    let request = call(ListPolicies::new(ACCOUNT))
        .pattern_type("REGEX".parse().unwrap())
        .direction(Direction::from("sideways"))
        .order(ListAllowPoliciesOrder::from("modified at")).into_request()
        .build_request(BASE)
        .unwrap();
    assert_eq!(request.uri().query(), Some("order=modified%20at&direction=sideways&pattern_type=REGEX"));
}

#[test]
fn list_with_some_optional_arguments_keeps_spec_order() {
    let request = call(ListPolicies::new(ACCOUNT))
        .pattern("x")
        .per_page(1000)
        .direction(Direction::Asc)
        .page(1).into_request()
        .build_request(BASE)
        .unwrap();
    assert_eq!(request.uri().query(), Some("page=1&per_page=1000&direction=asc&pattern=x"));
}

fn required_create() -> CreatePolicy {
    CreatePolicy::new(ACCOUNT, true, false, false, true, "test@example.com", PatternType::Email, true)
}

#[test]
fn create_with_required_arguments() {
    let request = required_create().build_request(BASE).unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), LIST_URI);
    assert_eq!(request.uri().query(), None);
    assert_headers(&request, true);
    let body = body_json(&request);
    assert_eq!(
        body,
        json!({
            "is_acceptable_sender": true,
            "is_exempt_recipient": false,
            "is_regex": false,
            "is_trusted_sender": true,
            "pattern": "test@example.com",
            "pattern_type": "EMAIL",
            "verify_sender": true,
        })
    );
    assert_no_read_only_keys(&body);
}

#[test]
#[allow(deprecated)]
fn create_with_every_optional_argument() {
    let request =
        call(CreatePolicy::new(ACCOUNT, false, true, true, false, "^.*@example\\.com$", PatternType::Ip, false))
            .comments("from the test")
            .is_recipient(true)
            .is_sender(false)
            .is_spoof(true).into_request()
            .build_request(BASE)
            .unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), LIST_URI);
    assert_headers(&request, true);
    let body = body_json(&request);
    assert_eq!(
        body,
        json!({
            "comments": "from the test",
            "is_acceptable_sender": false,
            "is_exempt_recipient": true,
            "is_recipient": true,
            "is_regex": true,
            "is_sender": false,
            "is_spoof": true,
            "is_trusted_sender": false,
            "pattern": "^.*@example\\.com$",
            "pattern_type": "IP",
            "verify_sender": false,
        })
    );
    assert_no_read_only_keys(&body);
}

#[test]
fn create_comments_absent_null_and_value() {
    let absent = body_json(&required_create().build_request(BASE).unwrap());
    assert!(absent.get("comments").is_none(), "{absent}");
    let null = body_json(&call(required_create()).comments_null().into_request().build_request(BASE).unwrap());
    assert_eq!(null.get("comments"), Some(&Value::Null));
    let value = body_json(&call(required_create()).comments("x").into_request().build_request(BASE).unwrap());
    assert_eq!(value.get("comments"), Some(&json!("x")));
    for body in [absent, null, value] {
        assert_no_read_only_keys(&body);
    }
}

#[test]
fn create_body_type_has_no_read_only_fields() {
    let body =
        CreateAllowPolicy::new(true, true, true, true, "p".into(), PatternType::Domain, true);
    assert_no_read_only_keys(&serde_json::to_value(&body).unwrap());
}

#[test]
fn get_builds_a_get_without_body() {
    let request = GetPolicy::new(ACCOUNT, policy_id()).build_request(BASE).unwrap();
    assert_eq!(request.method(), Method::GET);
    assert_eq!(request.uri().to_string(), policy_uri());
    assert_eq!(
        request.uri().path(),
        "/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/allow_policies/f174e90a-fafe-4643-bbbc-4a0ed4fc8415"
    );
    assert_eq!(request.uri().query(), None);
    assert_headers(&request, false);
    assert_eq!(GetPolicy::PATH, "/accounts/{account_id}/email-security/settings/allow_policies/{policy_id}");
}

#[test]
fn delete_builds_a_delete_without_body() {
    let request = DeletePolicy::new(ACCOUNT, policy_id()).build_request(BASE).unwrap();
    assert_eq!(request.method(), Method::DELETE);
    assert_eq!(request.uri().to_string(), policy_uri());
    assert_eq!(request.uri().query(), None);
    assert_headers(&request, false);
}

#[test]
fn update_with_required_arguments_only_is_an_empty_patch() {
    // The only required arguments leave the body empty, which `minProperties: 1` forbids.
    assert_invalid(UpdatePolicy::new(ACCOUNT, policy_id()).build_request(BASE), "body");
}

#[test]
fn update_with_one_field() {
    let request = call(UpdatePolicy::new(ACCOUNT, policy_id())).is_regex(true).into_request().build_request(BASE).unwrap();
    assert_eq!(request.method(), Method::PATCH);
    assert_eq!(request.uri().to_string(), policy_uri());
    assert_eq!(request.uri().query(), None);
    assert_headers(&request, true);
    assert_eq!(body_json(&request), json!({"is_regex": true}));
}

#[test]
#[allow(deprecated)]
fn update_with_every_optional_argument() {
    let request = call(UpdatePolicy::new(ACCOUNT, policy_id()))
        .comments("updated")
        .is_acceptable_sender(true)
        .is_exempt_recipient(false)
        .is_recipient(true)
        .is_regex(false)
        .is_sender(true)
        .is_spoof(false)
        .is_trusted_sender(true)
        .pattern("example.com")
        .pattern_type(PatternType::Domain)
        .verify_sender(false).into_request()
        .build_request(BASE)
        .unwrap();
    assert_eq!(request.method(), Method::PATCH);
    assert_eq!(request.uri().to_string(), policy_uri());
    assert_headers(&request, true);
    let body = body_json(&request);
    assert_eq!(
        body,
        json!({
            "comments": "updated",
            "is_acceptable_sender": true,
            "is_exempt_recipient": false,
            "is_recipient": true,
            "is_regex": false,
            "is_sender": true,
            "is_spoof": false,
            "is_trusted_sender": true,
            "pattern": "example.com",
            "pattern_type": "DOMAIN",
            "verify_sender": false,
        })
    );
    assert_no_read_only_keys(&body);
}

#[test]
fn update_comments_absent_null_and_value() {
    let base = || call(UpdatePolicy::new(ACCOUNT, policy_id())).verify_sender(true).into_request();
    let absent = body_json(&base().build_request(BASE).unwrap());
    assert_eq!(absent, json!({"verify_sender": true}));
    assert!(absent.get("comments").is_none());

    let null = body_json(&call(base()).comments_null().into_request().build_request(BASE).unwrap());
    assert_eq!(null, json!({"verify_sender": true, "comments": null}));

    let value = body_json(&call(base()).comments("x").into_request().build_request(BASE).unwrap());
    assert_eq!(value, json!({"verify_sender": true, "comments": "x"}));

    // The last setter wins.
    let cleared = body_json(&call(base()).comments("x").comments_null().into_request().build_request(BASE).unwrap());
    assert_eq!(cleared, json!({"verify_sender": true, "comments": null}));
    let set = body_json(&call(base()).comments_null().comments("y").into_request().build_request(BASE).unwrap());
    assert_eq!(set, json!({"verify_sender": true, "comments": "y"}));
}

#[test]
fn update_with_only_a_null_comment_is_not_empty() {
    let request = call(UpdatePolicy::new(ACCOUNT, policy_id())).comments_null().into_request().build_request(BASE).unwrap();
    assert_eq!(body_json(&request), json!({"comments": null}));
    assert_headers(&request, true);
}

const BATCH_URI: &str = "https://api.cloudflare.com/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/allow_policies/batch";

#[test]
fn batch_with_required_arguments() {
    let request = BatchPolicies::new(ACCOUNT, vec![], vec![], vec![], vec![]).build_request(BASE).unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), BATCH_URI);
    assert_eq!(request.uri().query(), None);
    assert_headers(&request, true);
    assert_eq!(body_json(&request), json!({"deletes": [], "patches": [], "posts": [], "puts": []}));
    assert_eq!(BatchPolicies::PATH, "/accounts/{account_id}/email-security/settings/allow_policies/batch");
}

const ID_1: &str = "00000000-0000-4000-8000-000000000001";
const ID_2: &str = "00000000-0000-4000-8000-000000000002";
const ID_3: &str = "00000000-0000-4000-8000-000000000003";

#[allow(deprecated)]
fn full_patch_item() -> BatchAllowPoliciesBodyPatchesItem {
    let mut item = BatchAllowPoliciesBodyPatchesItem::new(Uuid::parse_str(ID_2).unwrap());
    item.comments = Nullable::Null;
    item.is_acceptable_sender = Some(true);
    item.is_exempt_recipient = Some(true);
    item.is_recipient = Some(true);
    item.is_regex = Some(true);
    item.is_sender = Some(true);
    item.is_spoof = Some(true);
    item.is_trusted_sender = Some(true);
    item.pattern = Some("patched.example.com".into());
    item.pattern_type = Some(PatternType::Domain);
    item.verify_sender = Some(true);
    item
}

#[allow(deprecated)]
fn full_post_item() -> CreateAllowPolicy {
    let mut item = CreateAllowPolicy::new(
        false,
        false,
        false,
        false,
        "posted@example.com".into(),
        PatternType::Email,
        false,
    );
    item.comments = Nullable::Value("posted".into());
    item.is_recipient = Some(false);
    item.is_sender = Some(false);
    item.is_spoof = Some(false);
    item
}

#[allow(deprecated)]
fn full_put_item() -> BatchAllowPoliciesBodyPutsItem {
    let mut item = BatchAllowPoliciesBodyPutsItem::new(Uuid::parse_str(ID_3).unwrap());
    item.comments = Nullable::Value("put".into());
    item.is_acceptable_sender = Some(false);
    item.is_exempt_recipient = Some(true);
    item.is_recipient = Some(false);
    item.is_regex = Some(false);
    item.is_sender = Some(true);
    item.is_spoof = Some(false);
    item.is_trusted_sender = Some(true);
    item.pattern = Some("203.0.113.0/24".into());
    item.pattern_type = Some(PatternType::Ip);
    item.verify_sender = Some(false);
    item
}

fn delete_item(id: &str) -> BatchAllowPoliciesBodyDeletesItem {
    BatchAllowPoliciesBodyDeletesItem::new(Uuid::parse_str(id).unwrap())
}

#[test]
fn batch_with_every_field_of_every_item() {
    let request = BatchPolicies::new(
        ACCOUNT,
        vec![delete_item(ID_1)],
        vec![full_patch_item()],
        vec![full_post_item()],
        vec![full_put_item()],
    )
    .build_request(BASE)
    .unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri().to_string(), BATCH_URI);
    assert_headers(&request, true);
    let body = body_json(&request);
    assert_eq!(
        body,
        json!({
            "deletes": [{"id": ID_1}],
            "patches": [{
                "id": ID_2,
                "comments": null,
                "is_acceptable_sender": true,
                "is_exempt_recipient": true,
                "is_recipient": true,
                "is_regex": true,
                "is_sender": true,
                "is_spoof": true,
                "is_trusted_sender": true,
                "pattern": "patched.example.com",
                "pattern_type": "DOMAIN",
                "verify_sender": true,
            }],
            "posts": [{
                "comments": "posted",
                "is_acceptable_sender": false,
                "is_exempt_recipient": false,
                "is_recipient": false,
                "is_regex": false,
                "is_sender": false,
                "is_spoof": false,
                "is_trusted_sender": false,
                "pattern": "posted@example.com",
                "pattern_type": "EMAIL",
                "verify_sender": false,
            }],
            "puts": [{
                "id": ID_3,
                "comments": "put",
                "is_acceptable_sender": false,
                "is_exempt_recipient": true,
                "is_recipient": false,
                "is_regex": false,
                "is_sender": true,
                "is_spoof": false,
                "is_trusted_sender": true,
                "pattern": "203.0.113.0/24",
                "pattern_type": "IP",
                "verify_sender": false,
            }],
        })
    );
    // readOnly timestamps are never sent, in any item.
    for list in ["patches", "posts", "puts"] {
        for item in body[list].as_array().unwrap() {
            for key in ["created_at", "last_modified", "modified_at"] {
                assert!(item.get(key).is_none(), "{list} item sends readOnly `{key}`: {item}");
            }
        }
    }
    assert_no_read_only_keys(&body["posts"][0]);
}

#[test]
fn batch_items_with_only_an_id() {
    let request = BatchPolicies::new(
        ACCOUNT,
        vec![],
        vec![BatchAllowPoliciesBodyPatchesItem::new(Uuid::parse_str(ID_2).unwrap())],
        vec![],
        vec![BatchAllowPoliciesBodyPutsItem::new(Uuid::parse_str(ID_3).unwrap())],
    )
    .build_request(BASE)
    .unwrap();
    assert_eq!(
        body_json(&request),
        json!({"deletes": [], "patches": [{"id": ID_2}], "posts": [], "puts": [{"id": ID_3}]})
    );
}

#[test]
fn a_trailing_slash_on_the_base_url_changes_nothing() {
    let request = GetPolicy::new(ACCOUNT, policy_id()).build_request("https://api.cloudflare.com/client/v4/").unwrap();
    assert_eq!(request.uri().to_string(), policy_uri());
    assert_eq!(cloudflare_api::DEFAULT_BASE_URL, Some(BASE));
}

// ---------------------------------------------------------------------------------------------
// Path parameters stay in their segment
// ---------------------------------------------------------------------------------------------

/// Every operation, built with `account` and `policy` and otherwise valid arguments, with the
/// path segments that must follow `/client/v4/accounts/<account>`.
fn every_operation(account: &str, policy: Uuid) -> Vec<(&'static str, Built, Vec<String>)> {
    let collection = || vec!["email-security".to_string(), "settings".into(), "allow_policies".into()];
    let item = || {
        let mut segments = collection();
        segments.push(policy.to_string());
        segments
    };
    let mut batch = collection();
    batch.push("batch".into());
    vec![
        ("list", ListPolicies::new(account).build_request(BASE), collection()),
        (
            "create",
            CreatePolicy::new(account, true, true, true, true, "p", PatternType::Email, true).build_request(BASE),
            collection(),
        ),
        ("batch", BatchPolicies::new(account, vec![], vec![], vec![], vec![]).build_request(BASE), batch),
        ("get", GetPolicy::new(account, policy).build_request(BASE), item()),
        ("delete", DeletePolicy::new(account, policy).build_request(BASE), item()),
        ("update", call(UpdatePolicy::new(account, policy)).is_regex(true).into_request().build_request(BASE), item()),
    ]
}

/// Builds every operation with `account` and checks the account is exactly the one segment
/// `encoded`, nothing leaks into the query or a fragment, and the rest of the path is intact.
#[track_caller]
fn assert_account_segment(account: &str, encoded: &str) {
    for (name, request, rest) in every_operation(account, policy_id()) {
        let request = request.unwrap_or_else(|e| panic!("{name} with account {account:?}: {e}"));
        let uri = request.uri();
        let segments: Vec<&str> = uri.path().split('/').collect();
        let mut expected = vec!["", "client", "v4", "accounts", encoded];
        expected.extend(rest.iter().map(String::as_str));
        assert_eq!(segments, expected, "{name} with account {account:?}: {uri}");
        assert_eq!(uri.query(), None, "{name} with account {account:?}: {uri}");
        let text = uri.to_string();
        assert!(!text.contains('#') && !text.contains('?'), "{name}: {text}");
        assert_eq!(uri.host(), Some("api.cloudflare.com"));
    }
}

#[test]
fn account_id_with_slash_and_dots_stays_in_its_segment() {
    assert_account_segment("../x", "..%2Fx");
    assert_account_segment("..%2F..", "..%252F..");
    assert_account_segment("/", "%2F");
}

#[test]
fn account_id_with_query_and_fragment_characters_stays_in_its_segment() {
    assert_account_segment("a/b?c#d", "a%2Fb%3Fc%23d");
    let request = ListPolicies::new("a/b?c#d").build_request(BASE).unwrap();
    assert!(request.uri().path().contains("a%2Fb%3Fc%23d"));
    assert_eq!(request.uri().query(), None);
    let request = call(ListPolicies::new("a/b?c#d")).per_page(5).into_request().build_request(BASE).unwrap();
    assert_eq!(request.uri().query(), Some("per_page=5"));
}

#[test]
fn dot_segments_are_rejected_before_a_request_exists() {
    // `%2E%2E` is still `..` to WHATWG URL parsers and many servers, so `.` and `..` are refused.
    for account in [".", ".."] {
        let error = GetPolicy::new(account, policy_id()).build_request(BASE).expect_err(account);
        assert_eq!(error.field(), Some("account_id"), "{account}: {error}");
    }
    for ok in ["...", ".a", "a.", "a..b"] {
        assert!(GetPolicy::new(ok, policy_id()).build_request(BASE).is_ok(), "{ok}");
    }
}

#[test]
fn other_characters_are_percent_encoded_in_the_segment() {
    assert_account_segment("é ü", "%C3%A9%20%C3%BC");
    assert_account_segment("a%b", "a%25b");
    assert_account_segment("a;b,c=d&e", "a%3Bb%2Cc%3Dd%26e");
    assert_account_segment("A-z_0.9~", "A-z_0.9~");
}

#[test]
fn policy_ids_are_their_own_segment() {
    for id in [policy_id(), Uuid::nil(), Uuid::max(), Uuid::parse_str("ABCDEF00-0000-4000-8000-00000000000A").unwrap()]
    {
        for (name, request, rest) in every_operation(ACCOUNT, id) {
            let request = request.unwrap();
            let segments: Vec<&str> = request.uri().path().split('/').collect();
            let mut expected = vec!["", "client", "v4", "accounts", ACCOUNT];
            expected.extend(rest.iter().map(String::as_str));
            assert_eq!(segments, expected, "{name}");
            if rest.len() == 4 && rest[3] != "batch" {
                assert_eq!(segments[8], id.hyphenated().to_string(), "{name}: lower-case hyphenated uuid");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Constraints are rejected before a request exists
// ---------------------------------------------------------------------------------------------

#[track_caller]
fn assert_invalid(result: Built, expected_field: &str) {
    match result {
        Err(error @ BuildError::Invalid { .. }) => {
            assert_eq!(error.field(), Some(expected_field), "{error}");
            let BuildError::Invalid { field, reason } = &error else { unreachable!() };
            assert_eq!(field, expected_field);
            assert!(!reason.is_empty());
            assert!(error.to_string().contains(expected_field), "{error}");
        }
        Err(other) => panic!("expected BuildError::Invalid for `{expected_field}`, got {other:?}"),
        Ok(request) => panic!("expected BuildError::Invalid for `{expected_field}`, built {request:?}"),
    }
}

#[test]
fn per_page_bounds() {
    assert_invalid(call(ListPolicies::new(ACCOUNT)).per_page(0).into_request().build_request(BASE), "per_page");
    assert_invalid(call(ListPolicies::new(ACCOUNT)).per_page(-1).into_request().build_request(BASE), "per_page");
    assert_invalid(call(ListPolicies::new(ACCOUNT)).per_page(1001).into_request().build_request(BASE), "per_page");
    assert_invalid(call(ListPolicies::new(ACCOUNT)).per_page(i64::MAX).into_request().build_request(BASE), "per_page");
    assert_eq!(call(ListPolicies::new(ACCOUNT)).per_page(1).into_request().build_request(BASE).unwrap().uri().query(), Some("per_page=1"));
    assert_eq!(call(ListPolicies::new(ACCOUNT)).per_page(1000).into_request().build_request(BASE).unwrap().uri().query(), Some("per_page=1000"));
}

#[test]
fn page_minimum() {
    assert_invalid(call(ListPolicies::new(ACCOUNT)).page(0).into_request().build_request(BASE), "page");
    assert_invalid(call(ListPolicies::new(ACCOUNT)).page(-5).into_request().build_request(BASE), "page");
    assert_eq!(call(ListPolicies::new(ACCOUNT)).page(1).into_request().build_request(BASE).unwrap().uri().query(), Some("page=1"));
    assert_eq!(call(ListPolicies::new(ACCOUNT)).page(1_000_000).into_request().build_request(BASE).unwrap().uri().query(), Some("page=1000000"));
}

#[test]
fn account_id_max_length_on_every_operation() {
    let long = "a".repeat(33);
    for (_, request, _) in every_operation(&long, policy_id()) {
        assert_invalid(request, "account_id");
    }
    let longest = "a".repeat(32);
    for (name, request, _) in every_operation(&longest, policy_id()) {
        assert!(request.is_ok(), "{name}: 32 characters pass");
    }
    // Characters, not bytes, are counted.
    for (name, request, _) in every_operation(&"é".repeat(32), policy_id()) {
        assert!(request.is_ok(), "{name}: 32 two-byte characters pass");
    }
}

#[test]
fn empty_account_id_on_every_operation() {
    for (_, request, _) in every_operation("", policy_id()) {
        assert_invalid(request, "account_id");
    }
}

#[test]
fn create_pattern_length() {
    let create = |pattern: String| {
        CreatePolicy::new(ACCOUNT, true, true, true, true, pattern, PatternType::Email, true).build_request(BASE)
    };
    assert_invalid(create(String::new()), "body.pattern");
    assert_invalid(create("p".repeat(1025)), "body.pattern");
    assert_invalid(create("é".repeat(1025)), "body.pattern");
    let request = create("p".repeat(1024)).unwrap();
    assert_eq!(body_json(&request)["pattern"], json!("p".repeat(1024)));
    assert!(create("é".repeat(1024)).is_ok(), "1024 two-byte characters pass");
    assert!(create("p".into()).is_ok());
}

#[test]
fn comments_length() {
    assert_invalid(call(required_create()).comments("c".repeat(1025)).into_request().build_request(BASE), "body.comments");
    assert!(call(required_create()).comments("c".repeat(1024)).into_request().build_request(BASE).is_ok());
    assert!(call(required_create()).comments("").into_request().build_request(BASE).is_ok(), "comments has no minimum length");
    assert_invalid(call(UpdatePolicy::new(ACCOUNT, policy_id())).comments("c".repeat(1025)).into_request().build_request(BASE), "body.comments");
    assert!(call(UpdatePolicy::new(ACCOUNT, policy_id())).comments("c".repeat(1024)).into_request().build_request(BASE).is_ok());
}

#[test]
fn update_pattern_length() {
    assert_invalid(call(UpdatePolicy::new(ACCOUNT, policy_id())).pattern("").into_request().build_request(BASE), "body.pattern");
    assert_invalid(call(UpdatePolicy::new(ACCOUNT, policy_id())).pattern("p".repeat(1025)).into_request().build_request(BASE), "body.pattern");
    assert!(call(UpdatePolicy::new(ACCOUNT, policy_id())).pattern("p".repeat(1024)).into_request().build_request(BASE).is_ok());
}

#[test]
fn empty_patch_is_rejected_and_one_field_is_enough() {
    assert_invalid(UpdatePolicy::new(ACCOUNT, policy_id()).build_request(BASE), "body");
    let one =
        call(UpdatePolicy::new(ACCOUNT, policy_id())).pattern_type(PatternType::Email).into_request().build_request(BASE).unwrap();
    assert_eq!(body_json(&one), json!({"pattern_type": "EMAIL"}));
    let one = call(UpdatePolicy::new(ACCOUNT, policy_id())).is_trusted_sender(false).into_request().build_request(BASE).unwrap();
    assert_eq!(body_json(&one), json!({"is_trusted_sender": false}));
}

fn many<T: Clone>(item: T, n: usize) -> Vec<T> {
    vec![item; n]
}

#[test]
fn batch_max_items() {
    let patch = || BatchAllowPoliciesBodyPatchesItem::new(policy_id());
    let post = || {
        CreateAllowPolicy::new(true, true, true, true, "p".into(), PatternType::Email, true)
    };
    let put = || BatchAllowPoliciesBodyPutsItem::new(policy_id());
    let delete = || BatchAllowPoliciesBodyDeletesItem::new(policy_id());

    assert_invalid(
        BatchPolicies::new(ACCOUNT, many(delete(), 1001), vec![], vec![], vec![]).build_request(BASE),
        "body.deletes",
    );
    assert_invalid(
        BatchPolicies::new(ACCOUNT, vec![], many(patch(), 1001), vec![], vec![]).build_request(BASE),
        "body.patches",
    );
    assert_invalid(BatchPolicies::new(ACCOUNT, vec![], vec![], many(post(), 1001), vec![]).build_request(BASE), "body.posts");
    assert_invalid(BatchPolicies::new(ACCOUNT, vec![], vec![], vec![], many(put(), 1001)).build_request(BASE), "body.puts");

    let full =
        BatchPolicies::new(ACCOUNT, many(delete(), 1000), many(patch(), 1000), many(post(), 1000), many(put(), 1000))
            .build_request(BASE)
            .expect("1000 items in every array pass");
    let body = body_json(&full);
    for list in ["deletes", "patches", "posts", "puts"] {
        assert_eq!(body[list].as_array().map(Vec::len), Some(1000), "{list}");
    }
}

#[test]
fn batch_items_are_validated_with_their_path() {
    let bad_post = CreateAllowPolicy::new(
        true,
        true,
        true,
        true,
        String::new(),
        PatternType::Email,
        true,
    );
    let good_post =
        CreateAllowPolicy::new(true, true, true, true, "p".into(), PatternType::Email, true);
    let posts = vec![good_post.clone(), good_post.clone(), good_post, bad_post];
    assert_invalid(BatchPolicies::new(ACCOUNT, vec![], vec![], posts, vec![]).build_request(BASE), "body.posts[3].pattern");

    let mut patch = BatchAllowPoliciesBodyPatchesItem::new(policy_id());
    patch.comments = Nullable::Value("c".repeat(1025));
    assert_invalid(
        BatchPolicies::new(ACCOUNT, vec![], vec![patch], vec![], vec![]).build_request(BASE),
        "body.patches[0].comments",
    );

    let mut put = BatchAllowPoliciesBodyPutsItem::new(policy_id());
    put.pattern = Some("p".repeat(1025));
    assert_invalid(BatchPolicies::new(ACCOUNT, vec![], vec![], vec![], vec![put]).build_request(BASE), "body.puts[0].pattern");
}

// ---------------------------------------------------------------------------------------------
// parse_response
// ---------------------------------------------------------------------------------------------

const FAILURE: &str =
    r#"{"success":false,"errors":[{"code":7003,"message":"No route for the URI"}],"messages":[],"result":null}"#;

#[track_caller]
fn check_failure<T: std::fmt::Debug>(
    result: Result<T, ResponseError<cloudflare_api::ApiError<ApiResponseCommonFailure>>>,
    status: StatusCode,
) {
    let error = result.expect_err("a 4XX is an error");
    assert_eq!(error.status(), status);
    assert_eq!(error.body(), FAILURE.as_bytes());
    let decoded = error.error().and_then(|answer| answer.declared()).expect("the failure envelope decodes");
    assert_eq!(decoded.errors.len(), 1);
    assert_eq!(decoded.errors[0].code, 7003);
    assert_eq!(decoded.errors[0].message, "No route for the URI");
    assert!(!decoded.success);
    assert_eq!(decoded.result, None);
    assert!(decoded.messages.is_empty());
    match error {
        ResponseError::Status { status: s, error, body } => {
            assert_eq!(s, status);
            assert!(matches!(*error, cloudflare_api::ApiError::Declared(e) if e.errors[0].code == 7003));
            assert_eq!(body, FAILURE.as_bytes());
        }
        other => panic!("expected ResponseError::Status with a decoded error, got {other:?}"),
    }
}

#[test]
fn a_4xx_failure_envelope_is_a_status_error_with_decoded_errors() {
    check_failure(GetPolicy::parse(StatusCode::NOT_FOUND, FAILURE.as_bytes()), StatusCode::NOT_FOUND);
    check_failure(ListPolicies::parse(StatusCode::BAD_REQUEST, FAILURE.as_bytes()), StatusCode::BAD_REQUEST);
    check_failure(
        CreatePolicy::parse(StatusCode::UNPROCESSABLE_ENTITY, FAILURE.as_bytes()),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    check_failure(BatchPolicies::parse(StatusCode::CONFLICT, FAILURE.as_bytes()), StatusCode::CONFLICT);
    check_failure(DeletePolicy::parse(StatusCode::FORBIDDEN, FAILURE.as_bytes()), StatusCode::FORBIDDEN);
    check_failure(UpdatePolicy::parse(StatusCode::UNAUTHORIZED, FAILURE.as_bytes()), StatusCode::UNAUTHORIZED);
}

#[test]
fn a_4xx_body_that_is_a_success_shape_is_still_an_error() {
    let error = GetPolicy::parse(StatusCode::NOT_FOUND, GET_SEED.as_bytes()).expect_err("404 is an error");
    assert!(matches!(error, ResponseError::Status { status: StatusCode::NOT_FOUND, .. }), "{error:?}");
    // The seed has no `result: null`, but `result` is an `Option`, so it may decode or not;
    // either way the raw body is kept.
    assert_eq!(error.body(), GET_SEED.as_bytes());
}

#[test]
fn a_2xx_with_malformed_json_is_a_decode_error() {
    let body = br#"{"success": true, "errors": [], "messages": [], "result": {"id": "#;
    match GetPolicy::parse(StatusCode::OK, body) {
        Err(error @ ResponseError::Decode { .. }) => {
            assert_eq!(error.status(), StatusCode::OK);
            assert!(error.error().is_none());
            assert_eq!(error.body(), body);
            assert!(error.to_string().contains("200"), "{error}");
        }
        other => panic!("expected ResponseError::Decode, got {other:?}"),
    }
    assert!(matches!(
        ListPolicies::parse(StatusCode::OK, b"not json at all"),
        Err(ResponseError::Decode { status: StatusCode::OK, .. })
    ));
    // Well-formed JSON that leaves out what the description requires decodes, with defaults
    // standing in and each place named.
    let body = br#"{"success": true}"#;
    assert!(ListPolicies::parse(StatusCode::OK, body).is_ok());
    let decoded = cloudflare_api::from_json::<ListAllowPoliciesResponse>(body).expect("JSON");
    let places: Vec<&str> = decoded.deviations.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(places, ["/errors", "/messages"], "`result` may be null, so it may be absent");
}

#[test]
fn a_2xx_with_an_empty_body_is_a_decode_error_keeping_the_raw_body() {
    for body in [&b""[..], b"  \n"] {
        match GetPolicy::parse(StatusCode::OK, body) {
            Err(error @ ResponseError::Decode { .. }) => {
                assert_eq!(error.status(), StatusCode::OK);
                assert_eq!(error.body(), body, "the raw body is kept, not a substitute");
            }
            other => panic!("expected ResponseError::Decode, got {other:?}"),
        }
    }
}

#[test]
fn a_500_with_a_non_json_body_keeps_the_raw_body() {
    let body = b"<html><body>502 Bad Gateway \xff</body></html>";
    let error = GetPolicy::parse(StatusCode::INTERNAL_SERVER_ERROR, body).expect_err("500 is an error");
    assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.error(), Some(&cloudflare_api::ApiError::Undeclared), "5XX is not declared");
    assert_eq!(error.body(), body);
    match error {
        ResponseError::Status { status, error, body: raw } if *error == cloudflare_api::ApiError::Undeclared => {
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(raw, body);
        }
        other => panic!("expected ResponseError::Status without a decoded error, got {other:?}"),
    }
}

#[test]
fn a_201_created_decodes_as_success() {
    let response = CreatePolicy::parse(StatusCode::CREATED, GET_SEED.as_bytes()).expect("201 is a success");
    check_seed_policy(response.result.as_ref().unwrap());
}

#[test]
fn delete_response_decodes_the_deleted_id() {
    let body = format!(r#"{{"success":true,"errors":[],"messages":[],"result":{{"id":"{POLICY}"}}}}"#);
    let response = DeletePolicy::parse(StatusCode::OK, body.as_bytes()).unwrap();
    assert_eq!(response.result.and_then(|r| r.id.value().copied()), Some(policy_id()));
}

// ---------------------------------------------------------------------------------------------
// Nullable
// ---------------------------------------------------------------------------------------------

#[test]
fn nullable_serializes_absent_null_and_value() {
    let mut patch = UpdateAllowPolicy::new();
    assert_eq!(patch.comments, Nullable::Absent);
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({}));
    assert_eq!(serde_json::to_string(&patch).unwrap(), "{}");

    patch.comments = Nullable::Null;
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"comments": null}));
    assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"comments":null}"#);

    patch.comments = Nullable::Value("x".into());
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"comments": "x"}));
    assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"comments":"x"}"#);
}

#[test]
fn nullable_deserializes_absent_null_and_value() {
    let absent: UpdateAllowPolicy = serde_json::from_value(json!({})).unwrap();
    assert_eq!(absent.comments, Nullable::Absent);
    let null: UpdateAllowPolicy = serde_json::from_value(json!({"comments": null})).unwrap();
    assert_eq!(null.comments, Nullable::Null);
    let value: UpdateAllowPolicy = serde_json::from_value(json!({"comments": "x"})).unwrap();
    assert_eq!(value.comments, Nullable::Value("x".to_string()));
    assert!(serde_json::from_value::<UpdateAllowPolicy>(json!({"comments": 5})).is_err());

    // Each state survives a round trip.
    for original in [json!({}), json!({"comments": null}), json!({"comments": "x"})] {
        let decoded: UpdateAllowPolicy = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), original);
    }
}

/// A type only ever received has no use for three states: a nullable field that is `null` or
/// absent is `None`, and is left out when the value is serialized again.
#[test]
fn nullable_in_a_response_type() {
    let mut seed: Value = serde_json::from_str(GET_SEED).unwrap();
    seed["result"]["comments"] = Value::Null;
    let response: GetAllowPolicyResponse = serde_json::from_value(seed.clone()).unwrap();
    assert_eq!(response.result.as_ref().unwrap().comments, None);

    seed["result"].as_object_mut().unwrap().remove("comments");
    assert_json_eq(&serde_json::to_value(&response).unwrap(), &seed);
    let response: GetAllowPolicyResponse = serde_json::from_value(seed.clone()).unwrap();
    assert_eq!(response.result.as_ref().unwrap().comments, None);
    let back = serde_json::to_value(&response).unwrap();
    assert!(back["result"].get("comments").is_none());
    assert_json_eq(&back, &seed);
}

#[test]
fn nullable_helpers() {
    let absent: Nullable<String> = Nullable::default();
    assert_eq!(absent, Nullable::Absent);
    assert!(absent.is_absent());
    assert_eq!(absent.as_option(), None);
    let null: Nullable<String> = None.into();
    assert_eq!(null, Nullable::Null);
    assert!(!null.is_absent());
    assert_eq!(null.clone().into_option(), None);
    let value: Nullable<String> = Some("v".to_string()).into();
    assert_eq!(value, Nullable::Value("v".to_string()));
    assert_eq!(Nullable::from("v".to_string()), value);
    assert_eq!(value.as_option().map(String::as_str), Some("v"));
    assert_eq!(value.into_option(), Some("v".to_string()));
}

/// Success statuses with different bodies decode by status (`tests/fixtures/responses`).
#[test]
fn success_bodies_are_told_apart_by_status() {
    use fixture_responses::operations::{DeleteScanRequest, GetScanRequest};
    use fixture_responses::types::{DeleteScanResponse, GetScanResponse};
    use fixture_responses::ResponseError;

    let scan = br#"{"id":"s1","verdict":"clean"}"#;
    match GetScanRequest::parse(StatusCode::OK, scan).unwrap() {
        GetScanResponse::Ok(s) => assert_eq!(s.id, "s1"),
        other => panic!("200 should be Ok, got {other:?}"),
    }
    match GetScanRequest::parse(StatusCode::ACCEPTED, br#"{"eta_seconds":30}"#).unwrap() {
        GetScanResponse::Accepted(a) => assert_eq!(a.eta_seconds, Some(30)),
        other => panic!("202 should be Accepted, got {other:?}"),
    }
    // 203 is not listed: the `2XX` entry takes it.
    match GetScanRequest::parse(StatusCode::NON_AUTHORITATIVE_INFORMATION, scan).unwrap() {
        GetScanResponse::Success(s) => assert_eq!(s.id, "s1"),
        other => panic!("203 should be Success, got {other:?}"),
    }
    // A 202 body under 200 does not silently pass as a scan: it is one whose required
    // properties are absent, and the deviations say so.
    let decoded = fixture_responses::from_json::<fixture_responses::types::Scan>(br#"{"eta_seconds":30}"#).expect("JSON");
    let places: Vec<&str> = decoded.deviations.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(places, ["/id"]);
    assert_eq!(decoded.value.additional_properties["eta_seconds"], 30);
    match GetScanRequest::parse(StatusCode::NOT_FOUND, br#"{"title":"gone"}"#) {
        Err(ResponseError::Status { status: StatusCode::NOT_FOUND, error, .. }) => {
            assert_eq!(error.declared().and_then(|problem| problem.title.as_deref()), Some("gone"))
        }
        other => panic!("404 should be a status error, got {other:?}"),
    }

    assert_eq!(DeleteScanRequest::parse(StatusCode::NO_CONTENT, b"").unwrap(), DeleteScanResponse::NoContent);
    assert_eq!(
        DeleteScanRequest::parse(StatusCode::PARTIAL_CONTENT, b"\x89PNG").unwrap(),
        DeleteScanResponse::PartialContent(b"\x89PNG".to_vec())
    );
    // An undocumented success status decodes as the first variant.
    assert!(matches!(DeleteScanRequest::parse(StatusCode::CREATED, scan).unwrap(), DeleteScanResponse::Ok(_)));
}

/// The crate generated from OpenAPI 3.1 decodes what 3.1 says: `type: [T, "null"]` and a
/// `oneOf` with `{type: "null"}` take `null`, `const` is a one-value enum, a `$ref` with a
/// description keeps its type; what it decoded serializes back the same.
#[test]
fn openapi_3_1_types_decode_values() {
    use fixture_v31::types::{Color, Gadget, GadgetKind};
    let json = serde_json::json!({
        "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "kind": "gadget", "weight": 12.5,
        "label": null, "size": {"width": 3}, "color": "red", "serial": 7
    });
    let gadget: Gadget = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(gadget.kind, GadgetKind::Gadget);
    // Received only: a `null` is `None`, and is left out when serialized again.
    assert_eq!(gadget.label, None);
    assert!(matches!(&gadget.size, Some(size) if size.width == Some(3)));
    assert_eq!(gadget.color, Some(Color::Red));
    let mut without_null = json.clone();
    without_null.as_object_mut().unwrap().remove("label");
    assert_eq!(serde_json::to_value(&gadget).unwrap(), without_null);
    let null_size: Gadget = serde_json::from_value(serde_json::json!({
        "id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", "kind": "other", "weight": 1, "size": null
    }))
    .unwrap();
    assert_eq!(null_size.size, None);
    assert!(matches!(null_size.kind, GadgetKind::Unrecognized(_)));
}

/// OpenAPI 3.1's integer enum (`type: integer, oneOf: [{title: NORMAL, const: 0}, ...]`) is
/// one enum of those values named by their titles: each value decodes as its own variant, an
/// unlisted one is kept, each is sent back as the number it was, also as a query parameter.
#[test]
fn integer_constants_decode_as_their_own_variant() {
    use fixture_v31::operations::ListGadgetsRequest;
    use fixture_v31::{from_json, to_json};
    use fixture_v31::types::Mode;
    let decoded = from_json::<Vec<Mode>>(b"[0,1,2,7]").expect("JSON");
    assert_eq!(decoded.value, [Mode::Normal, Mode::Burst, Mode::Off, Mode::Unrecognized(7)]);
    assert!(decoded.deviations.is_empty(), "{:?}", decoded.deviations);
    assert_eq!(to_json(&decoded.value).unwrap(), b"[0,1,2,7]");
    assert_eq!(Mode::VALUES, [0, 1, 2]);
    assert_eq!((Mode::from(1), Mode::Burst.value(), Mode::Burst.to_string()), (Mode::Burst, 1, "1".to_string()));
    // Text is no number: a deviation, with `0` standing in (here listed as `NORMAL`).
    let decoded = from_json::<Mode>(br#""burst""#).expect("JSON");
    assert_eq!(decoded.deviations.len(), 1);
    assert_eq!(decoded.value, Mode::Normal);
    let request = with(ListGadgetsRequest::new(), |o| o.mode = Some(Mode::Burst)).build_request("https://x.test").unwrap();
    assert_eq!(request.uri().query(), Some("mode=1"));
}

/// A `{type: "null"}` member among 3.1 integer constants makes a field of that type
/// nullable: `null` in the required `power` is no deviation (it is one in the required
/// `mode`, whose constants have no such member); each listed value is its own variant, an
/// unlisted one is kept, and all are sent back as the numbers they were. What stands in for
/// a value the server left out is `0`, unlisted in `Power`.
#[test]
fn integer_constants_with_a_null_member_are_a_nullable_enum() {
    use fixture_v31::{from_json, to_json};
    use fixture_v31::types::{Mode, Power, Reading};
    let decoded = from_json::<Reading>(br#"{"mode":1,"power":null}"#).expect("JSON");
    assert_eq!((decoded.value.mode, decoded.value.power), (Mode::Burst, None));
    assert!(decoded.deviations.is_empty(), "{:?}", decoded.deviations);
    let decoded = from_json::<Reading>(br#"{"mode":null,"power":1}"#).expect("JSON");
    assert_eq!((decoded.value.mode, decoded.value.power), (Mode::Normal, Some(Power::Low)));
    assert_eq!(decoded.deviations.len(), 1, "{:?}", decoded.deviations);
    for (text, power) in [("1", Power::Low), ("2", Power::High), ("7", Power::Unrecognized(7))] {
        let json = format!(r#"{{"mode":2,"power":{text}}}"#);
        let decoded = from_json::<Reading>(json.as_bytes()).expect("JSON");
        assert_eq!((decoded.value.mode, decoded.value.power), (Mode::Off, Some(power)), "{text}");
        assert!(decoded.deviations.is_empty(), "{text}: {:?}", decoded.deviations);
        assert_eq!(to_json(&decoded.value).unwrap(), json.as_bytes(), "{text}");
    }
    assert_eq!((Power::default(), Mode::default()), (Power::Unrecognized(0), Mode::Normal));
}

/// Object members each declaring a constant for one property (3.1 `const`, one through a
/// `$ref`, neither `required`) are a union tagged by it: each value is the variant its
/// constant names, a constant no member has is kept unchanged rather than taken for the
/// closest shape, and a variant is sent with its constant even when the value leaves it out.
#[test]
fn a_constant_in_each_object_member_tags_the_union() {
    use fixture_v31::{from_json, to_json};
    use fixture_v31::types::{Attachment, Manual, ManualType, PhotoType};
    let json = br#"[{"type":"photo","width":3},{"type":"manual","pages":3},{"type":"video","width":3,"pages":3}]"#;
    let decoded = from_json::<Vec<Attachment>>(json).expect("JSON");
    assert!(decoded.deviations.is_empty(), "{:?}", decoded.deviations);
    match decoded.value.as_slice() {
        [Attachment::Photo(photo), Attachment::Manual(manual), Attachment::Unrecognized(other)] => {
            assert_eq!((photo.r#type.clone(), photo.width), (Some(PhotoType::Photo), Some(3)));
            assert_eq!((manual.r#type.clone(), manual.pages), (Some(ManualType::Manual), Some(3)));
            assert_eq!(other, &json!({"type": "video", "width": 3, "pages": 3}));
        }
        other => panic!("not the variants the constants name: {other:?}"),
    }
    let sent: Value = serde_json::from_slice(&to_json(&decoded.value).unwrap()).unwrap();
    assert_eq!(sent, serde_json::from_slice::<Value>(json).unwrap());
    // Without its tag a value is no member's: kept, with a deviation saying why.
    let decoded = from_json::<Attachment>(br#"{"pages":3}"#).expect("JSON");
    assert_eq!(decoded.value, Attachment::Unrecognized(json!({"pages": 3})));
    assert_eq!(decoded.deviations.len(), 1, "{:?}", decoded.deviations);
    let mut manual = Manual::default();
    manual.pages = Some(3);
    assert_eq!(serde_json::to_value(Attachment::Manual(manual)).unwrap(), json!({"type": "manual", "pages": 3}));
}

#[test]
fn the_traps_fixture_sends_lists_in_paths_and_cookies_and_pages_with_required_parameters() {
    use fixture_traps::operations::{GetThingsRequest, ListRequiredPagesRequest};
    use fixture_traps::Paginated;
    let request = with(GetThingsRequest::new(vec![1, 2, 3]), |o| o.flavours = Some(vec!["a b".into(), "c,d".into()])).build_request("https://x.test").unwrap();
    assert_eq!(request.uri().path(), "/things/1,2,3");
    assert_eq!(request.headers()["cookie"], "flavours=a%20b%2Cc%2Cd");
    let error = GetThingsRequest::new(vec![]).build_request("https://x.test").unwrap_err();
    assert_eq!(error.field(), Some("ids"), "{error}");

    // `page` and `per_page` are required: the pager still moves `page` forward, and a short
    // page is the last.
    let first = ListRequiredPagesRequest::new(1, 10);
    let page = |n: usize| ListRequiredPagesRequest::parse(http::StatusCode::OK, serde_json::json!({"result": vec![serde_json::json!({}); n]}).to_string().as_bytes()).unwrap();
    let fixture_traps::NextPage::Request(second) = first.next_page(&page(10), &http::HeaderMap::new()) else { panic!("a full page has a next") };
    assert_eq!(second.build_request("https://x.test").unwrap().uri().query(), Some("page=2&per_page=10"));
    assert_eq!(second.next_page(&page(3), &http::HeaderMap::new()), fixture_traps::NextPage::Done);

    // A status without a reason phrase is a variant of its own.
    let answer = GetThingsRequest::parse(http::StatusCode::from_u16(299).unwrap(), br#"{"odd": true}"#).unwrap();
    assert!(matches!(answer, fixture_traps::types::GetThingsResponse::Status299(ref body) if body.odd == Some(true)), "{answer:?}");
}

#[test]
fn sized_and_unsigned_integers_decode_their_whole_range_and_refuse_the_rest() {
    use fixture_traps::types::Widget;
    let json = serde_json::json!({"count": 4294967295u32, "small": -128, "big": 18446744073709551615u64, "tiny": 255, "short": -32768, "port": 65535});
    let widget: Widget = serde_json::from_value(json.clone()).unwrap();
    assert_eq!((widget.count, widget.small, widget.big), (Some(u32::MAX), Some(i8::MIN), Some(u64::MAX)));
    assert_eq!((widget.tiny, widget.short, widget.port), (Some(u8::MAX), Some(i16::MIN), Some(u16::MAX)));
    assert_eq!(serde_json::to_value(&widget).unwrap(), json);
    for bad in [serde_json::json!({"count": -1}), serde_json::json!({"small": 128}), serde_json::json!({"port": 65536})] {
        assert!(serde_json::from_value::<Widget>(bad.clone()).is_err(), "{bad}");
    }
    // Constraints are checked on the Rust value: `maximum: 9` on a `uint16` query parameter.
    use fixture_traps::operations::ListRequiredPagesRequest;
    assert!(with(ListRequiredPagesRequest::new(1, 10), |o| o.shard = Some(9)).build_request("https://x.test").is_ok());
    let error = with(ListRequiredPagesRequest::new(1, 10), |o| o.shard = Some(10)).build_request("https://x.test").unwrap_err();
    assert_eq!(error.field(), Some("shard"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Unions (fixture `unions`): each value decodes into the variant the document means, with every
// field, and encodes back to the same JSON
// ---------------------------------------------------------------------------------------------

mod unions {
    use fixture_unions::types::*;
    use serde_json::{json, Value};

    /// Decodes `value` as `T`, checks that it encodes back to the same JSON, and returns it.
    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
        let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value, "re-encoded differently");
        decoded
    }

    #[test]
    fn a_discriminator_mapping_chooses_the_variant_by_name_and_by_reference() {
        let cat: Pet = round_trip(json!({"pet_type": "cat", "name": "Tom", "indoor": true}));
        assert!(matches!(&cat, Pet::Cat(c) if c.name == "Tom" && c.indoor == Some(true)), "{cat:?}");
        // A dog that also has a `name`: decoded by its tag, not as the first member that fits.
        let dog: Pet = round_trip(json!({"pet_type": "dog", "bark": "woof"}));
        assert!(matches!(&dog, Pet::Dog(d) if d.bark == "woof"), "{dog:?}");
        let puppy: Pet = round_trip(json!({"pet_type": "puppy", "bark": "yip"}));
        assert!(matches!(puppy, Pet::Dog(_)));
    }

    #[test]
    fn an_unknown_tag_is_kept_unchanged_and_a_missing_tag_is_a_deviation() {
        let bird = json!({"pet_type": "bird", "wings": 2});
        let kept: Pet = round_trip(bird.clone());
        assert_eq!(kept, Pet::Unrecognized(bird));
        let tom = json!({"name": "Tom"});
        let decoded = fixture_unions::from_json::<Pet>(tom.to_string().as_bytes()).expect("JSON");
        assert_eq!(decoded.value, Pet::Unrecognized(tom));
        assert_eq!(decoded.deviations.len(), 1);
        assert!(decoded.deviations[0].reason.contains("pet_type"), "{}", decoded.deviations[0]);
        // A known tag with a body that does not fit is that variant, with the deviations named.
        let decoded = fixture_unions::from_json::<Pet>(br#"{"pet_type": "cat"}"#).expect("JSON");
        assert!(matches!(decoded.value, Pet::Cat(_)), "{:?}", decoded.value);
        assert_eq!(decoded.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/name"]);
    }

    #[test]
    fn members_without_mapping_are_told_apart_by_the_values_they_list() {
        // `Track` requires nothing and is listed first: the episode must not become a track.
        let episode = json!({"type": "episode", "show": "Radiolab", "release_date": "2024-01-01"});
        let decoded: Media = round_trip(episode);
        match decoded {
            Media::Episode(e) => {
                assert_eq!(e.show, "Radiolab");
                assert_eq!(e.release_date.as_deref(), Some("2024-01-01"));
            }
            other => panic!("decoded as {other:?}"),
        }
        assert!(matches!(round_trip::<Media>(json!({"type": "track", "name": "Song"})), Media::Track(_)));
    }

    #[test]
    fn implicit_tags_decide_between_members_of_the_same_shape() {
        let vpc: Destination = round_trip(json!({"type": "vpc", "value": "my-vpc"}));
        assert!(matches!(&vpc, Destination::Vpc(v) if v.value == "my-vpc"), "{vpc:?}");
        assert!(matches!(round_trip::<Destination>(json!({"type": "ip", "value": "10.0.0.1"})), Destination::Ip(_)));
    }

    #[test]
    fn a_base_that_schemas_extend_is_one_of_them_or_itself() {
        let car: Vehicle = round_trip(json!({"kind": "car", "wheels": 4, "doors": 5}));
        assert!(matches!(&car, Vehicle::Car(c) if c.doors == 5 && c.wheels == 4), "{car:?}");
        let bike: Vehicle = round_trip(json!({"kind": "bike", "wheels": 2, "gears": 21}));
        assert!(matches!(&bike, Vehicle::Bike(b) if b.gears == Some(21)), "{bike:?}");
        // The base's own value, which no extension claims.
        let cart: Vehicle = round_trip(json!({"kind": "cart", "wheels": 2}));
        assert!(matches!(cart, Vehicle::Cart(_)), "{cart:?}");
        // `uint8`: 300 does not fit, which is a deviation.
        let decoded = fixture_unions::from_json::<Vehicle>(br#"{"kind": "cart", "wheels": 300}"#).expect("JSON");
        assert_eq!(decoded.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/wheels"]);
    }

    #[test]
    fn properties_next_to_a_union_are_in_every_shape() {
        let card: Payment = round_trip(json!({"amount": 9.5, "card": "4242"}));
        assert!(matches!(&card, Payment::Card(c) if c.amount == 9.5 && c.card == "4242"), "{card:?}");
        assert!(matches!(round_trip::<Payment>(json!({"amount": 1.0, "iban": "DE00"})), Payment::Iban(_)));
        let decoded = fixture_unions::from_json::<Payment>(br#"{"card": "4242"}"#).expect("JSON");
        assert!(matches!(decoded.value, Payment::Card(_)), "{:?}", decoded.value);
        assert_eq!(decoded.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/amount"], "the shared `amount` is required");
    }

    #[test]
    fn a_union_deep_inside_all_of_is_in_every_shape() {
        let receipt: Receipt = round_trip(json!({"amount": 2.0, "iban": "DE00", "paid_at": "noon"}));
        assert!(matches!(&receipt, Receipt::Iban(r) if r.paid_at == "noon" && r.iban == "DE00" && r.amount == 2.0), "{receipt:?}");
    }

    #[test]
    fn a_union_that_only_requires_is_the_struct_itself() {
        let contact: Contact = round_trip(json!({"phone": "+1555"}));
        assert_eq!((contact.email, contact.phone.as_deref()), (None, Some("+1555")));
    }

    #[test]
    fn all_of_an_object_and_a_union_keeps_both() {
        let notice: Notice = round_trip(json!({"sent_at": "noon", "via": "sms", "number": "+1555"}));
        match notice {
            Notice::Sms(n) => assert_eq!((n.sent_at.as_str(), n.number.as_str()), ("noon", "+1555")),
            other => panic!("decoded as {other:?}"),
        }
    }

    #[test]
    fn a_union_of_listed_strings_is_one_enum() {
        assert_eq!(round_trip::<Status>(json!("retired")), Status::Retired);
        let other: Status = round_trip(json!("paused"));
        assert_eq!(other.as_str(), "paused");
    }

    #[test]
    fn untagged_members_are_tried_most_specific_first() {
        // Listed first, `{note}` accepts any object; it must not take the others.
        let both: Entry = round_trip(json!({"id": 1, "name": "a"}));
        assert!(matches!(&both, Entry::IdAndName(e) if e.name == "a"), "{both:?}");
        let id: Entry = round_trip(json!({"id": 2}));
        assert!(matches!(id, Entry::Id(_)), "{id:?}");
        let note: Entry = round_trip(json!({"note": "n"}));
        assert!(matches!(note, Entry::Note(_)), "{note:?}");
    }

    #[test]
    fn null_members_and_annotations_make_optional_values() {
        let zoo: Zoo = round_trip(json!({
            "best_friend": null,
            "maybe_cat": {"pet_type": "cat", "name": "Felix"},
            "labels": {"a": "b"}
        }));
        assert!(matches!(zoo.best_friend, fixture_unions::Nullable::Null), "{:?}", zoo.best_friend);
        assert!(matches!(zoo.maybe_cat.as_option(), Some(c) if c.name == "Felix"));
        assert_eq!(zoo.labels.as_ref().and_then(|l| l.get("a")).map(String::as_str), Some("b"));
    }

    #[test]
    fn properties_the_description_does_not_name_are_kept_next_to_the_named_ones() {
        let counts: Counts = round_trip(json!({"total": 3, "cats": 1, "dogs": 2}));
        assert_eq!(counts.total, 3);
        assert_eq!(counts.additional_properties.get("dogs"), Some(&2));
        assert!(serde_json::from_value::<Counts>(json!({"total": 3, "cats": "one"})).is_err(), "values are typed");
    }

    #[test]
    fn a_variant_without_the_tag_field_sends_its_tag() {
        // `Track`'s `type` is optional: left out of the value, it is still sent.
        let track = Media::Track(Track::new());
        assert_eq!(serde_json::to_value(&track).unwrap(), json!({"type": "track"}));
    }
}

// ---------------------------------------------------------------------------------------------
// Multipart files and base64 (fixture `builders`)
// ---------------------------------------------------------------------------------------------

mod files {
    use fixture_builders::operations::UploadScriptRequest;
    use fixture_builders::Operation;
    use fixture_builders::types::UploadScriptBodyMetadata;
    use fixture_builders::{Base64, FilePart};

    #[test]
    fn binary_fields_are_file_parts_and_byte_fields_are_base64() {
        let mut metadata = UploadScriptBodyMetadata::new();
        metadata.main_module = Some("main.js".into());
        metadata.signature = Some(Base64(vec![0, 1, 2, 250]));
        let script = FilePart::new(b"export default {}\xff".to_vec()).file_name("main.js").content_type("application/javascript");
        let assets = vec![FilePart::new(vec![1u8, 2, 3]), FilePart::new(vec![4u8]).file_name("b.bin")];
        let request = crate::with(UploadScriptRequest::new(metadata, script), |o| o.body.assets = Some(assets)).build_request("https://api.test").expect("builds");
        let content_type = request.headers()["content-type"].to_str().unwrap().to_string();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart body");
        let body = request.body().as_bytes().expect("files in memory make a body in memory");
        let find = |needle: &[u8]| body.windows(needle.len()).position(|w| w == needle);
        // The script: its own file name and content type, its bytes unchanged (not UTF-8).
        let head = b"Content-Disposition: form-data; name=\"script\"; filename=\"main.js\"\r\nContent-Type: application/javascript\r\n\r\nexport default {}\xff\r\n";
        assert!(find(head).is_some(), "{}", String::from_utf8_lossy(body));
        // Two assets, two parts; the unnamed one is named after its field.
        assert!(find(b"name=\"assets\"; filename=\"assets\"\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x02\x03\r\n").is_some());
        assert!(find(b"name=\"assets\"; filename=\"b.bin\"").is_some());
        // The metadata is a JSON text part, its bytes in base64.
        assert!(find(br#"{"main_module":"main.js","signature":"AAEC+g=="}"#).is_some(), "{}", String::from_utf8_lossy(body));
        assert!(body.ends_with(format!("--{boundary}--\r\n").as_bytes()));
    }

    #[test]
    fn base64_decodes_and_what_is_not_base64_is_a_deviation() {
        let decoded: Base64 = serde_json::from_value(serde_json::json!("AAEC+g==")).unwrap();
        assert_eq!(decoded.0, vec![0, 1, 2, 250]);
        let decoded = cloudflare_api::from_json::<Base64>(br#""not base64!""#).unwrap();
        assert_eq!((decoded.value.0.len(), decoded.deviations.len()), (0, 1));
    }
}
