//! Ordering: hand-computed orders for every method, manual moves and `--apply` through the
//! real git diff, `next`, `blocked`, `sprint` and `graph` around a chain and a cycle.

use crate::common::Repo;

/// Six stories with scores worked out by hand (see each line's comment).
fn fixture() -> Repo {
    let repo = Repo::with_backlog();
    let config = repo.read("backlog/config.yml") + "ranking:\n  score: { value: 2, points: -1 }\n";
    repo.write("backlog/config.yml", config);
    let s = |id: &str, fields: &str| {
        repo.write(
            &format!("backlog/stories/{id}-s.md"),
            format!("---\nid: {id}\ntitle: Story {id}\nstatus: ready\n{fields}---\nAs a user I want {id} so that it works.\n\n## Acceptance criteria\n- [ ] ok\n"),
        );
    };
    //                                                                         value/effort  wsjf            rice                 score
    s(
        "PAY-1",
        "priority: should\nvalue: 8\npoints: 2\ntime_criticality: 2\nrisk_reduction: 2\nreach: 100\nimpact: 2\nconfidence: 0.5\nrank: c\n",
    ); // 4   (8+2+2)/2=6  100*2*.5/2=50   16-2=14
    s(
        "PAY-2",
        "priority: must\nvalue: 3\npoints: 1\ntime_criticality: 1\nrisk_reduction: 0\nreach: 10\nimpact: 1\nconfidence: 1\nrank: a\n",
    ); // 3   4            10              6-1=5
    s(
        "PAY-3",
        "priority: must\nvalue: 12\npoints: 3\ntime_criticality: 3\nrisk_reduction: 3\nreach: 50\nimpact: 3\nconfidence: 1\nrank: b\n",
    ); // 4   6            50              24-3=21
    s(
        "PAY-4",
        "priority: could\nvalue: 5\npoints: 0\ntime_criticality: 1\nrisk_reduction: 1\nreach: 10\nimpact: 1\nconfidence: 1\n",
    ); // zero points: unscored
    s("PAY-5", "priority: wont\npoints: 5\n"); // no value: unscored
    s(
        "PAY-6",
        "value: 4\npoints: 1\ntime_criticality: 2\nrisk_reduction: 0\nreach: 50\nimpact: 2\nconfidence: 0.5\n",
    ); // no priority; 4  6  50  7
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "fixture"]);
    repo
}

