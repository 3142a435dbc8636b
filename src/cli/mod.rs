//! The command line: global options, one file per command, and the mapping of errors to
//! exit codes.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::exit;
use backlog_core::backlog::{Backlog, LoadError};
use backlog_git::GitError;

mod ac;
mod blocked;
mod board;
pub(crate) mod change;
mod check;
pub(crate) mod completions;
mod diff;
mod edit;
pub(crate) mod graph;
mod hook;
mod import;
mod init;
mod list;
mod log;
mod man;
mod mcp;
mod merge_driver;
mod mv;
mod new;
pub(crate) mod next;
pub(crate) mod output;
mod product;
mod rank;
mod reject;
pub(crate) mod release;
mod renumber;
mod rm;
pub(crate) mod roadmap;
mod set;
pub(crate) mod show;
mod site;
mod site_serve;
mod split;
mod sprint;
pub(crate) mod stats;

/// Keep a Scrum product backlog as Markdown files in your git repository
///
/// Each story is one Markdown file with YAML front matter under `backlog/`. Changes are
/// committed through libgit2, so the backlog's history lives beside the code. Run it as
/// `git backlog <command>` once `git-backlog` is on your PATH.
#[derive(Debug, Parser)]
#[command(
    name = "git-backlog",
    bin_name = "git backlog",
    version,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success; 1 problems found (check); 2 usage or runtime error, \
or unreadable story files.\nManual: `git backlog man --install` once, then `git help backlog` or \
`git backlog --help`.\nDocs: https://github.com/git-backlog/git-backlog/tree/main/docs",
    after_long_help = "Commits: a changing command commits only the files it wrote, with the \
identity git itself would use (`git var`), signed when commit.gpgSign is set. Git hooks do not \
run for these commits (libgit2 runs none). That is safe because the rules the pre-commit hook \
checks run in-process before every write (`on_write: refuse | warn | off` under `rules:` in \
config.yml; --force overrides and says so in the commit message), so a write cannot commit what \
the hook would block. A change is all or nothing: one killed half-way is rolled back by the next \
command.\n\nExit codes: 0 success; 1 problems found (check); 2 usage or runtime \
error, or unreadable story files.\nManual: `git backlog man --install` once, then `git help backlog` or \
`git backlog --help`.\nDocs: https://github.com/git-backlog/git-backlog/tree/main/docs (git.md: how \
commits are made)"
)]
pub struct Cli {
    /// Run as if git-backlog was started in DIR (can be repeated, like `git -C`)
    #[arg(short = 'C', value_name = "DIR", global = true, action = clap::ArgAction::Append, help_heading = "Global options")]
    pub dir: Vec<PathBuf>,

    /// When to colour output
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, env = "BACKLOG_COLOR", global = true, help_heading = "Global options")]
    pub color: ColorChoice,

    /// Write files but do not commit them (also `auto_commit: false` in config.yml)
    #[arg(
        long,
        env = "BACKLOG_NO_COMMIT",
        global = true,
        help_heading = "Global options"
    )]
    pub no_commit: bool,

    /// Print only data on stdout and only errors on stderr
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    New(new::Args),
    Import(import::Args),
    #[command(visible_alias = "ls")]
    List(list::Args),
    Show(show::Args),
    Board(board::Args),
    Site(site::Args),
    Set(set::Args),
    #[command(name = "move", visible_alias = "mv")]
    Move(mv::Args),
    Ac(ac::Args),
    Edit(edit::Args),
    Rm(rm::Args),
    Rank(rank::Args),
    Split(split::Args),
    Renumber(renumber::Args),
    MergeDriver(merge_driver::Args),
    Next(next::Args),
    Blocked(blocked::Args),
    Sprint(sprint::Args),
    Product(product::Args),
    Release(release::Args),
    Reject(reject::Args),
    Roadmap(roadmap::Args),
    Graph(graph::Args),
    Log(log::Args),
    Diff(diff::Args),
    Stats(stats::Args),
    Check(check::Args),
    Hook(hook::Args),
    Mcp(mcp::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// What every command gets: where to work, where to write, and how.
pub struct Ctx<'a> {
    /// The directory the command runs in (after `-C`).
    pub cwd: PathBuf,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub color: bool,
    pub quiet: bool,
    pub no_commit: bool,
    /// The width tables must fit, when known (a terminal, or `COLUMNS`).
    pub width: Option<u16>,
}

/// `value`, left to the end of the process instead of freed: for what a read command holds
/// until it ends. Freeing 10,000 stories one allocation at a time took 7 % of `next`, and
/// a repository whose object cache holds the 50,000 commits `diff HEAD~49999..` walked
/// 11 % of that `diff`. Not for a process that runs on (the MCP server, `site serve`).
pub fn never_freed<T>(value: T) -> &'static mut T {
    Box::leak(Box::new(value))
}

