use crate::common::{Repo, editor, run};

#[test]
fn edit_validates_and_commits() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let mut cmd = repo.cmd();
    cmd.args(["edit", "PAY-1"]).env(
        "EDITOR",
        editor(
            &repo,
            "sed -i 's/status: draft/status: ready/' \"$1\" && echo '- [ ] It works' >> \"$1\"",
        ),
    );
    run(&mut cmd).ok();
    // The message says what changed, in the words of `log`.
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-1): edit: status draft -> ready; criterion added: It works"
    );
    assert_eq!(
        repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        "2\t1\tbacklog/stories/PAY-1-story.md\n"
    );
}

#[test]
fn an_invalid_edit_loses_nothing() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let path = "backlog/stories/PAY-1-story.md";
    let mut cmd = repo.cmd();
    cmd.args(["edit", "PAY-1"])
        .env("VISUAL", editor(&repo, "printf -- '---\\nid: PAY-1\\npoints: [3\\n---\\nMy long careful text.\\n' > \"$1\""))
        .stdin(std::process::Stdio::null());
    let out = run(&mut cmd).code(2);
    assert!(
        out.stderr
            .contains("backlog/stories/PAY-1-story.md:3:9: points:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("your text is kept in backlog/stories/PAY-1-story.md"),
        "{}",
        out.stderr
    );
    assert_eq!(
        repo.read(path),
        "---\nid: PAY-1\npoints: [3\n---\nMy long careful text.\n"
    );
    assert_eq!(repo.commit_count(), 2);
    // The broken story can be opened again to fix it.
    let mut cmd = repo.cmd();
    cmd.args(["edit", "PAY-1"]).env(
        "EDITOR",
        editor(
            &repo,
            "sed -i 's/points: \\[3/title: Story\\npoints: 3/' \"$1\"",
        ),
    );
    run(&mut cmd).ok();
    assert_eq!(repo.commit_count(), 3);
}

#[test]
fn an_unchanged_story_makes_no_commit() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let mut cmd = repo.cmd();
    cmd.args(["edit", "PAY-1"]).env("EDITOR", "true");
    let out = run(&mut cmd).ok();
    assert!(out.stderr.contains("PAY-1: no changes"), "{}", out.stderr);
    assert_eq!(repo.commit_count(), 2);
}
