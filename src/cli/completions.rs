//! `completions` and `man`: shell completions and a man page, generated from the command
//! line's own definition, so they never fall behind it.

use clap::CommandFactory;

use crate::cli::{Cli, Ctx, Result};
use crate::exit;

/// Print shell completions (bash, zsh, fish, elvish, powershell)
///
/// For example: `git backlog completions bash > ~/.local/share/bash-completion/completions/git-backlog`
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let mut command = Cli::command();
    // Into memory first: clap_complete panics on a write error, such as a closed pipe.
    let mut text = Vec::new();
    clap_complete::generate(args.shell, &mut command, "git-backlog", &mut text);
    ctx.out.write_all(&text)?;
    Ok(exit::OK)
}

/// Print the man page (roff): `git backlog man > git-backlog.1`
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

pub fn man(ctx: &mut Ctx, _: ManArgs) -> Result<i32> {
    let command = Cli::command().name("git-backlog");
    clap_mangen::Man::new(command).render(&mut *ctx.out)?;
    Ok(exit::OK)
}
