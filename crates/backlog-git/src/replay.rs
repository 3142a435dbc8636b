//! The backlog's history, replayed from git into the core's history types: a story's log
//! and the steps the backlog went through, for the metrics.

use std::collections::{BTreeMap, HashMap};

use backlog_core::backlog::{self, Backlog, Problem};
use backlog_core::config::Config;
use backlog_core::history::{Snapshot, Step, datetime};
use backlog_core::story::Story;
use backlog_core::types::StoryId;
use backlog_core::view::change::{StoryChange, describe};
use backlog_core::view::log::LogEntry;

use crate::{FileChange, Range, Repo};

/// One version of a file: a story, no story (`Ok(None)`: absent, or not a story file), or
/// a file that cannot be read as one.
type Version = Result<Option<Story>, Problem>;

/// Story versions parsed once each, by blob id: a version is the new side of one commit
/// and the old side of the next. Only the versions still needed are kept.
struct Versions<'a> {
    repo: &'a Repo,
    config: &'a Config,
    parsed: HashMap<String, Version>,
    /// The backlog's own stories by path: a version with the same text is not parsed
    /// again (most stories' last version is the one in the backlog).
    current: HashMap<&'a str, &'a Story>,
}

impl<'a> Versions<'a> {
    fn new(repo: &'a Repo, backlog: &'a Backlog) -> Self {
        Versions {
            repo,
            config: &backlog.config,
            parsed: HashMap::new(),
            current: backlog
                .stories
                .iter()
                .map(|s| (s.path.as_str(), s))
                .collect(),
        }
    }

    /// The story before and after `change`.
    fn of(&mut self, change: &FileChange) -> (Version, Version) {
        // The old side was the new side of an earlier commit: take it out of the cache.
        let old = match (&change.old_path, &change.old_id) {
            (Some(path), Some(id)) => match self.parsed.remove(id) {
                Some(story) => story,
                None => self.parse(path, id),
            },
            _ => Ok(None),
        };
        let new = match (&change.new_path, &change.new_id) {
            (Some(path), Some(id)) => {
                let story = self.parse(path, id);
                self.parsed.insert(id.clone(), story.clone());
                story
            }
            _ => Ok(None),
        };
        (old, new)
    }

    fn parse(&self, path: &str, id: &str) -> Version {
        if !path.ends_with(".md") {
            return Ok(None);
        }
        let Ok(bytes) = self.repo.blob(id) else {
            return Ok(None);
        };
        if let Some(story) = self.current.get(path)
            && story.source == backlog_core::story::fingerprint(&bytes)
        {
            return Ok(Some((*story).clone()));
        }
        // The same content under another name is the same version, at this path.
        Ok(backlog::parse_story(bytes, path, self.config)?.filter(|s| s.path == path))
    }
}

/// The commits that changed story `id`, newest first, with the changes in words. The
/// story is followed by its ID, so renames and moves between folders are followed too.
pub fn story_log(repo: &Repo, backlog: &Backlog, id: &str) -> crate::Result<Vec<LogEntry>> {
    let mut logs = story_logs(repo, backlog, Some(id))?;
    Ok(logs.remove(&id.to_lowercase()).unwrap_or_default())
}

