//! The one place where spec names become Rust identifiers.
//!
//! Rules (applied to every name the generator emits):
//! - case comes from `heck`: `UpperCamelCase` for types and enum variants, `snake_case` for
//!   fields, parameters, functions and modules;
//! - letters outside ASCII are transliterated (`deunicode`), other characters that cannot
//!   appear in an identifier separate words; a name that keeps no letter or digit becomes
//!   `Empty` / `empty` (types, variants) or `value` (fields);
//! - a leading digit gets a `_` prefix (`1st` -> `_1st`, `2xx` -> `_2xx`);
//! - a name made only of signs and digits spells its signs (`+1` -> `plus_1` or `Plus1`, `-1`
//!   -> `minus_1`, GitHub's reactions), and a field made only of digits is `value_` and the
//!   digits (`1` -> `value_1`): no identifier is made only of underscores and digits;
//! - keywords become raw identifiers (`type` -> `r#type`), except the four that cannot be raw
//!   (`self`, `super`, `crate`, `Self`) and `_`, which get a `_` suffix;
//! - collisions inside one scope (fields of a struct, variants of an enum, types of a crate)
//!   are resolved in spec order: the first name wins, later ones get `2`, `3`, ... appended.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Splits a spec name into words heck understands: letters outside ASCII are transliterated
/// (`Ünïcode` -> `Unicode`, `名前` -> `Ming Qian`), and every character that cannot be part of
/// an identifier becomes a word break.
fn words(raw: &str) -> String {
    deunicode::deunicode_with_tofu(raw, " ")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a name that becomes an identifier: [`words`], except that a name made only of
/// signs and digits has its signs spelled out (see [`signs_and_digits`]).
fn name_words(raw: &str) -> String {
    signs_and_digits(raw).unwrap_or_else(|| words(raw))
}

/// The words of a name made only of signs and digits, with at least one sign: each `+` is
/// `plus` and each `-` is `minus` (`+1` -> `plus 1`, GitHub's reactions; `-1` -> `minus 1`;
/// `--` -> `minus minus`). Otherwise, as every other character that cannot be in an
/// identifier, the signs would vanish and leave `+1` and `-1` the same name.
fn signs_and_digits(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if !raw.contains(['+', '-']) || !raw.chars().all(|c| matches!(c, '+' | '-') || c.is_ascii_digit()) {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut digits = 0;
    for (i, c) in raw.char_indices() {
        let sign = match c {
            '+' => "plus",
            '-' => "minus",
            _ => continue,
        };
        if digits < i {
            words.push(&raw[digits..i]);
        }
        words.push(sign);
        digits = i + 1;
    }
    if digits < raw.len() {
        words.push(&raw[digits..]);
    }
    Some(words.join(" "))
}

fn finish(name: String, empty: &str) -> String {
    let name = if name.is_empty() { empty.to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    };
    // Transliteration leaves ASCII; this keeps the output ASCII whatever heck does with it.
    let name: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { 'x' })
        .collect();
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// `UpperCamelCase` name for a type or an enum variant.
pub fn type_name(raw: &str) -> String {
    finish(name_words(raw).to_upper_camel_case(), "Empty")
}

/// `snake_case` name for a field, parameter, function or module. A name of digits is
/// `value_` and the digits (`1` -> `value_1`): `_1`, made only of underscores and digits, is no
/// name for the arguments fields become (clippy's `just_underscores_and_digits`).
pub fn field_name(raw: &str) -> String {
    let name = snake_case(raw);
    if name.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        format!("value{name}")
    } else {
        name
    }
}

/// `snake_case` words of a name, as [`field_name`] makes them, but a name of digits stays one
/// (`2024` -> `_2024`): for names that are never bindings, such as a package name.
pub fn snake_case(raw: &str) -> String {
    finish(name_words(raw).to_snake_case(), "value")
}

/// `UPPER_SNAKE_CASE` for an environment variable: ASCII letters, digits and `_` only.
pub fn env_name(raw: &str) -> String {
    use heck::ToShoutySnakeCase;
    let name = words(raw).to_shouty_snake_case();
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let name = name.trim_matches('_');
    if name.is_empty() { "KEY".to_string() } else { name.to_string() }
}

/// Methods of std traits that clippy expects a method of that name to implement
/// (`should_implement_trait`).
const TRAIT_METHODS: &[&str] = &[
    "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow", "borrow_mut", "clone", "cmp", "default", "deref",
    "deref_mut", "div", "drop", "eq", "from_iter", "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg",
    "next", "not", "partial_cmp", "rem", "shl", "shr", "sub",
];

/// A builder method for `name` (already an identifier): a name that a std trait method has
/// gets a `_`, so that the builder does not look like a broken implementation of the trait
/// (`add` -> `add_`).
pub fn method_name(name: String) -> String {
    if TRAIT_METHODS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

/// A type name made of two: `Pet` and `Owner` give `PetOwner`. The `_` that keeps a name
/// from starting with a digit is dropped when it no longer starts one (`Answer` and `_299`
/// give `Answer299`, not `Answer_299`, which is not UpperCamelCase).
pub fn joined(prefix: &str, name: &str) -> String {
    let (prefix, name) = (bare(prefix), bare(name));
    let name = match name.strip_prefix('_') {
        Some(rest) if !prefix.is_empty() && rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => name,
    };
    format!("{prefix}{name}")
}

/// The words of a name as people read them, lowercase: an apostrophe joins (`User's` ->
/// `users`), a plural acronym is one word (`IPs` -> `ips`, `ACLs` -> `acls`), and so is one
/// lowercase letter before an acronym (`mTLS` -> `mtls`, `eBPF` -> `ebpf`); otherwise a word
/// starts at each capital after a lowercase letter or digit (`userId`) and at the last capital
/// of a run followed by lowercase (`HTTPServer` -> `http`, `server`).
fn read_words(raw: &str) -> Vec<String> {
    let joined: String = raw.chars().filter(|c| !matches!(c, '\'' | '\u{2019}')).collect();
    let mut out = Vec::new();
    for run in name_words(&joined).split(' ').filter(|r| !r.is_empty()) {
        let chars: Vec<char> = run.chars().collect();
        let mut start = 0;
        let mut i = 1;
        while i < chars.len() {
            let (prev, c) = (chars[i - 1], chars[i]);
            let next = chars.get(i + 1).copied();
            let lower_before_acronym = i == start + 1 && prev.is_lowercase() && c.is_uppercase() && next.is_some_and(char::is_uppercase);
            let plural_acronym = prev.is_uppercase() && c == 's' && i >= start + 2 && chars[i - 2].is_uppercase() && !next.is_some_and(char::is_lowercase);
            // `HTTPServer`: the last capital of a run starts the next word, unless that would
            // leave a one-letter word (`IPsec`) or the lowercase after it is a plural `s`.
            let plural_next = next == Some('s') && !chars.get(i + 2).is_some_and(|c| c.is_lowercase());
            let run_then_word = prev.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase);
            let boundary = if lower_before_acronym || plural_acronym {
                false
            } else if (prev.is_lowercase() || prev.is_ascii_digit()) && c.is_uppercase() {
                true
            } else {
                run_then_word && !plural_next && i - start >= 2
            };
            if boundary {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
            i += 1;
        }
        out.push(chars[start..].iter().collect::<String>().to_lowercase());
    }
    out
}

/// How long a module name (and so the name of its file) may be before it is cut.
const MAX_MODULE_LEN: usize = 40;
/// Names a file cannot have on Windows, whatever the extension.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `snake_case` name for a module, which is also the name of its file: never a raw
/// identifier (a keyword gets a `_` suffix: `mod` -> `mod_`), never a device name of
/// Windows, and at most 40 characters (cut at a word where it can be).
pub fn module_name(raw: &str) -> String {
    let mut name = finish(read_words(raw).join("_"), "value");
    name = bare(&name).to_string();
    if name.len() > MAX_MODULE_LEN {
        let cut = name[..MAX_MODULE_LEN].rfind('_').filter(|&i| i >= MAX_MODULE_LEN / 2).unwrap_or(MAX_MODULE_LEN);
        name.truncate(cut);
        name.truncate(name.trim_end_matches('_').len());
    }
    if KEYWORDS.contains(&name.as_str()) || DEVICE_NAMES.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The identifier without a leading `r#`, for building longer names from it.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// `name` without the longest of `prefixes` it starts with, where what remains is a type name
/// of its own (`EmailSecurityAllowPolicy` without `EmailSecurity` is `AllowPolicy`; without
/// `Email` it would be `SecurityAllowPolicy`, but never `mailSecurity...`, nor `Self` nor a
/// name made of digits). `None` when no prefix leaves a name.
pub fn without_prefix(name: &str, prefixes: &[String]) -> Option<String> {
    let mut prefixes: Vec<&String> = prefixes.iter().filter(|p| !p.is_empty()).collect();
    prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
    prefixes.into_iter().find_map(|prefix| {
        let rest = name.strip_prefix(prefix.as_str())?;
        let own = rest.starts_with(|c: char| c.is_ascii_uppercase()) && type_name(rest) == rest;
        own.then(|| rest.to_string())
    })
}

/// A scope of names in which every name handed out is unique.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
    /// Per stem, the suffix to try first: every smaller one is taken (names are never given
    /// back), so thousands of colliding names cost linear time.
    next_suffix: std::collections::HashMap<String, usize>,
}

impl Scope {
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        let mut scope = Self::new();
        for name in reserved {
            scope.taken.insert((*name).to_string());
        }
        scope
    }

    /// Reserves `name` (already an identifier) or, if taken, `name2`, `name3`, ...
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let stem = bare(&name).trim_end_matches('_').to_string();
        let first = self.next_suffix.get(&stem).copied().unwrap_or(2);
        let (n, claimed) = (first..)
            .map(|n| (n, format!("{stem}{n}")))
            .find(|(_, candidate)| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name");
        self.next_suffix.insert(stem, n + 1);
        claimed
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_prefix_leaves_a_name_of_its_own_or_nothing() {
        let prefixes = |ps: &[&str]| ps.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        let paths = prefixes(&["EmailSecurity", "EmailSecuritySettings", "EmailSecuritySettingsAllowPolicies"]);
        assert_eq!(super::without_prefix("EmailSecurityAllowPolicy", &paths).as_deref(), Some("AllowPolicy"));
        assert_eq!(super::without_prefix("EmailSecuritySettingsAllowPoliciesOrder", &paths).as_deref(), Some("Order"), "the longest prefix");
        assert_eq!(super::without_prefix("EmailSecurity", &paths), None, "nothing left");
        assert_eq!(super::without_prefix("EmailSecurityself", &paths), None, "not a word boundary");
        assert_eq!(super::without_prefix("ZonesSelf", &prefixes(&["Zones"])), None, "a keyword is no name");
        assert_eq!(super::without_prefix("Zones2", &prefixes(&["Zones"])), None, "digits are no name");
        assert_eq!(super::without_prefix("ZonesHTTPRule", &prefixes(&["Zones"])), None, "not a name as `type_name` writes it");
        assert_eq!(super::without_prefix("Pet", &prefixes(&["", "Zoo"])), None);
    }

    use super::*;

    #[test]
    fn colliding_names_take_the_smallest_free_suffix_in_linear_time() {
        let mut scope = Scope::with_reserved(&["a", "a3"]);
        let names: Vec<String> = ["a", "a", "a2", "a", "a_"].iter().map(|n| scope.claim(n.to_string())).collect();
        assert_eq!(names, ["a2", "a4", "a22", "a5", "a_"]);
        // 20,000 equal names: each finds its suffix at once (quadratic, this took seconds).
        let mut scope = Scope::new();
        let last = (0..20_000).map(|_| scope.claim("v".into())).last().unwrap();
        assert_eq!(last, "v20000");
    }

    #[test]
    fn environment_names_are_upper_snake_ascii() {
        assert_eq!(env_name("cloudflare-api"), "CLOUDFLARE_API");
        assert_eq!(env_name("accountSid_authToken"), "ACCOUNT_SID_AUTH_TOKEN");
        assert_eq!(env_name("api_key"), "API_KEY");
        assert_eq!(env_name("Clé d'API ✓"), "CLE_D_API_OK");
        assert_eq!(env_name("OAuth2"), "O_AUTH2");
        assert_eq!(env_name("✓"), "OK");
        assert_eq!(env_name("--"), "KEY");
        assert_eq!(env_name("日本"), "RI_BEN");
        assert_eq!(env_name("2fa"), "2FA");
    }

    #[test]
    fn builder_methods_never_look_like_std_trait_methods() {
        assert_eq!(method_name(field_name("add")), "add_");
        assert_eq!(method_name(field_name("Next")), "next_");
        assert_eq!(method_name(field_name("adder")), "adder");
    }

    #[test]
    fn types_are_upper_camel() {
        assert_eq!(type_name("email-security_AllowPolicy"), "EmailSecurityAllowPolicy");
        assert_eq!(type_name("api-response-common"), "ApiResponseCommon");
        assert_eq!(type_name("EMAIL"), "Email");
        assert_eq!(type_name("UNKNOWN"), "Unknown");
        assert_eq!(type_name("a-b"), type_name("a_b"));
    }

    #[test]
    fn fields_are_snake() {
        assert_eq!(field_name("is_exempt_recipient"), "is_exempt_recipient");
        assert_eq!(field_name("createdAt"), "created_at");
        assert_eq!(field_name("X-Auth-Email"), "x_auth_email");
        assert_eq!(field_name("foo-bar"), field_name("foo_bar"));
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("match"), "r#match");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(field_name("_"), "value");
        assert_eq!(bare("r#type"), "type");
    }

    #[test]
    fn digits_symbols_and_empties() {
        assert_eq!(field_name("1st"), "_1st");
        assert_eq!(type_name("2xx"), "_2xx");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(type_name("-+-"), "MinusPlusMinus");
        assert_eq!(field_name("$$$"), "value");
        assert_eq!(field_name("a.b/c d"), "a_b_c_d");
        assert_eq!(type_name("héllo wörld"), "HelloWorld");
        assert_eq!(field_name("Ünïcode Tag!"), "unicode_tag");
        assert_eq!(type_name("名前"), "MingQian");
        assert_eq!(field_name("straße"), "strasse");
        assert_eq!(type_name("\u{10FFFF}"), "Empty");
        assert_eq!(field_name("@type"), "r#type");
    }

    #[test]
    fn signs_and_digits_are_spelled_out() {
        let cases = [
            ("+1", "plus_1", "Plus1"),
            ("-1", "minus_1", "Minus1"),
            ("+", "plus", "Plus"),
            ("-", "minus", "Minus"),
            ("--", "minus_minus", "MinusMinus"),
            ("+-1", "plus_minus_1", "PlusMinus1"),
            (" +1 ", "plus_1", "Plus1"),
            ("-12", "minus_12", "Minus12"),
            ("1-2", "_1_minus_2", "_1Minus2"),
            ("1", "value_1", "_1"),
            ("12", "value_12", "_12"),
            ("1.5", "value_1_5", "_15"),
            // Anything else in the name: the signs separate words, as before.
            ("+1 day", "_1_day", "_1Day"),
            ("a-1", "a_1", "A1"),
        ];
        for (raw, field, ty) in cases {
            assert_eq!((field_name(raw).as_str(), type_name(raw).as_str()), (field, ty), "{raw:?}");
        }
        // GitHub's reactions: each its own name, none made only of underscores and digits.
        let mut scope = Scope::new();
        let names: Vec<String> = ["+1", "-1", "laugh", "1"].iter().map(|raw| scope.claim(field_name(raw))).collect();
        assert_eq!(names, ["plus_1", "minus_1", "laugh", "value_1"]);
        assert!(names.iter().all(|n| !n.chars().all(|c| c == '_' || c.is_ascii_digit())));
        assert_eq!((snake_case("2024"), module_name("+1")), ("_2024".into(), "plus_1".into()));
    }

    #[test]
    fn joined_names_stay_upper_camel_case() {
        assert_eq!(joined("Pet", &type_name("owner")), "PetOwner");
        assert_eq!(joined("Answer", &type_name("299")), "Answer299");
        assert_eq!(joined("", &type_name("299")), "_299");
        assert_eq!(joined("r#Type", "Self_"), "TypeSelf_");
    }

    #[test]
    fn module_names_split_words_as_people_read_them() {
        assert_eq!(module_name("Cloudflare IPs"), "cloudflare_ips");
        assert_eq!(module_name("User's Invites"), "users_invites");
        assert_eq!(module_name("mTLS Certificate Management"), "mtls_certificate_management");
        assert_eq!(module_name("Magic Site ACLs"), "magic_site_acls");
        assert_eq!(module_name("eBPF"), "ebpf");
        assert_eq!(module_name("HTTPServer"), "http_server");
        assert_eq!(module_name("userId"), "user_id");
        assert_eq!(module_name("Email Security Settings"), "email_security_settings");
        assert_eq!(module_name("DNS Records for a Zone"), "dns_records_for_a_zone");
        assert_eq!(module_name("URLs"), "urls");
        assert_eq!(module_name("Magic IPsec tunnels"), "magic_ipsec_tunnels");
        assert_eq!(module_name("IOError"), "io_error");
        assert_eq!(module_name("v2Beta"), "v2_beta");
        assert_eq!(module_name("Zero Trust  lists"), "zero_trust_lists");
        assert_eq!(module_name("名前"), "ming_qian");
    }

    #[test]
    fn module_names_are_file_names() {
        assert_eq!(module_name("mod"), "mod_");
        assert_eq!(module_name("MOD"), "mod_");
        assert_eq!(module_name("self"), "self_");
        assert_eq!(module_name("CON"), "con_");
        assert_eq!(module_name("Zero Trust"), "zero_trust");
        let long = module_name(&"word ".repeat(60));
        assert!(long.len() <= 40 && !long.ends_with('_'), "{long}");
        let unbroken = module_name(&"a".repeat(260));
        assert_eq!(unbroken.len(), 40);
        let mut scope = Scope::with_reserved(&["mod"]);
        let names: Vec<String> = ["mod", "Mod", "MOD", "mod_"].iter().map(|t| scope.claim(module_name(t))).collect();
        assert_eq!(names, ["mod_", "mod2", "mod3", "mod4"]);
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim(field_name("foo-bar")), "foo_bar");
        assert_eq!(scope.claim(field_name("foo_bar")), "foo_bar2");
        assert_eq!(scope.claim(field_name("FooBar")), "foo_bar3");
        let mut raw = Scope::new();
        assert_eq!(raw.claim("r#type".into()), "r#type");
        assert_eq!(raw.claim("r#type".into()), "type2");
        let mut reserved = Scope::with_reserved(&["Unrecognized"]);
        assert_eq!(reserved.claim(type_name("unrecognized")), "Unrecognized2");
        let mut suffixed = Scope::new();
        assert_eq!(suffixed.claim("self_".into()), "self_");
        assert_eq!(suffixed.claim("self_".into()), "self2");
    }
}
