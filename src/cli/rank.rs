//! `rank`: the backlog in order; moving one story; scored orders, explained and applied.

use crate::cli::change;
use crate::cli::output::Output;
use crate::cli::{Ctx, Error, Result, fail, find_story};
use crate::render::table::{self, Styled};
use backlog_core::view::Metric;
use backlog_core::view::rank::RankView;

use backlog_core::ops;
use backlog_core::ops::rank::shown_stories;
use backlog_core::rank::{self, Method, Ranked};

/// Show the backlog in order, move a story in the manual order, or order by score
///
/// Without arguments: the manual order (the `rank` keys). `rank ID --before X` moves one
/// story by rewriting its `rank` line. `--by wsjf` scores; `--explain` shows each term;
/// `--apply` writes a computed order into the rank keys, in one commit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story to move (with --top, --bottom, --before or --after)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Move the story to the top of the backlog
    #[arg(long, requires = "id", group = "position")]
    pub top: bool,
    /// Move the story to the bottom of the ranked stories
    #[arg(long, requires = "id", group = "position")]
    pub bottom: bool,
    /// Move the story just before this one
    #[arg(long, value_name = "ID", requires = "id", group = "position")]
    pub before: Option<String>,
    /// Move the story just after this one
    #[arg(long, value_name = "ID", requires = "id", group = "position")]
    pub after: Option<String>,
    /// Order by these methods, in turn (comma-separated): moscow, value-effort, wsjf,
    /// rice, score, manual
    #[arg(long, value_delimiter = ',', value_name = "METHODS")]
    pub by: Vec<String>,
    /// Show each term of the score and its contribution
    #[arg(long)]
    pub explain: bool,
    /// Write the computed order into the rank keys (one commit; only moved stories change)
    #[arg(long, requires = "by", conflicts_with = "id")]
    pub apply: bool,
    /// Rewrite every rank key evenly and short, keeping the order (one commit)
    #[arg(long, conflicts_with_all = ["id", "by", "apply"])]
    pub rebalance: bool,
    /// Include done stories
    #[arg(long, short = 'a')]
    pub all: bool,
    #[command(flatten)]
    pub output: Output<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Ids,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let methods: Vec<Method> = args
        .by
        .iter()
        .map(|m| {
            Method::parse(m).ok_or_else(|| {
                Error::Message(format!(
                    "unknown method {m:?}{} (methods: {})",
                    backlog_core::suggest::hint(m, Method::NAMES.iter().copied()),
                    Method::NAMES.join(", ")
                ))
            })
        })
        .collect::<Result<_>>()?;
    if args.rebalance {
        return rebalance(ctx);
    }
    if let Some(id) = &args.id {
        let position = if args.top {
            Position::Top
        } else if args.bottom {
            Position::Bottom
        } else if let Some(x) = &args.before {
            Position::Before(x.clone())
        } else if let Some(x) = &args.after {
            Position::After(x.clone())
        } else {
            return fail("say where to move it: --top, --bottom, --before ID or --after ID");
        };
        return move_story(ctx, id, position);
    }
    if args.apply {
        return apply_order(ctx, &methods, args.all);
    }
    let (_, backlog) = ctx.load()?;
    let stories = shown_stories(backlog, args.all);
    let ranked = rank::order(&stories, &methods, &backlog.config);
    print(ctx, &ranked, &methods, args.explain, args.output.format())?;
    ctx.report_problems(backlog)
}

fn move_story(ctx: &mut Ctx, id: &str, position: Position) -> Result<i32> {
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let story = find_story(ctx, backlog, id, true)?;
    let position = match &position {
        Position::Top => ops::rank::Position::Top,
        Position::Bottom => ops::rank::Position::Bottom,
        Position::Before(x) => ops::rank::Position::Before(find_story(ctx, backlog, x, true)?),
        Position::After(x) => ops::rank::Position::After(find_story(ctx, backlog, x, true)?),
    };
    let set = ops::rank::move_story(backlog, &session, story, position)?;
    change::apply(ctx, &session, &set)
}

enum Position {
    Top,
    Bottom,
    Before(String),
    After(String),
}

fn apply_order(ctx: &mut Ctx, methods: &[Method], all: bool) -> Result<i32> {
    let session = change::open(ctx)?;
    let set = ops::rank::apply_order(&session.backlog, &session, methods, all)?;
    change::apply(ctx, &session, &set)
}

fn rebalance(ctx: &mut Ctx) -> Result<i32> {
    let session = change::open(ctx)?;
    let set = ops::rank::rebalance(&session.backlog, &session)?;
    change::apply(ctx, &session, &set)
}

fn fmt(n: f64) -> String {
    Metric(n).to_string()
}

fn print(
    ctx: &mut Ctx,
    ranked: &[Ranked],
    methods: &[Method],
    explain: bool,
    format: Format,
) -> Result<()> {
    match format {
        Format::Ids => {
            for r in ranked {
                writeln!(ctx.out, "{}", r.story.id)?;
            }
        }
        Format::Json => ctx.json(RankView::new(ranked, methods))?,
        Format::Table => {
            let scored: Vec<&Method> = methods.iter().filter(|m| **m != Method::Manual).collect();
            let mut headers: Vec<String> =
                vec!["#".into(), "ID".into(), "Title".into(), "Status".into()];
            if scored.is_empty() {
                headers.extend(["Priority", "Points", "Value", "Rank"].map(String::from));
            }
            for m in &scored {
                headers.push(m.name().to_string());
            }
            if explain {
                headers.push("Terms".into());
            }
            let any_unscored = ranked
                .iter()
                .any(|r| r.scores.iter().any(|s| s.reason.is_some()));
            if any_unscored {
                headers.push("Unscored".into());
            }
            let rows = ranked
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let s = r.story;
                    let mut row = vec![
                        Styled::plain((i + 1).to_string()),
                        Styled {
                            text: s.id.to_string(),
                            color: Some(table::Color::Cyan),
                        },
                        Styled::plain(s.title.clone()),
                        Styled::plain(s.status.clone()),
                    ];
                    if scored.is_empty() {
                        for f in ["priority", "points", "value", "rank"] {
                            row.push(Styled::plain(s.field_text(f).unwrap_or_default()));
                        }
                    }
                    for score in &r.scores {
                        row.push(Styled::plain(
                            score.score.map_or_else(|| "-".to_string(), fmt),
                        ));
                    }
                    if explain {
                        let terms: Vec<String> = r
                            .scores
                            .iter()
                            .flat_map(|sc| sc.terms.iter())
                            .map(|t| match t.contribution {
                                Some(c) => format!("{} {} → {}", t.field, fmt(t.value), fmt(c)),
                                None => format!("{} {}", t.field, fmt(t.value)),
                            })
                            .collect();
                        row.push(Styled::plain(terms.join(", ")));
                    }
                    if any_unscored {
                        let reasons: Vec<String> = r
                            .scores
                            .iter()
                            .filter_map(|s| {
                                s.reason.as_ref().map(|why| format!("{}: {why}", s.method))
                            })
                            .collect();
                        row.push(Styled {
                            text: reasons.join("; "),
                            color: Some(table::Color::DarkGrey),
                        });
                    }
                    row
                })
                .collect();
            let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
            write!(
                ctx.out,
                "{}",
                table::render(&header_refs, rows, ctx.width, ctx.color)
            )?;
            let unscored = ranked.iter().filter(|r| r.unscored().is_some()).count();
            if unscored > 0 {
                ctx.status(&format!(
                    "{unscored} unscored stories are listed last, with the reason"
                ))?;
            }
        }
    }
    Ok(())
}
