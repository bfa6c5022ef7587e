//! Tokens to text, and the pieces of syntax every file is made of: identifiers, doc
//! attributes, type paths, and how a field's type is wrapped.

use crate::docs::to_rustdoc;
use crate::ir::{Docs, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Pretty-prints items, one blank line between them.
pub(crate) fn render(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("internal error: generated code does not parse: {e}"))?;
    let items = std::mem::take(&mut file.items);
    let mut out = String::new();
    if !file.attrs.is_empty() {
        out.push_str(&prettyplease::unparse(&file));
    }
    file.attrs.clear();
    for item in items {
        if !out.is_empty() {
            out.push('\n');
        }
        file.items = vec![item];
        out.push_str(&space_members(&prettyplease::unparse(&file)));
    }
    Ok(visible_direction_marks(out))
}

/// Characters that change the direction of text (U+202A..U+202E, U+2066..U+2069) can make
/// source read differently than it compiles, and rustc denies them. Written as `\u{..}`
/// they mean the same inside a string literal and show plainly in a comment.
fn visible_direction_marks(text: String) -> String {
    let hidden = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.contains(hidden) {
        return text;
    }
    text.chars().map(|c| if hidden(c) { format!("\\u{{{:X}}}", c as u32) } else { c.to_string() }).collect()
}

/// prettyplease puts no blank line between the items of an impl block; one is added after
/// each member that ends a block, as hand-written code would have it.
fn space_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let ends_member = line == "    }" || (line.starts_with("    pub const ") && line.ends_with(';'));
        if ends_member && lines.peek().is_some_and(|next| next.starts_with("    ") && next.trim() != "}") {
            out.push('\n');
        }
    }
    out
}

/// An identifier from a name `naming` made (possibly `r#raw`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc attributes (summary, description, extra lines) and `#[deprecated]`.
pub(crate) fn doc_attrs(docs: &Docs, extra: &[String]) -> TokenStream {
    let mut lines = Vec::new();
    for part in [&docs.summary, &docs.description].into_iter().flatten() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(to_rustdoc(part));
    }
    for part in extra {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(part.clone());
    }
    let lines = doc_lines(&lines);
    let deprecated = docs.deprecated.as_ref().map(|note| quote! { #[deprecated(note = #note)] });
    quote! { #lines #deprecated }
}

/// [`doc_attrs`] for a field or parameter: `fallback` where the description says nothing,
/// then its default and its constraints, as the description gives them.
pub(crate) fn member_doc_attrs(docs: &Docs, constraints: &crate::ir::Constraints, fallback: &str) -> TokenStream {
    let mut extra = Vec::new();
    let said = [&docs.summary, &docs.description].into_iter().flatten().any(|text| to_rustdoc(text).iter().any(|l| !l.trim().is_empty()));
    if !said {
        extra.push(fallback.to_string());
    }
    let mut facts = Vec::new();
    if let Some(default) = &docs.default {
        facts.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    facts.extend(constraint_sentence(constraints));
    if !facts.is_empty() {
        extra.push(facts.join(" "));
    }
    doc_attrs(docs, &extra)
}

/// The constraints of a value as a sentence: `At least 1. At most 1000.`
fn constraint_sentence(c: &crate::ir::Constraints) -> Option<String> {
    let mut parts = Vec::new();
    let number = |v: f64| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { v.to_string() };
    if let Some(min) = c.minimum {
        parts.push(format!("{} {}.", if c.exclusive_minimum { "More than" } else { "At least" }, number(min)));
    }
    if let Some(max) = c.maximum {
        parts.push(format!("{} {}.", if c.exclusive_maximum { "Less than" } else { "At most" }, number(max)));
    }
    let count = |what: &str, min: Option<usize>, max: Option<usize>| match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max} {what}.")),
        (Some(min), None) => Some(format!("At least {min} {what}.")),
        (None, Some(max)) => Some(format!("At most {max} {what}.")),
        (None, None) => None,
    };
    parts.extend(count("characters", c.min_length, c.max_length));
    parts.extend(count("items", c.min_items, c.max_items));
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `#[doc]` attributes for rustdoc lines (already escaped), one space after each `///`.
pub(crate) fn doc_lines(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    quote! { #(#[doc = #lines])* }
}

/// Where a type is named from: inside `types`, or from another module of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum From {
    Types,
    Elsewhere,
}

/// The Rust type for a type reference.
pub(crate) fn type_tokens(ty: &TypeRef, from: From) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => match from {
            From::Types => quote!(std::string::String),
            From::Elsewhere => quote!(String),
        },
        TypeRef::Uuid => quote!(crate::Uuid),
        TypeRef::DateTime => quote!(crate::DateTime),
        TypeRef::Date => quote!(crate::Date),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Upload => quote!(crate::Upload),
        TypeRef::Base64 => quote!(crate::Base64),
        TypeRef::Bytes => match from {
            From::Types => quote!(std::vec::Vec<u8>),
            From::Elsewhere => quote!(Vec<u8>),
        },
        TypeRef::Named(name) => {
            let name = ident(name);
            match from {
                From::Types => quote!(#name),
                From::Elsewhere => quote!(crate::types::#name),
            }
        }
        TypeRef::Array(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::vec::Vec<#inner>),
                From::Elsewhere => quote!(Vec<#inner>),
            }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::collections::BTreeMap<std::string::String, #inner>),
                From::Elsewhere => quote!(std::collections::BTreeMap<String, #inner>),
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::option::Option<#inner>),
                From::Elsewhere => quote!(Option<#inner>),
            }
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(inner, from);
            match from {
                From::Types => quote!(std::boxed::Box<#inner>),
                From::Elsewhere => quote!(Box<#inner>),
            }
        }
    }
}

/// How a field or parameter is stored: required values plain, optional ones in `Option`,
/// optional nullable ones in `Nullable` (absent, null or a value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Plain,
    Option,
    Nullable,
}

impl Slot {
    /// A field's slot: an optional nullable field is `Nullable` where the value is sent, and an
    /// `Option` in a type only ever received.
    pub(crate) fn of_field(f: &crate::ir::Field) -> Self {
        match (f.required, f.nullable, f.received_only) {
            (false, true, true) => Slot::Option,
            (required, nullable, _) => Slot::of(required, nullable),
        }
    }

    pub(crate) fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Slot::Plain,
            (false, true) => Slot::Nullable,
            _ => Slot::Option,
        }
    }

    pub(crate) fn wrap(self, ty: &TypeRef, from: From) -> TokenStream {
        let inner = type_tokens(ty, from);
        match self {
            Slot::Plain => inner,
            Slot::Option if from == From::Types => quote!(std::option::Option<#inner>),
            Slot::Option => quote!(Option<#inner>),
            Slot::Nullable => quote!(crate::Nullable<#inner>),
        }
    }

    /// Wraps a present value for this slot.
    pub(crate) fn some(self, value: TokenStream) -> TokenStream {
        match self {
            Slot::Plain => value,
            Slot::Option => quote!(Some(#value)),
            Slot::Nullable => quote!(crate::Nullable::Value(#value)),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn direction_marks_become_escapes() {
        assert_eq!(super::visible_direction_marks("a\u{202E}b\u{2066}".into()), "a\\u{202E}b\\u{2066}");
        assert_eq!(super::visible_direction_marks("plain \u{e9}".into()), "plain \u{e9}");
    }
}
