//! `edit`: open a story in the editor, check it, commit it; never lose what was typed.

use std::io::{BufRead, IsTerminal};

use crate::cli::change;
use crate::cli::{Ctx, Paint, Result, fail, find_story};
use crate::exit;
use backlog_core::backlog;
use backlog_core::change::{Action, Change, ChangeSet, path_for_title};
use backlog_core::ops;

/// Open a story in $VISUAL or $EDITOR, check it when the editor closes, and commit it
///
/// If the story no longer reads, your text stays in the file as you left it, the error
/// names the line, and on a terminal you are offered to reopen the editor.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID (a story whose file does not read can be opened too)
    pub id: String,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    // No lock while the editor is open: that may be minutes. It is taken to commit.
    let (repo, backlog) = ctx.load_owned()?;
    let (id, path) = match backlog.problem_for(&args.id) {
        Some(problem) if backlog.find(&args.id).is_empty() => {
            (args.id.as_str().into(), problem.path.clone())
        }
        _ => {
            let story = find_story(ctx, &backlog, &args.id, true)?;
            (story.id.clone(), story.path.clone())
        }
    };
    let full = repo.workdir().join(&path);
    let before = std::fs::read(&full)?;
    // The editor works on a copy: the story itself is only written under the lock, and
    // only if nobody changed it meanwhile.
    let copy = repo.save_recovery(&path, &before)?;
    let story = loop {
        crate::cli::new::edit(&copy)?;
        // What is wrong with the text as the editor left it: it must read, and pass every
        // rule `check` runs that it passed before (as `set` would insist).
        let problems: Vec<String> = match backlog::read_story(&copy, &path, &backlog.config) {
            Ok(Some(story)) => {
                let errors = ops::edit::new_errors(&backlog, story.clone());
                if errors.is_empty() {
                    break story;
                }
                errors
                    .iter()
                    .map(|d| {
                        format!(
                            "{}:{}:{}: {} [{}]",
                            d.path, d.line, d.column, d.message, d.code
                        )
                    })
                    .collect()
            }
            Ok(None) => vec![format!(
                "{path}:1:1: the front matter is gone (the file must start with a `---` line)"
            )],
            Err(problem) => vec![problem.to_string()],
        };
        for problem in &problems {
            report(ctx, problem)?;
        }
        if !reopen(ctx)? {
            // Put where the user will look for it, unless someone changed the story
            // meanwhile; the copy stays where a `git checkout` cannot reach it.
            let kept = if std::fs::read(&full)? == before {
                backlog_git::fsutil::write_atomic(&full, &std::fs::read(&copy)?, false)?;
                format!("{path} (and copied to {})", copy.display())
            } else {
                copy.display().to_string()
            };
            return fail(format!(
                "the story was not committed; your text is kept in {kept}. Fix it and run `git backlog edit {id}` again"
            ));
        }
    };
    let text = std::fs::read_to_string(&copy)?;
    if text.as_bytes() == before {
        let _ = std::fs::remove_file(&copy);
        ctx.status(&format!("{id}: no changes"))?;
        return Ok(exit::OK);
    }
    if story.id != id {
        let warning = ctx.paint("warning", Paint::Warning);
        writeln!(
            ctx.err,
            "{warning}: the ID changed from {id} to {}; references to {id} were not updated",
            story.id
        )?;
    }
    // The commit message says what changed, as `set` and `log` say it.
    let what = match backlog.find(&id).first() {
        Some(old) => {
            let words: Vec<String> = backlog_core::view::change::describe(old, &story)
                .iter()
                .map(|c| c.text().to_string())
                .collect();
            if words.is_empty() {
                "edit".to_string()
            } else {
                format!("edit: {}", words.join("; "))
            }
        }
        None => "edit (the file did not read before)".to_string(),
    };
    drop(backlog);
    let session = change::open(ctx)?;
    // Optimistic concurrency: the story must still be what the editor was given.
    let now = std::fs::read(&full).unwrap_or_default();
    if now != before {
        let diff = backlog_git::text_diff(&now, &path, text.as_bytes(), "your edit");
        return fail(format!(
            "{path} was changed by someone else while you were editing it, so your edit was not written over that change.\nYour text is kept in {}. The differences between the story now and your text:\n{diff}Run `git backlog edit {id}` again and make your change on top of theirs.",
            copy.display()
        ));
    }
    let rename_to = Some(path_for_title(&path, &story.id, &story.title)).filter(|p| *p != path);
    let set = ChangeSet {
        changes: vec![Change {
            id: story.id.clone(),
            path: path.clone(),
            action: Action::Write { text, rename_to },
            what,
        }],
        subject: "edit {n} stories".into(),
    };
    let code = change::apply(ctx, &session, &set)?;
    let _ = std::fs::remove_file(&copy);
    Ok(code)
}

fn report(ctx: &mut Ctx, message: &str) -> Result<()> {
    let label = ctx.paint("error", Paint::Error);
    writeln!(ctx.err, "{label}: {message}")?;
    Ok(())
}

/// On a terminal, ask whether to reopen the editor (yes by default).
fn reopen(ctx: &mut Ctx) -> Result<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(false);
    }
    write!(ctx.err, "Reopen the editor to fix it? [Y/n] ")?;
    ctx.err.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(!matches!(answer.trim().to_lowercase().as_str(), "n" | "no"))
}
