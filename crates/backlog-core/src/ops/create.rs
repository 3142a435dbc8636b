//! Creating a story: the fields checked against the config and the backlog, a new ID, and
//! the file written from the template.

use std::path::Path;

use crate::backlog::{Backlog, STORIES_DIR, TEMPLATE_FILE};
use crate::change::{Action, Change};
use crate::config::{FieldKind, IdScheme};
use crate::edit::Doc;
use crate::error::{Error, Result, closest_hint, invalid};
use crate::fields::{self, Assignment};
use crate::ops::set;
use crate::story::{Draft, MAX_ID_NUMBER, Num, Story, id_parts};
use crate::{frontmatter, markdown, slug, suggest};

/// The body `new` starts a story with; teams edit backlog/templates/story.md to change it.
pub const DEFAULT_TEMPLATE: &str = "<!-- As a <role> I want <goal> so that <benefit>. -->

## Acceptance criteria
";

/// What a user asks a new story to have; everything but the title is optional.
#[derive(Debug, Clone, Default)]
pub struct NewStory {
    pub title: String,
    pub kind: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub value: Option<f64>,
    pub points: Option<f64>,
    pub epic: Option<String>,
    pub sprint: Option<String>,
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub assignee: Option<String>,
    /// Further fields, built-in or custom, as `set` takes them (`requested_by=sales`).
    pub fields: Vec<Assignment>,
    /// The description ("As a … I want … so that …"), in place of the template's prompt.
    pub description: Option<String>,
    /// Acceptance criteria, unchecked, in this order.
    pub criteria: Vec<String>,
}

/// The stories of a `new --from` file: a list (YAML or JSON, already read into `entries`)
/// of objects with the keys of `new`'s options (`title`, `type`, `status`, `priority`,
/// `value`, `points`, `epic`, `sprint`, `labels`, `depends_on`, `assignee`,
/// `description`, `criteria`); any other key is a field set as `set` sets it. An entry
/// that does not fit names its number (from 1) and its key.
pub fn from_entries(
    entries: &serde_json::Value,
    config: &crate::config::Config,
) -> Result<Vec<NewStory>> {
    use serde_json::Value;
    let Value::Array(entries) = entries else {
        return invalid(
            "expected a list of stories (a YAML or JSON list of objects with a `title`)",
        );
    };
    let mut out = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let n = i + 1;
        let Value::Object(map) = entry else {
            return invalid(format!("entry {n}: expected an object with a `title`"));
        };
        let text = |key: &str, v: &Value| -> Result<String> {
            match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(x) => Ok(x.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                _ => invalid(format!("entry {n}: {key}: expected text")),
            }
        };
        let list = |key: &str, v: &Value| -> Result<Vec<String>> {
            match v {
                Value::Array(items) => items.iter().map(|x| text(key, x)).collect(),
                Value::Null => Ok(Vec::new()),
                other => Ok(text(key, other)?
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()),
            }
        };
        let number = |key: &str, v: &Value| -> Result<f64> {
            match v {
                Value::Number(x) => x
                    .as_f64()
                    .ok_or_else(|| Error::Invalid(format!("entry {n}: {key}: not a number"))),
                Value::String(s) => crate::number::amount(s)
                    .map_err(|e| Error::Invalid(format!("entry {n}: {key}: {e}"))),
                _ => invalid(format!("entry {n}: {key}: expected a number")),
            }
        };
        let mut new = NewStory::default();
        for (key, value) in map {
            if value.is_null() {
                continue;
            }
            match key.as_str() {
                "title" => new.title = text(key, value)?,
                "type" => new.kind = Some(text(key, value)?),
                "status" => new.status = Some(text(key, value)?),
                "priority" => new.priority = Some(text(key, value)?),
                "value" => new.value = Some(number(key, value)?),
                "points" => new.points = Some(number(key, value)?),
                "epic" => new.epic = Some(text(key, value)?),
                "sprint" => new.sprint = Some(text(key, value)?),
                "labels" => new.labels = list(key, value)?,
                "depends_on" => new.depends_on = list(key, value)?,
                "assignee" => new.assignee = Some(text(key, value)?),
                "description" => new.description = Some(text(key, value)?),
                "criteria" => new.criteria = list(key, value)?,
                "id" => {
                    return invalid(format!(
                        "entry {n}: id: new stories get the next free IDs; leave `id` out"
                    ));
                }
                other => {
                    let value = match value {
                        Value::Array(_) => list(other, value)?.join(","),
                        v => text(other, v)?,
                    };
                    let assignment =
                        fields::parse_assignment(&format!("{other}={value}"), config, false)
                            .map_err(|e| Error::Invalid(format!("entry {n}: {e}")))?;
                    new.fields.push(assignment);
                }
            }
        }
        if new.title.trim().is_empty() {
            return invalid(format!("entry {n}: title: every story needs a title"));
        }
        out.push(new);
    }
    if out.is_empty() {
        return invalid("the list is empty: no story to create");
    }
    Ok(out)
}

