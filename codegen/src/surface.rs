//! The API surface of a generated crate, as data: operations, parameters, types, fields, enum
//! values, deprecations and constraints, keyed by the names the spec uses. It is written next
//! to the crate (`api-surface.json`) and compared on the next generation to tell users what
//! changed and what that means for semver.

use crate::ir::{Api, Argument, Constraints, Docs, TypeKind, TypeRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The file name of the surface, next to `Cargo.toml`.
pub const FILE: &str = "api-surface.json";

/// The version of the surface's format: 2 added the calls' setters, their pagination and the
/// wrappers of fields; 3 the declared error answers and the streams. A change report compares
/// only what both surfaces record.
pub const FORMAT: u32 = 3;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// Where the file comes from (JSON has no comments for an `@generated` header).
    #[serde(rename = "@generated", default)]
    pub generated: String,
    /// See [`FORMAT`]; 0 for surfaces written before it was recorded.
    #[serde(default)]
    pub format: u32,
    pub operations: BTreeMap<String, OperationSurface>,
    pub types: BTreeMap<String, TypeSurface>,
    /// Each webhook and callback by name: its method, and the variant and type of its payload.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub webhooks: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperationSurface {
    pub method: String,
    pub path: String,
    /// The builder type.
    pub builder: String,
    /// How the SDK calls it: the resource path, the method and its arguments, and what the
    /// call gives (`email_security().settings().allow_policies().get(account_id, policy_id) -> AllowPolicy`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub call: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// By wire name.
    pub parameters: BTreeMap<String, Member>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub response: String,
    /// The setters of its call, one per optional argument (and `<field>_null` where a body
    /// field can be sent as `null`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setters: Vec<String>,
    /// How its answers are paged (`.items()`, `.pages()`); empty when they are not.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pagination: String,
    /// Its error answers: `ApiError<Body>`, or the enum by status.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error: String,
    /// The declared error statuses, each with its body type (`()` where it has none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, String>,
    /// How `.stream()` reads its answer (`events of Thing`); empty when it has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stream: String,
}

/// A parameter or a field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Where a parameter goes (`path`, `query`, `header`, `cookie`); empty for fields.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub constraints: String,
    /// What a field's type is wrapped in (`Option`, `Nullable`); empty when it is not.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub wrapper: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TypeSurface {
    Struct {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deprecated: Option<String>,
        /// By wire name.
        fields: BTreeMap<String, Member>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        constraints: String,
    },
    Enum {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deprecated: Option<String>,
        values: Vec<String>,
    },
    Union {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deprecated: Option<String>,
        /// Variant name to type (and the tag values that select it).
        variants: BTreeMap<String, String>,
        /// The property that tells the variants apart, if one does.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
    },
    Alias {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deprecated: Option<String>,
        target: String,
    },
}

impl TypeSurface {
    fn kind(&self) -> &'static str {
        match self {
            TypeSurface::Struct { .. } => "struct",
            TypeSurface::Enum { .. } => "enum",
            TypeSurface::Union { .. } => "union",
            TypeSurface::Alias { .. } => "alias",
        }
    }

    fn deprecated(&self) -> &Option<String> {
        match self {
            TypeSurface::Struct { deprecated, .. }
            | TypeSurface::Enum { deprecated, .. }
            | TypeSurface::Union { deprecated, .. }
            | TypeSurface::Alias { deprecated, .. } => deprecated,
        }
    }
}

/// The type as a user writes it.
pub fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".into(),
        TypeRef::I8 => "i8".into(),
        TypeRef::I16 => "i16".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::U8 => "u8".into(),
        TypeRef::U16 => "u16".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::String => "String".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::File => "FilePart".into(),
        TypeRef::Upload => "Upload".into(),
        TypeRef::Base64 => "Base64".into(),
        TypeRef::Named(n) => crate::naming::bare(n).into(),
        TypeRef::Array(i) => format!("Vec<{}>", type_text(i)),
        TypeRef::Map(i) => format!("BTreeMap<String, {}>", type_text(i)),
        TypeRef::Nullable(i) => format!("Option<{}>", type_text(i)),
        TypeRef::Boxed(i) => format!("Box<{}>", type_text(i)),
    }
}

