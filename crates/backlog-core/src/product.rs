//! `backlog/product.md`: the product's vision and current goal, its personas and its
//! stakeholders, in front matter, with free Markdown below (the long vision, the strategy).
//! The product owner's first job; `product` shows it, `check` warns when it is missing.

use schemars::JsonSchema;
use serde::Serialize;

use crate::backlog::Problem;
use crate::yaml::{Node, YamlError};

/// The file, relative to the backlog's base.
pub const PRODUCT_FILE: &str = "backlog/product.md";

/// Someone the product is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Persona {
    pub name: String,
    pub description: Option<String>,
}

/// Someone with a stake in the product: what they care about and what they asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Stakeholder {
    pub name: String,
    pub interest: Option<String>,
    pub asks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Product {
    pub name: Option<String>,
    /// Where the product is going, in a sentence or two.
    pub vision: Option<String>,
    /// The current product goal: what the team works towards now.
    pub goal: Option<String>,
    pub personas: Vec<Persona>,
    pub stakeholders: Vec<Stakeholder>,
    /// The Markdown below the front matter, trimmed.
    pub description: String,
    /// The file, relative to the top of the work tree.
    pub path: String,
}

/// The template `init` writes.
pub fn template(name: &str) -> String {
    format!(
        "---
name: {}
# Where the product is going, in a sentence or two.
vision:
# What the team works towards now; epics and releases can name it as their `goal`.
goal:
personas:
  - name: Customer
    description: who they are and what they need
stakeholders:
  - name: Sponsor
    interest: what they care about
    asks: []
---
The longer vision, the strategy, what the product will not do.
",
        crate::yaml::quote(name)
    )
}

impl Product {
    /// Read `text` (the file `path`); a problem names the line and column.
    pub fn parse(path: &str, text: &str) -> Result<Product, Problem> {
        let parsed = crate::file::parse_required(path, text)?;
        let mut product = Product {
            name: None,
            vision: None,
            goal: None,
            personas: Vec::new(),
            stakeholders: Vec::new(),
            description: text[parsed.split.body.clone()].trim().to_string(),
            path: path.to_string(),
        };
        read(&parsed.root, &mut product)
            .map_err(|e| crate::file::problem(path, e.pos, e.message))?;
        Ok(product)
    }
}

fn read(root: &Node, product: &mut Product) -> Result<(), YamlError> {
    for (key, _, value) in root.entries()? {
        let named = |e: YamlError| YamlError {
            pos: e.pos,
            message: format!("{key}: {}", e.message),
        };
        match key.as_str() {
            "name" => product.name = value.text().map_err(named)?,
            "vision" => product.vision = value.text().map_err(named)?,
            "goal" => product.goal = value.text().map_err(named)?,
            "personas" => {
                for item in items(value).map_err(named)? {
                    product.personas.push(Persona {
                        name: field(item, "name").map_err(named)?.unwrap_or_default(),
                        description: field(item, "description").map_err(named)?,
                    });
                }
            }
            "stakeholders" => {
                for item in items(value).map_err(named)? {
                    let asks = match get(item, "asks").map_err(named)? {
                        Some(v) => v.text_list().map_err(named)?,
                        None => Vec::new(),
                    };
                    product.stakeholders.push(Stakeholder {
                        name: field(item, "name").map_err(named)?.unwrap_or_default(),
                        interest: field(item, "interest").map_err(named)?,
                        asks,
                    });
                }
            }
            // Other keys are the team's own, kept in the file.
            _ => {}
        }
    }
    Ok(())
}

fn items(value: &Node) -> Result<Vec<&Node>, YamlError> {
    match &value.kind {
        crate::yaml::Kind::Seq(items) => Ok(items.iter().collect()),
        _ if value.is_null() => Ok(Vec::new()),
        _ => Err(YamlError {
            pos: value.start,
            message: "expected a list of `- name: …` entries".into(),
        }),
    }
}

fn get<'n>(item: &'n Node, key: &str) -> Result<Option<&'n Node>, YamlError> {
    Ok(item
        .entries()?
        .into_iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, _, v)| v))
}

fn field(item: &Node, key: &str) -> Result<Option<String>, YamlError> {
    match get(item, key)? {
        Some(v) => v.text(),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_and_errors_are_located() {
        let product = Product::parse(PRODUCT_FILE, &template("Payments")).unwrap();
        assert_eq!(product.name.as_deref(), Some("Payments"));
        assert_eq!(product.vision, None);
        assert_eq!(product.personas[0].name, "Customer");
        assert_eq!(product.stakeholders[0].asks, Vec::<String>::new());
        let bad = "---\nname: P\nstakeholders:\n  - name: F\n    asks: {a: 1}\n---\n";
        let e = Product::parse(PRODUCT_FILE, bad).unwrap_err();
        assert_eq!((e.line, e.col), (5, 11), "{e}");
        assert!(e.message.starts_with("stakeholders: "), "{e}");
    }
}
