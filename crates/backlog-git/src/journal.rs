//! The journal of a change in progress, so that a change is all or nothing even when the
//! process is killed half-way: before the first file is written, `backlog-journal` in the
//! git dir records HEAD and, for every path the change touches, what the work tree and the
//! index held (the bytes kept as blobs in the object database). It is removed once the
//! commit is made (or the files are kept on purpose). A journal found by the next command
//! means its writer died: if HEAD has not moved, every path is put back as it was; if its
//! commit landed, only the journal is removed.

use std::path::{Path, PathBuf};

use git2::Oid;

use crate::{GitError, Repo, RepoLock, Result, fsutil};

const FILE: &str = "backlog-journal";
/// Made (empty) just before the index is written: a leftover `index.lock` newer than it is
/// the dead writer's own.
const WRITING_INDEX: &str = "backlog-journal-index";

/// What a change found before it wrote anything.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Journal {
    pid: u32,
    head: Option<Oid>,
    /// Each path's bytes in the work tree (`None`: no file).
    files: Vec<(String, Option<Oid>)>,
    /// Each path's stage-0 index entry, as (blob, mode) (`None`: not in the index).
    index: Vec<(String, Option<(Oid, u32)>)>,
}

impl Journal {
    fn render(&self) -> String {
        let oid = |o: &Option<Oid>| o.map_or("-".to_string(), |o| o.to_string());
        let mut text = format!(
            "backlog-journal 1\npid {}\nhead {}\n",
            self.pid,
            oid(&self.head)
        );
        for (path, blob) in &self.files {
            text += &format!("file {} {path}\n", oid(blob));
        }
        for (path, entry) in &self.index {
            match entry {
                Some((id, mode)) => text += &format!("index {id} {mode:o} {path}\n"),
                None => text += &format!("index - - {path}\n"),
            }
        }
        text
    }

    fn parse(text: &str) -> Option<Journal> {
        let mut lines = text.lines();
        if lines.next()? != "backlog-journal 1" {
            return None;
        }
        let oid = |s: &str| {
            if s == "-" {
                Ok(None)
            } else {
                Oid::from_str(s).map(Some)
            }
        };
        let mut journal = Journal::default();
        for line in lines {
            let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
            match kind {
                "pid" => journal.pid = rest.parse().ok()?,
                "head" => journal.head = oid(rest).ok()?,
                "file" => {
                    let (blob, path) = rest.split_once(' ')?;
                    journal.files.push((path.to_string(), oid(blob).ok()?));
                }
                "index" => {
                    let mut parts = rest.splitn(3, ' ');
                    let (blob, mode, path) = (parts.next()?, parts.next()?, parts.next()?);
                    let entry = match oid(blob).ok()? {
                        Some(id) => Some((id, u32::from_str_radix(mode, 8).ok()?)),
                        None => None,
                    };
                    journal.index.push((path.to_string(), entry));
                }
                _ => return None,
            }
        }
        Some(journal)
    }
}

impl Repo {
    fn journal_path(&self) -> PathBuf {
        self.inner.path().join(FILE)
    }

    fn head_id(&self) -> Option<Oid> {
        self.inner.head().ok().and_then(|h| h.target())
    }

    /// Record what `paths` hold now, before a change writes them.
    pub(crate) fn begin_journal(&self, _lock: &RepoLock, paths: &[String]) -> Result<()> {
        let repo = &self.inner;
        let mut journal = Journal {
            pid: std::process::id(),
            head: self.head_id(),
            ..Journal::default()
        };
        let mut index = repo.index()?;
        index.read(true)?;
        for path in paths {
            let full = self.workdir().join(path);
            let blob = match std::fs::symlink_metadata(&full) {
                Ok(meta) if meta.is_file() => {
                    let bytes = std::fs::read(&full).map_err(|e| GitError::File {
                        path: path.clone(),
                        message: format!("cannot read it: {e}"),
                    })?;
                    // Usually HEAD's blob already: hashing is cheaper than writing again.
                    let id = Oid::hash_object(git2::ObjectType::Blob, &bytes)?;
                    if repo.odb()?.exists(id) {
                        Some(id)
                    } else {
                        Some(repo.blob(&bytes)?)
                    }
                }
                _ => None,
            };
            journal.files.push((path.clone(), blob));
            let entry = index.get_path(Path::new(path), 0).map(|e| (e.id, e.mode));
            journal.index.push((path.clone(), entry));
        }
        self.write_journal(&journal)
    }

    /// Note that the index is about to be written (see [`WRITING_INDEX`]). Best effort:
    /// without the note, a dead writer's `index.lock` is left for the user to remove.
    pub(crate) fn journal_writing_index(&self) {
        if self.journal_path().exists() {
            let _ = std::fs::File::create(self.inner.path().join(WRITING_INDEX));
        }
    }

    /// The change is complete (or kept on purpose): forget the journal.
    pub(crate) fn end_journal(&self) {
        let _ = std::fs::remove_file(self.inner.path().join(WRITING_INDEX));
        let _ = std::fs::remove_file(self.journal_path());
    }

    /// Put every path of the journal back as it was, in the work tree and in the index,
    /// then forget the journal. Returns how many paths were put back.
    pub(crate) fn roll_back_journal(&self) -> Result<usize> {
        let Some(journal) = self.read_journal() else {
            return Ok(0);
        };
        let changed = self.restore(&journal)?;
        self.end_journal();
        Ok(changed)
    }

