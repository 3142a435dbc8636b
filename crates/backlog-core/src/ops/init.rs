//! Creating a backlog: its config, its story template and its stories folder.

use std::path::Path;

use super::create::{DEFAULT_TEMPLATE, TYPE_TEMPLATES};
use crate::backlog::{Backlog, CONFIG_FILE, STORIES_DIR, TEMPLATE_FILE};
use crate::change::{Action, Change, ChangeSet};
use crate::config;
use crate::error::{Result, invalid};
use crate::types::StoryId;

/// The files of a new backlog with the ID prefix `prefix`, at the top of the work tree
/// `root`. Refused when `root` already has a backlog.
pub fn init(root: &Path, prefix: &str) -> Result<ChangeSet> {
    if !config::valid_prefix(prefix) {
        return invalid(format!(
            "invalid prefix {prefix:?}: use letters and digits, starting with a letter, at most 16 (like `PAY`)"
        ));
    }
    if Backlog::exists(root) {
        return invalid(format!(
            "a backlog already exists in {} ({CONFIG_FILE}); not overwriting it",
            root.display()
        ));
    }
    let create = |path: String, text: String| Change {
        id: StoryId::default(),
        what: format!("create {path}"),
        path: path.into(),
        action: Action::Create { text },
    };
    let mut changes = vec![
        create(CONFIG_FILE.into(), config::default_file(prefix)),
        create(TEMPLATE_FILE.into(), DEFAULT_TEMPLATE.into()),
    ];
    for (kind, text) in TYPE_TEMPLATES {
        changes.push(create(
            TEMPLATE_FILE.replace("story.md", &format!("{kind}.md")),
            text.to_string(),
        ));
    }
    changes.extend([
        // git keeps no empty folders; this file keeps backlog/stories/ in every clone.
        create(format!("{STORIES_DIR}/.gitkeep"), String::new()),
        create(
            crate::product::PRODUCT_FILE.into(),
            crate::product::template(prefix),
        ),
    ]);
    Ok(ChangeSet {
        changes,
        subject: "init".into(),
    })
}

/// What `.gitattributes` says for story files under `dir` (`backlog` or `sub/backlog`).
pub fn attributes_line(dir: &str) -> String {
    format!("{dir}/**/*.md merge=backlog")
}

/// `.gitattributes` (its text now, if any) with the merge driver's line for story files
/// under `dir`; `None` when the line is there already.
pub fn with_merge_driver(current: Option<&str>, dir: &str) -> Option<String> {
    let line = attributes_line(dir);
    let mut text = current.unwrap_or_default().to_string();
    if text.lines().any(|l| l.trim() == line) {
        return None;
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# Story files merge field by field (git backlog merge-driver install)\n");
    text.push_str(&line);
    text.push('\n');
    Some(text)
}

/// The change that adds the merge driver's line to `.gitattributes`, if it is missing.
pub fn merge_driver_change(current: Option<&str>, dir: &str) -> Option<Change> {
    let text = with_merge_driver(current, dir)?;
    Some(Change {
        id: StoryId::default(),
        path: ".gitattributes".into(),
        action: match current {
            Some(_) => Action::Write {
                text,
                rename_to: None,
            },
            None => Action::Create { text },
        },
        what: "register the story merge driver in .gitattributes".into(),
    })
}
