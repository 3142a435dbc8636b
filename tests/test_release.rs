//! The product and releases: a forecast worked out by hand on a scripted history, the
//! roadmap, closing a release and on-time delivery.

use crate::common::Repo;
use crate::test_history::{at, scripted};

fn json(repo: &Repo, args: &[&str]) -> serde_json::Value {
    let out = repo.run(args).ok();
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

/// The scripted history: sprint S1 (Nov 2-6) completed 11 points, S2 (Nov 9-13) 2. Today
/// is Nov 27, so the next sprint starts Nov 28, and a sprint is 5 days.
fn with_release() -> Repo {
    let repo = scripted();
    at(
        &repo,
        20,
        &[
            "release",
            "new",
            "2.0",
            "--target",
            "2026-12-10",
            "--goal",
            "Refunds",
        ],
    );
    for (title, points) in [("Refund", "5"), ("Partial", "5"), ("Audit", "2")] {
        at(
            &repo,
            21,
            &["new", title, "--points", points, "--set", "release=2.0"],
        );
    }
    at(&repo, 21, &["new", "Unestimated", "--set", "release=2.0"]);
    repo
}

#[test]
fn a_release_forecast_by_hand() {
    let repo = with_release();
    let doc = json(&repo, &["release", "show", "2.0", "--json"]);
    // 12 points to do. Each sprint draws 11 or 2 at random: two sprints cover 12 unless
    // both draw 2 (P = 3/4); three unless all three do (P = 7/8). So the median is 2
    // sprints (ending Dec 7) and the 85th percentile 3 (ending Dec 12); the target, Dec 10,
    // is met in 3 trials of 4, and the release is at risk.
    assert_eq!(doc["remaining_points"], 12);
    assert_eq!(doc["unestimated"], serde_json::json!(["PAY-7"]));
    let f = &doc["forecast"];
    assert_eq!(f["trials"], 10_000);
    assert_eq!(
        (f["sprints_50"].as_u64(), f["sprints_85"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(
        (f["date_50"].as_str(), f["date_85"].as_str()),
        (Some("2026-12-07"), Some("2026-12-12"))
    );
    let p = f["on_target"].as_f64().unwrap();
    assert!((p - 0.75).abs() < 0.02, "{p}");
    assert_eq!(doc["outlook"], "at_risk");
    // All four joined after the release was planned (a day later).
    assert_eq!(doc["added_since_planned"].as_array().unwrap().len(), 4);
    // The same forecast on every run.
    assert_eq!(json(&repo, &["release", "show", "2.0", "--json"]), doc);
    let text = repo.run(&["release", "show", "2.0"]).ok().stdout;
    assert!(
        text.contains(
            "Forecast      50 % by 2026-12-07, 85 % by 2026-12-12; 75% chance of the target"
        ),
        "{text}"
    );
    assert!(text.contains("Not estimated 1 (PAY-7)"), "{text}");
}

#[test]
fn roadmap_close_and_delivery() {
    let repo = with_release();
    at(
        &repo,
        22,
        &["release", "new", "3.0", "--target", "2027-06-30"],
    );
    let road = json(&repo, &["roadmap", "--json"]);
    let names: Vec<&str> = road["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2.0", "3.0"]);
    let md = repo.run(&["roadmap", "--format", "markdown"]).ok().stdout;
    assert!(
        md.contains(
            "| 2.0 | Refunds | 2026-12-10 | 2026-12-07 | 2026-12-12 | 0/12 points | at risk |"
        ),
        "{md}"
    );
    // A timeline: for each release a bar from its 50 % to its 85 % date, and its target.
    let svg = repo.run(&["roadmap", "--format", "svg"]).ok().stdout;
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(
        svg.contains("<title>2.0: 50 % by 2026-12-07, 85 % by 2026-12-12</title>"),
        "{svg}"
    );
    assert!(
        svg.contains("<title>2.0: target 2026-12-10</title>"),
        "{svg}"
    );
    assert!(
        svg.contains("<title>3.0: target 2027-06-30</title>"),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    // Closing writes two lines of the release's file, in one commit.
    at(
        &repo,
        23,
        &["release", "close", "2.0", "--date", "2026-12-12"],
    );
    assert_eq!(
        repo.head_subject(),
        "backlog: release 2.0 closed on 2026-12-12"
    );
    assert!(
        repo.read("backlog/releases/2.0.md")
            .contains("status: released\nreleased: 2026-12-12\n")
    );
    let numstat = repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]);
    assert_eq!(numstat, "2\t1\tbacklog/releases/2.0.md\n");
    let d = json(&repo, &["stats", "delivery", "--json"]);
    assert_eq!(d["releases"][0]["slip_days"], 2);
    assert_eq!(d["on_time"], 0);
    assert_eq!(d["average_slip_days"], 2);
    // A story cannot join a release that does not exist; check reports one that does.
    let out = repo.run(&["set", "PAY-4", "release=9.9"]).code(2);
    assert!(out.stderr.contains("no release \"9.9\""), "{}", out.stderr);
}

#[test]
fn the_product_is_shown_and_checked() {
    let repo = Repo::new();
    repo.run(&["init", "--prefix", "PAY"]).ok();
    let check = repo.run(&["check"]).ok();
    assert!(
        check
            .stdout
            .contains("warning[BL017]: backlog/product.md has no vision and no product goal"),
        "{}",
        check.stdout
    );
    repo.write(
        "backlog/product.md",
        "---\nname: Pay\nvision: Paid without friction\ngoal: Refunds without calls\npersonas:\n  - name: Merchant\n    description: sells things\nstakeholders:\n  - name: Finance\n    interest: revenue\n    asks: [monthly report]\n---\nThe long story.\n",
    );
    let check = repo.run(&["check"]).ok();
    assert!(!check.stdout.contains("BL017"), "{}", check.stdout);
    let shown = repo.run(&["product"]).ok().stdout;
    for part in [
        "Vision        Paid without friction",
        "Product goal  Refunds without calls",
        "Merchant: sells things",
        "asks: monthly report",
        "The long story.",
    ] {
        assert!(shown.contains(part), "{part}:\n{shown}");
    }
    let doc = json(&repo, &["product", "--json"]);
    assert_eq!(
        doc["product"]["stakeholders"][0]["asks"][0],
        "monthly report"
    );
}

#[test]
fn a_rejected_story_leaves_the_plan_but_not_the_history() {
    let repo = with_release();
    // PAY-5 (5 points, in release 2.0) becomes ready, so it is next.
    at(&repo, 22, &["move", "PAY-5", "ready"]);
    let next = repo.run(&["next", "--format", "ids"]).ok().stdout;
    assert!(next.contains("PAY-5"), "{next}");
    at(
        &repo,
        23,
        &[
            "reject",
            "PAY-5",
            "--reason",
            "Not in line with the product goal",
        ],
    );
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-5): rejected: Not in line with the product goal"
    );
    let numstat = repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]);
    assert!(numstat.starts_with("2\t0\t"), "two lines added: {numstat}");
    let next = repo.run(&["next", "--format", "ids"]).ok().stdout;
    assert!(!next.contains("PAY-5"), "{next}");
    let plan = repo
        .run(&["sprint", "plan", "S9", "--capacity", "40", "--json"])
        .ok()
        .stdout;
    assert!(!plan.contains("PAY-5"), "{plan}");
    let list = repo.run(&["list", "--format", "ids"]).ok().stdout;
    assert!(!list.contains("PAY-5"), "{list}");
    let rejected = repo
        .run(&["list", "--where", "outcome=rejected", "--format", "ids"])
        .ok()
        .stdout;
    assert_eq!(rejected, "PAY-5\n");
    // Out of the release's scope: 12 - 5 points left.
    let doc = json(&repo, &["release", "show", "2.0", "--json"]);
    assert_eq!(doc["remaining_points"], 7);
    let log = repo.run(&["log", "PAY-5"]).ok().stdout;
    assert!(log.contains("outcome set to rejected"), "{log}");
    assert!(
        log.contains("reason set to Not in line with the product goal"),
        "{log}"
    );
    repo.run(&["reject", "PAY-6"]).code(2);
}

