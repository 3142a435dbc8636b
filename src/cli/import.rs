//! `import`: bring stories in from GitHub issues, Jira, CSV or git-backlog's own JSON, in one
//! commit.

use std::path::{Path, PathBuf};

use backlog_core::import::{self, Mapping};

use crate::cli::{Ctx, Error, Result, change};
use crate::exit;

/// Import stories from another tool, in one commit: `import github issues.json`
///
/// Each story keeps its source's key (`source: github:123`), so importing the same source
/// again updates the stories made before instead of making them twice. Statuses, types and
/// priorities map through the format's table (docs/import.md); `--map FILE` overrides it.
/// Whatever has no place here is said, never dropped silently.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source's format
    #[arg(value_enum)]
    pub format: Format,
    /// The file to read (`-`: stdin)
    pub source: PathBuf,
    /// A YAML file overriding the mapping: `status: {OPEN: ready}`, `type: {…}`,
    /// `priority: {…}`, `fields: {column: field}`
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Say what would be created and updated, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// GitHub issues: the JSON of `gh issue list --json …` (the fields in docs/import.md)
    Github,
    /// git-backlog's `list --format json` (a round trip), or a list of such stories
    Json,
    /// Jira's "Export Excel CSV (all fields)"
    Jira,
    /// A Backlog.md project (its folder, or its backlog/ folder)
    BacklogMd,
    /// CSV with a header row: git-backlog's `list --format csv`, or columns named after
    /// fields (or mapped with --map)
    Csv,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let text = |path: &PathBuf| -> Result<String> {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
        } else {
            std::fs::read_to_string(path)
        }
        .map_err(|e| Error::Message(format!("cannot read {}: {e}", path.display())))
    };
    let parse = |path: &PathBuf, text: &str| -> Result<serde_json::Value> {
        let origin = backlog_core::yaml::Origin { line: 1, byte: 0 };
        Ok(backlog_core::yaml::parse(text, origin)
            .map_err(|e| {
                Error::Message(format!("{}:{}: {}", path.display(), e.pos.line, e.message))
            })?
            .to_json())
    };
    // A Backlog.md project is a folder of task files; the other sources are one file.
    let (source, tasks) = match args.format {
        Format::BacklogMd => (String::new(), task_files(&args.source)?),
        _ => (text(&args.source)?, Vec::new()),
    };
    let map = match &args.map {
        Some(path) => Some(parse(path, &text(path)?)?),
        None => None,
    };
    let session = change::open(ctx)?;
    let backlog = &session.backlog;
    let shown = args.source.display().to_string();
    let named = |e: backlog_core::error::Error| Error::Message(format!("{shown}: {e}"));
    let defaults = match args.format {
        Format::Github => import::github::mapping(&backlog.config),
        Format::Jira => import::jira::mapping(&backlog.config),
        Format::BacklogMd => import::backlog_md::mapping(&backlog.config),
        Format::Json | Format::Csv => Mapping::default(),
    };
    let map = defaults.with(map.as_ref())?;
    let (records, warnings) = match args.format {
        Format::Github => import::github::read(&parse(&args.source, &source)?, &map),
        Format::Json => import::json::read(&parse(&args.source, &source)?, &map),
        Format::Csv => import::csv::read(&source, &map, &backlog.config),
        Format::Jira => import::jira::read(&source, &map, &backlog.config),
        Format::BacklogMd => import::backlog_md::read(&tasks, &map, &backlog.config),
    }
    .map_err(named)?;
    let count = records.len();
    let plan = import::plan(
        backlog,
        &session,
        records,
        warnings,
        {
            let mut ids = session.ids(!args.dry_run);
            move || ids().map_err(|e| backlog_core::error::Error::Storage(Box::new(e)))
        },
        &backlog_git::today(),
    )
    .map_err(|e| Error::Message(format!("{shown}: {e}; nothing was imported")))?;
    for warning in &plan.warnings {
        ctx.warn(warning)?;
    }
    ctx.status(&format!(
        "{count} in {shown}: {} new, {} updated, {} unchanged",
        plan.created.len(),
        plan.updated.len(),
        count - plan.created.len() - plan.updated.len()
    ))?;
    let code = change::apply_as(ctx, &session, &plan.set, true, args.dry_run)?;
    for (id, key) in plan.created.iter().chain(&plan.updated) {
        writeln!(ctx.out, "{id}\t{key}")?;
    }
    Ok(if plan.set.is_empty() { exit::OK } else { code })
}

/// The task files of a Backlog.md project: every `*.md` under its `tasks/`, `drafts/`,
/// `completed/` and `archive/` folders.
fn task_files(source: &Path) -> Result<Vec<import::backlog_md::TaskFile>> {
    let root = if source.join("backlog/tasks").is_dir() {
        source.join("backlog")
    } else {
        source.to_path_buf()
    };
    if !root.join("tasks").is_dir() {
        return Err(Error::Message(format!(
            "{}: not a Backlog.md project (no backlog/tasks/ folder)",
            source.display()
        )));
    }
    let mut files = Vec::new();
    for folder in ["tasks", "drafts", "completed", "archive"] {
        let mut dirs = vec![root.join(folder)];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Error::Message(format!("cannot read {}: {e}", path.display()))
                    })?;
                    files.push(import::backlog_md::TaskFile {
                        folder: path
                            .parent()
                            .and_then(|p| p.strip_prefix(&root).ok())
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                        name: path
                            .file_name()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .into(),
                        text,
                    });
                }
            }
        }
    }
    Ok(files)
}
