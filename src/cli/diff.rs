//! `diff`: what changed in the backlog between two revisions, in words.

use crate::cli::output::Output;
use crate::cli::{Ctx, Result};
use crate::render::escape;
use backlog_core::view::Rev;
use backlog_core::view::change::StoryChange;
use backlog_core::view::diff::{DiffEntry, DiffView, compare};

use crate::{exit, render};

/// Say what changed in the backlog: stories added and removed, fields, criteria, moves
///
/// `A..B` compares two revisions, `A...B` compares B with its merge base with A (what a
/// pull request changes), `A` alone compares A with the work tree; the default is HEAD
/// against the work tree.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `A..B`, `A...B` or `A` (default: HEAD against the work tree)
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,
    #[command(flatten)]
    pub output: Output<Format>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let range = args.range.unwrap_or_else(|| "HEAD".into());
    // The commits the range names are found while the work tree loads: walking back to
    // HEAD~49999 takes longer than loading 10,000 stories.
    let cwd = ctx.cwd.clone();
    let (loaded, revisions) = std::thread::scope(|scope| {
        let revisions = scope.spawn(|| {
            let repo = crate::cli::never_freed(backlog_git::Repo::discover(&cwd)?);
            revisions(repo, &range)
        });
        let loaded = ctx.load();
        let revisions = revisions
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (loaded, revisions)
    });
    let (repo, current) = loaded?;
    let (from, to) = revisions?;
    let old = repo.load_at(from.commit.as_deref().unwrap_or_default(), current)?;
    let at_commit;
    let new = match &to.commit {
        Some(id) => {
            at_commit = repo.load_at(id, current)?;
            &at_commit
        }
        // The work tree is `current`, read once.
        None => current,
    };
    let view = compare(&old, new, from, to);
    match args.output.format() {
        Format::Json => ctx.json(&view)?,
        Format::Text => write!(ctx.out, "{}", text(&view))?,
        Format::Markdown => write!(ctx.out, "{}", markdown(&view))?,
    }
    // An unreadable story file makes a read command exit 2, here as everywhere.
    Ok(if view.unreadable.is_empty() {
        exit::OK
    } else {
        exit::ERROR
    })
}

/// The two sides of `range`, named as the user did (stable, and what they asked about),
/// with the commits they are.
fn revisions(repo: &backlog_git::Repo, range: &str) -> Result<(Rev, Rev)> {
    let or_head = |r: &str| if r.is_empty() { "HEAD" } else { r }.to_string();
    if let Some((a, b)) = range.split_once("...") {
        let (a, b) = (or_head(a), or_head(b));
        let from = Rev {
            commit: Some(repo.merge_base_of(&a, &b)?),
            name: format!("the merge base of {a} and {b}"),
        };
        let to = Rev {
            commit: Some(repo.resolve(&b)?),
            name: b,
        };
        return Ok((from, to));
    }
    if let Some((a, b)) = range.split_once("..") {
        let (a, b) = (or_head(a), or_head(b));
        let from = Rev {
            commit: Some(repo.resolve(&a)?),
            name: a,
        };
        let to = Rev {
            commit: Some(repo.resolve(&b)?),
            name: b,
        };
        return Ok((from, to));
    }
    let from = Rev {
        commit: Some(repo.resolve(range)?),
        name: range.to_string(),
    };
    let to = Rev {
        commit: None,
        name: "work tree".into(),
    };
    Ok((from, to))
}

fn entries(r: &DiffView) -> [(&'static str, &Vec<DiffEntry>); 3] {
    [("+", &r.added), ("-", &r.removed), ("~", &r.changed)]
}

fn words(e: &DiffEntry) -> Vec<&str> {
    e.changes.iter().map(StoryChange::text).collect()
}

fn text(r: &DiffView) -> String {
    let mut out = format!(
        "Backlog changes from {} to {}: {}\n",
        r.from.name,
        r.to.name,
        r.headline()
    );
    for u in &r.unreadable {
        out.push_str(&format!(
            "! {}: unreadable at {}: {}:{}: {}\n",
            escape::line(&u.path),
            escape::line(&u.revision),
            u.line,
            u.column,
            escape::line(&u.message)
        ));
    }
    for (mark, list) in entries(r) {
        for e in list {
            // One line per story: its words are data, shown with controls visible.
            out.push_str(&format!(
                "{mark} {} {:?}: {}\n",
                escape::line(&e.id),
                e.title,
                escape::line(&words(e).join("; "))
            ));
        }
    }
    out
}

fn markdown(r: &DiffView) -> String {
    use render::markdown::cell;
    let mut out = format!(
        "**Backlog changes** from {} to {}: {}\n",
        r.from.name,
        r.to.name,
        r.headline()
    );
    for u in &r.unreadable {
        out.push_str(&format!(
            "\n⚠️ `{}` cannot be read at {}: line {}, column {}: {}\n",
            cell(&u.path),
            cell(&u.revision),
            u.line,
            u.column,
            cell(&u.message)
        ));
    }
    if r.added.is_empty() && r.removed.is_empty() && r.changed.is_empty() {
        return out;
    }
    out.push_str("\n| | Story | Changes |\n| --- | --- | --- |\n");
    for (mark, list) in [("➕", &r.added), ("➖", &r.removed), ("✏️", &r.changed)] {
        for e in list {
            let changes: Vec<String> = words(e).into_iter().map(cell).collect();
            out.push_str(&format!(
                "| {mark} | **{}** {} | {} |\n",
                e.id,
                cell(&e.title),
                changes.join("<br>")
            ));
        }
    }
    out
}
