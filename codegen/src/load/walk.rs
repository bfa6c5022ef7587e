//! What each place in an OpenAPI document holds: the kinds of object the specification
//! defines, and for each kind the places below it. Bundling and the 3.1 upgrade walk the
//! document with this one map instead of each knowing the structure of OpenAPI.

use serde_json::Value;

/// The kind of object at a place in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Document,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Schema,
    Example,
    Link,
    Callback,
    SecurityScheme,
    /// A `description` or `summary`: some documents write it as a `$ref` to a text elsewhere.
    Text,
    /// The `properties` of a schema, where a document writes them as a `$ref` to a map of
    /// schemas elsewhere.
    Properties,
}

impl Kind {
    /// The section of `components` that holds named objects of this kind, where a `$ref` to
    /// one can stay a reference. Other kinds are copied to where they are used.
    pub fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Response => "responses",
            Kind::Parameter => "parameters",
            Kind::Example => "examples",
            Kind::RequestBody => "requestBodies",
            Kind::Header => "headers",
            Kind::SecurityScheme => "securitySchemes",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            _ => return None,
        })
    }

    /// What an object of this kind is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::PathItem => "path item",
            Kind::Operation => "operation",
            Kind::Parameter => "parameter",
            Kind::Header => "header",
            Kind::RequestBody => "request body",
            Kind::Response => "response",
            Kind::MediaType => "media type",
            Kind::Encoding => "encoding",
            Kind::Schema => "schema",
            Kind::Example => "example",
            Kind::Link => "link",
            Kind::Callback => "callback",
            Kind::SecurityScheme => "security scheme",
            Kind::Text => "text",
            Kind::Properties => "map of properties",
        }
    }

    /// The kind of the named entries of `components/<section>`.
    pub fn of_section(section: &str) -> Option<Kind> {
        Some(match section {
            "schemas" => Kind::Schema,
            "responses" => Kind::Response,
            "parameters" => Kind::Parameter,
            "examples" => Kind::Example,
            "requestBodies" => Kind::RequestBody,
            "headers" => Kind::Header,
            "securitySchemes" => Kind::SecurityScheme,
            "links" => Kind::Link,
            "callbacks" => Kind::Callback,
            "pathItems" => Kind::PathItem,
            _ => return None,
        })
    }
}

pub const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A place below an object: the keys leading to it and the kind of what it holds.
pub type Slot = (Vec<String>, Kind);

fn entries(value: &Value, key: &str, kind: Kind, out: &mut Vec<Slot>) {
    if let Some(map) = value.get(key).and_then(Value::as_object) {
        out.extend(map.keys().filter(|k| !k.starts_with("x-")).map(|k| (vec![key.to_string(), k.clone()], kind)));
    }
}

fn items(value: &Value, key: &str, kind: Kind, out: &mut Vec<Slot>) {
    if let Some(list) = value.get(key).and_then(Value::as_array) {
        out.extend((0..list.len()).map(|i| (vec![key.to_string(), i.to_string()], kind)));
    }
}

fn one(value: &Value, key: &str, kind: Kind, out: &mut Vec<Slot>) {
    if value.get(key).is_some_and(|v| v.is_object() || (kind == Kind::Text && v.is_string())) {
        out.push((vec![key.to_string()], kind));
    }
}

