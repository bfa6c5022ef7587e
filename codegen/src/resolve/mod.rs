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

use crate::config::Config;
use crate::error::{pointer_key, push_pointer, Error, Errors, Warning};
use crate::ir::*;
use crate::load::Loaded;
use crate::naming::{self, Scope};
use crate::schema::{deprecation_note, Additional, Flat, SRef};
use indexmap::{IndexMap, IndexSet};
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, StatusCode};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod contexts;
mod operations;
mod pagination;
mod refs;
mod resources;
mod security;
mod settings;
pub(crate) use settings::STREAM_END;
mod types;
mod unions;
mod webhooks;

use operations::*;
use types::*;
use unions::*;

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

/// Names the crate's own items have: the types modules name std and serde items by full
/// path, so any other schema name is free (`Option`, `From`, `Result`, ...).
const RESERVED_TYPE_NAMES: &[&str] = &["Nullable", "UnrecognizedValue", "BuildError", "ResponseError", "Validate", "ToParam", "Self_"];
/// Names the builders' modules use unqualified next to the builders (whose names come from
/// operation ids).
const RESERVED_BUILDER_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Nullable",
    "UnrecognizedValue", "BuildError", "ResponseError", "Validate", "ToParam", "BTreeMap",
    "Value", "Self_", "From", "Into", "Default", "Clone", "Iterator", "ToString", "Send", "Sync",
];
/// How many links a chain of `allOf` wrappers, merged `allOf`s or aliases may have.
const MAX_DEPTH: usize = 64;
/// Methods every builder has.
/// The builder's own methods, and `client::Call`'s, which has a setter for each of the
/// builder's: no parameter or body field may take one.
const BUILDER_METHODS: &[&str] = &[
    "new", "build", "parse_response", "METHOD", "PATH", "send", "send_envelope", "items", "pages", "with_options", "map_request",
    "as_request", "into_request", "send_decoded", "stream", "into_future",
];

/// What a use of a schema says besides its type.
#[derive(Debug, Clone, Default)]
struct Info {
    description: Option<String>,
    deprecated: Option<String>,
    read_only: bool,
    write_only: bool,
    nullable: bool,
    constraints: Constraints,
    default: Option<String>,
}

impl Info {
    fn of(flat: &Flat<'_>) -> Self {
        Info {
            description: flat.description(),
            deprecated: flat.deprecation(),
            read_only: flat.says(|d| d.read_only),
            write_only: flat.says(|d| d.write_only),
            nullable: flat.says(|d| d.nullable) || admits_null(flat),
            constraints: flat.constraints.clone(),
            default: flat.default_value().map(|v| v.to_string()),
        }
    }

