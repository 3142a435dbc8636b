use crate::common::{Repo, story};

fn repo() -> Repo {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-12-refund.md",
        story(
            "PAY-12",
            "Refund a card payment",
            "status: ready\npriority: must\nvalue: 8\npoints: 5\nlabels: [payments, api]\ncountry: NO # kept as text\n",
            "As a support agent I want to refund a payment so that the customer is paid back.\n\n## Acceptance criteria\n- [x] Full refund\n- [ ] Partial refund\n- [x] Refund webhook\n",
        ),
    );
    repo
}

#[test]
fn show_renders_fields_description_and_progress() {
    let repo = repo();
    let out = repo.run(&["show", "PAY-12"]).ok();
    assert_eq!(
        out.stdout,
        "\
PAY-12  Refund a card payment

Type       story
Status     ready
Priority   must
Value      8
Points     5
Labels     payments, api
country    NO
Ready?     yes (the Definition of Ready)
File       backlog/stories/PAY-12-refund.md

As a support agent I want to refund a payment so that the customer is paid back.

Acceptance criteria (2/3)
  [x] 1. Full refund
  [ ] 2. Partial refund
  [x] 3. Refund webhook
"
    );
}

#[test]
fn show_json_and_raw() {
    let repo = repo();
    let out = repo.run(&["show", "pay-12", "--json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["story"]["id"], "PAY-12");
    assert_eq!(doc["story"]["extra"]["country"], "NO");
    assert_eq!(
        doc["story"]["comments"],
        serde_json::json!([{"line": 9, "text": "kept as text"}])
    );
    assert_eq!(doc["story"]["progress"]["done"], 2);
    assert_eq!(doc["story"]["criteria"][0]["line"], 14);
    let raw = repo.run(&["show", "PAY-12", "--raw"]).ok();
    assert_eq!(raw.stdout, repo.read("backlog/stories/PAY-12-refund.md"));
}

#[test]
fn an_unknown_id_names_the_closest() {
    let repo = repo();
    repo.write("backlog/stories/PAY-13-x.md", story("PAY-13", "x", "", ""));
    repo.write(
        "backlog/stories/PAY-100-x.md",
        story("PAY-100", "x", "", ""),
    );
    let out = repo.run(&["show", "PAY-99"]).code(2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: no story PAY-99 (closest: PAY-100, PAY-13, PAY-12)\n"
    );
}

#[test]
fn imported_file_names_dotted_ids_and_broken_files_are_found() {
    let repo = crate::common::Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-355-parent.md",
        "---\nid: PAY-355\ntitle: Parent\n---\nx\n",
    );
    repo.write(
        "backlog/stories/pay-355.01 - Child one.md",
        "---\nid: PAY-355.01\ntitle: Child one\n---\nx\n",
    );
    repo.write(
        "backlog/stories/PAY-596-later.md",
        "---\nid: PAY-596\ntitle: Later\n---\nx\n",
    );
    repo.write(
        "backlog/stories/task 7 broken.md",
        "---\nid: PAY-7\ntitle: 'broken\n---\nx\n",
    );
    // A sub-task sorts right after its parent.
    assert_eq!(
        repo.run(&["list", "--format", "ids"]).code(2).stdout,
        "PAY-355\nPAY-355.01\nPAY-596\n"
    );
    // A file whose name does not start with its ID is found by its ID, in any case.
    assert!(
        repo.run(&["show", "pay-355.01"])
            .ok()
            .stdout
            .starts_with("PAY-355.01  Child one")
    );
    // A file that does not read is found by the `id:` in its front matter: show says why
    // and how to fix it, --raw prints it, and edit opens it.
    let out = repo.run(&["show", "pay-7"]).code(2);
    assert!(
        out.stderr
            .contains("backlog/stories/task 7 broken.md:3:8: title: unclosed quote")
            && out.stderr.contains("git backlog edit PAY-7"),
        "{}",
        out.stderr
    );
    assert_eq!(
        repo.run(&["show", "PAY-7", "--raw"]).ok().stdout,
        "---\nid: PAY-7\ntitle: 'broken\n---\nx\n"
    );
    let mut edit = repo.cmd();
    edit.args(["edit", "PAY-7"]).env(
        "EDITOR",
        crate::common::editor(&repo, "sed -i \"s/title: 'broken/title: Fixed/\" \"$1\""),
    );
    crate::common::run(&mut edit).ok();
    assert!(
        repo.read("backlog/stories/PAY-7-fixed.md")
            .contains("title: Fixed\n")
    );
    // The hint for a misnamed file can be pasted into a shell.
    let out = repo.run(&["check"]).ok();
    assert!(
        out.stdout.contains("help: git mv 'backlog/stories/pay-355.01 - Child one.md' backlog/stories/PAY-355.01-child-one.md"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_story_is_found_by_its_file_name_and_by_every_file_when_the_name_misleads() {
    let repo = repo();
    // Named after PAY-2 but holding PAY-7; PAY-2 itself lives in a file named otherwise.
    repo.write(
        "backlog/stories/PAY-2-old-name.md",
        story("PAY-7", "Moved elsewhere", "status: ready\n", ""),
    );
    repo.write(
        "backlog/stories/refunds.md",
        story("PAY-2", "The real PAY-2", "status: ready\n", ""),
    );
    let out = repo.run(&["show", "PAY-2"]).ok();
    assert!(
        out.stdout.starts_with("PAY-2  The real PAY-2"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("backlog/stories/refunds.md"),
        "{}",
        out.stdout
    );
    // Found by its name, in any case; two files named after one ID are both seen (a
    // duplicate in a file named otherwise is `check`'s to find).
    let out = repo.run(&["show", "pay-12"]).ok();
    assert!(
        out.stdout.starts_with("PAY-12  Refund a card payment"),
        "{}",
        out.stdout
    );
    repo.write(
        "backlog/stories/PAY-12-twin.md",
        story("PAY-12", "A twin", "status: ready\n", ""),
    );
    let out = repo.run(&["show", "PAY-12"]).ok();
    assert!(
        out.stderr
            .contains("PAY-12 is the ID of more than one story"),
        "{}",
        out.stderr
    );
}

#[test]
fn set_move_and_ac_change_the_right_file_when_names_mislead() {
    let repo = repo();
    repo.write(
        "backlog/stories/PAY-2-old-name.md",
        story(
            "PAY-7",
            "Moved elsewhere",
            "status: ready\n",
            "## Acceptance criteria\n- [ ] One\n",
        ),
    );
    repo.write(
        "backlog/stories/refunds.md",
        story("PAY-2", "The real PAY-2", "status: ready\n", ""),
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "misleading names"]);
    repo.run(&["move", "PAY-2", "doing"]).ok();
    assert_eq!(repo.head_files(), ["backlog/stories/refunds.md"]);
    assert!(
        repo.read("backlog/stories/refunds.md")
            .contains("status: doing")
    );
    repo.run(&["set", "pay-7", "points=3"]).ok();
    repo.run(&["ac", "PAY-7", "check", "1"]).ok();
    let moved = repo.read("backlog/stories/PAY-2-old-name.md");
    assert!(
        moved.contains("points: 3") && moved.contains("- [x] One"),
        "{moved}"
    );
    assert_eq!(repo.head_files(), ["backlog/stories/PAY-2-old-name.md"]);
    // Found by its own name: PAY-12, among the others.
    repo.run(&["move", "PAY-12", "doing"]).ok();
    assert_eq!(repo.head_files(), ["backlog/stories/PAY-12-refund.md"]);
    // A reference to another story is checked against the whole backlog.
    let out = repo.run(&["set", "PAY-12", "depends_on=PAY-99"]).code(2);
    assert!(out.stderr.contains("no story PAY-99"), "{}", out.stderr);
    repo.run(&["set", "PAY-12", "depends_on=PAY-2"]).ok();
}
