//! Contract tests of the generated client against Stoplight Prism 5.14.2 mocking
//! `spec/openapi.yaml`: Prism validates every request against the description (a violation is
//! a 422), so each operation, sent with only its required arguments and with every optional
//! one, must succeed and decode. Also: credentials (Prism checks the security schemes),
//! pagination over Prism's single example page, and a request our builder refuses to send.
//!
//! Prism is installed under `target/prism` with npm when missing; without npm, or when the
//! install fails, the test fails. One Prism serves every case, in one `#[test]`, and is
//! killed when it ends, whether the cases pass or not.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use cloudflare_api::client::{CallOptions, ErrorKind};
use cloudflare_api::operations::{
    EmailSecurityBatchAllowPoliciesRequest as BatchPolicies, EmailSecurityCreateAllowPolicyRequest as CreatePolicy,
    EmailSecurityDeleteAllowPolicyRequest as DeletePolicy, EmailSecurityGetAllowPolicyRequest as GetPolicy,
    EmailSecurityListAllowPoliciesRequest as ListPolicies, EmailSecurityUpdateAllowPolicyRequest as UpdatePolicy,
};
use cloudflare_api::email_security::settings::allow_policies::{
    AllowPolicy, BatchAllowPoliciesBodyDeletesItem, BatchAllowPoliciesBodyPatchesItem, BatchAllowPoliciesBodyPutsItem, BatchParams,
    CreateAllowPolicy, CreateParams, Direction, ListAllowPoliciesOrder, PatternType,
};
use cloudflare_api::{Client, Nullable};
use futures_util::StreamExt;
use uuid::Uuid;

/// A request with optional parameters set the one way they are set: by the setters of a call
/// of the resource tree (here a call never sent).
fn call<O>(op: O) -> cloudflare_api::client::Call<'static, O> {
    static CLIENT: std::sync::LazyLock<cloudflare_api::Client> =
        std::sync::LazyLock::new(|| cloudflare_api::Client::builder().base_url("https://api.example.test").build().expect("a client"));
    cloudflare_api::client::Call::new(&CLIENT, op)
}

const PRISM_VERSION: &str = "5.14.2";
const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
/// The id of the spec's example policy, which Prism answers with.
const POLICY: &str = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN: &str = "prism-test-token";

// ---------------------------------------------------------------------------------------------
// Installing and running Prism
// ---------------------------------------------------------------------------------------------

fn prism_dir() -> PathBuf {
    tests::root().join("target").join("prism")
}

/// The version of `@stoplight/prism-cli` installed under `target/prism`, if any.
fn installed_version() -> Option<String> {
    let manifest = prism_dir().join("node_modules/@stoplight/prism-cli/package.json");
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(manifest).ok()?).ok()?;
    manifest["version"].as_str().map(String::from)
}

/// Whether some process (another test run, another engineer) is running npm on `target/prism`.
fn npm_running_on(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else { return false };
    let dir = dir.to_string_lossy().into_owned();
    entries.flatten().any(|entry| {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        cmdline.contains("npm") && (cmdline.contains(&dir) || cmdline.contains("target/prism"))
    })
}

/// The Prism executable, installed first if needed. Panics when it cannot be had.
fn prism_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let dir = prism_dir();
        let bin = dir.join("node_modules/.bin/prism");
        // An install started elsewhere: wait for it (at most 5 minutes) rather than race it.
        let start = Instant::now();
        while npm_running_on(&dir) && start.elapsed() < Duration::from_secs(300) {
            std::thread::sleep(Duration::from_millis(500));
        }
        if installed_version().as_deref() == Some(PRISM_VERSION) && bin.exists() {
            return bin;
        }
        std::fs::create_dir_all(&dir).expect("create target/prism");
        let package = format!("@stoplight/prism-cli@{PRISM_VERSION}");
        let output = Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&dir)
            .args([package.as_str(), "--no-audit", "--no-fund"])
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("Prism {PRISM_VERSION} is not installed and npm cannot be run ({e}): install Node.js and npm"));
        assert!(
            output.status.success(),
            "`npm install {package}` failed ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let version = installed_version();
        assert_eq!(version.as_deref(), Some(PRISM_VERSION), "npm installed the wrong Prism");
        assert!(bin.exists(), "npm did not install {}", bin.display());
        bin
    })
}

