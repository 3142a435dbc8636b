//! What can be started and what waits: dependencies, `next`, `blocked`, and sprint plans.

use std::collections::BTreeSet;

use crate::backlog::Backlog;
use crate::query::manual_order;
use crate::story::Story;

/// What a story waits on: each dependency that is not done, with its status (`None` when
/// the story does not exist).
pub fn waits_on<'a>(s: &'a Story, backlog: &'a Backlog) -> Vec<(&'a str, Option<&'a str>)> {
    s.depends_on
        .iter()
        .filter_map(|dep| match backlog.find(dep).first() {
            Some(d) if backlog.config.is_done(&d.status) => None,
            Some(d) => Some((dep.as_str(), Some(d.status.as_str()))),
            None => Some((dep.as_str(), None)),
        })
        .collect()
}

/// Stories in a ready status whose dependencies are all done, in the manual order.
pub fn next(backlog: &Backlog) -> Vec<&Story> {
    let mut ready: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| !s.is_out())
        .filter(|s| backlog.config.ready_statuses.contains(&s.status))
        .filter(|s| waits_on(s, backlog).is_empty())
        .collect();
    ready.sort_by(|a, b| manual_order(a, b));
    ready
}

/// Stories not done that wait on others, in the manual order.
pub fn blocked(backlog: &Backlog) -> Vec<&Story> {
    let mut out: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| !s.is_out())
        .filter(|s| !backlog.config.is_done(&s.status) && !waits_on(s, backlog).is_empty())
        .collect();
    out.sort_by(|a, b| manual_order(a, b));
    out
}

/// A sprint plan: what it takes, in order, and what it leaves out and why.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// Stories already in the sprint and not done: they count against the capacity first.
    pub committed: Vec<&'a Story>,
    /// Stories the plan adds, dependencies before the stories that need them.
    pub added: Vec<&'a Story>,
    pub skipped: Vec<(&'a Story, String)>,
    pub capacity: f64,
}

impl Plan<'_> {
    pub fn points(&self) -> f64 {
        self.committed
            .iter()
            .chain(&self.added)
            .filter_map(|s| s.points)
            .map(|p| p.0)
            .sum()
    }
}

/// Fill sprint `name` up to `capacity` points with stories that can be started, in the
/// manual order. A story is taken only after everything it depends on is done or already
/// in the plan; passes repeat until nothing more fits, so a dependency ranked lower still
/// comes first.
pub fn plan_sprint<'a>(backlog: &'a Backlog, name: &str, capacity: f64) -> Plan<'a> {
    let config = &backlog.config;
    let mut order: Vec<&Story> = backlog.stories.iter().collect();
    order.sort_by(|a, b| manual_order(a, b));
    let committed: Vec<&Story> = order
        .iter()
        .copied()
        .filter(|s| s.sprint.as_deref() == Some(name) && !config.is_done(&s.status))
        .collect();
    let mut plan = Plan {
        committed,
        capacity,
        ..Default::default()
    };
    let mut taken: BTreeSet<&str> = plan.committed.iter().map(|s| s.id.as_str()).collect();
    let candidates: Vec<&Story> = order
        .iter()
        .copied()
        .filter(|s| s.sprint.is_none() && config.ready_statuses.contains(&s.status))
        .filter(|s| !s.is_out() && s.kind != "epic")
        .collect();
    let mut left = capacity - plan.points();
    loop {
        let mut progress = false;
        for s in &candidates {
            if taken.contains(s.id.as_str()) {
                continue;
            }
            let waiting = waits_on(s, backlog)
                .into_iter()
                .any(|(dep, _)| !taken.contains(dep));
            let points = s.points.map(|p| p.0);
            if !waiting && points.is_some_and(|p| p <= left) {
                left -= points.unwrap_or(0.0);
                taken.insert(&s.id);
                plan.added.push(s);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    for s in candidates
        .into_iter()
        .filter(|s| !taken.contains(s.id.as_str()))
    {
        let waiting: Vec<String> = waits_on(s, backlog)
            .into_iter()
            .filter(|(dep, _)| !taken.contains(dep))
            .map(|(dep, status)| match status {
                Some(st) => format!("{dep} ({st})"),
                None => format!("{dep} (missing)"),
            })
            .collect();
        let reason = match s.points {
            None => "no points: estimate it first".to_string(),
            Some(_) if !waiting.is_empty() => format!("waits on {}", waiting.join(", ")),
            Some(p) => format!(
                "{p} points do not fit ({} left)",
                crate::story::Num(left.max(0.0))
            ),
        };
        plan.skipped.push((s, reason));
    }
    plan
}
