//! What a request sends: [`Upload`], bytes from memory, a file or a stream, and [`Body`], a
//! request's body made of them. A file is read as it is sent and a stream as it yields, so
//! neither is ever whole in memory.

use bytes::Bytes;
use futures_core::Stream;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// An error of a stream given to [`Upload::stream`].
pub type StreamError = Box<dyn std::error::Error + Send + Sync>;

/// A stream of chunks as the client sends it.
pub(crate) type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// Bytes to send: a raw request body, or the contents of a multipart file part. From memory
/// (`Vec<u8>`, `String`, `&'static [u8]`, `bytes::Bytes` convert into one), from a file read as
/// it is sent ([`Upload::file`]), or from a stream ([`Upload::stream`]).
///
/// A request whose uploads are in memory or in files can be sent again (retries, redirects);
/// one with a stream is sent once, as a stream yields its chunks once.
#[derive(Clone, Default)]
pub struct Upload(Source);

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File(PathBuf),
    /// Taken by the first send; `length` is what the caller says it yields.
    Stream { chunks: Arc<Mutex<Option<Chunks>>>, length: Option<u64> },
}

impl Default for Source {
    fn default() -> Self {
        Source::Bytes(Bytes::new())
    }
}

impl Upload {
    /// These bytes.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Upload(Source::Bytes(bytes.into()))
    }

    /// The file at `path`, opened and read in chunks when the request is sent (each time it
    /// is sent). Its length is the request's `Content-Length`.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Upload(Source::File(path.into()))
    }

    /// The chunks `stream` yields, sent as they come (`Transfer-Encoding: chunked`, unless
    /// [`Upload::length`] says how many bytes it yields). An error it yields fails the call.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<StreamError>,
    {
        let chunks: Chunks = Box::pin(MapChunks(Box::pin(stream)));
        Upload(Source::Stream { chunks: Arc::new(Mutex::new(Some(chunks))), length: None })
    }

    /// How many bytes a stream yields, sent as the `Content-Length` (which some servers
    /// require). No effect on bytes and files, whose length is known.
    pub fn length(mut self, length: u64) -> Self {
        if let Source::Stream { length: known, .. } = &mut self.0 {
            *known = Some(length);
        }
        self
    }

    /// The bytes, when they are in memory.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The file's path, for an upload from a file.
    pub fn path(&self) -> Option<&Path> {
        match &self.0 {
            Source::File(path) => Some(path),
            _ => None,
        }
    }

    /// Whether the upload can be read more than once (it is not a stream).
    pub fn is_replayable(&self) -> bool {
        !matches!(self.0, Source::Stream { .. })
    }

    /// How many bytes it sends: known for bytes, asked of the file system for a file, and
    /// what the caller said for a stream.
    pub fn len(&self) -> std::io::Result<Option<u64>> {
        Ok(match &self.0 {
            Source::Bytes(bytes) => Some(bytes.len() as u64),
            Source::File(path) => {
                let metadata = std::fs::metadata(path).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                Some(metadata.len())
            }
            Source::Stream { length, .. } => *length,
        })
    }

    /// Whether it is known to send nothing.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_some_and(<[u8]>::is_empty)
    }

    /// Its chunks, for the client to send: bytes as one chunk, a file in chunks of 64 KiB,
    /// a stream as it yields (once: a second read is an error).
    #[cfg(feature = "client")]
    pub(crate) fn chunks(&self) -> Chunks {
        use futures_util::stream;
        match &self.0 {
            Source::Bytes(bytes) => Box::pin(stream::iter([Ok(bytes.clone())])),
            Source::File(path) => file_chunks(path.clone()),
            Source::Stream { chunks, .. } => match chunks.lock().ok().and_then(|mut taken| taken.take()) {
                Some(chunks) => chunks,
                None => Box::pin(stream::iter([Err("a stream upload is sent once, and it was sent already".into())])),
            },
        }
    }
}