/// A running `prism mock`, killed on drop (also when a case panics).
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    fn start() -> Prism {
        let bin = prism_bin();
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let log = tests::temp_dir("prism").join("prism.log");
        let out = std::fs::File::create(&log).expect("create the Prism log");
        let err = out.try_clone().expect("clone the log handle");
        let spec = tests::root().join("spec").join("openapi.yaml");
        let child = Command::new(bin)
            .arg("mock")
            .arg(&spec)
            .args(["-p", &port.to_string(), "-h", "127.0.0.1"])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {} (is Node.js installed?): {e}", bin.display()));
        let mut prism = Prism { child, port, log };
        prism.wait_until_ready(Duration::from_secs(60));
        prism
    }

    fn wait_until_ready(&mut self, limit: Duration) {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("poll Prism") {
                panic!("Prism exited ({status}) before answering:\n{}", self.log_text());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            assert!(start.elapsed() < limit, "Prism did not answer on port {} within {limit:?}:\n{}", self.port, self.log_text());
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn policy_id() -> Uuid {
    Uuid::parse_str(POLICY).expect("a valid uuid")
}

fn client(prism: &Prism) -> Client {
    Client::builder().base_url(prism.url()).api_token(TOKEN).max_retries(0).timeout(Duration::from_secs(20)).build().expect("client")
}

/// The spec's example policy, which Prism gives back for every operation.
fn assert_example_policy(policy: &AllowPolicy) {
    assert_eq!(policy.id.value(), Some(&policy_id()));
    assert_eq!(policy.pattern.as_deref(), Some("test@example.com"));
    assert_eq!(policy.pattern_type, Some(PatternType::Email));
    assert_eq!(policy.is_trusted_sender, Some(true));
    assert_eq!(policy.comments.as_deref(), Some("Trust all messages send from test@example.com"));
}

/// Sends a hand-written request (so nothing of the client is involved) and gives the status.
fn raw_status(prism: &Prism, method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", prism.port)).expect("connect to Prism");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("read timeout");
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n", prism.port);
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = Vec::new();
    let _ = stream.take(1 << 20).read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response);
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok());
    status.unwrap_or_else(|| panic!("not an HTTP response: {response:?}"))
}

fn list_path() -> String {
    format!("/accounts/{ACCOUNT}/email-security/settings/allow_policies")
}

