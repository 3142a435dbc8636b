//! What each front-matter field holds, and reading `key=value` from the command line into
//! a typed change, checked against the config.

use crate::config::{Config, FieldKind};
use crate::edit::Value;
use crate::error::{Error, Result, invalid};
use crate::story::{Num, id_problem};
use crate::{date, number, schema, suggest};

/// The type of a front-matter field, built-in or declared in the config; `None` for an
/// unknown key (or one that is worked out, not written, such as `path`).
pub fn kind_of(key: &str, config: &Config) -> Option<FieldKind> {
    schema::lookup(key, config)
        .filter(|f| {
            f.builtin
                .is_none_or(|b| b.source != schema::Source::Derived)
        })
        .map(|f| f.kind)
}

/// One change to one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `key=value`
    Set(Value),
    /// `key=`
    Remove,
    /// `key+=a,b`
    Add(Vec<String>),
    /// `key-=a,b`
    Subtract(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub key: String,
    pub kind: FieldKind,
    pub op: Op,
}

impl Assignment {
    /// `key=value` for a text field, made by a command rather than typed by a person.
    pub fn text(key: &str, value: &str) -> Assignment {
        Assignment {
            key: key.to_string(),
            kind: FieldKind::Text,
            op: Op::Set(Value::Text(value.to_string())),
        }
    }

    /// `points 3 -> 5`-style words for commit messages, given the old value as text.
    pub fn describe(&self, old: Option<String>) -> String {
        let old = old.unwrap_or_else(|| "(none)".into());
        match &self.op {
            Op::Set(v) => {
                let new = match v {
                    Value::Text(t) | Value::Date(t) => t.clone(),
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::List(l) => format!("[{}]", l.join(", ")),
                };
                format!("{} {old} -> {new}", self.key)
            }
            Op::Remove => format!("{} removed (was {old})", self.key),
            Op::Add(items) => format!("{} += {}", self.key, items.join(", ")),
            Op::Subtract(items) => format!("{} -= {}", self.key, items.join(", ")),
        }
    }
}

/// Read `key=value`, `key+=v`, `key-=v` or `key=`. An unknown key is an error unless the
/// config declares it or `force` is set (then its value is typed as YAML would: a number,
/// `true`/`false`, or text); a misspelt known key gets a suggestion.
pub fn parse_assignment(arg: &str, config: &Config, force: bool) -> Result<Assignment> {
    let Some((lhs, raw)) = arg.split_once('=') else {
        return invalid(format!(
            "expected `key=value` (or `key+=value`, `key-=value`, `key=` to remove), found {arg:?}"
        ));
    };
    let (key, list_op) = match lhs.strip_suffix('+') {
        Some(k) => (k, Some(true)),
        None => match lhs.strip_suffix('-') {
            Some(k) => (k, Some(false)),
            None => (lhs, None),
        },
    };
    let key = key.trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return invalid(format!("{arg:?}: a key is letters, digits, `_` and `-`"));
    }
    let kind = match kind_of(key, config) {
        Some(kind) => kind,
        None if force => guess_kind(raw),
        None => {
            let mut known: Vec<&str> = schema::front_matter_keys().collect();
            known.extend(config.fields.keys().map(String::as_str));
            let hint = suggest::hint(key, known.iter().copied());
            return invalid(format!(
                "unknown field `{key}`{hint}; declare it under `fields:` in config.yml, or pass --force"
            ));
        }
    };
    if key == "id" {
        return invalid("the ID cannot be set: it names the file and every reference to it");
    }
    let op = match list_op {
        Some(add) => {
            if kind != FieldKind::List {
                return invalid(format!("`{key}` is not a list: use `{key}=value`"));
            }
            // The items are checked as a list of them would be.
            let Value::List(items) = parse_value(key, kind, raw, config)? else {
                unreachable!("a list field reads as a list")
            };
            if items.is_empty() {
                return invalid(format!("`{lhs}=` needs at least one value"));
            }
            if add {
                Op::Add(items)
            } else {
                Op::Subtract(items)
            }
        }
        None if raw.is_empty() => {
            if config.required.iter().any(|r| r == key) {
                return invalid(format!(
                    "`{key}` is required by config.yml and cannot be removed"
                ));
            }
            Op::Remove
        }
        None => Op::Set(parse_value(key, kind, raw, config)?),
    };
    Ok(Assignment {
        key: key.to_string(),
        kind,
        op,
    })
}

fn guess_kind(raw: &str) -> FieldKind {
    if raw == "true" || raw == "false" {
        FieldKind::Bool
    } else if raw.parse::<f64>().is_ok_and(f64::is_finite) && !raw.starts_with('0') || raw == "0" {
        FieldKind::Number
    } else {
        FieldKind::Text
    }
}

fn list_items(raw: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !items.iter().any(|i| i == item) {
            items.push(item.to_string());
        }
    }
    items
}

