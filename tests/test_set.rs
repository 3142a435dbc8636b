//! `set` changes exactly the lines it should: checked with the real `git diff`.

use crate::common::Repo;

const BODY: &str = "As a user I want it so that it works.\n\n## Acceptance criteria\n- [ ] one\n";

/// Commit `text` as PAY-1, run `set PAY-1 <args>`, and return the lines the commit
/// removed and added, as `git diff -U0` shows them, and its numstat.
fn set(text: &str, args: &[&str]) -> (Vec<String>, Vec<String>, String) {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-2-other.md",
        "---\nid: PAY-2\ntitle: Other\n---\n",
    );
    let path = "backlog/stories/PAY-1-story.md";
    repo.write(path, text);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "stories"]);
    let mut all = vec!["set", "PAY-1"];
    all.extend_from_slice(args);
    repo.run(&all).ok();
    assert_eq!(repo.head_files(), [path], "one file in the commit");
    let diff = repo.git(&["diff", "-U0", "HEAD~1", "HEAD", "--", path]);
    let lines = |sign: char| -> Vec<String> {
        diff.lines()
            .filter(|l| l.starts_with(sign) && !l.starts_with("---") && !l.starts_with("+++"))
            .map(|l| l[1..].to_string())
            .collect()
    };
    let numstat = repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]);
    (
        lines('-'),
        lines('+'),
        numstat.split('\t').take(2).collect::<Vec<_>>().join(" "),
    )
}

#[track_caller]
fn expect(front: &str, args: &[&str], removed: &[&str], added: &[&str]) {
    let text = format!("---\n{front}---\n{BODY}");
    let (r, a, numstat) = set(&text, args);
    assert_eq!(
        (r, a),
        (
            removed.iter().map(|s| s.to_string()).collect(),
            added.iter().map(|s| s.to_string()).collect()
        ),
        "{front}"
    );
    assert_eq!(numstat, format!("{} {}", added.len(), removed.len()));
}

#[test]
fn a_scalar_changes_one_line_keeping_its_comment() {
    expect(
        "id: PAY-1\ntitle: Story\nstatus: ready   # moved by the PO\npoints: 3\n",
        &["status=doing"],
        &["status: ready   # moved by the PO"],
        &["status: doing   # moved by the PO"],
    );
}

#[test]
fn several_fields_one_line_each() {
    expect(
        "id: PAY-1\ntitle: Story\npoints: 3\npriority: must\nlabels: [payments, web]\n",
        &[
            "points=8",
            "priority=should",
            "labels+=mobile",
            "labels-=web",
        ],
        &["points: 3", "priority: must", "labels: [payments, web]"],
        &[
            "points: 8",
            "priority: should",
            "labels: [payments, mobile]",
        ],
    );
}

#[test]
fn block_lists_gain_and_lose_lines() {
    expect(
        "id: PAY-1\ntitle: Story\nlabels:\n  - payments   # the team\n  - web\n",
        &["labels+=mobile"],
        &[],
        &["  - mobile"],
    );
    expect(
        "id: PAY-1\ntitle: Story\nlabels:\n  - payments   # the team\n  - web\n",
        &["labels-=web"],
        &["  - web"],
        &[],
    );
}

#[test]
fn new_keys_are_one_line_and_removed_keys_one_line() {
    expect(
        "id: PAY-1\ntitle: Story\n",
        &["due=2026-12-24"],
        &[],
        &["due: 2026-12-24"],
    );
    expect(
        "id: PAY-1\ntitle: Story\nsprint: 2026-S24\nrank: a\n",
        &["sprint="],
        &["sprint: 2026-S24"],
        &[],
    );
    expect(
        "id: PAY-1\ntitle: Story\n",
        &["depends_on+=PAY-2"],
        &[],
        &["depends_on: [PAY-2]"],
    );
}

#[test]
fn values_yaml_would_misread_are_quoted() {
    expect(
        "id: PAY-1\ntitle: Story\nassignee: ana\n",
        &["assignee=no"],
        &["assignee: ana"],
        &["assignee: 'no'"],
    );
    expect(
        "id: PAY-1\ntitle: Story\n",
        &["sprint=1.10"],
        &[],
        &["sprint: '1.10'"],
    );
    expect(
        "id: PAY-1\ntitle: Story\n",
        &["assignee=0042"],
        &[],
        &["assignee: '0042'"],
    );
    expect(
        "id: PAY-1\ntitle: Story\nassignee: x\n",
        &["assignee=a: b #c"],
        &["assignee: x"],
        &["assignee: 'a: b #c'"],
    );
}

