//! `stats health`: a backlog health score from 0 to 100, made of named parts, each with
//! the stories behind it (docs/metrics.md gives the formula).

use std::collections::{BTreeMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;

use super::Metric;
use crate::backlog::Backlog;
use crate::history::{Snapshot, Step};
use crate::query::manual_order;
use crate::story::Story;
use crate::types::StoryId;

/// One part of the score: how many stories it looks at, how many fail it, which.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HealthPart {
    pub name: &'static str,
    pub description: String,
    /// Stories the part looks at.
    pub of: usize,
    /// Stories that fail it.
    pub failing: usize,
    /// 100 × (1 − failing / of); 100 when it looks at none.
    pub score: Metric,
    pub stories: Vec<StoryId>,
}

/// `stats health --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct HealthView {
    /// The mean of the parts' scores.
    pub score: Metric,
    pub parts: Vec<HealthPart>,
}

/// What the health needs beside the backlog.
pub struct HealthInputs<'a> {
    pub steps: &'a [Step],
    /// Today, as a day number.
    pub today: i64,
    /// Open stories unchanged for longer are stale.
    pub stale_days: i64,
    /// More points than this is too large for a sprint (the too-large rule's maximum).
    pub max_points: f64,
    /// The first day of the last sprint that has started (for the churn of the top 10).
    pub last_sprint_start: Option<i64>,
}

fn part(
    name: &'static str,
    description: String,
    of: &[&Story],
    failing: Vec<&Story>,
) -> HealthPart {
    let score = if of.is_empty() {
        100.0
    } else {
        100.0 * (1.0 - failing.len() as f64 / of.len() as f64)
    };
    HealthPart {
        name,
        description,
        of: of.len(),
        failing: failing.len(),
        score: Metric(score),
        stories: failing.iter().map(|s| s.id.clone()).collect(),
    }
}

impl HealthView {
    pub fn new(backlog: &Backlog, inputs: &HealthInputs) -> Self {
        let config = &backlog.config;
        // Open: not done, not rejected or `wont`.
        let open: Vec<&Story> = backlog
            .stories
            .iter()
            .filter(|s| !config.is_done(&s.status) && !s.is_out())
            .collect();
        let ready: Vec<&Story> = open
            .iter()
            .copied()
            .filter(|s| config.ready_statuses.contains(&s.status) && s.kind != "epic")
            .collect();
        // The last day each story changed, from history.
        let mut changed: BTreeMap<&str, i64> = BTreeMap::new();
        for step in inputs.steps {
            for id in &step.touched {
                changed.insert(id.as_str(), crate::history::day(&step.commit));
            }
        }
        let stale: Vec<&Story> = open
            .iter()
            .copied()
            .filter(|s| {
                changed
                    .get(s.id.as_str())
                    .is_some_and(|d| inputs.today - d > inputs.stale_days)
            })
            .collect();
        let stories_only: Vec<&Story> = open.iter().copied().filter(|s| s.kind != "epic").collect();
        let mut parts = vec![
            part(
                "ready-incomplete",
                "ready stories without acceptance criteria or an estimate".into(),
                &ready,
                ready
                    .iter()
                    .copied()
                    .filter(|s| s.criteria.is_empty() || s.points.is_none())
                    .collect(),
            ),
            part(
                "stale",
                format!(
                    "open stories not changed in more than {} days",
                    inputs.stale_days
                ),
                &open,
                stale,
            ),
            part(
                "unranked",
                "open stories without a place in the manual order (no `rank`)".into(),
                &open,
                open.iter().copied().filter(|s| s.rank.is_none()).collect(),
            ),
            part(
                "too-large",
                format!(
                    "open stories of more than {} points",
                    crate::story::Num(inputs.max_points)
                ),
                &open,
                open.iter()
                    .copied()
                    .filter(|s| s.points.is_some_and(|p| p.0 > inputs.max_points))
                    .collect(),
            ),
            part(
                "orphans",
                "open stories with no epic and no release".into(),
                &stories_only,
                stories_only
                    .iter()
                    .copied()
                    .filter(|s| s.epic.is_none() && s.release.is_none())
                    .collect(),
            ),
        ];
        parts.push(churn(backlog, &open, inputs));
        let score = parts.iter().map(|p| p.score.0).sum::<f64>() / parts.len() as f64;
        HealthView {
            score: Metric(score),
            parts,
        }
    }
}

/// The top 10 of the manual order now, against the top 10 when the last sprint started:
/// the share of stories that are new to it.
fn churn(backlog: &Backlog, open: &[&Story], inputs: &HealthInputs) -> HealthPart {
    let mut now: Vec<&Story> = open.to_vec();
    now.sort_by(|a, b| manual_order(a, b));
    now.truncate(10);
    let description =
        "of the top 10 of the order now, those not in it when the last sprint started";
    let Some(start) = inputs.last_sprint_start else {
        return part(
            "top-10-churn",
            format!("{description} (no sprint has started)"),
            &now,
            Vec::new(),
        );
    };
    // The backlog as it was: each story's last state before the sprint's first day.
    let mut then: BTreeMap<&str, &Snapshot> = BTreeMap::new();
    for step in inputs
        .steps
        .iter()
        .filter(|s| crate::history::day(&s.commit) < start)
    {
        for (id, _, after) in &step.changes {
            match after {
                Some(a) => {
                    then.insert(id.as_str(), a);
                }
                None => {
                    then.remove(id.as_str());
                }
            }
        }
    }
    let config = &backlog.config;
    let mut was: Vec<(&str, &Snapshot)> = then
        .into_iter()
        .filter(|(_, s)| !config.is_done(&s.status))
        .collect();
    was.sort_by(|(a_id, a), (b_id, b)| {
        match (&a.rank, &b.rank) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| crate::story::id_order(a_id, b_id))
    });
    let top_then: HashSet<&str> = was.iter().take(10).map(|(id, _)| *id).collect();
    let new: Vec<&Story> = now
        .iter()
        .copied()
        .filter(|s| !top_then.contains(s.id.as_str()))
        .collect();
    part("top-10-churn", description.to_string(), &now, new)
}
