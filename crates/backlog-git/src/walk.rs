//! Reading the backlog's history in-process: the commits that changed files under a
//! folder, with the old and new content of each changed file, and files at a revision.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Sort};

use backlog_core::history::Commit;

use super::{GitError, Repo, Result};

/// One file a commit changed: its path and blob id before and after (`None`: absent).
/// The blob ids let a reader parse each version once, though it is the new side of one
/// commit and the old side of the next; `Repo::blob` reads the content.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
}

/// Which commits to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// Every commit reachable from HEAD, merges left out (each change is seen once, in
    /// the commit that made it): for a story's log.
    All,
    /// The first-parent line of HEAD, each commit against its first parent (a merge
    /// brings its branch's changes at once): the states the branch went through.
    FirstParent,
}

impl Repo {
    /// Walk the commits (oldest first) that changed anything under `prefix`, calling `f`
    /// with each commit and the files it changed there.
    pub fn walk_changes(
        &self,
        prefix: &str,
        range: Range,
        mut f: impl FnMut(&Commit, Vec<FileChange>),
    ) -> Result<()> {
        let repo = &self.inner;
        let head = match repo.head() {
            Ok(head) => head.peel_to_commit()?,
            Err(_) => return Ok(()),
        };
        let mut walk = repo.revwalk()?;
        walk.push(head.id())?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
        if range == Range::FirstParent {
            walk.simplify_first_parent()?;
        }
        let prefix = prefix.trim_end_matches('/');
        let mut trees = Trees::new(repo);
        for oid in walk {
            let commit = repo.find_commit(oid?)?;
            if range == Range::All && commit.parent_count() > 1 {
                continue;
            }
            trees.next_commit();
            // In a shallow clone the parent may be missing: treat it as empty.
            let parent_tree = match commit.parents().next() {
                Some(p) => subtree(&mut trees, &p.tree()?, prefix)?,
                None => None,
            };
            let tree = subtree(&mut trees, &commit.tree()?, prefix)?;
            if tree.as_ref().map(git2::Tree::id) == parent_tree.as_ref().map(git2::Tree::id) {
                continue;
            }
            let mut changes = Vec::new();
            compare_trees(
                &mut trees,
                parent_tree.as_ref(),
                tree.as_ref(),
                prefix,
                &mut changes,
            )?;
            let info = commit_info(&commit);
            f(&info, changes);
        }
        Ok(())
    }

    /// The content of the blob `id` (as a `FileChange` gives it).
    pub fn blob(&self, id: &str) -> Result<Vec<u8>> {
        let oid = Oid::from_str(id)?;
        Ok(self.inner.find_blob(oid)?.content().to_vec())
    }

    /// Every file under `prefix` at revision `rev`, with its content.
    pub fn files_at(&self, rev: &str, prefix: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let repo = &self.inner;
        let tree = self.tree_of(rev)?;
        let prefix = prefix.trim_end_matches('/');
        let Some(sub) = subtree(&mut Trees::new(repo), &tree, prefix)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut error = None;
        sub.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let path = join(
                    prefix,
                    Path::new(&format!("{dir}{}", entry.name().unwrap_or_default())),
                );
                match repo.find_blob(entry.id()) {
                    Ok(blob) => out.push((path, blob.content().to_vec())),
                    Err(e) => error = Some(e),
                }
            }
            git2::TreeWalkResult::Ok
        })?;
        match error {
            Some(e) => Err(e.into()),
            None => Ok(out),
        }
    }

    /// The commit a revision names (`main`, `HEAD~2`, an id), as a full id.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        let commit = self
            .inner
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| GitError::UnknownRev {
                rev: rev.to_string(),
                hint: "not a branch, tag or commit here (in a shallow clone or a CI checkout, fetch it first)",
            })?;
        Ok(commit.id().to_string())
    }

    /// The merge base of two revisions, for `A...B`.
    pub fn merge_base_of(&self, a: &str, b: &str) -> Result<String> {
        let a = Oid::from_str(&self.resolve(a)?)?;
        let b = Oid::from_str(&self.resolve(b)?)?;
        let base = self
            .inner
            .merge_base(a, b)
            .map_err(|_| GitError::UnknownRev {
                rev: format!("{a}...{b}"),
                hint: "the two have no common history (in a shallow clone: git fetch --unshallow)",
            })?;
        Ok(base.to_string())
    }

    /// The newest commit reachable from HEAD that added or changed `path`: where a file
    /// came from. Looks at most `limit` commits back.
    pub fn last_commit_touching(&self, path: &str, limit: usize) -> Result<Option<Commit>> {
        let repo = &self.inner;
        let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else {
            return Ok(None);
        };
        let mut walk = repo.revwalk()?;
        walk.push(head.id())?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        let entry = |c: &git2::Commit| {
            c.tree()
                .ok()
                .and_then(|t| t.get_path(Path::new(path)).ok())
                .map(|e| e.id())
        };
        for oid in walk.take(limit) {
            let commit = repo.find_commit(oid?)?;
            let mine = entry(&commit);
            if mine.is_none() {
                continue;
            }
            let changed = commit.parent_count() == 0 || commit.parents().all(|p| entry(&p) != mine);
            if changed {
                return Ok(Some(commit_info(&commit)));
            }
        }
        Ok(None)
    }

    /// Whether this is a shallow clone, whose history stops before its first commit.
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow()
    }

    fn tree_of(&self, rev: &str) -> Result<git2::Tree<'_>> {
        let id = Oid::from_str(&self.resolve(rev)?)?;
        Ok(self.inner.find_commit(id)?.tree()?)
    }
}

