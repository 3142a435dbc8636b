//! `init`: create the backlog folder and commit it.

use crate::cli::{Ctx, Result, fail};
use backlog_core::backlog::{Backlog, CONFIG_FILE, STORIES_DIR, TEMPLATE_FILE};
use backlog_core::config;
use backlog_git::fsutil;

use crate::exit;

/// Create backlog/ with a config, a story template and a stories folder, and commit them
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ID prefix: `PAY` gives PAY-1, PAY-2, … (letters and digits, starting with a letter)
    #[arg(long, default_value = "BL", env = "BACKLOG_PREFIX")]
    pub prefix: String,
}

/// The body `new` starts a story with; teams edit backlog/templates/story.md to change it.
pub const DEFAULT_TEMPLATE: &str = "<!-- As a <role> I want <goal> so that <benefit>. -->

## Acceptance criteria
";

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    if !config::valid_prefix(&args.prefix) {
        return fail(format!(
            "invalid prefix {:?}: use letters and digits, starting with a letter, at most 16 (like `PAY`)",
            args.prefix
        ));
    }
    let repo = ctx.repo()?;
    let _lock = repo.lock()?;
    let root = repo.workdir().to_path_buf();
    if Backlog::exists(&root) {
        return fail(format!(
            "a backlog already exists in {} ({CONFIG_FILE}); not overwriting it",
            root.display()
        ));
    }
    let keep = format!("{STORIES_DIR}/.gitkeep");
    let files = [
        (CONFIG_FILE.to_string(), config::default_file(&args.prefix)),
        (TEMPLATE_FILE.to_string(), DEFAULT_TEMPLATE.to_string()),
        // git keeps no empty folders; this file keeps backlog/stories/ in every clone.
        (keep, String::new()),
    ];
    for (path, text) in &files {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                crate::cli::Error::Message(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        fsutil::write_atomic(&full, text.as_bytes(), true)
            .map_err(|e| crate::cli::Error::Message(format!("cannot write {path}: {e}")))?;
    }
    let config = Backlog::load_config(&root, &root)?;
    let mut paths: Vec<String> = files.into_iter().map(|(p, _)| p).collect();
    // The merge driver for story files, so branches merge field by field.
    let attributes_before = std::fs::read(root.join(".gitattributes")).ok();
    let attributes_mine = !repo.is_modified(".gitattributes")?;
    if crate::cli::merge_driver::install_driver(&repo, backlog_core::backlog::DIR)?
        && attributes_mine
    {
        paths.push(".gitattributes".into());
    }
    let committed = if ctx.no_commit || !config.auto_commit {
        None
    } else {
        repo.commit_files(&paths, "backlog: init")
            .inspect_err(|_| {
                match &attributes_before {
                    Some(bytes) => {
                        let _ = std::fs::write(root.join(".gitattributes"), bytes);
                    }
                    None => {
                        let _ = std::fs::remove_file(root.join(".gitattributes"));
                    }
                }
                // Committed whole or not made at all: a later `init` must not find half a
                // backlog. Only what we created goes; folders only if that left them empty.
                for path in paths.iter().filter(|p| *p != ".gitattributes") {
                    let _ = std::fs::remove_file(root.join(path));
                }
                for dir in [STORIES_DIR, "backlog/templates", "backlog"] {
                    let _ = std::fs::remove_dir(root.join(dir));
                }
            })?
    };
    let how = match committed {
        Some(id) => format!("committed {id}"),
        None => "not committed".to_string(),
    };
    ctx.status(&format!(
        "Initialized the backlog in {} with prefix {} ({how}). Next: git backlog new \"A story title\"",
        root.join("backlog").display(),
        args.prefix
    ))?;
    Ok(exit::OK)
}
