//! Small hostile documents: deep nesting, long chains of references (some ending at nothing or
//! at themselves) and descriptions of unbalanced Markdown, each at most a few hundred
//! kilobytes, of the kinds a mutation fuzzer or a hand-made input found to take exponential or
//! quadratic time or output. The tests check what each gives; `cargo xtask bench` times them at
//! two sizes, to show growth is linear.

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
    chain_to(n, link, json!({"type": "object", "properties": {"z": {"type": "string"}}}))
}

/// [`chain`], ending in the schema `last` (`S{n}`).
fn chain_to(n: usize, link: impl Fn(Value) -> Value, last: Value) -> Value {
    let mut schemas: serde_json::Map<String, Value> = (0..n).map(|i| (format!("S{i}"), link(reference(i + 1)))).collect();
    schemas.insert(format!("S{n}"), last);
    document(schemas)
}

/// `n` operations, the `i`-th using `#/components/{section}/X{i}` where `use_site` puts it;
/// `X{i}` refers to `X{i+1}`, and `X{n}` to `#/components/{section}/{last}`.
fn component_chain(n: usize, section: &str, use_site: impl Fn(Value) -> Value, last: &str) -> Value {
    let at = |name: String| json!({"$ref": format!("#/components/{section}/{name}")});
    let paths: serde_json::Map<String, Value> = (0..n).map(|i| (format!("/x{i}"), json!({"get": use_site(at(format!("X{i}")))}))).collect();
    let mut entries: serde_json::Map<String, Value> = (0..n).map(|i| (format!("X{i}"), at(format!("X{}", i + 1)))).collect();
    entries.insert(format!("X{n}"), at(last.to_string()));
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1"},
        "paths": paths,
        "components": {section: entries}
    })
}

/// A document whose one type, `S0`, and its one field are described by `text`.
fn described(text: String) -> Value {
    let schema = json!({"type": "object", "description": text, "properties": {"a": {"type": "string", "description": text}}});
    document([("S0".to_string(), schema)].into_iter().collect())
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
/// the JSON stays within the parsers' 128 levels; 60 characters of description per unit), by
/// name, as JSON text.
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
    // A chain ending at an object of `n` properties: each link was once a copy of it.
    let properties: serde_json::Map<String, Value> = (0..n).map(|i| (format!("p{i}"), json!({"type": "string"}))).collect();
    docs.push(("reference-chain-to-a-large-object".into(), chain_to(n, |next| next, json!({"type": "object", "properties": properties}))));
    // Chains that fail: each link once led to a walk of the rest and a warning of its own.
    docs.push(("reference-chain-to-nothing".into(), chain_to(n, |next| next, json!({"$ref": "#/components/schemas/Missing"}))));
    docs.push(("reference-chain-to-itself".into(), chain_to(n, |next| next, reference(n))));
    docs.push(("reference-cycle".into(), chain_to(n, |next| next, reference(0))));
    docs.push((
        "parameter-chain-to-nothing".into(),
        component_chain(n, "parameters", |p| json!({"parameters": [p], "responses": {"204": {"description": "none"}}}), "Missing"),
    ));
    docs.push(("response-cycle".into(), component_chain(n, "responses", |r| json!({"responses": {"200": r}}), "X0")));
    // Unbalanced Markdown: a link's end was looked for again from every `[`, and a URL's
    // trailing punctuation moved one character at a time.
    docs.push(("description-unclosed-brackets".into(), described("[a ".repeat(20 * n))));
    docs.push(("description-unclosed-links".into(), described("[a](b ".repeat(10 * n))));
    docs.push(("description-url-punctuation".into(), described(format!("see https://example.com/{}", ".".repeat(60 * n)))));
    // A tag of `n` levels (`a0.a1...`): each level was a module nested in the one before.
    let mut deep = document(serde_json::Map::new());
    let tag: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    deep["paths"]["/x"]["get"]["tags"] = json!([tag.join(".")]);
    deep["paths"]["/x"]["get"]["responses"]["200"] = json!({"description": "ok"});
    docs.push(("tag-of-many-levels".into(), deep));
    docs.into_iter().map(|(name, doc)| (name, doc.to_string())).collect()
}
