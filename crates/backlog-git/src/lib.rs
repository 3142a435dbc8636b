//! The one module that names git2: finding the repository, who is committing, and
//! committing exactly the files a command wrote.
//!
//! A commit is built from HEAD's tree plus our files only, so whatever else the user has
//! staged stays staged and out of our commit, and their unstaged edits are never read.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use git2::{ErrorCode, FileMode, Repository, Signature};

pub mod cache;
pub mod fsutil;
mod identity;
mod ids;
mod index_file;
mod journal;
mod load;
mod lock;
mod names;
pub mod replay;
mod session;
mod vouch;
mod walk;

pub use load::Blobs;
pub use lock::RepoLock;
pub use session::{Outcome, Pending, Session, safe_path};

use backlog_core::date;
pub use backlog_core::history::Commit;
pub use ids::quick_id;
pub use walk::{FileChange, Range};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("not a git repository: {path} (run `git init` there first, or pass -C DIR)")]
    NotARepo { path: String },
    #[error("{path} is a bare repository: git-backlog needs a work tree")]
    Bare { path: String },
    #[error(
        "no git identity for the commit (git says: {0}): set it with `git config user.name \"Your Name\"` and `git config user.email you@example.com`, or GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL (or pass --no-commit)"
    )]
    NoIdentity(String),
    /// The commit had to be signed (`commit.gpgSign`) and could not be.
    #[error("the commit could not be signed, and commit.gpgSign asks for it: {0}")]
    Signing(String),
    #[error(
        "cannot read {var}={value:?}: expected `@<unix seconds> <+hhmm>`, `<unix seconds> <+hhmm>` or `YYYY-MM-DDTHH:MM:SS[Z|+hh:mm]`"
    )]
    BadDate { var: &'static str, value: String },
    /// HEAD moved between our read and our commit.
    #[error(
        "another git command committed to {target} while git-backlog was committing; run the command again"
    )]
    HeadMoved { target: String },
    /// A lock held past our patience, with who holds it when we can tell.
    #[error("{0}")]
    Locked(String),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("unknown revision `{rev}`: {hint}")]
    UnknownRev { rev: String, hint: &'static str },
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// The core refused (no ID left, say).
    #[error(transparent)]
    Core(#[from] backlog_core::error::Error),
    /// The backlog could not be loaded.
    #[error(transparent)]
    Load(#[from] backlog_core::backlog::LoadError),
    /// A commit failed and every file was put back.
    #[error("{0}\nNothing was changed.")]
    NothingChanged(Box<GitError>),
}

pub type Result<T> = std::result::Result<T, GitError>;

pub struct Repo {
    inner: Repository,
    workdir: PathBuf,
}

impl Repo {
    /// Find the repository that contains `dir`, as git does.
    pub fn discover(dir: &Path) -> Result<Repo> {
        // Like git itself, read objects without hashing each one again: replaying history
        // reads thousands of trees, and half of that time went to checking their hashes.
        // Integrity is what `git fsck` checks.
        git2::opts::strict_hash_verification(false);
        let inner = Repository::discover(dir).map_err(|e| match e.code() {
            ErrorCode::NotFound => GitError::NotARepo {
                path: dir.display().to_string(),
            },
            _ => GitError::Git(e),
        })?;
        let workdir = inner
            .workdir()
            .ok_or_else(|| GitError::Bare {
                path: inner.path().display().to_string(),
            })?
            .to_path_buf();
        Ok(Repo { inner, workdir })
    }

    /// The top of the work tree.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// A file of ours in this worktree's git dir for the backlog folder `dir` (shown:
    /// `backlog`, `app/backlog`): `stem` for `backlog`, `stem-app-backlog` for another, so
    /// each backlog of a monorepo and each worktree has its own.
    pub(crate) fn backlog_file(&self, stem: &str, dir: &str) -> PathBuf {
        self.inner.path().join(match dir {
            "backlog" => stem.to_string(),
            other => format!("{stem}-{}", other.replace('/', "-")),
        })
    }

    /// Commit exactly `paths` (relative to the work tree, `/`-separated) as they are on
    /// disk, on top of HEAD. A path that no longer exists is removed. Returns the short
    /// commit id, or `None` when the files already match HEAD.
    pub fn commit_files(&self, paths: &[String], message: &str) -> Result<Option<String>> {
        let repo = &self.inner;
        // git is asked who commits while the tree is built.
        let asking = identity::Asking::start(&self.workdir);
        let parent = match repo.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => None,
            Err(e) => return Err(e.into()),
        };
        let base = match &parent {
            Some(c) => c.tree()?,
            None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
        };

        // Stage our files in the real index, as `git add` would (filters included), and
        // take their blobs from there; other entries of the index are left as they are.
        let mut index = self.with_index_lock(|| {
            let mut index = repo.index()?;
            index.read(true)?;
            Ok(index)
        })?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        for path in paths {
            let full = self.workdir.join(path);
            match std::fs::symlink_metadata(&full) {
                Ok(meta) if meta.is_file() => {
                    index.add_path(Path::new(path))?;
                    let entry =
                        index
                            .get_path(Path::new(path), 0)
                            .ok_or_else(|| GitError::File {
                                path: path.clone(),
                                message: "was not staged".into(),
                            })?;
                    let mode = if entry.mode & 0o111 != 0 {
                        FileMode::BlobExecutable
                    } else {
                        FileMode::Blob
                    };
                    update.upsert(path, entry.id, mode);
                }
                Ok(_) => {
                    return Err(GitError::File {
                        path: path.clone(),
                        message: "is not a regular file; refusing to commit it".into(),
                    });
                }
                Err(_) => {
                    let _ = index.remove_path(Path::new(path));
                    // A file that was never committed (an untracked story renamed) has
                    // nothing to remove from the tree.
                    if base.get_path(Path::new(path)).is_ok() {
                        update.remove(path);
                    }
                }
            }
        }
        let tree_id = update.create_updated(repo, &base)?;
        if parent.is_some() && tree_id == base.id() {
            self.write_index(&mut index)?;
            return Ok(None);
        }
        let tree = repo.find_tree(tree_id)?;
        let committer = asking.answer(repo)?;
        // The commit object first, then the index, then HEAD: if the index is locked
        // past our patience, HEAD has not moved and nothing has changed.
        let id = committer.commit(repo, &self.workdir, message, &tree, parent.as_ref())?;
        self.journal_writing_index();
        self.write_index(&mut index)?;
        self.move_head(id, parent.as_ref().map(git2::Commit::id), message)?;
        let short = repo
            .find_object(id, None)?
            .short_id()?
            .as_str()
            .unwrap_or_default()
            .to_string();
        Ok(Some(short))
    }

    /// Files (relative to the work tree) that differ between the merge base of HEAD and
    /// `rev` and the work tree: committed, staged, unstaged or untracked.
    pub fn changed_since(&self, rev: &str) -> Result<Vec<String>> {
        let repo = &self.inner;
        let other = repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| GitError::UnknownRev {
                rev: rev.to_string(),
                hint: "in a CI checkout or a shallow clone, fetch it first (git fetch origin main; actions/checkout with fetch-depth: 0)",
            })?;
        let head = repo.head()?.peel_to_commit()?;
        let base = repo.merge_base(head.id(), other.id()).map_err(|_| GitError::UnknownRev {
            rev: rev.to_string(),
            hint: "it has no common history with HEAD (in a shallow clone: git fetch --unshallow)",
        })?;
        let tree = repo.find_commit(base)?.tree()?;
        let mut options = git2::DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true);
        let diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))?;
        Ok(diff_paths(&diff))
    }

    /// Files whose staged content differs from HEAD.
    pub fn staged_paths(&self) -> Result<Vec<String>> {
        let repo = &self.inner;
        let tree = match repo.head() {
            Ok(head) => Some(head.peel_to_tree()?),
            Err(_) => None,
        };
        let diff = repo.diff_tree_to_index(tree.as_ref(), None, None)?;
        Ok(diff_paths(&diff))
    }

    /// The staged content of every file whose path starts with `prefix`.
    pub fn staged_files(&self, prefix: &str) -> Result<Vec<(String, git2::Oid)>> {
        let index = self.inner.index()?;
        let mut files = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            if path.starts_with(prefix) && entry.mode & 0o170000 == 0o100000 {
                files.push((path, entry.id));
            }
        }
        Ok(files)
    }

    /// Where git looks for hooks: `core.hooksPath` when set, else the hooks folder of the
    /// repository (shared by all its worktrees).
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let config = self.inner.config()?.snapshot()?;
        Ok(match config.get_path("core.hooksPath") {
            Ok(path) if path.is_absolute() => path,
            Ok(path) => self.workdir.join(path),
            Err(_) => self.inner.commondir().join("hooks"),
        })
    }

    /// Keep a copy of `bytes` (the text of the file `path`) in the git dir, where no
    /// checkout or reset of the work tree reaches it; returns where. The editor works on
    /// such a copy, so that a buffer it read before another writer changed the story is
    /// never written over that change.
    pub fn save_recovery(&self, path: &str, bytes: &[u8]) -> Result<PathBuf> {
        let dir = self.inner.path().join("backlog-recovery");
        let name = path.rsplit('/').next().unwrap_or(path);
        let file = dir.join(name);
        std::fs::create_dir_all(&dir)
            .and_then(|()| fsutil::write_atomic(&file, bytes, false))
            .map_err(|e| GitError::File {
                path: file.display().to_string(),
                message: format!("cannot keep a copy of {path}: {e}"),
            })?;
        Ok(file)
    }

    /// Set a key in the repository's own git config (`.git/config`).
    pub fn set_config(&self, key: &str, value: &str) -> Result<()> {
        let config = self.inner.config()?;
        let mut local = config.open_level(git2::ConfigLevel::Local)?;
        local.set_str(key, value)?;
        Ok(())
    }

    /// During a merge: whether the branch being merged in (MERGE_HEAD) was committed after
    /// HEAD. `None` when no merge is in progress.
    pub fn merge_head_is_later(&self) -> Option<bool> {
        let repo = &self.inner;
        let text = std::fs::read_to_string(repo.path().join("MERGE_HEAD")).ok()?;
        let theirs = repo
            .find_commit(git2::Oid::from_str(text.lines().next()?.trim()).ok()?)
            .ok()?;
        let ours = repo.head().ok()?.peel_to_commit().ok()?;
        Some(theirs.time().seconds() > ours.time().seconds())
    }

    /// Point HEAD (its branch, or HEAD itself when detached) at `id`, only if it still
    /// points at `parent`.
    fn move_head(&self, id: git2::Oid, parent: Option<git2::Oid>, message: &str) -> Result<()> {
        let repo = &self.inner;
        let subject = message.lines().next().unwrap_or_default();
        let log = if parent.is_some() {
            format!("commit: {subject}")
        } else {
            format!("commit (initial): {subject}")
        };
        let head = repo.find_reference("HEAD")?;
        let target = match head.symbolic_target() {
            Ok(Some(name)) => name.to_string(),
            _ => "HEAD".to_string(),
        };
        let moved = match parent {
            Some(parent) => repo.reference_matching(&target, id, true, parent, &log),
            None => repo.reference(&target, id, false, &log),
        };
        match moved {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.code(), ErrorCode::Modified | ErrorCode::Exists) => {
                Err(GitError::HeadMoved { target })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The files under `dir` (relative to the work tree, `/`-separated; empty for all)
    /// that differ from HEAD, in the index or the work tree, or are untracked: what
    /// [`Repo::is_modified`] says of each, in one pass (it costs a pass a file).
    pub fn modified_under(&self, dir: &str) -> Result<std::collections::HashSet<String>> {
        let mut options = git2::StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        if !dir.is_empty() {
            options.pathspec(dir);
        }
        let statuses = self.inner.statuses(Some(&mut options))?;
        Ok(statuses
            .iter()
            .filter(|e| !e.status().is_empty() && !e.status().contains(git2::Status::IGNORED))
            .filter_map(|e| e.path().ok().map(String::from))
            .collect())
    }

    /// Whether the file differs from HEAD, in the index or the work tree, or is untracked.
    pub fn is_modified(&self, path: &str) -> Result<bool> {
        match self.inner.status_file(Path::new(path)) {
            Ok(status) => Ok(!status.is_empty() && !status.contains(git2::Status::IGNORED)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    fn write_index(&self, index: &mut git2::Index) -> Result<()> {
        self.with_index_lock(|| Ok(index.write()?))
    }

    /// Run `op`, retrying for a while if git's own `index.lock` is held by another process.
    fn with_index_lock<T>(&self, mut op: impl FnMut() -> Result<T>) -> Result<T> {
        let start = Instant::now();
        let wait = lock::lock_wait();
        loop {
            match op() {
                Err(GitError::Git(e)) if e.code() == ErrorCode::Locked => {
                    if start.elapsed() > wait {
                        return Err(GitError::Locked(format!(
                            "git's index is locked by another process ({}); waited {:.1} s. If no git command is running, remove that file",
                            self.inner.path().join("index.lock").display(),
                            start.elapsed().as_secs_f64()
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }
}

/// A unified diff from `old` to `new`, as `git diff` shows it.
pub fn text_diff(old: &[u8], old_name: &str, new: &[u8], new_name: &str) -> String {
    git2::Patch::from_buffers(
        old,
        Some(Path::new(old_name)),
        new,
        Some(Path::new(new_name)),
        None,
    )
    .and_then(|mut p| p.to_buf())
    .map(|b| String::from_utf8_lossy(&b).into_owned())
    .unwrap_or_default()
}

/// The paths a diff touches, old and new names both.
fn diff_paths(diff: &git2::Diff) -> Vec<String> {
    let mut paths: Vec<String> = diff
        .deltas()
        .flat_map(|d| [d.old_file().path(), d.new_file().path()])
        .flatten()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The one clock: now, as (unix seconds, offset from UTC in minutes): GIT_AUTHOR_DATE if
/// set, else the system clock with the local time zone as libgit2 reads it. Commit
/// signatures and a story's `created` date both come from here.
pub fn now() -> (i64, i32) {
    if let Some((secs, offset)) = std::env::var("GIT_AUTHOR_DATE")
        .ok()
        .and_then(|v| date::parse_git_date(&v))
    {
        return (secs, offset);
    }
    match Signature::now("x", "x@x") {
        Ok(sig) => (sig.when().seconds(), sig.when().offset_minutes()),
        Err(_) => (
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            0,
        ),
    }
}

/// Today's date (`YYYY-MM-DD`) by [`now`].
pub fn today() -> String {
    let (secs, offset) = now();
    date::day_of(secs, offset)
}
