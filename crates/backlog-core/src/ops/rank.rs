//! Changing the manual order: moving one story, writing a scored order into the rank keys,
//! and rebalancing the keys. Each rewrites as few `rank` lines as it can.

use super::StoryFiles;
use super::set::set;
use crate::backlog::Backlog;
use crate::change::{Change, ChangeSet};
use crate::error::{Result, invalid};
use crate::fields::Assignment;
use crate::query::manual_order;
use crate::rank::{self, Method};
use crate::story::{Story, id_order};

/// Where to move a story in the manual order.
pub enum Position<'b> {
    Top,
    Bottom,
    Before(&'b Story),
    After(&'b Story),
}

/// The stories `rank` orders: all but the done ones, unless `all`.
pub fn shown_stories(backlog: &Backlog, all: bool) -> Vec<&Story> {
    backlog
        .stories
        .iter()
        .filter(|s| all || !backlog.config.is_done(&s.status))
        .collect()
}

/// Every story in the manual order.
pub fn manual(backlog: &Backlog) -> Vec<&Story> {
    let mut all: Vec<&Story> = backlog.stories.iter().collect();
    all.sort_by(|a, b| manual_order(a, b));
    all
}

/// Move `story` in the manual order: its own `rank` line changes, and others' only when
/// there is no key left between its new neighbours.
pub fn move_story(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    story: &Story,
    position: Position,
) -> Result<ChangeSet> {
    let mut order: Vec<&Story> = manual(backlog)
        .into_iter()
        .filter(|s| s.id != story.id)
        .collect();
    let at = match &position {
        Position::Top => 0,
        Position::Bottom => order.iter().take_while(|s| s.rank.is_some()).count(),
        Position::Before(anchor) | Position::After(anchor) => {
            if anchor.id == story.id {
                return invalid(format!("{} cannot move relative to itself", story.id));
            }
            let i = order.iter().position(|s| s.id == anchor.id).unwrap_or(0);
            if matches!(position, Position::After(_)) {
                i + 1
            } else {
                i
            }
        }
    };
    order.insert(at, story);
    let old = manual(backlog)
        .iter()
        .position(|s| s.id == story.id)
        .unwrap_or(0);
    let changes = rekey(backlog, files, &order, Some(&story.id))?;
    let places = |n: usize| {
        if n == 1 {
            "1 place".to_string()
        } else {
            format!("{n} places")
        }
    };
    let words = if at < old {
        format!("moved up {}", places(old - at))
    } else if at > old {
        format!("moved down {}", places(at - old))
    } else {
        // Its place is the same, but it may have gained a key (an unranked story).
        format!("kept at place {}", at + 1)
    };
    let changes = changes
        .into_iter()
        .map(|mut c| {
            if c.id == story.id {
                c.what = format!("rank {words}");
            }
            c
        })
        .collect();
    Ok(ChangeSet {
        changes,
        subject: format!("rank {} ({words})", story.id),
    })
}

/// Write the order of `methods` into the rank keys; done stories (unless `all`) keep their
/// place after the ordered ones.
pub fn apply_order(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    methods: &[Method],
    all: bool,
) -> Result<ChangeSet> {
    let shown = shown_stories(backlog, all);
    let ranked = rank::order(&shown, methods, &backlog.config);
    let mut target: Vec<&Story> = ranked.iter().map(|r| r.story).collect();
    target.extend(
        manual(backlog)
            .into_iter()
            .filter(|s| !shown.iter().any(|x| x.id == s.id)),
    );
    let by: Vec<&str> = methods.iter().map(|m| m.name()).collect();
    Ok(ChangeSet {
        changes: rekey(backlog, files, &target, None)?,
        subject: format!("rank {{n}} stories by {}", by.join(",")),
    })
}

/// Rewrite every rank key evenly and short, keeping the order.
pub fn rebalance(backlog: &Backlog, files: &dyn StoryFiles) -> Result<ChangeSet> {
    let order: Vec<&Story> = manual(backlog)
        .into_iter()
        .filter(|s| s.rank.is_some())
        .collect();
    let keys = rank::spread(order.len());
    let mut set = ChangeSet::new("rank: rebalance {n} keys");
    for (story, key) in order.iter().zip(keys) {
        set.changes
            .extend(rank_change(backlog, files, story, &key)?);
    }
    Ok(set)
}

/// Changes that make the manual order `target`, re-keying as few stories as possible.
/// The `moved` story is re-keyed even when its old key would fit, so a move is a move.
fn rekey(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    target: &[&Story],
    moved: Option<&str>,
) -> Result<Vec<Change>> {
    if let Some(bad) = target
        .iter()
        .find(|s| s.rank.as_deref().is_some_and(|k| !rank::is_key(k)))
    {
        return invalid(format!(
            "{} has a rank key git-backlog does not write ({:?}); run `git backlog rank --rebalance` to rewrite all keys",
            bad.id,
            bad.rank.as_deref().unwrap_or_default()
        ));
    }
    // Unranked stories at the end, already in ID order, can stay unranked: they sort
    // there anyway.
    let mut end = target.len();
    while end > 0 {
        let s = target[end - 1];
        let in_place = s.rank.is_none()
            && moved != Some(s.id.as_str())
            && (end == target.len() || id_order(&s.id, &target[end].id).is_lt());
        if !in_place {
            break;
        }
        end -= 1;
    }
    let keys: Vec<Option<&str>> = target[..end]
        .iter()
        .map(|s| {
            if moved == Some(s.id.as_str()) {
                None
            } else {
                s.rank.as_deref()
            }
        })
        .collect();
    let positions = rank::to_rekey(&keys);
    let Some(new) = rank::new_keys(&keys, &positions) else {
        return invalid(format!(
            "the rank keys would grow past {} characters; run `git backlog rank --rebalance` first (one commit, order kept)",
            rank::MAX_KEY_LEN
        ));
    };
    let mut changes = Vec::new();
    for (i, key) in new {
        changes.extend(rank_change(backlog, files, target[i], &key)?);
    }
    Ok(changes)
}

/// The change that gives `story` the rank key `key`, if it does not have it already.
fn rank_change(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    story: &Story,
    key: &str,
) -> Result<Option<Change>> {
    if story.rank.as_deref() == Some(key) {
        return Ok(None);
    }
    let change = set(
        backlog,
        files,
        story,
        &[Assignment::text("rank", key)],
        true,
    )?;
    Ok(change.map(|c| Change {
        what: format!("rank {key}"),
        ..c
    }))
}