fn constraint_text(c: &Constraints) -> String {
    let mut parts = Vec::new();
    let mut num = |name: &str, v: Option<f64>, exclusive: bool| {
        if let Some(v) = v {
            parts.push(format!("{name}{} {v}", if exclusive { " (exclusive)" } else { "" }));
        }
    };
    num("minimum", c.minimum, c.exclusive_minimum);
    num("maximum", c.maximum, c.exclusive_maximum);
    for (name, v) in [
        ("minLength", c.min_length),
        ("maxLength", c.max_length),
        ("minItems", c.min_items),
        ("maxItems", c.max_items),
    ] {
        if let Some(v) = v {
            parts.push(format!("{name} {v}"));
        }
    }
    if let Some(items) = &c.items {
        let inner = constraint_text(items);
        if !inner.is_empty() {
            parts.push(format!("items: {inner}"));
        }
    }
    parts.join(", ")
}

fn deprecated(docs: &Docs) -> Option<String> {
    docs.deprecated.clone()
}

/// How the SDK calls operation `index`: `a().b().method(path args[, params]) -> Payload`.
fn call_text(api: &Api, index: usize) -> String {
    let op = &api.operations[index];
    let Some((r, method)) = api.resources.iter().enumerate().find_map(|(r, res)| res.methods.iter().find(|m| m.op == index).map(|m| (r, m))) else {
        return String::new();
    };
    let path: Vec<String> = api.resource_path(r).iter().map(|res| format!("{}()", crate::naming::bare(&res.module))).collect();
    let in_path = api.arguments(op).into_iter().filter(|a| a.in_path()).map(|a| crate::naming::bare(a.name()).to_string());
    let args: Vec<String> = in_path.chain(method.params.as_ref().map(|_| "params".to_string())).collect();
    let gives = match &op.payload {
        Some(field) => type_text(&field.ty),
        None => op.success.as_ref().map_or_else(|| "()".into(), type_text),
    };
    format!("{}.{}({}) -> {gives}", path.join("."), crate::naming::bare(&method.name), args.join(", "))
}

/// The Rust type of operation `op`'s error answers, as `Operation::Error` names it.
fn error_text(api: &Api, op: &crate::ir::Operation) -> String {
    match &op.error {
        Some(TypeRef::Named(name)) if matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::Errors(_))) => name.clone(),
        Some(ty) => format!("ApiError<{}>", type_text(ty)),
        None => "ApiError<serde_json::Value>".into(),
    }
}

/// Operation `op`'s declared error statuses and the type of each one's body.
fn errors(api: &Api, op: &crate::ir::Operation) -> BTreeMap<String, String> {
    let by_status = match &op.error {
        Some(TypeRef::Named(name)) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Errors(variants)) => Some(variants),
            _ => None,
        },
        _ => None,
    };
    let body = |status: &String| match (by_status, &op.error) {
        (Some(variants), _) => variants.iter().find(|v| &v.status == status).and_then(|v| v.ty.as_ref()).map_or_else(|| "()".into(), type_text),
        (None, Some(ty)) => type_text(ty),
        (None, None) => "()".into(),
    };
    let declared = op.error_statuses.iter().map(|s| (s.clone(), body(s)));
    declared.chain(op.bodiless_errors.iter().map(|s| (s.clone(), "()".into()))).collect()
}

/// The setters of operation `op`'s call: its optional arguments (see [`Api::arguments`]),
/// with the `_null` forms of body fields, in the order the call has them.
fn setters(api: &Api, op: &crate::ir::Operation) -> Vec<String> {
    let optional = api.arguments(op).into_iter().filter(|a| !a.required());
    let names = optional.flat_map(|a| {
        let null = match a {
            Argument::Field(_, setter) => setter.null_name.as_deref(),
            _ => None,
        };
        std::iter::once(a.name()).chain(null).map(|n| crate::naming::bare(n).to_string()).collect::<Vec<_>>()
    });
    names.collect()
}

