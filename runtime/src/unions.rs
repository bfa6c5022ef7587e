//! What generated unions call to decode and encode a tagged variant.

use crate::decode_value;
use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

/// Decodes a tagged union's value as the variant its tag selects.
#[doc(hidden)]
pub fn decode_variant<T: DeserializeOwned, E: serde::de::Error>(value: &serde_json::Value) -> Result<T, E> {
    decode_value(value).map_err(E::custom)
}

/// Serializes a tagged union's variant whose type may leave the tag out: the tag is added
/// when the value does not hold it.
#[doc(hidden)]
pub fn serialize_tagged<T: Serialize, S: Serializer>(value: &T, property: &str, tag: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(property).or_insert_with(|| tag.into());
    }
    json.serialize(serializer)
}
