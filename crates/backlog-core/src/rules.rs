//! The table of `check` rules: codes, names, default severities and options. Both the
//! config (which validates `rules:`) and the checks read it, so neither depends on the other.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
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
        summary: "A story in a done status has unchecked acceptance criteria, or lacks a field the Definition of Done requires",
        options: &[("require", OptionKind::List)],
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
    Rule {
        code: "BL016",
        name: "control-character",
        severity: Severity::Error,
        summary: "A one-line field holds a line break or another control character",
        options: &[],
    },
    Rule {
        code: "BL017",
        name: "product-vision",
        severity: Severity::Warning,
        summary: "backlog/product.md has no vision or no product goal",
        options: &[],
    },
];

/// What a write does about a rule it would break: refuse it, warn and go on, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnWrite {
    Refuse,
    Warn,
    Off,
}

impl OnWrite {
    pub fn parse(text: &str) -> Option<OnWrite> {
        match text {
            "refuse" => Some(OnWrite::Refuse),
            "warn" => Some(OnWrite::Warn),
            "off" => Some(OnWrite::Off),
            _ => None,
        }
    }
}

/// The rules a write checks as it moves a story (`on_write` in config.yml), with their
/// default: the Definition of Done (a done story's criteria are checked) refuses, the
/// Definition of Ready warns.
pub fn on_write_default(name: &str) -> Option<OnWrite> {
    match name {
        "done-with-open-criteria" => Some(OnWrite::Refuse),
        "definition-of-ready" => Some(OnWrite::Warn),
        _ => None,
    }
}

pub fn rule(name: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.name == name || r.code == name)
        .unwrap_or(&RULES[0])
}
