//! A story: its fields, read from one Markdown file with YAML front matter.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::config::Config;
use crate::markdown::{self, Criterion};
use crate::types::{Date, RepoPath, StoryId};
use crate::yaml::{self, Node, Pos, YamlError};

pub use crate::places::{Place, Places, Spot};

/// A number as written in a story (`points: 5`, `value: 0.5`), shown without `.0`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An empty sum is -0.0; nobody wants to read "-0 points".
        write!(f, "{}", self.0 + 0.0)
    }
}

impl serde::Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9e15 {
            s.serialize_i64((self.0 + 0.0) as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// The `outcome` of a story the product owner said no to.
pub const REJECTED: &str = "rejected";

#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The file, relative to the repository root, with `/` separators.
    pub path: RepoPath,
    pub id: StoryId,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub priority: Option<String>,
    pub value: Option<Num>,
    pub points: Option<Num>,
    pub epic: Option<String>,
    pub sprint: Option<String>,
    /// The release the story is planned for (a file under backlog/releases/).
    pub release: Option<String>,
    /// The product goal an epic (or any story) serves.
    pub goal: Option<String>,
    /// `rejected` when the product owner said no (`reject`), with the `reason`.
    pub outcome: Option<String>,
    pub reason: Option<String>,
    pub depends_on: Vec<String>,
    pub labels: Vec<String>,
    pub assignee: Option<String>,
    pub rank: Option<String>,
    pub created: Option<Date>,
    pub due: Option<Date>,
    /// Scoring inputs (WSJF, RICE), by field name.
    pub scores: BTreeMap<&'static str, Num>,
    /// Keys this version does not know, in file order, kept as they are.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The front matter's comments, with their lines.
    pub comments: Vec<yaml::Comment>,
    /// Where each front-matter field stands in the file, in file order.
    pub places: Places,
    /// The file line the body starts on.
    pub body_line: usize,
    /// The file line of the `## Acceptance criteria` heading, if there is one.
    pub criteria_line: Option<usize>,
    pub description: String,
    pub criteria: Vec<Criterion>,
    /// A fingerprint of the text it was parsed from ([`fingerprint`]): a story file with
    /// the same path and fingerprint parses to this story again, so the history replay
    /// reuses the work tree's parse for the versions still in it.
    pub source: u64,
}

/// A hash of a story file's bytes, for telling within one run whether two texts are the
/// same (not stored, not shown: it may change between builds).
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Why a file could not be read as a story. Positions are file positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub pos: Pos,
    pub message: String,
}

impl ParseError {
    fn at(line: usize, col: usize, message: impl Into<String>) -> Self {
        ParseError {
            pos: Pos { line, col, byte: 0 },
            message: message.into(),
        }
    }
}

impl From<YamlError> for ParseError {
    fn from(e: YamlError) -> Self {
        ParseError {
            pos: e.pos,
            message: e.message,
        }
    }
}

