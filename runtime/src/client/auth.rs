//! Credentials: the security schemes of the description, set in code or read from the
//! environment, and applied to each request by the operation's own requirements.

use super::{Api, Error};
use std::collections::BTreeMap;
use std::fmt;

/// A secret that never shows in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, to put in a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// A security scheme of the description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub struct Scheme {
    /// Its name among the description's `securitySchemes`.
    pub name: &'static str,
    pub kind: SchemeKind,
    /// The environment variables it is read from: one, or for HTTP basic the user name's
    /// and the password's.
    pub env: &'static [&'static str],
}

/// How a scheme is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic <user:password in base64>`.
    Basic,
    /// A key in a header, query parameter or cookie of this name.
    ApiKey { location: KeyLocation, name: &'static str },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// The value of one scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// A bearer token or an API key.
    Token(Secret),
    /// HTTP basic.
    Basic { username: String, password: Secret },
}

impl Credential {
    pub fn token(token: impl Into<String>) -> Self {
        Credential::Token(Secret::new(token))
    }

    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic { username: username.into(), password: Secret::new(password) }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Token(****)"),
            Credential::Basic { username, .. } => write!(f, "Basic({username:?}, ****)"),
        }
    }
}

/// The credentials the client holds, by scheme name.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials(BTreeMap<&'static str, Credential>);

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.iter()).finish()
    }
}

impl Credentials {
    pub fn set(&mut self, scheme: &'static str, credential: Credential) {
        self.0.insert(scheme, credential);
    }

    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.0.get(scheme)
    }

    /// Reads from the environment every scheme of `api` not set yet. A basic scheme with only
    /// one of its two variables set is an error.
    pub fn fill_from_env(&mut self, api: &Api, var: impl Fn(&str) -> Option<String>) -> Result<(), Error> {
        for scheme in api.schemes {
            if self.0.contains_key(scheme.name) {
                continue;
            }
            let credential = match (scheme.kind, scheme.env) {
                (SchemeKind::Basic, [user, password]) => match (var(user), var(password)) {
                    (Some(u), Some(p)) => Credential::basic(u, p),
                    (None, None) => continue,
                    (Some(_), None) => return Err(Error::credentials(format!("{user} is set but {password} is not"))),
                    (None, Some(_)) => return Err(Error::credentials(format!("{password} is set but {user} is not"))),
                },
                (_, [name]) => match var(name) {
                    Some(token) => Credential::token(token),
                    None => continue,
                },
                _ => continue,
            };
            self.0.insert(scheme.name, credential);
        }
        Ok(())
    }

    /// Authenticates `request` by the first alternative of `security` whose schemes are all
    /// set. No alternative: nothing to send. None fully set: an error naming what to set.
    pub fn apply(&self, api: &Api, security: &[&[&str]], request: &mut http::Request<crate::Body>) -> Result<(), Error> {
        if security.is_empty() {
            return Ok(());
        }
        let scheme = |name: &str| api.schemes.iter().find(|s| s.name == name);
        let chosen = security.iter().find(|alternative| alternative.iter().all(|name| scheme(name).is_some() && self.0.contains_key(name)));
        let Some(alternative) = chosen else {
            let options: Vec<String> = security
                .iter()
                .map(|alternative| {
                    let vars: Vec<String> = alternative.iter().flat_map(|n| scheme(n).map_or(&[][..], |s| s.env)).map(|v| v.to_string()).collect();
                    format!("{} ({})", vars.join(" and "), alternative.join(" + "))
                })
                .collect();
            return Err(Error::credentials(format!("no credentials for this operation: set {}", options.join(", or "))));
        };
        for name in alternative.iter() {
            if let (Some(scheme), Some(credential)) = (scheme(name), self.0.get(name)) {
                send(scheme, credential, request)?;
            }
        }
        Ok(())
    }
}

