//! Stage 1: read a spec into an `openapiv3::OpenAPI`, whatever the vendor published: YAML
//! or JSON ([`parse`](mod@parse)), one file or many, with references to any place ([`bundle`]), OpenAPI
//! 3.0 or 3.1 ([`upgrade`]). Errors carry the file, the line and column where the text has
//! them, and a JSON pointer; a fault in one operation or component leaves that piece out
//! with a warning instead of stopping the document.

pub mod bundle;
pub mod parse;
pub mod scalars;
pub mod upgrade;
pub mod walk;

use crate::error::{push_pointer, Error, Errors, Warning};
use openapiv3::OpenAPI;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A parsed spec and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    /// Finds the line of a JSON pointer in the spec's text.
    pub lines: parse::Locator,
    pub doc: OpenAPI,
    /// What had to be left out or repaired while reading.
    pub warnings: Vec<Warning>,
    /// References that cannot be followed, by number (see [`bundle::BROKEN`]): what uses
    /// one is left out, with this error as the reason.
    pub broken: Vec<Error>,
    /// Every file read: the spec, then the files it refers to.
    pub files: Vec<PathBuf>,
    /// OpenAPI 3.1's `webhooks` (which openapiv3 does not read): the requests the API sends,
    /// by name.
    pub webhooks: indexmap::IndexMap<String, openapiv3::PathItem>,
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let errors = Errors::new(path);
    let bytes = std::fs::read(path).map_err(|e| {
        errors.at_line(None, format!("cannot read the spec: {e}"), "check the path passed with --spec")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        errors.at_line(None, format!("the spec is not UTF-8 text: {e}"), "save the document as UTF-8")
    })?;
    parse(path, &text)
}

/// Parses spec text; `path` is used for messages, to tell JSON from YAML, and as the place
/// relative references start from.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, Error> {
    let errors = Errors::new(path);
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(errors.at_line(
            None,
            "the spec file is empty",
            "point --spec at an OpenAPI 3.0 or 3.1 document in YAML or JSON",
        ));
    }
    let (value, duplicates) = parse::parse_keeping_duplicates(&path.to_string_lossy(), text).map_err(|e| {
        if e.message.contains("recursion limit exceeded") {
            // The parsers' own limit (128 levels) bounds how deep every later stage recurses.
            return errors.at_line(
                e.line_col,
                "the document nests more than 128 levels deep here",
                "no API description needs that many: move nested schemas into `components/schemas` and refer to them with `$ref`",
            );
        }
        let help = if e.message.starts_with("malformed JSON") { "fix the JSON syntax at this line" } else { "fix the YAML syntax at this line" };
        errors.at_line(e.line_col, e.message, help)
    })?;
    let lines = parse::Locator::new(text.to_string());
    // Faults of the whole document get the line of their place where the text has it.
    let locate = |lines: &parse::Locator, mut e: Error| {
        if e.location.line_col.is_none() && e.location.file == path {
            e.location.line_col = lines.locate(&e.location.pointer);
        }
        e
    };
    let value = check_version(&errors, value).and_then(|v| check_required(&errors, v)).map_err(|e| locate(&lines, e))?;
    let bundled = bundle::bundle(path, lines, value);
    let (mut doc, lines, mut warnings, mut broken, files) = (bundled.doc, bundled.lines, bundled.warnings, bundled.broken, bundled.files);
    warnings.splice(0..0, duplicates.iter().map(|pointer| Warning::at(pointer, duplicate_key(pointer))));
    let is_3_1 = upgrade::is_3_1(&doc);
    if is_3_1 {
        upgrade::upgrade(&mut doc);
    }
    drop_unknown_statuses(&mut doc, &mut warnings);
    if let Some(root) = doc.as_object_mut().filter(|d| !d.contains_key("paths")) {
        // OpenAPI 3.1 makes `paths` optional (a document of components or webhooks); 3.0
        // requires it, so a 3.0 document without it is told.
        if !is_3_1 {
            warnings.push(Warning::at("", "the document has no `paths`: the crate has types and no operations"));
        }
        root.insert("paths".into(), Value::Object(Default::default()));
    }
    let (doc, webhooks) = deserialize(&errors, doc, &lines, &mut warnings, &mut broken).map_err(|e| locate(&lines, e))?;
    Ok(Loaded { path: path.to_path_buf(), lines, doc, warnings, broken, files, webhooks })
}

/// What a key given twice in one mapping is told.
pub(crate) fn duplicate_key(pointer: &str) -> String {
    let key = pointer.rsplit('/').next().map(crate::error::pointer_key).unwrap_or_default();
    format!("`{key}` is given more than once in this mapping; the last value is used")
}

