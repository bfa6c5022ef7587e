//! Unions: `oneOf`/`anyOf`, their members and the names of their variants.

use super::*;

/// One member of a union being built.
pub(super) struct Member<'a> {
    /// The member as the union lists it, and where.
    site: SRef<'a>,
    ptr: String,
    /// The schemas whose properties make up the member, in merge order.
    parts: Vec<(SRef<'a>, String)>,
    /// Where the member's schema is written (the end of its references).
    target: String,
    /// The component the member is, if it is one.
    component: Option<String>,
    /// Whether the member is the schema a discriminator is declared on, listed among the
    /// schemas that extend it.
    is_base: bool,
    /// The union whose members are given the shared properties (see `build_shared_union`).
    distributed: Option<String>,
}

/// What tells a union's members apart: the tag property and each member's tag values.
struct TagPlan {
    property: String,
    tags: Vec<Vec<String>>,
}

impl<'a> Resolver<'a> {
    /// A `oneOf`/`anyOf` of its own.
    pub(super) fn build_union(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, name: &str) -> Result<Union, Error> {
        let mut members = Vec::new();
        for (site, suffix) in union_members(flat) {
            let site_ptr = format!("{ptr}{suffix}");
            members.push(self.member(site, site_ptr)?);
        }
        let discriminator = flat.data.discriminator.as_ref().map(|d| (d, ptr.to_string()));
        self.union_of(members, discriminator, None, ctx, name)
    }

    /// Where a schema that also describes an object has a union (of its own, or in what its
    /// `allOf` merges, however deep): the schema holding the union's members.
    pub(super) fn shared_union(&mut self, schema: &'a Schema, flat: &Flat<'a>, ptr: &str) -> Result<Option<(Flat<'a>, String)>, Error> {
        if union_members(flat).len() > 1 && !flat.shapes_object() && flat.all_of.is_empty() {
            return Ok(None); // a union and nothing else
        }
        // The first union whose shapes add properties (`anyOf: [{required: [a]}, ...]` only
        // constrains the struct's own).
        let merged = self.merged(&[(SRef::Inline(schema), ptr.to_string())])?;
        for (union_ptr, union) in &merged.unions {
            if !self.added_by_union(union_ptr, union, &merged)?.is_empty() {
                return Ok(Some((Flat::of(union), union_ptr.clone())));
            }
        }
        Ok(None)
    }

    /// A union of strings, some of them listed (`oneOf: [{enum: [a], description: ...},
    /// {enum: [b]}, {type: string}]`): one enum of every listed value, which keeps any other
    /// string as the enums do. Tried as a union of enums, the first would take every value.
    pub(super) fn enum_union(&mut self, flat: &Flat<'a>, ptr: &str) -> Result<Option<Enum>, Error> {
        let members = union_members(flat);
        if members.len() < 2 || flat.shapes_object() {
            return Ok(None);
        }
        if let Some(integers) = self.integer_enum_union(&members, ptr)? {
            return Ok(Some(integers));
        }
        let mut values = Vec::new();
        for (member, suffix) in members {
            let (schema, _) = self.deref(member, &format!("{ptr}{suffix}"))?;
            let f = Flat::of(schema);
            let plain_string = f.typ == Some("string") && f.format.is_none() && f.pattern.is_none() && f.enum_values.is_empty();
            if !(is_string_enum(&f) || plain_string) || !f.all_of.is_empty() || !f.one_of.is_empty() || !f.any_of.is_empty() {
                return Ok(None);
            }
            let description = f.description();
            values.extend(f.enum_values.iter().filter_map(Value::as_str).map(|v| (v.to_string(), description.clone())));
        }
        Ok((!values.is_empty()).then(|| enum_of(values.iter().map(|(v, d)| (v.as_str(), d.clone())))))
    }

