//! `release`: plan, list, show and close releases; forecasts from the team's velocity.

use backlog_core::backlog::Backlog;
use backlog_core::metrics;
use backlog_core::ops;
use backlog_core::release::ReleaseStatus;
use backlog_core::view::release::{
    Outlook, Pace, ReleaseListView, ReleaseSummary, ReleaseView, by_target,
};
use backlog_git::Repo;

use crate::cli::change;
use crate::cli::output::{Output, TextOrJson};
use crate::cli::{Ctx, Paint, Result};
use crate::render::escape;
use crate::render::table::{self, Styled};

/// Plan releases, list them, show one with its scope and forecast, close one
///
/// A release is a file, backlog/releases/<name>.md; a story joins it with
/// `set ID release=NAME`. The forecast draws the team's past sprint velocities at random
/// (10,000 trials, seeded) to give the 50 % and 85 % completion dates.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Plan a release (one commit)
    New {
        /// Its name, such as 2.0
        name: String,
        /// The date it should be out by (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        target: Option<String>,
        /// The product goal it serves
        #[arg(long)]
        goal: Option<String>,
    },
    /// The releases by target date, with progress and outlook
    List {
        #[command(flatten)]
        output: Output<TextOrJson>,
    },
    /// One release: scope, done, remaining, scope added since it was planned, forecast
    Show {
        name: String,
        #[command(flatten)]
        output: Output<TextOrJson>,
    },
    /// Mark a release as out, today or on --date (one commit)
    Close {
        name: String,
        /// The day it went out (default: today)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    match args.action {
        Action::New { name, target, goal } => {
            let session = change::open(ctx)?;
            let set =
                ops::release::create(&session.backlog, &name, target.as_deref(), goal.as_deref())?;
            change::apply(ctx, &session, &set)
        }
        Action::Close { name, date } => {
            let session = change::open(ctx)?;
            let date = date.unwrap_or_else(backlog_git::today);
            if backlog_core::date::parse(&date).is_none() {
                return crate::cli::fail(format!("--date {date:?}: expected YYYY-MM-DD"));
            }
            let release = ops::release::find(&session.backlog, &name)?;
            let text = std::fs::read_to_string(session.backlog.root.join(&release.path))?;
            let set = ops::release::close(&session.backlog, text, &name, &date)?;
            change::apply(ctx, &session, &set)
        }
        Action::List { output } => {
            let (repo, backlog) = ctx.load()?;
            let view = list(repo, backlog)?;
            if output.format() == TextOrJson::Json {
                ctx.json(&view)?;
            } else if view.releases.is_empty() {
                ctx.status("No releases yet: git backlog release new 2.0 --target YYYY-MM-DD")?;
            } else {
                write!(ctx.out, "{}", summary_table(ctx, &view.releases))?;
            }
            ctx.report_problems(backlog)
        }
        Action::Show { name, output } => {
            let (repo, backlog) = ctx.load()?;
            let release = ops::release::find(backlog, &name)?;
            let steps = backlog_git::replay::steps(repo, backlog)?;
            let pace = pace_of(&steps, backlog);
            let planned = repo.added_at(&release.path)?;
            let view = ReleaseView::new(backlog, release, &pace, &steps, planned.as_ref());
            if output.format() == TextOrJson::Json {
                ctx.json(&view)?;
            } else {
                show(ctx, &view)?;
            }
            ctx.report_problems(backlog)
        }
    }
}

/// Every release, by target date, with its forecast.
pub fn list(repo: &Repo, backlog: &Backlog) -> Result<ReleaseListView> {
    let steps = backlog_git::replay::steps(repo, backlog)?;
    Ok(list_of(&steps, backlog))
}

/// `list` from history already replayed.
pub fn list_of(steps: &[backlog_core::history::Step], backlog: &Backlog) -> ReleaseListView {
    let pace = pace_of(steps, backlog);
    ReleaseListView {
        releases: by_target(backlog)
            .into_iter()
            .map(|r| ReleaseSummary::new(backlog, r, &pace))
            .collect(),
    }
}

/// The team's pace, from the history of this branch.
pub fn pace(repo: &Repo, backlog: &Backlog) -> Result<Pace> {
    let steps = backlog_git::replay::steps(repo, backlog)?;
    Ok(pace_of(&steps, backlog))
}

/// The pace from history already replayed (a replay is most of a command's time).
pub fn pace_of(steps: &[backlog_core::history::Step], backlog: &Backlog) -> Pace {
    let completions = metrics::completions(steps, &backlog.config);
    let today = backlog_git::today();
    let velocity = metrics::velocity(&completions, &backlog.config, usize::MAX, &today);
    let velocities = velocity.sprints.iter().map(|s| s.points).collect();
    Pace::new(backlog, velocities, &today)
}

