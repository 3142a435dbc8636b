//! Bringing a backlog in from elsewhere: each format reads its source into [`Record`]s
//! (the fields in our words, the source's own key kept), and [`plan`] turns them into
//! one change set: new stories for records seen for the first time, field updates for
//! stories an earlier import made (found by their `source:` key), so that importing the
//! same source again changes only what changed there.

pub mod backlog_md;
pub mod csv;
pub mod github;
pub mod jira;
pub mod json;

use std::collections::{BTreeMap, HashMap};

use crate::backlog::Backlog;
use crate::change::{Change, ChangeSet};
use crate::edit::Doc;
use crate::error::{Error, Result, invalid};
use crate::fields::{self, Assignment};
use crate::ops::StoryFiles;
use crate::ops::create::{self, NewStory};
use crate::story::Story;

/// One story of the source, in our words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// The source's own key (`github:123`), kept in the story's `source` field.
    pub key: String,
    /// An ID of ours the record already carries (an export of a git-backlog backlog),
    /// kept when it is free.
    pub id: Option<String>,
    pub title: String,
    /// Fields as `set` takes them: (`status`, `ready`), (`labels`, `api,web`).
    pub values: Vec<(String, String)>,
    /// Keys no field declares, kept as they are (as `set --force` keeps them).
    pub extra: Vec<(String, String)>,
    pub description: Option<String>,
    /// Criteria with whether each is done.
    pub criteria: Vec<(String, bool)>,
    /// The epic, as a source key.
    pub epic: Option<String>,
    /// Dependencies, as source keys.
    pub depends_on: Vec<String>,
}

impl Record {
    /// The first of the source's assignees (a story has one); the others are said in a
    /// warning, so nothing is dropped unsaid.
    pub fn assign<S: AsRef<str>>(&mut self, assignees: &[S], warnings: &mut Vec<String>) {
        let Some((first, others)) = assignees.split_first() else {
            return;
        };
        self.values
            .push(("assignee".into(), first.as_ref().to_string()));
        if !others.is_empty() {
            let others: Vec<&str> = others.iter().map(AsRef::as_ref).collect();
            warnings.push(format!(
                "{}: one assignee is kept ({}); not kept: {}",
                self.key,
                first.as_ref(),
                others.join(", ")
            ));
        }
    }
}

/// How source values become ours, from the format's default table and `--map FILE`.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Per field (`status`, `type`, `priority`): source value (any case) → ours.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Source column or key → our field (`Story Points` → `points`).
    pub fields: BTreeMap<String, String>,
}

impl Mapping {
    /// A format's defaults, overridden by a `--map` document:
    /// `{status: {"To Do": ready}, type: {...}, priority: {...}, fields: {"Story Points": points}}`.
    pub fn with(mut self, map: Option<&serde_json::Value>) -> Result<Mapping> {
        let Some(map) = map else { return Ok(self) };
        let Some(map) = map.as_object() else {
            return invalid("--map: expected a mapping of status, type, priority and fields");
        };
        for (section, entries) in map {
            let Some(entries) = entries.as_object() else {
                return invalid(format!(
                    "--map: {section}: expected `source value: our value` lines"
                ));
            };
            let pairs = entries.iter().map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), v)
            });
            match section.as_str() {
                "fields" => self.fields.extend(pairs),
                "status" | "type" | "priority" => {
                    let table = self.values.entry(section.clone()).or_default();
                    table.extend(pairs.map(|(k, v)| (k.to_lowercase(), v)));
                }
                other => {
                    return invalid(format!(
                        "--map: unknown section {other:?} (expected status, type, priority or fields)"
                    ));
                }
            }
        }
        Ok(self)
    }

    /// Our value of `field` for the source's `value`: the table's, else the value itself.
    pub fn value(&self, field: &str, value: &str) -> String {
        self.values
            .get(field)
            .and_then(|t| t.get(&value.to_lowercase()))
            .cloned()
            .unwrap_or_else(|| value.to_string())
    }

    /// Our field for a source column, if the map names one.
    pub fn field(&self, column: &str) -> Option<&str> {
        self.fields.get(column).map(String::as_str)
    }
}

