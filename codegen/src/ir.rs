//! The intermediate representation: what the API is, in terms of types and operations, with
//! every name already decided. It knows nothing of Rust syntax; `emit` turns it into code.

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL of the spec, if any.
    pub base_url: Option<String>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations in spec order (path order, then method order).
    pub operations: Vec<Operation>,
    /// The groups operations are split into (a module and a cargo feature each), in order of
    /// first appearance.
    pub groups: Vec<Group>,
    /// The security schemes the client can send, by name.
    pub schemes: Vec<SecurityScheme>,
    /// The SDK's resources, parents before their children; the roots hang off the client.
    pub resources: Vec<Resource>,
    /// The crates of a workspace, when the API is written as one (see [`crate::split`]):
    /// each holds some groups, with the types only they use. Empty: one crate.
    pub members: Vec<Member>,
    /// What the generator config (or its defaults) decides beyond types and operations.
    pub settings: Settings,
    /// The requests the API sends (3.1 `webhooks`, operations' `callbacks`), when it
    /// describes some with a JSON body.
    pub webhooks: Option<Webhooks>,
}

/// The requests the API sends to its users' servers, and the enum of their payloads.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    /// The crate-root module that documents them: `webhooks`, unless a resource has that name.
    pub module: String,
    /// The union type in [`Api::types`] with a variant per payload type.
    pub type_name: String,
    /// In document order: the webhooks, then the callbacks of the operations in order.
    pub list: Vec<Webhook>,
    /// The types documented with the webhooks: what their payloads hold and no operation
    /// uses (the union included), by name.
    pub types: Vec<String>,
    /// How the API signs them, where the config says: the crate can check it.
    pub signature: Option<crate::config::SignatureScheme>,
}

/// One request the API sends: a webhook, or an operation's callback.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its name in the document (the `webhooks` key, or the callback's key, with its
    /// operation's id before it where two callbacks share one).
    pub name: String,
    /// The variant of the union that holds its payload.
    pub variant: String,
    /// The operation whose callback it is, and the expression of the URL it is sent to.
    pub callback: Option<(String, String)>,
    pub method: Method,
    pub content_type: String,
    pub payload: TypeRef,
    pub docs: Docs,
}

/// The crate-wide decisions of the generator config, each made once in `resolve`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The package name: the caller's, the config's, or one made from the title.
    pub crate_name: String,
    /// The environment variables the client reads.
    pub env: Environment,
    /// The header that carries a call's idempotency key.
    pub idempotency_header: String,
    /// The data (an event's, or a line) that ends a stream; `None` when none does.
    pub stream_end: Option<String>,
    /// Whether every group of operations is a default feature (`full`).
    pub all_groups: bool,
    /// Whether the docs' usage examples are compiled as doctests.
    pub doctests: bool,
}

/// The environment variables of the client: the base URL's, and each scheme's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub base_url: String,
    /// Per scheme of [`Api::schemes`]: one variable, or a user name's and a password's.
    pub schemes: Vec<Vec<String>>,
}

/// A crate of a workspace: some groups of operations, and the types no other crate uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// What its package name adds to the API's: `radar` in `cloudflare-api-radar`.
    pub name: String,
    /// Indices into [`Api::groups`].
    pub groups: Vec<usize>,
}

/// A resource of the SDK surface (`client.email_security().settings().allow_policies()`):
/// a module with a struct whose methods start the calls of its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// Its name as the document (or the config) gives it: `allow-policies`.
    pub title: String,
    /// The module, and the accessor on the parent: `allow_policies`.
    pub module: String,
    /// The struct: `AllowPolicies`.
    pub type_name: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub methods: Vec<ResourceMethod>,
    /// The types whose home it is (see [`crate::home`]), by name.
    pub types: Vec<String>,
}

/// A method of a resource: one operation's call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceMethod {
    /// `list`, `r#type`.
    pub name: String,
    /// Index into [`Api::operations`].
    pub op: usize,
    /// The struct that names the method's required arguments outside the path
    /// (`CreateParams`), when it has some (see [`Api::arguments`]).
    pub params: Option<String>,
}

