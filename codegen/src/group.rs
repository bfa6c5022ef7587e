//! Which cargo features need which type. Each group of operations is a feature; a type is
//! compiled when a feature whose operations reach it is on. A type no operation reaches
//! follows the types it uses when they all belong to the same groups. Types reached by many
//! groups, the remaining unreached ones, and everything those use, are always compiled, so
//! that an always compiled type never names one that is switched off.

use crate::ir::{Api, TypeRef};
use std::collections::{BTreeSet, HashMap};

/// A type needed by more groups than this is always compiled, rather than listing them all.
const MAX_GROUPS_PER_TYPE: usize = 8;

/// Fills [`crate::ir::TypeDef::groups`].
pub fn assign(api: &mut Api) {
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
        let tys = op.params.iter().map(|p| &p.ty).chain(op.body.as_ref().map(|b| &b.ty)).chain(&op.success).chain(&op.error);
        tys.for_each(|ty| named(ty, &mut names));
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

/// The named types a type reference mentions.
pub fn named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => named(inner, out),
        _ => {}
    }
}
