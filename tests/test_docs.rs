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
    assert!(readme.contains("cargo test"));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(
        ci.contains("cargo test"),
        ".ci/run runs the README's test command"
    );
}

#[test]
fn completions_and_a_man_page() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(BIN).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let bash = run(&["completions", "bash"]);
    assert!(
        bash.contains("git__backlog") && bash.contains("renumber"),
        "every command completes"
    );
    assert!(run(&["completions", "zsh"]).starts_with("#compdef git-backlog"));
    let man = run(&["man"]);
    assert!(
        man.contains(".TH git-backlog 1") && man.contains("merge\\-driver"),
        "{}",
        &man[..200.min(man.len())]
    );
}
