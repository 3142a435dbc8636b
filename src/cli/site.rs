//! `site`: the backlog as a static website, for everyone who does not run a CLI.

use std::path::PathBuf;

use backlog_core::backlog::Backlog;
use backlog_core::metrics;
use backlog_core::story::Story;
use backlog_core::view::sprint::{ReviewStory, ReviewView};
use backlog_git::Repo;

use crate::cli::{Ctx, Error, Result};
use crate::render::site;
use site::esc;

/// Build a static website of the backlog: board, ordered backlog, a page per story
///
/// The site needs no server and makes no request: open `index.html`, or publish the
/// folder (examples/ci/pages.yml publishes it on GitHub Pages). Story text is escaped
/// everywhere, a Content-Security-Policy allows only the site's own inline style and
/// search script, and every page reads without JavaScript (the search box and the
/// filters need it).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: SiteAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum SiteAction {
    /// Write the site into DIR (default: public/)
    Build {
        /// The folder to write (made if missing; pages git-backlog wrote before are replaced)
        #[arg(default_value = "public", value_name = "DIR")]
        folder: PathBuf,
        /// Leave each story's history from git off its page (faster on a long history;
        /// the sprint charts still replay it)
        #[arg(long)]
        no_history: bool,
    },
    /// Serve the site on this machine, rebuilt when a file under backlog/ changes; the open
    /// page reloads itself. A read-only view; Ctrl-C stops it
    Serve {
        /// The port (0: any free one)
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// The address to listen on; 0.0.0.0 shows the backlog to your network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    match args.action {
        SiteAction::Build { folder, no_history } => build(ctx, folder, !no_history),
        SiteAction::Serve { port, bind } => crate::cli::site_serve::run(ctx, (bind, port).into()),
    }
}

