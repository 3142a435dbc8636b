//! Jira's "Export Excel CSV (all fields)".
//!
//! | Jira column | here |
//! | --- | --- |
//! | Issue key | `source: jira:KEY` |
//! | Summary | `title` |
//! | Issue Type | `type`: Story, Bug, Task, Sub-task, Epic, Spike → story, bug, task, task, epic, spike |
//! | Status | `status`: Backlog, To Do → the first status; Selected for Development, Ready → ready; In Progress → doing; In Review, Review → review; Done, Closed, Resolved → the first done status |
//! | Priority | `priority`: Highest, High → must; Medium → should; Low → could; Lowest → wont |
//! | Custom field (Story Points), Story Points, Custom field (Story point estimate) | `points` |
//! | Sprint (repeated) | `sprint`: the last one |
//! | Labels (repeated) | `labels` |
//! | Fix Version/s (repeated) | `release`: the first (made here when missing) |
//! | Custom field (Epic Link), Parent, Parent id | `epic` when it names an epic; a sub-task's parent story instead depends on the sub-task, which goes in the parent's epic |
//! | Inward issue link (Blocks) | `depends_on` |
//! | Assignee | `assignee` |
//! | Created | `created` (the day) |
//! | Description | the description, wiki markup as Markdown; a list under an "Acceptance Criteria" heading becomes the criteria (ticked when the issue is done) |
//!
//! Other columns are said once, by name.

use std::collections::HashMap;

use super::{Mapping, Record};
use crate::config::Config;
use crate::error::{Error, Result, invalid};

/// The default tables, in this backlog's words.
pub fn mapping(config: &Config) -> Mapping {
    let mut map = Mapping::default();
    let first = config.first_status().to_string();
    let done = config.first_done_status();
    let ready = config.status_or("ready", &first);
    let doing = config.status_or("doing", &first);
    let review = config.status_or("review", &doing);
    let mut put = |field: &str, pairs: &[(&str, &str)]| {
        let table = map.values.entry(field.into()).or_default();
        for (k, v) in pairs {
            table.insert(k.to_lowercase(), v.to_string());
        }
    };
    put(
        "status",
        &[
            ("backlog", &first),
            ("to do", &first),
            ("open", &first),
            ("selected for development", &ready),
            ("ready", &ready),
            ("in progress", &doing),
            ("in review", &review),
            ("review", &review),
            ("done", &done),
            ("closed", &done),
            ("resolved", &done),
        ],
    );
    put(
        "type",
        &[
            ("story", "story"),
            ("bug", "bug"),
            ("task", "task"),
            ("sub-task", "task"),
            ("subtask", "task"),
            ("epic", "epic"),
            ("spike", "spike"),
        ],
    );
    put(
        "priority",
        &[
            ("highest", "must"),
            ("high", "must"),
            ("medium", "should"),
            ("low", "could"),
            ("lowest", "wont"),
        ],
    );
    map
}

/// Columns read, besides those a `--map` names.
const KNOWN: &[&str] = &[
    "Issue key",
    "Issue id",
    "Summary",
    "Issue Type",
    "Status",
    "Priority",
    "Assignee",
    "Created",
    "Description",
    "Labels",
    "Sprint",
    "Fix Version/s",
    "Story Points",
    "Custom field (Story Points)",
    "Custom field (Story point estimate)",
    "Custom field (Epic Link)",
    "Parent",
    "Parent id",
    "Inward issue link (Blocks)",
];

