//! `import`: GitHub issues and git-backlog's own JSON, each as a realistic source, read
//! back field by field; a second import changes nothing.

use serde_json::{Value, json};

use crate::common::Repo;

/// Thirty issues as `gh issue list --state all --json …` prints them: bugs and features,
/// open and closed, milestones, several assignees, criteria in the body, odd characters.
fn issues() -> Value {
    let mut out = Vec::new();
    for n in 1..=30u32 {
        let bug = n % 3 == 0;
        let labels: Vec<Value> = [
            Some(if bug { "bug" } else { "enhancement" }),
            (n % 2 == 0).then_some("web"),
            (n % 5 == 0).then_some("needs: design"),
        ]
        .into_iter()
        .flatten()
        .map(|l| json!({"name": l}))
        .collect();
        let assignees: Vec<Value> = ["ana", "bo", "chi"]
            .iter()
            .take((n % 3) as usize)
            .map(|a| json!({"login": a}))
            .collect();
        out.push(json!({
            "number": 100 + n,
            "title": format!("Issue {n}: «{}» & co", if bug { "crash" } else { "feature" }),
            "body": format!(
                "As a user I want thing {n} so that it works.\r\n\r\n## Acceptance criteria\r\n- [x] First of {n}\r\n- [{}] Second of {n}\r\n",
                if n % 4 == 0 { "x" } else { " " }
            ),
            "labels": labels,
            "state": if n % 4 == 0 { "CLOSED" } else { "OPEN" },
            "milestone": if n % 6 == 0 { json!({"title": "2.0"}) } else { Value::Null },
            "assignees": assignees,
            "createdAt": format!("2026-10-{:02}T09:30:00Z", n),
            "closedAt": if n % 4 == 0 { json!("2026-11-20T10:00:00Z") } else { Value::Null },
        }));
    }
    Value::Array(out)
}

