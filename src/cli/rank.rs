//! `rank`: the backlog in order; moving one story; scored orders, explained and applied.

use crate::cli::change::{Change, Session, apply};
use crate::cli::set::change_story;
use crate::cli::{Ctx, Error, Result, fail, find_story};
use crate::render;
use crate::render::table::{self, Styled};
use backlog_core::backlog::Backlog;
use backlog_core::fields::Assignment;
use backlog_core::query::manual_order;
use backlog_core::rank::{self, Method, Ranked};
use backlog_core::story::{Num, Story, id_order};

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
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
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
    let stories = shown_stories(&backlog, args.all);
    let ranked = rank::order(&stories, &methods, &backlog.config);
    print(ctx, &ranked, &methods, args.explain, args.format)?;
    ctx.report_problems(&backlog)
}

enum Position {
    Top,
    Bottom,
    Before(String),
    After(String),
}

/// The stories `rank` orders: all but the done ones, unless `all`.
fn shown_stories(backlog: &Backlog, all: bool) -> Vec<&Story> {
    backlog
        .stories
        .iter()
        .filter(|s| all || !backlog.config.is_done(&s.status))
        .collect()
}

/// Every story in the manual order.
fn manual(backlog: &Backlog) -> Vec<&Story> {
    let mut all: Vec<&Story> = backlog.stories.iter().collect();
    all.sort_by(|a, b| manual_order(a, b));
    all
}

fn move_story(ctx: &mut Ctx, id: &str, position: Position) -> Result<i32> {
    let session = Session::open(ctx)?;
    let backlog = &session.backlog;
    let story = find_story(ctx, backlog, id, true)?;
    let mut order: Vec<&Story> = manual(backlog)
        .into_iter()
        .filter(|s| s.id != story.id)
        .collect();
    let at = match &position {
        Position::Top => 0,
        Position::Bottom => order.iter().take_while(|s| s.rank.is_some()).count(),
        Position::Before(x) | Position::After(x) => {
            let anchor = find_story(ctx, backlog, x, true)?;
            if anchor.id == story.id {
                return fail(format!("{} cannot move relative to itself", story.id));
            }
            let i = order.iter().position(|s| s.id == anchor.id).unwrap_or(0);
            if matches!(position, Position::After(_)) {
                i + 1
            } else {
                i
            }
        }
    };
    order.insert(at, story);
    let old = manual(backlog)
        .iter()
        .position(|s| s.id == story.id)
        .unwrap_or(0);
    let changes = rekey(&session, &order, Some(&story.id))?;
    let places = |n: usize| {
        if n == 1 {
            "1 place".to_string()
        } else {
            format!("{n} places")
        }
    };
    let words = if at < old {
        format!("moved up {}", places(old - at))
    } else if at > old {
        format!("moved down {}", places(at - old))
    } else {
        "rank unchanged".to_string()
    };
    let changes = changes
        .into_iter()
        .map(|mut c| {
            if c.id == story.id {
                c.what = format!("rank {words}");
            }
            c
        })
        .collect();
    apply(
        ctx,
        &session,
        changes,
        &format!("rank {} ({words})", story.id),
    )
}

/// Changes that make the manual order `target`, re-keying as few stories as possible.
/// The `moved` story is re-keyed even when its old key would fit, so a move is a move.
fn rekey(session: &Session, target: &[&Story], moved: Option<&str>) -> Result<Vec<Change>> {
    if let Some(bad) = target
        .iter()
        .find(|s| s.rank.as_deref().is_some_and(|k| !rank::is_key(k)))
    {
        return fail(format!(
            "{} has a rank key git-backlog does not write ({:?}); run `git backlog rank --rebalance` to rewrite all keys",
            bad.id,
            bad.rank.as_deref().unwrap_or_default()
        ));
    }
    // Unranked stories at the end, already in ID order, can stay unranked: they sort
    // there anyway.
    let mut end = target.len();
    while end > 0 {
        let s = target[end - 1];
        let in_place = s.rank.is_none()
            && moved != Some(s.id.as_str())
            && (end == target.len() || id_order(&s.id, &target[end].id).is_lt());
        if !in_place {
            break;
        }
        end -= 1;
    }
    let keys: Vec<Option<&str>> = target[..end]
        .iter()
        .map(|s| {
            if moved == Some(s.id.as_str()) {
                None
            } else {
                s.rank.as_deref()
            }
        })
        .collect();
    let positions = rank::to_rekey(&keys);
    let Some(new) = rank::new_keys(&keys, &positions) else {
        return fail(format!(
            "the rank keys would grow past {} characters; run `git backlog rank --rebalance` first (one commit, order kept)",
            rank::MAX_KEY_LEN
        ));
    };
    let mut changes = Vec::new();
    for (i, key) in new {
        changes.extend(rank_change(session, target[i], &key)?);
    }
    Ok(changes)
}

fn apply_order(ctx: &mut Ctx, methods: &[Method], all: bool) -> Result<i32> {
    let session = Session::open(ctx)?;
    let backlog = &session.backlog;
    let shown = shown_stories(backlog, all);
    let ranked = rank::order(&shown, methods, &backlog.config);
    // Stories not ordered here (done ones) keep their place after the ordered ones.
    let mut target: Vec<&Story> = ranked.iter().map(|r| r.story).collect();
    target.extend(
        manual(backlog)
            .into_iter()
            .filter(|s| !shown.iter().any(|x| x.id == s.id)),
    );
    let changes = rekey(&session, &target, None)?;
    let by: Vec<&str> = methods.iter().map(|m| m.name()).collect();
    apply(
        ctx,
        &session,
        changes,
        &format!("rank {{n}} stories by {}", by.join(",")),
    )
}

/// The change that gives `story` the rank key `key`, if it does not have it already.
fn rank_change(session: &Session, story: &Story, key: &str) -> Result<Option<Change>> {
    if story.rank.as_deref() == Some(key) {
        return Ok(None);
    }
    let change = change_story(session, story, &[Assignment::text("rank", key)], true)?;
    Ok(change.map(|c| Change {
        what: format!("rank {key}"),
        ..c
    }))
}

fn rebalance(ctx: &mut Ctx) -> Result<i32> {
    let session = Session::open(ctx)?;
    let order: Vec<&Story> = manual(&session.backlog)
        .into_iter()
        .filter(|s| s.rank.is_some())
        .collect();
    let keys = rank::spread(order.len());
    let mut changes = Vec::new();
    for (story, key) in order.iter().zip(keys) {
        changes.extend(rank_change(&session, story, &key)?);
    }
    apply(ctx, &session, changes, "rank: rebalance {n} keys")
}

fn fmt(n: f64) -> String {
    let rounded = (n * 100.0).round() / 100.0;
    Num(rounded).to_string()
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
        Format::Json => {
            let by: Vec<&str> = methods.iter().map(|m| m.name()).collect();
            let stories: Vec<serde_json::Value> = ranked
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    serde_json::json!({
                        "position": i + 1,
                        "id": r.story.id,
                        "title": r.story.title,
                        "status": r.story.status,
                        "rank": r.story.rank,
                        "unscored": r.unscored(),
                        "scores": r.scores,
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "version": render::json::VERSION,
                "by": if by.is_empty() { vec!["manual"] } else { by },
                "stories": stories,
            });
            ctx.json(&doc)?;
        }
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
                            text: s.id.clone(),
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