/// The typed document, and its webhooks. Where it does not parse, each operation and each
/// component that does not is left out with a warning, and then the rest is read; what is
/// still wrong is a fault of the whole document. `lines` is the root file's text, for
/// [`repair`].
type Typed = (OpenAPI, indexmap::IndexMap<String, openapiv3::PathItem>);

fn deserialize(errors: &Errors, mut value: Value, lines: &parse::Locator, warnings: &mut Vec<Warning>, broken: &mut Vec<Error>) -> Result<Typed, Error> {
    repair(&mut value, walk::Kind::Document, "", lines, warnings);
    let webhooks = webhooks(&mut value, warnings, broken);
    if let Ok(doc) = serde_path_to_error::deserialize::<_, OpenAPI>(&value) {
        return Ok((doc, webhooks));
    }
    drop_invalid(errors, &mut value, warnings, broken);
    let doc = serde_path_to_error::deserialize(&value).map_err(|e| {
        let (pointer, message) = refine(&value, path_to_pointer(e.path()), e.inner().to_string());
        let help = match message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
            Some(field) => format!("add the `{field}` field here; the OpenAPI specification requires it"),
            None => "fix the value at this location so that it matches the OpenAPI specification".into(),
        };
        errors.at(&pointer, format!("not a valid OpenAPI document: {message}"), help)
    })?;
    Ok((doc, webhooks))
}

/// Takes the `webhooks` out of the document, each as a path item (bundling has put a
/// referenced one, `$ref: '#/components/pathItems/..'`, in place); one that does not parse,
/// or whose reference cannot be followed, is left out with a warning.
fn webhooks(value: &mut Value, warnings: &mut Vec<Warning>, broken: &[Error]) -> indexmap::IndexMap<String, openapiv3::PathItem> {
    let mut out = indexmap::IndexMap::new();
    let Some(Value::Object(entries)) = value.as_object_mut().and_then(|root| root.remove("webhooks")) else { return out };
    for (name, item) in entries {
        let ptr = push_pointer("/webhooks", &name);
        if let Some(reference) = item.get("$ref").and_then(Value::as_str) {
            let reason = bundle::broken_reason(broken, reference).map_or_else(|| format!("`{reference}` cannot be followed"), |e| e.message.clone());
            warnings.push(Warning::at(&ptr, format!("the webhook is left out: {reason}")));
            continue;
        }
        match serde_path_to_error::deserialize::<_, openapiv3::PathItem>(&item) {
            Ok(item) => {
                out.insert(name, item);
            }
            Err(e) => warnings.push(Warning::at(&format!("{ptr}{}", path_to_pointer(e.path())), format!("the webhook is left out: {}", e.inner()))),
        }
    }
    out
}

/// Whether a key of `responses` is one OpenAPI allows: a status code, a range like `2XX`,
/// `default`, or an extension.
fn is_status_key(key: &str) -> bool {
    let b = key.as_bytes();
    key == "default"
        || key.starts_with("x-")
        || (b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && ((b[1].is_ascii_digit() && b[2].is_ascii_digit()) || &b[1..] == b"XX" || &b[1..] == b"xx"))
}

/// A response under a key that is not a status code (`"2XX "`, `"200.0"`, `"0200"`, `"ok"`)
/// would be dropped without a word by openapiv3; it is left out with a warning instead.
fn drop_unknown_statuses(doc: &mut Value, warnings: &mut Vec<Warning>) {
    walk::visit(doc, walk::Kind::Document, "", &mut |kind, pointer, node| {
        if kind == walk::Kind::Operation {
            if let Some(responses) = node.get_mut("responses").and_then(Value::as_object_mut) {
                let bad: Vec<String> = responses.keys().filter(|k| !is_status_key(k)).cloned().collect();
                for key in bad {
                    let at = push_pointer(&format!("{pointer}/responses"), &key);
                    warnings.push(Warning::at(&at, format!("`{key}` is not a status code (`200`, `2XX` or `default`); this response is left out")));
                    responses.remove(&key);
                }
            }
        }
        !matches!(kind, walk::Kind::Operation)
    });
}

/// The JSON pointer and message of the first place in `value` that does not parse as `T`.
fn invalid<T: serde::de::DeserializeOwned>(value: &Value, pointer: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).err().map(|e| (format!("{pointer}{}", path_to_pointer(e.path())), e.inner().to_string()))
}

