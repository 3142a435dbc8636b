//! IDs that survive branches and merges: allocation across branches, `renumber`, and the
//! merge driver through the real `git merge`.

use crate::common::{Repo, run, with_binary};

/// `git` as a user's shell runs it, with `git-backlog` on PATH (for the merge driver).
fn git_with_driver(repo: &Repo, args: &[&str]) -> crate::common::Out {
    run(with_binary(repo, "git").args(args))
}

#[test]
fn stories_made_on_two_branches_never_share_an_id() {
    let repo = Repo::with_backlog();
    repo.git(&["checkout", "-q", "-b", "feature-a"]);
    assert_eq!(
        repo.run(&["new", "On branch A", "-q"]).ok().stdout,
        "PAY-1\n"
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["checkout", "-q", "-b", "feature-b"]);
    // PAY-1 is not in this work tree, but another branch has it.
    assert_eq!(
        repo.run(&["new", "On branch B", "-q"]).ok().stdout,
        "PAY-2\n"
    );
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "feature-a"]);
    repo.git(&["merge", "-q", "--no-edit", "feature-b"]);
    repo.run(&["check", "--deny", "warnings"]).code(1);
    let out = repo.run(&["check", "--format", "json"]);
    assert!(
        !out.stdout.contains("BL006"),
        "no duplicate: {}",
        out.stdout
    );
    // Remote-tracking branches count too, and the cache remembers each branch's tree.
    repo.git(&["update-ref", "refs/remotes/origin/old", "feature-b"]);
    repo.write(
        "backlog/stories/PAY-9-x.md",
        "---\nid: PAY-9\ntitle: x\n---\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "nine"]);
    repo.git(&["branch", "-q", "nine"]);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    assert_eq!(repo.run(&["new", "Next", "-q"]).ok().stdout, "PAY-10\n");
    assert!(repo.read(".git/backlog-ids").lines().count() >= 3);
}

/// A tree not seen before is read from the one it came from: only the files it added or
/// changed. A story staged and never committed (so in no history) still counts.
#[test]
fn a_story_only_staged_keeps_its_number_after_the_tree_it_came_from_was_read() {
    let repo = Repo::with_backlog();
    assert_eq!(repo.run(&["new", "First", "-q"]).ok().stdout, "PAY-1\n");
    repo.write(
        "backlog/stories/PAY-50-staged.md",
        "---\nid: PAY-50\ntitle: Staged only\n---\n",
    );
    repo.git(&["add", "backlog/stories/PAY-50-staged.md"]);
    // Gone from the work tree too: only the index has it.
    std::fs::remove_file(repo.file("backlog/stories/PAY-50-staged.md")).unwrap();
    assert_eq!(repo.run(&["new", "Second", "-q"]).ok().stdout, "PAY-51\n");
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "AD backlog/stories/PAY-50-staged.md\n"
    );
}

