//! The Definition of Ready and the Definition of Done, checked as a change is written, not
//! only by `check` afterwards: moving a story into a ready status without what readiness
//! requires (BL013), or into a done status with open criteria (BL012), is refused, warned
//! about or let through, as `on_write` says under `rules:` in config.yml.

use crate::backlog::Backlog;
use crate::change::{Action, ChangeSet};
use crate::error::{Result, invalid};
use crate::rules::OnWrite;
use crate::story::Story;

/// What the Definition of Ready asks of a story that `s` lacks (empty: ready).
pub fn not_ready(backlog: &Backlog, s: &Story) -> Vec<String> {
    let require = backlog.config.rule_list(
        "definition-of-ready",
        "require",
        vec!["points".into(), "value".into(), "criteria".into()],
    );
    lacking(s, require)
}

/// The fields the team's Definition of Done asks for beyond checked criteria
/// (`require` under `done-with-open-criteria`, none by default) that `s` lacks.
pub fn not_done_fields(backlog: &Backlog, s: &Story) -> Vec<String> {
    let require = backlog
        .config
        .rule_list("done-with-open-criteria", "require", Vec::new());
    lacking(s, require)
}

/// The items of a checklist `s` does not meet: field names (set and not empty), or
/// `criteria` (at least one).
fn lacking(s: &Story, require: Vec<String>) -> Vec<String> {
    require
        .into_iter()
        .filter(|r| match r.as_str() {
            "criteria" => s.criteria.is_empty(),
            field => s.field_text(field).is_none_or(|v| v.is_empty()),
        })
        .collect()
}

/// What stands between `s` and a done status, in words (empty: nothing): its open
/// criteria and the fields the Definition of Done asks for.
pub fn not_done(backlog: &Backlog, s: &Story) -> Vec<String> {
    let open = open_criteria(s);
    let mut out = Vec::new();
    if !open.is_empty() {
        let list: Vec<String> = open.iter().map(ToString::to_string).collect();
        out.push(format!(
            "criteria {} of {} not checked",
            list.join(", "),
            s.criteria.len()
        ));
    }
    let fields = not_done_fields(backlog, s);
    if !fields.is_empty() {
        out.push(format!("no {}", fields.join(", ")));
    }
    out
}

/// The statuses the Definition of Ready guards.
pub fn ready_statuses(backlog: &Backlog) -> Vec<String> {
    backlog
        .config
        .rule_list("definition-of-ready", "statuses", vec!["ready".into()])
}

/// The numbers (1-based) of `s`'s criteria that are not checked.
pub fn open_criteria(s: &Story) -> Vec<usize> {
    s.criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.done)
        .map(|(i, _)| i + 1)
        .collect()
}

/// What the gate lets through with a word.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Passed {
    /// Rules set to `warn` that the change breaks.
    pub warnings: Vec<String>,
    /// Rules set to `refuse` that `--force` overrode: the commit message says so.
    pub forced: Vec<String>,
}

/// Check each story the change set moves into a ready or a done status. A `refuse` rule
/// makes this an error, unless `force`.
pub fn check(backlog: &Backlog, set: &ChangeSet, force: bool) -> Result<Passed> {
    let config = &backlog.config;
    let ready = ready_statuses(backlog);
    let mut refused = Vec::new();
    let mut passed = Passed::default();
    let before: std::collections::HashMap<&str, &Story> = backlog
        .stories
        .iter()
        .map(|s| (s.path.as_str(), s))
        .collect();
    for change in &set.changes {
        let (text, path) = match &change.action {
            Action::Write { text, rename_to } => (
                text,
                rename_to
                    .as_ref()
                    .unwrap_or(&change.path.to_string())
                    .clone(),
            ),
            Action::Create { text } => (text, change.path.to_string()),
            Action::Delete => continue,
        };
        let Ok(Some(new)) = Story::parse(&path, text, config) else {
            continue;
        };
        let old = before.get(change.path.as_str()).copied();
        let entered = |statuses: &dyn Fn(&str) -> bool| {
            statuses(&new.status) && old.is_none_or(|o| !statuses(&o.status))
        };
        let mut found: Vec<(&str, String)> = Vec::new();
        if entered(&|st| config.is_done(st)) {
            let lacks = not_done(backlog, &new);
            if !lacks.is_empty() {
                found.push((
                    "done-with-open-criteria",
                    format!(
                        "{} would be {} with {} (the Definition of Done, BL012)",
                        new.id,
                        new.status,
                        lacks.join(" and ")
                    ),
                ));
            }
        }
        if new.kind != "epic" && entered(&|st| ready.iter().any(|r| r == st)) {
            let missing = not_ready(backlog, &new);
            if !missing.is_empty() {
                found.push((
                    "definition-of-ready",
                    format!(
                        "{} would be {} without {} (the Definition of Ready, BL013)",
                        new.id,
                        new.status,
                        missing.join(", ")
                    ),
                ));
            }
        }
        for (rule, message) in found {
            match config.on_write(rule) {
                OnWrite::Refuse if !force => refused.push(message),
                OnWrite::Refuse => passed.forced.push(message),
                OnWrite::Warn => passed.warnings.push(message),
                OnWrite::Off => {}
            }
        }
    }
    if !refused.is_empty() {
        return invalid(format!(
            "{}\n(--force does it anyway; `on_write` under `rules:` in config.yml sets what a write does about it)",
            refused.join("\n")
        ));
    }
    Ok(passed)
}
