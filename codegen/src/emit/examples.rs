//! Usage examples for rustdoc: how each resource method is called, and the crate's quick
//! start. They are `no_run` doctests (compiled, never sent), checked when the generator
//! config turns doctests on (`[crate] doctests = true`).

use super::operations::Arg;
use crate::ir::{Api, TypeKind, TypeRef};
use crate::naming;

/// A value of `ty` to write in an example: a sample where one reads naturally, `todo!()`
/// where it would take more than a line.
fn sample(api: &Api, krate: &str, ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::String => format!("{name:?}.into()"),
        TypeRef::Bool => "false".into(),
        TypeRef::F32 | TypeRef::F64 => "1.0".into(),
        t if t.is_number() => "1".into(),
        TypeRef::Uuid => "uuid::Uuid::nil()".into(),
        TypeRef::Array(_) => "vec![]".into(),
        TypeRef::Nullable(_) => "None".into(),
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Named(n) => match api.type_def(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) if !e.values.is_empty() => format!("{krate}::{}::{}::{}", api.documented_in(n), naming::bare(n), naming::bare(&e.values[0].name)),
            _ => "todo!()".into(),
        },
        _ => "todo!()".into(),
    }
}

/// A path argument as the method takes it: `impl Into<String>` takes a `&str`.
fn path_sample(api: &Api, krate: &str, ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::String => format!("{name:?}"),
        other => sample(api, krate, other, name),
    }
}

/// The call of a resource method taking `args` (the builder's `new` arguments), from
/// `client`: the resource chain, the path arguments and the named ones.
pub(super) fn call(api: &Api, krate: &str, chain: &str, method: &str, args: &[Arg], params: Option<&str>) -> Vec<String> {
    // `.a().b()` is also the module path `a::b`.
    let module = chain.trim_start_matches('.').replace("().", "::").trim_end_matches("()").to_string();
    let mut path_args: Vec<String> = args.iter().filter(|a| a.path).map(|a| path_sample(api, krate, &a.value_ty, naming::bare(&a.name.to_string()))).collect();
    let mut lines = Vec::new();
    if let Some(params) = params {
        lines.push(format!("use {krate}::{module}::{params};"));
        lines.push(format!("let params = {params} {{"));
        for a in args.iter().filter(|a| !a.path) {
            let name = a.name.to_string();
            let value = if a.optional { "None".to_string() } else { sample(api, krate, &a.value_ty, naming::bare(&name)) };
            lines.push(format!("    {name}: {value},"));
        }
        lines.push("};".into());
        path_args.push("params".into());
    }
    lines.push(format!("let answer = client{chain}.{}({}).await?;", naming::bare(method), path_args.join(", ")));
    lines
}

/// A `no_run` doctest around `body`, with a client from the environment.
pub(super) fn doctest(krate: &str, body: &[String]) -> Vec<String> {
    let mut lines = vec![
        "```no_run".to_string(),
        format!("# async fn example() -> Result<(), {krate}::Error> {{"),
        format!("let client = {krate}::Client::from_env()?;"),
    ];
    lines.extend(body.iter().cloned());
    lines.extend(["# let _ = answer;".to_string(), "# Ok(())".into(), "# }".into(), "```".into()]);
    lines
}
