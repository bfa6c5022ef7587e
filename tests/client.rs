//! Fault tests of the async `Client` of the generated crate, against a scripted HTTP/1.1
//! server in this process (127.0.0.1 only, nothing leaves the machine): retries and
//! `Retry-After`, idempotency, timeouts, refused and dropped connections, decode errors,
//! `"success": false`, status mapping, unknown enum values, pagination, credentials (in code
//! and from the environment), secrets kept out of `Debug`/`Display`, redirects, raw responses.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cloudflare_api::client::{CallOptions, Credential, Error, ErrorKind, RetryPolicy};
use cloudflare_api::email_security::settings::allow_policies::ApiResponseCommonFailure as Failure;
use cloudflare_api::{ApiError, ClientBuilder};
use cloudflare_api::operations::{
    EmailSecurityCreateAllowPolicyRequest as CreatePolicy, EmailSecurityDeleteAllowPolicyRequest as DeletePolicy,
    EmailSecurityGetAllowPolicyRequest as GetPolicy, EmailSecurityListAllowPoliciesRequest as ListPolicies,
    EmailSecurityUpdateAllowPolicyRequest as UpdatePolicy,
};
use cloudflare_api::email_security::settings::allow_policies::PatternType;
use cloudflare_api::Client;
use futures_util::StreamExt;

mod server;
use server::{Reply, Server};
use serde_json::{json, Value};
use uuid::Uuid;

/// A request with optional parameters set the one way they are set: by the setters of a call
/// of the resource tree (here a call never sent).
fn call<O>(op: O) -> cloudflare_api::client::Call<'static, O> {
    static CLIENT: std::sync::LazyLock<cloudflare_api::Client> =
        std::sync::LazyLock::new(|| cloudflare_api::Client::builder().base_url("https://api.example.test").build().expect("a client"));
    cloudflare_api::client::Call::new(&CLIENT, op)
}

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const POLICY: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
/// Distinctive, so that a leak anywhere is found by a plain substring search.
const TOKEN: &str = "tok-SECRET-5c1f0e9a2b7d4c3e8f61";
const EMAIL: &str = "ops@example.com";
const KEY: &str = "key-SECRET-0d9e8f7a6b5c4d3e2f10";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn policy_id() -> Uuid {
    Uuid::parse_str(POLICY).expect("a valid uuid")
}

/// The n-th made-up policy id.
fn nth_id(n: usize) -> Uuid {
    Uuid::from_u128(0xf174_e90a_fafe_4643_bbbc_0000_0000_0000 + n as u128)
}

fn policy(id: Uuid, pattern_type: &str) -> Value {
    json!({
        "id": id,
        "created_at": "2014-01-01T05:20:00.12345Z",
        "last_modified": "2014-01-01T05:20:00.12345Z",
        "comments": "Trust all messages send from test@example.com",
        "is_acceptable_sender": false,
        "is_exempt_recipient": false,
        "is_regex": false,
        "is_trusted_sender": true,
        "pattern": "test@example.com",
        "pattern_type": pattern_type,
        "verify_sender": true,
    })
}

fn ok_policy(status: u16) -> Reply {
    Reply::json(status, json!({"success": true, "errors": [], "messages": [], "result": policy(policy_id(), "EMAIL")}))
}

fn cf_error(status: u16, code: i64, message: &str) -> Reply {
    Reply::json(status, json!({"success": false, "errors": [{"code": code, "message": message}], "messages": [], "result": null}))
}

/// A list page holding the ids `first..first + items`.
fn list_page(result_info: Value, first: usize, items: usize) -> Reply {
    let result: Vec<Value> = (first..first + items).map(|n| policy(nth_id(n), "EMAIL")).collect();
    Reply::json(200, json!({"success": true, "errors": [], "messages": [], "result_info": result_info, "result": result}))
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(20), max_backoff: Duration::from_millis(100) }
}

/// A token client with quick backoffs (two retries).
fn client(server: &Server) -> Client {
    Client::builder().base_url(server.url()).api_token(TOKEN).retry_policy(fast_retries()).build().expect("client")
}

fn get_op() -> GetPolicy {
    GetPolicy::new(ACCOUNT, policy_id())
}

fn create_op() -> CreatePolicy {
    CreatePolicy::new(ACCOUNT, false, false, false, true, "test@example.com", PatternType::Email, true)
}

/// A URL nothing listens on: a port just bound, then released.
fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    format!("http://{}", listener.local_addr().expect("address"))
}

/// Fails the test instead of hanging when `fut` takes longer than `secs`.
async fn within<T>(secs: u64, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut).await.unwrap_or_else(|_| panic!("no outcome within {secs} s"))
}

fn expect_err<T: std::fmt::Debug, E>(result: Result<T, Error<E>>) -> Error<E> {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(e) => e,
    }
}

/// Neither the error's `Display` nor its `Debug` holds any of `secrets`.
/// Cloudflare's error body, as the document declares it.
fn cf(e: &Error<ApiError<Failure>>) -> &Failure {
    e.api_error().and_then(ApiError::declared).unwrap_or_else(|| panic!("no declared error body in {e:?}"))
}

/// The two ways Cloudflare authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Auth {
    Token,
    Key,
}

trait WithAuth {
    fn auth(self, auth: Auth) -> Self;
}

impl WithAuth for ClientBuilder {
    fn auth(self, auth: Auth) -> Self {
        match auth {
            Auth::Token => self.api_token(TOKEN),
            Auth::Key => self.api_email(EMAIL).api_key(KEY),
        }
    }
}

