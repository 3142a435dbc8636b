//! The parsed-story cache (crates/backlog-git/src/cache.rs): every read command says the
//! same with and without it, and it answers only for files git's index vouches for.

use std::path::Path;

use crate::common::Repo;

const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo/backlog");
const CACHE: &str = ".git/backlog-cache";
/// A moment well before the tests run: files stamped with it are older than any index.
const PAST: &str = "@1767225600";

fn copy_tree(from: &Path, repo: &Repo, to: &str) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{to}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), repo, &name);
        } else {
            repo.write(&name, std::fs::read(entry.path()).unwrap());
        }
    }
}

/// The demo backlog, committed.
fn demo() -> Repo {
    let repo = Repo::new();
    copy_tree(Path::new(DEMO), &repo, "backlog");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "The demo backlog"]);
    repo
}

/// Stamp every story file with a past mtime and let git record it: the index is then
/// written after every file it describes, so no entry is racily clean and git (and the
/// cache) can trust the stat data.
fn settle(repo: &Repo) {
    let stories = repo.file("backlog/stories");
    for entry in std::fs::read_dir(stories).unwrap() {
        touch(&entry.unwrap().path(), PAST);
    }
    repo.git(&["update-index", "-q", "--refresh"]);
}

fn touch(path: &Path, when: &str) {
    let status = std::process::Command::new("touch")
        .args(["-m", "-d", when])
        .arg(path)
        .status()
        .expect("touch (coreutils) runs");
    assert!(status.success());
}

/// The output and exit code of a command, with the cache or without.
fn answer(repo: &Repo, args: &[&str], cache: bool) -> (i32, String, String) {
    let mut cmd = repo.cmd();
    if !cache {
        cmd.env("BACKLOG_NO_CACHE", "1");
    }
    let out = crate::common::run(cmd.args(args));
    (out.code, out.stdout, out.stderr)
}

fn cached_paths(repo: &Repo) -> usize {
    let bytes = std::fs::read(repo.file(CACHE)).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    // Each entry names its file twice: as its key, and in the story.
    text.matches("backlog/stories/PAY-").count() / 2
}

const READS: &[&[&str]] = &[
    &["list"],
    &["list", "--all", "--format", "json"],
    &["list", "--all", "--format", "csv"],
    &["list", "--status", "doing"],
    &["list", "--grep", "card", "--all"],
    &["list", "--where", "sprint=2026-S24", "--sort", "-value"],
    &["show", "PAY-3"],
    &["show", "PAY-3", "--json"],
    &["ac", "PAY-3", "list"],
    &["next"],
    &["blocked"],
    &["rank"],
    &["rank", "--by", "wsjf"],
    &["rank", "--by", "value-effort"],
    &["check"],
    &["check", "--format", "json"],
    &["check", "--staged"],
    &["check", "--staged", "--format", "json"],
    &["board"],
    &["sprint", "list"],
    &["sprint", "show", "2026-S24"],
    &["release", "list"],
    &["release", "show", "2.0"],
    &["roadmap"],
    &["product"],
    &["graph"],
    &["diff", "HEAD"],
    &["log", "PAY-3"],
    &["stats", "velocity"],
    &["stats", "health"],
];

#[test]
fn every_read_command_says_the_same_with_and_without_the_cache() {
    let repo = demo();
    settle(&repo);
    // A first run fills the cache with every committed story.
    answer(&repo, &["list", "--all"], true);
    let stories = std::fs::read_dir(repo.file("backlog/stories"))
        .unwrap()
        .count();
    assert_eq!(cached_paths(&repo), stories);
    // Work in progress: a changed story, a new untracked one, and one removed.
    let three = repo.story_path("PAY-3");
    let text = repo
        .read(&three)
        .replace("status: ", "status: doing\nx_was: ");
    repo.write(&three, text);
    repo.write(
        "backlog/stories/PAY-90-untracked.md",
        "---\nid: PAY-90\ntitle: Not committed yet\ntype: story\nstatus: ready\n---\n",
    );
    std::fs::remove_file(repo.file(&repo.story_path("PAY-7"))).unwrap();
    // Staged and not as in the work tree: `check --staged` reads the staged blob.
    let five = repo.story_path("PAY-5");
    let committed = repo.read(&five);
    repo.write(&five, committed.replace("status: done", "status: shipped"));
    repo.git(&["add", &five]);
    repo.write(&five, &committed);
    for args in READS {
        let with = answer(&repo, args, true);
        let without = answer(&repo, args, false);
        assert_eq!(with, without, "git backlog {}", args.join(" "));
        assert!(
            with.0 == 0 || args[0] == "check",
            "git backlog {}: {with:?}",
            args.join(" ")
        );
    }
    // The changed and the untracked story were read from their files, not the cache...
    let (_, listed, _) = answer(&repo, &["list", "--all", "--format", "json"], true);
    assert!(
        listed.contains("x_was") && listed.contains("PAY-90"),
        "{listed}"
    );
    // ... and the removed one left it, as did the one whose index entry is another blob.
    assert_eq!(cached_paths(&repo), stories - 3);
    let (code, staged, _) = answer(&repo, &["check", "--staged"], true);
    assert_eq!(code, 1, "{staged}");
    assert!(staged.contains("status: shipped"), "{staged}");
}