/// How operation `op`'s answers are paged, as a user sees it: the kind, the parameter it
/// advances, and the items.
fn pagination_text(op: &crate::ir::Operation) -> String {
    use crate::ir::PageKind;
    let Some(p) = &op.pagination else { return String::new() };
    let param = |i: &usize| op.params.get(*i).map_or(String::new(), |p| format!(" `{}`", p.wire_name));
    let kind = match &p.kind {
        PageKind::Page { param: i, .. } => format!("page number{}", param(i)),
        PageKind::Offset { param: i, .. } => format!("offset{}", param(i)),
        PageKind::Cursor { param: i, .. } => format!("cursor{}", param(i)),
        PageKind::NextUrl { .. } => "next-page URL".into(),
        PageKind::Link => "`Link` header".into(),
    };
    format!("{kind}, items `{}`", type_text(&p.item))
}

/// The surface of an API; `source` names the spec it comes from.
pub fn of(api: &Api, source: &str) -> Surface {
    let mut surface = Surface {
        generated: format!("by openapi-rust-codegen from {source}; do not edit by hand"),
        format: FORMAT,
        ..Surface::default()
    };
    for (index, op) in api.operations.iter().enumerate() {
        let parameters = op
            .params
            .iter()
            .map(|p| {
                let location = format!("{:?}", p.location).to_lowercase();
                let member = Member {
                    location,
                    ty: type_text(&p.ty),
                    required: p.required,
                    nullable: false,
                    deprecated: deprecated(&p.docs),
                    constraints: constraint_text(&p.constraints),
                    wrapper: String::new(),
                };
                (p.wire_name.clone(), member)
            })
            .collect();
        surface.operations.insert(
            op.id.clone(),
            OperationSurface {
                method: op.method.as_str().into(),
                path: op.path.clone(),
                builder: op.type_name.clone(),
                call: call_text(api, index),
                deprecated: deprecated(&op.docs),
                parameters,
                body: op.body.as_ref().map(|b| type_text(&b.ty)),
                response: op.success.as_ref().map_or_else(|| "()".into(), type_text),
                setters: setters(api, op),
                pagination: pagination_text(op),
                error: error_text(api, op),
                errors: errors(api, op),
                stream: op.stream.as_ref().map_or_else(String::new, |s| {
                    let format = match s.format {
                        crate::ir::StreamFormat::Events => "events",
                        crate::ir::StreamFormat::Lines => "lines",
                        crate::ir::StreamFormat::Bytes => "chunks",
                    };
                    format!("{format} of {}", type_text(&s.item))
                }),
            },
        );
    }
    for def in &api.types {
        let deprecated = deprecated(&def.docs);
        let ty = match &def.kind {
            TypeKind::Struct(s) => {
                let mut counts = Vec::new();
                if let Some(n) = s.min_properties {
                    counts.push(format!("minProperties {n}"));
                }
                if let Some(n) = s.max_properties {
                    counts.push(format!("maxProperties {n}"));
                }
                TypeSurface::Struct {
                    deprecated,
                    fields: s
                        .fields
                        .iter()
                        .map(|f| {
                            let member = Member {
                                location: String::new(),
                                ty: type_text(&f.ty),
                                required: f.required,
                                nullable: f.nullable,
                                deprecated: f.docs.deprecated.clone(),
                                constraints: constraint_text(&f.constraints),
                                wrapper: match crate::emit::Slot::of_field(f) {
                                    crate::emit::Slot::Plain => String::new(),
                                    crate::emit::Slot::Option => "Option".into(),
                                    crate::emit::Slot::Nullable => "Nullable".into(),
                                },
                            };
                            (f.wire_name.clone(), member)
                        })
                        .chain(s.additional.iter().filter(|(_, ty)| *ty != TypeRef::Json).map(|(_, ty)| {
                            let member = Member {
                                location: String::new(),
                                ty: type_text(ty),
                                required: false,
                                nullable: false,
                                deprecated: None,
                                constraints: String::new(),
                                wrapper: String::new(),
                            };
                            ("(any other name)".to_string(), member)
                        }))
                        .collect(),
                    constraints: counts.join(", "),
                }
            }
            TypeKind::Enum(e) => TypeSurface::Enum { deprecated, values: e.values.iter().map(|v| v.wire.clone()).collect() },
            TypeKind::Union(u) => TypeSurface::Union {
                deprecated,
                variants: u
                    .variants
                    .iter()
                    .map(|v| {
                        let tags = v.tags.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ");
                        let text = if tags.is_empty() { type_text(&v.ty) } else { format!("{} (tag {tags})", type_text(&v.ty)) };
                        (v.name.clone(), text)
                    })
                    .collect(),
                tag: u.tag.as_ref().map(|t| t.property.clone()),
            },
            TypeKind::Alias(t) => TypeSurface::Alias { deprecated, target: type_text(t) },
            TypeKind::Responses(vs) | TypeKind::Errors(vs) => TypeSurface::Union {
                deprecated,
                variants: vs
                    .iter()
                    .map(|v| (v.name.clone(), format!("{} {}", v.status, v.ty.as_ref().map_or_else(|| "()".into(), type_text))))
                    .collect(),
                tag: None,
            },
        };
        surface.types.insert(def.name.clone(), ty);
    }
    if let Some(webhooks) = &api.webhooks {
        for w in &webhooks.list {
            let text = format!("{} {}::{}({})", w.method.as_str(), webhooks.type_name, w.variant, type_text(&w.payload));
            surface.webhooks.insert(w.name.clone(), text);
        }
    }
    surface
}

