//! `src/types.rs`: one item per named type.

use super::{
    cfg_for, doc_attrs, doc_lines, ident, limits_check, member_doc_attrs, needs_validate, render, type_tokens, From, Job, Named,
    Slot,
};
use crate::naming;
use std::collections::{BTreeMap, HashSet};
use crate::docs::to_rustdoc;
use crate::ir::{Api, Enum, StatusVariant, Struct, Tag, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// Which types a crate holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Holds<'a> {
    /// Every type: the API is one crate.
    All,
    /// A workspace's shared crate: the types no member holds, always compiled.
    Shared,
    /// A workspace's member crate: the types only its groups use, next to the shared crate's
    /// (named by its crate).
    Member(usize, &'a str),
}

impl Holds<'_> {
    fn holds(self, api: &Api, def: &TypeDef) -> bool {
        match self {
            Holds::All => true,
            Holds::Shared => api.home(def).is_none(),
            Holds::Member(m, _) => api.home(def) == Some(m),
        }
    }
}

/// The types module of a crate, its files under `src` (`src` or a member's own).
pub(super) fn jobs<'a>(api: &'a Api, holds: Holds<'a>, src: &str) -> Vec<Job<'a>> {
    // A type one group needs lives in that group's module; the others in `shared`.
    let mut modules: BTreeMap<String, (Option<usize>, Vec<&TypeDef>)> = BTreeMap::new();
    for def in api.types.iter().filter(|def| holds.holds(api, def)) {
        let (key, group) = match def.groups.as_slice() {
            [one] if holds != Holds::Shared => (naming::bare(&api.groups[*one].module).to_string(), Some(*one)),
            _ => ("shared".to_string(), None),
        };
        modules.entry(key).or_insert((group, Vec::new())).1.push(def);
    }
    // Each module with the groups it is compiled for (none: always): a group's module with its
    // group; `shared` with every group of its types when none of them is always compiled, so
    // that its glob re-export never stands alone, unused, with those features off.
    let declared: Vec<(String, Vec<usize>)> = modules
        .iter()
        .map(|(key, (group, defs))| {
            let module = group.map_or_else(|| key.clone(), |g| api.groups[g].module.clone());
            let groups = match group {
                Some(g) => vec![*g],
                None if holds == Holds::Shared || defs.iter().any(|d| d.groups.is_empty()) => Vec::new(),
                None => defs.iter().flat_map(|d| d.groups.iter().copied()).collect::<std::collections::BTreeSet<usize>>().into_iter().collect(),
            };
            (module, groups)
        })
        .collect();
    let mut jobs: Vec<Job<'_>> = vec![(format!("{src}/types/mod.rs"), Box::new(move || mod_file(api, holds, &declared)))];
    for (key, (group, defs)) in modules {
        jobs.push((format!("{src}/types/{key}.rs"), Box::new(move || module_file(api, holds, group, &defs))));
    }
    jobs
}

