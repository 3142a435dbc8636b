//! `site`: the backlog as a static website, for everyone who does not run a CLI.

use std::path::PathBuf;

use crate::cli::{Ctx, Error, Result};

/// Build a static website of the backlog: board, ordered backlog, a page per story
///
/// The site needs no server and makes no request: open `index.html`, or publish the
/// folder (examples/ci/pages.yml publishes it on GitHub Pages). Story text is escaped
/// everywhere, a Content-Security-Policy allows only the site's own inline style and
/// search script, and every page reads without JavaScript (the search box and the
/// filters need it).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: SiteAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum SiteAction {
    /// Write the site into DIR (default: public/)
    Build {
        /// The folder to write (made if missing; pages git-backlog wrote before are replaced)
        #[arg(default_value = "public", value_name = "DIR")]
        folder: PathBuf,
    },
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let SiteAction::Build { folder: dir } = args.action;
    let (repo, backlog) = ctx.load()?;
    let dir = if dir.is_absolute() {
        dir
    } else {
        ctx.cwd.join(dir)
    };
    let stories: Vec<_> = backlog_core::ops::rank::manual(&backlog)
        .into_iter()
        .filter(|s| s.outcome.as_deref() != Some(backlog_core::story::REJECTED))
        .collect();
    let product = backlog
        .product
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_else(|| "Product backlog".to_string());
    // Each story's history from git, in one pass over the commits.
    let logs = match backlog_git::replay::story_logs(&repo, &backlog, None) {
        Ok(logs) => logs,
        Err(e) => {
            ctx.warn(&format!("the story pages have no history: {e}"))?;
            Default::default()
        }
    };
    let pages = crate::render::site::pages(&backlog, &stories, &product, &logs);
    let io = |what: String| move |e: std::io::Error| Error::Message(format!("{what}: {e}"));
    std::fs::create_dir_all(dir.join("stories"))
        .map_err(io(format!("cannot create {}", dir.display())))?;
    // Story pages of stories that are gone: removed, if git-backlog wrote them.
    let keep: Vec<&String> = pages.iter().map(|(p, _)| p).collect();
    for entry in std::fs::read_dir(dir.join("stories"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let rel = format!("stories/{}", entry.file_name().to_string_lossy());
        let ours = std::fs::read_to_string(entry.path())
            .is_ok_and(|t| t.contains("<meta name=\"generator\" content=\"git-backlog\">"));
        if ours && !keep.contains(&&rel) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    for (path, html) in &pages {
        let full = dir.join(path);
        backlog_git::fsutil::write_atomic(&full, html.as_bytes(), false)
            .map_err(io(format!("cannot write {}", full.display())))?;
    }
    ctx.status(&format!(
        "Wrote {} pages to {} (open {})",
        pages.len(),
        dir.display(),
        dir.join("index.html").display()
    ))?;
    ctx.report_problems(&backlog)
}