/// One argument of an operation's call, as a user gives it. The required ones are the
/// request's constructor arguments (a resource method takes the path parameters among them
/// in its signature, the others named in its `Params`); the others are setters of the call.
#[derive(Debug, Clone, Copy)]
pub enum Argument<'a> {
    Param(&'a Param),
    /// A field of a struct body, with its own argument or setter.
    Field(&'a Field, &'a Setter),
    /// The body whole, when it is not a struct with setters.
    Body(&'a Body),
}

impl<'a> Argument<'a> {
    pub fn required(&self) -> bool {
        match self {
            Argument::Param(p) => p.required,
            Argument::Field(f, _) => f.required,
            Argument::Body(b) => b.required,
        }
    }

    /// A path parameter: always required, and given in a resource method's signature.
    pub fn in_path(&self) -> bool {
        matches!(self, Argument::Param(p) if p.location == ParamLocation::Path)
    }

    /// The argument's name, which is also its setter's.
    pub fn name(&self) -> &'a str {
        match self {
            Argument::Param(p) => &p.name,
            Argument::Field(_, setter) => &setter.name,
            Argument::Body(_) => "body",
        }
    }
}

/// A security scheme of `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in the document.
    pub name: String,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

/// How a scheme is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// HTTP basic.
    Basic,
    /// A key in a header, query parameter or cookie of this name.
    ApiKey { location: ParamLocation, name: String },
}

/// A group of operations: the first tag of each operation, else the first segment of its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The tag (or path segment) the group is named after.
    pub title: String,
    /// The module name.
    pub module: String,
    /// The cargo feature name.
    pub feature: String,
}