fn new_policy(pattern: &str, pattern_type: PatternType) -> CreateAllowPolicy {
    CreateAllowPolicy::new(false, false, false, true, pattern.to_string(), pattern_type, true)
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

async fn list_required(prism: &Prism) {
    let client = client(prism);
    // The whole envelope stays reachable.
    let list = client.email_security().settings().allow_policies().list(ACCOUNT).send_envelope().await.expect("list");
    assert!(list.success);
    let policies = list.result.expect("a result");
    assert_eq!(policies.len(), 1);
    assert_example_policy(&policies[0]);
    let info = list.result_info.expect("result_info");
    assert_eq!((info.page, info.total_count), (Some(1.0), Some(2000.0)));
}

async fn list_every_option(prism: &Prism) {
    let op = call(ListPolicies::new(ACCOUNT))
        .page(2)
        .per_page(50)
        .search("example")
        .order(ListAllowPoliciesOrder::CreatedAt)
        .direction(Direction::Desc)
        .is_exempt_recipient(false)
        .is_trusted_sender(true)
        .is_acceptable_sender(false)
        .verify_sender(true)
        .pattern_type(PatternType::Domain)
        .pattern("example.com").into_request();
    let list = client(prism).send(&op).await.expect("list with every filter");
    assert_example_policy(&list.result.expect("a result")[0]);
}

async fn create_required(prism: &Prism) {
    let client = client(prism);
    let params = CreateParams {
        is_acceptable_sender: false,
        is_exempt_recipient: false,
        is_regex: false,
        is_trusted_sender: true,
        pattern: "test@example.com".into(),
        pattern_type: PatternType::Email,
        verify_sender: true,
    };
    // The call gives the policy itself, not its envelope.
    let created = client.email_security().settings().allow_policies().create(ACCOUNT, params).send().await.expect("create");
    assert_example_policy(&created);
}

#[allow(deprecated)]
async fn create_every_option(prism: &Prism) {
    let client = client(prism);
    let op = call(CreatePolicy::new(ACCOUNT, true, true, true, false, "^.*@example\\.com$", PatternType::Email, false))
        .comments("Trust example.com")
        .is_recipient(true)
        .is_sender(false)
        .is_spoof(true).into_request();
    assert_example_policy(&client.send(&op).await.expect("create with every field").result.expect("the policy"));
    let op = call(CreatePolicy::new(ACCOUNT, false, false, false, true, "192.0.2.0/24", PatternType::Ip, true)).comments_null().into_request();
    assert_example_policy(&client.send(&op).await.expect("create with comments: null").result.expect("the policy"));
}

async fn batch_required(prism: &Prism) {
    let client = client(prism);
    let params = BatchParams { deletes: vec![], patches: vec![], posts: vec![], puts: vec![] };
    let batch = client.email_security().settings().allow_policies().batch(ACCOUNT, params).send_envelope().await.expect("batch");
    assert!(batch.success);
}

#[allow(deprecated)]
async fn batch_every_option(prism: &Prism) {
    let deletes = vec![BatchAllowPoliciesBodyDeletesItem::new(policy_id())];

    let mut patch = BatchAllowPoliciesBodyPatchesItem::new(policy_id());
    patch.comments = Nullable::Value("patched".into());
    patch.is_acceptable_sender = Some(true);
    patch.is_exempt_recipient = Some(false);
    patch.is_recipient = Some(false);
    patch.is_regex = Some(false);
    patch.is_sender = Some(true);
    patch.is_spoof = Some(true);
    patch.is_trusted_sender = Some(true);
    patch.pattern = Some("example.org".into());
    patch.pattern_type = Some(PatternType::Domain);
    patch.verify_sender = Some(false);
    let mut clear = BatchAllowPoliciesBodyPatchesItem::new(Uuid::from_u128(2));
    clear.comments = Nullable::Null;

    let mut post = new_policy("sender@example.net", PatternType::Email);
    post.comments = Nullable::Value("posted".into());
    post.is_recipient = Some(false);
    post.is_sender = Some(true);
    post.is_spoof = Some(false);

    let mut put = BatchAllowPoliciesBodyPutsItem::new(Uuid::from_u128(3));
    put.comments = Nullable::Value("replaced".into());
    put.is_acceptable_sender = Some(false);
    put.is_exempt_recipient = Some(true);
    put.is_recipient = Some(true);
    put.is_regex = Some(false);
    put.is_sender = Some(false);
    put.is_spoof = Some(false);
    put.is_trusted_sender = Some(false);
    put.pattern = Some("2606:4700:4700::/48".into());
    put.pattern_type = Some(PatternType::Ip);
    put.verify_sender = Some(true);

    let op = BatchPolicies::new(ACCOUNT, deletes, vec![patch, clear], vec![post], vec![put]);
    let batch = client(prism).send(&op).await.expect("batch with every field");
    assert!(batch.success);
}

async fn get_required(prism: &Prism) {
    let client = client(prism);
    let got = client.email_security().settings().allow_policies().get(ACCOUNT, policy_id()).send().await.expect("get");
    assert_example_policy(&got);
}

/// No optional argument exists: the builder, with the per-call options set.
async fn get_every_option(prism: &Prism) {
    let options = CallOptions::new().timeout(Duration::from_secs(15));
    let got = client(prism).send_with(&GetPolicy::new(ACCOUNT, Uuid::from_u128(7)), &options).await.expect("get");
    assert_example_policy(&got.result.expect("the policy"));
}

async fn update_required(prism: &Prism) {
    let client = client(prism);
    // The description requires at least one field (minProperties: 1): an empty PATCH is
    // refused before anything is sent (and the client has no one-line method for it).
    let e = client.send(&UpdatePolicy::new(ACCOUNT, policy_id())).await.expect_err("an empty PATCH");
    assert_eq!(e.kind(), ErrorKind::Build, "{e}");
    // The least a valid update can be: one field.
    let updated = client.send(&call(UpdatePolicy::new(ACCOUNT, policy_id())).comments("only this").into_request()).await.expect("update");
    assert_example_policy(&updated.result.expect("the policy"));
    let updated = client.send(&call(UpdatePolicy::new(ACCOUNT, policy_id())).comments_null().into_request()).await.expect("update to null");
    assert!(updated.success);
}

#[allow(deprecated)]
async fn update_every_option(prism: &Prism) {
    let op = call(UpdatePolicy::new(ACCOUNT, policy_id()))
        .comments("Trust example.com")
        .is_acceptable_sender(true)
        .is_exempt_recipient(false)
        .is_recipient(false)
        .is_regex(true)
        .is_sender(true)
        .is_spoof(false)
        .is_trusted_sender(true)
        .pattern("^ops@example\\.com$")
        .pattern_type(PatternType::Email)
        .verify_sender(true).into_request();
    let updated = client(prism).send(&op).await.expect("update with every field");
    assert_example_policy(&updated.result.expect("the policy"));
}

async fn delete_required(prism: &Prism) {
    let client = client(prism);
    let deleted = client.email_security().settings().allow_policies().delete(ACCOUNT, policy_id()).send().await.expect("delete");
    assert_eq!(deleted.id.value(), Some(&policy_id()));
}

async fn delete_every_option(prism: &Prism) {
    let options = CallOptions::new().timeout(Duration::from_secs(15));
    let deleted = client(prism).send_with(&DeletePolicy::new(ACCOUNT, Uuid::from_u128(9)), &options).await.expect("delete");
    assert!(deleted.success);
}

/// Prism answers every page with its one example (page 1 of 2000, 20 per page): a short page,
/// so the walk stops after one request.
async fn pagination_stops_at_the_short_page(prism: &Prism) {
    let client = client(prism);
    let items: Vec<_> = client.items(ListPolicies::new(ACCOUNT)).collect().await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert_example_policy(items[0].as_ref().expect("the policy"));
    let items: Vec<_> = client.items(call(ListPolicies::new(ACCOUNT)).per_page(5).into_request()).collect().await;
    assert_eq!(items.len(), 1);
    let pages: Vec<_> = client.pages(ListPolicies::new(ACCOUNT)).collect().await;
    assert_eq!(pages.len(), 1);
}

async fn email_and_key_are_accepted(prism: &Prism) {
    let client = Client::builder().base_url(prism.url()).api_email("ops@example.com").api_key("global-key").max_retries(0).build().expect("client");
    let list = client.email_security().settings().allow_policies().list(ACCOUNT).send().await.expect("list with X-Auth-Email/X-Auth-Key");
    assert_eq!(list.len(), 1);
}

async fn raw_response(prism: &Prism) {
    let response = client(prism).send_raw(&GetPolicy::new(ACCOUNT, policy_id())).await.expect("raw");
    assert_eq!(response.status(), http::StatusCode::OK);
    let content_type = response.headers()[http::header::CONTENT_TYPE].to_str().expect("ascii");
    assert!(content_type.starts_with("application/json"), "{content_type}");
    let body: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON");
    assert_eq!(body["result"]["pattern"], "test@example.com");
}

/// Prism really checks: without credentials it answers 401, with a bad query or body 422;
/// the same requests made correctly pass.
async fn prism_rejects_what_breaks_the_description(prism: &Prism) {
    let bearer = format!("Bearer {TOKEN}");
    let auth = [("Authorization", bearer.as_str())];
    assert_eq!(raw_status(prism, "GET", &list_path(), &[], ""), 401, "no credentials");
    assert_eq!(raw_status(prism, "GET", &list_path(), &auth, ""), 200);
    assert_eq!(raw_status(prism, "GET", &format!("{}?per_page=0", list_path()), &auth, ""), 422);
    let json = [("Authorization", bearer.as_str()), ("Content-Type", "application/json")];
    assert_eq!(raw_status(prism, "POST", &list_path(), &json, r#"{"pattern":"test@example.com"}"#), 422, "missing fields");
    let body = serde_json::to_string(&new_policy("test@example.com", PatternType::Email)).expect("JSON");
    assert_eq!(raw_status(prism, "POST", &list_path(), &json, &body), 201);
}

/// An example binary, built next to this test by `cargo test --workspace`, else built here.
fn example_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>/deps/<test>");
    let bin = profile_dir.join("examples").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--package", "examples", "--example", name])
            .current_dir(tests::root())
            .status()
            .expect("run cargo build for the example");
        assert!(status.success(), "building the example failed");
    }
    assert!(bin.exists(), "no example binary at {}", bin.display());
    bin
}

/// `cargo run --example list_allow_policies` pointed at Prism prints the example policy, one
/// line, and never the secret.
async fn example_prints_the_policy(prism: &Prism) {
    let output = Command::new(example_binary("list_allow_policies"))
        .env_clear()
        .env("CLOUDFLARE_BASE_URL", prism.url())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("CLOUDFLARE_ACCOUNT_ID", ACCOUNT)
        .stdin(Stdio::null())
        .output()
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the example failed ({}):\n{stdout}\n{stderr}", output.status);
    assert_eq!(stdout, format!("{POLICY} EMAIL test@example.com\n"));
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN), "the example printed the token");
}