/// What an import would do.
#[derive(Debug, Default)]
pub struct Plan {
    pub set: ChangeSet,
    /// Source data that has no place here, or values that could not be kept: said, never
    /// dropped silently.
    pub warnings: Vec<String>,
    /// (our ID, source key) of the stories created and updated.
    pub created: Vec<(String, String)>,
    pub updated: Vec<(String, String)>,
}

/// The change set that brings `records` in: created when new, updated when a story has
/// their `source` key (or, for our own exports, their ID). `next_id` gives new IDs.
pub fn plan(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    records: Vec<Record>,
    warnings: Vec<String>,
    mut next_id: impl FnMut() -> Result<String>,
    today: &str,
) -> Result<Plan> {
    let config = &backlog.config;
    let mut plan = Plan {
        set: ChangeSet::new("import {n} stories"),
        warnings,
        ..Plan::default()
    };
    let source_of = |s: &Story| s.field_text("source");
    let existing: HashMap<String, &Story> = backlog
        .stories
        .iter()
        .filter_map(|s| Some((source_of(s)?, s)))
        .collect();
    // Each record's story: an earlier import's, our own ID, or a new one.
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut targets: Vec<Option<&Story>> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for record in &records {
        if ids.contains_key(&record.key) {
            return invalid(format!("{}: the source has this key twice", record.key));
        }
        let found = existing.get(&record.key).copied().or_else(|| {
            let id = record.id.as_deref()?;
            backlog
                .find(id)
                .first()
                .copied()
                .filter(|s| source_of(s).is_none())
        });
        let id = match (found, &record.id) {
            (Some(story), _) => story.id.to_string(),
            (None, Some(id)) if backlog.find(id).is_empty() && !taken.contains(id) => id.clone(),
            (None, _) => next_id()?,
        };
        taken.push(id.clone());
        ids.insert(record.key.clone(), id);
        targets.push(found);
    }
    let today = today.to_string();
    let mut new_releases: Vec<String> = Vec::new();
    for (record, target) in records.iter().zip(targets) {
        let id = ids[&record.key].clone();
        let named = |e: Error| Error::Invalid(format!("{} ({:?}): {e}", record.key, record.title));
        let mut assignments = Vec::new();
        // Set once the story is written: they name what this import makes.
        let mut late: Vec<Assignment> = Vec::new();
        let forced = record.extra.iter().map(|kv| (kv, true));
        for ((key, value), force) in record.values.iter().map(|kv| (kv, false)).chain(forced) {
            // A release (a milestone, a fix version) that is not here yet is made, once, in
            // the same commit; the story names it after it is written.
            if key == "release" && !backlog.releases.iter().any(|r| &r.name == value) {
                if !new_releases.contains(value) {
                    match crate::ops::release::create(backlog, value, None, None) {
                        Ok(set) => {
                            plan.warnings.push(format!(
                                "release {value:?} is new here: made without a target date (git backlog release show {value})"
                            ));
                            plan.set.changes.extend(set.changes);
                            new_releases.push(value.clone());
                        }
                        Err(e) => {
                            plan.warnings
                                .push(format!("{}: release {value:?} not kept: {e}", record.key));
                            continue;
                        }
                    }
                }
                late.push(
                    fields::parse_assignment(&format!("release={value}"), config, true)
                        .map_err(&named)?,
                );
                continue;
            }
            match fields::parse_assignment(&format!("{key}={value}"), config, force) {
                Ok(a) => assignments.push(a),
                Err(e) => plan
                    .warnings
                    .push(format!("{}: {key}={value:?} not kept: {e}", record.key)),
            }
        }
        // References, as our IDs: to stories of this import or of the backlog.
        let resolve = |key: &str| -> Option<String> {
            ids.get(key).cloned().or_else(|| {
                let found = backlog.find(key);
                found.first().map(|s| s.id.to_string())
            })
        };
        let mut refs: Vec<Assignment> = late;
        if let Some(epic) = &record.epic {
            match resolve(epic) {
                Some(epic) => refs.push(
                    fields::parse_assignment(&format!("epic={epic}"), config, true)
                        .map_err(&named)?,
                ),
                None => plan.warnings.push(format!(
                    "{}: epic {epic} is not in the import or the backlog",
                    record.key
                )),
            }
        }
        let deps: Vec<String> = record
            .depends_on
            .iter()
            .filter_map(|d| {
                let found = resolve(d);
                if found.is_none() {
                    plan.warnings.push(format!(
                        "{}: dependency {d} is not in the import or the backlog",
                        record.key
                    ));
                }
                found
            })
            .collect();
        if !deps.is_empty() {
            refs.push(
                fields::parse_assignment(&format!("depends_on={}", deps.join(",")), config, true)
                    .map_err(&named)?,
            );
        }
        let source = fields::parse_assignment(&format!("source={}", record.key), config, true)?;
        match target {
            None => {
                let new = NewStory {
                    title: record.title.clone(),
                    description: record.description.clone(),
                    criteria: record.criteria.iter().map(|(t, _)| t.clone()).collect(),
                    fields: assignments,
                    ..NewStory::default()
                };
                let draft = create::draft(backlog, &new, id.clone(), &today).map_err(&named)?;
                let template = create::template(&backlog.base, &draft.kind)?;
                let mut change =
                    create::create(backlog, &draft, &template, &new).map_err(&named)?;
                // What create cannot check yet (stories of this same import), and the
                // source key and the criteria already done.
                let crate::change::Action::Create { text } = &mut change.action else {
                    continue;
                };
                let mut doc =
                    Doc::parse(std::mem::take(text)).map_err(Error::edit(&change.path))?;
                let mut more = refs;
                if record.id.as_deref() != Some(id.as_str()) {
                    more.push(source);
                }
                if !more.is_empty() {
                    doc = crate::ops::set::edit(&doc, &change.path, &more)
                        .map_err(&named)?
                        .0;
                }
                for (n, (_, done)) in record.criteria.iter().enumerate() {
                    if *done {
                        doc.check(n + 1, true).map_err(Error::edit(&change.path))?;
                    }
                }
                *text = doc.text;
                change.what = format!("new {:?} (from {})", record.title, record.key);
                plan.created.push((id, record.key.clone()));
                plan.set.changes.push(change);
            }
            Some(story) => {
                let mut all = Vec::new();
                if story.title != record.title {
                    all.push(
                        fields::parse_assignment(&format!("title={}", record.title), config, false)
                            .map_err(&named)?,
                    );
                }
                all.extend(assignments.into_iter().filter(|a| differs(story, a)));
                all.extend(refs.into_iter().filter(|a| differs(story, a)));
                let criteria: Vec<(String, bool)> = story
                    .criteria
                    .iter()
                    .map(|c| (c.text.clone(), c.done))
                    .collect();
                if criteria != record.criteria
                    || record
                        .description
                        .as_deref()
                        .is_some_and(|d| d.trim() != story.description.trim())
                {
                    plan.warnings.push(format!(
                        "{} ({}): the description or criteria differ from the source; they are not overwritten (git backlog edit {})",
                        story.id, record.key, story.id
                    ));
                }
                if all.is_empty() {
                    continue;
                }
                if let Some(change) =
                    crate::ops::set::set(backlog, files, story, &all, true).map_err(&named)?
                {
                    plan.updated
                        .push((story.id.to_string(), record.key.clone()));
                    plan.set.changes.push(Change {
                        what: format!("{} (from {})", change.what, record.key),
                        ..change
                    });
                }
            }
        }
    }
    Ok(plan)
}

/// Whether setting `a` would change `story`.
fn differs(story: &Story, a: &Assignment) -> bool {
    use crate::edit::Value;
    match &a.op {
        fields::Op::Set(Value::List(items)) => story.items(&a.key) != *items,
        fields::Op::Set(v) => {
            story.field_text(&a.key).as_deref() != Some(crate::ops::set::value_text(v).as_str())
        }
        fields::Op::Remove => story.field_text(&a.key).is_some(),
        _ => true,
    }
}