/// Repairs what would not parse below `value`, in one walk over every object of the
/// document: a number or boolean where OpenAPI wants text becomes that text
/// ([`scalars`]), and each schema that does not parse becomes `{}` (any JSON value), with a
/// warning at the innermost place of the fault: the rest of its operation or component is
/// kept. Schemas are checked children first, each with its child schemas set aside, so every
/// node is parsed once: serde's trial of untagged variants costs time exponential in the
/// depth of a subtree that fails, never here.
fn repair(value: &mut Value, kind: walk::Kind, pointer: &str, lines: &parse::Locator, warnings: &mut Vec<Warning>) {
    use openapiv3::{ReferenceOr, Schema};
    scalars::as_text(kind, value, pointer, lines, warnings);
    let slots = walk::slots(kind, value);
    for (tokens, child_kind) in &slots {
        let child_ptr = walk::pointer_below(pointer, tokens);
        if let Some(child) = walk::at_mut(value, tokens) {
            repair(child, *child_kind, &child_ptr, lines, warnings);
        }
    }
    if kind != walk::Kind::Schema {
        return;
    }
    let mut set_aside = Vec::new();
    for (tokens, _) in slots.iter().filter(|(_, k)| *k == walk::Kind::Schema) {
        if let Some(child) = walk::at_mut(value, tokens) {
            set_aside.push((tokens, std::mem::replace(child, Value::Object(serde_json::Map::new()))));
        }
    }
    let fault = invalid::<ReferenceOr<Schema>>(value, pointer);
    for (tokens, child) in set_aside {
        if let Some(place) = walk::at_mut(value, tokens) {
            *place = child;
        }
    }
    if let Some((at, message)) = fault {
        let whose = if at == pointer { String::new() } else { format!(" at {pointer}") };
        warnings.push(Warning::at(&at, format!("this schema does not parse ({message}); the schema{whose} is typed as any JSON value")));
        *value = Value::Object(serde_json::Map::new());
    }
}

fn drop_invalid(errors: &Errors, value: &mut Value, warnings: &mut Vec<Warning>, broken: &mut Vec<Error>) {
    use openapiv3::*;
    let mut left_out: Vec<(String, Error)> = Vec::new();
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let item_ptr = push_pointer("/paths", path);
            let Some(item) = item.as_object_mut() else { continue };
            for method in walk::METHODS {
                let op_ptr = push_pointer(&item_ptr, method);
                let Some(op) = item.get_mut(*method) else { continue };
                if invalid::<Operation>(op, &op_ptr).is_none() {
                    continue;
                }
                if let Some((at, message)) = invalid::<Operation>(op, &op_ptr) {
                    warnings.push(Warning::at(&at, format!("the operation is left out: {message}")));
                    item.remove(*method);
                }
            }
        }
        let bad: Vec<(String, (String, String))> = paths
            .iter()
            .filter_map(|(path, item)| invalid::<ReferenceOr<PathItem>>(item, &push_pointer("/paths", path)).map(|e| (path.clone(), e)))
            .collect();
        for (path, (at, message)) in bad {
            warnings.push(Warning::at(&at, format!("the path item is left out: {message}")));
            paths.remove(&path);
        }
    }
    if let Some(components) = value.get_mut("components").and_then(Value::as_object_mut) {
        for (section, entries) in components.iter_mut() {
            let Some(entries) = entries.as_object_mut() else { continue };
            let check: fn(&Value, &str) -> Option<(String, String)> = match section.as_str() {
                "schemas" => invalid::<ReferenceOr<Schema>>,
                "responses" => invalid::<ReferenceOr<Response>>,
                "parameters" => invalid::<ReferenceOr<Parameter>>,
                "examples" => invalid::<ReferenceOr<Example>>,
                "requestBodies" => invalid::<ReferenceOr<RequestBody>>,
                "headers" => invalid::<ReferenceOr<Header>>,
                "securitySchemes" => invalid::<ReferenceOr<SecurityScheme>>,
                "links" => invalid::<ReferenceOr<Link>>,
                "callbacks" => invalid::<ReferenceOr<Callback>>,
                _ => continue,
            };
            let section_ptr = push_pointer("/components", section);
            let mut bad = Vec::new();
            for (name, entry) in entries.iter_mut() {
                let ptr = push_pointer(&section_ptr, name);
                if let Some(e) = check(entry, &ptr) {
                    bad.push((name.clone(), e));
                }
            }
            for (name, (at, message)) in bad {
                let ptr = push_pointer(&section_ptr, &name);
                warnings.push(Warning::at(&at, format!("left out: {message}")));
                let error = errors.at(&at, format!("{ptr} is left out, it does not parse: {message}"), "fix the definition at this location");
                left_out.push((format!("#{ptr}"), error));
                entries.remove(&name);
            }
        }
    }
    // Parts that only describe the API: without them the client is the same.
    for key in ["tags", "servers", "externalDocs", "security"] {
        if let Some((at, message)) = value.get(key).and_then(|part| match key {
            "tags" => invalid::<Vec<Tag>>(part, "/tags"),
            "servers" => invalid::<Vec<Server>>(part, "/servers"),
            "externalDocs" => invalid::<ExternalDocumentation>(part, "/externalDocs"),
            _ => invalid::<Vec<SecurityRequirement>>(part, "/security"),
        }) {
            warnings.push(Warning::at(&at, format!("`{key}` is left out: {message}")));
            value.as_object_mut().map(|v| v.remove(key));
        }
    }
    // References to what was left out now say why.
    if !left_out.is_empty() {
        let mut numbers = std::collections::HashMap::new();
        for (reference, error) in left_out {
            broken.push(error);
            numbers.insert(reference, broken.len() - 1);
        }
        bundle::rewrite_refs(value, &mut |reference| numbers.get(reference).map(|n| format!("{}{n}", bundle::BROKEN)));
    }
}

