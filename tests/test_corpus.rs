//! The hostile-input corpus (tests/hostile/, and large files made here): every read
//! command and `check` in every format, on each file beside a good story, each run under a
//! time and a memory limit. No panic, the right exit code, a `path:line:col` message for a
//! file that does not read, and the good story still shown.

// wait4(2) is the only way to read one child's own peak memory.
#![allow(unsafe_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{BIN, Repo, clean_env, story};

/// Per command, at the corpus's sizes (a debug build on a busy 2-core machine).
const TIME_LIMIT: Duration = Duration::from_secs(2);
/// Large generated files are given more time in a debug build; see docs/security.md for
/// the release figures.
const TIME_LIMIT_LARGE: Duration = Duration::from_secs(6);
const MEMORY_LIMIT_KIB: i64 = 200 * 1024;

const COMMANDS: &[&[&str]] = &[
    &["list", "--all"],
    &["list", "--all", "--format", "json"],
    &["list", "--all", "--format", "csv"],
    &["list", "--all", "--format", "markdown"],
    &["show", "PAY-1"],
    &["show", "PAY-2"],
    &["ac", "PAY-1", "list"],
    &["rank", "--all", "--by", "wsjf", "--explain"],
    &["next"],
    &["blocked"],
    &["graph", "--all", "--format", "dot"],
    &["graph", "--all", "--format", "svg"],
    &["sprint", "list"],
    &["check"],
    &["check", "--format", "json"],
    &["check", "--format", "github"],
    &["check", "--format", "sarif"],
    &["check", "--format", "junit"],
    &["diff", "HEAD~1..HEAD", "--format", "json"],
    &["log", "PAY-2"],
    &["stats", "flow"],
    &["set", "PAY-1", "points=5", "--no-commit"],
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    time: Duration,
    peak_kib: i64,
}

/// Run the binary in `dir` with a clean environment; a virtual-memory ceiling keeps a
/// runaway from taking the machine down, and the peak comes from `wait4`.
fn measure(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let out_path = dir.join(".out");
    let err_path = dir.join(".err");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    clean_env(&mut cmd, home);
    let start = Instant::now();
    let child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    loop {
        // SAFETY: our own child, and our own variables to write into.
        let got = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if got == pid {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) {
            // SAFETY: a signal to our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let time = start.elapsed();
    std::mem::forget(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    Run {
        code,
        stdout: String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
        time,
        peak_kib: usage.ru_maxrss,
    }
}

/// A repository with the good story, then `name` added in a second commit.
fn repo_with(name: &str, bytes: &[u8]) -> Repo {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-good.md",
        story(
            "PAY-1",
            "Good story",
            "status: ready\npoints: 3\nvalue: 5\n",
            "As a user I want x so that y.\n\n## Acceptance criteria\n- [ ] one\n",
        ),
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "good"]);
    repo.write(&format!("backlog/stories/{name}"), bytes);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "hostile"]);
    repo
}

/// Run every command on `name`; returns a line per failure.
fn exercise(name: &str, bytes: &[u8], limit: Duration) -> Vec<String> {
    let repo = repo_with(name, bytes);
    let home = tempfile::tempdir().unwrap();
    let path = format!("backlog/stories/{name}");
    let mut failures = Vec::new();
    let mut fail = |args: &[&str], why: String| failures.push(format!("{name} {args:?}: {why}"));
    for args in COMMANDS {
        let run = measure(repo.path(), home.path(), args);
        if !(0..=2).contains(&run.code) {
            fail(args, format!("exit {}\n{}", run.code, run.stderr));
            continue;
        }
        if run.stderr.contains("panicked") {
            fail(args, format!("panicked\n{}", run.stderr));
        }
        if run.time > limit {
            fail(args, format!("took {:?}", run.time));
        }
        if run.peak_kib > MEMORY_LIMIT_KIB {
            fail(args, format!("peak {} MiB", run.peak_kib / 1024));
        }
        // The good story is unaffected.
        if args[0] == "list" && !run.stdout.contains("PAY-1") {
            fail(
                args,
                format!("the good story is not listed\n{}", run.stdout),
            );
        }
    }
    // What the name promises.
    let list = measure(
        repo.path(),
        home.path(),
        &["list", "--all", "--format", "ids"],
    );
    let check = measure(repo.path(), home.path(), &["check", "--format", "json"]);
    if name.starts_with("bad-") {
        let located = list.stderr.lines().any(|l| {
            let mut parts = l.strip_prefix("error: ").unwrap_or(l).splitn(4, ':');
            parts.next() == Some(path.as_str())
                && parts.next().is_some_and(|n| n.parse::<usize>().is_ok())
                && parts.next().is_some_and(|n| n.parse::<usize>().is_ok())
        });
        if list.code != 2 || !located {
            fail(
                &["list"],
                format!("expected exit 2 and {path}:LINE:COL\n{}", list.stderr),
            );
        }
        let doc: serde_json::Value = serde_json::from_str(&check.stdout).unwrap_or_default();
        let bl001 = doc["diagnostics"].as_array().is_some_and(|d| {
            d.iter()
                .any(|d| d["rule"] == "BL001" && d["path"] == path.as_str())
        });
        if !bl001 {
            fail(&["check"], format!("no BL001 for {path}\n{}", check.stdout));
        }
    }
    if name.starts_with("ok-") && (list.code != 0 || !list.stdout.contains("PAY-2")) {
        fail(
            &["list"],
            format!("expected PAY-2 listed\n{}{}", list.stdout, list.stderr),
        );
    }
    failures
}

#[test]
fn every_file_of_the_corpus_is_handled_within_limits() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    names.sort();
    assert!(names.len() >= 25, "{names:?}");
    // Two at a time: the corpus is large, and each command is a process.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let halves: Vec<_> = [0, 1]
            .map(|half| {
                let names = &names;
                scope.spawn(move || {
                    names
                        .iter()
                        .skip(half)
                        .step_by(2)
                        .flat_map(|n| {
                            exercise(
                                n,
                                &std::fs::read(Path::new(dir).join(n)).unwrap(),
                                TIME_LIMIT,
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
            .into_iter()
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn large_files_are_read_in_linear_time_or_refused() {
    let front = |fields: &str| format!("---\nid: PAY-2\ntitle: Large\n{fields}---\n");
    let keys = |n: usize| -> String { (0..n).map(|i| format!("k{i}: v\n")).collect() };
    let criteria: String = (0..150_000).map(|i| format!("- [ ] c{i}\n")).collect();
    let labels: Vec<String> = (0..300_000).map(|i| format!("l{i}")).collect();
    let cases: Vec<(&str, String)> = vec![
        ("ok-40000-keys.md", front(&keys(40_000))),
        ("bad-200000-keys.md", front(&keys(200_000))),
        (
            "ok-150000-criteria.md",
            front("") + "As a user.\n\n## Acceptance criteria\n" + &criteria,
        ),
        (
            "bad-300000-labels.md",
            front(&format!("labels: [{}]\n", labels.join(", "))),
        ),
        (
            "ok-1mb-title.md",
            format!("---\nid: PAY-2\ntitle: {}\n---\n", "t".repeat(1 << 20)),
        ),
        ("bad-over-4mib.md", front("") + &"x".repeat(5 << 20)),
    ];
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = cases
            .iter()
            .map(|(name, text)| scope.spawn(|| exercise(name, text.as_bytes(), TIME_LIMIT_LARGE)))
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
