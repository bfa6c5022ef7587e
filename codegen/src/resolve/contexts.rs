//! Contexts: which schemas are sent, received or both, and which of them look different
//! each way (`readOnly`/`writeOnly` inside).

use super::*;

impl<'a> Resolver<'a> {
    /// Records, for every component schema, whether operations send it, receive it, or both.
    /// An operation that cannot be read is skipped here; `operations` reports it.
    pub(super) fn mark_usage(&mut self) {
        let mut seen = HashSet::new();
        for (path, _, op, op_ptr) in self.operation_list() {
            let _ = self.mark_operation(path, op, &op_ptr, &mut seen);
        }
    }

    pub(super) fn mark_operation(
        &mut self,
        path: &str,
        op: &'a openapiv3::Operation,
        op_ptr: &str,
        seen: &mut HashSet<(String, Ctx, bool)>,
    ) -> Result<(), Error> {
        let mut uses = Vec::new();
        for (p, ptr) in self.params_of(path, op, op_ptr)? {
            if let Some((schema, sptr)) = param_schema(p, &ptr) {
                uses.push((schema, sptr, Ctx::Request));
            }
        }
        if let Some((medias, _, _)) = self.request_body(op, op_ptr)? {
            uses.extend(medias.into_iter().filter_map(|m| m.schema).map(|(s, p)| (s, p, Ctx::Request)));
        }
        for response in self.responses(op, op_ptr)? {
            uses.extend(response.body.and_then(|b| b.schema).map(|(s, p)| (s, p, Ctx::Response)));
        }
        for (schema, ptr, ctx) in uses {
            self.mark(schema, &ptr, ctx, true, seen)?;
        }
        Ok(())
    }

    /// Marks the components `s` uses as a type in `ctx`. Members of an `allOf` that is merged
    /// into a struct are not used as types themselves, only their properties are.
    pub(super) fn mark(
        &mut self,
        s: SRef<'a>,
        pointer: &str,
        ctx: Ctx,
        used_as_type: bool,
        seen: &mut HashSet<(String, Ctx, bool)>,
    ) -> Result<(), Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if let SRef::Ref(_) = s {
            if !seen.insert((ptr.clone(), ctx, used_as_type)) {
                return Ok(());
            }
            if used_as_type {
                let entry = self.usage.entry(ptr.clone()).or_default();
                match ctx {
                    Ctx::Request => entry.0 = true,
                    _ => entry.1 = true,
                }
            }
        }
        let flat = Flat::of(schema);
        let merged = flat.all_of.len() > 1 || (flat.all_of.len() == 1 && flat.shapes_object());
        let all_of_prefix = format!("{ptr}/allOf/");
        for (child, child_ptr) in children(&flat, &ptr) {
            let member_of_merge = merged && child_ptr.starts_with(&all_of_prefix);
            self.mark(child, &child_ptr, ctx, !member_of_merge && (used_as_type || !child_ptr.starts_with(&all_of_prefix)), seen)?;
        }
        Ok(())
    }

    /// Whether the schema looks different when sent and when received.
    pub(super) fn is_sensitive(&mut self, s: SRef<'a>, pointer: &str) -> Result<bool, Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if let Some(known) = self.sensitive.get(&ptr) {
            return Ok(*known);
        }
        self.sensitive.insert(ptr.clone(), false); // a cycle adds nothing
        let flat = Flat::of(schema);
        let mut answer = false;
        for (child, child_ptr) in children(&flat, &ptr) {
            let (child_schema, _) = self.deref(child, &child_ptr)?;
            let child_flat = Flat::of(child_schema);
            let is_property = child_ptr.starts_with(&format!("{ptr}/properties/"));
            if (is_property && child_flat.says(|d| d.read_only || d.write_only))
                || self.is_sensitive(child, &child_ptr)?
            {
                answer = true;
                break;
            }
        }
        self.sensitive.insert(ptr, answer);
        Ok(answer)
    }

    /// The contexts a component gets a type for, and the suffix of each type's name.
    pub(super) fn contexts_of(&mut self, s: SRef<'a>, ptr: &str) -> Result<Vec<(Ctx, &'static str)>, Error> {
        if !self.is_sensitive(s, ptr)? {
            return Ok(vec![(Ctx::Neutral, "")]);
        }
        Ok(match self.usage.get(ptr).copied().unwrap_or((false, false)) {
            (true, true) => vec![(Ctx::Response, ""), (Ctx::Request, "Input")],
            (true, false) => vec![(Ctx::Request, "")],
            _ => vec![(Ctx::Response, "")],
        })
    }

}