/// `examples/allow_policies_tour.rs` (the whole life of a policy, in under 45 lines) against
/// Prism: every call answers with the spec's example, and the last one, asked for a 404,
/// fails with Cloudflare's error body.
async fn tour_runs_the_whole_flow(prism: &Prism) {
    let output = Command::new(example_binary("allow_policies_tour"))
        .env_clear()
        .env("CLOUDFLARE_BASE_URL", prism.url())
        .env("CLOUDFLARE_API_TOKEN", TOKEN)
        .env("CLOUDFLARE_ACCOUNT_ID", ACCOUNT)
        .stdin(Stdio::null())
        .output()
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the tour failed ({}):\n{stdout}\n{stderr}", output.status);
    let expected = [
        format!("listed {POLICY}"),
        format!("got {POLICY} (Some(\"test@example.com\"))"),
        "comments now Some(\"Trust all messages send from test@example.com\")".to_string(),
        "batch created 1".to_string(),
        format!("deleted {POLICY}"),
        "failed with Some(404), Cloudflare codes []".to_string(),
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{stderr}");
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN), "the tour printed the token");
}

/// What Prism would reject, our builders refuse to send.
async fn builder_refuses_invalid_arguments(prism: &Prism) {
    let client = client(prism);
    for op in [call(ListPolicies::new(ACCOUNT)).per_page(0).into_request(), call(ListPolicies::new(ACCOUNT)).per_page(1001).into_request(), call(ListPolicies::new(ACCOUNT)).page(0).into_request()] {
        let e = client.send(&op).await.expect_err("an invalid page or per_page");
        assert_eq!(e.kind(), ErrorKind::Build, "{e}");
        assert_eq!(e.status(), None, "nothing was sent");
    }
    let op = CreatePolicy::new(ACCOUNT, false, false, false, true, "", PatternType::Email, true);
    assert_eq!(client.send(&op).await.expect_err("an empty pattern").kind(), ErrorKind::Build);
    let op = call(CreatePolicy::new(ACCOUNT, false, false, false, true, "a@example.com", PatternType::Email, true)).comments("x".repeat(1025)).into_request();
    assert_eq!(client.send(&op).await.expect_err("comments too long").kind(), ErrorKind::Build);
}

