//! `board`: the backlog as a team's board, one column per status.

use backlog_core::query::Filter;
use backlog_core::view::board::BoardView;

use crate::cli::output::{Output, TextOrJson};
use crate::cli::{Ctx, Result};

/// Show the board: one column per status of the workflow, cards in the manual order
///
/// Each card shows the ID, type, priority, points, title, assignee and criteria progress.
/// Epics and rejected stories are left out. Narrow terminals get the columns one under
/// another.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only stories in this sprint (can be repeated)
    #[arg(long, value_delimiter = ',')]
    pub sprint: Vec<String>,
    /// Only stories of this epic (can be repeated)
    #[arg(long, value_delimiter = ',')]
    pub epic: Vec<String>,
    /// Only stories planned for this release
    #[arg(long)]
    pub release: Option<String>,
    /// Only stories with this label (can be repeated: all must be present)
    #[arg(long, short = 'l', value_delimiter = ',')]
    pub label: Vec<String>,
    /// Only stories assigned to this person (can be repeated)
    #[arg(long, value_delimiter = ',')]
    pub assignee: Vec<String>,
    #[command(flatten)]
    pub output: Output<TextOrJson>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let filter = Filter {
        sprint: args.sprint,
        epic: args.epic,
        label: args.label,
        assignee: args.assignee,
        fields: args
            .release
            .map(|r| ("release".to_string(), r))
            .into_iter()
            .collect(),
        // Every status has its column, done ones too.
        all: true,
        ..Filter::default()
    };
    filter.validate(&backlog.config)?;
    let stories: Vec<_> = backlog_core::ops::rank::manual(backlog)
        .into_iter()
        .filter(|s| filter.matches(s, &backlog.config))
        // The board holds the work: epics group it, rejected stories are out of it.
        .filter(|s| s.kind != "epic" && s.outcome.as_deref() != Some(backlog_core::story::REJECTED))
        .collect();
    let board = BoardView::new(backlog, &stories);
    match args.output.format() {
        TextOrJson::Json => ctx.json(board)?,
        TextOrJson::Text => write!(
            ctx.out,
            "{}",
            crate::render::board::render(&board, ctx.width)
        )?,
    }
    ctx.report_problems(backlog)
}
