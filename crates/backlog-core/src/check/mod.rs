//! `check`: the backlog's rules. Each rule has a stable code and name, a default severity
//! that config.yml can change, and reports diagnostics at a file, line and column.

use serde::Serialize;

use crate::backlog::Backlog;
use crate::config::Config;
use crate::story::Story;
use crate::types::{RepoPath, StoryId};

mod criteria;
pub mod graph;
mod planning;
mod values;

pub use crate::rules::{OptionKind, RULES, Rule, Severity, rule};

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    #[serde(rename = "rule")]
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub path: RepoPath,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    pub story: Option<StoryId>,
}

/// What rules see: the backlog and its config.
pub struct Context<'a> {
    pub backlog: &'a Backlog,
    pub config: &'a Config,
    out: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    fn new(backlog: &'a Backlog) -> Self {
        Context {
            backlog,
            config: &backlog.config,
            out: Vec::new(),
        }
    }

    /// Report a problem under rule `name`, with the severity config.yml gives it.
    pub fn report(&mut self, name: &str, at: Place<'_>, message: String, hint: Option<String>) {
        let rule = rule(name);
        let severity = self.severity(rule);
        if severity == Severity::Off {
            return;
        }
        self.out.push(Diagnostic {
            code: rule.code,
            name: rule.name,
            severity,
            path: at.path.into(),
            line: at.line.max(1),
            column: at.column.max(1),
            message,
            hint,
            story: at.story.map(StoryId::from),
        });
    }

    pub fn severity(&self, rule: &Rule) -> Severity {
        self.config
            .rules
            .get(rule.name)
            .and_then(|r| r.severity)
            .unwrap_or(rule.severity)
    }

    /// A list option of a rule, or `default`.
    pub fn list_option(&self, rule: &str, option: &str, default: Vec<String>) -> Vec<String> {
        match self
            .config
            .rules
            .get(rule)
            .and_then(|r| r.options.get(option))
        {
            Some(crate::config::OptionValue::List(list)) => list.clone(),
            _ => default,
        }
    }

    pub fn number_option(&self, rule: &str, option: &str, default: f64) -> f64 {
        self.config.rule_number(rule, option, default)
    }

    pub fn exists(&self, id: &str) -> bool {
        !self.backlog.find(id).is_empty()
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    pub story: Option<&'a str>,
}

impl<'a> Place<'a> {
    pub fn story(s: &'a Story, pos: impl Into<crate::yaml::Pos>) -> Self {
        let pos = pos.into();
        Place {
            path: &s.path,
            line: pos.line,
            column: pos.col,
            story: Some(&s.id),
        }
    }

    /// The start of the story file (its opening `---`).
    pub fn top(s: &'a Story) -> Self {
        Place {
            path: &s.path,
            line: 1,
            column: 1,
            story: Some(&s.id),
        }
    }

    /// Where the key `field` is, or the top of the file.
    pub fn key(s: &'a Story, field: &str) -> Self {
        s.place(field)
            .map_or(Place::top(s), |p| Place::story(s, p.key))
    }

    /// Where the value of `field` is, or the top of the file.
    pub fn value(s: &'a Story, field: &str) -> Self {
        s.place(field)
            .map_or(Place::top(s), |p| Place::story(s, p.value))
    }

    pub fn line(s: &'a Story, line: usize) -> Self {
        Place {
            path: &s.path,
            line,
            column: 1,
            story: Some(&s.id),
        }
    }
}

/// Every diagnostic of the backlog, in file order.
pub fn check(backlog: &Backlog) -> Vec<Diagnostic> {
    let mut cx = Context::new(backlog);
    for problem in &backlog.problems {
        let at = Place {
            path: &problem.path,
            line: problem.line,
            column: problem.col,
            story: None,
        };
        cx.report(
            "parse-error",
            at,
            problem.message.clone(),
            Some("fix the file; `git backlog edit ID` opens it in your editor".into()),
        );
    }
    values::check(&mut cx);
    criteria::check(&mut cx);
    graph::check(&mut cx);
    planning::check(&mut cx);
    let mut out = cx.out;
    out.sort_by(|a, b| {
        (a.path.as_str(), a.line, a.column, a.code).cmp(&(
            b.path.as_str(),
            b.line,
            b.column,
            b.code,
        ))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code, format!("BL{:03}", i + 1));
            assert!(RULES.iter().filter(|o| o.name == r.name).count() == 1);
        }
    }
}
