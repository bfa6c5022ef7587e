//! Support code shared by the generated types and operations. It is the same for every API;
//! the generator copies it unchanged.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A field that may be absent, explicitly `null`, or a value: what a PATCH body needs to
/// tell "leave unchanged" (absent) from "clear" (`null`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not sent; the server keeps its value.
    #[default]
    Absent,
    /// Sent as JSON `null`.
    Null,
    /// Sent as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out of the JSON entirely.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

/// The raw text of an enum value the API description does not list. It can only be made by
/// deserializing or parsing, so a listed value is always its own variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnrecognizedValue(pub(crate) String);

impl UnrecognizedValue {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnrecognizedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The tag of a value of a tagged union: the string its `property` holds.
pub fn tag_of<E: serde::de::Error>(value: &serde_json::Value, property: &'static str) -> Result<String, E> {
    match value.get(property) {
        Some(serde_json::Value::String(tag)) => Ok(tag.clone()),
        Some(other) => Err(E::custom(format_args!("the tag `{property}` should be a string, not {other}"))),
        None if value.is_object() => Err(E::missing_field(property)),
        None => Err(E::custom(format_args!("expected an object with a `{property}` tag, found {value}"))),
    }
}

/// Decodes a tagged union's value as the variant its tag selects.
pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Serializes a tagged union's variant whose type may leave the tag out: the tag is added
/// when the value does not hold it.
pub fn serialize_tagged<T: Serialize, S: Serializer>(value: &T, property: &str, tag: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(property).or_insert_with(|| tag.into());
    }
    json.serialize(serializer)
}

/// Why a request could not be built. Nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A value breaks a constraint of the API description.
    Invalid {
        /// Where: a parameter name, or `body` followed by the path to the field.
        field: String,
        /// What rule was broken.
        reason: String,
    },
    /// The base URL and path do not make a valid URI.
    Uri(String),
    /// The body could not be serialized.
    Body(serde_json::Error),
}

impl BuildError {
    /// The parameter or body field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            BuildError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    fn invalid(field: &str, reason: String) -> Self {
        BuildError::Invalid { field: field.to_string(), reason }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid { field, reason } => write!(f, "invalid `{field}`: {reason}"),
            BuildError::Uri(reason) => write!(f, "invalid request URI: {reason}"),
            BuildError::Body(e) => write!(f, "cannot serialize the request body: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A response that is not the success the operation describes.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResponseError<E> {
    /// The server answered with a status that is not a success. `error` is the body decoded
    /// as the error type the API description gives, when it decodes.
    Status {
        status: http::StatusCode,
        error: Option<Box<E>>,
        body: Vec<u8>,
    },
    /// The body of a successful response does not match the described type.
    Decode {
        status: http::StatusCode,
        source: serde_json::Error,
        body: Vec<u8>,
    },
}

impl<E> ResponseError<E> {
    /// The HTTP status of the response.
    pub fn status(&self) -> http::StatusCode {
        match self {
            ResponseError::Status { status, .. } | ResponseError::Decode { status, .. } => *status,
        }
    }

    /// The decoded error body, if the server sent one the description knows.
    pub fn error(&self) -> Option<&E> {
        match self {
            ResponseError::Status { error, .. } => error.as_deref(),
            ResponseError::Decode { .. } => None,
        }
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        match self {
            ResponseError::Status { body, .. } | ResponseError::Decode { body, .. } => body,
        }
    }
}

impl<E: fmt::Debug> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Status { status, error: Some(error), .. } => {
                write!(f, "the server answered {status}: {error:?}")
            }
            ResponseError::Status { status, body, .. } => {
                write!(f, "the server answered {status}: {}", String::from_utf8_lossy(body))
            }
            ResponseError::Decode { status, source, .. } => {
                write!(f, "cannot decode the {status} response: {source}")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for ResponseError<E> {}

/// Decodes a response: a success status gives `T` (`()` for an empty body), any other the
/// error, with the body decoded as `E` where it decodes.
pub fn parse_response<T: DeserializeOwned, E: DeserializeOwned>(
    status: http::StatusCode,
    body: &[u8],
) -> Result<T, ResponseError<E>> {
    if !status.is_success() {
        return Err(ResponseError::Status {
            status,
            error: serde_json::from_slice(body).ok().map(Box::new),
            body: body.to_vec(),
        });
    }
    // An empty body decodes as `null`, which is what `()` (no body described) expects.
    let json = if body.iter().all(u8::is_ascii_whitespace) { b"null".as_slice() } else { body };
    serde_json::from_slice(json).map_err(|source| ResponseError::Decode {
        status,
        source,
        body: body.to_vec(),
    })
}

/// What every request builder is: something that builds a request and decodes its answer.
pub trait Operation {
    /// The decoded success body.
    type Output;
    /// The decoded error body.
    type Error: DeserializeOwned + fmt::Debug;
    /// Checks the constraints of the description and builds the request.
    fn build_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, BuildError>;
    /// Decodes a response.
    fn parse(status: http::StatusCode, body: &[u8]) -> Result<Self::Output, ResponseError<Self::Error>>;
}

/// What a page says about the walk: how many items it holds, and what it says of the total.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageInfo {
    pub items: usize,
    pub per_page: Option<f64>,
    pub total_count: Option<f64>,
}

/// An operation paginated by a `page` number, whose answers hold a list of items.
pub trait Paginated: Operation + Sized {
    type Item;
    /// The `page` asked for, if set.
    fn current_page(&self) -> Option<i64>;
    /// The `per_page` asked for, if set.
    fn requested_per_page(&self) -> Option<i64>;
    /// The same request for another page.
    fn with_page(self, page: i64) -> Self;
    fn page_info(output: &Self::Output) -> PageInfo;
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Checks the constraints the API description puts on a value, before anything is sent.
pub trait Validate {
    /// `path` names the value in the error, such as `body.items[2].name`.
    fn validate(&self, path: &str) -> Result<(), BuildError>;
}

macro_rules! always_valid {
    ($($t:ty),*) => {$(
        impl Validate for $t {
            fn validate(&self, _: &str) -> Result<(), BuildError> {
                Ok(())
            }
        }
    )*};
}
always_valid!(bool, i32, i64, f32, f64, String, serde_json::Value, uuid::Uuid, chrono::NaiveDate);
always_valid!(chrono::DateTime<chrono::Utc>);

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.as_ref().map_or(Ok(()), |v| v.validate(path))
    }
}