#[test]
fn a_cache_that_is_used_is_not_written_again() {
    let repo = demo();
    settle(&repo);
    answer(&repo, &["list"], true);
    let before = std::fs::read(repo.file(CACHE)).unwrap();
    touch(&repo.file(CACHE), PAST);
    let stamp = std::fs::metadata(repo.file(CACHE))
        .unwrap()
        .modified()
        .unwrap();
    answer(&repo, &["list", "--all"], true);
    let meta = std::fs::metadata(repo.file(CACHE)).unwrap();
    assert_eq!(meta.modified().unwrap(), stamp, "rewritten for nothing");
    assert_eq!(std::fs::read(repo.file(CACHE)).unwrap(), before);
}

/// The cache trusts a file exactly when git would: its stat data matches the index and
/// the index was written after it. With `core.trustctime` off (so the ctime that `touch`
/// cannot put back is not compared) a change of the same size with its mtime put back
/// is visible to neither git nor the cache, unless the entry is racily clean.
#[test]
fn a_racily_clean_file_is_read_again() {
    let repo = demo();
    repo.git(&["config", "core.trustctime", "false"]);
    settle(&repo);
    let one = repo.file(&repo.story_path("PAY-1"));
    let title = |repo: &Repo| {
        let (_, out, _) = answer(repo, &["list", "--all", "--format", "json"], true);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let stories = json["stories"].as_array().unwrap().clone();
        stories.into_iter().find(|s| s["id"] == "PAY-1").unwrap()["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let old = title(&repo);
    assert_eq!(cached_paths(&repo), 35);
    let text = std::fs::read_to_string(&one).unwrap();
    let new: String = old.chars().rev().collect();
    assert_ne!(new, old);
    let hidden_change = |repo: &Repo| {
        std::fs::write(&one, text.replace(&old, &new)).unwrap();
        touch(&one, PAST);
        assert_eq!(repo.git(&["diff-files", "--name-only"]), "", "git sees it");
    };

    // Not racy: the index was written after the file's mtime. git does not see the
    // change, and neither does the cache (proof that it answered).
    hidden_change(&repo);
    assert_eq!(title(&repo), old);

    // Racy: the index carries the file's own mtime, so the stat data proves nothing.
    touch(&repo.file(".git/index"), PAST);
    assert_eq!(title(&repo), new);
    assert_eq!(
        repo.git(&["status", "--porcelain"]).trim(),
        format!("M {}", repo.story_path("PAY-1")),
        "git, too, reads a racy file"
    );
}

#[test]
fn a_damaged_or_unwritable_cache_changes_nothing_but_speed() {
    let repo = demo();
    settle(&repo);
    let (_, expected, _) = answer(&repo, &["list", "--all", "--format", "json"], false);
    answer(&repo, &["list"], true);
    let good = std::fs::read(repo.file(CACHE)).unwrap();
    let header_end = good.windows(2).position(|w| w == b"\nb").unwrap();
    // Cut anywhere, flipped bytes, or garbage: read as no cache, then written anew.
    for damaged in [
        good[..good.len() / 2].to_vec(),
        good[..header_end + 8].to_vec(),
        good.iter()
            .enumerate()
            .map(|(i, b)| {
                if i > header_end && i % 97 == 0 {
                    !b
                } else {
                    *b
                }
            })
            .collect(),
        b"not a cache".to_vec(),
        vec![0xff; 4096],
    ] {
        std::fs::write(repo.file(CACHE), &damaged).unwrap();
        let (code, out, err) = answer(&repo, &["list", "--all", "--format", "json"], true);
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (0, expected.as_str(), "")
        );
    }
    // A folder where the cache file would go: it cannot be written, and nothing fails.
    std::fs::remove_file(repo.file(CACHE)).unwrap();
    std::fs::create_dir(repo.file(CACHE)).unwrap();
    let (code, out, err) = answer(&repo, &["list", "--all", "--format", "json"], true);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, expected.as_str(), "")
    );
}