impl Story {
    /// Parse a story file. `Ok(None)` means the file has no front matter, so is no story.
    pub fn parse(path: &str, text: &str, config: &Config) -> Result<Option<Story>, ParseError> {
        let Some(parsed) = crate::file::parse(text)? else {
            return Ok(None);
        };
        let (split, root, comments) = (parsed.split, parsed.root, parsed.comments);
        let mut story = Story {
            path: RepoPath::from(path),
            id: StoryId::default(),
            title: String::new(),
            kind: "story".into(),
            status: config.first_status().to_string(),
            priority: None,
            value: None,
            points: None,
            epic: None,
            sprint: None,
            release: None,
            goal: None,
            outcome: None,
            reason: None,
            depends_on: Vec::new(),
            labels: Vec::new(),
            assignee: None,
            rank: None,
            created: None,
            due: None,
            scores: BTreeMap::new(),
            extra: serde_json::Map::new(),
            comments,
            places: Places::default(),
            body_line: split.body_line,
            criteria_line: None,
            description: String::new(),
            criteria: Vec::new(),
            source: fingerprint(text.as_bytes()),
        };
        let mut id_seen = false;
        let entries = root.entries()?;
        story.places = entries
            .iter()
            .map(|(key, key_node, value)| {
                let items = match &value.kind {
                    yaml::Kind::Seq(items) => items.iter().map(|i| i.start.into()).collect(),
                    _ => Box::default(),
                };
                let place = Place {
                    key: key_node.start.into(),
                    value: value.start.into(),
                    items,
                };
                (key.as_str(), place)
            })
            .collect();
        for (key, _, value) in entries {
            let named = |e: YamlError| ParseError {
                pos: e.pos,
                message: format!("{key}: {}", e.message),
            };
            let text = |v: &Node| v.text().map_err(named);
            let number = |v: &Node| v.number().map(|n| n.map(Num)).map_err(named);
            match key.as_str() {
                "id" => {
                    let id = text(value)?.unwrap_or_default();
                    if let Some(problem) = id_problem(&id) {
                        return Err(ParseError {
                            pos: value.start,
                            message: format!("id: {problem}"),
                        });
                    }
                    story.id = StoryId::from(id);
                    id_seen = true;
                }
                "title" => story.title = text(value)?.unwrap_or_default(),
                "type" => {
                    if let Some(kind) = text(value)? {
                        story.kind = kind;
                    }
                }
                "status" => {
                    if let Some(status) = text(value)? {
                        story.status = status;
                    }
                }
                "priority" => story.priority = text(value)?,
                "value" => story.value = number(value)?,
                "points" => story.points = number(value)?,
                "epic" => story.epic = text(value)?,
                "sprint" => story.sprint = text(value)?,
                "release" => story.release = text(value)?,
                "goal" => story.goal = text(value)?,
                "outcome" => story.outcome = text(value)?,
                "reason" => story.reason = text(value)?,
                "depends_on" => story.depends_on = value.text_list().map_err(named)?,
                "labels" => story.labels = value.text_list().map_err(named)?,
                "assignee" => story.assignee = text(value)?,
                "rank" => story.rank = text(value)?,
                "created" => story.created = text(value)?.map(Date::from),
                "due" => story.due = text(value)?.map(Date::from),
                _ => {
                    if let Some(field) = crate::schema::builtin(key.as_str())
                        .filter(|f| f.source == crate::schema::Source::Score)
                        .map(|f| f.key)
                    {
                        if let Some(n) = number(value)? {
                            story.scores.insert(field, n);
                        }
                    } else {
                        story.extra.insert(key.clone(), value.to_json());
                    }
                }
            }
        }
        if !id_seen {
            return Err(ParseError::at(
                split.yaml_line.saturating_sub(1),
                1,
                "missing `id`: every story needs an `id: PREFIX-N` line in its front matter",
            ));
        }
        let body =
            markdown::parse_body(&text[split.body.clone()], split.body_line, split.body.start);
        story.criteria_line = body.criteria_section.as_ref().map(|r| {
            split.body_line
                + text[split.body.start..split.body.start + r.start]
                    .matches('\n')
                    .count()
        });
        story.description = body.description;
        story.criteria = body.criteria;
        Ok(Some(story))
    }

    /// Where the field `key` is in the file, if the file sets it.
    pub fn place(&self, key: &str) -> Option<Place> {
        self.places.get(key)
    }

    pub fn criteria_done(&self) -> usize {
        self.criteria.iter().filter(|c| c.done).count()
    }

    /// Whether the product owner said no: rejected, or prioritised `wont`. Such a story is
    /// never next, never planned into a sprint, never forecast into a release.
    pub fn is_out(&self) -> bool {
        self.outcome.as_deref() == Some(REJECTED) || self.priority.as_deref() == Some("wont")
    }