// ---------------------------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------------------------

type Case = for<'a> fn(&'a Prism) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>;

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        [$((stringify!($name), (|prism| Box::pin($name(prism))) as Case)),*]
    };
}

/// What Prism flagged in a request (its log must stay free of it while the cases that send only
/// valid requests run, whatever the status it chose to answer).
fn request_violations(log: &str) -> Vec<&str> {
    log.lines().filter(|line| line.contains("Violation") || line.contains("did not pass the validation")).collect()
}

#[test]
fn prism_contract() {
    let prism = Prism::start();
    let valid = cases![
        list_required,
        list_every_option,
        create_required,
        create_every_option,
        batch_required,
        batch_every_option,
        get_required,
        get_every_option,
        update_required,
        update_every_option,
        delete_required,
        delete_every_option,
        pagination_stops_at_the_short_page,
        email_and_key_are_accepted,
        raw_response,
        builder_refuses_invalid_arguments,
        example_prints_the_policy,
        tour_runs_the_whole_flow,
    ];
    let invalid = cases![prism_rejects_what_breaks_the_description];
    let mut failures = Vec::new();
    for (checked, cases) in [(true, &valid[..]), (false, &invalid[..])] {
        for (name, case) in cases {
            let before = prism.log_text().len();
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
                runtime.block_on(async { tokio::time::timeout(Duration::from_secs(60), case(&prism)).await.expect("the case took over 60 s") });
            }));
            if let Err(panic) = outcome {
                let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
                failures.push(format!("{name}: {}", message.unwrap_or_default()));
                continue;
            }
            if checked {
                // Prism writes its log line before it answers; give the pipe a moment anyway.
                std::thread::sleep(Duration::from_millis(50));
                let log = prism.log_text();
                let violations = request_violations(log.get(before..).unwrap_or_default());
                if !violations.is_empty() {
                    failures.push(format!("{name}: Prism logged request violations:\n{}", violations.join("\n")));
                }
            }
        }
    }
    let count = valid.len() + invalid.len();
    assert!(failures.is_empty(), "{} of {count} Prism cases failed:\n{}\n--- Prism log: {}", failures.len(), failures.join("\n"), prism.log.display());
}
