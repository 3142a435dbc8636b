//! Who makes a commit, and whether it is signed: git's own answer.
//!
//! git resolves an identity from GIT_AUTHOR_*/GIT_COMMITTER_*, every config file it reads
//! (GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM/NOSYSTEM, XDG, `include`/`includeIf`, `git -c`),
//! `user.useConfigOnly`, EMAIL, /etc/mailname and the user's account. Rather than copy
//! those rules (libgit2 does not follow all of them), we ask `git var`, so a commit made
//! by git-backlog carries exactly the identity `git commit` would give it. A signed commit
//! (`commit.gpgSign`) is made by `git commit-tree -S`, so it is signed exactly as git signs:
//! `gpg.format` openpgp, x509 or ssh, `user.signingKey`, `gpg.program`, `gpg.ssh.program`.
//! Without git on PATH, the identity comes from libgit2's view of the config, and a commit
//! that must be signed is refused.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use git2::{Oid, Repository, Signature, Time};

use crate::{GitError, Result};
use backlog_core::date;

/// How commits are made in this repository, for this process.
pub(crate) enum Committer {
    /// By libgit2, with these signatures.
    Plain {
        author: Signature<'static>,
        committer: Signature<'static>,
    },
    /// By `git commit-tree -S`: git resolves the identity and signs.
    Signed,
}

/// The three questions to git, asked at once (each is a process of a few milliseconds),
/// so the answers come while the commit's tree is built.
pub(crate) struct Asking {
    children: Option<[Child; 3]>,
}

impl Asking {
    pub(crate) fn start(workdir: &Path) -> Asking {
        let git = |args: &[&str]| {
            Command::new("git")
                .args(args)
                .current_dir(workdir)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
        };
        let children = match (
            git(&["config", "--bool", "--get", "commit.gpgSign"]),
            git(&["var", "GIT_AUTHOR_IDENT"]),
            git(&["var", "GIT_COMMITTER_IDENT"]),
        ) {
            (Ok(s), Ok(a), Ok(c)) => Some([s, a, c]),
            // No git to ask (a half-started set is reaped when dropped).
            _ => None,
        };
        Asking { children }
    }

    /// How to commit, from git's answers.
    pub(crate) fn answer(mut self, repo: &Repository) -> Result<Committer> {
        let Some([sign, author, committer]) = self.children.take() else {
            return without_git(repo);
        };
        let (sign, author, committer) = (
            sign.wait_with_output(),
            author.wait_with_output(),
            committer.wait_with_output(),
        );
        if sign.is_ok_and(|o| o.status.success() && o.stdout.trim_ascii() == b"true") {
            return Ok(Committer::Signed);
        }
        Ok(Committer::Plain {
            author: ident(author)?,
            committer: ident(committer)?,
        })
    }
}

