//! `product`, `release list|show`, `roadmap` and `stats delivery`: the product owner's
//! view above the story.

use schemars::JsonSchema;
use serde::Serialize;

use super::Metric;
use crate::backlog::Backlog;
use crate::date;
use crate::forecast::{self, Inputs};
use crate::history::Step;
use crate::product::Product;
use crate::release::{Release, ReleaseStatus};
use crate::story::Story;
use crate::types::StoryId;

/// `product --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProductView<'a> {
    /// `null` when there is no backlog/product.md.
    pub product: Option<&'a Product>,
}

/// What the team's history says about its pace, for forecasts.
pub struct Pace {
    /// Completed points of past sprints.
    pub velocities: Vec<f64>,
    /// The day the next sprint starts (days since 1970-01-01).
    pub next_start: i64,
    pub sprint_days: i64,
    /// Today, as a day number.
    pub today: i64,
}

impl Pace {
    /// The pace from the sprints of the config and their velocities: the next sprint is
    /// the first configured one that starts after today (else tomorrow), a sprint lasts as
    /// long as the configured ones do on average (else 14 days).
    pub fn new(backlog: &Backlog, velocities: Vec<f64>, today: &str) -> Pace {
        let today = date::day_number(today).unwrap_or(0);
        let spans: Vec<(i64, i64)> = backlog
            .config
            .sprints
            .values()
            .filter_map(|s| {
                Some((
                    date::day_number(s.start.as_deref()?)?,
                    date::day_number(s.end.as_deref()?)?,
                ))
            })
            .filter(|(a, b)| b >= a)
            .collect();
        let sprint_days = if spans.is_empty() {
            14
        } else {
            (spans.iter().map(|(a, b)| b - a + 1).sum::<i64>() as f64 / spans.len() as f64).round()
                as i64
        };
        let next_start = spans
            .iter()
            .map(|(a, _)| *a)
            .filter(|a| *a > today)
            .min()
            .unwrap_or(today + 1);
        Pace {
            velocities,
            next_start,
            sprint_days,
            today,
        }
    }
}

/// How a release stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outlook {
    /// Out.
    Released,
    /// The 85 % date is on or before the target.
    OnTrack,
    /// The 50 % date is on or before the target, the 85 % date after it.
    AtRisk,
    /// Even the 50 % date is after the target, or the target has passed.
    Late,
    /// No target, or no velocity to forecast with.
    Unknown,
}

impl Outlook {
    pub fn text(self) -> &'static str {
        match self {
            Outlook::Released => "released",
            Outlook::OnTrack => "on track",
            Outlook::AtRisk => "at risk",
            Outlook::Late => "late",
            Outlook::Unknown => "unknown",
        }
    }
}

/// The forecast of a release's completion.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ForecastView {
    pub method: &'static str,
    pub trials: usize,
    pub date_50: String,
    pub date_85: String,
    pub sprints_50: usize,
    pub sprints_85: usize,
    /// The chance (0 to 1) of being done by the target.
    pub on_target: Option<Metric>,
}

/// A story of a release, in short.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScopeStory {
    pub id: StoryId,
    pub title: String,
    pub status: String,
    pub points: Option<Metric>,
    pub done: bool,
}

/// One release: its scope, progress and forecast.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReleaseSummary {
    pub name: String,
    pub target: Option<String>,
    pub goal: Option<String>,
    pub status: ReleaseStatus,
    pub released: Option<String>,
    pub stories: usize,
    pub points: Metric,
    pub done_points: Metric,
    pub remaining_points: Metric,
    /// Stories still to do that have no estimate: counted here, never taken as zero.
    pub unestimated: Vec<StoryId>,
    pub outlook: Outlook,
    /// Why there is no forecast, when there is none.
    pub no_forecast: Option<String>,
    pub forecast: Option<ForecastView>,
    pub path: String,
}

/// `release show --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReleaseView {
    #[serde(flatten)]
    pub summary: ReleaseSummary,
    pub description: String,
    pub scope: Vec<ScopeStory>,
    /// Stories that joined the release after it was planned (its file's first commit).
    pub added_since_planned: Vec<StoryId>,
}

/// `release list --format json` and `roadmap --format json`: releases by target date.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReleaseListView {
    pub releases: Vec<ReleaseSummary>,
}

/// The stories a release holds (rejected and `wont` ones left out: they will not ship).
pub fn scope<'b>(backlog: &'b Backlog, release: &Release) -> Vec<&'b Story> {
    backlog
        .stories
        .iter()
        .filter(|s| s.release.as_deref() == Some(release.name.as_str()))
        .filter(|s| !s.is_out())
        .collect()
}

