//! `man`: the manual, as git's `help` reads it: git-backlog(1) and one page per command.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::cli::{Cli, Ctx, Error, Result};
use crate::exit;

/// Print the manual page git-backlog(1), or install every page for `man` and `git help`
///
/// `git backlog --help` and `git help backlog` show git-backlog(1) once it is installed:
/// `git backlog man --install` writes it and one page per command (git-backlog-list(1),
/// git-backlog-sprint-plan(1), …) into ~/.local/share/man/man1, or DIR.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write every page into DIR (default: $XDG_DATA_HOME/man/man1, or
    /// ~/.local/share/man/man1) instead of printing git-backlog(1)
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = "")]
    pub install: Option<PathBuf>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let pages = pages();
    let Some(dir) = args.install else {
        ctx.out.write_all(&pages[0].1)?;
        return Ok(exit::OK);
    };
    let dir = if dir.as_os_str().is_empty() {
        default_dir().ok_or_else(|| {
            Error::Message("no HOME to install into; give a folder: --install DIR".into())
        })?
    } else {
        dir
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Message(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in &pages {
        let path = dir.join(name);
        backlog_git::fsutil::write_atomic(&path, text, false)
            .map_err(|e| Error::Message(format!("cannot write {}: {e}", path.display())))?;
    }
    ctx.status(&format!(
        "Installed {} manual pages in {}",
        pages.len(),
        dir.display()
    ))?;
    let root = dir.parent().unwrap_or(&dir);
    if !on_manpath(root) {
        ctx.status(&format!(
            "`man` does not look in {} yet: add it, for example in ~/.profile:\n    export MANPATH=\"{}:$MANPATH\"\nThen `git backlog --help` and `git help backlog` show the manual.",
            root.display(),
            root.display()
        ))?;
    } else {
        ctx.status(
            "`git backlog --help`, `git help backlog` and `man git-backlog-list` show them.",
        )?;
    }
    Ok(exit::OK)
}

fn default_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("man/man1"))
}

/// Whether `man` searches `root` (a folder holding man1/), as `manpath` says.
fn on_manpath(root: &Path) -> bool {
    let Ok(out) = std::process::Command::new("manpath").output() else {
        return false;
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .split(':')
        .any(|p| Path::new(p).canonicalize().is_ok_and(|p| p == root))
}

/// Every page, git-backlog.1 first: (file name, roff).
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let mut root = Cli::command().name("git-backlog").bin_name("git backlog");
    root.build();
    let mut out = Vec::new();
    let names: Vec<String> = commands(&root, &[])
        .iter()
        .map(|(path, _)| page_name(path))
        .collect();
    out.push(("git-backlog.1".to_string(), page(&root, &[], &names)));
    for (path, command) in commands(&root, &[]) {
        out.push((
            format!("{}.1", page_name(&path)),
            page(&command, &path, &names),
        ));
    }
    out
}

/// Every visible command below `command`, with its path of names, depth first.
fn commands(command: &clap::Command, path: &[String]) -> Vec<(Vec<String>, clap::Command)> {
    let mut out = Vec::new();
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        let mut here = path.to_vec();
        here.push(sub.get_name().to_string());
        out.push((here.clone(), sub.clone()));
        out.extend(commands(sub, &here));
    }
    out
}

fn page_name(path: &[String]) -> String {
    std::iter::once("git-backlog".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join("-")
}

/// One page: clap_mangen's sections for what it renders well (name, description,
/// options, commands), and ours for the rest.
fn page(command: &clap::Command, path: &[String], all: &[String]) -> Vec<u8> {
    let name = page_name(path);
    let invocation = std::iter::once("git backlog".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    let man = clap_mangen::Man::new(
        command
            .clone()
            .name(name.clone())
            .version(env!("CARGO_PKG_VERSION")),
    )
    .title(name.to_uppercase())
    .section("1")
    .source(format!("git-backlog {}", env!("CARGO_PKG_VERSION")))
    .manual("git-backlog Manual");
    let mut out = Vec::new();
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]);
    roff.text(synopsis(command, &invocation));
    let _ = out.write_all(roff.render().as_bytes());
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    if command.has_subcommands() {
        let _ = man.render_subcommands_section(&mut out);
    }
    let mut roff = Roff::new();
    let examples = examples(&invocation);
    if !examples.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", [] as [&str; 0]);
        for line in examples {
            roff.text([roman(line)]);
            roff.control("br", [] as [&str; 0]);
        }
        roff.control("fi", [] as [&str; 0]);
    }
    if path.is_empty() {
        roff.control("SH", ["ENVIRONMENT"]);
        for (var, what) in ENVIRONMENT {
            roff.control("TP", [] as [&str; 0]);
            roff.text([bold(*var)]);
            roff.text([roman(*what)]);
        }
    }
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "0 success; 1 problems found (check); 2 usage or runtime error, or unreadable story files.",
    )]);
    roff.control("SH", ["SEE ALSO"]);
    let related: Vec<&String> = if path.is_empty() {
        all.iter().collect()
    } else {
        // The main page, the parent's page and this command's own commands.
        all.iter()
            .filter(|n| {
                let parent = page_name(&path[..path.len() - 1]);
                **n == parent || (n.starts_with(&format!("{name}-")) && **n != name)
            })
            .collect()
    };
    let mut refs = Vec::new();
    if !path.is_empty() {
        refs.push("git-backlog(1)".to_string());
    }
    refs.extend(
        related
            .iter()
            .filter(|n| **n != "git-backlog")
            .map(|n| format!("{n}(1)")),
    );
    refs.push("git(1)".to_string());
    roff.text([roman(format!(
        "{}. The documentation, with every file format and JSON view: https://github.com/git-backlog/git-backlog/tree/main/docs",
        refs.join(", ")
    ))]);
    let _ = out.write_all(roff.render().as_bytes());
    let _ = man.render_version_section(&mut out);
    finish(&out)
}

