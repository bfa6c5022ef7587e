//! The requests an API sends to its users' servers: OpenAPI 3.1 `webhooks` and operations'
//! `callbacks`. Each one's JSON payload is a received type, and together they are one union
//! (`Webhook`), decoded by the rules of any other: by a tag where the payloads carry one
//! (a `type: {const: batch.completed}` property, a discriminator), else by shape.

use super::*;

/// A webhook or callback found in the document, its payload resolved.
pub(super) struct Incoming<'a> {
    webhook: Webhook,
    /// The payload's schema and its pointer.
    schema: (SRef<'a>, String),
}

/// A webhook's or callback's operation in the document.
pub(super) struct Sent<'a> {
    /// See [`Webhook::name`].
    name: String,
    /// See [`Webhook::callback`].
    callback: Option<(String, String)>,
    method: Method,
    pub(super) op: &'a openapiv3::Operation,
    pub(super) ptr: String,
}

/// The module of the webhooks: `webhooks`, else `incoming_webhooks`, ... where a root resource
/// (PagerDuty's, GitHub's) has the name.
pub(super) fn module_name(resources: &[Resource]) -> String {
    let roots: Vec<&str> = resources.iter().filter(|r| r.parent.is_none()).map(|r| r.module.as_str()).collect();
    let mut scope = Scope::with_reserved(&roots);
    ["webhooks", "incoming_webhooks"].into_iter().find(|name| !scope.contains(name)).map_or_else(|| scope.claim("incoming_webhooks".into()), String::from)
}

impl<'a> Resolver<'a> {
    /// Every webhook's and callback's operation, in document order (webhooks, then each
    /// operation's callbacks), named (see [`Webhook::name`]).
    pub(super) fn incoming_operations(&self) -> Vec<Sent<'a>> {
        let mut out = Vec::new();
        for (name, item) in self.webhooks_doc {
            for (method, op) in item_operations(item) {
                let ptr = push_pointer(&push_pointer("/webhooks", name), &method.as_str().to_lowercase());
                out.push(Sent { name: name.clone(), callback: None, method, op, ptr });
            }
        }
        for (path, method, op, op_ptr) in self.operation_list() {
            let operation = op.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.as_str().to_lowercase()));
            for (key, callback) in &op.callbacks {
                let key_ptr = push_pointer(&format!("{op_ptr}/callbacks"), key);
                for (expression, item) in callback {
                    for (method, callback_op) in item_operations(item) {
                        let ptr = push_pointer(&push_pointer(&key_ptr, expression), &method.as_str().to_lowercase());
                        let callback = Some((operation.clone(), expression.clone()));
                        out.push(Sent { name: key.clone(), callback, method, op: callback_op, ptr });
                    }
                }
            }
        }
        // A name given twice is told apart: a callback by its operation, then by the method.
        let shared = |list: &[Sent<'a>]| -> Vec<bool> { list.iter().map(|s| list.iter().filter(|t| t.name == s.name).count() > 1).collect() };
        let twice = shared(&out);
        for (sent, shared) in out.iter_mut().zip(twice) {
            if let (true, Some((operation, _))) = (shared, &sent.callback) {
                sent.name = format!("{operation}.{}", sent.name);
            }
        }
        let twice = shared(&out);
        for (sent, shared) in out.iter_mut().zip(twice) {
            if shared {
                sent.name = format!("{}.{}", sent.name, sent.method.as_str().to_lowercase());
            }
        }
        out
    }

    /// The webhooks and callbacks with a JSON payload, each payload's type built (an inline
    /// one named after the webhook). One without a body, or whose body is not JSON, is left
    /// out with a warning, and one whose payload cannot be built is left out as an operation
    /// would be.
    pub(super) fn webhooks(&mut self) -> Vec<Incoming<'a>> {
        let mut out = Vec::new();
        for Sent { name, callback, method, op, ptr } in self.incoming_operations() {
            let what = format!("{} `{name}`", if callback.is_some() { "callback" } else { "webhook" });
            let medias = match self.request_body(op, &ptr) {
                Ok(Some((medias, _, _))) => medias,
                Ok(None) => {
                    self.warn(&ptr, format!("{what} has no request body; it is left out"));
                    continue;
                }
                Err(error) => {
                    self.left_out(&what, error);
                    continue;
                }
            };
            let Some(media) = medias.into_iter().find(|m| m.encoding == BodyEncoding::Json && m.schema.is_some()) else {
                self.warn(&ptr, format!("{what} has no JSON body with a schema; it is left out (its body is the receiver's to read)"));
                continue;
            };
            let Some((site, schema_ptr)) = media.schema else { continue };
            let hint = naming::joined(&naming::type_name(&name), "Payload");
            let payload = match self.type_of(site, &schema_ptr, Ctx::Response, &hint) {
                Ok((ty, _)) => ty,
                Err(error) => {
                    self.left_out(&what, error);
                    continue;
                }
            };
            let docs = Docs {
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated: deprecation_note(op.deprecated, &op.extensions, op.description.as_deref().or(op.summary.as_deref())),
                default: None,
            };
            let webhook = Webhook { name, variant: String::new(), callback, method, content_type: media.media_type.to_string(), payload, docs };
            out.push(Incoming { webhook, schema: (site, schema_ptr) });
        }
        out
    }

    /// The union of the payloads of `incoming` whose types are complete (the others are left
    /// out, with a warning), as the type `Webhook` (`WebhookEvent` where a schema has that
    /// name), each variant named after the first webhook whose payload it holds.
    pub(super) fn webhook_union(&mut self, incoming: Vec<Incoming<'a>>) -> Option<Webhooks> {
        let mut kept = Vec::new();
        for item in incoming {
            let missing = missing_names(&item.webhook.payload, &self.types);
            match missing.first() {
                Some(name) => {
                    let kind = if item.webhook.callback.is_some() { "callback" } else { "webhook" };
                    self.warn(&item.schema.1, format!("{kind} `{}` is left out: its payload needs type `{name}`, which could not be built", item.webhook.name));
                }
                None => kept.push(item),
            }
        }
        if kept.is_empty() {
            return None;
        }
        // One member per payload type: webhooks that send the same type share a variant.
        let mut members = Vec::new();
        let mut seen: Vec<&TypeRef> = Vec::new();
        for item in &kept {
            if !seen.contains(&&item.webhook.payload) {
                seen.push(&item.webhook.payload);
                members.push(item.schema.clone());
            }
        }
        let type_name = if self.type_names.contains("Webhook") { "WebhookEvent" } else { "Webhook" };
        let type_name = self.type_names.claim(type_name.to_string());
        let mut built = Vec::new();
        for (site, ptr) in members {
            match self.member(site, ptr) {
                Ok(member) => built.push(member),
                Err(error) => {
                    self.left_out("the webhooks' enum", error);
                    return None;
                }
            }
        }
        let mut union = match self.union_of(built, None, None, Ctx::Response, &type_name) {
            Ok(union) => union,
            Err(error) => {
                self.left_out("the webhooks' enum", error);
                return None;
            }
        };
        // Variants are named after their webhooks, in the union's order; the fallback last.
        let mut scope = Scope::new();
        for variant in &mut union.variants {
            let first = kept.iter().find(|item| item.webhook.payload == variant.ty).map(|item| naming::type_name(&item.webhook.name));
            variant.name = scope.claim(first.unwrap_or_else(|| variant.name.clone()));
        }
        if let Some(tag) = &mut union.tag {
            tag.fallback = scope.claim("Unrecognized".to_string());
        }
        let list: Vec<Webhook> = kept
            .into_iter()
            .map(|item| {
                let variant = union.variants.iter().find(|v| v.ty == item.webhook.payload).map(|v| v.name.clone()).unwrap_or_default();
                Webhook { variant, ..item.webhook }
            })
            .collect();
        let description = "A request the API sends: one variant per payload of its webhooks and callbacks (see the crate's webhooks module).";
        let docs = Docs { description: Some(description.into()), ..Docs::default() };
        // No schema of the document is this type: its pointer is empty, and its docs name none.
        let def = TypeDef { name: type_name.clone(), docs, pointer: String::new(), kind: TypeKind::Union(union), groups: Vec::new(), sent: false, validates: false };
        self.types.insert(type_name.clone(), def);
        Some(Webhooks { module: String::new(), type_name, list, types: Vec::new(), signature: self.config.webhooks.signature })
    }
}

