//! `next`: what to start now.

use crate::cli::output::Output;
use crate::cli::{Ctx, Result};
use crate::render::table::{self, Styled};
use backlog_core::backlog::Backlog;
use backlog_core::plan;
use backlog_core::story::Story;
use backlog_core::view::story::{BriefListView, BriefView};

/// Stories to start now: ready, with every dependency done, in rank order
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many to show
    #[arg(short = 'n', long = "count", value_name = "N")]
    pub count: Option<usize>,
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
    let (_, backlog) = ctx.load()?;
    let mut stories = plan::next(backlog);
    stories.truncate(args.count.unwrap_or(usize::MAX));
    let format = args.output.format();
    print(ctx, backlog, &stories, format)?;
    if format == Format::Table {
        let note = match stories.len() {
            0 => format!(
                "Nothing to start: no story in {} has all its dependencies done (see `git backlog blocked`)",
                backlog.config.ready_statuses.join(", ")
            ),
            n => format!("{n} ready to start"),
        };
        ctx.status(&note)?;
    }
    ctx.report_problems(backlog)
}

/// A short list of stories as a table, JSON or IDs; what a story waits on (if anything)
/// is a last column.
pub fn print(ctx: &mut Ctx, backlog: &Backlog, stories: &[&Story], format: Format) -> Result<()> {
    let extra = |s: &Story| -> String {
        plan::waits_on(s, backlog)
            .into_iter()
            .map(|(dep, status)| format!("{dep} ({})", status.unwrap_or("missing")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match format {
        Format::Ids => {
            for s in stories {
                writeln!(ctx.out, "{}", s.id)?;
            }
        }
        Format::Json => ctx.json(BriefListView {
            stories: stories.iter().map(|s| BriefView::new(s, backlog)).collect(),
        })?,
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
                        text: s.id.to_string(),
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