#[test]
fn a_duplicate_is_found_by_check_and_fixed_by_renumber() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Base", "--type", "epic", "-q"]).ok();
    // Two branches made PAY-2 without seeing each other (say, before either was pushed).
    let story = |title: &str, extra: &str| {
        format!(
            "---\nid: PAY-2\ntitle: {title}\nstatus: draft\n{extra}---\nAs a user I want {title} so that it works. Unlike PAY-1.\n"
        )
    };
    repo.git(&["checkout", "-q", "-b", "a"]);
    repo.write("backlog/stories/PAY-2-from-a.md", story("From A", ""));
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "A's story"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("backlog/stories/PAY-2-from-b.md", story("From B", ""));
    repo.write("backlog/stories/PAY-3-needs.md", "---\nid: PAY-3\ntitle: Needs\nstatus: draft\ndepends_on: [PAY-1]\nepic: PAY-1\n---\nAs a user I want it so that it works, after PAY-1.\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "B's story"]);
    repo.git(&["merge", "-q", "--no-edit", "a"]);

    let out = repo.run(&["check"]).code(1);
    assert!(out.stdout.contains("error[BL006]: PAY-2 is also the ID of backlog/stories/PAY-2-from-b.md (PAY-2-from-a.md came in with"), "{}", out.stdout);
    assert!(
        out.stdout.contains("\"A's story\")"),
        "names the commit: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "help: give one of them a new ID: git backlog renumber backlog/stories/PAY-2-from-a.md"
        ),
        "{}",
        out.stdout
    );
    let out = repo.run(&["renumber", "PAY-2"]).code(2);
    assert!(
        out.stderr.contains("name the one to renumber by its file"),
        "{}",
        out.stderr
    );

    repo.run(&["renumber", "backlog/stories/PAY-2-from-a.md"])
        .ok();
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-4): renumber PAY-2 -> PAY-4"
    );
    assert!(repo.file("backlog/stories/PAY-4-from-a.md").is_file());
    assert!(
        repo.read("backlog/stories/PAY-4-from-a.md")
            .starts_with("---\nid: PAY-4\n")
    );
    repo.run(&["check", "--format", "json"]).code(0);

    // A unique story: every reference is rewritten, each a minimal diff, in one commit.
    repo.run(&["renumber", "PAY-1", "PAY-100"]).ok();
    let files = repo.head_files();
    assert_eq!(
        files.len(),
        4,
        "the story (renamed) and the three that mention it: {files:?}"
    );
    let needs = repo.read("backlog/stories/PAY-3-needs.md");
    assert_eq!(
        needs,
        "---\nid: PAY-3\ntitle: Needs\nstatus: draft\ndepends_on: [PAY-100]\nepic: PAY-100\n---\nAs a user I want it so that it works, after PAY-100.\n"
    );
    assert!(
        repo.read("backlog/stories/PAY-4-from-a.md")
            .contains("Unlike PAY-100.")
    );
    assert!(repo.file("backlog/stories/PAY-100-base.md").is_file());
    assert_eq!(
        repo.git(&[
            "diff",
            "--numstat",
            "HEAD~1",
            "HEAD",
            "--",
            "backlog/stories/PAY-3-needs.md"
        ]),
        "3\t3\tbacklog/stories/PAY-3-needs.md\n"
    );
}

/// A story on main, changed on two branches by `ours` and `theirs`, merged with the driver.
fn merge(ours: &[&str], theirs: &[&str]) -> (Repo, crate::common::Out) {
    let repo = Repo::with_backlog();
    repo.run(&[
        "new", "Pay", "--status", "ready", "--points", "3", "--label", "api",
    ])
    .ok();
    repo.run(&["ac", "PAY-1", "add", "one"]).ok();
    repo.run(&["ac", "PAY-1", "add", "two"]).ok();
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    let mut args = vec!["set", "PAY-1"];
    args.extend_from_slice(theirs);
    repo.run(&args).ok();
    repo.git(&["checkout", "-q", "main"]);
    let mut args = vec!["set", "PAY-1"];
    args.extend_from_slice(ours);
    repo.run(&args).ok();
    let out = git_with_driver(&repo, &["merge", "--no-edit", "theirs"]);
    (repo, out)
}

#[test]
fn different_fields_merge_cleanly() {
    let (repo, out) = merge(&["status=doing"], &["points=5", "priority=must"]);
    assert_eq!(out.code, 0, "{out:?}");
    let text = repo.read("backlog/stories/PAY-1-pay.md");
    assert!(
        text.contains("status: doing\n")
            && text.contains("points: 5\n")
            && text.contains("priority: must\n"),
        "{text}"
    );
    repo.run(&["check", "--format", "json"]).ok();
}

