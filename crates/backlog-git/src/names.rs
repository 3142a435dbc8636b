//! Where the story files are: the names of the backlog's files as last listed, kept in
//! the git dir, so a command about one story (`show PAY-12`, `set PAY-12 …`) opens its file
//! by name, and a whole-backlog read knows its files, without listing a folder of 10,000
//! names.
//!
//! It cannot go stale, because a folder says when its names changed: adding, removing or
//! renaming a name in a folder moves its mtime and ctime (and no one can set a ctime
//! back). With each folder's stat data taken before its names were read, the list is
//! used only while every folder still has that stat data; otherwise the folders are
//! listed again. A listing is kept only when every folder was last changed well before
//! it began (2 s, more than any file system's time step): a folder changed during the
//! listing might have a name the listing missed, under the same stat data.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use backlog_core::backlog;

use crate::Repo;
use crate::cache::{chunk, push_chunk};

const MAGIC: &[u8] = b"git-backlog story names 1\n";
/// A folder changed this recently may change again within the same time step.
const SETTLED: Duration = Duration::from_secs(2);
/// More than any backlog's names (100,000 stories take 5 MB).
const MAX_BYTES: u64 = 256 << 20;

/// What a folder's names depend on: (device, inode, mtime, ctime).
type Stamp = (u64, u64, (i64, i64), (i64, i64));

impl Repo {
    /// The story files of the backlog under `base` named after one of `ids` (see
    /// [`backlog::named_after`]), from the kept names when no folder changed since they
    /// were listed, else by listing the folders (and keeping the names for next time).
    pub fn story_files_named(&self, base: &Path, ids: &[&str]) -> Vec<(PathBuf, String)> {
        self.story_files_where(base, backlog::named_after(ids))
    }

    /// The story files of the backlog under `base` whose names `keep` accepts, as
    /// [`Repo::story_files_named`] finds them.
    pub fn story_files_where(
        &self,
        base: &Path,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<(PathBuf, String)> {
        let root = self.workdir();
        if !cfg!(unix) || !crate::load::cache_wanted() {
            return backlog::story_files_named(root, base, keep);
        }
        let dir = backlog::shown(root, &base.join(backlog::DIR));
        let file = self.backlog_file("backlog-names", &dir);
        let header = [MAGIC, dir.as_bytes(), b"\n"].concat();
        if let Some(files) = kept(&file, &header, root, &keep) {
            return files;
        }
        let began = SystemTime::now();
        let mut folders = Vec::new();
        let files = backlog::story_files_walk(
            root,
            base,
            |_| true,
            |folder| {
                folders.push((folder.to_path_buf(), stamp(folder)));
            },
        );
        let settled = began
            .checked_sub(SETTLED)
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|t| (t.as_secs() as i64, t.subsec_nanos() as i64));
        let stamped: Option<Vec<(PathBuf, Stamp)>> = folders
            .into_iter()
            .map(|(folder, stamp)| Some((folder, stamp?)))
            .collect();
        // No folder listed (no backlog yet): nothing to vouch for the names' absence.
        let settled = stamped.zip(settled).filter(|(folders, settled)| {
            !folders.is_empty()
                && folders
                    .iter()
                    .all(|(_, (_, _, mtime, ctime))| mtime < settled && ctime < settled)
        });
        if let Some((folders, _)) = settled {
            // A failure to keep the names fails nothing: they are listed next time too.
            let names = encode(&header, root, &folders, &files);
            let _ = crate::fsutil::write_atomic(&file, &names, false);
        }
        files
            .into_iter()
            .filter(|(path, _)| {
                path.file_name()
                    .is_some_and(|name| keep(&name.to_string_lossy()))
            })
            .collect()
    }
}

#[cfg(unix)]
fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(path).ok()?;
    let (mtime, ctime) = crate::vouch::stat_time(&meta);
    Some((meta.dev(), meta.ino(), mtime, ctime))
}

#[cfg(not(unix))]
fn stamp(_: &Path) -> Option<Stamp> {
    None
}

fn path_bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

#[cfg(unix)]
fn bytes_path(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn bytes_path(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// The header; then each folder (its path relative to `root`, its stamp); then each story
/// file (its path relative to `root`). Paths are length-prefixed bytes.
fn encode(
    header: &[u8],
    root: &Path,
    folders: &[(PathBuf, Stamp)],
    files: &[(PathBuf, String)],
) -> Vec<u8> {
    let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut out = header.to_vec();
    out.extend_from_slice(&(folders.len() as u32).to_le_bytes());
    for (folder, stamp) in folders {
        let (dev, ino, mtime, ctime) = *stamp;
        push_chunk(&mut out, path_bytes(&relative(folder)));
        for n in [dev, ino] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for n in [mtime.0, mtime.1, ctime.0, ctime.1] {
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    for (path, _) in files {
        push_chunk(&mut out, path_bytes(&relative(path)));
    }
    out
}

/// The kept story files whose names `keep` accepts, when the file is whole and every
/// folder it names still has the stamp it had when listed; `None` otherwise.
fn kept(
    file: &Path,
    header: &[u8],
    root: &Path,
    keep: impl Fn(&str) -> bool,
) -> Option<Vec<(PathBuf, String)>> {
    if std::fs::metadata(file).ok()?.len() > MAX_BYTES {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    let mut at = header.len();
    if bytes.get(..at)? != header {
        return None;
    }
    let folders = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
    if folders == 0 {
        return None;
    }
    at += 4;
    for _ in 0..folders {
        let folder = root.join(bytes_path(&bytes[chunk(&bytes, &mut at)?]));
        let number = |at: &mut usize| -> Option<[u8; 8]> {
            let n = bytes.get(*at..*at + 8)?.try_into().ok()?;
            *at += 8;
            Some(n)
        };
        let dev = u64::from_le_bytes(number(&mut at)?);
        let ino = u64::from_le_bytes(number(&mut at)?);
        let mut times = [0i64; 4];
        for time in &mut times {
            *time = i64::from_le_bytes(number(&mut at)?);
        }
        let [ms, mns, cs, cns] = times;
        if stamp(&folder)? != (dev, ino, (ms, mns), (cs, cns)) {
            return None;
        }
    }
    let mut files = Vec::new();
    while at < bytes.len() {
        let relative = &bytes[chunk(&bytes, &mut at)?];
        let name = relative.rsplit(|b| *b == b'/').next().unwrap_or(relative);
        if keep(&String::from_utf8_lossy(name)) {
            let path = bytes_path(relative);
            // Listed by the walk, so already `a/b/c.md`, as `backlog::shown` writes it.
            let shown = match std::str::from_utf8(relative) {
                Ok(text) if cfg!(unix) => text.to_string(),
                _ => backlog::shown(Path::new(""), &path),
            };
            files.push((root.join(path), shown));
        }
    }
    Some(files)
}
