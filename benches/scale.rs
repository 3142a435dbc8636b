//! `cargo bench --bench scale`: how each command grows with the backlog (issue #17). The
//! same operations on 100, 1,000 and 10,000 generated stories (and 100,000 with
//! `BACKLOG_BENCH_LARGE=1`), beside `cat` of the same files, with the peak memory; then
//! the growth from 1,000 to 10,000 stories (10× for a linear command) and PASS or FAIL
//! for each goal of the issue that this benchmark can judge.

// Only `measure` of it: this benchmark prints its own table.
#[allow(dead_code)]
mod common;
mod generate;

use std::process::Command;
use std::time::Duration;

const RUNS: usize = 5;

/// One operation: its name and how to run it on a backlog of `n` stories.
type Operation = (String, Box<dyn Fn(&str, usize) -> Command>);

/// A shell command line (for a glob, a pipe, a value that changes each run).
fn shell(script: &str) -> Command {
    let mut c = Command::new("sh");
    c.args(["-c", script]);
    c
}

fn command(bin: &str, args: &[&str]) -> Command {
    let mut c = Command::new(bin);
    c.args(args).env("NO_COLOR", "1");
    c
}

/// `c` reading every file: no parsed-story cache, no kept file names.
fn without_cache(mut c: Command) -> Command {
    c.env("BACKLOG_NO_CACHE", "1");
    c
}

/// `c` with the benchmark's fixed author, for a command that commits.
fn committing(mut c: Command) -> Command {
    c.envs(generate::IDENTITY);
    c
}

/// The whole-backlog reads, each timed with the parsed-story cache warm (the first of
/// the runs fills it) and with no cache at all.
const READS: &[(&str, &[&str])] = &[
    ("list --format json", &["list", "--all", "--format", "json"]),
    ("list --status doing", &["list", "--status", "doing"]),
    ("list --grep", &["list", "--all", "--grep", "number 7"]),
    ("next", &["next"]),
    ("blocked", &["blocked"]),
    ("rank --by wsjf", &["rank", "--by", "wsjf"]),
    ("check --format json", &["check", "--format", "json"]),
];

const NO_CACHE: &str = ", no cache";

fn operations() -> Vec<Operation> {
    let mut ops: Vec<Operation> = vec![(
        "cat (baseline)".into(),
        Box::new(|_, _| {
            // Through xargs: 100,000 names are more than one command line holds.
            shell("printf '%s\\0' backlog/stories/*.md | xargs -0 cat")
        }),
    )];
    // ripgrep, when it is installed (`apt install ripgrep`): a full-text search with no
    // parsing at all, for `list --grep`.
    if Command::new("rg").arg("--version").output().is_ok() {
        ops.push((
            "rg (baseline for --grep)".into(),
            Box::new(|_, _| command("rg", &["-c", "number 7", "backlog/stories"])),
        ));
    }
    for (name, args) in READS {
        ops.push((name.to_string(), Box::new(move |bin, _| command(bin, args))));
        ops.push((
            format!("{name}{NO_CACHE}"),
            Box::new(move |bin, _| without_cache(command(bin, args))),
        ));
    }
    ops.push((
        "list, first run (cache deleted)".into(),
        Box::new(|bin, _| {
            shell(&format!(
                "rm -f .git/backlog-cache; exec {bin} list --all --format json"
            ))
        }),
    ));
    // What a lookup by file name cannot avoid: listing the folder.
    ops.push((
        "ls -f the folder (baseline)".into(),
        Box::new(|_, _| shell("exec ls -f backlog/stories")),
    ));
    ops.push((
        "show one story".into(),
        Box::new(|bin, n| command(bin, &["show", &format!("BEN-{}", n / 2)])),
    ));
    // Without the kept names (`.git/backlog-names`) show lists the folders.
    ops.push((
        format!("show one story{NO_CACHE}"),
        Box::new(|bin, n| without_cache(command(bin, &["show", &format!("BEN-{}", n / 2)]))),
    ));
    ops.push((
        "set one field (commit)".into(),
        Box::new(|bin, n| {
            committing(shell(&format!(
                "exec {bin} set BEN-{} --force \"note=$(date +%N)\" -q",
                n / 2
            )))
        }),
    ));
    ops.push((
        "new (commit)".into(),
        Box::new(|bin, _| {
            committing(command(
                bin,
                &["new", "A story made by the benchmark", "-q"],
            ))
        }),
    ));
    // What a commit of one changed file costs git itself: it rewrites the index and the
    // trees, so it grows with the number of files.
    ops.push((
        "git commit one file (baseline)".into(),
        Box::new(|_, n| {
            committing(shell(&format!(
                "f=$(ls backlog/stories/BEN-{}-*.md) && echo \"x_git: $(date +%N)\" >> \"$f\" && exec git commit -q -m x \"$f\"",
                n / 3
            )))
        }),
    ));
    ops
}