/// Checks that the document is OpenAPI 3.0 or 3.1; a version written as a number (`3.0`)
/// is read as the text it means.
fn check_version(errors: &Errors, mut value: Value) -> Result<Value, Error> {
    let Some(object) = value.as_object_mut() else {
        return Err(errors.at(
            "",
            "the document is not a mapping of OpenAPI fields",
            "point --spec at an OpenAPI 3.0 or 3.1 document",
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(errors.at(
            "/swagger",
            format!("this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported", show(swagger)),
            "convert it to OpenAPI 3 first (for example with swagger2openapi), then run again",
        ));
    }
    let version = match object.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(errors.at("/openapi", format!("the `openapi` version is {other}, not a version number"), "write the version as text, `openapi: 3.0.3`"))
        }
        None => {
            return Err(errors.at(
                "/openapi",
                "the `openapi` version field is missing",
                "add `openapi: 3.0.3` (or the 3.1 version the document follows) at the top of the document",
            ))
        }
    };
    if !(version == "3.0" || version == "3.1" || version.starts_with("3.0.") || version.starts_with("3.1.")) {
        return Err(errors.at(
            "/openapi",
            format!("OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"),
            "use the 3.0 or 3.1 edition of the API description",
        ));
    }
    object.insert("openapi".into(), Value::String(version));
    Ok(value)
}

