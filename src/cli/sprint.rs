//! `sprint`: plan a sprint by rank and capacity, show its progress, list sprints.

use crate::cli::change;
use crate::cli::output::{Output, TextOrJson};
use crate::cli::{Ctx, Result, fail};
use crate::render::escape;
use crate::render::markdown;
use crate::render::table::{self, Styled};
use backlog_core::ops;
use backlog_core::story::{Num, Story};
use backlog_core::view::sprint::{
    PlanView, ReviewStory, ReviewView, SprintListView, SprintSummary, SprintView, points,
};
use backlog_core::{plan, query};

use crate::exit;

/// Plan a sprint by rank and capacity, show a sprint's progress, list the sprints
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: SprintAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum SprintAction {
    /// Start a sprint: its goal, dates and capacity in backlog/sprints/NAME.md (one commit)
    Start {
        /// The sprint, such as 2026-S25
        name: String,
        /// What the sprint is for, in a sentence
        #[arg(long, required = true)]
        goal: String,
        /// Points the team takes on (default: the average velocity of past sprints)
        #[arg(long, value_parser = crate::cli::amount_arg)]
        capacity: Option<f64>,
        /// The first day (default: today)
        #[arg(long, value_name = "DATE")]
        start: Option<String>,
        /// The last day (default: as long as the configured sprints, 14 days if none)
        #[arg(long, value_name = "DATE")]
        end: Option<String>,
    },
    /// Review a sprint: its goal, planned against done, stories added and removed during
    /// it, carried over, velocity and the burndown, replayed from git
    Review {
        name: String,
        #[command(flatten)]
        output: Output<ReviewFormat>,
    },
    /// Close a sprint: unfinished stories move to --to (or back to the backlog), and the
    /// sprint's file records what was done (one commit)
    Close {
        name: String,
        /// The sprint unfinished stories move to (default: back to the backlog)
        #[arg(long, value_name = "SPRINT")]
        to: Option<String>,
        /// Whether the sprint goal was met, as the product owner judges it; `sprint review`
        /// shows it
        #[arg(long, value_name = "RESULT", value_parser = ["met", "partly", "missed"])]
        goal: Option<String>,
    },
    /// Fill a sprint with ready stories in rank order, up to its capacity, dependencies first
    Plan {
        /// The sprint, such as 2026-S25
        name: String,
        /// Points the team can take on (default: `capacity` under sprints in config.yml)
        #[arg(long, value_parser = crate::cli::amount_arg)]
        capacity: Option<f64>,
        /// Set `sprint: NAME` on the planned stories (one commit)
        #[arg(long)]
        apply: bool,
        #[command(flatten)]
        output: Output<TextOrJson>,
    },
    /// Show a sprint: points committed and done, criteria, stories by status
    Show {
        name: String,
        #[command(flatten)]
        output: Output<TextOrJson>,
    },
    /// List the sprints with their points
    List {
        #[command(flatten)]
        output: Output<TextOrJson>,
    },
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    match args.action {
        SprintAction::Plan {
            name,
            capacity,
            apply: write,
            output,
        } => plan_cmd(ctx, &name, capacity, write, is_json(&output)),
        SprintAction::Show { name, output } => show(ctx, &name, is_json(&output)),
        SprintAction::List { output } => list(ctx, is_json(&output)),
        SprintAction::Start {
            name,
            goal,
            capacity,
            start,
            end,
        } => start_cmd(ctx, &name, &goal, capacity, start, end),
        SprintAction::Close { name, to, goal } => {
            close_cmd(ctx, &name, to.as_deref(), goal.as_deref())
        }
        SprintAction::Review { name, output } => review(ctx, &name, output.format()),
    }
}

