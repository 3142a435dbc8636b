//! `new`: allocate the next ID, write the story from the template, commit.

use std::path::Path;

use crate::cli::{Ctx, Error, Result, fail};
use backlog_core::backlog::{self, Backlog, STORIES_DIR, TEMPLATE_FILE};
use backlog_core::story::{Draft, Num, Story, id_parts};
use backlog_core::{frontmatter, markdown, slug, suggest};
use backlog_git::fsutil;

use crate::exit;

/// Create a story with the next free ID and commit it
///
/// Prints the new ID on stdout, so `id=$(git backlog new "Title" -q)` works.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's title
    pub title: String,
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
    #[arg(long)]
    pub value: Option<f64>,
    /// Estimate, on the points scale of config.yml
    #[arg(long)]
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
    /// Open the new story in $VISUAL or $EDITOR before committing it
    #[arg(long, short = 'e')]
    pub edit: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let repo = ctx.repo()?;
    let _lock = repo.lock()?;
    let root = repo.workdir().to_path_buf();
    let backlog = Backlog::load(&root, &ctx.base(&repo))?;
    let config = &backlog.config;

    let draft = draft(&args, &backlog, &repo)?;
    let template = template(&backlog.base)?;
    let text = draft.render(&template, template.contains("\r\n"));
    let path = backlog.shown(&format!(
        "{STORIES_DIR}/{}",
        slug::file_name(&draft.id, &draft.title)
    ));
    let full = root.join(&path);

    // Never write what we would not read back: the same fields, or nothing.
    match Story::parse(&path, &text, config) {
        Ok(Some(story)) if draft.matches(&story) => {}
        other => {
            return fail(format!(
                "internal error: the story would not read back as written ({other:?}); nothing was written"
            ));
        }
    }
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::Message(format!("cannot create {}: {e}", parent.display())))?;
    }
    // Never through a symbolic link out of the repository.
    crate::cli::change::safe_path(&root, &path)?;
    fsutil::write_atomic(&full, text.as_bytes(), true)
        .map_err(|e| Error::Message(format!("cannot write {path}: {e}")))?;

    if args.edit {
        edit(&full)?;
        if let Err(problem) = backlog::read_story(&full, &path, config).and_then(|s| {
            s.ok_or_else(|| backlog::Problem {
                path: path.clone(),
                line: 1,
                col: 1,
                message: "the front matter is gone".into(),
            })
        }) {
            return fail(format!(
                "{problem}\nThe story was kept as you left it in {path}, and not committed. Fix it and commit it yourself."
            ));
        }
    }

    let committed = if ctx.no_commit || !config.auto_commit {
        None
    } else {
        let message = format!("backlog({}): new {:?}", draft.id, draft.title);
        repo.commit_files(std::slice::from_ref(&path), &message)
            .inspect_err(|_| {
                // Committed whole or not made at all.
                let _ = std::fs::remove_file(&full);
            })?
    };
    writeln!(ctx.out, "{}", draft.id)?;
    let how = committed.map_or_else(
        || "not committed".to_string(),
        |id| format!("committed {id}"),
    );
    ctx.status(&format!("Created {} in {path} ({how})", draft.id))?;
    Ok(exit::OK)
}

/// The fields of the new story, checked against the config and the backlog.
fn draft(args: &Args, backlog: &Backlog, repo: &backlog_git::Repo) -> Result<Draft> {
    let config = &backlog.config;
    let title = args.title.trim().to_string();
    if title.is_empty() {
        return fail(
            "the title is empty: give the story a title, such as \"Refund a card payment\"",
        );
    }
    if title.chars().any(char::is_control) {
        return fail("the title must be one line, without control characters");
    }
    let kind = one_of("type", args.kind.as_deref(), &config.types)?
        .unwrap_or_else(|| config.types[0].clone());
    let status = one_of("status", args.status.as_deref(), &config.statuses)?
        .unwrap_or_else(|| config.first_status().to_string());
    let priority = one_of("priority", args.priority.as_deref(), &config.priorities)?;
    let value = number("value", args.value)?;
    let points = number("points", args.points)?;
    if let Some(p) = points {
        if !config.points.contains(&p.0) {
            let scale: Vec<String> = config.points.iter().map(|p| Num(*p).to_string()).collect();
            return fail(format!(
                "--points {p} is not on the points scale ({}); change `points` in config.yml to use another scale",
                scale.join(", ")
            ));
        }
    }
    for (flag, id) in args
        .epic
        .iter()
        .map(|e| ("--epic", e))
        .chain(args.depends_on.iter().map(|d| ("--depends-on", d)))
    {
        if backlog.find(id).is_empty() {
            let near = backlog.closest_ids(id, 3);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" (closest: {})", near.join(", "))
            };
            return fail(format!("{flag} {id}: no story {id}{hint}"));
        }
    }
    let words = |list: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for item in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !out.iter().any(|o| o == item) {
                out.push(item.to_string());
            }
        }
        out
    };
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    Ok(Draft {
        id: next_id(backlog, repo)?,
        title,
        kind,
        status,
        priority,
        value,
        points,
        epic: clean(&args.epic),
        sprint: clean(&args.sprint),
        depends_on: words(&args.depends_on),
        labels: words(&args.labels),
        assignee: clean(&args.assignee),
        created: Some(backlog_git::today()),
    })
}

