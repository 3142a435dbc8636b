//! History: a repository scripted at fixed dates, with velocity, burndown, cycle and lead
//! times worked out by hand; `diff` in every format; `log` across a rename; shallow clones.

use crate::common::{Out, Repo, run, snapshot};

/// Run the binary with the commit dated `day` (2026-11-DD at 10:00 UTC).
pub(crate) fn at(repo: &Repo, day: u32, args: &[&str]) {
    let date = format!("2026-11-{day:02}T10:00:00+00:00");
    let mut cmd = repo.cmd();
    cmd.args(args)
        .arg("-q")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date);
    run(&mut cmd).ok();
}

/// Sprint S1 (Nov 2–6) and S2 (Nov 9–13). Day by day:
/// 1: PAY-1 Alpha (3), PAY-2 Beta (5), PAY-3 Gamma (2) created, ready, in S1
/// 2: PAY-1 doing            3: PAY-1 review; PAY-2 re-estimated 8 and renamed
/// 4: PAY-1 done; PAY-2 doing 5: PAY-2 done
/// 6: PAY-3 moved to S2, and to the top of the backlog
/// 10: PAY-3 doing           12: PAY-3 done
pub(crate) fn scripted() -> Repo {
    let repo = Repo::new();
    at(&repo, 1, &["init", "--prefix", "PAY"]);
    let config = repo.read("backlog/config.yml")
        + "sprints:\n  S1: { start: 2026-11-02, end: 2026-11-06 }\n  S2: { start: 2026-11-09, end: 2026-11-13 }\n";
    repo.write("backlog/config.yml", config);
    repo.git(&["commit", "-q", "-am", "sprints"]);
    for (title, points) in [("Alpha", "3"), ("Beta", "5"), ("Gamma", "2")] {
        at(
            &repo,
            1,
            &[
                "new", title, "--points", points, "--sprint", "S1", "--status", "ready",
            ],
        );
    }
    at(&repo, 2, &["move", "PAY-1", "doing"]);
    at(&repo, 3, &["move", "PAY-1", "review"]);
    at(
        &repo,
        3,
        &["set", "PAY-2", "points=8", "title=Beta renamed"],
    );
    at(&repo, 4, &["move", "PAY-1", "done"]);
    at(&repo, 4, &["move", "PAY-2", "doing"]);
    at(&repo, 5, &["move", "PAY-2", "done"]);
    at(&repo, 6, &["set", "PAY-3", "sprint=S2"]);
    at(&repo, 6, &["rank", "PAY-3", "--top"]);
    at(&repo, 10, &["move", "PAY-3", "doing"]);
    at(&repo, 12, &["move", "PAY-3", "done"]);
    repo
}

