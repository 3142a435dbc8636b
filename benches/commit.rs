//! `cargo bench --bench commit`: what a committing command costs, against `git commit`
//! itself in the same repository (1,000 committed stories), measured in the same run.
//!
//! A write does more than git's commit: it loads the backlog, asks git for the identity
//! (`git var`, as `git commit` resolves it), journals the paths it will write, writes
//! them atomically and commits through libgit2. With BACKLOG_BENCH_BEFORE set to an older
//! build, each case runs that build too (see `common::compare`).

mod common;

use std::path::Path;
use std::process::Command;

const STORIES: usize = 1_000;
const RUNS: usize = 9;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    generate(dir.path());
    println!("{STORIES} committed stories, median of {RUNS} runs each\n");
    let bin = env!("CARGO_BIN_EXE_git-backlog");
    let ours = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.args(args);
        c
    };
    let mut git = Command::new("git");
    git.args(["commit", "-q", "--allow-empty", "-m", "bench"]);
    common::compare(
        dir.path(),
        RUNS,
        vec![
            ("git commit (baseline)", git),
            (
                "ac add (one file, commit)",
                ours(&["ac", "BEN-1", "add", "It works"]),
            ),
            (
                "new (one file, commit)",
                ours(&["new", "Bench story", "-q"]),
            ),
        ],
    );
}

fn generate(root: &Path) {
    let git = |args: &[&str]| {
        let status = Command::new("git").args(args).current_dir(root).status();
        assert!(status.is_ok_and(|s| s.success()), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Bench"]);
    git(&["config", "user.email", "bench@example.com"]);
    let stories = root.join("backlog/stories");
    std::fs::create_dir_all(&stories).unwrap();
    std::fs::write(root.join("backlog/config.yml"), "prefix: BEN\n").unwrap();
    for n in 1..=STORIES {
        let text = format!(
            "---\nid: BEN-{n}\ntitle: Story {n}\nstatus: ready\npoints: 3\nlabels: [api]\n---\nAs a shopper I want feature {n} so that I finish my order.\n\n## Acceptance criteria\n- [ ] Story {n} works.\n"
        );
        std::fs::write(stories.join(format!("BEN-{n}-story-{n}.md")), text).unwrap();
    }
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "stories"]);
}
