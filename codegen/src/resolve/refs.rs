//! Following references: `$ref` chains to the schema they end at, remembered once walked.

use super::*;

/// How much of an error's message a failing reference keeps at each end. The error is
/// copied for every link of a chain that leads to it and every use of them: one quoting a
/// reference of megabytes would cost as much each time.
const KEPT: usize = 300;

/// `error`, its message cut to its first and last [`KEPT`] bytes (about) when longer.
fn bounded(error: &Error) -> Error {
    let message = &error.message;
    if message.len() <= 2 * KEPT + 100 {
        return error.clone();
    }
    let mut head = KEPT;
    while !message.is_char_boundary(head) {
        head -= 1;
    }
    let mut tail = message.len() - KEPT;
    while !message.is_char_boundary(tail) {
        tail += 1;
    }
    let message = format!("{}… ({} bytes not shown) …{}", &message[..head], tail - head, &message[tail..]);
    Error { location: error.location.clone(), message, help: error.help.clone() }
}

impl<'a> Resolver<'a> {
    /// Why `reference` cannot be followed, when bundling found it broken.
    pub(super) fn broken_reason(&self, reference: &str) -> Option<&'a Error> {
        crate::load::bundle::broken_reason(self.broken, reference)
    }

    /// Resolves a local reference of the form `#/components/<section>/<name>` in `map`,
    /// following references between components. Returns the item and its pointer. Where a
    /// chain of references ends, or why it cannot be followed, is remembered for every link of
    /// it, so a chain is walked once however often it is used and from whichever link; a
    /// chain that fails gives every link the same error (the place of the fault), which the
    /// warnings then report once.
    pub(super) fn lookup_in<T>(
        &self,
        map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
        section: &str,
        reference: &str,
        from: &str,
    ) -> Result<(&'a T, String), Error> {
        let prefix = format!("#/components/{section}/");
        let mut reference = reference;
        // Where `reference` is written: `from`, then the component of each link.
        let mut at = from.to_string();
        let mut chain: Vec<&str> = Vec::new();
        let mut seen = HashSet::new();
        let end = loop {
            if let Some(end) = reference.strip_prefix(&prefix).and_then(|_| self.chain_ends.borrow().get(reference).cloned()) {
                break end;
            }
            if let Some(error) = self.broken_reason(reference) {
                break Err(bounded(error));
            }
            if !reference.starts_with('#') {
                break Err(self.errors.at(
                    &at,
                    format!("external $ref `{reference}` is not supported"),
                    "bundle the referenced document into this one (for example with `redocly bundle`) so that every $ref starts with `#/`",
                ));
            }
            let Some(name) = reference.strip_prefix(&prefix) else {
                break Err(self.errors.at(
                    &at,
                    format!("$ref `{reference}` does not point at an entry of #/components/{section}"),
                    format!("refer to a named entry, `{prefix}<name>`; move nested definitions there"),
                ));
            };
            let name = pointer_key(name);
            let pointer = push_pointer(&format!("/components/{section}"), &name);
            let Some(entry) = map.and_then(|m| m.get(&name)) else {
                break Err(self.errors.at(
                    &at,
                    format!("$ref `{reference}` points at nothing: there is no {pointer}"),
                    "fix the reference or add the missing definition",
                ));
            };
            match entry {
                ReferenceOr::Item(_) => break Ok(name),
                ReferenceOr::Reference { reference: next } => {
                    if !seen.insert(pointer.clone()) {
                        break Err(self.errors.at(
                            &pointer,
                            "this $ref refers to itself through other references",
                            "break the cycle of references",
                        ));
                    }
                    chain.push(reference);
                    at = pointer;
                    reference = next;
                }
            }
        };
        let end = end.map_err(|error| bounded(&error));
        let mut ends = self.chain_ends.borrow_mut();
        for link in chain {
            ends.insert(link.to_string(), end.clone());
        }
        let found = end?;
        ends.insert(reference.to_string(), Ok(found.clone()));
        let pointer = push_pointer(&format!("/components/{section}"), &found);
        match map.and_then(|m| m.get(&found)) {
            Some(ReferenceOr::Item(item)) => Ok((item, pointer)),
            _ => Err(self.errors.bug(&pointer, "a chain of references ends at nothing")),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document with the component schemas `S0..S{n-1}`, each only a reference to the next,
    /// `S{n}` a reference to `last`, and an object `Thing`.
    fn chain(n: usize, last: &str) -> Loaded {
        let link = |to: String| json!({"$ref": format!("#/components/schemas/{to}")});
        let mut schemas: serde_json::Map<String, Value> = (0..n).map(|i| (format!("S{i}"), link(format!("S{}", i + 1)))).collect();
        schemas.insert(format!("S{n}"), link(last.to_string()));
        schemas.insert("Thing".into(), json!({"type": "object"}));
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
        crate::load::parse(std::path::Path::new("chain.json"), &doc.to_string()).unwrap()
    }

    #[test]
    fn a_failing_chain_is_decided_once_for_every_link() {
        let config = Config::default();
        for (last, fault, message) in [
            ("Missing", "/components/schemas/S50", "points at nothing"),
            ("S50", "/components/schemas/S50", "refers to itself"),
            ("S0", "/components/schemas/S0", "refers to itself"),
        ] {
            let loaded = chain(50, last);
            let r = Resolver::new(&loaded, &config);
            let error = r.schema("#/components/schemas/S0", "/paths/~1x").unwrap_err();
            assert_eq!(error.location.pointer, fault, "{last}: {error}");
            assert!(error.message.contains(message), "{last}: {error}");
            // Every link remembers the same failure: asked again from any of them, nothing is
            // walked, and each gives the one error the warnings report once.
            let ends = r.chain_ends.borrow().clone();
            for i in 0..=50 {
                let reference = format!("#/components/schemas/S{i}");
                assert_eq!(ends.get(&reference), Some(&Err(error.clone())), "{last}: S{i}");
                assert_eq!(r.schema(&reference, "/elsewhere").unwrap_err(), error, "{last}: S{i}");
            }
        }
    }

    #[test]
    fn a_chain_ending_at_a_name_of_megabytes_keeps_a_short_error() {
        let loaded = chain(50, &"é".repeat(500_000));
        let config = Config::default();
        let r = Resolver::new(&loaded, &config);
        let error = r.schema("#/components/schemas/S0", "/paths/~1x").unwrap_err();
        assert_eq!(error.location.pointer, "/components/schemas/S50");
        assert!(error.message.len() < 1000, "{} bytes", error.message.len());
        // Both ends stay: what the reference is, and why it cannot be followed.
        assert!(error.message.starts_with("$ref `#/components/schemas/éé") && error.message.ends_with("éé in the spec"), "{}", error.message);
        assert!(r.chain_ends.borrow().values().all(|end| end.as_ref().is_err_and(|e| e.message.len() < 1000)));
    }

    #[test]
    fn a_chain_that_ends_well_is_remembered_for_every_link() {
        let loaded = chain(20, "Thing");
        let config = Config::default();
        let r = Resolver::new(&loaded, &config);
        let (_, pointer) = r.schema("#/components/schemas/S0", "/paths/~1x").unwrap();
        assert_eq!(pointer, "/components/schemas/Thing");
        let ends = r.chain_ends.borrow();
        assert!((0..=20).all(|i| ends.get(&format!("#/components/schemas/S{i}")) == Some(&Ok("Thing".to_string()))), "{ends:?}");
    }
}