fn order(repo: &Repo, by: &str) -> Vec<String> {
    let mut args = vec!["rank", "--format", "ids"];
    if !by.is_empty() {
        args.extend(["--by", by]);
    }
    repo.run(&args)
        .ok()
        .stdout
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn each_method_gives_the_hand_computed_order() {
    let repo = fixture();
    // Manual: ranked a, b, c, then the unranked by ID.
    assert_eq!(
        order(&repo, ""),
        ["PAY-2", "PAY-3", "PAY-1", "PAY-4", "PAY-5", "PAY-6"]
    );
    assert_eq!(order(&repo, "manual"), order(&repo, ""));
    // MoSCoW: must (2, 3 by manual rank), should, could, wont; no priority last.
    assert_eq!(
        order(&repo, "moscow"),
        ["PAY-2", "PAY-3", "PAY-1", "PAY-4", "PAY-5", "PAY-6"]
    );
    // value/effort: 3 and 1 and 6 tie at 4 (manual rank, then ID), 2 at 3; 4 (zero points), 5 (no value) unscored.
    assert_eq!(
        order(&repo, "value-effort"),
        ["PAY-3", "PAY-1", "PAY-6", "PAY-2", "PAY-4", "PAY-5"]
    );
    // WSJF: 3, 1, 6 tie at 6; 2 at 4; 4 and 5 unscored.
    assert_eq!(
        order(&repo, "wsjf"),
        ["PAY-3", "PAY-1", "PAY-6", "PAY-2", "PAY-4", "PAY-5"]
    );
    // RICE: 3 and 6 at 50, 1 at 50; 2 at 10.
    assert_eq!(
        order(&repo, "rice"),
        ["PAY-3", "PAY-1", "PAY-6", "PAY-2", "PAY-4", "PAY-5"]
    );
    // Weighted score 2*value - points: 3 (21), 1 (14), 6 (7), 2 (5), 4 (10!): points 0 is fine here, 5 unscored.
    assert_eq!(
        order(&repo, "score"),
        ["PAY-3", "PAY-1", "PAY-4", "PAY-6", "PAY-2", "PAY-5"]
    );
    // MoSCoW first, then value/effort within each group: must = 3 (4) before 2 (3).
    assert_eq!(
        order(&repo, "moscow,value-effort"),
        ["PAY-3", "PAY-2", "PAY-1", "PAY-4", "PAY-5", "PAY-6"]
    );
    let out = repo.run(&["rank", "--by", "wsfj"]).code(2);
    assert!(
        out.stderr
            .contains("unknown method \"wsfj\" (did you mean `wsjf`?)"),
        "{}",
        out.stderr
    );
}

#[test]
fn explain_and_json_carry_each_term() {
    let repo = fixture();
    let out = repo.run(&["rank", "--by", "wsjf", "--explain"]).ok();
    assert!(
        out.stdout
            .contains("value 12 → 4, time_criticality 3 → 1, risk_reduction 3 → 1, points 3"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("wsjf: points is 0: effort must be more than 0"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("wsjf: no value"), "{}", out.stdout);
    let json = repo
        .run(&["rank", "--by", "wsjf", "--format", "json"])
        .ok()
        .stdout;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first = &doc["stories"][0];
    assert_eq!(first["id"], "PAY-3");
    assert_eq!(first["scores"][0]["score"], 6.0);
    assert_eq!(
        first["scores"][0]["terms"][0],
        serde_json::json!({"field": "value", "value": 12, "contribution": 4})
    );
    assert_eq!(
        doc["stories"][4]["unscored"],
        "points is 0: effort must be more than 0"
    );
}

#[test]
fn a_manual_move_changes_one_rank_line() {
    let repo = fixture();
    repo.run(&["rank", "PAY-1", "--before", "PAY-3"]).ok();
    assert_eq!(
        repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        "1\t1\tbacklog/stories/PAY-1-s.md\n"
    );
    let diff = repo.git(&["diff", "-U0", "HEAD~1", "HEAD"]);
    assert!(
        diff.contains("-rank: c\n+rank: ag\n") || diff.contains("\n-rank: c\n+rank: "),
        "{diff}"
    );
    assert_eq!(
        order(&repo, ""),
        ["PAY-2", "PAY-1", "PAY-3", "PAY-4", "PAY-5", "PAY-6"]
    );
    assert_eq!(repo.head_subject(), "backlog(PAY-1): rank moved up 1 place");
    repo.run(&["rank", "PAY-3", "--top"]).ok();
    assert_eq!(order(&repo, "")[0], "PAY-3");
    repo.run(&["rank", "PAY-2", "--bottom"]).ok();
    assert_eq!(
        order(&repo, ""),
        ["PAY-3", "PAY-1", "PAY-2", "PAY-4", "PAY-5", "PAY-6"]
    );
    // After an unranked story: the unranked ones before it get keys too, nothing else.
    repo.run(&["rank", "PAY-3", "--after", "PAY-5"]).ok();
    assert_eq!(
        order(&repo, ""),
        ["PAY-1", "PAY-2", "PAY-4", "PAY-5", "PAY-3", "PAY-6"]
    );
    let files = repo.head_files();
    assert_eq!(
        files,
        [
            "backlog/stories/PAY-3-s.md",
            "backlog/stories/PAY-4-s.md",
            "backlog/stories/PAY-5-s.md"
        ]
    );
}

#[test]
fn apply_touches_only_the_stories_that_move() {
    let repo = fixture();
    repo.run(&["rank", "--by", "wsjf", "--apply"]).ok();
    assert_eq!(
        order(&repo, ""),
        ["PAY-3", "PAY-1", "PAY-6", "PAY-2", "PAY-4", "PAY-5"]
    );
    // PAY-3 (b) and PAY-1 (c) keep their keys; PAY-2 and the unranked get new ones.
    let numstat = repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]);
    assert!(
        !numstat.contains("PAY-3-s.md") && !numstat.contains("PAY-1-s.md"),
        "{numstat}"
    );
    for line in numstat.lines() {
        assert!(
            line.starts_with("1\t1\t") || line.starts_with("1\t0\t"),
            "one rank line per file: {line}"
        );
    }
    assert!(
        repo.head_subject()
            .starts_with("backlog: rank 2 stories by wsjf"),
        "{}",
        repo.head_subject()
    );
    // Applying the same order again changes nothing.
    let out = repo.run(&["rank", "--by", "wsjf", "--apply"]).ok();
    assert!(out.stderr.contains("Nothing to change"), "{}", out.stderr);
}

#[test]
fn rebalance_keeps_the_order_in_one_commit() {
    let repo = fixture();
    // Moving two stories to the top in turn halves the key space each time, until the
    // keys would pass the bound: then the move is refused with the way out.
    let mut refused = None;
    for i in 0..200 {
        let out = repo.run(&[
            "rank",
            if i % 2 == 0 { "PAY-1" } else { "PAY-2" },
            "--top",
            "-q",
        ]);
        if out.code != 0 {
            refused = Some(out.stderr);
            break;
        }
    }
    let refused = refused.expect("the keys hit the bound");
    assert!(
        refused.contains("would grow past 12 characters; run `git backlog rank --rebalance`"),
        "{refused}"
    );
    let before = order(&repo, "");
    let commits = repo.commit_count();
    repo.run(&["rank", "--rebalance"]).ok();
    assert_eq!(order(&repo, ""), before);
    assert_eq!(repo.commit_count(), commits + 1);
    let doc: serde_json::Value =
        serde_json::from_str(&repo.run(&["rank", "--format", "json"]).ok().stdout).unwrap();
    for s in doc["stories"].as_array().unwrap() {
        assert!(s["rank"].as_str().is_none_or(|k| k.len() <= 2), "{s}");
    }
    repo.run(&["rank", "PAY-1", "--top"]).ok();
}

/// A chain PAY-1 <- PAY-2 <- PAY-3, a cycle PAY-4 <-> PAY-5, and PAY-6 free.
fn chain_and_cycle() -> Repo {
    let repo = Repo::with_backlog();
    let s = |id: &str, rank: &str, deps: &str, points: u32| {
        repo.write(
            &format!("backlog/stories/{id}-s.md"),
            format!("---\nid: {id}\ntitle: Story {id}\nstatus: ready\npoints: {points}\nrank: {rank}\ndepends_on: [{deps}]\n---\n"),
        );
    };
    s("PAY-3", "a", "PAY-2", 3);
    s("PAY-2", "b", "PAY-1", 2);
    s("PAY-1", "c", "", 1);
    s("PAY-4", "d", "PAY-5", 1);
    s("PAY-5", "e", "PAY-4", 1);
    s("PAY-6", "f", "", 8);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "fixture"]);
    repo
}

