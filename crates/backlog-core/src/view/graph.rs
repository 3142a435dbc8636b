//! `graph`: the stories shown, and the dependencies between them.

use schemars::JsonSchema;
use serde::Serialize;

use crate::story::Story;

#[derive(Debug, Serialize, JsonSchema)]
pub struct Node<'a> {
    pub id: &'a str,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub status: &'a str,
    /// The epic the story is drawn in, when that epic is shown too.
    pub epic: Option<&'a str>,
}

/// An arrow from a story to one that depends on it (the order of work).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Edge<'a> {
    pub from: &'a str,
    pub to: &'a str,
}

/// `graph --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GraphView<'a> {
    pub nodes: Vec<Node<'a>>,
    pub edges: Vec<Edge<'a>>,
}

impl<'a> GraphView<'a> {
    /// The graph of `shown`: dependencies among them, and epics that are shown too.
    pub fn new(shown: &[&'a Story]) -> Self {
        let included = |id: &str| shown.iter().any(|s| s.id == id);
        let is_epic = |id: &str| shown.iter().any(|s| s.id == id && s.kind == "epic");
        GraphView {
            nodes: shown
                .iter()
                .map(|s| Node {
                    id: &s.id,
                    title: &s.title,
                    kind: &s.kind,
                    status: &s.status,
                    epic: s.epic.as_deref().filter(|e| is_epic(e)),
                })
                .collect(),
            edges: shown
                .iter()
                .flat_map(|s| {
                    s.depends_on.iter().filter(|d| included(d)).map(|d| Edge {
                        from: d.as_str(),
                        to: &s.id,
                    })
                })
                .collect(),
        }
    }
}
