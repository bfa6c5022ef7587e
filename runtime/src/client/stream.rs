//! Answers read as they arrive: server-sent events and JSON lines, each event's data (or
//! each line) decoded as the operation's item type, never the whole answer in memory and
//! never counted against the size limit. The call's timeout bounds the wait for each chunk.

use super::{AnyCall, Call, CallOptions, Client, Error, ErrorKind};
use crate::stream::{EventDecoder, Format, LineDecoder, Streamed};
use futures_util::stream::{self, BoxStream, StreamExt};
use std::collections::VecDeque;
use std::time::Duration;

/// The items of an answer read as it arrives. `next().await` needs no trait in scope, and it
/// is a `futures_core::Stream` (`Unpin`) for stream combinators. It ends after the stream's
/// end (`data: [DONE]`, or the end of the body), or after an error that ends the stream (an
/// `error` event, a broken connection, a stall past the timeout, a stream cut inside an
/// event); an item that does not decode is an error item, and the items after it follow.
/// `E` is the operation's error answers, as a call's [`Error`] has them.
#[must_use = "a stream does nothing until it is polled"]
pub struct Events<'a, T, E = AnyCall>(BoxStream<'a, Result<T, Error<E>>>);

impl<T, E> Events<'_, T, E> {
    /// The next item; `None` after the last.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        self.0.next().await
    }
}

impl<T, E> std::fmt::Debug for Events<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Events")
    }
}

impl<T, E> futures_core::Stream for Events<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

/// Where a stream is.
enum State<O> {
    Unopened(O, CallOptions),
    Open(Reading),
    Done,
}

/// An open answer, the frames it splits into, and the items decoded but not yet given.
struct Reading {
    response: reqwest::Response,
    frames: Frames,
    /// Each frame's event type (none for a line or a chunk) and data, or the error that ends
    /// the stream.
    queue: VecDeque<Result<Frame, Error>>,
    idle: Duration,
    ended: bool,
    end: Option<&'static str>,
    /// The most one event or line may hold: the client's `max_response_bytes`.
    limit: usize,
}

/// One frame: its event type (none for a line or a chunk) and its data.
type Frame = (Option<String>, Vec<u8>);

enum Frames {
    Events(EventDecoder),
    Lines(LineDecoder),
    Bytes,
}

impl Client {
    /// Sends `op` and reads its answer as it arrives, each item decoded as `O::Item`. An
    /// answer that is not a success is one error item, as a call's would be.
    pub fn events<'a, O>(&'a self, op: O, options: CallOptions) -> Events<'a, O::Item, O::Error>
    where
        O: Streamed + Send + Sync + 'a,
        O::Item: Send + 'a,
    {
        let stream = stream::unfold(State::Unopened(op, options), move |state| async move {
            let mut reading = match state {
                State::Unopened(op, options) => match self.open(&op, &options).await {
                    Ok(reading) => reading,
                    Err(e) => return Some((Err(e.typed()), State::Done)),
                },
                State::Open(reading) => reading,
                State::Done => return None,
            };
            let item = reading.next().await?;
            let item = item.and_then(|(event, data)| O::event(event.as_deref(), &data).map_err(|e| {
                Error::new(ErrorKind::Decode, format!("`{} {}`: an item of the stream does not decode: {e}", O::METHOD, O::PATH)).with_body(data)
            }));
            Some((item.map_err(Error::typed), State::Open(reading)))
        });
        Events(stream.boxed())
    }

    /// Sends `op` asking for its stream, with retries until the answer starts.
    async fn open<O: Streamed>(&self, op: &O, options: &CallOptions) -> Result<Reading, Error> {
        let mut request = self.request_of(op)?;
        if let Some(accept) = O::FORMAT.accept() {
            request.headers_mut().insert(http::header::ACCEPT, http::HeaderValue::from_static(accept));
        }
        let (response, open) = self.run(Call::of::<O>(), request, options, true).await?;
        let Some(body) = open else {
            let (parts, body) = response.into_parts();
            return Err(Error::from_response::<O>(ErrorKind::of_status(parts.status), parts.status, parts.headers, body));
        };
        let frames = match O::FORMAT {
            Format::Events => Frames::Events(EventDecoder::new()),
            Format::Lines => Frames::Lines(LineDecoder::new()),
            Format::Bytes => Frames::Bytes,
        };
        let idle = options.timeout.unwrap_or(self.timeout);
        Ok(Reading { response: body, frames, queue: VecDeque::new(), idle, ended: false, end: O::END, limit: self.max_response_bytes })
    }
}

impl Reading {
    /// The next frame's event type and data, or the error that ends the stream; `None` after
    /// the end.
    async fn next(&mut self) -> Option<Result<Frame, Error>> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.ended {
                return None;
            }
            match tokio::time::timeout(self.idle, self.response.chunk()).await {
                Err(_) => self.stop(Error::new(ErrorKind::Timeout, format!("the stream sent nothing for {:?}", self.idle))),
                Ok(Err(e)) => self.stop(Error::new(ErrorKind::Transport, "the stream broke off").with_source(e.without_url())),
                Ok(Ok(Some(chunk))) => self.take(&chunk),
                Ok(Ok(None)) => {
                    self.ended = true;
                    match &mut self.frames {
                        Frames::Events(decoder) if decoder.in_event() => {
                            self.queue.push_back(Err(Error::new(ErrorKind::Transport, "the stream ended inside an event")));
                        }
                        Frames::Events(_) | Frames::Bytes => {}
                        Frames::Lines(decoder) => self.queue.extend(decoder.finish().map(|line| Ok((None, line)))),
                    }
                }
            }
        }
    }

    /// The frames `chunk` completes, queued; an `error` event, the end marker, or an event or
    /// line larger than the limit ends the stream there.
    fn take(&mut self, chunk: &[u8]) {
        let (frames, buffered) = match &mut self.frames {
            Frames::Bytes => return self.queue.push_back(Ok((None, chunk.to_vec()))),
            // Each frame's event type (none for a line) and data.
            Frames::Lines(decoder) => (decoder.push(chunk).into_iter().map(|line| (None, line)).collect::<Vec<_>>(), decoder.buffered()),
            Frames::Events(decoder) => (decoder.push(chunk).into_iter().map(|e| (e.event, e.data.into_bytes())).collect(), decoder.buffered()),
        };
        for (event, data) in frames {
            if data.len() > self.limit {
                return self.stop(self.too_large());
            }
            if self.end.is_some_and(|end| data == end.as_bytes()) {
                self.ended = true;
                return;
            }
            if event.as_deref() == Some("error") {
                let e = Error::new(ErrorKind::Other, "the stream sent an `error` event (its data is `Error::body`)");
                return self.stop(e.with_body(data));
            }
            self.queue.push_back(Ok((event, data)));
        }
        if buffered > self.limit {
            self.stop(self.too_large());
        }
    }

    fn too_large(&self) -> Error {
        Error::new(ErrorKind::TooLarge, format!("an item of the stream is larger than the limit of {} bytes (see `max_response_bytes`)", self.limit))
    }

    /// Ends the stream with `e`, after the items already queued.
    fn stop(&mut self, e: Error) {
        self.ended = true;
        self.queue.push_back(Err(e));
    }
}
