//! `rm`: delete stories, refusing while others still point at them.

use crate::cli::change::{Action, Change, Session, apply};
use crate::cli::{Ctx, Paint, Result, fail};

/// Delete stories (refused while other stories depend on them or name them as epic)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The stories' IDs, or `-` to read IDs from stdin
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Delete even if other stories refer to them, and list those references
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let session = Session::open(ctx)?;
    let doomed = session.stories(ctx, &args.ids)?;
    for story in &doomed {
        if !args.force && session.repo.is_modified(&story.path)? {
            return fail(format!(
                "not deleting {}: it has changes that are not committed, which would be lost (commit them first, or pass --force)",
                story.path
            ));
        }
    }
    let gone = |id: &str| doomed.iter().any(|d| d.id == id);
    // References from stories that stay to stories that go.
    let mut dangling = Vec::new();
    for s in session.backlog.stories.iter().filter(|s| !gone(&s.id)) {
        for dep in s.depends_on.iter().filter(|d| gone(d)) {
            dangling.push(format!("{} depends on {dep} ({})", s.id, s.path));
        }
        if let Some(epic) = s.epic.as_deref().filter(|e| gone(e)) {
            dangling.push(format!("{} has {epic} as its epic ({})", s.id, s.path));
        }
    }
    if !dangling.is_empty() && !args.force {
        return fail(format!(
            "not deleting: other stories refer to it:\n  {}\nChange those first, or pass --force",
            dangling.join("\n  ")
        ));
    }
    for d in &dangling {
        let warning = ctx.paint("warning", Paint::Warning);
        writeln!(ctx.err, "{warning}: now dangling: {d}")?;
    }
    let changes = doomed
        .iter()
        .map(|s| Change {
            id: s.id.clone(),
            path: s.path.clone(),
            action: Action::Delete,
            what: format!("rm {:?}", s.title),
        })
        .collect();
    apply(ctx, &session, changes, "rm {n} stories")
}
