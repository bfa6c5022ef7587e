//! Stage 2: from the parsed document to the IR. Follows `$ref`s, merges `allOf`, applies
//! `readOnly`/`writeOnly` per context, decides every name (through `naming`), and reports
//! bad input with the JSON pointer of the offending place.
//!
//! Contexts: a schema with `readOnly` or `writeOnly` properties (directly or through the
//! types it contains) describes two different shapes, one sent and one received. Such a
//! schema gets one type per context it is used in: the received shape keeps the schema's
//! name; the sent shape keeps it too when the schema is only ever sent, and is otherwise
//! named `<Name>Input`. Schemas without such properties have one type.
//!
//! `allOf` merges its members into one struct, in order; a property defined again by a later
//! member replaces the earlier definition, and `required` lists are united. `allOf` with one
//! member and no properties of its own is that member, with the siblings' annotations
//! (`description`, `readOnly`, `nullable`, `deprecated`, constraints) applied where it is used.

use crate::error::{pointer_key, push_pointer, Error, Errors, Warning};
use crate::ir::*;
use crate::load::Loaded;
use crate::naming::{self, Scope};
use crate::schema::{deprecation_note, Additional, Flat, SRef};
use indexmap::{IndexMap, IndexSet};
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The IR and the warnings about what could not be expressed.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub api: Api,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Ctx {
    /// Sent to the server: `readOnly` properties are left out.
    Request,
    /// Received from the server: `writeOnly` properties are left out.
    Response,
    /// The schema looks the same both ways.
    Neutral,
}

/// Names the generated code itself uses next to the spec's types.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Nullable",
    "UnrecognizedValue", "BuildError", "ResponseError", "Validate", "ToParam", "BTreeMap",
    "Value", "Self_",
];
/// How many links a chain of `allOf` wrappers, merged `allOf`s or aliases may have.
const MAX_DEPTH: usize = 64;
/// Methods every builder has.
const BUILDER_METHODS: &[&str] = &["new", "build", "parse_response", "METHOD", "PATH"];

/// What a use of a schema says besides its type.
#[derive(Debug, Clone, Default)]
struct Info {
    description: Option<String>,
    deprecated: Option<String>,
    read_only: bool,
    write_only: bool,
    nullable: bool,
    constraints: Constraints,
}

impl Info {
    fn of(flat: &Flat<'_>) -> Self {
        Info {
            description: flat.data.description.clone().or_else(|| flat.data.title.clone()),
            deprecated: flat.deprecation(),
            read_only: flat.data.read_only,
            write_only: flat.data.write_only,
            nullable: flat.data.nullable,
            constraints: flat.constraints.clone(),
        }
    }

    /// `self` is the outer use; what it leaves unsaid comes from `inner`.
    fn over(mut self, inner: Info) -> Self {
        self.description = self.description.or(inner.description);
        self.deprecated = self.deprecated.or(inner.deprecated);
        self.read_only |= inner.read_only;
        self.write_only |= inner.write_only;
        self.nullable |= inner.nullable;
        let (c, i) = (&mut self.constraints, inner.constraints);
        c.minimum = c.minimum.or(i.minimum);
        c.maximum = c.maximum.or(i.maximum);
        c.exclusive_minimum |= i.exclusive_minimum;
        c.exclusive_maximum |= i.exclusive_maximum;
        c.min_length = c.min_length.or(i.min_length);
        c.max_length = c.max_length.or(i.max_length);
        c.min_items = c.min_items.or(i.min_items);
        c.max_items = c.max_items.or(i.max_items);
        c.items = c.items.take().or(i.items);
        self
    }
}

/// An `allOf` flattened into one property list.
#[derive(Default)]
struct Merged<'a> {
    props: IndexMap<&'a str, (SRef<'a>, String)>,
    required: IndexSet<&'a str>,
    additional: Option<(Additional<'a>, String)>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
}

/// Turns a loaded document into the IR.
pub fn resolve(loaded: &Loaded) -> Result<Resolved, Error> {
    let mut r = Resolver::new(loaded);
    r.mark_usage();
    r.name_components();
    let operations = r.operations();
    r.components();
    let operations: Vec<Operation> = r.drop_incomplete(operations).into_iter().map(|op| r.finish(op)).collect();
    crate::graph::box_cycles(&mut r.types);
    let doc = &loaded.doc;
    let base_url = doc.servers.first().and_then(|server| r.server_url(server));
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        base_url,
        types: r.types.into_values().collect(),
        operations,
        groups: r.groups,
    };
    crate::group::assign(&mut api);
    Ok(Resolved { api, warnings: r.warnings })
}

struct Resolver<'a> {
    doc: &'a OpenAPI,
    errors: Errors,
    /// References that cannot be followed; see `load::bundle::BROKEN`.
    broken: &'a [Error],
    types: BTreeMap<String, TypeDef>,
    type_names: Scope,
    /// (schema pointer, context) -> type name, for every named type decided so far.
    named: HashMap<(String, Ctx), String>,
    /// Named types asked for but not built yet: (schema, its pointer, context, name). They are
    /// built one after the other, never inside each other, so no chain of types in the
    /// document makes the resolver recurse deeply.
    pending: Vec<(&'a Schema, String, Ctx, String)>,
    /// Inline union member pointer -> the name it gives itself (see `member_label`).
    member_labels: HashMap<String, String>,
    /// Names of pending types whose building has started.
    attempted: HashSet<String>,
    /// Schema pointer -> whether it defines a type of its own (see `defines_type`).
    defines: HashMap<String, bool>,
    /// Reference -> the name of the component its chain of references ends at.
    chain_ends: std::cell::RefCell<HashMap<String, String>>,
    /// The type and annotations of each component that stands for another type, by context.
    aliases: HashMap<(String, Ctx), (TypeRef, Info)>,
    /// Component pointers whose alias chain is being followed (cycle guard).
    following: Vec<String>,
    /// Contexts each component schema is reached from by some operation.
    usage: HashMap<String, (bool, bool)>,
    sensitive: HashMap<String, bool>,
    /// Builder types live in their own module, so their names are a scope of their own.
    op_type_names: Scope,
    op_fn_names: Scope,
    groups: Vec<Group>,
    group_index: HashMap<String, usize>,
    group_modules: Scope,
    warnings: Vec<Warning>,
}