fn json(repo: &Repo, args: &[&str]) -> serde_json::Value {
    let out = repo.run(args).ok();
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

#[test]
fn velocity_by_hand() {
    let repo = scripted();
    let v = &json(&repo, &["stats", "velocity", "--format", "json"])["velocity"];
    // S1: Alpha 3 + Beta 8 (estimate when it was done); S2: Gamma 2 (moved from S1).
    assert_eq!(
        v["sprints"],
        serde_json::json!([
            {"sprint": "S1", "points": 11, "stories": 2},
            {"sprint": "S2", "points": 2, "stories": 1},
        ])
    );
    assert_eq!(v["average"], 6.5);
    // Standard deviation 4.5: 6.5 ± 4.5.
    assert_eq!(v["forecast"], serde_json::json!({"low": 2, "high": 11}));
    let text = repo.run(&["stats", "velocity"]).ok();
    assert!(
        text.stdout
            .contains("Average 6.5 points over 2 sprints; next sprint: 2 to 11 points"),
        "{}",
        text.stdout
    );
    assert!(
        text.stderr.contains("2026-11-01 to 2026-11-12"),
        "the period covered: {}",
        text.stderr
    );
}

#[test]
fn burndown_and_burnup_by_hand() {
    let repo = scripted();
    let doc = json(&repo, &["stats", "burndown", "S1", "--format", "json"]);
    let days: Vec<(String, f64, f64, f64, f64)> = doc["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["scope"].as_f64().unwrap(),
                d["completed"].as_f64().unwrap(),
                d["remaining"].as_f64().unwrap(),
                d["ideal_remaining"].as_f64().unwrap(),
            )
        })
        .collect();
    let expect = [
        ("2026-11-02", 10.0, 0.0, 10.0, 10.0),
        ("2026-11-03", 13.0, 0.0, 13.0, 7.5), // Beta re-estimated 5 -> 8
        ("2026-11-04", 13.0, 3.0, 10.0, 5.0), // Alpha done
        ("2026-11-05", 13.0, 11.0, 2.0, 2.5), // Beta done
        ("2026-11-06", 11.0, 11.0, 0.0, 0.0), // Gamma moved to S2
    ];
    let expect: Vec<(String, f64, f64, f64, f64)> = expect
        .iter()
        .map(|(d, a, b, c, e)| (d.to_string(), *a, *b, *c, *e))
        .collect();
    assert_eq!(days, expect);
    let csv = repo
        .run(&["stats", "burnup", "S1", "--format", "csv"])
        .ok()
        .stdout;
    assert_eq!(csv.lines().nth(3), Some("2026-11-04,13,3,10,5,5"));
    let svg = repo.file("burndown.svg");
    repo.run(&["stats", "burndown", "S1", "--svg", svg.to_str().unwrap()])
        .ok();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
            && text.contains("<polyline")
            && text.trim_end().ends_with("</svg>")
    );
    // An unknown sprint is unknown, with the sprints there are; one that stories name but
    // config.yml does not date needs its dates.
    let out = repo.run(&["stats", "burndown", "S9"]).code(2);
    assert!(
        out.stderr
            .contains("no sprint S9 (did you mean `S1`?) (sprints: S1, S2)"),
        "{}",
        out.stderr
    );
    let out = repo.run(&["stats", "burndown", "S"]).code(2);
    assert!(
        out.stderr.contains("no sprint S (did you mean"),
        "{}",
        out.stderr
    );
    at(&repo, 14, &["set", "PAY-3", "sprint=S3"]);
    let out = repo.run(&["stats", "burndown", "S3"]).code(2);
    assert!(
        out.stderr.contains("no dates for sprint S3"),
        "{}",
        out.stderr
    );
}

#[test]
fn cycle_and_lead_time_by_hand() {
    let repo = scripted();
    let f = &json(&repo, &["stats", "flow", "--format", "json"])["flow"];
    let stories: Vec<(String, f64, f64)> = f["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["cycle_days"].as_f64().unwrap(),
                s["lead_days"].as_f64().unwrap(),
            )
        })
        .collect();
    // Alpha: doing Nov 2, done Nov 4, created Nov 1. Beta: doing 4, done 5. Gamma: doing 10, done 12.
    assert_eq!(
        stories,
        [
            ("PAY-1".to_string(), 2.0, 3.0),
            ("PAY-2".to_string(), 1.0, 4.0),
            ("PAY-3".to_string(), 2.0, 11.0)
        ]
    );
    // Nearest rank: cycle [1, 2, 2] -> median 2, 85th 2; lead [3, 4, 11] -> median 4, 85th 11.
    assert_eq!(
        (f["cycle_median"].as_f64(), f["cycle_p85"].as_f64()),
        (Some(2.0), Some(2.0))
    );
    assert_eq!(
        (f["lead_median"].as_f64(), f["lead_p85"].as_f64()),
        (Some(4.0), Some(11.0))
    );
    assert_eq!(
        f["throughput"],
        serde_json::json!([
            {"week": "2026-11-02", "stories": 2},
            {"week": "2026-11-09", "stories": 1}
        ])
    );
}

