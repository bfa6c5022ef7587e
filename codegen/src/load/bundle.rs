//! Bundling: every `$ref` of the document, to another file or to any place inside one, made
//! into a reference the rest of the generator understands, `#/components/<section>/<name>`.
//!
//! - A schema keeps being a reference: a schema that is not already a named component of the
//!   spec becomes one (it is *hoisted*), named after its file and place (`models/pet.yml` ->
//!   `pet`, `#/components/schemas/Tag/allOf/0` -> `Tag_allOf_0`). Names are decided from the
//!   set of all hoisted schemas at once, so they do not depend on the order of the document:
//!   a short name where it is unique, more of the path where two would clash.
//! - A hoisted schema that lived inside the spec itself is replaced there by a reference to
//!   its component, so both places share one type.
//! - A component entry of the spec that is only a reference to another file
//!   (`Pet: {$ref: pet.yaml}`) gives that file its name.
//! - Anything else (path items, operations, parameters, responses, texts, ...) is copied to
//!   where it is used, unless it is a named component of the right section already.
//!
//! Nothing is fetched: a URL, or a path leaving the spec's folder, is a broken reference. A
//! broken reference is not the end of the document: it is replaced by `#/x-codegen-broken/N`
//! and the error kept, so that only what uses it is left out, with the error as the reason.

use super::parse;
use super::walk::{self, Kind};
use crate::error::{pointer_key, push_pointer, Error, Location, Warning};
use crate::naming;
use indexmap::IndexMap;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The prefix of the references that replace broken ones; the number indexes
/// [`Bundled::broken`].
pub const BROKEN: &str = "#/x-codegen-broken/";

/// Why `reference` cannot be followed, when bundling replaced it (see [`BROKEN`]): its entry
/// of `broken`.
pub fn broken_reason<'a>(broken: &'a [Error], reference: &str) -> Option<&'a Error> {
    let n = reference.strip_prefix(BROKEN)?.parse::<usize>().ok()?;
    broken.get(n)
}
/// Hoisted schemas are referred to by number until they are named.
const PLACEHOLDER: &str = "#/components/schemas/\u{1}";
/// The spec itself is file 0.
const ROOT: usize = 0;

/// A document with every reference local.
#[derive(Debug)]
pub struct Bundled {
    pub doc: Value,
    /// The spec's own text, with its pointer-to-line index (built once, when first asked).
    pub lines: parse::Locator,
    pub warnings: Vec<Warning>,
    pub broken: Vec<Error>,
    /// Every file read: the spec, then the files it refers to.
    pub files: Vec<PathBuf>,
}

/// A file the document refers to (the spec itself first): its path and its parsed contents.
struct Source {
    path: PathBuf,
    lines: parse::Locator,
    value: Value,
}

/// A place in one of the files.
type Target = (usize, String);

struct Bundler {
    /// The spec's folder: references may not leave it.
    folder: PathBuf,
    files: Vec<Source>,
    file_index: HashMap<PathBuf, Result<usize, (String, String)>>,
    /// Hoisted schemas by target, in the order met; the value is filled once walked.
    hoisted: IndexMap<Target, Option<Value>>,
    /// Hoisted schemas not walked yet.
    pending: Vec<usize>,
    /// Targets named by a component entry of the spec that only refers to them.
    homes: HashMap<Target, String>,
    /// Non-schema objects already walked, by target and kind.
    copies: HashMap<(Target, Kind), Value>,
    /// Targets being copied, innermost last (a cycle guard).
    copying: Vec<Target>,
    /// Places walked as schemas, in the coordinates of their files.
    schema_places: HashSet<Target>,
    warnings: Vec<Warning>,
    broken: Vec<Error>,
}

