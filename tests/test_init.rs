use crate::common::Repo;

#[test]
fn init_creates_and_commits_the_backlog_on_an_unborn_branch() {
    let repo = Repo::new();
    let out = repo.run(&["init", "--prefix", "PAY"]).ok();
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("with prefix PAY"), "{}", out.stderr);
    assert_eq!(
        repo.head_files(),
        [
            ".gitattributes",
            "backlog/config.yml",
            "backlog/product.md",
            "backlog/stories/.gitkeep",
            "backlog/templates/bug.md",
            "backlog/templates/spike.md",
            "backlog/templates/story.md"
        ]
    );
    assert!(
        repo.read(".gitattributes")
            .contains("backlog/**/*.md merge=backlog\n")
    );
    assert_eq!(
        repo.git(&["config", "merge.backlog.driver"]).trim(),
        "git-backlog merge-driver %O %A %B %P"
    );
    assert_eq!(repo.head_subject(), "backlog: init");
    assert!(repo.read("backlog/config.yml").contains("prefix: PAY\n"));
    assert_eq!(
        repo.git(&["log", "-1", "--format=%an <%ae> %aI"]).trim(),
        "Test Owner <owner@example.com> 2026-11-27T10:00:00Z"
    );
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "",
        "the work tree is clean"
    );
}

#[test]
fn init_refuses_an_existing_backlog() {
    let repo = Repo::with_backlog();
    repo.write("backlog/config.yml", "prefix: OWN\n");
    let out = repo.run(&["init", "--prefix", "NEW"]).code(2);
    assert!(
        out.stderr.contains("a backlog already exists"),
        "{}",
        out.stderr
    );
    assert_eq!(
        repo.read("backlog/config.yml"),
        "prefix: OWN\n",
        "left untouched"
    );
    assert_eq!(repo.commit_count(), 1);
}

#[test]
fn init_rejects_a_bad_prefix() {
    let repo = Repo::new();
    let out = repo.run(&["init", "--prefix", "../x"]).code(2);
    assert!(
        out.stderr.contains("invalid prefix \"../x\""),
        "{}",
        out.stderr
    );
    assert!(!repo.file("backlog").exists());
}

#[test]
fn init_outside_a_repository_says_so() {
    let dir = Repo::bare_dir();
    let out = dir.run(&["init"]).code(2);
    assert!(
        out.stderr.starts_with("error: not a git repository: "),
        "{}",
        out.stderr
    );
}

#[test]
fn init_without_identity_writes_nothing_to_history_and_says_how_to_fix_it() {
    let repo = Repo::new();
    repo.git(&["config", "--unset", "user.name"]);
    repo.git(&["config", "--unset", "user.email"]);
    let out = repo.run(&["init"]).code(2);
    assert!(out.stderr.contains("no git identity"), "{}", out.stderr);
    assert!(
        out.stderr.contains("git config user.name"),
        "{}",
        out.stderr
    );
    assert!(!repo.file("backlog").exists(), "nothing is left half made");
    // The identity can come from the environment, as with git.
    let mut cmd = repo.cmd();
    cmd.args(["init"])
        .env("GIT_AUTHOR_NAME", "Env Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Env Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com");
    crate::common::run(&mut cmd).ok();
    assert_eq!(
        repo.git(&["log", "-1", "--format=%an|%cn"]).trim(),
        "Env Author|Env Committer"
    );
}

#[test]
fn init_with_no_commit_writes_files_only() {
    let repo = Repo::new();
    repo.run(&["init", "--no-commit"]).ok();
    assert!(repo.file("backlog/config.yml").is_file());
    let log = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "-q", "HEAD"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert!(!log.status.success(), "no commit was made");
}

#[test]
fn global_dash_c_runs_elsewhere() {
    let repo = Repo::new();
    let outside = Repo::bare_dir();
    let mut cmd = outside.cmd();
    cmd.arg("-C")
        .arg(repo.path())
        .args(["init", "--prefix", "OPS"]);
    crate::common::run(&mut cmd).ok();
    assert!(repo.read("backlog/config.yml").contains("prefix: OPS"));
}

#[test]
fn init_with_a_gitattributes_of_the_users_own_says_it_left_it_uncommitted() {
    let repo = Repo::new();
    repo.write(".gitattributes", "*.png binary\n");
    repo.git(&["add", ".gitattributes"]);
    repo.git(&["commit", "-q", "-m", "attributes"]);
    repo.write(".gitattributes", "*.png binary\n*.pdf binary\n");
    let out = repo.run(&["init", "--prefix", "PAY"]).ok();
    assert!(
        out.stderr.contains(".gitattributes has changes of yours")
            && out.stderr.contains("not committed"),
        "{}",
        out.stderr
    );
    assert!(!repo.head_files().contains(&".gitattributes".to_string()));
    assert_eq!(
        repo.read(".gitattributes"),
        "*.png binary\n*.pdf binary\n# Story files merge field by field (git backlog merge-driver install)\nbacklog/**/*.md merge=backlog\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), " M .gitattributes\n");
}
