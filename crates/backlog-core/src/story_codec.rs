//! A parsed story as bytes and back, for the parsed-story cache (`backlog-git`'s `cache`):
//! every field, in a compact form that decodes without parsing YAML or Markdown.
//!
//! Written by hand rather than derived with serde: the serde attributes on these types
//! serve the JSON views (`Criterion`'s byte ranges are skipped there, `Num` is an integer
//! or a float), and the cache needs every field back as it was. Each encoder destructures
//! its type, so a field added to `Story` and forgotten here does not compile.
//!
//! The form carries no version: the cache file's header names the build that wrote it.

use std::collections::BTreeMap;

use crate::markdown::Criterion;
use crate::packed::{Reader, Writer};
use crate::story::{Places, Story};
use crate::types::Date;
use crate::yaml::Comment;
use serde_json::Value;

/// The bytes of `story`, appended to `out`.
pub fn encode(story: &Story, out: &mut Vec<u8>) {
    let Story {
        path,
        id,
        title,
        kind,
        status,
        priority,
        value,
        points,
        epic,
        sprint,
        release,
        goal,
        outcome,
        reason,
        depends_on,
        labels,
        assignee,
        rank,
        created,
        due,
        scores,
        extra,
        comments,
        places,
        body_line,
        criteria_line,
        description,
        criteria,
        source,
    } = story;
    let w = &mut Writer(out);
    w.str(path);
    w.str(id);
    w.str(title);
    w.str(kind);
    w.str(status);
    w.opt_str(priority.as_deref());
    w.opt_num(*value);
    w.opt_num(*points);
    for text in [epic, sprint, release, goal, outcome, reason] {
        w.opt_str(text.as_deref());
    }
    w.strs(depends_on);
    w.strs(labels);
    w.opt_str(assignee.as_deref());
    w.opt_str(rank.as_deref());
    w.opt_str(created.as_deref());
    w.opt_str(due.as_deref());
    w.uint(scores.len());
    for (key, n) in scores {
        w.str(key);
        w.num(*n);
    }
    // Unknown keys hold any YAML value, kept exactly (keys in order).
    w.uint(extra.len());
    for (key, value) in extra {
        w.str(key);
        write_value(w, value);
    }
    w.uint(comments.len());
    for Comment { line, text } in comments {
        w.uint(*line);
        w.str(text);
    }
    w.bytes(places.as_bytes());
    w.uint(*body_line);
    w.uint(criteria_line.map_or(0, |l| l + 1));
    w.str(description);
    w.uint(criteria.len());
    for Criterion {
        text,
        done,
        line,
        marker,
        column,
        item,
    } in criteria
    {
        w.str(text);
        w.uint(usize::from(*done));
        w.uint(*line);
        w.uint(*marker);
        w.uint(*column);
        w.uint(item.start);
        w.uint(item.end);
    }
    w.0.extend_from_slice(&source.to_le_bytes());
}

/// The story `encode` wrote, or `None` when the bytes are not such a story (a damaged
/// cache is a cache miss, never an error).
pub fn decode(bytes: &[u8]) -> Option<Story> {
    let r = &mut Reader(bytes);
    let story = Story {
        path: r.str()?.into(),
        id: r.str()?.into(),
        title: r.str()?,
        kind: r.str()?,
        status: r.str()?,
        priority: r.opt_str()?,
        value: r.opt_num()?,
        points: r.opt_num()?,
        epic: r.opt_str()?,
        sprint: r.opt_str()?,
        release: r.opt_str()?,
        goal: r.opt_str()?,
        outcome: r.opt_str()?,
        reason: r.opt_str()?,
        depends_on: r.strs()?,
        labels: r.strs()?,
        assignee: r.opt_str()?,
        rank: r.opt_str()?,
        created: r.opt_str()?.map(Date::from),
        due: r.opt_str()?.map(Date::from),
        scores: {
            let mut scores = BTreeMap::new();
            for _ in 0..r.len()? {
                let name = r.str()?;
                // Only a scoring field's own name is a key (they are `'static`).
                let key = crate::schema::builtin(&name)?.key;
                scores.insert(key, r.num()?);
            }
            scores
        },
        extra: read_map(r, 0)?,
        comments: r.list(|r| {
            Some(Comment {
                line: r.uint()?,
                text: r.str()?,
            })
        })?,
        places: Places::from_bytes(r.bytes()?)?,

        body_line: r.uint()?,
        criteria_line: r.uint()?.checked_sub(1),
        description: r.str()?,
        criteria: r.list(|r| {
            Some(Criterion {
                text: r.str()?,
                done: r.uint()? != 0,
                line: r.uint()?,
                marker: r.uint()?,
                column: r.uint()?,
                item: r.uint()?..r.uint()?,
            })
        })?,
        source: u64::from_le_bytes(r.take(8)?.try_into().ok()?),
    };
    r.0.is_empty().then_some(story)
}

