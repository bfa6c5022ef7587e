//! Operations: parameters, bodies, responses and pagination of each path item's methods,
//! and the operations left out because a type they need could not be built.

use super::*;
use crate::config::StreamName;

/// Whether the schema of a stream's items describes each whole event, `{event, data}` (an
/// object with both properties, or a union of such objects, told apart by the constant of
/// `event`: a union by event name), rather than its data alone.
fn describes_events(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    let kind = |name: &str| types.get(name).map(|t| &t.kind);
    let is_event = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => matches!(kind(name), Some(TypeKind::Struct(s)) if ["event", "data"].iter().all(|w| s.fields.iter().any(|f| f.wire_name == *w))),
        _ => false,
    };
    match ty {
        TypeRef::Named(name) => match kind(name) {
            Some(TypeKind::Union(u)) => !u.variants.is_empty() && u.variants.iter().all(|v| is_event(&v.ty)),
            _ => is_event(ty),
        },
        _ => false,
    }
}

/// The operations of a path item, by method.
pub(super) fn item_operations(item: &openapiv3::PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
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
    methods.into_iter().filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

impl<'a> Resolver<'a> {
    /// Types that refer to a type that was never built (because building it failed) are
    /// removed, and so, with a warning, are the operations that use any of them.
    pub(super) fn drop_incomplete(&mut self, operations: Vec<Operation>) -> Vec<Operation> {
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
            let refs = op.type_refs();
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


    /// Every operation in the document: (path, method, operation, pointer), in spec order.
    pub(super) fn operation_list(&self) -> Vec<(&'a str, Method, &'a openapiv3::Operation, String)> {
        let mut list = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, op) in item_operations(item) {
                let ptr = push_pointer(&push_pointer("/paths", path), &method.as_str().to_lowercase());
                list.push((path.as_str(), method, op, ptr));
            }
        }
        // By path, then method: the order the document lists paths in is not meaning.
        list.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        list
    }

    /// Path-level and operation-level parameters, the latter overriding the former.
    pub(super) fn params_of(&self, path: &str, op: &'a openapiv3::Operation, op_ptr: &str) -> Result<Vec<(&'a Parameter, String)>, Error> {
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
    pub(super) fn request_body(&self, op: &'a openapiv3::Operation, op_ptr: &str) -> Result<Option<(Vec<Media<'a>>, String, bool)>, Error> {
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
    pub(super) fn responses(&self, op: &'a openapiv3::Operation, op_ptr: &str) -> Result<Vec<Response<'a>>, Error> {
        let mut out = Vec::new();
        let all = op.responses.responses.iter().map(|(code, r)| {
            let (text, success) = match code {
                StatusCode::Code(n) => (n.to_string(), (200..300).contains(n)),
                StatusCode::Range(n) => (format!("{n}XX"), *n == 2),
            };
            (text, success, r)
        });
        let mut all: Vec<_> = all.collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let default = op.responses.default.as_ref().map(|r| ("default".to_string(), false, r));
        for (status, success, r) in all.into_iter().chain(default) {
            let ptr = format!("{op_ptr}/responses/{status}");
            let (response, ptr) = match r {
                ReferenceOr::Item(response) => (response, ptr),
                ReferenceOr::Reference { reference } => {
                    let components = self.doc.components.as_ref().map(|c| &c.responses);
                    self.lookup_in(components, "responses", reference, &ptr)?
                }
            };
            let medias = media_types(&response.content, &ptr);
            // The first JSON media type is typed; the others are too when they share its
            // schema. Other kinds next to JSON are never asked for (`Accept: application/json`).
            let mut json = medias.iter().filter(|m| m.encoding == BodyEncoding::Json);
            let untyped = json.next().and_then(|first| {
                let others: Vec<&'a str> = json.filter(|m| !same_schema(&first.schema, &m.schema)).map(|m| m.media_type).collect();
                (!others.is_empty()).then_some((first.media_type, others))
            });
            let stream = medias.iter().find_map(|m| stream_format(m.media_type).map(|format| (format, m.schema.clone())));
            let body = medias.into_iter().next().map(|media| {
                let is_json = media.encoding == BodyEncoding::Json;
                ResponseBody { schema: if is_json { media.schema } else { None }, is_json }
            });
            let description = Some(response.description.trim()).filter(|d| !d.is_empty()).map(String::from);
            let link = response.headers.keys().any(|name| name.eq_ignore_ascii_case("link"));
            out.push(Response { status, success, description, body, link, pointer: ptr, untyped, stream });
        }
        Ok(out)
    }

    /// The type of a response body; `hint` names an inline schema.
    pub(super) fn response_type(&mut self, body: &ResponseBody<'a>, hint: &str) -> Result<TypeRef, Error> {
        Ok(match &body.schema {
            Some((schema, sptr)) => self.type_of(*schema, sptr, Ctx::Response, hint)?.0,
            None if body.is_json => TypeRef::Json,
            None => TypeRef::Bytes,
        })
    }

    /// The success type of an operation. When its 2XX responses differ in their bodies (a
    /// `200` with the result and a `202` without, say), it is an enum named `<type_name>Response`
    /// with a variant per status, decoded by the status.
    pub(super) fn success_type(&mut self, responses: &[Response<'a>], type_name: &str, op_ptr: &str) -> Result<Option<TypeRef>, Error> {
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
        let variants = self.status_variants(&successes, &name)?;
        let pointer = format!("{op_ptr}/responses");
        self.types.insert(name.clone(), TypeDef { name: name.clone(), docs: Docs::default(), pointer, kind: TypeKind::Responses(variants), groups: Vec::new(), sent: false, validates: false });
        Ok(Some(TypeRef::Named(name)))
    }

    /// The error answers of an operation: the statuses whose JSON body it declares, and their
    /// type. That is the one body type where the statuses share it (the generated crate's
    /// `ApiError<T>`), else an enum named `<type_name>Error` with a variant per status. A
    /// status declared without a JSON body is kept where a range or `default` with a body
    /// would otherwise take its answers.
    pub(super) fn error_type(&mut self, responses: &[Response<'a>], type_name: &str, op_ptr: &str) -> Result<ErrorAnswers, Error> {
        let (declared, bodiless): (Vec<&Response<'a>>, Vec<&Response<'a>>) =
            responses.iter().filter(|r| !r.success).partition(|r| r.body.as_ref().is_some_and(|b| b.is_json));
        let statuses: Vec<String> = declared.iter().map(|r| r.status.clone()).collect();
        let bodiless = bodiless.iter().map(|r| r.status.clone()).filter(|s| statuses.iter().any(|d| status_takes(d, s))).collect();
        let hint = format!("{}Error", naming::bare(type_name));
        let Some(first) = declared.first() else { return Ok(ErrorAnswers { ty: None, statuses, bodiless }) };
        if declared.iter().all(|r| same_body(&first.body, &r.body)) {
            let body = first.body.as_ref().expect("declared bodies are there");
            return Ok(ErrorAnswers { ty: Some(self.response_type(body, &hint)?), statuses, bodiless });
        }
        let name = self.type_names.claim(hint);
        let variants = self.status_variants(&declared, &name)?;
        let pointer = format!("{op_ptr}/responses");
        self.types.insert(name.clone(), TypeDef { name: name.clone(), docs: Docs::default(), pointer, kind: TypeKind::Errors(variants), groups: Vec::new(), sent: false, validates: false });
        Ok(ErrorAnswers { ty: Some(TypeRef::Named(name)), statuses, bodiless })
    }

    /// One variant per response of the enum `name`, named after its status; each body is
    /// typed once, and statuses with the same body share its type.
    fn status_variants(&mut self, responses: &[&Response<'a>], name: &str) -> Result<Vec<StatusVariant>, Error> {
        let mut variant_names = Scope::new();
        let mut typed: Vec<(&Option<ResponseBody<'a>>, Option<TypeRef>)> = Vec::new();
        let mut variants: Vec<StatusVariant> = Vec::new();
        for r in responses {
            let variant = variant_names.claim(naming::type_name(&status_name(&r.status)));
            let ty = match typed.iter().find(|(body, _)| same_body(body, &r.body)) {
                Some((_, ty)) => ty.clone(),
                None => {
                    let ty = match &r.body {
                        Some(body) => Some(self.response_type(body, &naming::joined(name, &variant))?),
                        None => None,
                    };
                    typed.push((&r.body, ty.clone()));
                    ty
                }
            };
            variants.push(StatusVariant { name: variant, status: r.status.clone(), description: r.description.clone(), ty });
        }
        Ok(variants)
    }

    /// Every operation that can be generated. One that cannot is left out with a warning; a
    /// repeated `operationId` is replaced by one made from the method and path.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
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

    pub(super) fn operation(
        &mut self,
        path: &str,
        method: Method,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        id: &str,
    ) -> Result<Operation, Error> {
        // Every builder is `<Operation>Request`, the request a call sends; never the name of
        // a type (glob imports of both would clash): then `<Operation>Operation`.
        let names_from = naming::type_name(id);
        let wanted = format!("{}Request", naming::bare(&names_from));
        let wanted = if self.type_names.contains(&wanted) { format!("{}Operation", naming::bare(&names_from)) } else { wanted };
        let type_name = self.op_type_names.claim(wanted);
        // Inline types are named after the operation, not its builder.
        let fn_name = self.op_fn_names.claim(naming::field_name(id));
        let mut members = Scope::with_reserved(BUILDER_METHODS);
        members.claim("body".into());
        let mut params = Vec::new();
        for (param, ptr) in self.params_of(path, op, op_ptr)? {
            let data = param.parameter_data_ref();
            let (location, style) = match param {
                Parameter::Path { .. } => (ParamLocation::Path, QueryStyle::default()),
                Parameter::Query { style, .. } => (ParamLocation::Query, query_style(style, data.explode)),
                Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::default()),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::default()),
            };
            let Some((schema, sptr)) = param_schema(param, &ptr) else {
                self.warn(&ptr, format!("parameter `{}` uses `content` instead of `schema`; it is sent as a string", data.name));
                params.push(Param {
                    wire_name: data.name.clone(), name: members.claim(naming::method_name(naming::field_name(&data.name))), location,
                    required: data.required || location == ParamLocation::Path, ty: TypeRef::String,
                    constraints: Constraints::default(), docs: param_docs(data, None), style, pointer: ptr.clone(),
                });
                continue;
            };
            let hint = if ptr.starts_with("/components/parameters/") {
                naming::type_name(ptr.rsplit('/').next().unwrap_or(&data.name))
            } else {
                naming::joined(&names_from, &naming::type_name(&data.name))
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
            if ty == TypeRef::Json && !self.deref(schema, &sptr).is_ok_and(|(s, _)| says_object(&Flat::of(s))) {
                // A parameter schema that says nothing (`{}`) is a plain string in a URL; an
                // object without properties is an object all the same.
                ty = TypeRef::String;
            }
            params.push(Param {
                wire_name: data.name.clone(),
                name: members.claim(naming::method_name(naming::field_name(&data.name))),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                constraints: info.constraints.clone(),
                docs: param_docs(data, Some(info)),
                style,
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
                    (_, BodyEncoding::Raw) => TypeRef::Upload,
                    (Some((schema, sptr)), _) => {
                        self.type_of(*schema, sptr, Ctx::Request, &format!("{}Body", naming::bare(&names_from)))?.0
                    }
                    (None, _) => TypeRef::Json,
                };
                Some(Body { content_type: media.media_type.to_string(), encoding: media.encoding, ty, required, setters: None })
            }
        };
        let responses = self.responses(op, op_ptr)?;
        for r in &responses {
            let Some((typed, others)) = &r.untyped else { continue };
            let others: Vec<String> = others.iter().map(|m| format!("`{m}`")).collect();
            // Named by its place only: a component response used by many operations is one
            // warning.
            let message = format!(
                "the response describes {} with another schema than `{typed}`; only `{typed}` is typed, and a body of another JSON media type is decoded as one of `{typed}`",
                list(&others)
            );
            self.warn(&format!("{}/content", r.pointer), message);
        }
        let success = self.success_type(&responses, &names_from, op_ptr)?;
        let errors = self.error_type(&responses, &names_from, op_ptr)?;
        let detected = match responses.iter().filter(|r| r.success).find_map(|r| r.stream.as_ref()) {
            Some((format, Some((schema, sptr)))) => {
                let item = self.type_of(*schema, sptr, Ctx::Response, &format!("{}Event", naming::bare(&names_from)))?.0;
                Some(Stream::of(*format, item))
            }
            Some((format, None)) => Some(Stream::of(*format, TypeRef::Json)),
            // A body that is not JSON can be read as it arrives, chunk by chunk.
            None if success == Some(TypeRef::Bytes) => Some(Stream::of(StreamFormat::Bytes, TypeRef::Bytes)),
            None => None,
        };
        // The config's word over the media type's: each item is the success type.
        let stream = match self.config.resources.get(id).and_then(|r| r.stream) {
            None => detected,
            Some(StreamName::None) => None,
            Some(StreamName::Chunks) => Some(Stream::of(StreamFormat::Bytes, TypeRef::Bytes)),
            Some(name) => {
                let format = if name == StreamName::Events { StreamFormat::Events } else { StreamFormat::Lines };
                let item = success.clone().filter(|ty| *ty != TypeRef::Bytes).unwrap_or(TypeRef::Json);
                Some(Stream::of(format, item))
            }
        };
        let description = op.description.clone();
        let schemes = std::mem::take(&mut self.schemes);
        let security = self.security_of(op.security.as_ref(), op_ptr, &schemes);
        self.schemes = schemes;
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
            error: errors.ty,
            error_statuses: errors.statuses,
            bodiless_errors: errors.bodiless,
            stream,
            docs: Docs {
                summary: op.summary.clone(),
                deprecated: deprecation_note(op.deprecated, &op.extensions, description.as_deref().or(op.summary.as_deref())),
                description,
                default: None,
            },
            pointer: op_ptr.to_string(),
            group: self.group_of(op, path),
            pagination: None,
            security,
            success_flag: None,
            error_message: None,
            link_header: responses.iter().any(|r| r.success && r.link),
            payload: None,
            sdk_group: op.extensions.get("x-fern-sdk-group-name").and_then(|v| v.as_str()).map(String::from),
            sdk_method: op.extensions.get("x-fern-sdk-method-name").and_then(|v| v.as_str()).map(String::from),
        })
    }

    /// What an operation says that depends on the types it uses, decided once every type is
    /// built: parameters that have no text form, the body's setters, pagination.
    pub(super) fn finish(&mut self, mut op: Operation) -> Operation {
        let mut members = Scope::with_reserved(BUILDER_METHODS);
        members.claim("body".into());
        for param in &mut op.params {
            // The same names, claimed again in the same order.
            members.claim(param.name.clone());
            let types = &self.types;
            let kind = |n: &str| types.get(n).map(|t| &t.kind);
            if has_text_form(&param.ty, &kind, true) {
                continue;
            }
            let at = param.pointer.clone();
            if param.location == ParamLocation::Query {
                // Objects are written as the style says; what a style has no form for (an
                // object inside a `form` object) is the JSON text of that part only.
                if !has_query_form(&param.ty, &kind, param.style) {
                    let message = format!(
                        "parameter `{}` has objects or lists inside its values, which its style ({}) has no form for; they are sent as JSON text",
                        param.wire_name,
                        style_name(param.style)
                    );
                    self.warn(&at, message);
                }
                continue;
            }
            self.warn(&at, format!("parameter `{}` has a structured type; it is typed as a JSON value and sent as JSON text", param.wire_name));
            param.ty = TypeRef::Json;
        }
        if let Some(body) = &mut op.body {
            body.setters = match &body.ty {
                TypeRef::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => Some(
                        s.fields
                            .iter()
                            .map(|f| Setter {
                                name: members.claim(naming::method_name(f.name.clone())),
                                null_name: (!f.required && f.nullable).then(|| members.claim(format!("{}_null", naming::bare(&f.name).trim_end_matches('_')))),
                            })
                            .collect(),
                    ),
                    _ => None,
                },
                _ => None,
            };
            body.required |= body.setters.is_some();
            let types = &self.types;
            let kind = |n: &str| types.get(n).map(|t| &t.kind);
            let fields = matches!(body.encoding, BodyEncoding::Form | BodyEncoding::Multipart);
            let message = if fields && !is_object(&body.ty, &kind) {
                Some(format!("the {} body of `{}` is not an object; it is sent as JSON text", body.content_type, op.id))
            } else if body.encoding == BodyEncoding::Multipart && body.setters.is_none() && files_inside(&body.ty, &kind) {
                // Only a struct's fields are parts of their own kind; other objects are text.
                Some(format!("the multipart/form-data body of `{}` is not one object type; its files are sent as text parts", op.id))
            } else {
                None
            };
            if let Some(message) = message {
                self.warn(&format!("{}/requestBody", op.pointer), message);
            }
        }
        op.success_flag = self.success_flag(op.success.as_ref());
        let stream_flag = self.stream_flag(op.body.as_ref());
        if let Some(stream) = &mut op.stream {
            stream.flag = stream_flag;
            stream.whole_events = stream.format == StreamFormat::Events && describes_events(&stream.item, &self.types);
        }
        let kind = |name: &str| self.types.get(name).map(|t| &t.kind);
        // Where the bodies differ by status, the first declared body tells.
        let first_body = match op.error.as_ref() {
            Some(TypeRef::Named(name)) => match kind(name) {
                Some(TypeKind::Errors(variants)) => variants.iter().find_map(|v| v.ty.as_ref()),
                _ => op.error.as_ref(),
            },
            other => other,
        };
        op.error_message = first_body.and_then(|error| error_message(error, &kind));
        op.payload = self.payload(&op);
        match super::pagination::detect(&op, &self.types, self.config.pagination.get(&op.id)) {
            Ok(pagination) => op.pagination = pagination,
            Err(why) => {
                let at = op.pointer.clone();
                self.warn(&at, format!("the config's pagination of `{}` does not fit: {why}; it is not paginated", op.id));
            }
        }
        op
    }

    /// The boolean field `stream` of an object request body: what asks an API that answers
    /// either whole or as a stream for the stream.
    fn stream_flag(&self, body: Option<&Body>) -> Option<Field> {
        let TypeRef::Named(name) = &body?.ty else { return None };
        let Some(TypeKind::Struct(s)) = self.types.get(name).map(|t| &t.kind) else { return None };
        let flag = s.fields.iter().find(|f| f.wire_name == "stream")?;
        let is_bool = |ty: &TypeRef| matches!(ty, TypeRef::Bool) || matches!(ty, TypeRef::Nullable(inner) if **inner == TypeRef::Bool);
        is_bool(&flag.ty).then(|| flag.clone())
    }

    /// The envelope field a call unwraps: the one payload field (`result` or `data`, or the
    /// config's) of a success body whose other fields are all metadata (`success`, `errors`,
    /// `messages`, `result_info`, `meta`, ...); not where the config says not to.
    fn payload(&self, op: &Operation) -> Option<Field> {
        const METADATA: &[&str] = &["success", "errors", "messages", "result_info", "meta", "metadata", "warnings", "links"];
        let own = self.config.resources.get(&op.id).and_then(|r| r.unwrap);
        if own.or(self.config.client.unwrap) == Some(false) {
            return None;
        }
        let TypeRef::Named(name) = op.success.as_ref()? else { return None };
        let Some(TypeKind::Struct(s)) = self.types.get(name).map(|t| &t.kind) else { return None };
        let names: Vec<&str> = match &self.config.client.payload_field {
            Some(field) => vec![field.as_str()],
            None => vec!["result", "data"],
        };
        let (payloads, rest): (Vec<&Field>, Vec<&Field>) = s.fields.iter().partition(|f| names.contains(&f.wire_name.as_str()));
        let [payload] = payloads.as_slice() else { return None };
        let metadata = rest.iter().all(|f| METADATA.contains(&f.wire_name.as_str()));
        (metadata && s.additional.as_ref().is_none_or(|(_, ty)| *ty == TypeRef::Json)).then(|| (*payload).clone())
    }

    /// The success body's `success` flag, where it declares one.
    fn success_flag(&self, success: Option<&TypeRef>) -> Option<Field> {
        let TypeRef::Named(name) = success? else { return None };
        let Some(TypeKind::Struct(s)) = self.types.get(name).map(|t| &t.kind) else { return None };
        s.fields.iter().find(|f| f.wire_name == "success" && f.ty == TypeRef::Bool && f.docs.deprecated.is_none()).cloned()
    }

    /// The group of an operation: its first tag, else the first segment of its path.
    pub(super) fn group_of(&mut self, op: &openapiv3::Operation, path: &str) -> usize {
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
    pub(super) fn path_parts(&mut self, path: &str, params: &mut Vec<Param>, members: &mut Scope, op_ptr: &str) -> Result<Vec<PathPart>, Error> {
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
                        name: members.claim(naming::method_name(naming::field_name(name))),
                        location: ParamLocation::Path,
                        required: true,
                        ty: TypeRef::String,
                        constraints: Constraints::default(),
                        docs: Docs::default(),
                        style: QueryStyle::default(),
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

/// The types `ty` names that are not in `types`.
pub(super) fn missing_names(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> Vec<String> {
    match ty {
        TypeRef::Named(name) if !types.contains_key(name) => vec![name.clone()],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => missing_names(inner, types),
        _ => Vec::new(),
    }
}

pub(super) fn param_docs(data: &openapiv3::ParameterData, info: Option<Info>) -> Docs {
    let description = data.description.clone().or_else(|| info.as_ref().and_then(|i| i.description.clone()));
    let default = info.as_ref().and_then(|i| i.default.clone());
    let deprecated = deprecation_note(data.deprecated.unwrap_or(false), &data.extensions, description.as_deref())
        .or_else(|| info.and_then(|i| i.deprecated));
    Docs { summary: None, description, deprecated, default }
}

/// The style a query parameter declares: `explode` defaults to `true` for `form` only, and the
/// delimited styles exploded are `form` exploded (OpenAPI's style table gives them the same
/// form). `deepObject` is `deepObject` whatever `explode` says: the table gives it no other
/// form, and documents often leave `explode` out.
pub(super) fn query_style(style: &openapiv3::QueryStyle, explode: Option<bool>) -> QueryStyle {
    use openapiv3::QueryStyle as Declared;
    let explode = explode.unwrap_or(matches!(style, Declared::Form));
    match style {
        Declared::DeepObject => QueryStyle::DeepObject,
        Declared::Form => QueryStyle::Form { explode },
        _ if explode => QueryStyle::Form { explode },
        Declared::SpaceDelimited => QueryStyle::SpaceDelimited,
        Declared::PipeDelimited => QueryStyle::PipeDelimited,
    }
}

/// Whether the objects of `ty`, a map or a union, have files among their values. `kind`
/// looks up named types.
fn files_inside<'a>(ty: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>) -> bool {
    let in_object = |ty: &'a TypeRef| match crate::ir::value_type(ty, kind) {
        TypeRef::Map(values) => values.holds_file(),
        TypeRef::Named(n) => match kind(n) {
            Some(TypeKind::Struct(s)) => s.fields.iter().map(|f| &f.ty).chain(s.additional.as_ref().map(|(_, ty)| ty)).any(TypeRef::holds_file),
            _ => false,
        },
        _ => false,
    };
    match crate::ir::value_type(ty, kind) {
        TypeRef::Named(n) => match kind(n) {
            Some(TypeKind::Union(u)) => u.variants.iter().any(|v| in_object(&v.ty)),
            _ => false,
        },
        other => in_object(other),
    }
}

/// Whether a schema says its values are objects, with or without properties.
fn says_object(flat: &Flat<'_>) -> bool {
    flat.typ == Some("object") || flat.shapes_object() || flat.additional.is_some()
}

/// A query style as a document writes it.
fn style_name(style: QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form { explode: true } => "`form`, exploded",
        QueryStyle::Form { explode: false } => "`form`, not exploded",
        QueryStyle::SpaceDelimited => "`spaceDelimited`",
        QueryStyle::PipeDelimited => "`pipeDelimited`",
        QueryStyle::DeepObject => "`deepObject`",
    }
}

pub(super) fn param_schema<'a>(param: &'a Parameter, ptr: &str) -> Option<(SRef<'a>, String)> {
    match &param.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(s) => Some((SRef::of(s), format!("{ptr}/schema"))),
        ParameterSchemaOrContent::Content(_) => None,
    }
}

/// One media type of a content map.
pub(super) struct Media<'a> {
    pub(super) media_type: &'a str,
    pub(super) encoding: BodyEncoding,
    /// The schema and its pointer, if the media type has one.
    pub(super) schema: Option<(SRef<'a>, String)>,
}

/// A documented response of an operation.
pub(super) struct Response<'a> {
    /// `200`, `2XX` or `default`.
    pub(super) status: String,
    pub(super) success: bool,
    pub(super) description: Option<String>,
    /// `None` when the response has no content.
    pub(super) body: Option<ResponseBody<'a>>,
    /// Whether it declares a `Link` header.
    pub(super) link: bool,
    /// Where it is: its place in the operation, or the component it refers to.
    pub(super) pointer: String,
    /// When its JSON media types do not share one schema: the one typed, and the others.
    pub(super) untyped: Option<(&'a str, Vec<&'a str>)>,
    /// A media type read as it arrives (events, JSON lines), and its schema.
    pub(super) stream: Option<(StreamFormat, Option<(SRef<'a>, String)>)>,
}

/// How a media type is read as it arrives, if it is: server-sent events, or JSON lines and
/// JSON text sequences.
fn stream_format(media_type: &str) -> Option<StreamFormat> {
    let media = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match media.as_str() {
        "text/event-stream" => Some(StreamFormat::Events),
        "application/x-ndjson" | "application/ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/jsonlines" | "application/json-seq" => {
            Some(StreamFormat::Lines)
        }
        _ => None,
    }
}

/// An operation's declared error answers, as [`Operation`] holds them.
pub(super) struct ErrorAnswers {
    pub(super) ty: Option<TypeRef>,
    pub(super) statuses: Vec<String>,
    pub(super) bodiless: Vec<String>,
}

/// Whether the declared status `general` takes answers of status `specific` when `specific`
/// is not declared: `default` takes any, a range (`4XX`) its statuses.
fn status_takes(general: &str, specific: &str) -> bool {
    match (general, specific) {
        (_, "default") => false,
        ("default", _) => true,
        (range, code) if range.len() == 3 && range[1..].eq_ignore_ascii_case("XX") => {
            !code[1..].eq_ignore_ascii_case("XX") && range[..1] == code[..1.min(code.len())]
        }
        _ => false,
    }
}

/// The first media type of a response: its schema (for JSON), and whether it is JSON.
pub(super) struct ResponseBody<'a> {
    pub(super) schema: Option<(SRef<'a>, String)>,
    pub(super) is_json: bool,
}

/// Whether two responses have the same body: both none, or the same schema (the same `$ref`,
/// or equal inline schemas) in the same kind of media type.
pub(super) fn same_body(a: &Option<ResponseBody<'_>>, b: &Option<ResponseBody<'_>>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.is_json == b.is_json && same_schema(&a.schema, &b.schema),
        _ => false,
    }
}

/// Whether two media types have the same schema: both none, the same `$ref`, or equal inline
/// schemas.
pub(super) fn same_schema(a: &Option<(SRef<'_>, String)>, b: &Option<(SRef<'_>, String)>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some((SRef::Ref(x), _)), Some((SRef::Ref(y), _))) => x == y,
        (Some((SRef::Inline(x), _)), Some((SRef::Inline(y), _))) => x == y,
        _ => false,
    }
}

