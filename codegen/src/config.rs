//! The generator config: what a document cannot say, in `codegen.toml` next to the spec.
//!
//! ```toml
//! [crate]
//! doctests = true                        # compile the docs' usage examples (default false)
//!
//! [client]
//! base_url_env = "CLOUDFLARE_BASE_URL"   # default: <PREFIX>_BASE_URL
//! env_prefix = "CLOUDFLARE"              # default: the crate name in upper snake case
//! idempotency_header = "Idempotency-Key"
//! unwrap = true                          # calls give an envelope's payload (default true)
//! payload_field = "result"               # the envelope's payload field (default: found)
//! stream_end = "[DONE]"                  # the data that ends a stream of events or lines
//!                                        # (default "[DONE]"; "" for none)
//!
//! [webhooks]
//! signature = "standard-webhooks"        # how the API signs what it sends (default: the
//!                                        # receiver checks, the crate does not)
//!
//! [auth.api_token]                       # a scheme of `components.securitySchemes`
//! env = "CLOUDFLARE_API_TOKEN"           # default: <PREFIX>_<SCHEME>
//! [auth.basic_scheme]
//! username_env = "X_USER"                # HTTP basic: default <PREFIX>_<SCHEME>_USERNAME
//! password_env = "X_PASS"                #                      and <PREFIX>_<SCHEME>_PASSWORD
//!
//! [resources.listThings]                 # an operationId
//! group = "things.archive"               # its resource (default: `x-fern-sdk-group-name`,
//!                                        # else the operation's tag)
//! method = "list"                        # its method (default: `x-fern-sdk-method-name`,
//!                                        # else the operationId)
//! unwrap = false                         # give the whole envelope, not its payload
//! stream = "lines"                       # its answer read as it arrives: events, lines,
//!                                        # chunks or none (default: by its media type)
//!
//! [pagination.listThings]                # an operationId
//! kind = "cursor"                        # page, offset, cursor, next-url, link or none
//! param = "cursor"                       # the request parameter a page is chosen by
//! size = "per_page"                      # the page size parameter
//! items = "result"                       # the list in the answer (a dotted path)
//! next = "result_info.cursor"            # the next cursor or URL
//! more = "has_more"                      # a flag saying more pages follow
//! total = "result_info.total_count"      # how many entries there are
//! total_pages = "result_info.total_pages"
//! ```

use crate::error::{Error, Location};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The config's file name, looked for next to the spec.
pub const FILE: &str = "codegen.toml";

/// The generator config; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub client: ClientConfig,
    #[serde(default)]
    pub webhooks: WebhooksConfig,
    /// By security scheme name.
    #[serde(default)]
    pub auth: BTreeMap<String, AuthConfig>,
    /// By operationId.
    #[serde(default)]
    pub pagination: BTreeMap<String, PaginationConfig>,
    /// By operationId.
    #[serde(default)]
    pub resources: BTreeMap<String, ResourceConfig>,
    #[serde(default, rename = "crate")]
    pub krate: CrateConfig,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The package name. Unset: made from the document's title. `--crate-name` (and
    /// `Options::crate_name`) takes precedence.
    pub name: Option<String>,
    /// Compile the usage examples of the docs as doctests (`cargo test` compiles one program
    /// per operation: worth it for a small API).
    pub doctests: Option<bool>,
    /// Turn every group of operations on by default (the `full` feature). Unset: on for an
    /// API of at most [`ALL_GROUPS_BY_DEFAULT_UP_TO`] operations, where it costs seconds to
    /// compile; a larger API's user names the groups they call.
    pub all_groups_by_default: Option<bool>,
    /// Write a Cargo workspace (a crate of shared types, a crate per top-level group of
    /// operations, and a facade crate with the usual paths) for an API of more operations
    /// than this. Unset: [`SPLIT_ABOVE_OPERATIONS`].
    pub split_above_operations: Option<usize>,
}

/// See [`CrateConfig::split_above_operations`].
pub const SPLIT_ABOVE_OPERATIONS: usize = 1000;

/// See [`CrateConfig::all_groups_by_default`].
pub const ALL_GROUPS_BY_DEFAULT_UP_TO: usize = 100;

