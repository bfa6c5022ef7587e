//! Answers that arrive a piece at a time: server-sent events (`text/event-stream`) and JSON
//! lines (`application/x-ndjson`, `application/jsonl`, `application/json-seq`), split into
//! their events and records as the bytes come, whatever the chunks they come in.

use crate::Operation;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// An operation whose answer can be read as it arrives, event by event or line by line: the
/// client's `events` (a call's `.stream()`).
pub trait Streamed: Operation {
    /// What each event's data, or each line, decodes as.
    type Item: DeserializeOwned + Serialize;
    /// How the answer is split.
    const FORMAT: Format;
    /// The event data that ends the stream; by default `[DONE]`, which no JSON item can be.
    const END: Option<&'static str> = Some("[DONE]");
    /// Asks for the answer as a stream, where the request says so (a `stream: true` body
    /// field); by default nothing.
    fn streaming(&mut self) {}
    /// An item from an event's data or a line (JSON, decoded as leniently as an answer), or
    /// from a chunk of a body read as bytes.
    fn item(data: &[u8]) -> Result<Self::Item, serde_json::Error> {
        crate::from_json(data).map(|decoded| decoded.value)
    }
    /// An item from an event: by default its data's ([`Streamed::item`]); where the
    /// description's schema is the whole event, by [`whole_event`].
    fn event(event: Option<&str>, data: &[u8]) -> Result<Self::Item, serde_json::Error> {
        let _ = event;
        Self::item(data)
    }
}

/// An item whose schema describes the whole event, `{"event": ..., "data": ...}` (a union of
/// such objects, told apart by the constant of `event`, is a union by event name): the
/// event's type (`message` where the stream gives none) and its data, as JSON where it is
/// JSON and as a string where it is not.
#[doc(hidden)]
pub fn whole_event<T: DeserializeOwned + Serialize>(event: Option<&str>, data: &[u8]) -> Result<T, serde_json::Error> {
    let data = serde_json::from_slice::<serde_json::Value>(data).unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(data).into_owned()));
    let whole = serde_json::json!({"event": event.unwrap_or("message"), "data": data});
    crate::from_json(&serde_json::to_vec(&whole)?).map(|decoded| decoded.value)
}

/// How a streamed answer is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Server-sent events (`text/event-stream`): each event's data is an item.
    Events,
    /// JSON lines or a JSON text sequence: each line is an item.
    Lines,
    /// A body that is not JSON (a download): each chunk as it arrives is an item.
    Bytes,
}

impl Format {
    /// The `Accept` of a request for it; `None` keeps the operation's own.
    pub fn accept(self) -> Option<&'static str> {
        match self {
            Format::Events => Some("text/event-stream"),
            Format::Lines => Some("application/x-ndjson, application/jsonl, application/json-seq"),
            Format::Bytes => None,
        }
    }
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// Its `event:` type; `None` for the default, `message`.
    pub event: Option<String>,
    /// Its `data:` lines, joined by `\n`.
    pub data: String,
    /// The last `id:` the stream gave, this event's or an earlier one's.
    pub id: Option<String>,
    /// The reconnection time the stream last asked for (`retry:`), in milliseconds.
    pub retry: Option<u64>,
}

/// Splits a `text/event-stream` into events, as the HTML standard parses one: lines end in
/// CRLF, LF or CR (a CRLF split between two chunks included); `:` starts a comment; a field
/// without `:` has an empty value; one space after the `:` is dropped; a blank line ends an
/// event, which is given only when it has data; a leading byte order mark is dropped.
#[derive(Debug, Default)]
pub struct EventDecoder {
    line: Vec<u8>,
    after_cr: bool,
    started: bool,
    /// Fields were read since the last blank line.
    pending: bool,
    /// Each `data:` value followed by `\n`.
    data: String,
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
}

impl EventDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The events that `chunk` completes.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Event> {
        let mut out = Vec::new();
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    self.end_line(&mut out);
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(byte);
                }
            }
        }
        out
    }

    /// How many bytes of the event being read it holds.
    pub fn buffered(&self) -> usize {
        self.line.len() + self.data.len()
    }

    /// Whether the stream stopped inside an event: fields read, or a line begun, after the
    /// last blank line.
    pub fn in_event(&self) -> bool {
        self.pending || !self.line.is_empty()
    }

    fn end_line(&mut self, out: &mut Vec<Event>) {
        let mut line = std::mem::take(&mut self.line);
        if !std::mem::replace(&mut self.started, true) && line.starts_with("\u{feff}".as_bytes()) {
            line.drain(..3);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            return;
        }
        self.pending = true;
        let text = String::from_utf8_lossy(&line);
        let (field, value) = match text.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*text, ""),
        };
        match field {
            "event" => self.event = Some(value.to_string()),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.id = Some(value.to_string()).filter(|id| !id.is_empty()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => self.retry = value.parse().ok(),
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<Event>) {
        self.pending = false;
        let event = self.event.take();
        let mut data = std::mem::take(&mut self.data);
        // No `data:` field, no event; one, even empty, is an event.
        if data.pop().is_some() {
            out.push(Event { event, data, id: self.id.clone(), retry: self.retry });
        }
    }
}

