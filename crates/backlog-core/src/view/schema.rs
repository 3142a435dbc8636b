//! JSON Schemas (draft 2020-12) of every JSON document, made from the view types, so the
//! schemas under docs/schema/ cannot drift from what the commands print: a test compares
//! them with these, and validates real output against them.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::VERSION;

/// Each document by name (`list`, `stats-velocity`, …), with its schema.
pub fn documents() -> Vec<(&'static str, Schema)> {
    let mut out = raw();
    for (name, schema) in &mut out {
        if let Some(object) = schema.as_object_mut() {
            let title = match *name {
                "story" => "git-backlog list --format jsonl: one story per line".to_string(),
                name => format!("git-backlog {} --format json", name.replacen('-', " ", 1)),
            };
            object.insert("title".into(), title.into());
            // This version of the document, and no other.
            if let Some(version) = object
                .get_mut("properties")
                .and_then(|p| p.get_mut("version"))
            {
                *version = serde_json::json!({ "const": VERSION });
            }
        }
    }
    out
}

fn raw() -> Vec<(&'static str, Schema)> {
    use super::*;
    vec![
        ("list", of::<Versioned<story::ListView<'static>>>()),
        ("board", of::<Versioned<board::BoardView<'static>>>()),
        ("story", of::<story::StoryView<'static>>()),
        ("show", of::<Versioned<story::ShowView<'static>>>()),
        ("ac-list", of::<Versioned<story::CriteriaView<'static>>>()),
        ("next", of::<Versioned<story::BriefListView<'static>>>()),
        ("blocked", of::<Versioned<story::BriefListView<'static>>>()),
        ("rank", of::<Versioned<rank::RankView<'static>>>()),
        ("sprint-plan", of::<Versioned<sprint::PlanView<'static>>>()),
        (
            "sprint-show",
            of::<Versioned<sprint::SprintView<'static>>>(),
        ),
        ("sprint-list", of::<Versioned<sprint::SprintListView>>()),
        ("sprint-review", of::<Versioned<sprint::ReviewView>>()),
        ("graph", of::<Versioned<graph::GraphView<'static>>>()),
        ("log", of::<Versioned<log::LogView>>()),
        ("diff", of::<Versioned<diff::DiffView>>()),
        ("stats-velocity", of::<Versioned<stats::VelocityView>>()),
        ("stats-burndown", of::<Versioned<stats::BurndownView>>()),
        ("stats-flow", of::<Versioned<stats::FlowView>>()),
        ("check", of::<Versioned<check::CheckView<'static>>>()),
        ("product", of::<Versioned<release::ProductView<'static>>>()),
        ("release-list", of::<Versioned<release::ReleaseListView>>()),
        ("release-show", of::<Versioned<release::ReleaseView>>()),
        ("roadmap", of::<Versioned<release::ReleaseListView>>()),
        ("stats-delivery", of::<Versioned<release::DeliveryView>>()),
        ("stats-defects", of::<Versioned<stats::DefectsView>>()),
        ("stats-health", of::<Versioned<health::HealthView>>()),
    ]
}

/// The schema of `T`: every object closed (`additionalProperties: false`) unless it is a
/// map, so a member the schema does not describe is an error, not a silent extra.
fn of<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .with_transform(schemars::transform::RecursiveTransform(close_objects))
        .into_generator()
        .into_root_schema_for::<T>()
}

fn close_objects(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut()
        && object.contains_key("properties")
        && !object.contains_key("additionalProperties")
    {
        object.insert("additionalProperties".into(), false.into());
    }
}