impl Api {
    /// Renames types: every definition and every reference, by `map` (old name to new); the
    /// types stay sorted by name.
    pub fn rename_types(&mut self, map: &std::collections::HashMap<String, String>) {
        let mut rename = |name: &mut String| {
            if let Some(new) = map.get(name.as_str()) {
                name.clone_from(new);
            }
        };
        let in_field = |field: &mut Field, rename: &mut dyn FnMut(&mut String)| field.ty.names_mut(&mut |n| rename(n));
        for def in &mut self.types {
            rename(&mut def.name);
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter_mut().for_each(|f| in_field(f, &mut rename));
                    if let Some((_, ty)) = &mut s.additional {
                        ty.names_mut(&mut rename);
                    }
                }
                TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| v.ty.names_mut(&mut rename)),
                TypeKind::Alias(ty) => ty.names_mut(&mut rename),
                TypeKind::Responses(vs) | TypeKind::Errors(vs) => vs.iter_mut().filter_map(|v| v.ty.as_mut()).for_each(|ty| ty.names_mut(&mut rename)),
                TypeKind::Enum(_) => {}
            }
        }
        self.types.sort_by(|a, b| a.name.cmp(&b.name));
        for op in &mut self.operations {
            op.params.iter_mut().for_each(|p| p.ty.names_mut(&mut rename));
            let tys = op.body.as_mut().map(|b| &mut b.ty).into_iter().chain(op.success.as_mut()).chain(op.error.as_mut());
            tys.for_each(|ty| ty.names_mut(&mut rename));
            op.success_flag.iter_mut().chain(op.payload.as_mut()).for_each(|f| in_field(f, &mut rename));
            if let Some(stream) = &mut op.stream {
                stream.item.names_mut(&mut rename);
                stream.flag.iter_mut().for_each(|f| in_field(f, &mut rename));
            }
            if let Some(p) = &mut op.pagination {
                p.item.names_mut(&mut rename);
                let paths: Vec<&mut FieldPath> = match &mut p.kind {
                    PageKind::Page { per_page, total_pages, total, .. } => per_page.iter_mut().chain(total_pages.as_mut()).chain(total.as_mut()).collect(),
                    PageKind::Offset { more, total, .. } => more.iter_mut().chain(total.as_mut()).collect(),
                    PageKind::Cursor { next: CursorSource::Field(next), more, .. } => std::iter::once(next).chain(more.as_mut()).collect(),
                    PageKind::Cursor { next: CursorSource::LastItem(field), more, .. } => {
                        in_field(field, &mut rename);
                        more.iter_mut().collect()
                    }
                    PageKind::NextUrl { next } => vec![next],
                    PageKind::Link => Vec::new(),
                };
                p.items.iter_mut().chain(paths.into_iter().flatten()).for_each(|f| in_field(f, &mut rename));
            }
        }
        for resource in &mut self.resources {
            resource.types.iter_mut().for_each(&mut rename);
            resource.types.sort();
        }
        if let Some(webhooks) = &mut self.webhooks {
            rename(&mut webhooks.type_name);
            webhooks.list.iter_mut().for_each(|w| w.payload.names_mut(&mut rename));
        }
    }

    /// The member crate a type lives in: the one whose groups are all the groups that need
    /// it; `None` for the shared crate (or when the API is one crate).
    pub fn home(&self, def: &TypeDef) -> Option<usize> {
        let first = *def.groups.first()?;
        let member = self.members.iter().position(|m| m.groups.contains(&first))?;
        def.groups.iter().all(|g| self.members[member].groups.contains(g)).then_some(member)
    }

    /// The member crate of a group's operations, when the API is a workspace.
    pub fn member_of(&self, group: usize) -> Option<usize> {
        self.members.iter().position(|m| m.groups.contains(&group))
    }

    /// The module path where the type `name` is documented: its home resource's
    /// (`email_security::settings::allow_policies`), else `shared`.
    pub fn documented_in(&self, name: &str) -> String {
        match self.resources.iter().position(|r| r.types.iter().any(|t| t == name)) {
            Some(home) => self.resource_path(home).iter().map(|r| crate::naming::bare(&r.module)).collect::<Vec<_>>().join("::"),
            None => "shared".into(),
        }
    }

    /// The resources from a root down to `index`.
    pub fn resource_path(&self, index: usize) -> Vec<&Resource> {
        let mut path = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            path.push(&self.resources[i]);
            at = self.resources[i].parent;
        }
        path.reverse();
        path
    }

    /// Operation `op`'s arguments in the order its call takes them. Parameters come first:
    /// path parameters as the path template has them, the other required ones by name, then
    /// the optional ones in the document's order. Then the body: its fields when it is a
    /// struct with setters (see [`Api::body_fields`]), else the body whole. Never the order of
    /// a list in the document where reordering it could swap two arguments under a caller.
    pub fn arguments<'a>(&'a self, op: &'a Operation) -> Vec<Argument<'a>> {
        let position = |p: &Param| op.path_parts.iter().position(|part| matches!(part, PathPart::Param(i) if std::ptr::eq(&op.params[*i], p)));
        let mut params: Vec<&Param> = op.params.iter().collect();
        // A stable sort: optional parameters keep the document's order among themselves.
        params.sort_by_key(|p| match position(p) {
            Some(i) => (0, i, ""),
            None if p.required => (1, 0, p.name.as_str()),
            None => (2, 0, ""),
        });
        let mut out: Vec<Argument<'a>> = params.into_iter().map(Argument::Param).collect();
        if let Some(body) = &op.body {
            match self.body_fields(body) {
                Some(fields) => out.extend(fields.into_iter().map(|(f, setter)| Argument::Field(f, setter))),
                None => out.push(Argument::Body(body)),
            }
        }
        out
    }

    /// The fields of a struct body with their setters: the required ones as the struct's
    /// constructor takes them, then the others in field order. `None` when the body is not
    /// a struct set field by field.
    pub fn body_fields<'a>(&'a self, body: &'a Body) -> Option<Vec<(&'a Field, &'a Setter)>> {
        let (TypeRef::Named(name), Some(setters)) = (&body.ty, &body.setters) else { return None };
        let Some(TypeKind::Struct(s)) = self.type_def(name).map(|t| &t.kind) else { return None };
        let pairs: Vec<(&Field, &Setter)> = s.fields.iter().zip(setters).collect();
        let required = s.constructor_fields().into_iter().filter_map(|f| pairs.iter().find(|(g, _)| std::ptr::eq(*g, f)).copied());
        Some(required.chain(pairs.iter().filter(|(f, _)| !f.required).copied()).collect())
    }

    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        let i = self.types.binary_search_by(|t| t.name.as_str().cmp(name)).ok()?;
        Some(&self.types[i])
    }
}