/// Median wall time and peak memory (KiB) of `runs` runs.
fn time(dir: &std::path::Path, mut cmd: Command) -> (Duration, i64) {
    cmd.current_dir(dir);
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..RUNS {
        let (t, rss) = common::measure(&mut cmd);
        times.push(t);
        peak = peak.max(rss);
    }
    times.sort();
    (times[RUNS / 2], peak)
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_git-backlog");
    let mut sizes = vec![100, 1_000, 10_000];
    if std::env::var_os("BACKLOG_BENCH_LARGE").is_some() {
        sizes.push(100_000);
    }
    let ops = operations();
    // results[op][size] = (median, peak KiB)
    let mut results: Vec<Vec<(Duration, i64)>> = vec![Vec::new(); ops.len()];
    for &n in &sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        generate::generate(dir.path(), n);
        // The backlog's file names are kept (for show and set) only of folders that did
        // not change in the last 2 s: as in a repository not written to this instant.
        std::thread::sleep(Duration::from_millis(2100));
        for (i, (_, make)) in ops.iter().enumerate() {
            results[i].push(time(dir.path(), make(bin, n)));
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |n: usize| sizes.iter().position(|&s| s == n).expect("a measured size");
    print!("{:<38}", "operation (median of 5)");
    for n in &sizes {
        print!(" {:>12}", format!("{n} stories"));
    }
    println!(" {:>10} {:>14}", "1k->10k", "peak at 10k");
    for (i, (name, _)) in ops.iter().enumerate() {
        print!("{name:<38}");
        for (t, _) in &results[i] {
            print!(" {:>10.1}ms", ms(*t));
        }
        let growth = ms(results[i][at(10_000)].0) / ms(results[i][at(1_000)].0);
        println!(
            " {:>9.1}x {:>10.1} MiB",
            growth,
            results[i][at(10_000)].1 as f64 / 1024.0
        );
    }
    let of = |name: &str| {
        ops.iter()
            .position(|(n, _)| *n == name)
            .expect("an operation")
    };
    let t = |name: &str, n: usize| ms(results[of(name)][at(n)].0);
    let mut goals: Vec<(String, bool)> = Vec::new();
    for (name, floor) in [
        ("show one story", "ls -f the folder (baseline)"),
        ("set one field (commit)", "git commit one file (baseline)"),
        ("new (commit)", "git commit one file (baseline)"),
    ] {
        let ratio = t(name, 10_000) / t(name, 100);
        let floor_ratio = t(floor, 10_000) / t(floor, 100);
        goals.push((
            format!(
                "{name}: 10,000 stories at most 1.5x 100 stories ({ratio:.2}x; {floor}: {floor_ratio:.2}x)"
            ),
            ratio <= 1.5,
        ));
    }
    for size in &sizes {
        let ratio = t("set one field (commit)", *size) / t("git commit one file (baseline)", *size);
        goals.push((
            format!("set one field: at most 1.5x `git commit` of one file at {size} stories ({ratio:.2}x)"),
            ratio <= 1.5,
        ));
    }
    let cat = t("cat (baseline)", 10_000);
    for (name, _) in READS {
        let ratio = t(name, 10_000) / cat;
        goals.push((
            format!("{name}: at most 0.5x cat with the cache warm at 10,000 stories ({ratio:.2}x)"),
            ratio <= 0.5,
        ));
        let ratio = t(&format!("{name}{NO_CACHE}"), 10_000) / cat;
        goals.push((
            format!("{name}: at most 1.2x cat with no cache at 10,000 stories ({ratio:.2}x)"),
            ratio <= 1.2,
        ));
    }
    let ratio = t("list, first run (cache deleted)", 10_000) / cat;
    goals.push((
        format!("list, first run: at most 1.2x cat at 10,000 stories ({ratio:.2}x)"),
        ratio <= 1.2,
    ));
    let worst = ops
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, (name, _))| (results[i][at(10_000)].1, name.as_str()))
        .max()
        .expect("operations");
    goals.push((
        format!(
            "memory: at most 40 MiB for any command at 10,000 stories ({}: {:.1} MiB)",
            worst.1,
            worst.0 as f64 / 1024.0
        ),
        worst.0 <= 40 * 1024,
    ));
    let steepest = ops
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            (
                ms(results[i][at(10_000)].0) / ms(results[i][at(1_000)].0),
                name.as_str(),
            )
        })
        .fold((0.0, ""), |a, b| if b.0 > a.0 { b } else { a });
    goals.push((
        format!(
            "no command quadratic: 1,000 -> 10,000 grows at most 15x ({}: {:.1}x)",
            steepest.1, steepest.0
        ),
        steepest.0 <= 15.0,
    ));
    if sizes.contains(&100_000) {
        goals.push((
            format!(
                "list at 100,000 stories under 1 s ({:.0} ms)",
                t("list --format json", 100_000)
            ),
            t("list --format json", 100_000) < 1000.0,
        ));
        goals.push((
            format!(
                "show at 100,000 stories under 30 ms ({:.1} ms)",
                t("show one story", 100_000)
            ),
            t("show one story", 100_000) < 30.0,
        ));
    }
    println!();
    for (goal, pass) in goals {
        println!("{} {goal}", if pass { "PASS" } else { "FAIL" });
    }
}