pub fn read(text: &str, map: &Mapping, config: &Config) -> Result<(Vec<Record>, Vec<String>)> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Invalid(format!("the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if !headers.iter().any(|h| h == "Issue key") || !headers.iter().any(|h| h == "Summary") {
        return invalid("not a Jira CSV export: no `Issue key` and `Summary` columns");
    }
    let mut unknown: Vec<&str> = headers
        .iter()
        .map(String::as_str)
        .filter(|h| !KNOWN.contains(h) && map.field(h).is_none() && !h.is_empty())
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    let mut warnings = Vec::new();
    if !unknown.is_empty() {
        warnings.push(format!(
            "Jira columns not kept (map them with --map `fields:`): {}",
            unknown.join(", ")
        ));
    }
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| Error::Invalid(format!("line {}: {e}", i + 2))))
        .collect::<Result<_>>()?;
    let all = |row: &csv::StringRecord, column: &str| -> Vec<String> {
        headers
            .iter()
            .zip(row.iter())
            .filter(|(h, v)| *h == column && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let one = |row: &csv::StringRecord, column: &str| all(row, column).into_iter().next();
    // A sub-task names its parent by the parent's numeric id in some exports.
    let key_of_id: HashMap<String, String> = rows
        .iter()
        .filter_map(|r| Some((one(r, "Issue id")?, one(r, "Issue key")?)))
        .collect();
    let mut records: Vec<Record> = Vec::new();
    let mut parents: Vec<(usize, String)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(key) = one(row, "Issue key") else {
            return invalid(format!("line {}: no Issue key", i + 2));
        };
        let mut record = Record {
            key: format!("jira:{key}"),
            title: one(row, "Summary").unwrap_or_default(),
            ..Record::default()
        };
        let mut put = |field: &str, value: String| record.values.push((field.to_string(), value));
        for (column, field) in [
            ("Issue Type", "type"),
            ("Status", "status"),
            ("Priority", "priority"),
        ] {
            if let Some(v) = one(row, column) {
                put(field, map.value(field, &v));
            }
        }
        let points = [
            "Custom field (Story Points)",
            "Story Points",
            "Custom field (Story point estimate)",
        ]
        .iter()
        .find_map(|c| one(row, c));
        if let Some(points) = points {
            put("points", points);
        }
        if let Some(sprint) = all(row, "Sprint").pop() {
            put("sprint", sprint.replace(' ', "-"));
        }
        let labels = all(row, "Labels");
        if !labels.is_empty() {
            put("labels", labels.join(","));
        }
        if let Some(version) = one(row, "Fix Version/s") {
            put("release", version);
        }
        if let Some(assignee) = one(row, "Assignee") {
            put("assignee", assignee);
        }
        if let Some(day) = one(row, "Created").and_then(|c| jira_day(&c)) {
            put("created", day);
        }
        for (column, value) in headers.iter().zip(row.iter()) {
            if let Some(field) = map.field(column)
                && !value.trim().is_empty()
            {
                put(field, value.trim().to_string());
            }
        }
        let parent = one(row, "Custom field (Epic Link)")
            .or_else(|| one(row, "Parent").filter(|p| p.contains('-')))
            .or_else(|| one(row, "Parent id").and_then(|id| key_of_id.get(&id).cloned()));
        if let Some(parent) = parent {
            parents.push((records.len(), format!("jira:{parent}")));
        }
        record.depends_on = all(row, "Inward issue link (Blocks)")
            .into_iter()
            .map(|k| format!("jira:{k}"))
            .collect();
        let markdown = wiki_to_markdown(&one(row, "Description").unwrap_or_default());
        let (description, criteria) = super::github::split_body(&markdown);
        record.description = Some(description).filter(|d| !d.is_empty());
        // Jira's criteria are plain bullets: an issue that is done has met them.
        let done = record
            .values
            .iter()
            .any(|(k, v)| k == "status" && config.is_done(v));
        record.criteria = criteria.into_iter().map(|(t, d)| (t, d || done)).collect();
        records.push(record);
    }
    // An epic link makes the epic; a sub-task's parent story waits for it (depends on
    // it), and the sub-task goes in the parent's epic.
    let is_epic = |key: &str| {
        records
            .iter()
            .any(|r| r.key == key && r.values.iter().any(|(k, v)| k == "type" && v == "epic"))
    };
    let links: Vec<(usize, String, bool)> = parents
        .into_iter()
        .map(|(child, parent)| {
            let epic = is_epic(&parent);
            (child, parent, epic)
        })
        .collect();
    for (child, parent, epic) in &links {
        if *epic {
            records[*child].epic = Some(parent.clone());
        }
    }
    for (child, parent, epic) in links {
        if epic {
            continue;
        }
        let child_key = records[child].key.clone();
        if let Some(p) = records.iter().position(|r| r.key == parent) {
            records[p].depends_on.push(child_key);
            records[child].epic = records[p].epic.clone();
        } else {
            records[child].epic = Some(parent);
        }
    }
    Ok((records, warnings))
}

