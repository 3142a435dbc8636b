//! `stats`: velocity, burndown and burnup, flow, replayed from the backlog's git history.

use crate::cli::output::Output;
use crate::cli::{Ctx, Paint, Result, fail};
use crate::exit;
use crate::render::{csv, svg};
use backlog_core::backlog::Backlog;
use backlog_core::history::{self, Step};
use backlog_core::metrics::{self, Day};
use backlog_core::story::Num;
use backlog_core::view::health::{HealthInputs, HealthView};
use backlog_core::view::release::DeliveryView;
use backlog_core::view::stats::DefectsView;
use backlog_core::view::stats::{BurndownView, FlowView, VelocityView};
use backlog_git::Repo;

/// Velocity, burndown and burnup, cycle and lead time: replayed from git history
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub metric: Metric,
}

#[derive(Debug, clap::Subcommand)]
pub enum Metric {
    /// Points completed per sprint, with the average and a forecast for the next sprint
    Velocity {
        /// Only the last N sprints
        #[arg(long, value_name = "N", default_value_t = 6)]
        last: usize,
        /// Also write the chart as an SVG file (`-`: print only the SVG, on stdout)
        #[arg(long, value_name = "FILE")]
        svg: Option<std::path::PathBuf>,
        #[command(flatten)]
        output: Output<Format>,
    },
    /// Remaining points for each day of a sprint, with the ideal line
    Burndown(ChartArgs),
    /// Completed points and scope for each day of a sprint, with the ideal line
    Burnup(ChartArgs),
    /// Cycle time, lead time and throughput per week, for all finished stories or those
    /// a filter keeps (by their fields now)
    Flow {
        #[command(flatten)]
        filter: FlowFilter,
        #[command(flatten)]
        output: Output<Format>,
    },
    /// Backlog health: a score from 0 to 100 made of named parts, with the stories behind
    /// each
    Health {
        /// Open stories not changed for more days than this are stale
        #[arg(long, value_name = "DAYS", default_value_t = 30)]
        stale_days: i64,
        #[command(flatten)]
        output: Output<Format>,
    },
    /// Defect rate per sprint: bugs opened, and bugs per done story point
    Defects {
        #[command(flatten)]
        output: Output<Format>,
    },
    /// On-time release delivery: the share of releases out by their target, and the
    /// average slip in days
    Delivery {
        #[command(flatten)]
        output: Output<Format>,
    },
}

/// Which finished stories `stats flow` measures (values of one filter are alternatives).
#[derive(Debug, Clone, clap::Args)]
pub struct FlowFilter {
    /// Only stories of this type (can be repeated)
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Vec<String>,
    /// Only stories with this label (can be repeated)
    #[arg(long, short = 'l')]
    pub label: Vec<String>,
    /// Only stories of this epic (can be repeated)
    #[arg(long)]
    pub epic: Vec<String>,
    /// Only stories of this release (can be repeated)
    #[arg(long)]
    pub release: Vec<String>,
}

