//! Every command's JSON output has a JSON Schema (draft 2020-12) under docs/schema/, made
//! from the view types: the files must match the types, and real output of every command
//! must validate against the files.

use std::path::PathBuf;

use crate::common::Repo;
use crate::test_history::{at, scripted};

fn schema_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema"))
}

#[test]
fn the_schema_files_are_made_from_the_view_types() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    let mut names = Vec::new();
    for (name, schema) in backlog_core::view::schema::documents() {
        let path = schema_dir().join(format!("{name}.json"));
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if update {
            std::fs::create_dir_all(schema_dir()).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            committed, text,
            "docs/schema/{name}.json differs from the view types (UPDATE_SCHEMAS=1 rewrites it)"
        );
        names.push(format!("{name}.json"));
    }
    // No stale schema of a document that is gone.
    for entry in std::fs::read_dir(schema_dir()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            names.contains(&file),
            "docs/schema/{file} describes no document"
        );
    }
}

/// Validate `doc` against docs/schema/`name`.json, naming every error.
#[track_caller]
fn validate(name: &str, doc: &serde_json::Value) {
    let text = std::fs::read_to_string(schema_dir().join(format!("{name}.json"))).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{doc:#}");
}

fn json(repo: &Repo, args: &[&str]) -> serde_json::Value {
    let out = repo.run(args);
    assert!(out.code == 0 || out.code == 1, "{out:?}");
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

#[test]
fn every_command_s_json_validates_against_its_schema() {
    // The scripted history (sprints, moves, a rename, velocity), then stories with every
    // kind of field: dependencies (one blocked), criteria, scores, a custom field, an epic.
    let repo = scripted();
    let config = repo.read("backlog/config.yml");
    repo.write(
        "backlog/config.yml",
        format!("{config}fields:\n  requested_by: text\n"),
    );
    repo.git(&["commit", "-qam", "custom field"]);
    at(
        &repo,
        13,
        &[
            "release",
            "new",
            "2.0",
            "--target",
            "2026-12-31",
            "--goal",
            "Refunds",
        ],
    );
    at(&repo, 13, &["new", "Payments", "--type", "epic"]);
    at(
        &repo,
        13,
        &[
            "new",
            "Refunds",
            "--status",
            "ready",
            "--points",
            "5",
            "--value",
            "8",
            "--epic",
            "PAY-4",
            "--depends-on",
            "PAY-3",
            "-l",
            "api,payments",
            "--set",
            "requested_by=sales",
            "--set",
            "time_criticality=3",
            "--set",
            "release=2.0",
        ],
    );
    at(
        &repo,
        13,
        &[
            "new",
            "Chargebacks",
            "--status",
            "ready",
            "--depends-on",
            "PAY-5",
            "--points",
            "3",
        ],
    );
    at(
        &repo,
        13,
        &["ac", "PAY-5", "add", "A refund is audit-logged"],
    );
    at(&repo, 14, &["ac", "PAY-5", "check", "1"]);
    at(&repo, 14, &["set", "PAY-6", "points=5", "labels+=api"]);

    let docs: Vec<(&str, Vec<&str>)> = vec![
        ("list", vec!["list", "--all", "--json"]),
        ("board", vec!["board", "--json"]),
        ("show", vec!["show", "PAY-5", "--json"]),
        ("ac-list", vec!["ac", "PAY-5", "list", "--json"]),
        ("next", vec!["next", "--json"]),
        ("blocked", vec!["blocked", "--json"]),
        (
            "rank",
            vec!["rank", "--by", "wsjf,moscow", "--all", "--json"],
        ),
        (
            "sprint-plan",
            vec!["sprint", "plan", "S3", "--capacity", "8", "--json"],
        ),
        ("sprint-show", vec!["sprint", "show", "S1", "--json"]),
        ("sprint-list", vec!["sprint", "list", "--json"]),
        ("sprint-review", vec!["sprint", "review", "S1", "--json"]),
        ("graph", vec!["graph", "--all", "--json"]),
        ("log", vec!["log", "PAY-2", "--json"]),
        ("diff", vec!["diff", "HEAD~8..HEAD", "--json"]),
        ("stats-velocity", vec!["stats", "velocity", "--json"]),
        ("stats-burndown", vec!["stats", "burndown", "S1", "--json"]),
        ("stats-flow", vec!["stats", "flow", "--json"]),
        ("check", vec!["check", "--json"]),
        ("product", vec!["product", "--json"]),
        ("release-list", vec!["release", "list", "--json"]),
        ("release-show", vec!["release", "show", "2.0", "--json"]),
        ("roadmap", vec!["roadmap", "--json"]),
        ("stats-delivery", vec!["stats", "delivery", "--json"]),
        ("stats-defects", vec!["stats", "defects", "--json"]),
        ("stats-health", vec!["stats", "health", "--json"]),
    ];
    for (name, args) in &docs {
        let doc = json(&repo, args);
        assert_eq!(doc["version"], 2, "{name}");
        validate(name, &doc);
    }
    // The same documents through --format json, and list's JSON lines one by one.
    validate(
        "diff",
        &json(&repo, &["diff", "HEAD~8", "--format", "json"]),
    );
    let lines = repo
        .run(&["list", "--all", "--format", "jsonl"])
        .ok()
        .stdout;
    assert_eq!(lines.lines().count(), 6);
    for line in lines.lines() {
        validate("story", &serde_json::from_str(line).unwrap());
    }
    // The schemas are strict: an undescribed member is an error.
    let mut doc = json(&repo, &["show", "PAY-5", "--json"]);
    doc["story"]["surprise"] = serde_json::json!(1);
    let text = std::fs::read_to_string(schema_dir().join("show.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        !jsonschema::draft202012::new(&schema)
            .unwrap()
            .is_valid(&doc)
    );
}
