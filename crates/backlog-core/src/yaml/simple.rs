//! A fast reading of the front matter nearly every story has: `key: value` lines at the
//! margin whose values are one-line scalars, one-line `[a, b]` lists or `- item` lists,
//! with whole-line comments. It gives exactly the tree and comments the full parser gives
//! (the property tests and the `yaml` fuzz target compare the two), or `None` for anything
//! else: a tab, an anchor, a tag, a block scalar, a value over several lines, an escape, a
//! quote left open, a comment after a value, a duplicate key, over a thousand values. The
//! caller then runs the full parser, so every error and every unusual file is still its
//! business.
//!
//! Why: the full parser builds a token and an event for each piece and copies them; for
//! 10,000 stories read without a cache that was two fifths of the CPU time.

use super::{Comment, Kind, Node, Origin, Pos, Scalar};

pub(super) fn parse(text: &str, origin: Origin) -> Option<(Node, Vec<Comment>)> {
    if !plain_characters(text) {
        return None;
    }
    let mut reader = Reader {
        origin,
        entries: Vec::new(),
        comments: Vec::new(),
        open: None,
        values: 0,
    };
    let mut start = 0;
    for (index, line) in text.split('\n').enumerate() {
        let ascii = line.is_ascii();
        // Columns are counted in characters from the line's start, once per value.
        if !ascii && line.len() > LONGEST_NON_ASCII_LINE {
            return None;
        }
        let at = Line {
            text: line,
            index,
            start,
            ascii,
        };
        start += line.len() + 1;
        reader.line(&at)?;
        if reader.values > MOST_VALUES {
            return None;
        }
    }
    reader.close_list(origin.byte + text.len());
    let Reader {
        entries, comments, ..
    } = reader;
    let first = entries.first()?.0.start;
    let root = Node {
        kind: Kind::Map(entries),
        start: first,
        end: origin.byte + text.len(),
    };
    Some((root, comments))
}

/// Only printable characters and line feeds: no tab, no carriage return, nothing a YAML
/// reader might take for a line break (NEL, U+2028, U+2029) or refuse (C0 and C1
/// controls, DEL, a byte order mark).
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.iter().all(|b| matches!(b, b' '..=b'~' | b'\n')) {
        return true;
    }
    text.chars().all(|c| match c {
        '\n' | ' '..='~' => true,
        '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => true,
        c => c >= '\u{10000}',
    })
}

/// Beyond these, the full parser reads the file (and applies its own limits): the fast
/// reading looks for duplicate keys one by one and counts columns from the line's start.
const MOST_VALUES: usize = 1_000;
const LONGEST_NON_ASCII_LINE: usize = 4_096;

struct Line<'a> {
    ascii: bool,
    text: &'a str,
    index: usize,
    /// Byte offset of the line in the YAML text.
    start: usize,
}

struct Reader {
    origin: Origin,
    entries: Vec<(Node, Node)>,
    comments: Vec<Comment>,
    /// A key with nothing after its colon: a list may follow.
    open: Option<Open>,
    /// Keys and values read so far.
    values: usize,
}

struct Open {
    key: Node,
    colon: Pos,
    /// The `- item` lines read under the key so far, and where the first one's dash is.
    items: Vec<Node>,
    first_dash: Option<Pos>,
}

impl Reader {
    fn pos(&self, line: &Line, offset: usize) -> Pos {
        Pos {
            line: self.origin.line + line.index,
            col: if line.ascii {
                offset + 1
            } else {
                line.text[..offset].chars().count() + 1
            },
            byte: self.origin.byte + line.start + offset,
        }
    }

    fn line(&mut self, line: &Line) -> Option<()> {
        let content = line.text.trim_start_matches(' ');
        let indent = line.text.len() - content.len();
        if content.is_empty() {
            return Some(());
        }
        if let Some(comment) = content.strip_prefix('#') {
            self.comments.push(Comment {
                line: self.origin.line + line.index,
                text: comment.trim().to_string(),
            });
            return Some(());
        }
        if content == "-" || content.starts_with("- ") {
            return self.item(line, indent);
        }
        if indent > 0 || content.starts_with("---") || content.starts_with("...") {
            return None;
        }
        self.close_list(self.origin.byte + line.start);
        self.entry(line)
    }

