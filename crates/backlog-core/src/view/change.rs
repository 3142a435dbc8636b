//! What changed in a story between two versions, as data, with the sentence a person
//! reads kept beside it as `text`.

use std::collections::{HashMap, HashSet, VecDeque};

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::backlog::Problem;
use crate::config::FieldKind;
use crate::schema::{self, MergeAs, Source};
use crate::story::{Num, Story};
use crate::types::RepoPath;

/// One change to a story. `text` says it in words, as `log` and `diff` print it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoryChange {
    /// A one-value field changed: `{"field": "points", "from": 8, "to": 5}` (`null`: unset).
    Field {
        field: String,
        from: Option<Value>,
        to: Option<Value>,
        text: String,
    },
    /// Items were added to or removed from a list field.
    Items {
        field: String,
        added: Vec<String>,
        removed: Vec<String>,
        text: String,
    },
    /// An acceptance criterion changed; `criterion` is its number (1-based) in the version
    /// that has it: the new one, or the old one for a removal.
    Criterion {
        criterion: usize,
        change: CriterionChange,
        item: String,
        text: String,
    },
    /// The description (the body above the criteria) changed.
    Description { text: String },
    /// The file moved to another path.
    Renamed {
        from: RepoPath,
        to: RepoPath,
        text: String,
    },
    /// The story moved in the manual order; positions are 1-based, among the stories in
    /// both versions.
    Moved {
        from: usize,
        to: usize,
        text: String,
    },
    /// The story appeared.
    Created {
        title: String,
        #[serde(rename = "type")]
        kind: String,
        status: String,
        points: Option<Num>,
        text: String,
    },
    /// The file can no longer be read as a story (it is not "deleted": it is broken).
    Unreadable {
        path: RepoPath,
        line: usize,
        column: usize,
        message: String,
        text: String,
    },
    /// The story went away.
    Deleted {
        title: String,
        #[serde(rename = "type")]
        kind: String,
        status: String,
        points: Option<Num>,
        text: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CriterionChange {
    Added,
    Removed,
    Edited,
    Checked,
    Unchecked,
}

impl StoryChange {
    /// The change in words.
    pub fn text(&self) -> &str {
        match self {
            StoryChange::Field { text, .. }
            | StoryChange::Items { text, .. }
            | StoryChange::Criterion { text, .. }
            | StoryChange::Description { text }
            | StoryChange::Renamed { text, .. }
            | StoryChange::Moved { text, .. }
            | StoryChange::Created { text, .. }
            | StoryChange::Unreadable { text, .. }
            | StoryChange::Deleted { text, .. } => text,
        }
    }

    /// `created`, with the words given.
    pub fn created(s: &Story, text: String) -> StoryChange {
        StoryChange::Created {
            title: s.title.clone(),
            kind: s.kind.clone(),
            status: s.status.clone(),
            points: s.points,
            text,
        }
    }

    /// `deleted`, with the words given.
    pub fn deleted(s: &Story, text: String) -> StoryChange {
        StoryChange::Deleted {
            title: s.title.clone(),
            kind: s.kind.clone(),
            status: s.status.clone(),
            points: s.points,
            text,
        }
    }

    /// The file became unreadable.
    pub fn unreadable(problem: &Problem) -> StoryChange {
        StoryChange::Unreadable {
            path: problem.path.clone(),
            line: problem.line,
            column: problem.col,
            message: problem.message.clone(),
            text: format!("unreadable: {problem}"),
        }
    }

    /// The file moved from `old`'s path to `new`'s.
    pub fn renamed(old: &Story, new: &Story) -> StoryChange {
        StoryChange::Renamed {
            from: old.path.clone(),
            to: new.path.clone(),
            text: format!("file renamed to {}", new.path),
        }
    }
}

/// A field's value as data: numbers as numbers, the rest as written.
fn value_of(s: &Story, key: &str, kind: FieldKind) -> Option<Value> {
    let text = s.field_text(key)?;
    Some(match kind {
        FieldKind::Number => text
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::to_value(Num(n)).ok())
            .unwrap_or(Value::String(text)),
        _ => Value::String(text),
    })
}

