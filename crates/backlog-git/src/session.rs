//! The one path by which a change reaches the disk and the history: a session opened under
//! the repository lock writes a change set's files and commits exactly those paths, or puts
//! every file back as it was.

use std::path::{Path, PathBuf};

use backlog_core::backlog::Backlog;
use backlog_core::change::{Action, ChangeSet};
use backlog_core::error::Error as CoreError;
use backlog_core::ops::StoryFiles;
use backlog_core::story::Story;

use crate::{GitError, Repo, RepoLock, Result, fsutil};

/// A changing command's view of the repository: loaded under the lock, so that no other
/// `git backlog` process changes a story between our read and our commit.
pub struct Session {
    pub repo: Repo,
    /// The whole backlog, or the part of it a change needs (see `Scope`).
    pub backlog: Backlog,
    /// Whether this session commits (not `--no-commit`, not `auto_commit: false`).
    pub commit: bool,
    /// What was done about a change that an earlier process left half-way (see
    /// `journal.rs`), to be told to the user.
    pub recovered: Option<String>,
    /// The backlog's files with changes of the user's own, asked of git once a change
    /// set touches more than one story (see `has_own_changes`).
    modified: std::sync::OnceLock<std::collections::HashSet<String>>,
    asked: std::sync::atomic::AtomicUsize,
    _lock: RepoLock,
}

/// What a session reads of the backlog: all of it; the stories a change names; those
/// and what allocating a new ID needs.
#[derive(Clone, Copy)]
enum Scope<'i> {
    Whole,
    Stories(&'i [&'i str]),
    New(&'i [&'i str]),
}

impl<'i> Scope<'i> {
    /// The stories the change names.
    fn ids(self) -> &'i [&'i str] {
        match self {
            Scope::Whole => &[],
            Scope::Stories(ids) | Scope::New(ids) => ids,
        }
    }
}

/// What became of a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// There was nothing to change.
    Nothing,
    /// Committed, with this short commit id.
    Committed(String),
    /// Written and committed, but the files already matched HEAD.
    Unchanged,
    /// Written, not committed (`--no-commit`, `auto_commit: false`, or kept on purpose).
    Written,
}

/// Files written and not yet committed: [`Pending::commit`] commits them,
/// [`Pending::keep`] leaves them uncommitted, and dropping it otherwise (an error on the
/// way) puts everything back: a change is all or nothing.
pub struct Pending<'r> {
    repo: &'r Repo,
    /// The journal is still open: the change is neither committed nor kept.
    open: bool,
    /// Folders we created, innermost last, removed again on failure if left empty.
    created_dirs: Vec<PathBuf>,
    paths: Vec<String>,
    message: String,
}

impl Session {
    /// Lock the repository and load the backlog under `base`.
    pub fn open(repo: Repo, base: &Path, no_commit: bool) -> Result<Session> {
        Session::open_with(repo, base, no_commit, Scope::Whole)
    }

    /// As [`Session::open`] for a change to the stories `ids` alone (no reference to
    /// others, no new ID): only their files are read when their names carry the IDs (see
    /// `Repo::load_named`), the whole backlog when one is not found so.
    pub fn open_for(repo: Repo, base: &Path, no_commit: bool, ids: &[&str]) -> Result<Session> {
        Session::open_with(repo, base, no_commit, Scope::Stories(ids))
    }

    /// As [`Session::open_for`] for new stories that name the stories `ids` (an epic,
    /// dependencies): what a sequential ID needs is read, not the backlog (see
    /// [`Repo::load_for_new`]); with random IDs, the whole backlog, to avoid every ID in
    /// use.
    pub fn open_new(repo: Repo, base: &Path, no_commit: bool, ids: &[&str]) -> Result<Session> {
        Session::open_with(repo, base, no_commit, Scope::New(ids))
    }

