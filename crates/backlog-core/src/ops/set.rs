//! Setting fields of a story, one line each, and moving it through the workflow.

use std::collections::BTreeMap;

use super::StoryFiles;
use crate::backlog::Backlog;
use crate::change::{Action, Change, path_for_title};
use crate::config::{Config, FieldKind};
use crate::edit::{Doc, Value, read_as};
use crate::error::{Error, Result, closest_hint, invalid};
use crate::fields::{Assignment, Op};
use crate::story::Story;
use crate::suggest;

/// Apply `assignments` to one story; `None` when nothing changes. Unless `force`, the
/// workflow's allowed moves and the references to other stories are checked. A new title
/// renames the file.
pub fn set(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    story: &Story,
    assignments: &[Assignment],
    force: bool,
) -> Result<Option<Change>> {
    if !force {
        for a in assignments {
            check_references(backlog, &story.id, a)?;
            if a.key == "status"
                && let Op::Set(Value::Text(to)) = &a.op
            {
                check_move(&backlog.config, story, to)?;
            }
        }
    }
    let before = files.doc(story)?;
    let (doc, edited) = edit(&before, &story.path, assignments)?;
    if doc.text == before.text {
        return Ok(None);
    }
    // The file name follows the title.
    let rename_to = edited
        .title
        .map(|t| path_for_title(&story.path, &story.id, &t))
        .filter(|p| *p != story.path);
    Ok(Some(Change {
        id: story.id.clone(),
        path: story.path.clone(),
        action: Action::Write {
            text: doc.text,
            rename_to,
        },
        what: format!("set {}", edited.words.join(", ")),
    }))
}

/// What [`edit`] did, besides the text.
pub struct Edited {
    /// Each change in words, for the commit message: `points 3 -> 5`.
    pub words: Vec<String>,
    /// The new title, when it changed.
    pub title: Option<String>,
}

/// Make `assignments` in the file `before` (at `path`, for messages), each as a minimal
/// edit, and verify that every changed key reads back as intended and nothing else moved.
pub fn edit(before: &Doc, path: &str, assignments: &[Assignment]) -> Result<(Doc, Edited)> {
    let mut doc = before.clone();
    // What each changed key should read back as, after all the changes in order.
    let mut intended: BTreeMap<String, (Option<Value>, FieldKind)> = BTreeMap::new();
    let mut words = Vec::new();
    for a in assignments {
        let current = intended
            .get(&a.key)
            .map(|(v, _)| v.clone())
            .unwrap_or_else(|| doc.get(&a.key).and_then(|n| read_as(n, a.kind)).flatten());
        let old_text = current.as_ref().map(value_text);
        let result = match &a.op {
            Op::Set(v) => doc.set(&a.key, v).map(|_| Some(v.clone())),
            Op::Remove => doc.remove(&a.key).map(|_| None),
            Op::Add(items) => doc.add_items(&a.key, items).map(|_| {
                let mut list = list_of(&current);
                list.extend(
                    items
                        .iter()
                        .filter(|i| !list_of(&current).contains(i))
                        .cloned(),
                );
                Some(Value::List(list))
            }),
            Op::Subtract(items) => doc.remove_items(&a.key, items).map(|_| {
                Some(Value::List(
                    list_of(&current)
                        .into_iter()
                        .filter(|i| !items.contains(i))
                        .collect(),
                ))
            }),
        };
        let value = result.map_err(Error::edit(path))?;
        if value != current {
            words.push(a.describe(old_text));
        }
        intended.insert(a.key.clone(), (value, a.kind));
    }
    let intended: Vec<(String, Option<Value>, FieldKind)> = intended
        .into_iter()
        .map(|(k, (v, kind))| (k, v, kind))
        .collect();
    doc.verify_fields(before, &intended)
        .map_err(Error::edit(path))?;
    let title = intended
        .iter()
        .find(|(k, _, _)| k == "title")
        .and_then(|(_, v, _)| match v {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        });
    Ok((doc, Edited { words, title }))
}

