//! `completions`: shell completion for `git-backlog …` and for `git backlog …`.
//!
//! The shell asks the binary itself (clap_complete's dynamic engine, through
//! `GIT_BACKLOG_COMPLETE`), so completion knows what a static script cannot: story IDs,
//! and the statuses, types, priorities, sprints and releases of this backlog. IDs come from
//! the story file names (IDs are in them), without parsing a story: fast at any size.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::env::{Bash, EnvCompleter, Zsh};
use clap_complete::{ArgValueCandidates, CompletionCandidate};

use backlog_core::backlog::{self, Backlog};
use backlog_core::config::Config;

use crate::cli::{Cli, Ctx, Result};
use crate::exit;

/// The variable the shell scripts set to ask for completions.
const VAR: &str = "GIT_BACKLOG_COMPLETE";

/// Print the shell completion script for bash, zsh, fish, elvish or powershell
///
/// The script asks git-backlog for the completions, so they include this backlog's story
/// IDs, statuses, types, priorities, sprints and releases. bash and zsh scripts also
/// complete `git backlog …` when git's own completion is loaded; fish's git completion
/// does so too.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    use clap_complete::Shell;
    let mut text = Vec::new();
    let bin = "git-backlog";
    match args.shell {
        Shell::Bash => {
            Bash.write_registration(VAR, bin, bin, bin, &mut text)?;
            text.extend_from_slice(GIT_BASH.as_bytes());
        }
        Shell::Zsh => {
            Zsh.write_registration(VAR, bin, bin, bin, &mut text)?;
            text.extend_from_slice(GIT_ZSH.as_bytes());
        }
        Shell::Fish => text.extend_from_slice(FISH.as_bytes()),
        other => {
            let shells = clap_complete::env::Shells::builtins();
            if let Some(shell) = shells.completer(&other.to_string()) {
                shell.write_registration(VAR, bin, bin, bin, &mut text)?;
            }
        }
    }
    ctx.out.write_all(&text)?;
    Ok(exit::OK)
}

/// Answer the shell's question and exit, when this process was started to complete a
/// command line (`GIT_BACKLOG_COMPLETE` is set); otherwise return at once.
pub fn answer_the_shell() {
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .bin("git-backlog")
        .complete();
}