/// What changed between two versions of a story, in a stable order: the fields in schema
/// order, the lists, the rank, keys no field has, the description, then the criteria.
pub fn describe(old: &Story, new: &Story) -> Vec<StoryChange> {
    let mut out = Vec::new();
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let mut field = |name: &str,
                     from: Option<Value>,
                     to: Option<Value>,
                     words: (Option<String>, Option<String>)| {
        let text = match &words {
            (None, Some(b)) => format!("{name} set to {b}"),
            (Some(a), None) => format!("{name} removed (was {a})"),
            (a, b) => format!("{name} {} -> {}", shown(a), shown(b)),
        };
        out.push(StoryChange::Field {
            field: name.to_string(),
            from,
            to,
            text,
        });
    };
    if old.title != new.title {
        field(
            "title",
            Some(Value::String(old.title.clone())),
            Some(Value::String(new.title.clone())),
            (
                Some(format!("{:?}", old.title)),
                Some(format!("{:?}", new.title)),
            ),
        );
    }
    // Scalar fields in schema order (the title and rank have words of their own).
    for f in schema::FIELDS.iter().filter(|f| {
        f.source != Source::Derived
            && f.merge == MergeAs::Scalar
            && !matches!(f.key, "id" | "title" | "rank")
    }) {
        let (a, b) = (old.field_text(f.key), new.field_text(f.key));
        if a != b {
            field(
                f.key,
                value_of(old, f.key, f.kind),
                value_of(new, f.key, f.kind),
                (a, b),
            );
        }
    }
    for f in schema::FIELDS.iter().filter(|f| f.merge == MergeAs::Set) {
        let (a, b) = (old.items(f.key), new.items(f.key));
        // Sets, so a list of 100,000 labels compares in linear time.
        let (in_a, in_b): (HashSet<&String>, HashSet<&String>) =
            (a.iter().collect(), b.iter().collect());
        let added: Vec<String> = b.iter().filter(|x| !in_a.contains(x)).cloned().collect();
        let removed: Vec<String> = a.iter().filter(|x| !in_b.contains(x)).cloned().collect();
        if !added.is_empty() {
            out.push(StoryChange::Items {
                field: f.key.into(),
                text: format!("{} += {}", f.key, added.join(", ")),
                added,
                removed: Vec::new(),
            });
        }
        if !removed.is_empty() {
            out.push(StoryChange::Items {
                field: f.key.into(),
                text: format!("{} -= {}", f.key, removed.join(", ")),
                added: Vec::new(),
                removed,
            });
        }
    }
    if old.rank != new.rank {
        out.push(StoryChange::Field {
            field: "rank".into(),
            from: old.rank.clone().map(Value::String),
            to: new.rank.clone().map(Value::String),
            text: "rank changed".into(),
        });
    }
    let keys: std::collections::BTreeSet<&String> =
        old.extra.keys().chain(new.extra.keys()).collect();
    for key in keys {
        let (a, b) = (old.extra.get(key), new.extra.get(key));
        if a != b {
            let words = |v: Option<&Value>| {
                v.map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
            };
            let text = match (words(a), words(b)) {
                (None, Some(b)) => format!("{key} set to {b}"),
                (Some(a), None) => format!("{key} removed (was {a})"),
                (a, b) => format!("{key} {} -> {}", shown(&a), shown(&b)),
            };
            out.push(StoryChange::Field {
                field: key.clone(),
                from: a.cloned(),
                to: b.cloned(),
                text,
            });
        }
    }
    if old.description != new.description {
        out.push(StoryChange::Description {
            text: "description edited".into(),
        });
    }
    out.extend(describe_criteria(old, new));
    out
}