/// Move a story to `status`: `set status=…` with its own words for the commit message.
/// `None` when the story is already there.
pub fn move_to(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    story: &Story,
    status: &str,
    force: bool,
) -> Result<Option<Change>> {
    if story.status == status {
        return Ok(None);
    }
    let assignment = Assignment::text("status", status);
    Ok(
        set(backlog, files, story, &[assignment], force)?.map(|change| Change {
            what: format!("move {} -> {status}", story.status),
            ..change
        }),
    )
}

/// `status` must be one of the workflow's.
pub fn check_status(config: &Config, status: &str) -> Result<()> {
    if config.statuses.iter().any(|s| s == status) {
        return Ok(());
    }
    invalid(format!(
        "unknown status {status:?}{} (the workflow: {})",
        suggest::hint(status, config.statuses.iter().map(String::as_str)),
        config.statuses.join(" -> ")
    ))
}

/// Refuse a move the workflow does not allow, saying which moves are.
pub fn check_move(config: &Config, story: &Story, to: &str) -> Result<()> {
    let allowed = config.moves_from(&story.status);
    if allowed.contains(&to) || story.status == to {
        return Ok(());
    }
    let options = if allowed.is_empty() {
        "none".to_string()
    } else {
        allowed.join(", ")
    };
    invalid(format!(
        "{} cannot move from {} to {to}: from {} it can move to {options} (workflow.transitions in config.yml; --force overrides)",
        story.id, story.status, story.status
    ))
}

/// `epic` and `depends_on` must name stories that exist (and not the story `id` itself).
pub fn check_references(backlog: &Backlog, id: &str, a: &Assignment) -> Result<()> {
    if let ("release", Op::Set(Value::Text(name))) = (&a.key[..], &a.op)
        && !backlog.releases.iter().any(|r| &r.name == name)
    {
        let names: Vec<&str> = backlog.releases.iter().map(|r| r.name.as_str()).collect();
        return invalid(format!(
            "release: no release {name:?}{}; plan it first (git backlog release new {name}) or pass --force",
            suggest::hint(name, names.iter().copied())
        ));
    }
    let named: Vec<&String> = match (&a.key[..], &a.op) {
        ("epic", Op::Set(Value::Text(id))) => vec![id],
        ("depends_on", Op::Set(Value::List(ids)) | Op::Add(ids)) => ids.iter().collect(),
        _ => return Ok(()),
    };
    for named in named {
        if named == id {
            return invalid(format!("{id}: a story cannot name itself in `{}`", a.key));
        }
        if backlog.find(named).is_empty() {
            return invalid(format!(
                "{}: no story {named}{}; pass --force to set it anyway",
                a.key,
                closest_hint(&backlog.closest_ids(named, 3))
            ));
        }
    }
    Ok(())
}

fn list_of(v: &Option<Value>) -> Vec<String> {
    match v {
        Some(Value::List(l)) => l.clone(),
        _ => Vec::new(),
    }
}

pub fn value_text(v: &Value) -> String {
    match v {
        Value::Text(t) | Value::Date(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::List(l) => format!("[{}]", l.join(", ")),
    }
}

/// Say no to a story: `outcome: rejected` and the `reason`, two lines of its file, kept in
/// its history. `next`, `sprint plan` and release forecasts leave it out from then on;
/// `list` hides it unless asked (`--all`, or `--where outcome=rejected`).
pub fn reject(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    story: &Story,
    reason: &str,
) -> Result<Option<Change>> {
    let reason = reason.trim();
    if reason.is_empty() {
        return invalid("say why: --reason \"Not in line with the product goal\"");
    }
    let config = &backlog.config;
    let text = |key: &str, value: &str| -> Result<Assignment> {
        Ok(Assignment {
            key: key.into(),
            kind: FieldKind::Text,
            op: Op::Set(crate::fields::parse_value(
                key,
                FieldKind::Text,
                value,
                config,
            )?),
        })
    };
    let assignments = [
        text("outcome", crate::story::REJECTED)?,
        text("reason", reason)?,
    ];
    Ok(
        set(backlog, files, story, &assignments, true)?.map(|change| Change {
            what: format!("rejected: {reason}"),
            ..change
        }),
    )
}
