//! Load a backlog folder: walk it, parse every story, and keep the files that could not be
//! read as problems, so that one bad file never hides the good ones.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
use crate::story::{self, Story};

/// The backlog folder, relative to the top of the work tree.
pub const DIR: &str = "backlog";
pub const CONFIG_FILE: &str = "backlog/config.yml";
pub const TEMPLATE_FILE: &str = "backlog/templates/story.md";
pub const STORIES_DIR: &str = "backlog/stories";

/// Larger files are refused unread: a story is a page, not a data dump.
pub const MAX_STORY_BYTES: u64 = 4 * 1024 * 1024;

/// A file that could not be read as a story, with the place and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "no backlog in {root}: run `git backlog init` first (expected {CONFIG_FILE} or {STORIES_DIR}/)"
    )]
    NoBacklog { root: String },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

pub struct Backlog {
    /// The top of the work tree.
    pub root: PathBuf,
    pub config: Config,
    /// Stories in file-path order.
    pub stories: Vec<Story>,
    pub problems: Vec<Problem>,
}

impl Backlog {
    pub fn exists(root: &Path) -> bool {
        root.join(CONFIG_FILE).exists() || root.join(STORIES_DIR).is_dir()
    }

    pub fn load_config(root: &Path) -> Result<Config, LoadError> {
        if !Backlog::exists(root) {
            return Err(LoadError::NoBacklog {
                root: root.display().to_string(),
            });
        }
        Ok(Config::load(&root.join(CONFIG_FILE), CONFIG_FILE)?)
    }

    pub fn load(root: &Path) -> Result<Backlog, LoadError> {
        let config = Backlog::load_config(root)?;
        let files = story_files(root);
        let mut stories = Vec::with_capacity(files.len());
        let mut problems = Vec::new();
        for (path, shown) in files {
            match read_story(&path, &shown, &config) {
                Ok(Some(story)) => stories.push(story),
                Ok(None) => {}
                Err(problem) => problems.push(problem),
            }
        }
        Ok(Backlog {
            root: root.to_path_buf(),
            config,
            stories,
            problems,
        })
    }

    pub fn find(&self, id: &str) -> Vec<&Story> {
        self.stories.iter().filter(|s| s.id == id).collect()
    }

    /// IDs near a missing one: the same prefix with the closest numbers, or similar text.
    pub fn closest_ids(&self, id: &str, n: usize) -> Vec<String> {
        let mut scored: Vec<(u64, &str)> = self
            .stories
            .iter()
            .map(|s| {
                let score = match (story::id_parts(id), story::id_parts(&s.id)) {
                    (Some((pa, na)), Some((pb, nb))) if pa.eq_ignore_ascii_case(pb) => {
                        na.abs_diff(nb)
                    }
                    _ => 1_000_000 + crate::suggest::distance(id, &s.id) as u64,
                };
                (score, s.id.as_str())
            })
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| story::id_order(a.1, b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored
            .into_iter()
            .take(n)
            .map(|(_, id)| id.to_string())
            .collect()
    }
}

/// Every `*.md` under the backlog folder but the templates, sorted by path, with the path
/// as shown to the user (relative to the work tree, `/`-separated). Symbolic links are
/// not followed: a story is a file of this repository.
pub fn story_files(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join(DIR);
    let templates = root.join(TEMPLATE_FILE);
    let templates = templates.parent().unwrap_or(&dir);
    let mut files: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.path() != templates
                && !(e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.'))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let shown = e
                .path()
                .strip_prefix(root)
                .unwrap_or(e.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (e.into_path(), shown)
        })
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

/// Read and parse one story file; `Ok(None)` when it has no front matter.
pub fn read_story(path: &Path, shown: &str, config: &Config) -> Result<Option<Story>, Problem> {
    let problem = |line, col, message: String| Problem {
        path: shown.to_string(),
        line,
        col,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| problem(1, 1, format!("cannot read: {e}")))?;
    if meta.len() > MAX_STORY_BYTES {
        return Err(problem(
            1,
            1,
            format!(
                "file is too large ({} bytes; a story file is at most {} bytes)",
                meta.len(),
                MAX_STORY_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| problem(1, 1, format!("cannot read: {e}")))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let (line, col) =
                crate::frontmatter::line_col(&String::from_utf8_lossy(&bytes[..good]), good);
            return Err(problem(
                line,
                col,
                "not valid UTF-8: story files must be UTF-8 text".into(),
            ));
        }
    };
    Story::parse(shown, &text, config).map_err(|e| problem(e.pos.line, e.pos.col, e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_display() {
        let p = Problem {
            path: "backlog/stories/A-1.md".into(),
            line: 4,
            col: 9,
            message: "boom".into(),
        };
        assert_eq!(p.to_string(), "backlog/stories/A-1.md:4:9: boom");
    }
}
