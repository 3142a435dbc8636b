//! GitHub issues, as `gh issue list --state all --json
//! number,title,body,labels,state,milestone,assignees,createdAt,closedAt` prints them.
//!
//! | GitHub | here |
//! | --- | --- |
//! | `number` | `source: github:N` |
//! | `title` | `title` |
//! | `state` OPEN / CLOSED | `status`: the first status / the first done status (`--map status`) |
//! | label `bug` / `enhancement` | `type: bug` / `type: story` (`--map type`); every label is kept in `labels` |
//! | `milestone.title` | `release` (a release not here yet is made, without a target date) |
//! | `assignees` | `assignee`: the first (the others are said) |
//! | `createdAt` | `created` (the day) |
//! | `body` | the description; a task list under an "Acceptance criteria" heading becomes the criteria, ticked as they are |
//! | `closedAt` | not kept (said once) |

use serde_json::Value;

use super::{Mapping, Record};
use crate::config::Config;
use crate::error::{Result, invalid};

/// The default table: states and labels as this backlog's statuses and types.
pub fn mapping(config: &Config) -> Mapping {
    let mut map = Mapping::default();
    let done = config.first_done_status();
    let status = map.values.entry("status".into()).or_default();
    status.insert("open".into(), config.first_status().to_string());
    status.insert("closed".into(), done);
    let kind = map.values.entry("type".into()).or_default();
    kind.insert("bug".into(), "bug".into());
    kind.insert("enhancement".into(), "story".into());
    map
}

pub fn read(doc: &Value, map: &Mapping) -> Result<(Vec<Record>, Vec<String>)> {
    let Value::Array(issues) = doc else {
        return invalid("expected the JSON list `gh issue list --json …` prints");
    };
    let mut records = Vec::new();
    let mut warnings = Vec::new();
    let mut closed_at = false;
    for (i, issue) in issues.iter().enumerate() {
        let Some(number) = issue.get("number").and_then(Value::as_u64) else {
            return invalid(format!("issue {}: no `number`", i + 1));
        };
        let key = format!("github:{number}");
        let text = |field: &str| issue.get(field).and_then(Value::as_str).map(str::to_string);
        let mut record = Record {
            key: key.clone(),
            title: text("title").unwrap_or_default(),
            ..Record::default()
        };
        if let Some(state) = text("state") {
            record
                .values
                .push(("status".into(), map.value("status", &state)));
        }
        let labels: Vec<String> = issue
            .get("labels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|l| l.get("name").and_then(Value::as_str).map(str::to_string))
            .collect();
        if let Some(kind) = labels
            .iter()
            .find_map(|l| map.values.get("type")?.get(&l.to_lowercase()).cloned())
        {
            record.values.push(("type".into(), kind));
        }
        if !labels.is_empty() {
            let safe: Vec<String> = labels.iter().map(|l| l.replace(',', " ")).collect();
            record.values.push(("labels".into(), safe.join(",")));
        }
        if let Some(milestone) = issue
            .get("milestone")
            .and_then(|m| m.get("title"))
            .and_then(Value::as_str)
        {
            record
                .values
                .push(("release".into(), milestone.to_string()));
        }
        let assignees: Vec<&str> = issue
            .get("assignees")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("login").and_then(Value::as_str))
            .collect();
        record.assign(&assignees, &mut warnings);
        if let Some(created) = text("createdAt").filter(|c| c.len() >= 10) {
            record
                .values
                .push(("created".into(), created[..10].to_string()));
        }
        closed_at |= issue.get("closedAt").is_some_and(|c| !c.is_null());
        let (description, criteria) = split_body(&text("body").unwrap_or_default());
        record.description = Some(description).filter(|d| !d.trim().is_empty());
        record.criteria = criteria;
        records.push(record);
    }
    if closed_at {
        warnings
            .push("closedAt is not kept (the status says closed; git history says when)".into());
    }
    Ok((records, warnings))
}

/// An issue body as a description and criteria: the task list under a heading that says
/// "acceptance criteria" (any level, any case) becomes the criteria; the rest, the
/// description.
pub fn split_body(body: &str) -> (String, Vec<(String, bool)>) {
    let mut description = Vec::new();
    let mut criteria = Vec::new();
    let mut in_criteria = false;
    let body = body.replace("\r\n", "\n");
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            in_criteria = trimmed
                .trim_start_matches('#')
                .trim()
                .to_lowercase()
                .starts_with("acceptance criteria");
            if in_criteria {
                continue;
            }
        }
        if in_criteria {
            let item = trimmed
                .strip_prefix("- [")
                .or_else(|| trimmed.strip_prefix("* ["));
            if let Some(rest) = item
                && let Some((mark, text)) = rest.split_once(']')
            {
                criteria.push((
                    text.trim().to_string(),
                    mark.trim().eq_ignore_ascii_case("x"),
                ));
                continue;
            }
            // A plain list item there (Jira has no task lists) is an open criterion.
            if let Some(text) = trimmed
                .strip_prefix("- ")
                .or_else(|| trimmed.strip_prefix("* "))
            {
                criteria.push((text.trim().to_string(), false));
                continue;
            }
            if trimmed.is_empty() {
                continue;
            }
        }
        description.push(line);
    }
    (description.join("\n").trim().to_string(), criteria)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_split_into_description_and_criteria() {
        let (d, c) = split_body(
            "As a user I want it.\r\n\r\n### Acceptance Criteria\r\n- [x] One\r\n- [ ] Two\r\n\r\n## Notes\r\nMore.",
        );
        assert_eq!(d, "As a user I want it.\n\n## Notes\nMore.");
        assert_eq!(c, [("One".to_string(), true), ("Two".to_string(), false)]);
    }
}
