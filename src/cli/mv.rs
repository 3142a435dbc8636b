//! `move`: a story to another status of the workflow.

use crate::cli::change::{Session, apply};
use crate::cli::set::change_story;
use crate::cli::{Ctx, Result, fail};
use backlog_core::config::Config;
use backlog_core::fields::Assignment;
use backlog_core::story::Story;
use backlog_core::suggest;

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
    let session = Session::open(ctx)?;
    let config = &session.backlog.config;
    if !config.statuses.contains(&args.status) {
        return fail(format!(
            "unknown status {:?}{} (the workflow: {})",
            args.status,
            suggest::hint(&args.status, config.statuses.iter().map(String::as_str)),
            config.statuses.join(" -> ")
        ));
    }
    let mut changes = Vec::new();
    for story in session.stories(ctx, &args.ids)? {
        if story.status == args.status {
            ctx.status(&format!("{} is already {}", story.id, story.status))?;
            continue;
        }
        // A move is `set status=…`, with its own words in the commit message.
        let assignment = Assignment::text("status", &args.status);
        if let Some(mut change) = change_story(&session, story, &[assignment], args.force)? {
            change.what = format!("move {} -> {}", story.status, args.status);
            changes.push(change);
        }
    }
    apply(
        ctx,
        &session,
        changes,
        &format!("move {{n}} stories to {}", args.status),
    )
}

/// Refuse a move the workflow does not allow, saying which moves are.
pub fn check_move(config: &Config, story: &Story, to: &str) -> Result<()> {
    let allowed = config.moves_from(&story.status);
    if allowed.contains(&to) || story.status == to {
        return Ok(());
    }
    let options = if allowed.is_empty() {
        "none".to_string()
    } else {
        allowed.join(", ")
    };
    fail(format!(
        "{} cannot move from {} to {to}: from {} it can move to {options} (workflow.transitions in config.yml; --force overrides)",
        story.id, story.status, story.status
    ))
}
