//! git-backlog commits as `git commit` would, in the repositories teams really have:
//! identity, signing, worktrees, ID allocation, crashes and concurrent writers.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{Out, Repo, editor, run};

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

/// A `git backlog` command in another folder (a worktree, a clone).
fn run_in(repo: &Repo, dir: &Path, args: &[&str]) -> Out {
    let mut cmd = repo.cmd();
    cmd.current_dir(dir).args(args);
    run(&mut cmd)
}

fn ids(out: &Out) -> Vec<String> {
    out.stdout.lines().map(String::from).collect()
}

#[test]
fn parallel_writers_in_two_worktrees_never_share_an_id() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Base", "-q"]).ok();
    let other = tempfile::tempdir().unwrap();
    let wb = other.path().join("wb");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        wb.to_str().unwrap(),
        "-b",
        "wbranch",
    ]);
    let mut children = Vec::new();
    for i in 0..16 {
        for dir in [repo.path(), wb.as_path()] {
            let mut cmd = repo.cmd();
            cmd.current_dir(dir)
                .env("BACKLOG_LOCK_TIMEOUT", "300")
                .args(["new", &format!("Story {i}"), "-q"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            children.push(cmd.spawn().unwrap());
        }
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    repo.git(&["merge", "-q", "--no-edit", "wbranch"]);
    let listed = ids(&repo.run(&["list", "--all", "--format", "ids"]).ok());
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(listed.len(), 33, "{listed:?}");
    assert_eq!(unique.len(), 33, "duplicate IDs: {listed:?}");
    repo.run(&["check"]).ok();
}

#[test]
fn a_number_once_used_in_history_is_never_handed_out_again() {
    let origin = Repo::with_backlog();
    origin.run(&["new", "One", "-q"]).ok();
    origin.run(&["new", "Two", "-q"]).ok();
    origin.run(&["rm", "PAY-2"]).ok();
    // In a fresh clone, where nothing is cached, the history still has PAY-2.
    let dir = tempfile::tempdir().unwrap();
    let clone = dir.path().join("clone");
    origin.git(&["clone", "-q", ".", clone.to_str().unwrap()]);
    for (key, value) in [("user.name", "Clone"), ("user.email", "clone@example.com")] {
        origin.git(&["-C", clone.to_str().unwrap(), "config", key, value]);
    }
    let out = run_in(&origin, &clone, &["new", "Three", "-q"]).ok();
    assert_eq!(out.stdout, "PAY-3\n");
    // A story made on a branch that is then merged away and deleted keeps its number too,
    // and so does one made with --no-commit and thrown away.
    origin.git(&["checkout", "-q", "-b", "spike"]);
    origin.run(&["new", "Spike", "-q"]).ok();
    origin.run(&["rm", "PAY-3"]).ok();
    origin.git(&["checkout", "-q", "main"]);
    origin.git(&["merge", "-q", "--no-edit", "spike"]);
    origin.git(&["branch", "-q", "-d", "spike"]);
    origin.run(&["new", "Draft", "-q", "--no-commit"]).ok();
    origin.git(&["clean", "-qfd", "backlog"]);
    assert_eq!(origin.run(&["new", "Four", "-q"]).ok().stdout, "PAY-5\n");
    let log = origin.run(&["log", "PAY-5"]).ok().stdout;
    assert!(!log.contains("Draft"), "one story per ID: {log}");
}

/// Wait until the editor script has made `marker` (it has read the story).
fn wait_for(marker: &Path) {
    let start = std::time::Instant::now();
    while !marker.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the editor never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_edit_is_never_written_over_a_change_made_while_the_editor_was_open() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story", "-q"]).ok();
    let path = "backlog/stories/PAY-1-story.md";
    // An editor that reads the file, takes its time, then saves its buffer.
    let slow = editor(
        &repo,
        "text=$(cat \"$1\"); touch editing; sleep 1.5; printf '%s\\n' \"$text\" | sed 's/^title: Story/title: Edited/' > \"$1\"",
    );
    let mut edit = repo.cmd();
    edit.args(["edit", "PAY-1"])
        .env("EDITOR", slow)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = edit.spawn().unwrap();
    wait_for(&repo.file("editing"));
    repo.run(&["set", "PAY-1", "points=5"]).ok();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("was changed by someone else"), "{stderr}");
    // Both are shown: the diff has their points and our title.
    assert!(
        stderr.contains("-points: 5") && stderr.contains("+title: Edited"),
        "{stderr}"
    );
    let story = repo.read(path);
    assert!(
        story.contains("points: 5") && story.contains("title: Story"),
        "{story}"
    );
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-1): set points (none) -> 5"
    );
    let copy = repo.read(".git/backlog-recovery/PAY-1-story.md");
    assert!(copy.contains("title: Edited"), "kept: {copy}");
    assert_eq!(repo.git(&["status", "--porcelain", "--", "backlog"]), "");
}

