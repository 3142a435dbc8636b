//! `sprint plan`, `sprint show` and `sprint list`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::Metric;
use super::story::Progress;
use crate::backlog::Backlog;
use crate::plan::Plan;
use crate::query::manual_order;
use crate::story::{Num, Story};

/// Points of these stories (those without points count 0).
pub fn points(stories: &[&Story]) -> f64 {
    stories.iter().filter_map(|s| s.points).map(|p| p.0).sum()
}

/// A story the plan left out, and why.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Skipped<'a> {
    pub id: &'a str,
    pub reason: &'a str,
}

/// `sprint plan --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanView<'a> {
    pub sprint: &'a str,
    pub capacity: Metric,
    /// Points of the committed and added stories.
    pub points: Metric,
    /// Already in the sprint and not done.
    pub committed: Vec<&'a str>,
    /// Added by the plan, dependencies first.
    pub added: Vec<&'a str>,
    pub skipped: Vec<Skipped<'a>>,
}

impl<'a> PlanView<'a> {
    pub fn new(sprint: &'a str, plan: &'a Plan<'a>) -> Self {
        let ids = |v: &[&'a Story]| v.iter().map(|s| s.id.as_str()).collect();
        PlanView {
            sprint,
            capacity: Metric(plan.capacity),
            points: Metric(plan.points()),
            committed: ids(&plan.committed),
            added: ids(&plan.added),
            skipped: plan
                .skipped
                .iter()
                .map(|(s, why)| Skipped {
                    id: &s.id,
                    reason: why,
                })
                .collect(),
        }
    }
}

/// One sprint's numbers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SprintSummary {
    pub sprint: String,
    pub stories: usize,
    pub committed_points: Metric,
    pub done_points: Metric,
    pub capacity: Option<Num>,
    pub start: Option<String>,
    pub end: Option<String>,
}

/// `sprint show --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SprintView<'a> {
    #[serde(flatten)]
    pub summary: SprintSummary,
    pub criteria: Progress,
    /// Story IDs by status, each list in the manual order.
    pub stories_by_status: BTreeMap<&'a str, Vec<&'a str>>,
}

/// `sprint list --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SprintListView {
    pub sprints: Vec<SprintSummary>,
}

/// The stories in sprint `name`, in the manual order.
pub fn stories_of<'b>(backlog: &'b Backlog, name: &str) -> Vec<&'b Story> {
    let mut stories: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| s.sprint.as_deref() == Some(name))
        .collect();
    stories.sort_by(|a, b| manual_order(a, b));
    stories
}

impl SprintSummary {
    pub fn new(backlog: &Backlog, name: &str) -> Self {
        let config = &backlog.config;
        let stories = stories_of(backlog, name);
        let done: Vec<&Story> = stories
            .iter()
            .copied()
            .filter(|s| config.is_done(&s.status))
            .collect();
        let sprint = config.sprints.get(name);
        SprintSummary {
            sprint: name.to_string(),
            stories: stories.len(),
            committed_points: Metric(points(&stories)),
            done_points: Metric(points(&done)),
            capacity: sprint.and_then(|s| s.capacity).map(Num),
            start: sprint.and_then(|s| s.start.clone()),
            end: sprint.and_then(|s| s.end.clone()),
        }
    }
}

impl<'a> SprintView<'a> {
    pub fn new(backlog: &'a Backlog, name: &str) -> Self {
        let stories = stories_of(backlog, name);
        let mut by_status: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for s in &stories {
            by_status.entry(s.status.as_str()).or_default().push(&s.id);
        }
        let criteria = stories
            .iter()
            .fold(Progress { done: 0, total: 0 }, |p, s| Progress {
                done: p.done + s.criteria_done(),
                total: p.total + s.criteria.len(),
            });
        SprintView {
            summary: SprintSummary::new(backlog, name),
            criteria,
            stories_by_status: by_status,
        }
    }
}

/// A story in a sprint review.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReviewStory {
    pub id: crate::types::StoryId,
    pub points: Option<Metric>,
}

