//! `rank`: the backlog in order, with each story's scores explained.

use schemars::JsonSchema;
use serde::Serialize;

use super::Metric;
use crate::rank::{Method, Ranked, Score, Term};

/// One input of a score and what it adds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TermView<'a> {
    pub field: &'a str,
    pub value: Metric,
    /// What this term adds to the score (`null` for a divisor, such as points).
    pub contribution: Option<Metric>,
}

/// A story's score by one method, or why it has none.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScoreView<'a> {
    pub method: &'a str,
    /// Higher ranks first; `null`: unscored (see `reason`).
    pub score: Option<Metric>,
    pub terms: Vec<TermView<'a>>,
    pub reason: Option<&'a str>,
}

impl<'a> ScoreView<'a> {
    pub fn new(s: &'a Score) -> Self {
        let term = |t: &'a Term| TermView {
            field: &t.field,
            value: Metric(t.value),
            contribution: t.contribution.map(Metric),
        };
        ScoreView {
            method: s.method,
            score: s.score.map(Metric),
            terms: s.terms.iter().map(term).collect(),
            reason: s.reason.as_deref(),
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RankedView<'a> {
    /// 1-based.
    pub position: usize,
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'a str,
    pub rank: Option<&'a str>,
    /// Why the first method could not score the story (it is listed last), if so.
    pub unscored: Option<&'a str>,
    pub scores: Vec<ScoreView<'a>>,
}

/// `rank --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RankView<'a> {
    /// The methods, in the order they break ties (`["manual"]` for the manual order).
    pub by: Vec<&'static str>,
    pub stories: Vec<RankedView<'a>>,
}

impl<'a> RankView<'a> {
    pub fn new(ranked: &'a [Ranked<'a>], methods: &[Method]) -> Self {
        let mut by: Vec<&'static str> = methods.iter().map(|m| m.name()).collect();
        if by.is_empty() {
            by.push(Method::Manual.name());
        }
        RankView {
            by,
            stories: ranked
                .iter()
                .enumerate()
                .map(|(i, r)| RankedView {
                    position: i + 1,
                    id: &r.story.id,
                    title: &r.story.title,
                    status: &r.story.status,
                    rank: r.story.rank.as_deref(),
                    unscored: r.unscored(),
                    scores: r.scores.iter().map(ScoreView::new).collect(),
                })
                .collect(),
        }
    }
}
