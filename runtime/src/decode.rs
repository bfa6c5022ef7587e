//! Decoding what servers really send, which is not always what their description says.
//!
//! One deviating leaf never fails a body. A required property the server leaves out gets a
//! default; a scalar of the wrong JSON type is converted where that loses nothing (`"123"`
//! for an integer, `1` for text), else gets a default; `null` where the description forgot
//! `nullable` gets a default; an object where text is declared is kept as its JSON text;
//! a date-time without offset is read as UTC, and any formatted string keeps its text (see
//! [`Formatted`](crate::Formatted)); properties the description does not name are kept (see
//! [`AdditionalProperties`]). Each of these is a [`Deviation`], with the JSON pointer of
//! the value: [`from_json`] lists them, and the client can refuse them (strict mode).
//!
//! Decoding costs what plain serde costs while the body matches its description: it is one
//! `serde_json` pass, with hooks that only count. When a hook fires, or that pass fails, the
//! body is decoded once more from a [`serde_json::Value`] by a deserializer that converts
//! what it can and knows where it is, to name each deviation.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A place where a body differs from its description, and what the decoded value holds
/// there instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// A JSON pointer into the body (`/result/0/created_at`); empty for the body itself.
    pub pointer: String,
    /// What the server sent and what the value holds instead.
    pub reason: String,
}

impl fmt::Display for Deviation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "the body" } else { &self.pointer };
        write!(f, "{at}: {}", self.reason)
    }
}

/// A decoded body with the places where it deviates from its description.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    /// Empty when the body is what the description says.
    pub deviations: Vec<Deviation>,
}

/// Decodes a JSON body as `T`, however the server deviates from the description (see the
/// module documentation). Only a body that is not JSON is an error.
pub fn from_json<T: DeserializeOwned + Serialize>(bytes: &[u8]) -> Result<Decoded<T>, serde_json::Error> {
    let before = tally();
    if let Ok(value) = serde_json::from_slice::<T>(bytes) {
        if tally().deviations == before.deviations {
            return Ok(Decoded { value, deviations: Vec::new() });
        }
    }
    let received: Value = serde_json::from_slice(bytes)?;
    locate(&received)
}

/// Encodes a value as JSON the way it was received: integral numbers of `number` fields are
/// written as integers (`2`, not `2.0`).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, IntegralFloats))?;
    Ok(out)
}

/// `serde_json`'s compact form, with floats that hold integers written as integers.
struct IntegralFloats;

/// The largest magnitude below which every integer is exact in an `f64`.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

impl serde_json::ser::Formatter for IntegralFloats {
    fn write_f64<W: std::io::Write + ?Sized>(&mut self, writer: &mut W, value: f64) -> std::io::Result<()> {
        if value.fract() == 0.0 && value.abs() < EXACT_INTEGERS {
            self.write_i64(writer, value as i64)
        } else {
            serde_json::ser::CompactFormatter.write_f64(writer, value)
        }
    }

    fn write_f32<W: std::io::Write + ?Sized>(&mut self, writer: &mut W, value: f32) -> std::io::Result<()> {
        if value.fract() == 0.0 && f64::from(value).abs() < EXACT_INTEGERS {
            self.write_i64(writer, value as i64)
        } else {
            serde_json::ser::CompactFormatter.write_f32(writer, value)
        }
    }
}

/// The properties of an object that its description does not name (OpenAPI's default is to
/// allow any), kept by name as received and sent back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct AdditionalProperties(pub BTreeMap<String, Value>);

