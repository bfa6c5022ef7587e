//! Where each type is documented and what it is called. A type's home is the resource whose
//! operations use it: the nearest resource above all of them where several do. There its name
//! drops the words the resource's path already says (`EmailSecurityAllowPolicy`, homed in
//! `email_security.settings.allow_policies`, is `AllowPolicy`), unless that name would be
//! another type's, a name the resource's module has for its own items, or the short name of
//! another type too: then it keeps its full name. A type used under several root resources,
//! or by no operation, has no home: it is one of the crate's shared types (or, where only
//! webhooks' payloads hold it, documented with them); so is a type whose
//! name is that of an item of its home's module (the resource's struct). Each type has that
//! one name everywhere. Everything is decided on the whole graph of types and resources,
//! whatever the order of the document.

use crate::group::named;
use crate::ir::{Api, Resource};
use crate::naming;
use std::collections::{BTreeSet, HashMap};

/// Names a type may not take: the runtime's items the crate re-exports at its root and that
/// generated code names unqualified, and Rust's own.
const RESERVED: &[&str] = &["Nullable", "UnrecognizedValue", "BuildError", "ResponseError", "ApiError", "Validate", "ToParam", "Self_"];

/// Fills [`Resource::types`] and gives every homed type its short name.
pub fn assign(api: &mut Api) {
    let homes = homes(api);
    let paths: Vec<Vec<usize>> = (0..api.resources.len()).map(|i| chain(&api.resources, i)).collect();
    // What each homed type would be called: its name without its home's path.
    let wanted: Vec<Option<String>> = api
        .types
        .iter()
        .zip(&homes)
        .map(|(def, home)| {
            let home = (*home)?;
            let prefixes: Vec<String> = (1..=paths[home].len())
                .map(|n| paths[home][..n].iter().map(|&r| naming::type_name(&api.resources[r].title)).collect())
                .collect();
            naming::without_prefix(&def.name, &prefixes)
        })
        .collect();
    let mut wanted_by: HashMap<&str, usize> = HashMap::new();
    wanted.iter().flatten().for_each(|w| *wanted_by.entry(w.as_str()).or_default() += 1);
    let taken: BTreeSet<&str> = api.types.iter().map(|t| t.name.as_str()).chain(RESERVED.iter().copied()).collect();
    let mut renames = HashMap::new();
    let mut homed = Vec::new();
    for ((def, home), wanted) in api.types.iter().zip(&homes).zip(&wanted) {
        let Some(home) = *home else { continue };
        let own_items = module_items(&api.resources[home]);
        let name = match wanted {
            Some(short) if wanted_by[short.as_str()] == 1 && !taken.contains(short.as_str()) && !own_items.contains(short) => {
                renames.insert(def.name.clone(), short.clone());
                short
            }
            _ => &def.name,
        };
        // A type named like an item of its home's module (the resource's own struct) is
        // documented with the shared types instead.
        if !own_items.contains(name) {
            homed.push((home, def.name.clone()));
        }
    }
    for (home, name) in homed {
        api.resources[home].types.push(name);
    }
    api.rename_types(&renames);
    let received = webhook_types(api);
    if let Some(webhooks) = &mut api.webhooks {
        webhooks.types = received;
    }
}

/// The home of each type of [`Api::types`]: the nearest resource above every resource whose
/// operations reach it (through the types that hold it); `None` when none does, or when they
/// are under different roots.
fn homes(api: &Api) -> Vec<Option<usize>> {
    let graph = Graph::of(api);
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); api.types.len()];
    for (r, resource) in api.resources.iter().enumerate() {
        let mut names = Vec::new();
        for method in &resource.methods {
            api.operations[method.op].type_refs().for_each(|ty| named(ty, &mut names));
        }
        graph.reach(&names, |t| users[t].insert(r));
    }
    users.iter().map(|users| nearest_common(&api.resources, users)).collect()
}

/// The types the webhooks module documents: those its payloads reach and no operation does.
fn webhook_types(api: &Api) -> Vec<String> {
    let Some(webhooks) = &api.webhooks else { return Vec::new() };
    let graph = Graph::of(api);
    let mut used = vec![false; api.types.len()];
    let mut names = Vec::new();
    api.operations.iter().for_each(|op| op.type_refs().for_each(|ty| named(ty, &mut names)));
    graph.reach(&names, |t| !std::mem::replace(&mut used[t], true));
    let mut received = vec![false; api.types.len()];
    graph.reach(std::slice::from_ref(&webhooks.type_name), |t| !std::mem::replace(&mut received[t], true));
    api.types.iter().enumerate().filter(|&(t, _)| received[t] && !used[t]).map(|(_, def)| def.name.clone()).collect()
}

/// Which types each type holds, by index into [`Api::types`].
struct Graph<'a> {
    index: HashMap<&'a str, usize>,
    refs: Vec<Vec<usize>>,
}

impl<'a> Graph<'a> {
    fn of(api: &'a Api) -> Self {
        let index: HashMap<&str, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let refs = api
            .types
            .iter()
            .map(|t| {
                let mut names = Vec::new();
                t.kind.type_refs().into_iter().for_each(|ty| named(ty, &mut names));
                names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect()
            })
            .collect();
        Graph { index, refs }
    }

