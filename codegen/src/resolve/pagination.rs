//! Pagination: the kind an operation pages by, recognised from its query parameters and the
//! shape of its answer (or named in the config), and where in each answer the list, the next
//! cursor or URL, the more-follows flag and the totals are. A deprecated parameter or field is
//! never used: deprecated totals are often sent as 0.

use crate::config::{PageKindName, PaginationConfig};
use crate::ir::{alias_target, value_type, CursorSource, Field, FieldPath, Operation, PageKind, Pagination, ParamLocation, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Request parameters, by the names APIs give them (compared without case, `_` or `-`).
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pagenum", "pageindex"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "start", "startindex"];
const SIZE_PARAMS: &[&str] = &["perpage", "pagesize", "limit", "size", "maxresults", "pagelimit", "count", "top"];
const CURSOR_PARAMS: &[&str] =
    &["cursor", "pagetoken", "nexttoken", "continuationtoken", "startingafter", "after", "pagecursor", "starttoken", "offset", "page"];

/// Answer fields.
const NEXT_CURSOR_FIELDS: &[&str] = &["nextcursor", "nextpagetoken", "nexttoken", "continuationtoken", "endcursor", "cursor", "next", "nextpage", "lastid"];
const NEXT_URL_FIELDS: &[&str] = &["next", "nextpageuri", "nextpageurl", "nexturl", "nextlink", "nextpage", "nexthref"];
const MORE_FIELDS: &[&str] = &["hasmore", "more", "hasnextpage", "hasnext"];
const TOTAL_FIELDS: &[&str] = &["totalcount", "total", "totalitems", "totalresults", "totalentries"];
const TOTAL_PAGE_FIELDS: &[&str] = &["totalpages", "pagecount", "numpages", "pages"];
const PER_PAGE_FIELDS: &[&str] = &["perpage", "pagesize", "limit"];
const LIST_FIELDS: &[&str] = &["data", "items", "results", "result", "records", "entries", "values", "elements"];

/// How deep under the answer page information is looked for (`links.pages.next`).
const MAX_DEPTH: usize = 3;

fn normal(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// The operation's pagination, or `None`; an overridden kind that does not fit is an error
/// message for a warning.
pub(super) fn detect(op: &Operation, types: &BTreeMap<String, TypeDef>, config: Option<&PaginationConfig>) -> Result<Option<Pagination>, String> {
    let kind_of = |n: &str| types.get(n).map(|t| &t.kind);
    let config = config.cloned().unwrap_or_default();
    if config.kind == Some(PageKindName::None) {
        return Ok(None);
    }
    let Some(success) = &op.success else { return Ok(None) };
    let body = Answer { types };
    // A body that is the list itself pages by `Link` header only.
    if let TypeRef::Array(item) = unwrap(alias_target(success, &kind_of)) {
        let by_link = config.kind == Some(PageKindName::Link) || (config.kind.is_none() && op.link_header);
        return Ok(by_link.then(|| Pagination { items: Vec::new(), item: (**item).clone(), kind: PageKind::Link }));
    }
    let Some(root) = body.fields(success) else {
        return if config.kind.is_some() { Err("its success body is not an object or a list".into()) } else { Ok(None) };
    };
    let items = match &config.items {
        Some(path) => Some(body.path(root, path).ok_or_else(|| format!("the answer has no list at `{path}`"))?),
        None => body.list(root),
    };
    let Some((items, item)) = items.and_then(|path| Some((path.clone(), body.item_of(&path)?))) else {
        return if config.kind.is_some() { Err("no list found in its answer; name it with `items`".into()) } else { Ok(None) };
    };
    let found = |names: &[&str], configured: &Option<String>, want: Want| -> Result<Option<FieldPath>, String> {
        match configured {
            Some(path) => body.path(root, path).map(Some).ok_or_else(|| format!("the answer has no field `{path}`")),
            None => Ok(body.find(root, names, want)),
        }
    };
    let param = |names: &[&str], configured: &Option<String>, want: Want| -> Option<usize> {
        op.params.iter().position(|p| {
            let named = match configured {
                Some(name) => &p.wire_name == name,
                None => names.contains(&normal(&p.wire_name).as_str()),
            };
            named && p.location == ParamLocation::Query && p.docs.deprecated.is_none() && want.accepts(alias_target(&p.ty, &kind_of))
        })
    };
    let size = param(SIZE_PARAMS, &config.size, Want::Number);
    let more = found(MORE_FIELDS, &config.more, Want::Bool)?;
    let total = found(TOTAL_FIELDS, &config.total, Want::Number)?;
    let forced = config.kind;
    let wants = |kind: PageKindName| forced.is_none() || forced == Some(kind);

    if wants(PageKindName::Cursor) {
        if let Some(param) = param(CURSOR_PARAMS, &config.param, Want::String) {
            let named = found(NEXT_CURSOR_FIELDS, &config.next, Want::Text)?;
            // Asana's `next_page: {offset, ...}` for an `offset` token.
            let echoed = || body.under_next(root, &normal(&op.params[param].wire_name));
            let next = match named.or_else(echoed) {
                Some(path) => Some(CursorSource::Field(path)),
                // `after` plus `has_more`: the cursor is the last entry's id.
                None if more.is_some() => body.id_of(&item).map(|id| CursorSource::LastItem(Box::new(id))),
                None => None,
            };
            if let Some(next) = next {
                return Ok(Some(Pagination { items, item, kind: PageKind::Cursor { param, next, more } }));
            }
        }
    }
    if wants(PageKindName::NextUrl) {
        let next = found(NEXT_URL_FIELDS, &config.next, Want::String)?;
        if let Some(next) = next.filter(|path| forced.is_some() || is_url(path)) {
            return Ok(Some(Pagination { items, item, kind: PageKind::NextUrl { next } }));
        }
    }
    if wants(PageKindName::Offset) {
        if let Some(param) = param(OFFSET_PARAMS, &config.param, Want::Number) {
            return Ok(Some(Pagination { items, item, kind: PageKind::Offset { param, size, more, total } }));
        }
    }
    if wants(PageKindName::Page) {
        if let Some(param) = param(PAGE_PARAMS, &config.param, Want::Number) {
            let per_page = body.find(root, PER_PAGE_FIELDS, Want::Number);
            let total_pages = found(TOTAL_PAGE_FIELDS, &config.total_pages, Want::Number)?;
            return Ok(Some(Pagination { items, item, kind: PageKind::Page { param, size, per_page, total_pages, total } }));
        }
    }
    if forced == Some(PageKindName::Link) || (forced.is_none() && op.link_header) {
        return Ok(Some(Pagination { items, item, kind: PageKind::Link }));
    }
    match forced {
        Some(kind) => Err(format!("it has no parameter or field for {kind:?} pagination; name them with `param` and `next`")),
        None => Ok(None),
    }
}

/// Whether a next-page field holds a URL: its name says so (`next_page_uri`), or its
/// description does, or it sits under `links`/`paging` (`links.pages.next`). A bare `next` or
/// `next_page` is as often a token.
fn is_url(path: &[Field]) -> bool {
    let Some(last) = path.last() else { return false };
    let name = normal(&last.wire_name);
    let says = |text: &str| ["url", "uri", "link", "href"].iter().any(|w| text.to_ascii_lowercase().contains(w));
    !matches!(name.as_str(), "next" | "nextpage")
        || [&last.docs.description, &last.docs.summary].into_iter().flatten().any(|d| says(d))
        || path[..path.len() - 1].iter().any(|f| matches!(normal(&f.wire_name).as_str(), "links" | "link" | "paging" | "pagination"))
}

/// What a field or parameter must be to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Number,
    Bool,
    String,
    /// A string, or a number or id that has a text form.
    Text,
}

impl Want {
    fn accepts(self, ty: &TypeRef) -> bool {
        let ty = unwrap(ty);
        match self {
            Want::Number => ty.is_number(),
            Want::Bool => *ty == TypeRef::Bool,
            Want::String => *ty == TypeRef::String,
            Want::Text => matches!(ty, TypeRef::String | TypeRef::Uuid) || ty.is_number(),
        }
    }
}

/// `T` for `Option<T>` and `Box<T>`.
fn unwrap(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => unwrap(inner),
        other => other,
    }
}