impl Ctx<'_> {
    /// A view as a versioned JSON document on stdout, pretty-printed, ending in a newline.
    pub fn json(&mut self, view: impl serde::Serialize) -> Result<()> {
        let doc = backlog_core::view::Versioned::new(view);
        // serde_json writes a document in thousands of small pieces: into a buffer of a
        // known type they are copies, where each was a call through `dyn Write`.
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, &mut *self.out);
        serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        out.flush()?;
        Ok(())
    }

    /// A message for the person at the terminal, on stderr; silent with `-q`.
    pub fn status(&mut self, message: &str) -> Result<()> {
        // What is already on stdout comes first on a shared terminal.
        self.out.flush()?;
        if !self.quiet {
            writeln!(self.err, "{}", crate::render::escape::text(message))?;
        }
        Ok(())
    }

    pub fn repo(&self) -> Result<backlog_git::Repo> {
        Ok(backlog_git::Repo::discover(&self.cwd)?)
    }

    /// The folder that holds `backlog/` for this command (see `Backlog::locate`).
    pub fn base(&self, repo: &backlog_git::Repo) -> std::path::PathBuf {
        Backlog::locate(repo.workdir(), &self.cwd)
    }

    /// A warning on stderr (shown even with `-q`).
    pub fn warn(&mut self, message: &str) -> Result<()> {
        let label = self.paint("warning", Paint::Warning);
        writeln!(
            self.err,
            "{label}: {}",
            crate::render::escape::text(message)
        )?;
        Ok(())
    }

    /// The repository this command runs in, a change that a killed git-backlog process
    /// left half-way put right first (and said).
    fn repo_for_reading(&mut self) -> Result<backlog_git::Repo> {
        let repo = self.repo()?;
        if let Some(message) = repo.recover_for_reading() {
            self.warn(&message)?;
        }
        Ok(repo)
    }

    /// The backlog for a command about the stories `ids`: only their files when they are
    /// found by name (every ID in a file named after it), the whole backlog otherwise (so
    /// an ID in no file name, or a typo, gets the full lookup and its suggestions).
    pub fn load_for(&mut self, ids: &[&str]) -> Result<(backlog_git::Repo, Backlog)> {
        let repo = self.repo_for_reading()?;
        let base = self.base(&repo);
        let named = repo.load_named(&base, ids)?;
        if ids
            .iter()
            .all(|id| backlog_core::ops::lookup::find(&named, id, false).is_ok())
        {
            return Ok((repo, named));
        }
        let backlog = repo.load_work_tree(&base)?;
        Ok((repo, backlog))
    }

    /// The repository and the whole backlog, for a read command; never freed (see
    /// [`never_freed`]).
    pub fn load(&mut self) -> Result<(&'static backlog_git::Repo, &'static Backlog)> {
        let (repo, backlog) = self.load_owned()?;
        Ok((never_freed(repo), never_freed(backlog)))
    }

    /// As [`Ctx::load`], for a command that is done with the backlog before it ends.
    pub fn load_owned(&mut self) -> Result<(backlog_git::Repo, Backlog)> {
        let repo = self.repo_for_reading()?;
        let backlog = repo.load_work_tree(&self.base(&repo))?;
        Ok((repo, backlog))
    }

    /// Report the files that could not be read, on stderr. Returns the exit code a read
    /// command ends with: an error when any file was unreadable, so scripts notice.
    pub fn report_problems(&mut self, backlog: &Backlog) -> Result<i32> {
        for problem in &backlog.problems {
            let problem = problem.to_string();
            writeln!(
                self.err,
                "{}: {}",
                self.paint("error", Paint::Error),
                crate::render::escape::text(&problem)
            )?;
        }
        Ok(if backlog.problems.is_empty() {
            exit::OK
        } else {
            exit::ERROR
        })
    }

    /// `text` in a colour (on a terminal), with its control characters shown visibly:
    /// what is painted is usually data.
    pub fn paint(&self, text: &str, paint: Paint) -> String {
        let text = crate::render::escape::line(text);
        if !self.color {
            return text.into_owned();
        }
        let code = match paint {
            Paint::Error => "1;31",
            Paint::Warning => "1;33",
            Paint::Bold => "1",
            Paint::Dim => "2",
            Paint::Green => "32",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Paint {
    Error,
    Warning,
    Bold,
    Dim,
    Green,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Core(#[from] backlog_core::error::Error),
    /// Writing our own output failed (a closed pipe is not an error: see `run_with`).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Message(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// The story with this ID (see `lookup::find`). When reading, a duplicate ID is a warning
/// naming the other files; when `writing`, an error.
pub fn find_story<'b>(
    ctx: &mut Ctx,
    backlog: &'b Backlog,
    id: &str,
    writing: bool,
) -> Result<&'b backlog_core::story::Story> {
    let found = backlog_core::ops::lookup::find(backlog, id, writing)?;
    if !found.others.is_empty() {
        let warning = ctx.paint("warning", Paint::Warning);
        writeln!(
            ctx.err,
            "{warning}: {} is the ID of more than one story; showing {} (also in {})",
            found.story.id,
            found.story.path,
            found.others.join(", ")
        )?;
    }
    Ok(found.story)
}

/// A flag's amount (points, value, capacity): one number reader for files and flags.
pub fn amount_arg(text: &str) -> std::result::Result<f64, String> {
    backlog_core::number::amount(text).map_err(|e| e.to_string())
}

pub fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::Message(message.into()))
}

