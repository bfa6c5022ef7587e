//! Decisions that depend on the whole set of types, taken from the graph of which type holds
//! which by value, never from the order the document lists things in.
//!
//! A type that holds itself by value, directly or through others (`Node { next: Option<Node> }`),
//! has no size: somewhere on the cycle a field must be a `Box`. Every field and union variant
//! whose type is in the same strongly connected component as its owner is boxed; which ones
//! those are depends only on the graph, so reordering the document never moves a `Box`.
//! Arrays and maps already hold their items on the heap and break no cycle of their own.

use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeMap, HashMap};

/// The type a value of `ty` holds inline, if it is a named one.
fn held_by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => held_by_value(inner),
        _ => None,
    }
}

/// Wraps the named type `ty` holds by value in a `Box`.
fn boxed(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(boxed(inner))),
        other => TypeRef::Boxed(Box::new(other.clone())),
    }
}

/// Boxes the fields and variants that close a cycle of types held by value.
pub fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    let mut graph = DiGraph::<&str, ()>::new();
    let nodes: HashMap<&str, NodeIndex> = types.keys().map(|name| (name.as_str(), graph.add_node(name.as_str()))).collect();
    for (name, def) in types.iter() {
        for target in def.kind.type_refs().into_iter().filter_map(held_by_value) {
            if let Some(&to) = nodes.get(target) {
                graph.add_edge(nodes[name.as_str()], to, ());
            }
        }
    }
    // kosaraju_scc walks with an explicit stack: a chain of 100,000 types does not recurse.
    let mut component = HashMap::new();
    for (i, scc) in petgraph::algo::kosaraju_scc(&graph).into_iter().enumerate() {
        for node in scc {
            component.insert(graph[node].to_string(), i);
        }
    }
    let same = |a: &str, b: &str| component.contains_key(a) && component.get(a) == component.get(b);
    for (name, def) in types.iter_mut() {
        let slots: Vec<&mut TypeRef> = match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).chain(s.additional.as_mut().map(|(_, ty)| ty)).collect(),
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            _ => Vec::new(),
        };
        for ty in slots {
            if held_by_value(ty).is_some_and(|target| same(name, target)) {
                *ty = boxed(ty);
            }
        }
    }
}

/// Sets [`TypeDef::sent`] and [`TypeDef::validates`]: a type is sent when a request can carry
/// it (it is reached from an operation's parameters or body), and validates when it is sent
/// and it, or a type it reaches, has constraints of its own. Only a sent type has a
/// constructor, and only a validating one a `Validate` impl, so a large description of
/// responses pays nothing for constructors and constraints that only describe what comes back.
pub fn mark_validated(api: &mut Api) {
    let index: HashMap<&str, usize> = api.types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let targets = |ty: &TypeRef| {
        let mut names = Vec::new();
        crate::group::named(ty, &mut names);
        names.into_iter().filter_map(|n| index.get(n.as_str()).copied()).collect::<Vec<_>>()
    };
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| t.kind.type_refs().into_iter().flat_map(&targets).collect()).collect();
    // Sent: reachable from a request (an explicit stack, so a long chain does not recurse).
    let mut sent = vec![false; api.types.len()];
    let mut stack: Vec<usize> =
        api.operations.iter().flat_map(|op| op.params.iter().map(|p| &p.ty).chain(op.body.as_ref().map(|b| &b.ty))).flat_map(&targets).collect();
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut sent[i], true) {
            stack.extend(&edges[i]);
        }
    }
    // Validates: sent, and reaching a type with constraints of its own (walked backwards).
    let mut holders = vec![Vec::new(); api.types.len()];
    for (from, tos) in edges.iter().enumerate() {
        for &to in tos {
            holders[to].push(from);
        }
    }
    let types = &api.types;
    let kinds: HashMap<&str, &TypeKind> = types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let kind = |n: &str| kinds.get(n).copied();
    let own: Vec<bool> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => {
                s.min_properties.is_some()
                    || s.max_properties.is_some()
                    || s.fields.iter().any(|f| crate::ir::constraints_apply(&f.ty, &f.constraints, &kind))
            }
            _ => false,
        })
        .collect();
    let mut stack: Vec<usize> = (0..api.types.len()).filter(|&i| sent[i] && own[i]).collect();
    let mut validates = vec![false; api.types.len()];
    while let Some(i) = stack.pop() {
        if sent[i] && !std::mem::replace(&mut validates[i], true) {
            stack.extend(&holders[i]);
        }
    }
    for ((t, v), sent) in api.types.iter_mut().zip(validates).zip(sent) {
        t.validates = v;
        t.sent = sent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, Struct, Union, Variant};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            wire_name: name.into(),
            name: name.into(),
            ty,
            required: false,
            nullable: false,
            received_only: false,
            constraints: Default::default(),
            docs: Docs::default(),
        }
    }

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        (name.into(), TypeDef { name: name.into(), docs: Docs::default(), pointer: String::new(), kind, groups: Vec::new(), sent: false, validates: false })
    }

    fn strukt(fields: Vec<Field>) -> TypeKind {
        TypeKind::Struct(Struct { fields, additional: None, min_properties: None, max_properties: None, envelope: None })
    }

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.into())
    }

    fn field_types(types: &BTreeMap<String, TypeDef>, name: &str) -> Vec<TypeRef> {
        types[name].kind.type_refs().into_iter().cloned().collect()
    }

    #[test]
    fn boxes_every_edge_of_a_cycle_and_nothing_else() {
        let mut types: BTreeMap<_, _> = [
            def("A", strukt(vec![field("b", named("B")), field("leaf", named("Leaf")), field("list", TypeRef::Array(Box::new(named("A"))))])),
            def("B", strukt(vec![field("a", TypeRef::Nullable(Box::new(named("A"))))])),
            def("Leaf", strukt(vec![field("x", TypeRef::String)])),
            def("SelfRef", TypeKind::Union(Union { variants: vec![Variant { name: "Me".into(), ty: named("SelfRef"), tags: Vec::new() }], tag: None })),
        ]
        .into_iter()
        .collect();
        let before = types.clone();
        box_cycles(&mut types);
        let boxed_named = |n: &str| TypeRef::Boxed(Box::new(named(n)));
        assert_eq!(field_types(&types, "A"), [boxed_named("B"), named("Leaf"), TypeRef::Array(Box::new(named("A")))]);
        assert_eq!(field_types(&types, "B"), [TypeRef::Nullable(Box::new(boxed_named("A")))]);
        assert_eq!(field_types(&types, "Leaf"), field_types(&before, "Leaf"));
        assert_eq!(field_types(&types, "SelfRef"), [boxed_named("SelfRef")]);
    }

    #[test]
    fn the_order_of_the_types_does_not_matter() {
        let build = |names: [&str; 3]| -> BTreeMap<String, TypeDef> {
            names.iter().enumerate().map(|(i, n)| def(n, strukt(vec![field("next", named(names[(i + 1) % 3]))]))).collect()
        };
        let mut one = build(["X", "Y", "Z"]);
        let mut other = build(["Z", "Y", "X"]);
        box_cycles(&mut one);
        box_cycles(&mut other);
        for types in [&one, &other] {
            assert!(types.values().all(|t| matches!(t.kind.type_refs()[0], TypeRef::Boxed(_))));
        }
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let mut types: BTreeMap<_, _> =
            (0..n).map(|i| def(&format!("T{i}"), strukt(vec![field("next", named(&format!("T{}", (i + 1) % n)))]))).collect();
        box_cycles(&mut types);
        assert!(matches!(types["T0"].kind.type_refs()[0], TypeRef::Boxed(_)));
    }
}
