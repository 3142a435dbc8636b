//! `init`: create the backlog folder and commit it.

use crate::cli::{Ctx, Result};
use backlog_core::backlog::Backlog;
use backlog_core::change::ChangeSet;
use backlog_core::ops;
use backlog_git::Outcome;

use crate::exit;

/// Create backlog/ with a config, a story template and a stories folder, and commit them
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ID prefix: `PAY` gives PAY-1, PAY-2, … (letters and digits, starting with a letter)
    #[arg(long, default_value = "BL", env = "BACKLOG_PREFIX")]
    pub prefix: String,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let repo = ctx.repo()?;
    let lock = repo.lock()?;
    let root = repo.workdir().to_path_buf();
    let mut set = ops::init::init(&root, &args.prefix)?;
    // The merge driver for story files, so branches merge field by field. A
    // .gitattributes with the user's own changes is written but left out of our commit.
    repo.register_merge_driver()?;
    let attributes = std::fs::read_to_string(root.join(".gitattributes")).ok();
    let driver = ops::init::merge_driver_change(attributes.as_deref(), backlog_core::backlog::DIR);
    let mut theirs = None;
    if let Some(change) = driver {
        if repo.is_modified(".gitattributes")? {
            theirs = Some(change);
        } else {
            set.changes.push(change);
        }
    }
    let pending = repo.write_changes(&lock, &set)?;
    let config = Backlog::load_config(&root, &root)?;
    let outcome = if ctx.no_commit || !config.auto_commit {
        pending.keep()
    } else {
        pending.commit()?
    };
    if let Some(change) = theirs {
        repo.write_changes(
            &lock,
            &ChangeSet {
                changes: vec![change],
                subject: String::new(),
            },
        )?
        .keep();
        ctx.warn(&format!(
            ".gitattributes has changes of yours, so the merge driver's line ({}) was added to it but not committed; commit .gitattributes yourself, so that every clone merges stories field by field",
            ops::init::attributes_line(backlog_core::backlog::DIR)
        ))?;
    }
    let how = match outcome {
        Outcome::Committed(id) => format!("committed {id}"),
        _ => "not committed".to_string(),
    };
    ctx.status(&format!(
        "Initialized the backlog in {} with prefix {} ({how}). Next: git backlog new \"A story title\"",
        root.join("backlog").display(),
        args.prefix
    ))?;
    Ok(exit::OK)
}
