//! What the benchmarks share: timing a command over repeated runs, with its peak memory,
//! against a baseline measured in the same run.

// wait4(2) is the only way to get one child's own peak memory; nothing else is unsafe.
#![allow(unsafe_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run each case `runs` times in `dir` and print the median, the ratio to the first case
/// (the baseline) and the peak memory.
///
/// With `BACKLOG_BENCH_BEFORE=/path/to/an/older/git-backlog`, every case that runs this
/// build also runs that binary right after it, marked `(before)`: a before/after in one
/// run, against the same baseline.
pub fn compare(dir: &Path, runs: usize, cases: Vec<(&str, Command)>) {
    let bin = std::ffi::OsStr::new(env!("CARGO_BIN_EXE_git-backlog"));
    let before = std::env::var_os("BACKLOG_BENCH_BEFORE");
    let mut all: Vec<(String, Command)> = Vec::new();
    for (name, cmd) in cases {
        let twin = match &before {
            Some(old) if cmd.get_program() == bin => {
                let mut twin = Command::new(old);
                twin.args(cmd.get_args());
                for (key, value) in cmd.get_envs() {
                    match value {
                        Some(v) => twin.env(key, v),
                        None => twin.env_remove(key),
                    };
                }
                Some((format!("{name} (before)"), twin))
            }
            _ => None,
        };
        all.push((name.to_string(), cmd));
        all.extend(twin);
    }
    run_all(dir, runs, all);
}

fn run_all(dir: &Path, runs: usize, cases: Vec<(String, Command)>) {
    let mut baseline = None;
    println!(
        "{:<30} {:>10} {:>10} {:>12}",
        "command", "median", "ratio", "peak memory"
    );
    for (name, mut cmd) in cases {
        cmd.current_dir(dir);
        let mut times = Vec::new();
        let mut peak = 0;
        for _ in 0..runs {
            let (time, rss) = measure(&mut cmd);
            times.push(time);
            peak = peak.max(rss);
        }
        times.sort();
        let median = times[runs / 2];
        let base = *baseline.get_or_insert(median);
        println!(
            "{:<30} {:>8.1}ms {:>9.2}x {:>9.1} MiB",
            name,
            median.as_secs_f64() * 1000.0,
            median.as_secs_f64() / base.as_secs_f64(),
            peak as f64 / 1024.0
        );
    }
}

/// Run once with stdout discarded: wall time and peak resident memory in KiB.
// The child is reaped by wait4 below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn measure(cmd: &mut Command) -> (Duration, i64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 writes into our own variables.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    // `check` exits 1 when it finds problems, which the generated backlog has.
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "{cmd:?} failed"
    );
    (elapsed, usage.ru_maxrss)
}