impl CrateConfig {
    /// Whether `full` is a default feature of a crate of `operations` operations.
    pub fn all_groups_by_default(&self, operations: usize) -> bool {
        self.all_groups_by_default.unwrap_or(operations <= ALL_GROUPS_BY_DEFAULT_UP_TO)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceConfig {
    pub group: Option<String>,
    pub method: Option<String>,
    pub unwrap: Option<bool>,
    pub stream: Option<StreamName>,
}

/// What a document does not say of the requests the API sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    pub signature: Option<SignatureScheme>,
}

/// A way of signing webhooks the generated crate can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureScheme {
    /// <https://www.standardwebhooks.com>: `webhook-id`, `webhook-timestamp` and
    /// `webhook-signature` headers, HMAC-SHA256 of `id.timestamp.body` (OpenAI's, Svix's).
    StandardWebhooks,
}

/// How an answer is read as it arrives, as the config names it: for a document that says
/// `application/json` where the server sends JSON lines (Cloudflare's `logs/received`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StreamName {
    Events,
    Lines,
    Chunks,
    None,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub env_prefix: Option<String>,
    pub base_url_env: Option<String>,
    pub idempotency_header: Option<String>,
    pub unwrap: Option<bool>,
    pub payload_field: Option<String>,
    pub stream_end: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    pub env: Option<String>,
    pub username_env: Option<String>,
    pub password_env: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    pub kind: Option<PageKindName>,
    pub param: Option<String>,
    pub size: Option<String>,
    pub items: Option<String>,
    pub next: Option<String>,
    pub more: Option<String>,
    pub total: Option<String>,
    pub total_pages: Option<String>,
}

/// The pagination kinds, as the config names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKindName {
    Page,
    Offset,
    Cursor,
    NextUrl,
    Link,
    None,
}

impl Config {
    /// The config next to `spec`, or the defaults when there is none.
    pub fn beside(spec: &Path) -> Result<Self, Error> {
        let path = Self::path_beside(spec);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(fault(&path, None, format!("cannot read the generator config: {e}"))),
        }
    }

    /// Where the config of `spec` is looked for: `codegen.toml` in its folder.
    pub fn path_beside(spec: &Path) -> PathBuf {
        spec.parent().unwrap_or(Path::new(".")).join(FILE)
    }

    /// The config file at `path`, which must exist.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| fault(path, None, format!("cannot read the generator config: {e}")))?;
        Self::parse(&text, path)
    }

    /// Parses the text of a config file; an error names its line.
    pub fn parse(text: &str, path: &Path) -> Result<Self, Error> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().and_then(|span| text.get(..span.start)).map(|before| before.matches('\n').count() + 1);
            fault(path, line, format!("the generator config does not parse: {}", e.message()))
        })
    }
}

fn fault(path: &Path, line: Option<usize>, message: String) -> Error {
    Error {
        location: Location { file: PathBuf::from(path), pointer: String::new(), line_col: line.map(|l| (l, 1)) },
        message,
        help: format!("fix {} (its keys are documented in the generator's `config` module), or remove it", FILE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let text = r#"
[client]
env_prefix = "CLOUDFLARE"

[auth.api_token]
env = "CLOUDFLARE_API_TOKEN"

[pagination.listThings]
kind = "next-url"
next = "links.pages.next"
"#;
        let config = Config::parse(text, Path::new("codegen.toml")).unwrap();
        assert_eq!(config.client.env_prefix.as_deref(), Some("CLOUDFLARE"));
        assert_eq!(config.auth["api_token"].env.as_deref(), Some("CLOUDFLARE_API_TOKEN"));
        assert_eq!(config.pagination["listThings"].kind, Some(PageKindName::NextUrl));
    }

    #[test]
    fn a_mistake_names_its_line() {
        let e = Config::parse("[client]\n\nenv_prefx = \"X\"\n", Path::new("spec/codegen.toml")).unwrap_err();
        assert_eq!(e.location.line_col, Some((3, 1)));
        assert!(e.message.contains("env_prefx"), "{}", e.message);
        let e = Config::parse("[pagination.op]\nkind = \"pages\"\n", Path::new("codegen.toml")).unwrap_err();
        assert_eq!(e.location.line_col, Some((2, 1)));
    }
}