fn plan_cmd(
    ctx: &mut Ctx,
    name: &str,
    capacity: Option<f64>,
    write: bool,
    json: bool,
) -> Result<i32> {
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let Some(capacity) =
        capacity.or_else(|| backlog.config.sprints.get(name).and_then(|s| s.capacity))
    else {
        return fail(format!(
            "how many points fit in {name}? Pass --capacity POINTS, or set `capacity` under `sprints: {{{name}: …}}` in config.yml"
        ));
    };
    let plan = plan::plan_sprint(backlog, name, capacity);
    if json {
        ctx.json(PlanView::new(name, &plan))?;
    } else {
        let mut rows = Vec::new();
        let mut total = 0.0;
        for (s, how) in plan
            .committed
            .iter()
            .map(|s| (s, "already in"))
            .chain(plan.added.iter().map(|s| (s, "added")))
        {
            total += s.points.map_or(0.0, |p| p.0);
            rows.push(vec![
                Styled {
                    text: s.id.to_string(),
                    color: Some(table::Color::Cyan),
                },
                Styled::plain(s.title.clone()),
                Styled::plain(s.field_text("points").unwrap_or_default()),
                Styled::plain(Num(total).to_string()),
                Styled::plain(how),
            ]);
        }
        write!(
            ctx.out,
            "{}",
            table::render(
                &["ID", "Title", "Points", "Total", "Plan"],
                rows,
                ctx.width,
                ctx.color
            )
        )?;
        writeln!(
            ctx.out,
            "{name}: {} of {} points",
            Num(plan.points()),
            Num(capacity)
        )?;
        for (s, why) in &plan.skipped {
            ctx.status(&format!("left out {}: {why}", s.id))?;
        }
    }
    if !write {
        return Ok(exit::OK);
    }
    let set = ops::sprint::assign(backlog, &session, &plan.added, name)?;
    change::apply(ctx, &session, &set)
}

fn show(ctx: &mut Ctx, name: &str, json: bool) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let config = &backlog.config;
    let mut stories: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| s.sprint.as_deref() == Some(name))
        .collect();
    if stories.is_empty() && !config.sprints.contains_key(name) {
        let mut known: Vec<&str> = config.sprints.keys().map(String::as_str).collect();
        known.extend(backlog.stories.iter().filter_map(|s| s.sprint.as_deref()));
        return fail(format!(
            "no sprint {name}{}",
            backlog_core::suggest::hint(name, known)
        ));
    }
    stories.sort_by(|a, b| query::manual_order(a, b));
    let done: Vec<&Story> = stories
        .iter()
        .copied()
        .filter(|s| config.is_done(&s.status))
        .collect();
    let criteria: (usize, usize) = stories.iter().fold((0, 0), |(d, t), s| {
        (d + s.criteria_done(), t + s.criteria.len())
    });
    let sprint = config.sprints.get(name);
    if json {
        ctx.json(SprintView::new(backlog, name))?;
        return ctx.report_problems(backlog);
    }
    let dates = match sprint.map(|s| (s.start.as_deref(), s.end.as_deref())) {
        Some((Some(a), Some(b))) => format!(" ({a} to {b})"),
        _ => String::new(),
    };
    writeln!(
        ctx.out,
        "{}{dates}",
        ctx.paint(&format!("Sprint {name}"), crate::cli::Paint::Bold)
    )?;
    let capacity = sprint
        .and_then(|s| s.capacity)
        .map(|c| format!(" of {} capacity", Num(c)))
        .unwrap_or_default();
    writeln!(
        ctx.out,
        "Points      {} committed{capacity}, {} done",
        Num(points(&stories)),
        Num(points(&done))
    )?;
    writeln!(ctx.out, "Criteria    {}/{} checked", criteria.0, criteria.1)?;
    for status in &config.statuses {
        let here: Vec<&&Story> = stories.iter().filter(|s| &s.status == status).collect();
        if here.is_empty() {
            continue;
        }
        writeln!(
            ctx.out,
            "\n{} ({})",
            ctx.paint(status, crate::cli::Paint::Bold),
            here.len()
        )?;
        for s in here {
            let pts = s
                .points
                .map(|p| format!("{p} pts"))
                .unwrap_or_else(|| "no points".into());
            writeln!(
                ctx.out,
                "  {:<8} {}  [{pts}, {}/{} criteria]",
                escape::line(&s.id),
                escape::line(&s.title),
                s.criteria_done(),
                s.criteria.len()
            )?;
        }
    }
    ctx.report_problems(backlog)
}

