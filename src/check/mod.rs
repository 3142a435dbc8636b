//! `check`: the backlog's rules. Each rule has a stable code and name, a default severity
//! that config.yml can change, and reports diagnostics at a file, line and column.

use serde::Serialize;

use crate::backlog::Backlog;
use crate::config::Config;
use crate::story::Story;

mod criteria;
pub mod format;
pub mod graph;
mod planning;
mod values;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "off" => Some(Severity::Off),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The kind of value a rule option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    List,
    Number,
}

/// A rule: what it checks, and how it can be configured.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub options: &'static [(&'static str, OptionKind)],
}

pub const RULES: &[Rule] = &[
    Rule {
        code: "BL001",
        name: "parse-error",
        severity: Severity::Error,
        summary: "The story file cannot be read: YAML error, unclosed front matter, merge-conflict markers, not UTF-8, or too large",
        options: &[],
    },
    Rule {
        code: "BL002",
        name: "missing-field",
        severity: Severity::Error,
        summary: "A field that config.yml requires is missing",
        options: &[],
    },
    Rule {
        code: "BL003",
        name: "missing-acceptance-criteria",
        severity: Severity::Error,
        summary: "The story has no acceptance criteria",
        options: &[("types", OptionKind::List), ("statuses", OptionKind::List)],
    },
    Rule {
        code: "BL004",
        name: "empty-criterion",
        severity: Severity::Error,
        summary: "An acceptance criterion has no text",
        options: &[],
    },
    Rule {
        code: "BL005",
        name: "invalid-value",
        severity: Severity::Error,
        summary: "A value is not allowed: status, type, priority, points off the scale, or a date that is not a date",
        options: &[],
    },
    Rule {
        code: "BL006",
        name: "duplicate-id",
        severity: Severity::Error,
        summary: "Two stories have the same ID",
        options: &[],
    },
    Rule {
        code: "BL007",
        name: "file-name-mismatch",
        severity: Severity::Warning,
        summary: "The file name does not start with the story's ID",
        options: &[],
    },
    Rule {
        code: "BL008",
        name: "user-story-form",
        severity: Severity::Warning,
        summary: "The description is not a user story: As a <role> I want <goal> so that <benefit>",
        options: &[("types", OptionKind::List)],
    },
    Rule {
        code: "BL009",
        name: "unknown-reference",
        severity: Severity::Error,
        summary: "`depends_on` or `epic` names a story that does not exist",
        options: &[],
    },
    Rule {
        code: "BL010",
        name: "dependency-cycle",
        severity: Severity::Error,
        summary: "Stories depend on each other in a cycle",
        options: &[],
    },
    Rule {
        code: "BL011",
        name: "epic-not-epic",
        severity: Severity::Error,
        summary: "`epic` names a story that is not of type epic",
        options: &[],
    },
    Rule {
        code: "BL012",
        name: "done-with-open-criteria",
        severity: Severity::Error,
        summary: "A story in a done status has unchecked acceptance criteria",
        options: &[],
    },
    Rule {
        code: "BL013",
        name: "definition-of-ready",
        severity: Severity::Warning,
        summary: "A ready story lacks what the Definition of Ready asks for: points, value, criteria",
        options: &[
            ("statuses", OptionKind::List),
            ("require", OptionKind::List),
        ],
    },
    Rule {
        code: "BL014",
        name: "too-large",
        severity: Severity::Warning,
        summary: "The story is larger than the maximum points (INVEST: small)",
        options: &[("max_points", OptionKind::Number)],
    },
    Rule {
        code: "BL015",
        name: "sprint-over-capacity",
        severity: Severity::Warning,
        summary: "A sprint's committed points exceed its capacity",
        options: &[],
    },
];

pub fn rule(name: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.name == name || r.code == name)
        .unwrap_or(&RULES[0])
}

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    #[serde(rename = "rule")]
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    pub story: Option<String>,
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
            path: at.path.to_string(),
            line: at.line.max(1),
            column: at.column.max(1),
            message,
            hint,
            story: at.story.map(String::from),
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
        match self
            .config
            .rules
            .get(rule)
            .and_then(|r| r.options.get(option))
        {
            Some(crate::config::OptionValue::Number(n)) => *n,
            _ => default,
        }
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
    pub fn story(s: &'a Story, pos: crate::yaml::Pos) -> Self {
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
