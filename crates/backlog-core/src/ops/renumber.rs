//! Giving a story a new ID: its `id` line, its file name, and every reference to it.

use super::StoryFiles;
use super::lookup;
use crate::backlog::Backlog;
use crate::change::{Action, Change, ChangeSet, path_for_title};
use crate::config::FieldKind;
use crate::edit::Value;
use crate::error::{Error, Result, invalid};
use crate::story::{Story, id_problem};

/// What renumbering does: the change set, and whether references were left alone because
/// the old ID is still another story's (a duplicate).
pub struct Renumbering {
    pub set: ChangeSet,
    pub references_kept: bool,
}

/// A story named by its file (for one of two stories with one ID) or by its ID.
pub fn by_file_or_id<'b>(backlog: &'b Backlog, name: &str) -> Result<&'b Story> {
    if name.ends_with(".md") || name.contains('/') {
        let wanted = name.trim_start_matches("./");
        return backlog
            .stories
            .iter()
            .find(|s| s.path == wanted || s.path.ends_with(&format!("/{wanted}")))
            .ok_or_else(|| Error::Invalid(format!("no story file {wanted}")));
    }
    let found = backlog.find(name);
    if found.len() > 1 {
        let paths: Vec<&str> = found.iter().map(|s| s.path.as_str()).collect();
        return invalid(format!(
            "{name} is the ID of {} stories; name the one to renumber by its file, such as: git backlog renumber {}",
            found.len(),
            paths[paths.len() - 1]
        ));
    }
    Ok(lookup::find(backlog, name, true)?.story)
}

/// `new` must be a well-formed ID that no story has.
pub fn check_new_id(backlog: &Backlog, new: &str) -> Result<()> {
    if let Some(problem) = id_problem(new) {
        return invalid(format!("{new}: {problem}"));
    }
    if let Some(other) = backlog.find(new).first() {
        return invalid(format!("{new} is already the ID of {}", other.path));
    }
    Ok(())
}

/// Give `story` the ID `new`. When its old ID is unique, `depends_on` items, `epic` values
/// and whole-word mentions in every story are rewritten too.
pub fn renumber(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    story: &Story,
    new: &str,
) -> Result<Renumbering> {
    check_new_id(backlog, new)?;
    let old = story.id.clone();
    let unique = backlog.find(&old).len() == 1;
    let mut changes = Vec::new();
    // The story itself: its `id` line, its file name, and mentions of itself.
    let before = files.doc(story)?;
    let mut doc = before.clone();
    let id_value = Value::Text(new.to_string());
    doc.set("id", &id_value).map_err(Error::edit(&story.path))?;
    doc.verify_fields(&before, &[("id".into(), Some(id_value), FieldKind::Text)])
        .map_err(Error::edit(&story.path))?;
    if unique {
        doc.replace_mentions(&old, new)
            .map_err(Error::edit(&story.path))?;
    }
    changes.push(Change {
        id: new.into(),
        path: story.path.clone(),
        action: Action::Write {
            text: doc.text,
            rename_to: Some(path_for_title(&story.path, new, &story.title))
                .filter(|p| *p != story.path),
        },
        what: format!("renumber {old} -> {new}"),
    });
    if unique {
        for other in backlog.stories.iter().filter(|s| s.path != story.path) {
            changes.extend(rewrite_references(files, other, &old, new)?);
        }
    }
    Ok(Renumbering {
        set: ChangeSet {
            changes,
            subject: format!("renumber {old} -> {new} ({{n}} stories)"),
        },
        references_kept: !unique,
    })
}

/// The change that makes `other` refer to `new` wherever it referred to `old`.
fn rewrite_references(
    files: &dyn StoryFiles,
    other: &Story,
    old: &str,
    new: &str,
) -> Result<Option<Change>> {
    let old_owned = old.to_string();
    let refers = other.depends_on.contains(&old_owned)
        || other.epic.as_deref() == Some(old)
        || other.description.contains(old)
        || other.criteria.iter().any(|c| c.text.contains(old));
    if !refers {
        return Ok(None);
    }
    let before = files.doc(other)?;
    let mut doc = before.clone();
    let mut intended = Vec::new();
    if other.depends_on.contains(&old_owned) {
        let list: Vec<String> = other
            .depends_on
            .iter()
            .map(|d| if d == old { new.to_string() } else { d.clone() })
            .collect();
        doc.set_list("depends_on", &list)
            .map_err(Error::edit(&other.path))?;
        intended.push((
            "depends_on".to_string(),
            Some(Value::List(list)),
            FieldKind::List,
        ));
    }
    if other.epic.as_deref() == Some(old) {
        let value = Value::Text(new.to_string());
        doc.set("epic", &value).map_err(Error::edit(&other.path))?;
        intended.push(("epic".to_string(), Some(value), FieldKind::Text));
    }
    doc.verify_fields(&before, &intended)
        .map_err(Error::edit(&other.path))?;
    doc.replace_mentions(old, new)
        .map_err(Error::edit(&other.path))?;
    if doc.text == before.text {
        return Ok(None);
    }
    Ok(Some(Change::write(
        &other.id,
        &other.path,
        doc.text,
        format!("references {old} -> {new}"),
    )))
}