/// How a change affects users of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Impact {
    /// Code that compiled may not compile.
    Breaking,
    /// Something was added or deprecated.
    Minor,
    /// Only behaviour at run time or documentation changed.
    Patch,
}

impl Impact {
    fn label(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Minor => "minor",
            Impact::Patch => "patch",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    /// What changed, naming the item.
    pub text: String,
}

/// The changes between two surfaces, breaking ones first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// The semver verdict: the part of the version the change requires to bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Major,
    Minor,
    Patch,
    /// No change to the API surface.
    None,
}

impl Report {
    pub fn verdict(&self) -> Verdict {
        match self.changes.iter().map(|c| c.impact).min() {
            Some(Impact::Breaking) => Verdict::Major,
            Some(Impact::Minor) => Verdict::Minor,
            Some(Impact::Patch) => Verdict::Patch,
            None => Verdict::None,
        }
    }

    /// The report for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            let _ = writeln!(out, "{:<8}  {}", change.impact.label(), change.text);
        }
        let _ = writeln!(out, "semver verdict: {}", verdict_text(self.verdict()));
        out
    }

    /// The report as a changelog entry in Markdown.
    pub fn markdown(&self, version: &str) -> String {
        let mut out = format!("## {version}\n\nSemver verdict: **{}**.\n", verdict_text(self.verdict()));
        for (impact, title) in [
            (Impact::Breaking, "Breaking changes"),
            (Impact::Minor, "Additions and deprecations"),
            (Impact::Patch, "Other changes"),
        ] {
            let items: Vec<_> = self.changes.iter().filter(|c| c.impact == impact).collect();
            if items.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {title}\n\n");
            for change in items {
                let _ = writeln!(out, "- {}", change.text);
            }
        }
        out
    }
}

fn verdict_text(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Major => "major (breaking changes)",
        Verdict::Minor => "minor (additions only)",
        Verdict::Patch => "patch (no change to what compiles)",
        Verdict::None => "none (the API surface is unchanged)",
    }
}

