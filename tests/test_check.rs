//! `check`: a fixture backlog with a violation of every rule and one clean story.

use crate::common::{Repo, run, snapshot};

const STORY: &str = "As a shopper I want to pay so that I get my order.";

/// Stories and config that break every rule once (BL006 twice: both files), plus PAY-1,
/// which is clean.
pub fn fixture() -> Repo {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/config.yml",
        "prefix: PAY\nsprints:\n  2026-S24: { capacity: 5 }\n",
    );
    let s = |file: &str, front: &str, body: &str| {
        repo.write(
            &format!("backlog/stories/{file}"),
            format!("---\n{front}---\n{body}"),
        );
    };
    let ac = "\n## Acceptance criteria\n- [x] It works.\n";
    s(
        "PAY-1-clean.md",
        "id: PAY-1\ntitle: Clean\ntype: story\nstatus: ready\npoints: 3\nvalue: 5\nsprint: 2026-S24\n",
        &format!("{STORY}\n{ac}"),
    );
    s("PAY-2-parse.md", "id: PAY-2\ntitle: 'unclosed\n", "");
    s(
        "PAY-3-missing.md",
        "id: PAY-3\ntype: story\nstatus: draft\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-4-no-ac.md",
        "id: PAY-4\ntitle: No criteria\nstatus: ready\npoints: 2\nvalue: 1\n",
        &format!("{STORY}\n\n## Acceptance criteria\n"),
    );
    s(
        "PAY-5-empty-ac.md",
        "id: PAY-5\ntitle: Empty criterion\nstatus: doing\n",
        &format!("{STORY}\n\n## Acceptance criteria\n- [x] One\n  - [ ] \n"),
    );
    s(
        "PAY-6-status.md",
        "id: PAY-6\ntitle: Bad status\nstatus: dnoe\n",
        &format!("{STORY}\n{ac}"),
    );
    s(
        "PAY-7-a.md",
        "id: PAY-7\ntitle: First\nstatus: draft\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-7-b.md",
        "id: PAY-7\ntitle: Second\nstatus: draft\n",
        &format!("{STORY}\n"),
    );
    s(
        "wrong-name.md",
        "id: PAY-8\ntitle: Misnamed\nstatus: draft\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-9-form.md",
        "id: PAY-9\ntitle: Not a user story\nstatus: draft\n",
        "Make checkout faster.\n",
    );
    s(
        "PAY-10-ref.md",
        "id: PAY-10\ntitle: Dangling\nstatus: draft\ndepends_on: [PAY-1, PAY-99]\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-11-cycle.md",
        "id: PAY-11\ntitle: Cycle one\nstatus: draft\ndepends_on: [PAY-12]\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-12-cycle.md",
        "id: PAY-12\ntitle: Cycle two\nstatus: draft\ndepends_on: [PAY-11]\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-13-epic.md",
        "id: PAY-13\ntitle: Wrong epic\nstatus: draft\nepic: PAY-1\n",
        &format!("{STORY}\n"),
    );
    s(
        "PAY-14-done.md",
        "id: PAY-14\ntitle: Done too soon\nstatus: done\n",
        &format!("{STORY}\n\n## Acceptance criteria\n- [x] One\n- [ ] Two\n- [ ] Three\n"),
    );
    s(
        "PAY-15-dor.md",
        "id: PAY-15\ntitle: Not ready\nstatus: ready\nvalue: 3\n",
        &format!("{STORY}\n{ac}"),
    );
    s(
        "PAY-16-big.md",
        "id: PAY-16\ntitle: Too big\nstatus: doing\npoints: 20\nsprint: 2026-S24\n",
        &format!("{STORY}\n{ac}"),
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "fixture"]);
    repo
}

fn json(repo: &Repo, args: &[&str]) -> (serde_json::Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = repo.run(&all);
    (
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}")),
        out.code,
    )
}

fn places(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect()
}