/// The fields of the new story `id`, checked against the config and the backlog.
pub fn draft(backlog: &Backlog, new: &NewStory, id: String, today: &str) -> Result<Draft> {
    let config = &backlog.config;
    let title = new.title.trim().to_string();
    if title.is_empty() {
        return invalid(
            "the title is empty: give the story a title, such as \"Refund a card payment\"",
        );
    }
    if title.chars().any(char::is_control) {
        return invalid("the title must be one line, without control characters");
    }
    let kind = one_of("type", new.kind.as_deref(), &config.types)?
        .unwrap_or_else(|| config.types[0].clone());
    let status = one_of("status", new.status.as_deref(), &config.statuses)?
        .unwrap_or_else(|| config.first_status().to_string());
    let priority = one_of("priority", new.priority.as_deref(), &config.priorities)?;
    let value = number("value", new.value)?;
    let points = number("points", new.points)?;
    if let Some(p) = points
        && !config.points.contains(&p.0)
    {
        let scale: Vec<String> = config.points.iter().map(|p| Num(*p).to_string()).collect();
        return invalid(format!(
            "--points {p} is not on the points scale ({}); change `points` in config.yml to use another scale",
            scale.join(", ")
        ));
    }
    for (flag, id) in new
        .epic
        .iter()
        .map(|e| ("--epic", e))
        .chain(new.depends_on.iter().map(|d| ("--depends-on", d)))
    {
        if backlog.find(id).is_empty() {
            return invalid(format!(
                "{flag} {id}: no story {id}{}",
                closest_hint(&backlog.closest_ids(id, 3))
            ));
        }
    }
    let words = |list: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for item in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !out.iter().any(|o| o == item) {
                out.push(item.to_string());
            }
        }
        out
    };
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    // Every value is checked exactly as `set` checks it: one line, no control characters,
    // IDs that are IDs.
    for (key, value) in [
        ("epic", &new.epic),
        ("sprint", &new.sprint),
        ("assignee", &new.assignee),
    ] {
        if let Some(value) = clean(value) {
            fields::parse_value(key, FieldKind::Text, &value, config)?;
        }
    }
    for (key, items) in [("labels", &new.labels), ("depends_on", &new.depends_on)] {
        for item in items {
            fields::parse_value(key, FieldKind::List, item, config)?;
        }
    }
    Ok(Draft {
        id,
        title,
        kind,
        status,
        priority,
        value,
        points,
        epic: clean(&new.epic),
        sprint: clean(&new.sprint),
        depends_on: words(&new.depends_on),
        labels: words(&new.labels),
        assignee: clean(&new.assignee),
        created: Some(today.into()),
    })
}

