//! The backlog lock: one for the whole repository, in the common git dir, so that the
//! writers of every worktree take turns to read, allocate IDs, write and commit.
//!
//! It is an advisory lock on `backlog-lock` (flock(2) on Unix, LockFileEx on Windows),
//! which the kernel releases when its holder ends, however it ends: a crashed or killed
//! writer never leaves a stale lock, and no one ever has to delete the file. The holder
//! writes its process id and command line into the file, so a waiting command can say who
//! holds it. (Versions before 0.2 created and removed `backlog.lock` instead; the new name
//! keeps a lingering file of one kind from blocking the other.)

use std::io::{Read, Seek, Write};
use std::time::{Duration, Instant};

use crate::{GitError, Repo, Result};

/// Held while a command writes; released when dropped (or when the process ends).
pub struct RepoLock {
    _file: std::fs::File,
}

/// How long we wait for another process's lock before giving up: 20 seconds, or
/// `BACKLOG_LOCK_TIMEOUT` seconds.
pub(crate) fn lock_wait() -> Duration {
    std::env::var("BACKLOG_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(Duration::from_secs(20), Duration::from_secs_f64)
}

/// This process's command line, for the lock file: one line, arguments quoted if needed.
fn this_command() -> String {
    std::env::args()
        .map(|a| {
            if !a.is_empty()
                && a.chars()
                    .all(|c| c.is_alphanumeric() || "-_./=:,+@".contains(c))
            {
                a
            } else {
                format!("{a:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect()
}

impl Repo {
    /// Take the repository-wide lock that serialises git-backlog's own writers, in every
    /// worktree of the repository.
    pub fn lock(&self) -> Result<RepoLock> {
        let path = self.inner.commondir().join("backlog-lock");
        let io = |e: std::io::Error| GitError::File {
            path: path.display().to_string(),
            message: format!("cannot take the backlog lock: {e}"),
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let start = Instant::now();
        let wait = lock_wait();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() > wait {
                        return Err(locked(&mut file, start.elapsed()));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        // Who holds it, for anyone who has to wait.
        let _ = file.set_len(0).and_then(|()| {
            file.rewind()?;
            writeln!(file, "{}\n{}", std::process::id(), this_command())
        });
        Ok(RepoLock { _file: file })
    }
}

/// The error for a lock held past our patience: by a live process, since the kernel
/// releases the lock of one that ended.
fn locked(file: &mut std::fs::File, waited: Duration) -> GitError {
    let mut text = String::new();
    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
    let mut lines = text.lines();
    let holder = match (
        lines.next().map(str::trim).filter(|l| !l.is_empty()),
        lines.next(),
    ) {
        (Some(pid), Some(command)) => format!("process {pid}: {command}"),
        (Some(pid), None) => format!("process {pid}"),
        _ => "a process that has not said which".to_string(),
    };
    GitError::Locked(format!(
        "the backlog is locked by another git-backlog command that is still running ({holder}); waited {:.1} s. Try again when it has finished, or wait longer with BACKLOG_LOCK_TIMEOUT=SECONDS",
        waited.as_secs_f64()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_is_reported_with_its_holder_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        let repo = Repo::discover(dir.path()).unwrap();
        let held = repo.lock().unwrap();
        let text = std::fs::read_to_string(dir.path().join(".git/backlog-lock")).unwrap();
        assert!(
            text.starts_with(&format!("{}\n", std::process::id())),
            "{text}"
        );
        // Another handle to the file cannot take it: flock locks are per open file.
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dir.path().join(".git/backlog-lock"))
            .unwrap();
        assert!(file.try_lock().is_err());
        let message = locked(&mut file, Duration::from_secs(1)).to_string();
        assert!(
            message.contains(&format!("process {}:", std::process::id())),
            "{message}"
        );
        assert!(!message.contains("remove"), "{message}");
        drop(held);
        assert!(file.try_lock().is_ok());
    }
}