    /// The items of a list field (`labels`, `depends_on`, or a custom list).
    pub fn items(&self, field: &str) -> Vec<String> {
        self.item_texts(field)
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    /// [`Story::items`], borrowed where the story holds them as text.
    pub fn item_texts(&self, field: &str) -> Vec<Cow<'_, str>> {
        match field {
            "labels" => self
                .labels
                .iter()
                .map(|l| Cow::Borrowed(l.as_str()))
                .collect(),
            "depends_on" => self
                .depends_on
                .iter()
                .map(|d| Cow::Borrowed(d.as_str()))
                .collect(),
            other => match self.extra.get(other) {
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map_or_else(|| Cow::Owned(v.to_string()), Cow::Borrowed)
                    })
                    .collect(),
                _ => Vec::new(),
            },
        }
    }

    /// The value of a field as text, for sorting, filtering and tables.
    pub fn field_text(&self, field: &str) -> Option<String> {
        self.field_str(field).map(Cow::into_owned)
    }

    /// [`Story::field_text`], borrowed where the story holds it as text.
    pub fn field_str(&self, field: &str) -> Option<Cow<'_, str>> {
        fn text(v: &str) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(v))
        }
        fn opt(v: &Option<String>) -> Option<Cow<'_, str>> {
            v.as_deref().map(Cow::Borrowed)
        }
        fn list(items: &[String]) -> Option<Cow<'_, str>> {
            Some(items.join(", "))
                .filter(|s| !s.is_empty())
                .map(Cow::Owned)
        }
        match field {
            "id" => text(self.id.as_str()),
            "title" => text(&self.title),
            "type" => text(&self.kind),
            "status" => text(&self.status),
            "priority" => opt(&self.priority),
            "value" => self.value.map(|n| Cow::Owned(n.to_string())),
            "points" => self.points.map(|n| Cow::Owned(n.to_string())),
            "epic" => opt(&self.epic),
            "sprint" => opt(&self.sprint),
            "release" => opt(&self.release),
            "goal" => opt(&self.goal),
            "outcome" => opt(&self.outcome),
            "reason" => opt(&self.reason),
            "depends_on" => list(&self.depends_on),
            "labels" => list(&self.labels),
            "assignee" => opt(&self.assignee),
            "rank" => opt(&self.rank),
            "created" => self.created.as_deref().map(Cow::Borrowed),
            "due" => self.due.as_deref().map(Cow::Borrowed),
            "path" => text(&self.path[..]),
            other => match self.scores.get(other) {
                Some(n) => Some(Cow::Owned(n.to_string())),
                None => match self.extra.get(other)? {
                    serde_json::Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                    serde_json::Value::Null => None,
                    serde_json::Value::Array(_) => Some(self.items(other).join(", "))
                        .filter(|s| !s.is_empty())
                        .map(Cow::Owned),
                    v => Some(Cow::Owned(v.to_string())),
                },
            },
        }
    }
}

/// An ID is one word: it names a file, so no spaces, slashes or control characters.
pub fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("expected an ID like `PAY-12`, found nothing")
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("an ID cannot contain spaces or control characters")
    } else if id.contains(['/', '\\']) || id.starts_with('.') {
        Some("an ID cannot contain `/` or `\\` or start with `.`")
    } else if id.len() > 64 {
        Some("an ID is at most 64 characters")
    } else if id
        .rsplit_once('-')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && id_parts(id).is_none()
    {
        Some("the number in an ID is at most 999999999")
    } else {
        None
    }
}

/// The highest number an ID may carry: nine digits. It keeps file names short and fits
/// every integer type a script or spreadsheet reading our JSON or CSV may use (a 32-bit
/// signed integer included), and allocation can never wrap around.
pub const MAX_ID_NUMBER: u64 = 999_999_999;

/// Split `PAY-12` into `("PAY", 12)`, for ordering and allocation; `None` when the part
/// after the last `-` is not a number up to [`MAX_ID_NUMBER`].
pub fn id_parts(id: &str) -> Option<(&str, u64)> {
    let (prefix, number) = id.rsplit_once('-')?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, number.parse().ok().filter(|n| *n <= MAX_ID_NUMBER)?))
}

/// Orders IDs the way a person reads them: `PAY-2` before `PAY-10`, and a sub-task
/// `PAY-355.01` right after `PAY-355` (as Backlog.md numbers them).
pub fn id_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (numbered(a), numbered(b)) {
        (Some((pa, na)), Some((pb, nb))) => pa.cmp(pb).then(na.cmp(&nb)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    }
    .then_with(|| a.cmp(b))
}

