//! `ac`: the acceptance criteria of a story, one line per change.

use crate::cli::change::{Action, Change, Session, apply, edit_error};
use crate::cli::{Ctx, Paint, Result, find_story};
use crate::exit;
use backlog_core::edit::Doc;

/// List, add, check, uncheck, edit and remove acceptance criteria
///
/// Criteria are the task list under `## Acceptance criteria`; the section is created when
/// the first criterion is added. Numbers count from 1, as `ac ID list` shows them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID (or `-` to read IDs from stdin, for add, check and uncheck)
    pub id: String,
    #[command(subcommand)]
    pub action: Option<AcAction>,
}

#[derive(Debug, clap::Subcommand)]
pub enum AcAction {
    /// List the criteria with their numbers (the default)
    List {
        /// Print them as JSON
        #[arg(long)]
        json: bool,
    },
    /// Add an unchecked criterion after the last one
    Add {
        /// The criterion, such as "Given …, when …, then …"
        text: String,
    },
    /// Tick criteria (can be several numbers)
    Check {
        #[arg(required = true)]
        numbers: Vec<usize>,
    },
    /// Untick criteria (can be several numbers)
    Uncheck {
        #[arg(required = true)]
        numbers: Vec<usize>,
    },
    /// Replace the text of a criterion
    Edit { number: usize, text: String },
    /// Remove a criterion
    Rm { number: usize },
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let action = args.action.unwrap_or(AcAction::List { json: false });
    if let AcAction::List { json } = action {
        let (_, backlog) = ctx.load()?;
        let story = find_story(ctx, &backlog, &args.id, false)?;
        if json {
            let doc = serde_json::json!({
                "version": crate::render::json::VERSION,
                "id": story.id,
                "criteria": story.criteria,
                "progress": { "done": story.criteria_done(), "total": story.criteria.len() },
            });
            ctx.json(&doc)?;
        } else {
            for (n, c) in story.criteria.iter().enumerate() {
                let mark = if c.done {
                    ctx.paint("[x]", Paint::Green)
                } else {
                    "[ ]".into()
                };
                writeln!(ctx.out, "{}. {mark} {}", n + 1, c.text)?;
            }
            ctx.status(&format!(
                "{}: {}/{} done",
                story.id,
                story.criteria_done(),
                story.criteria.len()
            ))?;
        }
        return Ok(exit::OK);
    }

    let session = Session::open(ctx)?;
    let mut changes = Vec::new();
    for story in session.stories(ctx, std::slice::from_ref(&args.id))? {
        let before = session.doc(story)?;
        let mut doc = before.clone();
        let mut expected: Vec<(String, bool)> = before
            .criteria()
            .into_iter()
            .map(|c| (c.text, c.done))
            .collect();
        let what =
            change(&mut doc, &mut expected, &action).map_err(|e| edit_error(&story.path, e))?;
        doc.verify_criteria(&before, &expected)
            .map_err(|e| edit_error(&story.path, e))?;
        if doc.text != before.text {
            changes.push(Change {
                id: story.id.clone(),
                path: story.path.clone(),
                action: Action::Write {
                    text: doc.text,
                    rename_to: None,
                },
                what,
            });
        }
    }
    apply(ctx, &session, changes, "change the criteria of {n} stories")
}

/// Make the change in `doc` and in the list of criteria we expect to read back; returns
/// the words for the commit message.
fn change(
    doc: &mut Doc,
    expected: &mut Vec<(String, bool)>,
    action: &AcAction,
) -> std::result::Result<String, backlog_core::edit::EditError> {
    Ok(match action {
        AcAction::List { .. } => String::new(),
        AcAction::Add { text } => {
            doc.add_criterion(text)?;
            let text = doc
                .criteria()
                .last()
                .map(|c| c.text.clone())
                .unwrap_or_default();
            expected.push((text.clone(), false));
            format!("criterion added: {text}")
        }
        AcAction::Check { numbers } | AcAction::Uncheck { numbers } => {
            let done = matches!(action, AcAction::Check { .. });
            for n in numbers {
                doc.check(*n, done)?;
                expected[*n - 1].1 = done;
            }
            let list: Vec<String> = numbers.iter().map(ToString::to_string).collect();
            let word = if done { "checked" } else { "unchecked" };
            match list.as_slice() {
                [one] => format!("criterion {one} {word}"),
                many => format!("criteria {} {word}", many.join(", ")),
            }
        }
        AcAction::Edit { number, text } => {
            doc.edit_criterion(*number, text)?;
            let new = doc.criteria()[*number - 1].text.clone();
            expected[*number - 1].0 = new.clone();
            format!("criterion {number} edited: {new}")
        }
        AcAction::Rm { number } => {
            doc.remove_criterion(*number)?;
            let (text, _) = expected.remove(*number - 1);
            format!("criterion {number} removed: {text}")
        }
    })
}