    fn open_with(repo: Repo, base: &Path, no_commit: bool, scope: Scope) -> Result<Session> {
        let lock = repo.lock()?;
        let recovered = repo.recover(&lock)?;
        // Read under the lock, as every write does.
        let named = match scope {
            Scope::Whole => None,
            Scope::Stories(ids) => Some(repo.load_named(base, ids)?),
            Scope::New(ids) => Some(repo.load_for_new(base, ids)?)
                .filter(|b| b.config.id_scheme == backlog_core::config::IdScheme::Sequential),
        };
        let named = named.filter(|b| {
            scope
                .ids()
                .iter()
                .all(|id| backlog_core::ops::lookup::find(b, id, true).is_ok())
        });
        let backlog = match named {
            Some(backlog) => backlog,
            None => repo.load_work_tree(base)?,
        };
        let commit = !no_commit && backlog.config.auto_commit;
        Ok(Session {
            repo,
            backlog,
            commit,
            recovered,
            modified: std::sync::OnceLock::new(),
            asked: std::sync::atomic::AtomicUsize::new(0),
            _lock: lock,
        })
    }

    /// Write every change, then commit them all in one commit (unless this session does
    /// not commit). On failure every file is put back and nothing is committed.
    pub fn apply(&self, set: &ChangeSet) -> Result<Outcome> {
        self.apply_with(set, &[])
    }

    /// As [`Session::apply`], with `trailer` lines added to the commit message.
    pub fn apply_with(&self, set: &ChangeSet, trailer: &[String]) -> Result<Outcome> {
        if set.is_empty() {
            return Ok(Outcome::Nothing);
        }
        let mut pending = self.write(set)?;
        if !trailer.is_empty() {
            pending.message = format!("{}\n\n{}", pending.message.trim_end(), trailer.join("\n"));
        }
        if self.commit {
            pending.commit()
        } else {
            Ok(Outcome::Written)
        }
    }

    /// A new ID for a story, reserved (see [`Repo::next_id`]).
    pub fn next_id(&self) -> Result<String> {
        self.repo.next_id(&self._lock, &self.backlog)
    }

    /// New IDs, one per call: reserved ones, or (for a dry run) the ones a real run would
    /// give, reserving nothing.
    pub fn ids(&self, reserve: bool) -> impl FnMut() -> Result<String> + '_ {
        let mut last: Option<String> = None;
        move || {
            if reserve {
                return self.next_id();
            }
            let next = match last.as_deref().and_then(backlog_core::story::id_parts) {
                Some((prefix, n)) => format!("{prefix}-{}", n + 1),
                None => self.repo.peek_id(&self.backlog)?,
            };
            last = Some(next.clone());
            Ok(next)
        }
    }

    /// Write every change to disk, not yet committed (see [`Repo::write_changes`]).
    pub fn write(&self, set: &ChangeSet) -> Result<Pending<'_>> {
        self.repo.write_changes(&self._lock, set)
    }

    /// Refuse to change a file that holds changes of the user's own when committing: they
    /// would go into our commit unasked.
    fn ensure_committable(&self, story: &Story) -> std::result::Result<(), CoreError> {
        if self.commit && self.has_own_changes(story)? {
            return Err(CoreError::Invalid(format!(
                "{} has changes that are not committed; commit or stash them first, or pass --no-commit to change the file without committing",
                story.path
            )));
        }
        Ok(())
    }
}

impl Repo {
    /// Write every change of `set` to disk, not yet committed, while holding `lock`. A
    /// change that cannot be written puts back the ones written before it. What every
    /// path held is journaled first, so that a change interrupted by a crash is rolled
    /// back by the next command.
    pub fn write_changes(&self, lock: &RepoLock, set: &ChangeSet) -> Result<Pending<'_>> {
        let root = self.workdir();
        let mut touched: Vec<String> = Vec::new();
        for change in &set.changes {
            touched.push(change.path.to_string());
            if let Action::Write {
                rename_to: Some(new),
                ..
            } = &change.action
            {
                touched.push(new.to_string());
            }
        }
        self.begin_journal(lock, &touched)?;
        let mut pending = Pending {
            repo: self,
            open: true,
            created_dirs: Vec::new(),
            paths: Vec::new(),
            message: set.message(),
        };
        for change in &set.changes {
            if let Err(e) = pending.write_one(root, &change.path, &change.action) {
                pending.roll_back();
                return Err(e);
            }
        }
        Ok(pending)
    }
}

