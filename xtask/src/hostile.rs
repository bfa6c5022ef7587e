//! Small hostile documents: deep nesting and long chains, each a few kilobytes, of the kinds a
//! mutation fuzzer found to take exponential time or quadratic output. The tests check what
//! each gives; `cargo xtask bench` times them at two sizes, to show growth is linear.

use serde_json::{json, Value};

/// A document whose one operation answers with `#/components/schemas/S0`.
fn document(schemas: serde_json::Map<String, Value>) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
}

fn reference(i: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/S{i}")})
}

/// `n` schemas `S0..S{n-1}`, each made by `link` from the reference to the next, ending in
/// an object.
fn chain(n: usize, link: impl Fn(Value) -> Value) -> Value {
    let mut schemas: serde_json::Map<String, Value> = (0..n).map(|i| (format!("S{i}"), link(reference(i + 1)))).collect();
    schemas.insert(format!("S{n}"), json!({"type": "object", "properties": {"z": {"type": "string"}}}));
    document(schemas)
}

/// One schema nested `depth` levels through `keyword`, ending in `leaf`.
fn nested(keyword: &str, depth: usize, leaf: Value) -> Value {
    let mut schema = leaf;
    for _ in 0..depth {
        schema = match keyword {
            "not" => json!({"not": schema}),
            "allOf" | "oneOf" | "anyOf" => json!({keyword: [schema]}),
            "items" => json!({"type": "array", "items": schema}),
            "properties" => json!({"type": "object", "properties": {"a": schema}}),
            _ => json!({"type": "object", "additionalProperties": schema}),
        };
    }
    document([("S0".to_string(), schema)].into_iter().collect())
}

pub const NESTING_KEYWORDS: &[&str] = &["not", "allOf", "oneOf", "anyOf", "items", "properties", "additionalProperties"];

/// The hostile documents of size `n` (links in a chain; nesting levels, up to 60 so that
/// the JSON stays within the parsers' 128 levels), by name, as JSON text.
pub fn documents(n: usize) -> Vec<(String, String)> {
    let depth = n.min(60);
    let mut docs: Vec<(String, Value)> = Vec::new();
    for keyword in NESTING_KEYWORDS {
        // `[]` is no schema: every level fails to parse, which once cost 2^depth.
        docs.push((format!("nested-{keyword}-ending-in-a-fault"), nested(keyword, depth, json!([]))));
        docs.push((format!("nested-{keyword}"), nested(keyword, depth, json!({"type": "string"}))));
    }
    docs.push(("reference-chain".into(), chain(n, |next| next)));
    docs.push(("allof-wrapper-chain".into(), chain(n, |next| json!({"allOf": [next], "description": "wraps the next"}))));
    docs.push((
        "allof-inheritance-chain".into(),
        chain(n, |next| json!({"allOf": [next], "properties": {"own": {"type": "string"}}})),
    ));
    docs.push(("array-alias-chain".into(), chain(n, |next| json!({"type": "array", "items": next}))));
    docs.push(("object-chain".into(), chain(n, |next| json!({"type": "object", "properties": {"next": next}}))));
    docs.into_iter().map(|(name, doc)| (name, doc.to_string())).collect()
}
