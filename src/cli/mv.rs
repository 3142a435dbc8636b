//! `move`: a story to another status of the workflow.

use backlog_core::change::ChangeSet;
use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Result};

/// Move stories to another status: `move PAY-12 doing`
///
/// The status must be one of the workflow's; `workflow.transitions` in config.yml can
/// limit which moves are allowed. `list --format ids | git backlog move - doing` moves
/// many stories in one commit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stories' IDs, or `-` to read IDs from stdin
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// The status to move to
    pub status: String,
    /// Allow a move that `workflow.transitions` does not
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    ops::set::check_status(&backlog.config, &args.status)?;
    let mut set = ChangeSet::new(format!("move {{n}} stories to {}", args.status));
    for story in change::stories(&session, &args.ids)? {
        match ops::set::move_to(backlog, &session, story, &args.status, args.force)? {
            Some(change) => set.changes.push(change),
            None if story.status == args.status => {
                ctx.status(&format!("{} is already {}", story.id, story.status))?;
            }
            None => {}
        }
    }
    change::apply_forced(ctx, &session, &set, args.force)
}
