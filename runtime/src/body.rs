//! Request bodies: JSON and the other encodings, base64 bytes, files, multipart, and the
//! request finished with its body.

use crate::upload::{Body, Upload};
use crate::{decode, to_json, BuildError, Nullable, Query};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum Encoding {
    Json,
    /// `application/x-www-form-urlencoded`: one pair per top-level field.
    Form,
    /// `multipart/form-data`: one part per top-level field.
    Multipart,
}

/// A JSON body, `application/json`: [`encode`] for the most common body.
#[doc(hidden)]
pub fn json<T: Serialize>(value: &T) -> Result<(String, Body), BuildError> {
    encode(Encoding::Json, "application/json", value)
}

/// Encodes a body as `encoding`; gives the `Content-Type` to send and the bytes.
#[doc(hidden)]
pub fn encode<T: Serialize>(encoding: Encoding, content_type: &str, value: &T) -> Result<(String, Body), BuildError> {
    match encoding {
        Encoding::Json => Ok((content_type.to_string(), to_json(value).map_err(BuildError::Body)?.into())),
        Encoding::Form => {
            let mut query = Query::default();
            for (name, value) in fields(value)? {
                query.push(&name, &value);
            }
            Ok((content_type.to_string(), query.as_str().trim_start_matches('?').as_bytes().to_vec().into()))
        }
        Encoding::Multipart => {
            let parts = fields(value)?.into_iter().map(|(name, value)| Part::Text { name, value }).collect();
            Ok(multipart([parts]))
        }
    }
}

/// Bytes that JSON carries as a base64 string (`format: byte`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    /// Any of base64's alphabets, padded or not; text that is none of them is a deviation,
    /// with no bytes standing in.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        use base64::Engine;
        let text = String::deserialize(deserializer)?;
        let text = text.trim();
        match [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD].iter().find_map(|engine| engine.decode(text).ok()) {
            Some(bytes) => Ok(Base64(bytes)),
            None => {
                decode::deviate(|| "text that is not base64 where bytes are declared: no bytes stand in".into());
                Ok(Base64(Vec::new()))
            }
        }
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

/// A file (`format: binary`): sent as a file part of a multipart body, with the file name and
/// content type given here, its contents from memory, a file or a stream ([`Upload`]). In
/// JSON (where a description should not put one), its bytes as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FilePart {
    pub content: Upload,
    /// The `filename` of the part; the file's own name for a file, else the field's name,
    /// when not given.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; `application/octet-stream` when not given.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of this content (bytes, or an [`Upload`] of a file or a stream).
    pub fn new(content: impl Into<Upload>) -> Self {
        FilePart { content: content.into(), file_name: None, content_type: None }
    }

    /// The file at `path`, read as it is sent, named by its own name.
    pub fn path(path: impl Into<std::path::PathBuf>) -> Self {
        FilePart::new(Upload::file(path))
    }

    /// Names the file.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl<T: Into<Upload>> From<T> for FilePart {
    fn from(content: T) -> Self {
        FilePart::new(content)
    }
}

impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.content.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Upload::deserialize(deserializer).map(FilePart::new)
    }
}

/// One part of a multipart body.
#[doc(hidden)]
pub enum Part {
    Text { name: String, value: String },
    File { name: String, file: FilePart },
}

/// The parts of a body field that holds text: one per item of an array, none for an absent
/// or `null` value.
#[doc(hidden)]
pub fn text_parts<T: Serialize>(name: &str, value: &T) -> Result<Vec<Part>, BuildError> {
    let json = serde_json::to_value(value).map_err(BuildError::Body)?;
    Ok(texts(json).into_iter().map(|value| Part::Text { name: name.to_string(), value }).collect())
}