impl<'a> Resolver<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        Resolver {
            doc: &loaded.doc,
            errors: Errors::new(&loaded.path),
            broken: &loaded.broken,
            types: BTreeMap::new(),
            type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            named: HashMap::new(),
            pending: Vec::new(),
            attempted: HashSet::new(),
            member_labels: HashMap::new(),
            defines: HashMap::new(),
            chain_ends: Default::default(),
            aliases: HashMap::new(),
            following: Vec::new(),
            usage: HashMap::new(),
            sensitive: HashMap::new(),
            op_type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            // The client's own methods; each operation also becomes a method of the client.
            op_fn_names: Scope::with_reserved(&[
                "builder", "from_env", "base_url", "send", "send_with", "send_raw", "send_raw_with", "pages", "items",
                "attempts", "once", "backoff",
            ]),
            groups: Vec::new(),
            group_index: HashMap::new(),
            // The crate's own modules and features, and the crates its code names by path
            // (a module `std` or `serde` would make `std::...` and `serde::...` ambiguous).
            group_modules: Scope::with_reserved(&[
                "shared", "types", "operations", "runtime", "mod", "full", "default", "client", "std", "core", "alloc",
                "serde", "serde_json", "http", "chrono", "uuid", "reqwest", "tokio", "futures_core", "futures_util",
                "httpdate", "percent_encoding",
            ]),
            warnings: Vec::new(),
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning::at(pointer, message));
    }

    /// A server's URL with each `{variable}` replaced by its default; `None` (with a
    /// warning) when a variable has no definition, so that the user gives the URL.
    fn server_url(&mut self, server: &openapiv3::Server) -> Option<String> {
        let mut url = String::new();
        let mut rest = server.url.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.warn("/servers/0/url", "the server URL has an unclosed `{`; the crate has no default base URL");
                return None;
            };
            let name = &rest[open + 1..close];
            let Some(variable) = server.variables.as_ref().and_then(|v| v.get(name)) else {
                self.warn("/servers/0/url", format!("the server URL uses `{{{name}}}`, which `variables` does not define; the crate has no default base URL"));
                return None;
            };
            url.push_str(&rest[..open]);
            url.push_str(&variable.default);
            rest = &rest[close + 1..];
        }
        url.push_str(rest);
        Some(url)
    }

    // ----- references -------------------------------------------------------------------

    /// Why `reference` cannot be followed, when bundling found it broken.
    fn broken_reason(&self, reference: &str) -> Option<&'a Error> {
        let n = reference.strip_prefix(crate::load::bundle::BROKEN)?.parse::<usize>().ok()?;
        self.broken.get(n)
    }

    /// Resolves a local reference of the form `#/components/<section>/<name>` in `map`,
    /// following references between components. Returns the item and its pointer. Where a
    /// chain of references ends is remembered, so a chain is walked once however often it
    /// is used.
    fn lookup_in<T>(
        &self,
        map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
        section: &str,
        reference: &str,
        from: &str,
    ) -> Result<(&'a T, String), Error> {
        let prefix = format!("#/components/{section}/");
        let mut reference = reference;
        let mut chain: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        let found = loop {
            if let Some(end) = reference.strip_prefix(&prefix).and_then(|_| self.chain_ends.borrow().get(reference).cloned()) {
                break end;
            }
            if let Some(error) = self.broken_reason(reference) {
                return Err(error.clone());
            }
            if !reference.starts_with('#') {
                return Err(self.errors.at(
                    from,
                    format!("external $ref `{reference}` is not supported"),
                    "bundle the referenced document into this one (for example with `redocly bundle`) so that every $ref starts with `#/`",
                ));
            }
            let name = reference.strip_prefix(&prefix).ok_or_else(|| {
                self.errors.at(
                    from,
                    format!("$ref `{reference}` does not point at an entry of #/components/{section}"),
                    format!("refer to a named entry, `{prefix}<name>`; move nested definitions there"),
                )
            })?;
            let name = pointer_key(name);
            let pointer = push_pointer(&format!("/components/{section}"), &name);
            let entry = map.and_then(|m| m.get(&name)).ok_or_else(|| {
                self.errors.at(
                    from,
                    format!("$ref `{reference}` points at nothing: there is no {pointer}"),
                    "fix the reference or add the missing definition",
                )
            })?;
            match entry {
                ReferenceOr::Item(_) => break name,
                ReferenceOr::Reference { reference: next } => {
                    if !seen.insert(pointer.clone()) {
                        return Err(self.errors.at(
                            &pointer,
                            "this $ref refers to itself through other references",
                            "break the cycle of references",
                        ));
                    }
                    chain.push(reference);
                    reference = next;
                }
            }
        };
        let mut ends = self.chain_ends.borrow_mut();
        for link in chain {
            ends.insert(link.to_string(), found.clone());
        }
        ends.insert(reference.to_string(), found.clone());
        let pointer = push_pointer(&format!("/components/{section}"), &found);
        match map.and_then(|m| m.get(&found)) {
            Some(ReferenceOr::Item(item)) => Ok((item, pointer)),
            _ => Err(self.errors.at(&pointer, "a chain of references ends at nothing", "this is a bug in the generator; please report it with the spec")),
        }
    }

    fn schema(&self, reference: &str, from: &str) -> Result<(&'a Schema, String), Error> {
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        self.lookup_in(components, "schemas", reference, from)
    }

    /// The schema itself and the pointer where it is written.
    fn deref(&self, s: SRef<'a>, pointer: &str) -> Result<(&'a Schema, String), Error> {
        match s {
            SRef::Ref(r) => self.schema(r, pointer),
            SRef::Inline(schema) => Ok((schema, pointer.to_string())),
        }
    }

    // ----- contexts ---------------------------------------------------------------------

    /// Records, for every component schema, whether operations send it, receive it, or both.
    /// An operation that cannot be read is skipped here; `operations` reports it.
    fn mark_usage(&mut self) {
        let mut seen = HashSet::new();
        for (path, _, op, op_ptr) in self.operation_list() {
            let _ = self.mark_operation(path, op, &op_ptr, &mut seen);
        }
    }

    fn mark_operation(
        &mut self,
        path: &str,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        seen: &mut HashSet<(String, Ctx, bool)>,
    ) -> Result<(), Error> {
        let mut uses = Vec::new();
        for (p, ptr) in self.params_of(path, op, op_ptr)? {
            if let Some((schema, sptr)) = param_schema(p, &ptr) {
                uses.push((schema, sptr, Ctx::Request));
            }
        }
        if let Some((medias, _, _)) = self.request_body(op, op_ptr)? {
            uses.extend(medias.into_iter().filter_map(|m| m.schema).map(|(s, p)| (s, p, Ctx::Request)));
        }
        for response in self.responses(op, op_ptr)? {
            uses.extend(response.body.and_then(|b| b.schema).map(|(s, p)| (s, p, Ctx::Response)));
        }
        for (schema, ptr, ctx) in uses {
            self.mark(schema, &ptr, ctx, true, seen)?;
        }
        Ok(())
    }

    /// Marks the components `s` uses as a type in `ctx`. Members of an `allOf` that is merged
    /// into a struct are not used as types themselves, only their properties are.
    fn mark(
        &mut self,
        s: SRef<'a>,
        pointer: &str,
        ctx: Ctx,
        used_as_type: bool,
        seen: &mut HashSet<(String, Ctx, bool)>,
    ) -> Result<(), Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if let SRef::Ref(_) = s {
            if !seen.insert((ptr.clone(), ctx, used_as_type)) {
                return Ok(());
            }
            if used_as_type {
                let entry = self.usage.entry(ptr.clone()).or_default();
                match ctx {
                    Ctx::Request => entry.0 = true,
                    _ => entry.1 = true,
                }
            }
        }
        let flat = Flat::of(schema);
        let merged = flat.all_of.len() > 1 || (flat.all_of.len() == 1 && flat.shapes_object());
        let all_of_prefix = format!("{ptr}/allOf/");
        for (child, child_ptr) in children(&flat, &ptr) {
            let member_of_merge = merged && child_ptr.starts_with(&all_of_prefix);
            self.mark(child, &child_ptr, ctx, !member_of_merge && (used_as_type || !child_ptr.starts_with(&all_of_prefix)), seen)?;
        }
        Ok(())
    }

    /// Whether the schema looks different when sent and when received.
    fn is_sensitive(&mut self, s: SRef<'a>, pointer: &str) -> Result<bool, Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if let Some(known) = self.sensitive.get(&ptr) {
            return Ok(*known);
        }
        self.sensitive.insert(ptr.clone(), false); // a cycle adds nothing
        let flat = Flat::of(schema);
        let mut answer = false;
        for (child, child_ptr) in children(&flat, &ptr) {
            let (child_schema, _) = self.deref(child, &child_ptr)?;
            let data = &child_schema.schema_data;
            let is_property = child_ptr.starts_with(&format!("{ptr}/properties/"));
            if (is_property && (data.read_only || data.write_only))
                || self.is_sensitive(child, &child_ptr)?
            {
                answer = true;
                break;
            }
        }
        self.sensitive.insert(ptr, answer);
        Ok(answer)
    }

    fn name_components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else { return };
        for (key, entry) in &components.schemas {
            let ptr = push_pointer("/components/schemas", key);
            let base = naming::type_name(key);
            let s = match entry {
                ReferenceOr::Item(schema) => SRef::Inline(schema),
                ReferenceOr::Reference { reference } => SRef::Ref(reference),
            };
            // A component that cannot be read is reported where it is built.
            let contexts = self.contexts_of(s, &ptr).unwrap_or_else(|_| vec![(Ctx::Neutral, "")]);
            for (ctx, suffix) in contexts {
                let name = self.type_names.claim(format!("{}{suffix}", naming::bare(&base)));
                self.named.insert((ptr.clone(), ctx), name);
            }
        }
    }

    /// The contexts a component gets a type for, and the suffix of each type's name.
    fn contexts_of(&mut self, s: SRef<'a>, ptr: &str) -> Result<Vec<(Ctx, &'static str)>, Error> {
        if !self.is_sensitive(s, ptr)? {
            return Ok(vec![(Ctx::Neutral, "")]);
        }
        Ok(match self.usage.get(ptr).copied().unwrap_or((false, false)) {
            (true, true) => vec![(Ctx::Response, ""), (Ctx::Request, "Input")],
            (true, false) => vec![(Ctx::Request, "")],
            _ => vec![(Ctx::Response, "")],
        })
    }

    /// Builds every component schema (those no operation uses too), each in its contexts. A
    /// component that cannot be built is left out with a warning.
    fn components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else { return };
        for (key, entry) in &components.schemas {
            let ptr = push_pointer("/components/schemas", key);
            if let Err(error) = self.component(entry, &ptr) {
                self.left_out(&format!("schema `{key}`"), error);
            }
        }
        let mut next = 0;
        while let Some((schema, ptr, ctx, name)) = self.pending.get(next).cloned() {
            next += 1;
            // Built, or failed (the failure is reported once, and what uses it is dropped).
            if self.types.contains_key(&name) || !self.attempted.insert(name.clone()) {
                continue;
            }
            if let Err(error) = self.define_named(schema, &ptr, ctx, name) {
                let key = pointer_key(ptr.rsplit('/').next().unwrap_or_default());
                self.left_out(&format!("schema `{key}`"), error);
            }
        }
        self.pending.clear();
    }

    fn component(&mut self, entry: &'a ReferenceOr<Schema>, ptr: &str) -> Result<(), Error> {
        let schema = match entry {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.schema(reference, ptr)?.0,
        };
        for (ctx, _) in self.contexts_of(SRef::Inline(schema), ptr)? {
            let Some(name) = self.named.get(&(ptr.to_string(), ctx)).cloned() else { continue };
            if !self.types.contains_key(&name) && self.attempted.insert(name.clone()) {
                self.define_named(schema, ptr, ctx, name)?;
            }
        }
        Ok(())
    }

    /// Reports a piece of the document that cannot be generated and is left out: the warning
    /// names the innermost place of the fault, in the file that holds it.
    fn left_out(&mut self, what: &str, error: Error) {
        // Whatever was being followed when the fault was found is not finished.
        self.following.clear();
        let mut warning = Warning::at(&error.location.pointer, format!("{what} is left out: {}", error.message));
        if error.location.file != self.errors.file() {
            let folder = self.errors.file().parent().unwrap_or(std::path::Path::new(""));
            warning.file = error.location.file.strip_prefix(folder).unwrap_or(&error.location.file).to_path_buf();
            warning.line = error.location.line_col.map(|(line, _)| line);
        }
        self.warnings.push(warning);
    }

    /// Types that refer to a type that was never built (because building it failed) are
    /// removed, and so, with a warning, are the operations that use any of them.
    fn drop_incomplete(&mut self, operations: Vec<Operation>) -> Vec<Operation> {
        loop {
            let missing: Vec<String> = self
                .types
                .values()
                .filter(|t| t.kind.type_refs().iter().any(|r| !missing_names(r, &self.types).is_empty()))
                .map(|t| t.name.clone())
                .collect();
            if missing.is_empty() {
                break;
            }
            for name in missing {
                self.types.remove(&name);
            }
        }
        let mut kept = Vec::with_capacity(operations.len());
        for op in operations {
            let refs = op.params.iter().map(|p| &p.ty).chain(op.body.as_ref().map(|b| &b.ty)).chain(op.success.as_ref()).chain(op.error.as_ref());
            let gone: Vec<String> = refs.flat_map(|r| missing_names(r, &self.types)).collect();
            if gone.is_empty() {
                kept.push(op);
            } else {
                let message = format!("operation `{}` is left out: it uses {}, which could not be generated", op.id, gone.join(", "));
                self.warn(&op.pointer, message);
            }
        }
        kept
    }

    // ----- types ------------------------------------------------------------------------

    /// The type of a use of a schema, and what the use says about it.
    fn type_of(
        &mut self,
        s: SRef<'a>,
        pointer: &str,
        ctx: Ctx,
        hint: &str,
    ) -> Result<(TypeRef, Info), Error> {
        match s {
            SRef::Ref(reference) => {
                let (schema, ptr) = self.schema(reference, pointer)?;
                let flat = Flat::of(schema);
                if self.defines_type(&flat, &ptr)? {
                    let name = self.named_type(schema, &ptr, ctx)?;
                    let info = Info { nullable: flat.data.nullable, ..Info::default() };
                    return Ok((TypeRef::Named(name), info));
                }
                if let Some(known) = self.aliases.get(&(ptr.clone(), ctx)) {
                    return Ok(known.clone());
                }
                if self.following.contains(&ptr) {
                    let message = format!(
                        "{ptr} contains itself without passing through an object; Rust cannot express that"
                    );
                    self.warn(&ptr, format!("{message}; the inner use is typed as any JSON value"));
                    return Ok((TypeRef::Json, Info::default()));
                }
                self.check_depth(self.following.len(), &ptr, "references to schemas that stand for another")?;
                self.following.push(ptr.clone());
                let hint = naming::type_name(ptr.rsplit('/').next().unwrap_or(hint));
                let result = self.inline_type(schema, &ptr, ctx, &hint);
                self.following.pop();
                if let Ok(known) = &result {
                    self.aliases.insert((ptr, ctx), known.clone());
                }
                result
            }
            SRef::Inline(schema) => self.inline_type(schema, pointer, ctx, hint),
        }
    }

    /// Whether the schema becomes a type of its own (struct, enum or union) rather than a
    /// built-in type. An `allOf` wrapping one schema is what it wraps: the chain of wrappers
    /// is followed once, and the answer remembered for every link.
    fn defines_type(&mut self, flat: &Flat<'a>, ptr: &str) -> Result<bool, Error> {
        let mut chain = vec![ptr.to_string()];
        let mut current: Option<Flat<'a>> = None;
        let answer = loop {
            let here = chain.last().expect("never empty").clone();
            if let Some(&known) = self.defines.get(&here) {
                break known;
            }
            let f = current.as_ref().unwrap_or(flat);
            if f.all_of.len() == 1 && !f.shapes_object() {
                let (inner, inner_ptr) = self.deref(f.all_of[0], &format!("{here}/allOf/0"))?;
                if chain.contains(&inner_ptr) {
                    let cycle = chain.iter().chain([&inner_ptr]).cloned().collect::<Vec<_>>().join(" -> ");
                    return Err(self.errors.at(
                        &format!("{here}/allOf/0"),
                        format!("cyclic allOf: {cycle}"),
                        "a schema cannot include itself through allOf; reference it from a property instead",
                    ));
                }
                self.check_depth(chain.len(), &here, "schemas that only wrap another in `allOf`")?;
                chain.push(inner_ptr);
                current = Some(Flat::of(inner));
                continue;
            }
            break if !f.all_of.is_empty() {
                self.is_objectish(f, &here)?
            } else if !f.one_of.is_empty() || !f.any_of.is_empty() {
                union_members(f).len() > 1
            } else {
                is_string_enum(f) || !f.properties.is_empty()
            };
        };
        for link in chain {
            self.defines.insert(link, answer);
        }
        Ok(answer)
    }

    /// Whether an `allOf` describes an object: it says so, or one of its members (through
    /// their own `allOf`s) does.
    fn is_objectish(&mut self, flat: &Flat<'a>, ptr: &str) -> Result<bool, Error> {
        let mut seen = HashSet::new();
        let mut stack = vec![(flat.clone(), ptr.to_string())];
        while let Some((flat, ptr)) = stack.pop() {
            if flat.typ == Some("object") || flat.shapes_object() {
                return Ok(true);
            }
            for (i, member) in flat.all_of.iter().enumerate() {
                let (schema, mptr) = self.deref(*member, &format!("{ptr}/allOf/{i}"))?;
                if seen.insert(mptr.clone()) {
                    stack.push((Flat::of(schema), mptr));
                }
            }
        }
        Ok(false)
    }

    /// An error where following one schema to the next has gone `depth` links deep: no API
    /// description needs that many, and each link would cost stack or output.
    fn check_depth(&self, depth: usize, ptr: &str, what: &str) -> Result<(), Error> {
        if depth < MAX_DEPTH {
            return Ok(());
        }
        Err(self.errors.at(
            ptr,
            format!("a chain of {what} reaches {MAX_DEPTH} links here; longer chains are not followed"),
            "shorten the chain: refer to the schema the chain ends at directly",
        ))
    }

    /// The name of the type for a component schema that defines one; the type is built
    /// later (see `pending`).
    fn named_type(&mut self, schema: &'a Schema, ptr: &str, ctx: Ctx) -> Result<String, Error> {
        let ctx = if self.is_sensitive(SRef::Inline(schema), ptr)? {
            if ctx == Ctx::Neutral { Ctx::Response } else { ctx }
        } else {
            Ctx::Neutral
        };
        if let Some(name) = self.named.get(&(ptr.to_string(), ctx)).cloned() {
            // Component names are decided up front.
            if !self.types.contains_key(&name) {
                self.pending.push((schema, ptr.to_string(), ctx, name.clone()));
            }
            return Ok(name);
        }
        let key = pointer_key(ptr.rsplit('/').next().unwrap_or("Type"));
        let suffix = if ctx == Ctx::Request { "Input" } else { "" };
        let name = self.type_names.claim(format!("{}{suffix}", naming::bare(&naming::type_name(&key))));
        self.named.insert((ptr.to_string(), ctx), name.clone());
        self.pending.push((schema, ptr.to_string(), ctx, name.clone()));
        Ok(name)
    }

    /// Registers and builds an inline schema that defines a type, named from `hint`.
    fn inline_named(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        ctx: Ctx,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        let key_ctx = if self.is_sensitive(SRef::Inline(schema), ptr)? { ctx } else { Ctx::Neutral };
        if let Some(name) = self.named.get(&(ptr.to_string(), key_ctx)) {
            return Ok(TypeRef::Named(name.clone()));
        }
        let hint = match component_hint(ptr, &self.member_labels) {
            Some(from_pointer) if key_ctx == Ctx::Request => format!("{from_pointer}Input"),
            Some(from_pointer) => from_pointer,
            None => hint.to_string(),
        };
        let name = self.type_names.claim(hint);
        self.named.insert((ptr.to_string(), key_ctx), name.clone());
        self.define_named(schema, ptr, ctx, name.clone())?;
        Ok(TypeRef::Named(name))
    }

    /// Builds the definition of a named type.
    fn define_named(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        ctx: Ctx,
        name: String,
    ) -> Result<(), Error> {
        let flat = Flat::of(schema);
        let info = Info::of(&flat);
        let docs = Docs { summary: None, description: info.description.clone(), deprecated: info.deprecated.clone() };
        let kind = if !self.defines_type(&flat, ptr)? {
            // Only components get here: a named alias for a built-in type.
            TypeKind::Alias(self.inline_type(schema, ptr, ctx, &name)?.0)
        } else if flat.all_of.len() == 1 && !flat.shapes_object() {
            TypeKind::Alias(self.type_of(flat.all_of[0], &format!("{ptr}/allOf/0"), ctx, &name)?.0)
        } else if !flat.all_of.is_empty() || !flat.properties.is_empty() {
            TypeKind::Struct(self.build_struct(schema, ptr, ctx, &name)?)
        } else if is_string_enum(&flat) {
            TypeKind::Enum(build_enum(&flat))
        } else {
            TypeKind::Union(self.build_union(&flat, ptr, ctx, &name)?)
        };
        self.types.insert(name.clone(), TypeDef { name, docs, pointer: ptr.to_string(), kind, groups: Vec::new() });
        Ok(())
    }

    fn inline_type(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        ctx: Ctx,
        hint: &str,
    ) -> Result<(TypeRef, Info), Error> {
        let flat = Flat::of(schema);
        let info = Info::of(&flat);
        if flat.all_of.len() == 1 && !flat.shapes_object() {
            let (ty, inner) = self.type_of(flat.all_of[0], &format!("{ptr}/allOf/0"), ctx, hint)?;
            return Ok((ty, info.over(inner)));
        }
        if self.defines_type(&flat, ptr)? {
            return Ok((self.inline_named(schema, ptr, ctx, hint)?, info));
        }
        if !flat.all_of.is_empty() {
            // allOf of non-object schemas: the first member gives the type.
            let (ty, inner) = self.type_of(flat.all_of[0], &format!("{ptr}/allOf/0"), ctx, hint)?;
            return Ok((ty, info.over(inner)));
        }
        let members = union_members(&flat);
        if !flat.one_of.is_empty() || !flat.any_of.is_empty() {
            // One real member (the others being `null`): that member, nullable.
            let nullable = members.len() < flat.one_of.len() + flat.any_of.len();
            return match members.first() {
                Some((member, member_ptr)) => {
                    let (ty, inner) = self.type_of(*member, &format!("{ptr}{member_ptr}"), ctx, hint)?;
                    let mut info = info.over(inner);
                    info.nullable |= nullable;
                    Ok((ty, info))
                }
                None => Ok((TypeRef::Json, Info { nullable: true, ..info })),
            };
        }
        let stringish = flat.format.is_some()
            || flat.pattern.is_some()
            || flat.constraints.min_length.is_some()
            || flat.constraints.max_length.is_some();
        let numberish = flat.constraints.minimum.is_some() || flat.constraints.maximum.is_some();
        let ty = match flat.typ {
            Some("string") => string_type(flat.format.as_deref()),
            Some("integer") => match flat.format.as_deref() {
                Some("int8") => TypeRef::I8,
                Some("int16") => TypeRef::I16,
                Some("int32") => TypeRef::I32,
                Some("uint8") => TypeRef::U8,
                Some("uint16") => TypeRef::U16,
                Some("uint32") => TypeRef::U32,
                Some("uint64" | "uint") => TypeRef::U64,
                _ => TypeRef::I64,
            },
            Some("number") => match flat.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array_type(&flat, ptr, ctx, hint)?,
            Some("object") => self.map_type(&flat, ptr, ctx, hint)?,
            Some("null") => TypeRef::Json,
            Some(other) => {
                self.warn(ptr, format!("unknown type `{other}`; typed as any JSON value"));
                TypeRef::Json
            }
            None if flat.items.is_some() => self.array_type(&flat, ptr, ctx, hint)?,
            None if flat.additional.is_some() => self.map_type(&flat, ptr, ctx, hint)?,
            None if stringish => string_type(flat.format.as_deref()),
            None if numberish => TypeRef::F64,
            None => TypeRef::Json,
        };
        let mut info = info;
        if flat.enum_values.iter().any(Value::is_null) {
            info.nullable = true;
        }
        if let TypeRef::Array(_) = ty {
            if let Some(items) = flat.items {
                let (item_schema, _) = self.deref(items, &format!("{ptr}/items"))?;
                let item_info = Info::of(&Flat::of(item_schema));
                if !item_info.constraints.is_empty() {
                    info.constraints.items = Some(Box::new(item_info.constraints));
                }
            }
        }
        Ok((ty, info))
    }

    fn array_type(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, hint: &str) -> Result<TypeRef, Error> {
        let Some(items) = flat.items else { return Ok(TypeRef::Array(Box::new(TypeRef::Json))) };
        let (ty, info) = self.type_of(items, &format!("{ptr}/items"), ctx, &format!("{hint}Item"))?;
        Ok(TypeRef::Array(Box::new(if info.nullable { TypeRef::Nullable(Box::new(ty)) } else { ty })))
    }

    fn map_type(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, hint: &str) -> Result<TypeRef, Error> {
        match flat.additional {
            Some(Additional::Schema(value)) => {
                let (ty, info) = self.type_of(value, &format!("{ptr}/additionalProperties"), ctx, &format!("{hint}Value"))?;
                        Ok(TypeRef::Map(Box::new(if info.nullable { TypeRef::Nullable(Box::new(ty)) } else { ty })))
            }
            _ => Ok(TypeRef::Json),
        }
    }

    fn merge(&mut self, s: SRef<'a>, pointer: &str, merged: &mut Merged<'a>, stack: &mut Vec<String>) -> Result<(), Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if stack.contains(&ptr) {
            let chain = stack.iter().chain(std::iter::once(&ptr)).cloned().collect::<Vec<_>>().join(" -> ");
            return Err(self.errors.at(
                pointer,
                format!("cyclic allOf: {chain}"),
                "a schema cannot include itself through allOf; reference it from a property instead",
            ));
        }
        self.check_depth(stack.len(), pointer, "schemas merged through `allOf`")?;
        stack.push(ptr.clone());
        let flat = Flat::of(schema);
        for (i, member) in flat.all_of.iter().enumerate() {
            self.merge(*member, &format!("{ptr}/allOf/{i}"), merged, stack)?;
        }
        if !flat.one_of.is_empty() || !flat.any_of.is_empty() {
            self.warn(&ptr, "oneOf/anyOf inside allOf cannot be merged into one struct; its properties are left out");
        }
        for (name, prop) in &flat.properties {
            let prop_ptr = push_pointer(&format!("{ptr}/properties"), name);
            merged.props.insert(name, (*prop, prop_ptr));
        }
        merged.required.extend(flat.required.iter().map(String::as_str));
        if let Some(additional) = flat.additional {
            merged.additional = Some((additional, format!("{ptr}/additionalProperties")));
        }
        merged.min_properties = flat.min_properties.or(merged.min_properties);
        merged.max_properties = flat.max_properties.or(merged.max_properties);
        stack.pop();
        Ok(())
    }

    fn build_struct(&mut self, schema: &'a Schema, ptr: &str, ctx: Ctx, name: &str) -> Result<Struct, Error> {
        let mut merged = Merged::default();
        self.merge(SRef::Inline(schema), ptr, &mut merged, &mut vec![])?;
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for (wire, (prop, prop_ptr)) in &merged.props {
            let hint = naming::joined(name, &naming::type_name(wire));
            let (ty, info) = self.type_of(*prop, prop_ptr, ctx, &hint)?;
            let (skip_read, skip_write) = (ctx == Ctx::Request && info.read_only, ctx == Ctx::Response && info.write_only);
            if skip_read || skip_write {
                continue;
            }
            fields.push(Field {
                wire_name: wire.to_string(),
                name: scope.claim(naming::field_name(wire)),
                ty,
                // A deprecated property is on its way out: the type received does not fail to
                // decode on the day the server stops sending it.
                required: merged.required.contains(wire) && !(ctx == Ctx::Response && info.deprecated.is_some()),
                nullable: info.nullable,
                constraints: info.constraints,
                docs: Docs { summary: None, description: info.description, deprecated: info.deprecated },
            });
        }
        if let Some((Additional::Schema(_), additional_ptr)) = &merged.additional {
            if !fields.is_empty() {
                self.warn(additional_ptr, "additionalProperties next to properties are not kept; unknown fields are ignored");
            }
        }
        Ok(Struct { fields, min_properties: merged.min_properties, max_properties: merged.max_properties })
    }

    fn build_union(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, name: &str) -> Result<Vec<Variant>, Error> {
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (i, (member, member_ptr)) in union_members(flat).into_iter().enumerate() {
            let member_ptr = format!("{ptr}{member_ptr}");
            let label = match member {
                SRef::Inline(schema) => self.member_label(schema, &member_ptr),
                SRef::Ref(_) => None,
            };
            if let Some(label) = &label {
                self.member_labels.insert(member_ptr.clone(), label.clone());
            }
            let hint = naming::joined(name, label.as_deref().unwrap_or(&format!("Variant{i}")));
            let (ty, _) = self.type_of(member, &member_ptr, ctx, &hint)?;
            let base = match (&ty, &label) {
                (_, Some(label)) => label.clone(),
                (TypeRef::Named(n), None) => n.strip_prefix(naming::bare(name)).filter(|s| !s.is_empty()).unwrap_or(n).to_string(),
                (other, None) => variant_label(other).to_string(),
            };
            variants.push(Variant { name: scope.claim(naming::type_name(&base)), ty });
        }
        Ok(variants)
    }

    /// A name for an inline member of a union, from what the member says of itself: its
    /// `title`, the one value it allows (`enum: [name_ascending]`), or the one value its
    /// required tag property allows (`kind: {enum: [vpc]}`).
    fn member_label(&self, schema: &'a Schema, ptr: &str) -> Option<String> {
        let flat = Flat::of(schema);
        let label = |text: &str| Some(naming::bare(&naming::type_name(text)).to_string());
        if let Some(title) = flat.data.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return label(title);
        }
        if let [Value::String(only)] = flat.enum_values.as_slice() {
            return label(only);
        }
        flat.properties.iter().filter(|(wire, _)| flat.required.iter().any(|r| r == wire)).find_map(|(wire, prop)| {
            let prop_ptr = push_pointer(&format!("{ptr}/properties"), wire);
            let (prop_schema, _) = self.deref(*prop, &prop_ptr).ok()?;
            match Flat::of(prop_schema).enum_values.as_slice() {
                [Value::String(tag)] => label(tag),
                _ => None,
            }
        })
    }

    // ----- operations -------------------------------------------------------------------

    /// Every operation in the document: (path, method, operation, pointer), in spec order.
    fn operation_list(&self) -> Vec<(&'a str, Method, &'a openapiv3::Operation, String)> {
        let mut list = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let methods = [
                (Method::Get, &item.get),
                (Method::Put, &item.put),
                (Method::Post, &item.post),
                (Method::Delete, &item.delete),
                (Method::Options, &item.options),
                (Method::Head, &item.head),
                (Method::Patch, &item.patch),
                (Method::Trace, &item.trace),
            ];
            for (method, op) in methods {
                if let Some(op) = op {
                    let ptr = push_pointer(&push_pointer("/paths", path), &method.as_str().to_lowercase());
                    list.push((path.as_str(), method, op, ptr));
                }
            }
        }
        list
    }

    /// Path-level and operation-level parameters, the latter overriding the former.
    fn params_of(&self, path: &str, op: &'a openapiv3::Operation, op_ptr: &str) -> Result<Vec<(&'a Parameter, String)>, Error> {
        let Some(ReferenceOr::Item(item)) = self.doc.paths.paths.get(path) else { return Ok(vec![]) };
        let path_ptr = push_pointer("/paths", path);
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        let mut out: Vec<(&'a Parameter, String)> = Vec::new();
        let all = item.parameters.iter().enumerate().map(|(i, p)| (p, format!("{path_ptr}/parameters/{i}")))
            .chain(op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{op_ptr}/parameters/{i}"))));
        for (p, ptr) in all {
            let (param, ptr) = match p {
                ReferenceOr::Item(param) => (param, ptr),
                ReferenceOr::Reference { reference } => self.lookup_in(components, "parameters", reference, &ptr)?,
            };
            let data = param.parameter_data_ref();
            let same = |(q, _): &(&Parameter, String)| {
                q.parameter_data_ref().name == data.name && std::mem::discriminant(*q) == std::mem::discriminant(param)
            };
            if let Some(i) = out.iter().position(same) {
                out[i] = (param, ptr);
            } else {
                out.push((param, ptr));
            }
        }
        Ok(out)
    }

    /// The media types of a request body, best first, and the body's pointer and `required`;
    /// `None` without a body.
    #[allow(clippy::type_complexity)]
    fn request_body(&self, op: &'a openapiv3::Operation, op_ptr: &str) -> Result<Option<(Vec<Media<'a>>, String, bool)>, Error> {
        let Some(body) = &op.request_body else { return Ok(None) };
        let (body, ptr) = match body {
            ReferenceOr::Item(b) => (b, format!("{op_ptr}/requestBody")),
            ReferenceOr::Reference { reference } => {
                let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
                self.lookup_in(components, "requestBodies", reference, &format!("{op_ptr}/requestBody"))?
            }
        };
        Ok(Some((media_types(&body.content, &ptr), ptr, body.required)))
    }

    /// Every documented response, in the spec's order, `default` last.
    fn responses(&self, op: &'a openapiv3::Operation, op_ptr: &str) -> Result<Vec<Response<'a>>, Error> {
        let mut out = Vec::new();
        let all = op.responses.responses.iter().map(|(code, r)| {
            let (text, success) = match code {
                StatusCode::Code(n) => (n.to_string(), (200..300).contains(n)),
                StatusCode::Range(n) => (format!("{n}XX"), *n == 2),
            };
            (text, success, r)
        });
        let default = op.responses.default.as_ref().map(|r| ("default".to_string(), false, r));
        for (status, success, r) in all.chain(default) {
            let ptr = format!("{op_ptr}/responses/{status}");
            let (response, ptr) = match r {
                ReferenceOr::Item(response) => (response, ptr),
                ReferenceOr::Reference { reference } => {
                    let components = self.doc.components.as_ref().map(|c| &c.responses);
                    self.lookup_in(components, "responses", reference, &ptr)?
                }
            };
            let body = media_types(&response.content, &ptr).into_iter().next().map(|media| {
                let is_json = media.encoding == BodyEncoding::Json;
                ResponseBody { schema: if is_json { media.schema } else { None }, is_json }
            });
            let description = Some(response.description.trim()).filter(|d| !d.is_empty()).map(String::from);
            out.push(Response { status, success, description, body });
        }
        Ok(out)
    }

    /// The type of a response body; `hint` names an inline schema.
    fn response_type(&mut self, body: &ResponseBody<'a>, hint: &str) -> Result<TypeRef, Error> {
        Ok(match &body.schema {
            Some((schema, sptr)) => self.type_of(*schema, sptr, Ctx::Response, hint)?.0,
            None if body.is_json => TypeRef::Json,
            None => TypeRef::Bytes,
        })
    }

    /// The success type of an operation. When its 2XX responses differ in their bodies (a
    /// `200` with the result and a `202` without, say), it is an enum named `<type_name>Response`
    /// with a variant per status, decoded by the status.
    fn success_type(&mut self, responses: &[Response<'a>], type_name: &str, op_ptr: &str) -> Result<Option<TypeRef>, Error> {
        let successes: Vec<&Response<'a>> = responses.iter().filter(|r| r.success).collect();
        let hint = format!("{}Response", naming::bare(type_name));
        let first = successes.first().map(|r| &r.body);
        if successes.iter().all(|r| first.is_some_and(|first| same_body(first, &r.body))) {
            return match first.and_then(Option::as_ref) {
                Some(body) => self.response_type(body, &hint).map(Some),
                None => Ok(None),
            };
        }
        let name = self.type_names.claim(hint);
        let mut variant_names = Scope::new();
        // Each body is typed once; statuses with the same body share its type.
        let mut typed: Vec<(&Option<ResponseBody<'a>>, Option<TypeRef>)> = Vec::new();
        let mut variants: Vec<StatusVariant> = Vec::new();
        for r in successes {
            let variant = variant_names.claim(naming::type_name(&status_name(&r.status)));
            let ty = match typed.iter().find(|(body, _)| same_body(body, &r.body)) {
                Some((_, ty)) => ty.clone(),
                None => {
                    let ty = match &r.body {
                        Some(body) => Some(self.response_type(body, &naming::joined(&name, &variant))?),
                        None => None,
                    };
                    typed.push((&r.body, ty.clone()));
                    ty
                }
            };
            variants.push(StatusVariant { name: variant, status: r.status.clone(), description: r.description.clone(), ty });
        }
        let docs = Docs { summary: None, description: None, deprecated: None };
        let pointer = format!("{op_ptr}/responses");
        self.types.insert(name.clone(), TypeDef { name: name.clone(), docs, pointer, kind: TypeKind::Responses(variants), groups: Vec::new() });
        Ok(Some(TypeRef::Named(name)))
    }

    /// Every operation that can be generated. One that cannot is left out with a warning; a
    /// repeated `operationId` is replaced by one made from the method and path.
    fn operations(&mut self) -> Vec<Operation> {
        // A path item still written as a reference is one bundling could not follow.
        for (path, item) in &self.doc.paths.paths {
            let ReferenceOr::Reference { reference } = item else { continue };
            let ptr = push_pointer("/paths", path);
            let error = self.broken_reason(reference).cloned().unwrap_or_else(|| {
                self.errors.at(&ptr, format!("the path item refers to `{reference}`, which is not a path item"), "refer to a path item")
            });
            self.left_out(&format!("path `{path}`"), error);
        }
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut ops = Vec::new();
        for (path, method, op, op_ptr) in self.operation_list() {
            let fallback = format!("{} {path}", method.as_str().to_lowercase());
            let mut id = op.operation_id.clone().unwrap_or_else(|| fallback.clone());
            if let Some(first) = ids.get(&id) {
                let message = format!("operationId `{id}` is used twice (first at {first}); this operation is named `{fallback}` instead");
                self.warn(&format!("{op_ptr}/operationId"), message);
                id = fallback;
            }
            ids.insert(id.clone(), op_ptr.clone());
            match self.operation(path, method, op, &op_ptr, &id) {
                Ok(operation) => ops.push(operation),
                Err(error) => self.left_out(&format!("operation `{id}`"), error),
            }
        }
        ops
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        id: &str,
    ) -> Result<Operation, Error> {
        let type_name = self.op_type_names.claim(naming::type_name(id));
        let fn_name = self.op_fn_names.claim(naming::field_name(id));
        let mut members = Scope::with_reserved(BUILDER_METHODS);
        members.claim("body".into());
        let mut params = Vec::new();
        for (param, ptr) in self.params_of(path, op, op_ptr)? {
            let data = param.parameter_data_ref();
            let (location, explode) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, false),
                Parameter::Query { style, .. } => (
                    ParamLocation::Query,
                    data.explode.unwrap_or(matches!(style, openapiv3::QueryStyle::Form)),
                ),
                Parameter::Header { .. } => (ParamLocation::Header, false),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, false),
            };
            let Some((schema, sptr)) = param_schema(param, &ptr) else {
                self.warn(&ptr, format!("parameter `{}` uses `content` instead of `schema`; it is sent as a string", data.name));
                params.push(Param {
                    wire_name: data.name.clone(), name: members.claim(naming::field_name(&data.name)), location,
                    required: data.required || location == ParamLocation::Path, ty: TypeRef::String,
                    constraints: Constraints::default(), docs: param_docs(data, None), explode, pointer: ptr.clone(),
                });
                continue;
            };
            let hint = if ptr.starts_with("/components/parameters/") {
                naming::type_name(ptr.rsplit('/').next().unwrap_or(&data.name))
            } else {
                naming::joined(&type_name, &naming::type_name(&data.name))
            };
            let (ty, info) = self.type_of(schema, &sptr, Ctx::Request, &hint)?;
            let mut ty = match ty {
                // A URL cannot say `null` for one item: a list of nullable values is sent as a
                // list of values.
                TypeRef::Array(item) => TypeRef::Array(Box::new(match *item {
                    TypeRef::Nullable(inner) => *inner,
                    item => item,
                })),
                other => other,
            };
            if ty == TypeRef::Json {
                // A parameter schema that says nothing (`{}`) is a plain string in a URL.
                ty = TypeRef::String;
            }
            params.push(Param {
                wire_name: data.name.clone(),
                name: members.claim(naming::field_name(&data.name)),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                constraints: info.constraints.clone(),
                docs: param_docs(data, Some(info)),
                explode,
                pointer: ptr.clone(),
            });
        }
        let path_parts = self.path_parts(path, &mut params, &mut members, op_ptr)?;
        let body = match self.request_body(op, op_ptr)? {
            None => None,
            Some((medias, body_ptr, _)) if medias.is_empty() => {
                self.warn(&body_ptr, format!("the request body of `{id}` has no media type; it is left out"));
                None
            }
            Some((medias, _, required)) => {
                let media = medias.into_iter().next().expect("not empty");
                let ty = match (&media.schema, media.encoding) {
                    (_, BodyEncoding::Raw) => TypeRef::Bytes,
                    (Some((schema, sptr)), _) => {
                        self.type_of(*schema, sptr, Ctx::Request, &format!("{}Body", naming::bare(&type_name)))?.0
                    }
                    (None, _) => TypeRef::Json,
                };
                Some(Body { content_type: media.media_type.to_string(), encoding: media.encoding, ty, required, setters: None })
            }
        };
        let responses = self.responses(op, op_ptr)?;
        let success = self.success_type(&responses, &type_name, op_ptr)?;
        let error = match responses.iter().find_map(|r| r.body.as_ref().filter(|_| !r.success)) {
            Some(body) => Some(self.response_type(body, &format!("{}Error", naming::bare(&type_name)))?),
            None => None,
        };
        let description = op.description.clone();
        Ok(Operation {
            id: id.to_string(),
            type_name,
            fn_name,
            method,
            path: path.to_string(),
            path_parts,
            params,
            body,
            success,
            error,
            docs: Docs {
                summary: op.summary.clone(),
                deprecated: deprecation_note(op.deprecated, &op.extensions, description.as_deref().or(op.summary.as_deref())),
                description,
            },
            pointer: op_ptr.to_string(),
            group: self.group_of(op, path),
            pagination: None,
        })
    }

    /// What an operation says that depends on the types it uses, decided once every type is
    /// built: parameters that have no text form, the body's setters, pagination.
    fn finish(&mut self, mut op: Operation) -> Operation {
        let mut members = Scope::with_reserved(BUILDER_METHODS);
        members.claim("body".into());
        for param in &mut op.params {
            // The same names, claimed again in the same order.
            members.claim(param.name.clone());
            let types = &self.types;
            if !has_text_form(&param.ty, &|n| types.get(n).map(|t| &t.kind), true) {
                let at = param.pointer.clone();
                self.warn(&at, format!("parameter `{}` has a structured type; it is typed as a JSON value and sent as JSON text", param.wire_name));
                param.ty = TypeRef::Json;
            }
        }
        if let Some(body) = &mut op.body {
            body.setters = match &body.ty {
                TypeRef::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => Some(
                        s.fields
                            .iter()
                            .map(|f| Setter {
                                name: members.claim(f.name.clone()),
                                null_name: (!f.required && f.nullable).then(|| members.claim(format!("{}_null", naming::bare(&f.name).trim_end_matches('_')))),
                            })
                            .collect(),
                    ),
                    _ => None,
                },
                _ => None,
            };
            body.required |= body.setters.is_some();
            if matches!(body.encoding, BodyEncoding::Form | BodyEncoding::Multipart) && body.setters.is_none() {
                let message = format!("the {} body of `{}` is not an object; it is sent as JSON text", body.content_type, op.id);
                self.warn(&format!("{}/requestBody", op.pointer), message);
            }
        }
        op.with_pagination(&self.types)
    }

    /// The group of an operation: its first tag, else the first segment of its path.
    fn group_of(&mut self, op: &openapiv3::Operation, path: &str) -> usize {
        let title = op.tags.first().cloned().unwrap_or_else(|| {
            path.split('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("default").to_string()
        });
        if let Some(index) = self.group_index.get(&title) {
            return *index;
        }
        let module = self.group_modules.claim(naming::module_name(&title));
        let feature = naming::bare(&module).trim_matches('_').replace('_', "-");
        self.groups.push(Group { title: title.clone(), module, feature });
        self.group_index.insert(title, self.groups.len() - 1);
        self.groups.len() - 1
    }

    /// The path template in parts. A `{name}` with no path parameter of that name declared
    /// is one all the same (the template says so): a required string, with a warning.
    fn path_parts(&mut self, path: &str, params: &mut Vec<Param>, members: &mut Scope, op_ptr: &str) -> Result<Vec<PathPart>, Error> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
                self.errors.at(op_ptr, format!("path `{path}` has an unclosed `{{`"), "close every `{` in the path template")
            })?;
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            let index = match params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name) {
                Some(index) => index,
                None => {
                    self.warn(op_ptr, format!("path `{path}` uses `{{{name}}}` but declares no path parameter `{name}`; it is added as a required string"));
                    params.push(Param {
                        wire_name: name.to_string(),
                        name: members.claim(naming::field_name(name)),
                        location: ParamLocation::Path,
                        required: true,
                        ty: TypeRef::String,
                        constraints: Constraints::default(),
                        docs: Docs::default(),
                        explode: false,
                        pointer: op_ptr.to_string(),
                    });
                    params.len() - 1
                }
            };
            parts.push(PathPart::Param(index));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        for (i, param) in params.iter().enumerate() {
            if param.location == ParamLocation::Path && !parts.contains(&PathPart::Param(i)) {
                let message = format!("path parameter `{}` is not in the path template `{path}`; it is never sent", param.wire_name);
                self.warn(op_ptr, message);
            }
        }
        Ok(parts)
    }
}

