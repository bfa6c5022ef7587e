//! The client of a crate generated from `tests/fixtures/client` (every security scheme kind,
//! every pagination kind, a success flag, the config's renames), against the scripted server:
//! credentials go where the document says, pages are walked as the answers say, errors keep
//! what the server sent, and traces never hold a secret.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fixture_client::client::{CallOptions, Error, ErrorKind};
use fixture_client::operations::*;
use fixture_client::types::Failure;
use fixture_client::{ApiError, Client, Operation};
use futures_util::StreamExt;
use serde_json::{json, Value};

mod server;
use server::{Recorded, Reply, Server};

/// A request with some of its fields set: a request is plain data.
fn with<O>(mut op: O, f: impl FnOnce(&mut O)) -> O {
    f(&mut op);
    op
}

const TOKEN: &str = "tok-SECRET-7d1e";
const KEY: &str = "key-SECRET-a9b2";
const PASSWORD: &str = "pw-SECRET-c3d4";

async fn within<T>(secs: u64, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut).await.unwrap_or_else(|_| panic!("no outcome within {secs} s"))
}

fn expect_err<T: std::fmt::Debug, E>(result: Result<T, Error<E>>) -> Error<E> {
    result.expect_err("expected an error")
}

fn thing(id: &str) -> Value {
    json!({"id": id})
}

fn things(ids: &[&str]) -> Vec<Value> {
    ids.iter().map(|id| thing(id)).collect()
}

fn ok_thing() -> Reply {
    Reply::json(200, thing("t"))
}

fn fast(server: &Server) -> fixture_client::ClientBuilder {
    Client::builder().base_url(server.url()).retry_policy(fixture_client::client::RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
    })
}

