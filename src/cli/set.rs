//! `set`: change fields, one line each.

use backlog_core::change::ChangeSet;
use backlog_core::fields::{self, Assignment};
use backlog_core::ops;

use crate::cli::change;
use crate::cli::{Ctx, Result, fail};

/// Change fields of a story: `set PAY-12 points=8 labels+=mobile sprint=`
///
/// `key=value` sets a field, `key=` removes it, `key+=a,b` and `key-=a` add to and remove
/// from a list. Each field changes on its own line; nothing else in the file moves. With
/// `--where`, every matching story changes, in one commit:
/// `set --where status=ready,label=payments sprint=2026-S25`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, or `-` to read IDs from stdin (one per line); none with --where
    #[arg(required_unless_present = "wheres")]
    pub id: Option<String>,
    /// Changes: `key=value`, `key=`, `key+=value`, `key-=value`
    #[arg(value_name = "KEY=VALUE")]
    pub changes: Vec<String>,
    #[command(flatten)]
    pub selection: change::Selection,
    /// Allow keys that config.yml does not declare, statuses outside the allowed moves, and
    /// references to stories that do not exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let bulk = !args.selection.wheres.is_empty();
    // With --where every word is a change: the first is no ID.
    let (ids, changes): (Vec<String>, Vec<String>) = if bulk {
        (
            Vec::new(),
            args.id.into_iter().chain(args.changes).collect(),
        )
    } else {
        (args.id.into_iter().collect(), args.changes)
    };
    // A change that names other stories or a release is checked against the whole
    // backlog; any other concerns the stories changed alone, read from their own files.
    let session = if bulk || change::refers(&changes) {
        change::open(ctx)?
    } else {
        change::open_for(ctx, &ids)?
    };
    let config = &session.backlog.config;
    if changes.is_empty() {
        return fail("no change given: add KEY=VALUE (such as points=5, labels+=api, sprint=)");
    }
    let assignments: Vec<Assignment> = changes
        .iter()
        .map(|a| Ok(fields::parse_assignment(a, config, args.force)?))
        .collect::<Result<_>>()?;
    let stories = if bulk {
        change::selected(&session, &args.selection)?
    } else {
        change::stories(&session, &ids)?
    };
    let mut set = ChangeSet::new("set fields of {n} stories");
    for story in stories {
        set.changes.extend(ops::set::set(
            &session.backlog,
            &session,
            story,
            &assignments,
            args.force,
        )?);
    }
    change::apply_as(ctx, &session, &set, args.force, args.selection.dry_run)
}