/// Looks into the answer's types.
struct Answer<'t> {
    types: &'t BTreeMap<String, TypeDef>,
}

impl<'t> Answer<'t> {
    /// The fields of a struct type (through aliases and boxes).
    fn fields(&self, ty: &TypeRef) -> Option<&'t [Field]> {
        let kind_of = |n: &str| self.types.get(n).map(|t| &t.kind);
        let TypeRef::Named(name) = value_type(ty, &kind_of) else { return None };
        let name = name.clone();
        match self.types.get(&name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => Some(&s.fields),
            _ => None,
        }
    }

    /// The entry type of a list.
    fn item_of(&self, path: &FieldPath) -> Option<TypeRef> {
        let kind_of = |n: &str| self.types.get(n).map(|t| &t.kind);
        match value_type(&path.last()?.ty, &kind_of) {
            TypeRef::Array(item) => Some((**item).clone()),
            _ => None,
        }
    }

    /// The dotted `path` of fields under `root`, by wire names.
    fn path(&self, root: &'t [Field], path: &str) -> Option<FieldPath> {
        let mut fields = root;
        let mut out = Vec::new();
        for name in path.split('.') {
            let field = fields.iter().find(|f| f.wire_name == name)?;
            out.push(field.clone());
            fields = self.fields(&field.ty).unwrap_or(&[]);
        }
        Some(out)
    }

    /// The answer's list: its only top-level array, or the one with a usual name; else the
    /// list inside a usual wrapper (`result: {buckets: [...]}`).
    fn list(&self, root: &'t [Field]) -> Option<FieldPath> {
        let own = |fields: &'t [Field]| {
            let lists: Vec<&Field> = fields.iter().filter(|f| f.docs.deprecated.is_none()).filter(|f| self.item_of(&vec![(*f).clone()]).is_some()).collect();
            match lists.as_slice() {
                [only] => Some(*only),
                many => LIST_FIELDS.iter().find_map(|name| many.iter().find(|f| normal(&f.wire_name) == *name).copied()),
            }
        };
        if let Some(list) = own(root) {
            return Some(vec![list.clone()]);
        }
        let wrapper = LIST_FIELDS.iter().find_map(|name| root.iter().find(|f| f.docs.deprecated.is_none() && normal(&f.wire_name) == *name))?;
        let list = own(self.fields(&wrapper.ty)?)?;
        Some(vec![wrapper.clone(), list.clone()])
    }

    /// The first field named as in `names` (earlier names first, then shallower fields) of
    /// the wanted type, down to [`MAX_DEPTH`]; deprecated fields are passed over.
    fn find(&self, root: &'t [Field], names: &[&str], want: Want) -> Option<FieldPath> {
        let mut level: Vec<FieldPath> = Vec::new();
        let mut found: Vec<FieldPath> = Vec::new();
        let mut parents: Vec<(FieldPath, &'t [Field])> = vec![(Vec::new(), root)];
        for _ in 0..MAX_DEPTH {
            let mut next = Vec::new();
            for (path, fields) in &parents {
                for field in fields.iter().filter(|f| f.docs.deprecated.is_none()) {
                    let mut here = path.clone();
                    here.push(field.clone());
                    if want.accepts(&field.ty) {
                        level.push(here.clone());
                    }
                    if let Some(inner) = self.fields(&field.ty) {
                        next.push((here, inner));
                    }
                }
            }
            found.append(&mut level);
            parents = next;
        }
        names.iter().find_map(|name| found.iter().find(|path| path.last().is_some_and(|f| normal(&f.wire_name) == *name)).cloned())
    }

    /// A field named `name` inside a field whose name starts with `next`.
    fn under_next(&self, root: &'t [Field], name: &str) -> Option<FieldPath> {
        root.iter().filter(|f| f.docs.deprecated.is_none() && normal(&f.wire_name).starts_with("next")).find_map(|parent| {
            let field = self.fields(&parent.ty)?.iter().find(|f| normal(&f.wire_name) == name && Want::Text.accepts(&f.ty))?;
            Some(vec![parent.clone(), field.clone()])
        })
    }

    /// The `id` field of a list entry, for cursors that are the last entry's id.
    fn id_of(&self, item: &TypeRef) -> Option<Field> {
        self.fields(item)?.iter().find(|f| f.wire_name == "id" && f.required && Want::Text.accepts(&f.ty)).cloned()
    }
}