/// The version after `verdict`. Below 1.0, cargo treats the minor number as the breaking one.
pub fn bump(version: &str, verdict: Verdict) -> String {
    let mut parts = version.split(['.', '-', '+']).take(3).map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    match (verdict, major) {
        (Verdict::None, _) => version.to_string(),
        (Verdict::Major, 0) => format!("0.{}.0", minor + 1),
        (Verdict::Major, _) => format!("{}.0.0", major + 1),
        (Verdict::Minor, 0) | (Verdict::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        (Verdict::Minor, _) => format!("{major}.{}.0", minor + 1),
    }
}

/// Compares two surfaces.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    // What format 2 added is compared only when the old surface records it too.
    let client = old.format >= 2;
    let mut changes = Vec::new();
    let mut add = |impact, text: String| changes.push(Change { impact, text });
    for (id, o) in &old.operations {
        let what = format!("operation `{id}`");
        let Some(n) = new.operations.get(id) else {
            add(Impact::Breaking, format!("{what} (`{}`) removed or renamed", o.builder));
            continue;
        };
        if (&o.method, &o.path) != (&n.method, &n.path) {
            add(Impact::Breaking, format!("{what}: `{} {}` is now `{} {}`", o.method, o.path, n.method, n.path));
        }
        if o.builder != n.builder {
            add(Impact::Breaking, format!("{what}: builder `{}` renamed to `{}`", o.builder, n.builder));
        }
        if o.call != n.call && !n.call.is_empty() {
            let was = if o.call.is_empty() { "a method of `Client` named after the operation".to_string() } else { format!("`client.{}`", o.call) };
            add(Impact::Breaking, format!("{what}: now called as `client.{}` (was {was})", n.call));
        }
        deprecation(&mut add, &what, &o.deprecated, &n.deprecated);
        if o.body != n.body {
            let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".into());
            add(Impact::Breaking, format!("{what}: request body type changed from `{}` to `{}`", show(&o.body), show(&n.body)));
        }
        if o.response != n.response {
            add(Impact::Breaking, format!("{what}: response type changed from `{}` to `{}`", o.response, n.response));
        }
        members(&mut add, &format!("parameter of {what}"), &o.parameters, &n.parameters, client);
        if !client {
            continue;
        }
        for setter in o.setters.iter().filter(|s| !n.setters.contains(s)) {
            add(Impact::Breaking, format!("{what}: setter `.{setter}()` of its call removed or renamed"));
        }
        for setter in n.setters.iter().filter(|s| !o.setters.contains(s)) {
            add(Impact::Minor, format!("{what}: setter `.{setter}()` added to its call"));
        }
        match (o.pagination.is_empty(), n.pagination.is_empty()) {
            (true, false) => add(Impact::Minor, format!("{what}: now paged ({}): `.items()` and `.pages()`", n.pagination)),
            (false, true) => add(Impact::Breaking, format!("{what}: no longer paged (was {}): `.items()` and `.pages()` are gone", o.pagination)),
            (false, false) if o.pagination != n.pagination => {
                add(Impact::Breaking, format!("{what}: paged by {} (was {})", n.pagination, o.pagination))
            }
            _ => {}
        }
        if old.format >= 3 {
            error_changes(&mut add, &what, o, n);
            match (o.stream.is_empty(), n.stream.is_empty()) {
                (true, false) => add(Impact::Minor, format!("{what}: now streamed ({}): `.stream()`", n.stream)),
                (false, true) => add(Impact::Breaking, format!("{what}: no longer streamed (was {}): `.stream()` is gone", o.stream)),
                (false, false) if o.stream != n.stream => add(Impact::Breaking, format!("{what}: streamed as {} (was {})", n.stream, o.stream)),
                _ => {}
            }
        }
    }
    for (id, n) in &new.operations {
        if !old.operations.contains_key(id) {
            add(Impact::Minor, format!("operation `{id}` added (`{}`, `{} {}`)", n.builder, n.method, n.path));
        }
    }
    for (name, o) in &old.types {
        let what = format!("type `{name}`");
        let Some(n) = new.types.get(name) else {
            add(Impact::Breaking, format!("{what} removed or renamed"));
            continue;
        };
        deprecation(&mut add, &what, o.deprecated(), n.deprecated());
        match (o, n) {
            (TypeSurface::Struct { fields: of, constraints: oc, .. }, TypeSurface::Struct { fields: nf, constraints: nc, .. }) => {
                members(&mut add, &format!("field of {what}"), of, nf, client);
                if oc != nc {
                    add(Impact::Patch, format!("{what}: constraint changed from `{oc}` to `{nc}`"));
                }
            }
            (TypeSurface::Enum { values: ov, .. }, TypeSurface::Enum { values: nv, .. }) => {
                for v in ov.iter().filter(|v| !nv.contains(v)) {
                    add(Impact::Breaking, format!("enum value `{v}` removed from {what}"));
                }
                for v in nv.iter().filter(|v| !ov.contains(v)) {
                    add(Impact::Minor, format!("enum value `{v}` added to {what}"));
                }
            }
            (TypeSurface::Union { variants: ov, tag: ot, .. }, TypeSurface::Union { variants: nv, tag: nt, .. }) => {
                for (v, t) in ov {
                    match nv.get(v) {
                        None => add(Impact::Breaking, format!("variant `{v}` removed from {what}")),
                        Some(nt) if nt != t => {
                            add(Impact::Breaking, format!("variant `{v}` of {what} changed from `{t}` to `{nt}`"))
                        }
                        _ => {}
                    }
                }
                for v in nv.keys().filter(|v| !ov.contains_key(*v)) {
                    add(Impact::Minor, format!("variant `{v}` added to {what}"));
                }
                if ot != nt {
                    let tag = |t: &Option<String>| t.as_ref().map_or("its shape".to_string(), |t| format!("`{t}`"));
                    add(Impact::Breaking, format!("{what} is now told apart by {} instead of {}", tag(nt), tag(ot)));
                }
            }
            (TypeSurface::Alias { target: ot, .. }, TypeSurface::Alias { target: nt, .. }) if ot != nt => {
                add(Impact::Breaking, format!("{what} changed from `{ot}` to `{nt}`"));
            }
            (TypeSurface::Alias { .. }, TypeSurface::Alias { .. }) => {}
            _ => add(Impact::Breaking, format!("{what} changed from {} to {}", o.kind(), n.kind())),
        }
    }
    for (name, n) in &new.types {
        if !old.types.contains_key(name) {
            add(Impact::Minor, format!("type `{name}` added ({})", n.kind()));
        }
    }
    // A receiver matches on the variants and decodes by name: a webhook gone or changed
    // breaks it; a new one is a new variant of a non-exhaustive enum.
    for (name, o) in &old.webhooks {
        match new.webhooks.get(name) {
            None => add(Impact::Breaking, format!("webhook `{name}` removed or renamed")),
            Some(n) if n != o => add(Impact::Breaking, format!("webhook `{name}`: `{o}` is now `{n}`")),
            Some(_) => {}
        }
    }
    for (name, n) in new.webhooks.iter().filter(|(name, _)| !old.webhooks.contains_key(*name)) {
        add(Impact::Minor, format!("webhook `{name}` added: `{n}`"));
    }
    changes.sort_by_key(|c| c.impact);
    Report { changes }
}

