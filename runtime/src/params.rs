//! Parameters into a request: how values are written (`ToParam`), the path filled and
//! encoded, headers and cookies, and the request started.

use crate::{BuildError, Query};
use std::borrow::Cow;

/// A path parameter must not be empty (`/a//b` addresses another resource), nor `.` or `..`:
/// URL parsers and servers that follow the WHATWG URL standard treat even their encoded forms
/// as dot segments and would climb out of the path.
#[doc(hidden)]
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
#[doc(hidden)]
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
#[doc(hidden)]
pub fn encode_path_list<T: ToParam>(values: &[T]) -> String {
    values.iter().map(|v| encode_path_segment(&v.to_param()).into_owned()).collect::<Vec<_>>().join(",")
}

/// A value of a path parameter.
#[doc(hidden)]
pub trait PathSegment {
    /// The value as text, before encoding.
    fn text(&self) -> Cow<'_, str>;
    /// The value encoded for its segment.
    fn segment(&self) -> String {
        encode_path_segment(&self.text()).into_owned()
    }
}

impl<T: ToParam + ?Sized> PathSegment for T {
    fn text(&self) -> Cow<'_, str> {
        self.to_param()
    }
}

/// An array path parameter: its items encoded one by one, the commas between them kept.
#[doc(hidden)]
pub struct PathList<'a, T>(pub &'a [T]);

impl<T: ToParam> PathSegment for PathList<'_, T> {
    fn text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.iter().map(ToParam::to_param).collect::<Vec<_>>().join(","))
    }

    fn segment(&self) -> String {
        encode_path_list(self.0)
    }
}

/// The path of a request: each `{name}` of the template, in order, replaced by the next of
/// `values`, encoded for its segment, after [`check_path_param`] (naming it `name`). A `{`
/// without its `}` is kept as it is.
#[doc(hidden)]
pub fn fill_path(template: &str, values: &[&dyn PathSegment]) -> Result<String, BuildError> {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    let mut values = values.iter();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        path.push_str(&rest[..open]);
        if let Some(value) = values.next() {
            check_path_param(&rest[open + 1..close], &value.text())?;
            path.push_str(&value.segment());
        }
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    Ok(path)
}

/// Everything but RFC 3986's unreserved characters is percent-encoded.
pub(crate) const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Encodes a value for one path segment: `/`, `?`, `#` and `%` cannot leave it, and `.` or
/// `..` cannot climb out of it.
#[doc(hidden)]
pub fn encode_path_segment(value: &str) -> Cow<'_, str> {
    match value {
        "." => Cow::Borrowed("%2E"),
        ".." => Cow::Borrowed("%2E%2E"),
        _ => percent_encoding::utf8_percent_encode(value, COMPONENT).into(),
    }
}

/// Starts a request: method, `base_url` joined with the encoded path and query, and `Accept`.
#[doc(hidden)]
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
#[doc(hidden)]
pub fn push_cookie<T: ToParam>(cookies: &mut Vec<String>, name: &str, value: &T) {
    let value = percent_encoding::utf8_percent_encode(&value.to_param(), COMPONENT).to_string();
    cookies.push(format!("{name}={value}"));
}

/// Adds a header parameter, rejecting values that cannot be sent in a header.
#[doc(hidden)]
pub fn header(
    builder: http::request::Builder,
    name: &'static str,
    value: &str,
) -> Result<http::request::Builder, BuildError> {
    let value = http::HeaderValue::from_str(value)
        .map_err(|_| BuildError::invalid(name, "not a valid header value".into()))?;
    Ok(builder.header(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `%2E%2E` is still `..` to WHATWG URL parsers and many servers: encoded, and refused
    /// by `fill_path` before a request exists.
    #[test]
    fn dot_segments_are_encoded_and_refused() {
        assert_eq!((encode_path_segment("."), encode_path_segment("..")), (Cow::Borrowed("%2E"), Cow::Borrowed("%2E%2E")));
        assert!(fill_path("/a/{id}", &[&"..".to_string()]).is_err());
    }

    #[test]
    fn fill_path_encodes_each_value_into_its_place() {
        let (zone, ids) = (String::from("a/b"), vec![String::from("x y"), String::from("z")]);
        assert_eq!(fill_path("/zones/{zone_id}/ids/{ids}", &[&zone, &PathList(&ids)]).unwrap(), "/zones/a%2Fb/ids/x%20y,z");
        assert_eq!(fill_path("/{a}{b}.json", &[&String::from("a.b"), &7i64]).unwrap(), "/a.b7.json");
        assert_eq!(fill_path("/plain", &[]).unwrap(), "/plain");
        assert_eq!(fill_path("/open{", &[&1i64]).unwrap(), "/open{");
    }

    #[test]
    fn fill_path_refuses_empty_and_dot_segments_naming_the_parameter() {
        let empty: Vec<String> = Vec::new();
        for (value, bad) in [(&String::new() as &dyn PathSegment, "must not be empty"), (&String::from(".."), "`..`"), (&PathList(&empty), "must not be empty")] {
            let error = fill_path("/zones/{zone_id}", &[value]).unwrap_err().to_string();
            assert!(error.contains("zone_id") && error.contains(bad), "{error}");
        }
    }
}
