//! The IDs in use on every branch, read in-process, so that `new` never reuses one that
//! another branch already took. Each branch's backlog folder is read once per tree id and
//! remembered in `.git/backlog-ids`: an unchanged branch is not read again, and a cache
//! keyed by content can never go stale.

use std::collections::HashMap;
use std::path::Path;

use super::{Repo, Result};

const CACHE_FILE: &str = "backlog-ids";

impl Repo {
    /// The highest number used with `prefix` (`PAY` in `PAY-12`) in the story files under
    /// `dir` on every local and remote-tracking branch and in the index.
    pub fn highest_id_everywhere(&self, dir: &str, prefix: &str) -> Result<u64> {
        let repo = &self.inner;
        let cache_path = repo.commondir().join(CACHE_FILE);
        let mut cache = read_cache(&cache_path);
        let before = cache.len();
        let mut trees = Vec::new();
        for glob in ["refs/heads/*", "refs/remotes/*"] {
            for reference in repo.references_glob(glob)?.flatten() {
                if reference.symbolic_target().ok().flatten().is_some() {
                    continue;
                }
                if let Ok(tree) = reference.peel_to_tree() {
                    trees.push(tree);
                }
            }
        }
        // The index, as a tree: unchanged from HEAD, it is a cache hit too.
        if let Ok(mut index) = repo.index() {
            if let Ok(id) = index.write_tree() {
                if let Ok(tree) = repo.find_tree(id) {
                    trees.push(tree);
                }
            }
        }
        let mut highest = 0;
        for tree in trees {
            let sub = match tree.get_path(Path::new(dir)) {
                Ok(entry) => entry.id(),
                Err(_) => continue,
            };
            let key = format!("{sub} {prefix}");
            let n = match cache.get(&key) {
                Some(n) => *n,
                None => {
                    let n = highest_in_tree(repo, sub, prefix)?;
                    cache.insert(key, n);
                    n
                }
            };
            highest = highest.max(n);
        }
        if cache.len() != before {
            write_cache(&cache_path, &cache);
        }
        Ok(highest)
    }
}

fn read_cache(path: &Path) -> HashMap<String, u64> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (key, n) = line.rsplit_once(' ')?;
            Some((key.to_string(), n.parse().ok()?))
        })
        .collect()
}

/// Best effort: a cache that cannot be written only costs time next run.
fn write_cache(path: &Path, cache: &HashMap<String, u64>) {
    let mut lines: Vec<String> = cache.iter().map(|(k, n)| format!("{k} {n}")).collect();
    lines.sort();
    let text = lines.join("\n") + "\n";
    let _ = crate::fsutil::write_atomic(path, text.as_bytes(), false);
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
                Ok(blob) => {
                    let n = quick_id(blob.content())
                        .and_then(|id| number(&id, prefix))
                        .or_else(|| number(name.trim_end_matches(".md"), prefix));
                    highest = highest.max(n.unwrap_or(0));
                }
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

/// The number of `PREFIX-N…` (the digits right after `PREFIX-`).
fn number(id: &str, prefix: &str) -> Option<u64> {
    let rest = id.strip_prefix(prefix)?.strip_prefix('-')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .ok()
        .filter(|n| *n <= backlog_core::story::MAX_ID_NUMBER)
}

/// The `id:` of a story's front matter, found without parsing the YAML: enough to know
/// which numbers are taken, even in a file that does not parse.
pub fn quick_id(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(&bytes[..bytes.len().min(64 * 1024)]).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            break;
        }
        if let Some(value) = line.strip_prefix("id:") {
            let value = value.split(" #").next().unwrap_or("").trim();
            return Some(value.trim_matches(['"', '\'']).to_string());
        }
    }
    None
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
