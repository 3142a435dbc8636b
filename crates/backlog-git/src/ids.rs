//! The IDs taken, read in-process, so that `new` never hands out a number that was used
//! before. Three sources, all remembered in `backlog-ids` in the common git dir (shared by
//! every worktree):
//!
//! - the trees of every local and remote-tracking branch and of the index, read once per
//!   tree id (a changed folder has a new id, so this part can never go stale);
//! - the whole history of every ref: each commit not seen before is diffed against its
//!   parent once, and the highest number added is kept with the tips it covers, so a story
//!   removed (or renumbered) long ago keeps its number;
//! - the numbers this repository handed out itself, so a story created with `--no-commit`
//!   in one worktree (and not yet committed anywhere) is not given out again in another.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::{Repo, Result};
use crate::RepoLock;

const CACHE_FILE: &str = "backlog-ids";

/// What `backlog-ids` remembers; one line per entry, fields separated by tabs.
#[derive(Default, Clone, PartialEq)]
struct Cache {
    /// `tree <tree id> <prefix> <n>`: the highest number in that tree, or in the trees it
    /// came from (see `highest_after`).
    trees: HashMap<(String, String), u64>,
    /// `history <prefix> <dir> <n> <tip>…`: the highest number added in the history of
    /// the tips.
    history: HashMap<(String, String), (u64, BTreeSet<String>)>,
    /// `reserved <prefix> <n>`: the highest number this repository handed out.
    reserved: HashMap<String, u64>,
}

impl Repo {
    /// The highest number used with `prefix` (`PAY` in `PAY-12`) by the story files under
    /// `dir` on every branch, in the index and in any commit of any branch's history, and
    /// handed out by this repository before.
    pub fn highest_id_everywhere(&self, dir: &str, prefix: &str) -> Result<u64> {
        let repo = &self.inner;
        let cache_path = repo.commondir().join(CACHE_FILE);
        let before = read_cache(&cache_path);
        let mut cache = before.clone();
        // Each tree with the tree it came from (a branch tip's parent; HEAD for the
        // index), whose figure, when known, spares reading every file again.
        let mut trees = Vec::new();
        for glob in ["refs/heads/*", "refs/remotes/*"] {
            for reference in repo.references_glob(glob)?.flatten() {
                if reference.symbolic_target().ok().flatten().is_some() {
                    continue;
                }
                if let Ok(commit) = reference.peel_to_commit()
                    && let Ok(tree) = commit.tree()
                {
                    let parent = commit.parent(0).and_then(|p| p.tree()).ok();
                    trees.push((tree, parent));
                }
            }
        }
        // The index, as a tree: unchanged from HEAD, it is a cache hit too.
        if let Ok(mut index) = repo.index()
            && let Ok(id) = index.write_tree()
            && let Ok(tree) = repo.find_tree(id)
        {
            let head = repo.head().and_then(|h| h.peel_to_tree()).ok();
            trees.push((tree, head));
        }
        let folder = |tree: &git2::Tree| tree.get_path(Path::new(dir)).ok().map(|e| e.id());
        let mut highest = 0;
        for (tree, parent) in trees {
            let Some(sub) = folder(&tree) else {
                continue;
            };
            let key = (sub.to_string(), prefix.to_string());
            let n = match cache.trees.get(&key) {
                Some(n) => *n,
                None => {
                    let before = parent.as_ref().and_then(folder).and_then(|p| {
                        let n = cache.trees.get(&(p.to_string(), prefix.to_string()))?;
                        Some((p, *n))
                    });
                    let n = match before {
                        Some((p, n)) => highest_after(repo, p, sub, prefix, n)?,
                        None => highest_in_tree(repo, sub, prefix)?,
                    };
                    cache.trees.insert(key, n);
                    n
                }
            };
            highest = highest.max(n);
        }
        highest = highest.max(self.highest_in_history(&mut cache, dir, prefix)?);
        highest = highest.max(cache.reserved.get(prefix).copied().unwrap_or(0));
        if cache != before {
            write_cache(&cache_path, &cache);
        }
        Ok(highest)
    }

