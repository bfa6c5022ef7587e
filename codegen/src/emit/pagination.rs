//! `impl Paginated` for each paginated operation: where the list is in an answer, and how
//! the request for the next page is made from the answer and the request that got it. The
//! decisions (when a page is the last) are the runtime's `pages` functions; this only reads
//! the values they need out of the typed answer.

use super::{ident, type_tokens, From, Slot};
use crate::ir::{CursorSource, Field, Operation, PageKind, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// A value read from the answer: `expr` is an `Option<&T>` when `optional`, else a place of
/// type `T` (every field on the way is required).
struct Access {
    expr: TokenStream,
    optional: bool,
    ty: TypeRef,
}

impl Access {
    /// The value at `path` under `output` (the answer itself when `path` is empty).
    fn at(path: &[Field]) -> Self {
        let mut access = Access { expr: quote!(output), optional: false, ty: TypeRef::Json };
        for f in path {
            let field = ident(&f.name);
            let slot = Slot::of_field(f);
            let chain = access.expr;
            access.expr = match (access.optional, slot) {
                (false, Slot::Plain) => quote!(#chain.#field),
                (false, Slot::Option) => quote!(#chain.#field.as_ref()),
                (false, Slot::Nullable) => quote!(#chain.#field.as_option()),
                (true, Slot::Plain) => quote!(#chain.map(|v| &v.#field)),
                (true, Slot::Option) => quote!(#chain.and_then(|v| v.#field.as_ref())),
                (true, Slot::Nullable) => quote!(#chain.and_then(|v| v.#field.as_option())),
            };
            access.optional |= slot != Slot::Plain;
            access.ty = f.ty.clone();
        }
        access
    }

    /// `f(&value)` as an `Option` expression; `f` is written for a `v: &T`.
    fn map(&self, f: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
        let expr = &self.expr;
        if self.optional {
            let body = f(quote!(v));
            quote!(#expr.map(|v| #body))
        } else {
            let body = f(expr.clone());
            quote!(Some(#body))
        }
    }

    /// The value as `Option<&T>`.
    fn get(&self) -> TokenStream {
        let expr = &self.expr;
        if self.optional { expr.clone() } else { quote!(Some(&#expr)) }
    }

    /// A flag as `Option<bool>`.
    fn flag(&self) -> TokenStream {
        let expr = &self.expr;
        if self.optional { quote!(#expr.copied()) } else { quote!(Some(#expr)) }
    }

    /// A number as `Option<f64>`.
    fn number(&self) -> TokenStream {
        let expr = &self.expr;
        match (self.optional, cast(quote!(*v), &self.ty, &TypeRef::F64)) {
            (true, value) if value.to_string() == quote!(*v).to_string() => quote!(#expr.copied()),
            (true, value) => quote!(#expr.map(|v| #value)),
            (false, _) => {
                let value = cast(expr.clone(), &self.ty, &TypeRef::F64);
                quote!(Some(#value))
            }
        }
    }

    /// A list's length.
    fn len(&self) -> TokenStream {
        let expr = &self.expr;
        if self.optional { quote!(#expr.map_or(0, |items| items.len())) } else { quote!(#expr.len()) }
    }

    /// A list's last entry, as `Option<&T>`.
    fn last(&self) -> TokenStream {
        let expr = &self.expr;
        if self.optional { quote!(#expr.and_then(|items| items.last())) } else { quote!(#expr.last()) }
    }
}

/// The list at `path` under `output`, moved out (empty where a field on the way is absent).
fn take(path: &[Field]) -> TokenStream {
    let mut out = quote!(output);
    let mut optional = false;
    for f in path {
        let field = ident(&f.name);
        let slot = Slot::of_field(f);
        out = match (optional, slot) {
            (false, Slot::Plain | Slot::Option) => quote!(#out.#field),
            (false, Slot::Nullable) => quote!(#out.#field.into_option()),
            (true, Slot::Plain) => quote!(#out.map(|v| v.#field)),
            (true, Slot::Option) => quote!(#out.and_then(|v| v.#field)),
            (true, Slot::Nullable) => quote!(#out.and_then(|v| v.#field.into_option())),
        };
        optional |= slot != Slot::Plain;
    }
    if optional { quote!(#out.unwrap_or_default()) } else { out }
}

/// `value` (of numeric type `from`) as a `to` (`i64` or `f64`), cast only where the types differ.
fn cast(value: TokenStream, from: &TypeRef, to: &TypeRef) -> TokenStream {
    let from = match from {
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => inner,
        other => other,
    };
    if from == to {
        return value;
    }
    let to = type_tokens(to, From::Elsewhere);
    quote!(#value as #to)
}

/// The request's parameters, as the next-page code reads and sets them.
struct Params<'a> {
    op: &'a Operation,
}

impl Params<'_> {
    /// A numeric parameter as `Option<to>`.
    fn number(&self, i: usize, to: &TypeRef) -> TokenStream {
        let (field, param) = (ident(&self.op.params[i].name), &self.op.params[i]);
        if param.required {
            let value = cast(quote!(self.#field), &param.ty, to);
            return quote!(Some(#value));
        }
        let value = cast(quote!(v), &param.ty, to);
        if value.to_string() == "v" { quote!(self.#field) } else { quote!(self.#field.map(|v| #value)) }
    }

    /// A numeric parameter as an `i64`, `default` when not set.
    fn current(&self, i: usize, default: i64) -> TokenStream {
        let (field, param) = (ident(&self.op.params[i].name), &self.op.params[i]);
        if param.required {
            return cast(quote!(self.#field), &param.ty, &TypeRef::I64);
        }
        let value = self.number(i, &TypeRef::I64);
        let default = Literal::i64_unsuffixed(default);
        quote!(#value.unwrap_or(#default))
    }

    /// The next request: this one with parameter `i` set to `value` (an `i64` for a number),
    /// or `Done` when `value` (an `Option`) is none.
    fn with(&self, i: usize, value: TokenStream) -> TokenStream {
        let param = &self.op.params[i];
        let field = ident(&param.name);
        let set = quote!(value);
        let set = if param.ty.is_number() { cast(set, &TypeRef::I64, &param.ty) } else { set };
        let set = if param.required { set } else { quote!(Some(#set)) };
        quote!(crate::runtime::NextPage::of(self, #value, |next, value| next.#field = #set))
    }
}

/// `impl Paginated`, for an operation whose answers are pages.
pub(super) fn paginated(op: &Operation, name: &proc_macro2::Ident) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let item = type_tokens(&p.item, From::Elsewhere);
    let params = Params { op };
    let at = Access::at;
    let number = |path: &Option<Vec<Field>>| path.as_deref().map_or(quote!(None), |path| at(path).number());
    let flag = |path: &Option<Vec<Field>>| path.as_deref().map_or(quote!(None), |path| at(path).flag());
    let items = at(&p.items);
    let count = items.len();
    let next = match &p.kind {
        PageKind::Page { param, size, per_page, total_pages, total } => {
            let current = params.current(*param, 1);
            let per_page = match (size, per_page) {
                (Some(size), Some(_)) => {
                    let (asked, reported) = (params.number(*size, &TypeRef::F64), number(per_page));
                    quote!(#asked.or(#reported))
                }
                (Some(size), None) => params.number(*size, &TypeRef::F64),
                (None, _) => number(per_page),
            };
            let (total_pages, total) = (number(total_pages), number(total));
            let request = params.with(*param, quote!(state.next()));
            quote! {
                let state = crate::runtime::pages::PageNumber {
                    page: #current,
                    items: #count,
                    per_page: #per_page,
                    total_pages: #total_pages,
                    total_items: #total,
                };
                #request
            }
        }
        PageKind::Offset { param, size, more, total } => {
            let current = params.current(*param, 0);
            let limit = size.map_or(quote!(None), |size| params.number(size, &TypeRef::I64));
            let (more, total) = (flag(more), number(total));
            let request = params.with(*param, quote!(state.next()));
            quote! {
                let state = crate::runtime::pages::Offset {
                    offset: #current,
                    items: #count,
                    limit: #limit,
                    more: #more,
                    total: #total,
                };
                #request
            }
        }
        PageKind::Cursor { param, next, more } => {
            let next = match next {
                CursorSource::Field(path) => at(path).map(|v| quote!(#v.to_string())),
                CursorSource::LastItem(id) => {
                    let (last, field) = (items.last(), ident(&id.name));
                    quote!(#last.map(|item| item.#field.to_string()))
                }
            };
            let more = flag(more);
            let request = params.with(*param, quote!(crate::runtime::pages::cursor(cursor.as_deref(), #more)));
            quote! {
                let cursor = #next;
                #request
            }
        }
        PageKind::NextUrl { next } => {
            let url = at(next).get();
            quote!(crate::runtime::pages::url(#url))
        }
        PageKind::Link => quote!(crate::runtime::pages::link_next(headers)),
    };
    let link = matches!(p.kind, PageKind::Link);
    let output = if link { quote!(_output) } else { quote!(output) };
    let headers = if link { quote!(headers) } else { quote!(_headers) };
    let into_items = take(&p.items);
    Some(quote! {
        impl crate::Paginated for #name {
            type Item = #item;

            fn next_page(&self, #output: &Self::Output, #headers: &http::HeaderMap) -> crate::runtime::NextPage<Self> {
                #next
            }

            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                #into_items
            }
        }
    })
}
