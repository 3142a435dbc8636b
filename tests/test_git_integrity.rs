//! git-backlog commits as `git commit` would, in the repositories teams really have:
//! identity, signing, worktrees, ID allocation, crashes and concurrent writers.

use crate::common::Repo;

#[test]
fn id_numbers_that_do_not_fit_are_refused_and_never_wrap() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "One"]).ok();
    repo.run(&["new", "Two"]).ok();
    let out = repo
        .run(&["renumber", "PAY-2", "PAY-18446744073709551615"])
        .code(2);
    assert!(
        out.stderr
            .contains("the number in an ID is at most 999999999"),
        "{}",
        out.stderr
    );
    // The highest number allowed is taken: no ID is left, and nothing wraps to PAY-0.
    repo.run(&["renumber", "PAY-2", "PAY-999999999"]).ok();
    let before = repo.commit_count();
    let out = repo.run(&["new", "Three"]).code(2);
    assert!(out.stderr.contains("no PAY ID is left"), "{}", out.stderr);
    assert_eq!(repo.commit_count(), before);
    // A file written by hand with a number that does not fit is reported by check, at
    // its line and column.
    repo.write(
        "backlog/stories/PAY-18446744073709551615-big.md",
        "---\nid: PAY-18446744073709551615\ntitle: Big\n---\n",
    );
    let out = repo.run(&["check"]).code(1);
    assert!(
        out.stdout.contains("PAY-18446744073709551615-big.md:2:5")
            && out.stdout.contains("at most 999999999"),
        "{}",
        out.stdout
    );
}