/// Splits JSON lines (`application/x-ndjson`, `application/jsonl`: one JSON text per line)
/// and JSON text sequences (`application/json-seq`: each text after an RS byte) into their
/// records. Blank records are skipped.
#[derive(Debug, Default)]
pub struct LineDecoder {
    record: Vec<u8>,
}

impl LineDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The records that `chunk` completes.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for &byte in chunk {
            if byte == b'\n' || byte == 0x1e {
                self.end_record(&mut out);
            } else {
                self.record.push(byte);
            }
        }
        out
    }

    /// How many bytes of the record being read it holds.
    pub fn buffered(&self) -> usize {
        self.record.len()
    }

    /// The last record, where the stream does not end with a newline.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        self.end_record(&mut out);
        out.pop()
    }

    fn end_record(&mut self, out: &mut Vec<Vec<u8>>) {
        let record = std::mem::take(&mut self.record);
        let start = record.iter().position(|b| !b.is_ascii_whitespace());
        let end = record.iter().rposition(|b| !b.is_ascii_whitespace());
        if let (Some(start), Some(end)) = (start, end) {
            out.push(record[start..=end].to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    #[serde(tag = "event", content = "data", rename_all = "lowercase")]
    enum Named {
        Delta { text: String },
        Done(String),
        Message(u32),
    }

    #[test]
    fn a_whole_event_is_its_name_and_its_data() {
        assert_eq!(whole_event::<Named>(Some("delta"), br#"{"text":"hi"}"#).unwrap(), Named::Delta { text: "hi".into() });
        assert_eq!(whole_event::<Named>(Some("done"), b"bye").unwrap(), Named::Done("bye".into()), "data that is not JSON is text");
        assert_eq!(whole_event::<Named>(None, b"7").unwrap(), Named::Message(7), "no event type is `message`");
        assert!(whole_event::<Named>(Some("other"), b"1").is_err());
    }

    /// A byte order mark, comments, `retry`, `id` (set, then reset), an event type, data over
    /// two lines, `data` without a colon, CRLF, LF and CR line ends, and an end marker.
    const EVENTS: &str = "\u{feff}: a comment\r\nretry: 3000\r\nid: 1\r\nevent: delta\r\ndata: {\"a\":\r\ndata:  1}\r\n\r\ndata\n\ndata: second\rid\r\r: keep-alive\n\ndata: [DONE]\n\n";

    fn expected_events() -> Vec<Event> {
        let event = |event: Option<&str>, data: &str, id: Option<&str>| Event { event: event.map(String::from), data: data.into(), id: id.map(String::from), retry: Some(3000) };
        vec![event(Some("delta"), "{\"a\":\n 1}", Some("1")), event(None, "", Some("1")), event(None, "second", None), event(None, "[DONE]", None)]
    }

    /// What a decoder gives for `bytes` cut into chunks at `cuts`.
    fn chunked<T>(bytes: &[u8], cuts: &[usize], mut push: impl FnMut(&[u8]) -> Vec<T>) -> Vec<T> {
        let mut out = Vec::new();
        let mut from = 0;
        for &cut in cuts.iter().chain(std::iter::once(&bytes.len())) {
            out.extend(push(&bytes[from..cut]));
            from = cut;
        }
        out
    }

    #[test]
    fn events_are_the_same_whatever_the_chunks() {
        let bytes = EVENTS.as_bytes();
        for cut in 0..=bytes.len() {
            let mut decoder = EventDecoder::new();
            assert_eq!(chunked(bytes, &[cut], |c| decoder.push(c)), expected_events(), "cut at byte {cut}");
            assert!(!decoder.in_event());
        }
        let mut decoder = EventDecoder::new();
        let every: Vec<usize> = (1..bytes.len()).collect();
        assert_eq!(chunked(bytes, &every, |c| decoder.push(c)), expected_events(), "byte by byte");
    }

    #[test]
    fn a_stream_that_stops_inside_an_event_says_so() {
        let mut decoder = EventDecoder::new();
        assert_eq!(decoder.push(b"data: {\"partial\""), []);
        assert!(decoder.in_event());
        let mut decoder = EventDecoder::new();
        assert_eq!(decoder.push(b"data: whole\n"), []);
        assert!(decoder.in_event(), "no blank line yet");
        assert_eq!(decoder.push(b"\n").len(), 1);
        assert!(!decoder.in_event());
    }

    #[test]
    fn json_lines_and_sequences_are_the_same_whatever_the_chunks() {
        let bytes = b"{\"a\":1}\n\n{\"a\":2}\r\n\x1e{\"a\":3}\n  \n{\"a\":4}";
        let expected: Vec<Vec<u8>> = (1..=4).map(|n| format!("{{\"a\":{n}}}").into_bytes()).collect();
        for cut in 0..=bytes.len() {
            let mut decoder = LineDecoder::new();
            let mut records = chunked(bytes, &[cut], |c| decoder.push(c));
            records.extend(decoder.finish());
            assert_eq!(records, expected, "cut at byte {cut}");
            assert_eq!(decoder.finish(), None);
        }
    }
}