#[test]
fn quoting_style_nested_keys_block_scalars_and_non_ascii_stay() {
    let front = "id: PAY-1\ntitle: 'It''s a story'\nsprint: \"2026-S24\"\nnotes: |\n  several\n  lines\nowner:\n  team: ops   # nested\n  on_call: [ana]\nstatus: ready\ncountry: Österreich\n";
    expect(
        front,
        &["sprint=2026-S25"],
        &["sprint: \"2026-S24\""],
        &["sprint: \"2026-S25\""],
    );
    expect(
        front,
        &["status=doing"],
        &["status: ready"],
        &["status: doing"],
    );
}

#[test]
fn crlf_and_bom_are_kept() {
    let repo = Repo::with_backlog();
    let path = "backlog/stories/PAY-1-story.md";
    let text = "\u{feff}---\r\nid: PAY-1\r\ntitle: Story\r\npoints: 3\r\n---\r\nBody\r\n";
    repo.write(path, text);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "story"]);
    repo.run(&["set", "PAY-1", "points=5", "due=2026-12-24"])
        .ok();
    assert_eq!(
        repo.read(path),
        "\u{feff}---\r\nid: PAY-1\r\ntitle: Story\r\npoints: 5\r\ndue: 2026-12-24\r\n---\r\nBody\r\n"
    );
}

#[test]
fn a_new_title_renames_the_file() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Old title"]).ok();
    repo.run(&["set", "PAY-1", "title=A better title"]).ok();
    let status = repo.git(&["show", "--name-status", "--format=", "-M", "HEAD"]);
    assert!(
        status.starts_with("R")
            && status.contains(
                "backlog/stories/PAY-1-old-title.md\tbacklog/stories/PAY-1-a-better-title.md"
            ),
        "{status}"
    );
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-1): set title Old title -> A better title"
    );
}

#[test]
fn errors_suggest_and_change_nothing() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let before = repo.read("backlog/stories/PAY-1-story.md");
    for (args, message) in [
        (
            vec!["pionts=3"],
            "unknown field `pionts` (did you mean `points`?)",
        ),
        (vec!["points=4"], "points 4 is not on the points scale"),
        (
            vec!["customer=ACME"],
            "declare it under `fields:` in config.yml, or pass --force",
        ),
        (vec!["depends_on+=PAY-9"], "depends_on: no story PAY-9"),
        (vec!["epic=PAY-1"], "a story cannot name itself"),
        (vec!["due=tomorrow"], "due: expected a date as YYYY-MM-DD"),
        (vec!["title="], "`title` is required by config.yml"),
    ] {
        let mut all = vec!["set", "PAY-1"];
        all.extend(args);
        let out = repo.run(&all).code(2);
        assert!(out.stderr.contains(message), "{all:?}: {}", out.stderr);
    }
    assert_eq!(repo.read("backlog/stories/PAY-1-story.md"), before);
    assert_eq!(repo.commit_count(), 2);
    // --force and declared fields are allowed.
    repo.run(&["set", "PAY-1", "customer=ACME", "--force"]).ok();
    assert!(
        repo.read("backlog/stories/PAY-1-story.md")
            .contains("customer: ACME\n")
    );
}

