//! The test harness: a temporary git repository with a fixed identity and clock, and the
//! binary run inside it with a clean environment.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_git-backlog");
/// Every commit in the tests is made at this moment, so commit ids are stable.
pub const DATE: &str = "2026-11-27T10:00:00+00:00";

pub struct Repo {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code, 0, "expected success\n{self:#?}");
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Self {
        assert_eq!(self.code, code, "expected exit code {code}\n{self:#?}");
        self
    }
}

/// A clean environment: no user or system git config, a fixed identity and date.
pub fn clean_env(cmd: &mut Command, home: &Path) {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", DATE)
        .env("GIT_COMMITTER_DATE", DATE)
        .env("LANG", "C.UTF-8")
        .env("TZ", "UTC");
}

impl Repo {
    /// An empty repository on branch `main`, with no commits and a repo-local identity.
    pub fn new() -> Repo {
        let repo = Repo::bare_dir();
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test Owner"]);
        repo.git(&["config", "user.email", "owner@example.com"]);
        repo
    }

    /// A temporary folder that is not a git repository.
    pub fn bare_dir() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    /// A repository with `init --prefix PAY` done.
    /// A repository with `init --prefix PAY` done, and the product's vision and goal
    /// written (in the init commit), as a team would before its first story.
    pub fn with_backlog() -> Repo {
        let repo = Repo::new();
        repo.run(&["init", "--prefix", "PAY"]).ok();
        repo.write(
            "backlog/product.md",
            "---\nname: Payments\nvision: Merchants get paid, and refund, without friction.\ngoal: Refunds without a call to support\n---\n",
        );
        repo.git(&["commit", "-q", "--amend", "--no-edit", "-a"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap()
    }

    /// Run git in the repository; panics if it fails.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        clean_env(&mut cmd, self.home.path());
        let out = cmd.args(args).current_dir(self.path()).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run git in the repository, whether it fails or not (a merge that conflicts).
    pub fn git_output(&self, args: &[&str]) -> std::process::Output {
        let mut cmd = Command::new("git");
        clean_env(&mut cmd, self.home.path());
        cmd.args(args).current_dir(self.path()).output().unwrap()
    }

    /// The binary, ready to run in the repository.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        clean_env(&mut cmd, self.home.path());
        cmd.current_dir(self.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Out {
        run(self.cmd().args(args))
    }

    /// The files changed by the commit at HEAD.
    pub fn head_files(&self) -> Vec<String> {
        self.git(&["show", "--name-only", "--format=", "HEAD"])
            .lines()
            .map(String::from)
            .collect()
    }

    pub fn head_subject(&self) -> String {
        self.git(&["log", "-1", "--format=%s"]).trim().to_string()
    }

    pub fn commit_count(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }

    /// The single story file whose name starts with `id-`.
    pub fn story_path(&self, id: &str) -> String {
        let dir = self.file("backlog/stories");
        let name = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .find(|n| n.starts_with(&format!("{id}-")))
            .unwrap_or_else(|| panic!("no file for {id}"));
        format!("backlog/stories/{name}")
    }
}

pub fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A story file with the given extra front-matter lines and body.
pub fn story(id: &str, title: &str, fields: &str, body: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\n{fields}---\n{body}")
}

/// An editor for `VISUAL`/`EDITOR`: a shell script that runs `script` with the file as `$1`.
pub fn editor(repo: &Repo, script: &str) -> String {
    let path = repo.file("editor.sh");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    format!("sh {}", path.display())
}

/// Compare with the snapshot in tests/snapshots/, or write it with UPDATE_SNAPSHOTS=1.
#[track_caller]
pub fn snapshot(name: &str, actual: &str) {
    let path = format!("{}/tests/snapshots/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(Path::new(&path).parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no snapshot {path}: run with UPDATE_SNAPSHOTS=1"));
    assert_eq!(
        actual, expected,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it)"
    );
}

/// A `PATH` on which `git-backlog` is the binary under test, so `git backlog`, git hooks
/// and the merge driver run it, as they would on a user's machine.
pub fn path_with_binary() -> String {
    let dir = Path::new(BIN).parent().unwrap();
    format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A command run in `repo` with the binary on `PATH` (`git`, `sh -c …`).
pub fn with_binary(repo: &Repo, program: &str) -> Command {
    let mut cmd = Command::new(program);
    clean_env(&mut cmd, repo.path());
    cmd.current_dir(repo.path()).env("PATH", path_with_binary());
    cmd
}

/// A shallow clone of `origin` with the last `depth` commits and a repo-local identity.
pub fn shallow_clone(origin: &Repo, depth: u32) -> Repo {
    let clone = Repo::bare_dir();
    let url = format!("file://{}", origin.path().display());
    let depth = depth.to_string();
    let mut cmd = Command::new("git");
    clean_env(&mut cmd, clone.path());
    cmd.args(["clone", "-q", "--depth", &depth, &url, "."])
        .current_dir(clone.path());
    assert_eq!(run(&mut cmd).code, 0, "git clone --depth {depth}");
    clone.git(&["config", "user.name", "Clone"]);
    clone.git(&["config", "user.email", "clone@example.com"]);
    clone
}

/// A real client a test drives (a shell, `man`, `pre-commit`), found on `PATH`. Missing, the
/// test fails saying how to install it: `bash .ci/run` installs every one.
pub fn client(program: &str, install: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("this test runs the real `{program}`, which is not on PATH: {install} (or run `bash .ci/run`, which installs it)")
        })
}
