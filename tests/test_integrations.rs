//! The CI examples and the pre-commit framework hook: their YAML is valid, and every
//! `git backlog` command they run works, in a repository as CI would check it out.

use backlog_core::yaml::{self, Origin};

use crate::common::{Repo, run};

fn load(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    yaml::parse(&text, Origin { line: 1, byte: 0 })
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
        .to_json()
}

/// Every string in the document that runs `git backlog` or `git-backlog`.
fn commands(doc: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![doc];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::String(s)
                if s.contains("git backlog ") || s.contains("git-backlog check") =>
            {
                out.push(s.clone())
            }
            serde_json::Value::Array(a) => stack.extend(a),
            serde_json::Value::Object(o) => stack.extend(o.values()),
            _ => {}
        }
    }
    out
}

/// A repository with a clean backlog on main and a pull-request branch that changes a story.
fn pull_request() -> Repo {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Base story"]).ok();
    repo.git(&["update-ref", "refs/remotes/origin/main", "main"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.run(&["new", "Feature story"]).ok();
    repo
}

/// Run a CI script line with `git backlog` resolving to the binary under test.
fn sh(repo: &Repo, line: &str, vars: &[(&str, &str)]) -> crate::common::Out {
    let mut cmd = crate::common::with_binary(repo, "sh");
    cmd.arg("-c").arg(line).envs(vars.iter().copied());
    run(&mut cmd)
}

#[test]
fn github_actions_workflow() {
    let doc = load("examples/ci/github-actions.yml");
    let steps = doc["jobs"]["check"]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["with"]["fetch-depth"], 0, "--since needs history");
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
    }));
    let repo = pull_request();
    let runs = commands(&doc);
    assert!(
        runs.iter()
            .any(|r| r.contains("--since") && r.contains("--format github")),
        "{runs:?}"
    );
    for line in runs.iter().filter(|r| r.starts_with("git backlog")) {
        let line = line.replace("${{ github.base_ref }}", "main");
        let out = sh(&repo, &line, &[]);
        assert_eq!(out.code, 0, "{line}: {out:?}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&repo.read("backlog.sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn gitlab_ci_job() {
    let doc = load("examples/ci/gitlab-ci.yml");
    let job = &doc["backlog"];
    assert_eq!(job["artifacts"]["reports"]["junit"], "backlog-junit.xml");
    assert_eq!(job["variables"]["GIT_DEPTH"], "0");
    let repo = pull_request();
    let vars = [("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")];
    for line in commands(&doc)
        .iter()
        .filter(|r| r.starts_with("git backlog"))
    {
        let out = sh(&repo, line, &vars);
        assert_eq!(out.code, 0, "{line}: {out:?}");
    }
    let junit = repo.read("backlog-junit.xml");
    assert!(
        junit.starts_with("<?xml") && junit.contains("tests=\"1\" failures=\"0\""),
        "{junit}"
    );
    assert!(
        junit.contains("PAY-2-feature-story.md"),
        "only the changed story: {junit}"
    );
}

#[test]
fn pre_commit_framework_hook() {
    let doc = load(".pre-commit-hooks.yaml");
    let hook = &doc[0];
    assert_eq!(hook["id"], "git-backlog-check");
    assert_eq!(hook["pass_filenames"], false);
    assert_eq!(hook["language"], "rust");
    // The two hooks differ only in how git-backlog is found.
    let system = &doc[1];
    assert_eq!(system["id"], "git-backlog-check-system");
    assert_eq!(system["language"], "system");
    for key in ["entry", "files", "pass_filenames"] {
        assert_eq!(hook[key], system[key], "{key}");
    }
    let entry = hook["entry"].as_str().unwrap();
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-bad.md",
        "---\nid: PAY-1\ntitle: Bad\nstatus: ready\n---\n",
    );
    repo.git(&["add", "-A"]);
    let out = sh(&repo, entry, &[]);
    assert_eq!(out.code, 1, "the staged story breaks rules: {out:?}");
    assert!(out.stdout.contains("error[BL003]"), "{out:?}");
}

#[test]
fn the_pre_commit_framework_runs_the_hook_on_commit() {
    let pre_commit = crate::common::client("pre-commit", "pip install pre-commit");
    // A config that points at this repository, at HEAD, as a user's points at ours on
    // GitHub: the framework clones it and reads .pre-commit-hooks.yaml from that commit.
    // The `-system` hook runs the git-backlog on PATH; `git-backlog-check` (language:
    // rust) would first build it with cargo, minutes per run.
    let source = env!("CARGO_MANIFEST_DIR");
    let head = std::process::Command::new("git")
        .args(["-C", source, "rev-parse", "HEAD"])
        .output()
        .unwrap();
    assert!(
        head.status.success(),
        "this test needs the source folder to be a git clone"
    );
    let head = String::from_utf8(head.stdout).unwrap();
    let config = format!(
        "repos:\n  - repo: {source}\n    rev: {}\n    hooks:\n      - id: git-backlog-check-system\n",
        head.trim()
    );
    let repo = Repo::with_backlog();
    repo.write(".pre-commit-config.yaml", config);
    repo.git(&["add", ".pre-commit-config.yaml"]);
    repo.git(&["commit", "-q", "-m", "pre-commit"]);
    let framework = |args: &[&str]| {
        let mut cmd = crate::common::with_binary(&repo, pre_commit.to_str().unwrap());
        cmd.args(args)
            .env("PRE_COMMIT_HOME", repo.path().join(".git/pre-commit-home"));
        run(&mut cmd)
    };
    assert_eq!(framework(&["install"]).code, 0);
    let commit = |message: &str| {
        let mut cmd = crate::common::with_binary(&repo, "git");
        cmd.args(["commit", "-q", "-m", message])
            .env("PRE_COMMIT_HOME", repo.path().join(".git/pre-commit-home"));
        let out = run(&mut cmd);
        // The framework reports on stderr; what git prints goes either way.
        (out.code, format!("{}{}", out.stdout, out.stderr))
    };
    // A story that breaks a rule: the commit is stopped, with the rule named.
    repo.write(
        "backlog/stories/PAY-1-bad.md",
        "---\nid: PAY-1\ntitle: Bad\nstatus: ready\n---\n",
    );
    repo.git(&["add", "-A"]);
    let before = repo.commit_count();
    let (code, out) = commit("bad story");
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("git-backlog check....") && out.contains("Failed"),
        "{out}"
    );
    assert!(
        out.contains("error[BL003]: PAY-1 (story, ready) has no acceptance criteria"),
        "{out}"
    );
    assert_eq!(repo.commit_count(), before);
    let all = framework(&["run", "--all-files"]);
    assert!(
        all.code != 0 && all.stdout.contains("error[BL003]"),
        "{all:?}"
    );
    // Fixed, it goes through; a commit outside backlog/ does not run the hook at all.
    repo.write(
        "backlog/stories/PAY-1-bad.md",
        "---\nid: PAY-1\ntitle: Good\nstatus: draft\n---\nAs a user I want it so that it works.\n",
    );
    repo.git(&["add", "-A"]);
    let (code, out) = commit("good story");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");
    let all = framework(&["run", "--all-files"]);
    assert!(all.code == 0 && all.stdout.contains("Passed"), "{all:?}");
    repo.write("README.md", "hello\n");
    repo.git(&["add", "README.md"]);
    let (code, out) = commit("readme");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(no files to check)Skipped"), "{out}");
    assert_eq!(repo.commit_count(), before + 2);
}

