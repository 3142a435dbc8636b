//! `reject`: the product owner says no.

use backlog_core::change::ChangeSet;
use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Result};

/// Say no to stories, with the reason: they leave `next`, sprint plans and release
/// forecasts, and `list` hides them unless asked
///
/// Writes `outcome: rejected` and `reason:` in each story (two lines, one commit), so the
/// decision and its reason stay in the story's history. `set ID outcome= reason=` takes it
/// back.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stories' IDs, or `-` to read IDs from stdin
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Why: "Not in line with the product goal"
    #[arg(long, required = true)]
    pub reason: String,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = change::open(ctx)?;
    let mut set = ChangeSet::new("reject {n} stories");
    for story in change::stories(&session, &args.ids)? {
        set.changes.extend(ops::set::reject(
            &session.backlog,
            &session,
            story,
            &args.reason,
        )?);
    }
    change::apply(ctx, &session, &set)
}
