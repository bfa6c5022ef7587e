//! `cargo xtask bench --stream`: a 1 GiB download read through the runtime's client as a
//! stream (`Client::events`, what a call's `.stream()` runs), and a 1 GiB upload from a file
//! (`Upload::file`, read as it is sent), against a server on 127.0.0.1, with the process's
//! peak resident memory. The bench runs it in a process of its own, so that the peak is the
//! streams' and not the generator's.

use openapi_rust_runtime::client::{Api, CallOptions, Client};
use openapi_rust_runtime::stream::{Format, Streamed};
use openapi_rust_runtime::{Body, BuildError, Operation, ResponseError, Upload};
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
    fn build_request(&self, base_url: &str) -> Result<http::Request<Body>, BuildError> {
        http::Request::get(format!("{base_url}/file")).body(Body::default()).map_err(|e| BuildError::Uri(e.to_string()))
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

/// `PUT /file`: a raw body from a file; the answer is how many bytes the server read.
struct Store(Upload);

impl Operation for Store {
    type Output = Vec<u8>;
    type Error = openapi_rust_runtime::ApiError<serde_json::Value>;
    type Payload = Vec<u8>;
    const METHOD: http::Method = http::Method::PUT;
    const PATH: &'static str = "/file";
    fn build_request(&self, base_url: &str) -> Result<http::Request<Body>, BuildError> {
        let (content_type, body) = openapi_rust_runtime::raw("application/octet-stream", &self.0);
        let builder = http::Request::put(format!("{base_url}/file")).header(http::header::CONTENT_TYPE, content_type);
        builder.body(body).map_err(|e| BuildError::Uri(e.to_string()))
    }
    fn parse(status: http::StatusCode, body: &[u8]) -> Result<Vec<u8>, ResponseError<Self::Error>> {
        openapi_rust_runtime::parse_raw_response(status, body, Self::ERRORS)
    }
}

/// Serves the download (a `GET`: `SIZE` bytes, 64 KiB at a time) and the upload (a `PUT`: its
/// body read and counted, the count the answer), one connection each.
fn serve(listener: std::net::TcpListener) {
    for socket in listener.incoming() {
        let Ok(mut socket) = socket else { return };
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && head.len() < 16 << 10 {
            if socket.read(&mut byte).map_or(true, |n| n == 0) {
                return;
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        if head.starts_with("put") {
            receive(socket, &head);
        } else {
            send(socket);
        }
    }
}

/// Reads an upload of `Content-Length` bytes and answers with how many arrived.
fn receive(mut socket: std::net::TcpStream, head: &str) {
    let length: u64 = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let mut block = vec![0u8; 64 << 10];
    let mut read = 0u64;
    while read < length {
        match socket.read(&mut block) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n as u64,
        }
    }
    let count = read.to_string();
    let answer = format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{count}", count.len());
    let _ = socket.write_all(answer.as_bytes());
}

fn send(mut socket: std::net::TcpStream) {
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
    // The upload's file: sparse, so that it takes no disk and reads as zeros.
    let path = std::env::temp_dir().join(format!("stream-bench-{}.bin", std::process::id()));
    std::fs::File::create(&path).and_then(|f| f.set_len(SIZE)).map_err(|e| format!("{}: {e}", path.display()))?;
    let client = Client::builder(&API).base_url(url).build().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let read = runtime.block_on(async {
        let mut chunks = client.events(Download, CallOptions::default());
        let mut read = 0u64;
        while let Some(chunk) = chunks.next().await {
            read += chunk.map_err(|e| e.to_string())?.len() as u64;
        }
        Ok::<u64, String>(read)
    })?;
    let download_seconds = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let options = CallOptions::new().timeout(std::time::Duration::from_secs(600));
    let stored = runtime.block_on(client.send_with(&Store(Upload::file(&path)), &options));
    let upload_seconds = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&path);
    let stored: u64 = String::from_utf8_lossy(&stored.map_err(|e| e.to_string())?).parse().map_err(|e| format!("the server's count: {e}"))?;
    let peak = crate::bench::peak_memory_mib().unwrap_or(f64::NAN);
    let met = read == SIZE && stored == SIZE && peak < TARGET_MIB;
    let verdict = if met { "met" } else { "MISSED" };
    let rate = |bytes: u64, seconds: f64| (bytes >> 20) as f64 / seconds;
    writeln!(
        out,
        "stream: {} MiB downloaded as a stream in {download_seconds:.1} s ({:.0} MiB/s), {} MiB uploaded from a file in {upload_seconds:.1} s ({:.0} MiB/s), peak memory of the process {peak:.0} MiB; target: all of both, under {TARGET_MIB:.0} MiB ({verdict})",
        read >> 20,
        rate(read, download_seconds),
        stored >> 20,
        rate(stored, upload_seconds),
    )
    .map_err(|e| e.to_string())?;
    if met { Ok(()) } else { Err("the streamed download or upload missed its target".into()) }
}
