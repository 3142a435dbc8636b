//! The backlog as git holds it: staged in the index, or at any commit. (The work tree's is
//! `Backlog::load`, which reads files and needs no git.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use backlog_core::backlog::{self, Backlog, LoadError};
use backlog_core::config::Config;
use backlog_core::ops::create::next_id;

use crate::{Commit, Range, Repo, RepoLock, Result};

/// The story files of a backlog taken from git: by path, the blob id (for [`Repo::blob`]),
/// for showing the source lines of diagnostics.
pub type Blobs = HashMap<String, String>;

impl Repo {
    /// The work tree's backlog (`Backlog::load`), taking unchanged stories from the
    /// parsed-story cache (`cache.rs`) and the files' names from the kept ones (`names.rs`)
    /// unless `BACKLOG_NO_CACHE` is set.
    pub fn load_work_tree(&self, base: &Path) -> Result<Backlog> {
        let dir = backlog::shown(self.workdir(), &base.join(backlog::DIR));
        let files = self.story_files_where(base, |_| true);
        Ok(Backlog::load_cached(
            self.workdir(),
            base,
            files,
            |config| {
                cache_wanted()
                    .then(|| self.story_cache(&dir, config))
                    .flatten()
            },
        )?)
    }

    /// The backlog with only the story files named after one of `ids` (see
    /// [`Repo::story_files_named`]), for a command about a few stories. A story whose
    /// file is named otherwise is not there: look it up, and load the whole backlog when
    /// it is missing.
    pub fn load_named(&self, base: &Path, ids: &[&str]) -> Result<Backlog> {
        let files = self.story_files_named(base, ids);
        Ok(Backlog::load_files(self.workdir(), base, &files)?)
    }

    /// The backlog for new stories that name `ids`: the stories named after them and every
    /// story file git's index does not vouch for (see `vouch.rs`: changed, untracked,
    /// racy). With [`Repo::highest_id_everywhere`], which counts the index, that is every
    /// number a new ID must pass, and the files the index vouches for are not read. Where
    /// the index vouches for nothing (none, a conflict in it, `BACKLOG_NO_CACHE`), every
    /// story file is read.
    pub fn load_for_new(&self, base: &Path, ids: &[&str]) -> Result<Backlog> {
        let dir = backlog::shown(self.workdir(), &base.join(backlog::DIR));
        // A conflict leaves the index without a tree, so it could not count its numbers.
        let vouch = cache_wanted()
            .then(|| self.vouch(&dir))
            .flatten()
            .filter(|v| !v.conflicts());
        let named = backlog::named_after(ids);
        let all = self.story_files_where(base, |_| true);
        let wanted = |(path, shown): &&(PathBuf, String)| {
            let name = shown.rsplit('/').next().unwrap_or(shown);
            named(name)
                || vouch
                    .as_ref()
                    .is_none_or(|v| v.clean(shown, path).is_none())
        };
        // One stat per file, on every core.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = all.len().div_ceil(threads).max(256);
        let files: Vec<(PathBuf, String)> = std::thread::scope(|scope| {
            let parts: Vec<_> = all
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().filter(wanted).cloned().collect::<Vec<_>>()))
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        Ok(Backlog::load_files(self.workdir(), base, &files)?)
    }

    /// The backlog as staged (what the next `git commit` would hold), for a pre-commit
    /// check. The config is the staged one, else the work tree's. A staged blob the
    /// parsed-story cache holds for its path is not read.
    pub fn load_staged(&self, base: &Path) -> Result<(Backlog, Blobs)> {
        let dir = backlog::shown(self.workdir(), &base.join(backlog::DIR));
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let staged = self.staged_files(&prefix)?;
        let config = match config_in(&staged, &dir) {
            Some((path, id)) => {
                Config::from_bytes(self.blob(&id.to_string())?, path).map_err(LoadError::from)?
            }
            None => Backlog::load_config(self.workdir(), base)?,
        };
        let files = story_files(staged, &dir);
        let blobs = files
            .iter()
            .map(|(path, id)| (path.clone(), id.to_string()))
            .collect();
        let cache = cache_wanted()
            .then(|| self.stories_by_blob(&dir, &config))
            .flatten();
        let mut parsed = Vec::new();
        let mut read = Vec::new();
        for (path, id) in files {
            match cache
                .as_ref()
                .and_then(|c| c.story_of_blob(&path, id.as_bytes()))
            {
                Some(story) => parsed.push(story),
                None => read.push((path, self.blob(&id.to_string())?)),
            }
        }
        let backlog = Backlog::from_blobs(self.workdir(), base, config, read, parsed, None);
        Ok((backlog, blobs))
    }

