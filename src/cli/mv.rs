//! `move`: a story to another status of the workflow.

use backlog_core::change::ChangeSet;
use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Result, fail};

/// Move stories to another status: `move PAY-12 doing`
///
/// The status must be one of the workflow's; `workflow.transitions` in config.yml can
/// limit which moves are allowed. `list --format ids | git backlog move - doing` and
/// `move --where status=review done` move many stories in one commit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stories' IDs (or `-` to read them from stdin), then the status to move to; with
    /// --where, only the status
    #[arg(required = true, value_name = "ID… STATUS")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub selection: change::Selection,
    /// Allow a move that `workflow.transitions` does not
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    // `move ID… STATUS`, or `move --where … STATUS`: the last word is the status.
    let bulk = !args.selection.wheres.is_empty();
    let mut ids = args.ids;
    let status = ids.pop().unwrap_or_default();
    match (bulk, ids.len()) {
        (true, 0) | (false, 1..) => {}
        (true, _) => {
            return fail("with --where, give only the status: move --where status=review done");
        }
        (false, 0) => {
            return fail("give the IDs to move, then the status, such as `move PAY-1 doing`");
        }
    }
    // A move concerns the stories moved alone: only their files are read.
    let session = if bulk {
        change::open(ctx)?
    } else {
        change::open_for(ctx, &ids)?
    };
    let backlog = &session.backlog;
    ops::set::check_status(&backlog.config, &status)?;
    let mut set = ChangeSet::new(format!("move {{n}} stories to {status}"));
    let stories = if bulk {
        change::selected(&session, &args.selection)?
    } else {
        change::stories(&session, &ids)?
    };
    for story in stories {
        match ops::set::move_to(backlog, &session, story, &status, args.force)? {
            Some(change) => set.changes.push(change),
            None if story.status == status => {
                ctx.status(&format!("{} is already {}", story.id, story.status))?;
            }
            None => {}
        }
    }
    change::apply_as(ctx, &session, &set, args.force, args.selection.dry_run)
}