    /// `key: value` or `key:` at the margin.
    fn entry(&mut self, line: &Line) -> Option<()> {
        let colon = line.text.find(':')?;
        let key = &line.text[..colon];
        let mut chars = key.chars();
        let first = chars.next()?;
        if !(first.is_ascii_alphanumeric() || first == '_')
            || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return None;
        }
        let same = |k: &Node| matches!(&k.kind, Kind::Scalar(s) if s.value == key);
        if self.entries.iter().any(|(k, _)| same(k)) {
            return None;
        }
        let key_node = Node {
            kind: Kind::Scalar(Scalar {
                value: key.to_string(),
                plain: true,
            }),
            start: self.pos(line, 0),
            end: self.origin.byte + line.start + colon,
        };
        let rest = &line.text[colon + 1..];
        let value = rest.trim_start_matches(' ');
        if value.is_empty() {
            self.open = Some(Open {
                key: key_node,
                colon: self.pos(line, colon),
                items: Vec::new(),
                first_dash: None,
            });
            return Some(());
        }
        if !rest.starts_with(' ') {
            return None;
        }
        let at = colon + 1 + rest.len() - value.len();
        let node = if value.starts_with('[') {
            self.flow_list(line, at)?
        } else {
            let (node, end) = self.scalar(line, at, false)?;
            if !line.text[end..].bytes().all(|b| b == b' ') {
                return None;
            }
            node
        };
        self.values += key_node.size() + node.size();
        self.entries.push((key_node, node));
        Some(())
    }

    /// `- value` under a key with nothing after its colon, all at one indentation.
    fn item(&mut self, line: &Line, indent: usize) -> Option<()> {
        let rest = &line.text[indent + 1..];
        let value = rest.trim_start_matches(' ');
        if value.is_empty() || value.starts_with('[') {
            return None;
        }
        let at = indent + 1 + rest.len() - value.len();
        let (node, end) = self.scalar(line, at, false)?;
        if !line.text[end..].bytes().all(|b| b == b' ') {
            return None;
        }
        let dash = self.pos(line, indent);
        let open = self.open.as_mut()?;
        // (Declining leaves the reader as it is: nothing of it is used then.)
        if open.first_dash.get_or_insert(dash).col != dash.col {
            return None;
        }
        open.items.push(node);
        self.values += 1;
        Some(())
    }

    /// The key left open becomes an entry: its list, or nothing. The full parser ends a
    /// list where the next key starts (or the text ends), past comments and blank lines.
    fn close_list(&mut self, end: usize) {
        let Some(open) = self.open.take() else {
            return;
        };
        let value = match open.first_dash {
            // A list at the margin (`- x` under `key:`) starts, for the full parser, at
            // its first value; an indented one at its first dash.
            Some(dash) => Node {
                start: match open.items.first() {
                    Some(first) if dash.col == 1 => first.start,
                    _ => dash,
                },
                kind: Kind::Seq(open.items),
                end,
            },
            // What the full parser makes of nothing: `~` at the colon.
            None => Node {
                kind: Kind::Scalar(Scalar {
                    value: "~".into(),
                    plain: true,
                }),
                start: open.colon,
                end: open.colon.byte,
            },
        };
        self.values += 2;
        self.entries.push((open.key, value));
    }

    /// `[a, 'b c', "d"]`, all on this line.
    fn flow_list(&self, line: &Line, at: usize) -> Option<Node> {
        let text = line.text;
        let mut items = Vec::new();
        let mut i = skip_spaces(text, at + 1);
        if text.as_bytes().get(i) != Some(&b']') {
            loop {
                let (node, end) = self.scalar(line, i, true)?;
                items.push(node);
                i = skip_spaces(text, end);
                match text.as_bytes().get(i)? {
                    b',' => i = skip_spaces(text, i + 1),
                    b']' => break,
                    _ => return None,
                }
                if text.as_bytes().get(i) == Some(&b']') {
                    return None;
                }
            }
        }
        if !text[i + 1..].bytes().all(|b| b == b' ') {
            return None;
        }
        Some(Node {
            kind: Kind::Seq(items),
            start: self.pos(line, at),
            end: self.origin.byte + line.start + i + 1,
        })
    }

    /// A scalar on one line from `at`: the node and the offset just past it.
    fn scalar(&self, line: &Line, at: usize, in_list: bool) -> Option<(Node, usize)> {
        let text = line.text;
        let rest = &text[at..];
        let (value, plain, end) = match rest.as_bytes().first()? {
            b'\'' => {
                let mut value = String::new();
                let mut chunk = 1;
                let mut i = 1;
                loop {
                    let quote = rest[i..].find('\'')? + i;
                    if rest.as_bytes().get(quote + 1) == Some(&b'\'') {
                        value.push_str(&rest[chunk..=quote]);
                        i = quote + 2;
                        chunk = i;
                    } else {
                        value.push_str(&rest[chunk..quote]);
                        break (value, false, at + quote + 1);
                    }
                }
            }
            b'"' => {
                let close = rest[1..].find('"')? + 1;
                let value = &rest[1..close];
                if value.contains('\\') {
                    return None;
                }
                (value.to_string(), false, at + close + 1)
            }
            _ => {
                let value = if in_list {
                    let stop = rest.find([',', ']']).unwrap_or(rest.len());
                    let value = rest[..stop].trim_end_matches(' ');
                    if value.contains(['[', '{', '}', '#', ':', '\'', '"']) {
                        return None;
                    }
                    value
                } else {
                    let value = rest.trim_end_matches(' ');
                    if value.contains(": ") || value.contains(" #") || value.ends_with(':') {
                        return None;
                    }
                    value
                };
                if !plain_start(value) {
                    return None;
                }
                (value.to_string(), true, at + value.len())
            }
        };
        let node = Node {
            kind: Kind::Scalar(Scalar { value, plain }),
            start: self.pos(line, at),
            end: self.origin.byte + line.start + end,
        };
        Some((node, end))
    }
}

/// A plain scalar may not start with an indicator; `-5` is a number, `- 5` a list.
fn plain_start(value: &str) -> bool {
    let bytes = value.as_bytes();
    match bytes.first() {
        None => false,
        Some(b'-') => bytes.get(1).is_some_and(u8::is_ascii_digit),
        Some(b) => !b"?:,[]{}#&*!|>'\"%@`".contains(b),
    }
}

fn skip_spaces(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start_matches(' ').len()
}