/// The change that creates the story `draft` in the stories folder, from `template` (a
/// story body), with `fields` set as `set` would set them. Refused if the file would not
/// read back with exactly these fields.
pub fn create(backlog: &Backlog, draft: &Draft, template: &str, new: &NewStory) -> Result<Change> {
    let fields = &new.fields;
    let body = with_description(template, new.description.as_deref())?;
    let text = draft.render(&body, body.contains("\r\n"));
    let path = backlog.shown(&format!(
        "{STORIES_DIR}/{}",
        slug::file_name(&draft.id, &draft.title)
    ));
    // Never write what we would not read back: the same fields, or nothing.
    match Story::parse(&path, &text, &backlog.config) {
        Ok(Some(story)) if draft.matches(&story) => {}
        other => {
            return invalid(format!(
                "internal error: the story would not read back as written ({other:?}); nothing was written"
            ));
        }
    }
    for a in fields {
        if a.key == "title" {
            return invalid("the title is the first argument of `new`, not a field to set");
        }
        set::check_references(backlog, &draft.id, a)?;
    }
    let text = if fields.is_empty() {
        text
    } else {
        let before = Doc::parse(text).map_err(Error::edit(&path))?;
        set::edit(&before, &path, fields)?.0.text
    };
    let text = with_criteria(text, &path, &new.criteria)?;
    Ok(Change {
        id: draft.id.as_str().into(),
        path: path.into(),
        action: Action::Create { text },
        what: format!("new {:?}", draft.title),
    })
}

/// The template's body with `description` in place of its prompt (the first paragraph when
/// it is an HTML comment, as in the default template), or at the top when it has none.
fn with_description(template: &str, description: Option<&str>) -> Result<String> {
    let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) else {
        return Ok(template.to_string());
    };
    if description.lines().any(|l| {
        let l = l.trim();
        l == "---"
            || (l.starts_with('#')
                && l.trim_start_matches('#').trim() == markdown::CRITERIA_HEADING)
    }) {
        return invalid(format!(
            "the description cannot hold a `---` line or an `## {}` heading; give criteria with --ac",
            markdown::CRITERIA_HEADING
        ));
    }
    let eol = if template.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let description = description.replace("\r\n", "\n").replace('\n', eol);
    let start = template.len() - template.trim_start().len();
    let rest = &template[start..];
    if rest.starts_with("<!--")
        && let Some(end) = rest.find("-->")
    {
        return Ok(format!(
            "{}{description}{}",
            &template[..start],
            &rest[end + 3..]
        ));
    }
    Ok(format!("{description}{eol}{eol}{template}"))
}

/// `text` with `criteria` added, unchecked, after the criteria the template has; refused
/// unless they read back exactly.
fn with_criteria(text: String, path: &str, criteria: &[String]) -> Result<String> {
    if criteria.is_empty() {
        return Ok(text);
    }
    let mut doc = Doc::parse(text).map_err(Error::edit(path))?;
    let before = doc.clone();
    let mut expected: Vec<(String, bool)> = doc
        .criteria()
        .into_iter()
        .map(|c| (c.text, c.done))
        .collect();
    for criterion in criteria {
        let criterion = criterion.trim();
        if criterion.is_empty() || criterion.contains(['\n', '\r']) {
            return invalid("a criterion (--ac) is one line of text, not empty");
        }
        doc.add_criterion(criterion).map_err(Error::edit(path))?;
        let added = doc
            .criteria()
            .last()
            .map(|c| c.text.clone())
            .unwrap_or_default();
        expected.push((added, false));
    }
    doc.verify_criteria(&before, &expected)
        .map_err(Error::edit(path))?;
    Ok(doc.text)
}

