//! Planning rules: the Definition of Ready (BL013), stories too large to finish in a
//! sprint (BL014), and sprints committed beyond their capacity (BL015).

use std::collections::BTreeMap;

use crate::check::{Context, Place};
use crate::story::Num;
use crate::story::Story;

pub fn check(cx: &mut Context) {
    let backlog = cx.backlog;
    // The same Definition of Ready as writes check (ops::gate).
    let statuses = crate::ops::gate::ready_statuses(backlog);
    let max = cx.number_option("too-large", "max_points", 13.0);
    for s in &backlog.stories {
        if statuses.contains(&s.status) && s.kind != "epic" {
            let missing = crate::ops::gate::not_ready(backlog, s);
            if !missing.is_empty() {
                cx.report(
                    "definition-of-ready",
                    Place::value(s, "status"),
                    format!("{} is {} but has no {}", s.id, s.status, missing.join(", ")),
                    Some(
                        "the Definition of Ready is set in config.yml (rules.definition-of-ready)"
                            .into(),
                    ),
                );
            }
        }
        if let Some(points) = s.points.filter(|p| p.0 > max) {
            cx.report(
                "too-large",
                Place::value(s, "points"),
                format!(
                    "{} is {points} points, more than the maximum of {}",
                    s.id,
                    Num(max)
                ),
                Some("split it into smaller stories (INVEST: small)".into()),
            );
        }
    }
    product_vision(cx);
    releases_named(cx);
    // Committed points per sprint: every story in it, done or not.
    let mut committed: BTreeMap<&str, f64> = BTreeMap::new();
    for s in &backlog.stories {
        if let (Some(sprint), Some(points)) = (&s.sprint, s.points) {
            *committed.entry(sprint.as_str()).or_default() += points.0;
        }
    }
    let config_path = backlog.shown(crate::backlog::CONFIG_FILE);
    for (name, sprint) in &cx.config.sprints {
        let (Some(capacity), Some(points)) = (sprint.capacity, committed.get(name.as_str())) else {
            continue;
        };
        if *points > capacity {
            // The sprint's file when it has one, else its entry in config.yml.
            let at = match &sprint.file {
                Some(file) => Place {
                    path: file,
                    line: 1,
                    column: 1,
                    story: None,
                },
                None => Place {
                    path: &config_path,
                    line: sprint.pos.line,
                    column: sprint.pos.col,
                    story: None,
                },
            };
            cx.report(
                "sprint-over-capacity",
                at,
                format!(
                    "sprint {name} has {} points committed, over its capacity of {}",
                    Num(*points),
                    Num(capacity)
                ),
                Some(format!(
                    "move stories out: git backlog list --sprint {name}"
                )),
            );
        }
    }
}

/// The product owner's first job: a vision and a product goal (BL017).
fn product_vision(cx: &mut Context) {
    let backlog = cx.backlog;
    let path = backlog.shown(crate::product::PRODUCT_FILE);
    let missing: Vec<&str> = match &backlog.product {
        // An unreadable product file is reported as such (BL001).
        None if backlog.problems.iter().any(|p| p.path == path) => return,
        None => vec!["file"],
        Some(p) => [("vision", &p.vision), ("product goal", &p.goal)]
            .into_iter()
            .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
            .map(|(name, _)| name)
            .collect(),
    };
    if missing.is_empty() {
        return;
    }
    let message = if missing == ["file"] {
        "there is no backlog/product.md: no vision and no product goal".to_string()
    } else {
        format!("backlog/product.md has no {}", missing.join(" and no "))
    };
    let at = Place {
        path: &path,
        line: 1,
        column: 1,
        story: None,
    };
    cx.report(
        "product-vision",
        at,
        message,
        Some("write where the product is going and what the team works towards now (docs/file-format.md)".into()),
    );
}

/// A story's `release` names a release file (BL009, like any reference).
fn releases_named(cx: &mut Context) {
    let backlog = cx.backlog;
    let stories: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| {
            s.release
                .as_deref()
                .is_some_and(|r| !backlog.releases.iter().any(|x| x.name == r))
        })
        .collect();
    for s in stories {
        let release = s.release.as_deref().unwrap_or_default();
        cx.report(
            "unknown-reference",
            Place::value(s, "release"),
            format!(
                "{} is planned for release {release}, which does not exist",
                s.id
            ),
            Some(format!("plan it: git backlog release new {release}")),
        );
    }
}