fn assert_no_secret<E>(e: &Error<E>, secrets: &[&str]) {
    let (display, debug) = (e.to_string(), format!("{e:?}"));
    for secret in secrets {
        assert!(!display.contains(secret), "secret in Display: {display}");
        assert!(!debug.contains(secret), "secret in Debug: {debug}");
    }
}

// ---------------------------------------------------------------------------------------------
// Retry-After
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = Server::start(vec![cf_error(429, 10429, "rate limited").header("Retry-After", "1"), ok_policy(200)]).await;
    let client = client(&server);
    let start = Instant::now();
    let response = within(20, client.email_security().settings().allow_policies().get(ACCOUNT, policy_id()).send()).await.expect("succeeds after the 429");
    let elapsed = start.elapsed();
    assert_eq!(response.id.value(), Some(&policy_id()));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(elapsed >= Duration::from_millis(950), "Retry-After: 1 not honoured, took {elapsed:?}");
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_millis(950), "second attempt only {gap:?} after the first");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[tokio::test]
async fn retry_after_ms_is_honoured() {
    let server = Server::start(vec![Reply::text(503, "busy").header("retry-after-ms", "600"), ok_policy(200)]).await;
    let start = Instant::now();
    within(20, client(&server).send(&get_op())).await.expect("succeeds after the 503");
    assert_eq!(server.count(), 2);
    assert!(start.elapsed() >= Duration::from_millis(550), "retry-after-ms not honoured: {:?}", start.elapsed());
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    // A whole second at least 1 s ahead: HTTP dates have no fraction.
    let secs = (SystemTime::now() + Duration::from_secs(2)).duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    let target = UNIX_EPOCH + Duration::from_secs(secs);
    let date = chrono::DateTime::from_timestamp(secs as i64, 0).expect("a valid time").format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let server = Server::start(vec![cf_error(429, 10429, "rate limited").header("Retry-After", &date), ok_policy(200)]).await;
    let start = Instant::now();
    within(20, client(&server).send(&get_op())).await.expect("succeeds after the 429");
    let elapsed = start.elapsed();
    assert_eq!(server.count(), 2);
    assert!(elapsed >= Duration::from_millis(900), "Retry-After: {date} not honoured, took {elapsed:?}");
    assert!(SystemTime::now() + Duration::from_millis(50) >= target, "retried before {date}");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

#[tokio::test]
async fn retry_after_date_in_the_past_retries_at_once() {
    let server = Server::start(vec![
        cf_error(429, 10429, "rate limited").header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
        ok_policy(200),
    ])
    .await;
    let start = Instant::now();
    within(20, client(&server).send(&get_op())).await.expect("succeeds after the 429");
    assert_eq!(server.count(), 2);
    assert!(start.elapsed() < Duration::from_millis(900), "waited {:?} for a past date", start.elapsed());
}

/// A `Retry-After` too large for a `Duration` must be capped (at a minute, as documented), not
/// crash the caller. The call's 500 ms timeout ends the capped wait.
#[tokio::test]
async fn retry_after_out_of_range_does_not_panic() {
    for value in ["1e20", "inf"] {
        let server = Server::start(vec![cf_error(429, 10429, "rate limited").header("Retry-After", value), ok_policy(200)]).await;
        let client = Client::builder()
            .base_url(server.url())
            .api_token(TOKEN)
            .retry_policy(fast_retries())
            .timeout(Duration::from_millis(500))
            .build()
            .expect("client");
        let outcome = within(20, tokio::spawn(async move { client.send(&get_op()).await })).await;
        let result = match outcome {
            Ok(result) => result,
            Err(join) => panic!("`Retry-After: {value}` made the client panic: {join}"),
        };
        let e = expect_err(result);
        assert!(matches!(e.kind(), ErrorKind::Timeout | ErrorKind::RateLimited), "Retry-After: {value}: {e:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Retries and idempotency
// ---------------------------------------------------------------------------------------------

/// A call is a future: awaiting it sends it and gives the payload, as `send` does.
#[tokio::test]
async fn a_call_is_awaited() {
    let server = Server::start(vec![ok_policy(200)]).await;
    let client = client(&server);
    let policy = within(20, async { client.email_security().settings().allow_policies().get(ACCOUNT, policy_id()).await }).await.expect("the policy");
    assert_eq!(policy.id.value(), Some(&policy_id()));
    assert_eq!(server.requests()[0].path(), format!("/accounts/{ACCOUNT}/email-security/settings/allow_policies/{}", policy_id()));
}

#[tokio::test]
async fn get_500_then_200_is_retried() {
    let server = Server::start(vec![Reply::text(500, "oops"), ok_policy(200)]).await;
    let response = within(20, client(&server).send(&get_op())).await.expect("succeeds after a retry");
    assert!(response.success);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method == "GET" && r.target == requests[0].target));
}

#[tokio::test]
async fn get_500_three_times_is_a_server_error_with_default_retries() {
    // The fourth reply proves the client stops after 1 + 2 attempts.
    let script = vec![
        cf_error(500, 10001, "internal"),
        cf_error(500, 10001, "internal"),
        cf_error(500, 10002, "internal again"),
        ok_policy(200),
    ];
    let server = Server::start(script).await;
    let client = Client::builder().base_url(server.url()).api_token(TOKEN).build().expect("client");
    let e = expect_err(within(30, client.send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status(), Some(http::StatusCode::INTERNAL_SERVER_ERROR));
    let last = serde_json::from_slice::<Value>(e.body()).expect("JSON");
    assert_eq!(last["errors"][0]["code"], 10002, "the error is the last answer's");
    assert_eq!(e.api_error(), Some(&ApiError::Undeclared), "Cloudflare declares no 5XX body");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn max_retries_zero_sends_once() {
    let server = Server::start(vec![Reply::text(500, "oops"), ok_policy(200)]).await;
    let client = Client::builder().base_url(server.url()).api_token(TOKEN).max_retries(0).build().expect("client");
    let e = expect_err(within(20, client.send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn post_500_is_not_retried() {
    // Nor any other retryable status that does not say the request went unprocessed.
    for (status, kind) in [(500, ErrorKind::Server), (409, ErrorKind::Conflict), (408, ErrorKind::Other)] {
        let server = Server::start(vec![cf_error(status, 10001, "internal"), ok_policy(201)]).await;
        let e = expect_err(within(20, client(&server).send(&create_op())).await);
        assert_eq!(e.kind(), kind, "{status}");
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "a POST that got a {status} must not be retried");
        assert_eq!(requests[0].method, "POST");
        assert_eq!(requests[0].json()["pattern"], "test@example.com");
    }
}

#[tokio::test]
async fn patch_500_is_not_retried() {
    let server = Server::start(vec![Reply::text(502, "bad gateway"), ok_policy(200)]).await;
    let op = call(UpdatePolicy::new(ACCOUNT, policy_id())).comments("changed").into_request();
    let e = expect_err(within(20, client(&server).send(&op)).await);
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status(), Some(http::StatusCode::BAD_GATEWAY));
    assert_eq!(server.count(), 1);
    assert_eq!(server.requests()[0].method, "PATCH");
}

#[tokio::test]
async fn delete_500_is_retried() {
    let ok = Reply::json(200, json!({"success": true, "errors": [], "messages": [], "result": {"id": POLICY}}));
    let server = Server::start(vec![Reply::text(500, "oops"), ok]).await;
    let response = within(20, client(&server).send(&DeletePolicy::new(ACCOUNT, policy_id()))).await.expect("a DELETE is idempotent");
    assert_eq!(response.result.expect("the deleted id").id.value(), Some(&policy_id()));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn post_429_and_503_are_retried() {
    for status in [429, 503] {
        let server = Server::start(vec![cf_error(status, 10429, "not now").header("Retry-After", "0"), ok_policy(201)]).await;
        let response = within(20, client(&server).send(&create_op())).await.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(response.result.expect("a policy").pattern.as_deref(), Some("test@example.com"));
        let requests = server.requests();
        assert_eq!(requests.len(), 2, "a POST that got {status} is retried");
        assert_eq!(requests[0].body, requests[1].body, "the retry sends the same body");
        assert_eq!(requests[1].method, "POST");
    }
}

#[tokio::test]
async fn dropped_connection_is_retried_for_get_only() {
    let server = Server::start(vec![Reply::Close, Reply::Close, ok_policy(200)]).await;
    within(20, client(&server).send(&get_op())).await.expect("a GET is retried after a dropped connection");
    assert_eq!(server.count(), 3);

    let server = Server::start(vec![Reply::Close, ok_policy(201)]).await;
    let e = expect_err(within(20, client(&server).send(&create_op())).await);
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(e.status(), None);
    assert_eq!(server.count(), 1, "the POST may have been processed: not retried");
}

// ---------------------------------------------------------------------------------------------
// Timeouts and transport
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn client_timeout_gives_timeout_error() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let client = Client::builder()
        .base_url(server.url())
        .api_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let start = Instant::now();
    let e = expect_err(within(20, client.send(&get_op())).await);
    let elapsed = start.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e:?}");
    assert_eq!(e.status(), None);
    assert!(elapsed >= Duration::from_millis(280), "timed out early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "timeout of 300 ms took {elapsed:?}");
    assert_eq!(server.count(), 1, "the request reached the server");
}

#[tokio::test]
async fn per_call_timeout_overrides_the_client_timeout() {
    // Shorter than the client's (60 s by default).
    let server = Server::start(vec![Reply::Hang]).await;
    let client = Client::builder().base_url(server.url()).api_token(TOKEN).build().expect("client");
    let start = Instant::now();
    let options = CallOptions::new().timeout(Duration::from_millis(300));
    let e = expect_err(within(20, client.send_with(&get_op(), &options)).await);
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(start.elapsed() < Duration::from_secs(3), "took {:?}", start.elapsed());

    // Longer than the client's: a slow answer that the client's own timeout would cut.
    let server = Server::start(vec![ok_policy(200).delayed(Duration::from_millis(700))]).await;
    let client = Client::builder()
        .base_url(server.url())
        .api_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("client");
    let options = CallOptions::new().timeout(Duration::from_secs(5));
    within(20, client.send_with(&get_op(), &options)).await.expect("the per-call timeout is longer");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn refused_connection_is_a_transport_error_after_retries() {
    let url = refused_url();
    let policy = RetryPolicy { max_retries: 2, initial_backoff: Duration::from_millis(200), max_backoff: Duration::from_secs(1) };
    let client = Client::builder().base_url(&url).api_token(TOKEN).retry_policy(policy).build().expect("client");
    let start = Instant::now();
    let e = expect_err(within(20, client.send(&get_op())).await);
    let elapsed = start.elapsed();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert_eq!(e.status(), None);
    // Backoffs of at least 150 ms then 300 ms: the two retries happened.
    assert!(elapsed >= Duration::from_millis(440), "no retries? {elapsed:?}");
    // The text names no URL (it may carry identifiers), and no secret.
    assert!(!e.to_string().contains(ACCOUNT), "URL in Display: {e}");
    assert!(!format!("{e:?}").contains(ACCOUNT), "URL in Debug: {e:?}");
    assert_no_secret(&e, &[TOKEN]);

    // A POST is retried too: nothing was sent.
    let start = Instant::now();
    let e = expect_err(within(20, client.send(&create_op())).await);
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(start.elapsed() >= Duration::from_millis(440), "POST not retried after a refused connection");

    let client = Client::builder().base_url(&url).api_token(TOKEN).max_retries(0).build().expect("client");
    let start = Instant::now();
    let e = expect_err(within(20, client.send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(start.elapsed() < Duration::from_millis(400), "retried despite max_retries(0)");
}

// ---------------------------------------------------------------------------------------------
// Bodies and statuses
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_raw_body() {
    let raw = r#"{"success": true, "result": {"id": "f174e90a"#;
    let server = Server::start(vec![Reply::text(200, raw), ok_policy(200)]).await;
    let e = expect_err(within(20, client(&server).send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::Decode, "{e:?}");
    assert_eq!(e.status(), Some(http::StatusCode::OK));
    assert_eq!(e.body(), raw.as_bytes());
    assert_eq!(server.count(), 1, "a decode error is not retried");

    // Well-formed JSON of another shape is read as well as it can be, each deviation named;
    // in strict mode it is a decode error with the raw body.
    let wrong = json!({"success": true, "errors": [], "messages": [], "result": {"id": 5}});
    let server = Server::start(vec![Reply::json(200, wrong.clone()), Reply::json(200, wrong)]).await;
    fn policies(c: &cloudflare_api::Client) -> cloudflare_api::client::Call<'_, cloudflare_api::operations::EmailSecurityGetAllowPolicyRequest> {
        c.email_security().settings().allow_policies().get(ACCOUNT, policy_id())
    }
    let lenient = client(&server);
    let decoded = within(20, policies(&lenient).send_decoded()).await.expect("decodes");
    assert_eq!(decoded.value.id.as_str(), "5", "kept as its text");
    let places: Vec<&str> = decoded.deviations.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(places, ["/result/id", "/result/id", "/result/created_at"]);
    let strict = cloudflare_api::Client::builder().base_url(server.url()).api_token(TOKEN).max_retries(0).strict(true).build().expect("client");
    let e = expect_err(within(20, policies(&strict).send()).await);
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(String::from_utf8_lossy(e.body()).contains(r#""id":5"#));
}

#[tokio::test]
async fn success_false_in_a_200_is_an_error() {
    let body = json!({"success": false, "errors": [{"code": 1001, "message": "bad"}], "messages": [], "result": null});
    let server = Server::start(vec![Reply::json(200, body.clone())]).await;
    let e = expect_err(within(20, client(&server).send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::Other);
    assert_eq!(e.status(), Some(http::StatusCode::OK));
    assert_eq!(cf(&e).errors.len(), 1);
    assert_eq!(cf(&e).errors[0].code, 1001);
    assert_eq!(cf(&e).errors[0].message, "bad");
    assert_eq!(serde_json::from_slice::<Value>(e.body()).expect("JSON body"), body);
    assert!(e.to_string().contains("bad"), "{e}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn statuses_map_to_error_kinds_with_cloudflare_errors() {
    let cases = [
        (400, ErrorKind::BadRequest, false),
        (401, ErrorKind::Authentication, false),
        (403, ErrorKind::PermissionDenied, false),
        (404, ErrorKind::NotFound, false),
        (409, ErrorKind::Conflict, true),
        (422, ErrorKind::Unprocessable, false),
        (429, ErrorKind::RateLimited, true),
        (503, ErrorKind::Server, true),
        (408, ErrorKind::Other, true),
        (418, ErrorKind::Other, false),
    ];
    for (status, kind, retried) in cases {
        let code = 10000 + i64::from(status);
        let message = format!("failure {status}");
        // Three errors (what a retried status needs), then a success that must not be reached.
        let mut script = vec![cf_error(status, code, &message).header("Retry-After", "0"); 3];
        script.push(ok_policy(200));
        let server = Server::start(script).await;
        let e = expect_err(within(20, client(&server).send(&get_op())).await);
        assert_eq!(e.kind(), kind, "{status}");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        if status >= 500 {
            // Cloudflare declares its failure body for `4XX` only: a 5XX is undeclared,
            // its body kept.
            assert_eq!(e.api_error(), Some(&ApiError::Undeclared), "{status}");
            assert_eq!(serde_json::from_slice::<Value>(e.body()).expect("JSON")["errors"][0]["code"], code);
        } else {
            assert_eq!(cf(&e).errors.len(), 1, "{status}: {e:?}");
            assert_eq!(cf(&e).errors[0].code, code);
            assert_eq!(cf(&e).errors[0].message, message);
        }
        assert_eq!(e.to_string(), format!("{kind:?}: {status} {}: {message}", e.status().unwrap().canonical_reason().unwrap()));
        assert_eq!(server.count(), if retried { 3 } else { 1 }, "{status}");
        assert_no_secret(&e, &[TOKEN]);
    }
}

#[tokio::test]
async fn error_body_that_is_not_json_is_kept() {
    let server = Server::start(vec![Reply::text(404, "<html>not found</html>")]).await;
    let e = expect_err(within(20, client(&server).send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.api_error(), Some(&ApiError::Undeclared), "a 4XX body that is not the declared one");
    assert_eq!(e.body(), b"<html>not found</html>");
}

#[tokio::test]
async fn unknown_pattern_type_decodes_and_round_trips() {
    let body = json!({"success": true, "errors": [], "messages": [], "result": policy(policy_id(), "REGEX")});
    let server = Server::start(vec![Reply::json(200, body), ok_policy(200)]).await;
    let client = client(&server);
    let policy = within(20, client.email_security().settings().allow_policies().get(ACCOUNT, policy_id()).send()).await.expect("REGEX decodes");
    let pattern_type = policy.pattern_type.clone().expect("a pattern type");
    match &pattern_type {
        PatternType::Unrecognized(value) => assert_eq!(value.as_str(), "REGEX"),
        other => panic!("REGEX decoded as {other:?}"),
    }
    assert_eq!(pattern_type.as_str(), "REGEX");
    assert_eq!(pattern_type.to_string(), "REGEX");
    assert_eq!(PatternType::from("REGEX"), pattern_type);
    assert_eq!(serde_json::to_value(&policy).expect("serializes")["pattern_type"], "REGEX");

    // Sent back unchanged.
    let op = call(UpdatePolicy::new(ACCOUNT, policy_id())).pattern_type(pattern_type).into_request();
    within(20, client.send(&op)).await.expect("update");
    assert_eq!(server.requests()[1].json(), json!({"pattern_type": "REGEX"}));
}

// ---------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------

fn ids(policies: &[cloudflare_api::email_security::settings::allow_policies::AllowPolicy]) -> Vec<Uuid> {
    policies.iter().filter_map(|p| p.id.value().copied()).collect()
}

/// Pages of 2, 2 and 1 items out of 5, then a page that must never be asked for.
fn five_in_three_pages() -> Vec<Reply> {
    let info = |page: usize, count: usize| json!({"page": page, "per_page": 2, "total_count": 5, "count": count});
    vec![list_page(info(1, 2), 0, 2), list_page(info(2, 2), 2, 2), list_page(info(3, 1), 4, 1), list_page(info(4, 2), 5, 2)]
}

fn assert_pages_asked(server: &Server, pages: &[&str]) {
    let requests = server.requests();
    let asked: Vec<_> = requests.iter().map(|r| r.query("page").unwrap_or("-").to_string()).collect();
    // The first request is the one the caller built (no `page` unless set); then the walk sets it.
    assert_eq!(asked, pages);
    for r in &requests {
        assert_eq!(r.method, "GET");
        assert_eq!(r.path(), format!("/accounts/{ACCOUNT}/email-security/settings/allow_policies"));
        assert_eq!(r.query("per_page"), Some("2"), "{}", r.target);
    }
}

#[tokio::test]
async fn items_walk_every_page_up_to_total_count() {
    let server = Server::start(five_in_three_pages()).await;
    let client = client(&server);
    let items: Vec<_> = within(20, client.items(call(ListPolicies::new(ACCOUNT)).per_page(2).into_request()).collect::<Vec<_>>()).await;
    let items: Vec<_> = items.into_iter().collect::<Result<_, _>>().expect("every page succeeds");
    assert_eq!(ids(&items), (0..5).map(nth_id).collect::<Vec<_>>());
    assert_pages_asked(&server, &["-", "2", "3"]);
}

#[tokio::test]
async fn pages_yields_each_page() {
    let server = Server::start(five_in_three_pages()).await;
    let client = client(&server);
    let pages: Vec<_> = within(20, client.pages(call(ListPolicies::new(ACCOUNT)).per_page(2).into_request()).collect::<Vec<_>>()).await;
    assert_eq!(pages.len(), 3);
    for (n, page) in pages.into_iter().enumerate() {
        let page = page.expect("page succeeds");
        assert_eq!(page.result_info.as_ref().and_then(|i| i.page), Some((n + 1) as f64));
        assert_eq!(page.result.expect("items").len(), if n < 2 { 2 } else { 1 });
    }
    assert_pages_asked(&server, &["-", "2", "3"]);
}

#[tokio::test]
async fn items_stop_once_total_count_is_reached() {
    // 4 in all: the second (full) page is the last, no third page is asked for.
    let info = |page: usize| json!({"page": page, "per_page": 2, "total_count": 4, "count": 2});
    let server = Server::start(vec![list_page(info(1), 0, 2), list_page(info(2), 2, 2), list_page(info(3), 4, 2)]).await;
    let client = client(&server);
    let items: Vec<_> = within(20, client.items(call(ListPolicies::new(ACCOUNT)).per_page(2).into_request()).collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 4);
    assert_pages_asked(&server, &["-", "2"]);
}

#[tokio::test]
async fn items_stop_at_a_short_page_without_total_count() {
    // No total_count, no per_page in the answers: the requested per_page tells a short page.
    let info = |page: usize, count: usize| json!({"page": page, "count": count});
    let script = vec![list_page(info(1, 2), 0, 2), list_page(info(2, 2), 2, 2), list_page(info(3, 1), 4, 1), list_page(info(4, 2), 5, 2)];
    let server = Server::start(script).await;
    let client = client(&server);
    let items: Vec<_> = within(20, client.items(call(ListPolicies::new(ACCOUNT)).per_page(2).into_request()).collect::<Vec<_>>()).await;
    let items: Vec<_> = items.into_iter().collect::<Result<_, _>>().expect("every page succeeds");
    assert_eq!(ids(&items), (0..5).map(nth_id).collect::<Vec<_>>());
    assert_pages_asked(&server, &["-", "2", "3"]);
}

#[tokio::test]
async fn items_stop_at_an_empty_page() {
    let info = |page: usize, count: usize| json!({"page": page, "per_page": 2, "count": count});
    let script = vec![list_page(info(1, 2), 0, 2), list_page(info(2, 2), 2, 2), list_page(info(3, 0), 4, 0), list_page(info(4, 2), 4, 2)];
    let server = Server::start(script).await;
    let walker = client(&server);
    let items: Vec<_> = within(20, walker.items(call(ListPolicies::new(ACCOUNT)).per_page(2).into_request()).collect::<Vec<_>>()).await;
    let items: Vec<_> = items.into_iter().collect::<Result<_, _>>().expect("every page succeeds");
    assert_eq!(ids(&items), (0..4).map(nth_id).collect::<Vec<_>>());
    assert_pages_asked(&server, &["-", "2", "3"]);
    let server = Server::start(vec![list_page(json!({"page": 1, "per_page": 2, "count": 0}), 0, 0)]).await;
    let walker = client(&server);
    let pages: Vec<_> = within(20, walker.pages(call(ListPolicies::new(ACCOUNT)).per_page(2).into_request()).collect::<Vec<_>>()).await;
    assert_eq!(pages.len(), 1, "the empty page is yielded, then the walk ends");
}

#[tokio::test]
async fn pagination_starts_at_the_requested_page_and_stops_at_an_error() {
    let info = |page: usize| json!({"page": page, "per_page": 2, "count": 2});
    let script = vec![list_page(info(3), 0, 2), cf_error(404, 10404, "no such page"), list_page(info(5), 2, 2)];
    let server = Server::start(script).await;
    let client = client(&server);
    let items: Vec<_> = within(20, client.items(call(ListPolicies::new(ACCOUNT)).per_page(2).page(3).into_request()).collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 3, "two items, then the error, then nothing");
    assert!(items[0].is_ok() && items[1].is_ok());
    let e = items.into_iter().nth(2).expect("third").expect_err("the error of page 4");
    assert_eq!(e.kind(), ErrorKind::NotFound);
    // A walk's error is its operation's, as a call's is: the answer needs no type named.
    let answer = e.api_error().and_then(ApiError::declared).expect("the declared 4XX body");
    assert_eq!(answer.errors[0].code, 10404);
    // As the plain `Error` of any call, the answer is reached by type.
    let e: Error = e.into();
    assert_eq!(e.api_error_as::<ApiError<Failure>>().and_then(ApiError::declared).map(|a| a.errors[0].code), Some(10404));
    assert_pages_asked(&server, &["3", "4"]);
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn api_token_is_sent_as_bearer() {
    let server = Server::start(vec![ok_policy(200)]).await;
    // A base URL with a path prefix and a trailing slash.
    let client = Client::builder().base_url(format!("{}/client/v4/", server.url())).api_token(TOKEN).build().expect("client");
    within(20, client.send(&get_op())).await.expect("get");
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(request.header("x-auth-email"), None);
    assert_eq!(request.header("x-auth-key"), None);
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.target, format!("/client/v4/accounts/{ACCOUNT}/email-security/settings/allow_policies/{POLICY}"));
}

#[tokio::test]
async fn api_key_is_sent_as_email_and_key() {
    let makers: [fn(String) -> Result<Client, Error>; 2] = [
        |url| Client::builder().base_url(url).api_email(EMAIL).api_key(KEY).build(),
        |url| Client::builder().base_url(url).auth(Auth::Key).build(),
    ];
    for make in makers {
        let server = Server::start(vec![ok_policy(201)]).await;
        let client = make(server.url()).expect("client");
        within(20, client.send(&create_op())).await.expect("create");
        let request = &server.requests()[0];
        assert_eq!(request.header("x-auth-email"), Some(EMAIL));
        assert_eq!(request.header("x-auth-key"), Some(KEY));
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn unusable_credentials_fail_before_sending() {
    let server = Server::start(vec![ok_policy(200)]).await;
    let bad_token = format!("{TOKEN}\nx-injected: 1");
    let client = Client::builder().base_url(server.url()).api_token(&bad_token).build().expect("client");
    let e = expect_err(within(20, client.send(&get_op())).await);
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_no_secret(&e, &[TOKEN]);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.count(), 0, "nothing may be sent");
}

/// Serializes the tests that touch the process environment.
static ENV_LOCK: Mutex<()> = Mutex::new(());

const ENV_VARS: [&str; 5] = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_API_USER_SERVICE_KEY", "CLOUDFLARE_BASE_URL"];

/// Puts the saved variables back, even when the test panics.
struct RestoreEnv(Vec<(&'static str, Option<std::ffi::OsString>)>);

impl Drop for RestoreEnv {
    fn drop(&mut self) {
        for (name, value) in &self.0 {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}

/// Runs `f` (synchronous: no await while the lock is held) with the Cloudflare variables set
/// as `vars` says (absent ones removed), then restores them.
fn with_env<R>(vars: &[(&str, &str)], f: impl FnOnce() -> R) -> R {
    let _lock = ENV_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let _restore = RestoreEnv(ENV_VARS.iter().map(|name| (*name, std::env::var_os(name))).collect());
    for name in ENV_VARS {
        std::env::remove_var(name);
    }
    for (name, value) in vars {
        assert!(ENV_VARS.contains(name), "{name} is not restored");
        std::env::set_var(name, value);
    }
    f()
}

#[tokio::test]
async fn missing_env_credentials_fail_before_any_request() {
    let server = Server::start(vec![ok_policy(200)]).await;
    let url = server.url();
    let url = url.as_str();
    let cases: [&[(&str, &str)]; 4] = [
        &[("CLOUDFLARE_BASE_URL", url)],
        &[("CLOUDFLARE_BASE_URL", url), ("CLOUDFLARE_API_TOKEN", "")],
        &[("CLOUDFLARE_BASE_URL", url), ("CLOUDFLARE_EMAIL", EMAIL)],
        &[("CLOUDFLARE_BASE_URL", url), ("CLOUDFLARE_API_KEY", KEY)],
    ];
    for vars in cases {
        let (client, built) = with_env(vars, || (Client::from_env(), Client::builder().base_url(url).build()));
        for client in [client.expect("a client without credentials"), built.expect("a client without credentials")] {
            let e = expect_err(within(20, client.send(&get_op())).await);
            assert_eq!(e.kind(), ErrorKind::Credentials, "{vars:?}: {e:?}");
            assert_eq!(e.status(), None);
            assert_no_secret(&e, &[KEY]);
            // The message says what to set, as the operation's requirements say.
            let text = e.to_string();
            assert!(text.contains("CLOUDFLARE_API_TOKEN") && text.contains("CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY"), "{text}");
        }
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.count(), 0, "nothing may be sent");
}

#[tokio::test]
async fn env_credentials_and_base_url_are_used() {
    let server = Server::start(vec![ok_policy(200), ok_policy(200), ok_policy(200)]).await;
    let url = server.url();

    // The token wins over email and key: it is the operation's first alternative.
    let vars = [("CLOUDFLARE_BASE_URL", url.as_str()), ("CLOUDFLARE_API_TOKEN", TOKEN), ("CLOUDFLARE_EMAIL", EMAIL), ("CLOUDFLARE_API_KEY", KEY)];
    let client = with_env(&vars, Client::from_env).expect("client");
    assert_eq!(client.base_url(), url);
    within(20, client.send(&get_op())).await.expect("get");

    let vars = [("CLOUDFLARE_BASE_URL", url.as_str()), ("CLOUDFLARE_EMAIL", EMAIL), ("CLOUDFLARE_API_KEY", KEY)];
    within(20, with_env(&vars, Client::from_env).expect("client").send(&get_op())).await.expect("get");

    // Code wins over the environment.
    let vars = [("CLOUDFLARE_BASE_URL", url.as_str()), ("CLOUDFLARE_API_TOKEN", "from-env")];
    within(20, with_env(&vars, || Client::builder().api_token(TOKEN).build()).expect("client").send(&get_op())).await.expect("get");

    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(requests[0].header("x-auth-key"), None);
    assert_eq!(requests[1].header("x-auth-email"), Some(EMAIL));
    assert_eq!(requests[1].header("x-auth-key"), Some(KEY));
    assert_eq!(requests[1].header("authorization"), None);
    assert_eq!(requests[2].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    for request in &requests {
        assert!(request.header("user-agent").is_some_and(|ua| ua.starts_with("cloudflare-api/0.")), "{request:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn secrets_never_show_in_debug() {
    let client = Client::builder().base_url("http://127.0.0.1:9").api_token(TOKEN).build().expect("client");
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("127.0.0.1:9"), "the rest is shown: {debug}");
    let client = Client::builder().base_url("http://127.0.0.1:9").api_email(EMAIL).api_key(KEY).build().expect("client");
    assert!(!format!("{client:?}").contains(KEY), "{client:?}");
    assert!(!format!("{client:#?}").contains(KEY), "{client:#?}");

    // A password in the base URL is a credential too.
    let client = Client::builder().base_url(format!("http://ann:{KEY}@127.0.0.1:9/client/v4")).api_token(TOKEN).build().expect("client");
    let debug = format!("{client:?}");
    assert!(!debug.contains(KEY) && debug.contains("http://***@127.0.0.1:9/client/v4"), "{debug}");

    let builder = Client::builder().api_token(TOKEN);
    assert!(!format!("{builder:?}").contains(TOKEN), "{builder:?}");
    let token = Credential::token(TOKEN);
    assert!(!format!("{token:?}").contains(TOKEN), "{token:?}");
    assert!(!format!("{token:#?}").contains(TOKEN), "{token:#?}");
    let key = Credential::basic(EMAIL, KEY);
    assert!(!format!("{key:?}").contains(KEY), "{key:?}");
}

#[tokio::test]
async fn secrets_never_show_in_errors() {
    let server = Server::start(vec![
        cf_error(401, 10000, "Authentication error"),
        Reply::text(200, "{not json"),
        cf_error(200, 1001, "bad"),
        Reply::Hang,
    ])
    .await;
    let mut errors = Vec::new();
    for credentials in [Auth::Token, Auth::Key] {
        let client = Client::builder()
            .base_url(server.url())
            .auth(credentials)
            .max_retries(0)
            .timeout(Duration::from_millis(300))
            .build()
            .expect("client");
        if credentials == Auth::Token {
            for _ in 0..4 {
                errors.push(expect_err(within(20, client.send(&get_op())).await));
            }
        }
        errors.push(expect_err(within(20, client.send(&call(ListPolicies::new(ACCOUNT)).per_page(0).into_request())).await));
        let refused = Client::builder().base_url(refused_url()).auth(credentials).max_retries(0).build().expect("client");
        errors.push(expect_err(within(20, refused.send(&get_op())).await));
    }
    let kinds: Vec<_> = errors.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            ErrorKind::Authentication,
            ErrorKind::Decode,
            ErrorKind::Other,
            ErrorKind::Timeout,
            ErrorKind::Build,
            ErrorKind::Transport,
            ErrorKind::Build,
            ErrorKind::Transport
        ]
    );
    for e in &errors {
        assert_no_secret(e, &[TOKEN, KEY]);
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            assert!(!s.to_string().contains(TOKEN) && !s.to_string().contains(KEY), "secret in a source: {s}");
            source = s.source();
        }
    }
}

/// A proxy or gateway that echoes the request (its headers) in an error page: the error's text
/// never repeats the body; only `Error::body` gives it.
#[tokio::test]
async fn an_echoed_request_stays_out_of_the_error_text() {
    for credentials in [Auth::Token, Auth::Key] {
        let echo = format!("GET /client/v4 HTTP/1.1\r\nAuthorization: Bearer {TOKEN}\r\nX-Auth-Email: {EMAIL}\r\nX-Auth-Key: {KEY}\r\n");
        let server = Server::start(vec![Reply::text(502, &echo), Reply::json(400, json!({"echo": echo}))]).await;
        let client = Client::builder().base_url(server.url()).auth(credentials).max_retries(0).build().expect("client");
        for _ in 0..2 {
            let e = expect_err(within(20, client.send(&get_op())).await);
            assert_no_secret(&e, &[TOKEN, KEY]);
            assert!(String::from_utf8_lossy(e.body()).contains(TOKEN), "the body is kept whole");
            assert!(e.to_string().ends_with("bytes of body, see `Error::body`)"), "{e}");
        }
    }
}

/// The Cloudflare API does not redirect; a redirect to another origin (a compromised proxy,
/// a misconfigured base URL) must not carry the credentials there, whichever HTTP client the
/// user brings: here one told to follow every redirect and to send `Referer`.
#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_origin() {
    use cloudflare_api::client::reqwest;
    for credentials in [Auth::Token, Auth::Key] {
        for status in [302, 307] {
            let elsewhere = Server::start(vec![ok_policy(200)]).await;
            let location = format!("{}/stolen", elsewhere.url());
            let server = Server::start(vec![Reply::text(status, "").header("Location", &location)]).await;
            let permissive = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10)).referer(true);
            let client = Client::builder().base_url(server.url()).auth(credentials).http_client(permissive).max_retries(0).build().expect("client");
            let e = expect_err(within(20, client.send(&get_op())).await);
            assert_eq!((e.kind(), e.status().map(|s| s.as_u16())), (ErrorKind::Redirect, Some(status)), "{e}");
            assert_eq!(e.headers()["location"], location.as_str());
            assert_no_secret(&e, &[TOKEN, KEY]);
            assert_eq!(server.count(), 1);
            assert_eq!(elsewhere.count(), 0, "{credentials:?}: a {status} to another origin was followed");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Raw responses and build errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn send_raw_gives_status_headers_and_body() {
    let not_found = cf_error(404, 10404, "gone").header("cf-ray", "8a1b2c3d4e5f6a7b-SJC");
    let server = Server::start(vec![
        not_found,
        Reply::text(503, "busy").header("Retry-After", "0"),
        ok_policy(200).header("cf-ray", "8a1b2c3d4e5f6a7c-LHR").header("x-custom", "yes"),
    ])
    .await;
    let client = client(&server);

    // Any status is an answer, not an error, and is not retried unless retryable.
    let response = within(20, client.send_raw(&get_op())).await.expect("a raw answer");
    assert_eq!(response.status(), http::StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["cf-ray"], "8a1b2c3d4e5f6a7b-SJC");
    let body: Value = serde_json::from_slice(response.body()).expect("JSON");
    assert_eq!(body["errors"][0]["code"], 10404);
    assert_eq!(server.count(), 1);

    // Retries apply.
    let response = within(20, client.send_raw(&get_op())).await.expect("a raw answer");
    assert_eq!(response.status(), http::StatusCode::OK);
    assert_eq!(response.headers()["cf-ray"], "8a1b2c3d4e5f6a7c-LHR");
    assert_eq!(response.headers()["x-custom"], "yes");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_slice(response.body()).expect("JSON");
    assert_eq!(body["result"]["id"], POLICY);
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn invalid_arguments_fail_before_sending() {
    let server = Server::start(vec![ok_policy(200)]).await;
    let client = client(&server);
    for op in [call(ListPolicies::new(ACCOUNT)).per_page(0).into_request(), call(ListPolicies::new(ACCOUNT)).per_page(1001).into_request(), call(ListPolicies::new(ACCOUNT)).page(0).into_request()] {
        let e = expect_err(within(20, client.send(&op)).await);
        assert_eq!(e.kind(), ErrorKind::Build, "{op:?}");
        assert_eq!(e.status(), None);
    }
    let e = expect_err(within(20, client.send(&GetPolicy::new("x".repeat(33), policy_id()))).await);
    assert_eq!(e.kind(), ErrorKind::Build);
    assert!(e.to_string().contains("account_id"), "{e}");
    let e = expect_err(within(20, client.send(&UpdatePolicy::new(ACCOUNT, policy_id()))).await);
    assert_eq!(e.kind(), ErrorKind::Build, "an empty PATCH body breaks minProperties");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.count(), 0);
}