#[test]
fn every_rule_fires_at_the_exact_place() {
    let repo = fixture();
    let (doc, code) = json(&repo, &[]);
    assert_eq!(code, 1);
    let p = "backlog/stories/";
    assert_eq!(
        places(&doc),
        [
            "BL015 warning backlog/config.yml:3:25".to_string(),
            format!("BL009 error {p}PAY-10-ref.md:5:21"),
            format!("BL010 error {p}PAY-11-cycle.md:5:1"),
            format!("BL011 error {p}PAY-13-epic.md:5:7"),
            format!("BL012 error {p}PAY-14-done.md:10:3"),
            format!("BL013 warning {p}PAY-15-dor.md:4:9"),
            format!("BL014 warning {p}PAY-16-big.md:5:9"),
            format!("BL001 error {p}PAY-2-parse.md:3:8"),
            format!("BL002 error {p}PAY-3-missing.md:1:1"),
            format!("BL013 warning {p}PAY-4-no-ac.md:4:9"),
            format!("BL003 error {p}PAY-4-no-ac.md:10:1"),
            format!("BL004 error {p}PAY-5-empty-ac.md:10:5"),
            format!("BL005 error {p}PAY-6-status.md:4:9"),
            format!("BL006 error {p}PAY-7-a.md:2:5"),
            format!("BL006 error {p}PAY-7-b.md:2:5"),
            format!("BL008 warning {p}PAY-9-form.md:6:1"),
            format!("BL007 warning {p}wrong-name.md:2:5"),
        ]
    );
    assert_eq!(doc["version"], 2);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"errors": 11, "warnings": 6, "stories": 17})
    );
    let cycle = &doc["diagnostics"][2];
    assert_eq!(
        cycle["message"],
        "dependency cycle: PAY-11 -> PAY-12 -> PAY-11"
    );
    assert_eq!(cycle["name"], "dependency-cycle");
    assert_eq!(cycle["story"], "PAY-11");
}

#[test]
fn every_format_matches_its_snapshot() {
    let repo = fixture();
    for (format, file) in [
        ("human", "check.txt"),
        ("json", "check.json"),
        ("github", "check.github"),
        ("sarif", "check.sarif"),
        ("junit", "check.xml"),
    ] {
        let out = repo.run(&["check", "--format", format]).code(1);
        snapshot(file, &out.stdout);
        if format != "human" {
            assert_eq!(out.stderr, "11 errors, 6 warnings in 17 stories\n");
        }
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let repo = fixture();
    let out = repo.run(&["check", "--format", "sarif"]).code(1);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 17);
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        backlog_core::rules::RULES.len()
    );
}

#[test]
fn junit_is_valid_against_the_jenkins_schema() {
    let xmllint = crate::common::client("xmllint", "apt-get install libxml2-utils");
    let repo = fixture();
    // A story with two errors (missing dependencies) and two warnings (not ready, and a
    // file name that does not match its ID): one <failure>, one <system-out>.
    repo.write(
        "backlog/stories/PAY-20-many.md",
        "---\nid: PAY-21\ntitle: Many\nstatus: ready\ndepends_on: [PAY-98, PAY-99]\n---\nAs a user I want it so that it works.\n\n## Acceptance criteria\n- [ ] It works\n",
    );
    let out = repo.run(&["check", "--format", "junit"]).code(1);
    repo.write("check.xml", &out.stdout);
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/junit-10.xsd");
    let check = std::process::Command::new(xmllint)
        .args(["--noout", "--schema", schema])
        .arg(repo.file("check.xml"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // One <system-out> and at most one <failure> per test case: consumers read only the
    // first of each.
    for case in out.stdout.split("<testcase").skip(1) {
        let case = case.split("</testcase>").next().unwrap();
        assert!(case.matches("<system-out>").count() <= 1, "{case}");
        assert!(case.matches("<failure").count() <= 1, "{case}");
    }
    let many = out
        .stdout
        .split("<testcase")
        .find(|c| c.contains("PAY-20-many.md"))
        .unwrap();
    assert!(
        many.contains("message=\"PAY-21 depends on PAY-98, which does not exist (and 1 more)\""),
        "{many}"
    );
    assert_eq!(many.matches("error[BL009]").count(), 2, "{many}");
    assert_eq!(many.matches("warning[").count(), 2, "{many}");
}

#[test]
fn exit_codes() {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-x.md",
        "---\nid: PAY-1\ntitle: x\nstatus: draft\n---\nNot a story.\n",
    );
    let out = repo.run(&["check"]).code(0);
    assert!(
        out.stdout.ends_with("0 errors, 1 warning in 1 story\n"),
        "{}",
        out.stdout
    );
    repo.run(&["check", "--deny", "warnings"]).code(1);
    let config = repo.read("backlog/config.yml") + "rules:\n  user-story-form: off\n";
    repo.write("backlog/config.yml", config);
    let out = repo.run(&["check", "--deny", "warnings"]).code(0);
    assert_eq!(out.stdout, "0 errors, 0 warnings in 1 story\n");
    repo.write("backlog/config.yml", "rules:\n  user-story-from: off\n");
    let out = repo.run(&["check"]).code(2);
    assert!(
        out.stderr
            .contains("unknown rule `user-story-from` (did you mean `user-story-form`?)"),
        "{}",
        out.stderr
    );
    let out = Repo::bare_dir().run(&["check"]).code(2);
    assert!(out.stderr.contains("not a git repository"));
}

#[test]
fn severities_and_options_come_from_the_config() {
    let repo = fixture();
    let config = repo.read("backlog/config.yml")
        + "rules:\n  too-large: { severity: error, max_points: 2 }\n  BL008: off\n  missing-acceptance-criteria: { statuses: [doing] }\n";
    repo.write("backlog/config.yml", config);
    let (doc, _) = json(&repo, &[]);
    let found = places(&doc);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("BL014 error") && p.contains("PAY-1-clean.md")),
        "{found:#?}"
    );
    assert!(!found.iter().any(|p| p.starts_with("BL008")));
    assert!(!found.iter().any(|p| p.starts_with("BL003")));
}