impl Operation {
    /// Recognises page-number pagination (see [`Pagination`]).
    fn with_pagination(mut self, types: &BTreeMap<String, TypeDef>) -> Self {
        let param = |name: &str| {
            self.params.iter().position(|p| p.location == ParamLocation::Query && p.wire_name == name && p.ty == TypeRef::I64)
        };
        let struct_of = |ty: &TypeRef| match ty {
            TypeRef::Named(n) => match types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        };
        let field = |s: &Struct, name: &str| s.fields.iter().find(|f| f.wire_name == name).cloned();
        let (Some(page), Some(body)) = (param("page"), self.success.as_ref().and_then(struct_of)) else { return self };
        let Some(items) = field(&body, "result") else { return self };
        let item = match alias_target(&items.ty, &|n| types.get(n).map(|t| &t.kind)) {
            TypeRef::Array(item) => (**item).clone(),
            _ => return self,
        };
        let numeric = |f: Option<Field>| f.filter(|f| f.ty.is_number());
        let info = field(&body, "result_info").and_then(|info| {
            let fields = struct_of(&info.ty)?;
            Some((info, numeric(field(&fields, "per_page")), numeric(field(&fields, "total_count"))))
        });
        self.pagination = Some(Pagination { page, per_page: param("per_page"), items, item, info });
        self
    }
}