    /// A union whose members are each integer constants (`{title: BURST, const: 1}`, which
    /// loading makes a one-value `enum`), or `null`: OpenAPI 3.1's integer enum, one enum of
    /// those values named by their titles. Tried as a union, the first member would take
    /// every value.
    fn integer_enum_union(&mut self, members: &[(SRef<'a>, String)], ptr: &str) -> Result<Option<Enum>, Error> {
        let mut values = Vec::new();
        for (member, suffix) in members {
            let (schema, _) = self.deref(*member, &format!("{ptr}{suffix}"))?;
            let f = Flat::of(schema);
            if !f.all_of.is_empty() || !f.one_of.is_empty() || !f.any_of.is_empty() || !f.properties.is_empty() {
                return Ok(None);
            }
            let null = f.typ == Some("null") || (!f.enum_values.is_empty() && f.enum_values.iter().all(Value::is_null));
            if null {
                continue;
            }
            let integers: Vec<i64> = f.enum_values.iter().filter(|v| !v.is_null()).map_while(Value::as_i64).collect();
            if integers.is_empty() || integers.len() != f.enum_values.iter().filter(|v| !v.is_null()).count() {
                return Ok(None);
            }
            let title = f.data.title.clone().filter(|t| !t.trim().is_empty() && integers.len() == 1);
            // The title names the value; only a description says more.
            let description = f.description().filter(|d| title.as_ref() != Some(d));
            values.extend(integers.into_iter().map(|v| (v, title.clone(), description.clone())));
        }
        Ok((!values.is_empty()).then(|| super::types::integer_enum_of(values)))
    }

    /// A schema with properties shared by every shape of a union: each shape is a type of its
    /// own with the shared properties and its own (`{a, oneOf: [{b}, {c}]}` is one of
    /// `{a, b}` and `{a, c}`). A shape that already includes the schema (through `allOf`)
    /// is used as it is.
    pub(super) fn build_shared_union(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        (union, union_ptr): (Flat<'a>, String),
        ctx: Ctx,
        name: &str,
    ) -> Result<Union, Error> {
        let shared = (SRef::Inline(schema), ptr.to_string());
        let mut members = Vec::new();
        for (site, suffix) in union_members(&union) {
            let site_ptr = format!("{union_ptr}{suffix}");
            let mut member = self.member(site, site_ptr)?;
            if !self.merged(&member.parts)?.visited.iter().any(|v| v == ptr) {
                member.parts.insert(0, shared.clone());
                member.distributed = Some(union_ptr.clone());
            }
            members.push(member);
        }
        let own = Flat::of(schema).data.discriminator.as_ref().map(|d| (d, ptr.to_string()));
        let discriminator = own.or_else(|| union.data.discriminator.as_ref().map(|d| (d, union_ptr.clone())));
        self.union_of(members, discriminator, Some(shared), ctx, name)
    }

    /// A component with a `discriminator` that other components extend through `allOf`: a
    /// value of it is one of them, or the component itself. `None` when nothing extends it.
    pub(super) fn extended_union(&mut self, schema: &'a Schema, ptr: &str, ctx: Ctx, name: &str) -> Result<Option<Union>, Error> {
        if union_members(&Flat::of(schema)).len() > 1 {
            return Ok(None); // a union of its own: its members are its shapes
        }
        let children = self.extensions_of(ptr);
        if children.is_empty() {
            return Ok(None);
        }
        let base = (SRef::Inline(schema), ptr.to_string());
        let merged = self.merged(std::slice::from_ref(&base))?;
        let Some((discriminator, disc_ptr)) = merged.discriminator else { return Ok(None) };
        let mut members = Vec::new();
        for (child, child_ptr) in children {
            let flat = Flat::of(child);
            if flat.all_of.len() == 1 && !flat.shapes_object() {
                continue; // another name for the base: its values are the base's
            }
            members.push(self.member(SRef::Inline(child), child_ptr)?);
        }
        let mut base_member = self.member(SRef::Inline(schema), ptr.to_string())?;
        base_member.is_base = true;
        members.push(base_member);
        self.union_of(members, Some((discriminator, disc_ptr)), Some(base), ctx, name).map(Some)
    }

    /// The component schemas that list the component at `ptr` in their `allOf`, by name.
    fn extensions_of(&mut self, ptr: &str) -> Vec<(&'a Schema, String)> {
        if self.extensions.is_none() {
            let mut index: HashMap<String, Vec<(&'a Schema, String)>> = HashMap::new();
            let components = self.doc.components.as_ref().map(|c| &c.schemas);
            for (key, entry) in components.into_iter().flatten() {
                let ReferenceOr::Item(child) = entry else { continue };
                let child_ptr = push_pointer("/components/schemas", key);
                let flat = Flat::of(child);
                for (member, member_ptr) in flat.all_of_with_ptrs(&child_ptr) {
                    if let SRef::Ref(reference) = member {
                        if let Ok((_, base)) = self.schema(reference, &member_ptr) {
                            index.entry(base).or_default().push((child, child_ptr.clone()));
                        }
                    }
                }
            }
            for children in index.values_mut() {
                children.sort_by(|a, b| a.1.cmp(&b.1));
                children.dedup_by(|a, b| a.1 == b.1);
            }
            self.extensions = Some(index);
        }
        self.extensions.as_ref().and_then(|index| index.get(ptr)).cloned().unwrap_or_default()
    }

    pub(super) fn member(&mut self, site: SRef<'a>, ptr: String) -> Result<Member<'a>, Error> {
        let (_, target) = self.deref(site, &ptr)?;
        let component = target.strip_prefix("/components/schemas/").filter(|rest| !rest.contains('/')).map(pointer_key);
        let parts = vec![(site, ptr.clone())];
        Ok(Member { site, ptr, parts, target, component, is_base: false, distributed: None })
    }

    /// The union of `members`: its variants' types and names, and what tells them apart.
    /// `shared` is the schema whose properties every member was given, if any.
    pub(super) fn union_of(
        &mut self,
        members: Vec<Member<'a>>,
        discriminator: Option<(&'a openapiv3::Discriminator, String)>,
        shared: Option<(SRef<'a>, String)>,
        ctx: Ctx,
        name: &str,
    ) -> Result<Union, Error> {
        let mut merged = Vec::with_capacity(members.len());
        for member in &members {
            merged.push(self.merged(&member.parts)?);
        }
        let shared_values = match &shared {
            Some(shared) => {
                let merged = self.merged(std::slice::from_ref(shared))?;
                discriminator.as_ref().map(|(d, _)| self.listed_strings(&merged, &d.property_name)).unwrap_or_default()
            }
            None => Vec::new(),
        };
        let plan = match discriminator {
            Some((d, disc_ptr)) => self.declared_tags(d, &disc_ptr, &members, &merged, &shared_values),
            None => self.implicit_tags(&members, &merged),
        };

        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut ranks = Vec::new();
        for (i, member) in members.iter().enumerate() {
            if member.is_base && plan.as_ref().is_some_and(|p| p.tags[i].is_empty()) {
                continue; // every value of the tag belongs to a schema that extends the base
            }
            let label = match member.site {
                SRef::Inline(schema) if !member.is_base && member.component.is_none() => self.member_label(schema, &member.ptr),
                _ => None,
            };
            let only_tag = plan.as_ref().and_then(|p| match p.tags[i].as_slice() {
                [tag] => Some(naming::bare(&naming::type_name(tag)).to_string()),
                _ => None,
            });
            let label = label.or(only_tag);
            if let Some(label) = &label {
                self.member_labels.insert(member.ptr.clone(), label.clone());
            }
            let fallback_label = format!("Variant{i}");
            let hint = naming::joined(name, label.as_deref().unwrap_or(&fallback_label));
            let ty = if member.is_base {
                let base_name = self.type_names.claim(format!("{}Base", naming::bare(name)));
                self.define_struct(&member.parts, None, &member.ptr, ctx, base_name)?
            } else if member.parts.len() > 1 {
                let own = label.clone().or_else(|| member.component.as_deref().map(|c| naming::bare(&naming::type_name(c)).to_string()));
                let type_name = self.type_names.claim(naming::joined(name, own.as_deref().unwrap_or(&fallback_label)));
                self.define_struct(&member.parts, member.distributed.as_deref(), &member.ptr, ctx, type_name)?
            } else {
                match member.component.as_ref().filter(|_| matches!(member.site, SRef::Inline(_))) {
                    // A schema reached by its place rather than a `$ref` (the components
                    // that extend another): its component type.
                    Some(_) => TypeRef::Named(self.named_type(self.deref(member.site, &member.ptr)?.0, &member.target, ctx)?),
                    None => self.type_of(member.site, &member.ptr, ctx, &hint)?.0,
                }
            };
            let base = match (&ty, &label) {
                (_, Some(label)) => label.clone(),
                (_, None) if member.is_base => "Base".to_string(),
                (TypeRef::Named(n), None) => n.strip_prefix(naming::bare(name)).filter(|s| !s.is_empty()).unwrap_or(n).to_string(),
                (other, None) => variant_label(other).to_string(),
            };
            ranks.push(self.generality(&ty, member, &merged[i])?);
            let tags = plan.as_ref().map(|p| p.tags[i].clone()).unwrap_or_default();
            variants.push(Variant { name: scope.claim(naming::type_name(&base)), ty, tags });
        }
        let tag = plan.map(|p| Tag { property: p.property, fallback: scope.claim("Unrecognized".to_string()) });
        if tag.is_none() {
            // Tried in order: the most specific shapes first, so that a shape that accepts
            // almost anything does not take values meant for another.
            let mut ranked: Vec<(Rank, Variant)> = ranks.into_iter().zip(variants).collect();
            ranked.sort_by_key(|(rank, _)| *rank);
            variants = ranked.into_iter().map(|(_, v)| v).collect();
        }
        Ok(Union { variants, tag })
    }

    /// Builds a named struct from `parts`, for a variant.
    fn define_struct(&mut self, parts: &[(SRef<'a>, String)], distributed: Option<&str>, ptr: &str, ctx: Ctx, name: String) -> Result<TypeRef, Error> {
        let s = self.build_struct_of(parts, distributed, ctx, &name)?;
        let docs = match parts.last() {
            Some((part, part_ptr)) => {
                let (schema, _) = self.deref(*part, part_ptr)?;
                let info = Info::of(&Flat::of(schema));
                Docs { description: info.description, deprecated: info.deprecated, ..Docs::default() }
            }
            None => Docs::default(),
        };
        let def = TypeDef { name: name.clone(), docs, pointer: ptr.to_string(), kind: TypeKind::Struct(s), groups: Vec::new(), sent: false, validates: false };
        self.types.insert(name.clone(), def);
        Ok(TypeRef::Named(name))
    }

    /// The tags a `discriminator` gives each member: the `mapping` keys that point at it,
    /// else the values its own schema lists for the tag property (when they narrow the
    /// shared ones), else its component name. `None`, with a warning, when the members
    /// cannot be told apart that way.
    fn declared_tags(
        &mut self,
        d: &'a openapiv3::Discriminator,
        disc_ptr: &str,
        members: &[Member<'a>],
        merged: &[Merged<'a>],
        shared_values: &[String],
    ) -> Option<TagPlan> {
        let property = d.property_name.clone();
        let mapping_ptr = format!("{disc_ptr}/discriminator/mapping");
        let mut mapped: Vec<(String, Option<String>)> = Vec::new();
        let mut mapping: Vec<_> = d.mapping.iter().collect();
        mapping.sort();
        for (key, value) in mapping {
            let reference = if value.contains(['#', '/']) { value.clone() } else { format!("#{}", push_pointer("/components/schemas", value)) };
            let target = self.schema(&reference, &push_pointer(&mapping_ptr, key)).ok().map(|(_, t)| t);
            mapped.push((key.clone(), target));
        }
        let mut tags = Vec::with_capacity(members.len());
        for (member, props) in members.iter().zip(merged) {
            let mut own: Vec<String> = mapped.iter().filter(|(_, t)| t.as_deref() == Some(&member.target)).map(|(k, _)| k.clone()).collect();
            if own.is_empty() {
                let listed = self.listed_strings(props, &property);
                own = if member.is_base {
                    // The values no extension (listed before the base) has claimed.
                    let taken: HashSet<&String> = tags.iter().flatten().collect();
                    match listed.is_empty() {
                        true => member.component.clone().into_iter().collect(),
                        false => listed.iter().filter(|v| !taken.contains(v)).cloned().collect(),
                    }
                } else if !listed.is_empty() && listed.as_slice() != shared_values {
                    listed // the member narrows the values
                } else {
                    match &member.component {
                        Some(name) if listed.is_empty() || listed.contains(name) => vec![name.clone()],
                        _ => Vec::new(),
                    }
                };
            }
            if own.is_empty() && !member.is_base {
                let message = format!(
                    "this member has no value of the discriminator `{property}` of its own (no mapping, no value it alone allows); the union is decoded by shape instead"
                );
                self.warn(&member.ptr, message);
                return None;
            }
            tags.push(own);
        }
        for (key, target) in &mapped {
            if !members.iter().any(|m| target.as_deref() == Some(&m.target)) {
                let message = format!("`{key}` maps to a schema that is not one of the union's members; values with this tag are kept as unrecognized");
                self.warn(&push_pointer(&mapping_ptr, key), message);
            }
        }
        if !distinct(&tags) {
            self.warn(disc_ptr, format!("two members share a value of the discriminator `{property}`; the union is decoded by shape instead"));
            return None;
        }
        Some(TagPlan { property, tags })
    }

    /// Tags the members carry without a `discriminator`: a property every member declares
    /// with the values it allows (a one-value `enum`, 3.1's `const`, directly or through a
    /// `$ref`), no value shared by two members (`{type: {enum: [vpc]}}`). A property every
    /// member requires comes first, then one some leave optional (3.1 documents often forget
    /// `required`; a value without it is kept, unchanged, as unrecognized); within each, the
    /// first by name. When a member lists no value for the property, no property is a tag.
    fn implicit_tags(&mut self, members: &[Member<'a>], merged: &[Merged<'a>]) -> Option<TagPlan> {
        let first = merged.first()?;
        if members.len() < 2 {
            return None;
        }
        let mut candidates: Vec<&str> = first.props.keys().copied().collect();
        candidates.sort_by_cached_key(|property| (!merged.iter().all(|m| m.required.contains(property)), *property));
        candidates.into_iter().find_map(|property| {
            let tags: Vec<Vec<String>> = merged.iter().map(|m| self.listed_strings(m, property)).collect();
            (tags.iter().all(|t| !t.is_empty()) && distinct(&tags)).then(|| TagPlan { property: property.to_string(), tags })
        })
    }

    /// The strings the schema of property `name` lists (`enum`, or `const` in 3.1), through
    /// references and `allOf` wrappers; empty when it lists none.
    fn listed_strings(&self, merged: &Merged<'a>, name: &str) -> Vec<String> {
        let Some((prop, prop_ptr)) = merged.props.get(name) else { return Vec::new() };
        let (mut s, mut ptr) = (*prop, prop_ptr.clone());
        for _ in 0..MAX_DEPTH {
            let Ok((schema, here)) = self.deref(s, &ptr) else { return Vec::new() };
            let flat = Flat::of(schema);
            if flat.all_of.len() == 1 && flat.enum_values.is_empty() {
                (s, ptr) = (flat.all_of[0], flat.all_of_ptr(&here, 0));
                continue;
            }
            return flat.enum_values.iter().filter_map(Value::as_str).map(str::to_string).collect();
        }
        Vec::new()
    }

    /// How much a variant of an untagged union accepts, least first: decoding tries them in
    /// this order.
    fn generality(&mut self, ty: &TypeRef, member: &Member<'a>, merged: &Merged<'a>) -> Result<Rank, Error> {
        let required = merged.required.iter().filter(|r| merged.props.contains_key(*r)).count();
        let class = match ty {
            TypeRef::Json => 5,
            TypeRef::Map(_) => 4,
            // From the member's schema, not from the types built so far: those depend on the
            // order the document is walked in.
            TypeRef::Named(_) => {
                let (schema, target) = self.deref(member.site, &member.ptr)?;
                let flat = Flat::of(schema);
                if is_string_enum(&flat) || self.enum_union(&flat, &target)?.is_some() {
                    1
                } else if union_members(&flat).len() > 1 && !flat.shapes_object() {
                    3
                } else if required > 0 {
                    0
                } else {
                    4
                }
            }
            TypeRef::String => 2,
            TypeRef::F32 | TypeRef::F64 => 1,
            _ => 0,
        };
        Ok((class, std::cmp::Reverse(required)))
    }

    /// A name for an inline member of a union, from what the member says of itself: its
    /// `title`, the one value it allows (`enum: [name_ascending]`), or the one value its
    /// required tag property allows (`kind: {enum: [vpc]}`).
    pub(super) fn member_label(&self, schema: &'a Schema, ptr: &str) -> Option<String> {
        let flat = Flat::of(schema);
        let label = |text: &str| Some(naming::bare(&naming::type_name(text)).to_string());
        if let Some(title) = flat.data.title.as_deref().filter(|t| !t.trim().is_empty()) {
            return label(title);
        }
        if let [Value::String(only)] = flat.enum_values.as_slice() {
            return label(only);
        }
        let mut required: Vec<&(&str, SRef<'a>)> = flat.properties.iter().filter(|(wire, _)| flat.required.iter().any(|r| r == wire)).collect();
        required.sort_by_key(|(wire, _)| *wire);
        let tag = required.iter().find_map(|(wire, prop)| {
            let prop_ptr = push_pointer(&format!("{ptr}/properties"), wire);
            let (prop_schema, _) = self.deref(*prop, &prop_ptr).ok()?;
            match Flat::of(prop_schema).enum_values.as_slice() {
                [Value::String(tag)] => label(tag),
                _ => None,
            }
        });
        // Else by the properties it requires, or has: `{if_index}` gives `IfIndex`, `{id,
        // name}` `IdAndName`, more the first of them by name.
        tag.or_else(|| {
            let mut names: Vec<&str> = if required.is_empty() { flat.properties.iter().map(|(n, _)| *n).collect() } else { required.iter().map(|(n, _)| *n).collect() };
            names.sort_unstable();
            match names.as_slice() {
                [] => None,
                [one] => label(one),
                [a, b] => label(&format!("{a}_and_{b}")),
                [first, ..] => label(first),
            }
        })
    }
}

/// How general a variant is: a class (0 for objects with required properties and for
/// scalars, up to 5 for any JSON value) and, within one, fewer required properties later.
type Rank = (u8, std::cmp::Reverse<usize>);

/// Whether no tag value belongs to two members.
fn distinct(tags: &[Vec<String>]) -> bool {
    let mut seen = HashSet::new();
    tags.iter().flatten().all(|t| seen.insert(t))
}

/// The members of a `oneOf`/`anyOf` that are not just `null`, with their pointer suffixes.
pub(super) fn union_members<'a>(flat: &Flat<'a>) -> Vec<(SRef<'a>, String)> {
    let one = flat.one_of.iter().enumerate().map(|(i, s)| (*s, format!("/oneOf/{i}")));
    let any = flat.any_of.iter().enumerate().map(|(i, s)| (*s, format!("/anyOf/{i}")));
    one.chain(any)
        .filter(|(s, _)| match s {
            SRef::Inline(schema) => {
                let f = Flat::of(schema);
                let only_null = !f.enum_values.is_empty() && f.enum_values.iter().all(Value::is_null);
                // `{nullable: true}` and nothing else: the member that admits `null`.
                let says_only_nullable = f.data.nullable && f.only_annotates();
                !(f.typ == Some("null") || only_null || says_only_nullable)
            }
            SRef::Ref(_) => true,
        })
        .collect()
}

/// Whether a `oneOf`/`anyOf` lists a member that is just `null` (`{type: "null"}`,
/// `{const: null}`, `{nullable: true}`): a value of the union may be `null`, whatever the
/// other members become (one type, an enum of their constants, a union).
pub(super) fn admits_null(flat: &Flat<'_>) -> bool {
    union_members(flat).len() < flat.one_of.len() + flat.any_of.len()
}

pub(super) fn variant_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Bool => "Boolean",
        TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64 | TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::String => "String",
        TypeRef::Uuid => "Uuid",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Json => "Json",
        TypeRef::Bytes => "Bytes",
        TypeRef::File => "File",
        TypeRef::Upload => "Upload",
        TypeRef::Base64 => "Base64",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(_) => "Nullable",
        TypeRef::Named(_) | TypeRef::Boxed(_) => "Object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ir::{Api, TypeKind};
    use serde_json::{json, Value};

    /// The API of a 3.1 document with these component schemas.
    fn api_of(schemas: Value) -> Api {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
        let loaded = crate::load::parse(std::path::Path::new("doc.json"), &doc.to_string()).expect("a document");
        resolve(&loaded, &Config::default()).expect("resolves").api
    }

    /// The kind of type of a document whose only schema is `Mode`.
    fn kind(mode: Value) -> TypeKind {
        api_of(json!({"Mode": mode})).type_def("Mode").expect("the type").kind.clone()
    }

    /// (wire, name) of each value, when the schema is an integer enum.
    fn integer_values(mode: Value) -> Option<Vec<(String, String)>> {
        match kind(mode) {
            TypeKind::Enum(e) if e.integer => Some(e.values.into_iter().map(|v| (v.wire, v.name)).collect()),
            _ => None,
        }
    }

    fn pairs(values: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(values.iter().map(|(w, n)| (w.to_string(), n.to_string())).collect())
    }

    #[test]
    fn integer_constants_are_an_enum_named_by_their_titles() {
        let mode = json!({"type": "integer", "oneOf": [{"title": "NORMAL", "const": 0}, {"title": "BURST", "const": 1, "description": "Flat out."}]});
        assert_eq!(integer_values(mode), pairs(&[("0", "Normal"), ("1", "Burst")]));
    }

    #[test]
    fn integer_constants_without_titles_are_named_by_their_values() {
        let mode = json!({"anyOf": [{"const": 0}, {"const": -1}, {"const": 1}, {"type": "null"}]});
        assert_eq!(integer_values(mode), pairs(&[("0", "Value0"), ("-1", "ValueMinus1"), ("1", "Value1")]));
    }

    #[test]
    fn members_that_are_not_all_integer_constants_stay_a_union() {
        let mixed = json!({"oneOf": [{"const": 0}, {"type": "object", "properties": {"a": {"type": "string"}}}]});
        assert!(matches!(kind(mixed), TypeKind::Union(_)));
        let ranges = json!({"oneOf": [{"const": 0}, {"type": "integer", "minimum": 5}]});
        assert!(integer_values(ranges).is_none());
        // String constants are the string enum they always were.
        let strings = json!({"oneOf": [{"title": "A", "const": "a"}, {"const": "b"}]});
        assert!(matches!(kind(strings), TypeKind::Enum(e) if !e.integer && e.values.len() == 2));
        // Integers and text together are no enum of one kind.
        let kinds = json!({"oneOf": [{"const": 0}, {"const": "a"}]});
        assert!(matches!(kind(kinds), TypeKind::Union(_)));
    }

    #[test]
    fn string_constants_are_an_enum_named_by_their_values_with_their_descriptions() {
        let mode = json!({"anyOf": [{"const": "low", "description": "Gently."}, {"title": "Highest", "const": "high"}, {"const": null}]});
        let TypeKind::Enum(e) = kind(mode) else { panic!("an enum") };
        assert!(!e.integer);
        let values: Vec<(&str, &str, Option<&str>)> = e.values.iter().map(|v| (v.wire.as_str(), v.name.as_str(), v.description.as_deref())).collect();
        assert_eq!(values, [("low", "Low", Some("Gently.")), ("high", "High", Some("Highest"))]);
    }

    /// Whether each field of the struct `name` may be `null`, by wire name.
    fn nullable_fields(api: &Api, name: &str) -> Vec<(String, bool)> {
        match &api.type_def(name).expect("the struct").kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| (f.wire_name.clone(), f.nullable)).collect(),
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn a_null_member_of_constants_makes_the_enum_nullable() {
        let api = api_of(json!({
            "Mode": {"oneOf": [{"title": "NORMAL", "const": 0}, {"title": "BURST", "const": 1}, {"type": "null"}]},
            "Level": {"anyOf": [{"const": "low"}, {"const": "high"}, {"const": null}]},
            "Plain": {"oneOf": [{"const": 0}, {"const": 1}]},
            "Thing": {
                "type": "object",
                "required": ["by_ref", "inline", "level", "plain"],
                "properties": {
                    "by_ref": {"$ref": "#/components/schemas/Mode"},
                    "inline": {"oneOf": [{"const": 0, "title": "OFF"}, {"const": 1, "title": "ON"}, {"type": "null"}]},
                    "level": {"$ref": "#/components/schemas/Level"},
                    "plain": {"$ref": "#/components/schemas/Plain"}
                }
            }
        }));
        let expected = [("by_ref", true), ("inline", true), ("level", true), ("plain", false)];
        assert_eq!(nullable_fields(&api, "Thing"), expected.map(|(n, b)| (n.to_string(), b)));
        assert!(matches!(&api.type_def("Mode").expect("Mode").kind, TypeKind::Enum(e) if e.integer && e.values.len() == 2));
    }

    /// The tag property and each variant's tags, when the union `name` is tagged.
    fn tags(api: &Api, name: &str) -> Option<(String, Vec<Vec<String>>)> {
        match &api.type_def(name).expect("the union").kind {
            TypeKind::Union(u) => u.tag.as_ref().map(|t| (t.property.clone(), u.variants.iter().map(|v| v.tags.clone()).collect())),
            other => panic!("not a union: {other:?}"),
        }
    }

    fn tag_plan(property: &str, tags: &[&str]) -> Option<(String, Vec<Vec<String>>)> {
        Some((property.to_string(), tags.iter().map(|t| vec![t.to_string()]).collect()))
    }

    #[test]
    fn a_constant_every_object_member_declares_is_the_tag() {
        let api = api_of(json!({
            "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"}, {"$ref": "#/components/schemas/Square"}]},
            "CircleKind": {"type": "string", "const": "circle"},
            // The constant through a `$ref`, and neither member requires it (3.1 documents
            // often leave `required` out).
            "Circle": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/CircleKind"}, "radius": {"type": "number"}}},
            "Square": {"type": "object", "properties": {"kind": {"const": "square"}, "side": {"type": "number"}}},
            // A property every member requires comes before one they leave optional.
            "Pet": {"anyOf": [
                {"type": "object", "required": ["species"], "properties": {"a_flag": {"const": "x"}, "species": {"enum": ["cat"]}}},
                {"type": "object", "required": ["species"], "properties": {"a_flag": {"const": "y"}, "species": {"enum": ["dog"]}}}
            ]}
        }));
        assert_eq!(tags(&api, "Shape"), tag_plan("kind", &["circle", "square"]));
        assert_eq!(tags(&api, "Pet"), tag_plan("species", &["cat", "dog"]));
    }

    #[test]
    fn a_constant_not_every_member_has_or_two_share_is_no_tag() {
        let api = api_of(json!({
            // `Credit` has no `object`: a value without one could be any member.
            "Funding": {"anyOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Bank"}, {"$ref": "#/components/schemas/Credit"}]},
            // Both members say `object: card`.
            "Twins": {"anyOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/CardAgain"}]},
            "Card": {"type": "object", "required": ["object"], "properties": {"object": {"const": "card"}, "last4": {"type": "string"}}},
            "CardAgain": {"type": "object", "required": ["object", "deleted"], "properties": {"object": {"const": "card"}, "deleted": {"const": true}}},
            "Bank": {"type": "object", "required": ["object"], "properties": {"object": {"const": "bank_account"}, "routing": {"type": "string"}}},
            "Credit": {"type": "object", "required": ["last4"], "properties": {"last4": {"type": "string"}, "limit": {"type": "integer"}}}
        }));
        assert_eq!(tags(&api, "Funding"), None);
        assert_eq!(tags(&api, "Twins"), None);
    }
}