fn deprecation(add: &mut impl FnMut(Impact, String), what: &str, old: &Option<String>, new: &Option<String>) {
    match (old, new) {
        (None, Some(note)) => add(Impact::Minor, format!("{what} newly deprecated: {note}")),
        (Some(_), None) => add(Impact::Patch, format!("{what} no longer deprecated")),
        _ => {}
    }
}

/// Changes to parameters or fields, by wire name.
fn members(
    add: &mut impl FnMut(Impact, String),
    what: &str,
    old: &BTreeMap<String, Member>,
    new: &BTreeMap<String, Member>,
    client: bool,
) {
    for (name, o) in old {
        let item = format!("`{name}` ({what})");
        let Some(n) = new.get(name) else {
            add(Impact::Breaking, format!("{item} removed or renamed"));
            continue;
        };
        if o.ty != n.ty {
            add(Impact::Breaking, format!("{item}: type changed from `{}` to `{}`", o.ty, n.ty));
        }
        if o.location != n.location {
            add(Impact::Breaking, format!("{item}: moved from {} to {}", o.location, n.location));
        }
        match (o.required, n.required) {
            (false, true) => add(Impact::Breaking, format!("{item}: optional made required")),
            (true, false) => add(Impact::Breaking, format!("{item}: required made optional (its Rust type or constructor changes)")),
            _ => {}
        }
        if o.nullable != n.nullable {
            let now = if n.nullable { "nullable" } else { "not nullable" };
            add(Impact::Breaking, format!("{item}: now {now} (its Rust type changes)"));
        } else if o.wrapper != n.wrapper && o.required == n.required && o.ty == n.ty && client {
            // Same description, another Rust type: whether the field is sent decides it.
            let show = |w: &str| if w.is_empty() { "not wrapped".to_string() } else { format!("`{w}`") };
            add(Impact::Breaking, format!("{item}: its Rust type is now {} (was {})", show(&n.wrapper), show(&o.wrapper)));
        }
        deprecation(add, &item, &o.deprecated, &n.deprecated);
        if o.constraints != n.constraints {
            let show = |c: &str| if c.is_empty() { "none".to_string() } else { c.to_string() };
            add(Impact::Patch, format!("{item}: constraint changed from `{}` to `{}`", show(&o.constraints), show(&n.constraints)));
        }
    }
    for (name, n) in new {
        if !old.contains_key(name) {
            let item = format!("`{name}` ({what})");
            if n.required {
                add(Impact::Breaking, format!("{item} added as required"));
            } else {
                add(Impact::Minor, format!("{item} added"));
            }
        }
    }
}

