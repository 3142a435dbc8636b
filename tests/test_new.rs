use crate::common::{Repo, run};

#[test]
fn new_writes_the_story_and_commits_exactly_that_file() {
    let repo = Repo::with_backlog();
    let out = repo
        .run(&[
            "new",
            "Refund a card payment",
            "--type",
            "story",
            "--priority",
            "must",
            "--value",
            "8",
            "--points",
            "5",
            "--label",
            "payments",
            "--label",
            "api",
        ])
        .ok();
    assert_eq!(out.stdout, "PAY-1\n");
    let path = "backlog/stories/PAY-1-refund-a-card-payment.md";
    assert_eq!(repo.head_files(), [path]);
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-1): new \"Refund a card payment\""
    );
    assert_eq!(
        repo.read(path),
        "---\nid: PAY-1\ntitle: Refund a card payment\ntype: story\nstatus: draft\npriority: must\nvalue: 8\npoints: 5\nlabels: [payments, api]\ncreated: 2026-11-27\n---\n<!-- As a <role> I want <goal> so that <benefit>. -->\n\n## Acceptance criteria\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn ids_count_up_and_quiet_prints_only_the_id() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "One"]).ok();
    repo.run(&["new", "Two"]).ok();
    let out = repo.run(&["new", "Three", "-q"]).ok();
    assert_eq!(out.stdout, "PAY-3\n");
    assert_eq!(out.stderr, "");
    assert_eq!(repo.commit_count(), 4);
}

#[test]
fn next_id_is_one_past_the_highest_even_with_gaps_and_broken_files() {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-7-x.md",
        "---\nid: PAY-7\ntitle: x\n---\n",
    );
    repo.write("backlog/stories/PAY-41-broken.md", "---\nid: [oops\n---\n");
    let out = repo.run(&["new", "Next"]).ok();
    assert_eq!(out.stdout, "PAY-42\n");
}

#[test]
fn the_users_staged_and_unstaged_work_is_left_alone() {
    let repo = Repo::with_backlog();
    repo.write("README.md", "first\n");
    repo.git(&["add", "README.md"]);
    repo.git(&["commit", "-q", "-m", "readme"]);
    repo.write("README.md", "staged change\n");
    repo.git(&["add", "README.md"]);
    repo.write("README.md", "unstaged change on top\n");
    repo.write("src.rs", "new staged file\n");
    repo.git(&["add", "src.rs"]);
    repo.write("notes.txt", "untracked\n");

    repo.run(&["new", "A story"]).ok();

    assert_eq!(repo.head_files(), ["backlog/stories/PAY-1-a-story.md"]);
    let status = repo.git(&["status", "--porcelain"]);
    assert_eq!(status, "MM README.md\nA  src.rs\n?? notes.txt\n");
    assert_eq!(repo.git(&["show", ":README.md"]), "staged change\n");
    assert_eq!(repo.read("README.md"), "unstaged change on top\n");
}

#[test]
fn staged_files_in_an_unborn_repository_stay_staged() {
    let repo = Repo::new();
    repo.write("app.txt", "mine\n");
    repo.git(&["add", "app.txt"]);
    repo.run(&["init", "--prefix", "PAY"]).ok();
    assert!(!repo.head_files().contains(&"app.txt".to_string()));
    assert_eq!(repo.git(&["status", "--porcelain"]), "A  app.txt\n");
}

#[test]
fn fields_are_checked_against_the_config() {
    let repo = Repo::with_backlog();
    let out = repo.run(&["new", "X", "--status", "dnoe"]).code(2);
    assert_eq!(
        out.stderr,
        "error: unknown status \"dnoe\" (did you mean `done`?) (expected one of draft, ready, doing, review, done; see config.yml)\n"
    );
    let out = repo.run(&["new", "X", "--points", "4"]).code(2);
    assert!(
        out.stderr
            .contains("--points 4 is not on the points scale (0, 1, 2, 3, 5, 8, 13, 20, 40, 100)"),
        "{}",
        out.stderr
    );
    let out = repo.run(&["new", "X", "--depends-on", "PAY-9"]).code(2);
    assert!(
        out.stderr.contains("--depends-on PAY-9: no story PAY-9"),
        "{}",
        out.stderr
    );
    let out = repo.run(&["new", "   "]).code(2);
    assert!(out.stderr.contains("the title is empty"), "{}", out.stderr);
    assert_eq!(repo.commit_count(), 1, "nothing was committed");
    assert!(
        std::fs::read_dir(repo.file("backlog/stories"))
            .unwrap()
            .count()
            == 1,
        "only .gitkeep"
    );
}

