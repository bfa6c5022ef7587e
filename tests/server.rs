//! A scripted HTTP/1.1 server in this process (127.0.0.1 only, nothing leaves the machine),
//! for the client tests: it answers each request with the next reply of its script and
//! records what it read.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------------------------
// The scripted server
// ---------------------------------------------------------------------------------------------

/// What the server does with the next request it reads.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answers after `delay` with `status`, the extra `headers` and `body`, then closes.
    Respond { status: u16, headers: Vec<(String, String)>, body: Vec<u8>, delay: Duration },
    /// Never answers (holds the connection for at most 30 s, or until the server is dropped).
    Hang,
    /// Closes the connection without answering.
    Close,
}

impl Reply {
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::Respond { status, headers: Vec::new(), body: body.as_bytes().to_vec(), delay: Duration::ZERO }
    }

    pub fn json(status: u16, body: Value) -> Reply {
        Reply::text(status, &body.to_string())
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }

    pub fn delayed(mut self, by: Duration) -> Reply {
        if let Reply::Respond { delay, .. } = &mut self {
            *delay = by;
        }
        self
    }
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// Every value of query parameter `name`, undecoded.
    pub fn query_all(&self, name: &str) -> Vec<&str> {
        let query = self.target.split_once('?').map_or("", |(_, q)| q);
        query.split('&').filter_map(|pair| pair.split_once('=')).filter(|(n, _)| *n == name).map(|(_, v)| v).collect()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        let all = self.query_all(name);
        assert!(all.len() <= 1, "`{name}` sent {} times in {}", all.len(), self.target);
        all.first().copied()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("request body is not JSON ({e}): {:?}", self.body))
    }
}

/// The status answered once the script is exhausted: one no test expects and the client does
/// not retry, so that an unexpected request shows up as a clear failure.
const UNSCRIPTED: u16 = 418;
/// The accept loop stops after this many connections.
const MAX_CONNECTIONS: usize = 64;

pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let recorded = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            // Dropping the set (when this task is aborted) aborts every connection task.
            let mut connections = tokio::task::JoinSet::new();
            for _ in 0..MAX_CONNECTIONS {
                let Ok((stream, _)) = listener.accept().await else { break };
                while connections.try_join_next().is_some() {}
                connections.spawn(serve(stream, Arc::clone(&script), Arc::clone(&recorded)));
            }
            while connections.join_next().await.is_some() {}
        });
        Server { addr, requests, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, script: Arc<Mutex<VecDeque<Reply>>>, requests: Arc<Mutex<Vec<Recorded>>>) {
    let Some(request) = read_request(&mut stream).await else { return };
    requests.lock().unwrap_or_else(|e| e.into_inner()).push(request);
    let reply = script.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
    let reply = reply.unwrap_or_else(|| Reply::text(UNSCRIPTED, r#"{"unscripted":true}"#));
    match reply {
        Reply::Respond { status, headers, body, delay } => {
            tokio::time::sleep(delay).await;
            let reason = http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Unknown");
            let mut head = format!(
                "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::Hang => tokio::time::sleep(Duration::from_secs(30)).await,
        Reply::Close => {}
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Appends what the next read gives; `None` at the end of the stream, on error or after 10 s.
async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk)).await.ok()?.ok()?;
    buf.extend_from_slice(&chunk[..n]);
    (n > 0).then_some(())
}

/// Reads one request: request line, headers, and a `Content-Length` or chunked body. Gives up on
/// anything larger than 1 MiB or slower than 10 s per read.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    const LIMIT: usize = 1 << 20;
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > LIMIT {
            return None;
        }
        read_more(stream, &mut buf).await?;
    };
    let head = std::str::from_utf8(&buf[..head_end]).ok()?.to_string();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        // Chunks: a hexadecimal size and CRLF, the bytes and CRLF, until a size of zero.
        let mut at = head_end + 4;
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = find(&buf[at..], b"\r\n") {
                    break at + i;
                }
                read_more(stream, &mut buf).await?;
            };
            let size = usize::from_str_radix(std::str::from_utf8(&buf[at..line_end]).ok()?.split(';').next()?.trim(), 16).ok()?;
            if body.len() + size > LIMIT {
                return None;
            }
            while buf.len() < line_end + 2 + size + 2 {
                read_more(stream, &mut buf).await?;
            }
            body.extend_from_slice(&buf[line_end + 2..line_end + 2 + size]);
            at = line_end + 2 + size + 2;
            if size == 0 {
                break body;
            }
        }
    } else {
        let length = headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
        if length > LIMIT {
            return None;
        }
        while buf.len() < head_end + 4 + length {
            read_more(stream, &mut buf).await?;
        }
        buf[head_end + 4..head_end + 4 + length].to_vec()
    };
    Some(Recorded { method, target, headers, body, at: Instant::now() })
}