/// Bundles the spec at `path`, already read as `text` and parsed into `value`.
pub fn bundle(path: &Path, lines: parse::Locator, value: Value) -> Bundled {
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut b = Bundler {
        folder,
        files: vec![Source { path: path.to_path_buf(), lines, value: value.clone() }],
        file_index: HashMap::from([(normalize(path), Ok(ROOT))]),
        hoisted: IndexMap::new(),
        pending: Vec::new(),
        homes: HashMap::new(),
        copies: HashMap::new(),
        copying: Vec::new(),
        schema_places: HashSet::new(),
        warnings: Vec::new(),
        broken: Vec::new(),
    };
    b.find_homes(&value);
    let mut doc = value;
    b.walk(&mut doc, Kind::Document, ROOT, "");
    while let Some(id) = b.pending.pop() {
        let ((file, pointer), _) = b.hoisted.get_index(id).expect("pending ids are hoisted");
        let (file, pointer) = (*file, pointer.clone());
        let mut value = b.value_at(&(file, pointer.clone())).cloned().unwrap_or_default();
        b.walk(&mut value, Kind::Schema, file, &pointer);
        b.hoisted[id] = Some(value);
    }
    b.finish(&mut doc);
    let lines = std::mem::replace(&mut b.files[ROOT].lines, parse::Locator::new(String::new()));
    let files = b.files.iter().map(|source| source.path.clone()).collect();
    Bundled { doc, lines, warnings: std::mem::take(&mut b.warnings), broken: std::mem::take(&mut b.broken), files }
}