/// A value for `key`, checked: statuses, types and priorities from the config, points on
/// the scale, real dates, single-line text.
pub fn parse_value(key: &str, kind: FieldKind, raw: &str, config: &Config) -> Result<Value> {
    let one_of = |allowed: &[String]| -> Result<Value> {
        if allowed.iter().any(|a| a == raw) {
            Ok(Value::Text(raw.to_string()))
        } else {
            invalid(format!(
                "{key} {raw:?} is not allowed{} (expected one of {})",
                suggest::hint(raw, allowed.iter().map(String::as_str)),
                allowed.join(", ")
            ))
        }
    };
    match key {
        "status" => return one_of(&config.statuses),
        "type" => return one_of(&config.types),
        "priority" => return one_of(&config.priorities),
        "outcome" => return one_of(&[crate::story::REJECTED.to_string()]),
        "epic" => {
            if let Some(problem) = id_problem(raw) {
                return invalid(format!("epic: {problem}"));
            }
        }
        "rank" if !crate::rank::is_key(raw) || raw.len() > crate::rank::MAX_KEY_LEN => {
            return invalid(format!(
                "rank {raw:?} is not a rank key (digits and lower-case letters, not ending in 0, at most {} long); move stories with `git backlog rank ID --before ID2` instead",
                crate::rank::MAX_KEY_LEN
            ));
        }
        _ => {}
    }
    match kind {
        FieldKind::Text => {
            if raw.chars().any(char::is_control) {
                return invalid(format!(
                    "{key}: text must be one line, without control characters"
                ));
            }
            if key == "title" && raw.trim().is_empty() {
                return invalid("title: a title cannot be empty");
            }
            Ok(Value::Text(raw.to_string()))
        }
        FieldKind::Number => {
            // Points, value and the scoring inputs are amounts; a custom number may be
            // negative. Both are finite.
            let amount = schema::builtin(key).is_some();
            let n = if amount {
                number::amount(raw)
            } else {
                number::finite(raw)
            }
            .map_err(|e| Error::Invalid(format!("{key}: {e}")))?;
            if key == "points" && !config.points.contains(&n) {
                let scale: Vec<String> =
                    config.points.iter().map(|p| Num(*p).to_string()).collect();
                return invalid(format!(
                    "points {raw} is not on the points scale ({})",
                    scale.join(", ")
                ));
            }
            Ok(Value::Number(Num(n)))
        }
        FieldKind::Date => match date::parse(raw.trim()) {
            Some(_) => Ok(Value::Date(raw.trim().to_string())),
            None => invalid(format!(
                "{key}: expected a date as YYYY-MM-DD, found {raw:?}"
            )),
        },
        FieldKind::Bool => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => invalid(format!("{key}: expected true or false, found {raw:?}")),
        },
        FieldKind::List => {
            let items = list_items(raw);
            if items.iter().any(|i| i.chars().any(char::is_control)) {
                return invalid(format!(
                    "{key}: each item must be one line, without control characters"
                ));
            }
            if matches!(key, "depends_on")
                && let Some(problem) = items.iter().find_map(|i| id_problem(i))
            {
                return invalid(format!("{key}: {problem}"));
            }
            Ok(Value::List(items))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(arg: &str) -> std::result::Result<Assignment, String> {
        parse_assignment(arg, &Config::default(), false).map_err(|e| e.to_string())
    }

    #[test]
    fn assignments() {
        assert_eq!(
            parse("points=8").unwrap().op,
            Op::Set(Value::Number(Num(8.0)))
        );
        assert_eq!(
            parse("labels+=mobile,web").unwrap().op,
            Op::Add(vec!["mobile".into(), "web".into()])
        );
        assert_eq!(
            parse("labels-=web").unwrap().op,
            Op::Subtract(vec!["web".into()])
        );
        assert_eq!(parse("sprint=").unwrap().op, Op::Remove);
        assert_eq!(
            parse("due=2026-12-24").unwrap().op,
            Op::Set(Value::Date("2026-12-24".into()))
        );
        assert_eq!(
            parse("sprint=1.10").unwrap().op,
            Op::Set(Value::Text("1.10".into()))
        );
        assert_eq!(
            parse("title=a=b").unwrap().op,
            Op::Set(Value::Text("a=b".into()))
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse("pionts=3").unwrap_err(),
            "unknown field `pionts` (did you mean `points`?); declare it under `fields:` in config.yml, or pass --force"
        );
        assert!(
            parse("points=4")
                .unwrap_err()
                .contains("not on the points scale")
        );
        assert!(
            parse("status=dnoe")
                .unwrap_err()
                .contains("(did you mean `done`?)")
        );
        assert!(
            parse("due=2026-02-30")
                .unwrap_err()
                .contains("expected a date")
        );
        assert!(parse("points+=3").unwrap_err().contains("is not a list"));
        assert!(parse("title=").unwrap_err().contains("required"));
        assert!(parse("id=PAY-9").unwrap_err().contains("cannot be set"));
        assert!(
            parse("points")
                .unwrap_err()
                .contains("expected `key=value`")
        );
    }

    #[test]
    fn forced_and_declared_keys() {
        let a = parse_assignment("customer=ACME", &Config::default(), true).unwrap();
        assert_eq!(
            (a.kind, a.op),
            (FieldKind::Text, Op::Set(Value::Text("ACME".into())))
        );
        let a = parse_assignment("risk=3", &Config::default(), true).unwrap();
        assert_eq!(a.kind, FieldKind::Number);
        let a = parse_assignment("code=0042", &Config::default(), true).unwrap();
        assert_eq!(a.op, Op::Set(Value::Text("0042".into())));
        let config = Config::parse("fields:\n  launch: date\n").unwrap();
        assert_eq!(
            parse_assignment("launch=2027-01-01", &config, false)
                .unwrap()
                .kind,
            FieldKind::Date
        );
    }
}
