//! The sample as received against its re-encoding: where they differ, and what that makes
//! of the sample (decoded, `null` dropped, changed, lost).

use serde::Serialize;
use serde_json::{Number, Value};

/// One place where the re-encoding differs from the sample.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// A JSON pointer into the sample.
    pub pointer: String,
    pub kind: Kind,
    /// The value received there (absent for [`Kind::Added`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<Value>,
    /// The value written back there (absent for [`Kind::Missing`] and [`Kind::NullDropped`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoded: Option<Value>,
}

/// What kind of difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A property or array item received is not written back: data lost.
    Missing,
    /// A value received is written back as `null`: data lost.
    Nulled,
    /// A value received is written back as a default (`0`, `""`, `false`, `[]`, `{}`, or an
    /// object or array of those): data lost.
    Defaulted,
    /// A `null` received is written back as an absent property.
    NullDropped,
    /// A property the sample does not have is written back (a default, say).
    Added,
    /// Another value is written back (another text, another type).
    Changed,
    /// The same number, in another form (`2` and `2.0`): not a change, counted apart.
    NumberForm,
}

impl Kind {
    /// Whether this difference loses what the server sent.
    pub fn loses(self) -> bool {
        matches!(self, Kind::Missing | Kind::Nulled | Kind::Defaulted)
    }

    /// Whether this difference changes the value (and does not only lose it).
    pub fn changes(self) -> bool {
        matches!(self, Kind::Added | Kind::Changed)
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Nulled => "written as null",
            Kind::Defaulted => "replaced by a default",
            Kind::NullDropped => "null written back as absent",
            Kind::Added => "added",
            Kind::Changed => "changed",
            Kind::NumberForm => "number form",
        }
    }
}

/// What a decoded sample's round trip comes to, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Did not decode (or did not encode).
    Failed,
    /// Something received is absent from the re-encoding.
    Lost,
    /// Re-encoded differently, nothing lost.
    Changed,
    /// Re-encoded equal but for `null`s written back as absent properties.
    NullsDropped,
    /// Re-encoded equal (numbers by value).
    Decoded,
}

/// The verdict of a sample that decoded, from its differences.
pub fn verdict(differences: &[Difference]) -> Verdict {
    if differences.iter().any(|d| d.kind.loses()) {
        Verdict::Lost
    } else if differences.iter().any(|d| d.kind.changes()) {
        Verdict::Changed
    } else if differences.iter().any(|d| d.kind == Kind::NullDropped) {
        Verdict::NullsDropped
    } else {
        Verdict::Decoded
    }
}

/// Every place where `encoded` differs from `received`, in document order.
pub fn differences(received: &Value, encoded: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    compare(received, encoded, &mut String::new(), &mut out);
    out
}

fn compare(received: &Value, encoded: &Value, pointer: &mut String, out: &mut Vec<Difference>) {
    match (received, encoded) {
        (Value::Object(r), Value::Object(e)) => {
            for (key, value) in r {
                let len = push(pointer, key);
                match e.get(key) {
                    Some(written) => compare(value, written, pointer, out),
                    None if value.is_null() => out.push(at(pointer, Kind::NullDropped, Some(value), None)),
                    None => out.push(at(pointer, Kind::Missing, Some(value), None)),
                }
                pointer.truncate(len);
            }
            for (key, value) in e.iter().filter(|(key, _)| !r.contains_key(*key)) {
                let len = push(pointer, key);
                out.push(at(pointer, Kind::Added, None, Some(value)));
                pointer.truncate(len);
            }
        }
        (Value::Array(r), Value::Array(e)) => {
            for (i, value) in r.iter().enumerate() {
                let len = push(pointer, &i.to_string());
                match e.get(i) {
                    Some(written) => compare(value, written, pointer, out),
                    None => out.push(at(pointer, Kind::Missing, Some(value), None)),
                }
                pointer.truncate(len);
            }
            for (i, value) in e.iter().enumerate().skip(r.len()) {
                let len = push(pointer, &i.to_string());
                out.push(at(pointer, Kind::Added, None, Some(value)));
                pointer.truncate(len);
            }
        }
        (Value::Number(r), Value::Number(e)) => match number_match(r, e) {
            Some(true) => {}
            Some(false) => out.push(at(pointer, Kind::NumberForm, Some(received), Some(encoded))),
            None => out.push(at(pointer, changed(received, encoded), Some(received), Some(encoded))),
        },
        (r, Value::Null) if !r.is_null() => out.push(at(pointer, Kind::Nulled, Some(received), Some(encoded))),
        (r, e) if r != e => out.push(at(pointer, changed(received, encoded), Some(received), Some(encoded))),
        _ => {}
    }
}

/// A value written back unlike the one received: a default where there was more, or
/// another value.
fn changed(received: &Value, encoded: &Value) -> Kind {
    if is_default(encoded) && !is_default(received) {
        Kind::Defaulted
    } else {
        Kind::Changed
    }
}

/// Whether a value is what a decoder puts where it has nothing: `null`, `false`, zero, empty
/// text, or an array or object of such values only.
fn is_default(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.iter().all(is_default),
        Value::Object(map) => map.values().all(is_default),
        Value::Bool(true) => false,
    }
}

