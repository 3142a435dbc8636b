//! `git backlog mcp` driven by a real MCP client: the official Python SDK's stdio client
//! (PyPI `mcp`) runs tests/clients/mcp_scenario.py against the server; the files and
//! commits are read back with git.

use std::process::Command;

use serde_json::Value;

use crate::common::{BIN, Repo, client};

#[test]
fn the_official_python_client_drives_the_server() {
    let python = client("python3", "apt-get install python3");
    let sdk = Command::new(&python)
        .args(["-c", "import mcp"])
        .output()
        .unwrap();
    assert!(
        sdk.status.success(),
        "this test runs the official Python MCP SDK, which {} cannot import: pip install mcp (or run `bash .ci/test`, which installs it)",
        python.display()
    );
    let repo = Repo::with_backlog();
    let before = repo.commit_count();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/mcp_scenario.py");
    let mut cmd = Command::new(&python);
    crate::common::clean_env(&mut cmd, repo.path());
    let out = cmd
        .args([script, BIN, repo.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();

    // initialize, tools/list with a JSON Schema for each tool, resources.
    assert_eq!(seen["server"], "git-backlog");
    let tools = seen["tools"].as_object().unwrap();
    for name in [
        "list",
        "show",
        "new",
        "set",
        "move",
        "ac_add",
        "ac_check",
        "rank",
        "rank_by",
        "next",
        "blocked",
        "check",
        "diff",
        "sprint_plan",
    ] {
        assert_eq!(tools[name]["type"], "object", "{name}");
    }
    assert_eq!(tools["new"]["required"], serde_json::json!(["title"]));
    assert!(
        seen["resources"]
            .as_array()
            .unwrap()
            .contains(&Value::from("backlog://backlog/config.yml"))
    );
    assert_eq!(
        seen["json_doc_starts"].as_str().unwrap().lines().next(),
        Some("# JSON output")
    );

    // The scenario: a whole story, ranked, a criterion ticked, moved; then `next`.
    for step in [
        "new", "other", "rank", "tick", "move", "next", "show", "list", "check",
    ] {
        assert_eq!(seen[step]["error"], false, "{step}: {}", seen[step]["text"]);
    }
    assert_eq!(seen["id"], "PAY-1");
    let text = repo.read(&repo.story_path("PAY-1"));
    assert!(
        text.contains("status: doing\n") && text.contains("priority: must\n"),
        "{text}"
    );
    assert!(
        text.ends_with("As a merchant I want to refund a payment so that the customer gets their money back.\n\n## Acceptance criteria\n- [x] The customer is credited\n- [ ] A refund is audit-logged\n"),
        "{text}"
    );
    // Each change is one commit, made as the CLI makes it.
    let log = repo.git(&[
        "log",
        "--format=%s",
        &format!("-{}", repo.commit_count() - before),
    ]);
    assert_eq!(
        log,
        "backlog(PAY-1): move ready -> doing\nbacklog(PAY-1): criterion 1 checked\nbacklog(PAY-1): rank kept at place 1\nbacklog(PAY-2): new \"Export to CSV\"\nbacklog(PAY-1): new \"Refund a card payment\"\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain", "--", "backlog"]), "");
    // Reads return the JSON views of `--format json`, as structured content too.
    assert_eq!(seen["show"]["structured"]["version"], 2);
    assert_eq!(
        seen["show"]["structured"]["story"]["criteria"][0]["done"],
        true
    );
    let next: Vec<&str> = seen["next"]["structured"]["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(next, ["PAY-2"]);
    let listed = seen["list"]["structured"]["stories"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    // Errors carry the message a user would see; a refused write changes nothing.
    assert_eq!(seen["missing"]["error"], true);
    assert!(
        seen["missing"]["text"]
            .as_str()
            .unwrap()
            .contains("no story PAY-999"),
        "{}",
        seen["missing"]["text"]
    );
    assert_eq!(seen["done_refused"]["error"], true);
    assert!(
        seen["done_refused"]["text"]
            .as_str()
            .unwrap()
            .contains("Definition of Done, BL012"),
        "{}",
        seen["done_refused"]["text"]
    );
    assert_eq!(seen["check"]["structured"]["version"], 2);
}
