//! `mcp`: serve the backlog to coding agents over the Model Context Protocol.

use crate::cli::{Ctx, Error, Result};
use crate::exit;

/// Serve this backlog to coding agents over the Model Context Protocol (stdio)
///
/// An MCP client (Claude Code, Cursor, VS Code, …) starts `git backlog mcp` in the
/// repository and talks to it on stdin and stdout. Tools: list, show, board, new, set,
/// move, split, ac_add, ac_check, ac_uncheck, rank, rank_by, next, blocked, check, diff,
/// sprint_plan; each runs the command of that name, with the same checks, JSON and
/// commits. Resources:
/// git-backlog's documentation and this backlog's config.yml and product.md. See
/// docs/mcp.md for client configuration.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result<i32> {
    let repo = ctx.repo()?;
    let base = ctx.base(&repo);
    let cwd = ctx.cwd.clone();
    drop(repo);
    crate::mcp::serve(cwd, base)
        .map_err(|e| Error::Message(format!("the MCP connection failed: {e}")))?;
    Ok(exit::OK)
}