/// The types `ty` names that are not in `types`.
fn missing_names(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> Vec<String> {
    match ty {
        TypeRef::Named(name) if !types.contains_key(name) => vec![name.clone()],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => missing_names(inner, types),
        _ => Vec::new(),
    }
}

/// A name for an inline schema inside a component, made from its pointer so that it does not
/// depend on which operation reached it first: `/components/schemas/Pet/properties/owner/items`
/// gives `PetOwnerItem`; a union member that names itself (`member_labels`) gives that name.
fn component_hint(ptr: &str, member_labels: &HashMap<String, String>) -> Option<String> {
    let rest = ptr.strip_prefix("/components/")?;
    let mut segments = rest.split('/').map(pointer_key);
    let _section = segments.next()?;
    let first = segments.next()?;
    let mut name = naming::bare(&naming::type_name(&first)).to_string();
    let mut here = push_pointer(&format!("/components/{_section}"), &first);
    while let Some(segment) = segments.next() {
        here = push_pointer(&here, &segment);
        match segment.as_str() {
            "properties" => {
                let property = segments.next()?;
                here = push_pointer(&here, &property);
                name.push_str(naming::bare(&naming::type_name(&property)));
            }
            "items" => name.push_str("Item"),
            "additionalProperties" => name.push_str("Value"),
            "oneOf" | "anyOf" => {
                let index = segments.next()?;
                here = push_pointer(&here, &index);
                match member_labels.get(&here) {
                    Some(label) => name = naming::joined(&name, label),
                    None => name.push_str(&format!("Variant{index}")),
                }
            }
            "allOf" | "content" => {
                if let Some(next) = segments.next() {
                    here = push_pointer(&here, &next);
                }
            }
            _ => {}
        }
    }
    Some(name)
}

fn param_docs(data: &openapiv3::ParameterData, info: Option<Info>) -> Docs {
    let description = data.description.clone().or_else(|| info.as_ref().and_then(|i| i.description.clone()));
    let deprecated = deprecation_note(data.deprecated.unwrap_or(false), &data.extensions, description.as_deref())
        .or_else(|| info.and_then(|i| i.deprecated));
    Docs { summary: None, description, deprecated }
}

fn param_schema<'a>(param: &'a Parameter, ptr: &str) -> Option<(SRef<'a>, String)> {
    match &param.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(s) => Some((SRef::of(s), format!("{ptr}/schema"))),
        ParameterSchemaOrContent::Content(_) => None,
    }
}

