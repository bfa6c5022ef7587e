//! Security: the schemes of `components.securitySchemes` the client can send, and each
//! operation's requirements (its own `security`, else the document's; `[]` means none).

use super::*;
use crate::ir::{ParamLocation, SchemeKind, SecurityScheme};
use openapiv3::{ReferenceOr, SecurityRequirement};

impl<'a> Resolver<'a> {
    /// The schemes, by name; one the client cannot send is a warning.
    pub(super) fn schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = self.doc.components.as_ref() else { return Vec::new() };
        let mut out = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let ptr = push_pointer("/components/securitySchemes", name);
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => {
                    match self.lookup_in(Some(&components.security_schemes), "securitySchemes", reference, &ptr) {
                        Ok((scheme, _)) => scheme,
                        Err(e) => {
                            self.warn(&ptr, format!("security scheme `{name}` cannot be followed ({}); operations that need it cannot be authenticated", e.message));
                            continue;
                        }
                    }
                }
            };
            use openapiv3::SecurityScheme as S;
            let (kind, description) = match scheme {
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => (SchemeKind::Bearer, description),
                S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => (SchemeKind::Basic, description),
                S::HTTP { scheme, .. } => {
                    self.warn(&ptr, format!("security scheme `{name}` is HTTP `{scheme}`, which the client cannot send; operations that need it cannot be authenticated"));
                    continue;
                }
                S::APIKey { location, name: key, description, .. } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (SchemeKind::ApiKey { location, name: key.clone() }, description)
                }
                // The user gets the token by the flow; the client sends it as a bearer token.
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => (SchemeKind::Bearer, description),
            };
            out.push(SecurityScheme { name: name.clone(), kind, description: description.clone() });
        }
        // By name: the order of a map is not meaning.
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// An operation's requirements: alternatives naming known schemes. An alternative that
    /// names a scheme the client cannot send is dropped, with a warning.
    pub(super) fn security_of(&mut self, own: Option<&'a Vec<SecurityRequirement>>, op_ptr: &str, schemes: &[SecurityScheme]) -> Vec<Vec<String>> {
        let (requirements, ptr) = match own {
            Some(own) => (own, format!("{op_ptr}/security")),
            None => match &self.doc.security {
                Some(doc) => (doc, "/security".to_string()),
                None => return Vec::new(),
            },
        };
        let mut out = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let unknown: Vec<&String> = requirement.keys().filter(|name| !schemes.iter().any(|s| &s.name == *name)).collect();
            if let Some(name) = unknown.first() {
                self.warn(&format!("{ptr}/{i}"), format!("security requirement names `{name}`, which is not a scheme the client can send; this alternative is left out"));
                continue;
            }
            // The schemes of one alternative all go; their order is not meaning.
            let mut names: Vec<String> = requirement.keys().cloned().collect();
            names.sort();
            out.push(names);
        }
        out
    }
}