#[test]
fn new_with_an_editor_open_does_not_hold_the_lock() {
    let repo = Repo::with_backlog();
    let slow = editor(
        &repo,
        "touch editing; sleep 2; echo '- [ ] It works' >> \"$1\"",
    );
    let mut first = repo.cmd();
    first
        .args(["new", "Slow", "-e", "-q"])
        .env("EDITOR", slow)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = first.spawn().unwrap();
    wait_for(&repo.file("editing"));
    let mut second = repo.cmd();
    second
        .args(["new", "Quick", "-q"])
        .env("BACKLOG_LOCK_TIMEOUT", "0.5");
    assert_eq!(run(&mut second).ok().stdout, "PAY-2\n");
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "PAY-1\n");
    assert_eq!(repo.head_subject(), "backlog(PAY-1): new \"Slow\"");
    assert!(
        repo.read(&repo.story_path("PAY-1"))
            .contains("- [ ] It works")
    );
}

#[test]
fn a_held_lock_names_its_holder_and_is_never_to_be_deleted() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story", "-q"]).ok();
    // A live process (this test) holds the lock, as a slow git-backlog command would.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(repo.file(".git/backlog-lock"))
        .unwrap();
    file.lock().unwrap();
    file.set_len(0).unwrap();
    writeln!(
        file,
        "{}\ngit-backlog sprint plan --apply",
        std::process::id()
    )
    .unwrap();
    let mut cmd = repo.cmd();
    cmd.args(["set", "PAY-1", "points=3"])
        .env("BACKLOG_LOCK_TIMEOUT", "0.3");
    let out = run(&mut cmd).code(2);
    assert!(
        out.stderr.contains(&format!(
            "process {}: git-backlog sprint plan --apply",
            std::process::id()
        )),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("remove"), "{}", out.stderr);
    drop(file);
    // Its holder gone, the lock is free.
    repo.run(&["set", "PAY-1", "points=3"]).ok();
}

#[test]
fn a_failed_commit_leaves_the_index_and_the_work_tree_as_they_were() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Story", "-q"]).ok();
    // git's index is locked; `set` waits for it.
    std::fs::write(repo.file(".git/index.lock"), "").unwrap();
    let mut cmd = repo.cmd();
    cmd.args(["set", "PAY-1", "points=3"])
        .env("BACKLOG_LOCK_TIMEOUT", "30")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    // It has made its commit object and waits to write the index.
    wait_for(&repo.file(".git/backlog-journal-index"));
    // Meanwhile another command commits (without the index), then releases the lock.
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    let other = repo.git(&["commit-tree", tree.trim(), "-p", "HEAD", "-m", "other"]);
    repo.git(&["update-ref", "HEAD", other.trim()]);
    std::fs::remove_file(repo.file(".git/index.lock")).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another git command committed to refs/heads/main")
            && stderr.contains("Nothing was changed."),
        "{stderr}"
    );
    assert!(!stderr.contains("git: "), "no raw libgit2 text: {stderr}");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert_eq!(repo.head_subject(), "other");
}