impl AdditionalProperties {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Deref for AdditionalProperties {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for AdditionalProperties {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'de> Deserialize<'de> for AdditionalProperties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::deserialize(deserializer)?;
        with_state(|s| s.tally.unlisted += map.len());
        Ok(AdditionalProperties(map))
    }
}

/// For generated types: what stands in for a required property the server left out.
#[doc(hidden)]
pub fn missing<T: Default>() -> T {
    with_state(|s| {
        s.tally.deviations += 1;
        if s.locating {
            let at = pointer(&s.path);
            s.found.push(Found::Missing(at));
        }
    });
    T::default()
}

/// For generated enums: a value the enum does not list was received. When the enum has one
/// value (a constant), a union member holding it is not the member the value means.
#[doc(hidden)]
pub fn note_unlisted(constant: bool) {
    with_state(|s| match constant {
        true => s.tally.unlisted_constants += 1,
        false => s.tally.unlisted += 1,
    });
}

/// Records a deviation at the value being decoded.
pub(crate) fn deviate(reason: impl FnOnce() -> String) {
    with_state(|s| {
        s.tally.deviations += 1;
        if s.locating {
            let pointer = pointer(&s.path);
            s.found.push(Found::Deviation(Deviation { pointer, reason: reason() }));
        }
    });
}

/// For generated unions: decodes a member from the union's value, the way the body around
/// it is being decoded.
#[doc(hidden)]
pub fn decode_value<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    if with_state(|s| s.locating) {
        T::deserialize(Lenient(value))
    } else {
        T::deserialize(value)
    }
}

/// The member function of an untagged union: decodes the union's value as one member.
#[doc(hidden)]
pub type Member<T> = fn(&Value) -> Result<T, serde_json::Error>;

/// For generated untagged unions: the member that accounts for the value best. A member is
/// out when a constant it declares differs; among the rest, the one with the fewest
/// deviations, then the fewest properties or enum values it does not know, then the first.
#[doc(hidden)]
pub fn decode_union<'de, D: Deserializer<'de>, T>(deserializer: D, members: &[Member<T>]) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let start = with_state(|s| (s.tally, s.found.len()));
    let mut best: Option<(Tally, T, Vec<Found>)> = None;
    for member in members {
        let decoded = member(&value);
        let (tally, found) = with_state(|s| {
            let tally = s.tally.since(start.0);
            s.tally = start.0;
            (tally, s.found.split_off(start.1))
        });
        let Ok(candidate) = decoded else { continue };
        if best.as_ref().is_none_or(|(b, _, _)| tally < *b) {
            let perfect = tally == Tally::default();
            best = Some((tally, candidate, found));
            if perfect {
                break;
            }
        }
    }
    let Some((tally, value, found)) = best else {
        return Err(de::Error::custom("the value has none of the union's shapes"));
    };
    with_state(|s| {
        s.tally = s.tally.plus(tally);
        s.found.extend(found);
    });
    Ok(value)
}

/// For generated tagged unions: the tag of a value, the string its `property` holds; empty
/// (no member's tag) when the value has none, which is a deviation.
#[doc(hidden)]
pub fn tag_of(value: &Value, property: &str) -> String {
    match value.get(property) {
        Some(Value::String(tag)) => tag.clone(),
        other => {
            let what = match other {
                Some(other) => format!("a `{property}` that is not text ({other})"),
                None if value.is_object() => format!("no `{property}`"),
                None => "no object".to_string(),
            };
            deviate(|| format!("{what}, where `{property}` tells the shape apart: kept as received"));
            String::new()
        }
    }
}

/// Keeps the deviations of a decoded response for the client to take.
pub(crate) fn report(deviations: Vec<Deviation>) {
    if !deviations.is_empty() {
        with_state(|s| s.reported.extend(deviations));
    }
}

/// For the client: the deviations of the responses decoded on this thread since the last call.
#[doc(hidden)]
pub fn take_reported() -> Vec<Deviation> {
    with_state(|s| std::mem::take(&mut s.reported))
}

/// What decoding has met so far on this thread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Tally {
    /// Constants the value does not hold: fields its member cannot be.
    unlisted_constants: usize,
    /// Deviations from the description.
    deviations: usize,
    /// Properties and enum values the description does not name.
    unlisted: usize,
}

impl Tally {
    fn since(self, start: Tally) -> Tally {
        Tally {
            unlisted_constants: self.unlisted_constants - start.unlisted_constants,
            deviations: self.deviations - start.deviations,
            unlisted: self.unlisted - start.unlisted,
        }
    }

    fn plus(self, other: Tally) -> Tally {
        Tally {
            unlisted_constants: self.unlisted_constants + other.unlisted_constants,
            deviations: self.deviations + other.deviations,
            unlisted: self.unlisted + other.unlisted,
        }
    }
}