/// `PAY-355.01` as `("PAY", [355, 1])`: the prefix, and the numbers between the dots.
fn numbered(id: &str) -> Option<(&str, Vec<u64>)> {
    let (prefix, number) = id.rsplit_once('-')?;
    let parts: Option<Vec<u64>> = number
        .split('.')
        .map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    Some((prefix, parts?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<Story>, ParseError> {
        Story::parse("backlog/stories/x.md", text, &Config::default())
    }

    fn err(text: &str) -> String {
        let e = parse(text).unwrap_err();
        format!("{}:{}: {}", e.pos.line, e.pos.col, e.message)
    }

    const FULL: &str = "---
id: PAY-42
title: Refund a card payment
type: story            # story | bug | task | spike | epic
status: ready
priority: must
value: 8
points: 5
epic: PAY-7
sprint: 2026-S24
depends_on: [PAY-40]
labels: [payments, api]
rank: \"0|hzzzzz:\"
created: 2026-11-27
reach: 500
country: NO
build: 0042
nested:
  owner: ops
# unknown keys and comments like this one are kept exactly as written
---
As a support agent I want to refund a card payment so that a customer gets their money back.

## Acceptance criteria
- [ ] Given a captured payment, when I refund it in full, then the customer sees the refund.
- [x] A partial refund cannot exceed the captured amount.
";

    #[test]
    fn reads_every_field() {
        let s = parse(FULL).unwrap().unwrap();
        assert_eq!(s.id, "PAY-42");
        assert_eq!(s.kind, "story");
        assert_eq!(s.status, "ready");
        assert_eq!(s.priority.as_deref(), Some("must"));
        assert_eq!(s.value, Some(Num(8.0)));
        assert_eq!(s.points, Some(Num(5.0)));
        assert_eq!(s.sprint.as_deref(), Some("2026-S24"));
        assert_eq!(s.depends_on, ["PAY-40"]);
        assert_eq!(s.labels, ["payments", "api"]);
        assert_eq!(s.rank.as_deref(), Some("0|hzzzzz:"));
        assert_eq!(s.created.as_deref(), Some("2026-11-27"));
        assert_eq!(s.scores.get("reach"), Some(&Num(500.0)));
        assert_eq!(
            serde_json::Value::Object(s.extra.clone()),
            serde_json::json!({"country": "NO", "build": 42, "nested": {"owner": "ops"}})
        );
        assert_eq!(s.criteria.len(), 2);
        assert_eq!(s.criteria[0].line, 25);
        assert_eq!(s.criteria_done(), 1);
        assert_eq!(s.place("points").unwrap().key.line, 8);
        assert!(s.description.starts_with("As a support agent"));
    }

    #[test]
    fn strings_stay_as_written() {
        let s = parse("---\nid: '0042'\ntitle: NO\nsprint: 1.10\nassignee: 0042\n---\n")
            .unwrap()
            .unwrap();
        assert_eq!(s.id, "0042");
        assert_eq!(s.title, "NO");
        assert_eq!(s.sprint.as_deref(), Some("1.10"));
        assert_eq!(s.assignee.as_deref(), Some("0042"));
    }

    #[test]
    fn defaults_from_config() {
        let s = parse("---\nid: A-1\n---\n").unwrap().unwrap();
        assert_eq!(s.kind, "story");
        assert_eq!(s.status, "draft");
        assert!(s.criteria.is_empty());
    }

    #[test]
    fn no_front_matter_is_not_a_story() {
        assert_eq!(parse("# Just notes\n"), Ok(None));
    }

    #[test]
    fn crlf_and_bom() {
        let s = parse(
            "\u{feff}---\r\nid: A-1\r\ntitle: T\r\n---\r\n## Acceptance criteria\r\n- [x] ok\r\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(s.title, "T");
        assert_eq!(s.criteria[0].line, 6);
        assert!(s.criteria[0].done);
    }

    #[test]
    fn blank_line_after_opening() {
        let s = parse("---\n\nid: A-1\ntitle: T\n---\n").unwrap().unwrap();
        assert_eq!(s.place("id").unwrap().key.line, 3);
    }

    #[test]
    fn errors_are_file_positions_naming_the_field() {
        assert_eq!(
            err("---\nid: A-1\npoints: five\n---\n"),
            "3:9: points: expected a number, found the text \"five\""
        );
        assert_eq!(
            err("---\nid: A-1\nlabels: {a: b}\n---\n"),
            "3:9: labels: expected a list, found a mapping"
        );
        assert_eq!(
            err("---\nid: A-1\ntitle: T\n"),
            "1:1: front matter is not closed: expected a line `---` after the fields"
        );
        assert_eq!(
            err("---\ntitle: T\n---\n"),
            "1:1: missing `id`: every story needs an `id: PREFIX-N` line in its front matter"
        );
        assert_eq!(
            err("---\nid: a/b\n---\n"),
            "2:5: id: an ID cannot contain `/` or `\\` or start with `.`"
        );
        assert_eq!(
            err("---\nid: A-1\nid: A-2\n---\n"),
            "3:1: duplicate key `id` (first set on line 2)"
        );
        assert!(
            err(
                "---\nid: A-1\n<<<<<<< HEAD\nstatus: doing\n=======\nstatus: done\n>>>>>>> x\n---\n"
            )
            .starts_with("3:1: unresolved merge conflict")
        );
    }

    #[test]
    fn crlf_error_positions() {
        assert_eq!(
            err("---\r\nid: A-1\r\n\r\npoints: [1\r\n---\r\n"),
            err("---\nid: A-1\n\npoints: [1\n---\n")
        );
    }

    #[test]
    fn id_ordering() {
        let mut ids = vec!["PAY-10", "PAY-2", "ABC-3", "odd"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, ["ABC-3", "PAY-2", "PAY-10", "odd"]);
        assert_eq!(id_parts("PAY-7"), Some(("PAY", 7)));
        assert_eq!(id_parts("PAY-7k3f"), None);
    }
}

/// A story about to be written by `new`: the fields it starts with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub priority: Option<String>,
    pub value: Option<Num>,
    pub points: Option<Num>,
    pub epic: Option<String>,
    pub sprint: Option<String>,
    pub depends_on: Vec<String>,
    pub labels: Vec<String>,
    pub assignee: Option<String>,
    pub created: Option<Date>,
}

impl Draft {
    /// The file text: front matter with the fields that are set, in the documented
    /// order, then `body`. Text is quoted wherever a YAML reader could misread it.
    pub fn render(&self, body: &str, crlf: bool) -> String {
        use crate::yaml::quote;
        let text = |v: &Option<String>| v.as_deref().map(quote);
        let number = |n: &Option<Num>| n.map(|n| n.to_string());
        let list = |l: &[String]| {
            (!l.is_empty()).then(|| {
                let items: Vec<String> = l.iter().map(|s| quote(s)).collect();
                format!("[{}]", items.join(", "))
            })
        };
        let fields = [
            ("id", Some(quote(&self.id))),
            ("title", Some(quote(&self.title))),
            ("type", Some(quote(&self.kind))),
            ("status", Some(quote(&self.status))),
            ("priority", text(&self.priority)),
            ("value", number(&self.value)),
            ("points", number(&self.points)),
            ("epic", text(&self.epic)),
            ("sprint", text(&self.sprint)),
            ("depends_on", list(&self.depends_on)),
            ("labels", list(&self.labels)),
            ("assignee", text(&self.assignee)),
            ("created", self.created.as_ref().map(Date::to_string)),
        ];
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut out = format!("---{eol}");
        for (key, value) in fields {
            if let Some(value) = value {
                out.push_str(&format!("{key}: {value}{eol}"));
            }
        }
        out.push_str(&format!("---{eol}"));
        out.push_str(body);
        out
    }

    /// Whether a parsed story carries exactly the fields of this draft.
    pub fn matches(&self, s: &Story) -> bool {
        s.id == self.id
            && s.title == self.title
            && s.kind == self.kind
            && s.status == self.status
            && s.priority == self.priority
            && s.value == self.value
            && s.points == self.points
            && s.epic == self.epic
            && s.sprint == self.sprint
            && s.depends_on == self.depends_on
            && s.labels == self.labels
            && s.assignee == self.assignee
            && s.created == self.created
            && s.extra.is_empty()
            && s.comments.is_empty()
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Weighted towards what YAML misreads: keywords, numbers, indicators, quotes.
        prop_oneof![
            Just("no".to_string()),
            Just("NO".to_string()),
            Just("0042".to_string()),
            Just("1.10".to_string()),
            Just("~".to_string()),
            Just("true".to_string()),
            Just("- x".to_string()),
            Just("a: b".to_string()),
            Just("x #y".to_string()),
            Just("it's \"quoted\"".to_string()),
            "[A-Za-z0-9 ]{1,20}",
            "\\PC{1,30}",
            any::<String>(),
        ]
        .prop_map(|s: String| s.replace(['\n', '\r'], " "))
        .prop_filter("a field is set with some text", |s| !s.trim().is_empty())
    }

    fn word() -> impl Strategy<Value = String> {
        text().prop_map(|s| s.replace([',', ' '], "_"))
    }

    fn num() -> impl Strategy<Value = Option<Num>> {
        prop_oneof![
            Just(None),
            (0u32..200).prop_map(|n| Some(Num(f64::from(n)))),
            Just(Some(Num(0.5)))
        ]
    }

    proptest! {
        #[test]
        fn new_stories_parse_back_to_their_fields(
            id in "[A-Z]{1,4}-[0-9]{1,5}",
            title in text(),
            kind in word(),
            status in word(),
            priority in proptest::option::of(word()),
            value in num(),
            points in num(),
            epic in proptest::option::of(text()),
            sprint in proptest::option::of(text()),
            depends_on in proptest::collection::vec(word(), 0..3),
            labels in proptest::collection::vec(text(), 0..4),
            assignee in proptest::option::of(text()),
            crlf in any::<bool>(),
        ) {
            let draft = Draft {
                id, title, kind, status, priority, value, points, epic, sprint,
                depends_on, labels, assignee, created: Some("2026-11-27".into()),
            };
            let body = "Body\n\n## Acceptance criteria\n";
            let text = draft.render(body, crlf);
            let story = Story::parse("x.md", &text, &Config::default());
            let story = story.map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?.unwrap();
            prop_assert!(draft.matches(&story), "{:?}\n{}", story, text);
        }
    }
}
