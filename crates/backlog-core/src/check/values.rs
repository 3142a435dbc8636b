//! Rules on a story's own fields: required fields (BL002), allowed values (BL005), the
//! file name (BL007) and the user-story form (BL008).

use crate::check::{Context, Place};
use crate::config::FieldKind;
use crate::story::{Num, Story};
use crate::{date, suggest};

pub fn check(cx: &mut Context) {
    let backlog = cx.backlog;
    for s in &backlog.stories {
        required(cx, s);
        allowed(cx, s);
        file_name(cx, s);
        user_story(cx, s);
        control_characters(cx, s);
    }
}

/// Front-matter values are one line each: a line break or another control character in
/// one is a mistake, or an attempt to forge a line in a terminal, a log or a table.
fn control_characters(cx: &mut Context, s: &Story) {
    for (key, place) in s.places.iter() {
        // Each text as the story holds it: copying every field of 10,000 stories to look
        // at it was 8 % of `check`.
        let mut look = |value: &str, pos| {
            if let Some(c) = value.chars().find(|c| c.is_control()) {
                let what = match c {
                    '\n' | '\r' => "a line break".to_string(),
                    c => format!("the control character U+{:04X}", c as u32),
                };
                cx.report(
                    "control-character",
                    Place::story(s, pos),
                    format!("`{key}` of {} holds {what}", s.id),
                    Some(
                        "a field is one line of text: remove the character (`git backlog edit ID`)"
                            .into(),
                    ),
                );
            }
        };
        let items = s.item_texts(key);
        if items.is_empty()
            && let Some(value) = s.field_str(key)
        {
            look(&value, place.value);
        }
        for (i, item) in items.iter().enumerate() {
            look(item, place.items.get(i).copied().unwrap_or(place.value));
        }
    }
}

fn required(cx: &mut Context, s: &Story) {
    for field in &cx.config.required {
        let present = match field.as_str() {
            "id" => true,
            "title" => !s.title.trim().is_empty() && s.place("title").is_some(),
            f => s.place(f).is_some() && s.field_text(f).is_some_and(|v| !v.is_empty()),
        };
        if !present {
            cx.report(
                "missing-field",
                Place::top(s),
                format!("{} has no `{field}`, which config.yml requires", s.id),
                Some(format!("git backlog set {} {field}=…", s.id)),
            );
        }
    }
}