impl<T: Validate> Validate for Nullable<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.as_option().map_or(Ok(()), |v| v.validate(path))
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        (**self).validate(path)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.iter().enumerate().try_for_each(|(i, v)| v.validate(&format!("{path}[{i}]")))
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate(&self, path: &str) -> Result<(), BuildError> {
        self.iter().try_for_each(|(k, v)| v.validate(&format!("{path}.{k}")))
    }
}

/// `minimum`/`maximum` (and their exclusive forms).
pub fn check_range(
    path: &str,
    value: f64,
    minimum: Option<(f64, bool)>,
    maximum: Option<(f64, bool)>,
) -> Result<(), BuildError> {
    if let Some((min, exclusive)) = minimum {
        if value < min || (exclusive && value == min) {
            let rule = if exclusive { "greater than" } else { "at least" };
            return Err(BuildError::invalid(path, format!("must be {rule} {min}, got {value}")));
        }
    }
    if let Some((max, exclusive)) = maximum {
        if value > max || (exclusive && value == max) {
            let rule = if exclusive { "less than" } else { "at most" };
            return Err(BuildError::invalid(path, format!("must be {rule} {max}, got {value}")));
        }
    }
    Ok(())
}

fn check_count(path: &str, what: &str, n: usize, min: Option<usize>, max: Option<usize>) -> Result<(), BuildError> {
    if let Some(min) = min.filter(|min| n < *min) {
        return Err(BuildError::invalid(path, format!("must have at least {min} {what}, has {n}")));
    }
    if let Some(max) = max.filter(|max| n > *max) {
        return Err(BuildError::invalid(path, format!("must have at most {max} {what}, has {n}")));
    }
    Ok(())
}

/// `minLength`/`maxLength`, counted in characters.
pub fn check_length(path: &str, value: &str, min: Option<usize>, max: Option<usize>) -> Result<(), BuildError> {
    check_count(path, "characters", value.chars().count(), min, max)
}

/// `minItems`/`maxItems`.
pub fn check_items<T>(path: &str, items: &[T], min: Option<usize>, max: Option<usize>) -> Result<(), BuildError> {
    check_count(path, "items", items.len(), min, max)
}

/// `minProperties`/`maxProperties`, counted on the JSON the value serializes to.
pub fn check_properties<T: Serialize>(
    path: &str,
    value: &T,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), BuildError> {
    let json = serde_json::to_value(value).map_err(BuildError::Body)?;
    let n = json.as_object().map_or(0, |o| o.len());
    check_count(path, "fields", n, min, max)
}

/// A path parameter must not be empty (`/a//b` addresses another resource), nor `.` or `..`:
/// URL parsers and servers that follow the WHATWG URL standard treat even their encoded forms
/// as dot segments and would climb out of the path.
pub fn check_path_param(path: &str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::invalid(path, "a path parameter must not be empty".into()));
    }
    if value == "." || value == ".." {
        return Err(BuildError::invalid(path, format!("a path parameter must not be `{value}`")));
    }
    Ok(())
}

/// How a parameter value is written in a URL or header.
pub trait ToParam {
    fn to_param(&self) -> Cow<'_, str>;
}

impl ToParam for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_param!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, uuid::Uuid, chrono::NaiveDate);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl ToParam for serde_json::Value {
    fn to_param(&self) -> Cow<'_, str> {
        match self {
            serde_json::Value::String(s) => Cow::Borrowed(s),
            other => Cow::Owned(other.to_string()),
        }
    }
}