/// The `info` object every client needs (its title names the crate): missing, it is a fault
/// of the document, reported at the top of the file with what to add.
fn check_required(errors: &Errors, value: Value) -> Result<Value, Error> {
    if value.get("info").is_none() {
        let mut error = errors.at(
            "/info",
            "the document has no `info`",
            "add `info:` with the API's `title` and `version` at the top level of the document",
        );
        error.location.line_col = Some((1, 1));
        return Err(error);
    }
    Ok(value)
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
                if walk::METHODS.contains(&method.as_str()) {
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
        assert!(err("a.yaml", "openapi: 3.2.0\n").message.contains("3.2.0"));
        assert!(err("a.yaml", "info: {}\n").message.contains("missing"));
    }

    #[test]
    fn an_operation_that_does_not_parse_is_left_out_with_its_pointer() {
        let loaded = parse(
            Path::new("a.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: 7\n  /y:\n    get:\n      responses: {'204': {description: ok}}\n",
        )
        .unwrap();
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(loaded.warnings[0].pointer, "/paths/~1x/get/responses");
        assert!(loaded.warnings[0].message.contains("left out"));
        let paths = &loaded.doc.paths.paths;
        let op = |p: &str| paths.get(p).and_then(|i| i.as_item()).and_then(|i| i.get.as_ref());
        assert!(op("/x").is_none() && op("/y").is_some());
    }

    #[test]
    fn a_schema_that_does_not_parse_becomes_any_value() {
        let loaded = parse(
            Path::new("a.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      properties:\n        good: {type: string}\n        bad: {type: string, required: 7}\n",
        )
        .unwrap();
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(loaded.warnings[0].pointer, "/components/schemas/A/properties/bad");
        assert!(loaded.warnings[0].message.contains("typed as any JSON value"));
        let schemas = &loaded.doc.components.as_ref().unwrap().schemas;
        let a = schemas["A"].as_item().unwrap();
        assert_eq!(crate::schema::Flat::of(a).properties.len(), 2);
    }

    #[test]
    fn a_deep_failing_schema_is_repaired_in_linear_time() {
        // serde tries each untagged variant of a schema again below it: 2^40 attempts. The
        // innermost place serde names is the schema whose `not` is not a schema.
        let mut schema = "[]".to_string();
        for _ in 0..40 {
            schema = format!("{{not: {schema}}}");
        }
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n");
        let loaded = parse(Path::new("a.yaml"), &text).unwrap();
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert_eq!(loaded.warnings[0].pointer, format!("/components/schemas/A{}", "/not".repeat(39)));
    }

    #[test]
    fn nesting_past_the_parsers_limit_is_located() {
        let mut schema = "{}".to_string();
        for _ in 0..200 {
            schema = format!("{{\"not\": {schema}}}");
        }
        let text = format!("{{\"openapi\": \"3.0.3\", \"info\": {{}}, \"paths\": {{}},\n\"components\": {{\"schemas\": {{\"A\": {schema}}}}}}}");
        let e = err("a.json", &text);
        assert!(e.message.contains("more than 128 levels"), "{e}");
        assert_eq!(e.location.line_col.map(|l| l.0), Some(2), "{e}");
    }

    #[test]
    fn whole_document_faults_stay_errors() {
        let e = err("a.yaml", "openapi: 3.0.3\npaths: {}\n");
        assert!(e.message.contains("info"), "{e}");
        assert_eq!((e.location.pointer.as_str(), e.location.line_col), ("/info", Some((1, 1))));
        let e = err("a.yaml", "openapi: 3.0.3\ninfo:\n  title: t\npaths: {}\n");
        assert_eq!((e.location.pointer.as_str(), e.location.line_col.map(|l| l.0)), ("/info", Some(2)), "{e}");
        assert!(e.help.contains("add the `version` field"), "{e}");
        let e = err("a.yaml", "openapi: [3]\n");
        assert_eq!(e.location.pointer, "/openapi");
    }

    #[test]
    fn a_3_1_document_without_paths_is_read_without_a_warning() {
        let loaded = parse(Path::new("a.yaml"), "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {type: string}}}\n").unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        assert!(loaded.doc.paths.paths.is_empty());
    }

    #[test]
    fn a_document_without_paths_is_read_with_a_warning() {
        let loaded = parse(Path::new("a.yaml"), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {type: string}}}\n").unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].message.contains("no `paths`"));
        assert!(loaded.doc.paths.paths.is_empty());
    }

    #[test]
    fn response_keys_that_are_not_statuses_are_left_out_with_a_warning() {
        let loaded = parse(
            Path::new("a.yaml"),
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {description: ok}\n        '2XX ': {description: a}\n        '200.0': {description: b}\n        '0200': {description: c}\n        abc: {description: d}\n        4XX: {description: e}\n        default: {description: f}\n",
        )
        .unwrap();
        let pointers: Vec<&str> = loaded.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/paths/~1x/get/responses/2XX ", "/paths/~1x/get/responses/200.0", "/paths/~1x/get/responses/0200", "/paths/~1x/get/responses/abc"]);
        let op = loaded.doc.paths.paths["/x"].as_item().unwrap().get.as_ref().unwrap();
        assert_eq!(op.responses.responses.len(), 2);
        assert!(op.responses.default.is_some());
    }

    #[test]
    fn numeric_version_and_byte_order_mark() {
        let loaded = parse(Path::new("a.yaml"), "\u{feff}openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(loaded.doc.openapi, "3.0");
    }

    #[test]
    fn numbers_where_openapi_wants_text_are_read_as_text_with_a_warning() {
        let loaded = parse(Path::new("a.yaml"), "openapi: 3.0.3\ninfo:\n  title: t\n  version: 1.0\npaths: {}\n").unwrap();
        assert_eq!(loaded.doc.info.version, "1.0");
        let warnings: Vec<(&str, Option<(usize, usize)>)> = loaded.warnings.iter().map(|w| (w.pointer.as_str(), loaded.lines.locate(&w.pointer))).collect();
        assert_eq!(warnings, [("/info/version", Some((4, 3)))]);
        let loaded = parse(Path::new("a.json"), r#"{"openapi": "3.1.0", "info": {"title": 42, "version": 1}, "paths": {}}"#).unwrap();
        assert_eq!((loaded.doc.info.title.as_str(), loaded.doc.info.version.as_str()), ("42", "1"));
        assert_eq!(loaded.warnings.len(), 2);
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