#[test]
fn a_changed_config_is_not_read_through_an_old_cache() {
    let repo = demo();
    // A story without a status takes the workflow's first one.
    repo.write(
        "backlog/stories/PAY-91-no-status.md",
        "---\nid: PAY-91\ntitle: No status yet\ntype: story\n---\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "PAY-91"]);
    settle(&repo);
    let status = |repo: &Repo| {
        let (_, out, _) = answer(repo, &["list", "--all", "--format", "csv"], true);
        let line = out.lines().find(|l| l.starts_with("PAY-91,")).unwrap();
        line.split(',').nth(3).unwrap().to_string()
    };
    answer(&repo, &["list"], true);
    assert_eq!(status(&repo), "draft");
    let config = repo.read("backlog/config.yml");
    assert!(config.contains("  statuses: [draft, "), "{config}");
    repo.write(
        "backlog/config.yml",
        config.replace("statuses: [draft, ", "statuses: [idea, draft, "),
    );
    answer(&repo, &["list"], true);
    assert_eq!(status(&repo), "idea");
}

#[test]
fn each_backlog_of_a_monorepo_and_each_worktree_has_its_own_cache() {
    let repo = Repo::new();
    copy_tree(Path::new(DEMO), &repo, "app/backlog");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "The demo backlog, in app/"]);
    let stories = repo.file("app/backlog/stories");
    for entry in std::fs::read_dir(stories).unwrap() {
        touch(&entry.unwrap().path(), PAST);
    }
    repo.git(&["update-index", "-q", "--refresh"]);
    let list = |repo: &Repo, dir: &Path, cache: bool| {
        let mut cmd = repo.cmd();
        cmd.current_dir(dir);
        if !cache {
            cmd.env("BACKLOG_NO_CACHE", "1");
        }
        crate::common::run(cmd.args(["list", "--all", "--format", "csv"])).ok()
    };
    let app = repo.file("app");
    let first = list(&repo, &app, true);
    let cache = repo.file(".git/backlog-cache-app-backlog");
    let bytes = std::fs::read(&cache).expect("the cache of app/backlog");
    assert_eq!(
        String::from_utf8_lossy(&bytes)
            .matches("app/backlog/stories/PAY-")
            .count(),
        70
    );
    assert_eq!(list(&repo, &app, true).stdout, first.stdout);
    assert_eq!(list(&repo, &app, false).stdout, first.stdout);

    // A linked worktree has its own index, so its own cache beside it.
    let other = tempfile::tempdir().unwrap();
    let wt = other.path().join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap()]);
    for entry in std::fs::read_dir(wt.join("app/backlog/stories")).unwrap() {
        touch(&entry.unwrap().path(), PAST);
    }
    let mut refresh = std::process::Command::new("git");
    crate::common::clean_env(&mut refresh, repo.path());
    let refreshed = refresh
        .args(["update-index", "-q", "--refresh"])
        .current_dir(&wt)
        .status()
        .unwrap();
    assert!(refreshed.success());
    let there = list(&repo, &wt.join("app"), true);
    assert_eq!(
        there.stdout.replace(&wt.display().to_string(), ""),
        first.stdout.replace(&repo.path().display().to_string(), "")
    );
    let beside_its_index = repo.file(".git/worktrees/wt/backlog-cache-app-backlog");
    let theirs = std::fs::read(beside_its_index).expect("the worktree's own cache");
    assert_eq!(
        String::from_utf8_lossy(&theirs)
            .matches("app/backlog/stories/PAY-")
            .count(),
        70
    );
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        bytes,
        "the main cache changed"
    );
}

/// `check --staged` takes a staged story from the cache only when the cache holds that very
/// blob: here the index names a new blob while the work tree (and the cache) keep the old.
#[test]
fn check_staged_reads_a_staged_blob_the_cache_does_not_hold() {
    let repo = demo();
    settle(&repo);
    answer(&repo, &["list"], true);
    let five = repo.story_path("PAY-5");
    let staged = repo.read(&five).replace("status: done", "status: shipped");
    let blob_file = repo.file(".git/staged-five");
    std::fs::write(&blob_file, &staged).unwrap();
    let blob = repo.git(&["hash-object", "-w", blob_file.to_str().unwrap()]);
    repo.git(&[
        "update-index",
        "--cacheinfo",
        &format!("100644,{},{five}", blob.trim()),
    ]);
    for cache in [true, false] {
        let (code, out, _) = answer(&repo, &["check", "--staged"], cache);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("status: shipped"), "cache {cache}: {out}");
    }
}

