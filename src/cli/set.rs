//! `set`: change fields, one line each.

use backlog_core::change::ChangeSet;
use backlog_core::fields::{self, Assignment};
use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Result};

/// Change fields of a story: `set PAY-12 points=8 labels+=mobile sprint=`
///
/// `key=value` sets a field, `key=` removes it, `key+=a,b` and `key-=a` add to and remove
/// from a list. Each field changes on its own line; nothing else in the file moves.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, or `-` to read IDs from stdin (one per line)
    pub id: String,
    /// Changes: `key=value`, `key=`, `key+=value`, `key-=value`
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub changes: Vec<String>,
    /// Allow keys that config.yml does not declare, statuses outside the allowed moves, and
    /// references to stories that do not exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = change::open(ctx)?;
    let config = &session.backlog.config;
    let assignments: Vec<Assignment> = args
        .changes
        .iter()
        .map(|a| Ok(fields::parse_assignment(a, config, args.force)?))
        .collect::<Result<_>>()?;
    let mut set = ChangeSet::new("set fields of {n} stories");
    for story in change::stories(&session, std::slice::from_ref(&args.id))? {
        set.changes.extend(ops::set::set(
            &session.backlog,
            &session,
            story,
            &assignments,
            args.force,
        )?);
    }
    change::apply_forced(ctx, &session, &set, args.force)
}