/// A reference to a type, as used by a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    String,
    Uuid,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// Raw bytes: a body that is not JSON.
    Bytes,
    /// Raw bytes sent as a request body: from memory, a file or a stream.
    Upload,
    /// A file (`format: binary`): a file part of a multipart body.
    File,
    /// Bytes carried in JSON as base64 (`format: byte`).
    Base64,
    /// A named type defined in [`Api::types`].
    Named(String),
    Array(Box<TypeRef>),
    /// A map from string keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A value that may be JSON `null` (array items, map values).
    Nullable(Box<TypeRef>),
    /// Recursion through a named type needs indirection.
    Boxed(Box<TypeRef>),
}

impl TypeRef {
    /// Every named type inside, to rename.
    pub fn names_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            TypeRef::Named(name) => f(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => inner.names_mut(f),
            _ => {}
        }
    }

    /// Whether values of this type are numbers.
    pub fn is_number(&self) -> bool {
        use TypeRef::*;
        matches!(self, I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | F32 | F64)
    }

    /// Whether values of this type are files or hold some (arrays, nullable values).
    pub fn holds_file(&self) -> bool {
        match self {
            TypeRef::File => true,
            TypeRef::Array(inner) | TypeRef::Nullable(inner) => inner.holds_file(),
            _ => false,
        }
    }

    /// Whether a value converts to `f64` with `as` rather than `f64::from`, which does not
    /// take 64-bit integers.
    pub fn widens_with_as(&self) -> bool {
        matches!(self, TypeRef::I64 | TypeRef::U64)
    }
}

/// What the spec says about the values a field or parameter may take.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// Constraints on each item of an array.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

/// Documentation and deprecation, shared by every documented item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `Some(note)` when deprecated; the note is the spec's guidance.
    pub deprecated: Option<String>,
    /// The schema's `default`, as JSON text.
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub docs: Docs,
    /// The spec location the type comes from; empty for one the generator makes (the
    /// webhooks' union).
    pub pointer: String,
    pub kind: TypeKind,
    /// Indices into [`Api::groups`] of the groups whose operations need this type; empty when
    /// the type is always compiled.
    pub groups: Vec<usize>,
    /// Whether a request can carry a value of this type (see [`crate::graph::mark_validated`]):
    /// only then does it have a constructor taking its required fields.
    pub sent: bool,
    /// Whether a value of this type is sent and carries constraints to check before it is:
    /// its own or those of a type it holds (see [`crate::graph::mark_validated`]).
    pub validates: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum, with a fallback that keeps values the spec does not list.
    Enum(Enum),
    /// One of several shapes: told apart by a tag property, or else by trying each in order.
    Union(Union),
    /// Another name for a type.
    Alias(TypeRef),
    /// The success answers of an operation whose 2XX statuses carry different bodies, told
    /// apart by the status.
    Responses(Vec<StatusVariant>),
    /// The error answers of an operation whose error statuses carry different bodies, told
    /// apart by the status, with a case for any other answer.
    Errors(Vec<StatusVariant>),
}