    /// Remember that `number` was handed out with `prefix`, so no worktree of this
    /// repository hands it out again. Called under the backlog lock.
    pub fn reserve_id(&self, _lock: &RepoLock, prefix: &str, number: u64) {
        let cache_path = self.inner.commondir().join(CACHE_FILE);
        let mut cache = read_cache(&cache_path);
        let reserved = cache.reserved.entry(prefix.to_string()).or_default();
        if number > *reserved {
            *reserved = number;
            write_cache(&cache_path, &cache);
        }
    }

    /// The highest number added under `dir` by any commit reachable from any ref or HEAD.
    /// Commits reachable from the tips remembered last time are not read again.
    fn highest_in_history(&self, cache: &mut Cache, dir: &str, prefix: &str) -> Result<u64> {
        let repo = &self.inner;
        let key = (prefix.to_string(), dir.to_string());
        let (mut highest, seen) = cache.history.get(&key).cloned().unwrap_or_default();
        let mut tips = BTreeSet::new();
        for reference in repo.references()?.flatten() {
            if let Ok(commit) = reference.peel_to_commit() {
                tips.insert(commit.id().to_string());
            }
        }
        if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
            tips.insert(head.id().to_string());
        }
        if tips.is_subset(&seen) {
            return Ok(highest);
        }
        let mut walk = repo.revwalk()?;
        for tip in &tips {
            walk.push(git2::Oid::from_str(tip)?)?;
        }
        for tip in &seen {
            // A tip that is gone (its branch deleted and collected) hides nothing.
            if let Ok(oid) = git2::Oid::from_str(tip) {
                let _ = walk.hide(oid);
            }
        }
        let path = Path::new(dir);
        for oid in walk {
            // A shallow clone's history ends early: what is there is read.
            let Ok(commit) = oid.and_then(|oid| repo.find_commit(oid)) else {
                break;
            };
            let sub = |c: &git2::Commit| {
                c.tree()
                    .ok()
                    .and_then(|t| t.get_path(path).ok())
                    .and_then(|e| repo.find_tree(e.id()).ok())
            };
            let Some(new) = sub(&commit) else { continue };
            let old = commit.parent(0).ok().and_then(|p| sub(&p));
            if old.as_ref().is_some_and(|o| o.id() == new.id()) {
                continue;
            }
            let diff = repo.diff_tree_to_tree(old.as_ref(), Some(&new), None)?;
            for delta in diff.deltas() {
                let file = delta.new_file();
                let Some(name) = file.path().map(|p| p.to_string_lossy().into_owned()) else {
                    continue;
                };
                if name.starts_with("templates/") || !name.ends_with(".md") || file.id().is_zero() {
                    continue;
                }
                let stem = name
                    .rsplit('/')
                    .next()
                    .unwrap_or(&name)
                    .trim_end_matches(".md");
                let from_name = number(stem, prefix).unwrap_or(0);
                let from_text = repo
                    .find_blob(file.id())
                    .ok()
                    .and_then(|b| quick_id(b.content()))
                    .and_then(|id| number(&id, prefix))
                    .unwrap_or(0);
                highest = highest.max(from_name).max(from_text);
            }
        }
        cache.history.insert(key, (highest, tips));
        Ok(highest)
    }
}

fn read_cache(path: &Path) -> Cache {
    let mut cache = Cache::default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // Lines that do not read (an older format, a torn write) are only a cache miss.
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["tree", id, prefix, n] => {
                if let Ok(n) = n.parse() {
                    cache.trees.insert((id.to_string(), prefix.to_string()), n);
                }
            }
            ["history", prefix, dir, n, tips @ ..] => {
                if let Ok(n) = n.parse() {
                    let tips = tips.iter().map(|t| t.to_string()).collect();
                    cache
                        .history
                        .insert((prefix.to_string(), dir.to_string()), (n, tips));
                }
            }
            ["reserved", prefix, n] => {
                if let Ok(n) = n.parse() {
                    cache.reserved.insert(prefix.to_string(), n);
                }
            }
            _ => {}
        }
    }
    cache
}

