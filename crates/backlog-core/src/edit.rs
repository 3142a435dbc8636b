//! Minimal edits to a story file.
//!
//! An edit splices new text into the exact byte span of one value (or adds or removes
//! whole lines), so key order, quoting, comments, blank lines, unknown keys, line endings
//! and the body stay byte for byte. After each splice the file is parsed again, and
//! [`Doc::verify_fields`] and [`Doc::verify_criteria`] check the result before anything is
//! written: what we could not do exactly, we refuse to do.

use std::ops::Range;

use crate::config::FieldKind;
use crate::frontmatter::Split;
use crate::markdown::{self, Criterion};
use crate::story::{Num, ParseError};
use crate::yaml::{self, Kind, Node};

/// A typed value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(Num),
    Date(String),
    Bool(bool),
    List(Vec<String>),
}

/// Read a node the way a field of `kind` is read: `Some(None)` when it holds nothing (null,
/// or an empty list), `None` when it holds a value of another type.
pub fn read_as(node: &Node, kind: FieldKind) -> Option<Option<Value>> {
    Some(match kind {
        FieldKind::Text => node.text().ok()?.map(Value::Text),
        FieldKind::Date => node.text().ok()?.map(Value::Date),
        FieldKind::Number => node.number().ok()?.map(|n| Value::Number(Num(n))),
        FieldKind::Bool if node.is_null() => None,
        FieldKind::Bool => Some(Value::Bool(node.boolean().ok()?)),
        FieldKind::List => Some(node.text_list().ok()?)
            .filter(|items| !items.is_empty())
            .map(Value::List),
    })
}

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{}:{}: {}", .0.pos.line, .0.pos.col, .0.message)]
    Parse(ParseError),
    #[error("cannot edit this in place: {0}")]
    Unsupported(String),
    #[error("the edit did not give the intended result ({0}); nothing was written")]
    Mismatch(String),
}

type Result<T> = std::result::Result<T, EditError>;

/// A story file being edited.
#[derive(Debug, Clone)]
pub struct Doc {
    pub text: String,
    split: Split,
    entries: Vec<(String, Node, Node)>,
}

