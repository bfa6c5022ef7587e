//! Stage 1: read a spec file (YAML or JSON) into an `openapiv3::OpenAPI`, with errors that
//! carry the file, the line and column for syntax errors and a JSON pointer for the rest.

use crate::error::{Error, Errors};
use openapiv3::OpenAPI;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A parsed spec and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub doc: OpenAPI,
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let errors = Errors::new(path);
    let text = std::fs::read_to_string(path).map_err(|e| {
        errors.at_line(None, format!("cannot read the spec: {e}"), "check the path passed with --spec")
    })?;
    parse(path, &text)
}

/// Parses spec text; `path` is used for messages and to tell JSON from YAML.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, Error> {
    let errors = Errors::new(path);
    if text.trim().is_empty() {
        return Err(errors.at_line(
            None,
            "the spec file is empty",
            "point --spec at an OpenAPI 3.0 document in YAML or JSON",
        ));
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    let value = if is_json { parse_json(&errors, text)? } else { parse_yaml(&errors, text)? };
    check_version(&errors, &value)?;
    let doc: OpenAPI = serde_path_to_error::deserialize(&value).map_err(|e| {
        let (pointer, message) = refine(&value, path_to_pointer(e.path()), e.inner().to_string());
        errors.at(
            &pointer,
            format!("not a valid OpenAPI 3.0 document: {message}"),
            "fix the value at this location so that it matches the OpenAPI 3.0 specification",
        )
    })?;
    Ok(Loaded { path: path.to_path_buf(), doc })
}

fn parse_json(errors: &Errors, text: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        errors.at_line(
            Some((e.line(), e.column())),
            format!("malformed JSON: {e}"),
            "fix the JSON syntax at this line",
        )
    })
}

fn parse_yaml(errors: &Errors, text: &str) -> Result<Value, Error> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        errors.at_line(line_col, format!("malformed YAML: {e}"), "fix the YAML syntax at this line")
    })?;
    yaml_to_json(errors, yaml, String::new())
}

/// YAML allows keys that are not strings (`200:` in `responses`); OpenAPI means them as
/// strings, so they are converted here rather than rejected.
fn yaml_to_json(errors: &Errors, yaml: serde_yaml::Value, pointer: String) -> Result<Value, Error> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(errors, item, format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(errors.at(
                            &pointer,
                            format!("a mapping key is not a scalar: {other:?}"),
                            "use plain strings as keys",
                        ))
                    }
                };
                let child = crate::error::push_pointer(&pointer, &key);
                out.insert(key, yaml_to_json(errors, value, child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(errors, tagged.value, pointer)?,
    })
}

fn check_version(errors: &Errors, value: &Value) -> Result<(), Error> {
    let Some(object) = value.as_object() else {
        return Err(errors.at(
            "",
            "the document is not a mapping of OpenAPI fields",
            "point --spec at an OpenAPI 3.0 document",
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(errors.at(
            "/swagger",
            format!("this is a Swagger {} document; only OpenAPI 3.0.x is supported", show(swagger)),
            "convert it to OpenAPI 3.0 first (for example with swagger2openapi), then run again",
        ));
    }
    match object.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") => Ok(()),
        Some(v) => Err(errors.at(
            "/openapi",
            format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"),
            "use the 3.0 edition of the API description, or convert it to OpenAPI 3.0",
        )),
        None => Err(errors.at(
            "/openapi",
            "the `openapi` version field is missing",
            "add `openapi: 3.0.3` at the top of the document if it is an OpenAPI 3.0 description",
        )),
    }
}

fn show(value: &Value) -> String {
    value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())
}

/// openapiv3 flattens path items, so serde reports errors inside them at `/paths`; this
/// finds the path item, and the operation in it, that does not parse.
fn refine(value: &Value, pointer: String, message: String) -> (String, String) {
    use openapiv3::{Operation, PathItem, ReferenceOr};
    if pointer != "/paths" {
        return (pointer, message);
    }
    let Some(paths) = value.get("paths").and_then(Value::as_object) else { return (pointer, message) };
    for (path, item) in paths {
        let item_ptr = crate::error::push_pointer("/paths", path);
        let Err(e) = serde_path_to_error::deserialize::<_, ReferenceOr<PathItem>>(item) else { continue };
        let Some(methods) = item.as_object() else { return (item_ptr, e.inner().to_string()) };
        for (method, op) in methods {
            if let Err(e) = serde_path_to_error::deserialize::<_, Operation>(op) {
                if ["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&method.as_str()) {
                    let op_ptr = crate::error::push_pointer(&item_ptr, method);
                    return (format!("{op_ptr}{}", path_to_pointer(e.path())), e.inner().to_string());
                }
            }
        }
        return (item_ptr, e.inner().to_string());
    }
    (pointer, message)
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => format!("{pointer}/{index}"),
            Segment::Map { key } => crate::error::push_pointer(&pointer, key),
            Segment::Enum { variant } => crate::error::push_pointer(&pointer, variant),
            Segment::Unknown => pointer,
        };
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(name: &str, text: &str) -> Error {
        parse(Path::new(name), text).unwrap_err()
    }

    #[test]
    fn empty_file() {
        assert!(err("a.yaml", "  \n").message.contains("empty"));
    }

    #[test]
    fn malformed_yaml_has_line() {
        let e = err("a.yaml", "openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(e.message.starts_with("malformed YAML"), "{e}");
        assert!(e.location.line_col.is_some(), "{e}");
    }

    #[test]
    fn malformed_json_has_line() {
        let e = err("a.json", "{\"openapi\": \"3.0.3\",\n \"info\": }");
        assert_eq!(e.location.line_col.map(|l| l.0), Some(2), "{e}");
    }

    #[test]
    fn versions() {
        assert!(err("a.yaml", "swagger: '2.0'\n").message.contains("Swagger 2.0"));
        assert!(err("a.yaml", "openapi: 3.1.0\n").message.contains("3.1.0"));
        assert!(err("a.yaml", "info: {}\n").message.contains("missing"));
    }

    #[test]
    fn invalid_structure_names_pointer() {
        let e = err(
            "a.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 7\n",
        );
        assert!(e.location.pointer.starts_with("/paths/~1x/get"), "{e}");
    }

    #[test]
    fn integer_keys_become_strings() {
        let doc = parse(
            Path::new("a.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        .unwrap();
        assert_eq!(doc.doc.paths.paths.len(), 1);
    }
}