fn no_secret(text: &str) {
    for secret in [TOKEN, KEY, PASSWORD] {
        assert!(!text.contains(secret), "a secret shows: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn each_scheme_goes_where_the_document_says() {
    let server = Server::start(vec![ok_thing(); 7]).await;
    let client = fast(&server).basic("ann", PASSWORD).cookie_key(KEY).oidc(TOKEN).build().expect("client");
    within(20, client.send(&GetBasicRequest::new())).await.expect("basic");
    within(20, client.send(&with(GetCookieRequest::new(), |o| o.theme = Some("dark".into())))).await.expect("cookie");
    // OAuth 2 is not set: the second alternative, OpenID Connect, is sent as a bearer token.
    within(20, client.send(&GetOauthRequest::new())).await.expect("oidc");
    // No requirement: nothing is sent, whatever is set.
    within(20, client.send(&GetPublicRequest::new())).await.expect("public");
    // `[{bearer}, {}]`: authentication is optional.
    within(20, client.send(&GetOptionalRequest::new())).await.expect("optional");

    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Basic YW5uOnB3LVNFQ1JFVC1jM2Q0"));
    assert_eq!(requests[1].header("cookie"), Some(format!("theme=dark; session={KEY}").as_str()));
    assert_eq!(requests[1].header("authorization"), None);
    assert_eq!(requests[2].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    for public in &requests[3..5] {
        assert_eq!((public.header("authorization"), public.header("cookie")), (None, None), "{public:?}");
    }
    for request in &requests {
        assert_eq!(request.header("user-agent"), Some("fixture-client/0.1.0"));
    }
}

#[tokio::test]
async fn the_first_fully_set_alternative_is_sent() {
    let server = Server::start(vec![ok_thing(); 3]).await;
    // `[{bearer}, {header_key, query_key}]`: both keys of the second alternative go together.
    let keys = fast(&server).header_key(KEY).query_key("q k&1").build().expect("client");
    within(20, keys.send(&GetDefaultRequest::new())).await.expect("keys");
    let both = fast(&server).bearer(TOKEN).header_key(KEY).query_key("q").build().expect("client");
    within(20, both.send(&GetDefaultRequest::new())).await.expect("bearer first");
    // An alternative naming a scheme the document does not define is left out.
    within(20, both.send(&GetUnknownRequest::new())).await.expect("bearer");

    let requests = server.requests();
    assert_eq!(requests[0].header("x-api-key"), Some(KEY));
    assert_eq!(requests[0].query("api_key"), Some("q%20k%261"));
    assert_eq!(requests[0].header("authorization"), None);
    assert_eq!(requests[1].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!((requests[1].header("x-api-key"), requests[1].query("api_key")), (None, None));
    assert_eq!(requests[2].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(GetUnknownRequest::SECURITY, &[&["bearer"][..]]);
}

#[tokio::test]
async fn a_missing_scheme_fails_before_sending_and_says_what_to_set() {
    let server = Server::start(vec![ok_thing(); 2]).await;
    // Half of an alternative is not enough.
    let client = fast(&server).header_key(KEY).build().expect("client");
    let e = expect_err(within(20, client.send(&GetDefaultRequest::new())).await);
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_eq!(
        e.to_string(),
        "Credentials: `GET /default`: no credentials for this operation: set FIXTURE_CLIENT_BEARER (bearer), or FIXTURE_CLIENT_HEADER_KEY and FIXTURE_CLIENT_QUERY_KEY (header_key + query_key)"
    );
    let e = expect_err(within(20, client.send(&GetBasicRequest::new())).await);
    assert!(e.to_string().contains("SHOP_USER and SHOP_PASSWORD (basic)"), "{e}");
    no_secret(&format!("{e} {e:?} {client:?}"));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.count(), 0, "nothing may be sent");
}

/// Serializes the tests that touch the process environment.
static ENV_LOCK: Mutex<()> = Mutex::new(());
const ENV_VARS: [&str; 4] = ["SHOP_URL", "SHOP_USER", "SHOP_PASSWORD", "FIXTURE_CLIENT_BEARER"];

fn with_env<R>(vars: &[(&str, &str)], f: impl FnOnce() -> R) -> R {
    let _lock = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let saved: Vec<_> = ENV_VARS.iter().map(|name| (*name, std::env::var_os(name))).collect();
    for name in ENV_VARS {
        std::env::remove_var(name);
    }
    for (name, value) in vars {
        std::env::set_var(name, value);
    }
    let out = f();
    for (name, value) in saved {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
    out
}

#[tokio::test]
async fn the_environment_names_come_from_the_crate_and_the_config() {
    let server = Server::start(vec![ok_thing(); 2]).await;
    let url = server.url();
    let vars = [("SHOP_URL", url.as_str()), ("SHOP_USER", "ann"), ("SHOP_PASSWORD", PASSWORD), ("FIXTURE_CLIENT_BEARER", TOKEN)];
    let client = with_env(&vars, Client::from_env).expect("client");
    assert_eq!(client.base_url(), url);
    within(20, client.send(&GetBasicRequest::new())).await.expect("basic");
    within(20, client.send(&GetDefaultRequest::new())).await.expect("bearer");
    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Basic YW5uOnB3LVNFQ1JFVC1jM2Q0"));
    assert_eq!(requests[1].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));

    // Half of a basic pair is a mistake, said when the client is built.
    let e = expect_err(with_env(&[("SHOP_USER", "ann")], Client::from_env));
    assert_eq!(e.to_string(), "Credentials: SHOP_USER is set but SHOP_PASSWORD is not");
    // Without `SHOP_URL` the document's server is the base URL.
    let client = with_env(&[], Client::from_env).expect("client");
    assert_eq!(client.base_url(), "https://shop.example.com/v1");
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn errors_keep_the_status_headers_raw_body_and_declared_body() {
    let failure = json!({"errors": [{"code": 7, "message": "out of stock"}]});
    let script = vec![Reply::json(409, failure.clone()).header("X-Request-Id", "r-1"), Reply::json(201, json!({"success": false, "errors": [{"code": 8, "message": "later"}]}))];
    let server = Server::start(script).await;
    let client = fast(&server).bearer(TOKEN).max_retries(0).build().expect("client");
    let e = expect_err(within(20, client.send(&CreateOrderRequest::new("o1"))).await);
    assert_eq!(e.kind(), ErrorKind::Conflict);
    assert_eq!(e.status(), Some(http::StatusCode::CONFLICT));
    assert_eq!(e.headers()["x-request-id"], "r-1");
    assert_eq!(serde_json::from_slice::<Value>(e.body()).expect("JSON"), failure);
    assert_eq!(e.api_error().and_then(ApiError::declared).expect("declared body").errors[0].message, "out of stock");

    // A 2XX whose declared `success` flag is false is an error too, with the declared body.
    let e = expect_err(within(20, client.send(&CreateOrderRequest::new("o2"))).await);
    assert_eq!((e.kind(), e.status()), (ErrorKind::Other, Some(http::StatusCode::CREATED)));
    assert_eq!(e.api_error().and_then(ApiError::declared).expect("declared body").errors[0].code, 8);
}

/// `getOrder` declares one body for 404, another for the rest of 4XX, a third for anything
/// else, and 429 without a body: each answer is the variant of its status, and what the
/// description does not declare is `Undeclared`, with the status and body on the error.
#[tokio::test]
async fn an_error_answer_is_the_variant_of_its_status() {
    use fixture_client::types::{GetOrderError, GetOrderErrorDefault, GetOrderErrorNotFound};
    let failure = json!({"errors": [{"code": 3, "message": "bad id"}]});
    let script = vec![
        Reply::json(404, json!({"missing": "o1"})),
        Reply::json(400, failure.clone()),
        Reply::json(429, failure.clone()),
        Reply::json(409, json!({"missing": "o1"})),
        Reply::json(503, json!({"title": "down", "status": 503})),
        Reply::text(404, "<html>gone</html>"),
    ];
    let server = Server::start(script).await;
    let client = fast(&server).bearer("tok").max_retries(0).build().expect("client");
    let mut answers = Vec::new();
    for _ in 0..6 {
        let e = expect_err(client.orders().get_order("o1").await);
        answers.push((e.status().map(|s| s.as_u16()), e.api_error().cloned().expect("an error answer")));
    }
    let not_found: GetOrderErrorNotFound = serde_json::from_value(json!({"missing": "o1"})).expect("a 404 body");
    let default: GetOrderErrorDefault = serde_json::from_value(json!({"title": "down", "status": 503})).expect("a default body");
    let failure: Failure = serde_json::from_value(failure).expect("a Failure");
    assert_eq!(answers[0], (Some(404), GetOrderError::NotFound(not_found)));
    assert_eq!(answers[1], (Some(400), GetOrderError::ClientError(failure)));
    assert_eq!(answers[2], (Some(429), GetOrderError::Undeclared), "429 is declared without a body");
    assert!(matches!(answers[3], (Some(409), GetOrderError::ClientError(_))), "any JSON object decodes leniently: {:?}", answers[3]);
    assert_eq!(answers[4], (Some(503), GetOrderError::Default(default)));
    assert_eq!(answers[5], (Some(404), GetOrderError::Undeclared), "a 404 body that is not the declared one");

    // `?` makes it the error every call shares; the answer stays reachable.
    async fn plain(client: &Client) -> Result<(), fixture_client::Error> {
        client.orders().get_order("o1").await?;
        Ok(())
    }
    let server = Server::start(vec![Reply::json(404, json!({"missing": "o2"}))]).await;
    let client = fast(&server).bearer("tok").build().expect("client");
    let e = plain(&client).await.expect_err("a 404");
    assert!(matches!(e.api_error_as::<GetOrderError>(), Some(GetOrderError::NotFound(n)) if n.missing == "o2"));
}

#[tokio::test]
async fn success_false_is_an_error_only_where_the_schema_has_the_flag() {
    // `listPages` declares no `success`: a `success: false` in its answer is just data.
    let server = Server::start(vec![Reply::json(200, json!({"success": false, "data": []}))]).await;
    let page = within(20, fast(&server).bearer(TOKEN).build().expect("client").send(&ListPagesRequest::new())).await.expect("a page");
    assert!(page.data.is_empty());
}

#[tokio::test]
async fn an_answer_over_the_size_limit_is_refused() {
    let big = json!({"id": "x".repeat(10_000)});
    let server = Server::start(vec![Reply::json(200, big.clone()), Reply::json(200, big)]).await;
    let client = fast(&server).bearer(TOKEN).max_response_bytes(1_000).build().expect("client");
    let e = expect_err(within(20, client.send(&GetDefaultRequest::new())).await);
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    assert!(e.to_string().contains("1000 bytes"), "{e}");
    let roomy = fast(&server).bearer(TOKEN).build().expect("client");
    assert_eq!(within(20, roomy.send(&GetDefaultRequest::new())).await.expect("under the default").id.len(), 10_000);
}

// ---------------------------------------------------------------------------------------------
// Per-call options and retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_idempotency_key_lets_a_post_be_retried() {
    let created = Reply::json(201, json!({"success": true, "result": thing("o1")}));
    let server = Server::start(vec![Reply::text(500, "oops"), Reply::text(500, "oops"), created]).await;
    let client = fast(&server).bearer(TOKEN).build().expect("client");
    // Without a key a POST that failed on the server is not sent again.
    let e = expect_err(within(20, client.send(&CreateOrderRequest::new("o1"))).await);
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(server.count(), 1);
    let options = CallOptions::new().idempotency_key("order-o1");
    within(20, client.send_with(&CreateOrderRequest::new("o1"), &options)).await.expect("the retry");
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "the first call once, the second with its retry");
    assert_eq!(requests[0].header("x-idempotency-key"), None);
    assert_eq!(requests[1].header("x-idempotency-key"), Some("order-o1"));
    assert_eq!(requests[2].header("x-idempotency-key"), Some("order-o1"));
    assert_eq!(requests[1].body, requests[2].body);
}

#[tokio::test]
async fn per_call_headers_query_timeout_and_retries() {
    let server = Server::start(vec![ok_thing(), Reply::text(503, "busy"), Reply::text(503, "busy"), Reply::Hang]).await;
    let client = fast(&server).bearer(TOKEN).build().expect("client");
    let options = CallOptions::new()
        .header(http::HeaderName::from_static("x-trace"), http::HeaderValue::from_static("abc"))
        .header(http::header::USER_AGENT, http::HeaderValue::from_static("mine/2"))
        .query("expand", "all things");
    within(20, client.send_with(&GetDefaultRequest::new(), &options)).await.expect("get");
    let first = &server.requests()[0];
    assert_eq!(first.header("x-trace"), Some("abc"));
    assert_eq!(first.header("user-agent"), Some("mine/2"));
    assert_eq!(first.query("expand"), Some("all%20things"));
    // One retry only for this call, then a timeout of its own.
    let e = expect_err(within(20, client.send_with(&GetDefaultRequest::new(), &CallOptions::new().max_retries(1))).await);
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(server.count(), 3);
    let e = expect_err(within(20, client.send_with(&GetDefaultRequest::new(), &CallOptions::new().timeout(Duration::from_millis(200)))).await);
    assert_eq!(e.kind(), ErrorKind::Timeout);
}

/// A user's HTTP client that would follow any redirect and send `Referer`.
fn permissive() -> fixture_client::client::reqwest::ClientBuilder {
    use fixture_client::client::reqwest;
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10)).referer(true)
}

/// Every kind of scheme (basic, bearer, header, query and cookie keys), whatever HTTP client
/// the user brings: a redirect to another origin is refused, so nothing a scheme placed
/// reaches it; a redirect within the origin is followed, with the credentials.
#[tokio::test]
async fn credentials_stay_with_their_origin() {
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = Server::start(vec![ok_thing(); 4]).await;
        let to = format!("{}/stolen?from=redirect", elsewhere.url());
        let server = Server::start(vec![Reply::text(status, "").header("Location", &to); 4]).await;
        let schemes = fast(&server).basic("ann", PASSWORD).cookie_key(KEY).oidc(TOKEN).http_client(permissive()).build().expect("client");
        let keys = fast(&server).header_key(KEY).query_key(KEY).http_client(permissive()).build().expect("client");
        let errors = [
            within(20, schemes.send(&GetBasicRequest::new())).await,
            within(20, schemes.send(&GetCookieRequest::new())).await,
            within(20, schemes.send(&GetOauthRequest::new())).await,
            within(20, keys.send(&GetDefaultRequest::new())).await,
        ];
        for e in errors {
            let e = expect_err(e);
            assert_eq!((e.kind(), e.status().map(|s| s.as_u16())), (ErrorKind::Redirect, Some(status)), "{e}");
            no_secret(&format!("{e} {e:?}"));
        }
        assert_eq!(server.count(), 4);
        assert_eq!(elsewhere.count(), 0, "a {status} to another origin was followed");
    }

    // Within the origin: followed (a 303 as a GET), headers, key and cookie along; no Referer.
    let server = Server::start(vec![
        Reply::text(307, "").header("Location", "/moved"),
        ok_thing(),
        Reply::text(303, "").header("Location", "/done?api_key=k"),
        ok_thing(),
        Reply::text(308, "").header("Location", "/again"),
        ok_thing(),
    ])
    .await;
    let schemes = fast(&server).basic("ann", PASSWORD).cookie_key(KEY).http_client(permissive()).build().expect("client");
    let keys = fast(&server).header_key(KEY).query_key(KEY).http_client(permissive()).build().expect("client");
    within(20, schemes.send(&GetBasicRequest::new())).await.expect("followed");
    within(20, keys.send(&GetDefaultRequest::new())).await.expect("followed");
    within(20, schemes.send(&GetCookieRequest::new())).await.expect("followed");
    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.path()).collect();
    assert_eq!(targets, ["/basic", "/moved", "/default", "/done", "/cookie", "/again"]);
    assert_eq!(requests[1].header("authorization"), Some("Basic YW5uOnB3LVNFQ1JFVC1jM2Q0"));
    assert_eq!((requests[3].method.as_str(), requests[3].header("x-api-key"), requests[3].query("api_key")), ("GET", Some(KEY), Some("k")));
    assert_eq!(requests[5].header("cookie"), Some(format!("session={KEY}").as_str()));
    assert!(requests.iter().all(|r| r.header("referer").is_none()), "{requests:?}");
}