/// `None` when the numbers differ in value; else whether they are also written alike (both
/// integers or both decimals).
fn number_match(r: &Number, e: &Number) -> Option<bool> {
    let same_form = r.is_f64() == e.is_f64();
    let equal = match (r.as_i64(), e.as_i64(), r.as_u64(), e.as_u64()) {
        (Some(a), Some(b), _, _) => a == b,
        (_, _, Some(a), Some(b)) => a == b,
        _ if r.is_f64() || e.is_f64() => r.as_f64() == e.as_f64(),
        // An integer beyond i64 against a negative one.
        _ => false,
    };
    equal.then_some(same_form)
}

/// Appends a reference token to `pointer`; gives the length to truncate back to.
fn push(pointer: &mut String, token: &str) -> usize {
    let len = pointer.len();
    pointer.push('/');
    pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    len
}

fn at(pointer: &str, kind: Kind, received: Option<&Value>, encoded: Option<&Value>) -> Difference {
    Difference { pointer: pointer.to_string(), kind, received: received.cloned(), encoded: encoded.cloned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(received: Value, encoded: Value) -> Vec<(String, Kind)> {
        differences(&received, &encoded).into_iter().map(|d| (d.pointer, d.kind)).collect()
    }

    #[test]
    fn equal_values_have_no_differences_whatever_the_key_order() {
        let a = json!({"a": 1, "b": [true, "x", {"c": null}]});
        let b = json!({"b": [true, "x", {"c": null}], "a": 1});
        assert_eq!(kinds(a, b), []);
    }

    #[test]
    fn numbers_compare_by_value_and_their_form_is_noted() {
        assert_eq!(kinds(json!({"n": 2}), json!({"n": 2.0})), [("/n".into(), Kind::NumberForm)]);
        assert_eq!(kinds(json!(2.5), json!(2.5)), []);
        assert_eq!(kinds(json!(2), json!(3)), [(String::new(), Kind::Changed)]);
        assert_eq!(kinds(json!(u64::MAX), json!(u64::MAX)), []);
        assert_eq!(kinds(json!(-1), json!(u64::MAX)), [(String::new(), Kind::Changed)]);
        assert_eq!(verdict(&differences(&json!({"n": 2}), &json!({"n": 2.0}))), Verdict::Decoded);
    }

    #[test]
    fn a_null_written_back_as_absent_is_apart_from_loss() {
        let d = differences(&json!({"a": null, "b": 1}), &json!({"b": 1}));
        assert_eq!(d.iter().map(|d| d.kind).collect::<Vec<_>>(), [Kind::NullDropped]);
        assert_eq!(verdict(&d), Verdict::NullsDropped);
    }

    #[test]
    fn missing_properties_and_values_written_as_null_are_lost() {
        let d = differences(&json!({"a": {"b": 1, "c": "x"}, "d": [1, 2]}), &json!({"a": {"c": null}, "d": [1]}));
        let found: Vec<(&str, Kind)> = d.iter().map(|d| (d.pointer.as_str(), d.kind)).collect();
        assert_eq!(found, [("/a/b", Kind::Missing), ("/a/c", Kind::Nulled), ("/d/1", Kind::Missing)]);
        assert_eq!(verdict(&d), Verdict::Lost);
    }

    #[test]
    fn added_and_changed_values_are_changes() {
        let d = differences(&json!({"t": "2018-01-01T00:01:01-08:00"}), &json!({"t": "2018-01-01T08:01:01Z", "flags": []}));
        let found: Vec<(&str, Kind)> = d.iter().map(|d| (d.pointer.as_str(), d.kind)).collect();
        assert_eq!(found, [("/t", Kind::Changed), ("/flags", Kind::Added)]);
        assert_eq!(d[0].received, Some(json!("2018-01-01T00:01:01-08:00")));
        assert_eq!(d[0].encoded, Some(json!("2018-01-01T08:01:01Z")));
        assert_eq!(verdict(&d), Verdict::Changed);
    }

    #[test]
    fn values_replaced_by_defaults_are_lost() {
        let d = differences(&json!({"a": "PDUSER1", "b": [{"x": 1}], "c": 9223372036854775807u64, "d": "", "e": "30"}), &json!({"a": 0, "b": {"name": "", "c": {}}, "c": 0, "d": 0, "e": 30}));
        let found: Vec<(&str, Kind)> = d.iter().map(|d| (d.pointer.as_str(), d.kind)).collect();
        // Text for a number, where the number holds it all, is a change; empty text for 0 too.
        assert_eq!(found, [("/a", Kind::Defaulted), ("/b", Kind::Defaulted), ("/c", Kind::Defaulted), ("/d", Kind::Changed), ("/e", Kind::Changed)]);
        assert_eq!(verdict(&d), Verdict::Lost);
        assert_eq!(verdict(&differences(&json!({"e": "30"}), &json!({"e": 30}))), Verdict::Changed);
    }

    #[test]
    fn pointers_escape_their_tokens() {
        assert_eq!(kinds(json!({"a/b~c": 1}), json!({})), [("/a~1b~0c".into(), Kind::Missing)]);
    }

    #[test]
    fn a_loss_outweighs_a_change() {
        let d = differences(&json!({"a": 1, "b": "x"}), &json!({"a": 2}));
        assert_eq!(verdict(&d), Verdict::Lost);
        assert!(Verdict::Failed < Verdict::Lost && Verdict::Lost < Verdict::Changed && Verdict::NullsDropped < Verdict::Decoded);
    }
}
