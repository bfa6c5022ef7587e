//! Query strings: [`Query`] writes the pairs of a URL's query, each parameter as its
//! description's `style` and `explode` say ([`QueryStyle`], OpenAPI's style table). Scalars
//! are `name=value` in every style; arrays and objects take the style's form.

use crate::params::COMPONENT;
use crate::{BuildError, ToParam};
use serde::Serialize;
use serde_json::Value;

/// How a query parameter that is an array or an object is written: OpenAPI's `style` and
/// `explode`. Names and values are percent-encoded (`[` as `%5B`, a space as `%20`), which
/// servers decode before they read the brackets and delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`, the default. With `explode` (the default), an array is one pair per item
    /// (`a=1&a=2`) and an object one pair per property (`k1=v1&k2=v2`); without, an array is
    /// one pair of its items joined by commas (`a=1,2`), an object one pair of its keys and
    /// values (`name=k1,v1,k2,v2`).
    Form {
        /// OpenAPI's `explode`.
        explode: bool,
    },
    /// `spaceDelimited` (without `explode`; with it, it is [`QueryStyle::Form`]): items, or
    /// keys and values, joined by spaces (`a=1%202`).
    SpaceDelimited,
    /// `pipeDelimited` (without `explode`): joined by pipes (`a=1%7C2`).
    PipeDelimited,
    /// `deepObject`, as Rails, PHP and Stripe read it: an object's properties are
    /// `name[key]=value`, those of a nested object `name[key][inner]=value`; an array's items
    /// are `name[]=item`, or `name[0][key]=value` for items that are objects or arrays
    /// themselves.
    DeepObject,
}

/// Builds a query string, encoding names and values.
#[derive(Debug, Clone, Default)]
pub struct Query(String);

impl Query {
    /// `name=value` when there is a value, written as its text form.
    pub fn param<T: ToParam + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.push(name, &value.to_param());
        }
    }

    pub fn push(&mut self, name: &str, value: &str) {
        self.0.push(if self.0.is_empty() { '?' } else { '&' });
        self.0.extend(percent_encoding::utf8_percent_encode(name, COMPONENT));
        self.0.push('=');
        self.0.extend(percent_encoding::utf8_percent_encode(value, COMPONENT));
    }

    /// An array in the `form` style: one pair per item (`explode`), or one pair with the
    /// items joined by commas.
    pub fn push_all<T: ToParam>(&mut self, name: &str, values: &[T], explode: bool) {
        if explode {
            values.iter().for_each(|v| self.push(name, &v.to_param()));
        } else {
            let joined: Vec<_> = values.iter().map(|v| v.to_param()).collect();
            self.push(name, &joined.join(","));
        }
    }

    /// A parameter of any shape, written in `style` from the JSON it serializes to (numbers
    /// as JSON writes them, integral ones as integers; booleans `true` and `false`; strings
    /// as they are): `null` adds nothing, a scalar is one pair, arrays and objects are as
    /// [`QueryStyle`] says. A `null` inside is left out. An object or array inside a style
    /// that has no form for it (a property of a `form` object that is an object itself) is
    /// its JSON text.
    pub fn push_styled<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) -> Result<(), BuildError> {
        let json = crate::to_json(value).map_err(BuildError::Body)?;
        let value: Value = serde_json::from_slice(&json).map_err(BuildError::Body)?;
        match (&value, style) {
            (Value::Null, _) => {}
            (Value::Array(_) | Value::Object(_), QueryStyle::DeepObject) => self.push_deep(name, &value),
            (Value::Array(items), QueryStyle::Form { explode: true }) => {
                items.iter().filter(|item| !item.is_null()).for_each(|item| self.push(name, &text(item)));
            }
            (Value::Object(properties), QueryStyle::Form { explode: true }) => {
                for (key, value) in properties {
                    match value {
                        Value::Array(items) => items.iter().filter(|item| !item.is_null()).for_each(|item| self.push(key, &text(item))),
                        Value::Null => {}
                        value => self.push(key, &text(value)),
                    }
                }
            }
            (Value::Array(items), _) => {
                let texts: Vec<String> = items.iter().filter(|item| !item.is_null()).map(text).collect();
                self.push(name, &texts.join(delimiter(style)));
            }
            (Value::Object(properties), _) => {
                let present = properties.iter().filter(|(_, value)| !value.is_null());
                let texts: Vec<String> = present.flat_map(|(key, value)| [key.clone(), text(value)]).collect();
                self.push(name, &texts.join(delimiter(style)));
            }
            (scalar, _) => self.push(name, &text(scalar)),
        }
        Ok(())
    }

    /// `value` at `name` in the `deepObject` style.
    fn push_deep(&mut self, name: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(properties) => {
                for (key, value) in properties {
                    self.push_deep(&format!("{name}[{key}]"), value);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Object(_) | Value::Array(_) => self.push_deep(&format!("{name}[{i}]"), item),
                        item => self.push_deep(&format!("{name}[]"), item),
                    }
                }
            }
            scalar => self.push(name, &text(scalar)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `uri` with these pairs added to its query.
    pub fn append_to(&self, uri: &http::Uri) -> Result<http::Uri, http::uri::InvalidUri> {
        let uri = uri.to_string();
        match self.0.strip_prefix('?') {
            None => uri.parse(),
            Some(pairs) if uri.contains('?') => format!("{uri}&{pairs}").parse(),
            Some(_) => format!("{uri}{}", self.0).parse(),
        }
    }
}

