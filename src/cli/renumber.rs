//! `renumber`: give a story a new ID, rename its file, rewrite every reference to it.

use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Result};

/// Give a story a new ID: rename its file and rewrite every reference to it, in one commit
///
/// References are `depends_on` items, `epic` values and mentions of the ID in story bodies.
/// For one of two stories with the same ID, name it by its file; the references are then
/// left alone, since they may mean either story.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, or the path of its file (for one of two duplicates)
    pub story: String,
    /// The new ID (default: the next free one)
    pub new: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let story = ops::renumber::by_file_or_id(backlog, &args.story)?;
    let new = match &args.new {
        Some(new) => new.clone(),
        None => session.next_id()?,
    };
    let renumbering = ops::renumber::renumber(backlog, &session, story, &new)?;
    if renumbering.references_kept {
        ctx.status(&format!(
            "{0} is still the ID of another story, so references to {0} were left as they are",
            story.id
        ))?;
    }
    change::apply(ctx, &session, &renumbering.set)
}