#[test]
fn next_and_blocked_respect_dependencies_and_say_the_cycle() {
    let repo = chain_and_cycle();
    assert_eq!(
        repo.run(&["next", "--format", "ids"]).ok().stdout,
        "PAY-1\nPAY-6\n"
    );
    assert_eq!(
        repo.run(&["next", "-n", "1", "--format", "ids"])
            .ok()
            .stdout,
        "PAY-1\n"
    );
    let out = repo.run(&["blocked"]).ok();
    assert!(
        out.stdout.contains("PAY-3") && out.stdout.contains("PAY-2 (ready)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("dependency cycle: PAY-4 -> PAY-5 -> PAY-4"),
        "{}",
        out.stderr
    );
    repo.run(&["move", "PAY-1", "done", "-q"]).ok();
    assert_eq!(
        repo.run(&["next", "--format", "ids"]).ok().stdout,
        "PAY-2\nPAY-6\n"
    );
}

#[test]
fn sprint_plan_takes_dependencies_first_and_stops_at_capacity() {
    let repo = chain_and_cycle();
    let out = repo
        .run(&["sprint", "plan", "S1", "--capacity", "6", "--json"])
        .ok();
    let plan: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // PAY-3 is ranked first but needs PAY-2, which needs PAY-1: they come first.
    assert_eq!(
        plan["added"],
        serde_json::json!(["PAY-1", "PAY-2", "PAY-3"])
    );
    assert_eq!(plan["points"], 6);
    let skipped: Vec<String> = plan["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["id"].as_str().unwrap(),
                s["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "PAY-4 waits on PAY-5 (ready)",
            "PAY-5 waits on PAY-4 (ready)",
            "PAY-6 8 points do not fit (0 left)"
        ]
    );
    repo.run(&["sprint", "plan", "S1", "--capacity", "6", "--apply"])
        .ok();
    assert_eq!(repo.head_files().len(), 3);
    let show: serde_json::Value =
        serde_json::from_str(&repo.run(&["sprint", "show", "S1", "--json"]).ok().stdout).unwrap();
    assert_eq!(show["committed_points"], 6);
    assert_eq!(show["done_points"], 0);
    let list = repo.run(&["sprint", "list"]).ok().stdout;
    assert!(list.contains("S1") && list.contains("3"), "{list}");
    let out = repo.run(&["sprint", "plan", "S2"]).code(2);
    assert!(
        out.stderr.contains("Pass --capacity POINTS"),
        "{}",
        out.stderr
    );
}

#[test]
fn graph_in_dot_and_mermaid() {
    let repo = chain_and_cycle();
    let dot = repo.run(&["graph", "--format", "dot"]).ok().stdout;
    assert!(
        dot.starts_with("digraph backlog {")
            && dot.contains("  \"PAY-1\" -> \"PAY-2\";\n")
            && dot.ends_with("}\n"),
        "{dot}"
    );
    let mermaid = repo.run(&["graph"]).ok().stdout;
    assert!(
        mermaid.starts_with("flowchart LR\n")
            && mermaid.contains("  PAY_4 --> PAY_5\n  PAY_5 --> PAY_4\n")
            || mermaid.contains("PAY_5 --> PAY_4"),
        "{mermaid}"
    );
    // Drawn by git-backlog: a box per story that has a dependency, an arrow per
    // dependency (the cycle's too), with the chain left to right.
    let svg = repo.run(&["graph", "--format", "svg"]).ok().stdout;
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"), "{svg}");
    for arrow in [
        "PAY-1 before PAY-2",
        "PAY-4 before PAY-5",
        "PAY-5 before PAY-4",
    ] {
        assert!(
            svg.contains(&format!("<title>{arrow}</title>")),
            "{arrow}: {svg}"
        );
    }
    let x_of = |id: &str| -> f64 {
        let at = svg.find(&format!("<g><title>{id} ")).unwrap();
        let rect = &svg[at..];
        let x = rect.split("<rect x=\"").nth(1).unwrap();
        x[..x.find('"').unwrap()].parse().unwrap()
    };
    assert!(x_of("PAY-1") < x_of("PAY-2"), "the order of work: {svg}");
}

#[test]
fn moves_of_different_stories_on_two_branches_merge_cleanly() {
    let repo = fixture();
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.run(&["rank", "PAY-1", "--top"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    repo.run(&["rank", "PAY-2", "--bottom"]).ok();
    repo.git(&["merge", "-q", "--no-edit", "other"]);
    assert_eq!(order(&repo, "")[..3], ["PAY-1", "PAY-3", "PAY-2"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn moscow_explains_the_priority_that_gave_the_weight() {
    let repo = fixture();
    let out = repo
        .run(&["rank", "--by", "moscow", "--explain", "--format", "json"])
        .ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let must = doc["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scores"][0]["score"] == 4)
        .expect("a must story");
    assert_eq!(
        must["scores"][0]["terms"][0],
        serde_json::json!({"field": "priority=must", "value": 4, "contribution": 4})
    );
}
