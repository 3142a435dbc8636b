//! A command a user cannot discover does not exist: every command and flag is in
//! docs/commands.md, and the README names the two commands a newcomer runs.

use crate::common::BIN;

fn help(args: &[&str]) -> String {
    let out = std::process::Command::new(BIN)
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The long flags in a help text.
fn flags(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|l| l.trim_start().split("--").nth(1))
        .filter_map(|rest| {
            rest.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .next()
        })
        .filter(|f| !f.is_empty() && *f != "help" && *f != "version")
        .map(|f| format!("--{f}"))
        .collect()
}

#[test]
fn every_command_and_flag_is_documented() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/commands.md")).unwrap();
    let top = help(&[]);
    let commands: Vec<&str> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        // A command's line is indented two spaces; its help may wrap onto deeper lines.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.contains(&"new"), "{commands:?}");
    let global = flags(&top);
    for flag in &global {
        assert!(
            docs.contains(flag.as_str()),
            "docs/commands.md does not mention the global flag {flag}"
        );
    }
    for command in commands {
        assert!(
            docs.contains(&format!("## `{command}`")),
            "docs/commands.md has no section for {command}"
        );
        let section = docs
            .split(&format!("## `{command}`"))
            .nth(1)
            .unwrap()
            .split("\n## ")
            .next()
            .unwrap();
        for flag in flags(&help(&[command]))
            .into_iter()
            .filter(|f| !global.contains(f))
        {
            assert!(
                section.contains(&flag),
                "docs/commands.md does not document {command} {flag}"
            );
        }
        assert!(
            section.contains("```"),
            "the {command} section has no example"
        );
    }
}

#[test]
fn the_readme_gives_the_two_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains("cargo run -- -C examples/demo list"));
    assert!(readme.contains("\nbash .ci/test "));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l == "bash .ci/test"),
        ".ci/run runs the README's test command"
    );
    let test = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/test")).unwrap();
    assert!(test.contains("\ncargo test --locked"), "{test}");
}

#[test]
fn completions_and_a_man_page() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["completions", "zsh"]).starts_with("#compdef git-backlog"));
    assert!(run(&["completions", "bash"]).contains("_git_backlog()"));
    let man = run(&["man"]);
    assert!(
        man.contains(".TH GIT-BACKLOG 1") && man.contains("merge\\-driver"),
        "{}",
        &man[..200.min(man.len())]
    );
}

/// A backlog to complete in: three stories, a sprint, a release.
fn completion_repo() -> crate::common::Repo {
    let repo = crate::common::Repo::with_backlog();
    repo.run(&["new", "Refund a card payment", "-q"]).ok();
    repo.run(&["new", "Export to CSV", "-q"]).ok();
    repo.run(&["new", "Partial refunds", "-q"]).ok();
    repo.run(&[
        "sprint",
        "start",
        "2026-S25",
        "--goal",
        "Refunds",
        "--capacity",
        "20",
    ])
    .ok();
    repo.run(&["release", "new", "2.0", "--target", "2027-01-31"])
        .ok();
    repo
}

/// Run `script` with the shell `shell` in `repo`, the binary under test on PATH.
fn in_shell(
    shell: &std::path::Path,
    repo: &crate::common::Repo,
    script: &str,
) -> crate::common::Out {
    let mut cmd = std::process::Command::new(shell);
    crate::common::clean_env(&mut cmd, repo.path());
    cmd.args(["-c", script])
        .current_dir(repo.path())
        .env("PATH", crate::common::path_with_binary());
    crate::common::run(&mut cmd)
}

