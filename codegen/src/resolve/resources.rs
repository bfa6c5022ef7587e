//! Resources: the tree the SDK surface is made of. Each operation belongs to the resource its
//! `x-fern-sdk-group-name` names (`email-security.settings.allow-policies`), else the config's,
//! else its tag's; its method is `x-fern-sdk-method-name` (`list`), else the config's, else
//! its operationId. Names are claimed per namespace: a root resource is a module of the crate
//! and a method of the client, a resource's children share its methods.

use crate::config::Config;
use crate::error::Warning;
use crate::ir::{Api, Group, Operation, Resource, ResourceMethod};
use crate::naming::{self, Scope};
use std::collections::{BTreeMap, HashSet};

/// How deep the tree goes. A group name of more levels has its levels past this one joined
/// into the last: each level is a module nested in the one before, whose docs name the path
/// so far, so a name with thousands of dots would give thousands of nested modules and output
/// growing with the square of its length.
const MAX_DEPTH: usize = 8;

/// Methods of the generated `Client` a root resource's accessor must not take.
const CLIENT_METHODS: &[&str] = &[
    "builder", "from_env", "base_url", "send", "send_with", "send_raw", "send_raw_with", "send_payload", "pages", "items", "clone",
    "fmt", "deref",
];

/// Root modules of the crate (and crates its code names) a root resource must not take.
const ROOT_MODULES: &[&str] = &[
    "types", "shared", "operations", "client", "runtime", "lib", "mod", "std", "core", "alloc", "serde", "serde_json", "http", "chrono",
    "uuid", "openapi_rust_runtime",
];

/// Builds the tree; operations are visited in their (path, method) order, so the tree does
/// not depend on the order of the document. A group name deeper than [`MAX_DEPTH`] is
/// folded, with a warning at the first operation that names it.
pub(super) fn build(ops: &[Operation], groups: &[Group], config: &Config, warnings: &mut Vec<Warning>) -> Vec<Resource> {
    let mut resources: Vec<Resource> = Vec::new();
    let mut by_path: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    // Accessor and method names, per resource; the roots share the client's.
    let root_names = Scope::with_reserved(CLIENT_METHODS);
    let mut root_modules = Scope::with_reserved(ROOT_MODULES);
    let mut names: Vec<Scope> = Vec::new();
    let mut folded = HashSet::new();
    for (index, op) in ops.iter().enumerate() {
        let own = config.resources.get(&op.id);
        let group = own.and_then(|r| r.group.clone()).or_else(|| op.sdk_group.clone()).unwrap_or_else(|| groups[op.group].title.clone());
        let path: Vec<String> = group.split('.').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        let mut path = if path.is_empty() { vec![groups[op.group].title.clone()] } else { path };
        if path.len() > MAX_DEPTH {
            let levels = path.len();
            let rest = path.split_off(MAX_DEPTH - 1).join(".");
            path.push(rest);
            if folded.insert(path.clone()) {
                let message = format!(
                    "the resource of operation `{}` (its x-fern-sdk-group-name, config group or tag) is {levels} levels deep; the levels past the {MAX_DEPTH}th are one resource",
                    op.id
                );
                warnings.push(Warning::at(&op.pointer, message));
            }
        }
        let mut parent: Option<usize> = None;
        for depth in 1..=path.len() {
            let key = path[..depth].to_vec();
            if let Some(&existing) = by_path.get(&key) {
                parent = Some(existing);
                continue;
            }
            let title = path[depth - 1].clone();
            let wanted = naming::module_name(&title);
            let module = match parent {
                // A root is a module of the crate and a method of the client: both must be free.
                None => {
                    let mut name = wanted.clone();
                    let mut n = 1;
                    while root_modules.contains(&name) || root_names.contains(&name) {
                        n += 1;
                        name = format!("{}{n}", naming::bare(&wanted).trim_end_matches('_'));
                    }
                    root_modules.claim(name)
                }
                Some(p) => names[p].claim(wanted),
            };
            let type_name = naming::type_name(&title);
            resources.push(Resource { title, module, type_name, parent, children: Vec::new(), methods: Vec::new(), types: Vec::new() });
            // `call` is the resource's own helper (see `emit::resources`).
            names.push(Scope::with_reserved(&["clone", "fmt", "client", "call"]));
            let new = resources.len() - 1;
            if let Some(p) = parent {
                resources[p].children.push(new);
            }
            by_path.insert(key, new);
            parent = Some(new);
        }
        let Some(resource) = parent else { continue };
        let method = own.and_then(|r| r.method.clone()).or_else(|| op.sdk_method.clone()).map_or_else(|| op.fn_name.clone(), |m| naming::method_name(naming::field_name(&m)));
        let method = names[resource].claim(method);
        resources[resource].methods.push(ResourceMethod { name: method, op: index, params: None });
    }
    resources
}

