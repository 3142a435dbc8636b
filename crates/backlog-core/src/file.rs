//! One parse of a story file: conflict markers refused, the front matter split from the
//! body, and the front matter read into a YAML tree with file positions and comments. The
//! plain [`Story`](crate::story::Story) and the editor ([`Doc`](crate::edit::Doc)) are
//! both built from this, so they agree on what a file is and say the same about a bad one.

use crate::frontmatter::{self, Split, SplitError};
use crate::story::ParseError;
use crate::yaml::{self, Comment, Node, Origin, Pos, YamlError};

/// A story file's structure. The text itself stays with the caller.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub split: Split,
    /// The front matter: a mapping, or null when it is empty.
    pub root: Node,
    pub comments: Vec<Comment>,
}

/// Parse `text`. `Ok(None)`: the file has no front matter, so it is no story.
pub fn parse(text: &str) -> Result<Option<Parsed>, ParseError> {
    if let Some(line) = frontmatter::conflict_marker(text) {
        return Err(at(
            line,
            "unresolved merge conflict: resolve the conflict markers (<<<<<<<, =======, >>>>>>>) first",
        ));
    }
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        Err(SplitError::NoFrontMatter) => return Ok(None),
        Err(SplitError::Unclosed { line }) => {
            return Err(at(
                line,
                "front matter is not closed: expected a line `---` after the fields",
            ));
        }
    };
    let yaml_text = &text[split.yaml.clone()];
    let (root, comments) = yaml::parse_with_comments(
        yaml_text,
        Origin {
            line: split.yaml_line,
            byte: split.yaml.start,
        },
    )
    .map_err(|e| name_the_field(e, yaml_text, split.yaml_line))?;
    Ok(Some(Parsed {
        split,
        root,
        comments,
    }))
}

fn at(line: usize, message: &str) -> ParseError {
    ParseError {
        pos: Pos {
            line,
            col: 1,
            byte: 0,
        },
        message: message.into(),
    }
}

/// A YAML syntax error names the top-level key whose value it is in, when there is one:
/// `title: unclosed quote` says more than `unclosed quote`.
fn name_the_field(e: YamlError, yaml: &str, first_line: usize) -> ParseError {
    let upto = e.pos.line.saturating_sub(first_line);
    let key = yaml
        .lines()
        .take(upto + 1)
        .filter_map(|line| {
            let (key, _) = line.split_once(':')?;
            let plain_key = !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
            plain_key.then_some(key)
        })
        .last();
    let message = match key {
        Some(key)
            if !e.message.starts_with(&format!("{key}:"))
                && !e.message.starts_with("duplicate key") =>
        {
            format!("{key}: {}", e.message)
        }
        _ => e.message,
    };
    ParseError {
        pos: e.pos,
        message,
    }
}
