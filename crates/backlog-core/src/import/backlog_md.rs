//! A Backlog.md project's `backlog/` folder: its task files in `tasks/`, `drafts/`,
//! `completed/` and `archive/`.
//!
//! | Backlog.md | here |
//! | --- | --- |
//! | `id` (`task-12`, `BACK-355.02`) | `source: backlog-md:ID` |
//! | `title` | `title` |
//! | `status` To Do / In Progress / Done | `ready` (else the first status) / `doing` / the first done status; a file in `drafts/` is the first status, in `completed/` done |
//! | a file in `archive/` | rejected (`outcome: rejected`, reason "archived in Backlog.md"), in the first status |
//! | `priority` high / medium / low | must / should / could |
//! | `assignee` (`[@ana]`) | `assignee`: the first, without `@` (the others are said) |
//! | `labels` | `labels` |
//! | `dependencies` | `depends_on`, pointing at the imported stories |
//! | `parent_task_id` | the parent becomes an epic and the sub-task its story |
//! | `milestone` | `release`; a release not here yet is made (without a target date) |
//! | `ordinal` | the manual order (`rank`) |
//! | `created_date` (`'2025-06-01 10:00'`) | `created` |
//! | `## Description` (SECTION markers) | the description |
//! | `## Acceptance Criteria` (`<!-- AC:BEGIN -->`, `- [x] #1 text`) | the criteria, ticked as they are |
//! | `## Implementation Plan`, `## Implementation Notes`, `## Definition of Done` | kept in the description, under their headings |

use serde_json::Value;

use super::{Mapping, Record};
use crate::config::Config;
use crate::error::{Error, Result, invalid};

/// The default tables.
pub fn mapping(config: &Config) -> Mapping {
    let mut map = Mapping::default();
    let first = config.first_status().to_string();
    let done = config.first_done_status();
    let status = map.values.entry("status".into()).or_default();
    status.insert("to do".into(), config.status_or("ready", &first));
    status.insert("in progress".into(), config.status_or("doing", &first));
    status.insert("done".into(), done);
    let priority = map.values.entry("priority".into()).or_default();
    for (k, v) in [("high", "must"), ("medium", "should"), ("low", "could")] {
        priority.insert(k.into(), v.into());
    }
    map
}

/// One task file: the folder it is in under `backlog/` (`tasks`, `drafts`, `completed`,
/// `archive/tasks`, …), its name and its text.
pub struct TaskFile {
    pub folder: String,
    pub name: String,
    pub text: String,
}

