//! The crate-wide decisions of the generator config: the crate's name, the environment
//! variables of its client, the idempotency header, the end of a stream, its default features
//! and doctests.

use crate::config::Config;
use crate::ir::{Api, Environment, SchemeKind, Settings};
use crate::naming;

/// What ends a stream unless the config says otherwise: OpenAI's and Cloudflare's marker,
/// the runtime's default (`Streamed::END`).
pub(crate) const STREAM_END: &str = "[DONE]";

/// The settings of `api` under `config`.
pub(super) fn decide(api: &Api, config: &Config) -> Settings {
    let crate_name = config.krate.name.clone().unwrap_or_else(|| crate::default_crate_name(&api.title));
    Settings {
        env: environment(api, &crate_name, config),
        idempotency_header: config.client.idempotency_header.clone().unwrap_or_else(|| "Idempotency-Key".into()),
        stream_end: match config.client.stream_end.as_deref() {
            None => Some(STREAM_END.into()),
            Some("") => None,
            Some(end) => Some(end.into()),
        },
        all_groups: config.krate.all_groups_by_default(api.operations.len()),
        doctests: config.krate.doctests.unwrap_or(false),
        crate_name,
    }
}

/// `<PREFIX>_<SCHEME>` (HTTP basic: `_USERNAME`, `_PASSWORD`) and `<PREFIX>_BASE_URL`, where
/// PREFIX is the crate's name, unless the config names them.
fn environment(api: &Api, crate_name: &str, config: &Config) -> Environment {
    let prefix = config.client.env_prefix.clone().unwrap_or_else(|| naming::env_name(crate_name));
    let base_url = config.client.base_url_env.clone().unwrap_or_else(|| format!("{prefix}_BASE_URL"));
    let schemes = api
        .schemes
        .iter()
        .map(|scheme| {
            let own = config.auth.get(&scheme.name).cloned().unwrap_or_default();
            let default = format!("{prefix}_{}", naming::env_name(&scheme.name));
            match scheme.kind {
                SchemeKind::Basic => vec![
                    own.username_env.unwrap_or_else(|| format!("{default}_USERNAME")),
                    own.password_env.unwrap_or_else(|| format!("{default}_PASSWORD")),
                ],
                _ => vec![own.env.unwrap_or(default)],
            }
        })
        .collect();
    Environment { base_url, schemes }
}

#[cfg(test)]
mod tests {
    use crate::config::{AuthConfig, Config};
    use serde_json::json;

    fn settings(config: &Config) -> crate::ir::Settings {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "Zoo API!", "version": "1"},
            "paths": {},
            "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}, "login": {"type": "http", "scheme": "basic"}}}
        });
        let loaded = crate::load::parse(std::path::Path::new("doc.json"), &doc.to_string()).expect("a document");
        super::super::resolve(&loaded, config).expect("resolves").api.settings
    }

    #[test]
    fn the_config_decides_or_the_crate_name_does() {
        let plain = settings(&Config::default());
        assert_eq!(plain.crate_name, "zoo-api");
        assert_eq!(plain.env.base_url, "ZOO_API_BASE_URL");
        // Schemes by name: `login`, then `token`.
        assert_eq!(plain.env.schemes, [vec!["ZOO_API_LOGIN_USERNAME".to_string(), "ZOO_API_LOGIN_PASSWORD".into()], vec!["ZOO_API_TOKEN".into()]]);
        assert_eq!((plain.idempotency_header.as_str(), plain.all_groups, plain.doctests), ("Idempotency-Key", true, false));
        assert_eq!(plain.stream_end.as_deref(), Some("[DONE]"));

        let mut config = Config::default();
        config.krate.name = Some("zoo".into());
        config.krate.doctests = Some(true);
        config.client.idempotency_header = Some("X-Once".into());
        config.client.stream_end = Some(String::new());
        config.auth.insert("login".into(), AuthConfig { username_env: Some("ZOO_USER".into()), ..Default::default() });
        let chosen = settings(&config);
        assert_eq!(chosen.crate_name, "zoo");
        assert_eq!(chosen.env.schemes[0], ["ZOO_USER", "ZOO_LOGIN_PASSWORD"], "the prefix follows the crate name");
        assert_eq!((chosen.idempotency_header.as_str(), chosen.doctests, chosen.stream_end), ("X-Once", true, None));
    }
}