/// Criteria changes: matched by text; a removal and an addition at the same place is an
/// edit.
fn describe_criteria(old: &Story, new: &Story) -> Vec<StoryChange> {
    // Old criteria by text, each text's positions in order: a new criterion takes the
    // first unused one with its text (a lookup, not a scan, for long lists).
    let mut by_text: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, o) in old.criteria.iter().enumerate() {
        by_text.entry(o.text.as_str()).or_default().push_back(i);
    }
    let mut used = vec![false; old.criteria.len()];
    let mut matched: Vec<Option<usize>> = Vec::new();
    for c in &new.criteria {
        let m = by_text
            .get_mut(c.text.as_str())
            .and_then(VecDeque::pop_front);
        if let Some(i) = m {
            used[i] = true;
        }
        matched.push(m);
    }
    let criterion =
        |n: usize, change: CriterionChange, item: &str, text: String| StoryChange::Criterion {
            criterion: n,
            change,
            item: item.to_string(),
            text,
        };
    let mut out = Vec::new();
    // Old criteria no new one matched: removed, unless a new one at the same place took
    // it over as an edit.
    let mut removed: Vec<bool> = used.iter().map(|u| !u).collect();
    for (n, (c, m)) in new.criteria.iter().zip(&matched).enumerate() {
        let n = n + 1;
        match m {
            Some(i) if old.criteria[*i].done != c.done => {
                let (change, word) = if c.done {
                    (CriterionChange::Checked, "checked")
                } else {
                    (CriterionChange::Unchecked, "unchecked")
                };
                out.push(criterion(
                    n,
                    change,
                    &c.text,
                    format!("criterion {n} {word}"),
                ));
            }
            Some(_) => {}
            None => match removed.get_mut(n - 1).filter(|r| **r) {
                Some(at) => {
                    *at = false;
                    out.push(criterion(
                        n,
                        CriterionChange::Edited,
                        &c.text,
                        format!("criterion {n} edited: {}", c.text),
                    ));
                }
                None => out.push(criterion(
                    n,
                    CriterionChange::Added,
                    &c.text,
                    format!("criterion added: {}", c.text),
                )),
            },
        }
    }
    for i in (0..old.criteria.len()).filter(|i| removed[*i]) {
        let item = &old.criteria[i].text;
        out.push(criterion(
            i + 1,
            CriterionChange::Removed,
            item,
            format!("criterion removed: {item}"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn story(fields: &str, criteria: &str) -> Story {
        let text = format!(
            "---\nid: A-1\ntitle: T\n{fields}---\nAs a user I want x so that y.\n\n## Acceptance criteria\n{criteria}"
        );
        Story::parse("x.md", &text, &Config::default())
            .unwrap()
            .unwrap()
    }

    fn texts(changes: &[StoryChange]) -> Vec<&str> {
        changes.iter().map(StoryChange::text).collect()
    }

    #[test]
    fn field_changes_as_data_and_in_words() {
        let a = story("status: ready\npoints: 3\nlabels: [a, b]\n", "");
        let b = story(
            "status: doing\npoints: 5\nlabels: [b, c]\nsprint: S1\ncustomer: ACME\n",
            "",
        );
        let changes = describe(&a, &b);
        assert_eq!(
            texts(&changes),
            [
                "status ready -> doing",
                "points 3 -> 5",
                "sprint set to S1",
                "labels += c",
                "labels -= a",
                "customer set to ACME"
            ]
        );
        assert_eq!(
            serde_json::to_value(&changes[1]).unwrap(),
            serde_json::json!({"kind": "field", "field": "points", "from": 3, "to": 5, "text": "points 3 -> 5"})
        );
        assert_eq!(
            serde_json::to_value(&changes[3]).unwrap(),
            serde_json::json!({"kind": "items", "field": "labels", "added": ["c"], "removed": [], "text": "labels += c"})
        );
    }

    #[test]
    fn criteria_changes_as_data_and_in_words() {
        let a = story("", "- [ ] one\n- [ ] two\n- [ ] three\n");
        let b = story(
            "",
            "- [x] one\n- [ ] two, better\n- [ ] three\n- [ ] four\n",
        );
        let changes = describe(&a, &b);
        assert_eq!(
            texts(&changes),
            [
                "criterion 1 checked",
                "criterion 2 edited: two, better",
                "criterion added: four"
            ]
        );
        assert_eq!(
            serde_json::to_value(&changes[0]).unwrap(),
            serde_json::json!({"kind": "criterion", "criterion": 1, "change": "checked", "item": "one", "text": "criterion 1 checked"})
        );
        let c = story("", "- [x] one\n- [ ] three\n");
        assert_eq!(
            texts(&describe(&b, &c)),
            ["criterion removed: two, better", "criterion removed: four"]
        );
    }
}
