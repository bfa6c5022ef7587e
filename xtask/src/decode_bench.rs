//! Decode speed of generated types against a plain serde derive of the same shapes: 10,000
//! allow policies, alone and inside the list answer's envelope (a nested type), each decoded
//! with `runtime::from_json` (as the client decodes answers) and with `serde_json` into twins
//! that are what a plain generator writes (chrono and uuid fields, no hooks, unknown
//! properties dropped). The budget is 1.25 times the plain decode.

use cloudflare_api::email_security::settings::allow_policies::{AllowPolicy, ListAllowPoliciesResponse};
use serde::Deserialize;
use std::io::Write;
use std::time::{Duration, Instant};

/// The budget: generated decoding at most this many times the plain decode.
pub const BUDGET: f64 = 1.25;

/// An allow policy as a plain derive writes it.
#[allow(dead_code)] // Decoded to be timed, never read.
#[derive(Deserialize)]
struct PlainPolicy {
    comments: Option<String>,
    created_at: chrono::DateTime<chrono::Utc>,
    id: uuid::Uuid,
    is_acceptable_sender: Option<bool>,
    is_exempt_recipient: Option<bool>,
    is_recipient: Option<bool>,
    is_regex: Option<bool>,
    is_sender: Option<bool>,
    is_spoof: Option<bool>,
    is_trusted_sender: Option<bool>,
    last_modified: Option<chrono::DateTime<chrono::Utc>>,
    modified_at: Option<chrono::DateTime<chrono::Utc>>,
    pattern: Option<String>,
    pattern_type: Option<String>,
    verify_sender: Option<bool>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainMessage {
    code: i64,
    message: String,
    documentation_url: Option<String>,
    source: Option<PlainSource>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainSource {
    pointer: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainResultInfo {
    count: Option<f64>,
    page: Option<f64>,
    per_page: Option<f64>,
    total_count: Option<f64>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainList {
    errors: Vec<PlainMessage>,
    messages: Vec<PlainMessage>,
    result: Option<Vec<PlainPolicy>>,
    result_info: Option<PlainResultInfo>,
    success: bool,
}

/// `n` policies as the API sends them, each different.
fn policies(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            let pattern_type = ["EMAIL", "DOMAIN", "IP", "UNKNOWN"][i % 4];
            serde_json::json!({
                "id": format!("f174e90a-fafe-4643-bbbc-{i:012x}"),
                "created_at": "2014-01-01T05:20:00.12345Z",
                "last_modified": "2014-01-01T05:20:00.12345Z",
                "modified_at": format!("2024-03-{:02}T05:20:00Z", i % 28 + 1),
                "comments": format!("Trust all messages sent from sender{i}@example.com"),
                "is_acceptable_sender": i % 2 == 0,
                "is_exempt_recipient": false,
                "is_recipient": false,
                "is_regex": false,
                "is_sender": true,
                "is_spoof": false,
                "is_trusted_sender": i % 3 == 0,
                "pattern": format!("sender{i}@example.com"),
                "pattern_type": pattern_type,
                "verify_sender": true
            })
        })
        .collect()
}

/// The median time of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Times both decodes of `body`, alternating them so that the machine's noise falls on both;
/// gives (generated, plain).
fn compare<G, P>(body: &[u8], runs: usize) -> Result<(Duration, Duration), String>
where
    G: serde::de::DeserializeOwned + serde::Serialize,
    P: serde::de::DeserializeOwned,
{
    let decoded = cloudflare_api::from_json::<G>(body).map_err(|e| e.to_string())?;
    if !decoded.deviations.is_empty() {
        return Err(format!("the benchmark body deviates: {}", decoded.deviations[0]));
    }
    serde_json::from_slice::<P>(body).map_err(|e| e.to_string())?;
    let (mut generated, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        generated.push(median(1, || drop(std::hint::black_box(cloudflare_api::from_json::<G>(body)))));
        plain.push(median(1, || drop(std::hint::black_box(serde_json::from_slice::<P>(body)))));
    }
    generated.sort();
    plain.sort();
    Ok((generated[runs / 2], plain[runs / 2]))
}

/// Runs the comparison and prints one line per shape; fails when a ratio is over budget.
pub fn run(runs: usize, out: &mut dyn Write) -> Result<(), String> {
    const N: usize = 10_000;
    let list = policies(N);
    let array = serde_json::to_vec(&list).map_err(|e| e.to_string())?;
    let envelope = serde_json::json!({
        "errors": [], "messages": [{"code": 1000, "message": "ok", "source": {"pointer": "/"}}],
        "success": true, "result": list, "result_info": {"count": N, "page": 1, "per_page": N, "total_count": N}
    });
    let envelope = serde_json::to_vec(&envelope).map_err(|e| e.to_string())?;
    let runs = runs.max(5) * 2 + 1;
    let shapes = [
        ("10,000 allow policies", compare::<Vec<AllowPolicy>, Vec<PlainPolicy>>(&array, runs)?),
        ("list answer (envelope, 10,000 policies)", compare::<ListAllowPoliciesResponse, PlainList>(&envelope, runs)?),
    ];
    let mut over = Vec::new();
    for (name, (generated, plain)) in shapes {
        let ratio = generated.as_secs_f64() / plain.as_secs_f64();
        let per = |d: Duration| d.as_secs_f64() * 1e9 / N as f64;
        writeln!(out, "decode: {name}: {:.0} ns per policy (plain serde derive: {:.0} ns), {ratio:.2}x (budget {BUDGET}x)", per(generated), per(plain))
            .map_err(|e| e.to_string())?;
        if ratio > BUDGET {
            over.push(format!("{name}: {ratio:.2}x"));
        }
    }
    match over.is_empty() {
        true => Ok(()),
        false => Err(format!("decoding is over its budget of {BUDGET}x plain serde: {}", over.join(", "))),
    }
}
