//! The demo backlog in examples/ is what the README's first command runs on: it must read
//! without a single problem and be as rich as promised.

use std::process::Command;

use crate::common::BIN;

#[test]
fn the_demo_backlog_reads_cleanly() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let out = Command::new(BIN)
        .args(["-C", demo, "list", "--all", "--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = doc["stories"].as_array().unwrap();
    let count = |f: &dyn Fn(&serde_json::Value) -> bool| stories.iter().filter(|s| f(s)).count();
    assert!(stories.len() >= 30);
    assert!(count(&|s| s["type"] == "epic") >= 3);
    assert!(count(&|s| s["progress"]["total"].as_u64() > Some(0)) >= 25);
    assert!(count(&|s| !s["depends_on"].as_array().unwrap().is_empty()) >= 10);
    let sprints: std::collections::BTreeSet<_> = stories
        .iter()
        .filter_map(|s| s["sprint"].as_str())
        .collect();
    assert_eq!(sprints.len(), 2);
    // Every reference points at a story of the demo.
    let ids: std::collections::BTreeSet<_> =
        stories.iter().map(|s| s["id"].as_str().unwrap()).collect();
    for s in stories {
        for dep in s["depends_on"].as_array().unwrap() {
            assert!(
                ids.contains(dep.as_str().unwrap()),
                "{} depends on missing {dep}",
                s["id"]
            );
        }
        if let Some(epic) = s["epic"].as_str() {
            assert!(ids.contains(epic), "{} has missing epic {epic}", s["id"]);
        }
    }
}