fn list(ctx: &mut Ctx, json: bool) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let config = &backlog.config;
    let mut names: Vec<String> = config.sprints.keys().cloned().collect();
    for s in &backlog.stories {
        if let Some(sp) = &s.sprint
            && !names.contains(sp)
        {
            names.push(sp.clone());
        }
    }
    names.sort();
    let view = SprintListView {
        sprints: names
            .iter()
            .map(|name| SprintSummary::new(backlog, name))
            .collect(),
    };
    if json {
        ctx.json(&view)?;
    } else if !view.sprints.is_empty() {
        let opt = |v: Option<String>| v.unwrap_or_default();
        let table_rows = view
            .sprints
            .iter()
            .map(|r| {
                [
                    r.sprint.clone(),
                    r.stories.to_string(),
                    r.committed_points.to_string(),
                    r.done_points.to_string(),
                    opt(r.capacity.map(|c| c.to_string())),
                    opt(r.start.clone()),
                    opt(r.end.clone()),
                ]
                .into_iter()
                .map(Styled::plain)
                .collect()
            })
            .collect();
        let headers = [
            "Sprint",
            "Stories",
            "Committed",
            "Done",
            "Capacity",
            "Start",
            "End",
        ];
        write!(
            ctx.out,
            "{}",
            table::render(&headers, table_rows, ctx.width, ctx.color)
        )?;
    } else {
        ctx.status("No sprints yet: `git backlog sprint plan NAME --capacity POINTS`")?;
    }
    ctx.report_problems(backlog)
}

fn is_json(output: &Output<TextOrJson>) -> bool {
    output.format() == TextOrJson::Json
}

/// The sprint's file under backlog/sprints/, with its text when it exists.
fn sprint_text(
    backlog: &backlog_core::backlog::Backlog,
    name: &str,
) -> Result<ops::sprint::SprintText> {
    let path = match backlog.sprint_files.iter().find(|s| s.name == name) {
        Some(s) => s.path.clone(),
        None => backlog.shown(&format!(
            "{}/{}",
            backlog_core::sprint::SPRINTS_DIR,
            backlog_core::sprint::file_name(name)
        )),
    };
    let text = match std::fs::read_to_string(backlog.root.join(&path)) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return fail(format!("cannot read {path}: {e}")),
    };
    Ok(ops::sprint::SprintText { path, text })
}

fn start_cmd(
    ctx: &mut Ctx,
    name: &str,
    goal: &str,
    capacity: Option<f64>,
    start: Option<String>,
    end: Option<String>,
) -> Result<i32> {
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let pace = crate::cli::release::pace(&session.repo, backlog)?;
    let start = start.unwrap_or_else(backlog_git::today);
    let Some(first) = backlog_core::date::day_number(&start) else {
        return fail(format!("--start {start:?}: expected YYYY-MM-DD"));
    };
    let end = end.unwrap_or_else(|| {
        let (y, m, d) = backlog_core::date::civil_from_days(first + pace.sprint_days - 1);
        format!("{y:04}-{m:02}-{d:02}")
    });
    let capacity = match capacity {
        Some(c) => c,
        None => {
            let done: Vec<f64> = pace
                .velocities
                .iter()
                .copied()
                .filter(|v| *v > 0.0)
                .collect();
            if done.is_empty() {
                return fail("no sprint has completed points yet: pass --capacity POINTS");
            }
            let mean = done.iter().sum::<f64>() / done.len() as f64;
            let capacity = (mean * 2.0).round() / 2.0;
            ctx.status(&format!(
                "Capacity {} points: the average velocity of {} past sprints (--capacity to choose)",
                Num(capacity),
                done.len()
            ))?;
            capacity
        }
    };
    let file = sprint_text(backlog, name)?;
    let set = ops::sprint::start(backlog, &file, name, goal, capacity, (&start, &end))?;
    change::apply(ctx, &session, &set)
}

