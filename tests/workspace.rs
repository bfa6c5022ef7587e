//! A crate written as a Cargo workspace (fixture `workspace`, split at any size): the facade
//! keeps the paths of one crate, each type lives in the crate the type graph gives it, and a
//! call through the facade builds, checks and decodes what its member crate's operation says.

use fixture_workspace::operations::{CreateZoneRequest, GetHttpSummaryRequest, ListZonesRequest};
use fixture_workspace::radar::zones::CreateParams;
use fixture_workspace::types::{Failure, Format, HttpSummary, Plan, Zone};
use fixture_workspace::{BuildError, Client, Operation, Paginated};
use http::StatusCode;

const BASE: &str = "https://api.example.test/v1";

fn client() -> Client {
    Client::builder().base_url(BASE).build().expect("a client")
}

#[test]
fn each_type_lives_in_the_crate_of_the_groups_that_use_it() {
    // Every member's error body: the shared crate.
    assert_eq!(std::any::type_name::<Failure>(), "fixture_workspace_core::types::shared::Failure");
    // Both radar groups, one member: that member, in the module compiled with either group.
    assert_eq!(std::any::type_name::<Format>(), "fixture_workspace_radar::types::shared::for_radar_dns_and_radar_http::Format");
    // One group: its member, in the group's module.
    assert_eq!(std::any::type_name::<Plan>(), "fixture_workspace_zones::types::zones::Plan");
    assert_eq!(std::any::type_name::<HttpSummary>(), "fixture_workspace_radar::types::radar_http::HttpSummary");
    // The facade's paths are those of one crate.
    assert_eq!(std::any::type_name::<GetHttpSummaryRequest>(), "fixture_workspace_radar::operations::radar_http::GetHttpSummaryRequest");
}

#[test]
fn a_call_through_the_facade_builds_its_members_request() {
    let client = client();
    let request = client.radar_http().get_http_summary().limit(5).format(Format::Csv).into_request().build_request(BASE).unwrap();
    assert_eq!(request.uri().to_string(), "https://api.example.test/v1/radar/http?limit=5&format=csv");
    let error = client.radar_http().get_http_summary().limit(0).into_request().build_request(BASE).unwrap_err();
    assert!(matches!(&error, BuildError::Invalid { .. }) && error.to_string().contains("limit"), "{error}");
    let request = client.zones().get_zone("z1").into_request().build_request(BASE).unwrap();
    assert_eq!(request.uri().path(), "/v1/zones/z1");
}

#[test]
fn one_resource_calls_operations_of_two_members() {
    let client = client();
    let call = client.radar().zones().create(CreateParams { name: "example.com".into() });
    let request: CreateZoneRequest = call.into_request();
    let request = request.build_request(BASE).unwrap();
    assert_eq!((request.method().as_str(), request.uri().path()), ("POST", "/v1/zones"));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(request.body().as_bytes().unwrap()).unwrap(), serde_json::json!({"name": "example.com"}));
    let error = client.radar().zones().create(CreateParams { name: String::new() }).into_request().build_request(BASE).unwrap_err();
    assert!(error.to_string().contains("body.name"), "{error}");
}

#[test]
fn answers_decode_into_the_members_types() {
    let summary = GetHttpSummaryRequest::parse(StatusCode::OK, br#"{"requests": 7, "format": "tsv"}"#).unwrap();
    assert_eq!(summary.requests, 7);
    assert_eq!(summary.format.as_ref().map(Format::as_str), Some("tsv"));
    let failure = GetHttpSummaryRequest::parse(StatusCode::BAD_REQUEST, br#"{"errors": [{"code": 1, "message": "no"}]}"#).unwrap_err();
    assert_eq!(failure.status(), StatusCode::BAD_REQUEST);
    assert_eq!(failure.error().and_then(|answer| answer.declared()).and_then(|b| b.errors.as_ref()).map(Vec::len), Some(1));
    let page = ListZonesRequest::parse(StatusCode::OK, br#"{"result": [{"id": "1", "name": "a", "plan": "pro"}], "result_info": {"page": 1, "per_page": 1, "total_count": 2}}"#).unwrap();
    assert_eq!(page.result[0].plan, Some(Plan::Pro));
    let zone: &Zone = &page.result[0];
    assert_eq!(zone.name, "a");
    match ListZonesRequest::new().next_page(&page, &http::HeaderMap::new()) {
        fixture_workspace::NextPage::Request(next) => assert_eq!(next.page, Some(2)),
        _ => panic!("a second page follows"),
    }
}
