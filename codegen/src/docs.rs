//! Turns the spec's Markdown descriptions into rustdoc that builds cleanly under
//! `RUSTDOCFLAGS=-D warnings`: no doctests from code blocks, no broken intra-doc links, no
//! unclosed HTML tags, no bare URLs.

/// Escapes one description for use as rustdoc; returns its lines.
pub fn to_rustdoc(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // The column where the text of the list item being written starts: its other lines
    // are indented to it (Markdown allows them "lazy", clippy does not).
    let mut item: Option<usize> = None;
    for line in text.trim_end().lines() {
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
                let indent = raw.min(item.map_or(3, |column| column + 3));
                item = Some(indent + width);
                indent
            }
            (None, Some(column)) if !trimmed.is_empty() => column,
            _ => raw.min(3),
        };
        out.push(format!("{}{}", " ".repeat(indent), escape_line(trimmed)));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
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

/// Escapes inline Markdown outside code spans.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span runs to the next backtick; copy it unchanged.
                let end = chars[i + 1..].iter().position(|&d| d == '`').map(|p| i + 1 + p);
                match end {
                    Some(end) => {
                        out.extend(&chars[i..=end]);
                        i = end + 1;
                        continue;
                    }
                    None => out.push_str("\\`"),
                }
            }
            '[' => {
                // Keep `[text](url)` links; escape every other bracket.
                if let Some(len) = inline_link_len(&chars[i..]) {
                    out.extend(&chars[i..i + len]);
                    i += len;
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
                let mut url: String = chars[i..i + len].iter().collect();
                let mut tail = String::new();
                while url.ends_with(['.', ',', ';', ':', '!', '?']) {
                    tail.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&tail);
                i += len;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("http://") || s.starts_with("https://")
}

/// The length of `[text](url)` at the start of `chars`, if that is what is there.
fn inline_link_len(chars: &[char]) -> Option<usize> {
    let close = chars.iter().position(|&c| c == ']')?;
    if chars[1..close].contains(&'[') || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 1..].iter().position(|&c| c == ')')? + close + 1;
    let url: String = chars[close + 2..end].iter().collect();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some(end + 1)
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
    fn unmatched_backtick_is_escaped() {
        assert_eq!(to_rustdoc("a ` b"), vec!["a \\` b"]);
    }
}