#[test]
fn lead_time_starts_at_created_when_the_story_has_it() {
    let repo = scripted();
    // PAY-1 was imported with the date it was first asked for; PAY-2's `created:` is a
    // typo after it was done, so its lead time starts at its first commit instead.
    let path = repo.story_path("PAY-1");
    let text = repo
        .read(&path)
        .replace("created: 2026-11-01", "created: 2026-10-20");
    let path2 = repo.story_path("PAY-2");
    let text2 = repo
        .read(&path2)
        .replace("created: 2026-11-01", "created: 2026-12-24");
    assert!(text.contains("2026-10-20") && text2.contains("2026-12-24"));
    repo.write(&path, text);
    repo.write(&path2, text2);
    repo.git(&["commit", "-q", "-am", "created dates"]);
    let f = &json(&repo, &["stats", "flow", "--format", "json"])["flow"];
    let leads: Vec<(&str, &str, &str, f64)> = f["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["created"].as_str().unwrap(),
                s["lead_from"].as_str().unwrap(),
                s["lead_days"].as_f64().unwrap(),
            )
        })
        .collect();
    // Oct 20 -> Nov 4 = 15 days; Nov 1 -> Nov 5 = 4; Nov 1 -> Nov 12 = 11.
    assert_eq!(
        leads,
        [
            ("PAY-1", "2026-10-20", "created", 15.0),
            ("PAY-2", "2026-11-01", "first_commit", 4.0),
            ("PAY-3", "2026-11-01", "created", 11.0)
        ]
    );
    // Cycle time is untouched: it is measured from commits.
    assert_eq!(f["cycle_median"], 2);
    // Lead [4, 11, 15]: median 11, 85th percentile 15.
    assert_eq!(
        (f["lead_median"].as_f64(), f["lead_p85"].as_f64()),
        (Some(11.0), Some(15.0))
    );
}