/// Run the command line `args` (the program name first) with the process's stdout and
/// stderr, and return the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let tty = stdout.is_terminal();
    let mut out = Tracked {
        // Not `stdout.lock()`: held for the whole command, it would block the MCP
        // server's own writes to stdout, which come from another thread.
        // 64 KiB: a list of 10,000 stories is 13 MB of JSON, 3,000 writes with 8 KiB.
        inner: std::io::BufWriter::with_capacity(64 * 1024, stdout),
        failed: false,
    };
    let mut err = stderr.lock();
    let code = run_with(args, &mut out, &mut err, tty);
    // A write that failed during the command was reported there: say it once.
    let reported = out.failed;
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe && !reported => {
            let _ = writeln!(err, "error: cannot write output: {e}");
            exit::ERROR
        }
        _ => code,
    }
}

/// A writer that remembers whether a write to it has failed.
struct Tracked<W: Write> {
    inner: W,
    failed: bool,
}

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|_| self.failed = true)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

/// Run with the given writers; `tty` says whether `out` is a terminal.
pub fn run_with<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write, tty: bool) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    let _ = write!(out, "{text}");
                    exit::OK
                }
                _ => {
                    let _ = write!(err, "{text}");
                    exit::ERROR
                }
            };
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    // A terminal that reports no size (a 0×0 pty, as some CI runners and `script` give)
    // gets the classic 80 columns.
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &u16| w > 0)
        .or_else(|| {
            tty.then(|| {
                comfy_table::Table::new()
                    .width()
                    .filter(|&w| w > 0)
                    .unwrap_or(80)
            })
        });
    let mut cwd = std::env::current_dir().unwrap_or_default();
    for dir in &cli.dir {
        cwd = cwd.join(dir);
    }
    let mut ctx = Ctx {
        cwd,
        out,
        err,
        color,
        quiet: cli.quiet,
        no_commit: cli.no_commit,
        width,
    };
    let result = match cli.command {
        Command::Init(args) => init::run(&mut ctx, args),
        Command::New(args) => new::run(&mut ctx, args),
        Command::Import(args) => import::run(&mut ctx, args),
        Command::List(args) => list::run(&mut ctx, args),
        Command::Show(args) => show::run(&mut ctx, args),
        Command::Board(args) => board::run(&mut ctx, args),
        Command::Site(args) => site::run(&mut ctx, args),
        Command::Set(args) => set::run(&mut ctx, args),
        Command::Move(args) => mv::run(&mut ctx, args),
        Command::Ac(args) => ac::run(&mut ctx, args),
        Command::Edit(args) => edit::run(&mut ctx, args),
        Command::Rm(args) => rm::run(&mut ctx, args),
        Command::Rank(args) => rank::run(&mut ctx, args),
        Command::Split(args) => split::run(&mut ctx, args),
        Command::Renumber(args) => renumber::run(&mut ctx, args),
        Command::MergeDriver(args) => merge_driver::run(&mut ctx, args),
        Command::Next(args) => next::run(&mut ctx, args),
        Command::Blocked(args) => blocked::run(&mut ctx, args),
        Command::Sprint(args) => sprint::run(&mut ctx, args),
        Command::Product(args) => product::run(&mut ctx, args),
        Command::Release(args) => release::run(&mut ctx, args),
        Command::Reject(args) => reject::run(&mut ctx, args),
        Command::Roadmap(args) => roadmap::run(&mut ctx, args),
        Command::Graph(args) => graph::run(&mut ctx, args),
        Command::Log(args) => log::run(&mut ctx, args),
        Command::Diff(args) => diff::run(&mut ctx, args),
        Command::Stats(args) => stats::run(&mut ctx, args),
        Command::Check(args) => check::run(&mut ctx, args),
        Command::Hook(args) => hook::run(&mut ctx, args),
        Command::Mcp(args) => mcp::run(&mut ctx, args),
        Command::Completions(args) => completions::run(&mut ctx, args),
        Command::Man(args) => man::run(&mut ctx, args),
    };
    match result {
        Ok(code) => code,
        Err(Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            let label = ctx.paint("error", Paint::Error);
            let mut said = e.to_string();
            let _ = writeln!(ctx.err, "{label}: {}", crate::render::escape::text(&said));
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                let text = cause.to_string();
                if !said.contains(&text) {
                    let _ = writeln!(
                        ctx.err,
                        "  caused by: {}",
                        crate::render::escape::text(&text)
                    );
                    said.push_str(&text);
                }
                source = cause.source();
            }
            exit::ERROR
        }
    }
}