/// A deviation found while locating, or an object with required properties missing (which
/// ones is known only when the decoded value is encoded again).
#[derive(Debug)]
enum Found {
    Deviation(Deviation),
    Missing(String),
}

#[derive(Default)]
struct State {
    tally: Tally,
    /// Set while the second, locating pass runs.
    locating: bool,
    /// Where the locating pass is: the keys and indexes down to the value being decoded.
    path: Vec<String>,
    found: Vec<Found>,
    /// Where the locating pass met a value that does not decode even so.
    failed_at: Option<String>,
    /// The deviations of the bodies `parse_response` decoded since the client last took them.
    reported: Vec<Deviation>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    STATE.with(|s| f(&mut s.borrow_mut()))
}

fn tally() -> Tally {
    with_state(|s| s.tally)
}

fn pointer(path: &[String]) -> String {
    path.iter().map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1"))).collect()
}

/// The second pass: decodes `received` converting what deviates, and names each deviation.
/// A value that still does not decode (a `uuid` that is no UUID) is an error naming its place.
fn locate<T: DeserializeOwned + Serialize>(received: &Value) -> Result<Decoded<T>, serde_json::Error> {
    let pass = LocatingPass::start();
    let decoded = T::deserialize(Lenient(received));
    let (found, failed_at) = pass.finish();
    let value = match (decoded, failed_at) {
        (Ok(value), _) => value,
        (Err(e), Some(at)) if !at.is_empty() => return Err(de::Error::custom(format_args!("{at}: {e}"))),
        (Err(e), _) => return Err(e),
    };
    let deviations = name_missing(found, received, &value);
    Ok(Decoded { value, deviations })
}

/// The state of the thread while a locating pass runs; whatever happens (a panic in a
/// `Deserialize` impl included), the state before it is back when the pass ends.
struct LocatingPass {
    saved: Option<Saved>,
}

/// What a locating pass puts aside: the state of the pass around it, if any.
struct Saved {
    locating: bool,
    path: Vec<String>,
    found: Vec<Found>,
    failed_at: Option<String>,
}

impl LocatingPass {
    fn start() -> Self {
        let saved = with_state(|s| Saved {
            locating: std::mem::replace(&mut s.locating, true),
            path: std::mem::take(&mut s.path),
            found: std::mem::take(&mut s.found),
            failed_at: s.failed_at.take(),
        });
        LocatingPass { saved: Some(saved) }
    }

    /// What the pass found, and where it failed if it did.
    fn finish(mut self) -> (Vec<Found>, Option<String>) {
        self.restore()
    }

    fn restore(&mut self) -> (Vec<Found>, Option<String>) {
        let Some(saved) = self.saved.take() else { return (Vec::new(), None) };
        with_state(|s| {
            s.locating = saved.locating;
            s.path = saved.path;
            (std::mem::replace(&mut s.found, saved.found), std::mem::replace(&mut s.failed_at, saved.failed_at))
        })
    }
}

impl Drop for LocatingPass {
    fn drop(&mut self) {
        self.restore();
    }
}

/// Deviations with each missing required property named: the properties the decoded value
/// has at an object where the received one has none.
fn name_missing<T: Serialize>(found: Vec<Found>, received: &Value, value: &T) -> Vec<Deviation> {
    let mut encoded: Option<Value> = None;
    let mut objects = BTreeSet::new();
    let mut out = Vec::new();
    for found in found {
        let at = match found {
            Found::Deviation(deviation) => {
                out.push(deviation);
                continue;
            }
            Found::Missing(at) => at,
        };
        if !objects.insert(at.clone()) {
            continue;
        }
        let encoded = encoded.get_or_insert_with(|| serde_json::to_value(value).unwrap_or(Value::Null));
        match (encoded.pointer(&at), received.pointer(&at)) {
            (Some(Value::Object(has)), Some(Value::Object(sent))) => {
                for key in has.keys().filter(|key| !sent.contains_key(*key)) {
                    let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push(Deviation { pointer, reason: "required, but absent: a default stands in".into() });
                }
            }
            _ => out.push(Deviation { pointer: at, reason: "required properties are absent: defaults stand in".into() }),
        }
    }
    out
}

