//! Deleting stories, refusing while others still point at them.

use super::StoryFiles;
use crate::backlog::Backlog;
use crate::change::{Action, Change, ChangeSet};
use crate::error::{Result, invalid};
use crate::story::Story;

/// What deleting stories does: the change set, and the references that it leaves
/// dangling (only with `force`; without it, any such reference refuses the deletion).
pub struct Removal {
    pub set: ChangeSet,
    pub dangling: Vec<String>,
}

/// Delete `doomed`. Unless `force`, refused while a story that stays depends on one of them
/// or names it as its epic, and while one holds uncommitted changes that would be lost.
pub fn remove(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    doomed: &[&Story],
    force: bool,
) -> Result<Removal> {
    for story in doomed {
        if !force && files.has_own_changes(story)? {
            return invalid(format!(
                "not deleting {}: it has changes that are not committed, which would be lost (commit them first, or pass --force)",
                story.path
            ));
        }
    }
    let gone = |id: &str| doomed.iter().any(|d| d.id == id);
    let mut dangling = Vec::new();
    for s in backlog.stories.iter().filter(|s| !gone(&s.id)) {
        for dep in s.depends_on.iter().filter(|d| gone(d)) {
            dangling.push(format!("{} depends on {dep} ({})", s.id, s.path));
        }
        if let Some(epic) = s.epic.as_deref().filter(|e| gone(e)) {
            dangling.push(format!("{} has {epic} as its epic ({})", s.id, s.path));
        }
    }
    if !dangling.is_empty() && !force {
        return invalid(format!(
            "not deleting: other stories refer to it:\n  {}\nChange those first, or pass --force",
            dangling.join("\n  ")
        ));
    }
    let changes = doomed
        .iter()
        .map(|s| Change {
            id: s.id.clone(),
            path: s.path.clone(),
            action: Action::Delete,
            what: format!("rm {:?}", s.title),
        })
        .collect();
    Ok(Removal {
        set: ChangeSet {
            changes,
            subject: "rm {n} stories".into(),
        },
        dangling,
    })
}