/// What joins the items of an array (or the keys and values of an object) in one pair.
fn delimiter(style: QueryStyle) -> &'static str {
    match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form { .. } | QueryStyle::DeepObject => ",",
    }
}

/// The text of one value: a string as it is, another scalar as JSON writes it, an array or
/// object as its JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// The query a value gives as parameter `name` in `style`, its pairs decoded.
    fn pairs<T: Serialize>(name: &str, value: &T, style: QueryStyle) -> Vec<(String, String)> {
        let mut query = Query::default();
        query.push_styled(name, value, style).expect("serializable");
        decoded(&query)
    }

    fn decoded(query: &Query) -> Vec<(String, String)> {
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().expect("UTF-8").into_owned();
        let pairs = query.as_str().strip_prefix('?').unwrap_or_default();
        pairs.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').expect("a pair")).map(|(n, v)| (decode(n), decode(v))).collect()
    }

    fn expect(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    const EXPLODED: QueryStyle = QueryStyle::Form { explode: true };
    const JOINED: QueryStyle = QueryStyle::Form { explode: false };

    /// OpenAPI's own example: `color` as `["blue", "black", "brown"]` and as
    /// `{"R": 100, "G": 200, "B": 150}`, its keys written in order of name: objects keep the
    /// order they are written in with `serde_json`'s `preserve_order`, which the workspace
    /// turns on, and are sorted without it.
    fn colors() -> (Value, Value) {
        (json!(["blue", "black", "brown"]), json!({"B": 150, "G": 200, "R": 100}))
    }

    #[test]
    fn form_exploded_is_a_pair_per_item_and_per_property() {
        let (array, object) = colors();
        assert_eq!(pairs("color", &array, EXPLODED), expect(&[("color", "blue"), ("color", "black"), ("color", "brown")]));
        assert_eq!(pairs("color", &object, EXPLODED), expect(&[("B", "150"), ("G", "200"), ("R", "100")]));
        // A property that is a list repeats its name; one that is an object has no form here.
        let nested = json!({"flag": true, "gone": null, "range": {"gte": 1}, "tag": ["a", "b"]});
        let expected = expect(&[("flag", "true"), ("range", "{\"gte\":1}"), ("tag", "a"), ("tag", "b")]);
        assert_eq!(pairs("filter", &nested, EXPLODED), expected);
    }

    #[test]
    fn form_not_exploded_is_one_pair_joined_by_commas() {
        let (array, object) = colors();
        assert_eq!(pairs("color", &array, JOINED), expect(&[("color", "blue,black,brown")]));
        assert_eq!(pairs("color", &object, JOINED), expect(&[("color", "B,150,G,200,R,100")]));
        assert_eq!(pairs("color", &json!([]), JOINED), expect(&[("color", "")]));
        assert_eq!(pairs("color", &json!([]), EXPLODED), expect(&[]));
        // The commas of the style stay commas once decoded; those inside a value are encoded alike.
        let mut query = Query::default();
        query.push_styled("q", &["a,b", "c"], JOINED).unwrap();
        assert_eq!(query.as_str(), "?q=a%2Cb%2Cc");
    }

    #[test]
    fn space_and_pipe_delimited_join_with_their_delimiter() {
        let (array, object) = colors();
        assert_eq!(pairs("color", &array, QueryStyle::SpaceDelimited), expect(&[("color", "blue black brown")]));
        assert_eq!(pairs("color", &object, QueryStyle::SpaceDelimited), expect(&[("color", "B 150 G 200 R 100")]));
        assert_eq!(pairs("color", &array, QueryStyle::PipeDelimited), expect(&[("color", "blue|black|brown")]));
        assert_eq!(pairs("color", &object, QueryStyle::PipeDelimited), expect(&[("color", "B|150|G|200|R|100")]));
        let mut query = Query::default();
        query.push_styled("color", &array, QueryStyle::SpaceDelimited).unwrap();
        query.push_styled("color", &array, QueryStyle::PipeDelimited).unwrap();
        assert_eq!(query.as_str(), "?color=blue%20black%20brown&color=blue%7Cblack%7Cbrown");
    }

    #[test]
    fn deep_objects_name_each_property_in_brackets() {
        let (array, object) = colors();
        assert_eq!(pairs("color", &object, QueryStyle::DeepObject), expect(&[("color[B]", "150"), ("color[G]", "200"), ("color[R]", "100")]));
        assert_eq!(
            pairs("color", &array, QueryStyle::DeepObject),
            expect(&[("color[]", "blue"), ("color[]", "black"), ("color[]", "brown")])
        );
        let nested = json!({"a": {"b": {"c": "d"}}, "list": [1, 2], "rows": [{"x": 1}, [true]], "gone": null});
        let expected = expect(&[("f[a][b][c]", "d"), ("f[list][]", "1"), ("f[list][]", "2"), ("f[rows][0][x]", "1"), ("f[rows][1][]", "true")]);
        assert_eq!(pairs("f", &nested, QueryStyle::DeepObject), expected);
        let mut query = Query::default();
        query.push_styled("created", &json!({"gte": 1}), QueryStyle::DeepObject).unwrap();
        assert_eq!(query.as_str(), "?created%5Bgte%5D=1");
    }

    /// Stripe's list filters: `created` is `anyOf: [range object, integer]` and `expand` an
    /// array, both `style: deepObject`.
    #[test]
    fn stripe_filters_are_bracketed_and_a_plain_value_stays_plain() {
        #[derive(Serialize)]
        struct Range {
            #[serde(skip_serializing_if = "Option::is_none")]
            gte: Option<i64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            lt: Option<i64>,
        }
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Created {
            Range(Range),
            At(i64),
        }
        let range = Created::Range(Range { gte: Some(1_600_000_000), lt: None });
        let mut query = Query::default();
        query.push_styled("created", &range, QueryStyle::DeepObject).unwrap();
        query.push_styled("expand", &vec!["data.customer".to_string(), "data.invoice".to_string()], QueryStyle::DeepObject).unwrap();
        query.push_styled("created", &Created::At(1_600_000_000), QueryStyle::DeepObject).unwrap();
        let expected = expect(&[("created[gte]", "1600000000"), ("expand[]", "data.customer"), ("expand[]", "data.invoice"), ("created", "1600000000")]);
        assert_eq!(decoded(&query), expected);
    }

    #[test]
    fn scalars_are_their_text_in_every_style() {
        for style in [EXPLODED, JOINED, QueryStyle::SpaceDelimited, QueryStyle::PipeDelimited, QueryStyle::DeepObject] {
            assert_eq!(pairs("n", &2.0f64, style), expect(&[("n", "2")]), "{style:?}");
            assert_eq!(pairs("n", &2.5f64, style), expect(&[("n", "2.5")]), "{style:?}");
            assert_eq!(pairs("n", &u64::MAX, style), expect(&[("n", "18446744073709551615")]), "{style:?}");
            assert_eq!(pairs("b", &false, style), expect(&[("b", "false")]), "{style:?}");
            assert_eq!(pairs("s", &"a b&c=d/é", style), expect(&[("s", "a b&c=d/é")]), "{style:?}");
            assert_eq!(pairs("s", &Option::<i32>::None, style), expect(&[]), "{style:?}");
        }
        let mut query = Query::default();
        query.push_styled("s", "a b&c", EXPLODED).unwrap();
        assert_eq!(query.as_str(), "?s=a%20b%26c");
    }

    #[test]
    fn maps_and_nulls_inside() {
        let map: BTreeMap<&str, Option<&str>> = [("a", Some("1")), ("b", None), ("c d", Some("2"))].into();
        assert_eq!(pairs("m", &map, QueryStyle::DeepObject), expect(&[("m[a]", "1"), ("m[c d]", "2")]));
        assert_eq!(pairs("m", &map, EXPLODED), expect(&[("a", "1"), ("c d", "2")]));
        assert_eq!(pairs("m", &map, JOINED), expect(&[("m", "a,1,c d,2")]));
        assert_eq!(pairs("l", &[Some(1), None, Some(3)], JOINED), expect(&[("l", "1,3")]));
        assert_eq!(pairs("l", &[Some(1), None, Some(3)], QueryStyle::DeepObject), expect(&[("l[]", "1"), ("l[]", "3")]));
    }

    #[test]
    fn every_style_makes_a_valid_uri() {
        let value = json!({"a b": ["x|y", "é"], "c[d]": {"e": "f&g"}});
        for style in [EXPLODED, JOINED, QueryStyle::SpaceDelimited, QueryStyle::PipeDelimited, QueryStyle::DeepObject] {
            let mut query = Query::default();
            query.push_styled("p q", &value, style).unwrap();
            let uri = format!("https://x.io/a{}", query.as_str());
            assert!(uri.parse::<http::Uri>().is_ok(), "{style:?}: {uri}");
        }
    }

    #[test]
    fn form_arrays_of_plain_values_are_written_with_to_param() {
        let mut query = Query::default();
        query.push_all("id", &[1, 2], true);
        query.push_all("id", &[1, 2], false);
        assert_eq!(query.as_str(), "?id=1&id=2&id=1%2C2");
    }

    #[test]
    fn query_param_writes_only_present_values() {
        let mut query = Query::default();
        query.param("page", Some(&2i64));
        query.param::<String>("search", None);
        query.param("q", Some(&String::from("a b&c")));
        assert_eq!(query.as_str(), "?page=2&q=a%20b%26c");
    }
}
