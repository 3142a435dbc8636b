//! The one module that names the YAML parser (`granit-parser`).
//!
//! We parse YAML into a small tree of our own that remembers where every key and value
//! stands in the file (byte offset, line, column). Typing is ours too: a field declared
//! as text keeps the scalar exactly as written (`0042`, `NO`, `1.10`), and only untyped
//! (unknown) keys are resolved by the YAML 1.2 core schema. Knowing the exact spans lets
//! diagnostics point at the right line and lets edits splice one value in place.

use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle, Span};

mod simple;

/// A place in a file: 1-based line and column (in characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
    pub byte: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub start: Pos,
    /// Byte offset just past the node's text in the file.
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The value after YAML escape processing.
    pub value: String,
    /// Plain scalars are the only ones the core schema resolves to null, bool or number.
    pub plain: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// Where the YAML text starts in its file, so positions are file positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    pub line: usize,
    pub byte: usize,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            Kind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// How many values the node holds, itself included.
    pub fn size(&self) -> usize {
        1 + match &self.kind {
            Kind::Scalar(_) => 0,
            Kind::Seq(items) => items.iter().map(Node::size).sum(),
            Kind::Map(entries) => entries.iter().map(|(k, v)| k.size() + v.size()).sum(),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar(s) if s.plain && is_null_word(&s.value))
    }

    /// A short description of what this node is, for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Seq(_) => "a list".into(),
            Kind::Map(_) => "a mapping".into(),
            Kind::Scalar(s) => match resolve(s) {
                serde_json::Value::Null => "nothing".into(),
                serde_json::Value::Bool(b) => format!("the boolean {b}"),
                serde_json::Value::Number(_) => format!("the number {}", s.value),
                _ => format!("the text {:?}", s.value),
            },
        }
    }

    /// The value as JSON, with plain scalars resolved by the YAML 1.2 core schema.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Scalar(s) => resolve(s),
            Kind::Seq(items) => items.iter().map(Node::to_json).collect(),
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, v)| (key_text(k), v.to_json()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }
}

/// Typed reading of values, for our own schema. Errors say what was expected.
impl Node {
    fn fail_with<T>(&self, message: &str) -> Result<T, YamlError> {
        Err(YamlError {
            pos: self.start,
            message: message.to_string(),
        })
    }

    fn fail<T>(&self, expected: &str) -> Result<T, YamlError> {
        Err(YamlError {
            pos: self.start,
            message: format!("expected {expected}, found {}", self.describe()),
        })
    }

    /// Text exactly as written: `0042` stays `0042`. `None` for an empty value or `~`.
    pub fn text(&self) -> Result<Option<String>, YamlError> {
        match &self.kind {
            _ if self.is_null() => Ok(None),
            Kind::Scalar(s) => Ok(Some(s.value.clone())),
            _ => self.fail("text"),
        }
    }

    pub fn number(&self) -> Result<Option<f64>, YamlError> {
        if self.is_null() {
            return Ok(None);
        }
        match self.as_scalar() {
            Some(s) if s.plain && (parse_int(&s.value).is_some() || is_float_syntax(&s.value)) => {
                match parse_int(&s.value) {
                    Some(n) => Ok(Some(n as f64)),
                    None => crate::number::finite(&s.value)
                        .map(Some)
                        .or_else(|e| self.fail_with(&e.to_string())),
                }
            }
            _ => self.fail("a number"),
        }
    }

    pub fn boolean(&self) -> Result<bool, YamlError> {
        match self.as_scalar().map(resolve) {
            Some(serde_json::Value::Bool(b)) => Ok(b),
            _ => self.fail("true or false"),
        }
    }

    /// A list of texts; a single text is read as a list of one.
    pub fn text_list(&self) -> Result<Vec<String>, YamlError> {
        match &self.kind {
            _ if self.is_null() => Ok(Vec::new()),
            Kind::Seq(items) => items
                .iter()
                .map(|item| match item.text()? {
                    Some(t) => Ok(t),
                    None => item.fail("text"),
                })
                .collect(),
            Kind::Scalar(s) => Ok(vec![s.value.clone()]),
            Kind::Map(_) => self.fail("a list"),
        }
    }

    pub fn number_list(&self) -> Result<Vec<f64>, YamlError> {
        match &self.kind {
            Kind::Seq(items) => items
                .iter()
                .map(|item| item.number()?.map_or_else(|| item.fail("a number"), Ok))
                .collect(),
            _ => self.fail("a list of numbers"),
        }
    }

