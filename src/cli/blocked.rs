//! `blocked`: stories waiting on others, and on what.

use crate::cli::next::{Format, print};
use crate::cli::output::Output;
use crate::cli::{Ctx, Paint, Result};
use backlog_core::check::graph;
use backlog_core::plan;

/// Stories that wait on others that are not done, with what they wait on
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: Output<Format>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let stories = plan::blocked(backlog);
    let format = args.output.format();
    print(ctx, backlog, &stories, format)?;
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
    if format == Format::Table && stories.is_empty() {
        ctx.status("Nothing is blocked")?;
    }
    ctx.report_problems(backlog)
}
