//! Request bodies: JSON and the other encodings, base64 bytes, files, multipart, and the
//! request finished with its body.

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
pub fn json<T: Serialize>(value: &T) -> Result<(String, Vec<u8>), BuildError> {
    encode(Encoding::Json, "application/json", value)
}

/// Encodes a body as `encoding`; gives the `Content-Type` to send and the bytes.
#[doc(hidden)]
pub fn encode<T: Serialize>(encoding: Encoding, content_type: &str, value: &T) -> Result<(String, Vec<u8>), BuildError> {
    match encoding {
        Encoding::Json => Ok((content_type.to_string(), to_json(value).map_err(BuildError::Body)?)),
        Encoding::Form => {
            let mut query = Query::default();
            for (name, value) in fields(value)? {
                query.push(&name, &value);
            }
            Ok((content_type.to_string(), query.as_str().trim_start_matches('?').as_bytes().to_vec()))
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
/// content type given here. In JSON (where a description should not put one), its bytes as
/// text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FilePart {
    pub bytes: Vec<u8>,
    /// The `filename` of the part; the field's name when not given.
    pub file_name: Option<String>,
    /// The part's `Content-Type`; `application/octet-stream` when not given.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), file_name: None, content_type: None }
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

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| FilePart::new(text.into_bytes()))
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
/// (with a boundary that no part contains) and its bytes.
#[doc(hidden)]
pub fn multipart(parts: impl IntoIterator<Item = Vec<Part>>) -> (String, Vec<u8>) {
    let parts: Vec<Part> = parts.into_iter().flatten().collect();
    fn contents(part: &Part) -> &[u8] {
        match part {
            Part::Text { value, .. } => value.as_bytes(),
            Part::File { file, .. } => &file.bytes,
        }
    }
    let mut boundary = String::from("codegen-boundary");
    let clash = |boundary: &str, bytes: &[u8]| bytes.windows(boundary.len()).any(|w| w == boundary.as_bytes());
    while parts.iter().any(|p| clash(&boundary, contents(p))) {
        boundary.push('-');
    }
    let quoted = |text: &str| text.replace(['"', '\r', '\n'], "_");
    let mut body = Vec::new();
    for part in &parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Text { name, value } => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", quoted(name)).as_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            Part::File { name, file } => {
                let file_name = quoted(file.file_name.as_deref().unwrap_or(name));
                let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream").replace(['\r', '\n'], "");
                let head = format!(
                    "Content-Disposition: form-data; name=\"{}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n",
                    quoted(name)
                );
                body.extend_from_slice(head.as_bytes());
                body.extend_from_slice(&file.bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn fields<T: Serialize>(value: &T) -> Result<Vec<(String, String)>, BuildError> {
    let json = serde_json::to_value(value).map_err(BuildError::Body)?;
    let pairs = |name: String, value| texts(value).into_iter().map(move |text| (name.clone(), text));
    Ok(match json {
        serde_json::Value::Object(map) => map.into_iter().flat_map(|(name, value)| pairs(name, value)).collect(),
        other => pairs("value".to_string(), other).collect(),
    })
}

/// Finishes a request with a body (its `Content-Type` and bytes), or an empty one.
#[doc(hidden)]
pub fn finish(
    builder: http::request::Builder,
    body: Option<(String, Vec<u8>)>,
) -> Result<http::Request<Vec<u8>>, BuildError> {
    let (builder, bytes) = match body {
        Some((content_type, bytes)) => (builder.header(http::header::CONTENT_TYPE, content_type), bytes),
        None => (builder, Vec::new()),
    };
    builder.body(bytes).map_err(|e| BuildError::Uri(e.to_string()))
}
