//! Types: the type of each use of a schema, the named types it defines (structs, enums,
//! aliases), built one after the other from a queue, and `allOf` merged into structs.

use super::*;

impl<'a> Resolver<'a> {
    pub(super) fn name_components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else { return };
        // By key, so that two schemas whose names collide are told apart the same way
        // whatever order the document lists them in.
        let mut entries: Vec<_> = components.schemas.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, entry) in entries {
            let ptr = push_pointer("/components/schemas", key);
            let base = naming::type_name(key);
            let s = match entry {
                ReferenceOr::Item(schema) => SRef::Inline(schema),
                ReferenceOr::Reference { reference } => SRef::Ref(reference),
            };
            // A component that cannot be read is reported where it is built.
            let contexts = self.contexts_of(s, &ptr).unwrap_or_else(|_| vec![(Ctx::Neutral, "")]);
            for (ctx, suffix) in contexts {
                let name = self.type_names.claim(format!("{}{suffix}", naming::bare(&base)));
                self.named.insert((ptr.clone(), ctx), name);
            }
        }
    }


    /// Builds every component schema (those no operation uses too), each in its contexts. A
    /// component that cannot be built is left out with a warning.
    pub(super) fn components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else { return };
        for (key, entry) in &components.schemas {
            let ptr = push_pointer("/components/schemas", key);
            if let Err(error) = self.component(entry, &ptr) {
                self.left_out(&format!("schema `{key}`"), error);
            }
        }
        let mut next = 0;
        while let Some((schema, ptr, ctx, name)) = self.pending.get(next).cloned() {
            next += 1;
            // Built, or failed (the failure is reported once, and what uses it is dropped).
            if self.types.contains_key(&name) || !self.attempted.insert(name.clone()) {
                continue;
            }
            if let Err(error) = self.define_named(schema, &ptr, ctx, name) {
                let key = pointer_key(ptr.rsplit('/').next().unwrap_or_default());
                self.left_out(&format!("schema `{key}`"), error);
            }
        }
        self.pending.clear();
    }

    /// Builds a component schema in each of its contexts. A component that is only a reference
    /// to another is an alias of the type that one gives, as an `allOf` wrapper is: a copy
    /// would repeat the other's fields once per component referring to it. Its contexts are
    /// those of the schema the reference leads to, decided once for all references to it.
    pub(super) fn component(&mut self, entry: &'a ReferenceOr<Schema>, ptr: &str) -> Result<(), Error> {
        let (s, schema) = match entry {
            ReferenceOr::Item(schema) => (SRef::Inline(schema), schema),
            ReferenceOr::Reference { reference } => (SRef::Ref(reference), self.schema(reference, ptr)?.0),
        };
        for (ctx, _) in self.contexts_of(s, ptr)? {
            let Some(name) = self.named.get(&(ptr.to_string(), ctx)).cloned() else { continue };
            if self.types.contains_key(&name) || !self.attempted.insert(name.clone()) {
                continue;
            }
            match s {
                SRef::Inline(_) => self.define_named(schema, ptr, ctx, name)?,
                SRef::Ref(_) => {
                    let (target, _) = self.type_of(s, ptr, ctx, &name)?;
                    let info = Info::of(&Flat::of(schema));
                    let docs = Docs { description: info.description, deprecated: info.deprecated, ..Docs::default() };
                    let kind = TypeKind::Alias(target);
                    self.types.insert(name.clone(), TypeDef { name, docs, pointer: ptr.to_string(), kind, groups: Vec::new(), sent: false, validates: false });
                }
            }
        }
        Ok(())
    }

    /// Reports a piece of the document that cannot be generated and is left out: the warning
    /// names the innermost place of the fault, in the file that holds it. One fault gives one
    /// warning: whatever else it leaves out (every link of a chain of references that ends at
    /// it, the operations using them) is named in that warning.
    pub(super) fn left_out(&mut self, what: &str, error: Error) {
        // Whatever was being followed when the fault was found is not finished.
        self.following.clear();
        let fault = (error.location.file.clone(), error.location.pointer.clone(), error.message.clone());
        if let Some(known) = self.faults.get_mut(&fault) {
            if known.what.insert(what.to_string()) {
                self.warnings[known.warning].message = known.message(&error.message);
            }
            return;
        }
        let left = LeftOut { warning: self.warnings.len(), what: IndexSet::from([what.to_string()]) };
        let mut warning = Warning::at(&error.location.pointer, left.message(&error.message));
        if error.location.file != self.errors.file() {
            let folder = self.errors.file().parent().unwrap_or(std::path::Path::new(""));
            warning.file = error.location.file.strip_prefix(folder).unwrap_or(&error.location.file).to_path_buf();
            warning.line = error.location.line_col.map(|(line, _)| line);
        }
        self.faults.insert(fault, left);
        self.warnings.push(warning);
    }

    /// The type of a use of a schema, and what the use says about it.
    pub(super) fn type_of(
        &mut self,
        s: SRef<'a>,
        pointer: &str,
        ctx: Ctx,
        hint: &str,
    ) -> Result<(TypeRef, Info), Error> {
        match s {
            SRef::Ref(reference) => {
                let (schema, ptr) = self.schema(reference, pointer)?;
                let flat = Flat::of(schema);
                if self.defines_type(&flat, &ptr)? {
                    let name = self.named_type(schema, &ptr, ctx)?;
                    let info = Info { nullable: flat.says(|d| d.nullable) || admits_null(&flat), ..Info::default() };
                    return Ok((TypeRef::Named(name), info));
                }
                if let Some(known) = self.aliases.get(&(ptr.clone(), ctx)) {
                    return Ok(known.clone());
                }
                if self.following.contains(&ptr) {
                    let message = format!(
                        "{ptr} contains itself without passing through an object; Rust cannot express that"
                    );
                    self.warn(&ptr, format!("{message}; the inner use is typed as any JSON value"));
                    return Ok((TypeRef::Json, Info::default()));
                }
                self.check_depth(self.following.len(), &ptr, "references to schemas that stand for another")?;
                self.following.push(ptr.clone());
                let hint = naming::type_name(ptr.rsplit('/').next().unwrap_or(hint));
                let result = self.inline_type(schema, &ptr, ctx, &hint);
                self.following.pop();
                if let Ok(known) = &result {
                    self.aliases.insert((ptr, ctx), known.clone());
                }
                result
            }
            SRef::Inline(schema) => self.inline_type(schema, pointer, ctx, hint),
        }
    }

    /// Whether the schema becomes a type of its own (struct, enum or union) rather than a
    /// built-in type. An `allOf` wrapping one schema is what it wraps: the chain of wrappers
    /// is followed once, and the answer remembered for every link.
    pub(super) fn defines_type(&mut self, flat: &Flat<'a>, ptr: &str) -> Result<bool, Error> {
        let mut chain = vec![ptr.to_string()];
        let mut current: Option<Flat<'a>> = None;
        let answer = loop {
            let here = chain.last().expect("never empty").clone();
            if let Some(&known) = self.defines.get(&here) {
                break known;
            }
            let f = current.as_ref().unwrap_or(flat);
            if f.all_of.len() == 1 && !f.shapes_object() {
                let (inner, inner_ptr) = self.deref(f.all_of[0], &f.all_of_ptr(&here, 0))?;
                if chain.contains(&inner_ptr) {
                    let cycle = chain.iter().chain([&inner_ptr]).cloned().collect::<Vec<_>>().join(" -> ");
                    return Err(self.errors.at(
                        &f.all_of_ptr(&here, 0),
                        format!("cyclic allOf: {cycle}"),
                        "a schema cannot include itself through allOf; reference it from a property instead",
                    ));
                }
                self.check_depth(chain.len(), &here, "schemas that only wrap another in `allOf`")?;
                chain.push(inner_ptr);
                current = Some(Flat::of(inner));
                continue;
            }
            break if !f.all_of.is_empty() {
                self.is_objectish(f, &here)?
            } else if !f.one_of.is_empty() || !f.any_of.is_empty() {
                union_members(f).len() > 1
            } else {
                is_string_enum(f) || !f.properties.is_empty()
            };
        };
        for link in chain {
            self.defines.insert(link, answer);
        }
        Ok(answer)
    }

    /// Whether an `allOf` describes an object: it says so, or one of its members (through
    /// their own `allOf`s) does.
    pub(super) fn is_objectish(&mut self, flat: &Flat<'a>, ptr: &str) -> Result<bool, Error> {
        let mut seen = HashSet::new();
        let mut stack = vec![(flat.clone(), ptr.to_string())];
        while let Some((flat, ptr)) = stack.pop() {
            if flat.typ == Some("object") || flat.shapes_object() {
                return Ok(true);
            }
            for (i, member) in flat.all_of.iter().enumerate() {
                let (schema, mptr) = self.deref(*member, &flat.all_of_ptr(&ptr, i))?;
                if seen.insert(mptr.clone()) {
                    stack.push((Flat::of(schema), mptr));
                }
            }
        }
        Ok(false)
    }

    /// An error where following one schema to the next has gone `depth` links deep: no API
    /// description needs that many, and each link would cost stack or output.
    pub(super) fn check_depth(&self, depth: usize, ptr: &str, what: &str) -> Result<(), Error> {
        if depth < MAX_DEPTH {
            return Ok(());
        }
        Err(self.errors.at(
            ptr,
            format!("a chain of {what} reaches {MAX_DEPTH} links here; longer chains are not followed"),
            "shorten the chain: refer to the schema the chain ends at directly",
        ))
    }

    /// The name of the type for a component schema that defines one; the type is built
    /// later (see `pending`).
    pub(super) fn named_type(&mut self, schema: &'a Schema, ptr: &str, ctx: Ctx) -> Result<String, Error> {
        let ctx = if self.is_sensitive(SRef::Inline(schema), ptr)? {
            if ctx == Ctx::Neutral { Ctx::Response } else { ctx }
        } else {
            Ctx::Neutral
        };
        if let Some(name) = self.named.get(&(ptr.to_string(), ctx)).cloned() {
            // Component names are decided up front.
            if !self.types.contains_key(&name) {
                self.pending.push((schema, ptr.to_string(), ctx, name.clone()));
            }
            return Ok(name);
        }
        let key = pointer_key(ptr.rsplit('/').next().unwrap_or("Type"));
        let suffix = if ctx == Ctx::Request { "Input" } else { "" };
        let name = self.type_names.claim(format!("{}{suffix}", naming::bare(&naming::type_name(&key))));
        self.named.insert((ptr.to_string(), ctx), name.clone());
        self.pending.push((schema, ptr.to_string(), ctx, name.clone()));
        Ok(name)
    }

    /// Registers and builds an inline schema that defines a type, named from `hint`.
    pub(super) fn inline_named(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        ctx: Ctx,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        let key_ctx = if self.is_sensitive(SRef::Inline(schema), ptr)? { ctx } else { Ctx::Neutral };
        if let Some(name) = self.named.get(&(ptr.to_string(), key_ctx)) {
            return Ok(TypeRef::Named(name.clone()));
        }
        let hint = match component_hint(ptr, &self.member_labels) {
            Some(from_pointer) if key_ctx == Ctx::Request => format!("{from_pointer}Input"),
            Some(from_pointer) => from_pointer,
            None => hint.to_string(),
        };
        let name = self.type_names.claim(hint);
        self.named.insert((ptr.to_string(), key_ctx), name.clone());
        self.define_named(schema, ptr, ctx, name.clone())?;
        Ok(TypeRef::Named(name))
    }

    /// Builds the definition of a named type.
    pub(super) fn define_named(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        ctx: Ctx,
        name: String,
    ) -> Result<(), Error> {
        let flat = Flat::of(schema);
        let info = Info::of(&flat);
        let docs = Docs { description: info.description.clone(), deprecated: info.deprecated.clone(), ..Docs::default() };
        let kind = if !self.defines_type(&flat, ptr)? {
            // Only components get here: a named alias for a built-in type.
            TypeKind::Alias(self.inline_type(schema, ptr, ctx, &name)?.0)
        } else if flat.all_of.len() == 1 && !flat.shapes_object() {
            TypeKind::Alias(self.type_of(flat.all_of[0], &flat.all_of_ptr(ptr, 0), ctx, &name)?.0)
        } else if let Some(values) = self.enum_union(&flat, ptr)? {
            TypeKind::Enum(values)
        } else if let Some(union) = self.shared_union(schema, &flat, ptr)? {
            TypeKind::Union(self.build_shared_union(schema, ptr, union, ctx, &name)?)
        } else if let Some(union) = self.extended_union(schema, ptr, ctx, &name)? {
            TypeKind::Union(union)
        } else if !flat.all_of.is_empty() || !flat.properties.is_empty() {
            TypeKind::Struct(self.build_struct(schema, ptr, ctx, &name)?)
        } else if is_string_enum(&flat) {
            TypeKind::Enum(build_enum(&flat))
        } else {
            TypeKind::Union(self.build_union(&flat, ptr, ctx, &name)?)
        };
        self.types.insert(name.clone(), TypeDef { name, docs, pointer: ptr.to_string(), kind, groups: Vec::new(), sent: false, validates: false });
        Ok(())
    }

    pub(super) fn inline_type(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        ctx: Ctx,
        hint: &str,
    ) -> Result<(TypeRef, Info), Error> {
        let flat = Flat::of(schema);
        let info = Info::of(&flat);
        if flat.all_of.len() == 1 && !flat.shapes_object() {
            let (ty, inner) = self.type_of(flat.all_of[0], &flat.all_of_ptr(ptr, 0), ctx, hint)?;
            return Ok((ty, info.over(inner)));
        }
        if self.defines_type(&flat, ptr)? {
            return Ok((self.inline_named(schema, ptr, ctx, hint)?, info));
        }
        if !flat.all_of.is_empty() {
            // allOf of non-object schemas: the first member gives the type.
            let (ty, inner) = self.type_of(flat.all_of[0], &flat.all_of_ptr(ptr, 0), ctx, hint)?;
            return Ok((ty, info.over(inner)));
        }
        let members = union_members(&flat);
        if !flat.one_of.is_empty() || !flat.any_of.is_empty() {
            // One real member (the others being `null`, which `info` says): that member.
            return match members.first() {
                Some((member, member_ptr)) => {
                    let (ty, inner) = self.type_of(*member, &format!("{ptr}{member_ptr}"), ctx, hint)?;
                    Ok((ty, info.over(inner)))
                }
                None => Ok((TypeRef::Json, Info { nullable: true, ..info })),
            };
        }
        let stringish = flat.format.is_some()
            || flat.pattern.is_some()
            || flat.constraints.min_length.is_some()
            || flat.constraints.max_length.is_some();
        let numberish = flat.constraints.minimum.is_some() || flat.constraints.maximum.is_some();
        let ty = match flat.typ {
            Some("string") => string_type(flat.format.as_deref()),
            Some("integer") => match flat.format.as_deref() {
                Some("int8") => TypeRef::I8,
                Some("int16") => TypeRef::I16,
                Some("int32") => TypeRef::I32,
                Some("uint8") => TypeRef::U8,
                Some("uint16") => TypeRef::U16,
                Some("uint32") => TypeRef::U32,
                Some("uint64" | "uint") => TypeRef::U64,
                _ => TypeRef::I64,
            },
            Some("number") => match flat.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array_type(&flat, ptr, ctx, hint)?,
            Some("object") => self.map_type(&flat, ptr, ctx, hint)?,
            Some("null") => TypeRef::Json,
            Some(other) => {
                self.warn(ptr, format!("unknown type `{other}`; typed as any JSON value"));
                TypeRef::Json
            }
            None if flat.items.is_some() => self.array_type(&flat, ptr, ctx, hint)?,
            None if flat.additional.is_some() => self.map_type(&flat, ptr, ctx, hint)?,
            None if stringish => string_type(flat.format.as_deref()),
            None if numberish => TypeRef::F64,
            None => TypeRef::Json,
        };
        let mut info = info;
        if flat.enum_values.iter().any(Value::is_null) {
            info.nullable = true;
        }
        if let TypeRef::Array(_) = ty {
            if let Some(items) = flat.items {
                let (item_schema, _) = self.deref(items, &format!("{ptr}/items"))?;
                let item_info = Info::of(&Flat::of(item_schema));
                if !item_info.constraints.is_empty() {
                    info.constraints.items = Some(Box::new(item_info.constraints));
                }
            }
        }
        Ok((ty, info))
    }

    pub(super) fn array_type(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, hint: &str) -> Result<TypeRef, Error> {
        let Some(items) = flat.items else { return Ok(TypeRef::Array(Box::new(TypeRef::Json))) };
        let (ty, info) = self.type_of(items, &format!("{ptr}/items"), ctx, &format!("{hint}Item"))?;
        Ok(TypeRef::Array(Box::new(if info.nullable { TypeRef::Nullable(Box::new(ty)) } else { ty })))
    }

    pub(super) fn map_type(&mut self, flat: &Flat<'a>, ptr: &str, ctx: Ctx, hint: &str) -> Result<TypeRef, Error> {
        match flat.additional {
            Some(Additional::Schema(value)) => {
                let (ty, info) = self.type_of(value, &format!("{ptr}/additionalProperties"), ctx, &format!("{hint}Value"))?;
                        Ok(TypeRef::Map(Box::new(if info.nullable { TypeRef::Nullable(Box::new(ty)) } else { ty })))
            }
            _ => Ok(TypeRef::Json),
        }
    }

    pub(super) fn merge(&mut self, s: SRef<'a>, pointer: &str, merged: &mut Merged<'a>, stack: &mut Vec<String>) -> Result<(), Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if stack.contains(&ptr) {
            let chain = stack.iter().chain(std::iter::once(&ptr)).cloned().collect::<Vec<_>>().join(" -> ");
            return Err(self.errors.at(
                pointer,
                format!("cyclic allOf: {chain}"),
                "a schema cannot include itself through allOf; reference it from a property instead",
            ));
        }
        self.check_depth(stack.len(), pointer, "schemas merged through `allOf`")?;
        stack.push(ptr.clone());
        let flat = Flat::of(schema);
        for (i, member) in flat.all_of.iter().enumerate() {
            self.merge(*member, &flat.all_of_ptr(&ptr, i), merged, stack)?;
        }
        if union_members(&flat).len() > 1 {
            merged.unions.push((ptr.clone(), schema));
        }
        if let (None, Some(d)) = (&merged.discriminator, &flat.data.discriminator) {
            merged.discriminator = Some((d, ptr.clone()));
        }
        merged.visited.push(ptr.clone());
        for (name, prop) in &flat.properties {
            let prop_ptr = push_pointer(&format!("{ptr}/properties"), name);
            merged.props.insert(name, (*prop, prop_ptr));
        }
        merged.required.extend(flat.required.iter().map(String::as_str));
        if let Some(additional) = flat.additional {
            merged.additional = Some((additional, format!("{ptr}/additionalProperties")));
        }
        merged.min_properties = flat.min_properties.or(merged.min_properties);
        merged.max_properties = flat.max_properties.or(merged.max_properties);
        stack.pop();
        Ok(())
    }

    pub(super) fn build_struct(&mut self, schema: &'a Schema, ptr: &str, ctx: Ctx, name: &str) -> Result<Struct, Error> {
        self.build_struct_of(&[(SRef::Inline(schema), ptr.to_string())], None, ctx, name)
    }

    /// The properties the shapes of the union at `ptr` have and `merged` does not.
    pub(super) fn added_by_union(&mut self, ptr: &str, union: &'a Schema, merged: &Merged<'a>) -> Result<BTreeSet<&'a str>, Error> {
        let mut added = BTreeSet::new();
        for (member, suffix) in union_members(&Flat::of(union)) {
            let shape = self.merged(&[(member, format!("{ptr}{suffix}"))])?;
            added.extend(shape.props.keys().copied().filter(|p| !merged.props.contains_key(p)));
        }
        Ok(added)
    }

    /// The properties of `parts`, merged in order.
    pub(super) fn merged(&mut self, parts: &[(SRef<'a>, String)]) -> Result<Merged<'a>, Error> {
        let mut merged = Merged::default();
        for (part, part_ptr) in parts {
            self.merge(*part, part_ptr, &mut merged, &mut vec![])?;
        }
        Ok(merged)
    }

    /// A struct of the properties of `parts`, merged in order. A union met on the way (other
    /// than `distributed`, whose members the caller makes types of their own) cannot be
    /// expressed in one struct: the warning names the site and what is lost.
    pub(super) fn build_struct_of(&mut self, parts: &[(SRef<'a>, String)], distributed: Option<&str>, ctx: Ctx, name: &str) -> Result<Struct, Error> {
        let merged = self.merged(parts)?;
        let site = parts[0].1.clone();
        for (union, union_schema) in merged.unions.iter().filter(|(u, _)| Some(u.as_str()) != distributed) {
            let lost = self.added_by_union(union, union_schema, &merged)?;
            if !lost.is_empty() {
                let lost = lost.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
                let message = format!("`{name}` cannot also be one of the shapes of the oneOf/anyOf at {union}; left out: {lost}");
                self.warn(&site, message);
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        let received_only = self.only_received(&site, ctx);
        // Fields by name: the order of `properties` is not meaning.
        let mut props: Vec<_> = merged.props.iter().collect();
        props.sort_by(|a, b| a.0.cmp(b.0));
        for (wire, (prop, prop_ptr)) in props {
            let hint = naming::joined(name, &naming::type_name(wire));
            let (ty, info) = self.type_of(*prop, prop_ptr, ctx, &hint)?;
            let (skip_read, skip_write) = (ctx == Ctx::Request && info.read_only, ctx == Ctx::Response && info.write_only);
            if skip_read || skip_write {
                continue;
            }
            fields.push(Field {
                wire_name: wire.to_string(),
                name: scope.claim(naming::field_name(wire)),
                ty,
                // A deprecated property is on its way out: the type received does not fail to
                // decode on the day the server stops sending it.
                required: merged.required.contains(wire) && !(ctx == Ctx::Response && info.deprecated.is_some()),
                nullable: info.nullable,
                received_only,
                constraints: info.constraints,
                docs: Docs { description: info.description, deprecated: info.deprecated, default: info.default, summary: None },
            });
        }
        // Properties besides the named ones are kept in a map of their own: typed where the
        // description types them, else as received (OpenAPI allows any unless it says
        // `additionalProperties: false`) in a type that is received: one only ever sent has
        // nothing to keep.
        let keeps_unlisted = !self.only_sent(&site, ctx);
        let additional = match &merged.additional {
            Some((Additional::Schema(value), additional_ptr)) => {
                let hint = naming::joined(name, "Value");
                let (ty, info) = self.type_of(*value, additional_ptr, ctx, &hint)?;
                let ty = if info.nullable && ty != TypeRef::Json { TypeRef::Nullable(Box::new(ty)) } else { ty };
                Some((scope.claim("additional_properties".to_string()), ty))
            }
            Some((Additional::Any(false), _)) => None,
            Some((Additional::Any(true), _)) | None if keeps_unlisted => Some((scope.claim("additional_properties".to_string()), TypeRef::Json)),
            Some((Additional::Any(_), _)) | None => None,
        };
        Ok(Struct { fields, additional, min_properties: merged.min_properties, max_properties: merged.max_properties, envelope: None })
    }
}

/// A name for an inline schema inside a component, made from its pointer so that it does not
/// depend on which operation reached it first: `/components/schemas/Pet/properties/owner/items`
/// gives `PetOwnerItem`; a union member that names itself (`member_labels`) gives that name.
pub(super) fn component_hint(ptr: &str, member_labels: &HashMap<String, String>) -> Option<String> {
    let rest = ptr.strip_prefix("/components/")?;
    let mut segments = rest.split('/').map(pointer_key);
    let _section = segments.next()?;
    let first = segments.next()?;
    let mut name = naming::bare(&naming::type_name(&first)).to_string();
    let mut here = push_pointer(&format!("/components/{_section}"), &first);
    while let Some(segment) = segments.next() {
        here = push_pointer(&here, &segment);
        match segment.as_str() {
            "properties" => {
                let property = segments.next()?;
                here = push_pointer(&here, &property);
                name.push_str(naming::bare(&naming::type_name(&property)));
            }
            "items" => name.push_str("Item"),
            "additionalProperties" => name.push_str("Value"),
            "oneOf" | "anyOf" => {
                let index = segments.next()?;
                here = push_pointer(&here, &index);
                match member_labels.get(&here) {
                    Some(label) => name = naming::joined(&name, label),
                    None => name.push_str(&format!("Variant{index}")),
                }
            }
            "allOf" | "content" => {
                if let Some(next) = segments.next() {
                    here = push_pointer(&here, &next);
                }
            }
            _ => {}
        }
    }
    Some(name)
}

/// The schemas directly inside this one, with their pointers.
pub(super) fn children<'a>(flat: &Flat<'a>, ptr: &str) -> Vec<(SRef<'a>, String)> {
    let mut out = Vec::new();
    for (name, prop) in &flat.properties {
        out.push((*prop, push_pointer(&format!("{ptr}/properties"), name)));
    }
    if let Some(items) = flat.items {
        out.push((items, format!("{ptr}/items")));
    }
    if let Some(Additional::Schema(s)) = flat.additional {
        out.push((s, format!("{ptr}/additionalProperties")));
    }
    out.extend(flat.all_of_with_ptrs(ptr));
    for (kw, list) in [("oneOf", &flat.one_of), ("anyOf", &flat.any_of)] {
        for (i, s) in list.iter().enumerate() {
            out.push((*s, format!("{ptr}/{kw}/{i}")));
        }
    }
    out
}

pub(super) fn is_string_enum(flat: &Flat<'_>) -> bool {
    flat.typ.is_none_or(|t| t == "string")
        && flat.properties.is_empty()
        && flat.enum_values.iter().any(Value::is_string)
        && flat.enum_values.iter().all(|v| v.is_string() || v.is_null())
}

pub(super) fn build_enum(flat: &Flat<'_>) -> Enum {
    enum_of(flat.enum_values.iter().filter_map(Value::as_str).map(|v| (v, None)))
}

/// An enum of `values` (each with its description, if any); a value listed twice is one.
pub(super) fn enum_of<'v>(values: impl Iterator<Item = (&'v str, Option<String>)>) -> Enum {
    let fallback = "Unrecognized".to_string();
    let mut scope = Scope::with_reserved(&[&fallback]);
    let mut seen = HashSet::new();
    let values = values
        .filter(|(v, _)| seen.insert(*v))
        .map(|(v, description)| EnumValue { wire: v.to_string(), name: scope.claim(naming::type_name(v)), description })
        .collect();
    Enum { values, fallback, integer: false }
}

/// An enum of integers (`value`, its name, its description), named by their `title` where
/// they have one; a value listed twice is one.
pub(super) fn integer_enum_of(values: Vec<(i64, Option<String>, Option<String>)>) -> Enum {
    let fallback = "Unrecognized".to_string();
    let mut scope = Scope::with_reserved(&[&fallback]);
    let mut seen = HashSet::new();
    let values = values
        .into_iter()
        .filter(|(v, _, _)| seen.insert(*v))
        .map(|(v, title, description)| {
            let name = match title {
                Some(title) => naming::type_name(&title),
                None => naming::type_name(&format!("value {}", if v < 0 { format!("minus {}", v.unsigned_abs()) } else { v.to_string() })),
            };
            EnumValue { wire: v.to_string(), name: scope.claim(name), description }
        })
        .collect();
    Enum { values, fallback, integer: true }
}

pub(super) fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("uuid") => TypeRef::Uuid,
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("binary") => TypeRef::File,
        Some("byte") => TypeRef::Base64,
        _ => TypeRef::String,
    }
}