/// The places directly below an object of `kind`, in document order.
pub fn slots(kind: Kind, value: &Value) -> Vec<Slot> {
    let mut out = Vec::new();
    let text = |out: &mut Vec<Slot>| {
        one(value, "description", Kind::Text, out);
        one(value, "summary", Kind::Text, out);
    };
    match kind {
        Kind::Document => {
            entries(value, "paths", Kind::PathItem, &mut out);
            entries(value, "webhooks", Kind::PathItem, &mut out);
            if let Some(components) = value.get("components").and_then(Value::as_object) {
                for (section, entries) in components {
                    let (Some(kind), Some(map)) = (Kind::of_section(section), entries.as_object()) else { continue };
                    out.extend(
                        map.keys()
                            .filter(|k| !k.starts_with("x-"))
                            .map(|k| (vec!["components".to_string(), section.clone(), k.clone()], kind)),
                    );
                }
            }
            if value.pointer("/info/description").is_some() {
                out.push((vec!["info".into(), "description".into()], Kind::Text));
            }
            if let Some(tags) = value.get("tags").and_then(Value::as_array) {
                for (i, tag) in tags.iter().enumerate() {
                    if tag.get("description").is_some() {
                        out.push((vec!["tags".into(), i.to_string(), "description".into()], Kind::Text));
                    }
                }
            }
        }
        Kind::PathItem => {
            text(&mut out);
            for method in METHODS {
                one(value, method, Kind::Operation, &mut out);
            }
            items(value, "parameters", Kind::Parameter, &mut out);
        }
        Kind::Operation => {
            text(&mut out);
            items(value, "parameters", Kind::Parameter, &mut out);
            one(value, "requestBody", Kind::RequestBody, &mut out);
            entries(value, "responses", Kind::Response, &mut out);
            entries(value, "callbacks", Kind::Callback, &mut out);
        }
        Kind::Parameter | Kind::Header => {
            text(&mut out);
            one(value, "schema", Kind::Schema, &mut out);
            entries(value, "content", Kind::MediaType, &mut out);
            entries(value, "examples", Kind::Example, &mut out);
        }
        Kind::RequestBody => {
            text(&mut out);
            entries(value, "content", Kind::MediaType, &mut out);
        }
        Kind::Response => {
            text(&mut out);
            entries(value, "headers", Kind::Header, &mut out);
            entries(value, "content", Kind::MediaType, &mut out);
            entries(value, "links", Kind::Link, &mut out);
        }
        Kind::MediaType => {
            one(value, "schema", Kind::Schema, &mut out);
            entries(value, "examples", Kind::Example, &mut out);
            entries(value, "encoding", Kind::Encoding, &mut out);
        }
        Kind::Encoding => entries(value, "headers", Kind::Header, &mut out),
        Kind::Callback => {
            if let Some(map) = value.as_object() {
                out.extend(map.keys().filter(|k| !k.starts_with("x-")).map(|k| (vec![k.clone()], Kind::PathItem)));
            }
        }
        Kind::Schema => {
            text(&mut out);
            if value.get("properties").and_then(|p| p.get("$ref")).is_some_and(Value::is_string) {
                out.push((vec!["properties".into()], Kind::Properties));
            } else {
                entries(value, "properties", Kind::Schema, &mut out);
            }
            for key in ["patternProperties", "$defs", "definitions"] {
                entries(value, key, Kind::Schema, &mut out);
            }
            for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
                items(value, key, Kind::Schema, &mut out);
            }
            for key in ["not", "additionalProperties", "additionalItems", "contains", "propertyNames"] {
                one(value, key, Kind::Schema, &mut out);
            }
            match value.get("items") {
                Some(Value::Array(_)) => items(value, "items", Kind::Schema, &mut out),
                Some(_) => one(value, "items", Kind::Schema, &mut out),
                None => {}
            }
        }
        Kind::Properties => {
            if let Some(map) = value.as_object() {
                out.extend(map.keys().map(|k| (vec![k.clone()], Kind::Schema)));
            }
        }
        Kind::Example | Kind::Link | Kind::SecurityScheme | Kind::Text => {}
    }
    out
}

/// The value at `tokens` below `value`.
pub fn at_mut<'v>(value: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(value, |v, t| match v {
        Value::Object(map) => map.get_mut(t),
        Value::Array(list) => t.parse::<usize>().ok().and_then(move |i| list.get_mut(i)),
        _ => None,
    })
}

/// The pointer of the place `tokens` lead to below `pointer`.
pub fn pointer_below(pointer: &str, tokens: &[String]) -> String {
    tokens.iter().fold(pointer.to_string(), |p, t| crate::error::push_pointer(&p, t))
}

/// Calls `visit` on every object of `kind` below (and including) `value`, parents first,
/// with its JSON pointer. What `visit` leaves there is walked next, unless it returns `false`.
pub fn visit(value: &mut Value, kind: Kind, pointer: &str, visit: &mut dyn FnMut(Kind, &str, &mut Value) -> bool) {
    if !visit(kind, pointer, value) {
        return;
    }
    for (tokens, child_kind) in slots(kind, value) {
        let child_ptr = pointer_below(pointer, &tokens);
        if let Some(child) = at_mut(value, &tokens) {
            self::visit(child, child_kind, &child_ptr, visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn slots_follow_the_structure() {
        let doc = json!({
            "paths": {"/a": {"get": {"parameters": [{"$ref": "p.yaml"}], "responses": {"200": {"content": {"application/json": {"schema": {"items": {}}}}}}}, "x-skip": {}}},
            "components": {"schemas": {"A": {"properties": {"b": {}}}}, "x-other": {"B": {}}},
            "tags": [{"name": "t", "description": {"$ref": "d.md"}}]
        });
        let mut seen = Vec::new();
        visit(&mut doc.clone(), Kind::Document, "", &mut |kind, ptr, _| {
            seen.push(format!("{kind:?} {ptr}"));
            true
        });
        assert_eq!(
            seen,
            [
                "Document ",
                "PathItem /paths/~1a",
                "Operation /paths/~1a/get",
                "Parameter /paths/~1a/get/parameters/0",
                "Response /paths/~1a/get/responses/200",
                "MediaType /paths/~1a/get/responses/200/content/application~1json",
                "Schema /paths/~1a/get/responses/200/content/application~1json/schema",
                "Schema /paths/~1a/get/responses/200/content/application~1json/schema/items",
                "Schema /components/schemas/A",
                "Schema /components/schemas/A/properties/b",
                "Text /tags/0/description",
            ]
        );
    }
}
