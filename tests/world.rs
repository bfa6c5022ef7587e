//! Every real document in `../shared/specs/world/` generates, each operation of it included.
//! Ignored by default (it needs the documents unpacked); `.ci/run` unpacks them into a folder
//! and runs it with `CODEGEN_WORLD_DIR` pointing there (the multi-file DigitalOcean document
//! from its root file, `specification/DigitalOcean-public.v2.yaml`). With `CODEGEN_WORLD_OUT`
//! set, the crates are written there, one folder per document, for `cargo check`.

use codegen::emit::Options;
use std::path::{Path, PathBuf};

/// The documents in the folder: its `*.json` / `*.yaml` files, and DigitalOcean's root file.
fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read CODEGEN_WORLD_DIR")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    let digitalocean = dir.join("specification/DigitalOcean-public.v2.yaml");
    if digitalocean.exists() {
        docs.push(digitalocean);
    }
    docs.sort();
    docs
}

/// How many operations the document declares: the HTTP methods under `paths`.
fn declared_operations(spec: &Path) -> usize {
    let text = std::fs::read_to_string(spec).unwrap();
    let doc = codegen::load::parse::parse(&spec.to_string_lossy(), &text).unwrap();
    let methods = codegen::load::walk::METHODS;
    doc["paths"].as_object().map_or(0, |paths| {
        paths.values().map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count()).sum()
    })
}

/// The security schemes of the document, each as the generated `client.rs` must describe it
/// (without whitespace): HTTP bearer, OAuth 2 and OpenID Connect as bearer tokens, HTTP
/// basic, and API keys in their place under their name.
fn expected_schemes(spec: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(spec).unwrap();
    let doc = codegen::load::parse::parse(&spec.to_string_lossy(), &text).unwrap();
    let Some(schemes) = doc["components"]["securitySchemes"].as_object() else { return Vec::new() };
    let kind = |scheme: &serde_json::Value| -> Option<String> {
        let text = |key: &str| scheme[key].as_str().unwrap_or_default().to_string();
        Some(match text("type").as_str() {
            "http" if text("scheme").eq_ignore_ascii_case("basic") => "SchemeKind::Basic".into(),
            "http" if text("scheme").eq_ignore_ascii_case("bearer") => "SchemeKind::Bearer".into(),
            "oauth2" | "openIdConnect" => "SchemeKind::Bearer".into(),
            "apiKey" => {
                let location = match text("in").as_str() {
                    "query" => "Query",
                    "cookie" => "Cookie",
                    _ => "Header",
                };
                format!("SchemeKind::ApiKey{{location:crate::runtime::client::KeyLocation::{location},name:{:?}", text("name"))
            }
            _ => return None,
        })
    };
    schemes
        .iter()
        .filter_map(|(name, scheme)| Some(format!("Scheme{{name:{name:?},kind:crate::runtime::client::{}", kind(scheme)?)))
        .collect()
}

#[test]
#[ignore = "needs CODEGEN_WORLD_DIR (the unpacked ../shared/specs/world); run by .ci/run"]
fn every_world_document_generates_every_operation() {
    let dir = PathBuf::from(std::env::var_os("CODEGEN_WORLD_DIR").expect("set CODEGEN_WORLD_DIR"));
    let docs = documents(&dir);
    assert!(docs.len() >= 8, "expected the eight documents of SOURCES.md, found {docs:?}");
    for spec in docs {
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let options = Options::for_spec(&spec, &dir, Some(format!("world-{}", name.to_lowercase().replace('.', "-")))).with_checkout_runtime(&dir);
        let generated = codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let left_out: Vec<String> =
            generated.warnings.iter().filter(|w| w.message.contains("operation") && w.message.contains("left out")).map(|w| w.to_string()).collect();
        assert!(left_out.is_empty(), "{name}: operations left out:\n{}", left_out.join("\n"));
        let declared = declared_operations(&spec);
        assert_eq!(generated.surface.operations.len(), declared, "{name}: operations generated vs declared");
        // Authentication as the document describes it, and no vendor's name in the crate.
        let file = |path: &str| generated.files.iter().find(|f| f.path == path).map(|f| f.contents.as_str()).unwrap_or_default();
        let client: String = file("src/client.rs").chars().filter(|c| !c.is_whitespace()).collect();
        for scheme in expected_schemes(&spec) {
            assert!(client.contains(&scheme), "{name}: the client does not describe {scheme}");
        }
        let foreign = if name.to_lowercase().contains("cloudflare") { "" } else { "cloudflare" };
        for f in &generated.files {
            assert!(foreign.is_empty() || !f.contents.to_lowercase().contains(foreign), "{name}: {} names Cloudflare", f.path);
        }
        let paginated: usize = generated.files.iter().map(|f| f.contents.matches("impl crate::Paginated for").count()).sum();
        println!("{name}: {declared} operations, {paginated} paginated, {} schemes, {} warnings", expected_schemes(&spec).len(), generated.warnings.len());
        if let Some(out) = std::env::var_os("CODEGEN_WORLD_OUT") {
            codegen::write::write(&Path::new(&out).join(&name), &generated.files, false).expect("write the crate");
        }
    }
}

/// The generated code of `op`'s builder (from its `pub struct` to the next one), without
/// whitespace.
fn builder_code(source: &str, op: &str) -> String {
    let start = source.find(&format!("pub struct {op} {{")).unwrap_or_else(|| panic!("no builder `{op}`"));
    let end = source[start + 1..].find("pub struct ").map_or(source.len(), |i| start + 1 + i);
    source[start..end].chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
#[ignore = "needs CODEGEN_WORLD_DIR (the unpacked ../shared/specs/world); run by .ci/run"]
fn stripe_generates_without_warnings_and_sends_its_filters_as_deep_objects() {
    let dir = PathBuf::from(std::env::var_os("CODEGEN_WORLD_DIR").expect("set CODEGEN_WORLD_DIR"));
    let spec = dir.join("stripe.json");
    let generated = codegen::generate(&spec, &Options::for_spec(&spec, &dir, Some("world-stripe".into()))).expect("generates");
    // Its empty-object form bodies are objects, its `deepObject` parameters are written as such.
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    let operations = generated.files.iter().find(|f| f.path == "src/operations/v1.rs").expect("the `v1` group");
    let list = builder_code(&operations.contents, "GetCustomersRequest");
    assert!(list.contains("created:Option<crate::types::GetCustomersCreated>"), "{list}");
    for name in ["created", "expand"] {
        let push = format!("query.push_styled(\"{name}\",value,crate::runtime::QueryStyle::DeepObject)?;");
        assert!(list.contains(&push), "`{name}` is not sent as a deep object: {list}");
    }
}
