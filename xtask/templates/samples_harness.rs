//! Written by `cargo xtask samples` (from xtask/templates/samples_harness.rs); do not edit.
//!
//! Decodes each sample of the file named by the first argument (JSON lines:
//! `{"type": N, "json": "<the sample's text>"}`) into type N of `dispatch`, encodes it back
//! and prints one JSON line per sample: `{"id": i, "encoded": "...", "deviations": [...]}` or
//! `{"id": i, "error": "..."}`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::Write;

/// Decodes a sample: the value and the deviations it was decoded with.
fn decode<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<(T, Vec<String>), String> {
    /*DECODE*/
}

/// Encodes a decoded value back to JSON.
fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    /*ENCODE*/
}

/// The round trip of one sample through `T`.
fn check<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> serde_json::Value {
    let (value, deviations) = match decode::<T>(bytes) {
        Ok(decoded) => decoded,
        Err(error) => return serde_json::json!({ "error": error }),
    };
    match encode(&value) {
        Ok(encoded) => serde_json::json!({ "encoded": String::from_utf8_lossy(&encoded), "deviations": deviations }),
        Err(error) => serde_json::json!({ "error": format!("decoded, but does not encode: {error}"), "deviations": deviations }),
    }
}

/// One arm per type the samples decode into.
#[allow(unused_variables)]
fn dispatch(ty: u64, bytes: &[u8]) -> Option<serde_json::Value> {
    Some(match ty {
/*ARMS*/
        _ => return None,
    })
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => text.to_string(),
        (_, Some(text)) => text.clone(),
        _ => "(no message)".into(),
    }
}

fn run_one(id: usize, line: &str) -> serde_json::Value {
    let sample: serde_json::Value = match serde_json::from_str(line) {
        Ok(sample) => sample,
        Err(e) => return serde_json::json!({ "id": id, "error": format!("harness: bad sample line: {e}") }),
    };
    let ty = sample["type"].as_u64().unwrap_or(u64::MAX);
    let bytes = sample["json"].as_str().unwrap_or_default().as_bytes();
    let mut result = match std::panic::catch_unwind(|| dispatch(ty, bytes)) {
        Ok(Some(result)) => result,
        Ok(None) => serde_json::json!({ "error": format!("harness: no type {ty} (it did not compile)") }),
        Err(panic) => serde_json::json!({ "error": format!("panicked: {}", panic_message(panic.as_ref())) }),
    };
    result["id"] = serde_json::json!(id);
    result
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: {} SAMPLES.jsonl", env!("CARGO_PKG_NAME"));
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    std::panic::set_hook(Box::new(|_| {}));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (id, line) in text.lines().enumerate() {
        let result = run_one(id, line);
        // Flushed per sample: a crash further on (a stack overflow) keeps what was done.
        let _ = writeln!(out, "{result}").and_then(|()| out.flush());
    }
}
