//! The JSON wire format (documented in docs/json.md). Kept apart from the model so the
//! model can change without breaking scripts: bump `VERSION` on any breaking change.

use serde::Serialize;

use backlog_core::config::Config;
use backlog_core::markdown::Criterion;
use backlog_core::story::{Num, Story};

/// The version of every JSON document this tool prints.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct StoryJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub status: &'a str,
    pub done: bool,
    pub priority: Option<&'a str>,
    pub value: Option<Num>,
    pub points: Option<Num>,
    pub epic: Option<&'a str>,
    pub sprint: Option<&'a str>,
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
    /// The custom fields config.yml declares, by key, as written (absent: `null`).
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Front-matter keys that are no built-in field, as written (declared ones too).
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Comments in the front matter, kept in the file, shown here with their lines.
    pub comments: &'a [backlog_core::yaml::Comment],
    pub description: &'a str,
    pub criteria: &'a [Criterion],
    pub progress: Progress,
    pub path: &'a str,
}

#[derive(Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl<'a> StoryJson<'a> {
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
        StoryJson {
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
            progress: Progress {
                done: s.criteria_done(),
                total: s.criteria.len(),
            },
            path: &s.path,
        }
    }
}

#[derive(Serialize)]
pub struct ListJson<'a> {
    pub version: u32,
    pub stories: Vec<StoryJson<'a>>,
}

#[derive(Serialize)]
pub struct ShowJson<'a> {
    pub version: u32,
    pub story: StoryJson<'a>,
}
