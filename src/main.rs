//! git-backlog: a Scrum product backlog kept as Markdown files in a git repository.
//!
//! This binary is one front end over the core (`backlog-core`) and the git storage
//! (`backlog-git`): it parses arguments, calls them, and renders what they return.

mod cli;
mod mcp;
mod render;

/// Exit codes, stable and documented in docs/commands.md.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// The command ran and found problems (reserved for `check`).
    pub const PROBLEMS: i32 = 1;
    /// A usage or runtime error, or a read command that met unreadable files.
    pub const ERROR: i32 = 2;
}

fn main() {
    // A shell asking for completions (see `completions`) gets them and nothing else.
    cli::completions::answer_the_shell();
    let code = cli::run(std::env::args_os());
    std::process::exit(code);
}
