//! `stats`: velocity, burndown and burnup, flow. Computed numbers are [`Metric`]s.

use schemars::JsonSchema;
use serde::Serialize;

use super::Metric;
use crate::metrics::{Day, FlowSummary, Velocity};
use crate::types::StoryId;

#[derive(Debug, Serialize, JsonSchema)]
pub struct SprintVelocityView {
    pub sprint: String,
    pub points: Metric,
    pub stories: usize,
}

/// The likely range for the next sprint.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Forecast {
    pub low: Metric,
    pub high: Metric,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct VelocityBody {
    pub sprints: Vec<SprintVelocityView>,
    pub average: Option<Metric>,
    /// The average ± one standard deviation of the sprints shown (never below 0).
    pub forecast: Option<Forecast>,
}

/// `stats velocity --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct VelocityView {
    pub velocity: VelocityBody,
}

impl VelocityView {
    pub fn new(v: &Velocity) -> Self {
        VelocityView {
            velocity: VelocityBody {
                sprints: v
                    .sprints
                    .iter()
                    .map(|s| SprintVelocityView {
                        sprint: s.sprint.clone(),
                        points: Metric(s.points),
                        stories: s.stories,
                    })
                    .collect(),
                average: v.average.map(Metric),
                forecast: v.forecast.map(|(low, high)| Forecast {
                    low: Metric(low),
                    high: Metric(high),
                }),
            },
        }
    }
}

/// One day of a sprint.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DayView {
    pub date: String,
    /// Points of the stories in the sprint at the end of the day; null for the days of a
    /// running sprint after today.
    pub scope: Option<Metric>,
    /// Points of those that are done; null after today.
    pub completed: Option<Metric>,
    /// null after today.
    pub remaining: Option<Metric>,
    /// From the scope committed at the start (the first day's, or the first day that held
    /// any points) down to 0 on the last day; flat on days that are not `working_days`.
    pub ideal_remaining: Metric,
    pub ideal_completed: Metric,
}

/// `stats burndown|burnup SPRINT --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BurndownView {
    pub sprint: String,
    pub start: String,
    pub end: String,
    pub days: Vec<DayView>,
}

impl BurndownView {
    pub fn new(sprint: &str, start: &str, end: &str, days: &[Day]) -> Self {
        BurndownView {
            sprint: sprint.into(),
            start: start.into(),
            end: end.into(),
            days: days
                .iter()
                .map(|d| DayView {
                    date: d.date.clone(),
                    scope: d.actual.then_some(Metric(d.scope)),
                    completed: d.actual.then_some(Metric(d.completed)),
                    remaining: d.actual.then_some(Metric(d.remaining)),
                    ideal_remaining: Metric(d.ideal_remaining),
                    ideal_completed: Metric(d.ideal_completed),
                })
                .collect(),
        }
    }
}

/// One finished story's times, in days.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FlowStory {
    pub id: StoryId,
    /// The day lead time starts from.
    pub created: String,
    /// `created` when that day is the story's `created:` field, `first_commit` when the
    /// story has none and the day is that of the first commit that holds it.
    pub lead_from: String,
    pub started: Option<String>,
    pub done: String,
    pub cycle_days: Option<Metric>,
    pub lead_days: Metric,
}

/// Stories finished in the ISO week that starts on `week` (a Monday).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Throughput {
    pub week: String,
    pub stories: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FlowBody {
    pub stories: Vec<FlowStory>,
    pub cycle_median: Option<Metric>,
    pub cycle_p85: Option<Metric>,
    pub lead_median: Option<Metric>,
    pub lead_p85: Option<Metric>,
    pub throughput: Vec<Throughput>,
}

/// `stats flow --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FlowView {
    pub flow: FlowBody,
}

impl FlowView {
    pub fn new(f: &FlowSummary) -> Self {
        FlowView {
            flow: FlowBody {
                stories: f
                    .stories
                    .iter()
                    .map(|s| FlowStory {
                        id: s.id.clone(),
                        created: s.created.clone(),
                        lead_from: s.lead_from.to_string(),
                        started: s.started.clone(),
                        done: s.done.clone(),
                        cycle_days: s.cycle_days.map(Metric),
                        lead_days: Metric(s.lead_days),
                    })
                    .collect(),
                cycle_median: f.cycle_median.map(Metric),
                cycle_p85: f.cycle_p85.map(Metric),
                lead_median: f.lead_median.map(Metric),
                lead_p85: f.lead_p85.map(Metric),
                throughput: f
                    .throughput
                    .iter()
                    .map(|(week, n)| Throughput {
                        week: week.clone(),
                        stories: *n,
                    })
                    .collect(),
            },
        }
    }
}

/// One sprint's defect rate.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SprintDefects {
    pub sprint: String,
    pub start: String,
    pub end: String,
    /// Stories of type `bug` that first appeared in the backlog during the sprint.
    pub bugs_opened: usize,
    /// Points completed in the sprint (as `stats velocity` counts them).
    pub done_points: Metric,
    /// Bugs opened per done point; `null` when no points were done.
    pub bugs_per_point: Option<Metric>,
}

/// `stats defects --format json`: per sprint with dates in config.yml, in date order.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DefectsView {
    pub sprints: Vec<SprintDefects>,
}

impl DefectsView {
    pub fn new(
        backlog: &crate::backlog::Backlog,
        steps: &[crate::history::Step],
        today: &str,
    ) -> Self {
        let config = &backlog.config;
        let completions = crate::metrics::completions(steps, config);
        let velocity = crate::metrics::velocity(&completions, config, usize::MAX, today);
        // The day each bug first appeared.
        let mut seen = std::collections::HashSet::new();
        let mut opened: Vec<i64> = Vec::new();
        for step in steps {
            for (id, before, after) in &step.changes {
                if before.is_none()
                    && after.as_ref().is_some_and(|a| a.kind == "bug")
                    && seen.insert(id.clone())
                {
                    opened.push(crate::history::day(&step.commit));
                }
            }
        }
        let mut sprints: Vec<SprintDefects> = config
            .sprints
            .iter()
            .filter_map(|(name, s)| {
                let (start, end) = (s.start.clone()?, s.end.clone()?);
                let (a, b) = (
                    crate::date::day_number(&start)?,
                    crate::date::day_number(&end)?,
                );
                let bugs = opened.iter().filter(|d| **d >= a && **d <= b).count();
                let done = velocity
                    .sprints
                    .iter()
                    .find(|v| &v.sprint == name)
                    .map_or(0.0, |v| v.points);
                Some(SprintDefects {
                    sprint: name.clone(),
                    start,
                    end,
                    bugs_opened: bugs,
                    done_points: Metric(done),
                    bugs_per_point: (done > 0.0).then(|| Metric(bugs as f64 / done)),
                })
            })
            .collect();
        sprints.sort_by(|a, b| (&a.start, &a.sprint).cmp(&(&b.start, &b.sprint)));
        DefectsView { sprints }
    }
}