fn allowed(cx: &mut Context, s: &Story) {
    let config = cx.config;
    let one_of = |cx: &mut Context, field: &str, value: Option<&str>, allowed: &[String]| {
        let Some(value) = value else { return };
        if !allowed.iter().any(|a| a == value) {
            cx.report(
                "invalid-value",
                Place::value(s, field),
                format!(
                    "{field} {value:?} is not allowed (expected one of {})",
                    allowed.join(", ")
                ),
                Some(
                    suggest::closest(value, allowed.iter().map(String::as_str)).map_or_else(
                        || format!("allowed values are set in config.yml (`{field}`)"),
                        |c| format!("did you mean `{c}`?"),
                    ),
                ),
            );
        }
    };
    // Only fields the file sets: defaults are always allowed.
    let set = |f: &str| s.place(f).is_some();
    one_of(
        cx,
        "status",
        set("status").then_some(s.status.as_str()),
        &config.statuses,
    );
    one_of(
        cx,
        "type",
        set("type").then_some(s.kind.as_str()),
        &config.types,
    );
    one_of(cx, "priority", s.priority.as_deref(), &config.priorities);
    if let Some(points) = s.points
        && !config.points.contains(&points.0)
    {
        let scale: Vec<String> = config.points.iter().map(|p| Num(*p).to_string()).collect();
        cx.report(
            "invalid-value",
            Place::value(s, "points"),
            format!(
                "points {points} is not on the points scale ({})",
                scale.join(", ")
            ),
            Some("estimate on the scale, or change `points` in config.yml".into()),
        );
    }
    // Amounts are not negative (the points scale covers `points`).
    let amounts = [("value", s.value)]
        .into_iter()
        .chain(s.scores.iter().map(|(k, n)| (*k, Some(*n))));
    for (field, n) in amounts {
        if let Some(n) = n.filter(|n| n.0 < 0.0) {
            cx.report(
                "invalid-value",
                Place::value(s, field),
                format!("{field} {n} is negative (expected a number of 0 or more)"),
                None,
            );
        }
    }
    let mut dates: Vec<(&str, String)> = [("created", &s.created), ("due", &s.due)]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v.to_string())))
        .collect();
    for (key, kind) in &config.fields {
        let Some(value) = s.extra.get(key) else {
            continue;
        };
        let ok = match kind {
            FieldKind::Date => {
                dates.push((key.as_str(), value.as_str().unwrap_or_default().to_string()));
                continue;
            }
            FieldKind::Number => value.is_number(),
            FieldKind::Bool => value.is_boolean(),
            FieldKind::List => value.is_array(),
            FieldKind::Text => !value.is_object() && !value.is_array(),
        };
        if !ok {
            cx.report(
                "invalid-value",
                Place::value(s, key),
                format!(
                    "{key} should be {} (config.yml `fields`), found {value}",
                    kind_name(*kind)
                ),
                None,
            );
        }
    }
    for (key, value) in dates {
        if date::parse(&value).is_none() {
            cx.report(
                "invalid-value",
                Place::value(s, key),
                format!("{key} {value:?} is not a date (expected YYYY-MM-DD)"),
                None,
            );
        }
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Number => "a number",
        FieldKind::Date => "a date",
        FieldKind::List => "a list",
        FieldKind::Bool => "true or false",
    }
}

fn file_name(cx: &mut Context, s: &Story) {
    let name = s.path.rsplit('/').next().unwrap_or(&s.path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if stem == s.id || stem.starts_with(&format!("{}-", s.id)) {
        return;
    }
    let expected = crate::slug::file_name(&s.id, &s.title);
    cx.report(
        "file-name-mismatch",
        Place::value(s, "id"),
        format!(
            "the file name {name} does not start with the ID {} (expected {expected})",
            s.id
        ),
        Some(format!(
            "git mv {} {}",
            crate::shell::quote(&s.path),
            crate::shell::quote(&match s.path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{expected}"),
                None => expected.clone(),
            })
        )),
    );
}

/// "As a … I want … so that …", in that order, in any case.
pub fn is_user_story(text: &str) -> bool {
    let lower = text.to_lowercase();
    let lower = lower.trim_start();
    // "As a", "As an", "As the", "As support": a role, then a wish, then a benefit.
    let want = [
        "i want",
        "we want",
        "i need",
        "we need",
        "i'd like",
        "we'd like",
    ]
    .iter()
    .filter_map(|w| lower.find(w))
    .min();
    let so = lower.find("so that");
    lower.starts_with("as ") && matches!((want, so), (Some(w), Some(s)) if w < s)
}

fn user_story(cx: &mut Context, s: &Story) {
    let types = cx.list_option("user-story-form", "types", vec!["story".into()]);
    if !types.contains(&s.kind) || is_user_story(&s.description) {
        return;
    }
    cx.report(
        "user-story-form",
        Place::line(s, s.body_line),
        format!("the description of {} is not a user story", s.id),
        Some("write it as: As a <role> I want <goal> so that <benefit>".into()),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn user_story_form() {
        assert!(super::is_user_story(
            "As a shopper I want to pay so that I get my order."
        ));
        assert!(super::is_user_story(
            "  as an admin, I need logs, so that I can audit."
        ));
        assert!(!super::is_user_story(
            "Support needs to see why a payment was blocked."
        ));
        assert!(!super::is_user_story("As a user so that x I want y"));
        assert!(super::is_user_story(
            "As the fraud team we want to block cards so that we stop losses."
        ));
    }
}