/// Trees read for one commit, kept for the next: in a walk a commit's tree is the
/// parent tree of the commit after it, and libgit2 keeps no tree over 4 KiB in its own
/// cache (the folder of 10,000 stories is 400 KiB, and was read and parsed twice).
pub(crate) struct Trees<'r> {
    repo: &'r git2::Repository,
    last: HashMap<Oid, git2::Tree<'r>>,
    now: HashMap<Oid, git2::Tree<'r>>,
}

impl<'r> Trees<'r> {
    pub(crate) fn new(repo: &'r git2::Repository) -> Self {
        Trees {
            repo,
            last: HashMap::new(),
            now: HashMap::new(),
        }
    }

    fn find(&mut self, id: Oid) -> Result<git2::Tree<'r>> {
        if let Some(tree) = self.now.get(&id).or_else(|| self.last.get(&id)) {
            return Ok(tree.clone());
        }
        let tree = self.repo.find_tree(id)?;
        self.now.insert(id, tree.clone());
        Ok(tree)
    }

    /// The trees of the commit before are kept for this one; older ones are let go.
    fn next_commit(&mut self) {
        self.last = std::mem::take(&mut self.now);
    }
}

/// Git's order of the entries in a tree: by name, a tree's name read as if it ended in
/// `/` (without making that name: this runs for every entry of every commit).
fn git_order(a: &git2::TreeEntry, b: &git2::TreeEntry) -> Ordering {
    let (x, y) = (a.name_bytes(), b.name_bytes());
    let common = x.len().min(y.len());
    x[..common].cmp(&y[..common]).then_with(|| {
        let next = |name: &[u8], e: &git2::TreeEntry| {
            name.get(common)
                .copied()
                .or_else(|| (e.kind() == Some(git2::ObjectType::Tree)).then_some(b'/'))
        };
        next(x, a).cmp(&next(y, b))
    })
}

