//! The benchmarks' backlog: generated stories of realistic size, committed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A git work tree with `backlog/` holding `count` realistic stories, committed.
pub fn generate(root: &Path, count: usize) -> Vec<PathBuf> {
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(root)
        .status();
    assert!(git.is_ok_and(|s| s.success()), "git init");
    let stories = root.join("backlog/stories");
    std::fs::create_dir_all(&stories).unwrap();
    std::fs::write(root.join("backlog/config.yml"), "prefix: BEN\n").unwrap();
    let statuses = ["draft", "ready", "doing", "review", "done"];
    let priorities = ["must", "should", "could", "wont"];
    let points = [1, 2, 3, 5, 8, 13];
    let labels = ["payments", "api", "mobile", "web", "security", "ops"];
    let files = (1..=count)
        .map(|n| {
            let text = format!(
                "---\nid: BEN-{n}\ntitle: Generated story number {n} about {}\ntype: story\nstatus: {}\npriority: {}\nvalue: {}\npoints: {}\nepic: BEN-{}\nsprint: 2026-S{:02}\ndepends_on: [BEN-{}]\nlabels: [{}, {}]\nrank: \"0|{:06x}:\"\ncreated: 2026-11-27\n# a comment that is kept\nteam: checkout\n---\n\
As a shopper I want feature {n} so that checkout is faster and I finish my order.\n\n\
Some notes on the story, with a [link](https://example.invalid/{n}) and `code`.\n\n\
## Acceptance criteria\n- [x] Given a shopper, when they pay, then story {n} works.\n- [ ] An error in story {n} says what went wrong.\n- [ ] It is documented.\n",
                labels[n % 6],
                statuses[n % 5],
                priorities[n % 4],
                n % 13,
                points[n % 6],
                n % 50 + 1,
                n % 30,
                n.saturating_sub(1).max(1),
                labels[n % 6],
                labels[(n + 1) % 6],
                n * 97
            );
            let path = stories.join(format!("BEN-{n}-generated-story-number-{n}.md"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    commit(root);
    files
}

/// Who commits in the benchmark's repository.
pub const IDENTITY: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Bench"),
    ("GIT_AUTHOR_EMAIL", "bench@example.invalid"),
    ("GIT_COMMITTER_NAME", "Bench"),
    ("GIT_COMMITTER_EMAIL", "bench@example.invalid"),
];

/// Commit what `generate` wrote, as a fixed author at a fixed time.
fn commit(root: &Path) {
    for args in [
        &["add", "-A"][..],
        &["commit", "-q", "-m", "generated backlog"][..],
    ] {
        let ok = Command::new("git")
            .args(args)
            .current_dir(root)
            .envs(IDENTITY)
            .env("GIT_AUTHOR_DATE", "2026-11-27T10:00:00+00:00")
            .env("GIT_COMMITTER_DATE", "2026-11-27T10:00:00+00:00")
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    }
}