const NAMES: &str = ".git/backlog-names";

#[test]
fn no_names_are_kept_where_there_is_no_backlog_folder() {
    // Kept, an empty list would vouch for no file at all once `init` made the folder.
    let repo = Repo::new();
    let (code, _, err) = answer(&repo, &["show", "PAY-1"], true);
    assert_ne!(code, 0, "{err}");
    assert!(!repo.file(NAMES).exists());
}

#[test]
fn a_story_is_found_by_the_kept_names_until_one_of_its_folders_changes() {
    let repo = demo();
    let old = "---\nid: PAY-90\ntitle: Old\ntype: story\n---\n";
    repo.write("backlog/stories/archive/PAY-90-old.md", old);
    // A second PAY-1 where no listing looks (a hidden folder), under a name as long as
    // the longest story's, to be planted in the kept names in its place.
    let longest = std::fs::read_dir(repo.file("backlog/stories"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .max_by_key(|name| name.len())
        .unwrap();
    let longest = format!("backlog/stories/{longest}");
    let head = "backlog/stories/.h/PAY-1-";
    let hidden = format!("{head}{}.md", "x".repeat(longest.len() - head.len() - 3));
    let pay1 = repo.read(&repo.story_path("PAY-1"));
    repo.write(&hidden, &pay1);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "An archive folder"]);
    // Names are kept only of folders that have not changed for 2 s: one changed within
    // the same time step as the listing may have gained a name it missed.
    answer(&repo, &["show", "PAY-1"], true);
    assert!(
        !repo.file(NAMES).exists(),
        "names of folders changed just now"
    );
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let show = |repo: &Repo, cache: bool| answer(repo, &["show", "PAY-1"], cache);
    let expected = show(&repo, false);
    assert_eq!(expected.0, 0, "{expected:?}");
    assert!(!expected.1.contains(".h/") && !expected.2.contains(".h/"));
    assert!(
        !repo.file(NAMES).exists(),
        "BACKLOG_NO_CACHE keeps no names"
    );
    assert_eq!(show(&repo, true), expected);
    let kept = std::fs::read(repo.file(NAMES)).expect("show kept the names it listed");

    // The hidden file's name planted in the kept names is taken for a file of the
    // folder: proof that show reads the names and lists no folder.
    let at = kept
        .windows(longest.len())
        .position(|w| w == longest.as_bytes())
        .unwrap();
    let mut planted = kept.clone();
    planted[at..at + hidden.len()].copy_from_slice(hidden.as_bytes());
    std::fs::write(repo.file(NAMES), planted).unwrap();
    let (code, out, err) = show(&repo, true);
    assert!(
        out.contains(".h/PAY-1-") || err.contains(".h/PAY-1-"),
        "{code} {out} {err}"
    );
    // A whole-backlog read takes its files from the kept names too.
    let (_, out, _) = answer(&repo, &["list", "--all", "--format", "json"], true);
    assert!(out.contains(&format!("\"path\": \"{hidden}\"")), "{out}");
    assert!(!out.contains(&format!("\"path\": \"{longest}\"")));

    // A name added to any listed folder (here a second PAY-1 in the archive) changes
    // that folder's stat data: the names are listed again and the duplicate is seen.
    repo.write("backlog/stories/archive/PAY-1-copy.md", &pay1);
    let now = show(&repo, false);
    assert!(
        now.1.contains("PAY-1-copy") || now.2.contains("PAY-1-copy"),
        "{now:?}"
    );
    assert_eq!(show(&repo, true), now);
    // So does a name removed, and damaged names are listed again too.
    std::fs::remove_file(repo.file("backlog/stories/archive/PAY-1-copy.md")).unwrap();
    for damaged in [&kept[..kept.len() / 2], b"not names", &[]] {
        std::fs::write(repo.file(NAMES), damaged).unwrap();
        assert_eq!(show(&repo, true), expected);
    }
}