pub fn read(
    files: &[TaskFile],
    map: &Mapping,
    config: &Config,
) -> Result<(Vec<Record>, Vec<String>)> {
    let mut records: Vec<Record> = Vec::new();
    let mut warnings = Vec::new();
    let mut parents: Vec<(usize, String)> = Vec::new();
    let mut ordinals: Vec<(usize, f64)> = Vec::new();
    let done = config.first_done_status();
    for file in files {
        let shown = format!("{}/{}", file.folder, file.name);
        let split = crate::frontmatter::split(&file.text)
            .map_err(|e| Error::Invalid(format!("{shown}: {e:?}")))?;
        let yaml = &file.text[split.yaml.clone()];
        let front = crate::yaml::parse(
            yaml,
            crate::yaml::Origin {
                line: split.yaml_line,
                byte: split.yaml.start,
            },
        )
        .map_err(|e| Error::Invalid(format!("{shown}:{}: {}", e.pos.line, e.message)))?
        .to_json();
        let text = |key: &str| -> Option<String> {
            match front.get(key)? {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let list = |key: &str| -> Vec<String> {
            match front.get(key) {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(|s| s.trim().to_string()))
                    .filter(|s| !s.is_empty())
                    .collect(),
                Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
                _ => Vec::new(),
            }
        };
        let Some(id) = text("id") else {
            return invalid(format!("{shown}: no `id`"));
        };
        let key = |id: &str| format!("backlog-md:{}", id.to_lowercase());
        let mut record = Record {
            key: key(&id),
            title: text("title").unwrap_or_default(),
            ..Record::default()
        };
        // Drafts, and archived tasks (out of play), take the first status.
        let status = if file.folder.starts_with("drafts") || file.folder.starts_with("archive") {
            Some(config.first_status().to_string())
        } else if file.folder.starts_with("completed") {
            Some(done.clone())
        } else {
            text("status").map(|s| map.value("status", &s))
        };
        if let Some(status) = status {
            record.values.push(("status".into(), status));
        }
        if file.folder.starts_with("archive") {
            record
                .values
                .push(("outcome".into(), crate::story::REJECTED.into()));
            record
                .values
                .push(("reason".into(), "archived in Backlog.md".into()));
        }
        if let Some(priority) = text("priority") {
            record
                .values
                .push(("priority".into(), map.value("priority", &priority)));
        }
        let assignees: Vec<String> = list("assignee")
            .iter()
            .map(|a| a.trim_start_matches('@').to_string())
            .collect();
        record.assign(&assignees, &mut warnings);
        let labels = list("labels");
        if !labels.is_empty() {
            let labels: Vec<String> = labels.iter().map(|l| l.replace(',', " ")).collect();
            record.values.push(("labels".into(), labels.join(",")));
        }
        if let Some(milestone) = text("milestone").filter(|m| !m.is_empty()) {
            record.values.push(("release".into(), milestone));
        }
        if let Some(created) = text("created_date").filter(|c| c.len() >= 10) {
            record
                .values
                .push(("created".into(), created[..10].to_string()));
        }
        record.depends_on = list("dependencies").iter().map(|d| key(d)).collect();
        if let Some(parent) = text("parent_task_id").filter(|p| !p.is_empty()) {
            parents.push((records.len(), key(&parent)));
        }
        if let Some(ordinal) = front.get("ordinal").and_then(Value::as_f64) {
            ordinals.push((records.len(), ordinal));
        }
        let (description, criteria) = body(&file.text[split.body.clone()]);
        record.description = Some(description).filter(|d| !d.is_empty());
        record.criteria = criteria;
        records.push(record);
    }
    // Sub-tasks: the parent is their epic.
    for (child, parent) in parents {
        match records.iter().position(|r| r.key == parent) {
            Some(p) => {
                if !records[p]
                    .values
                    .iter()
                    .any(|(k, v)| k == "type" && v == "epic")
                {
                    records[p].values.push(("type".into(), "epic".into()));
                }
                records[child].epic = Some(parent);
            }
            None => warnings.push(format!(
                "{}: its parent {parent} is not in the folder",
                records[child].key
            )),
        }
    }
    // The manual order, from the ordinals.
    ordinals.sort_by(|a, b| a.1.total_cmp(&b.1));
    for ((index, _), rank) in ordinals.iter().zip(crate::rank::spread(ordinals.len())) {
        records[*index].values.push(("rank".into(), rank));
    }
    Ok((records, warnings))
}

/// A task body as the description (with the plan, the notes and the Definition of Done
/// kept under their headings) and the criteria.
fn body(text: &str) -> (String, Vec<(String, bool)>) {
    let text = text.replace("\r\n", "\n");
    let mut description: Vec<String> = Vec::new();
    let mut criteria = Vec::new();
    let mut section = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix("## ") {
            section = heading.trim().to_lowercase();
            if section != "description" && section != "acceptance criteria" {
                description.push(String::new());
                description.push(format!("## {}", heading.trim()));
            }
            continue;
        }
        if section == "acceptance criteria" {
            if let Some(rest) = trimmed.strip_prefix("- [")
                && let Some((mark, item)) = rest.split_once(']')
            {
                let item = item.trim();
                // `#1 text`: Backlog.md numbers its criteria.
                let item = match item.strip_prefix('#') {
                    Some(numbered) => numbered
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .trim(),
                    None => item,
                };
                criteria.push((item.to_string(), mark.trim().eq_ignore_ascii_case("x")));
            }
            continue;
        }
        description.push(line.to_string());
    }
    let mut description = description.join("\n").trim().to_string();
    while description.contains("\n\n\n") {
        description = description.replace("\n\n\n", "\n\n");
    }
    (description, criteria)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_body() {
        let (d, c) = body(
            "\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nAs a user I want it.\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 First\n- [ ] #2 Second\n<!-- AC:END -->\n\n## Implementation Notes\n\nDone with care.\n",
        );
        assert_eq!(
            d,
            "As a user I want it.\n\n## Implementation Notes\n\nDone with care."
        );
        assert_eq!(
            c,
            [("First".to_string(), true), ("Second".to_string(), false)]
        );
    }
}