/// A new ID. Sequential: one past the highest number used with our prefix in this backlog
/// (IDs, and file names, so a story that does not parse keeps its number) and
/// `highest_elsewhere` (the storage layer's highest on other branches and in the index).
/// Random: a short random suffix. Numbers never wrap: past [`MAX_ID_NUMBER`] there is
/// no ID left to give.
pub fn next_id(backlog: &Backlog, highest_elsewhere: u64) -> Result<String> {
    let prefix = &backlog.config.prefix;
    if backlog.config.id_scheme == IdScheme::Random {
        return Ok(random_id(backlog));
    }
    let from_ids = backlog.stories.iter().map(|s| s.id.as_str());
    let from_files = backlog.problems.iter().filter_map(|p| {
        let name = p.path.rsplit('/').next()?;
        let rest = name.strip_prefix(prefix.as_str())?.strip_prefix('-')?;
        let digits = rest.split(|c: char| !c.is_ascii_digit()).next()?;
        Some(&name[..prefix.len() + 1 + digits.len()])
    });
    let highest = from_ids
        .chain(from_files)
        .filter_map(id_parts)
        .filter(|(p, _)| p == prefix)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0)
        .max(highest_elsewhere);
    if highest >= MAX_ID_NUMBER {
        return Err(Error::Invalid(format!(
            "no {prefix} ID is left: {prefix}-{MAX_ID_NUMBER} is taken, and an ID's number is at most {MAX_ID_NUMBER}; start a new prefix (`prefix:` in config.yml) or renumber the story that took it"
        )));
    }
    Ok(format!("{prefix}-{}", highest + 1))
}

/// `PAY-7k3f`: four random characters of `0-9a-z` (1.7 million choices), not one in use.
fn random_id(backlog: &Backlog) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut seed = std::collections::hash_map::RandomState::new().build_hasher();
    seed.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    seed.write_u32(std::process::id());
    let mut state = seed.finish() | 1;
    loop {
        let mut suffix = String::new();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            suffix.push(char::from(
                b"0123456789abcdefghijklmnopqrstuvwxyz"[(state % 36) as usize],
            ));
        }
        let id = format!("{}-{suffix}", backlog.config.prefix);
        if backlog.find(&id).is_empty() {
            return id;
        }
    }
}

/// The templates `init` writes beside story.md, for the types that are no user stories.
pub const TYPE_TEMPLATES: &[(&str, &str)] = &[
    (
        "bug",
        "<!-- What goes wrong, and for whom. -->

## Steps to reproduce
1.

## Expected

## Actual

## Acceptance criteria
",
    ),
    (
        "spike",
        "<!-- The question this spike answers, and its time box. -->

## Findings

## Acceptance criteria
",
    ),
];

/// The body of a new story of type `kind`: the body of backlog/templates/KIND.md when it
/// exists, else of backlog/templates/story.md, else the default, with an
/// acceptance-criteria section.
pub fn template(base: &Path, kind: &str) -> Result<String> {
    let own = TEMPLATE_FILE.replace("story.md", &format!("{kind}.md"));
    let safe = !kind.is_empty()
        && kind
            .chars()
            .all(|c| c.is_alphanumeric() || "-_".contains(c));
    let mut text = None;
    for path in [own.as_str(), TEMPLATE_FILE]
        .into_iter()
        .filter(|p| safe || *p == TEMPLATE_FILE)
    {
        match std::fs::read_to_string(base.join(path)) {
            Ok(found) => {
                text = Some(found);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Read {
                    path: path.into(),
                    source,
                });
            }
        }
    }
    let text = text.unwrap_or_else(|| DEFAULT_TEMPLATE.to_string());
    let mut body = match frontmatter::split(&text) {
        Ok(split) => text[split.body].to_string(),
        Err(_) => text.trim_start_matches('\u{feff}').to_string(),
    };
    if markdown::parse_body(&body, 1, 0).criteria_section.is_none() {
        let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
        if !body.is_empty() && !body.ends_with('\n') {
            body.push_str(eol);
        }
        body.push_str(&format!("{eol}## {}{eol}", markdown::CRITERIA_HEADING));
    }
    Ok(body)
}

fn one_of(what: &str, value: Option<&str>, allowed: &[String]) -> Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    if allowed.iter().any(|a| a == value) {
        return Ok(Some(value.to_string()));
    }
    invalid(format!(
        "unknown {what} {value:?}{} (expected one of {}; see config.yml)",
        suggest::hint(value, allowed.iter().map(String::as_str)),
        allowed.join(", ")
    ))
}

fn number(flag: &str, n: Option<f64>) -> Result<Option<Num>> {
    match n {
        Some(n) if !n.is_finite() || n < 0.0 => {
            invalid(format!("--{flag} must be a number of 0 or more"))
        }
        n => Ok(n.map(Num)),
    }
}
