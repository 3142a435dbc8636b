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
    /// Write a pre-commit hook that runs `git backlog check --staged`
    Install {
        /// Replace a different pre-commit hook (it is kept as pre-commit.old)
        #[arg(long)]
        force: bool,
    },
    /// Remove the hook that `hook install` wrote (a different hook is left alone)
    Uninstall,
}

/// The hook, byte for byte: `install` recognises its own hook by this text.
pub const HOOK: &str = "#!/bin/sh
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
    let shown = path.display().to_string();
    let existing = std::fs::read_to_string(&path).ok();
    match args.action {
        HookAction::Install { force } => {
            match existing.as_deref() {
                Some(HOOK) => {
                    ctx.status(&format!("The hook is already installed: {shown}"))?;
                    return Ok(exit::OK);
                }
                Some(_) if !force => {
                    return fail(format!(
                        "a different pre-commit hook exists: {shown}\nAdd `git backlog check --staged` to it yourself, or pass --force to replace it (it is kept as pre-commit.old)"
                    ));
                }
                Some(_) => std::fs::rename(&path, dir.join("pre-commit.old"))
                    .map_err(|e| Error::Message(format!("cannot move {shown} aside: {e}")))?,
                None => {}
            }
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::Message(format!("cannot create {}: {e}", dir.display())))?;
            backlog_git::fsutil::write_atomic(&path, HOOK.as_bytes(), true)
                .map_err(|e| Error::Message(format!("cannot write {shown}: {e}")))?;
            set_executable(&path)?;
            ctx.status(&format!("Installed the pre-commit hook: {shown}"))?;
        }
        HookAction::Uninstall => match existing.as_deref() {
            Some(HOOK) => {
                std::fs::remove_file(&path)
                    .map_err(|e| Error::Message(format!("cannot remove {shown}: {e}")))?;
                ctx.status(&format!("Removed the pre-commit hook: {shown}"))?;
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
