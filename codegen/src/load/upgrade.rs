//! OpenAPI 3.1 read as the 3.0 the rest of the generator knows: each 3.1 way of saying a
//! thing is rewritten into the 3.0 way of saying the same thing, so there is one document
//! model inside the generator (openapiv3's).
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [A, B]` | `anyOf: [{type: A}, {type: B}]`, each with the keywords of its type |
//! | `type: "null"`, a `{type: "null"}` member of `oneOf`/`anyOf` | `enum: [null]`, `nullable: true` |
//! | `const: x` | `enum: [x]` |
//! | `examples: [a, ...]` (in a schema) | `example: a` |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (the same for maximum) |
//! | `$ref` with other keywords next to it | `allOf: [{$ref}]` with those keywords |
//! | `contentEncoding: base64` / `contentMediaType` of binary data | `format: byte` / `format: binary` |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `webhooks` | kept as they are: [`load`](super) reads them beside the 3.0 document |
//!
//! A document without `paths` (optional in 3.1) is completed by [`load`](super) for either
//! version, with a warning only for 3.0.

use super::walk::{self, Kind};
use serde_json::{json, Map, Value};

/// Whether the document says it is OpenAPI 3.1.
pub fn is_3_1(doc: &Value) -> bool {
    doc.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"))
}

/// Rewrites a 3.1 document in place into 3.0.
pub fn upgrade(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else { return };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    walk::visit(doc, Kind::Document, "", &mut |kind, _, node| {
        if kind == Kind::Schema {
            schema(node);
        }
        true
    });
}

/// The keywords that belong to one type when a schema allows several.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "array" => &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties", "patternProperties"],
        "string" => &["minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "format"],
        _ => &[],
    }
}

fn null_schema() -> Value {
    json!({"enum": [null], "nullable": true})
}

/// Rewrites one schema object (not what is below it: the walk comes back for that).
fn schema(node: &mut Value) {
    if let Value::Bool(allowed) = node {
        *node = if *allowed { json!({}) } else { json!({"not": {}}) };
        return;
    }
    let Value::Object(s) = node else { return };
    if s.contains_key("$ref") && s.keys().any(|k| k != "$ref" && !k.starts_with("x-")) {
        let reference = s.remove("$ref").expect("checked");
        let mut all_of = vec![json!({ "$ref": reference })];
        if let Some(Value::Array(existing)) = s.remove("allOf") {
            all_of.extend(existing);
        }
        s.insert("allOf".into(), Value::Array(all_of));
    }
    match s.remove("type") {
        Some(Value::Array(types)) => {
            let nullable = types.iter().any(|t| t == "null");
            let types: Vec<String> = types.iter().filter_map(Value::as_str).filter(|t| *t != "null").map(str::to_string).collect();
            match types.as_slice() {
                [] => *s = null_schema().as_object().cloned().unwrap_or_default(),
                [one] => {
                    s.insert("type".into(), Value::String(one.clone()));
                }
                several => {
                    let members: Vec<Value> = several
                        .iter()
                        .map(|ty| {
                            let mut member = Map::new();
                            member.insert("type".into(), Value::String(ty.clone()));
                            for key in keywords_of(ty) {
                                if let Some(v) = s.get(*key) {
                                    member.insert(key.to_string(), v.clone());
                                }
                            }
                            Value::Object(member)
                        })
                        .collect();
                    for ty in several {
                        for key in keywords_of(ty) {
                            s.remove(*key);
                        }
                    }
                    if s.contains_key("anyOf") || s.contains_key("oneOf") {
                        let mut all_of = s.remove("allOf").and_then(|a| a.as_array().cloned()).unwrap_or_default();
                        all_of.push(json!({ "anyOf": members }));
                        s.insert("allOf".into(), Value::Array(all_of));
                    } else {
                        s.insert("anyOf".into(), Value::Array(members));
                    }
                }
            }
            if nullable {
                s.insert("nullable".into(), Value::Bool(true));
            }
        }
        Some(Value::String(t)) if t == "null" => {
            s.insert("enum".into(), json!([null]));
            s.insert("nullable".into(), Value::Bool(true));
        }
        Some(other) => {
            s.insert("type".into(), other);
        }
        None => {}
    }
    // Tuples (`prefixItems`, `items: false`): an array of any of the positions' types.
    if let Some(Value::Array(positions)) = s.remove("prefixItems") {
        if !s.get("items").is_some_and(Value::is_object) {
            let first = positions.first().cloned().unwrap_or_else(|| json!({}));
            let items = if positions.iter().all(|p| *p == first) { first } else { json!({ "anyOf": positions }) };
            s.insert("items".into(), items);
        }
    }
    if let Some(Value::Bool(_)) = s.get("items") {
        s.insert("items".into(), json!({}));
    }
    if let Some(value) = s.remove("const") {
        s.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = s.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            s.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(n) = s.get(exclusive).filter(|v| v.is_number()).cloned() {
            s.insert(bound.into(), n);
            s.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if !s.contains_key("format") {
        let encoding = s.get("contentEncoding").and_then(Value::as_str);
        let media = s.get("contentMediaType").and_then(Value::as_str);
        let format = match (encoding, media) {
            (Some(e), _) if e.starts_with("base64") => Some("byte"),
            (None, Some(m)) if !m.starts_with("text/") && !m.contains("json") && !m.contains("xml") => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            s.insert("format".into(), Value::String(format.into()));
            s.entry("type").or_insert_with(|| Value::String("string".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn up(v: Value) -> Value {
        let mut v = v;
        schema(&mut v);
        v
    }

    #[test]
    fn type_arrays() {
        assert_eq!(up(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
        assert_eq!(up(json!({"type": "null"})), json!({"enum": [null], "nullable": true}));
        assert_eq!(
            up(json!({"type": ["string", "array"], "items": {"type": "string"}, "maxLength": 3, "description": "d"})),
            json!({"description": "d", "anyOf": [{"type": "string", "maxLength": 3}, {"type": "array", "items": {"type": "string"}}]})
        );
    }

    #[test]
    fn keywords() {
        assert_eq!(up(json!({"const": "a"})), json!({"enum": ["a"]}));
        assert_eq!(up(json!({"examples": [1, 2]})), json!({"example": 1}));
        assert_eq!(up(json!({"exclusiveMinimum": 0})), json!({"minimum": 0, "exclusiveMinimum": true}));
        assert_eq!(up(json!({"type": "string", "contentEncoding": "base64"}))["format"], "byte");
        assert_eq!(up(json!({"type": "string", "contentMediaType": "image/png"}))["format"], "binary");
        assert_eq!(up(json!({"$ref": "#/components/schemas/A", "description": "d"})), json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"}));
        assert_eq!(up(json!({"$ref": "#/components/schemas/A"})), json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(up(json!(false)), json!({"not": {}}));
        assert_eq!(
            up(json!({"type": "array", "items": false, "prefixItems": [{"type": "string"}, {"type": "string"}]})),
            json!({"type": "array", "items": {"type": "string"}})
        );
    }

    #[test]
    fn document() {
        let body = json!({"content": {"application/json": {"schema": {"type": ["string", "null"]}}}});
        let mut doc = json!({"openapi": "3.1.0", "info": {}, "webhooks": {"a": {"post": {"requestBody": body}}}, "components": {"schemas": {"A": {"type": ["integer", "null"]}}}});
        upgrade(&mut doc);
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["components"]["schemas"]["A"], json!({"type": "integer", "nullable": true}));
        assert_eq!(doc["webhooks"]["a"]["post"]["requestBody"]["content"]["application/json"]["schema"], json!({"type": "string", "nullable": true}), "webhooks are kept, their schemas read as 3.0");
    }
}