/// `sprint review NAME --format json`: the sprint as planned and as it ended, replayed
/// from git.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReviewView {
    pub sprint: String,
    pub goal: Option<String>,
    /// The product owner's verdict at `sprint close --goal`: `met`, `partly` or `missed`;
    /// null when not given.
    pub goal_met: Option<String>,
    /// Whether `sprint close` closed the sprint.
    pub closed: bool,
    pub start: String,
    pub end: String,
    pub capacity: Option<Metric>,
    /// In the sprint at the end of its first day.
    pub planned: Vec<ReviewStory>,
    pub planned_points: Metric,
    /// Joined after the first day.
    pub added: Vec<ReviewStory>,
    /// Left after the first day.
    pub removed: Vec<ReviewStory>,
    /// In the sprint and done at its end (or today, if it has not ended).
    pub done: Vec<ReviewStory>,
    /// The sprint's velocity: the points done.
    pub done_points: Metric,
    /// In the sprint and not done at its end.
    pub carried_over: Vec<ReviewStory>,
    pub burndown: Vec<super::stats::DayView>,
}

impl ReviewView {
    /// `None` when the sprint has no dates.
    pub fn new(
        backlog: &Backlog,
        steps: &[crate::history::Step],
        name: &str,
        today: &str,
    ) -> Option<ReviewView> {
        use std::collections::BTreeMap;
        let config = &backlog.config;
        let sprint = config.sprints.get(name)?;
        let (start, end) = (sprint.start.clone()?, sprint.end.clone()?);
        let (first, last) = (
            crate::date::day_number(&start)?,
            crate::date::day_number(&end)?,
        );
        let until = last.min(crate::date::day_number(today).unwrap_or(last));
        // Each story's state at the end of a day, replayed.
        let state_at = |day: i64| {
            let mut state: BTreeMap<&str, &crate::history::Snapshot> = BTreeMap::new();
            for step in steps
                .iter()
                .filter(|s| crate::history::day(&s.commit) <= day)
            {
                for (id, _, after) in &step.changes {
                    match after {
                        Some(a) => state.insert(id.as_str(), a),
                        None => state.remove(id.as_str()),
                    };
                }
            }
            state
        };
        let carried = crate::metrics::CarriedOver::of(backlog, name);
        let in_sprint = |day: i64| -> BTreeMap<String, (Option<f64>, bool)> {
            state_at(day)
                .into_iter()
                .filter(|(id, s)| s.sprint.as_deref() == Some(name) || carried.holds(id, day))
                .map(|(id, s)| (id.to_string(), (s.points, config.is_done(&s.status))))
                .collect()
        };
        let at_start = in_sprint(first);
        let at_end = in_sprint(until);
        let story = |id: &String, points: Option<f64>| ReviewStory {
            id: id.as_str().into(),
            points: points.map(Metric),
        };
        let sum = |v: &[ReviewStory]| Metric(v.iter().filter_map(|s| s.points).map(|p| p.0).sum());
        let planned: Vec<ReviewStory> = at_start.iter().map(|(id, (p, _))| story(id, *p)).collect();
        let added = at_end
            .iter()
            .filter(|(id, _)| !at_start.contains_key(*id))
            .map(|(id, (p, _))| story(id, *p))
            .collect();
        let removed = at_start
            .iter()
            .filter(|(id, _)| !at_end.contains_key(*id))
            .map(|(id, (p, _))| story(id, *p))
            .collect();
        let done: Vec<ReviewStory> = at_end
            .iter()
            .filter(|(_, (_, d))| *d)
            .map(|(id, (p, _))| story(id, *p))
            .collect();
        let carried_over = at_end
            .iter()
            .filter(|(_, (_, d))| !*d)
            .map(|(id, (p, _))| story(id, *p))
            .collect();
        let days = crate::metrics::burndown(steps, config, name, (&start, &end), &carried, today);
        let file = backlog.sprint_files.iter().find(|s| s.name == name);
        Some(ReviewView {
            sprint: name.into(),
            goal: file.and_then(|s| s.goal.clone()),
            goal_met: file.and_then(|s| s.goal_met.clone()),
            closed: file.is_some_and(|s| s.status == crate::sprint::SprintStatus::Closed),
            capacity: sprint.capacity.map(Metric),
            planned_points: sum(&planned),
            done_points: sum(&done),
            burndown: super::stats::BurndownView::new(name, &start, &end, &days).days,
            start,
            end,
            planned,
            added,
            removed,
            done,
            carried_over,
        })
    }
}
