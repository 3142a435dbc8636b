//! `cargo bench`: `list` and `check` over 10,000 generated stories, against `cat` over the
//! same files,
//! measured in the same run. Prints the median wall time of each, the ratios, and the
//! peak memory (maximum resident set size) of each process.
//!
//! Goals: `list` within 5× of `cat`, under 100 MiB peak (issue #2); `check` within 5× of
//! `cat` (issue #4); `site build --no-history` within 3× of `list --format json` (issue
//! #15). The stories are committed (one commit), so `site build` replays that history.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const STORIES: usize = 10_000;
const RUNS: usize = 7;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let files = generate(dir.path());
    let bytes: u64 = files.iter().map(|f| f.metadata().unwrap().len()).sum();
    println!(
        "{STORIES} stories, {:.1} MiB, median of {RUNS} runs each\n",
        bytes as f64 / 1048576.0
    );

    let bin = env!("CARGO_BIN_EXE_git-backlog");
    let cases: Vec<(&str, Command)> = vec![
        ("cat (baseline)", {
            let mut c = Command::new("cat");
            c.args(&files);
            c
        }),
        ("list", {
            let mut c = Command::new(bin);
            c.args(["list", "--all"]).env("NO_COLOR", "1");
            c
        }),
        ("list --format json", {
            let mut c = Command::new(bin);
            c.args(["list", "--all", "--format", "json"]);
            c
        }),
        ("check --format json", {
            let mut c = Command::new(bin);
            c.args(["check", "--format", "json"]);
            c
        }),
        // Issue #17: one story, read from its own file, not from all 10,000.
        ("show one story", {
            let mut c = Command::new(bin);
            c.args(["show", "BEN-5000"]);
            c
        }),
        // One field of one story, committed: a new value each run.
        ("set one field (commit)", {
            let mut c = Command::new("sh");
            c.args([
                "-c",
                &format!("exec {bin} set BEN-5000 --force \"note=$(date +%N)\" -q"),
            ]);
            for (key, value) in IDENTITY {
                c.env(key, value);
            }
            c
        }),
        // Issue #15: within 3× `list --format json` without the stories' history. Into a
        // new folder each run (10,007 files created), and again into the same folder
        // (pages compared, none written).
        ("site build --no-history (new)", {
            let mut c = Command::new("sh");
            c.args([
                "-c",
                &format!("exec {bin} site build --no-history \"$(mktemp -d -p .)\""),
            ]);
            c
        }),
        ("site build --no-history (again)", {
            let mut c = Command::new(bin);
            c.args(["site", "build", "--no-history", "site-again"]);
            c
        }),
        ("site build (again)", {
            let mut c = Command::new(bin);
            c.args(["site", "build", "site-history"]);
            c
        }),
    ];
    common::compare(dir.path(), RUNS, cases);
}

/// A git work tree with `backlog/` holding STORIES realistic stories.
fn generate(root: &Path) -> Vec<PathBuf> {
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
    let files = (1..=STORIES)
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
const IDENTITY: [(&str, &str); 4] = [
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
