//! `diff`: what changed in the backlog between two versions of it.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::Rev;
use super::change::{StoryChange, describe};
use crate::backlog::Backlog;
use crate::query::manual_order;
use crate::story::{Story, id_order};
use crate::types::{RepoPath, StoryId};

/// One story that was added, removed or changed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DiffEntry {
    pub id: StoryId,
    pub title: String,
    pub changes: Vec<StoryChange>,
}

/// A story file that could not be read at one of the two revisions: neither added nor
/// removed, but broken (or mended).
#[derive(Debug, Serialize, JsonSchema)]
pub struct UnreadableEntry {
    /// The revision's name, as in `from` or `to`.
    pub revision: String,
    pub path: RepoPath,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// `diff --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DiffView {
    pub from: Rev,
    pub to: Rev,
    pub added: Vec<DiffEntry>,
    pub removed: Vec<DiffEntry>,
    pub changed: Vec<DiffEntry>,
    /// Files that could not be read at `from` or at `to`, counted apart.
    pub unreadable: Vec<UnreadableEntry>,
}

impl DiffView {
    /// `3 added, 1 removed, 2 changed` (and `, 1 unreadable`).
    pub fn headline(&self) -> String {
        let mut line = format!(
            "{} added, {} removed, {} changed",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        if !self.unreadable.is_empty() {
            line.push_str(&format!(", {} unreadable", self.unreadable.len()));
        }
        line
    }
}

/// `story, ready, 5 points`.
fn summary(s: &Story) -> String {
    let mut parts = vec![s.kind.clone(), s.status.clone()];
    if let Some(p) = s.points {
        parts.push(if p.0 == 1.0 {
            "1 point".to_string()
        } else {
            format!("{p} points")
        });
    }
    parts.join(", ")
}

/// What changed from `old` to `new`: stories added, removed and changed (fields, criteria,
/// the file's name, and moves in the manual order among the stories in both), by ID.
pub fn compare(old: &Backlog, new: &Backlog, from: Rev, to: Rev) -> DiffView {
    fn find<'b>(b: &'b Backlog, id: &str) -> Option<&'b Story> {
        b.find(id).first().copied()
    }
    // A file that does not read at one side is reported as such there, and its story is
    // neither "added" nor "removed" by it.
    let unreadable = |b: &Backlog, rev: &Rev| -> Vec<UnreadableEntry> {
        b.problems
            .iter()
            .map(|p| UnreadableEntry {
                revision: rev.name.clone(),
                path: p.path.clone(),
                line: p.line,
                column: p.col,
                message: p.message.clone(),
            })
            .collect()
    };
    let mut broken = unreadable(old, &from);
    broken.extend(unreadable(new, &to));
    let broken_at = |b: &Backlog, path: &str| b.problems.iter().any(|p| p.path == path);
    let mut view = DiffView {
        from,
        to,
        added: vec![],
        removed: vec![],
        changed: vec![],
        unreadable: broken,
    };
    // Positions in the manual order, among the stories in both, worked out once.
    let in_both = |s: &&Story| old.find(&s.id).len() == 1 && new.find(&s.id).len() == 1;
    let positions = |b: &Backlog| -> HashMap<StoryId, usize> {
        let mut order: Vec<&Story> = b.stories.iter().filter(in_both).collect();
        order.sort_by(|x, y| manual_order(x, y));
        order
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i + 1))
            .collect()
    };
    let (old_positions, new_positions) = (positions(old), positions(new));
    let mut ids: Vec<&str> = new.stories.iter().map(|s| s.id.as_str()).collect();
    ids.sort_by(|a, b| id_order(a, b));
    ids.dedup();
    for id in ids {
        let Some(n) = find(new, id) else { continue };
        match find(old, id) {
            None if broken_at(old, &n.path) => {}
            None => view.added.push(DiffEntry {
                id: n.id.clone(),
                title: n.title.clone(),
                changes: vec![StoryChange::created(n, format!("added ({})", summary(n)))],
            }),
            Some(o) => {
                let mut changes: Vec<StoryChange> = describe(o, n)
                    .into_iter()
                    .filter(|c| !matches!(c, StoryChange::Field { field, .. } if field == "rank"))
                    .collect();
                if o.rank != n.rank
                    && let (Some(&a), Some(&b)) = (old_positions.get(id), new_positions.get(id))
                {
                    let places = |k: usize| {
                        if k == 1 {
                            "1 place".to_string()
                        } else {
                            format!("{k} places")
                        }
                    };
                    if a != b {
                        let text = if b < a {
                            format!("moved up {}", places(a - b))
                        } else {
                            format!("moved down {}", places(b - a))
                        };
                        changes.push(StoryChange::Moved {
                            from: a,
                            to: b,
                            text,
                        });
                    }
                }
                if o.path != n.path {
                    changes.push(StoryChange::renamed(o, n));
                }
                if !changes.is_empty() {
                    view.changed.push(DiffEntry {
                        id: n.id.clone(),
                        title: n.title.clone(),
                        changes,
                    });
                }
            }
        }
    }
    let mut gone: Vec<&Story> = old
        .stories
        .iter()
        .filter(|s| new.find(&s.id).is_empty() && !broken_at(new, &s.path))
        .collect();
    gone.sort_by(|a, b| id_order(&a.id, &b.id));
    for s in gone {
        view.removed.push(DiffEntry {
            id: s.id.clone(),
            title: s.title.clone(),
            changes: vec![StoryChange::deleted(s, format!("removed ({})", summary(s)))],
        });
    }
    view
}