#[test]
fn pages_workflow_builds_the_site() {
    let doc = load("examples/ci/pages.yml");
    let repo = pull_request();
    let runs: Vec<String> = commands(&doc)
        .into_iter()
        .filter(|r| r.starts_with("git backlog"))
        .collect();
    assert_eq!(runs, ["git backlog site build public"]);
    let out = sh(&repo, &runs[0], &[]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(repo.file("public/index.html").is_file());
    let upload = &doc["jobs"]["build"]["steps"][4];
    assert_eq!(upload["with"]["path"], "public");
}

#[test]
fn diff_comment_workflow() {
    let doc = load("examples/ci/backlog-diff-comment.yml");
    assert_eq!(
        doc["jobs"]["comment"]["permissions"]["pull-requests"],
        "write"
    );
    let repo = pull_request();
    let runs: Vec<String> = commands(&doc)
        .into_iter()
        .filter(|r| r.starts_with("git backlog"))
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    let line = runs[0].replace("${{ github.base_ref }}", "main");
    let out = sh(&repo, &line, &[]);
    assert_eq!(out.code, 0, "{line}: {out:?}");
    let comment = repo.read("backlog-diff.md");
    assert!(
        comment
            .starts_with("**Backlog changes** from the merge base of origin/main and HEAD to HEAD")
            && comment.contains("| ➕ | **PAY-2** Feature story |"),
        "{comment}"
    );
}

/// The value a GitHub Actions expression has in the pull request the tests stand in for.
fn expression(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").unwrap() + start;
        let expr = rest[start + 3..end].trim();
        out.push_str(match expr {
            "github.base_ref" => "main",
            "github.event.pull_request.number" => "7",
            "inputs.token" => "test-token",
            "inputs.deny-warnings" => "false",
            other => panic!("the test does not know the expression {other}"),
        });
        rest = &rest[end + 2..];
    }
    out + rest
}