/// What changed in an operation's error answers: another type to match on, a status that
/// no longer has its body (a match arm that never matches again) are breaking; a status
/// with a body added is not.
fn error_changes(add: &mut impl FnMut(Impact, String), what: &str, o: &OperationSurface, n: &OperationSurface) {
    if o.error != n.error {
        add(Impact::Breaking, format!("{what}: its error answers are now `{}` (were `{}`)", n.error, o.error));
    }
    for (status, body) in &o.errors {
        match n.errors.get(status) {
            None => add(Impact::Breaking, format!("{what}: error status `{status}` no longer declared")),
            Some(now) if now != body => add(Impact::Breaking, format!("{what}: the `{status}` error body is now `{now}` (was `{body}`)")),
            Some(_) => {}
        }
    }
    for (status, body) in n.errors.iter().filter(|(s, _)| !o.errors.contains_key(*s)) {
        add(Impact::Minor, format!("{what}: error status `{status}` declared, with `{body}`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(setters: &[&str], pagination: &str) -> OperationSurface {
        OperationSurface {
            method: "GET".into(),
            path: "/a".into(),
            builder: "ListA".into(),
            call: "a().list() -> Vec<A>".into(),
            deprecated: None,
            parameters: BTreeMap::new(),
            body: None,
            response: "Vec<A>".into(),
            setters: setters.iter().map(|s| s.to_string()).collect(),
            pagination: pagination.into(),
            error: "ApiError<Failure>".into(),
            errors: BTreeMap::from([("4XX".to_string(), "Failure".to_string())]),
            stream: String::new(),
        }
    }

    #[test]
    fn a_stream_that_changes_or_goes_is_breaking() {
        let streamed = |how: &str| OperationSurface { stream: how.into(), ..operation(&[], "") };
        assert_eq!(texts(streamed(""), streamed("events of A")), [(Impact::Minor, "operation `list_a`: now streamed (events of A): `.stream()`".to_string())]);
        assert_eq!(texts(streamed("events of A"), streamed("lines of A"))[0].0, Impact::Breaking);
        assert_eq!(texts(streamed("events of A"), streamed(""))[0].0, Impact::Breaking);
    }

    #[test]
    fn error_answers_that_change_type_or_lose_a_status_are_breaking() {
        let mut by_status = operation(&[], "");
        by_status.error = "ListAError".into();
        by_status.errors.insert("404".into(), "Missing".into());
        let changes = texts(operation(&[], ""), by_status.clone());
        assert_eq!(
            changes,
            [
                (Impact::Breaking, "operation `list_a`: its error answers are now `ListAError` (were `ApiError<Failure>`)".to_string()),
                (Impact::Minor, "operation `list_a`: error status `404` declared, with `Missing`".to_string()),
            ]
        );
        let mut fewer = by_status.clone();
        fewer.errors.remove("404");
        assert_eq!(texts(by_status, fewer), [(Impact::Breaking, "operation `list_a`: error status `404` no longer declared".to_string())]);
    }

    fn texts(old: OperationSurface, new: OperationSurface) -> Vec<(Impact, String)> {
        let surface = |op| Surface { format: FORMAT, operations: BTreeMap::from([("list_a".to_string(), op)]), ..Surface::default() };
        diff(&surface(old), &surface(new)).changes.into_iter().map(|c| (c.impact, c.text)).collect()
    }

    #[test]
    fn a_renamed_setter_is_breaking_and_a_new_one_minor() {
        let changes = texts(operation(&["per_page", "cursor"], ""), operation(&["page_size", "cursor"], ""));
        assert_eq!(
            changes,
            [
                (Impact::Breaking, "operation `list_a`: setter `.per_page()` of its call removed or renamed".to_string()),
                (Impact::Minor, "operation `list_a`: setter `.page_size()` added to its call".to_string()),
            ]
        );
    }

    #[test]
    fn a_surface_of_the_first_format_is_not_compared_on_what_it_does_not_record() {
        let old = Surface { format: 0, operations: BTreeMap::from([("list_a".to_string(), operation(&[], ""))]), ..Surface::default() };
        let new = Surface { format: FORMAT, operations: BTreeMap::from([("list_a".to_string(), operation(&["per_page"], "cursor `after`, items `A`"))]), ..Surface::default() };
        assert_eq!(diff(&old, &new).changes, []);
    }

    #[test]
    fn a_changed_pagination_kind_is_breaking() {
        let (cursor, page) = ("cursor `after`, items `A`", "page number `page`, items `A`");
        assert_eq!(texts(operation(&[], cursor), operation(&[], page))[0].0, Impact::Breaking);
        assert_eq!(texts(operation(&[], cursor), operation(&[], ""))[0].0, Impact::Breaking);
        assert_eq!(texts(operation(&[], ""), operation(&[], cursor)), [(Impact::Minor, format!("operation `list_a`: now paged ({cursor}): `.items()` and `.pages()`"))]);
    }

    #[test]
    fn a_field_whose_wrapper_changes_is_breaking() {
        let field = |wrapper: &str| Member {
            location: String::new(),
            ty: "String".into(),
            required: false,
            nullable: true,
            deprecated: None,
            constraints: String::new(),
            wrapper: wrapper.into(),
        };
        let surface = |wrapper| Surface {
            format: FORMAT,
            types: BTreeMap::from([("A".to_string(), TypeSurface::Struct { deprecated: None, fields: BTreeMap::from([("note".to_string(), field(wrapper))]), constraints: String::new() })]),
            ..Surface::default()
        };
        let report = diff(&surface("Nullable"), &surface("Option"));
        assert_eq!(report.changes, [Change { impact: Impact::Breaking, text: "`note` (field of type `A`): its Rust type is now `Option` (was `Nullable`)".into() }]);
    }

    #[test]
    fn a_webhook_removed_or_changed_is_breaking_and_a_new_one_minor() {
        let surface = |hooks: &[(&str, &str)]| Surface { format: FORMAT, webhooks: hooks.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(), ..Surface::default() };
        let old = surface(&[("a.done", "POST Webhook::ADone(ADone)"), ("b.done", "POST Webhook::BDone(BDone)")]);
        let new = surface(&[("a.done", "POST Webhook::ADone(AFinished)"), ("c.done", "POST Webhook::CDone(CDone)")]);
        let texts: Vec<(Impact, String)> = diff(&old, &new).changes.into_iter().map(|c| (c.impact, c.text)).collect();
        assert_eq!(
            texts,
            [
                (Impact::Breaking, "webhook `a.done`: `POST Webhook::ADone(ADone)` is now `POST Webhook::ADone(AFinished)`".to_string()),
                (Impact::Breaking, "webhook `b.done` removed or renamed".to_string()),
                (Impact::Minor, "webhook `c.done` added: `POST Webhook::CDone(CDone)`".to_string()),
            ]
        );
    }

    #[test]
    fn bumps() {
        assert_eq!(bump("0.1.0", Verdict::Major), "0.2.0");
        assert_eq!(bump("0.1.0", Verdict::Minor), "0.1.1");
        assert_eq!(bump("1.2.3", Verdict::Major), "2.0.0");
        assert_eq!(bump("1.2.3", Verdict::Minor), "1.3.0");
        assert_eq!(bump("1.2.3", Verdict::Patch), "1.2.4");
        assert_eq!(bump("1.2.3", Verdict::None), "1.2.3");
    }
}
