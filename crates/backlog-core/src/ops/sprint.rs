//! Putting stories into a sprint.

use super::StoryFiles;
use super::set::set;
use crate::backlog::Backlog;
use crate::change::ChangeSet;
use crate::error::Result;
use crate::fields::Assignment;
use crate::story::Story;

/// Set `sprint: NAME` on each of `stories` (a planned sprint), in one change set.
pub fn assign(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    stories: &[&Story],
    sprint: &str,
) -> Result<ChangeSet> {
    let mut out = ChangeSet::new(format!("plan {sprint}: {{n}} stories"));
    for story in stories {
        let assignment = Assignment::text("sprint", sprint);
        out.changes
            .extend(set(backlog, files, story, &[assignment], true)?);
    }
    Ok(out)
}
