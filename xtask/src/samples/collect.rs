//! The samples a document carries, each with the type of the generated crate it should
//! decode into: `example`/`examples` of the media types of the responses the crate decodes
//! (the operation's success type for a 2XX status, its error type for the error response it
//! is made from), `example`/`examples` of component schemas and of the schemas inside them
//! and inside response bodies (the type of the schema, the field of the property, the item
//! of the array), and sample objects from payload files (by component schema name).

use super::harness::rust_type;
use codegen::error::{pointer_key, push_pointer};
use codegen::ir::{Api, Operation, TypeKind, TypeRef};
use codegen::load::walk::{self, Kind};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Where a sample comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// `example`/`examples` of a response's media type.
    Response,
    /// `example`/`examples` of a schema.
    Schema,
    /// A file of sample objects.
    Payload,
}

/// One sample and the Rust type it decodes into.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The JSON pointer of the sample in the document (where `$ref`s to examples lead), or
    /// `<file>: <place>` for a payload.
    pub label: String,
    pub origin: Origin,
    /// The type, as the harness names it (`api::types::Pet`, `Vec<api::types::Pet>`).
    pub rust: String,
    pub json: Value,
}

/// A sample that is not decoded, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub label: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Collected {
    pub samples: Vec<Sample>,
    pub skipped: Vec<Skipped>,
}

impl Collected {
    fn add(&mut self, api: &Api, label: String, origin: Origin, ty: Result<TypeRef, String>, json: Value) {
        match ty.and_then(|ty| rust_type(api, &ty)) {
            Ok(rust) => self.samples.push(Sample { label, origin, rust, json }),
            Err(reason) => self.skipped.push(Skipped { label, reason }),
        }
    }

    /// Keeps the first of samples with the same place and type (a response shared by
    /// several operations), and of skipped samples with the same place.
    fn dedup(&mut self) {
        let mut seen = HashSet::new();
        self.samples.retain(|s| seen.insert((s.label.clone(), s.rust.clone())));
        let mut seen = HashSet::new();
        let decoded: HashSet<&str> = self.samples.iter().map(|s| s.label.as_str()).collect();
        self.skipped.retain(|s| !decoded.contains(s.label.as_str()) && seen.insert(s.label.clone()));
    }
}

/// The samples of `doc` (the bundled document `api` is made from).
pub fn collect(api: &Api, doc: &Value) -> Collected {
    let mut types = Types::new(api);
    let mut out = Collected::default();
    for op in &api.operations {
        response_samples(&mut types, doc, op, &mut out);
    }
    schema_samples(&types, doc, &mut out);
    out.dedup();
    out
}

/// The types of the generated crate, found by the places of the document they come from.
pub struct Types<'a> {
    api: &'a Api,
    /// Named types by the pointer of their schema; of two (one sent, one received), the
    /// received one (the shorter name: `Pet`, not `PetInput`).
    by_pointer: HashMap<&'a str, &'a str>,
    /// The type of each response body the crate decodes, by the pointer of its schema.
    media: HashMap<String, TypeRef>,
}