    /// Visits the types `names` hold, and what they hold in turn; `visit` says whether a type
    /// is new (then what it holds is visited too).
    fn reach(&self, names: &[String], mut visit: impl FnMut(usize) -> bool) {
        let mut stack: Vec<usize> = names.iter().filter_map(|n| self.index.get(n.as_str()).copied()).collect();
        while let Some(t) = stack.pop() {
            if visit(t) {
                stack.extend(&self.refs[t]);
            }
        }
    }
}

/// The nearest resource above (or at) each of `resources`; `None` for none, or when they
/// are under different roots.
fn nearest_common(all: &[Resource], resources: &BTreeSet<usize>) -> Option<usize> {
    let mut chains = resources.iter().map(|&r| chain(all, r));
    let mut common = chains.next()?;
    for other in chains {
        let same = common.iter().zip(&other).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    common.last().copied()
}

/// The resources from a root down to `index`.
fn chain(all: &[Resource], index: usize) -> Vec<usize> {
    let mut path = vec![index];
    while let Some(parent) = all[*path.last().expect("not empty")].parent {
        path.push(parent);
    }
    path.reverse();
    path
}

/// The names a resource's module gives its own items: its struct, and the named arguments
/// of its methods (`CreateParams`).
fn module_items(resource: &Resource) -> BTreeSet<String> {
    let params = resource.methods.iter().filter_map(|m| m.params.clone());
    params.chain(std::iter::once(resource.type_name.clone())).collect()
}

#[cfg(test)]
mod tests {
    /// The API of a YAML document.
    fn api(text: &str) -> crate::ir::Api {
        let loaded = crate::load::parse(std::path::Path::new("a.yaml"), text).expect("the document loads");
        crate::resolve::resolve(&loaded, &crate::config::Config::default()).expect("the document resolves").api
    }

    /// The homed types of each resource, by its path.
    fn homes(api: &crate::ir::Api) -> Vec<(String, Vec<String>)> {
        (0..api.resources.len())
            .map(|i| {
                let path: Vec<&str> = api.resource_path(i).iter().map(|r| r.module.as_str()).collect();
                (path.join("."), api.resources[i].types.clone())
            })
            .filter(|(_, types)| !types.is_empty())
            .collect()
    }

    const DOC: &str = r##"
openapi: 3.0.3
info: {title: zoo, version: "1"}
paths:
  /zoos/{id}/pets:
    get:
      operationId: listPets
      x-fern-sdk-group-name: zoos.pets
      x-fern-sdk-method-name: list
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/ZoosPetsPet"}}}}}
        "4XX": {description: no, content: {application/json: {schema: {$ref: "#/components/schemas/ZoosFailure"}}}}
  /zoos/{id}/keepers:
    get:
      operationId: listKeepers
      x-fern-sdk-group-name: zoos.keepers
      x-fern-sdk-method-name: list
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ZoosKeepersPage"}}}}
        "4XX": {description: no, content: {application/json: {schema: {$ref: "#/components/schemas/ZoosFailure"}}}}
  /farms:
    get:
      operationId: listFarms
      x-fern-sdk-group-name: farms
      x-fern-sdk-method-name: list
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Keeper"}}}}
components:
  schemas:
    ZoosPetsPet: {type: object, properties: {name: {type: string}}}
    ZoosFailure: {type: object, properties: {message: {type: string}}}
    ZoosKeepersPage: {type: object, properties: {items: {type: array, items: {$ref: "#/components/schemas/Keeper"}}, lead: {$ref: "#/components/schemas/ZoosKeepersKeeper"}}}
    Keeper: {type: object, properties: {name: {type: string}}}
    ZoosKeepersKeeper: {type: object, properties: {name: {type: string}}}
    PetsPet: {type: object, properties: {name: {type: string}}}
"##;

    #[test]
    fn a_type_lives_where_its_operations_are_under_one_short_name() {
        let api = api(DOC);
        assert_eq!(
            homes(&api),
            [
                // Used by both children of `zoos`: homed at `zoos`, without its words.
                ("zoos".to_string(), vec!["Failure".to_string()]),
                ("zoos.keepers".into(), vec!["Page".into(), "ZoosKeepersKeeper".into()]),
                ("zoos.pets".into(), vec!["Pet".into()]),
            ]
        );
        // `Keeper` is used under two roots: shared. `ZoosKeepersKeeper` would be `Keeper`,
        // which is taken: it keeps its name. `PetsPet` no operation uses.
        for name in ["Keeper", "ZoosKeepersKeeper", "PetsPet"] {
            assert!(api.type_def(name).is_some(), "{name} keeps its name");
        }
        // References follow the new names.
        let pets = api.operations.iter().find(|op| op.id == "listPets").expect("listPets");
        assert_eq!(pets.success, Some(crate::ir::TypeRef::Array(Box::new(crate::ir::TypeRef::Named("Pet".into())))));
        assert_eq!(pets.error, Some(crate::ir::TypeRef::Named("Failure".into())));
    }

    #[test]
    fn two_types_that_would_share_a_short_name_keep_their_own() {
        let doc = DOC.replace("ZoosKeepersPage: {type: object", "ZoosKeepersPet: {type: object").replace("schemas/ZoosKeepersPage", "schemas/ZoosKeepersPet");
        let api = api(&doc);
        // `ZoosPetsPet` and `ZoosKeepersPet` would both be `Pet`.
        assert!(api.type_def("ZoosPetsPet").is_some() && api.type_def("ZoosKeepersPet").is_some());
        assert!(api.type_def("Pet").is_none());
    }
}
