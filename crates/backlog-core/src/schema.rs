//! The field schema: every built-in field of a story, once, with what each part of the
//! tool needs to know about it. Parsing, `set`, `show`, table columns, CSV, JSON, sorting,
//! filtering, history descriptions and the merge driver all read this table; a custom
//! field declared under `fields:` in config.yml takes part everywhere a built-in one does.
//!
//! To add a built-in field: add a row here, a member to `Story` (and `Draft`, if `new`
//! sets it) and its arm in `Story::field_text`. Everything else follows from the row.

use crate::config::{Config, FieldKind};

/// How the merge driver combines two sides' changes to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeAs {
    /// One value: both sides changing it differently is a conflict.
    Scalar,
    /// A set of items: additions and removals of both sides are all kept.
    Set,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A front-matter key.
    FrontMatter,
    /// A scoring input (WSJF, RICE): a front-matter number kept in `Story::scores`.
    Score,
    /// Worked out from the file, not a key of its own (criteria progress, the path).
    Derived,
}

/// One field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The front-matter key; also its name in JSON, in `--sort`, `--columns` and `--where`.
    pub key: &'static str,
    /// The heading of its column and its label in `show`.
    pub label: &'static str,
    pub kind: FieldKind,
    pub source: Source,
    pub merge: MergeAs,
    /// `list --sort` accepts it.
    pub sort: bool,
    /// `list --where` accepts it.
    pub filter: bool,
    /// `list --columns` accepts it.
    pub column: bool,
    /// Its columns in `list --format csv` (none: not written there).
    pub csv: &'static [&'static str],
}

const fn field(key: &'static str, label: &'static str, kind: FieldKind) -> Field {
    Field {
        key,
        label,
        kind,
        source: Source::FrontMatter,
        merge: MergeAs::Scalar,
        sort: true,
        filter: true,
        column: true,
        csv: &[],
    }
}

const fn csv(mut f: Field, columns: &'static [&'static str]) -> Field {
    f.csv = columns;
    f
}

const fn set(mut f: Field) -> Field {
    f.merge = MergeAs::Set;
    f.sort = false;
    f
}

const fn score(key: &'static str, label: &'static str) -> Field {
    let mut f = field(key, label, FieldKind::Number);
    f.source = Source::Score;
    f
}

const fn derived(mut f: Field) -> Field {
    f.source = Source::Derived;
    f.filter = false;
    f
}

use FieldKind::{Date, List, Number, Text};

/// Every built-in field, in the order stories and outputs list them. A new field goes at
/// the end, so that CSV columns are only ever appended.
pub const FIELDS: &[Field] = &[
    csv(field("id", "ID", Text), &["id"]),
    csv(field("title", "Title", Text), &["title"]),
    csv(field("type", "Type", Text), &["type"]),
    csv(field("status", "Status", Text), &["status"]),
    csv(field("priority", "Priority", Text), &["priority"]),
    csv(field("value", "Value", Number), &["value"]),
    csv(field("points", "Points", Number), &["points"]),
    csv(field("epic", "Epic", Text), &["epic"]),
    csv(field("sprint", "Sprint", Text), &["sprint"]),
    csv(
        set(field("depends_on", "Depends on", List)),
        &["depends_on"],
    ),
    csv(set(field("labels", "Labels", List)), &["labels"]),
    csv(field("assignee", "Assignee", Text), &["assignee"]),
    csv(field("rank", "Rank", Text), &["rank"]),
    csv(field("created", "Created", Date), &["created"]),
    csv(field("due", "Due", Date), &["due"]),
    score("time_criticality", "Time criticality"),
    score("risk_reduction", "Risk reduction"),
    score("reach", "Reach"),
    score("impact", "Impact"),
    score("confidence", "Confidence"),
    {
        let mut f = derived(csv(
            field("criteria", "AC", Text),
            &["criteria_done", "criteria_total"],
        ));
        f.sort = false;
        f
    },
    derived(csv(field("path", "File", Text), &["path"])),
    // Added later: last, so CSV columns are only ever appended.
    csv(field("release", "Release", Text), &["release"]),
    csv(field("goal", "Goal", Text), &["goal"]),
    csv(field("outcome", "Outcome", Text), &["outcome"]),
    csv(field("reason", "Reason", Text), &["reason"]),
];

/// The built-in field with this key.
pub fn builtin(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// Whether `key` is a built-in front-matter key (a custom field may not take its name).
pub fn is_builtin_key(key: &str) -> bool {
    builtin(key).is_some_and(|f| f.source != Source::Derived)
}

/// The keys of the built-in front-matter fields, in order.
pub fn front_matter_keys() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .filter(|f| f.source != Source::Derived)
        .map(|f| f.key)
}

/// A field as a command sees it: built-in, or declared under `fields:` in config.yml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub builtin: Option<&'static Field>,
}

impl FieldRef {
    pub fn merge(&self) -> MergeAs {
        match self.builtin {
            Some(f) => f.merge,
            None if self.kind == FieldKind::List => MergeAs::Set,
            None => MergeAs::Scalar,
        }
    }

    pub fn sort(&self) -> bool {
        self.builtin.is_none_or(|f| f.sort)
    }

    pub fn filter(&self) -> bool {
        self.builtin.is_none_or(|f| f.filter)
    }

    pub fn column(&self) -> bool {
        self.builtin.is_none_or(|f| f.column)
    }
}

/// The field `key`: a built-in one, or a custom one the config declares.
pub fn lookup(key: &str, config: &Config) -> Option<FieldRef> {
    if let Some(f) = builtin(key) {
        return Some(FieldRef {
            key: f.key.to_string(),
            label: f.label.to_string(),
            kind: f.kind,
            builtin: Some(f),
        });
    }
    config.fields.get(key).map(|kind| FieldRef {
        key: key.to_string(),
        label: label_of(key),
        kind: *kind,
        builtin: None,
    })
}

/// Every field, built-in then custom (in the config's order).
pub fn all(config: &Config) -> Vec<FieldRef> {
    FIELDS
        .iter()
        .map(|f| f.key)
        .chain(config.fields.keys().map(String::as_str))
        .filter_map(|k| lookup(k, config))
        .collect()
}

/// A label for a custom key: `requested_by` reads `Requested by`.
pub fn label_of(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_listed_once() {
        let mut keys: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn custom_fields_are_fields_too() {
        let mut config = Config::default();
        config.fields.insert("requested_by".into(), FieldKind::Text);
        let f = lookup("requested_by", &config).unwrap();
        assert_eq!(f.label, "Requested by");
        assert!(f.sort() && f.filter() && f.column());
        assert_eq!(lookup("labels", &config).unwrap().merge(), MergeAs::Set);
        assert!(lookup("nope", &config).is_none());
        assert_eq!(all(&config).last().unwrap().key, "requested_by");
    }
}