fn build(ctx: &mut Ctx, dir: PathBuf, history: bool) -> Result<i32> {
    let (repo, backlog) = ctx.load()?;
    let dir = if dir.is_absolute() {
        dir
    } else {
        ctx.cwd.join(dir)
    };
    let pages = pages(ctx, repo, backlog, history)?;
    let io = |what: String| move |e: std::io::Error| Error::Message(format!("{what}: {e}"));
    std::fs::create_dir_all(dir.join("stories"))
        .map_err(io(format!("cannot create {}", dir.display())))?;
    // Story pages of stories that are gone: removed, if git-backlog wrote them.
    let keep: std::collections::HashSet<&String> = pages.iter().map(|(p, _)| p).collect();
    for entry in std::fs::read_dir(dir.join("stories"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let rel = format!("stories/{}", entry.file_name().to_string_lossy());
        if keep.contains(&rel) {
            continue;
        }
        let ours = std::fs::read_to_string(entry.path())
            .is_ok_and(|t| t.contains("<meta name=\"generator\" content=\"git-backlog\">"));
        if ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    // A page that is already as it would be written is left alone: a rebuild after a
    // small change writes only what changed.
    let mut unchanged = 0;
    for (path, html) in &pages {
        let full = dir.join(path);
        let same = std::fs::metadata(&full).is_ok_and(|m| m.len() == html.len() as u64)
            && std::fs::read(&full).is_ok_and(|old| old == html.as_bytes());
        if same {
            unchanged += 1;
            continue;
        }
        backlog_git::fsutil::write_generated(&full, html.as_bytes())
            .map_err(io(format!("cannot write {}", full.display())))?;
    }
    ctx.status(&format!(
        "Wrote {} pages to {}{} (open {})",
        pages.len(),
        dir.display(),
        if unchanged > 0 {
            format!(", {unchanged} of them unchanged")
        } else {
            String::new()
        },
        dir.join("index.html").display()
    ))?;
    ctx.report_problems(backlog)
}

/// Every page of the site: its path in the site and its HTML.
pub(crate) fn pages(
    ctx: &mut Ctx,
    repo: &Repo,
    backlog: &Backlog,
    history: bool,
) -> Result<Vec<(String, String)>> {
    let stories: Vec<_> = backlog_core::ops::rank::manual(backlog)
        .into_iter()
        .filter(|s| s.outcome.as_deref() != Some(backlog_core::story::REJECTED))
        .collect();
    let product = backlog
        .product
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_else(|| "Product backlog".to_string());
    // Each story's history from git, in one pass over the commits.
    let logs = match history.then(|| backlog_git::replay::story_logs(repo, backlog, None)) {
        None => None,
        Some(Ok(logs)) => Some(logs),
        Some(Err(e)) => {
            ctx.warn(&format!("the story pages have no history: {e}"))?;
            Some(Default::default())
        }
    };
    // The metrics replay the history once, for every page that needs it.
    let steps = match backlog_git::replay::steps(repo, backlog) {
        Ok(steps) => steps,
        Err(e) => {
            ctx.warn(&format!("the charts and metrics have no history: {e}"))?;
            Vec::new()
        }
    };
    let mut pages = crate::render::site::pages(backlog, &stories, &product, logs.as_ref());
    for (path, title, body) in [
        ("sprints.html", "Sprints", sprints(backlog, &steps)),
        ("roadmap.html", "Roadmap", roadmap(backlog, &steps)),
        (
            "graph.html",
            "Dependencies",
            dependencies(backlog, &stories),
        ),
        ("health.html", "Health", health(backlog, &steps)),
    ] {
        pages.push((path.into(), site::page(&product, title, "", &body)));
    }
    Ok(pages)
}

/// The sprints page: velocity over the sprints, then each sprint with dates (the newest
/// first): its goal and verdict, planned and done, scope changes, burndown and burnup.
fn sprints(backlog: &Backlog, steps: &[backlog_core::history::Step]) -> String {
    let config = &backlog.config;
    let completions = metrics::completions(steps, config);
    let velocity = metrics::velocity(&completions, config, 12, &backlog_git::today());
    let mut out = String::from("<h2>Velocity</h2>\n");
    if velocity.sprints.is_empty() {
        out.push_str("<p>No sprint has finished a story yet.</p>\n");
    } else {
        out.push_str(&site::chart(&crate::cli::stats::velocity_svg(&velocity)));
        if let Some(average) = velocity.average {
            let _ = std::fmt::Write::write_fmt(
                &mut out,
                format_args!("<p>Average: {:.1} points a sprint.</p>\n", average),
            );
        }
    }
    let mut dated: Vec<(&String, &str, &str)> = config
        .sprints
        .iter()
        .filter_map(|(name, s)| Some((name, s.start.as_deref()?, s.end.as_deref()?)))
        .collect();
    dated.sort_by(|a, b| b.1.cmp(a.1));
    let today = backlog_git::today();
    let title_of = |id: &str| {
        backlog
            .stories
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.title.as_str())
            .unwrap_or("")
    };
    // A list of stories as links, or "none".
    let links = |stories: &[ReviewStory]| -> String {
        if stories.is_empty() {
            return "none".into();
        }
        stories
            .iter()
            .map(|s| {
                let id = s.id.to_string();
                format!(
                    "<a href=\"stories/{}.html\" title=\"{}\">{}</a>",
                    esc(&site::file_id(&id)),
                    esc(title_of(&id)),
                    esc(&id)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (name, start, end) in dated {
        let Some(review) = ReviewView::new(backlog, steps, name, &today) else {
            continue;
        };
        out.push_str(&format!(
            "<h2 id=\"sprint-{}\">Sprint {}</h2>\n<table>\n<tbody>\n",
            esc(&site::file_id(name)),
            esc(name)
        ));
        let capacity = review
            .capacity
            .map(|c| format!(" of {c} capacity"))
            .unwrap_or_default();
        let verdict = match (&review.goal_met, review.closed) {
            (Some(verdict), _) => verdict.clone(),
            (None, true) => "not recorded at close".into(),
            (None, false) => "not judged yet".into(),
        };
        let rows = [
            ("Dates", esc(&format!("{start} to {end}"))),
            ("Goal", esc(review.goal.as_deref().unwrap_or("none set"))),
            ("Goal met?", esc(&verdict)),
            (
                "Planned",
                format!(
                    "{} points{}: {}",
                    review.planned_points,
                    esc(&capacity),
                    links(&review.planned)
                ),
            ),
            (
                "Done",
                format!("{} points: {}", review.done_points, links(&review.done)),
            ),
            ("Added during it", links(&review.added)),
            ("Removed during it", links(&review.removed)),
            ("Carried over", links(&review.carried_over)),
        ];
        for (label, value) in rows {
            out.push_str(&format!(
                "<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>\n"
            ));
        }
        out.push_str("</tbody>\n</table>\n");
        let carried = metrics::CarriedOver::of(backlog, name);
        let days = metrics::burndown(steps, config, name, (start, end), &carried, &today);
        out.push_str(&site::chart(&crate::cli::stats::burn_svg(
            name,
            (start, end),
            &days,
            true,
        )));
        out.push_str(&site::chart(&crate::cli::stats::burn_svg(
            name,
            (start, end),
            &days,
            false,
        )));
    }
    out
}

/// The roadmap page: the releases on a timeline with their targets and forecasts, and as
/// a table; without releases, the epics with their progress.
fn roadmap(backlog: &Backlog, steps: &[backlog_core::history::Step]) -> String {
    let view = crate::cli::release::list_of(steps, backlog);
    if view.releases.is_empty() {
        let mut out =
            String::from("<p>No releases yet; the epics and how far they are:</p>\n<ul>\n");
        for epic in backlog.stories.iter().filter(|s| s.kind == "epic") {
            let children: Vec<_> = backlog
                .stories
                .iter()
                .filter(|s| s.epic.as_deref() == Some(epic.id.as_str()))
                .collect();
            let done = children
                .iter()
                .filter(|s| backlog.config.is_done(&s.status))
                .count();
            out.push_str(&format!(
                "<li><a href=\"stories/{}.html\">{}</a> {}: {done} of {} stories done</li>\n",
                esc(&site::file_id(&epic.id)),
                esc(&epic.id),
                esc(&epic.title),
                children.len()
            ));
        }
        out.push_str("</ul>\n");
        return out;
    }
    let mut out = site::chart(&crate::cli::roadmap::timeline_svg(&view));
    out.push_str("\n<table>\n<caption class=\"sr\">Releases</caption>\n<thead><tr><th scope=\"col\">Release</th><th scope=\"col\">Goal</th><th scope=\"col\">Target</th><th scope=\"col\">Forecast (50 %)</th><th scope=\"col\">Forecast (85 %)</th><th scope=\"col\">Progress</th><th scope=\"col\">Outlook</th></tr></thead>\n<tbody>\n");
    for r in &view.releases {
        let f = r.forecast.as_ref();
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} of {} points</td><td>{}</td></tr>\n",
            esc(&r.name),
            esc(r.goal.as_deref().unwrap_or("")),
            esc(r.target.as_deref().unwrap_or("")),
            esc(f.map(|f| f.date_50.as_str()).unwrap_or("")),
            esc(f.map(|f| f.date_85.as_str()).unwrap_or("")),
            r.done_points,
            r.points,
            esc(r.outlook.text())
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The dependencies page: the stories not done that depend on another or that another
/// depends on, drawn by `graph --format svg`, and the same as a list.
fn dependencies(backlog: &Backlog, stories: &[&Story]) -> String {
    let open: Vec<&Story> = stories
        .iter()
        .copied()
        .filter(|s| !backlog.config.is_done(&s.status))
        .collect();
    let ids: std::collections::HashSet<&str> = open.iter().map(|s| s.id.as_str()).collect();
    let included = |id: &str| ids.contains(id);
    let link = |id: &str| {
        format!(
            "<a href=\"stories/{}.html\">{}</a>",
            esc(&site::file_id(id)),
            esc(id)
        )
    };
    let items: Vec<String> = open
        .iter()
        .filter(|s| s.depends_on.iter().any(|d| included(d)))
        .map(|s| {
            let needs: Vec<String> = s
                .depends_on
                .iter()
                .filter(|d| included(d))
                .map(|d| link(d))
                .collect();
            format!(
                "<li>{} {} needs {}</li>",
                link(&s.id),
                esc(&s.title),
                needs.join(", ")
            )
        })
        .collect();
    if items.is_empty() {
        return "<p>No open story depends on another.</p>\n".into();
    }
    let mut linked: Vec<&str> = open
        .iter()
        .filter(|s| s.depends_on.iter().any(|d| included(d)))
        .flat_map(|s| {
            std::iter::once(s.id.as_str()).chain(
                s.depends_on
                    .iter()
                    .map(String::as_str)
                    .filter(|d| included(d)),
            )
        })
        .collect();
    linked.sort_unstable();
    linked.dedup();
    // Past a few hundred boxes a drawing is a wall nobody reads (and a browser may refuse
    // its size); the list says it all, and `graph --epic` draws a part.
    let drawing = if linked.len() <= MAX_DRAWN {
        format!(
            "<p>An arrow goes from a story to those that need it first done: the order of work. Done stories are left out.</p>\n{}",
            site::drawing(&crate::cli::graph::svg(&open, &backlog.config))
        )
    } else {
        format!(
            "<p>{} open stories depend on another or are depended on: too many to draw so that anyone could read it. The list below has them all; <code>git backlog graph --epic ID --format svg</code> draws one epic's.</p>\n",
            linked.len()
        )
    };
    format!(
        "{drawing}<h2>As a list</h2>\n<ul>\n{}\n</ul>\n",
        items.join("\n")
    )
}

/// The most stories the dependencies page draws.
const MAX_DRAWN: usize = 300;

/// The health page: `stats health`'s parts with the stories that fail them, and the flow
/// (cycle and lead time, throughput) from `stats flow`.
fn health(backlog: &Backlog, steps: &[backlog_core::history::Step]) -> String {
    let view = crate::cli::stats::health_view(backlog, steps, 30);
    let mut out = format!(
        "<p>Backlog health: <strong>{} / 100</strong>, the mean of the parts below.</p>\n<table>\n<caption class=\"sr\">Health by part</caption>\n<thead><tr><th scope=\"col\">Part</th><th scope=\"col\">Score</th><th scope=\"col\">Failing</th><th scope=\"col\">What it checks</th><th scope=\"col\">Stories</th></tr></thead>\n<tbody>\n",
        view.score
    );
    for p in &view.parts {
        let ids: Vec<String> = p
            .stories
            .iter()
            .map(|id| {
                let id = id.to_string();
                format!(
                    "<a href=\"stories/{}.html\">{}</a>",
                    esc(&site::file_id(&id)),
                    esc(&id)
                )
            })
            .collect();
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{} of {}</td><td>{}</td><td>{}</td></tr>\n",
            esc(p.name),
            p.score,
            p.failing,
            p.of,
            esc(&p.description),
            ids.join(", ")
        ));
    }
    out.push_str("</tbody>\n</table>\n<h2>Flow</h2>\n");
    let flow = metrics::flow(steps, &backlog.config, &|_| true);
    let days = |d: Option<f64>| d.map_or("none yet".to_string(), |d| format!("{d:.1} days"));
    out.push_str(&format!(
        "<table>\n<caption class=\"sr\">Cycle and lead time</caption>\n<tbody>\n<tr><th scope=\"row\">Stories finished</th><td>{}</td></tr>\n<tr><th scope=\"row\">Cycle time, median</th><td>{}</td></tr>\n<tr><th scope=\"row\">Cycle time, 85th percentile</th><td>{}</td></tr>\n<tr><th scope=\"row\">Lead time, median</th><td>{}</td></tr>\n<tr><th scope=\"row\">Lead time, 85th percentile</th><td>{}</td></tr>\n</tbody>\n</table>\n",
        flow.stories.len(),
        days(flow.cycle_median),
        days(flow.cycle_p85),
        days(flow.lead_median),
        days(flow.lead_p85)
    ));
    if !flow.throughput.is_empty() {
        out.push_str("<h2>Throughput</h2>\n<table>\n<caption class=\"sr\">Stories finished a week</caption>\n<thead><tr><th scope=\"col\">Week of</th><th scope=\"col\">Stories finished</th></tr></thead>\n<tbody>\n");
        for (week, n) in flow.throughput.iter().rev().take(12) {
            out.push_str(&format!("<tr><td>{}</td><td>{n}</td></tr>\n", esc(week)));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out
}
