//! Releases: one file each, `backlog/releases/<name>.md`, with the release's target date,
//! the goal it serves, whether it is out and when, and notes below.
//!
//! A file per release rather than a list in config.yml: a release is planned, moved and
//! closed in its own commits, so its history is `git log` of one file, a pull request
//! that plans one release does not conflict with another that plans the next, and the notes
//! are Markdown like a story's. Stories name their release in their `release` field.

use schemars::JsonSchema;
use serde::Serialize;

use crate::backlog::Problem;
use crate::types::Date;
use crate::yaml::YamlError;

/// Where release files live, under the backlog's base.
pub use crate::backlog::RELEASES_DIR;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseStatus {
    Planned,
    Released,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Release {
    pub name: String,
    /// The date the release should be out by.
    pub target: Option<Date>,
    /// The product goal it serves.
    pub goal: Option<String>,
    pub status: ReleaseStatus,
    /// When it went out (set by `release close`).
    pub released: Option<Date>,
    pub description: String,
    /// The file, relative to the top of the work tree.
    pub path: String,
}

/// A release's file name: its name, with characters that cannot be in a file name made
/// `-`.
pub fn file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.md", safe.trim_matches('.'))
}

/// Whether `name` can name a release: one line, no `/`, not empty.
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("a release needs a name, such as 2.0")
    } else if name
        .chars()
        .any(|c| c.is_control() || c == '/' || c == '\\')
    {
        Some("a release name is one line without slashes")
    } else {
        None
    }
}

impl Release {
    /// The text of a new release file.
    pub fn render(name: &str, target: Option<&str>, goal: Option<&str>) -> String {
        let mut text = format!("---\nname: {}\n", crate::yaml::quote(name));
        if let Some(target) = target {
            text.push_str(&format!("target: {target}\n"));
        }
        if let Some(goal) = goal {
            text.push_str(&format!("goal: {}\n", crate::yaml::quote(goal)));
        }
        text.push_str("status: planned\n---\n");
        text
    }

    /// Read `text` (the file `path`); a problem names the line and column.
    pub fn parse(path: &str, text: &str) -> Result<Release, Problem> {
        let parsed = crate::file::parse_required(path, text)?;
        let mut release = Release {
            name: String::new(),
            target: None,
            goal: None,
            status: ReleaseStatus::Planned,
            released: None,
            description: text[parsed.split.body.clone()].trim().to_string(),
            path: path.to_string(),
        };
        let problem = |e: YamlError| crate::file::problem(path, e.pos, e.message);
        for (key, _, value) in parsed.root.entries().map_err(problem)? {
            let at = |e: YamlError| {
                problem(YamlError {
                    pos: e.pos,
                    message: format!("{key}: {}", e.message),
                })
            };
            // Read only for the keys that are text: a team's own keys may hold anything.
            let text = || value.text().map_err(at);
            match key.as_str() {
                "name" => release.name = text()?.unwrap_or_default(),
                "target" => release.target = crate::file::date(value).map_err(at)?,
                "released" => release.released = crate::file::date(value).map_err(at)?,
                "goal" => release.goal = text()?,
                "status" => {
                    release.status = match text()?.as_deref() {
                        None | Some("planned") => ReleaseStatus::Planned,
                        Some("released") => ReleaseStatus::Released,
                        Some(other) => {
                            return Err(at(YamlError {
                                pos: value.start,
                                message: format!("expected planned or released, found {other:?}"),
                            }));
                        }
                    }
                }
                _ => {}
            }
        }
        if release.name.is_empty() {
            return Err(problem(YamlError {
                pos: Default::default(),
                message: "a release needs a `name`".into(),
            }));
        }
        Ok(release)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_release_reads_back() {
        let text = Release::render("2.0", Some("2027-03-31"), Some("Refunds: no calls"));
        let r = Release::parse("backlog/releases/2.0.md", &text).unwrap();
        assert_eq!(r.name, "2.0");
        assert_eq!(r.target.as_deref(), Some("2027-03-31"));
        assert_eq!(r.goal.as_deref(), Some("Refunds: no calls"));
        assert_eq!(r.status, ReleaseStatus::Planned);
        assert_eq!(file_name("2.0 beta/1"), "2.0-beta-1.md");
        let bad = "---\nname: x\ntarget: 2027-02-30\n---\n";
        let e = Release::parse("r.md", bad).unwrap_err();
        assert_eq!((e.line, e.col), (3, 9), "{e}");
    }
}