impl StoryFiles for Session {
    fn text(&self, story: &Story) -> std::result::Result<String, CoreError> {
        self.ensure_committable(story)?;
        std::fs::read_to_string(self.backlog.root.join(&story.path)).map_err(|source| {
            CoreError::Read {
                path: story.path.clone(),
                source,
            }
        })
    }

    fn has_own_changes(&self, story: &Story) -> std::result::Result<bool, CoreError> {
        let storage = |e: GitError| CoreError::Storage(Box::new(e));
        // One file is asked about alone; from the second on, git's status of the whole
        // backlog is taken once (asking file by file costs a pass over the index each:
        // 10 s for 2,000 stories).
        if self
            .asked
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            == 0
        {
            return self.repo.is_modified(&story.path).map_err(storage);
        }
        if self.modified.get().is_none() {
            let dir = self.backlog.shown(backlog_core::backlog::DIR);
            let modified = self.repo.modified_under(&dir).map_err(storage)?;
            let _ = self.modified.set(modified);
        }
        Ok(self
            .modified
            .get()
            .is_some_and(|m| m.contains(story.path.as_str())))
    }
}

impl Pending<'_> {
    fn write_one(&mut self, root: &Path, path: &str, action: &Action) -> Result<()> {
        let io = |path: &str, what: &str| {
            let path = path.to_string();
            let what = what.to_string();
            move |e: std::io::Error| GitError::File {
                path,
                message: format!("cannot {what}: {e}"),
            }
        };
        match action {
            Action::Create { text } => {
                let target = root.join(path);
                self.make_dirs(root, path)?;
                let target = safe_path(root, path).map(|_| target)?;
                fsutil::write_atomic(&target, text.as_bytes(), true)
                    .map_err(io(path, "create it"))?;
                self.paths.push(path.to_string());
            }
            Action::Write { text, rename_to } => {
                let current = safe_path(root, path)?;
                match rename_to {
                    Some(new) => {
                        self.make_dirs(root, new)?;
                        let target = safe_path(root, new)?;
                        fsutil::write_atomic(&target, text.as_bytes(), true)
                            .map_err(io(new, "create it"))?;
                        std::fs::remove_file(&current).map_err(io(path, "remove it"))?;
                        self.paths.push(new.clone());
                    }
                    None => {
                        fsutil::write_atomic(&current, text.as_bytes(), false)
                            .map_err(io(path, "write it"))?;
                    }
                }
                self.paths.push(path.to_string());
            }
            Action::Delete => {
                let current = safe_path(root, path)?;
                std::fs::remove_file(&current).map_err(io(path, "remove it"))?;
                self.paths.push(path.to_string());
            }
        }
        Ok(())
    }

    /// Create the folders above `path` that are missing, remembering them.
    fn make_dirs(&mut self, root: &Path, path: &str) -> Result<()> {
        let Some(parent) = root.join(path).parent().map(Path::to_path_buf) else {
            return Ok(());
        };
        let mut missing: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|d| *d != root && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        for dir in missing {
            std::fs::create_dir(&dir).map_err(|e| GitError::File {
                path: dir.display().to_string(),
                message: format!("cannot create the folder: {e}"),
            })?;
            self.created_dirs.push(dir);
        }
        Ok(())
    }

    /// Commit the written files in one commit. On failure every file is put back.
    pub fn commit(mut self) -> Result<Outcome> {
        match self.repo.commit_files(&self.paths, &self.message) {
            Ok(Some(id)) => {
                self.forget();
                Ok(Outcome::Committed(id))
            }
            Ok(None) => {
                self.forget();
                Ok(Outcome::Unchanged)
            }
            Err(e) => {
                self.roll_back();
                Err(GitError::NothingChanged(Box::new(e)))
            }
        }
    }

    /// Leave the written files as they are, uncommitted.
    pub fn keep(mut self) -> Outcome {
        self.forget();
        Outcome::Written
    }

    /// The files written, relative to the top of the work tree.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    fn forget(&mut self) {
        self.repo.end_journal();
        self.created_dirs.clear();
        self.open = false;
    }

    /// Put every file, and its index entry, back as it was (from the journal); remove the
    /// folders we made if empty.
    fn roll_back(&mut self) {
        self.open = false;
        let _ = self.repo.roll_back_journal();
        for dir in self.created_dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if self.open {
            self.roll_back();
        }
    }
}

