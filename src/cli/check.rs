//! `check`: the backlog's rules, for CI, pull requests and pre-commit.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::cli::output::Output;
use crate::cli::{Ctx, Result};
use crate::exit;
use crate::render::diagnostics;
use backlog_core::check;
use backlog_core::view::check::{CheckSummary, CheckView};

/// Check the stories against the backlog's rules (for CI, pull requests and pre-commit)
///
/// Exit code 0 when there is no error (warnings pass unless `--deny warnings`), 1 when
/// there are errors, 2 when the check could not run. Rules are listed in docs/rules.md and
/// configured under `rules:` in config.yml.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: Output<Format>,
    /// Report only stories changed since the merge base with REV (rules across stories
    /// still read the whole backlog)
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub since: Option<String>,
    /// Check the staged version of the backlog and report the staged stories (pre-commit)
    #[arg(long)]
    pub staged: bool,
    /// Fail on warnings too (`--deny warnings`)
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub deny: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let repo = ctx.repo()?;
    let root = repo.workdir().to_path_buf();
    let base = ctx.base(&repo);
    // The staged backlog (for pre-commit), or the work tree.
    let (backlog, blobs) = if args.staged {
        repo.load_staged(&base)?
    } else {
        (repo.load_work_tree(&base)?, Default::default())
    };
    let backlog = crate::cli::never_freed(backlog);

    let mut diagnostics = check::check(backlog);
    // Duplicate IDs usually come from two branches: say which commit brought each file.
    for d in diagnostics.iter_mut().filter(|d| d.code == "BL006") {
        if let Ok(Some(c)) = repo.last_commit_touching(&d.path, 10_000) {
            d.message.push_str(&format!(
                " ({} came in with {} by {} on {}: {:?})",
                d.path.rsplit('/').next().unwrap_or(&d.path),
                c.short,
                c.author,
                &backlog_core::history::datetime(&c)[..10],
                c.summary
            ));
        }
    }
    let checked = backlog.stories.len() + backlog.problems.len();
    let changed: Option<BTreeSet<String>> = if args.staged {
        Some(repo.staged_paths()?.into_iter().collect())
    } else if let Some(rev) = &args.since {
        Some(repo.changed_since(rev)?.into_iter().collect())
    } else {
        None
    };
    let mut reported_stories = checked;
    if let Some(changed) = &changed {
        diagnostics.retain(|d| changed.contains(d.path.as_str()));
        reported_stories = backlog
            .stories
            .iter()
            .map(|s| &s.path)
            .chain(backlog.problems.iter().map(|p| &p.path))
            .filter(|p| changed.contains(p.as_str()))
            .count();
    }
    let summary = CheckSummary::of(&diagnostics, reported_stories);
    let format = args.output.format_or_env("BACKLOG_CHECK_FORMAT")?;

    // Diagnostics come sorted by path, so the file last read is the one asked for next:
    // one file's text is held at a time, not every diagnosed file cut into lines.
    let last_read: RefCell<Option<(String, String)>> = RefCell::new(None);
    let source = |path: &str, line: usize| -> Option<String> {
        let mut last_read = last_read.borrow_mut();
        if last_read.as_ref().is_none_or(|(read, _)| read != path) {
            let bytes = match blobs.get(path) {
                Some(id) => repo.blob(id).ok(),
                None => std::fs::read(root.join(path)).ok(),
            }
            .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            *last_read = Some((path.to_string(), text));
        }
        let (_, text) = last_read.as_ref()?;
        text.split('\n').nth(line.checked_sub(1)?).map(String::from)
    };
    let text = match format {
        Format::Human => {
            let mut text = diagnostics::human(&diagnostics, &source, ctx.color);
            text.push_str(&diagnostics::summary_line(&summary));
            text.push('\n');
            text
        }
        Format::Json => {
            ctx.json(CheckView {
                summary,
                diagnostics: &diagnostics,
            })?;
            String::new()
        }
        Format::Github => diagnostics::github(&diagnostics),
        Format::Sarif => diagnostics::sarif(&diagnostics),
        Format::Junit => {
            let mut files: Vec<String> =
                backlog.stories.iter().map(|s| s.path.to_string()).collect();
            files.extend(backlog.problems.iter().map(|p| p.path.to_string()));
            if let Some(changed) = &changed {
                files.retain(|f| changed.contains(f));
            }
            diagnostics::junit(&diagnostics, &files)
        }
    };
    write!(ctx.out, "{text}")?;
    if format != Format::Human {
        ctx.status(&diagnostics::summary_line(&summary))?;
    }
    let deny_warnings = args.deny.is_some();
    Ok(
        if summary.errors > 0 || deny_warnings && summary.warnings > 0 {
            exit::PROBLEMS
        } else {
            exit::OK
        },
    )
}