impl TypeKind {
    /// The type references directly inside this type (fields, variants, alias target).
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional.as_ref().map(|(_, ty)| ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Responses(variants) | TypeKind::Errors(variants) => variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The properties the description does not name, when it types them
    /// (`additionalProperties: {schema}` next to `properties`): the field holding them by
    /// name, and their type.
    pub additional: Option<(String, TypeRef)>,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
    /// The field (by its name in code) whose value a call gives, when this struct is an
    /// operation's success body and an envelope (see [`Operation::payload`]).
    pub envelope: Option<String>,
}

impl Struct {
    /// The required fields in the order `new` takes them: by name, so that reordering the
    /// document's `properties` never swaps two arguments of the same type under a caller.
    pub fn constructor_fields(&self) -> Vec<&Field> {
        let mut required: Vec<&Field> = self.fields.iter().filter(|f| f.required).collect();
        required.sort_by(|a, b| a.name.cmp(&b.name));
        required
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: String,
    /// The identifier in code.
    pub name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Whether the struct is only ever received: then an optional nullable field need not
    /// tell absent from `null`, and is an `Option`.
    pub received_only: bool,
    pub constraints: Constraints,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub values: Vec<EnumValue>,
    /// The variant that keeps values the spec does not list.
    pub fallback: String,
    /// Whether the values are JSON integers (`wire` holds each one's decimal text), not text:
    /// OpenAPI 3.1's `oneOf` of `const` integers named by their `title`.
    pub integer: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: String,
    pub name: String,
    /// What the value means, when the description says (a `oneOf` of documented values).
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<Variant>,
    /// Set when a property of the value says which variant it is; otherwise the variants
    /// are tried in order, most specific first.
    pub tag: Option<Tag>,
}

/// The property that tells a tagged union's variants apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Its name on the wire.
    pub property: String,
    /// The variant that keeps, unchanged, a value whose tag no variant has.
    pub fallback: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub ty: TypeRef,
    /// The tag values that select this variant (tagged unions only); the first is the one
    /// sent when the variant's type has no field for the tag.
    pub tags: Vec<String>,
}

/// One documented status of an operation and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub name: String,
    /// The status as the spec writes it: `200`, `2XX` for any success status, `default`.
    pub status: String,
    pub description: Option<String>,
    /// `None` when the response has no body; `Bytes` for a body that is not JSON.
    pub ty: Option<TypeRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// Sent in the `Cookie` header.
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub constraints: Constraints,
    pub docs: Docs,
    /// How a query parameter that is an array or an object is written (the other locations
    /// have one way each, and leave it at its default).
    pub style: QueryStyle,
    /// The spec location of the parameter.
    pub pointer: String,
}

/// OpenAPI's `style` and `explode` of a query parameter, for arrays and objects (a scalar is
/// `name=value` in every style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: with `explode`, `a=1&a=2` and `k1=v1&k2=v2`; without, `a=1,2` and
    /// `name=k1,v1,k2,v2`.
    Form { explode: bool },
    /// `spaceDelimited` without `explode` (with it, it is `form`): `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited` without `explode`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`, `name[key][inner]=value`, `name[]=item`.
    DeepObject,
}

impl Default for QueryStyle {
    /// `form` with `explode`, OpenAPI's default for query parameters.
    fn default() -> Self {
        QueryStyle::Form { explode: true }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`: one pair per top-level field.
    Form,
    /// `multipart/form-data`: one part per top-level field.
    Multipart,
    /// Any other media type: the bytes as given.
    Raw,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub content_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    pub required: bool,
    /// Object bodies get one builder argument or setter per field; this names them, in
    /// field order, when the body is a struct.
    pub setters: Option<Vec<Setter>>,
}

/// The builder methods for one body field.
#[derive(Debug, Clone, PartialEq)]
pub struct Setter {
    /// Sets the value (or names the constructor argument, for a required field).
    pub name: String,
    /// Sends an explicit `null`, for optional fields that allow it.
    pub null_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId` (or one made from method and path).
    pub id: String,
    /// Type name of the builder.
    pub type_name: String,
    /// Function name of the constructor.
    pub fn_name: String,
    pub method: Method,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The type of a successful (2XX) response body; `None` for no body, `Bytes` for a body
    /// that is not JSON.
    pub success: Option<TypeRef>,
    /// The type of the declared error bodies: the one type the error statuses share, or a
    /// [`TypeKind::Errors`] enum where they differ; `None` when the spec declares none.
    pub error: Option<TypeRef>,
    /// The error statuses (`404`, `4XX`, `default`) whose JSON body the spec declares.
    pub error_statuses: Vec<String>,
    /// How its success answer can be read as it arrives, where the description gives an
    /// event stream or JSON lines.
    pub stream: Option<Stream>,
    /// The error statuses declared without a JSON body where a range or `default` of
    /// [`error_statuses`](Self::error_statuses) would otherwise take their answers.
    pub bodiless_errors: Vec<String>,
    pub docs: Docs,
    pub pointer: String,
    /// Index into [`Api::groups`].
    pub group: usize,
    /// Set when the operation's answers are pages of a list.
    pub pagination: Option<Pagination>,
    /// Who may call it: alternatives, each naming the schemes it sends together (see
    /// [`Api::schemes`]). Empty: no authentication.
    pub security: Vec<Vec<String>>,
    /// The success body's boolean field that says `false` when the call failed after all.
    pub success_flag: Option<Field>,
    /// Where the error body carries the API's message for people, as a JSON pointer.
    pub error_message: Option<String>,
    /// Whether the success response declares a `Link` header.
    pub link_header: bool,
    /// The envelope field that carries the payload a call gives, when the success body is an
    /// envelope (Cloudflare's `result` next to `success`, `errors` and `messages`).
    pub payload: Option<Field>,
    /// `x-fern-sdk-group-name` and `x-fern-sdk-method-name`, when the document gives them.
    pub sdk_group: Option<String>,
    pub sdk_method: Option<String>,
}

impl Operation {
    /// The types it names directly: its parameters', body's, success's, errors' and stream
    /// items'.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let body = self.body.as_ref().map(|b| &b.ty);
        let stream = self.stream.as_ref().map(|s| &s.item);
        self.params.iter().map(|p| &p.ty).chain(body).chain(&self.success).chain(&self.error).chain(stream)
    }
}