#[test]
fn the_github_action_validates_and_its_steps_work_on_a_pull_request() {
    // The action's metadata, checked against SchemaStore's schema for action.yml by
    // action-validator (npm), as editors and GitHub's own parser would reject it.
    let validator = crate::common::client(
        "action-validator",
        "npm install --prefix ~/.cache/git-backlog/node @action-validator/cli @action-validator/core",
    );
    let action = concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml");
    let out = run(std::process::Command::new(&validator).arg(action));
    assert_eq!(out.code, 0, "{out:?}");
    // The workflow examples, against SchemaStore's schema for workflows.
    for workflow in [
        "github-actions.yml",
        "backlog-diff-comment.yml",
        "pull-request.yml",
    ] {
        let path = format!("{}/examples/ci/{workflow}", env!("CARGO_MANIFEST_DIR"));
        let out = run(std::process::Command::new(&validator).arg(&path));
        assert_eq!(out.code, 0, "{workflow}: {out:?}");
    }
    let doc = load("action.yml");
    assert_eq!(doc["runs"]["using"], "composite");
    let steps = doc["runs"]["steps"].as_array().unwrap();
    // The workflow example uses it, with the history the diff needs.
    let example = load("examples/ci/pull-request.yml");
    let used = &example["jobs"]["backlog"]["steps"];
    assert_eq!(used[0]["with"]["fetch-depth"], 0);
    assert!(
        used[1]["uses"]
            .as_str()
            .unwrap()
            .starts_with("git-backlog/git-backlog@")
    );
    assert_eq!(
        example["jobs"]["backlog"]["permissions"]["pull-requests"],
        "write"
    );

    // Its steps, run in a pull-request-shaped repository. GitHub's API is the one thing
    // missing here: a stand-in `gh` records the calls and remembers the comment.
    let repo = pull_request();
    let tools = tempfile::tempdir().unwrap();
    let gh = tools.path().join("gh");
    std::fs::write(
        &gh,
        "#!/bin/sh\necho \"$*\" >> \"$GH_STATE/calls\"\ncase \"$*\" in\n  *'--method '*)\n    for a in \"$@\"; do case \"$a\" in body=@*) cp \"${a#body=@}\" \"$GH_STATE/body\";; esac; done\n    echo 101 > \"$GH_STATE/comment\" ;;\n  *) [ -f \"$GH_STATE/comment\" ] && cat \"$GH_STATE/comment\" ;;\nesac\nexit 0\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&gh)
        .status()
        .unwrap();
    let state = tempfile::tempdir().unwrap();
    let step = |name: &str, vars: &[(&str, &str)]| {
        let step = steps
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no step {name}"));
        assert_eq!(step["shell"], "bash");
        let mut cmd = crate::common::with_binary(&repo, "bash");
        cmd.arg("-c").arg(step["run"].as_str().unwrap());
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            cmd.env(key, expression(value.as_str().unwrap()));
        }
        cmd.env(
            "PATH",
            format!(
                "{}:{}",
                tools.path().display(),
                crate::common::path_with_binary()
            ),
        )
        .env("GITHUB_REPOSITORY", "acme/shop")
        .env("RUNNER_TEMP", state.path())
        .env("GH_STATE", state.path())
        .envs(vars.iter().copied());
        run(&mut cmd)
    };
    let comment = "Comment what the pull request changes in the backlog";
    let out = step(comment, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    let body = std::fs::read_to_string(state.path().join("body")).unwrap();
    assert!(
        body.starts_with("<!-- git-backlog diff -->\n**Backlog changes**")
            && body.contains("| ➕ | **PAY-2** Feature story |"),
        "{body}"
    );
    // Run again (a new push to the pull request): the same comment is updated.
    assert_eq!(step(comment, &[]).code, 0);
    let calls = std::fs::read_to_string(state.path().join("calls")).unwrap();
    let calls: Vec<&str> = calls.lines().collect();
    assert_eq!(calls.len(), 4, "{calls:?}");
    assert!(
        calls[1].starts_with("api --method POST repos/acme/shop/issues/7/comments"),
        "{calls:?}"
    );
    assert!(
        calls[3].starts_with("api --method PATCH repos/acme/shop/issues/comments/101"),
        "{calls:?}"
    );

    let check = "Check the backlog";
    let out = step(check, &[]);
    assert_eq!(out.code, 0, "{out:?}");
    // A story that breaks a rule fails the step, with an annotation on its line.
    repo.write(
        "backlog/stories/PAY-3-bad.md",
        "---\nid: PAY-3\ntitle: Bad\nstatus: ready\n---\n",
    );
    let out = step(check, &[]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stdout
            .contains("::error file=backlog/stories/PAY-3-bad.md,line="),
        "{out:?}"
    );
}
