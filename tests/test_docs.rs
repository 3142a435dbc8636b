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
    let man = run(&["man"]);
    assert!(
        man.contains(".TH GIT-BACKLOG 1") && man.contains("merge\\-driver"),
        "{}",
        &man[..200.min(man.len())]
    );
}

/// Run `script` with the shell `shell`, the binary under test on PATH.
fn in_shell(shell: &std::path::Path, script: &str) -> crate::common::Out {
    let mut cmd = std::process::Command::new(shell);
    cmd.args(["-c", script])
        .env("PATH", crate::common::path_with_binary());
    crate::common::run(&mut cmd)
}

#[test]
fn bash_completes_commands_and_options() {
    let bash = crate::common::client("bash", "apt-get install bash");
    // What bash does on <TAB>: the function `complete` registered, called with the words.
    let complete = |words: &str, cword: usize| {
        let out = in_shell(
            &bash,
            &format!(
                "source <(git-backlog completions bash) || exit 3
                 fn=$(complete -p git-backlog | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p')
                 COMP_WORDS=({words}); COMP_CWORD={cword}
                 COMP_LINE=\"{words}\"; COMP_POINT=${{#COMP_LINE}}
                 \"$fn\" git-backlog \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"
                 printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ),
        );
        assert_eq!(out.code, 0, "{out:?}");
        out.stdout
    };
    assert_eq!(complete("git-backlog ren", 1), "renumber\n");
    let sprint = complete("git-backlog sprint ", 2);
    for action in ["start", "review", "close", "plan"] {
        assert!(sprint.lines().any(|l| l == action), "{sprint}");
    }
    let close = complete("git-backlog sprint close S1 --g", 4);
    assert_eq!(close, "--goal\n");
}

#[test]
fn fish_completes_commands_with_their_descriptions() {
    let fish = crate::common::client("fish", "apt-get install fish");
    let out = in_shell(
        &fish,
        "git-backlog completions fish | source; complete -C 'git-backlog ren'; complete -C 'git-backlog release '",
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("renumber\tGive a story a new ID")),
        "{}",
        out.stdout
    );
    for action in ["new", "list", "show", "close"] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.starts_with(&format!("{action}\t"))),
            "release {action}: {}",
            out.stdout
        );
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