impl ReleaseSummary {
    pub fn new(backlog: &Backlog, release: &Release, pace: &Pace) -> Self {
        let config = &backlog.config;
        let stories = scope(backlog, release);
        let points = |v: &[&Story]| v.iter().filter_map(|s| s.points).map(|p| p.0).sum::<f64>();
        let (done, open): (Vec<&Story>, Vec<&Story>) =
            stories.iter().partition(|s| config.is_done(&s.status));
        let remaining = points(&open);
        let unestimated: Vec<StoryId> = open
            .iter()
            .filter(|s| s.points.is_none())
            .map(|s| s.id.clone())
            .collect();
        let target = release.target.as_deref().and_then(date::day_number);
        let result = forecast::forecast(&Inputs {
            remaining,
            velocities: &pace.velocities,
            next_start: pace.next_start,
            sprint_days: pace.sprint_days,
            target,
        });
        let outlook = match (&release.status, target, &result) {
            (ReleaseStatus::Released, _, _) => Outlook::Released,
            (_, Some(t), _) if t < pace.today => Outlook::Late,
            (_, None, _) | (_, _, Err(_)) => Outlook::Unknown,
            (_, Some(t), Ok(f)) => {
                if date::day_number(&f.date_85).is_some_and(|d| d <= t) {
                    Outlook::OnTrack
                } else if date::day_number(&f.date_50).is_some_and(|d| d <= t) {
                    Outlook::AtRisk
                } else {
                    Outlook::Late
                }
            }
        };
        ReleaseSummary {
            name: release.name.clone(),
            target: release.target.as_ref().map(ToString::to_string),
            goal: release.goal.clone(),
            status: release.status,
            released: release.released.as_ref().map(ToString::to_string),
            stories: stories.len(),
            points: Metric(points(&stories)),
            done_points: Metric(points(&done)),
            remaining_points: Metric(remaining),
            unestimated,
            outlook,
            no_forecast: result.as_ref().err().map(ToString::to_string),
            forecast: result.ok().map(|f| ForecastView {
                method: "Monte Carlo over past sprint velocities, drawn with replacement",
                trials: f.trials,
                date_50: f.date_50,
                date_85: f.date_85,
                sprints_50: f.sprints_50,
                sprints_85: f.sprints_85,
                on_target: f.on_target.map(Metric),
            }),
            path: release.path.clone(),
        }
    }
}

impl ReleaseView {
    /// `planned_on`: the commit that first added the release's file, if known. The scope at
    /// the end of that day is the plan: stories joining the release that day (as a product
    /// owner does right after `release new`) are not "added since".
    pub fn new(
        backlog: &Backlog,
        release: &Release,
        pace: &Pace,
        steps: &[Step],
        planned_on: Option<&crate::history::Commit>,
    ) -> Self {
        let config = &backlog.config;
        let stories = scope(backlog, release);
        let mut added: Vec<StoryId> = Vec::new();
        if let Some(planned) = planned_on.map(crate::history::day) {
            for step in steps
                .iter()
                .filter(|s| crate::history::day(&s.commit) > planned)
            {
                for (id, before, after) in &step.changes {
                    let here = |s: &Option<crate::history::Snapshot>| {
                        s.as_ref().and_then(|s| s.release.as_deref()) == Some(release.name.as_str())
                    };
                    if here(after) && !here(before) && !added.contains(id) {
                        added.push(id.clone());
                    }
                }
            }
        }
        added.retain(|id| stories.iter().any(|s| s.id == *id));
        ReleaseView {
            summary: ReleaseSummary::new(backlog, release, pace),
            description: release.description.clone(),
            scope: stories
                .iter()
                .map(|s| ScopeStory {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    status: s.status.clone(),
                    points: s.points.map(|p| Metric(p.0)),
                    done: config.is_done(&s.status),
                })
                .collect(),
            added_since_planned: added,
        }
    }
}

/// The releases by target date (those without one last, then by name).
pub fn by_target(backlog: &Backlog) -> Vec<&Release> {
    let mut releases: Vec<&Release> = backlog.releases.iter().collect();
    releases.sort_by(|a, b| {
        (a.target.is_none(), &a.target, &a.name).cmp(&(b.target.is_none(), &b.target, &b.name))
    });
    releases
}

/// On-time delivery over the released releases that had a target.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DeliveryView {
    pub releases: Vec<Delivered>,
    /// Released by their target, over all with a target and a release date (0 to 1).
    pub on_time: Option<Metric>,
    /// The average days released after the target (early ones count as 0).
    pub average_slip_days: Option<Metric>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Delivered {
    pub name: String,
    pub target: String,
    pub released: String,
    /// Days after the target (negative: early).
    pub slip_days: i64,
}

impl DeliveryView {
    pub fn new(backlog: &Backlog) -> Self {
        let releases: Vec<Delivered> = by_target(backlog)
            .into_iter()
            .filter(|r| r.status == ReleaseStatus::Released)
            .filter_map(|r| {
                let (target, released) = (r.target.as_deref()?, r.released.as_deref()?);
                Some(Delivered {
                    name: r.name.clone(),
                    target: target.to_string(),
                    released: released.to_string(),
                    slip_days: date::day_number(released)? - date::day_number(target)?,
                })
            })
            .collect();
        let n = releases.len() as f64;
        DeliveryView {
            on_time: (n > 0.0)
                .then(|| Metric(releases.iter().filter(|r| r.slip_days <= 0).count() as f64 / n)),
            average_slip_days: (n > 0.0).then(|| {
                Metric(
                    releases
                        .iter()
                        .map(|r| r.slip_days.max(0) as f64)
                        .sum::<f64>()
                        / n,
                )
            }),
            releases,
        }
    }
}