impl Drop for Asking {
    fn drop(&mut self) {
        for mut child in self.children.take().into_iter().flatten() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Committer {
    /// Make the commit object (no ref is moved).
    pub(crate) fn commit(
        &self,
        repo: &Repository,
        workdir: &Path,
        message: &str,
        tree: &git2::Tree,
        parent: Option<&git2::Commit>,
    ) -> Result<Oid> {
        match self {
            Committer::Plain { author, committer } => {
                let parents: Vec<&git2::Commit> = parent.into_iter().collect();
                Ok(repo.commit(None, author, committer, message, tree, &parents)?)
            }
            Committer::Signed => {
                let tree = tree.id().to_string();
                let mut args = vec!["commit-tree", "-S", tree.as_str(), "-F", "-"];
                let parent = parent.map(|p| p.id().to_string());
                if let Some(parent) = &parent {
                    args.extend(["-p", parent.as_str()]);
                }
                let mut child = Command::new("git")
                    .args(&args)
                    .current_dir(workdir)
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .map_err(|e| GitError::Signing(format!("cannot run git: {e}")))?;
                if let Some(mut stdin) = child.stdin.take() {
                    use std::io::Write;
                    let _ = stdin.write_all(message.as_bytes());
                }
                let out = child
                    .wait_with_output()
                    .map_err(|e| GitError::Signing(e.to_string()))?;
                if !out.status.success() {
                    return Err(GitError::Signing(git_says(&out.stderr)));
                }
                let id = String::from_utf8_lossy(&out.stdout);
                Ok(Oid::from_str(id.trim())
                    .map_err(|_| GitError::Signing(format!("git printed {id:?}")))?)
            }
        }
    }
}

/// git's message, without its `fatal:`/`error:` prefixes, on one line.
fn git_says(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(|l| {
            l.trim_start_matches("fatal: ")
                .trim_start_matches("error: ")
                .trim()
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Name <email> 1764230400 +0100`, as `git var` prints an identity.
fn ident(out: std::io::Result<Output>) -> Result<Signature<'static>> {
    let out = out.map_err(|e| GitError::NoIdentity(e.to_string()))?;
    if !out.status.success() {
        // git's own reason (useConfigOnly, an email it cannot guess), without its advice
        // to run `git config --global`, which ours repeats.
        let text = String::from_utf8_lossy(&out.stderr);
        let reason = text
            .lines()
            .filter_map(|l| l.strip_prefix("fatal: "))
            .next_back()
            .unwrap_or("git cannot tell who you are")
            .to_string();
        return Err(GitError::NoIdentity(reason));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let parsed = (|| {
        let (name, rest) = text.trim_end().rsplit_once(" <")?;
        let (email, when) = rest.split_once("> ")?;
        let (secs, zone) = when.split_once(' ')?;
        let secs: i64 = secs.parse().ok()?;
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: i32 = zone.trim_start_matches(['+', '-']).parse().ok()?;
        let offset = sign * (digits / 100 * 60 + digits % 100);
        Signature::new(name, email, &Time::new(secs, offset)).ok()
    })();
    parsed.ok_or_else(|| GitError::NoIdentity(format!("git var printed {:?}", text.trim())))
}

/// Without git: GIT_AUTHOR_* / GIT_COMMITTER_* first, then `user.name` and `user.email`
/// from the config files libgit2 reads, then EMAIL.
fn without_git(repo: &Repository) -> Result<Committer> {
    let config = repo.config()?.snapshot()?;
    if config.get_bool("commit.gpgSign").unwrap_or(false) {
        return Err(GitError::Signing(
            "commit.gpgSign is set, and signing needs the git program, which is not on PATH".into(),
        ));
    }
    let from_config = |key: &str| config.get_string(key).ok().filter(|s| !s.is_empty());
    let env = |var: &str| std::env::var(var).ok().filter(|s| !s.is_empty());
    let make = |kind: &str| -> Result<Signature<'static>> {
        let name = env(&format!("GIT_{kind}_NAME")).or_else(|| from_config("user.name"));
        let email = env(&format!("GIT_{kind}_EMAIL"))
            .or_else(|| from_config("user.email"))
            .or_else(|| env("EMAIL"));
        let (Some(name), Some(email)) = (name, email) else {
            return Err(GitError::NoIdentity("no user.name or user.email".into()));
        };
        let var = if kind == "AUTHOR" {
            "GIT_AUTHOR_DATE"
        } else {
            "GIT_COMMITTER_DATE"
        };
        let time = match env(var) {
            Some(value) => {
                let (secs, offset) =
                    date::parse_git_date(&value).ok_or(GitError::BadDate { var, value })?;
                Time::new(secs, offset)
            }
            None => Signature::now(&name, &email)?.when(),
        };
        Ok(Signature::new(&name, &email, &time)?)
    };
    Ok(Committer::Plain {
        author: make("AUTHOR")?,
        committer: make("COMMITTER")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(code: i32, stdout: &str, stderr: &str) -> std::io::Result<Output> {
        use std::os::unix::process::ExitStatusExt;
        Ok(Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: stdout.as_bytes().to_vec(),
            stderr: stderr.as_bytes().to_vec(),
        })
    }

    #[test]
    fn identities_as_git_var_prints_them() {
        let sig = ident(output(
            0,
            "Ana María <ana@example.com> 1764237600 -0130\n",
            "",
        ))
        .unwrap();
        assert_eq!(sig.name().ok(), Some("Ana María"));
        assert_eq!(sig.email().ok(), Some("ana@example.com"));
        assert_eq!(sig.when().seconds(), 1764237600);
        assert_eq!(sig.when().offset_minutes(), -90);
        let err = ident(output(
            128,
            "",
            "Author identity unknown\n\n*** Please tell me who you are.\nfatal: no email was given and auto-detection is disabled\n",
        ))
        .err()
        .unwrap();
        assert!(
            err.to_string()
                .contains("(git says: no email was given and auto-detection is disabled)"),
            "{err}"
        );
    }
}
