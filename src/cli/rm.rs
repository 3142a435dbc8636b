//! `rm`: delete stories, refusing while others still point at them.

use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Paint, Result};

/// Delete stories (refused while other stories depend on them or name them as epic)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stories' IDs, or `-` to read IDs from stdin
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Delete even if other stories refer to them, and list those references
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = change::open(ctx)?;
    let doomed = change::stories(&session, &args.ids)?;
    let removal = ops::remove::remove(&session.backlog, &session, &doomed, args.force)?;
    for d in &removal.dangling {
        let warning = ctx.paint("warning", Paint::Warning);
        writeln!(ctx.err, "{warning}: now dangling: {d}")?;
    }
    change::apply(ctx, &session, &removal.set)
}
