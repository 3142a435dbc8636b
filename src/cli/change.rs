//! What every changing command shares on the command line: IDs from stdin, the session,
//! and saying what a change set did.

use std::io::BufRead;

use backlog_core::change::ChangeSet;
use backlog_core::ops::lookup;
use backlog_core::story::Story;
use backlog_git::{Outcome, Session};

use crate::cli::{Ctx, Error, Result, fail};
use crate::exit;

/// Open a session (the repository locked, the backlog loaded) for a changing command.
pub fn open(ctx: &mut Ctx) -> Result<Session> {
    opened(ctx, Session::open)
}

/// As [`open`], for a change that touches only the stories `ids` and names no other: only
/// their files are read when their names carry the IDs. IDs from stdin (`-`) need the
/// whole backlog.
pub fn open_for(ctx: &mut Ctx, ids: &[String]) -> Result<Session> {
    if ids.is_empty() || ids.iter().any(|id| id == "-") {
        return open(ctx);
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    opened(ctx, |repo, base, no_commit| {
        Session::open_for(repo, base, no_commit, &ids)
    })
}

/// A session opened by `open` (given the repository, the backlog's base and
/// `--no-commit`), having said what it put right of a change a killed process left.
fn opened(
    ctx: &mut Ctx,
    open: impl FnOnce(backlog_git::Repo, &std::path::Path, bool) -> backlog_git::Result<Session>,
) -> Result<Session> {
    let repo = ctx.repo()?;
    let base = ctx.base(&repo);
    let session = open(repo, &base, ctx.no_commit)?;
    if let Some(message) = &session.recovered {
        ctx.warn(message)?;
    }
    Ok(session)
}

/// Whether one of the changes `KEY=VALUE` (`KEY+=…`, `KEY-=…`) names other stories or a
/// release, which are checked against the whole backlog.
pub fn refers(changes: &[String]) -> bool {
    changes.iter().any(|c| {
        let key = c.split('=').next().unwrap_or_default();
        let key = key.trim_end_matches(['+', '-']).trim();
        matches!(key, "epic" | "depends_on" | "release")
    })
}

/// As [`open`], for a new story naming the stories `ids` (its epic, its dependencies):
/// the backlog is read only as far as a new ID and those stories need (see
/// `Session::open_new`).
pub fn open_new(ctx: &mut Ctx, ids: &[String]) -> Result<Session> {
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    opened(ctx, |repo, base, no_commit| {
        Session::open_new(repo, base, no_commit, &ids)
    })
}

/// Changing many stories at once: the stories chosen by conditions instead of by name, and
/// a preview.
#[derive(Debug, Clone, clap::Args)]
pub struct Selection {
    /// Change every story matching FIELD=VALUE instead of named ones (comma-separated or
    /// repeated, all must match; any field, as `list --where`; done stories too)
    #[arg(
        long = "where",
        short = 'w',
        value_name = "FIELD=VALUE",
        value_delimiter = ','
    )]
    pub wheres: Vec<String>,
    /// Say what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// The stories `selection`'s conditions choose, in the backlog's order.
pub fn selected<'s>(session: &'s Session, selection: &Selection) -> Result<Vec<&'s Story>> {
    let backlog = &session.backlog;
    let known = |key: &str| backlog.stories.iter().any(|s| s.extra.contains_key(key));
    let filter = backlog_core::query::Filter {
        fields: selection
            .wheres
            .iter()
            .map(|w| backlog_core::query::parse_where(w, &backlog.config, known))
            .collect::<std::result::Result<_, _>>()?,
        all: true,
        ..Default::default()
    };
    let stories: Vec<&Story> = backlog_core::ops::rank::manual(backlog)
        .into_iter()
        .filter(|s| filter.matches(s, &backlog.config))
        .collect();
    if stories.is_empty() {
        return fail(format!(
            "no story matches --where {}",
            selection.wheres.join(",")
        ));
    }
    Ok(stories)
}

/// The stories named by `ids` (`-` reads them from stdin), for a change.
pub fn stories<'s>(session: &'s Session, ids: &[String]) -> Result<Vec<&'s Story>> {
    Ok(lookup::find_all(&session.backlog, &read_ids(ids)?)?)
}

/// IDs as given, with `-` replaced by the IDs on stdin (one per line; blank lines and
/// `#` comments skipped; the first word of a line, so `list --format ids` output and
/// `PAY-1  Title` both work).
pub fn read_ids(ids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for id in ids {
        if id == "-" {
            for line in std::io::stdin().lock().lines() {
                let line =
                    line.map_err(|e| Error::Message(format!("cannot read IDs from stdin: {e}")))?;
                if let Some(word) = line
                    .split_whitespace()
                    .next()
                    .filter(|w| !w.starts_with('#'))
                {
                    out.push(word.to_string());
                }
            }
        } else {
            out.push(id.clone());
        }
    }
    if out.is_empty() {
        return fail("no story IDs given (stdin was empty)");
    }
    Ok(out)
}

/// Write and commit the change set, saying what changed and what became of it.
pub fn apply(ctx: &mut Ctx, session: &Session, set: &ChangeSet) -> Result<i32> {
    apply_forced(ctx, session, set, false)
}

/// As [`apply`]; with `force`, a Definition of Ready or Done that refuses the change (see
/// `ops::gate`) only warns.
pub fn apply_forced(ctx: &mut Ctx, session: &Session, set: &ChangeSet, force: bool) -> Result<i32> {
    apply_as(ctx, session, set, force, false)
}

/// As [`apply_forced`]; with `dry_run`, only say what would change.
pub fn apply_as(
    ctx: &mut Ctx,
    session: &Session,
    set: &ChangeSet,
    force: bool,
    dry_run: bool,
) -> Result<i32> {
    let passed = backlog_core::ops::gate::check(&session.backlog, set, force)?;
    for warning in &passed.warnings {
        ctx.warn(warning)?;
    }
    for forced in &passed.forced {
        ctx.warn(&format!("{forced} (done anyway: --force)"))?;
    }
    if set.is_empty() {
        ctx.status("Nothing to change.")?;
        return Ok(exit::OK);
    }
    for c in &set.changes {
        match c.id.is_empty() {
            true => ctx.status(&c.what)?,
            false => ctx.status(&format!("{}: {}", c.id, c.what))?,
        }
    }
    if dry_run {
        ctx.status(&format!(
            "Dry run: {} {} would change; nothing was written.",
            set.changes.len(),
            if set.changes.len() == 1 {
                "file"
            } else {
                "files"
            }
        ))?;
        return Ok(exit::OK);
    }
    let trailer: Vec<String> = passed
        .forced
        .iter()
        .map(|f| format!("Forced (--force): {f}"))
        .collect();
    let outcome = session.apply_with(set, &trailer)?;
    report(ctx, &outcome)?;
    Ok(exit::OK)
}

/// Say what became of a change set.
pub fn report(ctx: &mut Ctx, outcome: &Outcome) -> Result<()> {
    match outcome {
        Outcome::Nothing => ctx.status("Nothing to change."),
        Outcome::Committed(id) => ctx.status(&format!("Committed {id}")),
        Outcome::Unchanged => ctx.status("The files already match HEAD: nothing to commit"),
        Outcome::Written => ctx.status("Not committed"),
    }
}