#[test]
fn epic_and_dependencies_must_exist_and_are_written() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Payments", "--type", "epic"]).ok();
    repo.run(&["new", "Card"]).ok();
    repo.run(&[
        "new",
        "Refund",
        "--epic",
        "PAY-1",
        "--depends-on",
        "PAY-2,PAY-1",
        "--sprint",
        "2026-S24",
        "--assignee",
        "ana",
    ])
    .ok();
    let text = repo.read(&repo.story_path("PAY-3"));
    assert!(
        text.contains("epic: PAY-1\nsprint: 2026-S24\ndepends_on: [PAY-2, PAY-1]\nassignee: ana\n"),
        "{text}"
    );
}

#[test]
fn tricky_titles_make_safe_file_names_and_exact_titles() {
    let repo = Repo::with_backlog();
    for (title, file) in [
        ("../../etc/passwd", "PAY-1-etc-passwd.md"),
        ("no", "PAY-2-no.md"),
        (
            "Zahlung über Karte: 0042 #1",
            "PAY-3-zahlung-über-karte-0042-1.md",
        ),
        ("...", "PAY-4-story.md"),
    ] {
        repo.run(&["new", title]).ok();
        let id = &file[..5];
        let path = format!("backlog/stories/{file}");
        assert!(repo.file(&path).is_file(), "{title} -> {path}");
        let out = repo.run(&["show", id, "--json"]).ok();
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(json["story"]["title"], title);
    }
    assert_eq!(
        repo.read("backlog/stories/PAY-2-no.md").lines().nth(2),
        Some("title: 'no'")
    );
    assert!(!repo.file("etc").exists());
}

#[test]
fn no_commit_and_auto_commit_false_write_files_only() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Draft only", "--no-commit"]).ok();
    assert_eq!(repo.commit_count(), 1);
    assert_eq!(
        repo.git(&["status", "--porcelain", "--untracked-files=all"]),
        "?? backlog/stories/PAY-1-draft-only.md\n"
    );

    let config = repo
        .read("backlog/config.yml")
        .replace("auto_commit: true", "auto_commit: false");
    repo.write("backlog/config.yml", config);
    repo.run(&["new", "Also not committed"]).ok();
    assert_eq!(repo.commit_count(), 1);
    assert!(
        repo.file("backlog/stories/PAY-2-also-not-committed.md")
            .is_file()
    );
}

