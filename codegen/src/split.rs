//! The layout of a large API: past a number of operations the config can set, the crate is
//! written as a Cargo workspace, so that cargo builds its parts in parallel, no rustc holds the
//! whole API, and changing one group rebuilds one crate.
//!
//! Groups go to a member crate by the first word of their feature (`radar-http` and
//! `radar-dns` to `radar`): the top-level group of the API's own naming. A type lives in the
//! member whose groups are all that use it, else in the shared crate ([`Api::home`]): the
//! same graph that gives each type its features gives it its crate.

use crate::config::Config;
use crate::ir::{Api, Member};
use std::collections::BTreeMap;

/// The name of the shared crate, which no member may take.
pub const SHARED: &str = "core";

/// Fills [`Api::members`] when the API is past the size to split at.
pub fn assign(api: &mut Api, config: &Config) {
    let limit = config.krate.split_above_operations.unwrap_or(crate::config::SPLIT_ABOVE_OPERATIONS);
    if api.operations.len() <= limit || api.groups.is_empty() {
        return;
    }
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (g, group) in api.groups.iter().enumerate() {
        let first = group.feature.split('-').next().filter(|w| !w.is_empty()).unwrap_or(&group.feature);
        let name = if first == SHARED { format!("{SHARED}-group") } else { first.to_string() };
        members.entry(name).or_default().push(g);
    }
    api.members = members.into_iter().map(|(name, groups)| Member { name, groups }).collect();
}

#[cfg(test)]
mod tests {
    use crate::ir::Api;

    fn api(operations: usize, limit: usize) -> Api {
        let paths: String = (0..operations)
            .map(|i| {
                let tag = ["radar-http", "radar-dns", "zones", "core", "d1"][i % 5];
                format!("  /p{i}:\n    get:\n      operationId: op{i}\n      tags: [{tag}]\n      responses:\n        '200':\n          description: ok\n")
            })
            .collect();
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}");
        let loaded = crate::load::parse(std::path::Path::new("a.yaml"), &text).expect("the document loads");
        let mut config = crate::config::Config::default();
        config.krate.split_above_operations = Some(limit);
        crate::resolve::resolve(&loaded, &config).expect("the document resolves").api
    }

    #[test]
    fn groups_go_to_a_member_by_their_first_word() {
        let api = api(10, 5);
        let members: Vec<(String, Vec<String>)> =
            api.members.iter().map(|m| (m.name.clone(), m.groups.iter().map(|&g| api.groups[g].feature.clone()).collect())).collect();
        let expect = |name: &str, groups: &[&str]| (name.to_string(), groups.iter().map(|g| g.to_string()).collect::<Vec<_>>());
        assert_eq!(members, [expect("core2", &["core2"]), expect("d1", &["d1"]), expect("radar", &["radar-http", "radar-dns"]), expect("zones", &["zones"])]);
    }

    #[test]
    fn an_api_up_to_the_limit_is_one_crate() {
        assert!(api(10, 10).members.is_empty());
        assert!(!api(11, 10).members.is_empty());
    }
}
