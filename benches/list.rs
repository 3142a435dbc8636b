//! `cargo bench`: `list` and `check` over 10,000 generated stories, against `cat` over the
//! same files,
//! measured in the same run. Prints the median wall time of each, the ratios, and the
//! peak memory (maximum resident set size) of each process.
//!
//! Goals: `list` within 5× of `cat`, under 100 MiB peak (issue #2); `check` within 5× of
//! `cat` (issue #4); `site build --no-history` within 3× of `list --format json` (issue
//! #15). The stories are committed (one commit), so `site build` replays that history.

mod common;
mod generate;

use std::process::Command;

const STORIES: usize = 10_000;
const RUNS: usize = 7;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let files = generate::generate(dir.path(), STORIES);
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
            for (key, value) in generate::IDENTITY {
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