    /// The backlog at the commit `rev` (a full id, as [`Repo::resolve`] gives). A config
    /// that is missing or unreadable there is `current`'s, so old commits still compare.
    pub fn load_at(&self, rev: &str, current: &Backlog) -> Result<Backlog> {
        let dir = current.shown(backlog::DIR);
        let files = self.files_at(rev, &dir)?;
        let config = match config_in(&files, &dir) {
            Some((path, bytes)) => {
                Config::from_bytes(bytes.clone(), path).unwrap_or_else(|_| current.config.clone())
            }
            None => current.config.clone(),
        };
        Ok(Backlog::from_blobs(
            &current.root,
            &current.base,
            config,
            story_files(files, &dir),
            Vec::new(),
            Some(current),
        ))
    }

    /// A new ID for a story of `backlog`, one past the highest ever used here, in the
    /// index, on any branch or in its history, or handed out before (see `ids.rs`). It is
    /// reserved at once, so it is never handed out again, even if the story is not made.
    pub fn next_id(&self, lock: &RepoLock, backlog: &Backlog) -> Result<String> {
        let id = self.peek_id(backlog)?;
        let prefix = &backlog.config.prefix;
        if let Some((p, n)) = backlog_core::story::id_parts(&id).filter(|(p, _)| p == prefix) {
            self.reserve_id(lock, p, n);
        }
        Ok(id)
    }

    /// The ID [`Repo::next_id`] would give, without reserving it (for a dry run).
    pub fn peek_id(&self, backlog: &Backlog) -> Result<String> {
        let prefix = &backlog.config.prefix;
        let elsewhere = match backlog.config.id_scheme {
            backlog_core::config::IdScheme::Random => 0,
            backlog_core::config::IdScheme::Sequential => {
                self.highest_id_everywhere(&backlog.shown(backlog::DIR), prefix)?
            }
        };
        Ok(next_id(backlog, elsewhere)?)
    }

    /// The first commit on this branch that added the file `path` (relative to the top of
    /// the work tree): when a release was planned, say.
    pub fn added_at(&self, path: &str) -> Result<Option<Commit>> {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut found = None;
        self.walk_changes(dir, Range::FirstParent, |commit, changes| {
            let added = changes
                .iter()
                .any(|c| c.new_path.as_deref() == Some(path) && c.old_path.is_none());
            if found.is_none() && added {
                found = Some(commit.clone());
            }
        })?;
        Ok(found)
    }

    /// Register the merge driver for story files in this repository's git config.
    pub fn register_merge_driver(&self) -> Result<()> {
        self.set_config(
            "merge.backlog.name",
            "git-backlog: story files, field by field",
        )?;
        self.set_config(
            "merge.backlog.driver",
            "git-backlog merge-driver %O %A %B %P",
        )
    }
}

/// Whether the parsed-story cache may be used: `BACKLOG_NO_CACHE` is not set (or false).
pub(crate) fn cache_wanted() -> bool {
    !std::env::var("BACKLOG_NO_CACHE").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// The backlog's config among `files` (paths relative to the work tree).
fn config_in<'f, T>(files: &'f [(String, T)], dir: &str) -> Option<(&'f str, &'f T)> {
    let config_path = if dir.is_empty() {
        "config.yml".to_string()
    } else {
        format!("{dir}/config.yml")
    };
    files
        .iter()
        .find(|(p, _)| *p == config_path)
        .map(|(p, b)| (p.as_str(), b))
}

/// The story files among `files` of the backlog folder `dir`.
fn story_files<T>(files: Vec<(String, T)>, dir: &str) -> Vec<(String, T)> {
    let base_rel = dir.strip_suffix(backlog::DIR).unwrap_or("").to_string();
    files
        .into_iter()
        .filter(|(p, _)| {
            p.strip_prefix(&base_rel)
                .is_some_and(|p| backlog::is_story_path(p) || backlog::is_plan_path(p))
        })
        .collect()
}
