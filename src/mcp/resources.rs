//! The MCP resources: git-backlog's documentation, and this backlog's own config and
//! product file, read when asked.

use std::path::Path;

use rmcp::model::{Resource, ResourceContents};

/// The documentation an agent needs to use the tools, built into the binary.
const DOCS: &[(&str, &str, &str)] = &[
    (
        "commands.md",
        "Every command and option, with examples",
        include_str!("../../docs/commands.md"),
    ),
    (
        "file-format.md",
        "The story file and config.yml, field by field",
        include_str!("../../docs/file-format.md"),
    ),
    (
        "json.md",
        "The JSON views the read tools return",
        include_str!("../../docs/json.md"),
    ),
    (
        "rules.md",
        "Every check rule, with failing and passing examples",
        include_str!("../../docs/rules.md"),
    ),
    (
        "ranking.md",
        "Rank keys and the ordering methods",
        include_str!("../../docs/ranking.md"),
    ),
    (
        "metrics.md",
        "How velocity, burndown, cycle and lead time are computed",
        include_str!("../../docs/metrics.md"),
    ),
    (
        "git.md",
        "How changes are committed",
        include_str!("../../docs/git.md"),
    ),
];

/// This backlog's files that say how it is set up, relative to the work tree.
const FILES: &[(&str, &str)] = &[
    (
        "backlog/config.yml",
        "This backlog's configuration: statuses, types, priorities, rules, sprints",
    ),
    (
        "backlog/product.md",
        "This product's vision, goal, personas and stakeholders",
    ),
];

pub fn list(cwd: &Path) -> Vec<Resource> {
    let mut out: Vec<Resource> = DOCS
        .iter()
        .map(|(name, about, text)| {
            Resource::new(format!("backlog://docs/{name}"), *name)
                .with_description(*about)
                .with_mime_type("text/markdown")
                .with_size(text.len() as u64)
        })
        .collect();
    for (path, about) in FILES {
        if cwd.join(path).is_file() {
            out.push(
                Resource::new(format!("backlog://{path}"), *path)
                    .with_description(*about)
                    .with_mime_type(if path.ends_with(".md") {
                        "text/markdown"
                    } else {
                        "application/yaml"
                    }),
            );
        }
    }
    out
}

pub fn read(cwd: &Path, uri: &str) -> Option<ResourceContents> {
    let rest = uri.strip_prefix("backlog://")?;
    if let Some(name) = rest.strip_prefix("docs/") {
        let (_, _, text) = DOCS.iter().find(|(n, _, _)| *n == name)?;
        return Some(ResourceContents::text(*text, uri));
    }
    let (path, _) = FILES.iter().find(|(p, _)| *p == rest)?;
    let text = std::fs::read_to_string(cwd.join(path)).ok()?;
    Some(ResourceContents::text(text, uri))
}