fn one_of(what: &str, value: Option<&str>, allowed: &[String]) -> Result<Option<String>> {
    let Some(value) = value else { return Ok(None) };
    if allowed.iter().any(|a| a == value) {
        return Ok(Some(value.to_string()));
    }
    fail(format!(
        "unknown {what} {value:?}{} (expected one of {}; see config.yml)",
        suggest::hint(value, allowed.iter().map(String::as_str)),
        allowed.join(", ")
    ))
}

fn number(flag: &str, n: Option<f64>) -> Result<Option<Num>> {
    match n {
        Some(n) if !n.is_finite() || n < 0.0 => {
            fail(format!("--{flag} must be a number of 0 or more"))
        }
        n => Ok(n.map(Num)),
    }
}

/// A new ID. Sequential: one past the highest number used with our prefix in the work
/// tree (IDs, and file names, so a story that does not parse keeps its number), the index,
/// and every local and remote-tracking branch. Random: a short random suffix.
pub fn next_id(backlog: &Backlog, repo: &backlog_git::Repo) -> Result<String> {
    let prefix = &backlog.config.prefix;
    if backlog.config.id_scheme == backlog_core::config::IdScheme::Random {
        return Ok(random_id(backlog));
    }
    let elsewhere =
        repo.highest_id_everywhere(&backlog.shown(backlog_core::backlog::DIR), prefix)?;
    let from_ids = backlog.stories.iter().map(|s| s.id.as_str());
    let from_files = backlog.problems.iter().filter_map(|p| {
        let name = p.path.rsplit('/').next()?;
        let rest = name.strip_prefix(prefix.as_str())?.strip_prefix('-')?;
        let digits = rest.split(|c: char| !c.is_ascii_digit()).next()?;
        Some(&name[..prefix.len() + 1 + digits.len()])
    });
    let highest = from_ids
        .chain(from_files)
        .filter_map(id_parts)
        .filter(|(p, _)| p == prefix)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0)
        .max(elsewhere);
    Ok(format!("{prefix}-{}", highest + 1))
}

/// `PAY-7k3f`: four random characters of `0-9a-z` (1.7 million choices), not one in use.
fn random_id(backlog: &Backlog) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut seed = std::collections::hash_map::RandomState::new().build_hasher();
    seed.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    seed.write_u32(std::process::id());
    let mut state = seed.finish() | 1;
    loop {
        let mut suffix = String::new();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            suffix.push(char::from(
                b"0123456789abcdefghijklmnopqrstuvwxyz"[(state % 36) as usize],
            ));
        }
        let id = format!("{}-{suffix}", backlog.config.prefix);
        if backlog.find(&id).is_empty() {
            return id;
        }
    }
}

/// The body of a new story: the template's body, with an acceptance-criteria section.
fn template(base: &Path) -> Result<String> {
    let text = match std::fs::read_to_string(base.join(TEMPLATE_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::cli::init::DEFAULT_TEMPLATE.to_string()
        }
        Err(e) => return fail(format!("cannot read {TEMPLATE_FILE}: {e}")),
    };
    let mut body = match frontmatter::split(&text) {
        Ok(split) => text[split.body].to_string(),
        Err(_) => text.trim_start_matches('\u{feff}').to_string(),
    };
    if markdown::parse_body(&body, 1, 0).criteria_section.is_none() {
        let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
        if !body.is_empty() && !body.ends_with('\n') {
            body.push_str(eol);
        }
        body.push_str(&format!("{eol}## {}{eol}", markdown::CRITERIA_HEADING));
    }
    Ok(body)
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
