//! Query parameters as their description's `style` and `explode` say, on the requests a
//! generated builder makes (fixture `builders`, operation `search`): every style of OpenAPI's
//! style table for arrays and objects, Stripe's `deepObject` list filters (`created[gte]`,
//! `expand[]`), and Stripe's empty-object form body.

use fixture_builders::operations::{ListFilesRequest, SearchRequest};
use fixture_builders::types::{
    Created, CreatedRangeQuerySpecs, Filter, KindsItem, Point, Shipping,
    ShippingAddress, ShippingItemsItem, Where, WhereRange, Window,
};
use std::collections::BTreeMap;
use fixture_builders::Operation;

/// A request with optional parameters set the one way they are set: by the setters of a call
/// of the resource tree (here a call never sent).
fn call<O>(op: O) -> fixture_builders::client::Call<'static, O> {
    static CLIENT: std::sync::LazyLock<fixture_builders::Client> =
        std::sync::LazyLock::new(|| fixture_builders::Client::builder().base_url("https://api.example.test").build().expect("a client"));
    fixture_builders::client::Call::new(&CLIENT, op)
}

const BASE: &str = "https://api.test/v2";

/// Decodes `%XX` escapes.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The raw query string of the request `op` builds.
fn raw_query(op: &SearchRequest) -> String {
    op.build_request(BASE).expect("builds").uri().query().unwrap_or_default().to_string()
}

/// The query's pairs, decoded, in order.
fn pairs(op: &SearchRequest) -> Vec<(String, String)> {
    let query = raw_query(op);
    let pair = |p: &str| {
        let (name, value) = p.split_once('=').unwrap_or_else(|| panic!("`{p}` of `{query}` is not name=value"));
        (decode(name), decode(value))
    };
    query.split('&').filter(|p| !p.is_empty()).map(pair).collect()
}