/// A JSON value: a tag, then its contents. Numbers as their text, which reads back to the
/// same number. (It was JSON text, whose parsing took 8 % of a cached `next` where every
/// story has a key of its own.)
fn write_value(w: &mut Writer<'_>, value: &Value) {
    match value {
        Value::Null => w.uint(0),
        Value::Bool(b) => w.uint(1 + usize::from(*b)),
        Value::Number(n) => {
            w.uint(3);
            w.str(&n.to_string());
        }
        Value::String(text) => {
            w.uint(4);
            w.str(text);
        }
        Value::Array(items) => {
            w.uint(5);
            w.uint(items.len());
            for item in items {
                write_value(w, item);
            }
        }
        Value::Object(map) => {
            w.uint(6);
            w.uint(map.len());
            for (key, item) in map {
                w.str(key);
                write_value(w, item);
            }
        }
    }
}

/// Deeper than any YAML this reads (its parser stops far sooner): a damaged cache is a
/// miss, not a stack overflow.
const MAX_DEPTH: usize = 256;

fn read_value(r: &mut Reader<'_>, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match r.uint()? {
        0 => Value::Null,
        1 => Value::Bool(false),
        2 => Value::Bool(true),
        3 => Value::Number(r.borrowed_str()?.parse().ok()?),
        4 => Value::String(r.str()?),
        5 => Value::Array(r.list(|r| read_value(r, depth + 1))?),
        6 => Value::Object(read_map(r, depth + 1)?),
        _ => return None,
    })
}

fn read_map(r: &mut Reader<'_>, depth: usize) -> Option<serde_json::Map<String, Value>> {
    let len = r.len()?;
    let mut map = serde_json::Map::with_capacity(len);
    for _ in 0..len {
        let key = r.str()?;
        map.insert(key, read_value(r, depth)?);
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const TEXT: &str = "---\n# why: the payment team asked\nid: PAY-3\ntitle: \"Pay \\\"by\\\" card\"\ntype: story\nstatus: doing\npriority: must\nvalue: 8\npoints: 2.5\nepic: PAY-1\nsprint: S1\nrelease: '1.0'\ndepends_on: [PAY-1, PAY-2]\nlabels:\n  - ui\n  - payments\nassignee: ana\nrank: a0\ncreated: 2026-01-02\ndue: 2026-02-03\nreach: 500\njob_size: 3\nteam: { name: core, size: 4 }\nodd: [1, two, null]\n---\nAs a buyer I want to pay by card.\n\n## Acceptance criteria\n\n- [x] a card is charged\n- [ ] a refusal is shown\n  - nested\n";

    #[test]
    fn every_field_comes_back_as_it_was() {
        let story = Story::parse("backlog/stories/PAY-3.md", TEXT, &Config::default())
            .unwrap()
            .unwrap();
        assert!(!story.extra.is_empty() && !story.scores.is_empty());
        assert!(!story.comments.is_empty() && !story.criteria.is_empty());
        let mut bytes = Vec::new();
        encode(&story, &mut bytes);
        assert_eq!(decode(&bytes), Some(story));
    }

    #[test]
    fn values_of_unknown_keys_come_back_in_kind_and_order() {
        let text = "---\nid: PAY-4\ntitle: T\nzeta: 2.5\nflag: true\noff: false\nbig: 18446744073709551615\nneg: -7\ntiny: 1.0e-300\nnothing: ~\nnested: {b: [1, {c: [x, 0.1]}], a: ''}\n---\n";
        let story = Story::parse("backlog/stories/PAY-4.md", text, &Config::default())
            .unwrap()
            .unwrap();
        let keys: Vec<&String> = story.extra.keys().collect();
        assert_eq!(
            keys,
            [
                "zeta", "flag", "off", "big", "neg", "tiny", "nothing", "nested"
            ]
        );
        let mut bytes = Vec::new();
        encode(&story, &mut bytes);
        let back = decode(&bytes).unwrap();
        assert_eq!(
            serde_json::to_string(&back.extra).unwrap(),
            serde_json::to_string(&story.extra).unwrap()
        );
        assert_eq!(back, story);
    }

    #[test]
    fn damaged_bytes_are_no_story() {
        let story = Story::parse("backlog/stories/PAY-3.md", TEXT, &Config::default())
            .unwrap()
            .unwrap();
        let mut bytes = Vec::new();
        encode(&story, &mut bytes);
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // Any byte changed: no panic, and never a huge allocation.
        for i in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0xff;
            let _ = decode(&bad);
        }
    }
}
