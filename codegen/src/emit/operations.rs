//! `src/operations.rs`: one request builder per operation.

use super::{
    cfg_for, doc_attrs, ident, limits_check, member_doc_attrs, needs_validate, render, type_tokens, From, Job, Named, Slot,
};
use crate::naming;
use crate::ir::{has_text_form, Api, Argument, BodyEncoding, Operation, ParamLocation, PathPart, QueryStyle, StatusVariant, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The operations module of a crate holding `groups`, its files under `src`.
pub(super) fn jobs<'a>(api: &'a Api, groups: &'a [usize], src: &str) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'_>> = vec![(format!("{src}/operations/mod.rs"), Box::new(move || mod_file(api, groups)))];
    for &g in groups {
        let path = format!("{src}/operations/{}.rs", naming::bare(&api.groups[g].module));
        jobs.push((path, Box::new(move || group_file(api, g))));
    }
    jobs
}

fn mod_file(api: &Api, groups: &[usize]) -> Result<String, String> {
    let declarations = groups.iter().map(|&g| (g, &api.groups[g])).map(|(g, group)| {
        let module = ident(&group.module);
        let cfg = cfg_for(api, &[g]);
        let doc = format!(" Operations tagged \"{}\" (feature `{}`).", group.title, group.feature);
        quote! { #[doc = #doc] #cfg pub mod #module; #cfg pub use #module::*; }
    });
    render(quote! {
        //! Request builders: one per operation of the API description, in one module per
        //! group of operations (by tag), each behind the cargo feature of the same name.
        //!
        //! A builder takes the required parameters in `new`, the optional ones through
        //! setters, checks the constraints of the description in `build` and gives an
        //! [`http::Request`]; `parse_response` turns the answer into the typed result.
        #(#declarations)*
    })
}

/// The body of `parse_response`: the runtime's decoder for the success type or, for success
/// answers told apart by status, a `match` on the status with one decoder per variant.
fn parse_body(api: &Api, success: Option<&TypeRef>, success_tokens: &TokenStream) -> TokenStream {
    let decoder = |ty: Option<&TypeRef>| match ty {
        None => quote!(crate::runtime::parse_empty_response(status, body, Self::ERRORS)),
        Some(TypeRef::Bytes) => quote!(crate::runtime::parse_raw_response(status, body, Self::ERRORS)),
        Some(_) => quote!(crate::runtime::parse_response(status, body, Self::ERRORS)),
    };
    let variants = match success {
        Some(TypeRef::Named(name)) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Responses(variants)) => variants,
            _ => return decoder(success),
        },
        _ => return decoder(success),
    };
    let arm = |v: &StatusVariant| {
        let decode = decoder(v.ty.as_ref());
        let variant = ident(&v.name);
        match v.ty {
            Some(_) => quote!(#decode.map(#success_tokens::#variant)),
            None => quote!(#decode.map(|()| #success_tokens::#variant)),
        }
    };
    // Exact statuses before ranges; anything else (an error, or an undocumented success)
    // goes through the first variant's decoder.
    let mut ordered: Vec<&StatusVariant> = variants.iter().collect();
    ordered.sort_by_key(|v| v.status.contains('X'));
    let arms = ordered.iter().map(|v| {
        let pattern = match v.status.parse::<u16>() {
            Ok(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            Err(_) => quote!(_ if status.is_success()),
        };
        let body = arm(v);
        quote!(#pattern => #body,)
    });
    let fallback = arm(&variants[0]);
    quote! {
        match status.as_u16() {
            #(#arms)*
            _ => #fallback,
        }
    }
}

fn group_file(api: &Api, g: usize) -> Result<String, String> {
    let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.group == g).collect();
    let items = ops.iter().map(|op| operation(api, op));
    let doc = format!(" Operations tagged \"{}\".", api.groups[g].title);
    render(quote! {
        #![doc = #doc]
        #(#items)*
    })
}

/// An argument type: strings, dates, date-times and UUIDs accept anything that converts
/// into one (`uuid::Uuid` into `Uuid`, `chrono::DateTime` into `DateTime`).
fn arg_type(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(.into())),
        TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => {
            let ty = type_tokens(ty, From::Elsewhere);
            (quote!(impl Into<#ty>), quote!(.into()))
        }
        TypeRef::Bytes => (quote!(impl Into<Vec<u8>>), quote!(.into())),
        TypeRef::Upload => (quote!(impl Into<crate::Upload>), quote!(.into())),
        other => (type_tokens(other, From::Elsewhere), TokenStream::new()),
    }
}

/// One argument of a builder's `new`.
pub(super) struct Arg {
    pub name: proc_macro2::Ident,
    /// As `new` takes it (`impl Into<String>` for a string).
    pub ty: TokenStream,
    /// As a struct field holds it.
    pub field_ty: TokenStream,
    /// A path parameter.
    pub path: bool,
    pub doc: String,
    /// The type, and whether the argument is an `Option` of it.
    pub value_ty: TypeRef,
    pub optional: bool,
}

/// What a request is made of: its fields (public: a request is plain data), `new`'s arguments
/// and initialisers, and the setters of a `client::Call` of it, the one place setters are
/// written.
pub(super) struct Parts {
    pub fields: Vec<TokenStream>,
    pub args: Vec<Arg>,
    pub inits: Vec<TokenStream>,
    pub setters: Vec<TokenStream>,
}

/// A setter of `client::Call`: `place` (a field of the request `op`) becomes `value`.
fn setter(docs: &TokenStream, name: &proc_macro2::Ident, arg_ty: Option<&TokenStream>, place: TokenStream, value: TokenStream) -> TokenStream {
    let arg = arg_ty.map(|ty| quote!(value: #ty));
    quote! {
        #docs
        pub fn #name(self, #arg) -> Self {
            self.map_request(|op| #place = #value)
        }
    }
}

pub(super) fn parts(api: &Api, op: &Operation) -> Parts {
    let mut fields = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    // The arguments of the struct body's `new`, when the body is set field by field (that is,
    // when it is not one argument whole).
    let mut body_args = Vec::new();
    let mut whole_body = false;
    for argument in api.arguments(op) {
        let name = ident(argument.name());
        let description = match argument {
            Argument::Param(p) => p.docs.description.as_deref(),
            Argument::Field(f, _) => f.docs.description.as_deref(),
            Argument::Body(_) => Some("The request body."),
        };
        let doc = || arg_doc(argument.name(), description);
        match argument {
            Argument::Param(p) => {
                let slot = if p.required { Slot::Plain } else { Slot::Option };
                let ty = slot.wrap(&p.ty, From::Elsewhere);
                let p_docs = member_doc_attrs(&p.docs, &p.constraints, &format!("The `{}` {} parameter.", p.wire_name, format!("{:?}", p.location).to_lowercase()));
                fields.push(quote!(#p_docs pub #name: #ty));
                let (arg_ty, conv) = arg_type(&p.ty);
                if p.required {
                    inits.push(if conv.is_empty() { quote!(#name) } else { quote!(#name: #name #conv) });
                    let field_ty = type_tokens(&p.ty, From::Elsewhere);
                    args.push(Arg { name, ty: arg_ty, field_ty, path: argument.in_path(), doc: doc(), value_ty: p.ty.clone(), optional: false });
                } else {
                    inits.push(quote!(#name: None));
                    setters.push(setter(&p_docs, &name, Some(&arg_ty), quote!(op.#name), quote!(Some(value #conv))));
                }
            }
            Argument::Field(f, setter) => {
                let slot = Slot::of_field(f);
                if f.required {
                    let (arg_ty, conv) = if slot == Slot::Plain { arg_type(&f.ty) } else { (slot.wrap(&f.ty, From::Elsewhere), TokenStream::new()) };
                    body_args.push(quote!(#name #conv));
                    let field_ty = slot.wrap(&f.ty, From::Elsewhere);
                    args.push(Arg { name, ty: arg_ty, field_ty, path: false, doc: doc(), value_ty: f.ty.clone(), optional: slot != Slot::Plain });
                    continue;
                }
                let field = ident(&f.name);
                let (arg_ty, conv) = arg_type(&f.ty);
                let value = slot.some(quote!(value #conv));
                let f_docs = member_doc_attrs(&f.docs, &f.constraints, &format!("The body's `{}` field.", f.wire_name));
                setters.push(self::setter(&f_docs, &name, Some(&arg_ty), quote!(op.body.#field), value));
                if let Some(null_name) = &setter.null_name {
                    let null_fn = ident(null_name);
                    let doc = format!(" Sends `{}: null`.", f.wire_name);
                    let deprecated = f.docs.deprecated.as_ref().map(|n| quote!(#[deprecated(note = #n)]));
                    let docs = quote!(#[doc = #doc] #deprecated);
                    setters.push(self::setter(&docs, &null_fn, None, quote!(op.body.#field), quote!(crate::Nullable::Null)));
                }
            }
            Argument::Body(body) => {
                whole_body = true;
                let body_ty = type_tokens(&body.ty, From::Elsewhere);
                if body.required {
                    fields.push(quote!(#[doc = " The request body."] pub body: #body_ty));
                    inits.push(quote!(body));
                    let value_ty = body.ty.clone();
                    args.push(Arg { name, ty: body_ty.clone(), field_ty: body_ty, path: false, doc: doc(), value_ty, optional: false });
                } else {
                    fields.push(quote!(#[doc = " The request body."] pub body: Option<#body_ty>));
                    inits.push(quote!(body: None));
                    let docs = quote!(#[doc = " The request body."]);
                    setters.push(setter(&docs, &name, Some(&body_ty), quote!(op.body), quote!(Some(value))));
                }
            }
        }
    }
    // A body set field by field (even one without fields) is made by its type's `new`.
    if let Some(body) = op.body.as_ref().filter(|_| !whole_body) {
        let body_ty = type_tokens(&body.ty, From::Elsewhere);
        fields.push(quote!(#[doc = " The request body."] pub body: #body_ty));
        inits.push(quote!(body: #body_ty::new(#(#body_args),*)));
    }
    Parts { fields, args, inits, setters }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let method_line = format!("`{} {}`", op.method.as_str(), op.path);
    let docs = doc_attrs(&op.docs, &[method_line, format!("Operation: `{}`", op.id)]);

    let Parts { fields, args, inits, setters } = parts(api, op);
    let arg_docs: Vec<String> = args.iter().map(|a| a.doc.clone()).collect();
    let args: Vec<TokenStream> = args.iter().map(|a| {
        let (name, ty) = (&a.name, &a.ty);
        quote!(#name: #ty)
    }).collect();
    let build = build_fn(api, op);
    let method = ident(op.method.as_str());
    let path = &op.path;
    let success = op.success.as_ref().map(|t| type_tokens(t, From::Elsewhere)).unwrap_or_else(|| quote!(()));
    let parse = parse_body(api, op.success.as_ref(), &success);
    // One body for every declared error status: the runtime's `ApiError` of it; bodies that
    // differ by status: the generated enum. Either decodes by `ERRORS`, where a status
    // declared without a body is marked `-`.
    let by_status = matches!(op.error.as_ref(), Some(TypeRef::Named(n)) if matches!(api.type_def(n).map(|t| &t.kind), Some(TypeKind::Errors(_))));
    let error = match op.error.as_ref() {
        Some(ty) if by_status => type_tokens(ty, From::Elsewhere),
        Some(ty) => {
            let ty = type_tokens(ty, From::Elsewhere);
            quote!(crate::ApiError<#ty>)
        }
        None => quote!(crate::ApiError<serde_json::Value>),
    };
    let statuses: Vec<String> = op.error_statuses.iter().cloned().chain(op.bodiless_errors.iter().map(|s| format!("-{s}"))).collect();
    let errors = (!statuses.is_empty()).then(|| quote!(const ERRORS: &'static [&'static str] = &[#(#statuses),*];));
    let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let mut new_doc = vec![" Starts the request with its required arguments.".to_string()];
    if !arg_docs.is_empty() {
        new_doc.push(String::new());
        new_doc.extend(arg_docs);
    }
    let op_deprecated = op.docs.deprecated.as_ref().map(|n| quote!(#[deprecated(note = #n)]));
    let pagination = super::pagination::paginated(op, &name);
    let stream = streamed(api, op, &name);
    let security = op.security.iter().map(|alternative| alternative.iter().map(String::as_str).collect::<Vec<_>>());
    let success_flag = op.success_flag.as_ref().map(|flag| {
        let wire = &flag.wire_name;
        let field = ident(&flag.name);
        let failed = match Slot::of_field(flag) {
            Slot::Plain => quote!(!output.#field),
            Slot::Option => quote!(output.#field == Some(false)),
            Slot::Nullable => quote!(output.#field.as_option() == Some(&false)),
        };
        quote! {
            const SUCCESS_FLAG: Option<&'static str> = Some(#wire);

            fn reports_failure(output: &Self::Output) -> bool {
                #failed
            }
        }
    });
    let error_message = op.error_message.as_ref().map(|pointer| quote!(const ERROR_MESSAGE: Option<&'static str> = Some(#pointer);));
    // The envelope's payload, taken out by the envelope's `PayloadOf` impl; else the body.
    let payload = op.payload.as_ref().map(|field| type_tokens(&field.ty, From::Elsewhere)).unwrap_or_else(|| success.clone());
    let security = (!op.security.is_empty()).then(|| quote!(const SECURITY: &'static [&'static [&'static str]] = &[#(&[#(#security),*]),*];));
    let call_setters = (!setters.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "client")]
            impl crate::client::Call<'_, #name> {
                #(#setters)*
            }
        }
    });
    let default = args.is_empty().then(|| quote!(Default,));
    // Without arguments every field starts empty: the derived default.
    let init = if args.is_empty() { quote!(Self::default()) } else { quote!(Self { #(#inits,)* }) };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name { #(#fields,)* }

        impl #name {
            #(#[doc = #new_doc])*
            #many
            #op_deprecated
            pub fn new(#(#args),*) -> Self {
                #init
            }
        }

        impl crate::Operation for #name {
            type Output = #success;
            type Error = #error;
            type Payload = #payload;
            const METHOD: http::Method = http::Method::#method;
            const PATH: &'static str = #path;
            #errors
            #security
            #success_flag
            #error_message

            #build

            fn parse(status: http::StatusCode, body: &[u8]) -> crate::runtime::Parsed<Self> {
                #parse
            }
        }

        #pagination

        #stream

        #call_setters
    }
}

/// `impl Streamed`, for an operation whose answer can be read as it arrives: what each item
/// decodes as, how the answer is split, and the body field that asks for the stream.
fn streamed(api: &Api, op: &Operation, name: &proc_macro2::Ident) -> Option<TokenStream> {
    let stream = op.stream.as_ref()?;
    // The runtime's end marker unless the config names another, or none.
    let end = match api.settings.stream_end.as_deref() {
        Some(crate::resolve::STREAM_END) => None,
        Some(end) => Some(quote!(const END: Option<&'static str> = Some(#end);)),
        None => Some(quote!(const END: Option<&'static str> = None;)),
    };
    let item = type_tokens(&stream.item, From::Elsewhere);
    let format = match stream.format {
        crate::ir::StreamFormat::Events => quote!(Events),
        crate::ir::StreamFormat::Lines => quote!(Lines),
        crate::ir::StreamFormat::Bytes => quote!(Bytes),
    };
    // A chunk of a download is the item itself.
    let raw = (stream.format == crate::ir::StreamFormat::Bytes).then(|| {
        quote! {
            fn item(data: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
                Ok(data.to_vec())
            }
        }
    });
    let streaming = stream.flag.as_ref().map(|flag| {
        let field = ident(&flag.name);
        let on = match Slot::of_field(flag) {
            Slot::Plain => quote!(true),
            Slot::Option => quote!(Some(true)),
            Slot::Nullable => quote!(crate::Nullable::Value(true)),
        };
        quote! {
            fn streaming(&mut self) {
                self.body.#field = #on;
            }
        }
    });
    let whole = stream.whole_events.then(|| {
        quote! {
            fn event(event: Option<&str>, data: &[u8]) -> Result<Self::Item, serde_json::Error> {
                crate::runtime::stream::whole_event(event, data)
            }
        }
    });
    Some(quote! {
        impl crate::runtime::Streamed for #name {
            type Item = #item;
            const FORMAT: crate::runtime::stream::Format = crate::runtime::stream::Format::#format;
            #end
            #whole
            #streaming
            #raw
        }
    })
}

fn arg_doc(name: &str, description: Option<&str>) -> String {
    let name = crate::naming::bare(name);
    match description.and_then(|d| crate::docs::to_rustdoc(d).into_iter().next()) {
        Some(first) => format!(" - `{name}`: {first}"),
        None => format!(" - `{name}`"),
    }
}

fn build_fn(api: &Api, op: &Operation) -> TokenStream {
    // Checks: every parameter's constraints, then the body's.
    let mut checks_out = Vec::new();
    for p in &op.params {
        let field = ident(&p.name);
        let wire = &p.wire_name;
        checks_out.extend(limits_check(api, &p.ty, &p.constraints, quote!(self.#field), Named::Param(wire)));
        if needs_validate(api, &p.ty) {
            checks_out.push(quote!(crate::Validate::validate(&self.#field, #wire)?;));
        }
    }
    let body_arg = match &op.body {
        Some(body) => {
            if needs_validate(api, &body.ty) {
                checks_out.push(quote!(crate::Validate::validate(&self.body, "body")?;));
            }
            let content_type = &body.content_type;
            let multipart_struct = match (&body.encoding, &body.ty) {
                (BodyEncoding::Multipart, TypeRef::Named(n)) => match api.type_def(n).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => Some(s),
                    _ => None,
                },
                _ => None,
            };
            // `value` is a reference to the body, `place` the body itself.
            let encode = |value: TokenStream, place: TokenStream| match (body.encoding, multipart_struct) {
                (BodyEncoding::Raw, _) => quote!(crate::runtime::raw(#content_type, #value)),
                // One part per field, files as file parts.
                (BodyEncoding::Multipart, Some(s)) => {
                    let mut parts: Vec<TokenStream> = s
                        .fields
                        .iter()
                        .map(|f| {
                            let (field, wire) = (ident(&f.name), &f.wire_name);
                            if f.ty.holds_file() {
                                quote!(crate::runtime::file_parts(#wire, &#place.#field))
                            } else {
                                quote!(crate::runtime::text_parts(#wire, &#place.#field)?)
                            }
                        })
                        .collect();
                    if let Some((field, _)) = &s.additional {
                        let field = ident(field);
                        parts.push(quote! {
                            #place.#field.iter().map(|(name, value)| crate::runtime::text_parts(name, value)).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect()
                        });
                    }
                    quote!(crate::runtime::multipart([#(#parts),*]))
                }
                (BodyEncoding::Json, _) if content_type == "application/json" => quote!(crate::runtime::json(#value)?),
                (encoding, _) => {
                    let encoding = ident(match encoding {
                        BodyEncoding::Form => "Form",
                        BodyEncoding::Multipart => "Multipart",
                        _ => "Json",
                    });
                    quote!(crate::runtime::encode(crate::runtime::Encoding::#encoding, #content_type, #value)?)
                }
            };
            if body.required {
                let encoded = encode(quote!(&self.body), quote!(self.body));
                quote!(Some(#encoded))
            } else {
                let encoded = encode(quote!(body), quote!(body));
                // Encoding that can fail returns from inside the match; what cannot is a map.
                let fallible = match (body.encoding, multipart_struct) {
                    (BodyEncoding::Raw, _) => false,
                    (BodyEncoding::Multipart, Some(s)) => s.additional.is_some() || s.fields.iter().any(|f| !f.ty.holds_file()),
                    _ => true,
                };
                if fallible {
                    quote!(match &self.body { Some(body) => Some(#encoded), None => None })
                } else {
                    quote!(self.body.as_ref().map(|body| #encoded))
                }
            }
        }
        None => quote!(None),
    };

    // Path: the template's parameters in order, each encoded for its segment.
    let segments = op.path_parts.iter().filter_map(|part| match part {
        PathPart::Literal(_) => None,
        PathPart::Param(i) if is_array(api, &op.params[*i].ty) => {
            let field = ident(&op.params[*i].name);
            Some(quote!(&crate::runtime::PathList(&self.#field)))
        }
        PathPart::Param(i) => {
            let field = ident(&op.params[*i].name);
            Some(quote!(&self.#field))
        }
    });

    // Query and headers.
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut cookies = Vec::new();
    let kind = |n: &str| api.type_def(n).map(|t| &t.kind);
    for p in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        let field = ident(&p.name);
        let wire = &p.wire_name;
        let push = match p.location {
            // Scalars are `name=value` in every style; arrays of them in the `form` style
            // are written item by item as their text form; anything else from its JSON.
            ParamLocation::Query if has_text_form(&p.ty, &kind, false) => {
                let value = if p.required { quote!(Some(&self.#field)) } else { quote!(self.#field.as_ref()) };
                query.push(quote!(query.param(#wire, #value);));
                continue;
            }
            ParamLocation::Query => match p.style {
                QueryStyle::Form { explode } if has_text_form(&p.ty, &kind, true) => quote!(query.push_all(#wire, value, #explode);),
                style => {
                    let style = query_style(style);
                    quote!(query.push_styled(#wire, value, #style)?;)
                }
            },
            ParamLocation::Cookie => quote!(crate::runtime::push_cookie(&mut cookies, #wire, value);),
            _ => quote!(builder = crate::runtime::header(builder, #wire, &crate::runtime::ToParam::to_param(value))?;),
        };
        let stmt = if p.required {
            quote!({ let value = &self.#field; #push })
        } else {
            quote!(if let Some(value) = &self.#field { #push })
        };
        match p.location {
            ParamLocation::Query => query.push(stmt),
            ParamLocation::Cookie => cookies.push(stmt),
            _ => headers.push(stmt),
        }
    }
    let query_decl = if query.is_empty() {
        quote!(let query = crate::runtime::Query::default();)
    } else {
        quote!(let mut query = crate::runtime::Query::default();)
    };
    if !cookies.is_empty() {
        cookies.insert(0, quote!(let mut cookies: Vec<String> = Vec::new();));
        cookies.push(quote! {
            if !cookies.is_empty() {
                builder = crate::runtime::header(builder, "Cookie", &cookies.join("; "))?;
            }
        });
    }
    let builder_decl = if headers.is_empty() && cookies.is_empty() {
        quote!(let builder = crate::runtime::request(Self::METHOD, base_url, &path, &query)?;)
    } else {
        quote!(let mut builder = crate::runtime::request(Self::METHOD, base_url, &path, &query)?;)
    };

    quote! {
        fn build_request(&self, base_url: &str) -> crate::runtime::Built {
            #(#checks_out)*
            let path = crate::runtime::fill_path(Self::PATH, &[#(#segments),*])?;
            #query_decl
            #(#query)*
            #builder_decl
            #(#headers)*
            #(#cookies)*
            crate::runtime::finish(builder, #body_arg)
        }
    }
}

/// The runtime's `QueryStyle` of a query parameter.
fn query_style(style: QueryStyle) -> TokenStream {
    match style {
        QueryStyle::Form { explode } => quote!(crate::runtime::QueryStyle::Form { explode: #explode }),
        QueryStyle::SpaceDelimited => quote!(crate::runtime::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(crate::runtime::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

fn is_array(api: &Api, ty: &TypeRef) -> bool {
    matches!(crate::ir::alias_target(ty, &|n| api.type_def(n).map(|t| &t.kind)), TypeRef::Array(_))
}
