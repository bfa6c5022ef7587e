//! The checks a request makes before it is sent: the limits of a value (data for
//! `runtime::Limits`) and whether a value's type has checks of its own (`Validate`).

use super::ident;
use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// Whether values of this type may hold a struct or union whose `validate` does something.
pub(crate) fn needs_validate(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => api.type_def(name).is_some_and(|t| t.validates),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
            needs_validate(api, inner)
        }
        _ => false,
    }
}

/// How a checked value is named in an error.
pub(crate) enum Named<'a> {
    /// A parameter, by its name on the wire.
    Param(&'a str),
    /// A field of the value at `path`, by its name on the wire.
    Field(&'a str),
}

/// The check of a value's limits (`value` an expression of its type): `check`, or `count`
/// for an array whose items have no limits of their own (and need not be checkable).
pub(crate) fn limits_check(api: &Api, ty: &TypeRef, c: &crate::ir::Constraints, value: TokenStream, named: Named<'_>) -> Option<TokenStream> {
    let kind = |n: &str| api.type_def(n).map(|t| &t.kind);
    let counted = match crate::ir::alias_target(ty, &kind) {
        TypeRef::Array(item) => item_limits(api, item, c).is_none(),
        _ => false,
    };
    let limits = limits(api, ty, c)?;
    Some(match (named, counted) {
        (Named::Param(wire), false) => quote!(#limits.check(&#value, #wire)?;),
        (Named::Param(wire), true) => quote!(#limits.count(&#value, #wire)?;),
        (Named::Field(wire), false) => quote!(#limits.check_field(&#value, path, #wire)?;),
        (Named::Field(wire), true) => quote!(#limits.count_field(&#value, path, #wire)?;),
    })
}

/// The limits of each item of an array of `item`, when the array's constraints `c` give any.
fn item_limits(api: &Api, item: &TypeRef, c: &crate::ir::Constraints) -> Option<TokenStream> {
    let item = match item {
        TypeRef::Nullable(inner) => inner,
        other => other,
    };
    limits(api, item, c.items.as_ref()?)
}

/// The constraints of a value of type `ty` as a `runtime::Limits` expression, when any of
/// them can be checked on it (see [`crate::ir::constraints_apply`]).
fn limits(api: &Api, ty: &TypeRef, c: &crate::ir::Constraints) -> Option<TokenStream> {
    let kind = |n: &str| api.type_def(n).map(|t| &t.kind);
    if !crate::ir::constraints_apply(ty, c, &kind) {
        return None;
    }
    let count = |n: usize| proc_macro2::Literal::usize_unsuffixed(n).into_token_stream();
    let mut out = quote!(crate::runtime::Limits::NONE);
    let mut add = |method: &str, value: TokenStream| {
        let method = ident(method);
        out.extend(quote!(.#method(#value)));
    };
    match crate::ir::alias_target(ty, &kind) {
        number if number.is_number() => {
            let float = |v: f64| proc_macro2::Literal::f64_unsuffixed(v).into_token_stream();
            if let Some(min) = c.minimum {
                add(if c.exclusive_minimum { "exclusive_minimum" } else { "minimum" }, float(min));
            }
            if let Some(max) = c.maximum {
                add(if c.exclusive_maximum { "exclusive_maximum" } else { "maximum" }, float(max));
            }
        }
        TypeRef::String => {
            c.min_length.into_iter().for_each(|n| add("min_length", count(n)));
            c.max_length.into_iter().for_each(|n| add("max_length", count(n)));
        }
        TypeRef::Array(item) => {
            c.min_items.into_iter().for_each(|n| add("min_items", count(n)));
            c.max_items.into_iter().for_each(|n| add("max_items", count(n)));
            if let Some(each) = item_limits(api, item, c) {
                add("each", quote!(&#each));
            }
        }
        _ => return None,
    }
    Some(out)
}