impl<'a> Types<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut by_pointer: HashMap<&str, &str> = HashMap::new();
        for def in api.types.iter().filter(|d| !matches!(d.kind, TypeKind::Responses(_))) {
            let name = by_pointer.entry(def.pointer.as_str()).or_insert(def.name.as_str());
            if def.name.len() < name.len() {
                *name = def.name.as_str();
            }
        }
        Types { api, by_pointer, media: HashMap::new() }
    }

    fn named(&self, pointer: &str) -> Option<TypeRef> {
        self.by_pointer.get(pointer).map(|name| TypeRef::Named(name.to_string()))
    }

    /// The type of the component schema `name`.
    pub fn component(&self, name: &str) -> Option<TypeRef> {
        self.named(&push_pointer("/components/schemas", name))
    }

    /// The type values of the schema at `pointer` decode into: the schema's own type, or
    /// else the type of the place it is in, from the component schema or response body it
    /// is part of (a property's field, an array's item, a map's value).
    pub fn schema_type(&self, pointer: &str) -> Result<TypeRef, String> {
        let tokens: Vec<String> = pointer.split('/').skip(1).map(pointer_key).collect();
        let (root, mut here) = self.root(&tokens)?;
        let mut at = tokens[..root].iter().fold(String::new(), |p, t| push_pointer(&p, t));
        let mut rest = &tokens[root..];
        while !rest.is_empty() {
            let (step, taken) = Step::parse(rest);
            for token in &rest[..taken] {
                at = push_pointer(&at, token);
            }
            rest = &rest[taken..];
            here = match self.named(&at) {
                Some(named) => Here::Typed(named),
                None => self.step(here, &step),
            };
        }
        match here {
            Here::Typed(ty) => Ok(ty),
            Here::Untyped(reason) => Err(reason),
        }
    }

    /// How many tokens of `tokens` lead to the schema a type is made from (a component
    /// schema or a response body), and that schema's type.
    fn root(&self, tokens: &[String]) -> Result<(usize, Here), String> {
        if tokens.len() >= 3 && tokens[0] == "components" && tokens[1] == "schemas" {
            let pointer = push_pointer("/components/schemas", &tokens[2]);
            let here = self.named(&pointer).map_or_else(|| Here::Untyped(format!("no type is generated for {pointer}")), Here::Typed);
            return Ok((3, here));
        }
        let in_response = |i: usize| i >= 3 && tokens[i - 2] == "content" && tokens[..i - 2].iter().any(|t| t == "responses");
        let Some(i) = (0..tokens.len()).find(|&i| tokens[i] == "schema" && in_response(i)) else {
            return Err("not in a component schema or a response body (requests are not decoded)".into());
        };
        let pointer = tokens[..=i].iter().fold(String::new(), |p, t| push_pointer(&p, t));
        let here = match self.media.get(&pointer) {
            Some(ty) => Here::Typed(ty.clone()),
            None => Here::Untyped(format!("{pointer} is not a response body the crate decodes")),
        };
        Ok((i + 1, here))
    }

    fn step(&self, here: Here, step: &Step) -> Here {
        let ty = match &here {
            Here::Typed(ty) => ty,
            Here::Untyped(_) => return here,
        };
        let kind = |n: &str| self.api.type_def(n).map(|t| &t.kind);
        let value = codegen::ir::value_type(ty, &kind);
        let strukt = match value {
            TypeRef::Named(n) => match kind(n) {
                Some(TypeKind::Struct(s)) => Some(s),
                _ => None,
            },
            _ => None,
        };
        match (step, value, strukt) {
            (Step::Property(name), _, Some(s)) => match s.fields.iter().find(|f| &f.wire_name == name) {
                Some(f) if f.nullable && !matches!(f.ty, TypeRef::Nullable(_)) => Here::Typed(TypeRef::Nullable(Box::new(f.ty.clone()))),
                Some(f) => Here::Typed(f.ty.clone()),
                None => Here::Untyped(format!(
                    "the type has no field for the property `{name}` (readOnly in a type that is sent, or writeOnly in one received)"
                )),
            },
            // A value of a member is a value of the place (an `allOf` member's example is
            // most often the whole object's); a member with a type of its own is found by
            // its pointer instead.
            (Step::Member, _, _) => Here::Typed(ty.clone()),
            (Step::Items, TypeRef::Array(item), _) => Here::Typed((**item).clone()),
            (Step::AdditionalProperties, TypeRef::Map(value), _) => Here::Typed((**value).clone()),
            (Step::AdditionalProperties, _, Some(s)) if s.additional.is_some() => {
                Here::Typed(s.additional.as_ref().map(|(_, ty)| ty.clone()).unwrap_or(TypeRef::Json))
            }
            (Step::Property(_), _, None) => Here::Untyped("a property of a schema whose type is not a struct".into()),
            (Step::Other(keyword), _, _) => Here::Untyped(format!("inside `{keyword}`, which has no type of its own")),
            (Step::Items, _, _) => Here::Untyped("`items` of a type that is not an array".into()),
            (Step::AdditionalProperties, _, _) => Here::Untyped("`additionalProperties` of a type that keeps none".into()),
        }
    }
}

