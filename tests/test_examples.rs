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
    assert_eq!(sprints.len(), 3);
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

/// Every file under `dir`, relative to it, with its bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(
        base: &std::path::Path,
        dir: &std::path::Path,
        out: &mut std::collections::BTreeMap<String, Vec<u8>>,
    ) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn the_demo_history_script_rebuilds_the_demo_with_a_true_history() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let run = Command::new("bash")
        .arg(format!("{root}/examples/demo-history.sh"))
        .arg(&out)
        .env("GIT_BACKLOG", BIN)
        .output()
        .expect("bash runs examples/demo-history.sh; install bash to run this test");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The history ends exactly in the demo backlog: regenerate the demo after changing it.
    let built = tree(&out.join("backlog"));
    let demo = tree(std::path::Path::new(&format!(
        "{root}/examples/demo/backlog"
    )));
    assert_eq!(
        built.keys().collect::<Vec<_>>(),
        demo.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built {
        assert!(
            demo[path] == *bytes,
            "{path} differs from examples/demo/backlog: regenerate it (see the script's header)"
        );
    }
    let json = |args: &[&str]| -> serde_json::Value {
        let o = Command::new(BIN)
            .arg("-C")
            .arg(&out)
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    // The velocities the script's history gives: S22 PAY-5 5 + PAY-6 8 + PAY-25 2 + PAY-26 1;
    // S23 PAY-7 3 + PAY-11 2 + PAY-29 3; S24 PAY-10 3 + PAY-27 2 + PAY-17 5.
    let v = json(&["stats", "velocity"]);
    let points: Vec<(String, f64)> = v["velocity"]["sprints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["sprint"].as_str().unwrap().to_string(),
                s["points"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            ("2026-S22".to_string(), 16.0),
            ("2026-S23".to_string(), 8.0),
            ("2026-S24".to_string(), 10.0)
        ]
    );
    // S24 burns down day by day: 26 planned, a bug of 2 added on Nov 19, 10 done.
    let b = json(&["stats", "burndown", "2026-S24"]);
    let remaining: Vec<f64> = b["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["remaining"].as_f64().unwrap())
        .collect();
    assert_eq!(
        remaining,
        [
            26.0, 26.0, 26.0, 28.0, 28.0, 28.0, 28.0, 28.0, 23.0, 23.0, 18.0, 18.0
        ]
    );
    // S23 was closed on its last day: what it carried over is carried over, not removed.
    let r = json(&["sprint", "review", "2026-S23"]);
    assert_eq!(r["goal_met"], "partly");
    assert_eq!(r["carried_over"].as_array().unwrap().len(), 2);
    assert!(r["removed"].as_array().unwrap().is_empty());
}
