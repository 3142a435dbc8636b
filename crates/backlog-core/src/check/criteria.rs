//! Rules on acceptance criteria: none at all (BL003), an empty one (BL004), and open ones
//! in a done story (BL012).

use crate::check::{Context, Place};

pub fn check(cx: &mut Context) {
    let config = cx.config;
    // By default every story past the first status (draft) needs criteria, but an epic:
    // its stories carry them (as the Definition of Ready, BL013, agrees).
    let default_types = config
        .types
        .iter()
        .filter(|t| *t != "epic")
        .cloned()
        .collect();
    let types = cx.list_option("missing-acceptance-criteria", "types", default_types);
    let statuses = cx.list_option(
        "missing-acceptance-criteria",
        "statuses",
        config.statuses.iter().skip(1).cloned().collect(),
    );
    for s in &cx.backlog.stories {
        if s.criteria.is_empty() && types.contains(&s.kind) && statuses.contains(&s.status) {
            let at = s
                .criteria_line
                .map_or(Place::line(s, s.body_line), |l| Place::line(s, l));
            cx.report(
                "missing-acceptance-criteria",
                at,
                format!(
                    "{} ({}, {}) has no acceptance criteria",
                    s.id, s.kind, s.status
                ),
                Some(format!(
                    "git backlog ac {} add \"Given …, when …, then …\"",
                    s.id
                )),
            );
        }
        for (n, c) in s.criteria.iter().enumerate() {
            if c.text.trim().is_empty() {
                cx.report(
                    "empty-criterion",
                    Place {
                        column: c.column,
                        ..Place::line(s, c.line)
                    },
                    format!("criterion {} of {} is empty", n + 1, s.id),
                    Some(format!("git backlog ac {} edit {} \"…\"", s.id, n + 1)),
                );
            }
        }
        if config.is_done(&s.status) {
            let open: Vec<(usize, &crate::markdown::Criterion)> = s
                .criteria
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.done)
                .map(|(n, c)| (n + 1, c))
                .collect();
            if let Some((_, first)) = open.first() {
                let numbers: Vec<String> = open.iter().map(|(n, _)| n.to_string()).collect();
                cx.report(
                    "done-with-open-criteria",
                    Place {
                        column: first.column,
                        ..Place::line(s, first.line)
                    },
                    format!(
                        "{} is {} but criteria {} of {} are not checked",
                        s.id,
                        s.status,
                        numbers.join(", "),
                        s.criteria.len()
                    ),
                    Some(format!(
                        "git backlog ac {} check {}",
                        s.id,
                        numbers.join(" ")
                    )),
                );
            }
            let fields = crate::ops::gate::not_done_fields(cx.backlog, s);
            if !fields.is_empty() {
                cx.report(
                    "done-with-open-criteria",
                    Place::value(s, "status"),
                    format!("{} is {} but has no {}", s.id, s.status, fields.join(", ")),
                    Some(
                        "the Definition of Done is set in config.yml (rules.done-with-open-criteria)"
                            .into(),
                    ),
                );
            }
        }
    }
}