#[tokio::test]
async fn the_users_own_http_client_is_used() {
    let server = Server::start(vec![ok_thing()]).await;
    let mut headers = http::HeaderMap::new();
    headers.insert("x-from-my-client", http::HeaderValue::from_static("yes"));
    let mine = fixture_client::client::reqwest::Client::builder().default_headers(headers);
    let client = fast(&server).bearer(TOKEN).http_client(mine).build().expect("client");
    within(20, client.send(&GetDefaultRequest::new())).await.expect("get");
    assert_eq!(server.requests()[0].header("x-from-my-client"), Some("yes"));
}

// ---------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------

fn ids<T: std::fmt::Debug>(items: Vec<Result<T, Error>>, id: impl Fn(&T) -> String) -> Vec<String> {
    items.into_iter().map(|item| id(&item.expect("an item"))).collect()
}

fn asked(requests: &[Recorded], name: &str) -> Vec<String> {
    requests.iter().map(|r| r.query(name).unwrap_or("-").to_string()).collect()
}

async fn walk<O>(script: Vec<Reply>, op: O) -> (Vec<Result<fixture_client::types::Thing, Error>>, Vec<Recorded>)
where
    O: fixture_client::Paginated<Item = fixture_client::types::Thing> + Send + Sync + 'static,
    O::Output: Send,
{
    let server = Server::start(script).await;
    let client = fast(&server).bearer(TOKEN).build().expect("client");
    let items = within(30, client.items(op).collect::<Vec<_>>()).await;
    (items.into_iter().map(|item| item.map_err(Error::from)).collect(), server.requests())
}

