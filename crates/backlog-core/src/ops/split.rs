//! Splitting a story into smaller ones: children that inherit the parent's place (epic,
//! release, sprint, labels, priority), criteria moved to them, and the parent turned into
//! their epic or closed. One change set, so one commit.

use super::StoryFiles;
use super::create::{self, NewStory};
use crate::backlog::Backlog;
use crate::change::{Change, ChangeSet};
use crate::error::{Error, Result, invalid};
use crate::fields;
use crate::story::Story;

/// What becomes of the story that is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parent {
    /// It becomes the epic of its children (its estimate goes: theirs replace it).
    Epic,
    /// It is closed as rejected, with "split into …" as the reason.
    Close,
}

/// The fields children take from the parent unless told otherwise.
pub const INHERITED: &[&str] = &["epic", "release", "sprint", "labels", "priority"];

/// How to split.
#[derive(Debug, Clone)]
pub struct Split {
    pub titles: Vec<String>,
    /// (criterion of the parent, child), both counted from 1: the criterion moves.
    pub moves: Vec<(usize, usize)>,
    pub parent: Parent,
    /// Which of [`INHERITED`] the children take.
    pub inherit: Vec<String>,
}

/// The changes that split `parent` into children with the IDs `ids` (one per title).
pub fn split(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    parent: &Story,
    how: &Split,
    ids: &[String],
    today: &str,
) -> Result<ChangeSet> {
    let config = &backlog.config;
    if how.titles.len() < 2 && how.parent == Parent::Epic {
        return invalid(
            "split into at least two stories (or pass --parent close to replace it with one)",
        );
    }
    if let Some(unknown) = how
        .inherit
        .iter()
        .find(|f| !INHERITED.contains(&f.as_str()))
    {
        return invalid(format!(
            "--inherit {unknown:?}: children can inherit {}",
            INHERITED.join(", ")
        ));
    }
    let mut moved = Vec::new();
    for &(criterion, child) in &how.moves {
        if criterion == 0 || criterion > parent.criteria.len() {
            let n = parent.criteria.len();
            return invalid(format!(
                "--move-ac {criterion}:{child}: {} has {n} {}",
                parent.id,
                if n == 1 { "criterion" } else { "criteria" }
            ));
        }
        if child == 0 || child > how.titles.len() {
            return invalid(format!(
                "--move-ac {criterion}:{child}: there are {} new stories",
                how.titles.len()
            ));
        }
        if moved.contains(&criterion) {
            return invalid(format!("--move-ac: criterion {criterion} is moved twice"));
        }
        moved.push(criterion);
    }
    let takes = |field: &str| how.inherit.iter().any(|f| f == field);
    let mut set = ChangeSet::new(format!("split {} into {}", parent.id, ids.join(", ")));
    for (i, (title, id)) in how.titles.iter().zip(ids).enumerate() {
        let mut new = NewStory {
            title: title.clone(),
            kind: Some(if parent.kind == "epic" {
                config.types[0].clone()
            } else {
                parent.kind.clone()
            }),
            priority: parent.priority.clone().filter(|_| takes("priority")),
            sprint: parent.sprint.clone().filter(|_| takes("sprint")),
            labels: if takes("labels") {
                parent.labels.clone()
            } else {
                Vec::new()
            },
            epic: match how.parent {
                Parent::Epic => Some(parent.id.to_string()),
                Parent::Close => parent.epic.clone().filter(|_| takes("epic")),
            },
            criteria: how
                .moves
                .iter()
                .filter(|(_, child)| *child == i + 1)
                .map(|(n, _)| parent.criteria[n - 1].text.clone())
                .collect(),
            ..NewStory::default()
        };
        if let Some(release) = parent.release.as_ref().filter(|_| takes("release")) {
            new.fields.push(fields::parse_assignment(
                &format!("release={release}"),
                config,
                false,
            )?);
        }
        let draft = create::draft(backlog, &new, id.clone(), today)?;
        let template = create::template(&backlog.base, &draft.kind)?;
        let mut change = create::create(backlog, &draft, &template, &new)?;
        change.what = format!("new {:?} (split from {})", draft.title, parent.id);
        set.changes.push(change);
    }
    // The parent: moved criteria out (the last first, so numbers hold), then its new role.
    let before = files.doc(parent)?;
    let mut doc = before.clone();
    let mut expected: Vec<(String, bool)> = parent
        .criteria
        .iter()
        .map(|c| (c.text.clone(), c.done))
        .collect();
    let mut gone = moved.clone();
    gone.sort_unstable_by(|a, b| b.cmp(a));
    for n in gone {
        doc.remove_criterion(n).map_err(Error::edit(&parent.path))?;
        expected.remove(n - 1);
    }
    doc.verify_criteria(&before, &expected)
        .map_err(Error::edit(&parent.path))?;
    let children: Vec<&str> = ids.iter().map(String::as_str).collect();
    let assignments = match how.parent {
        Parent::Epic => {
            let mut a = vec![fields::parse_assignment("type=epic", config, false)?];
            if parent.points.is_some() {
                a.push(fields::parse_assignment("points=", config, false)?);
            }
            a
        }
        Parent::Close => vec![
            fields::parse_assignment(
                &format!("outcome={}", crate::story::REJECTED),
                config,
                false,
            )?,
            fields::parse_assignment(
                &format!("reason=split into {}", children.join(", ")),
                config,
                false,
            )?,
        ],
    };
    let (doc, _) = super::set::edit(&doc, &parent.path, &assignments)?;
    let what = match how.parent {
        Parent::Epic => format!("split into {}; now their epic", children.join(", ")),
        Parent::Close => format!("split into {}; closed", children.join(", ")),
    };
    set.changes
        .push(Change::write(&parent.id, &parent.path, doc.text, what));
    Ok(set)
}
