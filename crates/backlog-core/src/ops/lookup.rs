//! Finding the story a user names: by ID, exactly or ignoring case.

use crate::backlog::Backlog;
use crate::error::{Error, Result};
use crate::story::Story;

/// A story found by ID; `others` are the files of further stories with the same ID.
pub struct Found<'b> {
    pub story: &'b Story,
    pub others: Vec<&'b str>,
}

/// The story with this ID, in any case (IDs compare without regard to case). An
/// unknown ID is an error naming the closest IDs, and the reason if the story's file
/// cannot be read. Two stories with the ID are an error when `writing`, since we would not
/// know which to change; when reading, the first is found and the others are named.
pub fn find<'b>(backlog: &'b Backlog, id: &str, writing: bool) -> Result<Found<'b>> {
    let id = id.trim();
    let found = backlog.find(id);
    match found.as_slice() {
        [] => Err(match backlog.problem_for(id) {
            Some(problem) => Error::Unreadable {
                id: backlog
                    .problem_id(problem)
                    .unwrap_or_else(|| id.into())
                    .into(),
                problem: problem.clone(),
            },
            None => Error::NoStory {
                id: id.into(),
                closest: backlog.closest_ids(id, 3),
            },
        }),
        [one] => Ok(Found {
            story: one,
            others: Vec::new(),
        }),
        [first, rest @ ..] => {
            if writing {
                let mut paths = vec![first.path.clone()];
                paths.extend(rest.iter().map(|s| s.path.clone()));
                return Err(Error::Duplicate {
                    id: first.id.clone(),
                    paths,
                });
            }
            Ok(Found {
                story: first,
                others: rest.iter().map(|s| s.path.as_str()).collect(),
            })
        }
    }
}

/// The stories named by `ids`, for a change: each once, in the order given.
pub fn find_all<'b>(backlog: &'b Backlog, ids: &[String]) -> Result<Vec<&'b Story>> {
    let mut stories: Vec<&Story> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        let story = find(backlog, id, true)?.story;
        if seen.insert(story.path.as_str()) {
            stories.push(story);
        }
    }
    Ok(stories)
}
