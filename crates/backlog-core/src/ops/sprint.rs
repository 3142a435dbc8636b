//! Putting stories into a sprint.

use super::StoryFiles;
use super::set::set;
use crate::backlog::Backlog;
use crate::change::ChangeSet;
use crate::error::Result;
use crate::fields::Assignment;
use crate::story::Story;

/// Set `sprint: NAME` on each of `stories` (a planned sprint), in one change set.
pub fn assign(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    stories: &[&Story],
    sprint: &str,
) -> Result<ChangeSet> {
    let mut out = ChangeSet::new(format!("plan {sprint}: {{n}} stories"));
    for story in stories {
        let assignment = Assignment::text("sprint", sprint);
        out.changes
            .extend(set(backlog, files, story, &[assignment], true)?);
    }
    Ok(out)
}

/// The sprint's file: its path, and its text when it exists.
pub struct SprintText {
    pub path: String,
    pub text: Option<String>,
}

fn field(key: &str, value: &str, kind: crate::config::FieldKind) -> Assignment {
    use crate::config::FieldKind;
    use crate::edit::Value;
    Assignment {
        key: key.into(),
        kind,
        op: crate::fields::Op::Set(match kind {
            FieldKind::Date => Value::Date(value.into()),
            FieldKind::Number => Value::Number(crate::story::Num(value.parse().unwrap_or(0.0))),
            FieldKind::List => Value::List(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            _ => Value::Text(value.into()),
        }),
    }
}

/// Write `assignments` into the sprint's file, or create it from `fresh` when it does not
/// exist yet.
fn sprint_change(
    file: &SprintText,
    fresh: &crate::sprint::SprintFile,
    assignments: &[Assignment],
    what: String,
) -> Result<crate::change::Change> {
    use crate::change::{Action, Change};
    match &file.text {
        Some(text) => {
            let before = crate::edit::Doc::parse(text.clone())
                .map_err(crate::error::Error::edit(&file.path))?;
            let (doc, _) = super::set::edit(&before, &file.path, assignments)?;
            Ok(Change::write("", &file.path, doc.text, what))
        }
        None => {
            let mut text = fresh.render();
            if !assignments.is_empty() {
                let before =
                    crate::edit::Doc::parse(text).map_err(crate::error::Error::edit(&file.path))?;
                text = super::set::edit(&before, &file.path, assignments)?.0.text;
            }
            Ok(Change {
                id: Default::default(),
                path: file.path.as_str().into(),
                action: Action::Create { text },
                what,
            })
        }
    }
}

/// Start sprint `name`: its goal, dates and capacity in its file, status `active`.
pub fn start(
    backlog: &Backlog,
    file: &SprintText,
    name: &str,
    goal: &str,
    capacity: f64,
    dates: (&str, &str),
) -> Result<ChangeSet> {
    use crate::config::FieldKind::{Date, Number, Text};
    if let Some(problem) = crate::release::name_problem(name) {
        return crate::error::invalid(format!("{name:?}: {problem}"));
    }
    if goal.trim().is_empty() || goal.chars().any(char::is_control) {
        return crate::error::invalid("--goal: say in one line what the sprint is for");
    }
    let (start, end) = dates;
    if crate::date::day_number(start)
        .zip(crate::date::day_number(end))
        .is_none_or(|(a, b)| b < a)
    {
        return crate::error::invalid(format!(
            "the sprint must end on or after it starts ({start} to {end})"
        ));
    }
    if let Some(existing) = backlog.sprint_files.iter().find(|s| s.name == name)
        && existing.status != crate::sprint::SprintStatus::Planned
    {
        return crate::error::invalid(format!("sprint {name} has started already"));
    }
    let fresh = crate::sprint::SprintFile {
        name: name.into(),
        goal: Some(goal.into()),
        start: Some(start.into()),
        end: Some(end.into()),
        capacity: Some(capacity),
        status: crate::sprint::SprintStatus::Active,
        closed: None,
        goal_met: None,
        carried_over: Vec::new(),
        path: file.path.clone(),
    };
    let capacity = crate::story::Num(capacity).to_string();
    let assignments = match file.text {
        Some(_) => vec![
            field("goal", goal, Text),
            field("start", start, Date),
            field("end", end, Date),
            field("capacity", &capacity, Number),
            field("status", "active", Text),
        ],
        None => Vec::new(),
    };
    let what = format!("sprint {name} started: {goal}");
    Ok(ChangeSet {
        changes: vec![sprint_change(file, &fresh, &assignments, what.clone())?],
        subject: what,
    })
}

/// Close sprint `name` on `today`: unfinished stories move to `to` (another sprint) or back
/// to the backlog (no sprint), and the sprint's file records the result (and `goal`, the
/// product owner's verdict on the goal), in one change set.
pub fn close(
    backlog: &Backlog,
    files: &dyn StoryFiles,
    file: &SprintText,
    name: &str,
    to: Option<&str>,
    goal: Option<&str>,
    today: &str,
) -> Result<ChangeSet> {
    if let Some(g) = goal.filter(|g| !crate::sprint::GOAL_RESULTS.contains(g)) {
        return crate::error::invalid(format!(
            "--goal: expected met, partly or missed, found {g:?}"
        ));
    }
    use crate::config::FieldKind::{Date, List, Number, Text};
    if backlog
        .sprint_files
        .iter()
        .any(|s| s.name == name && s.status == crate::sprint::SprintStatus::Closed)
    {
        return crate::error::invalid(format!("sprint {name} is closed already"));
    }
    let config = &backlog.config;
    let stories: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| s.sprint.as_deref() == Some(name))
        .collect();
    if stories.is_empty() && !config.sprints.contains_key(name) {
        return crate::error::invalid(format!("no sprint {name}"));
    }
    let (done, open): (Vec<&Story>, Vec<&Story>) =
        stories.iter().partition(|s| config.is_done(&s.status));
    let open: Vec<&Story> = open.into_iter().filter(|s| !s.is_out()).collect();
    let done_points: f64 = done.iter().filter_map(|s| s.points).map(|p| p.0).sum();
    let mut out = ChangeSet::new(format!("sprint {name} closed"));
    for s in &open {
        let op = match to {
            Some(next) => crate::fields::Op::Set(crate::edit::Value::Text(next.into())),
            None => crate::fields::Op::Remove,
        };
        let assignment = Assignment {
            key: "sprint".into(),
            kind: Text,
            op,
        };
        out.changes
            .extend(
                set(backlog, files, s, &[assignment], true)?.map(|c| crate::change::Change {
                    what: match to {
                        Some(next) => format!("carried over to {next}"),
                        None => "back to the backlog".into(),
                    },
                    ..c
                }),
            );
    }
    let sprint = config.sprints.get(name);
    let fresh = crate::sprint::SprintFile {
        name: name.into(),
        goal: None,
        start: sprint.and_then(|s| s.start.clone()).map(Into::into),
        end: sprint.and_then(|s| s.end.clone()).map(Into::into),
        capacity: sprint.and_then(|s| s.capacity),
        status: crate::sprint::SprintStatus::Closed,
        closed: None,
        goal_met: None,
        carried_over: Vec::new(),
        path: file.path.clone(),
    };
    let carried: Vec<String> = open.iter().map(|s| s.id.to_string()).collect();
    let mut assignments = vec![
        field("status", "closed", Text),
        field("closed", today, Date),
        field(
            "done_points",
            &crate::story::Num(done_points).to_string(),
            Number,
        ),
    ];
    if !carried.is_empty() {
        assignments.push(field("carried_over", &carried.join(","), List));
    }
    if let Some(g) = goal {
        assignments.push(field("goal_met", g, Text));
    }
    let what = format!(
        "sprint {name} closed: {} points done, {} {}",
        crate::story::Num(done_points),
        match carried.len() {
            1 => "1 story".to_string(),
            n => format!("{n} stories"),
        },
        match to {
            Some(next) => format!("carried over to {next}"),
            None => "back to the backlog".into(),
        }
    );
    out.changes
        .push(sprint_change(file, &fresh, &assignments, what.clone())?);
    out.subject = what;
    Ok(out)
}
