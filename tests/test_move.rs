use crate::common::Repo;

fn repo() -> Repo {
    let repo = Repo::with_backlog();
    for title in ["One", "Two", "Three"] {
        repo.run(&["new", title, "--status", "ready"]).ok();
    }
    repo
}

#[test]
fn move_changes_the_status_line_and_says_so() {
    let repo = repo();
    let out = repo.run(&["move", "PAY-2", "doing"]).ok();
    assert!(
        out.stderr.contains("PAY-2: move ready -> doing"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.head_subject(), "backlog(PAY-2): move ready -> doing");
    assert_eq!(
        repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        "1\t1\tbacklog/stories/PAY-2-two.md\n"
    );
}

#[test]
fn ids_from_stdin_go_into_one_commit() {
    let repo = repo();
    let mut cmd = repo.cmd();
    cmd.args(["move", "-", "doing"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"PAY-1\n\nPAY-3  Three\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(repo.commit_count(), 5);
    assert_eq!(
        repo.git(&["log", "-1", "--format=%B"]).trim(),
        "backlog: move 2 stories to doing\n\nPAY-1: move ready -> doing\nPAY-3: move ready -> doing"
    );
    assert_eq!(repo.head_files().len(), 2);
}

#[test]
fn transitions_limit_moves_and_say_which_are_allowed() {
    let repo = repo();
    let config = repo.read("backlog/config.yml").replace(
        "  done: [done]\n",
        "  done: [done]\n  transitions:\n    ready: [doing, draft]\n",
    );
    repo.write("backlog/config.yml", config);
    repo.git(&["commit", "-q", "-am", "transitions"]);
    let out = repo.run(&["move", "PAY-1", "done"]).code(2);
    assert!(
        out.stderr.contains(
            "PAY-1 cannot move from ready to done: from ready it can move to doing, draft"
        ),
        "{}",
        out.stderr
    );
    repo.run(&["move", "PAY-1", "done", "--force"]).ok();
    let out = repo.run(&["move", "PAY-2", "dnoe"]).code(2);
    assert!(
        out.stderr
            .contains("unknown status \"dnoe\" (did you mean `done`?)"),
        "{}",
        out.stderr
    );
}

#[test]
fn moving_to_the_same_status_changes_nothing() {
    let repo = repo();
    let out = repo.run(&["move", "PAY-1", "ready"]).ok();
    assert!(
        out.stderr.contains("PAY-1 is already ready"),
        "{}",
        out.stderr
    );
    assert_eq!(repo.commit_count(), 4);
}