    /// If a git-backlog process died during a change, put things right and say what was
    /// done; `None` when there was nothing to do.
    pub fn recover(&self, _lock: &RepoLock) -> Result<Option<String>> {
        let path = self.journal_path();
        if !path.exists() {
            return Ok(None);
        }
        let Some(journal) = self.read_journal() else {
            self.end_journal();
            return Ok(Some(format!(
                "an unreadable journal of an interrupted change ({}) was removed; check `git status`",
                path.display()
            )));
        };
        self.remove_dead_index_lock();
        let head = self.head_id();
        if head != journal.head {
            let landed = head
                .and_then(|h| self.inner.find_commit(h).ok())
                .is_some_and(|c| c.parent_id(0).ok() == journal.head);
            self.end_journal();
            self.remove_temp_files(&journal);
            return Ok(Some(if landed {
                format!(
                    "git-backlog process {} was interrupted after its commit was made; nothing was lost",
                    journal.pid
                )
            } else {
                format!(
                    "git-backlog process {} was interrupted, and HEAD has moved since; its files were left as they are: {}",
                    journal.pid,
                    journal
                        .files
                        .iter()
                        .map(|(p, _)| p.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }));
        }
        let changed = self.restore(&journal)?;
        self.end_journal();
        Ok(Some(format!(
            "git-backlog process {} was interrupted before it committed; its change was rolled back ({changed} of {} files put back as they were)",
            journal.pid,
            journal.files.len()
        )))
    }

    /// Recover before reading, when a journal is there and the lock can be had; a reader
    /// that cannot take the lock reads what is there.
    pub fn recover_for_reading(&self) -> Option<String> {
        if !self.journal_path().exists() {
            return None;
        }
        let lock = self.lock().ok()?;
        self.recover(&lock).ok().flatten()
    }

    fn read_journal(&self) -> Option<Journal> {
        Journal::parse(&std::fs::read_to_string(self.journal_path()).ok()?)
    }

    fn write_journal(&self, journal: &Journal) -> Result<()> {
        let path = self.journal_path();
        fsutil::write_atomic(&path, journal.render().as_bytes(), false).map_err(|e| {
            GitError::File {
                path: path.display().to_string(),
                message: format!("cannot write the journal of this change: {e}"),
            }
        })
    }

    /// Put the work tree and the index back as the journal found them. Only what differs
    /// is written. Returns how many files were put back.
    fn restore(&self, journal: &Journal) -> Result<usize> {
        let repo = &self.inner;
        let mut changed = 0;
        for (path, blob) in &journal.files {
            let full = self.workdir().join(path);
            let now = std::fs::read(&full).ok();
            match blob {
                Some(id) => {
                    let bytes = repo.find_blob(*id)?.content().to_vec();
                    if now.as_deref() != Some(&bytes[..]) {
                        if let Some(dir) = full.parent() {
                            let _ = std::fs::create_dir_all(dir);
                        }
                        fsutil::write_atomic(&full, &bytes, false).map_err(|e| GitError::File {
                            path: path.clone(),
                            message: format!("cannot put it back: {e}"),
                        })?;
                        changed += 1;
                    }
                }
                None if now.is_some() => {
                    let _ = std::fs::remove_file(&full);
                    changed += 1;
                }
                None => {}
            }
        }
        self.remove_temp_files(journal);
        let mut index = repo.index()?;
        index.read(true)?;
        let differs = journal.index.iter().any(|(path, entry)| {
            index.get_path(Path::new(path), 0).map(|e| (e.id, e.mode)) != *entry
        });
        if differs {
            for (path, entry) in &journal.index {
                match entry {
                    Some((id, mode)) => index.add(&entry_for(path, *id, *mode))?,
                    None => {
                        let _ = index.remove_path(Path::new(path));
                    }
                }
            }
            self.write_index(&mut index)?;
        }
        Ok(changed)
    }

    /// The temporary files the journal's writer may have left (see `fsutil::write_atomic`).
    fn remove_temp_files(&self, journal: &Journal) {
        for (path, _) in &journal.files {
            let full = self.workdir().join(path);
            if let (Some(dir), Some(name)) = (full.parent(), full.file_name()) {
                let name = name.to_string_lossy();
                let _ = std::fs::remove_file(dir.join(format!(".{name}.{}.tmp", journal.pid)));
            }
        }
    }

    /// An `index.lock` made after the dead writer started to write the index is that
    /// writer's: no other process could create it while it existed. An older one belongs
    /// to someone else and is left alone.
    fn remove_dead_index_lock(&self) {
        let lock = self.inner.path().join("index.lock");
        let marker = self.inner.path().join(WRITING_INDEX);
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if let (Some(lock_time), Some(marker_time)) = (modified(&lock), modified(&marker))
            && lock_time >= marker_time
        {
            let _ = std::fs::remove_file(&lock);
        }
    }
}

/// An index entry for a blob, with no stat data: git compares the file's content the next
/// time it looks, so the entry is never taken for clean by mistake.
fn entry_for(path: &str, id: Oid, mode: u32) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: path.len().min(0xfff) as u16,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_reads_back() {
        let id = Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap();
        let journal = Journal {
            pid: 42,
            head: Some(id),
            files: vec![("backlog/a b.md".into(), Some(id)), ("new.md".into(), None)],
            index: vec![
                ("backlog/a b.md".into(), Some((id, 0o100644))),
                ("new.md".into(), None),
            ],
        };
        assert_eq!(Journal::parse(&journal.render()), Some(journal));
        assert_eq!(Journal::parse("something else\n"), None);
    }
}
