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

/// The front matter of a file that is not a story (the product, a release, a sprint),
/// parsed as a story's is, with a missing front matter or bad YAML as a problem at its place
/// in the file `path`.
pub fn parse_required(path: &str, text: &str) -> Result<Parsed, crate::backlog::Problem> {
    parse(text)
        .map_err(|e| problem(path, e.pos, e.message))?
        .ok_or_else(|| {
            problem(
                path,
                Pos {
                    line: 1,
                    col: 1,
                    byte: 0,
                },
                "expected front matter: a first line `---`".into(),
            )
        })
}

/// A problem in the file `path` at `pos`.
pub fn problem(path: &str, pos: Pos, message: String) -> crate::backlog::Problem {
    crate::backlog::Problem {
        path: path.into(),
        line: pos.line.max(1),
        col: pos.col.max(1),
        message,
    }
}

/// The value of a date field: `YYYY-MM-DD`, or none.
pub fn date(value: &Node) -> Result<Option<crate::types::Date>, YamlError> {
    match value.text()? {
        Some(t) if crate::date::parse(&t).is_none() => Err(YamlError {
            pos: value.start,
            message: format!("expected a date as YYYY-MM-DD, found {t:?}"),
        }),
        t => Ok(t.map(Into::into)),
    }
}
