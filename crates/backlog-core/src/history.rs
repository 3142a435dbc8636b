//! The backlog's history as data: commits, and the steps the backlog went through, for
//! the metrics. The storage layer replays git into these types; what changed in a story
//! is `view::change`.

use crate::types::StoryId;

/// A commit, as history commands show it: plain data, filled in by the storage layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub short: String,
    pub author: String,
    /// Author time: seconds since the epoch, and the offset from UTC in minutes.
    pub time: i64,
    pub offset: i32,
    pub summary: String,
}

/// `YYYY-MM-DD HH:MM` in the commit's own time zone.
pub fn datetime(c: &Commit) -> String {
    let local = c.time + i64::from(c.offset) * 60;
    let (y, m, d) = crate::date::civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// The date of a commit in its own time zone, as days since 1970-01-01.
pub fn day(c: &Commit) -> i64 {
    (c.time + i64::from(c.offset) * 60).div_euclid(86_400)
}

/// What the metrics need of a story at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub status: String,
    pub sprint: Option<String>,
    pub points: Option<f64>,
    pub release: Option<String>,
    /// The story's type (`bug`, …).
    pub kind: String,
    /// The manual order key.
    pub rank: Option<String>,
    /// The `created:` date, as written.
    pub created: Option<String>,
}

/// One commit of the branch's history, with the stories it changed.
#[derive(Debug, Clone)]
pub struct Step {
    pub commit: Commit,
    /// Story ID, its state before and after (`None`: absent), for the stories whose
    /// snapshot changed.
    pub changes: Vec<(StoryId, Option<Snapshot>, Option<Snapshot>)>,
    /// Every story whose file the commit changed, in any way (for staleness).
    pub touched: Vec<StoryId>,
}