fn expect(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

#[test]
fn nothing_set_is_no_query_and_no_body() {
    let request = SearchRequest::new().build_request(BASE).expect("builds");
    assert_eq!(request.uri().to_string(), "https://api.test/v2/search");
    assert!(request.body().is_empty() && request.headers().get("content-type").is_none());
}

#[test]
fn form_arrays_repeat_the_name_or_join_with_commas() {
    let request = call(ListFilesRequest::new("o", "r", 5)).tag(vec!["a".into(), "b".into()]).ids(vec![1, 2]).into_request().build_request(BASE).expect("builds");
    assert_eq!(request.uri().query(), Some("tag=a&tag=b&ids=1%2C2&limit=5"));
    // `pipeDelimited` exploded is `form` exploded.
    assert_eq!(pairs(&call(SearchRequest::new()).sizes(vec![1, 2]).into_request()), expect(&[("sizes", "1"), ("sizes", "2")]));
}

#[test]
fn delimited_arrays_join_with_their_delimiter() {
    let op = call(SearchRequest::new()).near(vec!["north".into(), "east".into()]).kinds(vec![KindsItem::File, KindsItem::Folder]).into_request();
    assert_eq!(raw_query(&op), "near=north%20east&kinds=file%7Cfolder");
    assert_eq!(pairs(&op), expect(&[("near", "north east"), ("kinds", "file|folder")]));
}

#[test]
fn form_objects_are_a_pair_per_property_or_one_joined_pair() {
    let mut filter = Filter::new();
    filter.owner = Some("me".into());
    filter.archived = Some(false);
    filter.tag = Some(vec!["a".into(), "b c".into()]);
    let op = call(SearchRequest::new()).filter(filter).point(Point::new(1, 2.5)).into_request();
    let expected = expect(&[("archived", "false"), ("owner", "me"), ("tag", "a"), ("tag", "b c"), ("point", "x,1,y,2.5")]);
    assert_eq!(pairs(&op), expected);
    // An integral `number` is written as JSON writes it: as an integer.
    assert_eq!(pairs(&call(SearchRequest::new()).point(Point::new(-3, 2.0)).into_request()), expect(&[("point", "x,-3,y,2")]));
    // Properties left unset are not sent.
    assert_eq!(pairs(&call(SearchRequest::new()).filter(Filter::new()).into_request()), expect(&[]));
}

#[test]
fn delimited_objects_join_keys_and_values() {
    let mut window = Window::new();
    window.from = Some(1);
    window.to = Some(2);
    assert_eq!(raw_query(&call(SearchRequest::new()).window(window).into_request()), "window=from%201%20to%202");
}

#[test]
fn an_object_inside_a_form_object_is_its_json_text() {
    let mut range = WhereRange::new();
    range.gte = Some(1);
    let mut r#where = Where::new();
    r#where.range = Some(range);
    assert_eq!(pairs(&call(SearchRequest::new()).r#where(r#where).into_request()), expect(&[("range", r#"{"gte":1}"#)]));
}

#[test]
fn stripe_list_filters_are_deep_objects() {
    let mut range = CreatedRangeQuerySpecs::new();
    range.gte = Some(1_600_000_000);
    let op = call(SearchRequest::new()).created(Created::RangeQuerySpecs(range)).expand(vec!["customer".into(), "invoice".into()]).into_request();
    assert_eq!(raw_query(&op), "created%5Bgte%5D=1600000000&expand%5B%5D=customer&expand%5B%5D=invoice");
    assert_eq!(pairs(&op), expect(&[("created[gte]", "1600000000"), ("expand[]", "customer"), ("expand[]", "invoice")]));
    // The union's other member, a plain timestamp, is a plain pair.
    assert_eq!(pairs(&call(SearchRequest::new()).created(Created::Integer(1_600_000_000)).into_request()), expect(&[("created", "1600000000")]));
}

#[test]
fn deep_objects_nest_maps_objects_and_lists() {
    let metadata: BTreeMap<String, String> = [("order".to_string(), "42".to_string()), ("a b".to_string(), "c&d".to_string())].into();
    let mut address = ShippingAddress::new();
    address.city = Some("Paris".into());
    let mut first = ShippingItemsItem::new("a".into());
    first.quantity = Some(2);
    let mut shipping = Shipping::new();
    shipping.address = Some(address);
    shipping.items = Some(vec![first, ShippingItemsItem::new("b".into())]);
    let expected = expect(&[
        ("metadata[a b]", "c&d"),
        ("metadata[order]", "42"),
        ("shipping[address][city]", "Paris"),
        ("shipping[items][0][quantity]", "2"),
        ("shipping[items][0][sku]", "a"),
        ("shipping[items][1][sku]", "b"),
    ]);
    assert_eq!(pairs(&call(SearchRequest::new()).metadata(metadata).shipping(shipping).into_request()), expected);
}

#[test]
fn constraints_inside_object_parameters_are_checked_before_a_request_exists() {
    let mut address = ShippingAddress::new();
    address.city = Some("x".repeat(21));
    let mut shipping = Shipping::new();
    shipping.address = Some(address);
    let error = call(SearchRequest::new()).shipping(shipping).into_request().build_request(BASE).expect_err("the city is too long");
    assert_eq!(error.field(), Some("shipping.address.city"), "{error:?}");
    let error = call(SearchRequest::new()).expand(vec!["x".repeat(5001)]).into_request().build_request(BASE).expect_err("the item is too long");
    assert_eq!(error.field(), Some("expand[0]"));
}

#[test]
fn stripe_empty_object_form_body_is_a_form_body() {
    let request = call(SearchRequest::new()).body(serde_json::json!({})).into_request().build_request(BASE).expect("builds");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    assert!(request.body().is_empty());
    let request = call(SearchRequest::new()).body(serde_json::json!({"a": "b c"})).into_request().build_request(BASE).expect("builds");
    assert_eq!(request.body().as_bytes().unwrap(), b"a=b%20c");
}