/// The history of every story (or only of `only`) in one pass over the commits: by ID in
/// lower case, each newest first.
pub fn story_logs(
    repo: &Repo,
    backlog: &Backlog,
    only: Option<&str>,
) -> crate::Result<BTreeMap<String, Vec<LogEntry>>> {
    let prefix = backlog.shown(backlog::DIR);
    let mut out: BTreeMap<String, Vec<LogEntry>> = BTreeMap::new();
    let mut versions = Versions::new(repo, backlog);
    let wanted = |s: &Story| only.is_none_or(|id| s.id.eq_ignore_ascii_case(id));
    repo.walk_changes(&prefix, Range::All, |commit, changes| {
        // Each story before and after this commit, whichever files held it: a rename is
        // one file removed and another added.
        type Pair = (
            Option<Story>,
            Option<Story>,
            Option<backlog_core::backlog::Problem>,
        );
        let mut by_id: BTreeMap<String, Pair> = BTreeMap::new();
        for change in &changes {
            let (o, n) = versions.of(change);
            let o = o.ok().flatten().filter(&wanted);
            // The story's file became unreadable: say so, rather than "deleted".
            if let (Some(old), Err(problem)) = (&o, &n) {
                by_id.entry(old.id.to_lowercase()).or_default().2 = Some(problem.clone());
            }
            if let Some(old) = o {
                let slot = by_id.entry(old.id.to_lowercase()).or_default();
                slot.0 = slot.0.take().or(Some(old));
            }
            if let Some(new) = n.ok().flatten().filter(&wanted) {
                let slot = by_id.entry(new.id.to_lowercase()).or_default();
                slot.1 = slot.1.take().or(Some(new));
            }
        }
        for (id, (mut old, new, unreadable)) in by_id {
            let mut words = Vec::new();
            if let (Some(problem), None) = (&unreadable, &new) {
                words.push(StoryChange::unreadable(problem));
                old = None;
            }
            match (old, new) {
                (None, Some(n)) => {
                    let text = format!("created: {:?} ({}, {})", n.title, n.kind, n.status);
                    words.push(StoryChange::created(&n, text));
                }
                (Some(o), None) => {
                    let text = format!("deleted: {:?}", o.title);
                    words.push(StoryChange::deleted(&o, text));
                }
                (Some(o), Some(n)) => {
                    if o.path != n.path {
                        words.push(StoryChange::renamed(&o, &n));
                    }
                    words.extend(describe(&o, &n));
                }
                (None, None) => {}
            }
            if !words.is_empty() {
                out.entry(id).or_default().push(LogEntry {
                    commit: commit.id.clone(),
                    short: commit.short.clone(),
                    date: datetime(commit),
                    author: commit.author.clone(),
                    summary: commit.summary.clone(),
                    changes: words,
                });
            }
        }
    })?;
    for entries in out.values_mut() {
        entries.reverse();
    }
    Ok(out)
}

/// The states the backlog went through on this branch, oldest first: each first-parent
/// commit that changed a story.
pub fn steps(repo: &Repo, backlog: &Backlog) -> crate::Result<Vec<Step>> {
    let prefix = backlog.shown(backlog::DIR);
    let mut out = Vec::new();
    let mut versions = Versions::new(repo, backlog);
    repo.walk_changes(&prefix, Range::FirstParent, |commit, changes| {
        let mut by_id: BTreeMap<StoryId, (Option<Snapshot>, Option<Snapshot>)> = BTreeMap::new();
        for change in &changes {
            let (old, new) = versions.of(change);
            // An unreadable version counts as absent in the metrics.
            let (old, new) = (old.ok().flatten(), new.ok().flatten());
            let snap = |s: &Story| Snapshot {
                status: s.status.clone(),
                sprint: s.sprint.clone(),
                points: s.points.map(|p| p.0),
                release: s.release.clone(),
                kind: s.kind.clone(),
                rank: s.rank.clone(),
                created: s.created.as_ref().map(|d| d.to_string()),
            };
            if let Some(o) = &old {
                by_id.entry(o.id.clone()).or_default().0 = Some(snap(o));
            }
            if let Some(n) = &new {
                by_id.entry(n.id.clone()).or_default().1 = Some(snap(n));
            }
        }
        let touched: Vec<StoryId> = by_id.keys().cloned().collect();
        let changes: Vec<_> = by_id
            .into_iter()
            .filter(|(_, (a, b))| a != b)
            .map(|(id, (a, b))| (id, a, b))
            .collect();
        if !touched.is_empty() {
            out.push(Step {
                commit: commit.clone(),
                changes,
                touched,
            });
        }
    })?;
    Ok(out)
}
