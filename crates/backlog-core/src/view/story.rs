//! Stories as `list`, `show`, `ac list`, `next` and `blocked` print them.

use schemars::JsonSchema;
use serde::Serialize;

use crate::backlog::Backlog;
use crate::config::Config;
use crate::markdown::Criterion;
use crate::plan;
use crate::story::{Num, Story};
use crate::yaml::Comment;

/// One story, every field present (`null` or `[]` when unset).
#[derive(Debug, Serialize, JsonSchema)]
pub struct StoryView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub status: &'a str,
    /// Whether `status` is one of the workflow's done statuses.
    pub done: bool,
    pub priority: Option<&'a str>,
    pub value: Option<Num>,
    pub points: Option<Num>,
    pub epic: Option<&'a str>,
    pub sprint: Option<&'a str>,
    pub release: Option<&'a str>,
    pub goal: Option<&'a str>,
    pub outcome: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub depends_on: &'a [String],
    pub labels: &'a [String],
    pub assignee: Option<&'a str>,
    pub rank: Option<&'a str>,
    pub created: Option<&'a str>,
    pub due: Option<&'a str>,
    pub time_criticality: Option<Num>,
    pub risk_reduction: Option<Num>,
    pub reach: Option<Num>,
    pub impact: Option<Num>,
    pub confidence: Option<Num>,
    /// The custom fields config.yml declares, by key, as written (`null`: not set).
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Front-matter keys that are no built-in field, as written (declared ones too).
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Comments in the front matter, kept in the file, shown here with their lines.
    pub comments: &'a [Comment],
    pub description: &'a str,
    pub criteria: &'a [Criterion],
    pub progress: Progress,
    /// The file, relative to the top of the work tree.
    pub path: &'a str,
}

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn of(s: &Story) -> Progress {
        Progress {
            done: s.criteria_done(),
            total: s.criteria.len(),
        }
    }
}

impl<'a> StoryView<'a> {
    pub fn new(s: &'a Story, config: &Config) -> Self {
        let score = |k: &str| s.scores.get(k).copied();
        let fields = config
            .fields
            .keys()
            .map(|k| {
                let v = s.extra.get(k).cloned().unwrap_or(serde_json::Value::Null);
                (k.clone(), v)
            })
            .collect();
        StoryView {
            id: &s.id,
            title: &s.title,
            kind: &s.kind,
            status: &s.status,
            done: config.is_done(&s.status),
            priority: s.priority.as_deref(),
            value: s.value,
            points: s.points,
            epic: s.epic.as_deref(),
            sprint: s.sprint.as_deref(),
            release: s.release.as_deref(),
            goal: s.goal.as_deref(),
            outcome: s.outcome.as_deref(),
            reason: s.reason.as_deref(),
            depends_on: &s.depends_on,
            labels: &s.labels,
            assignee: s.assignee.as_deref(),
            rank: s.rank.as_deref(),
            created: s.created.as_deref(),
            due: s.due.as_deref(),
            time_criticality: score("time_criticality"),
            risk_reduction: score("risk_reduction"),
            reach: score("reach"),
            impact: score("impact"),
            confidence: score("confidence"),
            fields,
            extra: &s.extra,
            comments: &s.comments,
            description: &s.description,
            criteria: &s.criteria,
            progress: Progress::of(s),
            path: &s.path,
        }
    }
}

/// `list --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ListView<'a> {
    pub stories: Vec<StoryView<'a>>,
}

/// `show --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ShowView<'a> {
    pub story: StoryView<'a>,
}

/// `ac ID list --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CriteriaView<'a> {
    pub id: &'a str,
    pub criteria: &'a [Criterion],
    pub progress: Progress,
}

impl<'a> CriteriaView<'a> {
    pub fn new(s: &'a Story) -> Self {
        CriteriaView {
            id: &s.id,
            criteria: &s.criteria,
            progress: Progress::of(s),
        }
    }
}

/// A dependency a story waits on: not done, or missing (`status: null`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Waiting<'a> {
    pub id: &'a str,
    pub status: Option<&'a str>,
}

/// A story in a short list (`next`, `blocked`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct BriefView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'a str,
    pub priority: Option<&'a str>,
    pub points: Option<Num>,
    pub value: Option<Num>,
    pub depends_on: &'a [String],
    /// The dependencies that are not done yet (empty for `next`).
    pub waits_on: Vec<Waiting<'a>>,
    pub path: &'a str,
}

impl<'a> BriefView<'a> {
    pub fn new(s: &'a Story, backlog: &'a Backlog) -> Self {
        BriefView {
            id: &s.id,
            title: &s.title,
            status: &s.status,
            priority: s.priority.as_deref(),
            points: s.points,
            value: s.value,
            depends_on: &s.depends_on,
            waits_on: plan::waits_on(s, backlog)
                .into_iter()
                .map(|(id, status)| Waiting { id, status })
                .collect(),
            path: &s.path,
        }
    }
}

/// `next --format json` and `blocked --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BriefListView<'a> {
    pub stories: Vec<BriefView<'a>>,
}
