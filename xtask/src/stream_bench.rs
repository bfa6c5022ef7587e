//! `cargo xtask bench --stream`: a 1 GiB download read through the runtime's client as a
//! stream (`Client::events`, what a call's `.stream()` runs), from a server on 127.0.0.1, with
//! the process's peak resident memory. The bench runs it in a process of its own, so that the
//! peak is the download's and not the generator's.

use openapi_rust_runtime::client::{Api, CallOptions, Client};
use openapi_rust_runtime::stream::{Format, Streamed};
use openapi_rust_runtime::{BuildError, Operation, ResponseError};
use std::io::{Read, Write};
use std::time::Instant;

/// The size of the download.
const SIZE: u64 = 1 << 30;
/// The peak resident memory the download may take, the whole process included.
pub const TARGET_MIB: f64 = 64.0;

static API: Api = Api { user_agent: "stream-bench", default_base_url: None, base_url_env: "STREAM_BENCH_URL", idempotency_header: "Idempotency-Key", schemes: &[] };

/// `GET /file`: a body that is not JSON, read chunk by chunk.
struct Download;

impl Operation for Download {
    type Output = Vec<u8>;
    type Error = openapi_rust_runtime::ApiError<serde_json::Value>;
    type Payload = Vec<u8>;
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/file";
    fn build_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, BuildError> {
        http::Request::get(format!("{base_url}/file")).body(Vec::new()).map_err(|e| BuildError::Uri(e.to_string()))
    }
    fn parse(status: http::StatusCode, body: &[u8]) -> Result<Vec<u8>, ResponseError<Self::Error>> {
        openapi_rust_runtime::parse_raw_response(status, body, Self::ERRORS)
    }
}

impl Streamed for Download {
    type Item = Vec<u8>;
    const FORMAT: Format = Format::Bytes;
    fn item(data: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
        Ok(data.to_vec())
    }
}

/// Serves one answer of `SIZE` bytes, 64 KiB at a time.
fn serve(listener: std::net::TcpListener) {
    let Ok((mut socket, _)) = listener.accept() else { return };
    let mut request = [0u8; 4096];
    let _ = socket.read(&mut request);
    let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {SIZE}\r\nConnection: close\r\n\r\n");
    if socket.write_all(head.as_bytes()).is_err() {
        return;
    }
    let block = vec![b'x'; 64 << 10];
    let mut sent = 0;
    while sent < SIZE {
        if socket.write_all(&block).is_err() {
            return;
        }
        sent += block.len() as u64;
    }
}

/// Downloads the file as a stream; prints the bytes read, the time and the peak memory.
pub fn run(out: &mut dyn Write) -> Result<(), String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let url = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    std::thread::spawn(move || serve(listener));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let read = runtime.block_on(async {
        let client = Client::builder(&API).base_url(url).build().map_err(|e| e.to_string())?;
        let mut chunks = client.events(Download, CallOptions::default());
        let mut read = 0u64;
        while let Some(chunk) = chunks.next().await {
            read += chunk.map_err(|e| e.to_string())?.len() as u64;
        }
        Ok::<u64, String>(read)
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let peak = crate::bench::peak_memory_mib().unwrap_or(f64::NAN);
    let met = read == SIZE && peak < TARGET_MIB;
    let verdict = if met { "met" } else { "MISSED" };
    writeln!(
        out,
        "stream: {} MiB downloaded as a stream in {seconds:.1} s ({:.0} MiB/s), peak memory of the process {peak:.0} MiB; target: all of it, under {TARGET_MIB:.0} MiB ({verdict})",
        read >> 20,
        (read >> 20) as f64 / seconds
    )
    .map_err(|e| e.to_string())?;
    if met { Ok(()) } else { Err("the streamed download missed its target".into()) }
}