/// A deserializer over a received value that converts what deviates from the type asked
/// for, recording a [`Deviation`] at its place each time.
struct Lenient<'a>(&'a Value);

impl Lenient<'_> {
    /// The JSON type of the value, for deviations.
    fn kind(&self) -> &'static str {
        match self.0 {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// Records that the value is not the `wanted` kind and what stands in.
    fn deviate(&self, wanted: &str, instead: &str) {
        let kind = self.kind();
        deviate(|| format!("{kind} where {wanted} is declared: {instead}"));
    }

    /// An integer between `min` and `max` (the Rust type's range, which the visitor would
    /// refuse to leave).
    fn integer<'de, V: Visitor<'de>>(self, visitor: V, min: i128, max: i128) -> Result<V::Value, serde_json::Error> {
        let (read, why): (Option<i128>, &str) = match self.0 {
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => (Some(i.into()), ""),
                (_, Some(u), _) => (Some(u.into()), ""),
                (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < EXACT_INTEGERS => (Some(f as i128), ""),
                _ => (None, ""),
            },
            Value::String(s) => (s.trim().parse::<i128>().ok(), "read as the integer it holds"),
            Value::Bool(b) => (Some(i128::from(*b)), "read as 0 or 1"),
            _ => (None, ""),
        };
        match read {
            Some(n) if (min..=max).contains(&n) => {
                if !why.is_empty() {
                    self.deviate("an integer", why);
                }
                match i64::try_from(n) {
                    Ok(i) => visitor.visit_i64(i),
                    Err(_) => visitor.visit_u64(n as u64),
                }
            }
            Some(n) => {
                deviate(|| format!("{n}, outside {min}..={max}, where an integer of that range is declared: 0 stands in"));
                visitor.visit_i64(0)
            }
            None => {
                self.deviate("an integer", "0 stands in");
                visitor.visit_i64(0)
            }
        }
    }

    fn float<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Number(n) => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(f) => {
                    self.deviate("a number", "read as the number it holds");
                    visitor.visit_f64(f)
                }
                Err(_) => {
                    self.deviate("a number", "0 stands in");
                    visitor.visit_f64(0.0)
                }
            },
            _ => {
                self.deviate("a number", "0 stands in");
                visitor.visit_f64(0.0)
            }
        }
    }

    fn seq<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items { items: items.iter(), index: 0 }),
            Value::Null => {
                self.deviate("an array", "an empty array stands in");
                visitor.visit_seq(Items { items: [].iter(), index: 0 })
            }
            other => {
                self.deviate("an array", "read as its only item");
                visitor.visit_seq(Items { items: std::slice::from_ref(other).iter(), index: 0 })
            }
        }
    }

    fn map<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
        match self.0 {
            Value::Object(map) => visitor.visit_map(Entries { entries: map.iter(), value: None }),
            _ => {
                let kind = self.kind();
                deviate(|| format!("{kind} where an object is declared: an empty object stands in"));
                visitor.visit_map(Entries { entries: EMPTY.get_or_init(serde_json::Map::new).iter(), value: None })
            }
        }
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.integer(visitor, <$ty>::MIN as i128, <$ty>::MAX as i128)
        }
    )*};
}