#[test]
fn labels_added_on_both_sides_are_both_kept() {
    let (repo, out) = merge(&["labels+=mobile"], &["labels+=web"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        repo.read("backlog/stories/PAY-1-pay.md")
            .contains("labels: [api, mobile, web]\n")
    );
}

#[test]
fn the_same_field_changed_both_ways_conflicts_on_that_line_only() {
    let (repo, out) = merge(
        &["status=doing", "labels+=mobile"],
        &["status=review", "points=8"],
    );
    assert_ne!(out.code, 0, "a true conflict: {out:?}");
    let text = repo.read("backlog/stories/PAY-1-pay.md");
    assert!(
        text.contains("<<<<<<< ours\nstatus: doing\n=======\nstatus: review\n>>>>>>> theirs\n"),
        "{text}"
    );
    assert!(
        text.contains("points: 8\n") && text.contains("labels: [api, mobile]\n"),
        "the rest merged: {text}"
    );
    assert_eq!(text.matches("<<<<<<<").count(), 1);
    let out = repo.run(&["check"]).code(1);
    assert!(
        out.stdout
            .contains("error[BL001]: unresolved merge conflict"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("backlog/stories/PAY-1-pay.md:5:1"),
        "on the line: {}",
        out.stdout
    );
}

#[test]
fn criteria_changed_on_both_sides_merge_by_item() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Pay"]).ok();
    repo.run(&["ac", "PAY-1", "add", "one"]).ok();
    repo.run(&["ac", "PAY-1", "add", "two"]).ok();
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    repo.run(&["ac", "PAY-1", "check", "2"]).ok();
    repo.run(&["ac", "PAY-1", "add", "four"]).ok();
    repo.git(&["checkout", "-q", "main"]);
    repo.run(&["ac", "PAY-1", "check", "1"]).ok();
    repo.run(&["ac", "PAY-1", "add", "three"]).ok();
    let out = git_with_driver(&repo, &["merge", "--no-edit", "theirs"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        repo.read("backlog/stories/PAY-1-pay.md")
            .ends_with("- [x] one\n- [x] two\n- [ ] three\n- [ ] four\n")
    );
}

#[test]
fn merge_driver_install_in_an_existing_repository() {
    let repo = Repo::new();
    repo.write(".gitattributes", "*.png binary\n");
    repo.run(&["merge-driver", "install"]).ok();
    assert_eq!(
        repo.read(".gitattributes"),
        "*.png binary\n# Story files merge field by field (git backlog merge-driver install)\nbacklog/**/*.md merge=backlog\n"
    );
    repo.run(&["merge-driver", "install"]).ok();
    assert_eq!(
        repo.read(".gitattributes").matches("merge=backlog").count(),
        1,
        "written once"
    );
    assert_eq!(
        repo.git(&["config", "merge.backlog.driver"]).trim(),
        "git-backlog merge-driver %O %A %B %P"
    );
}

#[test]
fn random_ids_need_no_coordination() {
    let repo = Repo::with_backlog();
    let config = repo
        .read("backlog/config.yml")
        .replace("id_scheme: sequential", "id_scheme: random");
    repo.write("backlog/config.yml", config);
    repo.git(&["commit", "-q", "-am", "random ids"]);
    let id = repo.run(&["new", "Random", "-q"]).ok().stdout;
    let id = id.trim();
    assert!(
        id.len() == 8
            && id.starts_with("PAY-")
            && id[4..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()),
        "{id}"
    );
    repo.run(&["show", id]).ok();
}

#[test]
fn line_endings_are_not_content_in_a_merge() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Pay", "--status", "ready", "--points", "3"])
        .ok();
    let path = repo.story_path("PAY-1");
    // One branch converts the story to CRLF (an editor on Windows) and changes the points.
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    let crlf = repo
        .read(&path)
        .replace("points: 3", "points: 5")
        .replace('\n', "\r\n");
    repo.write(&path, &crlf);
    repo.git(&["commit", "-q", "-am", "crlf"]);
    // The other changes the status.
    repo.git(&["checkout", "-q", "main"]);
    repo.run(&["move", "PAY-1", "doing"]).ok();
    let out = git_with_driver(&repo, &["merge", "--no-edit", "theirs"]);
    assert_eq!(out.code, 0, "no false conflict: {out:?}");
    let merged = repo.read(&path);
    assert!(
        merged.contains("status: doing\r\n") && merged.contains("points: 5\r\n"),
        "{merged:?}"
    );
    assert_eq!(
        merged.matches('\n').count(),
        merged.matches("\r\n").count(),
        "one style: {merged:?}"
    );
}
