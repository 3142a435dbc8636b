//! Which files of the work tree git's index vouches for: a file whose stat data (size,
//! mtime, ctime, inode) matches its index entry, and that the index was written after (not
//! "racily clean", see git's Documentation/technical/racy-git.txt), holds exactly the blob
//! that entry names, so it need not be read. Git's own status asks the same question.

use std::collections::HashMap;
use std::path::Path;

use crate::Repo;

/// A git blob id (SHA-1).
pub(crate) type Blob = [u8; 20];

/// What git's index says of one file: its blob and the stat data it was staged with
/// (seconds and nanoseconds, each cut to 32 bits as the index keeps them).
struct Staged {
    blob: Blob,
    mtime: (u32, u32),
    ctime: (u32, u32),
    size: u32,
    ino: u32,
}

/// The index entries under one folder, with what judging them needs.
#[derive(Default)]
pub(crate) struct Vouch {
    staged: HashMap<String, Staged>,
    /// When the index was written: an entry staged at or after it may be racily clean.
    index_time: (i64, i64),
    trust_ctime: bool,
    /// The index holds a side of a conflict (anywhere).
    pub conflicts: bool,
}

impl Repo {
    /// Git's index entries of the files under `dir` (shown, `backlog` or `app/backlog`);
    /// `None` where the index cannot vouch for any file (no index, an index libgit2
    /// cannot read, or a system without the stat data). With `shared`, the index is the
    /// repository's own, kept for the next reader (a new ID counts its numbers); else it
    /// is opened apart, and freed once read.
    pub(crate) fn vouch(&self, dir: &str, shared: bool) -> Option<Vouch> {
        if !cfg!(unix) {
            return None;
        }
        let git_dir = self.inner.path();
        // The index's time before its entries: should git write a new index in between,
        // the older time makes more entries racy, never fewer.
        let index_time = stat_time(&std::fs::metadata(git_dir.join("index")).ok()?).0;
        let index = match shared {
            true => self.inner.index().ok()?,
            false => git2::Index::open(&git_dir.join("index")).ok()?,
        };
        let prefix = format!("{dir}/");
        let conflicts = index.has_conflicts();
        let staged = index
            .iter()
            // Not a side of a conflict (stage bits), not `git add -N` (intent to add).
            .filter(|e| e.flags & 0x3000 == 0 && e.flags_extended & 0x2000 == 0)
            .filter(|e| e.path.starts_with(prefix.as_bytes()))
            .filter_map(|e| {
                let path = String::from_utf8(e.path).ok()?;
                let staged = Staged {
                    blob: e.id.as_bytes().try_into().ok()?,
                    mtime: (e.mtime.seconds() as u32, e.mtime.nanoseconds()),
                    ctime: (e.ctime.seconds() as u32, e.ctime.nanoseconds()),
                    size: e.file_size,
                    ino: e.ino,
                };
                Some((path, staged))
            })
            .collect();
        let trust_ctime = self
            .inner
            .config()
            .and_then(|c| c.get_bool("core.trustctime"))
            .unwrap_or(true);
        Some(Vouch {
            staged,
            index_time,
            trust_ctime,
            conflicts,
        })
    }
}

impl Vouch {
    /// The blob the file `shown` (at `path`) holds, when the index vouches for it.
    pub(crate) fn clean(&self, shown: &str, path: &Path) -> Option<Blob> {
        let staged = self.staged.get(shown)?;
        self.same_stat(staged, path).then_some(staged.blob)
    }

    /// Whether the file is the blob its index entry names, as git would judge it.
    #[cfg(unix)]
    fn same_stat(&self, staged: &Staged, path: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return false;
        };
        let (mtime, ctime) = stat_time(&meta);
        // The index keeps 32 bits of each; a nanosecond part of 0 means the index was
        // written without nanoseconds, and git then compares seconds only.
        let same = |(s, ns): (i64, i64), (index_s, index_ns): (u32, u32)| {
            s as u32 == index_s && (index_ns == 0 || ns as u32 == index_ns)
        };
        let racy = match staged.mtime {
            (s, 0) => self.index_time.0 as u32 <= s,
            (s, ns) => (self.index_time.0 as u32, self.index_time.1 as u32) <= (s, ns),
        };
        meta.is_file()
            && meta.size() as u32 == staged.size
            && (staged.ino == 0 || meta.ino() as u32 == staged.ino)
            && same(mtime, staged.mtime)
            && (!self.trust_ctime || same(ctime, staged.ctime))
            && !racy
    }

    #[cfg(not(unix))]
    fn same_stat(&self, _: &Staged, _: &Path) -> bool {
        false
    }
}

#[cfg(unix)]
fn stat_time(meta: &std::fs::Metadata) -> ((i64, i64), (i64, i64)) {
    use std::os::unix::fs::MetadataExt;
    (
        (meta.mtime(), meta.mtime_nsec()),
        (meta.ctime(), meta.ctime_nsec()),
    )
}

#[cfg(not(unix))]
fn stat_time(_: &std::fs::Metadata) -> ((i64, i64), (i64, i64)) {
    ((0, 0), (0, 0))
}
