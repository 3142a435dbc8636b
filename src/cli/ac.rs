//! `ac`: the acceptance criteria of a story, one line per change.

use backlog_core::change::ChangeSet;
use backlog_core::ops;
use backlog_core::ops::ac::CriteriaChange;

use crate::cli::change;
use crate::cli::output::{Output, TextOrJson};
use crate::cli::{Ctx, Paint, Result, find_story};
use crate::exit;
use crate::render::escape;
use backlog_core::view::story::CriteriaView;

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
        #[command(flatten)]
        output: Output<TextOrJson>,
    },
    /// Add unchecked criteria after the last one (several at once: one commit)
    Add {
        /// The criteria, such as "Given …, when …, then …"
        #[arg(required = true, value_name = "TEXT")]
        texts: Vec<String>,
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
    let action = args.action.unwrap_or(AcAction::List {
        output: Output {
            format: None,
            json: false,
        },
    });
    if let AcAction::List { output } = action {
        let (_, backlog) = ctx.load_for(&[&args.id])?;
        let story = find_story(ctx, &backlog, &args.id, false)?;
        if output.format() == TextOrJson::Json {
            ctx.json(CriteriaView::new(story))?;
        } else {
            for (n, c) in story.criteria.iter().enumerate() {
                let mark = if c.done {
                    ctx.paint("[x]", Paint::Green)
                } else {
                    "[ ]".into()
                };
                writeln!(ctx.out, "{}. {mark} {}", n + 1, escape::line(&c.text))?;
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

    let change = match action {
        AcAction::List { .. } => unreachable!("listed above"),
        AcAction::Add { texts } => CriteriaChange::Add(texts),
        AcAction::Check { numbers } => CriteriaChange::Check(numbers, true),
        AcAction::Uncheck { numbers } => CriteriaChange::Check(numbers, false),
        AcAction::Edit { number, text } => CriteriaChange::Edit(number, text),
        AcAction::Rm { number } => CriteriaChange::Remove(number),
    };
    // Criteria are the story's own: only its file is read.
    let session = change::open_for(ctx, std::slice::from_ref(&args.id))?;
    let mut set = ChangeSet::new("change the criteria of {n} stories");
    for story in change::stories(&session, std::slice::from_ref(&args.id))? {
        set.changes
            .extend(ops::ac::change_criteria(&session, story, &change)?);
    }
    change::apply(ctx, &session, &set)
}
