//! The parsed-story cache: stories parsed before, kept in the git dir by the blob id of
//! the text they were parsed from, so a whole-backlog read parses only what changed.
//!
//! It cannot go stale, because it asks git's own question: a story file git's index
//! vouches for (see `vouch.rs`) holds exactly the blob its index entry names, so it is
//! never read: its story comes from the cache when that blob was parsed before. Any other
//! file (changed, untracked, racy, or with stat data git's index does not have) is read
//! and parsed as without a cache.
//!
//! The cache file also names the build that wrote it and the config the stories were parsed
//! with; either changed, it is not used. It is rewritten (temporary file, then rename) only
//! when it gained or lost a story; a failure to write it fails nothing.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use backlog_core::backlog::StoryCache;
use backlog_core::config::Config;
use backlog_core::story::{Story, fingerprint};
use backlog_core::story_codec;

use crate::Repo;
use crate::vouch::{Blob, Vouch};

const MAGIC: &[u8] = b"git-backlog parsed stories 3\n";
const MAX_BYTES: u64 = 1 << 30;

pub struct Cache {
    file: PathBuf,
    header: Vec<u8>,
    /// The files git's index vouches for (none without an index).
    vouch: Vouch,
    /// The cache file as read, and where each story is in it.
    old: Vec<u8>,
    known: HashMap<String, Known>,
    /// The clean files that were not in the cache: their blob, for keeping what they parse to.
    missed: Mutex<HashMap<String, Blob>>,
    /// Entries for the next cache file, of stories parsed now.
    added: Mutex<Vec<u8>>,
}

/// A story in the cache file: its blob, its bytes, its whole entry (path and blob too),
/// and whether it was used (so is kept).
struct Known {
    blob: Blob,
    story: Range<usize>,
    entry: Range<usize>,
    used: AtomicBool,
}

impl Repo {
    /// The parsed-story cache for the backlog folder `dir` (shown, `backlog` or
    /// `app/backlog`) read with `config`; `None` where git's index cannot vouch for any
    /// file (see `vouch.rs`).
    pub fn story_cache(&self, dir: &str, config: &Config) -> Option<Cache> {
        let vouch = self.vouch(dir)?;
        let mut cache = self.stories_by_blob(dir, config)?;
        cache.vouch = vouch;
        Some(cache)
    }

    /// The cache's stories without git's index: enough for [`Cache::story_of_blob`],
    /// where the blob is known (staged), and no file is vouched for.
    pub fn stories_by_blob(&self, dir: &str, config: &Config) -> Option<Cache> {
        let file = self.backlog_file("backlog-cache", dir);
        let header = header(dir, config)?;
        // A cache larger than any backlog makes (10,000 stories take 7 MB) is not ours.
        let ours = std::fs::metadata(&file).is_ok_and(|m| m.len() < MAX_BYTES);
        let old = match ours {
            true => std::fs::read(&file).unwrap_or_default(),
            false => Vec::new(),
        };
        let known = entries(&old, &header).unwrap_or_default();
        Some(Cache {
            file,
            header,
            vouch: Vouch::default(),
            old,
            known,
            missed: Mutex::default(),
            added: Mutex::default(),
        })
    }
}

/// Names the build (a rebuilt binary may read stories otherwise), the backlog folder and
/// the config the stories were parsed with.
/// `None` when the build cannot be told: then there is no cache.
fn header(dir: &str, config: &Config) -> Option<Vec<u8>> {
    let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let build = format!("{} {:?}", exe.len(), exe.modified().ok()?);
    let mut header = MAGIC.to_vec();
    for part in [
        env!("CARGO_PKG_VERSION").to_string(),
        build,
        // The hasher of `Story::source` is only stable within a build of the standard library.
        fingerprint(b"git-backlog").to_string(),
        fingerprint(format!("{config:?}").as_bytes()).to_string(),
        dir.to_string(),
    ] {
        header.extend_from_slice(part.as_bytes());
        header.push(b'\n');
    }
    Some(header)
}

/// The stories in a cache file: by path, the blob and where its bytes are. `None` when
/// the file was written for another build, folder or config, or is damaged.
fn entries(bytes: &[u8], header: &[u8]) -> Option<HashMap<String, Known>> {
    let mut at = header.len();
    if bytes.get(..at)? != header {
        return None;
    }
    let mut entries = HashMap::new();
    while at < bytes.len() {
        let start = at;
        let path = chunk(bytes, &mut at)?;
        let path = std::str::from_utf8(&bytes[path]).ok()?.to_string();
        let blob = bytes.get(at..at + 20)?.try_into().ok()?;
        at += 20;
        let story = chunk(bytes, &mut at)?;
        let entry = start..story.end;
        let used = AtomicBool::new(false);
        entries.insert(
            path,
            Known {
                blob,
                story,
                entry,
                used,
            },
        );
    }
    Some(entries)
}

/// A length-prefixed run of bytes at `at` (moved past it).
pub(crate) fn chunk(bytes: &[u8], at: &mut usize) -> Option<Range<usize>> {
    let len = u32::from_le_bytes(bytes.get(*at..*at + 4)?.try_into().ok()?) as usize;
    let range = *at + 4..(*at + 4).checked_add(len)?;
    bytes.get(range.clone())?;
    *at = range.end;
    Some(range)
}

pub(crate) fn push_chunk(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

impl Cache {
    /// The story of the blob `blob` at `path`, when the cache holds that blob for that
    /// path: for the staged backlog, whose blobs the index names (so none is read).
    pub fn story_of_blob(&self, path: &str, blob: &[u8]) -> Option<Story> {
        let known = self.known.get(path).filter(|k| k.blob == blob)?;
        story_codec::decode(&self.old[known.story.clone()]).filter(|s| s.path == path)
    }
}

impl StoryCache for Cache {
    fn get(&self, shown: &str, path: &Path) -> Option<Story> {
        let blob = self.vouch.clean(shown, path)?;
        if let Some(known) = self.known.get(shown)
            && known.blob == blob
            && let Some(story) = story_codec::decode(&self.old[known.story.clone()])
            && story.path == shown
        {
            known.used.store(true, Ordering::Relaxed);
            return Some(story);
        }
        lock(&self.missed).insert(shown.to_string(), blob);
        None
    }

    fn parsed(&self, story: &Story) {
        let Some(blob) = lock(&self.missed).remove(story.path.as_str()) else {
            return;
        };
        let mut encoded = Vec::new();
        story_codec::encode(story, &mut encoded);
        let mut added = lock(&self.added);
        push_chunk(&mut added, story.path.as_bytes());
        added.extend_from_slice(&blob);
        push_chunk(&mut added, &encoded);
    }

    fn finish(self) {
        let added = self.added.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut kept: Vec<&Known> = self
            .known
            .values()
            .filter(|k| k.used.load(Ordering::Relaxed))
            .collect();
        if added.is_empty() && kept.len() == self.known.len() {
            return;
        }
        // In file order: the order of the stories is the order they were first cached.
        kept.sort_by_key(|k| k.entry.start);
        // Written in parts: the 6 MB of 10,000 stories are not copied into one buffer.
        let mut parts: Vec<&[u8]> = Vec::with_capacity(kept.len() + 2);
        parts.push(&self.header);
        parts.extend(kept.iter().map(|k| &self.old[k.entry.clone()]));
        parts.push(&added);
        let _ = crate::fsutil::write_generated_parts(&self.file, &parts);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
