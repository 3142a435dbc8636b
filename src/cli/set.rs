//! `set`: change fields, one line each.

use std::collections::BTreeMap;

use crate::cli::change::{Action, Change, Session, apply, edit_error, path_for_title};
use crate::cli::{Ctx, Error, Result, fail};
use backlog_core::config::FieldKind;
use backlog_core::edit::{Value, read_as};
use backlog_core::fields::{self, Assignment, Op};
use backlog_core::story::Story;

/// Change fields of a story: `set PAY-12 points=8 labels+=mobile sprint=`
///
/// `key=value` sets a field, `key=` removes it, `key+=a,b` and `key-=a` add to and remove
/// from a list. Each field changes on its own line; nothing else in the file moves.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, or `-` to read IDs from stdin (one per line)
    pub id: String,
    /// Changes: `key=value`, `key=`, `key+=value`, `key-=value`
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub changes: Vec<String>,
    /// Allow keys that config.yml does not declare, statuses outside the allowed moves, and
    /// references to stories that do not exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = Session::open(ctx)?;
    let config = &session.backlog.config;
    let assignments: Vec<Assignment> = args
        .changes
        .iter()
        .map(|a| fields::parse_assignment(a, config, args.force).map_err(Error::Message))
        .collect::<Result<_>>()?;
    let stories = session.stories(ctx, std::slice::from_ref(&args.id))?;
    let mut changes = Vec::new();
    for story in stories {
        if let Some(change) = change_story(&session, story, &assignments, args.force)? {
            changes.push(change);
        }
    }
    apply(ctx, &session, changes, "set fields of {n} stories")
}

/// Apply `assignments` to one story; `None` when nothing changes.
pub fn change_story(
    session: &Session,
    story: &Story,
    assignments: &[Assignment],
    force: bool,
) -> Result<Option<Change>> {
    let backlog = &session.backlog;
    let before = session.doc(story)?;
    let mut doc = before.clone();
    // What each changed key should read back as, after all the changes in order.
    let mut intended: BTreeMap<String, (Option<Value>, FieldKind)> = BTreeMap::new();
    let mut words = Vec::new();
    for a in assignments {
        if !force {
            check_references(session, story, a)?;
            if a.key == "status" {
                if let Op::Set(Value::Text(to)) = &a.op {
                    crate::cli::mv::check_move(&backlog.config, story, to)?;
                }
            }
        }
        let current = intended
            .get(&a.key)
            .map(|(v, _)| v.clone())
            .unwrap_or_else(|| {
                doc.get(&a.key)
                    .and_then(|n| read_as(n, a.kind))
                    .and_then(|j| from_json(&j, a.kind))
            });
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
        let value = result.map_err(|e| edit_error(&story.path, e))?;
        if value != current {
            words.push(a.describe(old_text));
        }
        intended.insert(a.key.clone(), (value, a.kind));
    }
    let intended: Vec<(String, Option<Value>, FieldKind)> = intended
        .into_iter()
        .map(|(k, (v, kind))| (k, v, kind))
        .collect();
    doc.verify_fields(&before, &intended)
        .map_err(|e| edit_error(&story.path, e))?;
    if doc.text == before.text {
        return Ok(None);
    }
    // The file name follows the title.
    let new_title = intended
        .iter()
        .find(|(k, _, _)| k == "title")
        .and_then(|(_, v, _)| match v {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        });
    let rename_to = new_title
        .map(|t| path_for_title(&story.path, &story.id, &t))
        .filter(|p| *p != story.path);
    Ok(Some(Change {
        id: story.id.clone(),
        path: story.path.clone(),
        action: Action::Write {
            text: doc.text,
            rename_to,
        },
        what: format!("set {}", words.join(", ")),
    }))
}

/// `epic` and `depends_on` must name stories that exist (and not the story itself).
fn check_references(session: &Session, story: &Story, a: &Assignment) -> Result<()> {
    let named: Vec<&String> = match (&a.key[..], &a.op) {
        ("epic", Op::Set(Value::Text(id))) => vec![id],
        ("depends_on", Op::Set(Value::List(ids)) | Op::Add(ids)) => ids.iter().collect(),
        _ => return Ok(()),
    };
    for id in named {
        if *id == story.id {
            return fail(format!(
                "{}: a story cannot name itself in `{}`",
                story.id, a.key
            ));
        }
        if session.backlog.find(id).is_empty() {
            let near = session.backlog.closest_ids(id, 3);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" (closest: {})", near.join(", "))
            };
            return fail(format!(
                "{}: no story {id}{hint}; pass --force to set it anyway",
                a.key
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

fn from_json(j: &serde_json::Value, kind: FieldKind) -> Option<Value> {
    Some(match (kind, j) {
        (_, serde_json::Value::Null) => return None,
        (FieldKind::Number, v) => Value::Number(backlog_core::story::Num(v.as_f64()?)),
        (FieldKind::Bool, v) => Value::Bool(v.as_bool()?),
        (FieldKind::List, v) => {
            let items: Vec<String> = v
                .as_array()?
                .iter()
                .filter_map(|i| i.as_str().map(String::from))
                .collect();
            if items.is_empty() {
                return None;
            }
            Value::List(items)
        }
        (FieldKind::Date, v) => Value::Date(v.as_str()?.to_string()),
        (FieldKind::Text, v) => Value::Text(v.as_str()?.to_string()),
    })
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Text(t) | Value::Date(t) => t.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::List(l) => format!("[{}]", l.join(", ")),
    }
}
