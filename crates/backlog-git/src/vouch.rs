//! Which files of the work tree git's index vouches for: a file whose stat data (size,
//! mtime, ctime, inode) matches its index entry, and that the index was written after (not
//! "racily clean", see git's Documentation/technical/racy-git.txt), holds exactly the blob
//! that entry names, so it need not be read. Git's own status asks the same question.

use std::path::Path;

use crate::Repo;
use crate::index_file::{self, Entries, Entry};

/// A git blob id (SHA-1).
pub(crate) type Blob = [u8; 20];

/// The index entries under one folder, with what judging them needs. (The default
/// vouches for nothing.)
#[derive(Default)]
pub(crate) struct Vouch {
    /// Stage 0 entries that are not `git add -N`, by path.
    staged: Entries,
    /// When the index was written: an entry staged at or after it may be racily clean.
    index_time: (i64, i64),
    trust_ctime: bool,
}

impl Repo {
    /// Git's index entries of the files under `dir` (shown, `backlog` or `app/backlog`);
    /// `None` where the index cannot vouch for any file (no index, one this cannot read,
    /// or a system without the stat data).
    pub(crate) fn vouch(&self, dir: &str) -> Option<Vouch> {
        if !cfg!(unix) {
            return None;
        }
        let file = self.inner.path().join("index");
        // The index's time before its entries: should git write a new index in between,
        // the older time makes more entries racy, never fewer.
        let index_time = stat_time(&std::fs::metadata(&file).ok()?).0;
        let bytes = std::fs::read(&file).ok()?;
        let mut staged = index_file::read(&bytes, format!("{dir}/").as_bytes())?;
        staged.entries.retain(|e| e.stage == 0 && !e.intent_to_add);
        // Found by halving: git keeps its entries in the order of their path's bytes.
        if !staged
            .entries
            .is_sorted_by(|a, b| staged.name(a) <= staged.name(b))
        {
            return None;
        }
        let trust_ctime = self
            .inner
            .config()
            .and_then(|c| c.get_bool("core.trustctime"))
            .unwrap_or(true);
        Some(Vouch {
            staged,
            index_time,
            trust_ctime,
        })
    }
}

impl Vouch {
    /// The index holds a side of a conflict (anywhere, not only under the folder).
    pub(crate) fn conflicts(&self) -> bool {
        self.staged.conflicts
    }

    /// The blob the file `shown` (at `path`) holds, when the index vouches for it.
    pub(crate) fn clean(&self, shown: &str, path: &Path) -> Option<Blob> {
        let entries = &self.staged.entries;
        let at = entries
            .binary_search_by(|e| self.staged.name(e).cmp(shown.as_bytes()))
            .ok()?;
        let staged = &entries[at];
        self.same_stat(staged, path).then_some(staged.blob)
    }

    /// Whether the file is the blob its index entry names, as git would judge it.
    #[cfg(unix)]
    fn same_stat(&self, staged: &Entry, path: &Path) -> bool {
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
    fn same_stat(&self, _: &Entry, _: &Path) -> bool {
        false
    }
}

/// A file's mtime and ctime, in seconds and nanoseconds.
#[cfg(unix)]
pub(crate) fn stat_time(meta: &std::fs::Metadata) -> ((i64, i64), (i64, i64)) {
    use std::os::unix::fs::MetadataExt;
    (
        (meta.mtime(), meta.mtime_nsec()),
        (meta.ctime(), meta.ctime_nsec()),
    )
}

#[cfg(not(unix))]
pub(crate) fn stat_time(_: &std::fs::Metadata) -> ((i64, i64), (i64, i64)) {
    ((0, 0), (0, 0))
}
