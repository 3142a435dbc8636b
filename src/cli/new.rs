//! `new`: allocate the next ID, write the story from the template, commit.

use std::path::{Path, PathBuf};

use crate::cli::change;
use crate::cli::{Ctx, Error, Result, fail};
use backlog_core::backlog;
use backlog_core::change::{Action, Change, ChangeSet};
use backlog_core::fields;
use backlog_core::ops::create::{self, NewStory};
use backlog_git::{Outcome, Session};

use crate::exit;

/// Create a story with the next free ID and commit it
///
/// Prints the new ID on stdout, so `id=$(git backlog new "Title" -q)` works.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's title
    #[arg(required_unless_present = "from")]
    pub title: Option<String>,
    /// Create every story of FILE (`-`: stdin), a YAML or JSON list of objects with the
    /// keys of these options (`title`, `type`, `points`, `description`, `criteria`, …;
    /// other keys are fields): all or nothing, one commit
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = [
            "title", "kind", "status", "priority", "value", "points", "epic", "sprint",
            "labels", "depends_on", "assignee", "fields", "description", "body_file",
            "criteria", "edit",
        ]
    )]
    pub from: Option<PathBuf>,
    /// The type (one of `types` in config.yml)
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub kind: Option<String>,
    /// The status (default: the first status of the workflow)
    #[arg(long, short = 's')]
    pub status: Option<String>,
    /// The MoSCoW priority: must, should, could, wont
    #[arg(long, short = 'p')]
    pub priority: Option<String>,
    /// Business value
    #[arg(long, value_parser = crate::cli::amount_arg)]
    pub value: Option<f64>,
    /// Estimate, on the points scale of config.yml
    #[arg(long, value_parser = crate::cli::amount_arg)]
    pub points: Option<f64>,
    /// The epic this story belongs to (an ID)
    #[arg(long)]
    pub epic: Option<String>,
    /// The sprint, such as 2026-S24
    #[arg(long)]
    pub sprint: Option<String>,
    /// A label (can be repeated, or comma-separated)
    #[arg(
        long = "label",
        short = 'l',
        value_name = "LABEL",
        value_delimiter = ','
    )]
    pub labels: Vec<String>,
    /// A story this one depends on (can be repeated, or comma-separated)
    #[arg(
        long = "depends-on",
        short = 'd',
        value_name = "ID",
        value_delimiter = ','
    )]
    pub depends_on: Vec<String>,
    /// Who works on it
    #[arg(long)]
    pub assignee: Option<String>,
    /// Set another field, built-in or declared in config.yml, as `set` does (can be
    /// repeated): `--set requested_by=sales --set due=2026-12-31`
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// The description, in place of the template's "As a <role> I want …" prompt
    #[arg(long, value_name = "TEXT", conflicts_with = "body_file")]
    pub description: Option<String>,
    /// Read the description from FILE (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// An acceptance criterion, unchecked (can be repeated: one story, one commit)
    #[arg(long = "ac", value_name = "TEXT")]
    pub criteria: Vec<String>,
    /// Open the new story in $VISUAL or $EDITOR before committing it
    #[arg(long, short = 'e')]
    pub edit: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    if let Some(file) = &args.from {
        return from_file(ctx, file);
    }
    // Fields that name other stories or a release are checked against the whole backlog.
    let session = match change::refers(&args.fields) {
        true => change::open(ctx)?,
        false => {
            let named: Vec<String> = args.epic.iter().chain(&args.depends_on).cloned().collect();
            change::open_new(ctx, &named)?
        }
    };
    let backlog = &session.backlog;
    let new = NewStory {
        title: args.title.unwrap_or_default(),
        kind: args.kind,
        status: args.status,
        priority: args.priority,
        value: args.value,
        points: args.points,
        epic: args.epic,
        sprint: args.sprint,
        labels: args.labels,
        depends_on: args.depends_on,
        assignee: args.assignee,
        fields: args
            .fields
            .iter()
            .map(|a| fields::parse_assignment(a, &backlog.config, false))
            .collect::<std::result::Result<_, _>>()?,
        description: match &args.body_file {
            Some(file) => Some(read_body(file)?),
            None => args.description,
        },
        criteria: args.criteria,
    };
    let draft = create::draft(backlog, &new, session.next_id()?, &backlog_git::today())?;
    let template = create::template(&backlog.base, &draft.kind)?;
    let mut created = create::create(backlog, &draft, &template, &new)?;
    let path = created.path.clone();
    let (session, kept) = if args.edit {
        edited(ctx, session, &mut created)?
    } else {
        (session, None)
    };
    let set = ChangeSet {
        changes: vec![created],
        subject: "new".into(),
    };
    let pending = session.write(&set)?;
    if let Some(problem) = kept {
        pending.keep();
        return fail(problem);
    }
    let outcome = if session.commit {
        pending.commit()?
    } else {
        pending.keep()
    };
    writeln!(ctx.out, "{}", draft.id)?;
    let how = match outcome {
        Outcome::Committed(id) => format!("committed {id}"),
        _ => "not committed".to_string(),
    };
    ctx.status(&format!("Created {} in {path} ({how})", draft.id))?;
    Ok(exit::OK)
}