/// A path of the work tree that is safe to write: its folder is inside the work tree once
/// symbolic links are resolved, and the file itself is no link.
pub fn safe_path(root: &Path, rel: &str) -> Result<PathBuf> {
    let path = root.join(rel);
    let refuse = |message: &str| GitError::File {
        path: rel.to_string(),
        message: message.to_string(),
    };
    let outside = || refuse("the path leads outside the repository; refusing to write it");
    let parent = path.parent().ok_or_else(outside)?;
    let real_root = root
        .canonicalize()
        .map_err(|e| refuse(&format!("cannot resolve {}: {e}", root.display())))?;
    let real_parent = parent.canonicalize().map_err(|e| refuse(&e.to_string()))?;
    if !real_parent.starts_with(&real_root) {
        return Err(outside());
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse("is a symbolic link; refusing to write through it"));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backlog_core::change::Change;

    fn repo() -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let repo = Repo::discover(dir.path()).unwrap();
        (dir, repo)
    }

    fn create(path: &str, text: &str) -> Change {
        Change {
            id: Default::default(),
            path: path.into(),
            action: Action::Create { text: text.into() },
            what: "create".into(),
        }
    }

    #[test]
    fn a_change_that_cannot_be_written_puts_back_the_ones_before_it() {
        let (dir, repo) = repo();
        std::fs::write(dir.path().join("old.md"), "old\n").unwrap();
        std::fs::write(dir.path().join("taken.md"), "mine\n").unwrap();
        let set = ChangeSet {
            changes: vec![
                Change::write("", "old.md", "new\n".into(), "write"),
                create("a/b/new.md", "new\n"),
                // Exists already: creating it fails, so everything above is undone.
                create("taken.md", "theirs\n"),
            ],
            subject: String::new(),
        };
        let lock = repo.lock().unwrap();
        let err = repo.write_changes(&lock, &set).err().expect("refused");
        assert!(err.to_string().contains("taken.md"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("old.md")).unwrap(),
            "old\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("taken.md")).unwrap(),
            "mine\n"
        );
        assert!(!dir.path().join("a").exists(), "the folders made are gone");
    }

    #[test]
    fn a_rename_writes_the_new_name_and_removes_the_old() {
        let (dir, repo) = repo();
        std::fs::write(dir.path().join("A-1-old.md"), "old\n").unwrap();
        let set = ChangeSet {
            changes: vec![Change {
                id: "A-1".into(),
                path: "A-1-old.md".into(),
                action: Action::Write {
                    text: "new\n".into(),
                    rename_to: Some("A-1-new.md".into()),
                },
                what: "set title".into(),
            }],
            subject: String::new(),
        };
        let lock = repo.lock().unwrap();
        let pending = repo.write_changes(&lock, &set).unwrap();
        assert_eq!(pending.paths(), ["A-1-new.md", "A-1-old.md"]);
        pending.keep();
        assert!(!dir.path().join("A-1-old.md").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("A-1-new.md")).unwrap(),
            "new\n"
        );
    }
}