fn mod_file(api: &Api, holds: Holds<'_>, modules: &[(String, Vec<usize>)]) -> Result<String, String> {
    let declarations = modules.iter().map(|(module, groups)| {
        let module = ident(module);
        let cfg = cfg_for(api, groups);
        quote! { #cfg mod #module; #cfg pub use #module::*; }
    });
    let shared = match holds {
        Holds::Member(_, shared) => {
            let shared = ident(shared);
            // Documented where they are defined: rustdoc does not copy the shared crate's
            // types into every member's pages.
            Some(quote!(#[doc(no_inline)] pub use ::#shared::types::*;))
        }
        _ => None,
    };
    render(quote! {
        //! Models: one type per schema of the API description. A type that only one group of
        //! operations needs is compiled with that group's feature.
        #shared
        #(#declarations)*
    })
}

fn module_file(api: &Api, holds: Holds<'_>, group: Option<usize>, defs: &[&TypeDef]) -> Result<String, String> {
    // The types of `shared` that some groups need are compiled with them: those of one set of
    // groups in a module of their own under one `cfg`, rather than a `cfg` on every item.
    let mut always = Vec::new();
    let mut sets: BTreeMap<&[usize], Vec<&TypeDef>> = BTreeMap::new();
    for def in defs {
        match def.groups.as_slice() {
            groups if group.is_none() && holds != Holds::Shared && !groups.is_empty() => sets.entry(groups).or_default().push(*def),
            _ => always.push(*def),
        }
    }
    let mut items: Vec<TokenStream> = always.iter().map(|def| type_def(api, def)).collect();
    // The module needs the types around it when one of its own (nested ones included) names
    // a type it does not define.
    let module_use_super = use_super(defs);
    for (groups, defs) in sets {
        let cfg = cfg_for(api, groups);
        let name = groups.iter().map(|&g| naming::bare(&api.groups[g].module)).collect::<Vec<_>>().join("_and_");
        let name = ident(&format!("for_{name}"));
        let use_super = use_super(&defs);
        let defs = defs.iter().map(|def| type_def(api, def));
        items.push(quote! {
            #cfg
            mod #name {
                #use_super
                #(#defs)*
            }
            #cfg
            pub use #name::*;
        });
    }
    let use_super = module_use_super;
    let doc = match group {
        Some(g) => format!(" Types used by the operations tagged \"{}\".", api.groups[g].title),
        None => " Types used by several groups of operations, or by none.".to_string(),
    };
    render(quote! {
        #![doc = #doc]
        #use_super
        #(#items)*
    })
}

/// `use super::*;` when the types `defs` name a type that is not one of them.
fn use_super(defs: &[&TypeDef]) -> Option<TokenStream> {
    let own: HashSet<&str> = defs.iter().map(|d| d.name.as_str()).collect();
    let mut mentioned = Vec::new();
    defs.iter().flat_map(|def| def.kind.type_refs()).for_each(|ty| crate::group::named(ty, &mut mentioned));
    mentioned.iter().any(|n| !own.contains(n.as_str())).then(|| quote!(use super::*;))
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let source = if matches!(def.kind, TypeKind::Responses(_) | TypeKind::Errors(_)) { "Responses" } else { "Schema" };
    // A type the generator makes (the webhooks' union) comes from no one place.
    let where_from: Vec<String> = (!def.pointer.is_empty()).then(|| format!("{source}: `{}`", def.pointer)).into_iter().collect();
    let docs = doc_attrs(&def.docs, &where_from);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, def, s, docs),
        TypeKind::Enum(e) if e.integer => integer_enum_def(&name, e, docs),
        TypeKind::Enum(e) => enum_def(&name, e, docs),
        TypeKind::Union(u) => union_def(api, &name, u, def.validates, docs),
        TypeKind::Responses(variants) => responses_def(&name, variants, docs),
        TypeKind::Errors(variants) => errors_def(&name, variants, docs),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, From::Types);
            quote! { #docs pub type #name = #target; }
        }
    }
}

