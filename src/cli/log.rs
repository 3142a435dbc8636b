//! `log`: a story's history, field by field, from git.

use crate::cli::output::Output;
use crate::cli::{Ctx, Paint, Result, fail, find_story};
use crate::render::escape;
use backlog_core::view::change::StoryChange;
use backlog_core::view::log::LogView;

use crate::exit;

/// Show a story's history: the commits that changed it, newest first, in words
///
/// The story is followed by its ID, so renames are followed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID
    pub id: String,
    #[command(flatten)]
    pub output: Output<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    // The story's own file is enough (the history is git's); the whole backlog when its
    // name does not carry the ID.
    let (repo, backlog) = ctx.load_for(&[&args.id])?;
    // A story deleted from the work tree still has a history: then take the ID as given.
    let id = match find_story(ctx, &backlog, &args.id, false) {
        Ok(s) => s.id.clone(),
        Err(_) => args.id.trim().into(),
    };
    let entries = backlog_git::replay::story_log(&repo, &backlog, &id)?;
    if entries.is_empty() {
        return fail(format!(
            "no history for {id}: no commit has changed a story with this ID"
        ));
    }
    // A version that could not be read is shown as such, and makes the exit code 2, as
    // an unreadable file does for every read command.
    let unreadable = entries
        .iter()
        .flat_map(|e| &e.changes)
        .any(|c| matches!(c, StoryChange::Unreadable { .. }));
    match args.output.format() {
        Format::Json => ctx.json(LogView {
            id,
            commits: entries,
        })?,
        Format::Text => {
            for e in &entries {
                let head = format!(
                    "{}  {}  {}",
                    e.date,
                    ctx.paint(&e.short, Paint::Warning),
                    escape::line(&e.author)
                );
                writeln!(ctx.out, "{head}")?;
                for change in &e.changes {
                    writeln!(ctx.out, "    {}", escape::line(change.text()))?;
                }
            }
        }
    }
    if repo.is_shallow() {
        let warning = ctx.paint("warning", Paint::Warning);
        writeln!(
            ctx.err,
            "{warning}: this is a shallow clone, so older history is missing; run `git fetch --unshallow` for all of it"
        )?;
    }
    Ok(if unreadable { exit::ERROR } else { exit::OK })
}