/// A file's chunks, read as they are asked for; the file is opened at the first.
#[cfg(feature = "client")]
fn file_chunks(path: PathBuf) -> Chunks {
    use tokio::io::AsyncReadExt;
    const CHUNK: usize = 64 * 1024;
    Box::pin(futures_util::stream::try_unfold((path, None), |(path, file): (PathBuf, Option<tokio::fs::File>)| async move {
        let mut file = match file {
            Some(file) => file,
            None => tokio::fs::File::open(&path).await.map_err(|e| format!("cannot read {}: {e}", path.display()))?,
        };
        let mut chunk = vec![0; CHUNK];
        let read = file.read(&mut chunk).await.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if read == 0 {
            return Ok(None);
        }
        chunk.truncate(read);
        Ok(Some((Bytes::from(chunk), (path, Some(file)))))
    }))
}

/// A caller's stream with its chunks and errors in the client's types.
struct MapChunks<S>(Pin<Box<S>>);

impl<S, B, E> Stream for MapChunks<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<StreamError>,
{
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(|chunk| chunk.map(Into::into).map_err(Into::into)))
    }
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Source::Bytes(bytes) => write!(f, "Upload({} bytes)", bytes.len()),
            Source::File(path) => write!(f, "Upload(file {})", path.display()),
            Source::Stream { length: Some(length), .. } => write!(f, "Upload(stream of {length} bytes)"),
            Source::Stream { length: None, .. } => f.write_str("Upload(stream)"),
        }
    }
}

/// Bytes are equal by content, files by path, streams when they are the same stream.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File(a), Source::File(b)) => a == b,
            (Source::Stream { chunks: a, .. }, Source::Stream { chunks: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Upload {}

impl std::hash::Hash for Upload {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match &self.0 {
            Source::Bytes(bytes) => bytes.hash(state),
            Source::File(path) => path.hash(state),
            Source::Stream { chunks, .. } => Arc::as_ptr(chunks).hash(state),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Upload::bytes(text)
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

/// Inside JSON (where a description should not put one) an upload is its bytes as text; a
/// file or a stream cannot be.
impl Serialize for Upload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_bytes() {
            Some(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            None => Err(serde::ser::Error::custom("a file or stream upload cannot be written inside JSON")),
        }
    }
}

impl<'de> Deserialize<'de> for Upload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Upload::from)
    }
}

/// A request's body: the pieces it sends one after the other (a multipart body's file parts
/// between the bytes around them). In memory as one piece unless an upload is a file or a
/// stream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body(Vec<Upload>);

impl Body {
    /// A body of these pieces, neighbouring bytes joined.
    pub fn of(pieces: impl IntoIterator<Item = Upload>) -> Self {
        // Neighbouring bytes wait in `run`, joined (copied) only when there are several.
        fn flush(run: &mut Vec<Upload>, out: &mut Vec<Upload>) {
            match run.len() {
                0 => {}
                1 => out.append(run),
                _ => {
                    let mut joined = Vec::new();
                    for piece in run.drain(..) {
                        joined.extend_from_slice(piece.as_bytes().unwrap_or_default());
                    }
                    out.push(Upload::bytes(joined));
                }
            }
        }
        let (mut out, mut run) = (Vec::new(), Vec::new());
        for piece in pieces.into_iter().filter(|piece| !piece.is_empty()) {
            if piece.as_bytes().is_none() {
                flush(&mut run, &mut out);
                out.push(piece);
            } else {
                run.push(piece);
            }
        }
        flush(&mut run, &mut out);
        Body(out)
    }