#[test]
fn a_sprint_starts_with_a_goal_and_closes_with_its_result() {
    let repo = scripted();
    // Velocities 11 and 2: the capacity defaults to their average, and says so.
    let mut cmd = repo.cmd();
    cmd.args([
        "sprint",
        "start",
        "S3",
        "--goal",
        "Partial refunds end to end",
        "--start",
        "2026-11-16",
    ])
    .env("GIT_AUTHOR_DATE", "2026-11-16T10:00:00+00:00")
    .env("GIT_COMMITTER_DATE", "2026-11-16T10:00:00+00:00");
    let out = crate::common::run(&mut cmd).ok();
    assert!(
        out.stderr
            .contains("Capacity 6.5 points: the average velocity of 2 past sprints"),
        "{}",
        out.stderr
    );
    assert_eq!(
        repo.head_subject(),
        "backlog: sprint S3 started: Partial refunds end to end"
    );
    assert_eq!(
        repo.read("backlog/sprints/S3.md"),
        "---\nname: S3\ngoal: Partial refunds end to end\nstart: 2026-11-16\nend: 2026-11-20\ncapacity: 6.5\nstatus: active\n---\n"
    );
    at(
        &repo,
        17,
        &[
            "new",
            "Refund part",
            "--points",
            "3",
            "--sprint",
            "S3",
            "--status",
            "ready",
        ],
    );
    at(
        &repo,
        17,
        &[
            "new",
            "Refund rest",
            "--points",
            "2",
            "--sprint",
            "S3",
            "--status",
            "ready",
        ],
    );
    at(&repo, 18, &["move", "PAY-4", "doing"]);
    at(&repo, 19, &["move", "PAY-4", "done"]);
    // The sprint file's dates and capacity are the sprint's now.
    let shown = json(&repo, &["sprint", "show", "S3", "--json"]);
    assert_eq!(shown["capacity"], 6.5);
    assert_eq!(shown["end"], "2026-11-20");
    let before_close = json(&repo, &["sprint", "review", "S3", "--json"]);
    assert_eq!(
        (&before_close["goal_met"], &before_close["closed"]),
        (&serde_json::Value::Null, &serde_json::json!(false))
    );
    let bad = repo
        .run(&["sprint", "close", "S3", "--goal", "sort-of"])
        .code(2);
    assert!(
        bad.stderr
            .contains("[possible values: met, partly, missed]"),
        "{}",
        bad.stderr
    );
    at(
        &repo,
        21,
        &["sprint", "close", "S3", "--to", "S4", "--goal", "partly"],
    );
    assert!(
        repo.read("backlog/stories/PAY-5-refund-rest.md")
            .contains("sprint: S4\n")
    );
    let file = repo.read("backlog/sprints/S3.md");
    assert!(file.contains("status: closed\n"), "{file}");
    assert!(file.contains("closed: 2026-11-21\n"), "{file}");
    assert!(file.contains("done_points: 3\n"), "{file}");
    assert!(file.contains("carried_over: [PAY-5]\n"), "{file}");
    assert!(file.contains("goal_met: partly\n"), "{file}");
    let review = json(&repo, &["sprint", "review", "S3", "--json"]);
    assert_eq!(review["goal_met"], "partly");
    assert_eq!(review["closed"], true);
    let text = repo.run(&["sprint", "review", "S3"]).ok().stdout;
    assert!(text.contains("Goal met?     partly\n"), "{text}");
    assert_eq!(
        repo.head_subject(),
        "backlog: sprint S3 closed: 3 points done, 1 story carried over to S4"
    );
    assert_eq!(
        repo.head_files(),
        [
            "backlog/sprints/S3.md",
            "backlog/stories/PAY-5-refund-rest.md"
        ]
    );
    let again = repo.run(&["sprint", "close", "S3"]).code(2);
    assert!(again.stderr.contains("closed already"), "{}", again.stderr);
}

