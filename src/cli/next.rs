//! `next`: what to start now.

use crate::cli::{Ctx, Result};
use crate::render::table::{self, Styled};
use backlog_core::plan;
use backlog_core::story::Story;

/// Stories to start now: ready, with every dependency done, in rank order
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many to show
    #[arg(short = 'n', long = "count", value_name = "N")]
    pub count: Option<usize>,
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
    let (_, backlog) = ctx.load()?;
    let mut stories = plan::next(&backlog);
    stories.truncate(args.count.unwrap_or(usize::MAX));
    print(ctx, &stories, args.format, |_| String::new())?;
    if args.format == Format::Table {
        let note = match stories.len() {
            0 => format!(
                "Nothing to start: no story in {} has all its dependencies done (see `git backlog blocked`)",
                backlog.config.ready_statuses.join(", ")
            ),
            n => format!("{n} ready to start"),
        };
        ctx.status(&note)?;
    }
    ctx.report_problems(&backlog)
}

/// A short list of stories as a table, JSON or IDs; `extra` adds a last column.
pub fn print(
    ctx: &mut Ctx,
    stories: &[&Story],
    format: Format,
    extra: impl Fn(&Story) -> String,
) -> Result<()> {
    match format {
        Format::Ids => {
            for s in stories {
                writeln!(ctx.out, "{}", s.id)?;
            }
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = stories
                .iter()
                .map(|s| {
                    let mut v = serde_json::json!({
                        "id": s.id, "title": s.title, "status": s.status, "priority": s.priority,
                        "points": s.points, "value": s.value, "depends_on": s.depends_on, "path": s.path,
                    });
                    let more = extra(s);
                    if !more.is_empty() {
                        v["waits_on"] = serde_json::Value::String(more);
                    }
                    v
                })
                .collect();
            let doc =
                serde_json::json!({ "version": crate::render::json::VERSION, "stories": items });
            ctx.json(&doc)?;
        }
        Format::Table if stories.is_empty() => {}
        Format::Table => {
            let with_extra = stories.iter().any(|s| !extra(s).is_empty());
            let mut headers = vec!["ID", "Title", "Status", "Priority", "Points", "Value"];
            if with_extra {
                headers.push("Waits on");
            }
            let rows = stories
                .iter()
                .map(|s| {
                    let mut row = vec![Styled {
                        text: s.id.clone(),
                        color: Some(table::Color::Cyan),
                    }];
                    for f in ["title", "status", "priority", "points", "value"] {
                        row.push(Styled::plain(s.field_text(f).unwrap_or_default()));
                    }
                    if with_extra {
                        row.push(Styled {
                            text: extra(s),
                            color: Some(table::Color::Yellow),
                        });
                    }
                    row
                })
                .collect();
            write!(
                ctx.out,
                "{}",
                table::render(&headers, rows, ctx.width, ctx.color)
            )?;
        }
    }
    Ok(())
}
