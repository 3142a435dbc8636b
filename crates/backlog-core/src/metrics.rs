//! Velocity, burndown and burnup, cycle and lead time, throughput: computed from the
//! steps the backlog went through (see `history::steps`). Pure functions; docs/metrics.md
//! says how each number is made, with a worked example.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::config::Config;
use crate::date;
use crate::history::{self, Snapshot, Step};
use crate::types::StoryId;

/// When each story first reached a done status, with the sprint and points it carried then.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completion {
    pub id: StoryId,
    pub sprint: Option<String>,
    pub points: Option<f64>,
    pub date: String,
}

pub fn completions(steps: &[Step], config: &Config) -> Vec<Completion> {
    let mut done: std::collections::HashSet<StoryId> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for step in steps {
        for (id, before, after) in &step.changes {
            let Some(after) = after else { continue };
            let was_done = before.as_ref().is_some_and(|b| config.is_done(&b.status));
            if config.is_done(&after.status) && !was_done && done.insert(id.clone()) {
                out.push(Completion {
                    id: id.clone(),
                    sprint: after.sprint.clone(),
                    points: after.points,
                    date: fmt_day(history::day(&step.commit)),
                });
            }
        }
    }
    out
}

/// Points completed in one sprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SprintVelocity {
    pub sprint: String,
    pub points: f64,
    pub stories: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Velocity {
    pub sprints: Vec<SprintVelocity>,
    pub average: Option<f64>,
    /// The likely range for the next sprint: the average ± one standard deviation of the
    /// sprints shown (never below 0).
    pub forecast: Option<(f64, f64)>,
}

/// Points completed per sprint, the sprints in order (by start date in config.yml, then by
/// name), the last `last` of them.
pub fn velocity(completions: &[Completion], config: &Config, last: usize, today: &str) -> Velocity {
    let mut by_sprint: BTreeMap<String, SprintVelocity> = BTreeMap::new();
    for c in completions {
        let Some(sprint) = &c.sprint else { continue };
        let entry = by_sprint
            .entry(sprint.clone())
            .or_insert_with(|| SprintVelocity {
                sprint: sprint.clone(),
                points: 0.0,
                stories: 0,
            });
        entry.points += c.points.unwrap_or(0.0);
        entry.stories += 1;
    }
    for name in config.sprints.keys() {
        if config.sprints[name]
            .end
            .as_deref()
            .is_some_and(|e| e <= today)
        {
            by_sprint
                .entry(name.clone())
                .or_insert_with(|| SprintVelocity {
                    sprint: name.clone(),
                    points: 0.0,
                    stories: 0,
                });
        }
    }
    let mut sprints: Vec<SprintVelocity> = by_sprint.into_values().collect();
    let start = |s: &SprintVelocity| config.sprints.get(&s.sprint).and_then(|c| c.start.clone());
    sprints.sort_by(|a, b| match (start(a), start(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.sprint.cmp(&b.sprint),
    });
    let skip = sprints.len().saturating_sub(last);
    let sprints: Vec<SprintVelocity> = sprints.into_iter().skip(skip).collect();
    let n = sprints.len() as f64;
    let average = (!sprints.is_empty()).then(|| sprints.iter().map(|s| s.points).sum::<f64>() / n);
    let forecast = average.map(|avg| {
        let var = sprints
            .iter()
            .map(|s| (s.points - avg).powi(2))
            .sum::<f64>()
            / n;
        ((avg - var.sqrt()).max(0.0), avg + var.sqrt())
    });
    Velocity {
        sprints,
        average,
        forecast,
    }
}

/// One day of a sprint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: String,
    /// False for the days of a running sprint after today: they have no actual values
    /// yet (scope, completed and remaining repeat today's, and charts leave them out).
    pub actual: bool,
    /// Points of the stories in the sprint at the end of the day.
    pub scope: f64,
    /// Points of those that are done.
    pub completed: f64,
    pub remaining: f64,
    /// The ideal remaining points: from the committed scope (see `committed`) down to 0
    /// on the last day, flat on days that are not working days.
    pub ideal_remaining: f64,
    /// The ideal completed points: from 0 up to the committed scope on the last day.
    pub ideal_completed: f64,
}

