//! A change set: the files one operation writes, creates or deletes, and what it did to
//! each in words. Operations return one; the storage layer writes and commits it whole.

use crate::slug;
use crate::types::{RepoPath, StoryId};

/// One file an operation changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The story's ID; empty for a file that is no story (the config, `.gitattributes`).
    pub id: StoryId,
    /// The file as it is now, relative to the top of the work tree, `/`-separated.
    pub path: RepoPath,
    pub action: Action,
    /// What changed, in words: `move ready -> doing`.
    pub what: String,
}

/// What happens to the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new file with this text; it must not exist yet.
    Create { text: String },
    /// Replace the file's text; with `rename_to`, the file moves to that path.
    Write {
        text: String,
        rename_to: Option<String>,
    },
    /// Remove the file.
    Delete,
}

impl Change {
    /// A change that writes `text` to the story's file, in place.
    pub fn write(id: &str, path: &str, text: String, what: impl Into<String>) -> Change {
        Change {
            id: id.into(),
            path: path.into(),
            action: Action::Write {
                text,
                rename_to: None,
            },
            what: what.into(),
        }
    }
}

/// The changes of one operation, committed together or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    pub changes: Vec<Change>,
    /// The commit message's first line when several stories change, with `{n}` for their
    /// number: `move {n} stories to doing`.
    pub subject: String,
}

impl ChangeSet {
    pub fn new(subject: impl Into<String>) -> ChangeSet {
        ChangeSet {
            changes: Vec::new(),
            subject: subject.into(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The commit message: `backlog(PAY-1): what` for one story's change; else the
    /// subject, then one line per story change (files that are no story are not listed).
    pub fn message(&self) -> String {
        let stories: Vec<&Change> = self.changes.iter().filter(|c| !c.id.is_empty()).collect();
        match (self.changes.as_slice(), stories.as_slice()) {
            ([_], [one]) => format!("backlog({}): {}", one.id, one.what),
            (_, []) => format!("backlog: {}", self.subject.replace("{n}", "0")),
            (_, many) => {
                let mut ids: Vec<&str> = many.iter().map(|c| c.id.as_str()).collect();
                ids.dedup();
                let mut m = format!(
                    "backlog: {}\n\n",
                    self.subject.replace("{n}", &ids.len().to_string())
                );
                for c in many {
                    m.push_str(&format!("{}: {}\n", c.id, c.what));
                }
                m
            }
        }
    }
}

/// The path a story's file should have for `title`, in the same folder.
pub fn path_for_title(path: &str, id: &str, title: &str) -> String {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let name = slug::file_name(id, title);
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_one_story_or_list_many() {
        let mut set = ChangeSet::new("move {n} stories to doing");
        set.changes.push(Change::write(
            "A-1",
            "a.md",
            String::new(),
            "move ready -> doing",
        ));
        assert_eq!(set.message(), "backlog(A-1): move ready -> doing");
        set.changes.push(Change::write(
            "A-2",
            "b.md",
            String::new(),
            "move draft -> doing",
        ));
        assert_eq!(
            set.message(),
            "backlog: move 2 stories to doing\n\nA-1: move ready -> doing\nA-2: move draft -> doing\n"
        );
    }

    #[test]
    fn renamed_files_follow_the_title_in_their_folder() {
        assert_eq!(
            path_for_title("backlog/stories/A-1-old.md", "A-1", "New name"),
            "backlog/stories/A-1-new-name.md"
        );
    }
}