    /// `self` is the outer use; what it leaves unsaid comes from `inner`.
    fn over(mut self, inner: Info) -> Self {
        self.description = self.description.or(inner.description);
        self.default = self.default.or(inner.default);
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
    /// Every schema merged, by pointer.
    visited: Vec<String>,
    /// The merged schemas that are also a union (their members' properties are not in
    /// `props`), by pointer.
    unions: Vec<(String, &'a Schema)>,
    /// The first `discriminator` met, and where.
    discriminator: Option<(&'a openapiv3::Discriminator, String)>,
}

/// Turns a loaded document into the IR.
pub fn resolve(loaded: &Loaded, config: &Config) -> Result<Resolved, Error> {
    let mut r = Resolver::new(loaded, config);
    r.schemes = r.schemes();
    r.mark_usage();
    r.name_components();
    let operations = r.operations();
    let incoming = r.webhooks();
    r.components();
    let operations: Vec<Operation> = r.drop_incomplete(operations).into_iter().map(|op| r.finish(op)).collect();
    let webhooks = r.webhook_union(incoming);
    r.check_config(&operations);
    mark_envelopes(&operations, &mut r.types);
    crate::graph::box_cycles(&mut r.types);
    let doc = &loaded.doc;
    let base_url = doc.servers.first().and_then(|server| r.server_url(server));
    let resources = resources::build(&operations, &r.groups, r.config, &mut r.warnings);
    let webhooks = webhooks.map(|w| Webhooks { module: webhooks::module_name(&resources), ..w });
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        base_url,
        types: r.types.into_values().collect(),
        operations,
        groups: r.groups,
        schemes: r.schemes,
        resources,
        members: Vec::new(),
        settings: Default::default(),
        webhooks,
    };
    resources::name_params(&mut api);
    api.settings = settings::decide(&api, config);
    crate::group::assign(&mut api);
    crate::graph::mark_validated(&mut api);
    crate::split::assign(&mut api, config);
    crate::home::assign(&mut api);
    Ok(Resolved { api, warnings: r.warnings })
}

/// Marks the success bodies whose payload a call gives ([`Struct::envelope`]), so that the
/// body says once how its payload is taken out, whichever operations answer with it.
fn mark_envelopes(operations: &[Operation], types: &mut BTreeMap<String, TypeDef>) {
    for op in operations {
        let (Some(payload), Some(TypeRef::Named(name))) = (&op.payload, &op.success) else { continue };
        if let Some(TypeDef { kind: TypeKind::Struct(s), .. }) = types.get_mut(name) {
            s.envelope = Some(payload.name.clone());
        }
    }
}

struct Resolver<'a> {
    doc: &'a OpenAPI,
    /// The document's `webhooks`, read beside it.
    webhooks_doc: &'a IndexMap<String, openapiv3::PathItem>,
    config: &'a Config,
    /// The security schemes the client can send.
    schemes: Vec<SecurityScheme>,
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
    /// Component pointer -> the components that extend it through `allOf` (built when first
    /// asked; see `extended_union`).
    extensions: Option<HashMap<String, Vec<(&'a Schema, String)>>>,
    /// Names of pending types whose building has started.
    attempted: HashSet<String>,
    /// Schema pointer -> whether it defines a type of its own (see `defines_type`).
    defines: HashMap<String, bool>,
    /// Reference -> the name of the component its chain of references ends at, or why the
    /// chain cannot be followed.
    chain_ends: std::cell::RefCell<HashMap<String, Result<String, Error>>>,
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
    /// What each fault left out, by (file, pointer, message) of the fault: see `left_out`.
    faults: HashMap<(std::path::PathBuf, String, String), LeftOut>,
}

/// The pieces of the document one fault left out, and its warning.
struct LeftOut {
    /// The index of the warning in `Resolver::warnings`.
    warning: usize,
    /// What is left out (`schema `A``, `operation `get``), in the order reported.
    what: IndexSet<String>,
}

impl LeftOut {
    /// How many of the pieces a warning names; the others are counted.
    const NAMED: usize = 3;

    /// The warning's message: what is left out, and why.
    fn message(&self, why: &str) -> String {
        let named: Vec<&str> = self.what.iter().take(Self::NAMED).map(String::as_str).collect();
        let what = match (named.as_slice(), self.what.len() - named.len()) {
            ([one], _) => return format!("{one} is left out: {why}"),
            (_, 0) => format!("{} and {}", named[..named.len() - 1].join(", "), named[named.len() - 1]),
            (_, more) => format!("{} and {more} more", named.join(", ")),
        };
        format!("{what} are left out: {why}")
    }
}


impl<'a> Resolver<'a> {
    fn new(loaded: &'a Loaded, config: &'a Config) -> Self {
        Resolver {
            doc: &loaded.doc,
            webhooks_doc: &loaded.webhooks,
            config,
            schemes: Vec::new(),
            errors: Errors::new(&loaded.path),
            broken: &loaded.broken,
            types: BTreeMap::new(),
            type_names: Scope::with_reserved(RESERVED_TYPE_NAMES),
            named: HashMap::new(),
            pending: Vec::new(),
            attempted: HashSet::new(),
            member_labels: HashMap::new(),
            extensions: None,
            defines: HashMap::new(),
            chain_ends: Default::default(),
            aliases: HashMap::new(),
            following: Vec::new(),
            usage: HashMap::new(),
            sensitive: HashMap::new(),
            op_type_names: Scope::with_reserved(RESERVED_BUILDER_NAMES),
            // Operations' function names: the fallback for a resource method's name. They once
            // were methods of the client too; the reserved names are kept so that names do not
            // change under users.
            op_fn_names: Scope::with_reserved(&[
                "builder", "from_env", "base_url", "send", "send_with", "send_raw", "send_raw_with", "pages", "items",
                "attempts", "once", "backoff", "clone", "fmt", "deref", "execute", "page", "follow",
            ]),
            groups: Vec::new(),
            group_index: HashMap::new(),
            // The crate's own modules and features, and the crates its code names by path
            // (a module `std` or `serde` would make `std::...` and `serde::...` ambiguous).
            group_modules: Scope::with_reserved(&[
                "shared", "types", "operations", "runtime", "mod", "full", "default", "client", "std", "core", "alloc",
                "serde", "serde_json", "http", "chrono", "uuid", "reqwest", "tokio", "futures_core", "futures_util",
                "httpdate", "percent_encoding", "openapi_rust_runtime", "tracing", "signatures",
            ]),
            warnings: Vec::new(),
            faults: HashMap::new(),
        }
    }

    /// A config entry naming a scheme or an operation the document does not have is a
    /// warning (a typo would otherwise do nothing in silence).
    fn check_config(&mut self, operations: &[Operation]) {
        let mut unknown = Vec::new();
        for name in self.config.auth.keys().filter(|name| !self.schemes.iter().any(|s| &s.name == *name)) {
            unknown.push((format!("/auth/{name}"), format!("the config names security scheme `{name}`, which the document does not define (or the client cannot send)")));
        }
        let ids = self.config.pagination.keys().chain(self.config.resources.keys());
        for id in ids.filter(|id| !operations.iter().any(|op| &op.id == *id)) {
            let section = if self.config.pagination.contains_key(id) { "pagination" } else { "resources" };
            unknown.push((format!("/{section}/{id}"), format!("the config names operation `{id}`, which the document does not have")));
        }
        for (pointer, message) in unknown {
            self.warnings.push(Warning { file: crate::config::FILE.into(), line: None, pointer, message });
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

}
