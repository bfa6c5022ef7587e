//! Which cargo features need which type. Each group of operations is a feature; a type is
//! compiled when a feature whose operations reach it is on. A type no operation reaches
//! follows the types it uses when they all belong to the same groups. Types reached by many
//! groups, the remaining unreached ones, and everything those use, are always compiled, so
//! that an always compiled type never names one that is switched off. A group whose
//! operations were all left out (each with its warning) is no feature: it would be an empty
//! module.

use crate::ir::{Api, TypeRef};
use std::collections::{BTreeSet, HashMap};

/// A type needed by more groups than this is always compiled, rather than listing them all.
const MAX_GROUPS_PER_TYPE: usize = 8;

/// Drops the groups left without operations, then fills [`crate::ir::TypeDef::groups`].
pub fn assign(api: &mut Api) {
    drop_empty_groups(api);
    let index: HashMap<&str, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let refs: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            let mut names = Vec::new();
            t.kind.type_refs().into_iter().for_each(|ty| named(ty, &mut names));
            names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect()
        })
        .collect();

    let mut sets = vec![BTreeSet::new(); api.types.len()];
    let mut stack = Vec::new();
    for op in &api.operations {
        let mut names = Vec::new();
        op.type_refs().for_each(|ty| named(ty, &mut names));
        stack.extend(names.iter().filter_map(|n| index.get(n.as_str())).map(|&i| (i, op.group)));
    }
    while let Some((i, group)) = stack.pop() {
        if sets[i].insert(group) {
            stack.extend(refs[i].iter().map(|&j| (j, group)));
        }
    }

    // A type no operation reaches (a base merged into others, an alias) follows the types it
    // uses when they all agree on their groups; repeated so that chains of such types settle.
    let unreached: Vec<usize> = (0..api.types.len()).filter(|&i| sets[i].is_empty()).collect();
    loop {
        let mut changed = false;
        for &i in &unreached {
            if !sets[i].is_empty() {
                continue;
            }
            let mut uses = refs[i].iter().filter(|&&j| j != i).map(|&j| &sets[j]);
            if let Some(first) = uses.next() {
                if !first.is_empty() && uses.all(|s| s == first) {
                    sets[i] = first.clone();
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut always = vec![false; api.types.len()];
    let mut stack: Vec<usize> =
        (0..api.types.len()).filter(|&i| sets[i].is_empty() || sets[i].len() > MAX_GROUPS_PER_TYPE).collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut always[i], true) {
            stack.extend(&refs[i]);
        }
    }
    for (i, t) in api.types.iter_mut().enumerate() {
        t.groups = if always[i] { Vec::new() } else { sets[i].iter().copied().collect() };
    }
}

/// Removes the groups no operation belongs to (their operations were left out after the
/// groups were formed), keeping the order of the others and renumbering the operations'.
fn drop_empty_groups(api: &mut Api) {
    let mut used = vec![false; api.groups.len()];
    api.operations.iter().for_each(|op| used[op.group] = true);
    if used.iter().all(|&u| u) {
        return;
    }
    // The new index of each group kept: how many kept groups come before it.
    let renumbered: Vec<usize> = used.iter().scan(0, |kept, &u| Some(std::mem::replace(kept, *kept + usize::from(u)))).collect();
    let mut index = 0..;
    api.groups.retain(|_| index.next().is_some_and(|i| used[i]));
    api.operations.iter_mut().for_each(|op| op.group = renumbered[op.group]);
}

/// The named types a type reference mentions.
pub fn named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => named(inner, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    /// The API of a YAML document.
    fn api(text: &str) -> crate::ir::Api {
        let loaded = crate::load::parse(std::path::Path::new("a.yaml"), text).expect("the document loads");
        crate::resolve::resolve(&loaded, &crate::config::Config::default()).expect("the document resolves").api
    }

    #[test]
    fn a_group_whose_operations_are_all_left_out_is_no_group() {
        // `postB` is dropped once its body type turns out not to build (a cyclic `allOf`
        // inside), after the groups were formed.
        let api = api(r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {get: {operationId: getA, tags: [alpha], responses: {"204": {description: ok}}}}
  /b:
    post:
      operationId: postB
      tags: [beta]
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Body"}}}}
      responses: {"204": {description: ok}}
  /c: {get: {operationId: getC, tags: [gamma], responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/C"}}}}}}}
components:
  schemas:
    Body: {type: object, properties: {a: {$ref: "#/components/schemas/A"}}}
    A: {allOf: [{$ref: "#/components/schemas/B"}]}
    B: {allOf: [{$ref: "#/components/schemas/A"}]}
    C: {type: object, properties: {id: {type: string}}}
"##);
        let features: Vec<&str> = api.groups.iter().map(|g| g.feature.as_str()).collect();
        assert_eq!(features, ["alpha", "gamma"]);
        let groups: Vec<(&str, &str)> = api.operations.iter().map(|op| (op.id.as_str(), api.groups[op.group].feature.as_str())).collect();
        assert_eq!(groups, [("getA", "alpha"), ("getC", "gamma")]);
        let c = api.types.iter().find(|t| t.name == "C").expect("type C");
        assert_eq!(c.groups.iter().map(|&g| api.groups[g].feature.as_str()).collect::<Vec<_>>(), ["gamma"]);
    }
}