#[test]
fn bash_completes_commands_options_and_the_backlogs_values() {
    let bash = crate::common::client("bash", "apt-get install bash");
    let repo = completion_repo();
    // What bash does on <TAB>: the function `complete` registered for the command, called
    // with the words. For `git backlog`, git's own completion (Debian's git ships it)
    // calls `_git_backlog`.
    let complete = |line: &str| {
        let words: Vec<&str> = line.split(' ').collect();
        let out = in_shell(
            &bash,
            &repo,
            &format!(
                "[ -f /usr/share/bash-completion/completions/git ] && source /usr/share/bash-completion/completions/git
                 source <(git-backlog completions bash) || exit 3
                 COMP_WORDS=({words}); COMP_CWORD={cword}
                 COMP_LINE=\"{line}\"; COMP_POINT=${{#COMP_LINE}}
                 if [ \"${{COMP_WORDS[0]}}\" = git ]; then
                     __git_wrap__git_main || exit 4
                 else
                     fn=$(complete -p git-backlog | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
                     \"$fn\" git-backlog \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"
                 fi
                 printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                words = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
                cword = words.len() - 1,
            ),
        );
        assert_eq!(out.code, 0, "{line}: {out:?}");
        out.stdout
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(complete("git-backlog ren"), ["renumber"]);
    assert_eq!(complete("git-backlog sprint close S1 --g"), ["--goal"]);
    assert_eq!(
        complete("git-backlog show PAY-"),
        ["PAY-1", "PAY-2", "PAY-3"]
    );
    assert_eq!(complete("git-backlog check --format j"), ["json", "junit"]);
    assert_eq!(
        complete("git-backlog list --status "),
        ["draft", "ready", "doing", "review", "done"]
    );
    assert_eq!(complete("git-backlog new x --priority s"), ["should"]);
    assert_eq!(complete("git-backlog sprint plan 2026"), ["2026-S25"]);
    assert_eq!(complete("git-backlog release show 2"), ["2.0"]);
    // The same through git: `git backlog …`, also after git's own options.
    assert_eq!(complete("git backl"), ["backlog"]);
    assert_eq!(
        complete("git backlog show PAY-"),
        ["PAY-1", "PAY-2", "PAY-3"]
    );
    assert_eq!(
        complete("git -C . backlog move PAY-1 d"),
        ["draft", "doing", "done"]
    );
}

#[test]
fn fish_completes_commands_ids_and_values_with_descriptions() {
    let fish = crate::common::client("fish", "apt-get install fish");
    let repo = completion_repo();
    let complete = |line: &str| {
        let out = in_shell(
            &fish,
            &repo,
            &format!("git-backlog completions fish | source; complete -C '{line}'"),
        );
        assert_eq!(out.code, 0, "{out:?}");
        out.stdout
    };
    assert!(
        complete("git-backlog ren")
            .lines()
            .any(|l| l.starts_with("renumber\tGive a story a new ID")),
    );
    for line in ["git-backlog show PAY-", "git backlog show PAY-"] {
        assert_eq!(
            complete(line),
            "PAY-1\trefund a card payment\nPAY-2\texport to csv\nPAY-3\tpartial refunds\n",
            "{line}"
        );
    }
    assert_eq!(complete("git backlog list --priority m"), "must\n");
    let release = complete("git-backlog release ");
    for action in ["new", "list", "show", "close"] {
        assert!(
            release
                .lines()
                .any(|l| l.starts_with(&format!("{action}\t"))),
            "{release}"
        );
    }
}

#[test]
fn zsh_completes_ids_for_git_backlog_and_through_git() {
    let zsh = crate::common::client("zsh", "apt-get install zsh");
    let repo = completion_repo();
    // zsh completes only in an interactive shell: drive one on a pseudo-terminal (zpty)
    // and read what it lists after two <TAB>s.
    for line in ["git-backlog show PAY-", "git backlog show PAY-"] {
        let script = format!(
            r#"zmodload zsh/zpty
zpty -b z 'zsh -f -i'
zpty -w z 'PS1="> "; autoload -Uz compinit; compinit -u -d "$HOME/.zcompdump"; source <(git-backlog completions zsh)'
sleep 1
zpty -w -n z $'{line}\t\t'
sleep 2
out=""
while zpty -r -t z chunk 2>/dev/null; do out+=$chunk; done
print -r -- "$out"
zpty -d z"#
        );
        let out = in_shell(&zsh, &repo, &script);
        let text = out.stdout.replace('\r', "");
        for (id, title) in [
            ("PAY-1", "refund a card payment"),
            ("PAY-2", "export to csv"),
        ] {
            assert!(
                text.lines().any(|l| l.contains(id) && l.contains(title)),
                "{line}: {id} -- {title} in {text:?}"
            );
        }
    }
}

#[test]
fn man_renders_the_man_page_without_warnings() {
    let man = crate::common::client("man", "apt-get install man-db groff-base");
    let groff = crate::common::client("groff", "apt-get install groff-base");
    let dir = tempfile::tempdir().unwrap();
    let man1 = dir.path().join("man1");
    let out = crate::common::run(
        std::process::Command::new(BIN)
            .args(["man", "--install"])
            .arg(&man1),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stderr.contains("export MANPATH="), "{}", out.stderr);
    let pages: Vec<String> = std::fs::read_dir(&man1)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    for must in [
        "git-backlog.1",
        "git-backlog-list.1",
        "git-backlog-sprint-plan.1",
        "git-backlog-mcp.1",
    ] {
        assert!(pages.iter().any(|p| p == must), "{must} in {pages:?}");
    }
    // `git backlog man` prints the main page itself.
    let printed = std::process::Command::new(BIN).arg("man").output().unwrap();
    assert_eq!(
        printed.stdout,
        std::fs::read(man1.join("git-backlog.1")).unwrap()
    );
    for page in &pages {
        // groff with every warning on: each page is well-formed roff.
        let checked = crate::common::run(
            std::process::Command::new(&groff)
                .args(["-man", "-Tutf8", "-ww", "-z"])
                .arg(man1.join(page)),
        );
        assert_eq!(
            (checked.code, checked.stderr.as_str()),
            (0, ""),
            "{page}: {checked:?}"
        );
        // Every page it refers to exists.
        let text = std::fs::read_to_string(man1.join(page)).unwrap();
        for reference in text.split([' ', ',']).filter_map(|w| w.strip_suffix("(1)")) {
            let reference = reference.replace("\\-", "-");
            if reference.starts_with("git-backlog") {
                assert!(
                    pages.contains(&format!("{reference}.1")),
                    "{page} refers to {reference}(1)"
                );
            }
        }
    }
    // What a user reads with `man`: the synopsis names the real options.
    let shown = |page: &str| {
        let mut out = crate::common::run(
            std::process::Command::new(&man)
                .arg("-l")
                .arg(man1.join(page))
                .env("MANPAGER", "cat")
                .env("MANWIDTH", "250")
                .env("LANG", "C.UTF-8"),
        );
        // Justified text: one space wherever groff put several.
        out.stdout = out
            .stdout
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out
    };
    let main = shown("git-backlog.1");
    for text in [
        "NAME",
        "git-backlog - Keep a Scrum product backlog",
        "git backlog [-C DIR]... [--color WHEN]",
        "SUBCOMMANDS",
        "merge-driver",
        "ENVIRONMENT",
        "BACKLOG_LOCK_TIMEOUT",
        "git-backlog-list(1)",
    ] {
        assert!(main.stdout.contains(text), "{text}: {}", main.stdout);
    }
    assert!(
        !main.stdout.contains("docs/commands.md"),
        "no relative paths"
    );
    // The environment is documented in one list, the same in the man page and the docs.
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/commands.md")).unwrap();
    let environment = main
        .stdout
        .split("ENVIRONMENT")
        .nth(1)
        .unwrap()
        .split("EXIT STATUS")
        .next()
        .unwrap();
    let variables: Vec<&str> = environment
        .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
        .filter(|w| w.len() > 3 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    assert!(variables.len() >= 15, "{variables:?}");
    for var in variables {
        assert!(
            docs.contains(&format!("`{var}`")),
            "docs/commands.md does not list {var}"
        );
    }
    let list = shown("git-backlog-list.1");
    for text in [
        "git backlog list [-s|--status STATUS]...",
        "[-g|--grep TEXT]",
        "EXAMPLES",
        "$ git backlog list --status ready --label payments",
        "git-backlog(1)",
    ] {
        assert!(list.stdout.contains(text), "{text}: {}", list.stdout);
    }

    // git's own help finds it: `git backlog --help` and `git help backlog`.
    for args in [&["backlog", "--help"][..], &["help", "backlog"]] {
        let repo = crate::common::Repo::new();
        let mut git = crate::common::with_binary(&repo, "git");
        git.args(args)
            .env("MANPATH", format!("{}:", dir.path().display()))
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "100");
        let out = crate::common::run(&mut git);
        assert_eq!(out.code, 0, "git {args:?}: {out:?}");
        assert!(
            out.stdout.contains("GIT-BACKLOG(1)") && out.stdout.contains("SYNOPSIS"),
            "git {args:?}: {}",
            out.stdout
        );
    }
}
