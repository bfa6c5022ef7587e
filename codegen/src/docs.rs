//! Turns the spec's Markdown descriptions into rustdoc that builds cleanly under
//! `RUSTDOCFLAGS=-D warnings`: no doctests from code blocks, no broken intra-doc links, no
//! unclosed HTML tags, no bare URLs.

/// The deepest column a list item's text is indented to. Deeper nesting is written at this
/// column: otherwise each of a few hundred list lines, each indented a little more, would
/// let every later line of the item be indented by thousands of spaces.
const MAX_ITEM_COLUMN: usize = 64;

/// Escapes one description for use as rustdoc; returns its lines.
pub fn to_rustdoc(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let escaped = escape_paragraphs(&lines);
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // The column where the text of the list item being written starts: its other lines
    // are indented to it (Markdown allows them "lazy", clippy does not).
    let mut item: Option<usize> = None;
    for (line, escaped) in lines.iter().zip(escaped) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() && fence.is_none() {
            item = None;
        }
        if let Some(marker) = fence.clone() {
            if trimmed.starts_with(marker.as_str()) {
                fence = None;
                out.push(marker);
            } else {
                out.push(line.to_string());
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker = trimmed[..3].to_string();
            // Every fenced block is shown as text: rustdoc would compile untagged ones.
            out.push(format!("{marker}text"));
            fence = Some(marker);
            continue;
        }
        // Four spaces of indentation would make an indented code block, which rustdoc
        // compiles; inside a list item, the item's column is the measure.
        let raw = line.len() - trimmed.len();
        let indent = match (list_marker_width(trimmed), item) {
            (Some(width), _) => {
                let indent = raw.min(item.map_or(3, |column| column + 3)).min(MAX_ITEM_COLUMN - width);
                item = Some(indent + width);
                indent
            }
            (None, Some(column)) if !trimmed.is_empty() => column,
            _ => raw.min(3),
        };
        out.push(format!("{}{escaped}", " ".repeat(indent)));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    let blank = out.iter().take_while(|l| l.trim().is_empty()).count();
    out.drain(..blank);
    out
}

/// Each line's text, without its indentation, escaped as in [`escape_line`], each paragraph
/// as a whole: a link whose text wraps a line (`[an online\nguide](/docs)`) stays a link. A
/// paragraph ends at a blank line, a fence and a list item; fenced lines (which are copied as
/// they are) give an empty text. Code spans still end with their line.
fn escape_paragraphs(lines: &[&str]) -> Vec<String> {
    let mut out = vec![String::new(); lines.len()];
    let mut fence: Option<&str> = None;
    // The paragraph being read: its first line's index and its lines' text, joined.
    let mut paragraph: Option<(usize, String)> = None;
    let flush = |paragraph: &mut Option<(usize, String)>, out: &mut Vec<String>| {
        if let Some((first, text)) = paragraph.take() {
            for (i, line) in escape_line(&text).split('\n').enumerate() {
                out[first + i] = line.to_string();
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        let opens_fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if trimmed.is_empty() || opens_fence || list_marker_width(trimmed).is_some() {
            flush(&mut paragraph, &mut out);
        }
        if opens_fence {
            fence = Some(&trimmed[..3]);
            continue;
        }
        match &mut paragraph {
            Some((_, text)) => {
                text.push('\n');
                text.push_str(trimmed);
            }
            None => paragraph = Some((i, trimmed.to_string())),
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// The width of the list marker a line starts with (`- `, `* `, `+ `, `1. `, `1) `), if any.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    ((1..=9).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// Escapes inline Markdown outside code spans and links, in a line or in the lines of a
/// paragraph joined by `\n` (a link's text may hold one; a code span or URL may not).
fn escape_line(line: &str) -> String {
    escape(line).0
}

/// [`escape_line`], and how many characters its lookaheads read: each reads every character
/// at most once, so the work is linear in the line however unbalanced its Markdown.
fn escape(line: &str) -> (String, usize) {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut ahead = Lookahead::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span runs to the next backtick of its line; copy it unchanged.
                match ahead.backtick.at(&chars, i + 1) {
                    Some(end) if chars[end] == '`' => {
                        out.extend(&chars[i..=end]);
                        i = end + 1;
                        continue;
                    }
                    _ => out.push_str("\\`"),
                }
            }
            '[' => {
                // Keep `[text](url)` links; escape every other bracket.
                if let Some(end) = ahead.inline_link_end(&chars, i) {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            'h' if starts_url(&chars[i..]) => {
                let len = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | '`'))
                    .unwrap_or(chars.len() - i);
                // Trailing punctuation ends the sentence, not the URL.
                let mut end = i + len;
                while matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                out.extend(&chars[end..i + len]);
                i += len;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    (out, ahead.reads())
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

/// The next character of one kind at or after a position of a line. Asked for positions that
/// never decrease (as a left-to-right scan asks), it reads each character once in all.
struct Next {
    is: fn(char) -> bool,
    /// The last answer: no character of the kind is in `from..found`; `found` is one, or the
    /// end of the line.
    last: Option<(usize, usize)>,
    reads: usize,
}

impl Next {
    fn new(is: fn(char) -> bool) -> Self {
        Next { is, last: None, reads: 0 }
    }

    fn at(&mut self, chars: &[char], position: usize) -> Option<usize> {
        let found = match self.last {
            Some((from, found)) if (from..=found).contains(&position) => found,
            _ => {
                let rest = chars.get(position..).unwrap_or_default();
                let offset = rest.iter().position(|&c| (self.is)(c));
                self.reads += offset.map_or(rest.len(), |o| o + 1);
                let found = position + offset.unwrap_or(rest.len());
                self.last = Some((position, found));
                found
            }
        };
        (found < chars.len()).then_some(found)
    }
}

/// What escaping looks ahead for.
struct Lookahead {
    backtick: Next,
    open: Next,
    close: Next,
    paren: Next,
    space: Next,
}

impl Lookahead {
    fn new() -> Self {
        Lookahead {
            backtick: Next::new(|c| c == '`' || c == '\n'),
            open: Next::new(|c| c == '['),
            close: Next::new(|c| c == ']'),
            paren: Next::new(|c| c == ')'),
            space: Next::new(char::is_whitespace),
        }
    }

    /// Where `[text](url)` starting at `start` ends (exclusive), if that is what is there: the
    /// text runs to the first `]` and holds no `[`, the URL to the first `)` and is not empty
    /// and holds no whitespace.
    fn inline_link_end(&mut self, chars: &[char], start: usize) -> Option<usize> {
        let close = self.close.at(chars, start + 1)?;
        if self.open.at(chars, start + 1).is_some_and(|open| open < close) || chars.get(close + 1) != Some(&'(') {
            return None;
        }
        let end = self.paren.at(chars, close + 2)?;
        if end == close + 2 || self.space.at(chars, close + 2).is_some_and(|space| space < end) {
            return None;
        }
        Some(end + 1)
    }

    fn reads(&self) -> usize {
        [&self.backtick, &self.open, &self.close, &self.paren, &self.space].iter().map(|next| next.reads).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_brackets_html_and_urls() {
        assert_eq!(to_rustdoc("a [b] <c> d"), vec!["a \\[b\\] &lt;c&gt; d"]);
        assert_eq!(to_rustdoc("see https://x.io/a."), vec!["see <https://x.io/a>."]);
        assert_eq!(
            to_rustdoc("[Create a token](https://developers.cloudflare.com/x/)."),
            vec!["[Create a token](https://developers.cloudflare.com/x/)."]
        );
        assert_eq!(to_rustdoc("use `a<b>[c]` here"), vec!["use `a<b>[c]` here"]);
        assert_eq!(to_rustdoc("a \\ b & c"), vec!["a \\\\ b &amp; c"]);
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        assert_eq!(to_rustdoc("x\n```\nfn main() {}\n```"), vec!["x", "```text", "fn main() {}", "```"]);
        assert_eq!(to_rustdoc("x\n\n        indented code"), vec!["x", "", "   indented code"]);
        assert_eq!(to_rustdoc("```\nunclosed"), vec!["```text", "unclosed", "```"]);
    }

    #[test]
    fn list_items_continue_at_their_column() {
        assert_eq!(to_rustdoc("- a long item\nwrapped here\n- next"), vec!["- a long item", "  wrapped here", "- next"]);
        assert_eq!(to_rustdoc("1. one\n        over-indented"), vec!["1. one", "   over-indented"]);
        assert_eq!(to_rustdoc("- a\n  - nested\n    more\n\nafter"), vec!["- a", "  - nested", "    more", "", "after"]);
    }

    #[test]
    fn links_whose_text_wraps_a_line_stay_links() {
        // Stripe's, and Asana's.
        assert_eq!(
            to_rustdoc("view it as [an online\nguide](/docs/connect/required-verification-information)."),
            vec!["view it as [an online", "guide](/docs/connect/required-verification-information)."]
        );
        assert_eq!(
            to_rustdoc("using the\n[node-asana-phrase\nlibrary](https://github.com/Asana/node-asana-phrase) and can"),
            vec!["using the", "[node-asana-phrase", "library](https://github.com/Asana/node-asana-phrase) and can"]
        );
        assert_eq!(to_rustdoc("[a\n  b\nc](#e) f"), vec!["[a", "  b", "c](#e) f"]);
        // Inside a list item, the wrapped line is indented to the item's text.
        assert_eq!(to_rustdoc("- see [the\nguide](https://x.io) now\n- next"), vec!["- see [the", "  guide](https://x.io) now", "- next"]);
        // A paragraph ends at a blank line, a list item and a fence: no link reaches past them.
        assert_eq!(to_rustdoc("[a\n\nb](https://x.io)"), vec!["\\[a", "", "b\\](<https://x.io>)"]);
        assert_eq!(to_rustdoc("[a\n- b](https://x.io)"), vec!["\\[a", "- b\\](<https://x.io>)"]);
        assert_eq!(to_rustdoc("[a\n```\n](x)\n```\nb](https://x.io)"), vec!["\\[a", "```text", "](x)", "```", "b\\](<https://x.io>)"]);
        // Neither a URL nor a code span wraps.
        assert_eq!(to_rustdoc("[a](https://x.io/\nb)"), vec!["\\[a\\](<https://x.io/>", "b)"]);
        assert_eq!(to_rustdoc("a `b\nc` d"), vec!["a \\`b", "c\\` d"]);
    }

    #[test]
    fn unmatched_backtick_is_escaped() {
        assert_eq!(to_rustdoc("a ` b"), vec!["a \\` b"]);
    }

    /// The length of `[text](url)` at the start of `chars`, found as it was first: by a scan
    /// from this `[` to the end of the link.
    fn inline_link_len(chars: &[char]) -> Option<usize> {
        let close = chars.iter().position(|&c| c == ']')?;
        if chars[1..close].contains(&'[') || chars.get(close + 1) != Some(&'(') {
            return None;
        }
        let end = chars[close + 1..].iter().position(|&c| c == ')')? + close + 1;
        let url: String = chars[close + 2..end].iter().collect();
        (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(end + 1)
    }

    /// The escaping as it was written first, looking for a link's end again from every `[`
    /// (quadratic): the reference the linear one must agree with.
    fn escape_by_rescanning(line: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '`' => match chars[i + 1..].iter().position(|&d| d == '`' || d == '\n') {
                    Some(p) if chars[i + 1 + p] == '`' => {
                        out.extend(&chars[i..=i + 1 + p]);
                        i += p + 2;
                        continue;
                    }
                    _ => out.push_str("\\`"),
                },
                '[' => match inline_link_len(&chars[i..]) {
                    Some(len) => {
                        out.extend(&chars[i..i + len]);
                        i += len;
                        continue;
                    }
                    None => out.push_str("\\["),
                },
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' => out.push_str("\\\\"),
                'h' if starts_url(&chars[i..]) => {
                    let len = chars[i..].iter().position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')' | '`')).unwrap_or(chars.len() - i);
                    let mut url: String = chars[i..i + len].iter().collect();
                    let mut tail = String::new();
                    while url.ends_with(['.', ',', ';', ':', '!', '?']) {
                        tail.insert(0, url.pop().unwrap_or_default());
                    }
                    out.push_str(&format!("<{url}>{tail}"));
                    i += len;
                    continue;
                }
                c => out.push(c),
            }
            i += 1;
        }
        out
    }

    #[test]
    fn escaping_agrees_with_rescanning_on_every_mix_of_markdown() {
        const PIECES: &[&str] =
            &["[", "]", "(", ")", "`", " ", "a", "h", "http://x", "https://y.", ".", ",", "<", "&", "\\", "\t", "é", "[a", "](", "b)", "\n"];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut links = 0;
        for _ in 0..20_000 {
            let mut line = String::new();
            // xorshift: a fixed sequence, so that a failure replays.
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                line.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            assert_eq!(escape_line(&line), escape_by_rescanning(&line), "{line:?}");
            let chars: Vec<char> = line.chars().collect();
            links += (0..chars.len()).filter(|&i| chars[i] == '[' && inline_link_len(&chars[i..]).is_some()).count();
        }
        assert!(links > 500, "only {links} links among the lines: the mix does not reach them");
    }

    #[test]
    fn unbalanced_markdown_is_read_once() {
        let hostile: [fn(usize) -> String; 6] = [
            |n| "[a ".repeat(n),
            |n| format!("{}]", "[a ".repeat(n)),
            |n| "[a](b ".repeat(n),
            |n| format!("{}` b", "`a` [".repeat(n)),
            |n| format!("see https://x.io/{}", ".".repeat(n)),
            |n| "[a](https://x.io/ [b] ](".repeat(n),
        ];
        for make in hostile {
            let (small, large) = (make(1000), make(4000));
            let (out, reads) = escape(&small);
            assert_eq!(out, escape_by_rescanning(&small));
            let (_, more) = escape(&large);
            // Each of the five lookaheads reads a character at most once.
            let len = large.chars().count();
            assert!(more <= 5 * len, "{} characters read for {len}: {:?}", more, &large[..20]);
            assert!(more <= 4 * reads + 64, "{reads} characters read, then {more} for four times the line: {:?}", &large[..20]);
        }
    }

    #[test]
    fn output_grows_with_the_description_only() {
        // Blank lines first, dropped at once.
        assert_eq!(to_rustdoc(&format!("{}text", "\n".repeat(20_000))), vec!["text"]);
        // List items each indented a little more: their text stops at a column, so that a
        // line of the item is never written thousands of columns in.
        let climbing: String = (0..300).map(|i| format!("{}- item\n", " ".repeat(2 * i))).collect();
        let lines = to_rustdoc(&format!("{climbing}lazy"));
        assert!(lines.iter().all(|l| l.len() - l.trim_start().len() <= MAX_ITEM_COLUMN), "{:?}", &lines[290..]);
        assert_eq!(lines.last().map(|l| l.trim_start()), Some("lazy"));
        assert_eq!(to_rustdoc("- a\n  - b\n    - c\nlazy"), vec!["- a", "  - b", "    - c", "      lazy"]);
    }
}