impl Doc {
    /// Parse a story file for editing (see [`crate::file::parse`]); a file without front
    /// matter cannot be edited as a story.
    pub fn parse(text: String) -> Result<Doc> {
        let parsed = crate::file::parse(&text)
            .map_err(EditError::Parse)?
            .ok_or_else(|| {
                EditError::Parse(ParseError {
                    pos: yaml::Pos {
                        line: 1,
                        col: 1,
                        byte: 0,
                    },
                    message: "no front matter: the file must start with a `---` line".into(),
                })
            })?;
        let entries = match &parsed.root.kind {
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, v)| {
                    let key = k.as_scalar().map(|s| s.value.clone()).unwrap_or_default();
                    (key, k.clone(), v.clone())
                })
                .collect(),
            _ if parsed.root.is_null() => Vec::new(),
            _ => {
                return Err(EditError::Unsupported(
                    "the front matter is not a mapping of `key: value` lines".into(),
                ));
            }
        };
        Ok(Doc {
            text,
            split: parsed.split,
            entries,
        })
    }

    fn eol(&self) -> &'static str {
        if self.split.crlf { "\r\n" } else { "\n" }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _, _)| k.as_str())
    }

    pub fn body(&self) -> &str {
        &self.text[self.split.body.clone()]
    }

    pub fn criteria(&self) -> Vec<Criterion> {
        markdown::parse_body(self.body(), self.split.body_line, self.split.body.start).criteria
    }

    /// Replace `range` with `with` and parse again.
    fn splice(&mut self, range: Range<usize>, with: &str) -> Result<()> {
        let mut text = String::with_capacity(self.text.len() + with.len());
        text.push_str(&self.text[..range.start]);
        text.push_str(with);
        text.push_str(&self.text[range.end..]);
        *self = Doc::parse(text)
            .map_err(|e| EditError::Mismatch(format!("the result does not parse: {e}")))?;
        Ok(())
    }

    fn line_start(&self, byte: usize) -> usize {
        self.text[..byte].rfind('\n').map_or(0, |i| i + 1)
    }

    /// The offset just past the end of the line holding `byte` (after its `\n`).
    fn line_end(&self, byte: usize) -> usize {
        self.text[byte..]
            .find('\n')
            .map_or(self.text.len(), |i| byte + i + 1)
    }

    /// The end of a value's text, without the line break or blanks a collection's span
    /// may run into.
    fn value_end(&self, node: &Node) -> usize {
        // A block collection's own end marker may lie past comments that follow it; its
        // text ends where its last child's does.
        let flow = matches!(self.text.as_bytes().get(node.start.byte), Some(b'[' | b'{'));
        match &node.kind {
            Kind::Seq(items) if !flow && !items.is_empty() => {
                return self.value_end(items.last().unwrap_or(node));
            }
            Kind::Map(entries) if !flow && !entries.is_empty() => {
                let (k, v) = &entries[entries.len() - 1];
                return self.value_end(v).max(k.end);
            }
            _ => {}
        }
        let mut end = node.end.max(node.start.byte);
        while end > node.start.byte
            && matches!(self.text.as_bytes()[end - 1], b'\n' | b'\r' | b' ' | b'\t')
        {
            end -= 1;
        }
        end
    }

    /// The byte after the `:` that follows a key.
    fn after_colon(&self, key: &Node) -> Result<usize> {
        let rest = &self.text[key.end..];
        let colon = rest
            .find(':')
            .filter(|i| rest[..*i].trim().is_empty())
            .ok_or_else(|| EditError::Unsupported("a key without a `:` after it".into()))?;
        Ok(key.end + colon + 1)
    }

    fn entry(&self, key: &str) -> Option<(Node, Node)> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, k, v)| (k.clone(), v.clone()))
    }

    /// A value's style in the file, so a new value can keep it.
    fn quote_like(&self, node: &Node, text: &str) -> String {
        match self.text.as_bytes().get(node.start.byte) {
            Some(b'\'') if !text.chars().any(char::is_control) => {
                format!("'{}'", text.replace('\'', "''"))
            }
            Some(b'"') => serde_json::to_string(text).unwrap_or_default(),
            _ => yaml::quote(text),
        }
    }

    fn render(&self, old: Option<&Node>, value: &Value) -> String {
        match value {
            Value::Text(t) => match old {
                Some(node) if node.as_scalar().is_some() && !node.is_null() => {
                    self.quote_like(node, t)
                }
                _ => yaml::quote(t),
            },
            Value::Number(n) => n.to_string(),
            Value::Date(d) => d.clone(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => flow_list(items),
        }
    }

    /// Set a top-level key. An existing single-line value is replaced in place; a new key
    /// is one new line at the end of the front matter.
    pub fn set(&mut self, key: &str, value: &Value) -> Result<()> {
        if let Value::List(items) = value {
            return self.set_list(key, items);
        }
        let Some((key_node, old)) = self.entry(key) else {
            let line = format!("{key}: {}{}", self.render(None, value), self.eol());
            let at = self.split.yaml.end;
            return self.splice(at..at, &line);
        };
        let rendered = self.render(Some(&old), value);
        let single_line_scalar = old.as_scalar().is_some()
            && old.end > old.start.byte
            && !self.text[old.start.byte..old.end].contains('\n');
        if single_line_scalar {
            return self.splice(old.start.byte..old.end, &rendered);
        }
        // Empty, null, a collection or a multi-line block: everything after the colon,
        // up to the end of the value, becomes ` value`.
        let from = self.after_colon(&key_node)?;
        let to = if old.end > old.start.byte {
            self.value_end(&old).max(from)
        } else {
            from
        };
        self.splice(from..to, &format!(" {rendered}"))
    }

    /// The byte range of a key's whole lines: from the start of the key's line to the end
    /// of its value's last line.
    pub fn entry_range(&self, key: &str) -> Option<Range<usize>> {
        let (k, v) = self.entry(key)?;
        Some(self.line_start(k.start.byte)..self.line_end(self.value_end(&v).max(k.end)))
    }

    /// A key's whole lines, as written.
    pub fn entry_text(&self, key: &str) -> Option<String> {
        self.entry_range(key).map(|r| self.text[r].to_string())
    }

    /// Replace a key's whole lines with `lines` (a key and its value, as written elsewhere),
    /// or add them at the end of the front matter.
    pub fn replace_entry(&mut self, key: &str, lines: &str) -> Result<()> {
        let range = self
            .entry_range(key)
            .unwrap_or(self.split.yaml.end..self.split.yaml.end);
        self.splice(range, lines)
    }

    /// Remove a key with its value (all its lines); comments on lines of their own stay.
    pub fn remove(&mut self, key: &str) -> Result<bool> {
        let Some((key_node, value)) = self.entry(key) else {
            return Ok(false);
        };
        let start = self.line_start(key_node.start.byte);
        let end = self.line_end(self.value_end(&value).max(key_node.end));
        self.splice(start..end, "")?;
        Ok(true)
    }

    fn is_block_seq(&self, node: &Node) -> bool {
        matches!(node.kind, Kind::Seq(_))
            && self.text.as_bytes().get(node.start.byte) != Some(&b'[')
    }

    /// Set a list to exactly `items`, in that order. In a block list, items that stay keep
    /// their lines (comments included), so only the lines of new items change.
    pub fn set_list(&mut self, key: &str, items: &[String]) -> Result<()> {
        match self.entry(key) {
            Some((_, old)) if self.is_block_seq(&old) => {
                let Kind::Seq(seq) = &old.kind else {
                    unreachable!()
                };
                let Some(first) = seq.first() else {
                    return Err(EditError::Unsupported(format!("the `{key}` list is empty")));
                };
                let start = self.line_start(first.start.byte);
                let prefix = self.text[start..first.start.byte].to_string();
                let mut lines: Vec<(Option<String>, String)> = Vec::new();
                let mut cursor = start;
                for item in seq {
                    let s = self.line_start(item.start.byte);
                    if s != cursor {
                        return Err(EditError::Unsupported(format!(
                            "the `{key}` list has lines between its items; edit the file instead"
                        )));
                    }
                    let e = self.line_end(self.value_end(item));
                    lines.push((item.text().ok().flatten(), self.text[s..e].to_string()));
                    cursor = e;
                }
                let eol = self.eol();
                let new: String = items
                    .iter()
                    .map(
                        |i| match lines.iter().find(|(t, _)| t.as_ref() == Some(i)) {
                            Some((_, line)) => line.clone(),
                            None => format!("{prefix}{}{eol}", yaml::quote(i)),
                        },
                    )
                    .collect();
                self.splice(start..cursor, &new)
            }
            Some((key_node, old)) => {
                if matches!(old.kind, Kind::Seq(_))
                    && !self.text[old.start.byte..self.value_end(&old)].contains('\n')
                {
                    return self.splice(old.start.byte..self.value_end(&old), &flow_list(items));
                }
                let from = self.after_colon(&key_node)?;
                let to = if old.end > old.start.byte {
                    self.value_end(&old).max(from)
                } else {
                    from
                };
                self.splice(from..to, &format!(" {}", flow_list(items)))
            }
            None => {
                let line = format!("{key}: {}{}", flow_list(items), self.eol());
                let at = self.split.yaml.end;
                self.splice(at..at, &line)
            }
        }
    }

    /// Add items not yet in the list: a new line each in a block list, the same line in a
    /// flow list.
    pub fn add_items(&mut self, key: &str, items: &[String]) -> Result<()> {
        let old = self.entry(key);
        let current = old
            .as_ref()
            .map(|(_, v)| v.text_list().unwrap_or_default())
            .unwrap_or_default();
        let new: Vec<String> = unique(items)
            .into_iter()
            .filter(|i| !current.contains(i))
            .collect();
        if new.is_empty() {
            return Ok(());
        }
        match old {
            Some((_, node)) if self.is_block_seq(&node) => {
                let Kind::Seq(seq) = &node.kind else {
                    unreachable!()
                };
                let Some(last) = seq.last() else {
                    return self.set_list(key, &new);
                };
                let line_start = self.line_start(last.start.byte);
                let prefix = self.text[line_start..last.start.byte].to_string();
                if !prefix.trim_start().starts_with('-') {
                    return Err(EditError::Unsupported(format!(
                        "the `{key}` list is laid out in a way we do not edit"
                    )));
                }
                let at = self.line_end(self.value_end(last));
                let lines: String = new
                    .iter()
                    .map(|i| format!("{prefix}{}{}", yaml::quote(i), self.eol()))
                    .collect();
                self.splice(at..at, &lines)
            }
            _ => {
                let mut all = current;
                all.extend(new);
                self.set_list(key, &all)
            }
        }
    }

    /// Remove items from a list: their lines in a block list, the same line in a flow list.
    pub fn remove_items(&mut self, key: &str, items: &[String]) -> Result<()> {
        let Some((_, node)) = self.entry(key) else {
            return Ok(());
        };
        let current = node.text_list().unwrap_or_default();
        if !current.iter().any(|c| items.contains(c)) {
            return Ok(());
        }
        if !self.is_block_seq(&node) {
            let kept: Vec<String> = current.into_iter().filter(|c| !items.contains(c)).collect();
            return self.set_list(key, &kept);
        }
        // Remove one line at a time, the last first, parsing again in between.
        loop {
            let Some((_, node)) = self.entry(key) else {
                return Ok(());
            };
            let Kind::Seq(seq) = &node.kind else {
                return Ok(());
            };
            let Some(item) = seq
                .iter()
                .rev()
                .find(|i| i.text().ok().flatten().is_some_and(|t| items.contains(&t)))
            else {
                return Ok(());
            };
            let start = self.line_start(item.start.byte);
            let end = self.line_end(self.value_end(item));
            self.splice(start..end, "")?;
        }
    }

    /// Check that an edit changed only what it meant to: every other key keeps its exact
    /// text and order, the body is untouched, and each changed key reads back as intended.
    pub fn verify_fields(
        &self,
        before: &Doc,
        intended: &[(String, Option<Value>, FieldKind)],
    ) -> Result<()> {
        let changed = |k: &str| intended.iter().any(|(key, _, _)| key == k);
        let slice = |doc: &Doc, k: &Node, v: &Node| {
            doc.text[k.start.byte..doc.value_end(v).max(k.end)].to_string()
        };
        let old: Vec<String> = before
            .entries
            .iter()
            .filter(|(k, _, _)| !changed(k))
            .map(|(_, k, v)| slice(before, k, v))
            .collect();
        let new: Vec<String> = self
            .entries
            .iter()
            .filter(|(k, _, _)| !changed(k))
            .map(|(_, k, v)| slice(self, k, v))
            .collect();
        if old != new {
            return Err(EditError::Mismatch("other fields changed".into()));
        }
        // The same text can read as another value: `assignee: *s` follows the anchor
        // `&s` of the value that was edited.
        for (key, _, v) in before.entries.iter().filter(|(k, _, _)| !changed(k)) {
            if self.get(key).map(Node::to_json) != Some(v.to_json()) {
                return Err(EditError::Unsupported(format!(
                    "`{key}` refers to the edited value through a YAML alias, so it would change too; write its value out in full first (git backlog edit)"
                )));
            }
        }
        if self.body() != before.body() {
            return Err(EditError::Mismatch("the body changed".into()));
        }
        for (key, value, kind) in intended {
            // A key that reads as another type is a mismatch too, so keep that apart
            // from one that is empty.
            let got = self
                .get(key)
                .map(|n| read_as(n, *kind))
                .unwrap_or(Some(None));
            let want = Some(value.clone().filter(|v| *v != Value::List(Vec::new())));
            if got != want {
                return Err(EditError::Mismatch(format!(
                    "`{key}` reads back as {got:?}, not {want:?}"
                )));
            }
        }
        Ok(())
    }

    /// Check that a body edit left the front matter alone and gave these criteria.
    pub fn verify_criteria(&self, before: &Doc, intended: &[(String, bool)]) -> Result<()> {
        if self.text[..self.split.body.start] != before.text[..before.split.body.start] {
            return Err(EditError::Mismatch("the front matter changed".into()));
        }
        let got: Vec<(String, bool)> = self
            .criteria()
            .into_iter()
            .map(|c| (c.text, c.done))
            .collect();
        if got != intended {
            return Err(EditError::Mismatch(format!(
                "the criteria read back as {got:?}"
            )));
        }
        Ok(())
    }

    fn criterion(&self, n: usize) -> Result<Criterion> {
        let criteria = self.criteria();
        let count = criteria.len();
        criteria.into_iter().nth(n.wrapping_sub(1)).ok_or_else(|| {
            EditError::Unsupported(match count {
                0 => format!("there is no criterion {n}: the story has no acceptance criteria"),
                _ => format!("there is no criterion {n}: expected a number from 1 to {count}"),
            })
        })
    }

    /// Replace every mention of the ID `old` in the body by `new`, as a whole word (so
    /// `PAY-4` is not found in `PAY-40`). Returns how many were replaced.
    pub fn replace_mentions(&mut self, old: &str, new: &str) -> Result<usize> {
        let body = self.split.body.clone();
        let text = &self.text[body.clone()];
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
        let mut out = String::with_capacity(text.len());
        let mut count = 0;
        let mut rest = text;
        while let Some(i) = rest.find(old) {
            let before = if i > 0 {
                rest[..i].chars().last()
            } else {
                out.chars().last()
            };
            let after = rest[i + old.len()..].chars().next();
            out.push_str(&rest[..i]);
            if word(before) || word(after) {
                out.push_str(old);
            } else {
                out.push_str(new);
                count += 1;
            }
            rest = &rest[i + old.len()..];
        }
        out.push_str(rest);
        if count > 0 {
            let front = self.text[..body.start].to_string();
            self.splice(body, &out)?;
            if self.text[..self.split.body.start] != front {
                return Err(EditError::Mismatch("the front matter changed".into()));
            }
        }
        Ok(count)
    }

    /// Criteria nested in criterion `n` would go with it: that is for a person to decide.
    fn refuse_nested(&self, n: usize, c: &Criterion) -> Result<()> {
        if self
            .criteria()
            .iter()
            .any(|o| o.marker > c.marker && o.marker < c.item.end)
        {
            return Err(EditError::Unsupported(format!(
                "criterion {n} has nested criteria; edit the file instead"
            )));
        }
        Ok(())
    }

    /// Tick or untick criterion `n` (1-based): one character of one line changes.
    pub fn check(&mut self, n: usize, done: bool) -> Result<()> {
        let c = self.criterion(n)?;
        let mark = if done { "x" } else { " " };
        self.splice(c.marker + 1..c.marker + 2, mark)
    }

    /// Replace the text of criterion `n`, keeping its marker and indentation.
    pub fn edit_criterion(&mut self, n: usize, text: &str) -> Result<()> {
        let c = self.criterion(n)?;
        let text_start = c.marker + 3 + usize::from(self.text[c.marker + 3..].starts_with(' '));
        let line_end = self.line_end(c.marker);
        let mut end = line_end;
        // A criterion written over several lines is replaced whole, unless it holds
        // nested items of its own.
        let item_end = self.line_end(c.item.end.saturating_sub(1).max(c.marker));
        if item_end > line_end {
            self.refuse_nested(n, &c)?;
            end = item_end;
        }
        let eol = if self.text[..end].ends_with("\r\n") {
            "\r\n"
        } else if self.text[..end].ends_with('\n') {
            "\n"
        } else {
            ""
        };
        self.splice(text_start..end, &format!("{}{eol}", one_line(text)))
    }

    /// Remove criterion `n` with all its lines.
    pub fn remove_criterion(&mut self, n: usize) -> Result<()> {
        let c = self.criterion(n)?;
        self.refuse_nested(n, &c)?;
        let start = self.line_start(c.item.start);
        let end = self.line_end(c.item.end.saturating_sub(1).max(c.marker));
        self.splice(start..end, "")
    }

    /// Add an unchecked criterion after the last one, written like it; the section is
    /// created at the end of the body if there is none.
    pub fn add_criterion(&mut self, text: &str) -> Result<()> {
        let eol = self.eol();
        let line_text = one_line(text);
        let criteria = self.criteria();
        if let Some(last) = criteria.last() {
            let start = self.line_start(last.item.start);
            let prefix = self.text[start..last.marker].to_string();
            let at = self.line_end(last.item.end.saturating_sub(1).max(last.marker));
            let lead = if self.text[..at].ends_with('\n') {
                ""
            } else {
                eol
            };
            return self.splice(at..at, &format!("{lead}{prefix}[ ] {line_text}{eol}"));
        }
        let body = markdown::parse_body(self.body(), self.split.body_line, self.split.body.start);
        match body.criteria_section {
            Some(section) => {
                // Right under the heading line.
                let heading_end = self.line_end(self.split.body.start + section.start);
                let lead = if self.text[..heading_end].ends_with('\n') {
                    ""
                } else {
                    eol
                };
                self.splice(
                    heading_end..heading_end,
                    &format!("{lead}- [ ] {line_text}{eol}"),
                )
            }
            None => {
                let end = self.text.len();
                let mut lead = String::new();
                if !self.body().is_empty() {
                    if !self.text.ends_with('\n') {
                        lead.push_str(eol);
                    }
                    if !self.body().trim_end_matches(['\r', '\n']).is_empty()
                        && !self.text.ends_with(&format!("{eol}{eol}"))
                    {
                        lead.push_str(eol);
                    }
                }
                self.splice(
                    end..end,
                    &format!(
                        "{lead}## {}{eol}- [ ] {line_text}{eol}",
                        markdown::CRITERIA_HEADING
                    ),
                )
            }
        }
    }
}