/// Puts one credential where its scheme says.
fn send(scheme: &Scheme, credential: &Credential, request: &mut http::Request<crate::Body>) -> Result<(), Error> {
    let sensitive = |v: &str| {
        let mut value = http::HeaderValue::from_str(v).map_err(|_| Error::credentials(format!("the credential of `{}` is not a valid header value", scheme.name)))?;
        value.set_sensitive(true);
        Ok::<_, Error>(value)
    };
    let secret = match credential {
        Credential::Token(secret) => secret.expose(),
        Credential::Basic { password, .. } => password.expose(),
    };
    match (scheme.kind, credential) {
        (SchemeKind::Basic, Credential::Basic { username, password }) => {
            use base64::Engine;
            let pair = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{}", password.expose()));
            request.headers_mut().insert(http::header::AUTHORIZATION, sensitive(&format!("Basic {pair}"))?);
        }
        (SchemeKind::Bearer, _) => {
            request.headers_mut().insert(http::header::AUTHORIZATION, sensitive(&format!("Bearer {secret}"))?);
        }
        (SchemeKind::ApiKey { location: KeyLocation::Header, name }, _) => {
            let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::credentials(format!("`{name}` is not a header name")))?;
            request.headers_mut().insert(name, sensitive(secret)?);
        }
        (SchemeKind::ApiKey { location: KeyLocation::Query, name }, _) => {
            let mut query = crate::Query::default();
            query.push(name, secret);
            *request.uri_mut() = query.append_to(request.uri()).map_err(|_| Error::credentials(format!("the key of `{}` does not fit in a URI", scheme.name)))?;
        }
        (SchemeKind::ApiKey { location: KeyLocation::Cookie, name }, _) => {
            let pair = format!("{name}={}", crate::encode_path_segment(secret));
            let cookie = match request.headers().get(http::header::COOKIE).and_then(|v| v.to_str().ok()) {
                Some(existing) if !existing.is_empty() => format!("{existing}; {pair}"),
                _ => pair,
            };
            request.headers_mut().insert(http::header::COOKIE, sensitive(&cookie)?);
        }
        (SchemeKind::Basic, Credential::Token(_)) => {
            return Err(Error::credentials(format!("`{}` is HTTP basic: it needs a user name and a password", scheme.name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[Scheme] = &[
        Scheme { name: "token", kind: SchemeKind::Bearer, env: &["T_TOKEN"] },
        Scheme { name: "email", kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Email" }, env: &["T_EMAIL"] },
        Scheme { name: "key", kind: SchemeKind::ApiKey { location: KeyLocation::Header, name: "X-Key" }, env: &["T_KEY"] },
        Scheme { name: "basic", kind: SchemeKind::Basic, env: &["T_USERNAME", "T_PASSWORD"] },
        Scheme { name: "q", kind: SchemeKind::ApiKey { location: KeyLocation::Query, name: "api key" }, env: &["T_Q"] },
        Scheme { name: "c", kind: SchemeKind::ApiKey { location: KeyLocation::Cookie, name: "session" }, env: &["T_C"] },
    ];
    const API: Api = Api { user_agent: "t/1", default_base_url: None, base_url_env: "T_BASE_URL", idempotency_header: "Idempotency-Key", schemes: SCHEMES };

    fn request(uri: &str) -> http::Request<crate::Body> {
        http::Request::get(uri).header("cookie", "a=1").body(crate::Body::default()).unwrap()
    }

    fn header<'a>(request: &'a http::Request<crate::Body>, name: &str) -> Option<&'a str> {
        request.headers().get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn the_first_fully_set_alternative_is_sent() {
        let mut credentials = Credentials::default();
        credentials.set("email", Credential::token("me@example.com"));
        credentials.set("key", Credential::token("k"));
        let mut r = request("http://h/p");
        credentials.apply(&API, &[&["token"], &["email", "key"]], &mut r).unwrap();
        assert_eq!(header(&r, "x-email"), Some("me@example.com"));
        assert_eq!(header(&r, "x-key"), Some("k"));
        assert!(r.headers().get("authorization").is_none());
        assert!(r.headers().get("x-key").unwrap().is_sensitive());
    }

    #[test]
    fn nothing_fully_set_is_an_error_naming_the_variables() {
        let mut credentials = Credentials::default();
        credentials.set("email", Credential::token("me@example.com"));
        let e = credentials.apply(&API, &[&["token"], &["email", "key"]], &mut request("http://h/p")).unwrap_err();
        assert_eq!(e.to_string(), "Credentials: no credentials for this operation: set T_TOKEN (token), or T_EMAIL and T_KEY (email + key)");
        // No requirement, or an empty alternative: nothing is needed.
        Credentials::default().apply(&API, &[], &mut request("http://h/p")).unwrap();
        Credentials::default().apply(&API, &[&["token"], &[]], &mut request("http://h/p")).unwrap();
    }

    #[test]
    fn basic_query_and_cookie_placements() {
        let mut credentials = Credentials::default();
        credentials.set("basic", Credential::basic("Aladdin", "open sesame"));
        credentials.set("q", Credential::token("a&b"));
        credentials.set("c", Credential::token("s;1"));
        let mut r = request("http://h/p?x=1");
        credentials.apply(&API, &[&["basic", "q", "c"]], &mut r).unwrap();
        assert_eq!(header(&r, "authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        assert_eq!(r.uri().to_string(), "http://h/p?x=1&api%20key=a%26b");
        assert_eq!(header(&r, "cookie"), Some("a=1; session=s%3B1"));
    }

    #[test]
    fn the_environment_fills_what_code_did_not_set() {
        let env = |name: &str| match name {
            "T_TOKEN" => Some("from-env".to_string()),
            "T_KEY" => Some("k".to_string()),
            "T_USERNAME" => Some("u".to_string()),
            _ => None,
        };
        let mut credentials = Credentials::default();
        credentials.set("key", Credential::token("from-code"));
        let e = credentials.fill_from_env(&API, env).unwrap_err();
        assert_eq!(e.to_string(), "Credentials: T_USERNAME is set but T_PASSWORD is not");
        let mut credentials = Credentials::default();
        credentials.set("key", Credential::token("from-code"));
        credentials.fill_from_env(&API, |n| env(n).filter(|_| n != "T_USERNAME")).unwrap();
        assert_eq!(credentials.get("token"), Some(&Credential::token("from-env")));
        assert_eq!(credentials.get("key"), Some(&Credential::token("from-code")));
        assert!(credentials.get("email").is_none());
    }

    #[test]
    fn secrets_never_print() {
        let mut credentials = Credentials::default();
        credentials.set("token", Credential::token("hunter2"));
        credentials.set("basic", Credential::basic("u", "hunter3"));
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("hunter"), "{shown}");
    }
}