/// Best effort: a cache that cannot be written only costs time next run (the numbers
/// handed out are also in the files and commits that took them).
fn write_cache(path: &Path, cache: &Cache) {
    let mut lines: Vec<String> = cache
        .trees
        .iter()
        .map(|((id, prefix), n)| format!("tree\t{id}\t{prefix}\t{n}"))
        .collect();
    for ((prefix, dir), (n, tips)) in &cache.history {
        let tips: Vec<&str> = tips.iter().map(String::as_str).collect();
        lines.push(format!(
            "history\t{prefix}\t{dir}\t{n}\t{}",
            tips.join("\t")
        ));
    }
    for (prefix, n) in &cache.reserved {
        lines.push(format!("reserved\t{prefix}\t{n}"));
    }
    lines.sort();
    let text = lines.join("\n") + "\n";
    let _ = crate::fsutil::write_atomic(path, text.as_bytes(), false);
}

/// The figure of the backlog folder `tree`, from that of the folder `before` it (`known`)
/// and the files it added or changed, which alone are read. A number in a file it removed
/// stays counted: the history counts it anyway, and it is never handed out again.
fn highest_after(
    repo: &git2::Repository,
    before: git2::Oid,
    tree: git2::Oid,
    prefix: &str,
    known: u64,
) -> Result<u64> {
    let mut changes = Vec::new();
    crate::walk::compare_trees(
        &mut crate::walk::Trees::new(repo),
        Some(&repo.find_tree(before)?),
        Some(&repo.find_tree(tree)?),
        "",
        &mut changes,
    )?;
    let mut highest = known;
    for change in changes {
        let (Some(path), Some(id)) = (change.new_path, change.new_id) else {
            continue;
        };
        if path.starts_with("templates/") || !path.ends_with(".md") {
            continue;
        }
        let blob = repo.find_blob(git2::Oid::from_str(&id)?)?;
        let name = path.rsplit('/').next().unwrap_or(&path);
        highest = highest.max(file_number(blob.content(), name, prefix));
    }
    Ok(highest)
}

fn highest_in_tree(repo: &git2::Repository, tree: git2::Oid, prefix: &str) -> Result<u64> {
    let tree = repo.find_tree(tree)?;
    let mut highest = 0;
    let mut error = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        if dir.starts_with("templates") {
            return git2::TreeWalkResult::Skip;
        }
        let name = entry.name().unwrap_or_default();
        if entry.kind() == Some(git2::ObjectType::Blob) && name.ends_with(".md") {
            match repo.find_blob(entry.id()) {
                Ok(blob) => highest = highest.max(file_number(blob.content(), name, prefix)),
                Err(e) => error = Some(e),
            }
        }
        git2::TreeWalkResult::Ok
    })?;
    match error {
        Some(e) => Err(e.into()),
        None => Ok(highest),
    }
}

/// The number a story file `name` with `content` holds: its `id:`'s, else its name's; 0
/// for neither.
fn file_number(content: &[u8], name: &str, prefix: &str) -> u64 {
    quick_id(content)
        .and_then(|id| number(&id, prefix))
        .or_else(|| number(name.trim_end_matches(".md"), prefix))
        .unwrap_or(0)
}

/// The number of `PREFIX-N…` (the digits right after `PREFIX-`).
fn number(id: &str, prefix: &str) -> Option<u64> {
    let rest = id.strip_prefix(prefix)?.strip_prefix('-')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .ok()
        .filter(|n| *n <= backlog_core::story::MAX_ID_NUMBER)
}

/// The `id:` of a story's front matter, found without parsing the YAML (see
/// `backlog::front_matter_id`).
pub fn quick_id(bytes: &[u8]) -> Option<String> {
    backlog_core::backlog::front_matter_id(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_ids() {
        assert_eq!(
            quick_id(b"---\ntitle: x\nid: 'PAY-12'  # mine\n---\n"),
            Some("PAY-12".into())
        );
        assert_eq!(
            quick_id(b"---\r\nid: PAY-3\r\n---\r\n"),
            Some("PAY-3".into())
        );
        assert_eq!(quick_id(b"# no front matter\nid: PAY-1\n"), None);
        assert_eq!(number("PAY-12", "PAY"), Some(12));
        assert_eq!(number("PAY-7k3f", "PAY"), Some(7));
        assert_eq!(number("PAYX-7", "PAY"), None);
    }
}