    /// The bytes, when the body is in memory (an empty body is).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self.0.as_slice() {
            [] => Some(&[]),
            [one] => one.as_bytes(),
            _ => None,
        }
    }

    /// The bytes, when the body is in memory, shared rather than copied.
    #[cfg(feature = "client")]
    pub(crate) fn shared_bytes(&self) -> Option<Bytes> {
        match self.0.as_slice() {
            [] => Some(Bytes::new()),
            [Upload(Source::Bytes(bytes))] => Some(bytes.clone()),
            _ => None,
        }
    }

    /// Its pieces.
    pub fn pieces(&self) -> &[Upload] {
        &self.0
    }

    /// Whether it can be sent again: it holds no stream.
    pub fn is_replayable(&self) -> bool {
        self.0.iter().all(Upload::is_replayable)
    }

    /// How many bytes it sends, when every piece says (a stream without a length does not).
    pub fn len(&self) -> std::io::Result<Option<u64>> {
        let mut total = 0;
        for piece in &self.0 {
            match piece.len()? {
                Some(n) => total += n,
                None => return Ok(None),
            }
        }
        Ok(Some(total))
    }

    /// Whether it sends nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Its chunks, piece after piece.
    #[cfg(feature = "client")]
    pub(crate) fn chunks(&self) -> Chunks {
        use futures_util::StreamExt;
        Box::pin(futures_util::stream::iter(self.0.iter().map(Upload::chunks).collect::<Vec<_>>()).flatten())
    }
}

/// A body as the HTTP client sends it: its chunks, and its length where known. (A mutex makes
/// the stream `Sync`, as the client asks; it is never contended, as only the client polls it.)
#[cfg(feature = "client")]
pub(crate) struct Sending {
    chunks: Mutex<Chunks>,
    length: Option<u64>,
}

#[cfg(feature = "client")]
impl Sending {
    pub(crate) fn new(chunks: Chunks, length: Option<u64>) -> Self {
        Sending { chunks: Mutex::new(chunks), length }
    }
}

#[cfg(feature = "client")]
impl http_body::Body for Sending {
    type Data = Bytes;
    type Error = StreamError;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<http_body::Frame<Bytes>, StreamError>>> {
        let chunks = match self.get_mut().chunks.get_mut() {
            Ok(chunks) => chunks,
            Err(poisoned) => poisoned.into_inner(),
        };
        chunks.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.length.map_or_else(http_body::SizeHint::default, http_body::SizeHint::with_exact)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::of([Upload::bytes(bytes)])
    }
}

impl From<Upload> for Body {
    fn from(upload: Upload) -> Self {
        Body::of([upload])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_join_and_files_stay_pieces() {
        let body = Body::of([Upload::from("ab"), Upload::default(), Upload::from(b"c".as_slice())]);
        assert_eq!(body.as_bytes(), Some(b"abc".as_slice()));
        assert_eq!(body.len().unwrap(), Some(3));
        let body = Body::of([Upload::from("head"), Upload::file("/nowhere/x"), Upload::from("tail")]);
        assert_eq!(body.pieces().len(), 3);
        assert_eq!(body.as_bytes(), None);
        assert!(body.len().is_err(), "a missing file has no length");
        assert!(body.is_replayable());
        assert_eq!(Body::default().as_bytes(), Some(&[][..]));
    }

    #[test]
    fn streams_are_sent_once_and_say_their_length() {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"x".to_vec())];
        let upload = Upload::stream(futures_util_free::iter(chunks));
        assert!(!upload.is_replayable());
        assert_eq!(upload.len().unwrap(), None);
        let upload = upload.length(1);
        assert_eq!(upload.len().unwrap(), Some(1));
        assert_eq!(upload.clone(), upload, "a stream is equal to itself");
        assert_eq!(format!("{upload:?}"), "Upload(stream of 1 bytes)");
        assert!(Body::of([Upload::from("a"), upload]).len().unwrap() == Some(2));
    }

    #[test]
    fn in_json_an_upload_is_text() {
        assert_eq!(serde_json::to_string(&Upload::from("hi")).unwrap(), "\"hi\"");
        assert!(serde_json::to_string(&Upload::file("/x")).is_err());
        assert_eq!(serde_json::from_str::<Upload>("\"hi\"").unwrap(), Upload::from("hi"));
    }

    /// A stream of given items, without a stream crate.
    mod futures_util_free {
        pub struct Iter<I>(pub I);
        impl<I: Iterator + Unpin> futures_core::Stream for Iter<I> {
            type Item = I::Item;
            fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<I::Item>> {
                std::task::Poll::Ready(self.0.next())
            }
        }
        pub fn iter<T: IntoIterator>(items: T) -> Iter<T::IntoIter> {
            Iter(items.into_iter())
        }
    }
}
