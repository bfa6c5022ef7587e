//! Numbers and booleans written where OpenAPI wants text: `info: {version: 1}`, `1.0`, a
//! `description: 404`, an `enum: [1, 2]` of a string schema. YAML reads them as numbers,
//! and documents written by hand are full of them; each is read as the text it is written
//! with (`1.10` stays `1.10`, where the text has it), with a warning at its place.

use super::parse::Locator;
use super::walk::Kind;
use crate::error::{push_pointer, Warning};
use serde_json::Value;

/// The places below an object of each kind where OpenAPI wants text: keys, with `*` for
/// every entry of a map or item of a list.
fn text_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Document => &[
            "info/title", "info/version", "info/summary", "info/description", "info/termsOfService", "info/contact/name",
            "info/contact/url", "info/contact/email", "info/license/name", "info/license/url", "info/license/identifier",
            "tags/*/name", "tags/*/description", "tags/*/externalDocs/description", "tags/*/externalDocs/url",
            "externalDocs/description", "externalDocs/url",
        ],
        Kind::PathItem => &["summary", "description"],
        Kind::Operation => &["summary", "description", "operationId", "tags/*", "externalDocs/description", "externalDocs/url"],
        Kind::Parameter => &["name", "description"],
        Kind::Header | Kind::RequestBody | Kind::Response => &["description"],
        Kind::Encoding => &["contentType"],
        Kind::Schema => &[
            "title", "description", "pattern", "required/*", "discriminator/propertyName", "discriminator/mapping/*",
            "externalDocs/description", "externalDocs/url", "xml/name", "xml/namespace", "xml/prefix",
        ],
        Kind::Example => &["summary", "description", "externalValue"],
        Kind::Link => &["operationId", "operationRef", "description"],
        Kind::SecurityScheme => &[
            "description", "name", "scheme", "bearerFormat", "openIdConnectUrl", "flows/*/authorizationUrl", "flows/*/tokenUrl",
            "flows/*/refreshUrl", "flows/*/scopes/*",
        ],
        Kind::MediaType | Kind::Callback | Kind::Text | Kind::Properties => &[],
    }
}

/// The text of the `servers` a document, a path item or an operation gives.
const SERVER_FIELDS: &[&str] =
    &["servers/*/url", "servers/*/description", "servers/*/variables/*/default", "servers/*/variables/*/description", "servers/*/variables/*/enum/*"];

/// Makes text of every number or boolean where an object of `kind` (at `pointer`) wants
/// text, with a warning for each; called on every object of the document by the load's
/// repair walk. `lines` gives the text of the root file, where a number is read as written.
pub(super) fn as_text(kind: Kind, node: &mut Value, pointer: &str, lines: &Locator, warnings: &mut Vec<Warning>) {
    let servers = if matches!(kind, Kind::Document | Kind::PathItem | Kind::Operation) { SERVER_FIELDS } else { &[] };
    for field in text_fields(kind).iter().chain(servers) {
        fix(node, field.split('/'), pointer, lines, warnings);
    }
    // The values of a string enum are text too (`enum: [1, 2]` of `type: string`).
    if kind == Kind::Schema && node.get("type").and_then(Value::as_str) == Some("string") {
        fix(node, "enum/*".split('/'), pointer, lines, warnings);
    }
}

/// Follows `tokens` below `node` (at `pointer`); a number or boolean at their end becomes
/// text. Only the places that are there are visited, and a pointer is made only for them.
fn fix(node: &mut Value, mut tokens: std::str::Split<'_, char>, pointer: &str, lines: &Locator, warnings: &mut Vec<Warning>) {
    let Some(token) = tokens.next() else { return };
    let last = tokens.clone().next().is_none();
    let mut at = |child: &mut Value, key: &str| match child {
        Value::Number(_) | Value::Bool(_) if last => make_text(child, &push_pointer(pointer, key), lines, warnings),
        Value::Object(_) | Value::Array(_) if !last => fix(child, tokens.clone(), &push_pointer(pointer, key), lines, warnings),
        _ => {}
    };
    match (node, token) {
        (Value::Object(map), "*") => map.iter_mut().filter(|(k, _)| !k.starts_with("x-")).for_each(|(key, child)| at(child, key)),
        (Value::Array(items), "*") => items.iter_mut().enumerate().for_each(|(i, child)| at(child, &i.to_string())),
        (Value::Object(map), key) => {
            if let Some(child) = map.get_mut(key) {
                at(child, key);
            }
        }
        _ => {}
    }
}

/// Replaces the number or boolean at `pointer` by its text, with a warning.
fn make_text(value: &mut Value, pointer: &str, lines: &Locator, warnings: &mut Vec<Warning>) {
    let Some(text) = text_of(value, pointer, lines) else { return };
    let key = pointer.rsplit('/').next().map(crate::error::pointer_key).unwrap_or_default();
    let what = if value.is_boolean() { "a boolean" } else { "a number" };
    warnings.push(Warning::at(pointer, format!("`{key}` is {what} where OpenAPI wants text; it is read as the text \"{text}\"")));
    *value = Value::String(text);
}