/// What is known of the schema at a place: its type, or why it has none.
#[derive(Debug, Clone)]
enum Here {
    Typed(TypeRef),
    Untyped(String),
}

/// One step down from a schema to a schema inside it.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Property(String),
    /// A member of `allOf`, `oneOf` or `anyOf`.
    Member,
    Items,
    AdditionalProperties,
    /// `not`, `prefixItems`...: the types of these are found by their pointer only.
    Other(String),
}

impl Step {
    /// The step the first tokens of `tokens` make, and how many tokens it takes.
    fn parse(tokens: &[String]) -> (Step, usize) {
        let keyword = tokens[0].as_str();
        let with_name = |step: Step| (step, 2.min(tokens.len()));
        match keyword {
            "properties" if tokens.len() > 1 => with_name(Step::Property(tokens[1].clone())),
            "allOf" | "oneOf" | "anyOf" => with_name(Step::Member),
            "prefixItems" | "patternProperties" | "$defs" | "definitions" => with_name(Step::Other(keyword.into())),
            "items" if tokens.get(1).is_some_and(|t| t.parse::<usize>().is_ok()) => with_name(Step::Other("items".into())),
            "items" => (Step::Items, 1),
            "additionalProperties" => (Step::AdditionalProperties, 1),
            other => (Step::Other(other.into()), 1),
        }
    }
}

#[cfg(test)]
pub fn step_for_tests(tokens: &[String]) -> (String, usize) {
    let (step, taken) = Step::parse(tokens);
    (format!("{step:?}"), taken)
}

/// The samples of the responses of `op`, and the types of their bodies (in `types.media`).
fn response_samples(types: &mut Types, doc: &Value, op: &Operation, out: &mut Collected) {
    let Some(responses) = doc.pointer(&op.pointer).and_then(|o| o.get("responses")).and_then(Value::as_object) else { return };
    let responses_ptr = push_pointer(&op.pointer, "responses");
    let statuses = statuses(responses.keys());
    let resolved: Vec<Option<(&Value, String)>> =
        statuses.iter().map(|s| follow(doc, &responses[&s.key], &push_pointer(&responses_ptr, &s.key))).collect();
    for (status, response) in statuses.iter().zip(resolved) {
        let Some((response, ptr)) = response else {
            let label = push_pointer(&responses_ptr, &status.key);
            out.skipped.push(Skipped { label, reason: "the response's `$ref` cannot be followed".into() });
            continue;
        };
        let ty = if status.success { success_type(types.api, op, &status.text) } else { error_type(types.api, op, &status.text) };
        media_samples(types, doc, response, &ptr, ty, out);
    }
}

/// A key of `responses`, as the generator reads it.
#[derive(Debug, Clone, PartialEq)]
struct Status {
    key: String,
    /// `200`, `2XX` or `default`.
    text: String,
    success: bool,
}