/// The page as every roff reads it: non-ASCII characters (the help says `…` and `—`) as
/// groff's `\[uXXXX]` escapes (raw UTF-8 is an error to groff without preconv), and the
/// preamble that each clap_mangen section repeats kept once.
fn finish(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for line in text.lines() {
        if line.contains(".ds Aq") && !seen.insert(line) {
            continue;
        }
        for c in line.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                out.push_str(&format!("\\[u{:04X}]", c as u32));
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// `git backlog list [-s|--status STATUS]… <ID>…`: every visible argument of the command.
fn synopsis(command: &clap::Command, invocation: &str) -> Vec<clap_mangen::roff::Inline> {
    let mut parts = vec![bold(invocation.to_string())];
    let mut has_global = false;
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        if arg.is_global_set() && !invocation.eq("git backlog") {
            has_global = true;
            continue;
        }
        let many = matches!(
            arg.get_action(),
            clap::ArgAction::Append | clap::ArgAction::Count
        ) || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        let value = arg
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
        parts.push(roman(" "));
        if arg.is_positional() {
            let (open, close) = if arg.is_required_set() {
                ("<", ">")
            } else {
                ("[", "]")
            };
            parts.push(roman(open));
            parts.push(italic(value));
            parts.push(roman(close));
        } else {
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            parts.push(roman("["));
            let mut names = Vec::new();
            if let Some(short) = arg.get_short() {
                names.push(format!("-{short}"));
            }
            if let Some(long) = arg.get_long() {
                names.push(format!("--{long}"));
            }
            for (i, n) in names.iter().enumerate() {
                if i > 0 {
                    parts.push(roman("|"));
                }
                parts.push(bold(n.clone()));
            }
            if takes_value {
                parts.push(roman(" "));
                parts.push(italic(value));
            }
            parts.push(roman("]"));
        }
        if many {
            parts.push(roman("..."));
        }
    }
    if command.has_subcommands() {
        parts.push(roman(" "));
        parts.push(italic("command"));
    }
    if has_global {
        parts.push(roman(" [global options]"));
    }
    parts
}

/// The examples docs/commands.md gives for this command: the `$ git backlog …` lines of
/// its section that run it.
fn examples(invocation: &str) -> Vec<String> {
    const DOCS: &str = include_str!("../../docs/commands.md");
    let words: Vec<&str> = invocation.split(' ').collect();
    let Some(top) = words.get(2) else {
        return Vec::new();
    };
    let Some(section) = DOCS.split(&format!("\n## `{top}`")).nth(1) else {
        return Vec::new();
    };
    let section = section.split("\n## ").next().unwrap_or_default();
    let mut lines = Vec::new();
    let mut in_console = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        if in_console
            && let Some(command) = line.strip_prefix("$ ")
            && (command == invocation || command.starts_with(&format!("{invocation} ")))
        {
            lines.push(line.to_string());
        }
    }
    lines
}

/// Every environment variable git-backlog reads, with its default (docs/commands.md has
/// the same list).
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "BACKLOG_LOCK_TIMEOUT",
        "Seconds to wait for the backlog lock and git's index.lock before failing (default 20).",
    ),
    (
        "BACKLOG_COLOR",
        "auto, always or never: the same as --color (default auto).",
    ),
    (
        "BACKLOG_NO_COMMIT",
        "When true, write files without committing: the same as --no-commit (default false).",
    ),
    (
        "BACKLOG_NO_CACHE",
        "When true, read every story file instead of taking unchanged stories from the parsed-story cache in the git dir, and list the backlog's folders instead of using the file names kept there (default false).",
    ),
    (
        "BACKLOG_PREFIX",
        "The ID prefix init uses when --prefix is not given (default BL).",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour unless --color always.",
    ),
    (
        "COLUMNS",
        "The width tables are fitted to (default: the terminal's width; no limit when not a terminal).",
    ),
    (
        "VISUAL, EDITOR",
        "The editor for edit and new --edit, run through the shell (default vi).",
    ),
    (
        "GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL, GIT_AUTHOR_DATE, GIT_COMMITTER_NAME, GIT_COMMITTER_EMAIL, GIT_COMMITTER_DATE, EMAIL",
        "Who commits and when, exactly as for git commit (git-backlog asks git var). GIT_AUTHOR_DATE is also the day new uses for created: and the clock of the reports.",
    ),
    (
        "GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM, XDG_CONFIG_HOME, HOME",
        "Which git configuration is read, as git reads it (identity, commit.gpgSign, core.hooksPath).",
    ),
    (
        "XDG_DATA_HOME",
        "Where man --install puts the pages (default ~/.local/share, then man/man1).",
    ),
];