/// Change the ID of a committed story (`from` to `to`, of the same length) so that git's
/// stat data does not show it: the size and the mtime stay, and ctime is not trusted.
fn hidden_id_change(repo: &Repo, from: &str, to: &str) {
    let path = repo.file(&repo.story_path(from));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(from.len(), to.len());
    std::fs::write(
        &path,
        text.replace(&format!("id: {from}\n"), &format!("id: {to}\n")),
    )
    .unwrap();
    touch(&path, PAST);
    assert_eq!(
        repo.git(&["diff-files", "--name-only", "--", "backlog"]),
        "",
        "git sees it"
    );
}

fn new_id(repo: &Repo, title: &str, cache: bool) -> String {
    let (code, out, err) = answer(repo, &["new", title, "-q"], cache);
    assert_eq!(code, 0, "{err}");
    out.trim().to_string()
}

#[test]
fn new_reads_only_the_files_git_does_not_vouch_for_and_passes_every_number_in_them() {
    let repo = demo();
    repo.git(&["config", "core.trustctime", "false"]);
    settle(&repo);
    // A file git vouches for is not read: its number is the index's (PAY-35 the highest),
    // as git itself would say. Read, it would be PAY-92.
    hidden_id_change(&repo, "PAY-12", "PAY-92");
    assert_eq!(new_id(&repo, "One", true), "PAY-36");
    assert_eq!(new_id(&repo, "Two", false), "PAY-93", "every file read");

    // What git does not vouch for is read: an untracked story named otherwise, a story
    // changed in the work tree, a file that does not parse (its name's number), and a
    // file staged and gone from the work tree (the index's number).
    let story = |id: &str| crate::common::story(id, "Elsewhere", "", "");
    repo.write("backlog/stories/notes.md", story("PAY-150"));
    assert_eq!(new_id(&repo, "Three", true), "PAY-151");
    let two = repo.file(&repo.story_path("PAY-2"));
    let text = std::fs::read_to_string(&two).unwrap();
    std::fs::write(&two, text.replace("id: PAY-2\n", "id: PAY-200\n")).unwrap();
    assert_eq!(new_id(&repo, "Four", true), "PAY-201");
    repo.write("backlog/stories/PAY-400-broken.md", "---\nid: [\n---\n");
    assert_eq!(new_id(&repo, "Five", true), "PAY-401");
    repo.write("backlog/stories/gone.md", story("PAY-500"));
    repo.git(&["add", "backlog/stories/gone.md"]);
    std::fs::remove_file(repo.file("backlog/stories/gone.md")).unwrap();
    assert_eq!(new_id(&repo, "Six", true), "PAY-501");
}

#[test]
fn new_reads_every_file_while_the_index_holds_a_conflict() {
    let repo = demo();
    repo.git(&["config", "core.trustctime", "false"]);
    repo.write("NOTES", "one\n");
    repo.git(&["add", "NOTES"]);
    repo.git(&["commit", "-q", "-m", "notes"]);
    repo.git(&["checkout", "-q", "-b", "other"]);
    repo.write("NOTES", "two\n");
    repo.git(&["commit", "-q", "-am", "two"]);
    repo.git(&["checkout", "-q", "-"]);
    repo.write("NOTES", "three\n");
    repo.git(&["commit", "-q", "-am", "three"]);
    settle(&repo);
    let merged = repo.git_output(&["merge", "-q", "other"]);
    assert!(!merged.status.success(), "the merge conflicts");
    hidden_id_change(&repo, "PAY-12", "PAY-92");
    let (code, out, err) = answer(
        &repo,
        &["new", "During the merge", "-q", "--no-commit"],
        true,
    );
    assert_eq!((code, out.trim()), (0, "PAY-93"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_reads_the_same_through_the_kept_names() {
    use std::os::unix::ffi::OsStrExt;
    let repo = demo();
    let name = std::ffi::OsStr::from_bytes(b"PAY-77-caf\xe9.md");
    let file = repo.file("backlog/stories").join(name);
    std::fs::write(&file, crate::common::story("PAY-77", "Caf\u{e9}", "", "")).unwrap();
    // Names are kept once every folder has been still for 2 s.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let args = ["list", "--all", "--format", "json"];
    let listed = answer(&repo, &args, false);
    assert!(listed.1.contains("PAY-77-caf\u{fffd}.md"), "{listed:?}");
    assert_eq!(answer(&repo, &args, true), listed, "names kept now");
    assert!(repo.file(NAMES).exists());
    assert_eq!(answer(&repo, &args, true), listed, "through the kept names");
    let shown = answer(&repo, &["show", "PAY-77"], true);
    assert_eq!(shown.0, 0, "{shown:?}");
}