/// The statuses of a `responses` object in the generator's order (by text, `default`
/// last); keys that are not statuses are left out, as the generator leaves them out.
fn statuses<'k>(keys: impl Iterator<Item = &'k String>) -> Vec<Status> {
    let mut out = Vec::new();
    let mut default = false;
    for key in keys {
        let b = key.as_bytes();
        let text = match b {
            [b'1'..=b'5', x, y] if x.is_ascii_digit() && y.is_ascii_digit() => key.clone(),
            [b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => format!("{}XX", b[0] as char),
            _ => {
                default |= key == "default";
                continue;
            }
        };
        out.push(Status { key: key.clone(), success: b[0] == b'2', text });
    }
    out.sort_by(|a, b| a.text.cmp(&b.text));
    if default {
        out.push(Status { key: "default".into(), text: "default".into(), success: false });
    }
    out
}

/// The success body type of `op` for `status`: the success type, or the variant of a
/// per-status success enum.
fn success_type(api: &Api, op: &Operation, status: &str) -> Result<TypeRef, String> {
    let ty = op.success.as_ref().ok_or("the operation has no success body")?;
    let TypeRef::Named(name) = ty else { return Ok(ty.clone()) };
    let Some(TypeKind::Responses(variants)) = api.type_def(name).map(|t| &t.kind) else { return Ok(ty.clone()) };
    let variant = variants.iter().find(|v| v.status == status).ok_or_else(|| format!("no variant of `{name}` for status {status}"))?;
    variant.ty.clone().ok_or_else(|| format!("status {status} has no body"))
}

/// The body type of error status `status` of `op`: the one type its error statuses share,
/// or its variant's in the enum by status.
fn error_type(api: &Api, op: &Operation, status: &str) -> Result<TypeRef, String> {
    if !op.error_statuses.iter().any(|s| s == status) {
        return Err(format!("status {status} declares no JSON body"));
    }
    let ty = op.error.as_ref().ok_or("the operation has no error type")?;
    let TypeRef::Named(name) = ty else { return Ok(ty.clone()) };
    let Some(TypeKind::Errors(variants)) = api.type_def(name).map(|t| &t.kind) else { return Ok(ty.clone()) };
    let variant = variants.iter().find(|v| v.status == status).ok_or_else(|| format!("no variant of `{name}` for status {status}"))?;
    variant.ty.clone().ok_or_else(|| format!("status {status} has no body"))
}

/// The rank of a media type, as the generator ranks them: `application/json`, other JSON
/// types, `*/*` (taken for JSON), forms, multipart, then anything else.
fn media_rank(media: &str) -> u8 {
    let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "application/json" => 0,
        m if m.ends_with("+json") || m.ends_with("/json") => 1,
        "*/*" => 2,
        "application/x-www-form-urlencoded" => 3,
        "multipart/form-data" => 4,
        _ => 5,
    }
}

fn is_json(media: &str) -> bool {
    media_rank(media) <= 2
}

/// The media type the generator decodes of a `content` map (its best, as the generator
/// ranks them), and whether it is JSON.
fn best_media_type(content: &serde_json::Map<String, Value>) -> Option<(&str, bool)> {
    content.keys().map(|m| (media_rank(m), m.as_str())).min().map(|(rank, media)| (media, rank <= 2))
}

/// The examples of the media types of one response. Those of its JSON media types get
/// `ty` (and their schemas' pointers get `ty` in `types.media`); the others are skipped.
fn media_samples(types: &mut Types, doc: &Value, response: &Value, ptr: &str, ty: Result<TypeRef, String>, out: &mut Collected) {
    let Some(content) = response.get("content").and_then(Value::as_object) else { return };
    let Some((best, json)) = best_media_type(content) else { return };
    for (media, node) in content {
        let media_ptr = push_pointer(&push_pointer(ptr, "content"), media);
        // Every JSON media type of a response is decoded as the first one's type (one with
        // another schema too, with a warning of the generator).
        let here = if !json {
            Err(format!("the response's body is not JSON (`{best}`)"))
        } else if !is_json(media) {
            Err(format!("media type `{media}` is not JSON"))
        } else {
            ty.clone()
        };
        if let Ok(ty) = &here {
            types.media.entry(format!("{media_ptr}/schema")).or_insert_with(|| ty.clone());
        }
        for example in media_examples(doc, node, &media_ptr) {
            match example {
                Ok((label, value)) => out.add(types.api, label, Origin::Response, here.clone(), value),
                Err(skipped) => out.skipped.push(skipped),
            }
        }
    }
}