/// One media type of a content map.
struct Media<'a> {
    media_type: &'a str,
    encoding: BodyEncoding,
    /// The schema and its pointer, if the media type has one.
    schema: Option<(SRef<'a>, String)>,
}

/// A documented response of an operation.
struct Response<'a> {
    /// `200`, `2XX` or `default`.
    status: String,
    success: bool,
    description: Option<String>,
    /// `None` when the response has no content.
    body: Option<ResponseBody<'a>>,
}

/// The first media type of a response: its schema (for JSON), and whether it is JSON.
struct ResponseBody<'a> {
    schema: Option<(SRef<'a>, String)>,
    is_json: bool,
}

/// Whether two responses have the same body: both none, or the same schema (the same `$ref`,
/// or equal inline schemas) in the same kind of media type.
fn same_body(a: &Option<ResponseBody<'_>>, b: &Option<ResponseBody<'_>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.is_json == b.is_json
                && match (&a.schema, &b.schema) {
                    (None, None) => true,
                    (Some((SRef::Ref(x), _)), Some((SRef::Ref(y), _))) => x == y,
                    (Some((SRef::Inline(x), _)), Some((SRef::Inline(y), _))) => x == y,
                    _ => false,
                }
        }
        _ => false,
    }
}

/// A variant name for a success status: its reason phrase, `Success` for `2XX`.
fn status_name(status: &str) -> String {
    match status {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "Non-Authoritative Information",
        "204" => "No Content",
        "205" => "Reset Content",
        "206" => "Partial Content",
        "207" => "Multi-Status",
        "208" => "Already Reported",
        "226" => "IM Used",
        "2XX" => "Success",
        other => return format!("Status {other}"),
    }
    .to_string()
}