impl Bundler {
    /// `components/schemas/<name>: {$ref: other.yaml}` makes `<name>` the name of
    /// `other.yaml` wherever it is used.
    fn find_homes(&mut self, doc: &Value) {
        let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else { return };
        for (name, entry) in schemas {
            let Some(reference) = entry.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("$ref")).and_then(Value::as_str) else {
                continue;
            };
            if let Ok(target) = self.target(ROOT, reference) {
                if component_name(&target, "schemas").is_none() && !self.homes.contains_key(&target) {
                    self.homes.insert(target, name.clone());
                }
            }
        }
    }

    fn walk(&mut self, value: &mut Value, kind: Kind, file: usize, pointer: &str) {
        walk::visit(value, kind, pointer, &mut |kind, pointer, node| self.node(kind, pointer, node, file));
    }

    /// One object of the walk; returns whether to walk what is below it.
    fn node(&mut self, kind: Kind, pointer: &str, node: &mut Value, file: usize) -> bool {
        if kind == Kind::Schema {
            self.schema_places.insert((file, pointer.to_string()));
            self.discriminator_mapping(node, file, pointer);
        }
        let Some(reference) = node.get("$ref").and_then(Value::as_str).map(str::to_string) else { return true };
        let target = match self.target(file, &reference) {
            Ok(target) => target,
            Err((message, help)) => {
                let error = self.error_at(file, pointer, format!("$ref `{reference}` {message}"), help);
                self.broken.push(error);
                let broken = format!("{BROKEN}{}", self.broken.len() - 1);
                if kind == Kind::Text {
                    *node = Value::Null;
                } else {
                    node["$ref"] = Value::String(broken);
                }
                return kind == Kind::Schema;
            }
        };
        if kind == Kind::Schema {
            if file == ROOT && self.homes.get(&target).is_some_and(|home| pointer == push_pointer("/components/schemas", home)) {
                // The component entry that names the target: it becomes the target itself.
                let mut value = self.value_at(&target).cloned().unwrap_or_default();
                self.walk(&mut value, Kind::Schema, target.0, &target.1);
                *node = value;
                return false;
            }
            node["$ref"] = Value::String(self.schema_ref(target));
            return true; // 3.1 allows keywords next to `$ref`
        }
        if let Some(section) = kind.section() {
            if let Some(name) = component_name(&target, section) {
                node["$ref"] = Value::String(format!("#{}", push_pointer(&format!("/components/{section}"), &name)));
                return false;
            }
        }
        if let Some((section, _)) = component_of(&target).filter(|(s, _)| Some(s.as_str()) != kind.section()) {
            if let Some(other) = Kind::of_section(&section).filter(|k| *k != kind) {
                let (found, wanted) = (other.noun(), kind.noun());
                let message = format!(
                    "$ref `{reference}` points at {} {found} where {} {wanted} is expected; its content is used as the {wanted}",
                    article(found),
                    article(wanted)
                );
                self.warn(file, pointer, message);
            }
        }
        match self.copy(&target, kind, file, pointer) {
            Some(mut copy) => {
                // 3.1: a `summary` or `description` next to `$ref` overrides the target's.
                if let (Value::Object(site), Value::Object(copied)) = (&*node, &mut copy) {
                    for key in ["summary", "description"] {
                        if let Some(text) = site.get(key) {
                            copied.insert(key.to_string(), text.clone());
                        }
                    }
                }
                *node = copy;
            }
            None if kind == Kind::Text => *node = Value::Null,
            None => node["$ref"] = Value::String(format!("{BROKEN}{}", self.broken.len() - 1)),
        }
        false
    }

    /// A discriminator's `mapping` values are references to schemas (or bare schema names,
    /// left as they are): they are made local the way a schema's `$ref` is.
    fn discriminator_mapping(&mut self, node: &mut Value, file: usize, pointer: &str) {
        let Some(Value::Object(mapping)) = node.pointer_mut("/discriminator/mapping") else { return };
        let mut mapping = std::mem::take(mapping);
        for (key, value) in mapping.iter_mut() {
            // A bare name (`Dog`, `com.example.Dog`) names a schema of the spec.
            let is_reference = |v: &&str| v.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|e| v.ends_with(e));
            let Some(reference) = value.as_str().filter(is_reference).map(str::to_string) else { continue };
            match self.target(file, &reference) {
                Ok(target) => *value = Value::String(self.schema_ref(target)),
                Err((message, _)) => {
                    let at = push_pointer(&format!("{pointer}/discriminator/mapping"), key);
                    self.warn(file, &at, format!("the mapping `{reference}` {message}; values with this tag are kept as unrecognized"));
                }
            }
        }
        if let Some(slot) = node.pointer_mut("/discriminator/mapping") {
            *slot = Value::Object(mapping);
        }
    }

    /// A copy of the target with its own references made local; `None` (and a broken
    /// reference recorded) for a cycle of copies or a text that is not text.
    fn copy(&mut self, target: &Target, kind: Kind, file: usize, pointer: &str) -> Option<Value> {
        if let Some(done) = self.copies.get(&(target.clone(), kind)) {
            return Some(done.clone());
        }
        if self.copying.contains(target) {
            let error = self.error_at(file, pointer, "this $ref is part of a cycle of references", "break the cycle: a path item, parameter or response cannot contain itself");
            self.broken.push(error);
            return None;
        }
        let mut value = self.value_at(target).cloned().unwrap_or_default();
        if kind == Kind::Text && !value.is_string() {
            let error = self.error_at(file, pointer, format!("$ref `{}` for a text points at something that is not text", self.show(target)), "refer to a string");
            self.broken.push(error);
            return None;
        }
        self.copying.push(target.clone());
        self.walk(&mut value, kind, target.0, &target.1);
        self.copying.pop();
        self.copies.insert((target.clone(), kind), value.clone());
        Some(value)
    }

    /// The reference a schema site gets for `target`. A target that is only a reference
    /// itself is not a schema of its own: the site refers to where it leads.
    fn schema_ref(&mut self, mut target: Target) -> String {
        for _ in 0..64 {
            if component_name(&target, "schemas").is_some() || self.homes.contains_key(&target) {
                break;
            }
            let only_ref = self.value_at(&target).and_then(Value::as_object).filter(|o| o.len() == 1).and_then(|o| o.get("$ref"));
            let Some(next) = only_ref.and_then(Value::as_str).map(str::to_string) else { break };
            match self.target(target.0, &next) {
                Ok(next) => target = next,
                Err(_) => break, // reported where the reference itself is walked
            }
        }
        if let Some(name) = component_name(&target, "schemas") {
            return format!("#{}", push_pointer("/components/schemas", &name));
        }
        if let Some(home) = self.homes.get(&target) {
            return format!("#{}", push_pointer("/components/schemas", home));
        }
        let id = match self.hoisted.get_index_of(&target) {
            Some(id) => id,
            None => {
                let (id, _) = self.hoisted.insert_full(target, None);
                self.pending.push(id);
                id
            }
        };
        format!("{PLACEHOLDER}{id}")
    }

    /// Where `reference`, written in `file`, points.
    fn target(&mut self, file: usize, reference: &str) -> Result<Target, (String, String)> {
        self.target_within(file, reference, 0)
    }

    /// [`Self::target`], `depth` references into following a pointer through references.
    fn target_within(&mut self, file: usize, reference: &str, depth: usize) -> Result<Target, (String, String)> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let (path, fragment) = (percent_decode(path), percent_decode(fragment));
        if path.contains("://") || path.starts_with("//") {
            return Err((
                "is a URL; nothing is fetched".into(),
                "download the referenced document into the spec's folder and refer to it by a relative path".into(),
            ));
        }
        let index = if path.is_empty() { file } else { self.file(file, &path)? };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err((
                format!("uses `#{fragment}`, which is not a JSON pointer"),
                "write the fragment as a JSON pointer, `#/path/to/the/object`".into(),
            ));
        }
        self.follow(index, &fragment, depth)
    }

    /// The place `pointer` leads to in `file`. A step that meets a `$ref` instead of the key
    /// it looks for goes on from the place the reference points at, as people who write
    /// `#/components/responses/NotFound/content/...` about a referenced response mean.
    fn follow(&mut self, file: usize, pointer: &str, depth: usize) -> Result<Target, (String, String)> {
        if depth > 64 {
            return Err(("leads through more than 64 references".into(), "refer to the place directly".into()));
        }
        let mut here = String::new();
        for token in pointer.split('/').skip(1) {
            let key = pointer_key(token);
            let node = self.files[file].value.pointer(&here);
            let step = node.and_then(|n| n.get(&key).or_else(|| key.parse::<usize>().ok().and_then(|i| n.get(i))));
            if step.is_none() {
                if let Some(next) = node.and_then(|n| n.get("$ref")).and_then(Value::as_str).map(str::to_string) {
                    let (via_file, via) = self.target_within(file, &next, depth + 1)?;
                    let rest = &pointer[here.len()..];
                    return self.follow(via_file, &format!("{via}{rest}"), depth + 1);
                }
                let missing = if pointer.is_empty() { "/" } else { pointer };
                let hint = if pointer.starts_with("/components/") { "fix the reference or add the missing definition" } else { "fix the reference: no such place in the file" };
                let file = if file == ROOT { "the spec".into() } else { self.relative(file).display().to_string() };
                return Err((format!("points at nothing: there is no {missing} in {file}"), hint.into()));
            }
            here = push_pointer(&here, &key);
        }
        Ok((file, pointer.to_string()))
    }

    /// Loads (once) the file `path`, relative to `from`'s folder.
    fn file(&mut self, from: usize, path: &str) -> Result<usize, (String, String)> {
        let base = self.files[from].path.parent().map(Path::to_path_buf).unwrap_or_default();
        let full = normalize(&base.join(path));
        if !full.starts_with(normalize(&self.folder)) {
            return Err((
                "leaves the spec's folder".to_string(),
                "keep every referenced file inside the folder of the spec".into(),
            ));
        }
        if let Some(known) = self.file_index.get(&full) {
            return known.clone();
        }
        let loaded = match std::fs::read_to_string(&full) {
            Err(e) => Err((format!("cannot be read: {e}"), "check the path of the referenced file".into())),
            Ok(text) => match parse::parse_keeping_duplicates(&full.to_string_lossy(), &text) {
                Err(e) => {
                    let at = e.line_col.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
                    Err((format!("points into a file that does not parse ({path}{at}: {})", e.message), "fix the syntax of the referenced file".into()))
                }
                Ok((value, duplicates)) => {
                    self.files.push(Source { path: full.clone(), lines: parse::Locator::new(text), value });
                    let index = self.files.len() - 1;
                    for pointer in duplicates {
                        self.warn(index, &pointer, super::duplicate_key(&pointer));
                    }
                    Ok(index)
                }
            },
        };
        self.file_index.insert(full, loaded.clone());
        loaded
    }

    fn value_at(&self, (file, pointer): &Target) -> Option<&Value> {
        self.files[*file].value.pointer(pointer)
    }

    fn show(&self, (file, pointer): &Target) -> String {
        format!("{}#{pointer}", self.relative(*file).display())
    }

    /// A file's path relative to the spec's folder.
    fn relative(&self, file: usize) -> PathBuf {
        let path = &self.files[file].path;
        path.strip_prefix(normalize(&self.folder)).or_else(|_| path.strip_prefix(&self.folder)).unwrap_or(path).to_path_buf()
    }

    fn error_at(&self, file: usize, pointer: &str, message: impl Into<String>, help: impl Into<String>) -> Error {
        let source = &self.files[file];
        Error {
            location: Location { file: source.path.clone(), pointer: pointer.to_string(), line_col: source.lines.locate(pointer) },
            message: message.into(),
            help: help.into(),
        }
    }

    fn warn(&mut self, file: usize, pointer: &str, message: String) {
        let mut warning = Warning::at(pointer, message);
        if file != ROOT {
            warning.file = self.relative(file);
            warning.line = self.files[file].lines.locate(pointer).map(|(line, _)| line);
        }
        self.warnings.push(warning);
    }

    /// Names the hoisted schemas, adds them to the components, points the places they came
    /// from in the spec at them, and replaces the placeholders.
    fn finish(&mut self, doc: &mut Value) {
        if self.hoisted.is_empty() {
            return;
        }
        let targets: Vec<Target> = self.hoisted.keys().cloned().collect();
        let existing: HashSet<String> = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().map(|k| naming::type_name(k)).collect())
            .unwrap_or_default();
        let names = self.names(&targets, &existing);
        // Where a hoisted schema also stands inline inside the spec or inside another hoisted
        // schema, that place now refers to it: one type, not two of the same shape.
        for (id, target) in targets.iter().enumerate() {
            if !self.schema_places.contains(target) {
                continue;
            }
            let (file, pointer) = target;
            let reference = serde_json::json!({ "$ref": format!("{PLACEHOLDER}{id}") });
            if *file == ROOT {
                if let Some(place) = doc.pointer_mut(pointer) {
                    *place = reference.clone();
                }
            }
            for (other, (other_file, other_pointer)) in targets.iter().enumerate() {
                let inside = pointer.strip_prefix(other_pointer.as_str()).filter(|rest| rest.starts_with('/'));
                if let (true, Some(rest)) = (other_file == file, inside) {
                    if let Some(place) = self.hoisted[other].as_mut().and_then(|h| h.pointer_mut(rest)) {
                        *place = reference.clone();
                    }
                }
            }
        }
        let components = doc.as_object_mut().map(|d| d.entry("components").or_insert_with(|| Value::Object(Map::new())));
        let Some(Value::Object(components)) = components else { return };
        let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(schemas) = schemas else { return };
        let mut sorted: BTreeMap<&str, Value> = BTreeMap::new();
        for (id, name) in names.iter().enumerate() {
            sorted.insert(name, self.hoisted[id].take().unwrap_or_default());
        }
        for (name, value) in sorted {
            schemas.insert(name.to_string(), value);
        }
        replace_placeholders(doc, &names);
    }

    /// Component names for the hoisted schemas: each the shortest of its candidates that no
    /// other hoisted schema and no existing component wants, longer ones where they clash.
    fn names(&self, targets: &[Target], existing: &HashSet<String>) -> Vec<String> {
        let candidates: Vec<Vec<String>> = targets.iter().map(|t| self.candidates(t)).collect();
        let mut level = vec![0usize; targets.len()];
        loop {
            let mut wanted: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, c) in candidates.iter().enumerate() {
                wanted.entry(naming::type_name(&c[level[i]])).or_default().push(i);
            }
            let mut moved = false;
            for (name, ids) in wanted {
                if ids.len() > 1 || existing.contains(&name) {
                    for i in ids {
                        if level[i] + 1 < candidates[i].len() {
                            level[i] += 1;
                            moved = true;
                        }
                    }
                }
            }
            if !moved {
                break;
            }
        }
        // What still clashes gets a number, in the order of the targets' places.
        let mut order: Vec<usize> = (0..targets.len()).collect();
        order.sort_by(|&a, &b| (self.show(&targets[a])).cmp(&self.show(&targets[b])));
        let mut taken: HashSet<String> = existing.clone();
        let mut names = vec![String::new(); targets.len()];
        for i in order {
            let base = candidates[i][level[i]].clone();
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(naming::type_name(&name)) {
                name = format!("{base}_{n}");
                n += 1;
            }
            names[i] = name;
        }
        names
    }

    /// Names for a hoisted schema, shortest first: the place inside its file, then with more
    /// and more of the file's path in front.
    fn candidates(&self, (file, pointer): &Target) -> Vec<String> {
        let tokens: Vec<String> = pointer.split('/').skip(1).map(pointer_key).collect();
        let in_components = tokens.len() > 1 && tokens[0] == "components";
        let section = in_components.then(|| tokens[1].clone()).filter(|s| s != "schemas");
        let mut i = if in_components { 2 } else { 0 };
        let mut inner: Vec<String> = Vec::new();
        while i < tokens.len() {
            let t = &tokens[i];
            match t.as_str() {
                "content" => i += 1, // and the media type after it
                "schema" | "properties" => {}
                _ => inner.push(t.clone()),
            }
            i += 1;
        }
        if let Some(section) = section {
            let suffix = match section.as_str() {
                "responses" => "response",
                "requestBodies" => "body",
                "parameters" => "param",
                "headers" => "header",
                other => other,
            };
            inner.push(suffix.to_string());
        }
        let mut outer: Vec<String> = Vec::new();
        if *file != ROOT {
            let relative = self.relative(*file);
            outer.extend(relative.parent().into_iter().flat_map(|p| p.components()).filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            }));
            outer.push(relative.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
        }
        // A place inside a schema file is named with the file: `order.yaml#/properties/status`
        // is `order_status`.
        let inside_schema = tokens.iter().any(|t| matches!(t.as_str(), "properties" | "items" | "allOf" | "oneOf" | "anyOf" | "additionalProperties"));
        let mut out = Vec::new();
        for k in usize::from(inside_schema && !outer.is_empty())..=outer.len() {
            let parts: Vec<&str> = outer[outer.len() - k..].iter().chain(&inner).map(String::as_str).filter(|s| !s.is_empty()).collect();
            if !parts.is_empty() {
                out.push(parts.join("_"));
            }
        }
        if out.is_empty() {
            out.push("schema".into());
        }
        out
    }
}