fn struct_def(api: &Api, def: &TypeDef, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| {
        let field_docs = member_doc_attrs(&f.docs, &f.constraints, &format!("`{}`.", f.wire_name));
        let field = ident(&f.name);
        let slot = Slot::of_field(f);
        let ty = slot.wrap(&f.ty, From::Types);
        let mut serde = Vec::new();
        if crate::naming::bare(&f.name) != f.wire_name {
            let wire = &f.wire_name;
            serde.push(quote!(rename = #wire));
        }
        match slot {
            Slot::Option if !f.required => serde.push(quote!(default, skip_serializing_if = "std::option::Option::is_none")),
            Slot::Nullable => serde.push(quote!(default, skip_serializing_if = "crate::Nullable::is_absent")),
            // A required property the server leaves out: a default stands in, and the
            // body's deviations say so.
            Slot::Plain => serde.push(quote!(default = "crate::runtime::missing")),
            Slot::Option => {}
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        quote! { #field_docs #serde pub #field: #ty, }
    });

    let additional = s.additional.as_ref().map(|(field, ty)| {
        let field = ident(field);
        if *ty == TypeRef::Json {
            quote! {
                /// The properties the API description does not name, kept as received and sent back.
                #[serde(flatten)]
                pub #field: crate::AdditionalProperties,
            }
        } else {
            let ty = type_tokens(ty, From::Types);
            quote! {
                /// The properties the API description does not name, by name.
                #[serde(flatten)]
                pub #field: std::collections::BTreeMap<std::string::String, #ty>,
            }
        }
    });
    let required = s.constructor_fields();
    // A formatted string is given as its value (`uuid::Uuid`, `chrono::DateTime`) or as itself.
    let formatted = |f: &crate::ir::Field| Slot::of_field(f) == Slot::Plain && matches!(f.ty, TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date);
    let args = required.iter().map(|f| {
        let field = ident(&f.name);
        let ty = Slot::of_field(f).wrap(&f.ty, From::Types);
        if formatted(f) {
            quote!(#field: impl std::convert::Into<#ty>)
        } else {
            quote!(#field: #ty)
        }
    });
    let inits = required.iter().map(|f| {
        let field = ident(&f.name);
        if formatted(f) {
            quote!(#field: #field.into())
        } else {
            quote!(#field)
        }
    });
    // The optional fields (and the unnamed properties) are left out: their defaults.
    let rest = (required.len() < s.fields.len() || s.additional.is_some()).then(|| quote!(..std::default::Default::default()));
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_doc = if required.is_empty() {
        " A value with every field left out."
    } else {
        " A value with the required fields set and every optional field left out."
    };

    let mut validations: Vec<_> = s.fields.iter().filter_map(|f| field_validation(api, f)).collect();
    if let Some((field, _)) = s.additional.as_ref().filter(|(_, ty)| needs_validate(api, ty)) {
        let field = ident(field);
        validations.push(quote! {
            for (key, value) in &self.#field {
                crate::Validate::validate(value, &std::format!("{}.{}", path, key))?;
            }
        });
    }
    let properties = (s.min_properties.is_some() || s.max_properties.is_some()).then(|| {
        let opt = |v: Option<usize>| match v {
            Some(n) => quote!(std::option::Option::Some(#n)),
            None => quote!(std::option::Option::None),
        };
        let (min, max) = (opt(s.min_properties), opt(s.max_properties));
        quote! { crate::runtime::check_properties(path, self, #min, #max)?; }
    });
    let envelope = payload_of(&name, s);
    let constructor = def.sent.then(|| {
        quote! {
            impl #name {
                #[doc = #new_doc]
                #many
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits,)* #rest }
                }
            }
        }
    });
    // `validates` comes from the same cases as the checks; `_path` only guards a mismatch.
    let path_arg = if validations.is_empty() && properties.is_none() { quote!(_path) } else { quote!(path) };
    let validate = def.validates.then(|| {
        quote! {
            impl crate::Validate for #name {
                fn validate(&self, #path_arg: &str) -> std::result::Result<(), crate::BuildError> {
                    #properties
                    #(#validations)*
                    std::result::Result::Ok(())
                }
            }
        }
    });

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* #additional }

        #constructor

        #validate

        #envelope
    }
}

/// How a call takes its payload out of an envelope `name`: its field `field`.
fn payload_of(name: &proc_macro2::Ident, s: &Struct) -> Option<TokenStream> {
    let field = s.fields.iter().find(|f| Some(&f.name) == s.envelope.as_ref())?;
    let (ty, member, wire) = (type_tokens(&field.ty, From::Types), ident(&field.name), &field.wire_name);
    let take = match Slot::of_field(field) {
        Slot::Plain => quote!(std::option::Option::Some(body.#member)),
        Slot::Option => quote!(body.#member),
        Slot::Nullable => quote!(body.#member.into_option()),
    };
    Some(quote! {
        impl crate::runtime::PayloadOf<#name> for #ty {
            const FIELD: std::option::Option<&'static str> = std::option::Option::Some(#wire);

            fn from_body(body: #name) -> std::option::Option<Self> {
                #take
            }
        }
    })
}

/// The checks of one field, if it has any: its own limits, then its value's.
fn field_validation(api: &Api, f: &crate::ir::Field) -> Option<TokenStream> {
    let field = ident(&f.name);
    let wire = &f.wire_name;
    let own = limits_check(api, &f.ty, &f.constraints, quote!(self.#field), Named::Field(wire));
    let nested = needs_validate(api, &f.ty).then(|| quote!(crate::Validate::validate(&self.#field, &std::format!("{}.{}", path, #wire))?;));
    (own.is_some() || nested.is_some()).then(|| quote!(#own #nested))
}

fn enum_def(name: &proc_macro2::Ident, e: &Enum, docs: TokenStream) -> TokenStream {
    let fallback = ident(&e.fallback);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<_> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = variant_docs(e);
    quote! {
        #docs
        ///
        /// Values the API description does not list are kept in `Unrecognized` and sent back
        /// unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the API description does not list, kept as it was received.
            #fallback(crate::UnrecognizedValue),
        }

        impl #name {
            /// Every value the API description lists, in its order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];
            const LISTED: &'static [Self] = &[#(Self::#variants),*];
        }

        crate::runtime::string_enum!(#name, #fallback);
    }
}

/// The doc attributes of an enum's variants: the value, and what it means where the
/// description says.
fn variant_docs(e: &Enum) -> Vec<TokenStream> {
    e.values
        .iter()
        .map(|v| {
            let mut lines = vec![format!("`{}`", v.wire).replace("``", "` `")];
            if let Some(description) = &v.description {
                lines.push(String::new());
                lines.extend(to_rustdoc(description));
            }
            doc_lines(&lines)
        })
        .collect()
}

/// An enum of integers (OpenAPI 3.1's `oneOf` of `const`s): sent and received as JSON
/// numbers, an unlisted one kept as it is.
fn integer_enum_def(name: &proc_macro2::Ident, e: &Enum, docs: TokenStream) -> TokenStream {
    let fallback = ident(&e.fallback);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<i64> = e.values.iter().map(|v| v.wire.parse().unwrap_or_default()).collect();
    let variant_docs = variant_docs(e);
    quote! {
        #docs
        ///
        /// Values the API description does not list are kept in `Unrecognized` and sent back
        /// unchanged.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the API description does not list, kept as it was received.
            #fallback(i64),
        }

        impl #name {
            /// Every value the API description lists, in its order.
            pub const VALUES: &'static [i64] = &[#(#values),*];

            /// The value as it is sent and received.
            pub fn value(&self) -> i64 {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#fallback(value) => *value,
                }
            }
        }

        impl std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#fallback(other),
                }
            }
        }

        impl std::default::Default for #name {
            /// Stands in for a value the server left out: `0`, as for any integer (and what an
            /// omitted enum field means in protobuf's JSON, where this idiom often comes from),
            /// the variant listing it or else `0` kept as unlisted.
            fn default() -> Self {
                <Self as std::convert::From<i64>>::from(0)
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = <Self as std::convert::From<i64>>::from(<i64 as serde::Deserialize>::deserialize(deserializer)?);
                if let Self::#fallback(_) = &value {
                    crate::runtime::note_unlisted(Self::VALUES.len() == 1);
                }
                std::result::Result::Ok(value)
            }
        }

        impl crate::runtime::ToParam for #name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Owned(self.value().to_string())
            }
        }

    }
}

/// `#[allow(clippy::large_enum_variant)]` for an enum with a variant holding a named type:
/// boxing it would change the public type for a size only the compiler knows.
fn allow_large_variants<'a>(mut tys: impl Iterator<Item = &'a TypeRef>) -> Option<TokenStream> {
    tys.any(|ty| matches!(ty, TypeRef::Named(_))).then(|| quote!(#[allow(clippy::large_enum_variant)]))
}

/// The variants of an enum of answers by status: one per status, its body inside, its
/// description as its doc.
fn status_variants(variants: &[StatusVariant]) -> Vec<TokenStream> {
    let variants = variants.iter().map(|v| {
        let mut lines = vec![format!("`{}`", v.status)];
        if let Some(description) = &v.description {
            lines[0].push_str(": ");
            let mut text = to_rustdoc(description).into_iter();
            lines[0].push_str(&text.next().unwrap_or_default());
            lines.extend(text);
        }
        let docs = doc_lines(&lines);
        let variant = ident(&v.name);
        match &v.ty {
            Some(ty) => {
                let ty = type_tokens(ty, From::Types);
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    variants.collect()
}

/// The success answers of one operation, by status. Decoding is the operation's
/// `parse_response`, which knows the status; the type itself is plain data.
fn responses_def(name: &proc_macro2::Ident, variants: &[StatusVariant], docs: TokenStream) -> TokenStream {
    let large = allow_large_variants(variants.iter().filter_map(|v| v.ty.as_ref()));
    let variants = status_variants(variants);
    quote! {
        #docs
        ///
        /// One variant per success status the description documents, chosen by the status of
        /// the answer; an undocumented success status is decoded as the first variant.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #large
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The error answers of one operation, by status, and the case of any other answer: the
/// runtime's `ErrorAnswers`, decoded by the status as OpenAPI orders statuses (exact, then
/// range, then `default`). The operation's `ERRORS` lists the statuses in the order of the
/// variants, then those declared without a body.
fn errors_def(name: &proc_macro2::Ident, variants: &[StatusVariant], docs: TokenStream) -> TokenStream {
    let large = allow_large_variants(variants.iter().filter_map(|v| v.ty.as_ref()));
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let (i, variant) = (proc_macro2::Literal::usize_unsuffixed(i), ident(&v.name));
        quote!(Some(#i) => crate::runtime::error_body(body).map(Self::#variant),)
    });
    let variants = status_variants(variants);
    quote! {
        #docs
        ///
        /// One variant per error status the description gives a body for, chosen by the status
        /// of the answer (the exact status, then its range, then `default`).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #large
        pub enum #name {
            #(#variants)*
            /// A status the description gives no body for, or a body that is not the one
            /// declared: the error's `status`, `headers` and `body` tell what came.
            Undeclared,
        }

        impl crate::runtime::ErrorAnswers for #name {
            fn decode(status: http::StatusCode, body: &[u8], declared: &[&str]) -> Self {
                match crate::runtime::declared_status(status, declared) {
                    #(#arms)*
                    _ => None,
                }
                .unwrap_or(Self::Undeclared)
            }
        }
    }
}

fn union_def(api: &Api, name: &proc_macro2::Ident, union: &Union, validates: bool, docs: TokenStream) -> TokenStream {
    let variants = &union.variants;
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = variants.iter().map(|v| type_tokens(&v.ty, From::Types)).collect();
    let lookup = |n: &str| api.type_def(n).map(|t| &t.kind);
    let scalar = union.tag.is_none() && variants.iter().all(|v| crate::ir::has_text_form(&v.ty, &lookup, false));
    let to_param = scalar.then(|| {
        let arms = names.iter().map(|n| quote!(Self::#n(value) => crate::runtime::ToParam::to_param(value),));
        quote! {
            impl crate::runtime::ToParam for #name {
                fn to_param(&self) -> std::borrow::Cow<'_, str> {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    let large = allow_large_variants(variants.iter().map(|v| &v.ty));
    let mut validate_arms: Vec<_> = variants
        .iter()
        .zip(&names)
        .map(|(v, n)| {
            if needs_validate(api, &v.ty) {
                quote!(Self::#n(value) => crate::Validate::validate(value, path),)
            } else {
                quote!(Self::#n(_) => std::result::Result::Ok(()),)
            }
        })
        .collect();
    let validate = |arms: &[TokenStream]| {
        validates.then(|| quote! {
            impl crate::Validate for #name {
                fn validate(&self, path: &str) -> std::result::Result<(), crate::BuildError> {
                    match self {
                        #(#arms)*
                    }
                }
            }
        })
    };
    let Some(tag) = &union.tag else {
        let validate = validate(&validate_arms);
        let shapes = variants.iter().map(|v| format!(" A value of the `{}` shape.", crate::surface::type_text(&v.ty)));
        let first = &names[0];
        return quote! {
            #docs
            ///
            /// Decoded as the variant that accounts for the most of the value: the fewest
            /// deviations from its description, then the fewest properties it does not name,
            /// then the first in this order.
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            #large
            pub enum #name {
                #( #[doc = #shapes] #names(#types), )*
            }

            impl std::default::Default for #name {
                fn default() -> Self {
                    Self::#first(std::default::Default::default())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                    let members: &[crate::runtime::decode::Member<Self>] = &[
                        #( |value| crate::runtime::decode_value(value).map(Self::#names), )*
                    ];
                    crate::runtime::decode_union(deserializer, members)
                }
            }

            #validate

            #to_param
        };
    };
    let fallback = ident(&tag.fallback);
    validate_arms.push(quote!(Self::#fallback(_) => std::result::Result::Ok(()),));
    let validate = validate(&validate_arms);
    let property = &tag.property;
    let variant_docs = variants.iter().map(|v| {
        let values: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
        format!(" `{property}`: {}", values.join(", "))
    });
    let patterns = variants.iter().map(|v| {
        let tags = &v.tags;
        quote!(#(#tags)|*)
    });
    let serializers = variants.iter().zip(&names).map(|(v, n)| {
        if carries_tag(api, &v.ty, tag) {
            quote!(Self::#n(value) => serde::Serialize::serialize(value, serializer),)
        } else {
            let first = v.tags.first().map(String::as_str).unwrap_or_default();
            quote!(Self::#n(value) => crate::runtime::serialize_tagged(value, #property, #first, serializer),)
        }
    });
    let doc = format!(
        " Told apart by the `{}` property. A value whose `{}` this description does not list is kept, unchanged, in `{}`.",
        property, property, tag.fallback
    );
    quote! {
        #docs
        ///
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #large
        pub enum #name {
            #( #[doc = #variant_docs] #names(#types), )*
            /// A value with a tag the API description does not list, kept as it was received.
            #fallback(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serializers)*
                    Self::#fallback(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl std::default::Default for #name {
            fn default() -> Self {
                Self::#fallback(serde_json::Value::Null)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match crate::runtime::tag_of(&value, #property).as_str() {
                    #( #patterns => crate::runtime::decode_variant(&value).map(Self::#names), )*
                    _ => std::result::Result::Ok(Self::#fallback(value)),
                }
            }
        }

        #validate
    }
}

/// Whether values of `ty` always hold the tag themselves (a struct with the tag property
/// required), so that the variant serializes as it is.
fn carries_tag(api: &Api, ty: &TypeRef, tag: &Tag) -> bool {
    let lookup = |n: &str| api.type_def(n).map(|t| &t.kind);
    let target = match ty {
        TypeRef::Boxed(inner) => inner,
        other => other,
    };
    match crate::ir::alias_target(target, &lookup) {
        TypeRef::Named(n) => match lookup(n) {
            Some(TypeKind::Struct(s)) => s.fields.iter().any(|f| f.wire_name == tag.property && f.required && !f.nullable),
            _ => false,
        },
        _ => false,
    }
}