/// The text a number or boolean stands for: as written in the root file where that is the
/// same value (YAML reads `1.10` as 1.1), else as serde_json prints it (`1.0` for the float).
fn text_of(value: &Value, pointer: &str, lines: &Locator) -> Option<String> {
    let written = lines.scalar(pointer);
    match value {
        Value::Number(n) => {
            let same = written.filter(|w| w.parse::<f64>().ok() == n.as_f64());
            Some(same.map_or_else(|| n.to_string(), str::to_string))
        }
        Value::Bool(b) => {
            let same = written.filter(|w| w.eq_ignore_ascii_case(&b.to_string()));
            Some(same.map_or_else(|| b.to_string(), str::to_string))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::walk;
    use super::*;
    use serde_json::json;

    /// The document with [`as_text`] applied to every object, and the warnings.
    fn read_as(name: &str, text: &str) -> (Value, Vec<String>) {
        let mut doc = super::super::parse::parse(name, text).expect("the text parses");
        let (lines, mut warnings) = (Locator::new(text.to_string()), Vec::new());
        walk::visit(&mut doc, Kind::Document, "", &mut |kind, pointer, node| {
            as_text(kind, node, pointer, &lines, &mut warnings);
            true
        });
        (doc, warnings.iter().map(|w| format!("{}: {}", w.pointer, w.message)).collect())
    }

    fn read(text: &str) -> (Value, Vec<String>) {
        read_as("a.yaml", text)
    }

    #[test]
    fn numbers_in_info_are_read_as_written() {
        let (doc, warnings) = read("openapi: 3.0.3\ninfo:\n  title: 2024\n  version: 1.10 # a comment\npaths: {}\n");
        assert_eq!(doc["info"], json!({"title": "2024", "version": "1.10"}));
        assert_eq!(
            warnings,
            [
                "/info/title: `title` is a number where OpenAPI wants text; it is read as the text \"2024\"",
                "/info/version: `version` is a number where OpenAPI wants text; it is read as the text \"1.10\"",
            ]
        );
    }

    #[test]
    fn list_items_are_read_as_written() {
        let (doc, _) = read("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers:\n  - url: https://x\n    variables:\n      v:\n        default: 1.10\n        enum:\n          - 1.10\n          - 2.0 # next\npaths: {}\n");
        assert_eq!(doc["servers"][0]["variables"]["v"], json!({"default": "1.10", "enum": ["1.10", "2.0"]}));
    }

    #[test]
    fn a_float_keeps_its_point_where_the_text_is_not_at_hand() {
        // Flow style: the index does not reach inside, so the value is printed.
        let (doc, _) = read("openapi: 3.0.3\ninfo: {title: t, version: 1.0}\npaths: {}\n");
        assert_eq!(doc["info"]["version"], "1.0");
        let (doc, warnings) = read("openapi: 3.0.3\ninfo: {title: t, version: 1}\npaths: {}\n");
        assert_eq!(doc["info"]["version"], "1");
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn json_numbers_are_read_as_written() {
        let text = "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"t\", \"version\": 2.50},\n \"paths\": {}}";
        let (doc, warnings) = read_as("a.json", text);
        assert_eq!(doc["info"]["version"], "2.50");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("/info/version: "), "{warnings:?}");
    }

    #[test]
    fn text_fields_below_operations_schemas_and_tags() {
        let (doc, warnings) = read(
            "openapi: 3.0.3
info: {title: t, version: '1'}
tags:
  - name: 2
    description: true
paths:
  /a:
    get:
      operationId: 7
      tags: [2]
      parameters:
        - {name: limit, in: query, description: 10, schema: {type: string, enum: [1, 2.5, x], pattern: 123}}
      responses:
        '200': {description: 200}
components:
  schemas:
    Count: {type: integer, enum: [1, 2], description: 3}
",
        );
        assert_eq!(doc["tags"][0], json!({"name": "2", "description": "true"}));
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!((&op["operationId"], &op["tags"][0]), (&json!("7"), &json!("2")));
        assert_eq!(op["parameters"][0]["description"], "10");
        assert_eq!(op["parameters"][0]["schema"], json!({"type": "string", "enum": ["1", "2.5", "x"], "pattern": "123"}));
        assert_eq!(op["responses"]["200"]["description"], "200");
        // An integer enum stays numbers; its description becomes text.
        assert_eq!(doc["components"]["schemas"]["Count"], json!({"type": "integer", "enum": [1, 2], "description": "3"}));
        let pointers: Vec<&str> = warnings.iter().map(|w| w.split(':').next().unwrap()).collect();
        assert_eq!(
            pointers,
            [
                "/tags/0/name",
                "/tags/0/description",
                "/paths/~1a/get/operationId",
                "/paths/~1a/get/tags/0",
                "/paths/~1a/get/parameters/0/description",
                "/paths/~1a/get/parameters/0/schema/pattern",
                "/paths/~1a/get/parameters/0/schema/enum/0",
                "/paths/~1a/get/parameters/0/schema/enum/1",
                "/paths/~1a/get/responses/200/description",
                "/components/schemas/Count/description",
            ]
        );
        assert!(warnings[1].ends_with("is a boolean where OpenAPI wants text; it is read as the text \"true\""), "{}", warnings[1]);
    }

    #[test]
    fn text_stays_text() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1.0'}\npaths: {}\n";
        let (doc, warnings) = read(text);
        assert_eq!(doc, super::super::parse::parse("a.yaml", text).unwrap());
        assert!(warnings.is_empty());
    }
}
