//! `cargo bench --bench history`: `stats velocity` and `log` on a repository of 5,000
//! commits over 2,000 stories, against `git log -p -- backlog/` on the same repository,
//! measured in the same run.
//!
//! Goal (issue #6): both within 3× of `git log -p -- backlog/`. The product owner's
//! commands that replay history (issue #13: `stats health`, `stats defects`, `sprint
//! review`, `release show` with its 10,000-trial forecast, `roadmap`) are timed beside them.
//!
//! Then `diff` between two revisions all the stories apart, against `git diff --stat` of
//! the same range, and `new` with 500 branches (issue #7), against `list` in the same
//! repository. `BACKLOG_BENCH_LARGE=1`: 50,000 commits over 10,000 stories (issue #17).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Stories, commits and runs: 2,000, 5,000 and 5; with `BACKLOG_BENCH_LARGE=1` the size
/// issue #17 names, 10,000 stories and 50,000 commits (3 runs: a run takes seconds).
fn size() -> (usize, usize, usize) {
    match std::env::var_os("BACKLOG_BENCH_LARGE") {
        Some(_) => (10_000, 50_000, 3),
        None => (2_000, 5_000, 5),
    }
}

fn main() {
    let (stories, commits, runs) = size();
    let temp = tempfile::tempdir().expect("temporary folder");
    let dir = temp.path().to_path_buf();
    generate(&dir);
    // BENCH_KEEP=1 keeps the repository, to profile a command on it.
    let _temp = if std::env::var_os("BENCH_KEEP").is_some() {
        println!("repository kept in {}", temp.keep().display());
        None
    } else {
        Some(temp)
    };
    println!("{commits} commits over {stories} stories, median of {runs} runs each\n");
    let bin = env!("CARGO_BIN_EXE_git-backlog");
    let cmd = |program: &str, args: &[&str]| {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    let cases: Vec<(&str, Command)> = vec![
        (
            "git log -p -- backlog/",
            cmd("git", &["log", "-p", "--", "backlog/"]),
        ),
        (
            "stats velocity",
            cmd(bin, &["stats", "velocity", "--last", "100"]),
        ),
        ("stats flow", cmd(bin, &["stats", "flow"])),
        ("log BEN-1000", cmd(bin, &["log", "BEN-1000"])),
        ("stats health", cmd(bin, &["stats", "health"])),
        ("stats defects", cmd(bin, &["stats", "defects"])),
        ("sprint review S10", cmd(bin, &["sprint", "review", "S10"])),
        ("release show 1.0", cmd(bin, &["release", "show", "1.0"])),
        ("roadmap", cmd(bin, &["roadmap"])),
    ];
    common::compare(&dir, runs, cases);
    // Two revisions `stories` stories apart: the first commit, and the one that made the
    // last story.
    let range = format!("HEAD~{}..HEAD~{}", commits - 1, commits - stories);
    println!();
    common::compare(
        &dir,
        runs,
        vec![
            (
                "git diff --stat (baseline)",
                cmd("git", &["diff", "--stat", &range]),
            ),
            ("diff A..B", cmd(bin, &["diff", &range])),
        ],
    );
    branches(&dir);
}

fn story(n: usize, status: &str, points: u32, sprint: usize) -> String {
    format!(
        "---\nid: BEN-{n}\ntitle: Generated story {n}\ntype: story\nstatus: {status}\npriority: should\nvalue: {}\npoints: {points}\nsprint: S{sprint:02}\nlabels: [bench]\nrelease: '1.0'\n---\nAs a user I want feature {n} so that it works.\n\n## Acceptance criteria\n- [ ] It works.\n- [ ] It is documented.\n",
        n % 13
    )
}

/// A repository whose history creates `stories` stories, one per commit, then moves them
/// through the workflow and re-estimates some, one change per commit: `commits` in all,
/// written with `git fast-import`.
fn generate(root: &Path) {
    let (stories, commits, _) = size();
    let ok = |cmd: &mut Command| {
        assert!(
            cmd.current_dir(root).status().is_ok_and(|s| s.success()),
            "{cmd:?}"
        )
    };
    ok(Command::new("git").args(["init", "-q", "-b", "main"]));
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut stream = std::io::BufWriter::new(import.stdin.take().unwrap());
    let mut state: Vec<(String, u32)> = vec![("ready".into(), 3); stories + 1];
    let statuses = ["ready", "doing", "review", "done"];
    // Sprints of 10 days from the first commit's day, so every commit falls in one.
    let first_day = 1_780_000_000 / 86_400;
    let mut config = "prefix: BEN\nsprints:\n".to_string();
    for n in 0..=commits / 240 {
        let start = first_day + n as i64 * 10;
        config.push_str(&format!(
            "  S{n:02}: {{ start: {}, end: {} }}\n",
            backlog_core::metrics::fmt_day(start),
            backlog_core::metrics::fmt_day(start + 9)
        ));
    }
    let release = "---\nname: '1.0'\ntarget: 2027-06-30\nstatus: planned\n---\n";
    for i in 1..=commits {
        let time = 1_780_000_000 + i * 3600;
        let (n, message) = if i <= stories {
            (i, format!("new BEN-{i}"))
        } else {
            let n = (i * 7919) % stories + 1;
            let (status, points) = &mut state[n];
            if i % 5 == 0 {
                *points = [1, 2, 3, 5, 8][(i / 5) % 5];
                (n, format!("re-estimate BEN-{n}"))
            } else {
                let next = statuses
                    .iter()
                    .position(|s| s == status)
                    .map_or(0, |p| (p + 1).min(3));
                *status = statuses[next].to_string();
                (n, format!("move BEN-{n}"))
            }
        };
        let (status, points) = &state[n];
        let sprint = n / 100;
        let text = story(n, status, *points, sprint);
        write!(stream, "commit refs/heads/main\nmark :{i}\nauthor Bench <bench@example.com> {time} +0000\ncommitter Bench <bench@example.com> {time} +0000\ndata {}\n{message}\n", message.len() + 1).unwrap();
        if i > 1 {
            writeln!(stream, "from :{}", i - 1).unwrap();
        } else {
            write!(
                stream,
                "M 100644 inline backlog/config.yml\ndata {}\n{config}\nM 100644 inline backlog/releases/1.0.md\ndata {}\n{release}\n",
                config.len(),
                release.len()
            )
            .unwrap();
        }
        write!(
            stream,
            "M 100644 inline backlog/stories/BEN-{n}.md\ndata {}\n{text}\n",
            text.len()
        )
        .unwrap();
    }
    drop(stream);
    assert!(import.wait().is_ok_and(|s| s.success()), "fast-import");
    ok(Command::new("git").args(["checkout", "-q", "-f", "main"]));
}

/// `new` with 500 branches: each branch's backlog folder is read once and remembered by its
/// tree id, so with a warm cache `new` costs about what it costs with one branch.
pub fn branches(dir: &Path) {
    let bin = env!("CARGO_BIN_EXE_git-backlog");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    };
    git(&["config", "user.name", "Bench"]);
    git(&["config", "user.email", "bench@example.com"]);
    // 500 branches at 500 different commits, so 500 different backlog trees.
    let mut stdin = String::new();
    for b in 0..500 {
        stdin.push_str(&format!("create refs/heads/b{b} main~{}\n", b * 7));
    }
    let mut update = Command::new("git")
        .args(["update-ref", "--stdin"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    update
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    assert!(update.wait().is_ok_and(|s| s.success()));
    let new = |label: &'static str| {
        let mut c = Command::new(bin);
        c.args(["new", label, "--no-commit", "-q"]);
        c
    };
    let cache = dir.join(".git/backlog-ids");
    let cold = {
        let _ = std::fs::remove_file(&cache);
        let start = std::time::Instant::now();
        common::measure(new("cold").current_dir(dir));
        start.elapsed()
    };
    println!(
        "\n`new` with 500 branches (each at a different commit), cache cold: {:.1} ms",
        cold.as_secs_f64() * 1000.0
    );
    let mut list = Command::new(bin);
    list.args(["list", "--all", "--format", "ids"]);
    common::compare(
        dir,
        size().2,
        vec![
            ("list (baseline)", list),
            ("new, 500 branches, warm", new("warm")),
        ],
    );
}
