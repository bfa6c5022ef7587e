//! Following references: `$ref` chains to the schema they end at, remembered once walked.

use super::*;

impl<'a> Resolver<'a> {
    /// Why `reference` cannot be followed, when bundling found it broken.
    pub(super) fn broken_reason(&self, reference: &str) -> Option<&'a Error> {
        let n = reference.strip_prefix(crate::load::bundle::BROKEN)?.parse::<usize>().ok()?;
        self.broken.get(n)
    }

    /// Resolves a local reference of the form `#/components/<section>/<name>` in `map`,
    /// following references between components. Returns the item and its pointer. Where a
    /// chain of references ends is remembered, so a chain is walked once however often it
    /// is used.
    pub(super) fn lookup_in<T>(
        &self,
        map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
        section: &str,
        reference: &str,
        from: &str,
    ) -> Result<(&'a T, String), Error> {
        let prefix = format!("#/components/{section}/");
        let mut reference = reference;
        let mut chain: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        let found = loop {
            if let Some(end) = reference.strip_prefix(&prefix).and_then(|_| self.chain_ends.borrow().get(reference).cloned()) {
                break end;
            }
            if let Some(error) = self.broken_reason(reference) {
                return Err(error.clone());
            }
            if !reference.starts_with('#') {
                return Err(self.errors.at(
                    from,
                    format!("external $ref `{reference}` is not supported"),
                    "bundle the referenced document into this one (for example with `redocly bundle`) so that every $ref starts with `#/`",
                ));
            }
            let name = reference.strip_prefix(&prefix).ok_or_else(|| {
                self.errors.at(
                    from,
                    format!("$ref `{reference}` does not point at an entry of #/components/{section}"),
                    format!("refer to a named entry, `{prefix}<name>`; move nested definitions there"),
                )
            })?;
            let name = pointer_key(name);
            let pointer = push_pointer(&format!("/components/{section}"), &name);
            let entry = map.and_then(|m| m.get(&name)).ok_or_else(|| {
                self.errors.at(
                    from,
                    format!("$ref `{reference}` points at nothing: there is no {pointer}"),
                    "fix the reference or add the missing definition",
                )
            })?;
            match entry {
                ReferenceOr::Item(_) => break name,
                ReferenceOr::Reference { reference: next } => {
                    if !seen.insert(pointer.clone()) {
                        return Err(self.errors.at(
                            &pointer,
                            "this $ref refers to itself through other references",
                            "break the cycle of references",
                        ));
                    }
                    chain.push(reference);
                    reference = next;
                }
            }
        };
        let mut ends = self.chain_ends.borrow_mut();
        for link in chain {
            ends.insert(link.to_string(), found.clone());
        }
        ends.insert(reference.to_string(), found.clone());
        let pointer = push_pointer(&format!("/components/{section}"), &found);
        match map.and_then(|m| m.get(&found)) {
            Some(ReferenceOr::Item(item)) => Ok((item, pointer)),
            _ => Err(self.errors.at(&pointer, "a chain of references ends at nothing", "this is a bug in the generator; please report it with the spec")),
        }
    }

    pub(super) fn schema(&self, reference: &str, from: &str) -> Result<(&'a Schema, String), Error> {
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        self.lookup_in(components, "schemas", reference, from)
    }

    /// The schema itself and the pointer where it is written.
    pub(super) fn deref(&self, s: SRef<'a>, pointer: &str) -> Result<(&'a Schema, String), Error> {
        match s {
            SRef::Ref(r) => self.schema(r, pointer),
            SRef::Inline(schema) => Ok((schema, pointer.to_string())),
        }
    }
}
