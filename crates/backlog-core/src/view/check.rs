//! `check --format json`: the diagnostics and a summary.

use schemars::JsonSchema;
use serde::Serialize;

use crate::check::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct CheckSummary {
    pub errors: usize,
    pub warnings: usize,
    /// The stories checked (or, with `--since`/`--staged`, reported on).
    pub stories: usize,
}

impl CheckSummary {
    /// The counts of `diagnostics`, over `stories` stories.
    pub fn of(diagnostics: &[Diagnostic], stories: usize) -> Self {
        let count = |level| diagnostics.iter().filter(|d| d.severity == level).count();
        CheckSummary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            stories,
        }
    }
}

/// `check --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckView<'a> {
    pub summary: CheckSummary,
    pub diagnostics: &'a [Diagnostic],
}