#[test]
fn log_follows_a_rename() {
    let repo = scripted();
    let out = repo.run(&["log", "PAY-2"]).ok().stdout;
    assert!(out.contains("    file renamed to backlog/stories/PAY-2-beta-renamed.md\n    title \"Beta\" -> \"Beta renamed\"\n    points 5 -> 8\n"), "{out}");
    let doc = json(&repo, &["log", "PAY-2", "--format", "json"]);
    let commits = doc["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 4);
    assert_eq!(
        commits[0]["changes"],
        serde_json::json!([{
            "kind": "field", "field": "status", "from": "doing", "to": "done",
            "text": "status doing -> done"
        }])
    );
    assert_eq!(
        commits[0]["commit"].as_str().unwrap().len(),
        40,
        "the full id"
    );
    assert!(
        commits[0]["commit"]
            .as_str()
            .unwrap()
            .starts_with(commits[0]["short"].as_str().unwrap())
    );
    assert_eq!(commits[0]["date"], "2026-11-05 10:00");
    assert_eq!(
        commits[3]["changes"],
        serde_json::json!([{
            "kind": "created", "title": "Beta", "type": "story", "status": "ready", "points": 5,
            "text": "created: \"Beta\" (story, ready)"
        }])
    );
    assert_eq!(commits[3]["author"], "Test Owner");
}

#[test]
fn diff_in_every_format() {
    let repo = scripted();
    // Make the work tree differ too: a new story, a removed one, a checked criterion.
    at(&repo, 13, &["new", "Delta", "--points", "1"]);
    at(&repo, 13, &["ac", "PAY-1", "add", "It works"]);
    let range = "HEAD~6..HEAD";
    for (format, file) in [
        ("text", "diff.txt"),
        ("json", "diff.json"),
        ("markdown", "diff.md"),
    ] {
        let out = repo.run(&["diff", range, "--format", format]).ok();
        snapshot(file, &out.stdout);
    }
    let text = repo.run(&["diff", range]).ok().stdout;
    assert!(
        text.contains(
            "~ PAY-3 \"Gamma\": status ready -> done; sprint S1 -> S2; moved up 2 places"
        ),
        "{text}"
    );
    // The work tree against HEAD, the default.
    repo.write(
        "backlog/stories/PAY-4-delta.md",
        repo.read("backlog/stories/PAY-4-delta.md")
            .replace("points: 1", "points: 2"),
    );
    let out = repo.run(&["diff"]).ok().stdout;
    assert!(
        out.contains(
            "from HEAD to work tree: 0 added, 0 removed, 1 changed\n~ PAY-4 \"Delta\": points 1 -> 2\n"
        ),
        "{out}"
    );
    // A...B: what a branch changes since it left main.
    repo.git(&["checkout", "-q", "-b", "feature", "HEAD~1"]);
    let out = repo.run(&["diff", "main...feature"]).ok().stdout;
    assert!(out.contains("0 added, 0 removed, 0 changed"), "{out}");
}

#[test]
fn a_shallow_clone_says_what_is_missing() {
    let origin = scripted();
    let clone = crate::common::shallow_clone(&origin, 3);
    let out = clone.run(&["stats", "velocity"]).ok();
    assert!(
        out.stderr
            .contains("this is a shallow clone: history before 2026-11-06 is missing"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("git fetch --unshallow"),
        "{}",
        out.stderr
    );
    let out = clone.run(&["log", "PAY-3"]).ok();
    assert!(out.stderr.contains("shallow clone"), "{}", out.stderr);
}

#[test]
fn defect_rate_and_flow_by_type_by_hand() {
    let repo = scripted();
    // A bug opened in S1 (Nov 2-6), two in S2 (Nov 9-13), one after; one is fixed.
    at(
        &repo,
        3,
        &[
            "new",
            "Crash on refund",
            "--type",
            "bug",
            "--status",
            "ready",
        ],
    );
    at(&repo, 10, &["new", "Wrong total", "--type", "bug"]);
    at(&repo, 11, &["new", "Typo", "--type", "bug"]);
    at(&repo, 20, &["new", "Later", "--type", "bug"]);
    at(&repo, 12, &["move", "PAY-4", "doing"]);
    at(&repo, 13, &["move", "PAY-4", "done"]);
    let doc = json(&repo, &["stats", "defects", "--json"]);
    // S1: 1 bug over 11 done points; S2: 2 bugs over 2 points.
    assert_eq!(
        doc["sprints"],
        serde_json::json!([
            {"sprint": "S1", "start": "2026-11-02", "end": "2026-11-06", "bugs_opened": 1, "done_points": 11, "bugs_per_point": 0.09},
            {"sprint": "S2", "start": "2026-11-09", "end": "2026-11-13", "bugs_opened": 2, "done_points": 2, "bugs_per_point": 1}
        ])
    );
    // Lead time of the bug only: created Nov 3, done Nov 13.
    let flow = json(&repo, &["stats", "flow", "--type", "bug", "--json"]);
    let stories = flow["flow"]["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["id"], "PAY-4");
    assert_eq!(stories[0]["lead_days"], 10);
    let all = json(&repo, &["stats", "flow", "--json"]);
    assert_eq!(all["flow"]["stories"].as_array().unwrap().len(), 4);
}

#[test]
fn backlog_health_by_hand() {
    let repo = scripted();
    // After the scripted history (every story done): three open stories.
    at(
        &repo,
        14,
        &["new", "A", "--status", "ready", "--points", "5"],
    );
    at(
        &repo,
        14,
        &["new", "B", "--status", "ready", "--points", "20"],
    );
    at(&repo, 14, &["new", "E", "--type", "epic"]);
    at(&repo, 16, &["ac", "PAY-5", "add", "It works"]);
    at(&repo, 18, &["rank", "PAY-5", "--top"]);
    at(&repo, 22, &["set", "PAY-4", "epic=PAY-6"]);
    let doc = json(&repo, &["stats", "health", "--stale-days", "8", "--json"]);
    let parts: Vec<(String, f64, Vec<String>)> = doc["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let ids = p["stories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_str().unwrap().to_string())
                .collect();
            (
                p["name"].as_str().unwrap().to_string(),
                p["score"].as_f64().unwrap(),
                ids,
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        parts,
        vec![
            // Ready: PAY-4 and PAY-5; PAY-4 has no criteria.
            ("ready-incomplete".to_string(), 50.0, s(&["PAY-4"])),
            // Today is Nov 27: PAY-5 last changed Nov 18, PAY-6 Nov 14, PAY-4 Nov 22.
            ("stale".to_string(), 33.33, s(&["PAY-5", "PAY-6"])),
            ("unranked".to_string(), 33.33, s(&["PAY-4", "PAY-6"])),
            ("too-large".to_string(), 66.67, s(&["PAY-5"])),
            // Stories, not epics: PAY-4 has an epic now.
            ("orphans".to_string(), 50.0, s(&["PAY-5"])),
            // When S2 started (Nov 9), the only open story was PAY-3; none of today's
            // top 10 was in it.
            (
                "top-10-churn".to_string(),
                0.0,
                s(&["PAY-5", "PAY-4", "PAY-6"])
            ),
        ]
    );
    assert_eq!(doc["score"], 38.89);
    let text = repo
        .run(&["stats", "health", "--stale-days", "8"])
        .ok()
        .stdout;
    assert!(text.starts_with("Backlog health: 38.89 / 100\n"), "{text}");
}

#[test]
fn sprint_review_by_hand() {
    let repo = scripted();
    let doc = json(&repo, &["sprint", "review", "S1", "--json"]);
    let ids = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Nov 2: all three planned (Beta still 5 points); Nov 6: Alpha (3) and Beta (8 by then)
    // done, Gamma moved to S2 on Nov 6.
    assert_eq!(ids("planned"), ["PAY-1", "PAY-2", "PAY-3"]);
    assert_eq!(doc["planned_points"], 10);
    assert_eq!(ids("done"), ["PAY-1", "PAY-2"]);
    assert_eq!(doc["done_points"], 11);
    assert_eq!(ids("removed"), ["PAY-3"]);
    assert!(ids("added").is_empty() && ids("carried_over").is_empty());
    assert_eq!(doc["burndown"].as_array().unwrap().len(), 5);
    let md = repo
        .run(&["sprint", "review", "S1", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(md.starts_with("## Sprint S1 review\n"), "{md}");
    assert!(
        md.contains("- **Done**: 11 points (the velocity): PAY-1, PAY-2\n"),
        "{md}"
    );
}

/// `stats burndown SPRINT --json` and its SVG as of `today` (2026-11-DD).
fn burndown_on(repo: &Repo, today: u32, extra: &[&str]) -> Out {
    let date = format!("2026-11-{today:02}T18:00:00+00:00");
    let mut cmd = repo.cmd();
    cmd.args(["stats", "burndown", "S3"])
        .args(extra)
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date);
    run(&mut cmd).ok()
}

#[test]
fn the_ideal_line_starts_from_the_committed_scope_rests_at_weekends_and_stops_at_today() {
    // S3 runs two weeks, Monday 16 to Friday 27 November, and is planned on its second
    // day: its first day holds no points.
    let repo = Repo::new();
    at(&repo, 16, &["init", "--prefix", "PAY"]);
    let config = repo.read("backlog/config.yml")
        + "sprints:\n  S3: { start: 2026-11-16, end: 2026-11-27 }\n";
    repo.write("backlog/config.yml", &config);
    repo.git(&["commit", "-q", "-am", "sprints"]);
    for title in ["Alpha", "Beta"] {
        at(
            &repo,
            17,
            &["new", title, "--points", "5", "--sprint", "S3"],
        );
    }
    at(&repo, 19, &["move", "PAY-1", "done"]);
    // Seen on Tuesday 24th: the committed scope is 10 (the 17th's), burnt over the nine
    // working days after the first, flat on Saturday 21st and Sunday 22nd; from the 25th
    // on the days have no actual values yet.
    let doc: serde_json::Value =
        serde_json::from_str(&burndown_on(&repo, 24, &["--json"]).stdout).unwrap();
    let days = doc["days"].as_array().unwrap();
    assert_eq!(days.len(), 12);
    let ideal: Vec<f64> = days
        .iter()
        .map(|d| (d["ideal_remaining"].as_f64().unwrap() * 100.0).round() / 100.0)
        .collect();
    assert_eq!(
        ideal,
        [
            10.0, 8.89, 7.78, 6.67, 5.56, 5.56, 5.56, 4.44, 3.33, 2.22, 1.11, 0.0
        ]
    );
    let remaining: Vec<Option<f64>> = days.iter().map(|d| d["remaining"].as_f64()).collect();
    assert_eq!(
        remaining,
        [
            Some(0.0),
            Some(10.0),
            Some(10.0),
            Some(5.0),
            Some(5.0),
            Some(5.0),
            Some(5.0),
            Some(5.0),
            Some(5.0),
            None,
            None,
            None
        ]
    );
    assert!(days[11]["scope"].is_null() && days[11]["completed"].is_null());
    // The chart draws the actual line to today only, the ideal to the end.
    let svg = burndown_on(&repo, 24, &["--svg", "-"]).stdout;
    let points: Vec<usize> = svg
        .lines()
        .filter(|l| l.starts_with("<polyline"))
        .map(|l| l.split(" points=\"").nth(1).unwrap().split(' ').count())
        .collect();
    assert_eq!(points, [9, 12], "{svg}");
    // The CSV leaves the days to come empty.
    let csv = burndown_on(&repo, 24, &["--format", "csv"]).stdout;
    assert_eq!(csv.lines().last(), Some("2026-11-27,,,,0,10"), "{csv}");
    // A team that works on Saturdays: only Sunday is flat, ten shares of 1.
    repo.write(
        "backlog/config.yml",
        config + "working_days: [mon, tue, wed, thu, fri, saturday]\n",
    );
    let doc: serde_json::Value =
        serde_json::from_str(&burndown_on(&repo, 24, &["--json"]).stdout).unwrap();
    let ideal: Vec<f64> = doc["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["ideal_remaining"].as_f64().unwrap())
        .collect();
    assert_eq!(ideal[4..8], [6.0, 5.0, 5.0, 4.0]);
    // A day that is not one is an error at its place in config.yml.
    let lines = repo.read("backlog/config.yml").lines().count();
    repo.write(
        "backlog/config.yml",
        repo.read("backlog/config.yml")
            .replace("saturday]", "caturday]"),
    );
    let out = repo.run(&["stats", "burndown", "S3"]).code(2);
    assert!(
        out.stderr.contains(&format!("backlog/config.yml:{lines}:"))
            && out.stderr.contains("expected days of the week")
            && out.stderr.contains("\"caturday\""),
        "{}",
        out.stderr
    );
}

#[test]
fn velocity_as_an_svg_chart() {
    let repo = scripted();
    let svg = repo.run(&["stats", "velocity", "--svg", "-"]).ok().stdout;
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("<title>Velocity</title>"), "{svg}");
    assert!(
        svg.contains(">S1</text>") && svg.contains(">S2</text>"),
        "{svg}"
    );
    // Points done and the average, dashed.
    assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
    assert!(svg.contains("stroke-dasharray"), "{svg}");
}

#[test]
fn the_replay_reads_what_was_committed_not_the_work_tree() {
    // The replay reuses the work tree's parse of a story only for the very same text: an
    // uncommitted change is not history.
    let repo = scripted();
    let path = "backlog/stories/PAY-3-gamma.md";
    let text = repo.read(path);
    repo.write(path, text.replace("points: 2", "points: 13"));
    let v = &json(&repo, &["stats", "velocity", "--format", "json"])["velocity"];
    assert_eq!(
        v["sprints"][1],
        serde_json::json!({"sprint": "S2", "points": 2, "stories": 1})
    );
    let log = json(&repo, &["log", "PAY-3", "--json"]);
    assert!(!log.to_string().contains("13"), "{log}");
}

#[test]
fn diff_against_a_commit_sees_an_uncommitted_change() {
    // The commit's stories reuse the work tree's parse only for the very same text.
    let repo = scripted();
    let path = "backlog/stories/PAY-3-gamma.md";
    repo.write(path, repo.read(path).replace("points: 2", "points: 13"));
    let out = repo.run(&["diff", "HEAD"]).ok().stdout;
    assert!(
        out.contains("PAY-3") && out.contains("points 2 -> 13"),
        "{out}"
    );
    assert!(!out.contains("PAY-1") && !out.contains("PAY-2"), "{out}");
}

#[test]
fn diff_names_a_revision_it_cannot_find_and_runs_nowhere_but_in_a_repository() {
    let repo = scripted();
    for range in ["nope", "nope..HEAD", "HEAD..nope", "HEAD...nope"] {
        let out = repo.run(&["diff", range]).code(2);
        assert!(
            out.stderr.contains("unknown revision `nope`") && out.stdout.is_empty(),
            "{range}: {}",
            out.stderr
        );
    }
    let outside = tempfile::tempdir().unwrap();
    let mut cmd = repo.cmd();
    cmd.current_dir(outside.path());
    let out = run(cmd.args(["diff", "HEAD~1..HEAD"])).code(2);
    assert!(
        out.stderr.contains("not a git repository"),
        "{}",
        out.stderr
    );
}