#[test]
fn edit_opens_the_editor_before_committing() {
    let repo = Repo::with_backlog();
    let script = repo.file("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf -- '- [ ] Added in the editor\\n' >> \"$1\"\n",
    )
    .unwrap();
    let mut cmd = repo.cmd();
    cmd.args(["new", "Edited", "--edit"])
        .env("EDITOR", format!("sh {}", script.display()));
    run(&mut cmd).ok();
    let text = repo.git(&["show", "HEAD:backlog/stories/PAY-1-edited.md"]);
    assert!(
        text.ends_with("## Acceptance criteria\n- [ ] Added in the editor\n"),
        "{text}"
    );

    // A story broken in the editor is kept as it is, and not committed.
    std::fs::write(&script, "#!/bin/sh\nprintf 'points: [\\n' > \"$1\"\nprintf -- '---\\nid: PAY-2\\npoints: [1\\n---\\n' > \"$1\"\n").unwrap();
    let mut cmd = repo.cmd();
    cmd.args(["new", "Broken", "--edit"])
        .env("VISUAL", format!("sh {}", script.display()));
    let out = run(&mut cmd).code(2);
    assert!(
        out.stderr.contains("backlog/stories/PAY-2-broken.md:3:"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("not committed"), "{}", out.stderr);
    assert_eq!(
        repo.read("backlog/stories/PAY-2-broken.md"),
        "---\nid: PAY-2\npoints: [1\n---\n"
    );
    assert_eq!(repo.commit_count(), 2);
}

#[test]
fn concurrent_new_commands_get_distinct_ids_and_lose_nothing() {
    let repo = Repo::with_backlog();
    let children: Vec<_> = (0..8)
        .map(|i| {
            repo.cmd()
                .args(["new", &format!("Story {i}"), "-q"])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        })
        .collect();
    ids.sort_by_key(|id| id[4..].parse::<u32>().unwrap());
    assert_eq!(ids, (1..=8).map(|n| format!("PAY-{n}")).collect::<Vec<_>>());
    assert_eq!(repo.commit_count(), 9);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn works_on_a_detached_head() {
    let repo = Repo::with_backlog();
    let head = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["checkout", "-q", "--detach", head.trim()]);
    repo.run(&["new", "Detached"]).ok();
    assert_eq!(repo.head_files(), ["backlog/stories/PAY-1-detached.md"]);
}

#[test]
fn never_writes_through_a_link_out_of_the_repository() {
    let repo = Repo::with_backlog();
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(repo.file("backlog/stories")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.file("backlog/stories")).unwrap();
    let out = repo.run(&["new", "Escape"]).code(2);
    assert!(
        out.stderr.contains("leads outside the repository"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn a_whole_story_in_one_command_is_one_commit() {
    let repo = Repo::with_backlog();
    let before = repo.commit_count();
    let out = repo
        .run(&[
            "new",
            "Refund a card payment",
            "-p",
            "must",
            "--points",
            "5",
            "--description",
            "As a merchant I want to refund a payment so that the customer gets their money back.",
            "--ac",
            "Given a settled payment, when I refund it, then the customer is credited",
            "--ac",
            "A refund is audit-logged",
            "-q",
        ])
        .ok();
    assert_eq!(out.stdout, "PAY-1\n");
    assert_eq!(repo.commit_count(), before + 1);
    let text = repo.read(&repo.story_path("PAY-1"));
    assert!(
        text.ends_with("---\nAs a merchant I want to refund a payment so that the customer gets their money back.\n\n## Acceptance criteria\n- [ ] Given a settled payment, when I refund it, then the customer is credited\n- [ ] A refund is audit-logged\n"),
        "{text}"
    );
    // The description from a file, or stdin.
    let mut cmd = repo.cmd();
    cmd.args(["new", "From stdin", "--body-file", "-", "-q"])
        .stdin(std::process::Stdio::piped());
    let mut child = cmd.stdout(std::process::Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"As a user I want *Markdown* so that it reads well.\n\nA second paragraph.\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert!(
        repo.read(&repo.story_path("PAY-2"))
            .contains("---\nAs a user I want *Markdown* so that it reads well.\n\nA second paragraph.\n\n## Acceptance criteria\n")
    );
    // A description that would break the file is refused, and nothing is written.
    let out = repo
        .run(&["new", "Bad", "--description", "x\n---\ny"])
        .code(2);
    assert!(
        out.stderr.contains("cannot hold a `---` line"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before + 2);
    // Several criteria at once: one commit.
    repo.run(&["ac", "PAY-2", "add", "It reads well", "It prints well"])
        .ok();
    assert_eq!(repo.commit_count(), before + 3);
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-2): 2 criteria added: It reads well; It prints well"
    );
}

#[test]
fn each_type_gets_its_own_template() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Login fails on Safari", "--type", "bug", "-q"])
        .ok();
    let bug = repo.read(&repo.story_path("PAY-1"));
    assert!(
        bug.contains("type: bug\n")
            && bug.contains("## Steps to reproduce\n")
            && !bug.contains("As a <role>"),
        "{bug}"
    );
    repo.run(&["new", "Which queue?", "--type", "spike", "-q"])
        .ok();
    assert!(
        repo.read(&repo.story_path("PAY-2"))
            .contains("## Findings\n")
    );
    // A type without its own template takes the story template; a team's own template
    // for a type is used, and --description replaces its prompt.
    repo.run(&["new", "Rotate keys", "--type", "task", "-q"])
        .ok();
    assert!(repo.read(&repo.story_path("PAY-3")).contains("As a <role>"));
    repo.write(
        "backlog/templates/task.md",
        "<!-- What to do. -->\n\n## Notes\n\n## Acceptance criteria\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-qm", "task template"]);
    repo.run(&[
        "new",
        "Renew certificates",
        "--type",
        "task",
        "--description",
        "Renew them.",
        "--ac",
        "Renewed",
        "-q",
    ])
    .ok();
    assert!(
        repo.read(&repo.story_path("PAY-4"))
            .ends_with("---\nRenew them.\n\n## Notes\n\n## Acceptance criteria\n- [ ] Renewed\n"),
        "{}",
        repo.read(&repo.story_path("PAY-4"))
    );
    repo.run(&["check"]).ok();
}

#[test]
fn many_stories_from_a_file_in_one_commit_all_or_nothing() {
    let repo = Repo::with_backlog();
    repo.write(
        "week.yaml",
        "- title: Refund a card payment\n  priority: must\n  points: 5\n  labels: [payments, api]\n  description: As a merchant I want to refund a payment so that the customer gets their money back.\n  criteria:\n    - The customer is credited\n    - A refund is audit-logged\n- title: Login fails on Safari\n  type: bug\n  due: 2026-12-31\n- title: \"Export: CSV\"\n  status: ready\n  points: \"3\"\n",
    );
    let before = repo.commit_count();
    let out = repo.run(&["new", "--from", "week.yaml", "-q"]).ok();
    assert_eq!(out.stdout, "PAY-1\nPAY-2\nPAY-3\n");
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(repo.head_subject(), "backlog: new 3 stories");
    let refund = repo.read(&repo.story_path("PAY-1"));
    assert!(
        refund.contains("priority: must\n")
            && refund.contains("labels: [payments, api]\n")
            && refund.contains("- [ ] A refund is audit-logged\n"),
        "{refund}"
    );
    let bug = repo.read(&repo.story_path("PAY-2"));
    assert!(
        bug.contains("type: bug\n")
            && bug.contains("due: 2026-12-31")
            && bug.contains("## Steps to reproduce"),
        "{bug}"
    );
    assert!(
        repo.read(&repo.story_path("PAY-3"))
            .contains("title: 'Export: CSV'")
    );
    // JSON on stdin works too; one bad entry names itself and its field, and nothing is
    // written, not even the good entries.
    let mut cmd = repo.cmd();
    cmd.args(["new", "--from", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"[{"title": "Good"}, {"title": "Bad", "points": 4}, {"title": "Also good"}]"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("entry 2 (\"Bad\")")
            && stderr.contains("points")
            && stderr.contains("nothing was created"),
        "{stderr}"
    );
    // The fields come from the file: an option beside --from is refused, not ignored.
    for args in [
        &["new", "--from", "week.yaml", "--priority", "must"][..],
        &["new", "x", "--from", "week.yaml"],
    ] {
        let out = repo.run(args).code(2);
        assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
    }
    repo.write("bad.yaml", "- title: X\n  id: PAY-9\n");
    let out = repo.run(&["new", "--from", "bad.yaml"]).code(2);
    assert!(
        out.stderr
            .contains("entry 1: id: new stories get the next free IDs"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before + 1);
}

#[test]
fn split_makes_children_that_inherit_and_turns_the_parent_into_their_epic() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Payments", "--type", "epic", "-q"]).ok();
    repo.run(&[
        "new",
        "Refunds",
        "-p",
        "must",
        "--points",
        "8",
        "-l",
        "payments",
        "--epic",
        "PAY-1",
        "--sprint",
        "2026-S25",
        "--ac",
        "Full refund works",
        "--ac",
        "Partial refund works",
        "--ac",
        "Audit log",
        "-q",
    ])
    .ok();
    let before = repo.commit_count();
    let out = repo
        .run(&[
            "split",
            "PAY-2",
            "Full refunds",
            "Partial refunds",
            "--move-ac",
            "1:1",
            "--move-ac",
            "2:2",
            "-q",
        ])
        .ok();
    assert_eq!(out.stdout, "PAY-3\nPAY-4\n");
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(
        repo.head_subject(),
        "backlog: split PAY-2 into PAY-3, PAY-4"
    );
    let parent = repo.read(&repo.story_path("PAY-2"));
    assert!(
        parent.contains("type: epic\n") && !parent.contains("points:"),
        "{parent}"
    );
    assert!(
        parent.ends_with("## Acceptance criteria\n- [ ] Audit log\n"),
        "{parent}"
    );
    let child = repo.read(&repo.story_path("PAY-4"));
    for line in [
        "priority: must\n",
        "epic: PAY-2\n",
        "sprint: 2026-S25\n",
        "labels: [payments]\n",
    ] {
        assert!(child.contains(line), "{line} in {child}");
    }
    assert!(child.ends_with("- [ ] Partial refund works\n"), "{child}");
    assert!(
        repo.run(&["check", "--format", "json"])
            .ok()
            .stdout
            .contains("\"errors\": 0")
    );
    // Closing instead: the parent is rejected with the reason, children keep its epic.
    repo.run(&["new", "Exports", "--epic", "PAY-1", "-l", "reports", "-q"])
        .ok();
    repo.run(&[
        "split",
        "PAY-5",
        "CSV export",
        "--parent",
        "close",
        "--inherit",
        "epic",
        "-q",
    ])
    .ok();
    let closed = repo.read(&repo.story_path("PAY-5"));
    assert!(
        closed.contains("outcome: rejected\n") && closed.contains("reason: split into PAY-6\n"),
        "{closed}"
    );
    let csv = repo.read(&repo.story_path("PAY-6"));
    assert!(
        csv.contains("epic: PAY-1\n") && !csv.contains("labels:"),
        "{csv}"
    );
    // Wrong numbers are refused and nothing is written.
    let count = repo.commit_count();
    let out = repo
        .run(&["split", "PAY-4", "A", "B", "--move-ac", "5:1"])
        .code(2);
    assert!(
        out.stderr.contains("--move-ac 5:1: PAY-4 has 1 criterion"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), count);
    assert_eq!(repo.git(&["status", "--porcelain", "--", "backlog"]), "");
}
