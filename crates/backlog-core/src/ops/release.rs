//! Planning and closing releases: each is a change to one file under backlog/releases/.

use super::set;
use crate::backlog::{Backlog, RELEASES_DIR};
use crate::change::{Action, Change, ChangeSet};
use crate::config::FieldKind;
use crate::edit::{Doc, Value};
use crate::error::{Error, Result, invalid};
use crate::fields::{Assignment, Op};
use crate::release::{self, Release, ReleaseStatus};
use crate::types::StoryId;

/// The release called `name`.
pub fn find<'b>(backlog: &'b Backlog, name: &str) -> Result<&'b Release> {
    backlog
        .releases
        .iter()
        .find(|r| r.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = backlog.releases.iter().map(|r| r.name.as_str()).collect();
            Error::Invalid(format!(
                "no release {name:?}{} (releases: {})",
                crate::suggest::hint(name, names.iter().copied()),
                if names.is_empty() {
                    "none yet; `git backlog release new NAME`".to_string()
                } else {
                    names.join(", ")
                }
            ))
        })
}

/// A new release file.
pub fn create(
    backlog: &Backlog,
    name: &str,
    target: Option<&str>,
    goal: Option<&str>,
) -> Result<ChangeSet> {
    if let Some(problem) = release::name_problem(name) {
        return invalid(format!("{name:?}: {problem}"));
    }
    if backlog.releases.iter().any(|r| r.name == name) {
        return invalid(format!("the release {name} exists already"));
    }
    if let Some(t) = target
        && crate::date::parse(t).is_none()
    {
        return invalid(format!("--target {t:?}: expected a date as YYYY-MM-DD"));
    }
    if goal.is_some_and(|g| g.chars().any(char::is_control)) {
        return invalid("--goal must be one line, without control characters");
    }
    let path = backlog.shown(&format!("{RELEASES_DIR}/{}", release::file_name(name)));
    let text = Release::render(name, target, goal);
    // Never write what would not read back.
    let read = Release::parse(&path, &text).map_err(|p| Error::Invalid(p.to_string()))?;
    if read.name != name || read.target.as_deref() != target || read.goal.as_deref() != goal {
        return invalid("internal error: the release would not read back as written");
    }
    Ok(ChangeSet {
        changes: vec![Change {
            id: StoryId::default(),
            path: path.into(),
            action: Action::Create { text },
            what: format!("release {name} planned"),
        }],
        subject: format!("release {name} planned"),
    })
}

/// Mark the release out on `date`: its `status` and `released` lines, one commit.
pub fn close(backlog: &Backlog, text: String, name: &str, date: &str) -> Result<ChangeSet> {
    let release = find(backlog, name)?;
    if release.status == ReleaseStatus::Released {
        return invalid(format!(
            "the release {name} is out already (released {})",
            release.released.as_deref().unwrap_or("on an unknown date")
        ));
    }
    let before = Doc::parse(text).map_err(Error::edit(&release.path))?;
    let text_assign = |key: &str, value: &str, kind| Assignment {
        key: key.into(),
        kind,
        op: Op::Set(match kind {
            FieldKind::Date => Value::Date(value.into()),
            _ => Value::Text(value.into()),
        }),
    };
    let (doc, _) = set::edit(
        &before,
        &release.path,
        &[
            text_assign("status", "released", FieldKind::Text),
            text_assign("released", date, FieldKind::Date),
        ],
    )?;
    Ok(ChangeSet {
        changes: vec![Change::write(
            "",
            &release.path,
            doc.text,
            format!("release {name} closed on {date}"),
        )],
        subject: format!("release {name} closed on {date}"),
    })
}