/// How an operation's answer can be read as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub format: StreamFormat,
    /// What each event's data, or each line, decodes as (JSON where the description gives no
    /// schema).
    pub item: TypeRef,
    /// The request body's boolean field that asks for the stream (`stream`), where there is one.
    pub flag: Option<Field>,
    /// Whether `item` describes each whole event (`{event, data}`), not its data alone.
    pub whole_events: bool,
}

impl Stream {
    /// A stream of `item`s split as `format` says; the flag and the whole events are decided
    /// once every type is built.
    pub fn of(format: StreamFormat, item: TypeRef) -> Self {
        Stream { format, item, flag: None, whole_events: false }
    }
}

/// How a streamed answer is split: server-sent events, JSON lines, or the chunks of a body
/// that is not JSON (a download).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    Events,
    Lines,
    Bytes,
}

/// How an operation's answers are paged, and where the list is in each.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The fields from the success body down to the list; empty when the body is the list.
    pub items: Vec<Field>,
    pub item: TypeRef,
    pub kind: PageKind,
}

/// A path of fields from the success body down to a value.
pub type FieldPath = Vec<Field>;

/// The kinds of pagination; parameters are indexes into [`Operation::params`].
#[derive(Debug, Clone, PartialEq)]
pub enum PageKind {
    /// A page number, with the page size asked for or reported, and the totals reported.
    Page { param: usize, size: Option<usize>, per_page: Option<FieldPath>, total_pages: Option<FieldPath>, total: Option<FieldPath> },
    /// An offset advanced by the entries received, with a limit, a more-follows flag and a total.
    Offset { param: usize, size: Option<usize>, more: Option<FieldPath>, total: Option<FieldPath> },
    /// A cursor parameter fed from the answer, until the answer gives none or says no more follow.
    Cursor { param: usize, next: CursorSource, more: Option<FieldPath> },
    /// A next-page URL in the body.
    NextUrl { next: FieldPath },
    /// A `Link: <...>; rel="next"` header.
    Link,
}

/// Where the next cursor comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// A field of the answer.
    Field(FieldPath),
    /// A field of the last entry of the page (its id, for `after` cursors).
    LastItem(Box<Field>),
}

/// Whether values of `ty` have a plain text form, as URL parameters need: primitives, enums,
/// unions of such values, and (when `arrays`) arrays of them. `kind` looks up named types.
pub fn has_text_form<'a>(ty: &TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>, arrays: bool) -> bool {
    text_form_within(ty, kind, arrays, 0)
}

/// How many named types a walk through aliases and unions follows: a document can make them
/// refer to themselves.
const MAX_NAMED_DEPTH: usize = 64;

fn text_form_within<'a>(ty: &TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>, arrays: bool, depth: usize) -> bool {
    match ty {
        TypeRef::Named(_) if depth > MAX_NAMED_DEPTH => false,
        TypeRef::Named(n) => match kind(n) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => text_form_within(inner, kind, arrays, depth + 1),
            Some(TypeKind::Union(u)) => u.tag.is_none() && u.variants.iter().all(|v| text_form_within(&v.ty, kind, false, depth + 1)),
            _ => false,
        },
        TypeRef::Array(inner) => arrays && text_form_within(inner, kind, false, depth),
        TypeRef::Json | TypeRef::Map(_) | TypeRef::Nullable(_) | TypeRef::Boxed(_) | TypeRef::Bytes | TypeRef::Upload | TypeRef::File | TypeRef::Base64 => false,
        _ => true,
    }
}

