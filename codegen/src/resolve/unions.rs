//! Unions: `oneOf`/`anyOf`, their members and the names of their variants.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn build_union(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, name: &str) -> Result<Vec<Variant>, Error> {
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for (i, (member, member_ptr)) in union_members(flat).into_iter().enumerate() {
            let member_ptr = format!("{ptr}{member_ptr}");
            let label = match member {
                SRef::Inline(schema) => self.member_label(schema, &member_ptr),
                SRef::Ref(_) => None,
            };
            if let Some(label) = &label {
                self.member_labels.insert(member_ptr.clone(), label.clone());
            }
            let hint = naming::joined(name, label.as_deref().unwrap_or(&format!("Variant{i}")));
            let (ty, _) = self.type_of(member, &member_ptr, ctx, &hint)?;
            let base = match (&ty, &label) {
                (_, Some(label)) => label.clone(),
                (TypeRef::Named(n), None) => n.strip_prefix(naming::bare(name)).filter(|s| !s.is_empty()).unwrap_or(n).to_string(),
                (other, None) => variant_label(other).to_string(),
            };
            variants.push(Variant { name: scope.claim(naming::type_name(&base)), ty });
        }
        Ok(variants)
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
        flat.properties.iter().filter(|(wire, _)| flat.required.iter().any(|r| r == wire)).find_map(|(wire, prop)| {
            let prop_ptr = push_pointer(&format!("{ptr}/properties"), wire);
            let (prop_schema, _) = self.deref(*prop, &prop_ptr).ok()?;
            match Flat::of(prop_schema).enum_values.as_slice() {
                [Value::String(tag)] => label(tag),
                _ => None,
            }
        })
    }
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
                let says_only_nullable = f.data.nullable
                    && f.typ.is_none()
                    && f.properties.is_empty()
                    && f.enum_values.is_empty()
                    && f.items.is_none()
                    && f.additional.is_none()
                    && f.all_of.is_empty()
                    && f.one_of.is_empty()
                    && f.any_of.is_empty();
                !(f.typ == Some("null") || only_null || says_only_nullable)
            }
            SRef::Ref(_) => true,
        })
        .collect()
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
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Nullable(_) => "Nullable",
        TypeRef::Named(_) | TypeRef::Boxed(_) => "Object",
    }
}
