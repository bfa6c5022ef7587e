//! Formatted strings (`format: date-time`, `date`, `uuid`): the text as the server wrote it,
//! which is what is sent back, and its value where the text has one.

use crate::decode::deviate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A value carried as text in a format: what [`Formatted`] can hold.
pub trait Format: Sized {
    /// The format, for deviations: `a date-time`.
    const NAME: &'static str;
    /// The value of a text in the format.
    fn parse(text: &str) -> Option<Self>;
    /// The value of a text that is not in the format but close enough to read, with what was
    /// assumed to read it.
    fn parse_near(_text: &str) -> Option<(Self, &'static str)> {
        None
    }
    /// The value's text in the format.
    fn write(&self) -> String;
}

/// A formatted string: the text received (or made from a value), sent back unchanged, and its
/// value. A received text the format cannot read is kept, with no value, and is a
/// [`Deviation`](crate::Deviation) of its body.
#[derive(Clone, Default)]
pub struct Formatted<T> {
    text: String,
    value: Option<T>,
}

/// A date-time (`format: date-time`, RFC 3339) with the offset it was written with.
pub type DateTime = Formatted<chrono::DateTime<chrono::FixedOffset>>;

/// A calendar date (`format: date`, `2024-05-31`).
pub type Date = Formatted<chrono::NaiveDate>;

/// A UUID (`format: uuid`), in any of the forms it is written in.
pub type Uuid = Formatted<uuid::Uuid>;

impl<T: Format> Formatted<T> {
    /// The text, as received or as made from the value.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value; `None` when the text received is not in the format.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Reads a text, which need not be in the format.
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        let value = T::parse(&text).or_else(|| T::parse_near(&text).map(|(value, _)| value));
        Formatted { text, value }
    }
}

impl DateTime {
    /// The instant in UTC; `None` when the text received is not a date-time.
    pub fn to_utc(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.value.map(|v| v.with_timezone(&chrono::Utc))
    }
}

impl<T: Format> From<T> for Formatted<T> {
    fn from(value: T) -> Self {
        Formatted { text: value.write(), value: Some(value) }
    }
}

impl<T: Clone> From<&Formatted<T>> for Formatted<T> {
    /// A copy: `client.get(&policy.id)` as well as `client.get(policy.id)`.
    fn from(value: &Formatted<T>) -> Self {
        value.clone()
    }
}

impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(value: chrono::DateTime<chrono::Utc>) -> Self {
        value.fixed_offset().into()
    }
}

impl<T> PartialEq for Formatted<T> {
    /// The same text: a value is what the text says.
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> Eq for Formatted<T> {}

impl<T> std::hash::Hash for Formatted<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl<T> fmt::Debug for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<T> fmt::Display for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> Serialize for Formatted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, T: Format> Deserialize<'de> for Formatted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let value = match T::parse(&text) {
            Some(value) => Some(value),
            None => match T::parse_near(&text) {
                Some((value, assumed)) => {
                    deviate(|| format!("not {}: {assumed}", T::NAME));
                    Some(value)
                }
                None => {
                    deviate(|| format!("not {}: kept as text, with no value", T::NAME));
                    None
                }
            },
        };
        Ok(Formatted { text, value })
    }
}

impl<T> crate::ToParam for Formatted<T> {
    fn to_param(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.text)
    }
}

impl Format for chrono::DateTime<chrono::FixedOffset> {
    const NAME: &'static str = "a date-time";

    fn parse(text: &str) -> Option<Self> {
        chrono::DateTime::parse_from_rfc3339(text).ok()
    }

    fn parse_near(text: &str) -> Option<(Self, &'static str)> {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
            .map(|naive| (naive.and_utc().fixed_offset(), "no UTC offset: read as UTC"))
            .or_else(|| chrono::DateTime::parse_from_rfc2822(text).ok().map(|v| (v, "RFC 2822, not RFC 3339: read as RFC 2822")))
    }

    fn write(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl Format for chrono::NaiveDate {
    const NAME: &'static str = "a date";

    fn parse(text: &str) -> Option<Self> {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    fn parse_near(text: &str) -> Option<(Self, &'static str)> {
        chrono::DateTime::parse_from_rfc3339(text).ok().map(|v| (v.date_naive(), "a date-time: read as its date"))
    }

    fn write(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl Format for uuid::Uuid {
    const NAME: &'static str = "a UUID";

    fn parse(text: &str) -> Option<Self> {
        uuid::Uuid::parse_str(text).ok()
    }

    fn write(&self) -> String {
        self.hyphenated().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::from_json;

    #[test]
    fn a_date_time_keeps_its_text_and_offset() {
        let d = from_json::<DateTime>(br#""2024-01-02T03:04:05.000-08:00""#).unwrap();
        assert!(d.deviations.is_empty());
        assert_eq!(serde_json::to_string(&d.value).unwrap(), r#""2024-01-02T03:04:05.000-08:00""#);
        assert_eq!(d.value.to_utc().unwrap().to_rfc3339(), "2024-01-02T11:04:05+00:00");
    }

    #[test]
    fn a_date_time_without_offset_is_read_as_utc_with_a_deviation() {
        let d = from_json::<DateTime>(br#""2018-01-01T00:01:01""#).unwrap();
        assert_eq!(d.value.as_str(), "2018-01-01T00:01:01");
        assert_eq!(d.value.to_utc().unwrap().to_rfc3339(), "2018-01-01T00:01:01+00:00");
        assert_eq!(d.deviations.len(), 1);
        assert!(d.deviations[0].reason.contains("no UTC offset"), "{}", d.deviations[0]);
    }

    #[test]
    fn text_that_is_no_date_is_kept() {
        let d = from_json::<Vec<Date>>(br#"["2024-02-30", "2024-02-29"]"#).unwrap();
        assert_eq!(d.value[0].as_str(), "2024-02-30");
        assert_eq!(d.value[0].value(), None);
        assert_eq!(d.value[1].value(), chrono::NaiveDate::from_ymd_opt(2024, 2, 29).as_ref());
        assert_eq!(d.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/0"]);
    }

    #[test]
    fn a_uuid_keeps_its_form_and_text_that_is_none_is_kept() {
        let d = from_json::<Vec<Uuid>>(br#"["023e105f4ecef8ad9ca31a8372d0c353", "F174E90A-FAFE-4643-BBBC-4A0ED4FC8415", ""]"#).unwrap();
        assert_eq!(d.value[0].value(), Some(&uuid::Uuid::from_u128(0x023e105f4ecef8ad9ca31a8372d0c353)));
        assert_eq!(serde_json::to_string(&d.value[1]).unwrap(), r#""F174E90A-FAFE-4643-BBBC-4A0ED4FC8415""#);
        assert_eq!((d.value[2].as_str(), d.value[2].value()), ("", None));
        assert_eq!(d.deviations.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(), ["/2"]);
        assert_eq!(Uuid::from(uuid::Uuid::nil()).as_str(), "00000000-0000-0000-0000-000000000000");
    }

    #[test]
    fn values_make_their_text() {
        let utc = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        assert_eq!(DateTime::from(utc).as_str(), "2023-11-14T22:13:20Z");
        assert_eq!(Date::from(utc.date_naive()).as_str(), "2023-11-14");
        assert_eq!(DateTime::parse("2023-11-14T22:13:20Z").to_utc(), Some(utc));
    }
}