    /// The entries of a mapping, with each key as text.
    pub fn entries(&self) -> Result<Vec<(String, &Node, &Node)>, YamlError> {
        match &self.kind {
            Kind::Map(entries) => Ok(entries.iter().map(|(k, v)| (key_text(k), k, v)).collect()),
            _ if self.is_null() => Ok(Vec::new()),
            _ => self.fail("a mapping of `key: value` lines"),
        }
    }
}

fn key_text(key: &Node) -> String {
    match &key.kind {
        Kind::Scalar(s) => s.value.clone(),
        _ => key.to_json().to_string(),
    }
}

fn is_null_word(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// Resolve a scalar by the YAML 1.2 core schema (so `NO` and `yes` are text, as in YAML 1.2).
pub fn resolve(s: &Scalar) -> serde_json::Value {
    use serde_json::Value;
    if !s.plain {
        return Value::String(s.value.clone());
    }
    let v = s.value.as_str();
    if is_null_word(v) {
        return Value::Null;
    }
    match v {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = parse_int(v) {
        return Value::from(n);
    }
    if is_float_syntax(v)
        && let Some(n) = v.parse::<f64>().ok().and_then(serde_json::Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(v.to_string())
}

/// An integer in the core schema: decimal, `0o` octal or `0x` hexadecimal.
pub fn parse_int(v: &str) -> Option<i64> {
    if let Some(oct) = v.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    if let Some(hex) = v.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse().ok();
    }
    None
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
pub fn is_float_syntax(v: &str) -> bool {
    let b = v.strip_prefix(['-', '+']).unwrap_or(v).as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// Parse one YAML document. An empty document is an empty mapping.
pub fn parse(text: &str, origin: Origin) -> Result<Node, YamlError> {
    parse_with_comments(text, origin).map(|(root, _)| root)
}

/// A comment in the YAML: where its `#` is, and its text after the `#`, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Comment {
    pub line: usize,
    pub text: String,
}

/// Parse one YAML document and keep its comments too.
pub fn parse_with_comments(text: &str, origin: Origin) -> Result<(Node, Vec<Comment>), YamlError> {
    match simple::parse(text, origin) {
        Some(parsed) => Ok(parsed),
        None => parse_fully(text, origin),
    }
}

/// The simple reading of `text` when it has one, for the fuzzers to compare with the full.
pub fn parse_simply(text: &str, origin: Origin) -> Option<(Node, Vec<Comment>)> {
    simple::parse(text, origin)
}

/// [`parse_with_comments`] by the full parser alone.
pub fn parse_fully(text: &str, origin: Origin) -> Result<(Node, Vec<Comment>), YamlError> {
    let mut builder = Builder {
        text,
        origin,
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        expanded: 0,
        values: 0,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        depth: 0,
        comments: Vec::new(),
    };
    let root = builder.document()?;
    Ok((root, builder.comments))
}

struct Builder<'a> {
    text: &'a str,
    origin: Origin,
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    /// Anchored nodes, with the number of values each holds.
    anchors: HashMap<usize, (Node, usize)>,
    /// Values made so far by expanding aliases.
    expanded: usize,
    /// Values made so far in all.
    values: usize,
    /// The byte offset of each line's start (the first is 0).
    line_starts: Vec<usize>,
    depth: usize,
    comments: Vec<Comment>,
}

/// Front matter is small; a deeper tree is an attack or an accident, not a story.
pub const MAX_DEPTH: usize = 64;

/// How many values aliases may expand to in one front matter. Each alias copies what its
/// anchor holds, so nested aliases grow exponentially (a "billion laughs" bomb: 655 bytes
/// that would expand to gigabytes); a story needs a handful, if any.
pub const MAX_ALIAS_VALUES: usize = 10_000;

/// How many values (keys, items, scalars) one front matter may hold: a story has dozens;
/// a limit keeps a crafted file of a few megabytes from costing hundreds of megabytes.
pub const MAX_VALUES: usize = 100_000;

impl<'a> Builder<'a> {
    /// A file position, from the marker's byte offset: the line by a binary search of
    /// the line starts (the parser's own line count can run past the end of the text on
    /// some malformed input, which the fuzzer found), the column from the parser when it
    /// agrees on the line, else counted (working it out for every value would be
    /// quadratic on one long line, a flow list of 100,000 labels).
    fn pos(&self, marker: granit_parser::Marker) -> Pos {
        let byte = marker.byte_offset().unwrap_or(0).min(self.text.len());
        let index = self.line_starts.partition_point(|s| *s <= byte) - 1;
        let col = if marker.line() == index + 1 {
            marker.col() + 1
        } else {
            let start = self.line_starts[index];
            self.text
                .get(start..byte)
                .map_or(1, |t| t.chars().count() + 1)
        };
        Pos {
            line: self.origin.line + index,
            col,
            byte: self.origin.byte + byte,
        }
    }

    fn error(&self, marker: granit_parser::Marker, message: impl Into<String>) -> YamlError {
        YamlError {
            pos: self.pos(marker),
            message: message.into(),
        }
    }

    fn next(&mut self) -> Result<(Event<'a>, Span), YamlError> {
        loop {
            match self.parser.next_event() {
                None => {
                    let end = self.text.len();
                    return Err(YamlError {
                        pos: self.end_pos(end),
                        message: "unexpected end of YAML".into(),
                    });
                }
                Some(Err(e)) => return Err(self.error(*e.marker(), e.info())),
                Some(Ok((Event::Comment(text, _), span))) => {
                    let line = self.pos(span.start).line;
                    self.comments.push(Comment {
                        line,
                        text: text.trim().to_string(),
                    });
                }
                Some(Ok(ev)) => return Ok(ev),
            }
        }
    }

    fn end_pos(&self, byte: usize) -> Pos {
        let lines = self.text[..byte].matches('\n').count();
        let line_start = self.text[..byte].rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line: self.origin.line + lines,
            col: self.text[line_start..byte].chars().count() + 1,
            byte: self.origin.byte + byte,
        }
    }

    fn document(&mut self) -> Result<Node, YamlError> {
        let empty = Node {
            kind: Kind::Map(Vec::new()),
            start: self.end_pos(0),
            end: self.origin.byte,
        };
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart => continue,
                Event::StreamEnd => return Ok(empty),
                Event::DocumentStart(..) => break,
                _ => return Err(self.error(span.start, "expected a YAML document")),
            }
        }
        let (ev, span) = self.next()?;
        let root = match ev {
            Event::DocumentEnd => return Ok(empty),
            ev => self.node(ev, span)?,
        };
        // A second document inside one front matter block is almost surely a mistake.
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::DocumentEnd => continue,
                Event::StreamEnd => return Ok(root),
                _ => {
                    return Err(self.error(
                        span.start,
                        "expected the end of the front matter, found a second YAML document",
                    ));
                }
            }
        }
    }

    fn node(&mut self, ev: Event<'a>, span: Span) -> Result<Node, YamlError> {
        let start = self.pos(span.start);
        self.values += 1;
        if self.values > MAX_VALUES {
            return Err(self.error(
                span.start,
                format!("the front matter holds more than {MAX_VALUES} values; a story is a page, not a data set"),
            ));
        }
        let node = match ev {
            Event::Scalar(value, style, anchor, _tag) => {
                let node = Node {
                    kind: Kind::Scalar(Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    }),
                    start,
                    end: self.origin.byte + span.end.byte_offset().unwrap_or(0),
                };
                self.remember(anchor, &node);
                node
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((target, size)) => {
                    self.expanded += size;
                    if self.expanded > MAX_ALIAS_VALUES {
                        return Err(self.error(
                            span.start,
                            format!(
                                "aliases expand to more than {MAX_ALIAS_VALUES} values (refused: a YAML alias bomb would take all memory)"
                            ),
                        ));
                    }
                    Node {
                        kind: target.kind.clone(),
                        start,
                        end: self.origin.byte + span.end.byte_offset().unwrap_or(0),
                    }
                }
                None => return Err(self.error(span.start, "unknown alias")),
            },
            Event::SequenceStart(_, anchor, _) => {
                self.enter(span)?;
                let mut items = Vec::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if ev == Event::SequenceEnd {
                        break sp.end;
                    }
                    items.push(self.node(ev, sp)?);
                };
                self.depth -= 1;
                let node = Node {
                    kind: Kind::Seq(items),
                    start,
                    end: self.origin.byte + end.byte_offset().unwrap_or(0),
                };
                self.remember(anchor, &node);
                node
            }
            Event::MappingStart(_, anchor, _) => {
                self.enter(span)?;
                let mut entries: Vec<(Node, Node)> = Vec::new();
                // Keys seen, by text, for a duplicate check that stays linear in the
                // number of keys (a key that is no scalar is compared with the others).
                let mut seen: HashMap<String, usize> = HashMap::new();
                let end = loop {
                    let (ev, sp) = self.next()?;
                    if ev == Event::MappingEnd {
                        break sp.end;
                    }
                    let key = self.node(ev, sp)?;
                    let first = match &key.kind {
                        Kind::Scalar(k) => seen.insert(k.value.clone(), key.start.line),
                        _ => entries
                            .iter()
                            .find(|(k, _)| k.kind == key.kind)
                            .map(|(k, _)| k.start.line),
                    };
                    if let Some(first) = first {
                        return Err(YamlError {
                            pos: key.start,
                            message: format!(
                                "duplicate key `{}` (first set on line {first})",
                                key_text(&key),
                            ),
                        });
                    }
                    let (ev, sp) = self.next()?;
                    let value = self.node(ev, sp)?;
                    entries.push((key, value));
                };
                self.depth -= 1;
                let node = Node {
                    kind: Kind::Map(entries),
                    start,
                    end: self.origin.byte + end.byte_offset().unwrap_or(0),
                };
                self.remember(anchor, &node);
                node
            }
            _ => return Err(self.error(span.start, "expected a value")),
        };
        Ok(node)
    }

    fn enter(&mut self, span: Span) -> Result<(), YamlError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(span.start, "nested too deeply"));
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), node.size()));
        }
    }
}