/// `new -e`: open the new story in the editor without holding the lock (the ID is
/// reserved, so nobody takes it meanwhile), then lock again. Returns the new session and,
/// when the text no longer reads, the problem (the story is then kept uncommitted).
fn edited(
    ctx: &mut Ctx,
    session: Session,
    created: &mut Change,
) -> Result<(Session, Option<String>)> {
    let Action::Create { text } = &mut created.action else {
        return Ok((session, None));
    };
    let path = created.path.clone();
    let copy = session.repo.save_recovery(&path, text.as_bytes())?;
    drop(session);
    edit(&copy)?;
    let session = change::open(ctx)?;
    let bytes = std::fs::read(&copy)?;
    let problem = backlog::parse_story(bytes.clone(), &path, &session.backlog.config)
        .and_then(|s| {
            s.map(|_| ()).ok_or_else(|| backlog::Problem {
                path: path.as_str().into(),
                line: 1,
                col: 1,
                message: "the front matter is gone".into(),
            })
        })
        .err()
        .map(|problem| {
            format!(
                "{problem}\nThe story was kept as you left it in {path} (and in {}), and not committed. Fix it and commit it yourself.",
                copy.display()
            )
        });
    // Text that is not UTF-8 is a problem above, and its exact bytes stay in the copy.
    *text = String::from_utf8_lossy(&bytes).into_owned();
    if problem.is_none() {
        let _ = std::fs::remove_file(&copy);
    }
    Ok((session, problem))
}

/// `new --from FILE`: every story of the file, checked before any is written, in one
/// commit; prints their IDs, one per line.
fn from_file(ctx: &mut Ctx, file: &Path) -> Result<i32> {
    let text = read_body(file)?;
    let shown = file.display().to_string();
    let entries = backlog_core::yaml::parse(&text, backlog_core::yaml::Origin { line: 1, byte: 0 })
        .map_err(|e| Error::Message(format!("{shown}:{}: {}", e.pos.line, e.message)))?
        .to_json();
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let news = create::from_entries(&entries, &backlog.config)
        .map_err(|e| Error::Message(format!("{shown}: {e}")))?;
    let today = backlog_git::today();
    // Every entry is checked first (with a stand-in ID): one that does not fit stops all.
    let stand_in = format!("{}-1", backlog.config.prefix);
    for (i, new) in news.iter().enumerate() {
        let check = || -> backlog_core::error::Result<()> {
            let draft = create::draft(backlog, new, stand_in.clone(), &today)?;
            let template = create::template(&backlog.base, &draft.kind)?;
            create::create(backlog, &draft, &template, new)?;
            Ok(())
        };
        check().map_err(|e| {
            Error::Message(format!(
                "{shown}: entry {} ({:?}): {e}; nothing was created",
                i + 1,
                new.title
            ))
        })?;
    }
    let mut set = ChangeSet::new("new {n} stories");
    let mut ids = Vec::new();
    for new in &news {
        let draft = create::draft(backlog, new, session.next_id()?, &today)?;
        let template = create::template(&backlog.base, &draft.kind)?;
        set.changes
            .push(create::create(backlog, &draft, &template, new)?);
        ids.push(draft.id);
    }
    let code = change::apply(ctx, &session, &set)?;
    for id in ids {
        writeln!(ctx.out, "{id}")?;
    }
    Ok(code)
}

/// The text of `--body-file` or `--from` (`-`: standard input).
fn read_body(file: &Path) -> Result<String> {
    let read = if file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    read.map_err(|e| Error::Message(format!("cannot read {}: {e}", file.display())))
}

/// Open `path` in the user's editor and wait for it.
pub fn edit(path: &Path) -> Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    // Through the shell, as git does, so EDITOR may carry arguments (`code --wait`).
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(path)
        .status()
        .map_err(|e| Error::Message(format!("cannot start the editor {editor:?}: {e}")))?;
    if !status.success() {
        return fail(format!(
            "the editor {editor:?} failed ({status}); the story is in {} and was not committed",
            path.display()
        ));
    }
    Ok(())
}
