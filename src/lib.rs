//! git-backlog: a Scrum product backlog kept as Markdown files in a git repository.
//!
//! The binary is a thin shell over [`run`]; everything else lives in this library.

pub mod backlog;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod edit;
pub mod fields;
pub mod frontmatter;
pub mod fsutil;
pub mod git;
pub mod history;
pub mod markdown;
pub mod merge;
pub mod metrics;
pub mod plan;
pub mod query;
pub mod rank;
pub mod render;
pub mod slug;
pub mod story;
pub mod suggest;
pub mod yaml;

pub use cli::run;

/// Exit codes, stable and documented in docs/commands.md.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// The command ran and found problems (reserved for `check`).
    pub const PROBLEMS: i32 = 1;
    /// A usage or runtime error, or a read command that met unreadable files.
    pub const ERROR: i32 = 2;
}
