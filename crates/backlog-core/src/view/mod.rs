//! Views: what each command prints, as data. `--format json` is the view serialized, so
//! these types are the JSON contract (docs/json.md, with a JSON Schema per document under
//! docs/schema/); the binary's text, table, CSV and Markdown renderers read them too.
//!
//! Every document carries [`VERSION`]. Adding a member is not a breaking change; removing
//! or renaming one, or changing its type, is, and bumps it.

use schemars::JsonSchema;
use serde::Serialize;

pub mod board;
pub mod change;
pub mod check;
pub mod diff;
pub mod graph;
pub mod health;
pub mod log;
pub mod rank;
pub mod release;
pub mod schema;
pub mod sprint;
pub mod stats;
pub mod story;

/// The version of every JSON document.
pub const VERSION: u32 = 2;

/// A computed number (an average, a score, a duration): rounded to two decimals, and
/// written without a fraction when it has none, in every format alike.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Metric(pub f64);

impl Metric {
    /// The value as shown: rounded to two decimals.
    pub fn rounded(self) -> f64 {
        let r = (self.0 * 100.0).round() / 100.0;
        // An empty sum is -0.0; nobody wants to read "-0".
        r + 0.0
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.rounded())
    }
}

impl Serialize for Metric {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::story::Num(self.rounded()).serialize(s)
    }
}

impl JsonSchema for Metric {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Metric".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "A computed number, rounded to two decimals"
        })
    }
}

/// A revision as the user named it, and the commit it is (`null`: the work tree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Rev {
    /// The full commit id, or `null` for the work tree.
    pub commit: Option<String>,
    /// What the user gave (`HEAD`, `main`, `the merge base of main and HEAD`, `work tree`).
    pub name: String,
}

/// A document with its version.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Versioned<T> {
    pub version: u32,
    #[serde(flatten)]
    pub body: T,
}

impl<T> Versioned<T> {
    pub fn new(body: T) -> Self {
        Versioned {
            version: VERSION,
            body,
        }
    }
}

impl JsonSchema for crate::story::Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "number",
            "description": "A number as written in the story"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_round_to_two_decimals_and_drop_a_zero_fraction() {
        let json = |m: f64| serde_json::to_string(&Metric(m)).unwrap();
        assert_eq!(json(11.818181818181818), "11.82");
        assert_eq!(json(13.0), "13");
        assert_eq!(json(-0.0), "0");
        assert_eq!(Metric(2.005 + 1e-9).to_string(), "2.01");
    }
}