/// Names the struct of each method's required arguments outside the path (`CreateParams`),
/// for the methods that have some; the names share the resource's module with its struct.
pub(super) fn name_params(api: &mut Api) {
    for r in 0..api.resources.len() {
        let mut names = Scope::with_reserved(&[api.resources[r].type_name.as_str()]);
        for m in 0..api.resources[r].methods.len() {
            let method = &api.resources[r].methods[m];
            let named = api.arguments(&api.operations[method.op]).iter().any(|a| a.required() && !a.in_path());
            let params = named.then(|| names.claim(format!("{}Params", naming::type_name(naming::bare(&method.name)))));
            api.resources[r].methods[m].params = params;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_resource_never_takes_a_client_method_or_a_crate_module() {
        let mut scope = Scope::with_reserved(ROOT_MODULES);
        assert!(scope.contains("types") && !scope.contains("email_security"));
        assert_eq!(scope.claim("email_security".into()), "email_security");
    }

    const ARGUMENTS: &str = r##"
openapi: 3.0.3
info: {title: zoo, version: "1"}
paths:
  /zoos/{zoo}/pets/{pet}:
    put:
      operationId: replacePet
      x-fern-sdk-group-name: pets
      x-fern-sdk-method-name: replace
      parameters:
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: z-tag, in: header, required: true, schema: {type: string}}
        - {name: pet, in: path, required: true, schema: {type: string}}
        - {name: zoo, in: path, required: true, schema: {type: string}}
        - {name: a-key, in: query, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name, age], properties: {name: {type: string}, note: {type: string, nullable: true}, age: {type: integer}}}
      responses: {"204": {description: done}}
    get:
      operationId: getPet
      x-fern-sdk-group-name: pets
      x-fern-sdk-method-name: get
      parameters:
        - {name: zoo, in: path, required: true, schema: {type: string}}
        - {name: pet, in: path, required: true, schema: {type: string}}
        - {name: fields, in: query, schema: {type: string}}
      responses: {"204": {description: done}}
  /replace-params:
    post:
      operationId: replaceParams
      x-fern-sdk-group-name: replace-params
      x-fern-sdk-method-name: replace
      parameters: [{name: q, in: query, required: true, schema: {type: string}}]
      responses: {"204": {description: done}}
"##;

    fn api(text: &str) -> Api {
        let loaded = crate::load::parse(std::path::Path::new("a.yaml"), text).expect("the document loads");
        crate::resolve::resolve(&loaded, &Config::default()).expect("the document resolves").api
    }

    #[test]
    fn a_call_takes_its_arguments_in_an_order_no_list_of_the_document_decides() {
        let api = api(ARGUMENTS);
        let op = api.operations.iter().find(|op| op.id == "replacePet").expect("replacePet");
        let listed = |required: bool| -> Vec<&str> { api.arguments(op).into_iter().filter(|a| a.required() == required).map(|a| a.name()).collect() };
        // The path's order, the other required parameters by name, the body's required
        // fields by name.
        assert_eq!(listed(true), ["zoo", "pet", "a_key", "z_tag", "age", "name"]);
        assert_eq!(listed(false), ["verbose", "note"]);
        let in_path: Vec<&str> = api.arguments(op).into_iter().filter(|a| a.in_path()).map(|a| a.name()).collect();
        assert_eq!(in_path, ["zoo", "pet"]);
    }

    #[test]
    fn a_method_has_params_only_for_required_arguments_outside_the_path_under_a_free_name() {
        let api = api(ARGUMENTS);
        let params = |resource: &str, method: &str| {
            let r = api.resources.iter().find(|r| r.title == resource).expect("the resource");
            r.methods.iter().find(|m| m.name == method).expect("the method").params.clone()
        };
        assert_eq!(params("pets", "replace"), Some("ReplaceParams".into()));
        assert_eq!(params("pets", "get"), None, "path parameters and setters only");
        // The resource's own struct is `ReplaceParams`.
        assert_eq!(params("replace-params", "replace"), Some("ReplaceParams2".into()));
    }
}
