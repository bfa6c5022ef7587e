//! Text to a JSON value, for YAML and JSON alike, and back from a JSON pointer to the line it
//! was written on.
//!
//! YAML is read through a visitor of our own rather than `serde_yaml::Value`, so that what
//! YAML allows and OpenAPI means keeps working: integers of any size (`-9223372036854776000`
//! as a bound becomes a float, as it does in JSON), keys that are numbers or booleans (`200:`
//! in `responses` means `"200"`), merge keys (`<<: *defaults`) and tags (`!!str 3`).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// A syntax error: what is wrong and, where the parser knows it, the line and column.
#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub line_col: Option<(usize, usize)>,
}

/// Whether `text` from the file `name` is JSON (by extension, or by its first character).
pub fn is_json(name: &str, text: &str) -> bool {
    name.rsplit('.').next().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('{')
}

/// Parses YAML or JSON text into a value. A UTF-8 byte-order mark is skipped.
pub fn parse(name: &str, text: &str) -> Result<Value, SyntaxError> {
    parse_keeping_duplicates(name, text).map(|(value, _)| value)
}

/// [`parse`], and the JSON pointer of every key a mapping gives twice (the last value is the
/// one kept, as YAML and JSON parsers commonly do; the document is still wrong).
pub fn parse_keeping_duplicates(name: &str, text: &str) -> Result<(Value, Vec<String>), SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let duplicates = Duplicates::default();
    let value = if is_json(name, text) {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = AnyValue(&duplicates).deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        value.map_err(|e| SyntaxError { message: format!("malformed JSON: {e}"), line_col: Some((e.line(), e.column())) })?
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        AnyValue(&duplicates).deserialize(de).map_err(|e: serde_yaml::Error| SyntaxError {
            line_col: e.location().map(|l| (l.line(), l.column())),
            message: format!("malformed YAML: {e}"),
        })?
    };
    let pointers = duplicates
        .into_inner()
        .into_iter()
        .map(|tokens| tokens.iter().rev().map(|t| format!("/{}", escape(t))).collect())
        .collect();
    Ok((value, pointers))
}

/// Keys given twice, each as the path to it, innermost token first: a map's key is added to
/// the paths found below it once its value is read, so no path is built for the keys that
/// are not repeated.
type Duplicates = std::cell::RefCell<Vec<Vec<String>>>;

/// Deserializes any self-describing input into a `serde_json::Value`.
#[derive(Clone, Copy)]
struct AnyValue<'d>(&'d Duplicates);

impl<'de> DeserializeSeed<'de> for AnyValue<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl AnyValue<'_> {
    /// Adds `token` to the paths of the keys found repeated since there were `before`.
    fn under(self, token: impl Fn() -> String, before: usize) {
        let mut found = self.0.borrow_mut();
        for path in found.iter_mut().skip(before) {
            path.push(token());
        }
    }
}

fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for AnyValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let before = self.0.borrow().len();
            let Some(item) = seq.next_element_seed(self)? else { break };
            self.under(|| items.len().to_string(), before);
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut merges = Vec::new();
        while let Some(key) = map.next_key_seed(Key(self))? {
            let before = self.0.borrow().len();
            let value = map.next_value_seed(self)?;
            self.under(|| key.clone(), before);
            if key == "<<" {
                merges.push(value);
            } else if out.insert(key.clone(), value).is_some() {
                self.0.borrow_mut().push(vec![key]);
            }
        }
        // YAML merge keys: the merged mappings fill in what the mapping does not say itself.
        for merged in merges {
            let sources = match merged {
                Value::Array(items) => items,
                other => vec![other],
            };
            for source in sources {
                let Value::Object(source) = source else { continue };
                for (k, v) in source {
                    out.entry(k).or_insert(v);
                }
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag value`): the tag is dropped, the value kept.
        use de::VariantAccess;
        let (_tag, variant): (Value, _) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping key as text: YAML allows numbers, booleans and null as keys.
struct Key<'d>(AnyValue<'d>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        match self.0.deserialize(d)? {
            Value::String(s) => Ok(s),
            Value::Null => Ok("null".into()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(de::Error::custom(format!("a mapping key is not a scalar: {other}"))),
        }
    }
}

/// Finds the line and column (1-based) where the value at a JSON pointer is written, by
/// reading the text the way a person would: each key at the indentation of its mapping (YAML
/// block style) or inside the braces of its object (JSON). The index of every place is built
/// once, on the first question. Where a pointer goes further than the index (flow style,
/// aliases, a place that is not there), the deepest place on its way is given.
#[derive(Debug, Default)]
pub struct Locator {
    text: String,
    index: std::sync::OnceLock<std::collections::HashMap<String, (usize, usize)>>,
    /// Where each line starts in the text (after a byte-order mark), built on the first
    /// question about a line's text.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl Clone for Locator {
    fn clone(&self) -> Self {
        Locator::new(self.text.clone())
    }
}

impl Locator {
    pub fn new(text: String) -> Self {
        Locator { text, index: std::sync::OnceLock::new(), line_starts: std::sync::OnceLock::new() }
    }

    /// The text without its byte-order mark: what lines and columns count in.
    fn body(&self) -> &str {
        self.text.strip_prefix('\u{feff}').unwrap_or(&self.text)
    }

    fn index(&self) -> &std::collections::HashMap<String, (usize, usize)> {
        self.index.get_or_init(|| {
            let text = self.body();
            if is_json("", text) { json::index(text) } else { yaml::index(text) }
        })
    }

    /// Whether the text has more than one line (a minified JSON document has one, and a
    /// line number says nothing there).
    pub fn has_lines(&self) -> bool {
        self.text.trim_end().contains('\n')
    }

    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        let index = self.index();
        let mut pointer = pointer;
        loop {
            if let Some(found) = index.get(pointer) {
                return Some(*found);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    /// The scalar written at exactly `pointer`, as the text has it (`1.10`, which is read as
    /// the number 1.1): a JSON value, or a YAML value on the line of its key or of its `-`.
    /// `None` for a place the index does not have (flow style, another file's text) and for
    /// a value on lines of its own.
    pub fn scalar(&self, pointer: &str) -> Option<&str> {
        let &(line, column) = self.index().get(pointer)?;
        let text = self.body();
        let starts = self.line_starts.get_or_init(|| std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(text.len(), |next| next - 1);
        let from = text.get(start + column - 1..end)?;
        let value = if is_json("", text) {
            from.split(|c: char| c == ',' || c == '}' || c == ']' || c.is_whitespace()).next()?
        } else {
            yaml::value_of(from)?
        };
        (!value.is_empty()).then_some(value)
    }
}

/// Where `pointer` is written in `text`; see [`Locator`].
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    Locator::new(text.to_string()).locate(pointer)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

mod json {
    //! Every place of a JSON text, in one pass without building a value.

    use super::escape;
    use std::collections::HashMap;

    struct Indexer<'t> {
        text: &'t [u8],
        at: usize,
        line: usize,
        line_start: usize,
        places: HashMap<String, (usize, usize)>,
    }

    impl Indexer<'_> {
        fn ws(&mut self) {
            while let Some(&b) = self.text.get(self.at) {
                if !b.is_ascii_whitespace() {
                    break;
                }
                if b == b'\n' {
                    self.line += 1;
                    self.line_start = self.at + 1;
                }
                self.at += 1;
            }
        }

        fn string(&mut self) -> Option<String> {
            self.at += 1;
            let start = self.at;
            while let Some(&b) = self.text.get(self.at) {
                match b {
                    b'\\' => self.at += 2,
                    b'"' => {
                        let raw = std::str::from_utf8(&self.text[start..self.at]).ok()?;
                        self.at += 1;
                        return Some(serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()));
                    }
                    _ => self.at += 1,
                }
            }
            None
        }

        /// Records the value starting here at `pointer`, and everything inside it.
        fn value(&mut self, pointer: String) -> Option<()> {
            self.ws();
            self.places.insert(pointer.clone(), (self.line, self.at - self.line_start + 1));
            match *self.text.get(self.at)? {
                b'{' => {
                    self.at += 1;
                    loop {
                        self.ws();
                        match *self.text.get(self.at)? {
                            b'}' => break,
                            b',' => self.at += 1,
                            b'"' => {
                                let key = self.string()?;
                                self.ws();
                                (self.text.get(self.at) == Some(&b':')).then_some(())?;
                                self.at += 1;
                                self.value(format!("{pointer}/{}", escape(&key)))?;
                            }
                            _ => return None,
                        }
                    }
                    self.at += 1;
                }
                b'[' => {
                    self.at += 1;
                    let mut n = 0;
                    loop {
                        self.ws();
                        match *self.text.get(self.at)? {
                            b']' => break,
                            b',' => self.at += 1,
                            _ => {
                                self.value(format!("{pointer}/{n}"))?;
                                n += 1;
                            }
                        }
                    }
                    self.at += 1;
                }
                b'"' => {
                    self.string()?;
                }
                _ => {
                    while self.text.get(self.at).is_some_and(|b| !b",}] \t\r\n".contains(b)) {
                        self.at += 1;
                    }
                }
            }
            Some(())
        }
    }

    pub fn index(text: &str) -> HashMap<String, (usize, usize)> {
        let mut indexer = Indexer { text: text.as_bytes(), at: 0, line: 1, line_start: 0, places: HashMap::new() };
        indexer.value(String::new());
        indexer.places
    }
}

mod yaml {
    //! Every place of a YAML text in block style, in one pass over its lines.

    use super::escape;
    use std::collections::HashMap;

    /// One line of content: its indentation, its text after it, and its number. A sequence
    /// item's dash is a line of its own (`-`), so that `- name: x` reads as an item holding
    /// a mapping one step further in.
    struct Line<'t> {
        indent: usize,
        rest: &'t str,
        number: usize,
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let mut rest = line.trim_start_matches(' ');
            let mut indent = line.len() - rest.len();
            if rest.is_empty() || rest.starts_with('#') || rest == "---" {
                continue;
            }
            while let Some(item) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
                out.push(Line { indent, rest: "-", number: i + 1 });
                let trimmed = item.trim_start_matches(' ');
                indent += 2 + item.len() - trimmed.len();
                rest = trimmed;
            }
            if !rest.is_empty() {
                out.push(Line { indent, rest, number: i + 1 });
            }
        }
        out
    }

    /// The key of a `key: value` line, if it is one.
    fn key_of(rest: &str) -> Option<&str> {
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let end = rest[1..].find(quote)? + 1;
            return rest[end + 1..].starts_with(':').then(|| &rest[1..end]);
        }
        let colon = rest.find(": ").or_else(|| rest.strip_suffix(':').map(str::len))?;
        Some(rest[..colon].trim_end())
    }

    /// The plain scalar after the key of a `key: value` line, or after the dash of a `- value`
    /// line, without a comment: `1.10` in `version: 1.10 # the API's`.
    pub fn value_of(rest: &str) -> Option<&str> {
        let value = match rest.strip_prefix("- ") {
            Some(item) if key_of(item).is_none() => item,
            _ if rest.starts_with(['"', '\'']) => rest.get(key_of(rest)?.len() + 2..)?.strip_prefix(':')?,
            _ => rest.get(rest.find(": ")? + 1..)?,
        };
        let value = value.split(" #").next().unwrap_or_default().trim();
        (!value.starts_with(['"', '\'', '{', '[', '&', '*', '!', '|', '>', '#'])).then_some(value)
    }

    /// A mapping or sequence being read: the indentation of its entries, its pointer, and
    /// the number of its next item.
    struct Frame {
        indent: usize,
        pointer: String,
        items: usize,
    }

    pub fn index(text: &str) -> HashMap<String, (usize, usize)> {
        let mut places = HashMap::new();
        let lines = lines(text);
        let Some(first) = lines.first() else { return places };
        places.insert(String::new(), (first.number, first.indent + 1));
        let mut stack = vec![Frame { indent: first.indent, pointer: String::new(), items: 0 }];
        let mut last_entry = String::new();
        for line in &lines {
            while stack.len() > 1 && stack.last().is_some_and(|f| f.indent > line.indent) {
                stack.pop();
            }
            if stack.last().is_some_and(|f| f.indent < line.indent) {
                stack.push(Frame { indent: line.indent, pointer: std::mem::take(&mut last_entry), items: 0 });
            }
            let frame = stack.last_mut().expect("the document's frame stays");
            let pointer = if line.rest == "-" {
                frame.items += 1;
                format!("{}/{}", frame.pointer, frame.items - 1)
            } else if let Some(key) = key_of(line.rest) {
                format!("{}/{}", frame.pointer, escape(key))
            } else {
                continue;
            };
            places.entry(pointer.clone()).or_insert((line.number, line.indent + 1));
            last_entry = pointer;
        }
        places
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_integers_in_yaml_are_numbers() {
        let v = parse("a.yaml", "min: -9223372036854776000\nmax: 340282366920938463463374607431768211456\nsmall: 3\n").unwrap();
        assert_eq!(v["min"].as_f64(), Some(-9223372036854776000.0));
        assert!(v["max"].as_f64().unwrap() > 3.4e38);
        assert_eq!(v["small"].as_u64(), Some(3));
    }

    #[test]
    fn keys_merges_tags_and_bom() {
        let v = parse("a.yaml", "\u{feff}base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n200: ok\ntrue: yes\nt: !!str 5\n").unwrap();
        assert_eq!(v["thing"], serde_json::json!({"y": 3, "x": 1}));
        assert_eq!(v["200"], "ok");
        assert_eq!(v["true"], "yes");
        assert_eq!(v["t"], "5");
        assert_eq!(parse("a.json", "\u{feff}{\"a\": 1}").unwrap()["a"], 1);
    }

    #[test]
    fn syntax_errors_have_lines() {
        let e = parse("a.yaml", "a: [unclosed\n").unwrap_err();
        assert!(e.message.starts_with("malformed YAML") && e.line_col.is_some(), "{e:?}");
        let e = parse("a.json", "{\"a\":\n }").unwrap_err();
        assert_eq!(e.line_col.map(|l| l.0), Some(2));
    }

    const YAML: &str = "\
openapi: 3.0.3
# a comment
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - $ref: '#/components/parameters/x'
      responses:
        '200':
          description: |
            text: with colon
          content: {}
components:
  schemas:
    Pet:
      type: object
";

    #[test]
    fn locates_yaml_block_style() {
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get"), Some((5, 5)));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get/responses/200/content"), Some((14, 11)));
        assert_eq!(locate(YAML, "/components/schemas/Pet/type"), Some((18, 7)));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get/parameters/1"), Some((9, 9)));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get/parameters/0/in"), Some((8, 11)));
        // Not there: the deepest step that was.
        assert_eq!(locate(YAML, "/components/schemas/Dog"), Some((16, 3)));
    }

    #[test]
    fn locates_json() {
        let text = "{\n  \"a\": {\"b\": [1,\n {\"c\": \"x\\\"y\"},\n  {\"d\": 2}]}\n}";
        assert_eq!(locate(text, "/a/b/2/d"), Some((4, 9)));
        assert_eq!(locate(text, "/a/b/1"), Some((3, 2)));
        assert_eq!(locate(text, "/a/zz"), Some((2, 8)));
    }
}
