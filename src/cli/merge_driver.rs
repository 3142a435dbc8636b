//! `merge-driver`: git's merge driver for story files, and its installation.

use std::path::Path;

use crate::cli::{Ctx, Error, Result, fail};
use backlog_core::backlog::Backlog;
use backlog_core::merge;
use backlog_git::fsutil;

use crate::exit;

/// Merge story files field by field (run by git), or register the driver in this repository
///
/// `git backlog merge-driver install` registers it (`init` does this too): a line in
/// `.gitattributes` and the driver in `.git/config`. Git then runs
/// `git-backlog merge-driver %O %A %B %P` for each story file both branches changed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `install`, or the files git passes: BASE OURS THEIRS [PATH]
    #[arg(required = true, num_args = 1..=4, value_name = "install | BASE OURS THEIRS PATH")]
    pub args: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    match args.args.as_slice() {
        [install] if install == "install" => {
            let repo = ctx.repo()?;
            let base = ctx.base(&repo);
            let dir = backlog_core::backlog::shown(
                repo.workdir(),
                &base.join(backlog_core::backlog::DIR),
            );
            let changed = install_driver(&repo, &dir)?;
            if changed {
                ctx.status(
                    "The line is added to .gitattributes and not committed: commit it, so that every clone uses the driver",
                )?;
            }
            ctx.status("Registered the story merge driver (merge.backlog in .git/config, merge=backlog in .gitattributes)")?;
            Ok(exit::OK)
        }
        [base, ours, theirs, ..] => driver(ctx, base, ours, theirs),
        _ => fail("expected `install`, or BASE OURS THEIRS PATH as git passes them (%O %A %B %P)"),
    }
}

/// Register the driver: the git config of this repository, and a line in `.gitattributes`
/// (added when missing, not committed). Returns whether `.gitattributes` changed.
fn install_driver(repo: &backlog_git::Repo, dir: &str) -> Result<bool> {
    repo.register_merge_driver()?;
    let path = repo.workdir().join(".gitattributes");
    let current = std::fs::read_to_string(&path).ok();
    let Some(text) = backlog_core::ops::init::with_merge_driver(current.as_deref(), dir) else {
        return Ok(false);
    };
    fsutil::write_atomic(&path, text.as_bytes(), false)
        .map_err(|e| Error::Message(format!("cannot write .gitattributes: {e}")))?;
    Ok(true)
}

/// Merge OURS with THEIRS from BASE into OURS, as git asks: exit 0 when clean, 1 when
/// conflicts are left (marked in the file).
fn driver(ctx: &mut Ctx, base: &str, ours: &str, theirs: &str) -> Result<i32> {
    let read =
        |p: &str| std::fs::read(p).map_err(|e| Error::Message(format!("cannot read {p}: {e}")));
    let (o, a, b) = (read(base)?, read(ours)?, read(theirs)?);
    let texts = (
        String::from_utf8(o),
        String::from_utf8(a),
        String::from_utf8(b),
    );
    let repo = ctx.repo().ok();
    let theirs_later = repo
        .as_ref()
        .and_then(|r| r.merge_head_is_later())
        .unwrap_or(false);
    // The config says which custom fields are lists; without one, the built-in fields.
    let config = repo
        .as_ref()
        .and_then(|r| Backlog::load_config(r.workdir(), &ctx.base(r)).ok())
        .unwrap_or_default();
    let merged = match texts {
        (Ok(o), Ok(a), Ok(b)) => merge::merge(&o, &a, &b, theirs_later, &config),
        _ => None,
    };
    let Some(merged) = merged else {
        // Not a story this merge understands: git's own line merge.
        let status = std::process::Command::new("git")
            .args([
                "merge-file",
                "-L",
                "ours",
                "-L",
                "base",
                "-L",
                "theirs",
                ours,
                base,
                theirs,
            ])
            .status()
            .map_err(|e| Error::Message(format!("cannot run git merge-file: {e}")))?;
        return Ok(if status.success() {
            exit::OK
        } else {
            exit::PROBLEMS
        });
    };
    fsutil::write_atomic(Path::new(ours), merged.text.as_bytes(), false)
        .map_err(|e| Error::Message(format!("cannot write {ours}: {e}")))?;
    Ok(if merged.conflicts == 0 {
        exit::OK
    } else {
        exit::PROBLEMS
    })
}
