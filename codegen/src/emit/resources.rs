//! `src/<resource>.rs`: one file per root resource, its children as nested modules. Each
//! module has the resource's struct (methods start calls, accessors lead to children), the
//! named arguments of its methods (`CreateParams`), and the types whose home it is (see
//! [`crate::home`]), documented there under their one name.

use super::operations::{parts, Arg};
use super::{cfg_for, doc_attrs, doc_lines, ident, render, type_tokens, From, Job};
use crate::ir::{Api, Body, ParamLocation, Resource, TypeRef};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

pub(super) fn jobs<'a>(api: &'a Api, krate: &'a str) -> Vec<Job<'a>> {
    let roots = api.resources.iter().enumerate().filter(|(_, r)| r.parent.is_none());
    roots
        .map(|(i, resource)| {
            let path = format!("src/{}.rs", naming::bare(&resource.module));
            let job: Job<'_> = (path, Box::new(move || render(root_file(api, krate, i))));
            job
        })
        .collect()
}

/// The resource chain from the client to `index`: `.email_security().settings()`.
pub(super) fn chain(api: &Api, index: usize) -> String {
    api.resource_path(index).iter().map(|r| format!(".{}()", naming::bare(&r.module))).collect()
}

/// The root resources' modules, for `lib.rs`.
pub(super) fn declarations(api: &Api) -> TokenStream {
    let modules = api.resources.iter().filter(|r| r.parent.is_none()).map(|r| {
        let module = ident(&r.module);
        let doc = format!(" The `{}` resource.", r.title);
        // The crate's own code uses what the API deprecates; only the user's uses should warn.
        quote! { #[doc = #doc] #[allow(deprecated)] pub mod #module; }
    });
    quote!(#(#modules)*)
}

/// The groups of the operations of a resource and of its descendants.
fn resource_groups(api: &Api, index: usize) -> Vec<usize> {
    let mut groups = BTreeSet::new();
    let mut stack = vec![index];
    while let Some(i) = stack.pop() {
        groups.extend(api.resources[i].methods.iter().map(|m| api.operations[m.op].group));
        stack.extend(&api.resources[i].children);
    }
    groups.into_iter().collect()
}

/// `#[cfg]` of a resource's struct and of its accessor on the client: the client, and a
/// feature of one of `groups`, those of the operations below it (a struct without a method to
/// call would hold its client for nothing, which rustc warns about).
fn resource_cfg(api: &Api, groups: &[usize]) -> TokenStream {
    let features: Vec<&str> = groups.iter().map(|&g| api.groups[g].feature.as_str()).collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(all(feature = "client", feature = #one))]),
        many => quote!(#[cfg(all(feature = "client", any(#(feature = #many),*)))]),
    }
}

fn root_file(api: &Api, krate: &str, index: usize) -> TokenStream {
    let resource = &api.resources[index];
    let (module, type_name) = (ident(&resource.module), ident(&resource.type_name));
    let doc = format!(" The `{0}` resource: `client.{0}()`.", naming::bare(&resource.module));
    let body = contents(api, krate, index, &[]);
    let client_doc = format!(" The `{}` resource.", resource.title);
    let cfg = resource_cfg(api, &resource_groups(api, index));
    quote! {
        //! The resource's calls, the named arguments of its methods, and the types of its
        //! operations.
        #body

        #cfg
        impl crate::Client {
            #[doc = #client_doc]
            #[doc = #doc]
            pub fn #module(&self) -> #type_name<'_> {
                #type_name { client: self }
            }
        }
    }
}

/// A resource's module contents: its struct, the named arguments of its methods, its types,
/// and its children's modules.
fn contents(api: &Api, krate: &str, index: usize, ancestors: &[&Resource]) -> TokenStream {
    let resource = &api.resources[index];
    let mut path: Vec<&Resource> = ancestors.to_vec();
    path.push(resource);
    let type_name = ident(&resource.type_name);

    // A method or accessor is compiled with its own groups where the resource has others too.
    let groups = resource_groups(api, index);
    // The calls of the resource's methods: one type (always, unless the methods come from
    // several member crates of a workspace) is made by the resource's `call`.
    let members: BTreeSet<Option<usize>> = resource.methods.iter().map(|m| api.member_of(api.operations[m.op].group)).collect();
    let one_call = (members.len() == 1).then(|| super::call_path(api, krate, api.operations[resource.methods[0].op].group));
    let mut methods = Vec::new();
    let mut params_structs = Vec::new();
    for resource_method in &resource.methods {
        let op = &api.operations[resource_method.op];
        let cfg = cfg_for(api, &[op.group]);
        let method_cfg = cfg.clone().filter(|_| groups.len() > 1);
        let op_type = ident(&op.type_name);
        let call_type = super::call_path(api, krate, op.group);
        let method = ident(&resource_method.name);
        let args = parts(api, op).args;
        let (path_args, named): (Vec<&Arg>, Vec<&Arg>) = args.iter().partition(|a| a.path);
        let signature = path_args.iter().map(|a| {
            let (name, ty) = (&a.name, &a.ty);
            quote!(#name: #ty)
        });
        let values = args.iter().map(|a| {
            let name = &a.name;
            if a.path { quote!(#name) } else { quote!(params.#name) }
        });
        let request = quote!(crate::operations::#op_type::new(#(#values),*));
        let bind = if one_call.is_some() { quote!(self.call(#request)) } else { quote!(#call_type::new(self.client, #request)) };
        let params = resource_method.params.as_ref().map(|params_name| {
            let params_ident = ident(params_name);
            let fields = named.iter().map(|a| {
                let (name, ty, doc) = (&a.name, &a.field_ty, a.doc.trim_start().trim_start_matches("- ").to_string());
                let doc = format!(" {doc}");
                quote!(#[doc = #doc] pub #name: #ty)
            });
            let doc = format!(" The required arguments of `{}::{}`, each named.", resource.type_name, naming::bare(&method.to_string()));
            params_structs.push(quote! {
                #[doc = #doc]
                #cfg
                #[derive(Debug, Clone, PartialEq)]
                pub struct #params_ident { #(#fields,)* }
            });
            // Named arguments that are exactly the body's required fields also make a body
            // (for a batch of creations, say).
            let only_body = !op.params.iter().any(|p| p.required && p.location != ParamLocation::Path);
            if let (true, Some(Body { ty: TypeRef::Named(body), setters: Some(_), .. })) = (only_body, &op.body) {
                let body = type_tokens(&TypeRef::Named(body.clone()), From::Elsewhere);
                let names = named.iter().map(|a| &a.name);
                params_structs.push(quote! {
                    #cfg
                    impl From<#params_ident> for #body {
                        fn from(params: #params_ident) -> Self {
                            #body::new(#(params.#names),*)
                        }
                    }
                });
            }
            params_ident
        });
        let params_arg = params.as_ref().map(|p| quote!(params: #p));
        let all_args = signature.chain(params_arg);
        let mut extra = vec![format!("`{} {}`", op.method.as_str(), op.path)];
        if let Some(params) = &params {
            extra.push(format!("The required arguments that are not in the path are named in [`{params}`]."));
        }
        let docs = doc_attrs(&op.docs, &extra);
        let call = super::examples::call(api, krate, &chain(api, index), &method.to_string(), &args, params.as_ref().map(|p| p.to_string()).as_deref());
        let mut example = vec![String::new()];
        example.extend(super::examples::doctest(krate, &call));
        let example = doc_lines(&example);
        methods.push(quote! {
            #docs
            #example
            #method_cfg
            pub fn #method(&self, #(#all_args),*) -> #call_type<'c, crate::operations::#op_type> {
                #bind
            }
        });
    }

    let accessors = resource.children.iter().map(|&index| {
        let child = &api.resources[index];
        let (module, child_type) = (ident(&child.module), ident(&child.type_name));
        let doc = format!(" The `{}` resource.", child.title);
        let own = resource_groups(api, index);
        let cfg = cfg_for(api, &own).filter(|_| own != groups);
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #module(&self) -> #module::#child_type<'c> {
                #module::#child_type { client: self.client }
            }
        }
    });
    let children = resource.children.iter().map(|&child| {
        let module = ident(&api.resources[child].module);
        let body = contents(api, krate, child, &path);
        let doc = format!(" The `{}` resource.", api.resources[child].title);
        quote! {
            #[doc = #doc]
            pub mod #module {
                #body
            }
        }
    });
    let own_types = homed_types(api, resource);
    let titles: Vec<&str> = path.iter().map(|r| r.title.as_str()).collect();
    let doc = format!(" The `{}` resource.", titles.join("."));
    let cfg = resource_cfg(api, &groups);
    // Compiled with the groups of the methods that use it, where the resource has others too.
    let own_groups: BTreeSet<usize> = resource.methods.iter().map(|m| api.operations[m.op].group).collect();
    let call_cfg = cfg_for(api, &own_groups.into_iter().collect::<Vec<_>>()).filter(|_| groups.len() > 1);
    let call_fn = one_call.map(|call| {
        quote! {
            /// The call of `op` with this resource's client.
            #call_cfg
            fn call<O>(&self, op: O) -> #call<'c, O> {
                #call::new(self.client, op)
            }
        }
    });
    quote! {
        #[doc = #doc]
        #cfg
        #[derive(Debug, Clone, Copy)]
        pub struct #type_name<'c> {
            pub(crate) client: &'c crate::Client,
        }

        #cfg
        impl<'c> #type_name<'c> {
            #(#accessors)*
            #call_fn
            #(#methods)*
        }

        #(#params_structs)*

        #own_types

        #(#children)*
    }
}

/// `pub use` of the types whose home the resource is (see [`crate::home`]): each type is
/// documented once, in its home, under its one name.
fn homed_types(api: &Api, resource: &Resource) -> TokenStream {
    // One `use` per set of features, the types it gives listed inside.
    let mut by_features: std::collections::BTreeMap<&[usize], Vec<proc_macro2::Ident>> = std::collections::BTreeMap::new();
    for def in resource.types.iter().filter_map(|name| api.type_def(name)) {
        by_features.entry(def.groups.as_slice()).or_default().push(ident(&def.name));
    }
    let uses = by_features.into_iter().map(|(groups, items)| {
        let cfg = cfg_for(api, groups);
        quote! {
            #cfg
            #[allow(deprecated)]
            pub use crate::types::{#(#items),*};
        }
    });
    quote!(#(#uses)*)
}