#[test]
fn a_story_that_does_not_parse_is_never_rewritten() {
    let repo = Repo::with_backlog();
    let broken = "---\nid: PAY-1\ntitle: 'open\n---\n";
    repo.write("backlog/stories/PAY-1-broken.md", broken);
    let out = repo.run(&["set", "PAY-1", "points=3"]).code(2);
    assert!(
        out.stderr
            .contains("backlog/stories/PAY-1-broken.md:3:8: title: unclosed quote"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.read("backlog/stories/PAY-1-broken.md"), broken);
}

#[test]
fn the_files_mode_is_kept_and_no_temporary_file_is_left() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let path = repo.file("backlog/stories/PAY-1-story.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    repo.run(&["set", "PAY-1", "points=3", "--no-commit"]).ok();
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let names: Vec<String> = std::fs::read_dir(repo.file("backlog/stories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn uncommitted_edits_of_the_user_are_not_committed() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let path = "backlog/stories/PAY-1-story.md";
    let mine = repo.read(path) + "My own unfinished note.\n";
    repo.write(path, &mine);
    let out = repo.run(&["set", "PAY-1", "points=3"]).code(2);
    assert!(
        out.stderr.contains("has changes that are not committed"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.read(path), mine);
    // With --no-commit the change is made and nothing is committed.
    repo.run(&["set", "PAY-1", "points=3", "--no-commit"]).ok();
    assert!(repo.read(path).ends_with("My own unfinished note.\n"));
    assert_eq!(repo.commit_count(), 2);
}

#[test]
fn a_bulk_change_refuses_a_file_with_the_users_own_changes_in_the_middle() {
    // Many stories: git's status is asked once for all of them, not file by file.
    let repo = Repo::with_backlog();
    for n in 1..=4 {
        repo.run(&["new", &format!("Story {n}"), "--status", "ready", "-q"])
            .ok();
    }
    let path = "backlog/stories/PAY-3-story-3.md";
    let mine = repo.read(path) + "My own unfinished note.\n";
    repo.write(path, &mine);
    let before = repo.commit_count();
    let out = repo
        .run(&["move", "--where", "status=ready", "doing"])
        .code(2);
    assert!(
        out.stderr
            .contains("PAY-3-story-3.md has changes that are not committed"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.read(path), mine);
    assert_eq!(repo.commit_count(), before);
    assert!(
        repo.read("backlog/stories/PAY-1-story-1.md")
            .contains("status: ready")
    );
    // An untracked story is the user's own too.
    repo.git(&["checkout", "--", path]);
    repo.write(
        "backlog/stories/PAY-9-mine.md",
        "---\nid: PAY-9\ntitle: Mine\nstatus: ready\n---\n",
    );
    let out = repo
        .run(&["move", "--where", "status=ready", "doing"])
        .code(2);
    assert!(
        out.stderr.contains("PAY-9-mine.md has changes"),
        "{}",
        out.stderr
    );
    repo.run(&["move", "PAY-1", "PAY-2", "doing"]).ok();
    assert_eq!(repo.commit_count(), before + 1);
}

#[test]
fn a_symlinked_folder_out_of_the_repository_is_not_written() {
    let repo = Repo::with_backlog();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("PAY-1-x.md"),
        "---\nid: PAY-1\ntitle: x\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.file("backlog/stories/linked")).unwrap();
    let out = repo.run(&["set", "PAY-1", "points=3", "--no-commit"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(
        std::fs::read_to_string(outside.path().join("PAY-1-x.md")).unwrap(),
        "---\nid: PAY-1\ntitle: x\n---\n"
    );
}

#[test]
fn the_users_staged_file_stays_staged_and_out_of_the_commit() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    repo.write("src/app.rs", "fn main() {}\n");
    repo.git(&["add", "src/app.rs"]);
    repo.write("README.md", "unstaged\n");
    repo.run(&["set", "PAY-1", "points=5"]).ok();
    assert_eq!(repo.head_files(), ["backlog/stories/PAY-1-story.md"]);
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "A  src/app.rs\n?? README.md\n"
    );
}

#[test]
fn set_and_move_by_filter_change_every_match_in_one_commit() {
    let repo = crate::common::Repo::with_backlog();
    for (title, label) in [("A", "payments"), ("B", "payments"), ("C", "web")] {
        repo.run(&["new", title, "--status", "ready", "-l", label, "-q"])
            .ok();
    }
    repo.run(&["new", "D", "-l", "payments", "-q"]).ok();
    let before = repo.commit_count();
    // A preview writes nothing.
    let out = repo
        .run(&[
            "set",
            "--where",
            "status=ready,label=payments",
            "sprint=2026-S25",
            "--dry-run",
        ])
        .ok();
    assert!(
        out.stderr.contains("PAY-1: set sprint (none) -> 2026-S25")
            && out.stderr.contains("PAY-2: set sprint (none) -> 2026-S25")
            && !out.stderr.contains("PAY-3")
            && out
                .stderr
                .contains("Dry run: 2 files would change; nothing was written."),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before);
    assert_eq!(repo.git(&["status", "--porcelain", "--", "backlog"]), "");
    repo.run(&[
        "set",
        "--where",
        "status=ready,label=payments",
        "sprint=2026-S25",
    ])
    .ok();
    assert_eq!(repo.commit_count(), before + 1);
    assert_eq!(
        repo.head_files(),
        ["backlog/stories/PAY-1-a.md", "backlog/stories/PAY-2-b.md"]
    );
    // move: the one word after --where is the status.
    repo.run(&["move", "--where", "sprint=2026-S25", "doing"])
        .ok();
    assert_eq!(repo.head_subject(), "backlog: move 2 stories to doing");
    assert_eq!(
        repo.run(&["list", "--status", "doing", "--format", "ids"])
            .ok()
            .stdout,
        "PAY-1\nPAY-2\n"
    );
    // Nothing matches: an error, nothing written; IDs and --where together: refused.
    let out = repo
        .run(&["set", "--where", "sprint=2099-S1", "points=3"])
        .code(2);
    assert!(
        out.stderr
            .contains("no story matches --where sprint=2099-S1"),
        "{}",
        out.stderr
    );
    let out = repo
        .run(&["move", "PAY-3", "--where", "status=ready", "doing"])
        .code(2);
    assert!(
        out.stderr.contains("give only the status"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), before + 2);
}