/// Criteria are one line each: line breaks in given text become spaces.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn unique(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

/// `[a, b]`, each item quoted if needed.
pub fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| yaml::quote(i)).collect();
    format!("[{}]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply `op` and return the changed lines as (removed, added).
    fn diff(text: &str, op: impl FnOnce(&mut Doc)) -> (Vec<String>, Vec<String>) {
        let mut doc = Doc::parse(text.to_string()).unwrap();
        op(&mut doc);
        let old: Vec<&str> = text.split_inclusive('\n').collect();
        let new: Vec<&str> = doc.text.split_inclusive('\n').collect();
        let removed = old
            .iter()
            .filter(|l| !new.contains(l))
            .map(|l| l.to_string())
            .collect();
        let added = new
            .iter()
            .filter(|l| !old.contains(l))
            .map(|l| l.to_string())
            .collect();
        (removed, added)
    }

    const STORY: &str = "---\nid: PAY-1\ntitle: \"Refund\"   # keep me\nstatus: ready\npoints: 3\nlabels: [a, b]\ndepends_on:\n  - PAY-2   # first\n  - PAY-3\nnested:\n  owner: ops\nempty:\n# a comment\n---\nBody\n\n## Acceptance criteria\n- [ ] One\n- [x] Two\n  more\n";

    fn set(key: &str, v: Value) -> (Vec<String>, Vec<String>) {
        diff(STORY, |d| d.set(key, &v).unwrap())
    }

    #[test]
    fn one_line_per_scalar() {
        assert_eq!(
            set("status", Value::Text("doing".into())),
            (
                vec!["status: ready\n".into()],
                vec!["status: doing\n".into()]
            )
        );
        assert_eq!(
            set("title", Value::Text("Say \"hi\"".into())),
            (
                vec!["title: \"Refund\"   # keep me\n".into()],
                vec!["title: \"Say \\\"hi\\\"\"   # keep me\n".into()]
            )
        );
        assert_eq!(
            set("points", Value::Number(Num(5.0))),
            (vec!["points: 3\n".into()], vec!["points: 5\n".into()])
        );
        assert_eq!(
            set("status", Value::Text("no".into())).1,
            vec!["status: 'no'\n".to_string()]
        );
        assert_eq!(
            set("empty", Value::Text("x".into())),
            (vec!["empty:\n".into()], vec!["empty: x\n".into()])
        );
        assert_eq!(
            set("sprint", Value::Text("2026-S24".into())),
            (vec![], vec!["sprint: 2026-S24\n".into()])
        );
    }

    #[test]
    fn lists() {
        let flow = |op: &dyn Fn(&mut Doc)| diff(STORY, |d| op(d));
        assert_eq!(
            flow(&|d| d.add_items("labels", &["c".into()]).unwrap()),
            (
                vec!["labels: [a, b]\n".into()],
                vec!["labels: [a, b, c]\n".into()]
            )
        );
        assert_eq!(
            flow(&|d| d.remove_items("labels", &["a".into()]).unwrap()),
            (
                vec!["labels: [a, b]\n".into()],
                vec!["labels: [b]\n".into()]
            )
        );
        assert_eq!(
            flow(&|d| d.add_items("depends_on", &["PAY-4".into()]).unwrap()),
            (vec![], vec!["  - PAY-4\n".into()])
        );
        assert_eq!(
            flow(&|d| d.remove_items("depends_on", &["PAY-2".into()]).unwrap()),
            (vec!["  - PAY-2   # first\n".into()], vec![])
        );
        assert_eq!(
            flow(&|d| d
                .set_list("depends_on", &["PAY-3".into(), "PAY-9".into()])
                .unwrap()),
            (
                vec!["  - PAY-2   # first\n".into()],
                vec!["  - PAY-9\n".into()]
            )
        );
        assert_eq!(
            flow(&|d| d.add_items("labels", &["a".into()]).unwrap()),
            (vec![], vec![])
        );
    }

    #[test]
    fn remove_keys() {
        assert_eq!(
            diff(STORY, |d| assert!(d.remove("points").unwrap())),
            (vec!["points: 3\n".into()], vec![])
        );
        assert_eq!(
            diff(STORY, |d| assert!(d.remove("nested").unwrap())),
            (vec!["nested:\n".into(), "  owner: ops\n".into()], vec![])
        );
        let (removed, _) = diff(STORY, |d| assert!(d.remove("depends_on").unwrap()));
        assert_eq!(removed.len(), 3);
    }

    #[test]
    fn criteria() {
        assert_eq!(
            diff(STORY, |d| d.check(1, true).unwrap()),
            (vec!["- [ ] One\n".into()], vec!["- [x] One\n".into()])
        );
        assert_eq!(
            diff(STORY, |d| d.check(2, false).unwrap()),
            (vec!["- [x] Two\n".into()], vec!["- [ ] Two\n".into()])
        );
        assert_eq!(
            diff(STORY, |d| d.add_criterion("Three").unwrap()),
            (vec![], vec!["- [ ] Three\n".into()])
        );
        assert_eq!(
            diff(STORY, |d| d.edit_criterion(1, "Uno").unwrap()),
            (vec!["- [ ] One\n".into()], vec!["- [ ] Uno\n".into()])
        );
        assert_eq!(
            diff(STORY, |d| d.remove_criterion(2).unwrap()),
            (vec!["- [x] Two\n".into(), "  more\n".into()], vec![])
        );
        let mut doc = Doc::parse(STORY.into()).unwrap();
        assert!(
            doc.check(3, true)
                .unwrap_err()
                .to_string()
                .contains("expected a number from 1 to 2")
        );
    }

    #[test]
    fn mentions_are_whole_words() {
        let mut doc =
            Doc::parse("---\nid: A-1\n---\nSee PAY-4, not PAY-40 or XPAY-4; (PAY-4).\n".into())
                .unwrap();
        assert_eq!(doc.replace_mentions("PAY-4", "PAY-9").unwrap(), 2);
        assert_eq!(doc.body(), "See PAY-9, not PAY-40 or XPAY-4; (PAY-9).\n");
    }

    #[test]
    fn a_missing_section_is_created() {
        let mut doc = Doc::parse("---\nid: A-1\n---\nJust a description.\n".into()).unwrap();
        doc.add_criterion("First").unwrap();
        assert_eq!(
            doc.text,
            "---\nid: A-1\n---\nJust a description.\n\n## Acceptance criteria\n- [ ] First\n"
        );
        let mut doc = Doc::parse("---\nid: A-1\n---\n## Acceptance criteria\n".into()).unwrap();
        doc.add_criterion("First").unwrap();
        assert_eq!(
            doc.text,
            "---\nid: A-1\n---\n## Acceptance criteria\n- [ ] First\n"
        );
    }

    #[test]
    fn crlf_and_bom_survive() {
        let text = "\u{feff}---\r\nid: A-1\r\nstatus: ready\r\n---\r\nBody\r\n## Acceptance criteria\r\n- [ ] a\r\n";
        let mut doc = Doc::parse(text.into()).unwrap();
        doc.set("status", &Value::Text("doing".into())).unwrap();
        doc.set("points", &Value::Number(Num(2.0))).unwrap();
        doc.add_criterion("b").unwrap();
        assert_eq!(
            doc.text,
            "\u{feff}---\r\nid: A-1\r\nstatus: doing\r\npoints: 2\r\n---\r\nBody\r\n## Acceptance criteria\r\n- [ ] a\r\n- [ ] b\r\n"
        );
    }

    #[test]
    fn verification_catches_collateral_damage() {
        let before = Doc::parse(STORY.into()).unwrap();
        let mut after = before.clone();
        after.set("status", &Value::Text("doing".into())).unwrap();
        let intended = [(
            "status".to_string(),
            Some(Value::Text("doing".into())),
            FieldKind::Text,
        )];
        after.verify_fields(&before, &intended).unwrap();
        let wrong = [(
            "status".to_string(),
            Some(Value::Text("done".into())),
            FieldKind::Text,
        )];
        assert!(after.verify_fields(&before, &wrong).is_err());
        after.set("points", &Value::Number(Num(8.0))).unwrap();
        assert!(
            after.verify_fields(&before, &intended).is_err(),
            "points changed unannounced"
        );
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    /// Stories laid out in the ways people write them.
    const STORIES: &[&str] = &[
        "---\nid: A-1\ntitle: Plain\nstatus: ready\npoints: 3\nlabels: [a, b]\n---\nBody\n",
        "---\nid: A-1   # the id\ntitle: 'Quoted ''one'''\nstatus: \"doing\"\nlabels:\n  - a   # first\n  - b\nnotes: |\n  kept\n  as is\n# closing comment\n---\n## Acceptance criteria\n- [ ] x\n",
        "\u{feff}---\r\n\r\nid: A-1\r\ntitle: CRLF\r\nsprint: 1.10\r\nnested:\r\n  k: v\r\ndepends_on: []\r\n---\r\nBody\r\n",
        "---\nid: A-1\ntitle: Empty values\nsprint:\nlabels:\ndue: ~\n---\n",
    ];

    #[derive(Debug, Clone)]
    enum Step {
        Set(&'static str, Value),
        Remove(&'static str),
        Add(&'static str, String),
        Subtract(&'static str, String),
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("no".to_string()),
            Just("0042".to_string()),
            Just("1.10".to_string()),
            Just("a: b #c".to_string()),
            Just("it's \"x\"".to_string()),
            Just("[x]".to_string()),
            Just("Zoë".to_string()),
            "[a-z]{1,8}",
            "[^\\p{C}]{1,12}",
        ]
        .prop_filter("not blank", |s: &String| !s.trim().is_empty())
    }

    fn step() -> impl Strategy<Value = Step> {
        let text_key = prop_oneof![
            Just("title"),
            Just("status"),
            Just("sprint"),
            Just("customer")
        ];
        let list_key = prop_oneof![Just("labels"), Just("depends_on")];
        prop_oneof![
            (text_key.clone(), text()).prop_map(|(k, t)| Step::Set(k, Value::Text(t))),
            (0u32..100).prop_map(|n| Step::Set("points", Value::Number(Num(f64::from(n))))),
            Just(Step::Set("due", Value::Date("2026-12-24".into()))),
            (list_key.clone(), proptest::collection::vec(text(), 0..3))
                .prop_map(|(k, l)| Step::Set(k, Value::List(unique(&l)))),
            prop_oneof![
                Just("sprint"),
                Just("points"),
                Just("labels"),
                Just("notes"),
                Just("nested")
            ]
            .prop_map(Step::Remove),
            (list_key.clone(), text()).prop_map(|(k, t)| Step::Add(k, t)),
            (
                list_key,
                prop_oneof![Just("a".to_string()), Just("b".to_string()), text()]
            )
                .prop_map(|(k, t)| Step::Subtract(k, t)),
        ]
    }

    fn kind(key: &str) -> FieldKind {
        match key {
            "points" => FieldKind::Number,
            "due" => FieldKind::Date,
            "labels" | "depends_on" => FieldKind::List,
            _ => FieldKind::Text,
        }
    }

    /// Lines that differ once the common head and tail are set aside.
    fn changed_lines(a: &str, b: &str) -> (usize, usize) {
        let a: Vec<&str> = a.split_inclusive('\n').collect();
        let b: Vec<&str> = b.split_inclusive('\n').collect();
        let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let tail = a[head..]
            .iter()
            .rev()
            .zip(b[head..].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        (a.len() - head - tail, b.len() - head - tail)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn random_edits_read_back_and_touch_only_their_lines(
            story in 0..STORIES.len(),
            steps in proptest::collection::vec(step(), 1..8),
        ) {
            let mut doc = Doc::parse(STORIES[story].to_string()).unwrap();
            for step in steps {
                let before = doc.clone();
                let key = match &step { Step::Set(k, _) | Step::Remove(k) | Step::Add(k, _) | Step::Subtract(k, _) => *k };
                let current = before.get(key).and_then(|n| n.text_list().ok()).unwrap_or_default();
                let (intended, result) = match &step {
                    Step::Set(k, v) => (Some(v.clone()), doc.set(k, v)),
                    Step::Remove(k) => (None, doc.remove(k).map(|_| ())),
                    Step::Add(k, t) => {
                        let mut l = current.clone();
                        if !l.contains(t) { l.push(t.clone()); }
                        (Some(Value::List(l)), doc.add_items(k, std::slice::from_ref(t)))
                    }
                    Step::Subtract(k, t) => {
                        let l: Vec<String> = current.iter().filter(|c| *c != t).cloned().collect();
                        (Some(Value::List(l)), doc.remove_items(k, std::slice::from_ref(t)))
                    }
                };
                let intended = match (&step, intended) {
                    // Removing or subtracting from a key that is not there changes nothing.
                    (Step::Remove(_), _) => None,
                    (Step::Subtract(..), _) if before.get(key).is_none() => None,
                    (_, v) => v,
                };
                result.map_err(|e| TestCaseError::fail(format!("{step:?}: {e}\n{}", before.text)))?;
                doc.verify_fields(&before, &[(key.to_string(), intended, kind(key))])
                    .map_err(|e| TestCaseError::fail(format!("{step:?}: {e}\n{}\n=>\n{}", before.text, doc.text)))?;
                // A scalar set touches at most one line (a new key adds one).
                if let Step::Set(_, v) = &step
                    && !matches!(v, Value::List(_)) && before.get(key).is_none_or(|n| n.as_scalar().is_some()) {
                        let (removed, added) = changed_lines(&before.text, &doc.text);
                        let multi = before.get(key).is_some_and(|n| before.text[n.start.byte..n.end].contains('\n'));
                        prop_assert!(multi || (removed <= 1 && added <= 1), "{step:?}: {removed} -{added} +\n{}\n=>\n{}", before.text, doc.text);
                    }
            }
        }
    }
}
