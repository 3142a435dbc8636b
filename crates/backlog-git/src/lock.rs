//! The backlog lock: one for the whole repository, in the common git dir, so that the
//! writers of every worktree take turns to read, allocate IDs, write and commit.
//!
//! The lock file names its holder (process id and command line). A lock whose holder has
//! died is taken over; a lock held by a live process is waited for and then reported with
//! who holds it, never with advice to delete it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::{GitError, Repo, Result};

/// Held while a command writes; removed when dropped.
pub struct RepoLock {
    path: PathBuf,
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
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

/// Who holds a lock, as far as we can tell.
#[derive(Debug, PartialEq, Eq)]
enum Holder {
    /// A running process: its id and the command line it wrote.
    Alive { pid: u32, command: String },
    /// The process that wrote the lock no longer runs (it crashed or was killed).
    Dead,
    /// The file names no process we can check.
    Unknown,
}

fn holder(lock: &Path) -> Holder {
    let Ok(text) = std::fs::read_to_string(lock) else {
        return Holder::Unknown;
    };
    let mut lines = text.lines();
    let Some(pid) = lines.next().and_then(|l| l.trim().parse::<u32>().ok()) else {
        return Holder::Unknown;
    };
    let command = lines.next().unwrap_or_default().to_string();
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return Holder::Alive { pid, command };
    }
    // A process id is reused: a live process that is not ours does not hold our lock.
    match std::fs::read(proc.join(pid.to_string()).join("cmdline")) {
        Ok(cmdline) if cmdline.windows(7).any(|w| w == b"backlog") => {
            Holder::Alive { pid, command }
        }
        Ok(_) => Holder::Dead,
        Err(_) if proc.join(pid.to_string()).exists() => Holder::Alive { pid, command },
        Err(_) => Holder::Dead,
    }
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
        let path = self.inner.commondir().join("backlog.lock");
        let start = Instant::now();
        let wait = lock_wait();
        let mut pause = Duration::from_millis(5);
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    use std::io::Write;
                    let _ = writeln!(file, "{}\n{}", std::process::id(), this_command());
                    return Ok(RepoLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = holder(&path);
                    if holder == Holder::Dead {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    // A holder that has only created the file and not yet written it
                    // reads as unknown for a moment; only a long wait is reported.
                    if start.elapsed() > wait {
                        return Err(locked(&path, holder, start.elapsed()));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(e) => {
                    return Err(GitError::File {
                        path: path.display().to_string(),
                        message: e.to_string(),
                    });
                }
            }
        }
    }
}

fn locked(path: &Path, holder: Holder, waited: Duration) -> GitError {
    let waited = format!("{:.1} s", waited.as_secs_f64());
    GitError::Locked(match holder {
        Holder::Alive { pid, command } => format!(
            "the backlog is locked by another git-backlog command that is still running (process {pid}: {command}); waited {waited}. Try again when it has finished, or wait longer with BACKLOG_LOCK_TIMEOUT=SECONDS"
        ),
        Holder::Dead | Holder::Unknown => format!(
            "the backlog is locked ({}) by a process that cannot be identified; waited {waited}. If no git-backlog command is running in any worktree of this repository, remove that file",
            path.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holders() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("backlog.lock");
        std::fs::write(
            &lock,
            format!("{}\ngit-backlog new x\n", std::process::id()),
        )
        .unwrap();
        // This test binary's name carries "backlog": it is a holder of ours.
        assert_eq!(
            holder(&lock),
            Holder::Alive {
                pid: std::process::id(),
                command: "git-backlog new x".into()
            }
        );
        std::fs::write(&lock, "4194304999\n").unwrap();
        assert_eq!(holder(&lock), Holder::Dead);
        std::fs::write(&lock, "").unwrap();
        assert_eq!(holder(&lock), Holder::Unknown);
        let message = locked(&lock, Holder::Unknown, Duration::from_secs(1)).to_string();
        assert!(message.contains("remove that file"), "{message}");
        let message = locked(
            &lock,
            Holder::Alive {
                pid: 7,
                command: "git-backlog new -e x".into(),
            },
            Duration::from_secs(1),
        )
        .to_string();
        assert!(
            message.contains("process 7: git-backlog new -e x"),
            "{message}"
        );
        assert!(!message.contains("remove"), "{message}");
    }
}