/// The stories `sprint close` carried over, from the day it closed. Closing a sprint on its
/// last day moves them out of it, but they were not removed from it: they stay in its scope,
/// unfinished, to its end.
#[derive(Debug, Default)]
pub struct CarriedOver {
    from_day: Option<i64>,
    ids: Vec<String>,
}

impl CarriedOver {
    pub fn of(backlog: &crate::backlog::Backlog, sprint: &str) -> CarriedOver {
        let file = backlog.sprint_files.iter().find(|s| s.name == sprint);
        CarriedOver {
            from_day: file
                .and_then(|f| f.closed.as_deref())
                .and_then(date::day_number),
            ids: file.map(|f| f.carried_over.clone()).unwrap_or_default(),
        }
    }

    /// Whether story `id` counts as in the sprint at the end of `day` though it has left.
    pub fn holds(&self, id: &str, day: i64) -> bool {
        self.from_day.is_some_and(|d| day >= d) && self.ids.iter().any(|c| c == id)
    }
}

/// Each day of `sprint` from `start` to `end` (inclusive, `YYYY-MM-DD`): scope, completed
/// and remaining points at the end of that day, replayed from the steps; days after
/// `today` are not `actual`.
pub fn burndown(
    steps: &[Step],
    config: &Config,
    sprint: &str,
    (start, end): (&str, &str),
    carried: &CarriedOver,
    today: &str,
) -> Vec<Day> {
    let today = date::day_number(today).unwrap_or(i64::MAX);
    let (Some(s), Some(e)) = (date::parse(start), date::parse(end)) else {
        return Vec::new();
    };
    let first = date::days_from_civil(s.0, s.1, s.2);
    let last = date::days_from_civil(e.0, e.1, e.2);
    // One state, replayed forward: at the end of each day, apply that day's steps.
    let mut state: HashMap<&str, &Snapshot> = HashMap::new();
    let mut pending = steps.iter().peekable();
    let mut days = Vec::new();
    for d in first..=last {
        while let Some(step) = pending.next_if(|s| history::day(&s.commit) <= d) {
            for (id, _, after) in &step.changes {
                match after {
                    Some(snap) => state.insert(id, snap),
                    None => state.remove(id.as_str()),
                };
            }
        }
        let (mut scope, mut completed) = (0.0, 0.0);
        for (id, snap) in &state {
            if snap.sprint.as_deref() == Some(sprint) || carried.holds(id, d) {
                let p = snap.points.unwrap_or(0.0);
                scope += p;
                if config.is_done(&snap.status) {
                    completed += p;
                }
            }
        }
        days.push(Day {
            date: fmt_day(d),
            actual: d <= today,
            scope,
            completed,
            remaining: scope - completed,
            ideal_remaining: 0.0,
            ideal_completed: 0.0,
        });
    }
    let total = committed(&days);
    // The ideal burns one share a working day after the first, and is flat on the others;
    // a sprint with no working day after its first burns on every day.
    let working: Vec<bool> = (first..=last)
        .map(|d| config.working_days[date::weekday(d)])
        .collect();
    let any_working = working.iter().skip(1).any(|&w| w);
    let burns = |i: usize| working[i] || !any_working;
    let shares = (1..days.len()).filter(|&i| burns(i)).count().max(1) as f64;
    let mut burnt = 0.0;
    for (i, day) in days.iter_mut().enumerate() {
        if i > 0 && burns(i) {
            burnt += 1.0;
        }
        day.ideal_remaining = total * (1.0 - burnt / shares);
        day.ideal_completed = total * burnt / shares;
    }
    days
}

/// The scope committed at the sprint's start, where its ideal line starts: the points in
/// it at the end of its first day or, for a sprint planned after it started, on the first
/// day it held any.
pub fn committed(days: &[Day]) -> f64 {
    days.iter()
        .take_while(|d| d.actual)
        .map(|d| d.scope)
        .find(|&scope| scope > 0.0)
        .unwrap_or(0.0)
}

/// Cycle and lead time of one finished story, in days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    pub id: StoryId,
    /// Where lead time starts: the `created:` date, or the day of the first commit.
    pub created: String,
    /// `created` (the story's `created:` field) or `first_commit`.
    pub lead_from: &'static str,
    pub started: Option<String>,
    pub done: String,
    pub cycle_days: Option<f64>,
    pub lead_days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowSummary {
    pub stories: Vec<Flow>,
    pub cycle_median: Option<f64>,
    pub cycle_p85: Option<f64>,
    pub lead_median: Option<f64>,
    pub lead_p85: Option<f64>,
    /// Stories finished per week, by the Monday of the week.
    pub throughput: Vec<(String, usize)>,
}