/// The files that differ between two trees, found by walking both at once and going only
/// into subtrees whose ids differ: with one story changed among thousands, that is one
/// pass over two sorted entry lists, much lighter than a full libgit2 diff.
pub(crate) fn compare_trees(
    trees: &mut Trees,
    old: Option<&git2::Tree>,
    new: Option<&git2::Tree>,
    path: &str,
    out: &mut Vec<FileChange>,
) -> Result<()> {
    let old_entries: Vec<git2::TreeEntry> = old.map(|t| t.iter().collect()).unwrap_or_default();
    let new_entries: Vec<git2::TreeEntry> = new.map(|t| t.iter().collect()).unwrap_or_default();
    let (mut i, mut j) = (0, 0);
    while i < old_entries.len() || j < new_entries.len() {
        let order = match (old_entries.get(i), new_entries.get(j)) {
            (Some(a), Some(b)) => git_order(a, b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let (a, b) = match order {
            Ordering::Less => (old_entries.get(i), None),
            Ordering::Greater => (None, new_entries.get(j)),
            Ordering::Equal => (old_entries.get(i), new_entries.get(j)),
        };
        if a.is_some() {
            i += 1;
        }
        if b.is_some() {
            j += 1;
        }
        if let (Some(a), Some(b)) = (a, b)
            && a.id() == b.id()
        {
            continue;
        }
        let name = String::from_utf8_lossy(a.or(b).map(|e| e.name_bytes()).unwrap_or_default())
            .into_owned();
        let child = if path.is_empty() {
            name
        } else {
            format!("{path}/{name}")
        };
        let mut tree = |e: Option<&git2::TreeEntry>| -> Result<Option<git2::Tree>> {
            match e {
                Some(e) if e.kind() == Some(git2::ObjectType::Tree) => {
                    Ok(Some(trees.find(e.id())?))
                }
                _ => Ok(None),
            }
        };
        let blob = |e: Option<&git2::TreeEntry>| {
            e.filter(|e| e.kind() == Some(git2::ObjectType::Blob))
                .map(|e| e.id().to_string())
        };
        let (old_tree, new_tree) = (tree(a)?, tree(b)?);
        if old_tree.is_some() || new_tree.is_some() {
            compare_trees(trees, old_tree.as_ref(), new_tree.as_ref(), &child, out)?;
        }
        let (old_id, new_id) = (blob(a), blob(b));
        if old_id.is_some() || new_id.is_some() {
            out.push(FileChange {
                old_path: old_id.as_ref().map(|_| child.clone()),
                new_path: new_id.as_ref().map(|_| child.clone()),
                old_id,
                new_id,
            });
        }
    }
    Ok(())
}

fn commit_info(commit: &git2::Commit) -> Commit {
    let author = commit.author();
    let id = commit.id().to_string();
    Commit {
        short: id[..7.min(id.len())].to_string(),
        id,
        author: author.name().unwrap_or_default().to_string(),
        time: author.when().seconds(),
        offset: author.when().offset_minutes(),
        summary: commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string(),
    }
}

/// The tree at `prefix` inside `tree`, if there is one.
fn subtree<'r>(
    trees: &mut Trees<'r>,
    tree: &git2::Tree<'r>,
    prefix: &str,
) -> Result<Option<git2::Tree<'r>>> {
    if prefix.is_empty() {
        return Ok(Some(tree.clone()));
    }
    match tree.get_path(Path::new(prefix)) {
        Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => {
            Ok(Some(trees.find(entry.id())?))
        }
        Ok(_) => Ok(None),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn join(prefix: &str, path: &Path) -> String {
    let rest = path.to_string_lossy().replace('\\', "/");
    if prefix.is_empty() {
        rest
    } else {
        format!("{prefix}/{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `files` (path, content), written to `repo`'s object store.
    fn tree(repo: &git2::Repository, files: &[(&str, &str)]) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, content) in files {
            let blob = repo.blob(content.as_bytes()).unwrap();
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: content.len() as u32,
                id: blob,
                flags: path.len() as u16,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        index.write_tree_to(repo).unwrap()
    }

    #[test]
    fn trees_compare_in_gits_order_of_names() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        // Git sorts the folder `foo` as `foo/`: after `foo.md` ('.' < '/'), before
        // `foo0.md` ('/' < '0'). Compared as plain names, the walk would pair them wrongly.
        let before = [
            ("foo-bar.md", "1"),
            ("foo.md", "2"),
            ("foo/x.md", "3"),
            ("foo/y.md", "4"),
            ("foo0.md", "5"),
        ];
        // `foo.md` removed, `foo/x.md` and `foo0.md` changed.
        let after = [
            ("foo-bar.md", "1"),
            ("foo/x.md", "3 changed"),
            ("foo/y.md", "4"),
            ("foo0.md", "5 changed"),
        ];
        let (old, new) = (tree(&repo, &before), tree(&repo, &after));
        let mut trees = Trees::new(&repo);
        let (old, new) = (trees.find(old).unwrap(), trees.find(new).unwrap());
        let mut changes = Vec::new();
        compare_trees(&mut trees, Some(&old), Some(&new), "", &mut changes).unwrap();
        let changed: Vec<(Option<String>, Option<String>)> = changes
            .into_iter()
            .map(|c| (c.old_path, c.new_path))
            .collect();
        let both = |p: &str| (Some(p.to_string()), Some(p.to_string()));
        let removed = (Some("foo.md".to_string()), None);
        assert_eq!(changed, [removed, both("foo/x.md"), both("foo0.md")]);
    }
}
