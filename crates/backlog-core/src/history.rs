//! The backlog's history as data: what changed between two versions of a story, in
//! words; a story's log entries; and the steps the backlog went through, for the metrics.
//! The storage layer replays git into these types.

use serde::Serialize;

use crate::schema;
use crate::story::Story;

/// A commit, as history commands show it: plain data, filled in by the storage layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub short: String,
    pub author: String,
    /// Author time: seconds since the epoch, and the offset from UTC in minutes.
    pub time: i64,
    pub offset: i32,
    pub summary: String,
}

/// What changed between two versions of a story, in words, in a stable order.
pub fn describe(old: &Story, new: &Story) -> Vec<String> {
    let mut out = Vec::new();
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let mut scalar = |name: &str, a: Option<String>, b: Option<String>| {
        if a != b {
            out.push(match (&a, &b) {
                (None, Some(b)) => format!("{name} set to {b}"),
                (Some(a), None) => format!("{name} removed (was {a})"),
                _ => format!("{name} {} -> {}", text(&a), text(&b)),
            });
        }
    };
    if old.title != new.title {
        scalar(
            "title",
            Some(format!("{:?}", old.title)),
            Some(format!("{:?}", new.title)),
        );
    }
    // Scalar fields in schema order (the title and rank have words of their own), then
    // the set fields.
    let plain = |f: &&schema::Field| {
        f.source != schema::Source::Derived
            && f.merge == schema::MergeAs::Scalar
            && !matches!(f.key, "id" | "title" | "rank")
    };
    for field in schema::FIELDS.iter().filter(plain) {
        scalar(
            field.key,
            old.field_text(field.key),
            new.field_text(field.key),
        );
    }
    for field in schema::FIELDS
        .iter()
        .filter(|f| f.merge == schema::MergeAs::Set)
    {
        let (name, a, b) = (field.key, &old.items(field.key), &new.items(field.key));
        let added: Vec<&str> = b
            .iter()
            .filter(|x| !a.contains(x))
            .map(String::as_str)
            .collect();
        let removed: Vec<&str> = a
            .iter()
            .filter(|x| !b.contains(x))
            .map(String::as_str)
            .collect();
        if !added.is_empty() {
            out.push(format!("{name} += {}", added.join(", ")));
        }
        if !removed.is_empty() {
            out.push(format!("{name} -= {}", removed.join(", ")));
        }
    }
    if old.rank != new.rank {
        out.push("rank changed".into());
    }
    let keys: std::collections::BTreeSet<&String> =
        old.extra.keys().chain(new.extra.keys()).collect();
    for key in keys {
        let show = |v: Option<&serde_json::Value>| {
            v.map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
        };
        let (a, b) = (show(old.extra.get(key)), show(new.extra.get(key)));
        if a != b {
            out.push(match (a, b) {
                (None, Some(b)) => format!("{key} set to {b}"),
                (Some(a), None) => format!("{key} removed (was {a})"),
                (a, b) => format!("{key} {} -> {}", text(&a), text(&b)),
            });
        }
    }
    if old.description != new.description {
        out.push("description edited".into());
    }
    out.extend(describe_criteria(old, new));
    out
}

/// Criteria changes: matched by text; a removal and an addition at the same place is an
/// edit. Numbers are positions in the new version (1-based).
fn describe_criteria(old: &Story, new: &Story) -> Vec<String> {
    let mut used = vec![false; old.criteria.len()];
    let mut matched: Vec<Option<usize>> = Vec::new();
    for c in &new.criteria {
        let m = old
            .criteria
            .iter()
            .enumerate()
            .position(|(i, o)| !used[i] && o.text == c.text);
        if let Some(i) = m {
            used[i] = true;
        }
        matched.push(m);
    }
    let mut out = Vec::new();
    let mut removed: Vec<usize> = (0..old.criteria.len()).filter(|i| !used[*i]).collect();
    for (n, (c, m)) in new.criteria.iter().zip(&matched).enumerate() {
        match m {
            Some(i) if old.criteria[*i].done != c.done => {
                out.push(format!(
                    "criterion {} {}",
                    n + 1,
                    if c.done { "checked" } else { "unchecked" }
                ));
            }
            Some(_) => {}
            None => match removed.iter().position(|r| *r == n) {
                Some(at) => {
                    removed.remove(at);
                    out.push(format!("criterion {} edited: {}", n + 1, c.text));
                }
                None => out.push(format!("criterion added: {}", c.text)),
            },
        }
    }
    for i in removed {
        out.push(format!("criterion removed: {}", old.criteria[i].text));
    }
    out
}

/// One commit of a story's log.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub commit: String,
    pub date: String,
    pub author: String,
    pub summary: String,
    pub changes: Vec<String>,
}

/// `YYYY-MM-DD HH:MM` in the commit's own time zone.
pub fn datetime(c: &Commit) -> String {
    let local = c.time + i64::from(c.offset) * 60;
    let (y, m, d) = crate::date::civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// The date of a commit in its own time zone, as days since 1970-01-01.
pub fn day(c: &Commit) -> i64 {
    (c.time + i64::from(c.offset) * 60).div_euclid(86_400)
}

/// What the metrics need of a story at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub status: String,
    pub sprint: Option<String>,
    pub points: Option<f64>,
}

/// One commit of the branch's history, with the stories it changed.
#[derive(Debug, Clone)]
pub struct Step {
    pub commit: Commit,
    /// Story ID, its state before and after (`None`: absent).
    pub changes: Vec<(String, Option<Snapshot>, Option<Snapshot>)>,
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

    #[test]
    fn field_changes_in_words() {
        let a = story("status: ready\npoints: 3\nlabels: [a, b]\n", "");
        let b = story(
            "status: doing\npoints: 5\nlabels: [b, c]\nsprint: S1\ncustomer: ACME\n",
            "",
        );
        assert_eq!(
            describe(&a, &b),
            [
                "status ready -> doing",
                "points 3 -> 5",
                "sprint set to S1",
                "labels += c",
                "labels -= a",
                "customer set to ACME"
            ]
        );
    }

    #[test]
    fn criteria_changes_in_words() {
        let a = story("", "- [ ] one\n- [ ] two\n- [ ] three\n");
        let b = story(
            "",
            "- [x] one\n- [ ] two, better\n- [ ] three\n- [ ] four\n",
        );
        assert_eq!(
            describe(&a, &b),
            [
                "criterion 1 checked",
                "criterion 2 edited: two, better",
                "criterion added: four"
            ]
        );
        let c = story("", "- [x] one\n- [ ] three\n");
        assert_eq!(
            describe(&b, &c),
            ["criterion removed: two, better", "criterion removed: four"]
        );
    }
}