/// The media types of a content map, best first: `application/json`, other JSON types,
/// `*/*`, forms, multipart, then anything else (sent as raw bytes).
fn media_types<'a>(content: &'a IndexMap<String, openapiv3::MediaType>, ptr: &str) -> Vec<Media<'a>> {
    let rank = |media: &str| {
        let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match media.as_str() {
            "application/json" => (0, BodyEncoding::Json),
            m if m.ends_with("+json") || m.ends_with("/json") => (1, BodyEncoding::Json),
            "*/*" => (2, BodyEncoding::Json),
            "application/x-www-form-urlencoded" => (3, BodyEncoding::Form),
            "multipart/form-data" => (4, BodyEncoding::Multipart),
            _ => (5, BodyEncoding::Raw),
        }
    };
    let mut found: Vec<_> = content
        .iter()
        .map(|(media, m)| {
            let (r, encoding) = rank(media);
            let schema_ptr = format!("{}/schema", push_pointer(&format!("{ptr}/content"), media));
            (r, Media { media_type: media.as_str(), encoding, schema: m.schema.as_ref().map(|s| (SRef::of(s), schema_ptr)) })
        })
        .collect();
    found.sort_by_key(|f| f.0);
    found.into_iter().map(|(_, m)| m).collect()
}

/// The schemas directly inside this one, with their pointers.
fn children<'a>(flat: &Flat<'a>, ptr: &str) -> Vec<(SRef<'a>, String)> {
    let mut out = Vec::new();
    for (name, prop) in &flat.properties {
        out.push((*prop, push_pointer(&format!("{ptr}/properties"), name)));
    }
    if let Some(items) = flat.items {
        out.push((items, format!("{ptr}/items")));
    }
    if let Some(Additional::Schema(s)) = flat.additional {
        out.push((s, format!("{ptr}/additionalProperties")));
    }
    for (kw, list) in [("allOf", &flat.all_of), ("oneOf", &flat.one_of), ("anyOf", &flat.any_of)] {
        for (i, s) in list.iter().enumerate() {
            out.push((*s, format!("{ptr}/{kw}/{i}")));
        }
    }
    out
}