#[test]
fn since_reports_only_changed_stories_but_reads_the_whole_backlog() {
    let repo = fixture();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("backlog/stories/PAY-20-new.md", "---\nid: PAY-20\ntitle: New\nstatus: draft\ndepends_on: [PAY-12, PAY-98]\n---\nAs a user I want it so that it works.\n");
    repo.write(
        "backlog/stories/PAY-21-dup.md",
        "---\nid: PAY-10\ntitle: Dup\nstatus: draft\n---\nAs a user I want it so that it works.\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "feature"]);
    let (doc, code) = json(&repo, &["--since", "main"]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&doc),
        [
            "BL009 error backlog/stories/PAY-20-new.md:5:22",
            "BL006 error backlog/stories/PAY-21-dup.md:2:5",
            "BL007 warning backlog/stories/PAY-21-dup.md:2:5",
        ]
    );
    assert_eq!(doc["summary"]["stories"], 2);
    let out = repo.run(&["check", "--since", "nope"]).code(2);
    assert!(
        out.stderr.contains("unknown revision `nope`"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_pre_commit_hook_blocks_a_bad_commit() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Good", "--status", "draft"]).ok();
    let out = repo.run(&["hook", "install"]).ok();
    assert!(
        out.stderr.contains("Installed the pre-commit hook"),
        "{}",
        out.stderr
    );
    let hook = repo.file(".git/hooks/pre-commit");
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("git backlog check --staged")
    );
    repo.run(&["hook", "install"]).ok();

    // git finds `git-backlog` on PATH to run `git backlog`.
    repo.write(
        "backlog/stories/PAY-2-bad.md",
        "---\nid: PAY-2\ntitle: Bad\nstatus: ready\n---\nAs a user I want it so that it works.\n",
    );
    repo.git(&["add", "-A"]);
    let mut commit = crate::common::with_binary(&repo, "git");
    commit.args(["commit", "-q", "-m", "bad"]);
    let out = run(&mut commit);
    assert_ne!(out.code, 0, "the hook blocks the commit: {out:?}");
    assert!(
        out.stderr.contains("error[BL003]"),
        "git shows the hook's output: {out:?}"
    );
    assert_eq!(repo.commit_count(), 2);

    // Unstaged fixes do not count; staged ones do.
    repo.write(
        "backlog/stories/PAY-2-bad.md",
        "---\nid: PAY-2\ntitle: Bad\nstatus: draft\n---\nAs a user I want it so that it works.\n",
    );
    assert_ne!(run(&mut commit).code, 0);
    repo.git(&["add", "-A"]);
    assert_eq!(run(&mut commit).code, 0);
    assert_eq!(repo.commit_count(), 3);
}

#[test]
fn the_demo_backlog_has_no_errors() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let out = run(std::process::Command::new(crate::common::BIN).args(["-C", demo, "check"]));
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn an_epic_needs_no_criteria_of_its_own() {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-epic.md",
        "---\nid: PAY-1\ntitle: Refunds\ntype: epic\nstatus: ready\n---\nAs a merchant I want refunds so that customers trust me.\n",
    );
    let out = repo.run(&["check", "--format", "json"]).ok();
    assert!(!out.stdout.contains("BL003"), "{}", out.stdout);
}
