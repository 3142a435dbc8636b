//! One model, several renderers: JSON, CSV, Markdown and terminal tables.

pub mod board;
pub mod csv;
pub mod depgraph;
pub mod diagnostics;
pub mod escape;
pub mod markdown;
pub mod site;
pub mod svg;
pub mod table;
