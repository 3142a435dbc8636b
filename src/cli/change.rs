//! What every changing command shares: the lock, stories by ID (also from stdin), the
//! edited file, and writing then committing all changes of one command in one commit.

use std::io::BufRead;
use std::path::PathBuf;

use crate::cli::{Ctx, Error, Result, fail, find_story};
use backlog_core::backlog::Backlog;
use backlog_core::edit::{Doc, EditError};
use backlog_core::slug;
use backlog_core::story::Story;
use backlog_git::fsutil;
use backlog_git::{Repo, RepoLock};

use crate::exit;

/// A changing command's view of the repository: loaded under the lock, so that no other
/// `git backlog` process changes a story between our read and our commit.
pub struct Session {
    pub repo: Repo,
    pub backlog: Backlog,
    /// Whether this command commits (not `--no-commit`, not `auto_commit: false`).
    pub commit: bool,
    _lock: RepoLock,
}

impl Session {
    pub fn open(ctx: &Ctx) -> Result<Session> {
        let repo = ctx.repo()?;
        let lock = repo.lock()?;
        let backlog = Backlog::load(repo.workdir(), &ctx.base(&repo))?;
        let commit = !ctx.no_commit && backlog.config.auto_commit;
        Ok(Session {
            repo,
            backlog,
            commit,
            _lock: lock,
        })
    }

    /// The stories named by `ids`, where `-` reads IDs from stdin, one per line.
    pub fn stories(&self, ctx: &mut Ctx, ids: &[String]) -> Result<Vec<&Story>> {
        let ids = read_ids(ids)?;
        let mut stories: Vec<&Story> = Vec::new();
        for id in &ids {
            let story = find_story(ctx, &self.backlog, id, true)?;
            if !stories.iter().any(|s| std::ptr::eq(*s, story)) {
                stories.push(story);
            }
        }
        Ok(stories)
    }

    /// Refuse to commit a file that holds changes of the user's own: they would go into
    /// our commit unasked.
    pub fn ensure_committable(&self, story: &Story) -> Result<()> {
        if self.commit && self.repo.is_modified(&story.path)? {
            return fail(format!(
                "{} has changes that are not committed; commit or stash them first, or pass --no-commit to change the file without committing",
                story.path
            ));
        }
        Ok(())
    }

    /// The story's file, ready for minimal edits.
    pub fn doc(&self, story: &Story) -> Result<Doc> {
        self.ensure_committable(story)?;
        let text = std::fs::read_to_string(self.backlog.root.join(&story.path))
            .map_err(|e| Error::Message(format!("cannot read {}: {e}", story.path)))?;
        Doc::parse(text).map_err(|e| edit_error(&story.path, e))
    }
}

/// An edit that could not be made, naming the file.
pub fn edit_error(path: &str, e: EditError) -> Error {
    Error::Message(format!("{path}:{e}"))
}

/// IDs as given, with `-` replaced by the IDs on stdin (one per line; blank lines and
/// `#` comments skipped; the first word of a line, so `list --format ids` output and
/// `PAY-1  Title` both work).
pub fn read_ids(ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        if id == "-" {
            for line in std::io::stdin().lock().lines() {
                let line =
                    line.map_err(|e| Error::Message(format!("cannot read IDs from stdin: {e}")))?;
                if let Some(word) = line
                    .split_whitespace()
                    .next()
                    .filter(|w| !w.starts_with('#'))
                {
                    out.push(word.to_string());
                }
            }
        } else {
            out.push(id.clone());
        }
    }
    if out.is_empty() {
        return fail("no story IDs given (stdin was empty)");
    }
    Ok(out)
}

/// One file a command changes.
pub struct Change {
    pub id: String,
    /// The file as it is now, relative to the top of the work tree.
    pub path: String,
    pub action: Action,
    /// What changed, in words: `move ready -> doing`.
    pub what: String,
}

pub enum Action {
    /// Write this text to the file; with `rename_to`, under that name instead.
    Write {
        text: String,
        rename_to: Option<String>,
    },
    Delete,
}

