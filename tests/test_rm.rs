use crate::common::Repo;

#[test]
fn rm_refuses_while_referenced_and_force_reports_what_dangles() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Epic", "--type", "epic"]).ok();
    repo.run(&["new", "Story", "--epic", "PAY-1"]).ok();
    repo.run(&["new", "Later", "--depends-on", "PAY-2"]).ok();
    let out = repo.run(&["rm", "PAY-2"]).code(2);
    assert!(
        out.stderr
            .contains("PAY-3 depends on PAY-2 (backlog/stories/PAY-3-later.md)"),
        "{}",
        out.stderr
    );
    assert!(repo.file("backlog/stories/PAY-2-story.md").exists());
    // Removing both together leaves nothing dangling.
    repo.run(&["rm", "PAY-2", "PAY-3"]).ok();
    assert_eq!(
        repo.head_files(),
        [
            "backlog/stories/PAY-2-story.md",
            "backlog/stories/PAY-3-later.md"
        ]
    );
    assert!(!repo.file("backlog/stories/PAY-3-later.md").exists());
    // The numbers of removed stories are not handed out again: `log PAY-2` stays one
    // story's history.
    let out = repo.run(&["new", "Again", "--epic", "PAY-1"]).ok();
    assert_eq!(out.stdout, "PAY-4\n");
    let out = repo.run(&["rm", "PAY-1", "--force"]).ok();
    assert!(
        out.stderr
            .contains("now dangling: PAY-4 has PAY-1 as its epic"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.head_subject(), "backlog(PAY-1): rm \"Epic\"");
}

#[test]
fn rm_keeps_a_story_with_uncommitted_changes() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let path = "backlog/stories/PAY-1-story.md";
    repo.write(path, repo.read(path) + "- [ ] my unsaved work\n");
    let out = repo.run(&["rm", "PAY-1"]).code(2);
    assert!(out.stderr.contains("would be lost"), "{}", out.stderr);
    assert!(repo.read(path).contains("my unsaved work"));
}
