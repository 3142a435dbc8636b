//! Sprints with a goal and a life: `backlog/sprints/<name>.md`, written by `sprint start`
//! and `sprint close`. A sprint file adds to (and wins over) the same sprint under
//! `sprints:` in config.yml, so capacities, dates, charts and checks read one sprint list.

use schemars::JsonSchema;
use serde::Serialize;

use crate::backlog::Problem;
use crate::types::Date;
use crate::yaml::YamlError;

pub use crate::backlog::SPRINTS_DIR;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SprintStatus {
    Planned,
    Active,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SprintFile {
    pub name: String,
    /// What the sprint is for, in a sentence.
    pub goal: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub capacity: Option<f64>,
    pub status: SprintStatus,
    /// When `sprint close` closed it.
    pub closed: Option<Date>,
    /// Whether the goal was met, as the product owner judged at `sprint close --goal`:
    /// `met`, `partly` or `missed`.
    pub goal_met: Option<String>,
    /// The stories `sprint close` moved on, unfinished.
    pub carried_over: Vec<String>,
    pub path: String,
}

/// The answers `sprint close --goal` takes.
pub const GOAL_RESULTS: [&str; 3] = ["met", "partly", "missed"];

/// The file name of sprint `name`.
pub fn file_name(name: &str) -> String {
    crate::release::file_name(name)
}

impl SprintFile {
    /// The text of a sprint file.
    pub fn render(&self) -> String {
        let mut text = format!("---\nname: {}\n", crate::yaml::quote(&self.name));
        if let Some(goal) = &self.goal {
            text.push_str(&format!("goal: {}\n", crate::yaml::quote(goal)));
        }
        for (key, value) in [("start", &self.start), ("end", &self.end)] {
            if let Some(v) = value {
                text.push_str(&format!("{key}: {v}\n"));
            }
        }
        if let Some(c) = self.capacity {
            text.push_str(&format!("capacity: {}\n", crate::story::Num(c)));
        }
        let status = match self.status {
            SprintStatus::Planned => "planned",
            SprintStatus::Active => "active",
            SprintStatus::Closed => "closed",
        };
        text.push_str(&format!("status: {status}\n---\n"));
        text
    }

    /// Read `text` (the file `path`); a problem names the line and column.
    pub fn parse(path: &str, text: &str) -> Result<SprintFile, Problem> {
        let parsed = crate::file::parse_required(path, text)?;
        let problem = |e: YamlError| crate::file::problem(path, e.pos, e.message);
        let mut sprint = SprintFile {
            name: String::new(),
            goal: None,
            start: None,
            end: None,
            capacity: None,
            status: SprintStatus::Planned,
            closed: None,
            goal_met: None,
            carried_over: Vec::new(),
            path: path.to_string(),
        };
        for (key, _, value) in parsed.root.entries().map_err(problem)? {
            let at = |e: YamlError| {
                problem(YamlError {
                    pos: e.pos,
                    message: format!("{key}: {}", e.message),
                })
            };
            let wrong = |message: String| {
                at(YamlError {
                    pos: value.start,
                    message,
                })
            };
            let date = || crate::file::date(value).map_err(at);
            match key.as_str() {
                "name" => sprint.name = value.text().map_err(at)?.unwrap_or_default(),
                "goal" => sprint.goal = value.text().map_err(at)?,
                "start" => sprint.start = date()?,
                "end" => sprint.end = date()?,
                "closed" => sprint.closed = date()?,
                "carried_over" => sprint.carried_over = value.text_list().map_err(at)?,
                "goal_met" => {
                    sprint.goal_met = match value.text().map_err(at)? {
                        Some(t) if !GOAL_RESULTS.contains(&t.as_str()) => {
                            return Err(wrong(format!(
                                "expected met, partly or missed, found {t:?}"
                            )));
                        }
                        t => t,
                    }
                }
                "capacity" => {
                    sprint.capacity = value.number().map_err(at)?;
                }
                "status" => {
                    sprint.status = match value.text().map_err(at)?.as_deref() {
                        None | Some("planned") => SprintStatus::Planned,
                        Some("active") => SprintStatus::Active,
                        Some("closed") => SprintStatus::Closed,
                        Some(other) => {
                            return Err(wrong(format!(
                                "expected planned, active or closed, found {other:?}"
                            )));
                        }
                    }
                }
                // Results written by `sprint close`, and the team's own keys.
                _ => {}
            }
        }
        if sprint.name.is_empty() {
            return Err(problem(YamlError {
                pos: Default::default(),
                message: "a sprint needs a `name`".into(),
            }));
        }
        Ok(sprint)
    }
}
