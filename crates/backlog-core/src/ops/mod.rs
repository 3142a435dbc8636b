//! The operations on a backlog: each takes the model (and the current text of the files it
//! edits) and returns the change it makes, as a [`Change`](crate::change::Change) or a
//! [`ChangeSet`](crate::change::ChangeSet). Nothing here writes a file or commits: the
//! storage layer does that, whole or not at all.

pub mod ac;
pub mod create;
pub mod edit;
pub mod gate;
pub mod init;
pub mod lookup;
pub mod rank;
pub mod release;
pub mod remove;
pub mod renumber;
pub mod set;
pub mod split;
pub mod sprint;

use crate::edit::Doc;
use crate::error::{Error, Result};
use crate::story::Story;

/// Where operations read the current text of a story file. The storage layer implements
/// it, and refuses there a file that holds the user's own uncommitted changes.
pub trait StoryFiles {
    /// The file's text now.
    fn text(&self, story: &Story) -> Result<String>;

    /// Whether the file holds changes of the user's own that are not committed.
    fn has_own_changes(&self, story: &Story) -> Result<bool>;

    /// The file, ready for minimal edits.
    fn doc(&self, story: &Story) -> Result<Doc> {
        Doc::parse(self.text(story)?).map_err(Error::edit(&story.path))
    }
}
