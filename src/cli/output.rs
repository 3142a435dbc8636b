//! The output options every command that prints data shares: `--format` with the formats
//! that command has, its first being the default, and `--json` for `--format json`.

use clap::ValueEnum;

/// `-f/--format FORMAT` and `--json`, flattened into a command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct Output<F: ValueEnum + Clone + Send + Sync + 'static> {
    /// Output format (default: the first listed)
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<F>,
    /// Print JSON: the same as --format json (see docs/json.md)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl<F: ValueEnum + Clone + Send + Sync + 'static> Output<F> {
    /// The format asked for: `--json`, `--format`, or the first of the command's formats.
    pub fn format(&self) -> F {
        self.given()
            .unwrap_or_else(|| F::value_variants()[0].clone())
    }

    /// As [`Output::format`], with the environment variable `var` before the default.
    pub fn format_or_env(&self, var: &str) -> crate::cli::Result<F> {
        if let Some(f) = self.given() {
            return Ok(f);
        }
        match std::env::var(var) {
            Ok(value) if !value.is_empty() => F::from_str(&value, true).map_err(|_| {
                let names: Vec<String> = F::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                    .collect();
                crate::cli::Error::Message(format!(
                    "{var}={value:?} is no format of this command (expected one of {})",
                    names.join(", ")
                ))
            }),
            _ => Ok(F::value_variants()[0].clone()),
        }
    }

    fn given(&self) -> Option<F> {
        if self.json
            && let Ok(json) = F::from_str("json", true)
        {
            return Some(json);
        }
        self.format.clone()
    }
}

/// The formats of a command that prints text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}
