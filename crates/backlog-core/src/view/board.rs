//! `board`: the stories in one column per status of the workflow, as a team's board.

use schemars::JsonSchema;
use serde::Serialize;

use super::Metric;
use crate::backlog::Backlog;
use crate::story::{Num, Story};

/// `board --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BoardView<'a> {
    /// One column per status, in the workflow's order.
    pub columns: Vec<ColumnView<'a>>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ColumnView<'a> {
    pub status: &'a str,
    /// A done status of the workflow.
    pub done: bool,
    /// The points of the column's stories.
    pub points: Metric,
    /// In the backlog's manual order.
    pub cards: Vec<CardView<'a>>,
}

/// What a card shows.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CardView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub priority: Option<&'a str>,
    pub points: Option<Num>,
    pub assignee: Option<&'a str>,
    pub labels: &'a [String],
    /// Criteria ticked, and in all.
    pub criteria_done: usize,
    pub criteria_total: usize,
}

impl<'a> BoardView<'a> {
    /// The board of `stories` (in the order given): a column for each status of the
    /// workflow, empty ones too.
    pub fn new(backlog: &'a Backlog, stories: &[&'a Story]) -> BoardView<'a> {
        let config = &backlog.config;
        let columns = config
            .statuses
            .iter()
            .map(|status| {
                let here: Vec<&Story> = stories
                    .iter()
                    .copied()
                    .filter(|s| &s.status == status)
                    .collect();
                ColumnView {
                    status,
                    done: config.is_done(status),
                    points: Metric(here.iter().filter_map(|s| s.points.map(|p| p.0)).sum()),
                    cards: here
                        .into_iter()
                        .map(|s| CardView {
                            id: &s.id,
                            title: &s.title,
                            kind: &s.kind,
                            priority: s.priority.as_deref(),
                            points: s.points,
                            assignee: s.assignee.as_deref(),
                            labels: &s.labels,
                            criteria_done: s.criteria_done(),
                            criteria_total: s.criteria.len(),
                        })
                        .collect(),
                }
            })
            .collect();
        BoardView { columns }
    }
}