/// Items as a sentence lists them: `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A variant name for a status: its reason phrase; `Success`, `ClientError` and
/// `ServerError` for the ranges, `Default` for `default`.
pub(super) fn status_name(status: &str) -> String {
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
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "402" => "Payment Required",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "406" => "Not Acceptable",
        "408" => "Request Timeout",
        "409" => "Conflict",
        "410" => "Gone",
        "412" => "Precondition Failed",
        "413" => "Payload Too Large",
        "415" => "Unsupported Media Type",
        "422" => "Unprocessable Entity",
        "423" => "Locked",
        "428" => "Precondition Required",
        "429" => "Too Many Requests",
        "4XX" => "Client Error",
        "500" => "Internal Server Error",
        "501" => "Not Implemented",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        "5XX" => "Server Error",
        "default" => "Default",
        other => return format!("Status {other}"),
    }
    .to_string()
}

/// The media types of a content map, best first: `application/json`, other JSON types,
/// `*/*`, forms, multipart, then anything else (sent as raw bytes).
pub(super) fn media_types<'a>(content: &'a IndexMap<String, openapiv3::MediaType>, ptr: &str) -> Vec<Media<'a>> {
    let rank = |media: &str| {
        let media = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match media.as_str() {
            "application/json" => (0, BodyEncoding::Json),
            // GitHub writes `application/json+sarif` for `application/sarif+json`.
            m if m.ends_with("+json") || m.ends_with("/json") || m.starts_with("application/json+") => (1, BodyEncoding::Json),
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
    found.sort_by(|a, b| (a.0, a.1.media_type).cmp(&(b.0, b.1.media_type)));
    found.into_iter().map(|(_, m)| m).collect()
}

/// The names an error body gives its message for people, most telling first.
const MESSAGE_NAMES: &[&str] = &["message", "detail", "error_description", "error_message", "errormessage", "msg", "error", "title", "description"];

/// Where an error body of type `error` carries the API's message for people, as a JSON
/// pointer (`/errors/0/message`): the nearest string field named as in [`MESSAGE_NAMES`],
/// looking into objects and the first entry of arrays, three levels deep at most. At the same
/// depth, a field under an `error`/`errors` property wins, then the more telling name.
/// `kind` looks up named types.
pub(super) fn error_message<'a>(error: &'a TypeRef, kind: &dyn Fn(&str) -> Option<&'a TypeKind>) -> Option<String> {
    const MAX_DEPTH: usize = 3;
    let mut level: Vec<(&TypeRef, String, bool)> = vec![(error, String::new(), false)];
    for depth in 0..=MAX_DEPTH {
        let mut best: Option<((bool, usize), String)> = None;
        let mut next = Vec::new();
        for (ty, pointer, under_error) in level {
            let ty = crate::ir::value_type(ty, kind);
            if let TypeRef::Array(item) = ty {
                next.push((item.as_ref(), format!("{pointer}/0"), under_error));
                continue;
            }
            let TypeRef::Named(name) = ty else { continue };
            let Some(TypeKind::Struct(s)) = kind(name) else { continue };
            for field in &s.fields {
                let at = format!("{pointer}/{}", field.wire_name.replace('~', "~0").replace('/', "~1"));
                let wire = field.wire_name.to_ascii_lowercase();
                match crate::ir::value_type(&field.ty, kind) {
                    TypeRef::String => {
                        if let Some(rank) = MESSAGE_NAMES.iter().position(|n| *n == wire) {
                            let key = (!under_error, rank);
                            if best.as_ref().is_none_or(|(b, _)| key < *b) {
                                best = Some((key, at));
                            }
                        }
                    }
                    inner => next.push((inner, at, under_error || wire.contains("error"))),
                }
            }
        }
        if let Some((_, pointer)) = best {
            return Some(pointer);
        }
        if depth == MAX_DEPTH || next.is_empty() {
            break;
        }
        level = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(wire: &str, ty: TypeRef) -> Field {
        Field {
            wire_name: wire.into(),
            name: wire.into(),
            ty,
            required: false,
            nullable: false,
            received_only: true,
            constraints: Constraints::default(),
            docs: Docs::default(),
        }
    }

    fn object(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct { fields, additional: None, min_properties: None, max_properties: None, envelope: None })
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    /// The IR and warnings (pointer and message) of a document with these `paths`.
    fn resolved(paths: Value) -> (Api, Vec<(String, String)>) {
        let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths});
        let loaded = crate::load::parse(std::path::Path::new("doc.json"), &doc.to_string()).expect("a document");
        let resolved = resolve(&loaded, &Config::default()).expect("resolves");
        (resolved.api, resolved.warnings.into_iter().map(|w| (w.pointer, w.message)).collect())
    }

    fn query(name: &str, extra: Value, schema: Value) -> Value {
        let mut param = serde_json::json!({"name": name, "in": "query", "schema": schema});
        param.as_object_mut().expect("an object").extend(extra.as_object().cloned().unwrap_or_default());
        param
    }

    #[test]
    fn query_styles_are_read_as_the_style_table_defines_them() {
        use serde_json::json;
        let list = json!({"type": "array", "items": {"type": "string"}});
        let cases = [
            (json!({}), QueryStyle::Form { explode: true }),
            (json!({"explode": false}), QueryStyle::Form { explode: false }),
            (json!({"style": "form", "explode": true}), QueryStyle::Form { explode: true }),
            (json!({"style": "spaceDelimited"}), QueryStyle::SpaceDelimited),
            (json!({"style": "pipeDelimited", "explode": false}), QueryStyle::PipeDelimited),
            // Exploded, the delimited styles are `form` exploded.
            (json!({"style": "pipeDelimited", "explode": true}), QueryStyle::Form { explode: true }),
            (json!({"style": "spaceDelimited", "explode": true}), QueryStyle::Form { explode: true }),
            // `deepObject` without `explode` (whose default is then `false`) is still one.
            (json!({"style": "deepObject"}), QueryStyle::DeepObject),
            (json!({"style": "deepObject", "explode": true}), QueryStyle::DeepObject),
        ];
        let params: Vec<Value> = cases.iter().enumerate().map(|(i, (extra, _))| query(&format!("p{i}"), extra.clone(), list.clone())).collect();
        let (api, warnings) = resolved(json!({"/a": {"get": {"parameters": params, "responses": {"204": {"description": "ok"}}}}}));
        assert_eq!(warnings, []);
        let styles: Vec<QueryStyle> = api.operations[0].params.iter().map(|p| p.style).collect();
        assert_eq!(styles, cases.iter().map(|(_, style)| *style).collect::<Vec<_>>());
    }

    #[test]
    fn object_query_parameters_keep_their_types_where_their_style_writes_them() {
        use serde_json::json;
        let flat = json!({"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "array", "items": {"type": "string"}}}});
        let nested = json!({"type": "object", "properties": {"range": {"type": "object", "properties": {"gte": {"type": "integer"}}}}});
        let stripe_created = json!({"anyOf": [{"type": "object", "properties": {"gte": {"type": "integer"}}}, {"type": "integer"}]});
        let params = json!([
            query("flat", json!({}), flat.clone()),
            query("flat_joined", json!({"explode": false}), flat.clone()),
            query("nested", json!({}), nested.clone()),
            query("deep", json!({"style": "deepObject", "explode": true}), nested),
            query("created", json!({"style": "deepObject", "explode": true}), stripe_created),
            query("free", json!({}), json!({"type": "object"})),
            query("any_items", json!({"explode": false}), json!({"type": "array", "items": {}})),
            {"name": "X-Filter", "in": "header", "schema": flat},
        ]);
        let (api, warnings) = resolved(json!({"/a": {"get": {"parameters": params, "responses": {"204": {"description": "ok"}}}}}));
        let types: Vec<(&str, &TypeRef)> = api.operations[0].params.iter().map(|p| (p.wire_name.as_str(), &p.ty)).collect();
        let named = |name: &str| TypeRef::Named(name.into());
        assert_eq!(
            types,
            [
                ("flat", &named("GetAFlat")),
                ("flat_joined", &named("GetAFlatJoined")),
                ("nested", &named("GetANested")),
                ("deep", &named("GetADeep")),
                ("created", &named("GetACreated")),
                ("free", &TypeRef::Json),
                ("any_items", &TypeRef::Array(Box::new(TypeRef::Json))),
                ("X-Filter", &TypeRef::Json),
            ]
        );
        let pointer = |i: usize| format!("/paths/~1a/get/parameters/{i}");
        let expected = [
            // A list inside an object has no form unless `form` is exploded.
            (pointer(1), "parameter `flat_joined` has objects or lists inside its values, which its style (`form`, not exploded) has no form for; they are sent as JSON text".to_string()),
            (pointer(2), "parameter `nested` has objects or lists inside its values, which its style (`form`, exploded) has no form for; they are sent as JSON text".to_string()),
            (pointer(7), "parameter `X-Filter` has a structured type; it is typed as a JSON value and sent as JSON text".to_string()),
        ];
        assert_eq!(warnings, expected);
    }

    #[test]
    fn an_object_schema_without_properties_is_an_object_body() {
        use serde_json::json;
        let form = |schema: Value| json!({"content": {"application/x-www-form-urlencoded": {"schema": schema}}});
        let op = |body: Value| json!({"post": {"requestBody": body, "responses": {"204": {"description": "ok"}}}});
        let (api, warnings) = resolved(json!({
            // Stripe's: no property, and none allowed.
            "/empty": op(form(json!({"type": "object", "properties": {}, "additionalProperties": false}))),
            "/open": op(form(json!({"type": "object"}))),
            "/map": op(form(json!({"type": "object", "additionalProperties": {"type": "string"}}))),
            "/text": op(form(json!({"type": "string"}))),
            "/list": op(json!({"content": {"multipart/form-data": {"schema": {"type": "array", "items": {"type": "string"}}}}})),
            // Cloudflare's Workers upload: a union of objects, one with files.
            "/upload": op(json!({"content": {"multipart/form-data": {"schema": {"oneOf": [
                {"type": "object", "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}, "metadata": {"type": "string"}}},
                {"type": "object", "properties": {"message": {"type": "string"}}},
            ]}}}})),
            "/parts": op(json!({"content": {"multipart/form-data": {"schema": {"oneOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "integer"}}},
            ]}}}})),
        }));
        assert_eq!(api.operations.len(), 7);
        let expected = [
            ("/paths/~1list/post/requestBody".to_string(), "the multipart/form-data body of `post /list` is not an object; it is sent as JSON text".to_string()),
            ("/paths/~1text/post/requestBody".to_string(), "the application/x-www-form-urlencoded body of `post /text` is not an object; it is sent as JSON text".to_string()),
            ("/paths/~1upload/post/requestBody".to_string(), "the multipart/form-data body of `post /upload` is not one object type; its files are sent as text parts".to_string()),
        ];
        assert_eq!(warnings, expected);
    }

    #[test]
    fn every_json_media_type_of_a_response_is_typed_or_named() {
        use serde_json::json;
        let reference = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        let response = |content: Value| json!({"get": {"responses": {"200": {"description": "ok", "content": content}}}});
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                // One schema for all: one type, no warning.
                "/same": response(json!({"application/json": {"schema": reference("Alert")}, "application/vnd.x+json": {"schema": reference("Alert")}})),
                // XML next to JSON is never asked for.
                "/xml": response(json!({"application/json": {"schema": reference("Alert")}, "application/xml": {"schema": reference("Sarif")}})),
                "/differ": response(json!({
                    "application/json+sarif": {"schema": reference("Sarif")},
                    "application/json": {"schema": reference("Alert")},
                    "application/vnd.x+json": {"schema": reference("Alert")},
                    "application/problem+json": {"schema": {"type": "object", "properties": {"title": {"type": "string"}}}},
                })),
            },
            "components": {"schemas": {
                "Alert": {"type": "object", "properties": {"id": {"type": "integer"}}},
                "Sarif": {"type": "object", "properties": {"runs": {"type": "array", "items": {}}}},
            }},
        });
        let loaded = crate::load::parse(std::path::Path::new("doc.json"), &doc.to_string()).expect("a document");
        let resolved = resolve(&loaded, &Config::default()).expect("resolves");
        let success: Vec<&TypeRef> = resolved.api.operations.iter().filter_map(|op| op.success.as_ref()).collect();
        assert_eq!(success, [&TypeRef::Named("Alert".into()); 3]);
        let warnings: Vec<(&str, &str)> = resolved.warnings.iter().map(|w| (w.pointer.as_str(), w.message.as_str())).collect();
        assert_eq!(
            warnings,
            [(
                "/paths/~1differ/get/responses/200/content",
                "the response describes `application/json+sarif` and `application/problem+json` with another schema than `application/json`; only `application/json` is typed, and a body of another JSON media type is decoded as one of `application/json`"
            )]
        );
    }

    #[test]
    fn the_error_message_is_the_nearest_telling_string() {
        let types: BTreeMap<&str, TypeKind> = [
            // Cloudflare: `errors` and `messages` both hold `{code, message}`.
            ("Cf", object(vec![field("messages", TypeRef::Array(Box::new(named("Msg")))), field("errors", TypeRef::Array(Box::new(named("Msg"))))])),
            ("Msg", object(vec![field("code", TypeRef::I64), field("message", TypeRef::String)])),
            // RFC 9457 problem details: `detail` says more than `title`.
            ("Problem", object(vec![field("title", TypeRef::String), field("type", TypeRef::String), field("detail", TypeRef::String)])),
            // OpenAI: `{error: {message}}`, the inner object behind an alias and a box.
            ("Wrapped", object(vec![field("error", TypeRef::Nullable(Box::new(named("Inner"))))])),
            ("Inner", TypeKind::Alias(TypeRef::Boxed(Box::new(named("InnerObject"))))),
            ("InnerObject", object(vec![field("a/b", TypeRef::String), field("Message", TypeRef::String)])),
            ("Silent", object(vec![field("code", TypeRef::I64), field("message", TypeRef::I64)])),
            ("Deep", object(vec![field("a", named("Deep"))])),
        ]
        .into_iter()
        .collect();
        let kind = |name: &str| types.get(name);
        let [cf, problem, wrapped, silent, deep] = ["Cf", "Problem", "Wrapped", "Silent", "Deep"].map(named);
        assert_eq!(error_message(&cf, &kind).as_deref(), Some("/errors/0/message"));
        assert_eq!(error_message(&problem, &kind).as_deref(), Some("/detail"));
        assert_eq!(error_message(&wrapped, &kind).as_deref(), Some("/error/Message"));
        assert_eq!(error_message(&silent, &kind), None);
        assert_eq!(error_message(&deep, &kind), None, "a type that holds itself ends the search");
        assert_eq!(error_message(&TypeRef::Json, &kind), None);
    }
}