#[cfg(test)]
mod tests {
    /// The webhooks of a 3.1 JSON document.
    fn webhooks(doc: serde_json::Value) -> Option<crate::ir::Webhooks> {
        let loaded = crate::load::parse(std::path::Path::new("a.json"), &doc.to_string()).expect("the document loads");
        crate::resolve::resolve(&loaded, &crate::config::Config::default()).expect("it resolves").api.webhooks
    }

    fn sends(schema: serde_json::Value) -> serde_json::Value {
        serde_json::json!({"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": {"200": {"description": "ok"}}}})
    }

    #[test]
    fn a_resource_named_webhooks_keeps_its_name_and_callbacks_named_alike_are_told_apart() {
        let callback = |schema| serde_json::json!({"hook": {"{$request.body#/url}": sends(schema)}});
        let op = |id: &str, schema| serde_json::json!({"operationId": id, "tags": ["webhooks"], "responses": {"200": {"description": "ok"}}, "callbacks": callback(schema)});
        let doc = serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": op("subscribeA", serde_json::json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}))},
                      "/b": {"post": op("subscribeB", serde_json::json!({"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}))}},
            "webhooks": {"ping": sends(serde_json::json!({"type": "object", "required": ["zen"], "properties": {"zen": {"type": "string"}}}))}
        });
        let webhooks = webhooks(doc).expect("webhooks");
        assert_eq!(webhooks.module, "incoming_webhooks", "the `webhooks` resource keeps its module");
        let names: Vec<(&str, &str)> = webhooks.list.iter().map(|w| (w.name.as_str(), w.variant.as_str())).collect();
        assert_eq!(names, [("ping", "Ping"), ("subscribeA.hook", "SubscribeAHook"), ("subscribeB.hook", "SubscribeBHook")]);
        assert_eq!(webhooks.list[1].callback, Some(("subscribeA".to_string(), "{$request.body#/url}".to_string())));
    }

    #[test]
    fn a_document_without_json_payloads_has_no_webhooks() {
        let doc = serde_json::json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "webhooks": {"ping": {"post": {"responses": {"200": {"description": "ok"}}}}}});
        assert_eq!(webhooks(doc), None);
    }
}
