//! `log ID`: the commits that changed a story, with the changes as data.

use schemars::JsonSchema;
use serde::Serialize;

use super::change::StoryChange;
use crate::types::StoryId;

/// One commit of a story's log.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LogEntry {
    /// The full commit id.
    pub commit: String,
    /// The abbreviated id, as `git log --oneline` shows it.
    pub short: String,
    /// `YYYY-MM-DD HH:MM`, in the commit's own time zone.
    pub date: String,
    pub author: String,
    pub summary: String,
    pub changes: Vec<StoryChange>,
}

/// `log ID --format json`: newest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LogView {
    pub id: StoryId,
    pub commits: Vec<LogEntry>,
}
