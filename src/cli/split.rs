//! `split`: a story into smaller ones, in one commit.

use backlog_core::ops::split::{self, Parent, Split};

use crate::cli::{Ctx, Error, Result, change, find_story};

/// Split a story into smaller ones: `split PAY-12 "Full refunds" "Partial refunds"`
///
/// The new stories take the parent's epic, release, sprint, labels and priority
/// (`--inherit` chooses), and the criteria `--move-ac` names; the parent becomes their
/// epic (its points go) or, with `--parent close`, is closed as rejected with "split into
/// …". Prints the new IDs. One commit.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story to split
    pub id: String,
    /// The titles of the new stories
    #[arg(required = true, value_name = "TITLE")]
    pub titles: Vec<String>,
    /// Move criterion N of the parent to new story CHILD (counted from 1, in the order
    /// of the titles); can be repeated
    #[arg(long = "move-ac", value_name = "N:CHILD")]
    pub moves: Vec<String>,
    /// What becomes of the parent
    #[arg(long, value_enum, default_value = "epic")]
    pub parent: ParentArg,
    /// The fields the new stories take from the parent (comma-separated)
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "epic,release,sprint,labels,priority"
    )]
    pub inherit: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ParentArg {
    /// The parent becomes the epic of the new stories
    Epic,
    /// The parent is closed as rejected, "split into …"
    Close,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let moves = args
        .moves
        .iter()
        .map(|m| {
            m.split_once(':')
                .and_then(|(n, c)| Some((n.trim().parse().ok()?, c.trim().parse().ok()?)))
                .ok_or_else(|| {
                    Error::Message(format!("--move-ac {m:?}: expected N:CHILD, such as 2:1"))
                })
        })
        .collect::<Result<Vec<(usize, usize)>>>()?;
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let parent = find_story(ctx, backlog, &args.id, true)?;
    let how = Split {
        titles: args.titles.clone(),
        moves,
        parent: match args.parent {
            ParentArg::Epic => Parent::Epic,
            ParentArg::Close => Parent::Close,
        },
        inherit: args.inherit.clone(),
    };
    let ids = args
        .titles
        .iter()
        .map(|_| session.next_id())
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let set = split::split(backlog, &session, parent, &how, &ids, &backlog_git::today())?;
    let code = change::apply(ctx, &session, &set)?;
    for id in ids {
        writeln!(ctx.out, "{id}")?;
    }
    Ok(code)
}
