//! `roadmap`: every release, target against forecast.

use crate::cli::output::Output;
use crate::cli::release::{list, summary_table};
use crate::cli::{Ctx, Result};
use crate::render::{markdown, svg};
use backlog_core::view::release::{Outlook, ReleaseListView};

/// The releases in order of target date: target, forecast (50 % and 85 %), scope,
/// progress, and whether each is on track, at risk or late
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: Output<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    /// A timeline chart, on stdout
    Svg,
}

/// The releases on a timeline: target, and the forecast's 50 % to 85 % dates, coloured by
/// outlook.
pub(crate) fn timeline_svg(view: &ReleaseListView) -> String {
    let day = backlog_core::date::day_number;
    let today = day(&backlog_git::today()).unwrap_or(0);
    let rows: Vec<svg::Span> = view
        .releases
        .iter()
        .map(|r| svg::Span {
            name: &r.name,
            target: r.target.as_deref().and_then(day),
            from: r.forecast.as_ref().and_then(|f| day(&f.date_50)),
            to: r.forecast.as_ref().and_then(|f| day(&f.date_85)),
            color: match r.outlook {
                Outlook::OnTrack | Outlook::Released => "#2e7d32",
                Outlook::AtRisk => "#f9a825",
                Outlook::Late => "#c62828",
                Outlook::Unknown => "#9e9e9e",
            },
        })
        .collect();
    svg::timeline("Roadmap", today, &rows)
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (repo, backlog) = ctx.load()?;
    let view = list(repo, backlog)?;
    match args.output.format() {
        Format::Json => ctx.json(&view)?,
        Format::Table if view.releases.is_empty() => {
            ctx.status("No releases yet: git backlog release new 2.0 --target YYYY-MM-DD")?;
        }
        Format::Table => write!(ctx.out, "{}", summary_table(ctx, &view.releases))?,
        Format::Svg => write!(ctx.out, "{}", timeline_svg(&view))?,
        Format::Markdown => {
            let rows: Vec<Vec<String>> = view
                .releases
                .iter()
                .map(|r| {
                    let f = r.forecast.as_ref();
                    vec![
                        r.name.clone(),
                        r.goal.clone().unwrap_or_default(),
                        r.target.clone().unwrap_or_default(),
                        f.map(|f| f.date_50.clone()).unwrap_or_default(),
                        f.map(|f| f.date_85.clone()).unwrap_or_default(),
                        format!("{}/{} points", r.done_points, r.points),
                        r.outlook.text().to_string(),
                    ]
                })
                .collect();
            write!(
                ctx.out,
                "{}",
                markdown::table(
                    &[
                        "Release", "Goal", "Target", "50 %", "85 %", "Progress", "Outlook"
                    ],
                    &rows
                )
            )?;
        }
    }
    ctx.report_problems(backlog)
}
