//! The core of git-backlog: the story and config model, the front-matter splitter, the
//! YAML tree with spans, span-exact edits, ranking, queries, planning, the check rules and
//! their diagnostics, the merge of story files, metrics and the history types.
//!
//! It names no git library and no terminal: the storage crate (`backlog-git`) loads and
//! commits, and front ends (the `git-backlog` command line) parse arguments and render.

pub mod backlog;
pub mod change;
pub mod check;
pub mod config;
pub mod date;
pub mod edit;
pub mod error;
pub mod fields;
pub mod file;
pub mod forecast;
pub mod frontmatter;
pub mod fuzzing;
pub mod history;
pub mod import;
pub mod markdown;
pub mod merge;
pub mod metrics;
pub mod number;
pub mod ops;
mod packed;
pub mod places;
pub mod plan;
pub mod product;
pub mod query;
pub mod rank;
pub mod release;
pub mod rules;
pub mod schema;
pub mod shell;
pub mod slug;
pub mod sprint;
pub mod story;
pub mod story_codec;
pub mod suggest;
pub mod types;
pub mod view;
pub mod yaml;