/// `Some(name)` when `target` is `#/components/<section>/<name>` of the spec itself.
fn component_name(target: &Target, section: &str) -> Option<String> {
    component_of(target).filter(|(s, _)| s == section).map(|(_, name)| name)
}

fn component_of((file, pointer): &Target) -> Option<(String, String)> {
    if *file != ROOT {
        return None;
    }
    let rest = pointer.strip_prefix("/components/")?;
    let (section, name) = rest.split_once('/')?;
    (!name.contains('/')).then(|| (section.to_string(), pointer_key(name)))
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

fn replace_placeholders(value: &mut Value, names: &[String]) {
    rewrite_refs(value, &mut |reference| {
        let id = reference.strip_prefix(PLACEHOLDER)?.parse::<usize>().ok()?;
        Some(format!("#{}", push_pointer("/components/schemas", &names[id])))
    });
}

/// Replaces every `$ref` below `value` (and every reference of a discriminator's
/// `mapping`) for which `replace` gives a new one.
pub fn rewrite_refs(value: &mut Value, replace: &mut dyn FnMut(&str) -> Option<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(new) = replace(reference) {
                    *reference = new;
                }
            }
            if let Some(Value::Object(mapping)) = map.get_mut("discriminator").and_then(|d| d.get_mut("mapping")) {
                for reference in mapping.values_mut() {
                    if let Some(new) = reference.as_str().and_then(&mut *replace) {
                        *reference = Value::String(new);
                    }
                }
            }
            map.values_mut().for_each(|v| rewrite_refs(v, replace));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, replace)),
        _ => {}
    }
}

/// `a/./b/../c` -> `a/c`, without touching the file system (a symlink is not followed out).
fn normalize(path: &Path) -> PathBuf {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Decodes `%xx` escapes (URI references may use them); invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
