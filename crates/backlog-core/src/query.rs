//! Choosing and ordering stories: the filters and sort keys `list` offers.

use std::cmp::Ordering;

use crate::config::Config;
use crate::error::{Result, invalid};
use crate::story::{Story, id_order};
use crate::{schema, suggest};

/// Which stories to show. Values of one field are alternatives (`--status ready
/// --status doing`); different fields must all match; every label given must be present.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub status: Vec<String>,
    pub kind: Vec<String>,
    pub label: Vec<String>,
    pub epic: Vec<String>,
    pub sprint: Vec<String>,
    pub assignee: Vec<String>,
    pub priority: Vec<String>,
    /// `--where KEY=VALUE`: any field, built-in or custom. Values for one key are
    /// alternatives; a list field matches when it holds the value; `KEY=` matches stories
    /// without the field.
    pub fields: Vec<(String, String)>,
    /// Case-insensitive text to find in the title, description or criteria.
    pub grep: Option<String>,
    /// Include stories in a done status.
    pub all: bool,
}

impl Filter {
    /// Check the values that config.yml defines, so a typo is an error, not an empty list.
    pub fn validate(&self, config: &Config) -> Result<()> {
        for (flag, given, allowed) in [
            ("--status", &self.status, &config.statuses),
            ("--type", &self.kind, &config.types),
            ("--priority", &self.priority, &config.priorities),
        ] {
            if let Some(bad) = given.iter().find(|v| !allowed.contains(v)) {
                return invalid(format!(
                    "{flag} {bad:?} is not defined{} (expected one of {})",
                    suggest::hint(bad, allowed.iter().map(String::as_str)),
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    pub fn matches(&self, s: &Story, config: &Config) -> bool {
        let any = |wanted: &[String], have: Option<&str>| {
            wanted.is_empty() || have.is_some_and(|h| wanted.iter().any(|w| w == h))
        };
        let done_asked = self.status.iter().any(|st| config.is_done(st));
        // Done and rejected stories are shown when asked for.
        let rejected_asked = self.fields.iter().any(|(k, _)| k == "outcome");
        (self.all || done_asked || !config.is_done(&s.status))
            && (self.all || rejected_asked || s.outcome.as_deref() != Some(crate::story::REJECTED))
            && any(&self.status, Some(&s.status))
            && any(&self.kind, Some(&s.kind))
            && any(&self.epic, s.epic.as_deref())
            && any(&self.sprint, s.sprint.as_deref())
            && any(&self.assignee, s.assignee.as_deref())
            && any(&self.priority, s.priority.as_deref())
            && self.label.iter().all(|l| s.labels.contains(l))
            && self.grep.as_ref().is_none_or(|g| grep(s, g))
            && self.fields_match(s)
    }

    fn fields_match(&self, s: &Story) -> bool {
        let mut keys: Vec<&str> = self.fields.iter().map(|(k, _)| k.as_str()).collect();
        keys.dedup();
        keys.iter().all(|key| {
            let items = s.items(key);
            let text = s.field_text(key);
            self.fields
                .iter()
                .filter(|(k, _)| k == key)
                .any(|(_, wanted)| match wanted.as_str() {
                    "" => text.is_none(),
                    w if !items.is_empty() => items.iter().any(|i| i == w),
                    w => text.as_deref() == Some(w),
                })
        })
    }
}

/// `KEY=VALUE` for `list --where`: the key must be a field that filters (built-in, or
/// declared in config.yml), or `known` (a key some story has).
pub fn parse_where(
    arg: &str,
    config: &Config,
    known: impl Fn(&str) -> bool,
) -> Result<(String, String)> {
    let Some((key, value)) = arg.split_once('=') else {
        return invalid(format!(
            "--where {arg:?}: expected KEY=VALUE, such as status=ready or requested_by=sales"
        ));
    };
    // The names `list` gives its own options: `--label`, `--type`.
    let key = match key.trim() {
        "label" => "labels",
        other => other,
    };
    let filters = schema::lookup(key, config).is_some_and(|f| f.filter());
    if !filters && (schema::builtin(key).is_some() || !known(key)) {
        let names: Vec<String> = schema::all(config)
            .into_iter()
            .filter(|f| f.filter())
            .map(|f| f.key)
            .collect();
        return invalid(format!(
            "--where: cannot filter on {key:?}{} (fields: {})",
            suggest::hint(key, names.iter().map(String::as_str)),
            names.join(", ")
        ));
    }
    Ok((key.to_string(), value.trim().to_string()))
}

fn grep(s: &Story, needle: &str) -> bool {
    let needle = needle.to_lowercase();
    s.title.to_lowercase().contains(&needle)
        || s.description.to_lowercase().contains(&needle)
        || s.criteria
            .iter()
            .any(|c| c.text.to_lowercase().contains(&needle))
}

/// A sort key: a field, ascending unless `descending`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

impl std::str::FromStr for SortKey {
    type Err = String;

    /// `points`, `-points` or `points:desc`.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (field, descending) = if let Some(f) = s.strip_prefix('-') {
            (f, true)
        } else if let Some(f) = s.strip_suffix(":desc") {
            (f, true)
        } else {
            (s.strip_suffix(":asc").unwrap_or(s), false)
        };
        if field.is_empty() {
            return Err("expected a field name, such as `points` or `-value`".into());
        }
        Ok(SortKey {
            field: field.to_string(),
            descending,
        })
    }
}

/// The fields `--sort` takes: built-in and custom, by the schema.
pub fn sort_fields(config: &Config) -> Vec<String> {
    schema::all(config)
        .into_iter()
        .filter(|f| f.sort())
        .map(|f| f.key)
        .collect()
}

/// Order stories by `key`; stories without a value come last either way. Ties keep the
/// manual order (rank, then ID).
pub fn sort(stories: &mut [&Story], key: &SortKey, config: &Config) {
    let position =
        |list: &[String], v: Option<String>| v.and_then(|v| list.iter().position(|x| *x == v));
    stories.sort_by(|a, b| {
        let primary = match key.field.as_str() {
            "rank" => None,
            "id" => Some(id_order(&a.id, &b.id)),
            "status" => cmp_opt(
                position(&config.statuses, Some(a.status.clone())),
                position(&config.statuses, Some(b.status.clone())),
                key.descending,
            ),
            "type" => cmp_opt(
                position(&config.types, Some(a.kind.clone())),
                position(&config.types, Some(b.kind.clone())),
                key.descending,
            ),
            "priority" => cmp_opt(
                position(&config.priorities, a.priority.clone()),
                position(&config.priorities, b.priority.clone()),
                key.descending,
            ),
            field => {
                let (x, y) = (a.field_text(field), b.field_text(field));
                match (
                    x.as_deref().and_then(|v| v.parse::<f64>().ok()),
                    y.as_deref().and_then(|v| v.parse::<f64>().ok()),
                ) {
                    (Some(p), Some(q)) => Some(if key.descending {
                        q.total_cmp(&p)
                    } else {
                        p.total_cmp(&q)
                    }),
                    _ => cmp_opt(
                        x.map(|v| v.to_lowercase()),
                        y.map(|v| v.to_lowercase()),
                        key.descending,
                    ),
                }
            }
        };
        let manual = manual_order(a, b);
        match primary {
            Some(o) if key.field == "id" && key.descending => o.reverse(),
            Some(o) => o.then(manual),
            None if key.descending => manual.reverse(),
            None => manual,
        }
    });
}

/// Compare optional values with the missing ones last, whatever the direction.
fn cmp_opt<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Option<Ordering> {
    Some(match (a, b) {
        (Some(x), Some(y)) if descending => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    })
}

/// The backlog's manual order: ranked stories by their rank key, then the rest by ID.
pub fn manual_order(a: &Story, b: &Story) -> Ordering {
    match (&a.rank, &b.rank) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| id_order(&a.id, &b.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: &str, extra: &str) -> Story {
        let text =
            format!("---\nid: {id}\ntitle: Title of {id}\n{extra}---\nAs a user I want pizza.\n");
        Story::parse("x.md", &text, &Config::default())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn filters_combine() {
        let c = Config::default();
        let a = story("A-1", "status: ready\nlabels: [x, y]\npriority: must\n");
        let b = story("A-2", "status: done\nlabels: [x]\n");
        let f = Filter {
            label: vec!["x".into(), "y".into()],
            ..Default::default()
        };
        assert!(f.matches(&a, &c));
        let f = Filter {
            label: vec!["x".into()],
            ..Default::default()
        };
        assert!(!f.matches(&b, &c), "done is hidden by default");
        assert!(
            Filter {
                all: true,
                ..f.clone()
            }
            .matches(&b, &c)
        );
        assert!(
            Filter {
                status: vec!["done".into()],
                ..f.clone()
            }
            .matches(&b, &c)
        );
        assert!(
            Filter {
                grep: Some("PIZZA".into()),
                ..Default::default()
            }
            .matches(&a, &c)
        );
        assert!(
            !Filter {
                grep: Some("pasta".into()),
                ..Default::default()
            }
            .matches(&a, &c)
        );
        assert!(
            !Filter {
                priority: vec!["should".into()],
                ..Default::default()
            }
            .matches(&a, &c)
        );
    }

    #[test]
    fn filter_values_are_checked() {
        let f = Filter {
            status: vec!["redy".into()],
            ..Default::default()
        };
        assert_eq!(
            f.validate(&Config::default()).unwrap_err().to_string(),
            "--status \"redy\" is not defined (did you mean `ready`?) (expected one of draft, ready, doing, review, done)"
        );
    }

    #[test]
    fn sorting() {
        let c = Config::default();
        let s = [
            story("A-10", "points: 3\npriority: could\n"),
            story("A-2", "points: 13\nrank: b\n"),
            story("A-3", "priority: must\nrank: a\n"),
        ];
        let ids = |key: &str| {
            let mut v: Vec<&Story> = s.iter().collect();
            sort(&mut v, &key.parse().unwrap(), &c);
            v.iter().map(|s| s.id.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(ids("rank"), ["A-3", "A-2", "A-10"]);
        assert_eq!(ids("id"), ["A-2", "A-3", "A-10"]);
        assert_eq!(ids("-id"), ["A-10", "A-3", "A-2"]);
        assert_eq!(ids("points"), ["A-10", "A-2", "A-3"]);
        assert_eq!(ids("-points"), ["A-2", "A-10", "A-3"]);
        assert_eq!(ids("priority"), ["A-3", "A-10", "A-2"]);
    }
}