/// The members of a `oneOf`/`anyOf` that are not just `null`, with their pointer suffixes.
fn union_members<'a>(flat: &Flat<'a>) -> Vec<(SRef<'a>, String)> {
    let one = flat.one_of.iter().enumerate().map(|(i, s)| (*s, format!("/oneOf/{i}")));
    let any = flat.any_of.iter().enumerate().map(|(i, s)| (*s, format!("/anyOf/{i}")));
    one.chain(any)
        .filter(|(s, _)| match s {
            SRef::Inline(schema) => {
                let f = Flat::of(schema);
                let only_null = !f.enum_values.is_empty() && f.enum_values.iter().all(Value::is_null);
                // `{nullable: true}` and nothing else: the member that admits `null`.
                let says_only_nullable = f.data.nullable
                    && f.typ.is_none()
                    && f.properties.is_empty()
                    && f.enum_values.is_empty()
                    && f.items.is_none()
                    && f.additional.is_none()
                    && f.all_of.is_empty()
                    && f.one_of.is_empty()
                    && f.any_of.is_empty();
                !(f.typ == Some("null") || only_null || says_only_nullable)
            }
            SRef::Ref(_) => true,
        })
        .collect()
}

fn is_string_enum(flat: &Flat<'_>) -> bool {
    flat.typ.is_none_or(|t| t == "string")
        && flat.properties.is_empty()
        && flat.enum_values.iter().any(Value::is_string)
        && flat.enum_values.iter().all(|v| v.is_string() || v.is_null())
}

fn build_enum(flat: &Flat<'_>) -> Enum {
    let fallback = "Unrecognized".to_string();
    let mut scope = Scope::with_reserved(&[&fallback]);
    let mut seen = HashSet::new();
    let values = flat
        .enum_values
        .iter()
        .filter_map(Value::as_str)
        .filter(|v| seen.insert(*v))
        .map(|v| EnumValue { wire: v.to_string(), name: scope.claim(naming::type_name(v)) })
        .collect();
    Enum { values, fallback }
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("uuid") => TypeRef::Uuid,
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        _ => TypeRef::String,
    }
}

fn variant_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Bool => "Boolean",
        TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64 | TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::String => "String",
        TypeRef::Uuid => "Uuid",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Json => "Json",
        TypeRef::Bytes => "Bytes",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(_) => "Nullable",
        TypeRef::Named(_) | TypeRef::Boxed(_) => "Object",
    }
}