/// The path a story's file should have for `title`, in the same folder.
pub fn path_for_title(path: &str, id: &str, title: &str) -> String {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let name = slug::file_name(id, title);
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// Write every change, then commit them all in one commit whose message lists them.
/// `subject` is the message's first line for several stories, with `{n}` for their number.
pub fn apply(ctx: &mut Ctx, session: &Session, changes: Vec<Change>, subject: &str) -> Result<i32> {
    if changes.is_empty() {
        ctx.status("Nothing to change.")?;
        return Ok(exit::OK);
    }
    let root = session.repo.workdir();
    // What the files held, to put back if the commit fails: a change is committed whole
    // or not made at all.
    let mut originals = Vec::new();
    for change in &changes {
        let current = safe_path(root, &change.path)?;
        let bytes = std::fs::read(&current)
            .map_err(|e| Error::Message(format!("cannot read {}: {e}", change.path)))?;
        let created = match &change.action {
            Action::Write {
                rename_to: Some(new),
                ..
            } => Some(safe_path(root, new)?),
            _ => None,
        };
        originals.push((current, bytes, created));
    }
    let mut paths = Vec::new();
    for change in &changes {
        let current = safe_path(root, &change.path)?;
        match &change.action {
            Action::Write { text, rename_to } => {
                let target = match rename_to {
                    Some(new) => safe_path(root, new)?,
                    None => current.clone(),
                };
                fsutil::write_atomic(&target, text.as_bytes(), rename_to.is_some())
                    .map_err(|e| Error::Message(format!("cannot write {}: {e}", change.path)))?;
                if let Some(new) = rename_to {
                    std::fs::remove_file(&current).map_err(|e| {
                        Error::Message(format!("cannot remove {}: {e}", change.path))
                    })?;
                    paths.push(new.clone());
                }
            }
            Action::Delete => std::fs::remove_file(&current)
                .map_err(|e| Error::Message(format!("cannot remove {}: {e}", change.path)))?,
        }
        paths.push(change.path.clone());
    }
    let message = match changes.as_slice() {
        [one] => format!("backlog({}): {}", one.id, one.what),
        many => {
            let mut ids: Vec<&str> = many.iter().map(|c| c.id.as_str()).collect();
            ids.dedup();
            let mut m = format!(
                "backlog: {}\n\n",
                subject.replace("{n}", &ids.len().to_string())
            );
            for c in many {
                m.push_str(&format!("{}: {}\n", c.id, c.what));
            }
            m
        }
    };
    for c in &changes {
        ctx.status(&format!("{}: {}", c.id, c.what))?;
    }
    let commit = session.commit;
    let committed = if commit {
        match session.repo.commit_files(&paths, &message) {
            Ok(id) => id,
            Err(e) => {
                for (path, bytes, created) in originals {
                    let _ = fsutil::write_atomic(&path, &bytes, false);
                    if let Some(created) = created {
                        let _ = std::fs::remove_file(created);
                    }
                }
                return Err(Error::Message(format!(
                    "{e}
Nothing was changed."
                )));
            }
        }
    } else {
        None
    };
    match committed {
        Some(id) => ctx.status(&format!("Committed {id}"))?,
        None if commit => ctx.status("The files already match HEAD: nothing to commit")?,
        None => ctx.status("Not committed")?,
    }
    Ok(exit::OK)
}

/// A path of the work tree that is safe to write: its folder is inside the work tree once
/// symbolic links are resolved, and the file itself is no link.
pub fn safe_path(root: &std::path::Path, rel: &str) -> Result<PathBuf> {
    let path = root.join(rel);
    let outside = || {
        Error::Message(format!(
            "{rel}: the path leads outside the repository; refusing to write it"
        ))
    };
    let parent = path.parent().ok_or_else(outside)?;
    let real_root = root
        .canonicalize()
        .map_err(|e| Error::Message(format!("{}: {e}", root.display())))?;
    let real_parent = parent
        .canonicalize()
        .map_err(|e| Error::Message(format!("{rel}: {e}")))?;
    if !real_parent.starts_with(&real_root) {
        return Err(outside());
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return fail(format!(
            "{rel} is a symbolic link; refusing to write through it"
        ));
    }
    Ok(path)
}