/// A small deterministic generator, so a failing run can be repeated.
fn next_random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn writers_killed_at_random_points_leave_nothing_half_done_60_runs() {
    const RUNS: usize = 60;
    const STORIES: usize = 30;
    let repo = Repo::with_backlog();
    for i in 1..=STORIES {
        repo.run(&["new", &format!("Story {i}"), "-q"]).ok();
    }
    // The user's own work, which must come through every crash untouched.
    repo.write("notes.txt", "staged\n");
    repo.git(&["add", "notes.txt"]);
    repo.write("notes.txt", "staged, then edited\n");
    repo.write("scratch.txt", "untracked\n");
    let users = repo.git(&["status", "--porcelain"]);
    let ids: String = (1..=STORIES).map(|i| format!("PAY-{i}\n")).collect();
    let spawn = |label: &str| {
        let mut cmd = repo.cmd();
        cmd.args(["set", "-", &format!("labels+={label}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ids.as_bytes())
            .unwrap();
        child
    };
    // How long a whole run takes here: the kills are spread over it.
    let start = std::time::Instant::now();
    assert!(spawn("warmup").wait().unwrap().success());
    let whole = start.elapsed().as_micros() as u64;
    let before = repo.commit_count();
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let (mut rolled_back, mut committed, mut before_writing) = (0, 0, 0);
    for run in 0..RUNS {
        let label = format!("q{run}");
        let mut child = spawn(&label);
        let delay = next_random(&mut state) % (whole * 12 / 10);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        // The next command puts right whatever the killed one left.
        let out = repo.run(&["list", "--all", "--format", "ids"]).ok();
        assert_eq!(out.stdout, ids, "run {run}: {}", out.stderr);
        if out.stderr.contains("rolled back") {
            rolled_back += 1;
        }
        let labelled = (1..=STORIES)
            .filter(|i| {
                repo.read(&repo.story_path(&format!("PAY-{i}")))
                    .contains(&label)
            })
            .count();
        match labelled {
            0 => before_writing += 1,
            n if n == STORIES => {
                committed += 1;
                let message = repo.git(&["log", "-1", "--format=%B"]);
                assert!(message.contains(&format!("+= {label}")), "run {run}");
            }
            n => panic!(
                "run {run}: {n} of {STORIES} stories changed\n{}",
                out.stderr
            ),
        }
        assert_eq!(repo.git(&["status", "--porcelain"]), users, "run {run}");
        let stray: Vec<String> = std::fs::read_dir(repo.file("backlog/stories"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(stray.is_empty(), "run {run}: {stray:?}");
        assert!(!repo.file(".git/backlog-journal").exists(), "run {run}");
    }
    repo.git(&["fsck", "--no-progress"]);
    assert_eq!(repo.commit_count(), before + committed);
    // `before_writing` counts the rolled-back runs too: their files were put back.
    println!(
        "{RUNS} writers killed at random (0–{:.0} ms): {committed} committed, {} left nothing (of which {rolled_back} rolled back by the next command)",
        whole as f64 * 1.2 / 1000.0,
        before_writing
    );
}

/// The identity git itself would commit with, in the repository, under `env`.
fn git_ident(repo: &Repo, var: &str, env: &[(&str, &str)]) -> std::result::Result<String, String> {
    let mut cmd = Command::new("git");
    crate::common::clean_env(&mut cmd, repo.path());
    let out = cmd
        .args(["var", var])
        .envs(env.iter().copied())
        .current_dir(repo.path())
        .output()
        .unwrap();
    if out.status.success() {
        Ok(String::from_utf8(out.stdout).unwrap().trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).to_string())
    }
}

#[test]
fn commits_carry_the_identity_git_would_give_them() {
    let repo = Repo::new();
    // No identity in the repository: each setup below supplies one, as users do.
    repo.git(&["config", "--unset", "user.name"]);
    repo.git(&["config", "--unset", "user.email"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = elsewhere.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let global = file(
        "x/gitconfig",
        "[user]\n\tname = Global X\n\temail = x@example.com\n",
    );
    let xdg = elsewhere.path().join("xdg");
    file(
        "xdg/git/config",
        "[user]\n\tname = Xdg User\n\temail = xdg@example.com\n",
    );
    let included = file(
        "inc/gitconfig",
        &format!(
            "[includeIf \"gitdir:{}/\"]\n\tpath = {global}\n",
            repo.path().canonicalize().unwrap().display()
        ),
    );
    let only = file("only/gitconfig", "[user]\n\tuseConfigOnly = true\n");
    let xdg = xdg.to_str().unwrap();
    let setups: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("GIT_CONFIG_GLOBAL", vec![("GIT_CONFIG_GLOBAL", &global)]),
        (
            "XDG config",
            vec![("GIT_CONFIG_GLOBAL", ""), ("XDG_CONFIG_HOME", xdg)],
        ),
        ("includeIf", vec![("GIT_CONFIG_GLOBAL", &included)]),
        (
            "GIT_CONFIG_SYSTEM",
            vec![("GIT_CONFIG_NOSYSTEM", ""), ("GIT_CONFIG_SYSTEM", &global)],
        ),
        ("EMAIL", vec![("EMAIL", "env@example.com")]),
        (
            "GIT_AUTHOR_* and EMAIL",
            vec![
                ("GIT_AUTHOR_NAME", "Ann Author"),
                ("GIT_AUTHOR_EMAIL", "ann@example.com"),
                ("EMAIL", "c@example.com"),
            ],
        ),
        (
            "git -c",
            vec![(
                "GIT_CONFIG_PARAMETERS",
                "'user.name'='Dash C' 'user.email'='c@example.com'",
            )],
        ),
        (
            "useConfigOnly",
            vec![("GIT_CONFIG_GLOBAL", &only), ("EMAIL", "env@example.com")],
        ),
    ];
    repo.run(&["init", "--prefix", "PAY", "--no-commit"]).ok();
    for (name, env) in &setups {
        let author = git_ident(&repo, "GIT_AUTHOR_IDENT", env);
        let committer = git_ident(&repo, "GIT_COMMITTER_IDENT", env);
        let mut cmd = repo.cmd();
        cmd.args(["new", name, "-q"]).envs(env.iter().copied());
        let out = run(&mut cmd);
        match (author, committer) {
            (Ok(author), Ok(committer)) => {
                assert_eq!(out.code, 0, "{name}: {}", out.stderr);
                let made = repo.git(&[
                    "log",
                    "-1",
                    "--format=%an <%ae> %ad%n%cn <%ce> %cd",
                    "--date=raw",
                ]);
                assert_eq!(made, format!("{author}\n{committer}\n"), "{name}");
            }
            (Err(git_says), _) | (_, Err(git_says)) => {
                // git refuses: so do we, with git's reason.
                assert_eq!(
                    out.code, 2,
                    "{name}: git refuses ({git_says}), we made {}",
                    out.stdout
                );
                let reason = git_says
                    .lines()
                    .last()
                    .unwrap()
                    .trim_start_matches("fatal: ");
                assert!(out.stderr.contains(reason), "{name}: {}", out.stderr);
            }
        }
    }
}

/// A repository whose commits must be signed (`commit.gpgsign`), with `format` set up:
/// a throwaway key, and what `git verify-commit` needs to check it.
fn signing_repo(format: &str) -> Repo {
    let repo = Repo::with_backlog();
    let keys = repo.file(".git/test-keys");
    std::fs::create_dir_all(&keys).unwrap();
    let keys = keys.to_str().unwrap().to_string();
    match format {
        "ssh" => {
            crate::common::client("ssh-keygen", "apt-get install openssh-client");
            let key = format!("{keys}/id");
            let out = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", &key])
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
            let public = std::fs::read_to_string(format!("{key}.pub")).unwrap();
            std::fs::write(
                format!("{keys}/allowed"),
                format!("owner@example.com {public}"),
            )
            .unwrap();
            repo.git(&["config", "gpg.format", "ssh"]);
            repo.git(&["config", "user.signingkey", &format!("{key}.pub")]);
            repo.git(&[
                "config",
                "gpg.ssh.allowedSignersFile",
                &format!("{keys}/allowed"),
            ]);
        }
        _ => {
            crate::common::client("gpg", "apt-get install gpg");
            // GNUPGHOME is short: gpg-agent's socket path has a length limit.
            let home = tempfile::Builder::new()
                .prefix("gpg")
                .tempdir_in("/tmp")
                .unwrap();
            let home = home.keep();
            std::fs::write(
                repo.file(".git/test-keys/gnupghome"),
                home.to_str().unwrap(),
            )
            .unwrap();
            let out = Command::new("gpg")
                .env("GNUPGHOME", &home)
                .args([
                    "--batch",
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase",
                    "",
                    "--quick-gen-key",
                    "Test Owner <owner@example.com>",
                    "ed25519",
                    "sign",
                    "never",
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            repo.git(&["config", "user.signingkey", "owner@example.com"]);
        }
    }
    repo.git(&["config", "commit.gpgsign", "true"]);
    repo
}

fn gnupg_env(repo: &Repo, cmd: &mut Command) {
    if let Ok(home) = std::fs::read_to_string(repo.file(".git/test-keys/gnupghome")) {
        cmd.env("GNUPGHOME", home);
    }
}

#[test]
fn commits_are_signed_when_git_would_sign_them() {
    for format in ["openpgp", "ssh"] {
        let repo = signing_repo(format);
        let mut cmd = repo.cmd();
        gnupg_env(&repo, &mut cmd);
        run(cmd.args(["new", "Signed story", "-q"])).ok();
        let mut verify = Command::new("git");
        crate::common::clean_env(&mut verify, repo.path());
        gnupg_env(&repo, &mut verify);
        let out = verify
            .args(["verify-commit", "-v", "HEAD"])
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            repo.head_subject(),
            "backlog(PAY-1): new \"Signed story\"",
            "{format}"
        );
        assert_eq!(repo.head_files(), ["backlog/stories/PAY-1-signed-story.md"]);

        // Signing that fails commits nothing, changes nothing and says why.
        repo.git(&["config", "gpg.program", "false"]);
        repo.git(&["config", "gpg.ssh.program", "false"]);
        let before = repo.commit_count();
        let mut cmd = repo.cmd();
        gnupg_env(&repo, &mut cmd);
        let out = run(cmd.args(["set", "PAY-1", "points=3"])).code(2);
        assert!(
            out.stderr.contains("could not be signed")
                && out.stderr.contains("Nothing was changed"),
            "{format}: {}",
            out.stderr
        );
        assert_eq!(repo.commit_count(), before);
        assert_eq!(repo.git(&["status", "--porcelain", "--", "backlog"]), "");
        if let Ok(home) = std::fs::read_to_string(repo.file(".git/test-keys/gnupghome")) {
            let _ = Command::new("gpgconf")
                .env("GNUPGHOME", &home)
                .args(["--kill", "gpg-agent"])
                .status();
            let _ = std::fs::remove_dir_all(home);
        }
    }
}

#[test]
fn a_hook_of_the_users_own_is_chained_and_put_back() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Good", "-q"]).ok();
    let hooks = repo.file(".git/hooks");
    let mine = "#!/bin/sh\necho mine >> \"$(git rev-parse --git-dir)/mine-ran\"\n[ ! -e stop ]\n";
    std::fs::write(hooks.join("pre-commit"), mine).unwrap();
    std::fs::write(
        hooks.join("pre-commit.old"),
        "an older hook of the user's\n",
    )
    .unwrap();
    let mode = |p: &Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    };
    std::fs::set_permissions(
        hooks.join("pre-commit"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let out = repo.run(&["hook", "install", "--force"]).ok();
    assert!(out.stderr.contains("runs first"), "{}", out.stderr);
    assert_eq!(
        repo.read(".git/hooks/pre-commit.old"),
        "an older hook of the user's\n"
    );
    // A commit runs the user's hook, then ours.
    let mut commit = crate::common::with_binary(&repo, "git");
    commit.args(["commit", "-q", "--allow-empty", "-m", "empty"]);
    run(&mut commit).ok();
    assert_eq!(repo.read(".git/mine-ran"), "mine\n");
    // The user's hook failing stops the commit.
    repo.write("stop", "");
    let before = repo.commit_count();
    assert_ne!(run(&mut commit).code, 0);
    assert_eq!(repo.commit_count(), before);
    // Ours failing stops it too.
    std::fs::remove_file(repo.file("stop")).unwrap();
    repo.write(
        "backlog/stories/PAY-2-bad.md",
        "---\nid: PAY-2\ntitle: Bad\nstatus: ready\n---\nAs a user I want it so that it works.\n",
    );
    repo.git(&["add", "backlog"]);
    let out = run(&mut commit);
    assert!(out.code != 0 && out.stderr.contains("BL003"), "{out:?}");
    // Uninstalling puts the user's hook back, byte for byte and executable.
    repo.run(&["hook", "uninstall"]).ok();
    assert_eq!(repo.read(".git/hooks/pre-commit"), mine);
    assert_eq!(mode(&hooks.join("pre-commit")), 0o755);
    assert!(!hooks.join("pre-commit.before-git-backlog").exists());
    assert_eq!(
        repo.read(".git/hooks/pre-commit.old"),
        "an older hook of the user's\n"
    );
}