impl FlowFilter {
    /// Whether the story `id`, as it is now, passes. A story no longer in the backlog
    /// passes only when there is no filter.
    fn keeps(&self, backlog: &Backlog, id: &str) -> bool {
        let any = |wanted: &[String], have: Option<&str>| {
            wanted.is_empty() || have.is_some_and(|h| wanted.iter().any(|w| w == h))
        };
        let unfiltered = self.kind.is_empty()
            && self.label.is_empty()
            && self.epic.is_empty()
            && self.release.is_empty();
        match backlog.find(id).first() {
            None => unfiltered,
            Some(s) => {
                any(&self.kind, Some(&s.kind))
                    && any(&self.epic, s.epic.as_deref())
                    && any(&self.release, s.release.as_deref())
                    && (self.label.is_empty() || self.label.iter().any(|l| s.labels.contains(l)))
            }
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// The sprint (its `start` and `end` come from `sprints:` in config.yml)
    pub sprint: String,
    /// Also write the chart as an SVG file (`-`: print only the SVG, on stdout)
    #[arg(long, value_name = "FILE")]
    pub svg: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub output: Output<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (repo, backlog) = ctx.load()?;
    let steps = backlog_git::replay::steps(repo, backlog)?;
    match args.metric {
        Metric::Velocity { last, svg, output } => {
            velocity(ctx, backlog, &steps, last, svg.as_deref(), output.format())?
        }
        Metric::Burndown(a) => chart(ctx, backlog, &steps, &a, true)?,
        Metric::Burnup(a) => chart(ctx, backlog, &steps, &a, false)?,
        Metric::Flow { filter, output } => flow(ctx, backlog, &steps, &filter, output.format())?,
        Metric::Defects { output } => defects(ctx, backlog, &steps, output.format())?,
        Metric::Health { stale_days, output } => {
            health(ctx, backlog, &steps, stale_days, output.format())?
        }
        Metric::Delivery { output } => delivery(ctx, backlog, output.format())?,
    }
    coverage(ctx, repo, &steps)?;
    Ok(exit::OK)
}

fn bar(value: f64, max: f64, width: usize) -> String {
    let n = if max > 0.0 {
        (value / max * width as f64).round() as usize
    } else {
        0
    };
    "█".repeat(n)
}

fn velocity(
    ctx: &mut Ctx,
    backlog: &Backlog,
    steps: &[Step],
    last: usize,
    svg: Option<&std::path::Path>,
    format: Format,
) -> Result<()> {
    let completions = metrics::completions(steps, &backlog.config);
    let v = metrics::velocity(
        &completions,
        &backlog.config,
        last.max(1),
        &backlog_git::today(),
    );
    if let Some(path) = svg
        && svg_out(ctx, path, &velocity_svg(&v))?
    {
        return Ok(());
    }
    match format {
        Format::Json => ctx.json(VelocityView::new(&v))?,
        Format::Csv => {
            let rows = v.sprints.iter().map(|s| {
                vec![
                    s.sprint.clone(),
                    Num(s.points).to_string(),
                    s.stories.to_string(),
                ]
            });
            let header = ["sprint", "points", "stories"];
            write!(ctx.out, "{}", csv::table(&header, rows))?;
        }
        Format::Text => {
            if v.sprints.is_empty() {
                writeln!(ctx.out, "No sprint has completed stories yet.")?;
                return Ok(());
            }
            let max = v.sprints.iter().map(|s| s.points).fold(0.0, f64::max);
            let width = v
                .sprints
                .iter()
                .map(|s| s.sprint.chars().count())
                .max()
                .unwrap_or(6);
            for s in &v.sprints {
                writeln!(
                    ctx.out,
                    "{:<width$}  {:>5}  {}",
                    s.sprint,
                    Num(s.points).to_string(),
                    ctx.paint(&bar(s.points, max, 40), Paint::Green)
                )?;
            }
            if let (Some(avg), Some((lo, hi))) = (v.average, v.forecast) {
                let r = |x: f64| Num((x * 10.0).round() / 10.0);
                let n = v.sprints.len();
                let sprints = if n == 1 {
                    "1 sprint".to_string()
                } else {
                    format!("{n} sprints")
                };
                writeln!(
                    ctx.out,
                    "\nAverage {} points over {sprints}; next sprint: {} to {} points",
                    r(avg),
                    r(lo),
                    r(hi)
                )?;
            }
        }
    }
    Ok(())
}

/// Write a chart to `path`, or print it when `path` is `-`; true when the chart was the
/// whole output.
fn svg_out(ctx: &mut Ctx, path: &std::path::Path, text: &str) -> Result<bool> {
    if path.as_os_str() == "-" {
        write!(ctx.out, "{text}")?;
        return Ok(true);
    }
    backlog_git::fsutil::write_output(path, text.as_bytes())
        .map_err(|e| crate::cli::Error::Message(format!("cannot write {}: {e}", path.display())))?;
    ctx.status(&format!("Wrote {}", path.display()))?;
    Ok(false)
}

/// Points done by sprint, as SVG, with the average as a dashed line.
pub(crate) fn velocity_svg(v: &metrics::Velocity) -> String {
    let labels: Vec<String> = v.sprints.iter().map(|s| s.sprint.clone()).collect();
    let mut series = vec![svg::Series {
        name: "points done",
        color: "#0b5cad",
        dashed: false,
        values: v.sprints.iter().map(|s| s.points).collect(),
    }];
    if let Some(average) = v.average {
        series.push(svg::Series {
            name: "average",
            color: "#57606a",
            dashed: true,
            values: vec![average; v.sprints.len()],
        });
    }
    svg::line_chart("Velocity", "points", &labels, &series)
}

/// A sprint's burndown (`down`) or burnup chart, as SVG.
pub(crate) fn burn_svg(
    sprint: &str,
    (start, end): (&str, &str),
    days: &[Day],
    down: bool,
) -> String {
    let name = if down { "burndown" } else { "burnup" };
    let labels: Vec<String> = days.iter().map(|d| d.date[5..].to_string()).collect();
    // The actual lines stop at today; the ideal runs to the end.
    let line = |name, color, dashed, value: fn(&Day) -> f64| svg::Series {
        name,
        color,
        dashed,
        values: days
            .iter()
            .filter(|d| dashed || d.actual)
            .map(value)
            .collect(),
    };
    let series = if down {
        vec![
            line("remaining", "#1f6feb", false, |d| d.remaining),
            line("ideal", "#8b949e", true, |d| d.ideal_remaining),
        ]
    } else {
        vec![
            line("completed", "#2da44e", false, |d| d.completed),
            line("scope", "#cf222e", false, |d| d.scope),
            line("ideal", "#8b949e", true, |d| d.ideal_completed),
        ]
    };
    svg::line_chart(
        &format!("Sprint {sprint} {name} ({start} to {end})"),
        "points",
        &labels,
        &series,
    )
}

fn chart(
    ctx: &mut Ctx,
    backlog: &Backlog,
    steps: &[Step],
    args: &ChartArgs,
    down: bool,
) -> Result<()> {
    let Some(sprint) = backlog.config.sprints.get(&args.sprint) else {
        // A sprint that stories name but config.yml does not has no dates yet; a name
        // neither knows is a typo or an unknown sprint.
        let named = backlog
            .stories
            .iter()
            .any(|s| s.sprint.as_deref() == Some(args.sprint.as_str()));
        if named {
            return fail(format!(
                "no dates for sprint {}: add `{}: {{ start: YYYY-MM-DD, end: YYYY-MM-DD }}` under `sprints:` in config.yml",
                args.sprint, args.sprint
            ));
        }
        let mut known: Vec<&str> = backlog.config.sprints.keys().map(String::as_str).collect();
        known.extend(backlog.stories.iter().filter_map(|s| s.sprint.as_deref()));
        known.sort_unstable();
        known.dedup();
        return fail(format!(
            "no sprint {}{} (sprints: {})",
            args.sprint,
            backlog_core::suggest::hint(&args.sprint, known.iter().copied()),
            if known.is_empty() {
                "none yet".to_string()
            } else {
                known.join(", ")
            }
        ));
    };
    let (Some(start), Some(end)) = (&sprint.start, &sprint.end) else {
        return fail(format!(
            "sprint {} needs both `start` and `end` dates in config.yml",
            args.sprint
        ));
    };
    let carried = metrics::CarriedOver::of(backlog, &args.sprint);
    let days = metrics::burndown(
        steps,
        &backlog.config,
        &args.sprint,
        (start, end),
        &carried,
        &backlog_git::today(),
    );
    if let Some(path) = &args.svg
        && svg_out(
            ctx,
            path,
            &burn_svg(&args.sprint, (start, end), &days, down),
        )?
    {
        return Ok(());
    }
    match args.output.format() {
        Format::Json => ctx.json(BurndownView::new(&args.sprint, start, end, &days))?,
        Format::Csv => {
            // Days after today have no actual values: empty cells.
            let rows = days.iter().map(|d| {
                let actual = |v: f64| d.actual.then_some(v);
                let cells = [
                    actual(d.scope),
                    actual(d.completed),
                    actual(d.remaining),
                    Some(d.ideal_remaining),
                    Some(d.ideal_completed),
                ]
                .map(|v| {
                    v.map_or(String::new(), |v| {
                        Num((v * 100.0).round() / 100.0).to_string()
                    })
                });
                std::iter::once(d.date.clone()).chain(cells).collect()
            });
            let header = [
                "date",
                "scope",
                "completed",
                "remaining",
                "ideal_remaining",
                "ideal_completed",
            ];
            write!(ctx.out, "{}", csv::table(&header, rows))?;
        }
        Format::Text => text_chart(ctx, &days, down)?,
    }
    Ok(())
}

fn text_chart(ctx: &mut Ctx, days: &[Day], down: bool) -> Result<()> {
    let max = days
        .iter()
        .map(|d| d.scope.max(d.ideal_remaining))
        .fold(0.0, f64::max);
    let (label, ideal_label) = if down {
        ("remaining", "ideal")
    } else {
        ("done/scope", "ideal")
    };
    writeln!(ctx.out, "{:<10}  {:>10}  {:>6}", "day", label, ideal_label)?;
    for d in days {
        let (value, ideal, shown) = if down {
            (d.remaining, d.ideal_remaining, Num(d.remaining).to_string())
        } else {
            (
                d.completed,
                d.ideal_completed,
                format!("{}/{}", Num(d.completed), Num(d.scope)),
            )
        };
        let r = |x: f64| Num((x * 10.0).round() / 10.0);
        // A day still to come shows only its ideal.
        let (shown, drawn) = if d.actual {
            (shown, ctx.paint(&bar(value, max, 40), Paint::Green))
        } else {
            (String::new(), String::new())
        };
        let line = format!(
            "{:<10}  {:>10}  {:>6}  {}",
            d.date,
            shown,
            r(ideal).to_string(),
            drawn
        );
        writeln!(ctx.out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn flow(
    ctx: &mut Ctx,
    backlog: &Backlog,
    steps: &[Step],
    filter: &FlowFilter,
    format: Format,
) -> Result<()> {
    let f = metrics::flow(steps, &backlog.config, &|id| filter.keeps(backlog, id));
    match format {
        Format::Json => ctx.json(FlowView::new(&f))?,
        Format::Csv => {
            let rows = f.stories.iter().map(|s| {
                vec![
                    s.id.to_string(),
                    s.created.clone(),
                    s.lead_from.to_string(),
                    s.started.clone().unwrap_or_default(),
                    s.done.clone(),
                    s.cycle_days.map(|c| Num(c).to_string()).unwrap_or_default(),
                    Num(s.lead_days).to_string(),
                ]
            });
            let header = [
                "id",
                "created",
                "lead_from",
                "started",
                "done",
                "cycle_days",
                "lead_days",
            ];
            write!(ctx.out, "{}", csv::table(&header, rows))?;
        }
        Format::Text => {
            let d =
                |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{} days", Num(v)));
            let n = f.stories.len();
            writeln!(
                ctx.out,
                "{} finished",
                if n == 1 {
                    "1 story".to_string()
                } else {
                    format!("{n} stories")
                }
            )?;
            writeln!(
                ctx.out,
                "Cycle time   median {}, 85th percentile {}   (first in {} until done)",
                d(f.cycle_median),
                d(f.cycle_p85),
                metrics::in_progress(&backlog.config).join("/")
            )?;
            writeln!(
                ctx.out,
                "Lead time    median {}, 85th percentile {}   (created until done)",
                d(f.lead_median),
                d(f.lead_p85)
            )?;
            if !f.throughput.is_empty() {
                writeln!(ctx.out, "\nThroughput per week")?;
                let max = f.throughput.iter().map(|(_, n)| *n).max().unwrap_or(1) as f64;
                for (week, n) in &f.throughput {
                    writeln!(
                        ctx.out,
                        "  {week}  {n:>3}  {}",
                        ctx.paint(&bar(*n as f64, max, 30), Paint::Green)
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Say what period the numbers cover, and plainly when history is missing.
fn coverage(ctx: &mut Ctx, repo: &Repo, steps: &[Step]) -> Result<()> {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else {
        ctx.status("No history yet: no commit has changed a story.")?;
        return Ok(());
    };
    ctx.status(&format!(
        "From the {} commits that changed a story, {} to {}.",
        steps.len(),
        &history::datetime(&first.commit)[..10],
        &history::datetime(&last.commit)[..10]
    ))?;
    if repo.is_shallow() {
        let warning = ctx.paint("warning", Paint::Warning);
        writeln!(
            ctx.err,
            "{warning}: this is a shallow clone: history before {} is missing, so stories finished or started earlier are not counted. Run `git fetch --unshallow` for the whole history.",
            &history::datetime(&first.commit)[..10]
        )?;
    }
    Ok(())
}

fn delivery(ctx: &mut Ctx, backlog: &Backlog, format: Format) -> Result<()> {
    let view = DeliveryView::new(backlog);
    match format {
        Format::Json => ctx.json(&view)?,
        Format::Csv => {
            let rows = view.releases.iter().map(|r| {
                vec![
                    r.name.clone(),
                    r.target.clone(),
                    r.released.clone(),
                    r.slip_days.to_string(),
                ]
            });
            let header = ["release", "target", "released", "slip_days"];
            write!(ctx.out, "{}", csv::table(&header, rows))?;
        }
        Format::Text => {
            if view.releases.is_empty() {
                writeln!(
                    ctx.out,
                    "No release is out yet with a target date (git backlog release close NAME)."
                )?;
                return Ok(());
            }
            for r in &view.releases {
                let how = match r.slip_days {
                    d if d < 0 => format!("{} days early", -d),
                    0 => "on the day".to_string(),
                    d => format!("{d} days late"),
                };
                writeln!(
                    ctx.out,
                    "{}  target {}, released {}: {how}",
                    crate::render::escape::line(&r.name),
                    r.target,
                    r.released
                )?;
            }
            if let (Some(share), Some(slip)) = (view.on_time, view.average_slip_days) {
                writeln!(
                    ctx.out,
                    "On time: {}% of {} releases; average slip {slip} days",
                    (share.0 * 100.0).round(),
                    view.releases.len()
                )?;
            }
        }
    }
    Ok(())
}

fn defects(ctx: &mut Ctx, backlog: &Backlog, steps: &[Step], format: Format) -> Result<()> {
    let view = DefectsView::new(backlog, steps, &backlog_git::today());
    match format {
        Format::Json => ctx.json(&view)?,
        Format::Csv => {
            let rows = view.sprints.iter().map(|s| {
                vec![
                    s.sprint.clone(),
                    s.start.clone(),
                    s.end.clone(),
                    s.bugs_opened.to_string(),
                    s.done_points.to_string(),
                    s.bugs_per_point.map(|r| r.to_string()).unwrap_or_default(),
                ]
            });
            let header = [
                "sprint",
                "start",
                "end",
                "bugs_opened",
                "done_points",
                "bugs_per_point",
            ];
            write!(ctx.out, "{}", csv::table(&header, rows))?;
        }
        Format::Text => {
            if view.sprints.is_empty() {
                writeln!(ctx.out, "No sprint with dates in config.yml yet.")?;
                return Ok(());
            }
            for s in &view.sprints {
                let rate = s.bugs_per_point.map_or_else(
                    || "no points done".to_string(),
                    |r| format!("{r} bugs per done point"),
                );
                writeln!(
                    ctx.out,
                    "{}  {} bugs opened, {} points done: {rate}",
                    crate::render::escape::line(&s.sprint),
                    s.bugs_opened,
                    s.done_points
                )?;
            }
        }
    }
    Ok(())
}

/// The backlog's health today, as `stats health` shows it.
pub(crate) fn health_view(backlog: &Backlog, steps: &[Step], stale_days: i64) -> HealthView {
    let today = backlog_core::date::day_number(&backlog_git::today()).unwrap_or(0);
    let last_sprint_start = backlog
        .config
        .sprints
        .values()
        .filter_map(|s| backlog_core::date::day_number(s.start.as_deref()?))
        .filter(|d| *d <= today)
        .max();
    HealthView::new(
        backlog,
        &HealthInputs {
            steps,
            today,
            stale_days,
            max_points: backlog.config.rule_number("too-large", "max_points", 13.0),
            last_sprint_start,
        },
    )
}

fn health(
    ctx: &mut Ctx,
    backlog: &Backlog,
    steps: &[Step],
    stale_days: i64,
    format: Format,
) -> Result<()> {
    let view = health_view(backlog, steps, stale_days);
    match format {
        Format::Json => ctx.json(&view)?,
        Format::Csv => {
            let rows = view.parts.iter().map(|p| {
                let ids: Vec<String> = p.stories.iter().map(ToString::to_string).collect();
                vec![
                    p.name.to_string(),
                    p.score.to_string(),
                    p.failing.to_string(),
                    p.of.to_string(),
                    ids.join(" "),
                ]
            });
            let header = ["part", "score", "failing", "of", "stories"];
            write!(ctx.out, "{}", csv::table(&header, rows))?;
        }
        Format::Text => {
            writeln!(ctx.out, "Backlog health: {} / 100", view.score)?;
            for p in &view.parts {
                writeln!(
                    ctx.out,
                    "  {:<18} {:>5}  {} of {} {}",
                    p.name, p.score, p.failing, p.of, p.description
                )?;
                if !p.stories.is_empty() {
                    let ids: Vec<String> = p.stories.iter().map(ToString::to_string).collect();
                    writeln!(
                        ctx.out,
                        "  {:<18}        {}",
                        "",
                        crate::render::escape::line(&ids.join(", "))
                    )?;
                }
            }
        }
    }
    Ok(())
}
