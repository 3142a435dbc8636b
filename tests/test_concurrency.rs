//! Several `git backlog` processes at once lose no change.

use std::process::Stdio;

use crate::common::Repo;

#[test]
fn sixteen_writers_at_once_lose_nothing() {
    let repo = Repo::with_backlog();
    for i in 1..=9 {
        repo.run(&["new", &format!("Story {i}"), "--status", "ready"])
            .ok();
    }
    let base = repo.commit_count();
    // Eight processes change the same story; eight move different ones.
    let mut children = Vec::new();
    // On a loaded machine sixteen writers in turn can take longer than the default wait.
    let cmd = || {
        let mut c = repo.cmd();
        c.env("BACKLOG_LOCK_TIMEOUT", "300").stderr(Stdio::piped());
        c
    };
    for i in 0..8 {
        children.push(
            cmd()
                .args(["set", "PAY-1", &format!("labels+=l{i}")])
                .spawn()
                .unwrap(),
        );
        let id = format!("PAY-{}", i + 2);
        children.push(cmd().args(["move", &id, "doing"]).spawn().unwrap());
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(repo.commit_count(), base + 16);
    let doc: serde_json::Value =
        serde_json::from_str(&repo.run(&["show", "PAY-1", "--json"]).ok().stdout).unwrap();
    let mut labels: Vec<String> = doc["story"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    labels.sort();
    assert_eq!(labels, (0..8).map(|i| format!("l{i}")).collect::<Vec<_>>());
    assert_eq!(
        repo.run(&["list", "--status", "doing", "--format", "ids"])
            .ok()
            .stdout
            .lines()
            .count(),
        8
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_held_git_index_lock_is_waited_for_then_reported() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    let lock = repo.file(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let child = repo
        .cmd()
        .args(["set", "PAY-1", "points=3"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    std::fs::remove_file(&lock).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-1): set points (none) -> 3"
    );
}

#[test]
fn a_lock_held_too_long_is_a_clear_error_and_a_stale_one_is_taken_over() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story"]).ok();
    std::fs::write(repo.file(".git/index.lock"), "").unwrap();
    let mut cmd = repo.cmd();
    cmd.args(["set", "PAY-1", "points=3"])
        .env("BACKLOG_LOCK_TIMEOUT", "0.3");
    let out = crate::common::run(&mut cmd).code(2);
    assert!(
        out.stderr
            .contains("git's index is locked by another process"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("index.lock"), "{}", out.stderr);
    assert!(
        out.stderr.contains("Nothing was changed."),
        "{}",
        out.stderr
    );
    std::fs::remove_file(repo.file(".git/index.lock")).unwrap();
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "",
        "the file was put back"
    );

    // The lock file of a process that died holds no lock: the kernel released it.
    std::fs::write(
        repo.file(".git/backlog-lock"),
        "999999999\ngit-backlog set\n",
    )
    .unwrap();
    let mut cmd = repo.cmd();
    cmd.args(["set", "PAY-1", "points=3"])
        .env("BACKLOG_LOCK_TIMEOUT", "1");
    crate::common::run(&mut cmd).ok();
}
