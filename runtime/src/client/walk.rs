//! Walking the pages of a paginated operation: each page asks the operation for the next
//! request; the walk stops with an error when a request or a page repeats an earlier one
//! (a server that ignores the page parameter, a cursor that comes back) or when a next-page
//! URL leads to another origin, where the credentials must not go.

use super::{decode, AnyCall, Call, CallOptions, Client, Error, ErrorKind};
use crate::{NextPage, Paginated};
use futures_util::stream::{self, BoxStream, StreamExt};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// A stream of pages, or of items. `next().await` needs no trait in scope, and it is a
/// `futures_core::Stream` (`Unpin`) for stream combinators. `E` is the operation's error
/// answers, as a call's [`Error`] has them.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<'a, T, E = AnyCall>(BoxStream<'a, Result<T, Error<E>>>);

impl<T, E> Pages<'_, T, E> {
    /// The next page or item; `None` after the last (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        self.0.next().await
    }
}

impl<T, E> std::fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages")
    }
}

impl<T, E> futures_core::Stream for Pages<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

/// Where the walk is.
struct Walk<O> {
    /// The operation as last sent (for its next page), and the URL to get instead, if the
    /// last answer gave one.
    next: Option<(O, Option<String>)>,
    requests: HashSet<String>,
    pages: HashSet<u64>,
}

impl Client {
    /// The pages of a paginated operation, from the one `op` asks for to the last: the walk
    /// stops where the answers say the list ends, without asking for a page past it.
    pub fn pages<'a, O>(&'a self, op: O) -> Pages<'a, O::Output, O::Error>
    where
        O: Paginated + Send + Sync + 'a,
        O::Output: Send + 'a,
    {
        let walk = Walk { next: Some((op, None)), requests: HashSet::new(), pages: HashSet::new() };
        let stream = stream::unfold(walk, move |mut walk| async move {
            let (op, url) = walk.next.take()?;
            match self.page(&op, url, &mut walk).await {
                Ok((output, next)) => {
                    walk.next = next;
                    Some((Ok(output), walk))
                }
                Err(e) => Some((Err(e.typed()), walk)),
            }
        });
        Pages(stream.boxed())
    }

    /// Every item of a paginated operation, page after page.
    pub fn items<'a, O>(&'a self, op: O) -> Pages<'a, O::Item, O::Error>
    where
        O: Paginated + Send + Sync + 'a,
        O::Output: Send + 'a,
        O::Item: Send + 'a,
    {
        let items = self.pages(op).flat_map(|page| {
            let items: Vec<Result<O::Item, Error<O::Error>>> = match page {
                Ok(output) => O::into_items(output).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        });
        Pages(items.boxed())
    }

    /// Gets one page; gives it with what follows it.
    async fn page<O: Paginated>(&self, op: &O, url: Option<String>, walk: &mut Walk<O>) -> Result<(O::Output, Option<(O, Option<String>)>), Error> {
        let request = match &url {
            None => self.request_of(op)?,
            Some(url) => self.follow(url)?,
        };
        if !walk.requests.insert(request.uri().to_string()) {
            return Err(Error::new(ErrorKind::Pagination, format!("`{} {}`: the next page repeats an earlier request (a cursor or page seen twice); stopping", O::METHOD, O::PATH)));
        }
        let response = self.execute(Call::of::<O>(), request, &CallOptions::default()).await?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        response.body().hash(&mut hasher);
        if !walk.pages.insert(hasher.finish()) {
            return Err(Error::new(ErrorKind::Pagination, format!("`{} {}`: the server sent the same page twice (it may ignore the page parameter); stopping", O::METHOD, O::PATH)));
        }
        let headers = response.headers().clone();
        let output = decode::<O>(response, self.strict)?.value;
        let next = match op.next_page(&output, &headers) {
            NextPage::Done => None,
            NextPage::Request(next) => Some((next, None)),
            NextPage::Url(next) => Some((op.clone(), Some(next))),
        };
        Ok((output, next))
    }

    /// A GET of a next-page URL the answer gave, resolved against the base URL; another
    /// origin is refused.
    fn follow(&self, next: &str) -> Result<http::Request<crate::Body>, Error> {
        let refused = |why: String| Error::new(ErrorKind::Pagination, why);
        let base = url::Url::parse(&self.base_url).map_err(|e| refused(format!("the base URL does not parse: {e}")))?;
        let target = base.join(next).map_err(|e| refused(format!("the next page's URL does not parse: {e}")))?;
        if target.origin() != base.origin() {
            return Err(refused(format!("the next page is on another origin ({}); not sending credentials there", target.origin().ascii_serialization())));
        }
        http::Request::get(target.as_str())
            .header(http::header::ACCEPT, "application/json")
            .body(crate::Body::default())
            .map_err(|e| refused(format!("the next page's URL is not a valid URI: {e}")))
    }
}