#[tokio::test]
async fn page_numbers_walk_to_a_short_page_and_ignore_a_deprecated_zero_total() {
    let page = |ids: &[&str]| Reply::json(200, json!({"data": things(ids), "meta": {"total_count": 0}}));
    let (items, requests) = walk(vec![page(&["a", "b"]), page(&["c", "d"]), page(&["e"]), page(&["never"])], with(ListPagesRequest::new(), |o| o.per_page = Some(2))).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b", "c", "d", "e"]);
    assert_eq!(asked(&requests, "page"), ["-", "2", "3"]);
    // `total_pages` ends the walk without an empty page.
    let page = |ids: &[&str]| Reply::json(200, json!({"data": things(ids), "meta": {"total_pages": 2}}));
    let (items, requests) = walk(vec![page(&["a"]), page(&["b"]), page(&["never"])], ListPagesRequest::new()).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b"]);
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_parameter_stops_the_walk() {
    let same = Reply::json(200, json!({"data": things(&["a", "b"])}));
    let (items, requests) = walk(vec![same.clone(), same.clone(), same], with(ListPagesRequest::new(), |o| o.per_page = Some(2))).await;
    assert_eq!(items.len(), 3, "two items, then the error");
    let e = items.into_iter().nth(2).expect("third").expect_err("the repeated page");
    assert_eq!(e.kind(), ErrorKind::Pagination);
    assert!(e.to_string().contains("same page twice"), "{e}");
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_until_more_is_false() {
    let page = |ids: &[&str], more: bool| Reply::json(200, json!({"items": things(ids), "more": more, "total": 99}));
    let script = vec![page(&["a", "b"], true), page(&["c", "d"], true), page(&["e"], false), page(&["never"], true)];
    let (items, requests) = walk(script, with(ListOffsetsRequest::new(), |o| o.limit = Some(2))).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b", "c", "d", "e"]);
    assert_eq!(asked(&requests, "offset"), ["-", "2", "4"]);
    assert_eq!(asked(&requests, "limit"), ["2", "2", "2"]);
}

#[tokio::test]
async fn cursors_follow_result_info_next_and_stop_on_a_repeated_cursor() {
    let page = |ids: &[&str], next: Option<&str>| {
        Reply::json(200, json!({"success": true, "result": things(ids), "result_info": {"next": next, "page": 0, "total_count": 0}}))
    };
    let (items, requests) = walk(vec![page(&["a"], Some("c2")), page(&["b"], Some("c3")), page(&["c"], None)], with(ListCursorsRequest::new(), |o| o.per_page = Some(1))).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b", "c"]);
    assert_eq!(asked(&requests, "cursor"), ["-", "c2", "c3"]);
    // The empty last page of some servers ends the walk too.
    let (items, _) = walk(vec![page(&["a"], Some("c2")), page(&[], Some(""))], ListCursorsRequest::new()).await;
    assert_eq!(items.len(), 1);
    // A cursor that comes back is an error, not a loop.
    let (items, requests) = walk(vec![page(&["a"], Some("c2")), page(&["b"], Some("c2")), page(&["c"], None)], ListCursorsRequest::new()).await;
    assert_eq!(items.len(), 3);
    let e = items.into_iter().nth(2).expect("third").expect_err("the repeated cursor");
    assert_eq!(e.kind(), ErrorKind::Pagination, "{e}");
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn after_cursors_come_from_the_last_item_while_has_more() {
    let page = |ids: &[&str], more: bool| Reply::json(200, json!({"data": things(ids), "has_more": more}));
    let (items, requests) = walk(vec![page(&["a", "b"], true), page(&["c"], false), page(&["never"], false)], ListAfterRequest::new()).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b", "c"]);
    assert_eq!(asked(&requests, "after"), ["-", "b"]);
}

#[tokio::test]
async fn page_tokens_follow_next_page_until_null() {
    let page = |ids: &[&str], next: Value| Reply::json(200, json!({"items": things(ids), "next_page": next}));
    let (items, requests) = walk(vec![page(&["a"], json!("t2")), page(&["b"], Value::Null)], ListTokensRequest::new()).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b"]);
    assert_eq!(asked(&requests, "page_token"), ["-", "t2"]);
}

#[tokio::test]
async fn next_urls_are_followed_on_the_same_origin_only() {
    // Another port is another origin.
    let absolute = "http://127.0.0.1:9/next-url?limit=1&after=a";
    let page = |ids: &[&str], next: Value| Reply::json(200, json!({"results": things(ids), "next": next}));
    let script = vec![page(&["a"], json!("/next-url?limit=1&after=a")), page(&["b"], json!("next-url?limit=1&after=b")), page(&["c"], Value::Null)];
    let (items, requests) = walk(script, with(ListNextUrlRequest::new(), |o| o.limit = Some(1))).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b", "c"]);
    assert_eq!(requests.iter().map(|r| r.target.as_str()).collect::<Vec<_>>(), ["/next-url?limit=1", "/next-url?limit=1&after=a", "/next-url?limit=1&after=b"]);
    assert!(requests.iter().all(|r| r.header("authorization") == Some(&format!("Bearer {TOKEN}"))));
    // A next page on another origin is not asked for: the credentials would go with it.
    let (items, requests) = walk(vec![page(&["a"], json!(absolute))], ListNextUrlRequest::new()).await;
    assert_eq!(items.len(), 2);
    let e = items.into_iter().nth(1).expect("second").expect_err("another origin");
    assert_eq!(e.kind(), ErrorKind::Pagination);
    assert!(e.to_string().contains("another origin"), "{e}");
    assert_eq!(requests.len(), 1);
}

#[tokio::test]
async fn link_headers_lead_to_the_next_page() {
    let (items, requests) = walk(
        vec![
            Reply::json(200, json!(things(&["a", "b"]))).header("Link", r#"</links?per_page=2&page=2>; rel="next", </links?page=9>; rel="last""#),
            Reply::json(200, json!(things(&["c"]))).header("Link", r#"</links?per_page=2&page=1>; rel="first""#),
            Reply::json(200, json!(things(&["never"]))),
        ],
        with(ListLinksRequest::new(), |o| o.per_page = Some(2)),
    )
    .await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b", "c"]);
    assert_eq!(requests[1].target, "/links?per_page=2&page=2");
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn the_config_names_a_pagination_no_rule_knows() {
    let page = |ids: &[&str], marker: Option<&str>| Reply::json(200, json!({"entries": things(ids), "continuation": {"marker": marker}}));
    let (items, requests) = walk(vec![page(&["a"], Some("m2")), page(&["b"], None)], ListMarkersRequest::new()).await;
    assert_eq!(ids(items, |t| t.id.clone()), ["a", "b"]);
    assert_eq!(asked(&requests, "marker"), ["-", "m2"]);
}

#[tokio::test]
async fn pages_are_an_unpin_stream_with_next() {
    let page = |ids: &[&str], next: Value| Reply::json(200, json!({"items": things(ids), "next_page": next}));
    let server = Server::start(vec![page(&["a"], json!("t2")), page(&["b"], Value::Null)]).await;
    let client = fast(&server).bearer(TOKEN).build().expect("client");
    let mut pages = client.pages(ListTokensRequest::new());
    let mut seen = Vec::new();
    while let Some(page) = within(20, pages.next()).await {
        seen.push(page.expect("a page").items.len());
    }
    assert_eq!(seen, [1, 1]);
}

// ---------------------------------------------------------------------------------------------
// Tracing
// ---------------------------------------------------------------------------------------------

/// A subscriber that writes every span's and event's fields to a string, for the threads
/// that ask (`Capture::start`). It is the process's global subscriber, always interested: a
/// subscriber set per thread can miss the events of a callsite that another test's thread,
/// without one, hit first (tracing caches the interest of a callsite for all threads).
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

thread_local! {
    static CAPTURING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Capture {
    /// The text this thread's spans and events write from now on.
    fn start() -> Arc<Mutex<String>> {
        static GLOBAL: std::sync::OnceLock<Capture> = std::sync::OnceLock::new();
        let capture = GLOBAL.get_or_init(|| {
            let capture = Capture::default();
            tracing::subscriber::set_global_default(capture.clone()).expect("the only global subscriber");
            capture
        });
        CAPTURING.set(true);
        capture.0.clone()
    }

    fn text(&self) -> Option<std::sync::MutexGuard<'_, String>> {
        CAPTURING.get().then(|| self.0.lock().unwrap())
    }
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        if let Some(mut out) = self.text() {
            out.push_str(&format!("\nspan {}", span.metadata().name()));
            span.record(&mut Fields(&mut out));
        }
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        if let Some(mut out) = self.text() {
            values.record(&mut Fields(&mut out));
        }
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        if let Some(mut out) = self.text() {
            out.push_str(&format!("\nevent {}", event.metadata().level()));
            event.record(&mut Fields(&mut out));
        }
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn calls_and_attempts_are_traced_without_secrets() {
    let capture = Capture::start();
    let server = Server::start(vec![Reply::text(503, "busy"), ok_thing(), ok_thing()]).await;
    let client = fast(&server).bearer(TOKEN).header_key(KEY).query_key(KEY).build().expect("client");
    within(20, client.send(&GetDefaultRequest::new())).await.expect("get");
    let keys = fast(&server).header_key(KEY).query_key(KEY).build().expect("client");
    within(20, keys.send(&GetDefaultRequest::new())).await.expect("get with a key in the query");
    let text = capture.lock().unwrap().clone();
    assert!(text.contains("span call method=GET path=\"/default\""), "{text}");
    assert!(text.contains("attempt=0 status=503"), "{text}");
    assert!(text.contains("attempt=1 status=200"), "{text}");
    assert!(text.contains("elapsed_ms="), "{text}");
    assert!(text.contains("call finished"), "{text}");
    no_secret(&text);
}

#[test]
fn operations_say_their_method_path_and_security() {
    assert_eq!(GetCookieRequest::METHOD, http::Method::GET);
    assert_eq!(<GetCookieRequest as Operation>::PATH, "/cookie");
    assert_eq!(ListPagesRequest::SECURITY, &[&["bearer"][..], &["header_key", "query_key"][..]]);
    assert!(GetPublicRequest::SECURITY.is_empty());
    assert_eq!(<CreateOrderRequest as Operation>::SUCCESS_FLAG, Some("success"));
    assert_eq!(<ListPagesRequest as Operation>::SUCCESS_FLAG, None);
}

/// The items a stream gives, until it ends: each decoded item's id, or the error's kind.
async fn drain<E>(mut stream: fixture_client::client::Events<'_, fixture_client::types::Thing, E>) -> Vec<Result<String, ErrorKind>> {
    let mut out = Vec::new();
    while let Some(item) = within(20, stream.next()).await {
        out.push(item.map(|thing| thing.id).map_err(|e| e.kind()));
    }
    out
}

/// `createCompletion` answers whole, or as server-sent events when its body says `stream`:
/// `.stream()` asks for the events (`stream: true`, `Accept: text/event-stream`) and gives
/// each event's data decoded, data over two lines joined, comments skipped, and nothing after
/// `data: [DONE]`. Awaiting the call still gives the whole answer.
#[tokio::test]
async fn a_stream_of_events_gives_each_item_as_it_comes() {
    use fixture_client::streams::CreateCompletionParams;
    let events = "id: 1\ndata: {\"id\":\"a\"}\n\n: keep-alive\n\ndata: {\"id\":\ndata: \"b\"}\r\n\r\ndata: [DONE]\n\ndata: {\"id\":\"after\"}\n\n";
    let server = Server::start(vec![Reply::text(200, events), Reply::json(200, json!({"id": "whole"}))]).await;
    let client = fast(&server).bearer("tok").build().expect("client");
    let params = || CreateCompletionParams { prompt: "hi".into() };
    assert_eq!(drain(client.streams().create_completion(params()).stream()).await, [Ok("a".to_string()), Ok("b".into())]);
    let asked = &server.requests()[0];
    assert_eq!(asked.header("accept"), Some("text/event-stream"));
    assert_eq!(asked.json(), json!({"prompt": "hi", "stream": true}));
    let whole = within(20, client.streams().create_completion(params()).send()).await.expect("the whole answer");
    assert_eq!(whole.id, "whole");
    assert_eq!(server.requests()[1].json(), json!({"prompt": "hi"}), "no stream asked for");
}

/// An `error` event, a stream cut inside an event, an item that does not decode and an answer
/// that is not a success are error items, never a panic or a silent end.
#[tokio::test]
async fn a_broken_stream_is_an_error_item() {
    use fixture_client::streams::CreateCompletionParams;
    let script = vec![
        Reply::text(200, "data: {\"id\":\"a\"}\n\nevent: error\ndata: {\"message\":\"overloaded\"}\n\ndata: {\"id\":\"never\"}\n\n"),
        Reply::text(200, "data: {\"id\":\"a\"}\n\ndata: {\"id\":"),
        Reply::text(200, "data: {not json}\n\ndata: {\"id\":\"c\"}\n\n"),
        Reply::json(400, json!({"errors": [{"code": 9, "message": "no prompt"}]})),
    ];
    let server = Server::start(script).await;
    let client = fast(&server).bearer("tok").max_retries(0).build().expect("client");
    let call = || client.streams().create_completion(CreateCompletionParams { prompt: "hi".into() }).stream();
    let mut stream = call();
    assert_eq!(within(20, stream.next()).await.expect("an item").expect("decoded").id, "a");
    let e = within(20, stream.next()).await.expect("an item").expect_err("the error event");
    assert_eq!((e.kind(), e.body()), (ErrorKind::Other, &br#"{"message":"overloaded"}"#[..]));
    assert!(within(20, stream.next()).await.is_none(), "the error event ends the stream");
    assert_eq!(drain(call()).await, [Ok("a".to_string()), Err(ErrorKind::Transport)], "cut inside an event");
    assert_eq!(drain(call()).await, [Err(ErrorKind::Decode), Ok("c".to_string())], "one item does not decode; the next does");
    let mut failed = call();
    let e = within(20, failed.next()).await.expect("an item").expect_err("a 400");
    assert_eq!(e.status(), Some(http::StatusCode::BAD_REQUEST));
    let declared = e.api_error_as::<ApiError<Failure>>().and_then(ApiError::declared).expect("the declared 4XX body");
    assert_eq!(declared.errors[0].code, 9);
    assert!(within(20, failed.next()).await.is_none());
}

/// JSON lines: one item per line, blank lines skipped, the last line without a newline kept.
#[tokio::test]
async fn json_lines_are_items() {
    let server = Server::start(vec![Reply::text(200, "{\"id\":\"1\"}\n\n{\"id\":\"2\"}\r\nnot json\n{\"id\":\"3\"}")]).await;
    let client = fast(&server).bearer("tok").build().expect("client");
    let items = drain(client.streams().get_export().stream()).await;
    assert_eq!(items, [Ok("1".to_string()), Ok("2".into()), Err(ErrorKind::Decode), Ok("3".into())]);
    assert_eq!(server.requests()[0].header("accept"), Some("application/x-ndjson, application/jsonl, application/json-seq"));
}

/// Where the schema is the whole event, each event is the variant its name says.
#[tokio::test]
async fn events_are_told_apart_by_their_names() {
    use fixture_client::types::WatchEvent;
    let events = "event: delta\ndata: {\"text\":\"he\"}\n\nevent: delta\ndata: {\"text\":\"llo\"}\n\nevent: done\ndata: bye\n\nevent: ping\ndata: {}\n\n";
    let server = Server::start(vec![Reply::text(200, events)]).await;
    let client = fast(&server).bearer("tok").build().expect("client");
    let mut stream = client.streams().watch().stream();
    let mut seen = Vec::new();
    while let Some(event) = within(20, stream.next()).await {
        seen.push(match event.expect("an event") {
            WatchEvent::Delta(delta) => format!("delta {}", delta.data.text),
            WatchEvent::Done(done) => format!("done {}", done.data),
            WatchEvent::Unrecognized(other) => format!("other {}", other["event"]),
            other => panic!("{other:?}"),
        });
    }
    assert_eq!(seen, ["delta he", "delta llo", "done bye", "other \"ping\""]);
}

/// The config reads as JSON lines an answer its document calls JSON.
#[tokio::test]
async fn the_config_makes_a_json_answer_lines() {
    let server = Server::start(vec![Reply::text(200, "{\"ray\":\"a\"}\n{\"ray\":\"b\"}\n")]).await;
    let client = fast(&server).bearer("tok").build().expect("client");
    let mut lines = client.streams().get_logs().stream();
    let mut rays = Vec::new();
    while let Some(line) = within(20, lines.next()).await {
        let line = serde_json::to_value(line.expect("a line")).expect("JSON");
        rays.push(line["ray"].as_str().expect("a ray").to_string());
    }
    assert_eq!(rays, ["a", "b"]);
}

/// A download is read chunk by chunk, neither held whole nor counted against the answer size
/// limit, which still applies to the same call awaited whole.
#[tokio::test]
async fn a_download_streams_past_the_size_limit() {
    let file: String = (0..2000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let server = Server::start(vec![Reply::text(200, &file), Reply::text(200, &file)]).await;
    let client = fast(&server).bearer("tok").max_response_bytes(100).build().expect("client");
    let mut chunks = client.streams().get_file("f.txt").stream();
    let mut read = Vec::new();
    while let Some(chunk) = within(20, chunks.next()).await {
        read.extend(chunk.expect("a chunk"));
    }
    assert_eq!(read, file.as_bytes());
    let whole = within(20, client.streams().get_file("f.txt").send()).await.expect_err("past the limit");
    assert_eq!(whole.kind(), ErrorKind::TooLarge);
}

/// The size limit bounds one event, not the stream: small events past the limit in total all
/// come, and an event that grows past it is an error item that ends the stream.
#[tokio::test]
async fn the_size_limit_bounds_one_event_not_the_stream() {
    use fixture_client::streams::CreateCompletionParams;
    let small: String = (0..20).map(|i| format!("data: {{\"id\":\"{i}\"}}\n\n")).collect();
    let large = format!("data: {{\"id\":\"a\"}}\n\ndata: {{\"id\":\"{}\"}}\n\n", "x".repeat(500));
    let server = Server::start(vec![Reply::text(200, &small), Reply::text(200, &large)]).await;
    let client = fast(&server).bearer("tok").max_response_bytes(100).build().expect("client");
    let call = || client.streams().create_completion(CreateCompletionParams { prompt: "hi".into() }).stream();
    assert_eq!(drain(call()).await.len(), 20, "{} bytes in all", small.len());
    assert_eq!(drain(call()).await, [Ok("a".to_string()), Err(ErrorKind::TooLarge)]);
}

/// A file of `len` bytes that are not all alike, in a folder of its own.
fn file_of(len: usize, name: &str) -> (std::path::PathBuf, Vec<u8>) {
    let dir = std::env::temp_dir().join(format!("codegen-upload-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).expect("the file");
    (path, bytes)
}

#[tokio::test]
async fn raw_bodies_are_sent_from_memory_a_file_or_a_stream() {
    use fixture_client::uploads::PutObjectParams;
    use fixture_client::Upload;
    let (path, bytes) = file_of(300_000, "object.bin");
    let server = Server::start(vec![Reply::text(503, "busy"), ok_thing(), ok_thing(), ok_thing(), ok_thing(), Reply::text(503, "busy")]).await;
    let client = fast(&server).bearer(TOKEN).build().expect("client");
    let put = |body: Upload| client.uploads().put_object("o", PutObjectParams { body }).send();
    // A file is read as it is sent, and again for a retry, with its length.
    within(20, put(Upload::file(&path))).await.expect("the file, on the second try");
    // Memory, and a stream with and without its length.
    within(20, put(Upload::from(b"in memory".as_slice()))).await.expect("bytes");
    let chunks = || futures_util::stream::iter(bytes.chunks(50_000).map(|c| Ok::<_, std::io::Error>(c.to_vec())).collect::<Vec<_>>());
    within(20, put(Upload::stream(chunks()).length(bytes.len() as u64))).await.expect("a stream of known length");
    within(20, put(Upload::stream(chunks()))).await.expect("a stream");
    // A stream is read once: its request is not sent again.
    let e = expect_err(within(20, put(Upload::stream(chunks()))).await);
    assert_eq!((e.kind(), server.count()), (ErrorKind::Server, 6), "one attempt: {e}");
    let requests = server.requests();
    let length = |r: &Recorded| r.header("content-length").map(str::to_string);
    for r in &requests[..2] {
        assert_eq!((r.method.as_str(), r.path(), r.body == bytes), ("PUT", "/objects/o", true));
        assert_eq!(length(r), Some("300000".into()));
        assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    }
    assert_eq!(requests[2].body, b"in memory");
    assert_eq!((requests[3].body == bytes, length(&requests[3])), (true, Some("300000".into())));
    assert_eq!((requests[4].body == bytes, requests[4].header("transfer-encoding")), (true, Some("chunked")));
    // A stream that fails fails the call, and a missing file says which.
    let broken = futures_util::stream::iter(vec![Ok(b"a".to_vec()), Err(std::io::Error::other("disk gone"))]);
    let e = expect_err(within(20, put(Upload::stream(broken))).await);
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    let e = expect_err(within(20, put(Upload::file(path.with_file_name("missing.bin")))).await);
    assert!(e.to_string().contains("missing.bin"), "{e}");
}

#[tokio::test]
async fn a_file_part_is_read_from_its_file_as_the_body_is_sent() {
    use fixture_client::uploads::AttachParams;
    use fixture_client::FilePart;
    let (path, bytes) = file_of(200_000, "report.csv");
    let server = Server::start(vec![ok_thing(); 2]).await;
    let client = fast(&server).bearer(TOKEN).build().expect("client");
    let file = FilePart::path(&path).content_type("text/csv");
    within(20, client.uploads().attach(AttachParams { file }).note("q3").send()).await.expect("the upload");
    let file = FilePart::new(bytes.clone()).file_name("copy.csv");
    within(20, client.uploads().attach(AttachParams { file }).send()).await.expect("from memory");
    let requests = server.requests();
    let boundary = |r: &Recorded| r.header("content-type").and_then(|c| c.strip_prefix("multipart/form-data; boundary=")).expect("multipart").to_string();
    let (first, second) = (&requests[0], &requests[1]);
    let b = boundary(first);
    let mut expected = format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report.csv\"\r\nContent-Type: text/csv\r\n\r\n").into_bytes();
    expected.extend_from_slice(&bytes);
    expected.extend_from_slice(format!("\r\n--{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nq3\r\n--{b}--\r\n").as_bytes());
    assert!(first.body == expected, "the multipart body, the file's bytes inside");
    assert_eq!(first.header("content-length"), Some(expected.len().to_string().as_str()));
    let b = boundary(second);
    let head = format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"copy.csv\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    assert!(second.body.starts_with(head.as_bytes()) && second.body.ends_with(format!("\r\n--{b}--\r\n").as_bytes()));
}
