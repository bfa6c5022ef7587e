//! A generated crate as one file for `include!` (the `build.rs` mode): its modules inlined,
//! its cargo features decided (an item under a feature that is off is left out, the `cfg` of
//! one that is on is dropped), and the crate-level attributes left out, as an included file
//! cannot have them.

use crate::emit::File;
use std::collections::HashMap;
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::{Attribute, ImplItem, Item, Meta, Token};

/// The crate of `files` as one file, with the features `enabled` says are on.
pub fn single_file(files: &[File], enabled: &dyn Fn(&str) -> bool) -> Result<String, String> {
    let sources: HashMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.contents.as_str())).collect();
    let mut root = parse(&sources, "src/lib.rs")?;
    root.attrs.clear();
    inline(&mut root.items, "src", &sources, enabled)?;
    Ok(prettyplease::unparse(&root))
}

fn parse(sources: &HashMap<&str, &str>, path: &str) -> Result<syn::File, String> {
    let text = sources.get(path).ok_or_else(|| format!("the generated crate has no `{path}`"))?;
    syn::parse_file(text).map_err(|e| format!("`{path}` does not parse: {e}"))
}

/// Decides the features of `items` and puts each module's file in its place; `dir` is the
/// folder of the module that holds them.
fn inline(items: &mut Vec<Item>, dir: &str, sources: &HashMap<&str, &str>, enabled: &dyn Fn(&str) -> bool) -> Result<(), String> {
    items.retain_mut(|item| item_attrs(item).is_none_or(|attrs| keep(attrs, enabled)));
    for item in items {
        match item {
            Item::Mod(module) => {
                let name = module.ident.unraw().to_string();
                let folder = format!("{dir}/{name}");
                if module.content.is_none() {
                    let path = [format!("{dir}/{name}.rs"), format!("{folder}/mod.rs")].into_iter().find(|p| sources.contains_key(p.as_str()));
                    let file = parse(sources, &path.unwrap_or_else(|| format!("{dir}/{name}.rs")))?;
                    module.attrs.extend(file.attrs);
                    module.content = Some((Default::default(), file.items));
                    module.semi = None;
                }
                if let Some((_, items)) = &mut module.content {
                    inline(items, &folder, sources, enabled)?;
                }
            }
            Item::Impl(block) => {
                block.items.retain_mut(|item| impl_item_attrs(item).is_none_or(|attrs| keep(attrs, enabled)));
            }
            _ => {}
        }
    }
    Ok(())
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

fn impl_item_attrs(item: &mut ImplItem) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        ImplItem::Const(i) => &mut i.attrs,
        ImplItem::Fn(i) => &mut i.attrs,
        ImplItem::Type(i) => &mut i.attrs,
        ImplItem::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Whether an item with `attrs` stays: every `cfg` the features decide is true (and is
/// dropped); a `cfg` on anything else (`test`, `docsrs`) stays as it is.
fn keep(attrs: &mut Vec<Attribute>, enabled: &dyn Fn(&str) -> bool) -> bool {
    let mut keep = true;
    attrs.retain(|attr| {
        let decided = match &attr.meta {
            Meta::List(list) if list.path.is_ident("cfg") => list.parse_args::<Meta>().ok().and_then(|m| decide(&m, enabled)),
            _ => None,
        };
        keep &= decided != Some(false);
        decided.is_none()
    });
    keep
}

/// A `cfg` predicate's value where features alone decide it.
fn decide(predicate: &Meta, enabled: &dyn Fn(&str) -> bool) -> Option<bool> {
    match predicate {
        Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(name), .. }) => Some(enabled(&name.value())),
            _ => None,
        },
        Meta::List(list) => {
            let inner = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated).ok()?;
            let values: Vec<Option<bool>> = inner.iter().map(|m| decide(m, enabled)).collect();
            if list.path.is_ident("any") {
                if values.contains(&Some(true)) {
                    Some(true)
                } else {
                    values.iter().all(|v| *v == Some(false)).then_some(false)
                }
            } else if list.path.is_ident("all") {
                if values.contains(&Some(false)) {
                    Some(false)
                } else {
                    values.iter().all(|v| *v == Some(true)).then_some(true)
                }
            } else if list.path.is_ident("not") {
                match values.as_slice() {
                    [Some(value)] => Some(!value),
                    _ => None,
                }
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> File {
        File { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn modules_are_inlined_and_features_decided() {
        let files = [
            file("Cargo.toml", "[package]"),
            file("src/lib.rs", "//! Crate docs.\n#![forbid(unsafe_code)]\npub mod types;\n#[cfg(feature = \"client\")]\npub mod client;\n#[cfg(feature = \"off\")]\npub mod off;\n"),
            file("src/types.rs", "//! Types.\n#[cfg(any(feature = \"a\", feature = \"off\"))]\nmod for_a;\n#[cfg(all(feature = \"client\", feature = \"off\"))]\npub struct Gone;\n#[cfg(test)]\nmod tests {}\npub struct Kept;\nimpl Kept {\n    #[cfg(not(feature = \"client\"))]\n    pub fn gone() {}\n    pub fn kept() {}\n}\n"),
            file("src/types/for_a.rs", "pub struct A;\n"),
            file("src/client.rs", "pub struct Client;\n"),
        ];
        let text = single_file(&files, &|feature| feature != "off").unwrap();
        let expected = "pub mod types {\n    //! Types.\n    mod for_a {\n        pub struct A;\n    }\n    #[cfg(test)]\n    mod tests {}\n    pub struct Kept;\n    impl Kept {\n        pub fn kept() {}\n    }\n}\npub mod client {\n    pub struct Client;\n}\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_module_without_its_file_is_an_error_naming_it() {
        let files = [file("src/lib.rs", "pub mod r#type;\n")];
        assert_eq!(single_file(&files, &|_| true).unwrap_err(), "the generated crate has no `src/type.rs`");
    }

    #[test]
    fn a_generated_crate_flattens_with_every_feature_or_none() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
        let mut files = Vec::new();
        let mut dirs = vec![root.join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                    files.push(file(&relative, &std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let all = single_file(&files, &|_| true).unwrap();
        assert!(!all.contains("feature =") && all.contains("pub struct Client"));
        let none = single_file(&files, &|_| false).unwrap();
        assert!(!none.contains("feature =") && !none.contains("pub struct Client") && none.contains("pub mod types"));
    }
}
