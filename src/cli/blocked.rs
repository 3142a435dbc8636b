//! `blocked`: stories waiting on others, and on what.

use crate::cli::next::{Format, print};
use crate::cli::{Ctx, Paint, Result};
use backlog_core::check::graph;
use backlog_core::plan;

/// Stories that wait on others that are not done, with what they wait on
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let stories = plan::blocked(&backlog);
    let waits = |s: &backlog_core::story::Story| -> String {
        plan::waits_on(s, &backlog)
            .into_iter()
            .map(|(dep, status)| format!("{dep} ({})", status.unwrap_or("missing")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    print(ctx, &stories, args.format, waits)?;
    // A cycle is said once, not followed round.
    for cycle in graph::cycles(&backlog.stories) {
        let warning = ctx.paint("warning", Paint::Warning);
        let mut shown = cycle.clone();
        shown.push(cycle[0].clone());
        writeln!(
            ctx.err,
            "{warning}: dependency cycle: {} (none of these can start)",
            shown.join(" -> ")
        )?;
    }
    if args.format == Format::Table && stories.is_empty() {
        ctx.status("Nothing is blocked")?;
    }
    ctx.report_problems(&backlog)
}
