//! Changing the acceptance criteria of a story, one line per change.

use super::StoryFiles;
use crate::change::Change;
use crate::edit::{Doc, EditError};
use crate::error::{Error, Result};
use crate::story::Story;

/// A change to the criteria. Numbers count from 1, as they are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CriteriaChange {
    /// Add unchecked criteria after the last one (the section is created if missing).
    Add(Vec<String>),
    /// Tick (`true`) or untick criteria.
    Check(Vec<usize>, bool),
    /// Replace the text of a criterion.
    Edit(usize, String),
    /// Remove a criterion.
    Remove(usize),
}

/// Make the change in the story's file; `None` when the file would not change.
pub fn change_criteria(
    files: &dyn StoryFiles,
    story: &Story,
    change: &CriteriaChange,
) -> Result<Option<Change>> {
    let before = files.doc(story)?;
    let mut doc = before.clone();
    let mut expected: Vec<(String, bool)> = before
        .criteria()
        .into_iter()
        .map(|c| (c.text, c.done))
        .collect();
    let what = apply(&mut doc, &mut expected, change).map_err(Error::edit(&story.path))?;
    doc.verify_criteria(&before, &expected)
        .map_err(Error::edit(&story.path))?;
    if doc.text == before.text {
        return Ok(None);
    }
    Ok(Some(Change::write(&story.id, &story.path, doc.text, what)))
}

/// Make the change in `doc` and in the list of criteria we expect to read back; returns
/// the words for the commit message.
fn apply(
    doc: &mut Doc,
    expected: &mut Vec<(String, bool)>,
    change: &CriteriaChange,
) -> std::result::Result<String, EditError> {
    Ok(match change {
        CriteriaChange::Add(texts) => {
            let mut added = Vec::new();
            for text in texts {
                doc.add_criterion(text)?;
                let text = doc
                    .criteria()
                    .last()
                    .map(|c| c.text.clone())
                    .unwrap_or_default();
                expected.push((text.clone(), false));
                added.push(text);
            }
            match added.as_slice() {
                [one] => format!("criterion added: {one}"),
                many => format!("{} criteria added: {}", many.len(), many.join("; ")),
            }
        }
        CriteriaChange::Check(numbers, done) => {
            for n in numbers {
                doc.check(*n, *done)?;
                expected[*n - 1].1 = *done;
            }
            let list: Vec<String> = numbers.iter().map(ToString::to_string).collect();
            let word = if *done { "checked" } else { "unchecked" };
            match list.as_slice() {
                [one] => format!("criterion {one} {word}"),
                many => format!("criteria {} {word}", many.join(", ")),
            }
        }
        CriteriaChange::Edit(number, text) => {
            doc.edit_criterion(*number, text)?;
            let new = doc.criteria()[*number - 1].text.clone();
            expected[*number - 1].0 = new.clone();
            format!("criterion {number} edited: {new}")
        }
        CriteriaChange::Remove(number) => {
            doc.remove_criterion(*number)?;
            let (text, _) = expected.remove(*number - 1);
            format!("criterion {number} removed: {text}")
        }
    })
}