/// `example`, and the `value` of each of `examples` (following `$ref`s), of a media type.
fn media_examples(doc: &Value, media: &Value, ptr: &str) -> Vec<Result<(String, Value), Skipped>> {
    let mut out = Vec::new();
    if let Some(example) = media.get("example") {
        out.push(Ok((push_pointer(ptr, "example"), example.clone())));
    }
    let Some(examples) = media.get("examples").and_then(Value::as_object) else { return out };
    for (name, example) in examples {
        let at = push_pointer(&push_pointer(ptr, "examples"), name);
        out.push(match follow(doc, example, &at) {
            Some((example, at)) => match example.get("value") {
                Some(value) => Ok((push_pointer(&at, "value"), value.clone())),
                None if example.get("externalValue").is_some() => Err(Skipped { label: at, reason: "`externalValue` is not fetched".into() }),
                None => Err(Skipped { label: at, reason: "the example has no `value`".into() }),
            },
            None => Err(Skipped { label: at, reason: "the example's `$ref` cannot be followed".into() }),
        });
    }
    out
}

/// `value`, or what its chain of local `$ref`s leads to, with its pointer (`pointer` for
/// `value` itself).
fn follow<'d>(doc: &'d Value, value: &'d Value, pointer: &str) -> Option<(&'d Value, String)> {
    let mut here = (value, pointer.to_string());
    for _ in 0..64 {
        let Some(reference) = here.0.get("$ref").and_then(Value::as_str) else { return Some(here) };
        let target = reference.strip_prefix('#')?;
        here = (doc.pointer(target)?, target.to_string());
    }
    None
}

/// The `example` and `examples` of every schema of `doc`, each with the type of its schema.
fn schema_samples(types: &Types, doc: &Value, out: &mut Collected) {
    let mut found = Vec::new();
    let mut copy = doc.clone();
    walk::visit(&mut copy, Kind::Document, "", &mut |kind, ptr, node| {
        if kind == Kind::Schema {
            found.extend(schema_examples(node, ptr).into_iter().map(|(label, value)| (ptr.to_string(), label, value)));
        }
        true
    });
    for (ptr, label, value) in found {
        out.add(types.api, label, Origin::Schema, types.schema_type(&ptr), value);
    }
}

/// A schema's `example`, and each of its `examples` (OpenAPI 3.1).
fn schema_examples(schema: &Value, ptr: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(example) = schema.get("example") {
        out.push((push_pointer(ptr, "example"), example.clone()));
    }
    if let Some(examples) = schema.get("examples").and_then(Value::as_array) {
        let at = push_pointer(ptr, "examples");
        out.extend(examples.iter().enumerate().map(|(i, v)| (push_pointer(&at, &i.to_string()), v.clone())));
    }
    out
}

/// The sample objects of payload files: a file holding `{"resources": {name: object}}`
/// gives each object, to decode as the component schema `name` (or, when there is none of
/// that name, the one its `object` property names); any other file is one object, named by
/// the file's name.
pub fn payload_samples(api: &Api, files: &[std::path::PathBuf], out: &mut Collected) -> Result<(), String> {
    let types = Types::new(api);
    for file in files {
        let value = read_json(file)?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (label, key, object) in payload_entries(&name, value) {
            let ty = types
                .component(&key)
                .or_else(|| object.get("object").and_then(Value::as_str).and_then(|o| types.component(o)))
                .ok_or_else(|| format!("no component schema `{key}`, nor one named by its `object`"));
            out.add(api, label, Origin::Payload, ty, object);
        }
    }
    out.dedup();
    Ok(())
}

/// The objects of a payload file: label, the schema name to try first, the object.
fn payload_entries(file: &str, value: Value) -> Vec<(String, String, Value)> {
    match value {
        Value::Object(mut map) if map.get("resources").is_some_and(Value::is_object) => {
            let Some(Value::Object(resources)) = map.remove("resources") else { return Vec::new() };
            resources.into_iter().map(|(key, v)| (format!("{file}: resources/{key}"), key, v)).collect()
        }
        other => {
            let stem = file.trim_end_matches(".gz").trim_end_matches(".json").to_string();
            vec![(file.to_string(), stem, other)]
        }
    }
}

/// A JSON file, gzip-compressed when its name ends in `.gz`.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
        text
    } else {
        bytes
    };
    serde_json::from_slice(&bytes).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}