/// `27/Nov/26 10:00 AM` (Jira's default) or an ISO date, as `2026-11-27`.
fn jira_day(text: &str) -> Option<String> {
    let date = text.split_whitespace().next()?;
    if date.len() >= 10 && date.as_bytes()[4] == b'-' {
        return Some(date[..10].to_string());
    }
    let mut parts = date.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months
        .iter()
        .position(|m| month.to_lowercase().starts_with(m))?
        + 1;
    let year: u32 = year.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    Some(format!(
        "{year:04}-{month:02}-{:02}",
        day.parse::<u32>().ok()?
    ))
}

/// Jira's wiki markup, for the common cases, as Markdown: headings, lists, bold, italic,
/// monospace, code blocks and links.
pub fn wiki_to_markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.replace("\r\n", "\n").lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("{code") || trimmed.starts_with("{noformat") {
            out.push("```".to_string());
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push(line.to_string());
            continue;
        }
        let heading = (1..=6).find_map(|n| {
            trimmed
                .strip_prefix(&format!("h{n}. "))
                .map(|rest| (n, rest))
        });
        let line = if let Some((n, rest)) = heading {
            format!("{} {}", "#".repeat(n), inline(rest))
        } else if let Some(rest) = list_item(trimmed, '*') {
            format!("{}- {}", "  ".repeat(rest.0 - 1), inline(rest.1))
        } else if let Some(rest) = list_item(trimmed, '#') {
            format!("{}1. {}", "   ".repeat(rest.0 - 1), inline(rest.1))
        } else {
            inline(line)
        };
        out.push(line);
    }
    out.join("\n").trim().to_string()
}

/// `** item` as (2, "item").
fn list_item(line: &str, mark: char) -> Option<(usize, &str)> {
    let depth = line.chars().take_while(|c| *c == mark).count();
    let rest = line[depth..].strip_prefix(' ')?;
    (depth > 0).then_some((depth, rest))
}

/// Inline markup: `*bold*`, `_italic_` (at word starts, so `snake_case` stays),
/// `{{mono}}`, `[text|url]`.
fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut prev: Option<char> = None;
    'outer: while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("{{")
            && let Some(end) = after.find("}}")
        {
            out.push_str(&format!("`{}`", &after[..end]));
            rest = &after[end + 2..];
            prev = Some('`');
            continue;
        }
        if c == '['
            && let Some(end) = rest.find(']')
        {
            let inside = &rest[1..end];
            match inside.split_once('|') {
                Some((label, url)) => out.push_str(&format!("[{label}]({url})")),
                None if inside.starts_with("http") => out.push_str(&format!("<{inside}>")),
                None => out.push_str(&format!("[{inside}]")),
            }
            rest = &rest[end + 1..];
            prev = Some(']');
            continue;
        }
        let at_word_start = prev.is_none_or(|p| !p.is_alphanumeric());
        for (mark, md) in [('*', "**"), ('_', "*")] {
            if c == mark
                && at_word_start
                && let Some(end) = rest[1..].find(mark)
                && end > 0
                && !rest[1..].starts_with(' ')
            {
                out.push_str(md);
                out.push_str(&rest[1..1 + end]);
                out.push_str(md);
                rest = &rest[end + 2..];
                prev = Some(mark);
                continue 'outer;
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_markup_as_markdown() {
        assert_eq!(
            wiki_to_markdown(
                "h3. Acceptance Criteria\r\n* Refunds are *logged*\r\n** with _who_\r\n# first\r\nSee [the spec|https://x.test] and {{id}}.\r\n{code}\r\nlet x = 1;\r\n{code}"
            ),
            "### Acceptance Criteria\n- Refunds are **logged**\n  - with *who*\n1. first\nSee [the spec](https://x.test) and `id`.\n```\nlet x = 1;\n```"
        );
        assert_eq!(
            jira_day("27/Nov/26 10:00 AM").as_deref(),
            Some("2026-11-27")
        );
        assert_eq!(jira_day("2026-11-27 10:00").as_deref(), Some("2026-11-27"));
    }
}