/// The texts a field of a form or multipart body is sent as: none for `null`, one per item
/// of an array, else one (strings as they are, other values as JSON).
fn texts(value: serde_json::Value) -> Vec<String> {
    let text = |v: serde_json::Value| match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => items.into_iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// Values that are files, or hold some: what a multipart body sends as file parts.
#[doc(hidden)]
pub trait Files {
    fn files(&self) -> Vec<&FilePart>;
}

impl Files for FilePart {
    fn files(&self) -> Vec<&FilePart> {
        vec![self]
    }
}

impl<T: Files> Files for Option<T> {
    fn files(&self) -> Vec<&FilePart> {
        self.iter().flat_map(Files::files).collect()
    }
}

impl<T: Files> Files for Nullable<T> {
    fn files(&self) -> Vec<&FilePart> {
        self.as_option().map(Files::files).unwrap_or_default()
    }
}

impl<T: Files> Files for Vec<T> {
    fn files(&self) -> Vec<&FilePart> {
        self.iter().flat_map(Files::files).collect()
    }
}

/// The parts of a body field that holds files.
#[doc(hidden)]
pub fn file_parts<T: Files>(name: &str, value: &T) -> Vec<Part> {
    value.files().into_iter().map(|file| Part::File { name: name.to_string(), file: file.clone() }).collect()
}

/// A `multipart/form-data` body of `parts` (grouped by field, in order): its content type
/// and its body, with a boundary that no part contains (files and streams, which are not
/// read here, are told apart by a random one).
#[doc(hidden)]
pub fn multipart(parts: impl IntoIterator<Item = Vec<Part>>) -> (String, Body) {
    let parts: Vec<Part> = parts.into_iter().flatten().collect();
    fn contents(part: &Part) -> Option<&[u8]> {
        match part {
            Part::Text { value, .. } => Some(value.as_bytes()),
            Part::File { file, .. } => file.content.as_bytes(),
        }
    }
    let boundary = match parts.iter().map(contents).collect::<Option<Vec<_>>>() {
        Some(in_memory) => {
            let mut boundary = String::from("codegen-boundary");
            let clash = |boundary: &str, bytes: &[u8]| bytes.windows(boundary.len()).any(|w| w == boundary.as_bytes());
            while in_memory.iter().any(|bytes| clash(&boundary, bytes)) {
                boundary.push('-');
            }
            boundary
        }
        None => format!("codegen-boundary-{:016x}{:016x}", random(), random()),
    };
    let quoted = |text: &str| text.replace(['"', '\r', '\n'], "_");
    let mut pieces = Vec::new();
    for part in parts {
        let head = match &part {
            Part::Text { name, .. } => format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n", quoted(name)),
            Part::File { name, file } => {
                let own_name = file.content.path().and_then(|path| path.file_name()).map(|n| n.to_string_lossy().into_owned());
                let file_name = quoted(file.file_name.as_deref().or(own_name.as_deref()).unwrap_or(name));
                let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream").replace(['\r', '\n'], "");
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n",
                    quoted(name)
                )
            }
        };
        pieces.push(Upload::from(head));
        pieces.push(match part {
            Part::Text { value, .. } => Upload::from(value),
            Part::File { file, .. } => file.content,
        });
        pieces.push(Upload::from("\r\n"));
    }
    pieces.push(Upload::from(format!("--{boundary}--\r\n")));
    (format!("multipart/form-data; boundary={boundary}"), Body::of(pieces))
}

/// 64 random bits, from the seed the standard library draws for each hash map.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

/// A body of bytes sent as they are (a raw body), with its content type.
#[doc(hidden)]
pub fn raw(content_type: &str, upload: &Upload) -> (String, Body) {
    (content_type.to_string(), Body::from(upload.clone()))
}

fn fields<T: Serialize>(value: &T) -> Result<Vec<(String, String)>, BuildError> {
    let json = serde_json::to_value(value).map_err(BuildError::Body)?;
    let pairs = |name: String, value| texts(value).into_iter().map(move |text| (name.clone(), text));
    Ok(match json {
        serde_json::Value::Object(map) => map.into_iter().flat_map(|(name, value)| pairs(name, value)).collect(),
        other => pairs("value".to_string(), other).collect(),
    })
}

/// Finishes a request with a body (its `Content-Type` and contents), or an empty one.
#[doc(hidden)]
pub fn finish(builder: http::request::Builder, body: Option<(String, Body)>) -> Result<http::Request<Body>, BuildError> {
    let (builder, body) = match body {
        Some((content_type, body)) => (builder.header(http::header::CONTENT_TYPE, content_type), body),
        None => (builder, Body::default()),
    };
    builder.body(body).map_err(|e| BuildError::Uri(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, value: &str) -> Vec<Part> {
        vec![Part::Text { name: name.into(), value: value.into() }]
    }

    #[test]
    fn a_multipart_body_in_memory_is_one_piece_with_a_boundary_no_part_contains() {
        let file = FilePart::new(b"--codegen-boundary".to_vec()).file_name("a\"b.txt");
        let (content_type, body) = multipart([text("name", "x"), vec![Part::File { name: "file".into(), file }]]);
        assert_eq!(content_type, "multipart/form-data; boundary=codegen-boundary-");
        let bytes = String::from_utf8(body.as_bytes().expect("in memory").to_vec()).unwrap();
        assert_eq!(
            bytes,
            "--codegen-boundary-\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n\
             --codegen-boundary-\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a_b.txt\"\r\nContent-Type: application/octet-stream\r\n\r\n--codegen-boundary\r\n\
             --codegen-boundary---\r\n"
        );
    }

    #[test]
    fn a_file_part_from_a_file_is_not_read_and_is_named_by_its_file() {
        let file = FilePart::path("/data/report.csv").content_type("text/csv");
        let (content_type, body) = multipart([text("a", "1"), vec![Part::File { name: "upload".into(), file }]]);
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(boundary.len(), "codegen-boundary-".len() + 32, "a random boundary: {boundary}");
        let [head, file, tail] = body.pieces() else { panic!("three pieces: {body:?}") };
        assert_eq!(file.path(), Some(std::path::Path::new("/data/report.csv")));
        let head = String::from_utf8(head.as_bytes().unwrap().to_vec()).unwrap();
        assert!(head.ends_with("name=\"upload\"; filename=\"report.csv\"\r\nContent-Type: text/csv\r\n\r\n"), "{head}");
        assert_eq!(tail.as_bytes().unwrap(), format!("\r\n--{boundary}--\r\n").as_bytes());
        let (_, again) = multipart([vec![Part::File { name: "f".into(), file: FilePart::path("/x") }]]);
        assert_ne!(again.pieces()[0], body.pieces()[0], "each body draws its own boundary");
    }
}