impl<'de> Deserializer<'de> for Lenient<'_> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Value::String(s) => visitor.visit_str(s),
            Value::Array(_) => self.seq(visitor),
            Value::Object(_) => self.map(visitor),
        }
    }

    integers!(deserialize_i8: i8 deserialize_i16: i16 deserialize_i32: i32 deserialize_i64: i64 deserialize_i128: i64
        deserialize_u8: u8 deserialize_u16: u16 deserialize_u32: u32 deserialize_u64: u64 deserialize_u128: u64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.float(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.float(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::String(s) if s == "true" || s == "false" => {
                self.deviate("a boolean", "read as the boolean it holds");
                visitor.visit_bool(s == "true")
            }
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1) => {
                self.deviate("a boolean", "read as 0 = false, 1 = true");
                visitor.visit_bool(n.as_u64() == Some(1))
            }
            _ => {
                self.deviate("a boolean", "false stands in");
                visitor.visit_bool(false)
            }
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::String(s) => visitor.visit_str(s),
            Value::Null => {
                self.deviate("text", "empty text stands in");
                visitor.visit_str("")
            }
            other => {
                self.deviate("text", "kept as its JSON text");
                visitor.visit_string(other.to_string())
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, _len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Self::Error> {
        self.map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], visitor: V) -> Result<V::Value, Self::Error> {
        self.0.clone().deserialize_enum(name, variants, visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }
}

/// Runs `f` with `segment` on the locating path; the innermost place of a failure is kept.
fn at<R>(segment: String, f: impl FnOnce() -> Result<R, serde_json::Error>) -> Result<R, serde_json::Error> {
    with_state(|s| s.path.push(segment));
    let result = f();
    with_state(|s| {
        if result.is_err() && s.failed_at.is_none() {
            s.failed_at = Some(pointer(&s.path));
        }
        s.path.pop()
    });
    result
}

struct Items<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = serde_json::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Self::Error> {
        let Some(item) = self.items.next() else { return Ok(None) };
        self.index += 1;
        at((self.index - 1).to_string(), || seed.deserialize(Lenient(item))).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<(&'a String, &'a Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some((key, value));
        seed.deserialize(key.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Self::Error> {
        let (key, value) = self.value.take().ok_or_else(|| de::Error::custom("a value was asked for before its key"))?;
        at(key.clone(), || seed.deserialize(Lenient(value)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Policy {
        #[serde(default = "missing")]
        id: i64,
        #[serde(default = "missing")]
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
        #[serde(flatten, default, skip_serializing_if = "AdditionalProperties::is_empty")]
        additional_properties: AdditionalProperties,
    }

    fn decode<T: DeserializeOwned + Serialize>(value: Value) -> Decoded<T> {
        from_json(&serde_json::to_vec(&value).unwrap()).unwrap()
    }

    /// The places of the deviations, sorted: objects keep their keys in order only with
    /// `serde_json`'s `preserve_order`, which another crate of the build may turn on.
    fn pointers(d: &[Deviation]) -> Vec<&str> {
        let mut places: Vec<&str> = d.iter().map(|d| d.pointer.as_str()).collect();
        places.sort();
        places
    }

    #[test]
    fn a_body_as_described_has_no_deviations() {
        let d = decode::<Policy>(json!({"id": 1, "name": "a", "tags": ["x"]}));
        assert_eq!(d.value.id, 1);
        assert!(d.deviations.is_empty());
    }

    #[test]
    fn missing_required_properties_get_defaults_and_are_named() {
        let d = decode::<Vec<Policy>>(json!([{"id": 1, "name": "a"}, {"comment": "c"}]));
        assert_eq!(d.value[1], Policy { comment: Some("c".into()), ..Policy::default() });
        assert_eq!(pointers(&d.deviations), ["/1/id", "/1/name"]);
        assert!(d.deviations[0].reason.contains("absent"), "{}", d.deviations[0]);
    }

    #[test]
    fn wrong_scalar_types_are_converted_where_nothing_is_lost() {
        let d = decode::<Policy>(json!({"id": "123", "name": 7, "tags": "one"}));
        assert_eq!((d.value.id, d.value.name.as_str(), d.value.tags.clone()), (123, "7", Some(vec!["one".to_string()])));
        assert_eq!(pointers(&d.deviations), ["/id", "/name", "/tags"]);
    }

    #[test]
    fn what_cannot_be_converted_gets_a_default_with_a_deviation() {
        let d = decode::<Policy>(json!({"id": "abc", "name": null, "comment": {"a": 1}}));
        assert_eq!((d.value.id, d.value.name.as_str()), (0, ""));
        assert_eq!(d.value.comment.as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(pointers(&d.deviations), ["/comment", "/id", "/name"]);
    }

    #[test]
    fn undeclared_properties_are_kept_and_sent_back() {
        let body = json!({"id": 1, "name": "a", "push_id": 5, "commits": [{"sha": "x"}]});
        let d = decode::<Policy>(body.clone());
        assert_eq!(d.value.additional_properties["push_id"], json!(5));
        assert!(d.deviations.is_empty());
        assert_eq!(serde_json::from_slice::<Value>(&to_json(&d.value).unwrap()).unwrap(), json!({"id": 1, "name": "a", "push_id": 5, "commits": [{"sha": "x"}]}));
    }

    #[test]
    fn integral_floats_are_written_as_integers() {
        assert_eq!(to_json(&json!([2.0, 2.5, -3.0, 1e300])).unwrap(), b"[2,2.5,-3,1e+300]");
        assert_eq!(to_json(&[1.0f32, 0.5]).unwrap(), b"[1,0.5]");
    }

    #[derive(Debug, Deserialize, Serialize)]
    struct Strict {
        #[serde(default)]
        inner: Option<Vec<Exact>>,
    }

    /// A type whose own `Deserialize` refuses what it does not know, as `uuid` does.
    #[derive(Debug, Serialize)]
    struct Exact;

    impl<'de> Deserialize<'de> for Exact {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            match String::deserialize(deserializer)?.as_str() {
                "exact" => Ok(Exact),
                other => Err(de::Error::custom(format_args!("not exact: {other}"))),
            }
        }
    }

    #[test]
    fn a_value_no_conversion_reads_is_an_error_naming_its_place() {
        let error = from_json::<Strict>(br#"{"inner": ["exact", "loose"]}"#).unwrap_err().to_string();
        assert!(error.starts_with("/inner/1: not exact: loose"), "{error}");
        // The thread is left as it was: the next body decodes as fast as ever.
        assert!(from_json::<Strict>(br#"{"inner": ["exact"]}"#).is_ok());
        assert!(!with_state(|s| s.locating));
    }

    #[test]
    fn bytes_in_any_base64_alphabet_decode_and_other_text_is_a_deviation() {
        let d = from_json::<Vec<crate::Base64>>(br#"["aGk=", "aGk", "-_8", "data:image/png"]"#).unwrap();
        let bytes: Vec<&[u8]> = d.value.iter().map(|b| b.0.as_slice()).collect();
        assert_eq!(bytes, [&b"hi"[..], b"hi", &[0xfb, 0xff], b""]);
        assert_eq!(pointers(&d.deviations), ["/3"]);
    }

    #[test]
    fn syntax_errors_are_errors() {
        assert!(from_json::<Policy>(b"{\"id\": ").is_err());
    }

    #[derive(Debug, PartialEq, Serialize)]
    #[serde(untagged)]
    enum Shape {
        Card(Card),
        Bank(Bank),
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Card {
        #[serde(default = "missing")]
        number: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        brand: Option<String>,
        #[serde(flatten, default, skip_serializing_if = "AdditionalProperties::is_empty")]
        additional_properties: AdditionalProperties,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Bank {
        #[serde(default = "missing")]
        number: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        routing: Option<String>,
        #[serde(flatten, default, skip_serializing_if = "AdditionalProperties::is_empty")]
        additional_properties: AdditionalProperties,
    }

    impl<'de> Deserialize<'de> for Shape {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            decode_union(deserializer, &[|v| decode_value(v).map(Shape::Card), |v| decode_value(v).map(Shape::Bank)])
        }
    }

    #[test]
    fn a_union_takes_the_member_that_accounts_for_most_of_the_value() {
        let d = decode::<Shape>(json!({"number": "1", "routing": "r"}));
        assert!(matches!(&d.value, Shape::Bank(b) if b.routing.as_deref() == Some("r")), "{:?}", d.value);
        let d = decode::<Shape>(json!({"number": "1", "brand": "visa"}));
        assert!(matches!(d.value, Shape::Card(_)));
        // Neither member is perfect: the one with fewer deviations wins, and they are kept.
        let d = decode::<Vec<Shape>>(json!([{"routing": "r"}]));
        assert!(matches!(d.value[0], Shape::Bank(_)));
        assert_eq!(pointers(&d.deviations), ["/0/number"]);
    }

    #[test]
    fn a_tag_that_is_missing_is_a_deviation() {
        let d = from_json::<Value>(b"{}").unwrap();
        assert!(d.deviations.is_empty());
        assert_eq!(tag_of(&json!({"type": "a"}), "type"), "a");
        assert_eq!(tag_of(&json!({}), "type"), "");
    }
}