/// The in-progress statuses: those after the ready statuses and before the done ones.
pub fn in_progress(config: &Config) -> Vec<String> {
    let last_ready = config
        .statuses
        .iter()
        .rposition(|s| config.ready_statuses.contains(s))
        .unwrap_or(0);
    config
        .statuses
        .iter()
        .skip(last_ready + 1)
        .filter(|s| !config.is_done(s))
        .cloned()
        .collect()
}

/// Cycle time (first entry into an in-progress status until first done, from commit
/// times) and lead time (from the `created:` date, or the day of the first commit that
/// holds the story, to the day of the first done: whole calendar days, because
/// `created:` is a date) of the stories that `keep` keeps (by ID), and the throughput.
pub fn flow(steps: &[Step], config: &Config, keep: &dyn Fn(&str) -> bool) -> FlowSummary {
    let working = in_progress(config);
    let offset = steps.first().map_or(0, |s| s.commit.offset);
    let day = |t: i64| (t + i64::from(offset) * 60).div_euclid(86_400);
    let mut first_seen: HashMap<&str, i64> = HashMap::new();
    let mut created: HashMap<&str, Option<&str>> = HashMap::new();
    let mut started: HashMap<&str, i64> = HashMap::new();
    let mut finished: Vec<(&str, i64)> = Vec::new();
    let mut done_seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for step in steps {
        let t = step.commit.time;
        for (id, _, after) in &step.changes {
            let Some(after) = after else { continue };
            first_seen.entry(id).or_insert(t);
            // The latest `created:` counts: a date corrected later is the better one.
            created.insert(id, after.created.as_deref());
            if working.contains(&after.status) {
                started.entry(id).or_insert(t);
            }
            if config.is_done(&after.status) && done_seen.insert(id) && keep(id) {
                finished.push((id, t));
            }
        }
    }
    let days = |a: i64, b: i64| ((b - a) as f64 / 86_400.0 * 100.0).round() / 100.0;
    let stories: Vec<Flow> = finished
        .iter()
        .map(|(id, done)| {
            let done_day = day(*done);
            // A `created:` after the story was done is a typo, not a start: the first commit is.
            let (start, lead_from) = match created[id].and_then(date::day_number) {
                Some(c) if c <= done_day => (c, "created"),
                _ => (day(first_seen[id]), "first_commit"),
            };
            let s = started.get(id).copied().filter(|s| s <= done);
            Flow {
                id: (*id).into(),
                created: fmt_day(start),
                lead_from,
                started: s.map(|s| fmt_day(day(s))),
                done: fmt_day(done_day),
                cycle_days: s.map(|s| days(s, *done)),
                lead_days: (done_day - start) as f64,
            }
        })
        .collect();
    let cycles: Vec<f64> = stories.iter().filter_map(|f| f.cycle_days).collect();
    let leads: Vec<f64> = stories.iter().map(|f| f.lead_days).collect();
    let mut weeks: BTreeMap<String, usize> = BTreeMap::new();
    for (_, t) in &finished {
        let day = day(*t);
        // 1970-01-01 was a Thursday: Monday is 3 days before.
        let monday = day - (day + 3).rem_euclid(7);
        *weeks.entry(fmt_day(monday)).or_default() += 1;
    }
    FlowSummary {
        cycle_median: percentile(&cycles, 50.0),
        cycle_p85: percentile(&cycles, 85.0),
        lead_median: percentile(&leads, 50.0),
        lead_p85: percentile(&leads, 85.0),
        throughput: weeks.into_iter().collect(),
        stories,
    }
}

/// The nearest-rank percentile: the smallest value with at least `p`% of values at or below it.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    Some(sorted[rank.min(sorted.len()) - 1])
}

pub fn fmt_day(days: i64) -> String {
    let (y, m, d) = date::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(percentile(&v, 50.0), Some(3.0));
        assert_eq!(percentile(&v, 85.0), Some(5.0));
        assert_eq!(percentile(&[7.0], 85.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn in_progress_statuses() {
        assert_eq!(in_progress(&Config::default()), ["doing", "review"]);
    }
}