/// The releases as a table: target, forecast, progress, outlook.
pub fn summary_table(ctx: &Ctx, releases: &[ReleaseSummary]) -> String {
    let headers = [
        "Release", "Target", "50 %", "85 %", "Done", "Points", "Stories", "Outlook",
    ];
    let rows = releases
        .iter()
        .map(|r| {
            let (d50, d85) = match (&r.status, &r.forecast) {
                (ReleaseStatus::Released, _) => {
                    (r.released.clone().unwrap_or_default(), String::new())
                }
                (_, Some(f)) => (f.date_50.clone(), f.date_85.clone()),
                _ => (String::new(), String::new()),
            };
            let color = match r.outlook {
                Outlook::OnTrack | Outlook::Released => Some(table::Color::Green),
                Outlook::AtRisk => Some(table::Color::Yellow),
                Outlook::Late => Some(table::Color::Red),
                Outlook::Unknown => None,
            };
            vec![
                Styled {
                    text: r.name.clone(),
                    color: Some(table::Color::Cyan),
                },
                Styled::plain(r.target.clone().unwrap_or_default()),
                Styled::plain(d50),
                Styled::plain(d85),
                Styled::plain(r.done_points.to_string()),
                Styled::plain(r.points.to_string()),
                Styled::plain(r.stories.to_string()),
                Styled {
                    text: r.outlook.text().to_string(),
                    color,
                },
            ]
        })
        .collect();
    table::render(&headers, rows, ctx.width, ctx.color)
}

fn show(ctx: &mut Ctx, v: &ReleaseView) -> Result<()> {
    let r = &v.summary;
    let mut out = format!(
        "{}\n\n",
        ctx.paint(&format!("Release {}", r.name), Paint::Bold)
    );
    let line = |label: &str, value: String| format!("{label:<14}{}\n", escape::line(&value));
    if let Some(goal) = &r.goal {
        out.push_str(&line("Goal", goal.clone()));
    }
    out.push_str(&line(
        "Target",
        r.target.clone().unwrap_or_else(|| "none".into()),
    ));
    if let Some(released) = &r.released {
        out.push_str(&line("Released", released.clone()));
    }
    out.push_str(&line(
        "Scope",
        format!(
            "{} stories, {} points ({} done, {} to do)",
            r.stories, r.points, r.done_points, r.remaining_points
        ),
    ));
    if !r.unestimated.is_empty() {
        let ids: Vec<String> = r.unestimated.iter().map(ToString::to_string).collect();
        out.push_str(&line(
            "Not estimated",
            format!(
                "{} ({}): the forecast leaves them out",
                ids.len(),
                ids.join(", ")
            ),
        ));
    }
    if !v.added_since_planned.is_empty() {
        let ids: Vec<String> = v
            .added_since_planned
            .iter()
            .map(ToString::to_string)
            .collect();
        out.push_str(&line("Added later", ids.join(", ")));
    }
    match (&r.forecast, &r.no_forecast) {
        (Some(f), _) => {
            let chance = f
                .on_target
                .map(|p| format!("; {}% chance of the target", (p.0 * 100.0).round()))
                .unwrap_or_default();
            out.push_str(&line(
                "Forecast",
                format!("50 % by {}, 85 % by {}{chance}", f.date_50, f.date_85),
            ));
        }
        (None, Some(why)) => out.push_str(&line("Forecast", format!("none: {why}"))),
        _ => {}
    }
    out.push_str(&line("Outlook", r.outlook.text().to_string()));
    if !v.description.is_empty() {
        out.push_str(&format!("\n{}\n", escape::text(&v.description)));
    }
    write!(ctx.out, "{out}")?;
    if !v.scope.is_empty() {
        let rows = v
            .scope
            .iter()
            .map(|s| {
                vec![
                    Styled {
                        text: s.id.to_string(),
                        color: Some(table::Color::Cyan),
                    },
                    Styled::plain(s.title.clone()),
                    Styled::plain(s.status.clone()),
                    Styled::plain(s.points.map(|p| p.to_string()).unwrap_or_default()),
                ]
            })
            .collect();
        writeln!(ctx.out)?;
        write!(
            ctx.out,
            "{}",
            table::render(
                &["ID", "Title", "Status", "Points"],
                rows,
                ctx.width,
                ctx.color
            )
        )?;
    }
    Ok(())
}