fn close_cmd(ctx: &mut Ctx, name: &str, to: Option<&str>, goal: Option<&str>) -> Result<i32> {
    let session = change::open(ctx)?;
    let file = sprint_text(&session.backlog, name)?;
    let set = ops::sprint::close(
        &session.backlog,
        &session,
        &file,
        name,
        to,
        goal,
        &backlog_git::today(),
    )?;
    change::apply(ctx, &session, &set)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    Text,
    Json,
    Markdown,
}

fn review(ctx: &mut Ctx, name: &str, format: ReviewFormat) -> Result<i32> {
    let (repo, backlog) = ctx.load()?;
    let steps = backlog_git::replay::steps(repo, backlog)?;
    let Some(view) = ReviewView::new(backlog, &steps, name, &backlog_git::today()) else {
        return fail(format!(
            "sprint {name} has no dates: give it `start` and `end` (sprint start, or sprints: in config.yml)"
        ));
    };
    if format == ReviewFormat::Json {
        ctx.json(&view)?;
        return ctx.report_problems(backlog);
    }
    let ids = |v: &[ReviewStory]| -> String {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter()
                .map(|s| s.id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let capacity = view
        .capacity
        .map(|c| format!(" of {c} capacity"))
        .unwrap_or_default();
    let lines = [
        (
            "Goal",
            view.goal
                .clone()
                .unwrap_or_else(|| "(none set: sprint start --goal)".into()),
        ),
        (
            "Goal met?",
            match (&view.goal_met, view.closed) {
                (Some(verdict), _) => verdict.clone(),
                (None, true) => "not recorded at close".into(),
                (None, false) => {
                    "not judged yet: sprint close NAME --goal met|partly|missed".into()
                }
            },
        ),
        ("Dates", format!("{} to {}", view.start, view.end)),
        (
            "Planned",
            format!(
                "{} points{capacity}: {}",
                view.planned_points,
                ids(&view.planned)
            ),
        ),
        (
            "Done",
            format!(
                "{} points (the velocity): {}",
                view.done_points,
                ids(&view.done)
            ),
        ),
        ("Added", ids(&view.added)),
        ("Removed", ids(&view.removed)),
        ("Carried over", ids(&view.carried_over)),
    ];
    let mut out = String::new();
    if format == ReviewFormat::Markdown {
        out.push_str(&format!("## Sprint {} review\n\n", markdown::cell(name)));
        for (label, value) in &lines {
            out.push_str(&format!("- **{label}**: {}\n", markdown::cell(value)));
        }
        out.push_str("\n| Day | Remaining | Ideal |\n| --- | --- | --- |\n");
        for d in &view.burndown {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                d.date,
                d.remaining.map_or("".into(), |r| r.to_string()),
                d.ideal_remaining
            ));
        }
    } else {
        out.push_str(&format!(
            "{}\n\n",
            ctx.paint(&format!("Sprint {name} review"), crate::cli::Paint::Bold)
        ));
        for (label, value) in &lines {
            out.push_str(&format!("{label:<14}{}\n", escape::line(value)));
        }
        out.push_str("\nRemaining points by day (ideal):\n");
        for d in &view.burndown {
            out.push_str(&format!(
                "  {}  {:>6}  ({})\n",
                d.date,
                d.remaining.map_or("".into(), |r| r.to_string()),
                d.ideal_remaining
            ));
        }
    }
    write!(ctx.out, "{out}")?;
    ctx.report_problems(backlog)
}
