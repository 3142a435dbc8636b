//! `hook`: install the pre-commit hook that runs `check --staged`.

use crate::cli::{Ctx, Error, Result, fail};
use crate::exit;

/// Install or remove the git pre-commit hook that checks staged stories
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum HookAction {
    /// Write a pre-commit hook that runs `git backlog check --staged`. A pre-commit hook of
    /// your own is kept and run first (its failure stops the commit)
    Install {
        /// Accepted for older scripts; a hook of yours is now always kept and chained
        #[arg(long, hide = true)]
        force: bool,
    },
    /// Remove the hook that `hook install` wrote, and put back the hook it chained
    Uninstall,
}

/// Where `install` keeps a pre-commit hook of the user's own; the installed hook runs it.
pub const CHAINED: &str = "pre-commit.before-git-backlog";

/// The hook, byte for byte: `install` recognises its own hook by this text.
pub const HOOK: &str = "#!/bin/sh
# Installed by `git backlog hook install`: checks the staged stories before each commit.
# Remove it with `git backlog hook uninstall`; skip it once with `git commit --no-verify`.
# A pre-commit hook that was here before runs first; its failure stops the commit.
chained=\"$(dirname \"$0\")/pre-commit.before-git-backlog\"
if [ -x \"$chained\" ]; then
    \"$chained\" \"$@\" || exit $?
fi
if ! command -v git-backlog >/dev/null 2>&1; then
    echo \"pre-commit: git-backlog is not on PATH, so the backlog was not checked\" >&2
    exit 0
fi
exec git backlog check --staged
";

/// The hook as versions before 0.2 wrote it: replaced by [`HOOK`] without chaining.
const PREVIOUS_HOOK: &str = "#!/bin/sh
# Installed by `git backlog hook install`: checks the staged stories before each commit.
# Remove it with `git backlog hook uninstall`; skip it once with `git commit --no-verify`.
if ! command -v git-backlog >/dev/null 2>&1; then
    echo \"pre-commit: git-backlog is not on PATH, so the backlog was not checked\" >&2
    exit 0
fi
exec git backlog check --staged
";

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let repo = ctx.repo()?;
    let dir = repo.hooks_dir()?;
    let path = dir.join("pre-commit");
    let chained = dir.join(CHAINED);
    let shown = path.display().to_string();
    let existing = std::fs::read_to_string(&path).ok();
    let fs = |what: &str| {
        let what = what.to_string();
        move |e: std::io::Error| Error::Message(format!("cannot {what}: {e}"))
    };
    match args.action {
        HookAction::Install { force: _ } => {
            match existing.as_deref() {
                Some(HOOK) => {
                    ctx.status(&format!("The hook is already installed: {shown}"))?;
                    return Ok(exit::OK);
                }
                Some(PREVIOUS_HOOK) => {
                    std::fs::remove_file(&path).map_err(fs(&format!("replace {shown}")))?
                }
                // Anything else at that name (a script, a link, unreadable bytes) is the
                // user's: kept, and run first by ours.
                _ if std::fs::symlink_metadata(&path).is_ok() => {
                    if std::fs::symlink_metadata(&chained).is_ok() {
                        return fail(format!(
                            "a different pre-commit hook exists ({shown}), and {} is taken too; add `git backlog check --staged` to your hook yourself",
                            chained.display()
                        ));
                    }
                    std::fs::rename(&path, &chained).map_err(fs(&format!("move {shown} aside")))?;
                    ctx.status(&format!(
                        "Your pre-commit hook is kept as {} and runs first; `git backlog hook uninstall` puts it back",
                        chained.display()
                    ))?;
                }
                _ => {}
            }
            std::fs::create_dir_all(&dir).map_err(fs(&format!("create {}", dir.display())))?;
            backlog_git::fsutil::write_atomic(&path, HOOK.as_bytes(), true)
                .map_err(fs(&format!("write {shown}")))?;
            set_executable(&path)?;
            ctx.status(&format!("Installed the pre-commit hook: {shown}"))?;
        }
        HookAction::Uninstall => match existing.as_deref() {
            Some(HOOK) | Some(PREVIOUS_HOOK) => {
                std::fs::remove_file(&path).map_err(fs(&format!("remove {shown}")))?;
                if std::fs::symlink_metadata(&chained).is_ok() {
                    std::fs::rename(&chained, &path)
                        .map_err(fs(&format!("put back {}", chained.display())))?;
                    ctx.status(&format!(
                        "Removed the git-backlog hook and put your own back: {shown}"
                    ))?;
                } else {
                    ctx.status(&format!("Removed the pre-commit hook: {shown}"))?;
                }
            }
            Some(_) => {
                return fail(format!(
                    "{shown} is not the hook git-backlog installed; leaving it alone"
                ));
            }
            None => ctx.status("No pre-commit hook is installed")?,
        },
    }
    Ok(exit::OK)
}
#[cfg(unix)]
fn set_executable(path: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::Message(format!("cannot make {} executable: {e}", path.display())))
}

#[cfg(not(unix))]
fn set_executable(_: &std::path::Path) -> Result<()> {
    Ok(())
}