#[test]
fn github_issues_come_in_once_field_by_field_and_again_without_change() {
    let repo = Repo::with_backlog();
    repo.run(&["release", "new", "2.0", "--target", "2027-01-31"])
        .ok();
    repo.write(
        "issues.json",
        serde_json::to_string_pretty(&issues()).unwrap(),
    );
    let before = repo.commit_count();
    // A dry run says what would happen and writes nothing, not even an ID reservation.
    let out = repo
        .run(&["import", "github", "issues.json", "--dry-run"])
        .ok();
    assert!(
        out.stderr
            .contains("30 in issues.json: 30 new, 0 updated, 0 unchanged"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("PAY-1: new \"Issue 1: «feature» & co\" (from github:101)"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before);
    assert_eq!(repo.git(&["status", "--porcelain", "--", "backlog"]), "");
    // The real run: one commit; what has no place here is said.
    let out = repo.run(&["import", "github", "issues.json"]).ok();
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(out.stdout.lines().next(), Some("PAY-1\tgithub:101"));
    assert!(
        out.stderr
            .contains("github:102: one assignee is kept (ana); not kept: bo"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("closedAt is not kept"),
        "{}",
        out.stderr
    );
    let story = |id: &str| -> Value {
        let doc: Value =
            serde_json::from_str(&repo.run(&["show", id, "--json"]).ok().stdout).unwrap();
        doc["story"].clone()
    };
    assert_eq!(story("PAY-5")["assignee"], "ana"); // issue 105: ana and bo
    let s6 = story("PAY-6"); // issue 106: a bug, web, milestone 2.0, nobody assigned
    assert_eq!(s6["title"], "Issue 6: «crash» & co");
    assert_eq!(s6["type"], "bug");
    assert_eq!(s6["status"], "draft");
    assert_eq!(s6["labels"], json!(["bug", "web"]));
    assert_eq!(s6["release"], "2.0");
    assert_eq!(s6["assignee"], Value::Null);
    assert_eq!(s6["created"], "2026-10-06");
    assert_eq!(s6["extra"]["source"], "github:106");
    assert_eq!(
        s6["description"],
        "As a user I want thing 6 so that it works."
    );
    assert_eq!(s6["criteria"][0]["text"], "First of 6");
    assert_eq!(s6["criteria"][0]["done"], true);
    assert_eq!(s6["criteria"][1]["done"], false);
    let s20 = story("PAY-20"); // issue 120: closed, a label with a colon
    assert_eq!(s20["status"], "done");
    assert_eq!(
        s20["labels"],
        json!(["enhancement", "web", "needs: design"])
    );
    let check = repo.run(&["check", "--format", "json"]);
    assert!(
        !check.stdout.contains("\"severity\": \"error\""),
        "{}",
        check.stdout
    );
    // Again: nothing changes.
    let out = repo.run(&["import", "github", "issues.json"]).ok();
    assert!(
        out.stderr.contains("0 new, 0 updated, 30 unchanged"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before + 1);
    // The source moves on: only what changed there changes here.
    let mut changed = issues();
    changed[0]["state"] = json!("CLOSED");
    changed[0]["title"] = json!("Issue 1, renamed");
    repo.write("issues.json", serde_json::to_string(&changed).unwrap());
    let out = repo
        .run(&["import", "github", "issues.json", "--map", "map.yaml"])
        .code(2);
    assert!(
        out.stderr.contains("cannot read map.yaml"),
        "{}",
        out.stderr
    );
    repo.write("map.yaml", "status:\n  OPEN: ready\n");
    repo.run(&["import", "github", "issues.json", "--map", "map.yaml"])
        .ok();
    assert_eq!(repo.commit_count(), before + 2);
    assert_eq!(story("PAY-1")["title"], "Issue 1, renamed");
    assert_eq!(story("PAY-1")["status"], "done");
    assert_eq!(
        story("PAY-2")["status"],
        "ready",
        "the map's status for OPEN"
    );
}

/// The demo's stories as `list --all --format json` shows them, without what is layout
/// rather than data (the file's path, a criterion's line).
fn export(dir: &std::path::Path) -> Vec<Value> {
    let out = std::process::Command::new(crate::common::BIN)
        .arg("-C")
        .arg(dir)
        .args(["list", "--all", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut stories = doc["stories"].as_array().unwrap().clone();
    for s in &mut stories {
        let s = s.as_object_mut().unwrap();
        s.remove("path");
        for c in s["criteria"].as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("line");
        }
    }
    stories
}

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");

/// A new backlog with the demo's configuration, product, releases and sprints, and no
/// stories.
fn demo_setup() -> Repo {
    let repo = Repo::new();
    repo.run(&["init", "--prefix", "PAY"]).ok();
    for file in ["config.yml", "product.md"] {
        repo.write(
            &format!("backlog/{file}"),
            std::fs::read(format!("{DEMO}/backlog/{file}")).unwrap(),
        );
    }
    for dir in ["releases", "sprints"] {
        for entry in std::fs::read_dir(format!("{DEMO}/backlog/{dir}")).unwrap() {
            let entry = entry.unwrap();
            repo.write(
                &format!("backlog/{dir}/{}", entry.file_name().to_string_lossy()),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-qm", "the demo's setup"]);
    repo
}

/// Every field of every story the same, but `skip`.
fn same(imported: &[Value], original: &[Value], skip: &[&str]) {
    assert_eq!(imported.len(), original.len());
    for (a, b) in imported.iter().zip(original) {
        for (key, value) in b
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| !skip.contains(&k.as_str()))
        {
            assert_eq!(&a[key], value, "{} {key}", b["id"]);
        }
    }
}

#[test]
fn the_demo_round_trips_through_list_json_and_import_json() {
    let original = export(std::path::Path::new(DEMO));
    let repo = demo_setup();
    repo.write(
        "export.json",
        serde_json::to_string(&json!({"version": 2, "stories": original})).unwrap(),
    );
    let out = repo.run(&["import", "json", "export.json"]).ok();
    // Only the one front-matter comment of the demo has nowhere to go, and it is said.
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: PAY-16: the comment \"# Parked after the 2026-10 review: legal needs to confirm the AML impact.\" is not kept (add it back by hand)"
        ]
    );
    same(&export(repo.path()), &original, &["comments"]);
    // Importing it again changes nothing.
    let count = repo.commit_count();
    repo.run(&["import", "json", "export.json"]).ok();
    assert_eq!(repo.commit_count(), count);
}

#[test]
fn the_demo_round_trips_through_list_csv_and_import_csv() {
    let original = export(std::path::Path::new(DEMO));
    let csv = std::process::Command::new(crate::common::BIN)
        .args(["-C", DEMO, "list", "--all", "--format", "csv"])
        .output()
        .unwrap();
    let repo = demo_setup();
    repo.write("export.csv", &csv.stdout);
    let out = repo.run(&["import", "csv", "export.csv"]).ok();
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    // CSV holds the fields; keys no field declares and YAML comments are not in it.
    same(&export(repo.path()), &original, &["comments", "extra"]);
    let count = repo.commit_count();
    let out = repo.run(&["import", "csv", "export.csv"]).ok();
    assert!(
        out.stderr.contains("0 new, 0 updated, 35 unchanged"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), count);
    // A sheet of another tool: columns named after fields or labels, or mapped.
    repo.write(
        "sheet.csv",
        "Title,Status,Story Points,Labels,Team\r\n\"Pay by link\",ready,3,\"payments, links\",checkout\r\nNo points,draft,,,\r\n",
    );
    repo.write("map.yaml", "fields:\n  Story Points: points\n");
    let out = repo
        .run(&["import", "csv", "sheet.csv", "--map", "map.yaml"])
        .ok();
    assert!(
        out.stderr.contains("column \"Team\" has no field here"),
        "{}",
        out.stderr
    );
    let id = out
        .stdout
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    let shown: Value =
        serde_json::from_str(&repo.run(&["show", &id, "--json"]).ok().stdout).unwrap();
    assert_eq!(shown["story"]["points"], 3);
    assert_eq!(shown["story"]["labels"], json!(["payments", "links"]));
    assert_eq!(shown["story"]["status"], "ready");
}

/// A Jira "Export Excel CSV (all fields)": 3 epics, 24 stories and bugs linked to them,
/// sub-tasks under stories, blocking links, repeated Labels and Sprint columns, story
/// points, fix versions, wiki markup with acceptance criteria, and awkward text.
fn jira_export() -> String {
    let header = "Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Description,Labels,Labels,Sprint,Sprint,Fix Version/s,Custom field (Story Points),Custom field (Epic Link),Parent id,Inward issue link (Blocks)";
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut rows = vec![header.to_string()];
    for e in 1..=3 {
        rows.push(format!(
            "{},PROJ-{e},{},Epic,In Progress,High,,pat,0{e}/Oct/26 9:00 AM,{},,,,,,,,,",
            q(&format!("Epic {e}: «payments», part {e}")),
            1000 + e,
            q("h2. Goal\nMake *payments* work.")
        ));
    }
    for n in 4..=27 {
        let bug = n % 5 == 0;
        let epic = 1 + n % 3;
        let status = ["To Do", "Selected for Development", "In Progress", "Done"][n % 4];
        let description = format!(
            "As a shopper I want thing {n} so that I can pay.\n\nh3. Acceptance Criteria\n* Works with {{{{card}}}} number {n}\n* Says \"why\", when it fails\n\nSee [the spec|https://example.test/{n}]."
        );
        rows.push(format!(
            "{},PROJ-{n},{},{},{status},{},{},pat,{n:02}/Nov/26 10:00 AM,{},payments,{},Sprint {},Sprint {},2.0,{},PROJ-{epic},,{}",
            q(&format!("Story {n}, with a comma and \"quotes\"")),
            1000 + n,
            if bug { "Bug" } else { "Story" },
            ["Highest", "Medium", "Low"][n % 3],
            if n % 2 == 0 { "ana" } else { "" },
            q(&description),
            if n % 2 == 0 { "web" } else { "" },
            24,
            25,
            [1, 2, 3, 5, 8][n % 5],
            if n > 4 { format!("PROJ-{}", n - 1) } else { String::new() },
        ));
    }
    for s in 28..=31 {
        rows.push(format!(
            "Sub-task {s},PROJ-{s},{},Sub-task,To Do,Medium,,pat,20/Nov/26 10:00 AM,,,,,,,1,,{},",
            1000 + s,
            1000 + 4 + (s - 28),
        ));
    }
    rows.join("\r\n") + "\r\n"
}

#[test]
fn a_jira_export_comes_in_with_epics_sub_tasks_links_and_markdown() {
    let repo = Repo::with_backlog();
    repo.run(&["release", "new", "2.0", "--target", "2027-01-31"])
        .ok();
    repo.write("jira.csv", jira_export());
    let before = repo.commit_count();
    let out = repo.run(&["import", "jira", "jira.csv"]).ok();
    assert!(
        out.stderr
            .contains("31 in jira.csv: 31 new, 0 updated, 0 unchanged"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("Jira columns not kept (map them with --map `fields:`): Reporter"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before + 1);
    let by_source = |key: &str| -> Value {
        let line = out
            .stdout
            .lines()
            .find(|l| l.ends_with(&format!("\t{key}")))
            .unwrap();
        let id = line.split('\t').next().unwrap();
        let doc: Value =
            serde_json::from_str(&repo.run(&["show", id, "--json"]).ok().stdout).unwrap();
        doc["story"].clone()
    };
    let id_of = |key: &str| by_source(key)["id"].as_str().unwrap().to_string();
    let epic = by_source("jira:PROJ-1");
    assert_eq!(epic["type"], "epic");
    assert_eq!(epic["title"], "Epic 1: «payments», part 1");
    assert_eq!(epic["status"], "doing");
    assert_eq!(epic["description"], "## Goal\nMake **payments** work.");
    let s10 = by_source("jira:PROJ-10"); // a bug, In Progress, epic PROJ-2, blocked by PROJ-9
    assert_eq!(s10["title"], "Story 10, with a comma and \"quotes\"");
    assert_eq!(s10["type"], "bug");
    assert_eq!(s10["status"], "doing");
    assert_eq!(s10["priority"], "should");
    assert_eq!(by_source("jira:PROJ-11")["status"], "done");
    assert_eq!(by_source("jira:PROJ-12")["priority"], "must");
    assert_eq!(s10["points"], 1);
    assert_eq!(s10["sprint"], "Sprint-25");
    assert_eq!(s10["labels"], json!(["payments", "web"]));
    assert_eq!(s10["release"], "2.0");
    assert_eq!(s10["assignee"], "ana");
    assert_eq!(s10["created"], "2026-11-10");
    assert_eq!(s10["epic"], id_of("jira:PROJ-2"));
    assert_eq!(s10["depends_on"], json!([id_of("jira:PROJ-9")]));
    assert_eq!(
        s10["description"],
        "As a shopper I want thing 10 so that I can pay.\n\nSee [the spec](https://example.test/10)."
    );
    assert_eq!(s10["criteria"][0]["text"], "Works with `card` number 10");
    assert_eq!(s10["criteria"][1]["text"], "Says \"why\", when it fails");
    // A sub-task (its parent named by the parent's numeric id) goes in its parent's epic,
    // and the parent waits for it.
    assert_eq!(
        by_source("jira:PROJ-29")["epic"],
        by_source("jira:PROJ-5")["epic"]
    );
    assert!(
        by_source("jira:PROJ-5")["depends_on"]
            .as_array()
            .unwrap()
            .contains(&Value::from(id_of("jira:PROJ-29")))
    );
    // A done issue has met its criteria.
    assert_eq!(by_source("jira:PROJ-11")["criteria"][0]["done"], true);
    let check = repo.run(&["check", "--format", "json"]);
    let errors: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains("\"message\""))
        .collect();
    assert!(
        !check.stdout.contains("\"severity\": \"error\""),
        "{errors:#?}"
    );
    // Again: nothing changes.
    let again = repo.run(&["import", "jira", "jira.csv"]).ok();
    assert!(
        again.stderr.contains("0 new, 0 updated, 31 unchanged"),
        "{}",
        again.stderr
    );
    assert_eq!(repo.commit_count(), before + 1);
}

/// A Backlog.md project: 32 task files in tasks/, drafts/, completed/ and archive/, with
/// sub-tasks (dotted IDs), dependencies, ordinals, @assignees, milestones, sections.
fn backlog_md(dir: &std::path::Path) {
    let write = |rel: String, text: String| {
        let path = dir.join("backlog").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "config.yml".into(),
        "project_name: \"Shop\"\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\n".into(),
    );
    let task = |id: &str, title: &str, status: &str, extra: &str, ac: &str| {
        format!(
            "---\nid: {id}\ntitle: '{}'\nstatus: {status}\nassignee: []\ncreated_date: '2025-06-01 10:00'\nlabels: [shop]\ndependencies: []\n{extra}---\n\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nAs a shopper I want {title} so that I can buy.\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n{ac}<!-- AC:END -->\n\n## Implementation Notes\n\nNotes for {id}: \"quoted\" & <escaped>.\n",
            title.replace('\'', "''")
        )
    };
    for n in 1..=24 {
        let status = ["To Do", "In Progress", "Done"][n % 3];
        let done = if n % 3 == 2 { "x" } else { " " };
        let extra = format!(
            "priority: {}\nordinal: {}\n{}{}{}",
            ["high", "medium", "low"][n % 3],
            (25 - n) * 1000,
            if n % 4 == 0 {
                "assignee: ['@ana', '@bo']\n"
            } else {
                ""
            },
            if n > 1 && n % 5 == 0 {
                format!("dependencies: [task-{}]\n", n - 1)
            } else {
                String::new()
            },
            match n {
                7 => "milestone: beta\n",
                n if n % 6 == 0 => "milestone: '2.0'\n",
                _ => "",
            },
        );
        let extra = extra.replace("assignee: []\n", "");
        let text = task(
            &format!("task-{n}"),
            &format!("Task {n}: it's «fine»"),
            status,
            &extra,
            &format!("- [{done}] #1 First of {n}\n- [{done}] #2 Second of {n}\n"),
        );
        // The template's empty lists are replaced where the task has its own.
        let text = if extra.contains("dependencies:") {
            text.replacen("dependencies: []\n", "", 1)
        } else {
            text
        };
        let text = if extra.contains("assignee:") {
            text.replacen("assignee: []\n", "", 1)
        } else {
            text
        };
        write(format!("tasks/task-{n} - Task-{n}.md"), text);
    }
    // Sub-tasks of task-3, with dotted IDs.
    for s in 1..=3 {
        write(
            format!("tasks/task-3.0{s} - Sub.md"),
            task(
                &format!("task-3.0{s}"),
                &format!("Sub-task {s}"),
                "To Do",
                "parent_task_id: task-3\n",
                "- [ ] #1 Sub works\n",
            ),
        );
    }
    write(
        "drafts/draft-1 - Idea.md".into(),
        task("draft-1", "An idea", "To Do", "", ""),
    );
    write(
        "drafts/draft-2 - Idea.md".into(),
        task("draft-2", "Another idea", "To Do", "", ""),
    );
    write(
        "completed/task-25 - Old.md".into(),
        task(
            "task-25",
            "Old work",
            "Done",
            "",
            "- [x] #1 Done long ago\n",
        ),
    );
    write(
        "archive/tasks/task-26 - Dropped.md".into(),
        task("task-26", "Dropped work", "To Do", "", ""),
    );
    write(
        "archive/tasks/task-27 - Dropped.md".into(),
        task("task-27", "Dropped too", "To Do", "", ""),
    );
}

#[test]
fn a_backlog_md_project_comes_in_with_sub_tasks_order_and_sections() {
    let repo = Repo::with_backlog();
    repo.run(&["release", "new", "2.0", "--target", "2027-01-31"])
        .ok();
    let other = tempfile::tempdir().unwrap();
    backlog_md(other.path());
    let source = other.path().to_str().unwrap();
    let before = repo.commit_count();
    let out = repo.run(&["import", "backlog-md", source]).ok();
    assert!(out.stderr.contains("32 in"), "{}", out.stderr);
    assert!(out.stderr.contains("32 new"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("backlog-md:task-4: one assignee is kept (ana); not kept: bo"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before + 1);
    let by_source = |key: &str| -> Value {
        let line = out
            .stdout
            .lines()
            .find(|l| l.ends_with(&format!("\t{key}")))
            .unwrap();
        let id = line.split('\t').next().unwrap();
        let doc: Value =
            serde_json::from_str(&repo.run(&["show", id, "--json"]).ok().stdout).unwrap();
        doc["story"].clone()
    };
    let id_of = |key: &str| by_source(key)["id"].as_str().unwrap().to_string();
    let t6 = by_source("backlog-md:task-6"); // To Do, high, milestone 2.0
    assert_eq!(t6["title"], "Task 6: it's «fine»");
    assert_eq!(t6["status"], "ready");
    assert_eq!(t6["priority"], "must");
    assert_eq!(t6["release"], "2.0");
    assert_eq!(t6["labels"], json!(["shop"]));
    assert_eq!(t6["created"], "2025-06-01");
    assert_eq!(
        t6["description"],
        "As a shopper I want Task 6: it's «fine» so that I can buy.\n\n## Implementation Notes\n\nNotes for task-6: \"quoted\" & <escaped>."
    );
    assert_eq!(t6["criteria"][0]["text"], "First of 6");
    let t5 = by_source("backlog-md:task-5"); // Done, first criterion ticked
    assert_eq!(t5["status"], "done");
    assert_eq!(t5["criteria"][0]["done"], true);
    assert_eq!(t5["depends_on"], json!([id_of("backlog-md:task-4")]));
    assert_eq!(by_source("backlog-md:task-4")["assignee"], "ana");
    // A milestone with no release here becomes one, in the same commit.
    assert_eq!(by_source("backlog-md:task-7")["release"], "beta");
    assert!(
        out.stderr.contains("release \"beta\" is new here"),
        "{}",
        out.stderr
    );
    assert!(
        repo.head_files()
            .contains(&"backlog/releases/beta.md".to_string())
    );
    // Sub-tasks: the parent became their epic.
    assert_eq!(by_source("backlog-md:task-3")["type"], "epic");
    assert_eq!(
        by_source("backlog-md:task-3.02")["epic"],
        id_of("backlog-md:task-3")
    );
    // Folders: drafts are the first status, completed is done, archive is rejected.
    assert_eq!(by_source("backlog-md:draft-1")["status"], "draft");
    assert_eq!(by_source("backlog-md:task-25")["status"], "done");
    assert_eq!(by_source("backlog-md:task-26")["outcome"], "rejected");
    // The ordinals are the manual order: task-24 (ordinal 1000) first.
    let order = repo.run(&["list", "--all", "--format", "ids"]).ok().stdout;
    assert_eq!(
        order.lines().next(),
        Some(id_of("backlog-md:task-24").as_str())
    );
    let check = repo.run(&["check", "--format", "json"]);
    let errors: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.contains("\"message\""))
        .collect();
    assert!(
        !check.stdout.contains("\"severity\": \"error\""),
        "{errors:#?}"
    );
    let again = repo.run(&["import", "backlog-md", source]).ok();
    assert!(
        again.stderr.contains("0 new, 0 updated, 32 unchanged"),
        "{}",
        again.stderr
    );
    assert_eq!(repo.commit_count(), before + 1);
}
