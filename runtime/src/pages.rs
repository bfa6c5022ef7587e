//! Pagination: how a generated operation finds the request for its next page, one function
//! per kind the generator recognises. Each decides from what the page says and never asks
//! for a page known to lie past the end; the client's walk adds the checks that need the
//! whole walk (a page or a cursor seen twice).

use crate::Operation;

/// What comes after a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage<O> {
    /// That was the last page.
    Done,
    /// The same operation with the next page, offset or cursor set.
    Request(O),
    /// A URL the answer gave (in its body or its `Link` header), to get with the same
    /// credentials. It may be relative to the base URL.
    Url(String),
}

impl<O: Clone> NextPage<O> {
    /// The request for the next page: `op` with `set` giving it the next page's `value` (a
    /// page number, an offset, a cursor), or `Done` when there is none.
    pub fn of<V>(op: &O, value: Option<V>, set: impl FnOnce(&mut O, V)) -> Self {
        match value {
            Some(value) => {
                let mut next = op.clone();
                set(&mut next, value);
                NextPage::Request(next)
            }
            None => NextPage::Done,
        }
    }
}

/// An operation whose answers are pages of a list.
pub trait Paginated: Operation + Clone + Sized {
    /// One entry of the list.
    type Item;
    /// The request for the page after `output`, which answered `self` with `headers`.
    fn next_page(&self, output: &Self::Output, headers: &http::HeaderMap) -> NextPage<Self>;
    /// The page's entries.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// What a page-numbered answer says, and what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[doc(hidden)]
pub struct PageNumber {
    /// The page asked for (the first page when none was).
    pub page: i64,
    /// The entries on this page.
    pub items: usize,
    /// The page size asked for, or the one the answer reports.
    pub per_page: Option<f64>,
    /// How many pages there are, if the answer says.
    pub total_pages: Option<f64>,
    /// How many entries there are, if the answer says.
    pub total_items: Option<f64>,
}

impl PageNumber {
    /// The next page number, or `None` when this page is the last: it is empty, shorter
    /// than the page size, or reaches the total number of pages or entries.
    pub fn next(&self) -> Option<i64> {
        let past = |known: Option<f64>, reached: f64| known.is_some_and(|n| n > 0.0 && reached >= n);
        let per_page = self.per_page.filter(|p| *p > 0.0);
        let short = per_page.is_some_and(|p| (self.items as f64) < p);
        let reached = per_page.map_or(0.0, |p| self.page as f64 * p);
        let last = self.items == 0
            || short
            || past(self.total_pages, self.page as f64)
            || (per_page.is_some() && past(self.total_items, reached));
        (!last).then(|| self.page + 1)
    }
}

/// What an offset/limit answer says, and what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[doc(hidden)]
pub struct Offset {
    /// The offset asked for (0 when none was).
    pub offset: i64,
    /// The entries on this page.
    pub items: usize,
    /// The limit asked for, if one was.
    pub limit: Option<i64>,
    /// Whether the answer says more entries follow.
    pub more: Option<bool>,
    /// How many entries there are, if the answer says.
    pub total: Option<f64>,
}

impl Offset {
    /// The next offset, or `None` when this page is the last: it is empty, the answer says
    /// nothing more follows, it is shorter than the limit, or it reaches the total.
    pub fn next(&self) -> Option<i64> {
        let next = self.offset.saturating_add(i64::try_from(self.items).unwrap_or(i64::MAX));
        let last = self.items == 0
            || self.more == Some(false)
            || (self.more.is_none() && self.limit.is_some_and(|l| l > 0 && (self.items as i64) < l))
            || self.total.is_some_and(|t| t > 0.0 && next as f64 >= t);
        (!last).then_some(next)
    }
}

/// The next cursor: the answer's, unless it is missing or empty or the answer says nothing
/// more follows.
#[doc(hidden)]
pub fn cursor(next: Option<&str>, more: Option<bool>) -> Option<String> {
    if more == Some(false) {
        return None;
    }
    next.filter(|c| !c.is_empty()).map(str::to_string)
}

/// A next-page URL from the answer's body, unless it is missing or empty.
#[doc(hidden)]
pub fn url<O>(next: Option<impl AsRef<str>>) -> NextPage<O> {
    match next.as_ref().map(AsRef::as_ref).filter(|u| !u.trim().is_empty()) {
        Some(u) => NextPage::Url(u.to_string()),
        None => NextPage::Done,
    }
}

/// The `rel="next"` target of the `Link` headers (RFC 8288), if there is one.
#[doc(hidden)]
pub fn link_next<O>(headers: &http::HeaderMap) -> NextPage<O> {
    for value in headers.get_all(http::header::LINK).iter().filter_map(|v| v.to_str().ok()) {
        for link in split_links(value) {
            let Some((target, params)) = link.trim().strip_prefix('<').and_then(|l| l.split_once('>')) else { continue };
            let is_next = params.split(';').any(|param| {
                let Some((name, value)) = param.split_once('=') else { return false };
                name.trim().eq_ignore_ascii_case("rel")
                    && value.trim().trim_matches('"').split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next && !target.trim().is_empty() {
                return NextPage::Url(target.trim().to_string());
            }
        }
    }
    NextPage::Done
}

/// The links of one `Link` header value: split at commas outside `<...>` and quotes.
fn split_links(value: &str) -> Vec<&str> {
    let (mut links, mut start, mut in_target, mut in_quotes) = (Vec::new(), 0, false, false);
    for (i, c) in value.char_indices() {
        match c {
            '<' if !in_quotes => in_target = true,
            '>' if !in_quotes => in_target = false,
            '"' if !in_target => in_quotes = !in_quotes,
            ',' if !in_target && !in_quotes => {
                links.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    links.push(&value[start..]);
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: i64, items: usize, per_page: Option<f64>) -> PageNumber {
        PageNumber { page, items, per_page, total_pages: None, total_items: None }
    }

    #[test]
    fn the_next_request_is_the_same_with_the_next_value_set() {
        #[derive(Debug, Clone, PartialEq)]
        struct List {
            filter: &'static str,
            page: Option<i64>,
        }
        let list = List { filter: "a", page: Some(1) };
        let set = |next: &mut List, value| next.page = Some(value);
        assert_eq!(NextPage::of(&list, Some(2), set), NextPage::Request(List { filter: "a", page: Some(2) }));
        assert_eq!(NextPage::of(&list, None, set), NextPage::Done);
    }

    #[test]
    fn page_numbers_stop_at_an_empty_or_short_page() {
        assert_eq!(page(1, 20, Some(20.0)).next(), Some(2));
        assert_eq!(page(3, 0, Some(20.0)).next(), None);
        assert_eq!(page(3, 7, Some(20.0)).next(), None);
        // Without a page size only an empty page ends the walk.
        assert_eq!(page(3, 7, None).next(), Some(4));
    }

    #[test]
    fn page_numbers_stop_at_the_totals_but_not_at_a_zero_total() {
        let full = |total_pages, total_items| PageNumber { page: 2, items: 20, per_page: Some(20.0), total_pages, total_items };
        assert_eq!(full(Some(2.0), None).next(), None);
        assert_eq!(full(Some(3.0), None).next(), Some(3));
        assert_eq!(full(None, Some(40.0)).next(), None);
        assert_eq!(full(None, Some(41.0)).next(), Some(3));
        // A total that is always 0 (a deprecated field still sent) says nothing.
        assert_eq!(full(Some(0.0), Some(0.0)).next(), Some(3));
    }

    #[test]
    fn offsets_advance_by_the_entries_received() {
        let at = |offset, items, limit, more, total| Offset { offset, items, limit, more, total }.next();
        assert_eq!(at(0, 25, Some(25), None, None), Some(25));
        assert_eq!(at(25, 25, Some(25), Some(true), None), Some(50));
        assert_eq!(at(25, 25, Some(25), Some(false), None), None);
        assert_eq!(at(25, 10, Some(25), None, None), None);
        // A server that says more follows is believed over a short page.
        assert_eq!(at(25, 10, Some(25), Some(true), None), Some(35));
        assert_eq!(at(50, 25, Some(25), None, Some(75.0)), None);
        assert_eq!(at(50, 0, None, None, None), None);
    }

    #[test]
    fn cursors_end_when_missing_empty_or_told() {
        assert_eq!(cursor(Some("abc"), None), Some("abc".into()));
        assert_eq!(cursor(Some(""), None), None);
        assert_eq!(cursor(None, Some(true)), None);
        assert_eq!(cursor(Some("abc"), Some(false)), None);
    }

    #[test]
    fn link_headers_give_the_next_target() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::LINK,
            r#"<https://api.example.com/items?page=1>; rel="prev first", <https://api.example.com/items?page=3&q=a,b>; rel="next""#.parse().unwrap(),
        );
        assert_eq!(link_next::<()>(&headers), NextPage::Url("https://api.example.com/items?page=3&q=a,b".into()));
        let mut last = http::HeaderMap::new();
        last.append(http::header::LINK, r#"</items?page=1>; rel="first""#.parse().unwrap());
        assert_eq!(link_next::<()>(&last), NextPage::Done);
        assert_eq!(link_next::<()>(&http::HeaderMap::new()), NextPage::Done);
    }
}