/// `git backlog …` in bash, through git's completion: `_git_backlog` is what it calls for
/// the command `backlog`. The words after `backlog` become a `git-backlog` command line.
const GIT_BASH: &str = r#"
_git_backlog() {
    local at=${__git_cmd_idx:-1}
    local COMP_WORDS=(git-backlog "${COMP_WORDS[@]:at+1}")
    local COMP_CWORD=$((COMP_CWORD - at))
    _clap_complete_git_backlog git-backlog "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
"#;

/// `git backlog …` in zsh, through git's completion: `_git-backlog` is what `_git` calls
/// for a `git-backlog` command on PATH.
const GIT_ZSH: &str = r#"
_git-backlog() {
    local -a words=(git-backlog "${(@)words[2,-1]}")
    _clap_dynamic_completer_git_backlog "$@"
}
"#;

/// fish: `git-backlog …` directly, and `git … backlog …` through fish's git completion.
const FISH: &str = r#"function __git_backlog_complete
    set -l tokens (commandline --current-process --tokenize --cut-at-cursor)
    if test "$tokens[1]" = git
        set -l at (contains --index -- backlog $tokens)
        set tokens git-backlog $tokens[(math $at + 1)..-1]
    end
    GIT_BACKLOG_COMPLETE=fish git-backlog -- $tokens (commandline --current-token)
end
complete --keep-order --exclusive --command git-backlog --arguments "(__git_backlog_complete)"
complete --keep-order --exclusive --command git --condition "__fish_seen_subcommand_from backlog" --arguments "(__git_backlog_complete)"
complete --no-files --command git --condition "functions -q __fish_git_needs_command; and __fish_git_needs_command" --arguments backlog --description "The product backlog (git-backlog)"
"#;

/// The command line as the completion engine sees it: every argument that names a story,
/// a status, a type, a priority, a sprint or a release offers this backlog's values.
fn command() -> clap::Command {
    with_candidates(
        Cli::command().name("git-backlog").bin_name("git-backlog"),
        "",
    )
}

fn with_candidates(command: clap::Command, parent: &str) -> clap::Command {
    let name = command.get_name().to_string();
    let parent_now = parent.to_string();
    let command = command.mut_args(|arg| {
        let values: Option<fn() -> Vec<CompletionCandidate>> =
            match (parent_now.as_str(), name.as_str(), arg.get_id().as_str()) {
                // `move ID… STATUS`: after the first ID, either may come.
                (_, "move", "ids") => Some(ids_and_statuses),
                (_, _, "id" | "ids" | "story" | "epic" | "depends_on" | "before" | "after") => {
                    Some(story_ids)
                }
                (_, "list" | "new" | "move", "status") => Some(statuses),
                (_, _, "kind") => Some(types),
                (_, _, "priority") => Some(priorities),
                (_, _, "sprint") => Some(sprints),
                ("sprint", "close", "to") => Some(sprints),
                ("sprint", "review" | "close" | "plan" | "show", "name") => Some(sprints),
                (_, _, "release") => Some(releases),
                ("release", "show" | "close", "name") => Some(releases),
                _ => None,
            };
        match values {
            Some(values) => arg.add(ArgValueCandidates::new(values)),
            None => arg,
        }
    });
    command.mut_subcommands(|sub| with_candidates(sub, &name))
}

/// Where the backlog is, seen from the shell's current folder.
fn here() -> Option<(PathBuf, PathBuf)> {
    let cwd = std::env::current_dir().ok()?;
    let repo = backlog_git::Repo::discover(&cwd).ok()?;
    let root = repo.workdir().to_path_buf();
    let base = Backlog::locate(&root, &cwd);
    Some((root, base))
}

fn config() -> Option<Config> {
    let (root, base) = here()?;
    Backlog::load_config(&root, &base).ok()
}

fn plain(values: &[String]) -> Vec<CompletionCandidate> {
    values.iter().map(CompletionCandidate::new).collect()
}

fn ids_and_statuses() -> Vec<CompletionCandidate> {
    let mut out = story_ids();
    out.extend(statuses());
    out
}

fn statuses() -> Vec<CompletionCandidate> {
    config().map(|c| plain(&c.statuses)).unwrap_or_default()
}

fn types() -> Vec<CompletionCandidate> {
    config().map(|c| plain(&c.types)).unwrap_or_default()
}

fn priorities() -> Vec<CompletionCandidate> {
    config().map(|c| plain(&c.priorities)).unwrap_or_default()
}

/// Sprints named in config.yml and those with a file under backlog/sprints/.
fn sprints() -> Vec<CompletionCandidate> {
    let mut names: Vec<String> = config()
        .map(|c| c.sprints.keys().cloned().collect())
        .unwrap_or_default();
    if let Some((_, base)) = here() {
        names.extend(stems(&base.join(backlog::SPRINTS_DIR)));
    }
    names.sort();
    names.dedup();
    plain(&names)
}

fn releases() -> Vec<CompletionCandidate> {
    let Some((_, base)) = here() else {
        return Vec::new();
    };
    plain(&stems(&base.join(backlog::RELEASES_DIR)))
}

/// The names of the Markdown files in `dir`, without `.md`.
fn stems(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let name = name.to_str()?;
            name.strip_suffix(".md").map(String::from)
        })
        .collect();
    out.sort();
    out
}

/// The story IDs, from the file names (`PAY-12-refund-a-card.md`: `PAY-12`, with the title
/// words as help), in ID order.
fn story_ids() -> Vec<CompletionCandidate> {
    let Some((root, base)) = here() else {
        return Vec::new();
    };
    let prefix = Backlog::load_config(&root, &base)
        .map(|c| c.prefix)
        .unwrap_or_default();
    let mut found: Vec<(String, String)> = Vec::new();
    let mut dirs = vec![base.join(backlog::STORIES_DIR)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension() == Some(OsStr::new("md"))
                && let Some(stem) = path.file_stem().and_then(OsStr::to_str)
                && let Some(rest) = stem.strip_prefix(&format!("{prefix}-"))
            {
                let (number, slug) = rest.split_once('-').unwrap_or((rest, ""));
                found.push((format!("{prefix}-{number}"), slug.replace('-', " ")));
            }
        }
    }
    found.sort_by(|a, b| backlog_core::story::id_order(&a.0, &b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    found
        .into_iter()
        .map(|(id, title)| CompletionCandidate::new(id).help(Some(title.into())))
        .collect()
}