/// Write `text` as a YAML scalar that every YAML reader (1.1 and 1.2) reads back as the
/// same text: plain when that is unambiguous, single-quoted otherwise, double-quoted when it
/// holds characters that only escapes can carry.
pub fn quote(text: &str) -> String {
    if text.chars().any(|c| c.is_control()) {
        return serde_json::to_string(text).unwrap_or_default();
    }
    if is_plain_safe(text) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    // Flow indicators would end the value inside `[a, b]` lists.
    if text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    // YAML 1.1 booleans and nulls, which older readers (PyYAML) still apply.
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    ) {
        return false;
    }
    // Anything that looks like a number, a date or a sexagesimal in any YAML version.
    let numberish = text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | '_' | ':' | 'e' | 'E' | 'x' | 'o')
        })
        || lower.starts_with("0x")
        || lower.starts_with("0o")
        || lower.starts_with("0b")
        || matches!(lower.as_str(), ".inf" | "-.inf" | "+.inf" | ".nan");
    !numberish
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        parse(text, Origin { line: 2, byte: 4 }).unwrap()
    }

    fn get<'n>(node: &'n Node, key: &str) -> &'n Node {
        let Kind::Map(entries) = &node.kind else {
            panic!("not a map")
        };
        &entries
            .iter()
            .find(|(k, _)| k.as_scalar().unwrap().value == key)
            .unwrap()
            .1
    }

    #[test]
    fn positions_are_file_positions() {
        let root = doc("id: PAY-1\ntitle: Zoë\npoints: 5\n");
        let points = get(&root, "points");
        assert_eq!(points.start.line, 4);
        assert_eq!(points.start.col, 9);
        assert_eq!(points.start.byte, 4 + "id: PAY-1\ntitle: Zoë\n".len() + 8);
        let title = get(&root, "title");
        assert_eq!(title.end - 4, "id: PAY-1\ntitle: Zoë".len());
    }

    #[test]
    fn text_stays_as_written() {
        let root = doc("a: 0042\nb: NO\nc: 1.10\nd: '7'\n");
        for (k, v) in [("a", "0042"), ("b", "NO"), ("c", "1.10"), ("d", "7")] {
            assert_eq!(get(&root, k).as_scalar().unwrap().value, v);
        }
        let json = root.to_json();
        assert_eq!(json["b"], "NO");
        assert_eq!(json["d"], "7");
        assert_eq!(json["a"], 42);
    }

    #[test]
    fn duplicate_keys_are_located() {
        let err = parse("a: 1\nb: 2\na: 3\n", Origin { line: 2, byte: 0 }).unwrap_err();
        assert_eq!(err.pos.line, 4);
        assert_eq!(err.pos.col, 1);
        assert_eq!(err.message, "duplicate key `a` (first set on line 2)");
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: 1\nb: 'open\n", Origin { line: 2, byte: 0 }).unwrap_err();
        assert_eq!(err.pos.line, 3, "{err:?}");
    }

    #[test]
    fn empty_is_an_empty_map() {
        assert_eq!(doc("").kind, Kind::Map(vec![]));
        assert_eq!(doc("# only a comment\n").kind, Kind::Map(vec![]));
    }

    #[test]
    fn quoting_round_trips() {
        for text in [
            "plain words",
            "no",
            "NO",
            "0042",
            "1.10",
            "2026-11-27",
            "a: b",
            "x #y",
            "it's",
            "- dash",
            "",
            " padded ",
            "tab\there",
            "[x]",
            "Zoë's café",
            "1e3",
            "~",
        ] {
            let yaml = format!("k: {}\n", quote(text));
            let root = parse(&yaml, Origin { line: 1, byte: 0 }).unwrap();
            let got = get(&root, "k");
            assert_eq!(got.as_scalar().unwrap().value, text, "{yaml}");
            assert_eq!(got.to_json(), serde_json::json!(text), "{yaml}");
        }
        assert_eq!(quote("Refund a card payment"), "Refund a card payment");
        assert_eq!(quote("no"), "'no'");
        assert_eq!(quote("0042"), "'0042'");
    }

    /// The simple reading gives what the full parser gives, or nothing.
    fn same_as_full(text: &str) -> bool {
        let origin = Origin { line: 2, byte: 4 };
        let simple = parse_simply(text, origin);
        if let Some(simple) = &simple {
            assert_eq!(Ok(simple), parse_fully(text, origin).as_ref(), "{text:?}");
        }
        simple.is_some()
    }

    #[test]
    fn the_simple_reading_agrees_with_the_full_one() {
        for text in [
            "a: 1\nb: x y  \n",
            "a:\nb: 2\n",
            "a:\n",
            "a:   \nb: 1",
            "a: [x, 'y' , \"z\"]\n",
            "a: [ x ,y ]  \n",
            "a: []\n",
            "a:\n  - x\n  - 'y'\n# c\nb: 1",
            "a:\n- x\n\n",
            "a:\n- x\n# c\n\nb: 1\nc:\n  - y\n\n  # d\n\nd: 2\n",
            "a:\n- x\nb:\n",
            "a:\n-   x  \n  # in between\n- \"y z\"\n",
            "# top\na: 1\n  # in\n",
            "title: Zoë's café, and [more]\nid: X-1",
            "t: 'it''s'\nu: ''\nv: \"\"\n",
            "n: -5\nm: 0x1F\nk: http://example.com/a#b",
            "d: 2026-11-28\nr: \"0|0212d9:\"\n",
            "a: [é, 'ü, x']\nb: 1\n",
            "one_key-x: v",
        ] {
            assert!(same_as_full(text), "the simple reading refused {text:?}");
        }
        // Each of these is left to the full parser (and some are errors there).
        for text in [
            "",
            "# only a comment\n",
            "a: 1 # trailing\n",
            "a: foo\n  bar\n",
            "a:\n  - x\n    y\n",
            "a:\n  - x\n - y\n",
            "a: 1\na: 2\n",
            "a: &x 1\nb: *x\n",
            "a: |\n  text\n",
            "a: 'open\n",
            "a: \"esc\\n\"\n",
            "a: [x,\n  y]\n",
            "a: [x,]\n",
            "a:\tb\n",
            "a: b\r\n",
            "a: b:\n",
            "a: b: c\n",
            "- x\n",
            "\u{feff}a: 1\n",
            "a: x\u{2028}y\n",
            "a: - x\n",
            "a:\n  - [x]\n",
            "a:\n  -\n",
            "a:b\n",
            "a: !!str 1\n",
            "a: 'x' y\n",
            "a: [x] y\n",
            "a:\n  b: 1\n",
            "---\na: 1\n",
        ] {
            assert!(!same_as_full(text), "the simple reading took {text:?}");
        }
    }

    #[test]
    fn core_schema_floats() {
        for ok in ["1.5", "-2", ".5", "1e3", "1.", "+3.0E-2"] {
            assert!(is_float_syntax(ok), "{ok}");
        }
        for bad in ["", ".", "1e", "e3", "1.2.3", "a"] {
            assert!(!is_float_syntax(bad), "{bad}");
        }
    }
}
