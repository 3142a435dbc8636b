//! The core's errors: what an operation refuses, or could not do, and why. The binary maps
//! them to exit codes in one place.

use crate::backlog::{LoadError, Problem};
use crate::edit::EditError;
use crate::types::{RepoPath, StoryId};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No story has this ID.
    #[error("no story {id}{}", closest_hint(.closest))]
    NoStory { id: StoryId, closest: Vec<String> },
    /// The story's file exists but cannot be read.
    #[error(
        "{problem}\n(the story {id} cannot be read; fix the file first, for example with `git backlog edit {id}`)"
    )]
    Unreadable { id: StoryId, problem: Problem },
    /// Two stories have this ID, so a change would not know which one to change.
    #[error(
        "{id} is the ID of more than one story ({}); give one of them a new ID first: git backlog renumber {}",
        .paths.join(", "),
        .paths.last().map_or("", |p| p.as_str())
    )]
    Duplicate { id: StoryId, paths: Vec<RepoPath> },
    /// An edit of the file could not be made exactly, so nothing was written.
    #[error("{path}{}", edit_suffix(.source))]
    Edit { path: RepoPath, source: EditError },
    /// A request the backlog's rules or the given values do not allow.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: RepoPath,
        source: std::io::Error,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The storage layer failed (reading git's status of a file, say).
    #[error(transparent)]
    Storage(Box<dyn std::error::Error + Send + Sync>),
}

pub type Result<T> = std::result::Result<T, Error>;

/// After a path: `:3:8: message` for a place in the file, `: message` otherwise.
fn edit_suffix(e: &EditError) -> String {
    match e {
        EditError::Parse(_) => format!(":{e}"),
        _ => format!(": {e}"),
    }
}

/// ` (closest: )`, or nothing.
pub fn closest_hint(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!(" (closest: {})", closest.join(", "))
    }
}

impl Error {
    /// An edit error in the file `path`.
    pub fn edit(path: &str) -> impl FnOnce(EditError) -> Error + '_ {
        move |source| Error::Edit {
            path: path.into(),
            source,
        }
    }
}

/// Refuse with a message.
pub fn invalid<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Invalid(message.into()))
}