/// Whether every value of `ty` has a form as a query parameter in `style`: values with a text
/// form and arrays of them in every style; in `form` and the delimited styles, objects (and
/// unions of them) whose properties are such values (arrays among them only in `form`
/// exploded) or any JSON; in `deepObject`, anything but raw bytes and files. Any JSON (alone,
/// as items or as properties) is taken to have one: what it holds is the caller's choice.
/// `kind` looks up named types.
pub fn has_query_form<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>, style: QueryStyle) -> bool {
    query_form_within(ty, kind, style, 0)
}

fn query_form_within<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>, style: QueryStyle, depth: usize) -> bool {
    let value = value_type(ty, kind);
    if style == QueryStyle::DeepObject {
        return !matches!(value, TypeRef::Bytes | TypeRef::Upload | TypeRef::File);
    }
    if depth > MAX_NAMED_DEPTH {
        return false;
    }
    if text_form_within(ty, kind, true, depth) {
        return true;
    }
    let property = |ty: &'a TypeRef| {
        let value = value_type(ty, kind);
        *value == TypeRef::Json || text_form_within(value, kind, style == QueryStyle::Form { explode: true }, depth + 1)
    };
    match value {
        TypeRef::Json => true,
        TypeRef::Array(items) => *value_type(items, kind) == TypeRef::Json,
        TypeRef::Map(values) => property(values),
        TypeRef::Named(n) => match kind(n) {
            Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| &f.ty).chain(s.additional.as_ref().map(|(_, ty)| ty)).all(property),
            Some(TypeKind::Union(u)) => u.variants.iter().all(|v| query_form_within(&v.ty, kind, style, depth + 1)),
            _ => false,
        },
        _ => false,
    }
}

/// Whether every value of `ty` is a JSON object, as the fields of a form or multipart body
/// must be: structs, maps, unions of them, and any JSON value (what an object schema without
/// properties is typed as). `kind` looks up named types.
pub fn is_object<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>) -> bool {
    object_within(ty, kind, 0)
}

fn object_within<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>, depth: usize) -> bool {
    match value_type(ty, kind) {
        TypeRef::Json | TypeRef::Map(_) => true,
        TypeRef::Named(_) if depth > MAX_NAMED_DEPTH => false,
        TypeRef::Named(n) => match kind(n) {
            Some(TypeKind::Struct(_)) => true,
            Some(TypeKind::Union(u)) => u.variants.iter().all(|v| object_within(&v.ty, kind, depth + 1)),
            _ => false,
        },
        _ => false,
    }
}

/// Follows aliases to the type they name. `kind` looks up named types.
/// Whether `c` says anything a check can test on a value of `ty`: a range on a number, a
/// length on a string, a count on an array or something of this kind on its items. The
/// checks the generator writes ([`crate::emit`]) follow the same cases.
pub fn constraints_apply<'a>(ty: &'a TypeRef, c: &Constraints, kind: &dyn Fn(&str) -> Option<&'a TypeKind>) -> bool {
    match alias_target(ty, kind) {
        number if number.is_number() => c.minimum.is_some() || c.maximum.is_some(),
        TypeRef::String => c.min_length.is_some() || c.max_length.is_some(),
        TypeRef::Array(item) => {
            let item = match &**item {
                TypeRef::Nullable(inner) => inner,
                other => other,
            };
            c.min_items.is_some() || c.max_items.is_some() || c.items.as_ref().is_some_and(|items| constraints_apply(item, items, kind))
        }
        _ => false,
    }
}

pub fn alias_target<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>) -> &'a TypeRef {
    let mut ty = ty;
    for _ in 0..MAX_NAMED_DEPTH {
        match ty {
            TypeRef::Named(n) => match kind(n) {
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// The type a value of `ty` has, without aliases, boxes and nullability. `kind` looks up
/// named types.
pub fn value_type<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>) -> &'a TypeRef {
    let mut ty = ty;
    for _ in 0..MAX_NAMED_DEPTH {
        ty = match alias_target(ty, kind) {
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => inner,
            other => return other,
        };
    }
    ty
}
