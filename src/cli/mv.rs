//! `move`: a story to another status of the workflow.

use crate::cli::change::{Action, Change, Session, apply, edit_error};
use crate::cli::{Ctx, Result, fail};
use crate::config::{Config, FieldKind};
use crate::edit::Value;
use crate::story::Story;
use crate::suggest;

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
        if !args.force {
            check_move(config, story, &args.status)?;
        }
        let before = session.doc(story)?;
        let mut doc = before.clone();
        let value = Value::Text(args.status.clone());
        doc.set("status", &value)
            .map_err(|e| edit_error(&story.path, e))?;
        doc.verify_fields(&before, &[("status".into(), Some(value), FieldKind::Text)])
            .map_err(|e| edit_error(&story.path, e))?;
        changes.push(Change {
            id: story.id.clone(),
            path: story.path.clone(),
            action: Action::Write {
                text: doc.text,
                rename_to: None,
            },
            what: format!("move {} -> {}", story.status, args.status),
        });
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