#[test]
fn the_definition_of_done_can_ask_for_fields() {
    let repo = crate::common::Repo::with_backlog();
    let config = repo.read("backlog/config.yml")
        + "rules:\n  done-with-open-criteria: { require: [assignee, points] }\n";
    repo.write("backlog/config.yml", config);
    repo.git(&["commit", "-qam", "our Definition of Done"]);
    repo.run(&["new", "Refund", "--points", "3"]).ok();
    repo.run(&["ac", "PAY-1", "add", "It refunds"]).ok();
    repo.run(&["move", "PAY-1", "doing"]).ok();
    let shown = repo.run(&["show", "PAY-1"]).ok().stdout;
    assert!(
        shown.contains(
            "Done?      not yet: criteria 1 of 1 not checked and no assignee (the Definition of Done)"
        ),
        "{shown}"
    );
    repo.run(&["ac", "PAY-1", "check", "1"]).ok();
    let before = repo.commit_count();
    let out = repo.run(&["move", "PAY-1", "done"]).code(2);
    assert!(
        out.stderr
            .contains("PAY-1 would be done with no assignee (the Definition of Done, BL012)"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before);
    // Forced through, `check` reports it at the status line.
    repo.run(&["move", "PAY-1", "done", "--force"]).ok();
    let path = repo.story_path("PAY-1");
    let line = repo
        .read(&path)
        .lines()
        .position(|l| l.starts_with("status:"))
        .unwrap()
        + 1;
    let out = repo.run(&["check", "--format", "json"]).code(1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "BL012")
        .collect();
    assert_eq!(found.len(), 1, "{}", out.stdout);
    assert_eq!(found[0]["line"], line);
    assert_eq!(found[0]["message"], "PAY-1 is done but has no assignee");
    // With an assignee it is done by the definition.
    repo.run(&["set", "PAY-1", "assignee=amara"]).ok();
    repo.run(&["check"]).ok();
}

#[test]
fn the_definitions_of_ready_and_done_are_checked_on_write() {
    let repo = crate::common::Repo::with_backlog();
    repo.run(&["new", "Refund", "--points", "5", "--value", "8"])
        .ok();
    repo.run(&["ac", "PAY-1", "add", "It refunds"]).ok();
    // Done with an open criterion: refused by default, nothing written.
    let before = repo.commit_count();
    let out = repo.run(&["move", "PAY-1", "done"]).code(2);
    assert!(
        out.stderr.contains(
            "PAY-1 would be done with criteria 1 of 1 not checked (the Definition of Done, BL012)"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before);
    // --force goes through, and says so, on the terminal and in the commit message.
    let out = repo.run(&["move", "PAY-1", "done", "--force"]).ok();
    assert!(
        out.stderr.contains("warning: PAY-1 would be done")
            && out.stderr.contains("(done anyway: --force)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]),
        "backlog(PAY-1): move draft -> done\n\nForced (--force): PAY-1 would be done with criteria 1 of 1 not checked (the Definition of Done, BL012)\n"
    );
    // Ready without what readiness needs: a warning by default, a refusal when configured.
    repo.run(&["new", "Bare"]).ok();
    let out = repo.run(&["move", "PAY-2", "ready"]).ok();
    assert!(
        out.stderr
            .contains("PAY-2 would be ready without points, value, criteria"),
        "{}",
        out.stderr
    );
    let config =
        repo.read("backlog/config.yml") + "rules:\n  definition-of-ready: { on_write: refuse }\n";
    repo.write("backlog/config.yml", config);
    repo.git(&["commit", "-qam", "strict readiness"]);
    repo.run(&["move", "PAY-2", "draft"]).ok();
    repo.run(&["move", "PAY-2", "ready"]).code(2);
    let shown = repo.run(&["show", "PAY-2"]).ok().stdout;
    assert!(
        shown.contains("Ready?     no: no points, value, criteria (the Definition of Ready)"),
        "{shown}"
    );
}