/// A list, as the `simple` and `form` styles write it: the items joined by commas.
impl<T: ToParam> ToParam for Vec<T> {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.iter().map(ToParam::to_param).collect::<Vec<_>>().join(","))
    }
}

/// Encodes a list for one path segment: each item encoded, the commas between them kept.
pub fn encode_path_list<T: ToParam>(values: &[T]) -> String {
    values.iter().map(|v| encode_path_segment(&v.to_param()).into_owned()).collect::<Vec<_>>().join(",")
}

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes a value for one path segment: `/`, `?`, `#` and `%` cannot leave it, and `.` or
/// `..` cannot climb out of it.
pub fn encode_path_segment(value: &str) -> Cow<'_, str> {
    match value {
        "." => Cow::Borrowed("%2E"),
        ".." => Cow::Borrowed("%2E%2E"),
        _ => percent_encoding::utf8_percent_encode(value, COMPONENT).into(),
    }
}

/// Builds a query string, encoding names and values.
#[derive(Debug, Default)]
pub struct Query(String);

impl Query {
    pub fn push(&mut self, name: &str, value: &str) {
        self.0.push(if self.0.is_empty() { '?' } else { '&' });
        self.0.extend(percent_encoding::utf8_percent_encode(name, COMPONENT));
        self.0.push('=');
        self.0.extend(percent_encoding::utf8_percent_encode(value, COMPONENT));
    }

    /// An array: one pair per item (`explode`), or one pair with the items joined by commas.
    pub fn push_all<T: ToParam>(&mut self, name: &str, values: &[T], explode: bool) {
        if explode {
            values.iter().for_each(|v| self.push(name, &v.to_param()));
        } else {
            let joined: Vec<_> = values.iter().map(|v| v.to_param()).collect();
            self.push(name, &joined.join(","));
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Starts a request: method, `base_url` joined with the encoded path and query, and `Accept`.
pub fn request(
    method: http::Method,
    base_url: &str,
    path: &str,
    query: &Query,
) -> Result<http::request::Builder, BuildError> {
    let uri = format!("{}{}{}", base_url.trim_end_matches('/'), path, query.as_str());
    let uri: http::Uri = uri.parse().map_err(|e: http::uri::InvalidUri| BuildError::Uri(format!("{uri}: {e}")))?;
    Ok(http::Request::builder().method(method).uri(uri).header(http::header::ACCEPT, "application/json"))
}

/// Adds `name=value` to the pairs of a `Cookie` header, the value percent-encoded.
pub fn push_cookie<T: ToParam>(cookies: &mut Vec<String>, name: &str, value: &T) {
    let value = percent_encoding::utf8_percent_encode(&value.to_param(), COMPONENT).to_string();
    cookies.push(format!("{name}={value}"));
}

/// Adds a header parameter, rejecting values that cannot be sent in a header.
pub fn header(
    builder: http::request::Builder,
    name: &'static str,
    value: &str,
) -> Result<http::request::Builder, BuildError> {
    let value = http::HeaderValue::from_str(value)
        .map_err(|_| BuildError::invalid(name, "not a valid header value".into()))?;
    Ok(builder.header(name, value))
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    /// `application/x-www-form-urlencoded`: one pair per top-level field.
    Form,
    /// `multipart/form-data`: one part per top-level field.
    Multipart,
}

/// Encodes a body as `encoding`; gives the `Content-Type` to send and the bytes.
pub fn encode<T: Serialize>(encoding: Encoding, content_type: &str, value: &T) -> Result<(String, Vec<u8>), BuildError> {
    match encoding {
        Encoding::Json => Ok((content_type.to_string(), serde_json::to_vec(value).map_err(BuildError::Body)?)),
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
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine;
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD.decode(text.trim()).map(Base64).map_err(serde::de::Error::custom)
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
pub enum Part {
    Text { name: String, value: String },
    File { name: String, file: FilePart },
}

/// The parts of a body field that holds text: one per item of an array, none for an absent
/// or `null` value.
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
pub fn file_parts<T: Files>(name: &str, value: &T) -> Vec<Part> {
    value.files().into_iter().map(|file| Part::File { name: name.to_string(), file: file.clone() }).collect()
}

/// A `multipart/form-data` body of `parts` (grouped by field, in order): its content type
/// (with a boundary that no part contains) and its bytes.
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

/// Decodes a response whose success has no body described: a success status gives `()`,
/// whatever the body; any other the error.
pub fn parse_empty_response<E: DeserializeOwned>(status: http::StatusCode, body: &[u8]) -> Result<(), ResponseError<E>> {
    if status.is_success() {
        return Ok(());
    }
    parse_response(status, body)
}

/// Decodes a response whose success body is not JSON: a success status gives the bytes.
pub fn parse_raw_response<E: DeserializeOwned>(status: http::StatusCode, body: &[u8]) -> Result<Vec<u8>, ResponseError<E>> {
    if status.is_success() {
        return Ok(body.to_vec());
    }
    parse_response(status, body)
}
