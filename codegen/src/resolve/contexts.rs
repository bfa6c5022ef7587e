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
        // What webhooks and callbacks bring is received.
        for sent in self.incoming_operations() {
            let Ok(Some((medias, _, _))) = self.request_body(sent.op, &sent.ptr) else { continue };
            for (schema, sptr) in medias.into_iter().filter_map(|m| m.schema) {
                let _ = self.mark(schema, &sptr, Ctx::Response, true, &mut seen);
            }
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
    /// into a struct are not used as types themselves, only their properties are. The schemas
    /// below are walked from a stack, not by recursion, so no depth of nesting costs stack.
    pub(super) fn mark(
        &mut self,
        s: SRef<'a>,
        pointer: &str,
        ctx: Ctx,
        used_as_type: bool,
        seen: &mut HashSet<(String, Ctx, bool)>,
    ) -> Result<(), Error> {
        let mut stack = vec![(s, pointer.to_string(), used_as_type)];
        while let Some((s, pointer, used_as_type)) = stack.pop() {
            let (schema, ptr) = self.deref(s, &pointer)?;
            if let SRef::Ref(_) = s {
                if !seen.insert((ptr.clone(), ctx, used_as_type)) {
                    continue;
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
            // Reversed, so that children are taken in the document's order.
            for (child, child_ptr) in children(&flat, &ptr).into_iter().rev() {
                let in_all_of = child_ptr.starts_with(&all_of_prefix);
                let member_of_merge = merged && in_all_of;
                stack.push((child, child_ptr, !member_of_merge && (used_as_type || !in_all_of)));
            }
        }
        Ok(())
    }

    /// Whether the schema looks different when sent and when received: whether it reaches
    /// a property marked `readOnly` or `writeOnly`. The schemas it reaches that are not decided
    /// yet are explored without recursion, then decided together: sensitive when they reach
    /// a marked property or a schema already known to be sensitive (walking the edges
    /// backwards from those). A cycle therefore gets one answer for all its schemas, whatever
    /// schema of it is asked first.
    pub(super) fn is_sensitive(&mut self, s: SRef<'a>, pointer: &str) -> Result<bool, Error> {
        let (schema, ptr) = self.deref(s, pointer)?;
        if let Some(known) = self.sensitive.get(&ptr) {
            return Ok(*known);
        }
        // Explored schema -> (the schemas it contains, whether it has a marked property).
        let mut explored: IndexMap<String, (Vec<String>, bool)> = IndexMap::new();
        let mut stack = vec![(schema, ptr.clone())];
        while let Some((schema, ptr)) = stack.pop() {
            if explored.contains_key(&ptr) || self.sensitive.contains_key(&ptr) {
                continue;
            }
            let flat = Flat::of(schema);
            let (mut inside, mut marked) = (Vec::new(), false);
            for (child, child_ptr) in children(&flat, &ptr) {
                let (child_schema, target) = self.deref(child, &child_ptr)?;
                let is_property = child_ptr.starts_with(&format!("{ptr}/properties/"));
                marked |= is_property && Flat::of(child_schema).says(|d| d.read_only || d.write_only);
                inside.push(target.clone());
                stack.push((child_schema, target));
            }
            explored.insert(ptr, (inside, marked));
        }
        let mut contained_by: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut sensitive: Vec<&str> = Vec::new();
        for (ptr, (inside, marked)) in &explored {
            if *marked || inside.iter().any(|c| self.sensitive.get(c) == Some(&true)) {
                sensitive.push(ptr);
            }
            for child in inside {
                contained_by.entry(child.as_str()).or_default().push(ptr);
            }
        }
        let mut decided: HashSet<&str> = sensitive.iter().copied().collect();
        while let Some(ptr) = sensitive.pop() {
            for &owner in contained_by.get(ptr).into_iter().flatten() {
                if decided.insert(owner) {
                    sensitive.push(owner);
                }
            }
        }
        let answers: Vec<(String, bool)> = explored.keys().map(|p| (p.clone(), decided.contains(p.as_str()))).collect();
        self.sensitive.extend(answers);
        Ok(self.sensitive.get(&ptr).copied().unwrap_or(false))
    }

    /// Whether the type built from the schema at `ptr` in `ctx` is only ever received: a
    /// response type, or one whose component operations only receive (or an inline schema of
    /// a response). Its optional nullable fields need not tell absent from `null`.
    pub(super) fn only_received(&self, ptr: &str, ctx: Ctx) -> bool {
        self.directions(ptr, ctx) == (false, true)
    }

    /// Whether the type built from the schema at `ptr` in `ctx` is only ever sent: a request
    /// type, or one whose component operations only send (or an inline schema of a request
    /// body or parameter). Nothing received is decoded into it.
    pub(super) fn only_sent(&self, ptr: &str, ctx: Ctx) -> bool {
        self.directions(ptr, ctx) == (true, false)
    }

    /// Whether values of the type built from the schema at `ptr` in `ctx` are (sent, received).
    fn directions(&self, ptr: &str, ctx: Ctx) -> (bool, bool) {
        match ctx {
            Ctx::Response => (false, true),
            Ctx::Request => (true, false),
            Ctx::Neutral => match ptr.strip_prefix("/components/schemas/") {
                Some(rest) => {
                    let component = format!("/components/schemas/{}", rest.split('/').next().unwrap_or(rest));
                    self.usage.get(&component).copied().unwrap_or((false, false))
                }
                None => {
                    let response = ptr.contains("/responses/");
                    (ptr.starts_with("/paths/") && !response, response && ptr.starts_with("/paths/"))
                }
            },
        }
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
