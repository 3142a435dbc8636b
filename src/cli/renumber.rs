//! `renumber`: give a story a new ID, rename its file, rewrite every reference to it.

use crate::cli::change::{Action, Change, Session, apply, edit_error, path_for_title};
use crate::cli::{Ctx, Result, fail, find_story};
use backlog_core::config::FieldKind;
use backlog_core::edit::Value;
use backlog_core::story::{Story, id_problem};

/// Give a story a new ID: rename its file and rewrite every reference to it, in one commit
///
/// References are `depends_on` items, `epic` values and mentions of the ID in story bodies.
/// For one of two stories with the same ID, name it by its file; the references are then
/// left alone, since they may mean either story.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, or the path of its file (for one of two duplicates)
    pub story: String,
    /// The new ID (default: the next free one)
    pub new: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = Session::open(ctx)?;
    let backlog = &session.backlog;
    let story: &Story = if args.story.ends_with(".md") || args.story.contains('/') {
        let wanted = args.story.trim_start_matches("./");
        match backlog
            .stories
            .iter()
            .find(|s| s.path == wanted || s.path.ends_with(&format!("/{wanted}")))
        {
            Some(s) => s,
            None => return fail(format!("no story file {wanted}")),
        }
    } else {
        let found = backlog.find(&args.story);
        if found.len() > 1 {
            let paths: Vec<&str> = found.iter().map(|s| s.path.as_str()).collect();
            return fail(format!(
                "{} is the ID of {} stories; name the one to renumber by its file, such as: git backlog renumber {}",
                args.story,
                found.len(),
                paths[paths.len() - 1]
            ));
        }
        find_story(ctx, backlog, &args.story, true)?
    };
    let old = story.id.clone();
    let new = match &args.new {
        Some(new) => {
            if let Some(problem) = id_problem(new) {
                return fail(format!("{new}: {problem}"));
            }
            if !backlog.find(new).is_empty() {
                return fail(format!(
                    "{new} is already the ID of {}",
                    backlog.find(new)[0].path
                ));
            }
            new.clone()
        }
        None => crate::cli::new::next_id(backlog, &session.repo)?,
    };
    let unique = backlog.find(&old).len() == 1;

    let mut changes = Vec::new();
    // The story itself: its `id` line, its file name, and mentions of itself.
    let before = session.doc(story)?;
    let mut doc = before.clone();
    let id_value = Value::Text(new.clone());
    doc.set("id", &id_value)
        .map_err(|e| edit_error(&story.path, e))?;
    doc.verify_fields(&before, &[("id".into(), Some(id_value), FieldKind::Text)])
        .map_err(|e| edit_error(&story.path, e))?;
    if unique {
        doc.replace_mentions(&old, &new)
            .map_err(|e| edit_error(&story.path, e))?;
    }
    changes.push(Change {
        id: new.clone(),
        path: story.path.clone(),
        action: Action::Write {
            text: doc.text,
            rename_to: Some(path_for_title(&story.path, &new, &story.title))
                .filter(|p| *p != story.path),
        },
        what: format!("renumber {old} -> {new}"),
    });

    if unique {
        for other in backlog.stories.iter().filter(|s| s.path != story.path) {
            let refers = other.depends_on.contains(&old)
                || other.epic.as_deref() == Some(&old)
                || other.description.contains(&old)
                || other.criteria.iter().any(|c| c.text.contains(&old));
            if !refers {
                continue;
            }
            let before = session.doc(other)?;
            let mut doc = before.clone();
            let mut intended = Vec::new();
            if other.depends_on.contains(&old) {
                let list: Vec<String> = other
                    .depends_on
                    .iter()
                    .map(|d| if *d == old { new.clone() } else { d.clone() })
                    .collect();
                doc.set_list("depends_on", &list)
                    .map_err(|e| edit_error(&other.path, e))?;
                intended.push((
                    "depends_on".to_string(),
                    Some(Value::List(list)),
                    FieldKind::List,
                ));
            }
            if other.epic.as_deref() == Some(&old) {
                let value = Value::Text(new.clone());
                doc.set("epic", &value)
                    .map_err(|e| edit_error(&other.path, e))?;
                intended.push(("epic".to_string(), Some(value), FieldKind::Text));
            }
            doc.verify_fields(&before, &intended)
                .map_err(|e| edit_error(&other.path, e))?;
            doc.replace_mentions(&old, &new)
                .map_err(|e| edit_error(&other.path, e))?;
            if doc.text != before.text {
                changes.push(Change {
                    id: other.id.clone(),
                    path: other.path.clone(),
                    action: Action::Write {
                        text: doc.text,
                        rename_to: None,
                    },
                    what: format!("references {old} -> {new}"),
                });
            }
        }
    } else {
        ctx.status(&format!(
            "{old} is still the ID of another story, so references to {old} were left as they are"
        ))?;
    }
    apply(
        ctx,
        &session,
        changes,
        &format!("renumber {old} -> {new} ({{n}} stories)"),
    )
}
