//! `list` (alias `ls`): the stories that match, in a table or a machine format.

use crate::cli::output::Output;
use crate::cli::{Ctx, Result, fail};
use crate::render::table::{Color, Styled};
use crate::render::{csv, markdown, table};
use backlog_core::config::{Config, FieldKind};
use backlog_core::query::{self, Filter, SortKey};
use backlog_core::schema::{self, FieldRef};
use backlog_core::story::Story;
use backlog_core::suggest;
use backlog_core::view::story::{ListView, StoryView};

/// List stories, filtered and sorted (done stories are hidden unless --all)
///
/// Filters of one kind are alternatives (`--status ready --status doing`); different
/// filters must all match; every `--label` given must be present.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only stories in this status (can be repeated, or comma-separated)
    #[arg(long, short = 's', value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only stories of this type (can be repeated, or comma-separated)
    #[arg(long = "type", short = 't', value_name = "TYPE", value_delimiter = ',')]
    pub kind: Vec<String>,
    /// Only stories with this label (can be repeated: all must be present)
    #[arg(long, short = 'l', value_delimiter = ',')]
    pub label: Vec<String>,
    /// Only stories of this epic (can be repeated)
    #[arg(long, value_delimiter = ',')]
    pub epic: Vec<String>,
    /// Only stories in this sprint (can be repeated)
    #[arg(long, value_delimiter = ',')]
    pub sprint: Vec<String>,
    /// Only stories assigned to this person (can be repeated)
    #[arg(long, value_delimiter = ',')]
    pub assignee: Vec<String>,
    /// Only stories with this priority (can be repeated)
    #[arg(long, short = 'p', value_delimiter = ',')]
    pub priority: Vec<String>,
    /// Only stories whose FIELD is VALUE, for any field, custom ones too (can be repeated;
    /// a list field matches when it holds VALUE; `FIELD=` matches stories without it)
    #[arg(long = "where", short = 'w', value_name = "FIELD=VALUE")]
    pub wheres: Vec<String>,
    /// Only stories whose title, description or criteria contain TEXT (any case)
    #[arg(long, short = 'g', value_name = "TEXT")]
    pub grep: Option<String>,
    /// Include stories in a done status
    #[arg(long, short = 'a')]
    pub all: bool,
    /// Sort by FIELD (`-FIELD` or `FIELD:desc` for descending); default: the manual order
    #[arg(
        long,
        value_name = "FIELD",
        default_value = "rank",
        allow_hyphen_values = true
    )]
    pub sort: SortKey,
    #[command(flatten)]
    pub output: Output<Format>,
    /// Table and Markdown columns, comma-separated
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "id,title,type,status,priority,points,value,epic,sprint,labels,criteria"
    )]
    pub columns: Vec<String>,
    /// In a terminal too narrow for the table, wrap long titles and labels over several
    /// lines instead of cutting them short with …
    #[arg(long)]
    pub wrap: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    Ids,
    Markdown,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let config = &backlog.config;
    let filter = Filter {
        status: args.status,
        kind: args.kind,
        label: args.label,
        epic: args.epic,
        sprint: args.sprint,
        assignee: args.assignee,
        priority: args.priority,
        fields: Vec::new(),
        grep: args.grep,
        all: args.all,
    };
    let known = |key: &str| backlog.stories.iter().any(|s| s.extra.contains_key(key));
    let filter = Filter {
        fields: args
            .wheres
            .iter()
            .map(|w| query::parse_where(w, config, known))
            .collect::<std::result::Result<_, _>>()?,
        ..filter
    };
    filter.validate(config)?;
    // A key no field of the schema or config has, but some story does, sorts and filters
    // too: it is data all the same.
    let in_stories = |key: &str| backlog.stories.iter().any(|s| s.extra.contains_key(key));
    let field = args.sort.field.as_str();
    if !schema::lookup(field, config).is_some_and(|f| f.sort())
        && (schema::builtin(field).is_some() || !in_stories(field))
    {
        let fields = query::sort_fields(config);
        return fail(format!(
            "cannot sort by {field:?}: no such field{} (try one of {})",
            suggest::hint(field, fields.iter().map(String::as_str)),
            fields.join(", ")
        ));
    }
    let mut columns: Vec<FieldRef> = Vec::new();
    for column in &args.columns {
        match schema::lookup(column, config).filter(FieldRef::column) {
            Some(f) => columns.push(f),
            None => {
                let names: Vec<String> = schema::all(config)
                    .into_iter()
                    .filter(FieldRef::column)
                    .map(|f| f.key)
                    .collect();
                return fail(format!(
                    "unknown column {column:?}{} (columns: {})",
                    suggest::hint(column, names.iter().map(String::as_str)),
                    names.join(", ")
                ));
            }
        }
    }

    let mut stories: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| filter.matches(s, config))
        .collect();
    query::sort(&mut stories, &args.sort, config);

    match args.output.format() {
        Format::Json => {
            ctx.json(ListView {
                stories: stories.iter().map(|s| StoryView::new(s, config)).collect(),
            })?;
        }
        Format::Jsonl => {
            for s in &stories {
                serde_json::to_writer(&mut *ctx.out, &StoryView::new(s, config))
                    .map_err(std::io::Error::from)?;
                writeln!(ctx.out)?;
            }
        }
        Format::Ids => {
            for s in &stories {
                writeln!(ctx.out, "{}", s.id)?;
            }
        }
        Format::Csv => {
            // Every field with CSV columns, built-in then custom, in schema order.
            let fields: Vec<FieldRef> = schema::all(config)
                .into_iter()
                .filter(|f| f.builtin.is_none_or(|b| !b.csv.is_empty()))
                .collect();
            let header = fields.iter().flat_map(|f| match f.builtin {
                Some(b) => b.csv.to_vec(),
                None => vec![f.key.as_str()],
            });
            // Then, appended so earlier columns keep their places: the scoring inputs, the
            // description and the criteria, so that `import csv` gets everything back.
            let scores: Vec<String> = schema::FIELDS
                .iter()
                .filter(|f| f.csv.is_empty() && f.source != schema::Source::Derived)
                .map(|f| f.key.to_string())
                .collect();
            let header = header
                .chain(scores.iter().map(String::as_str))
                .chain(["description", "criteria"]);
            write!(ctx.out, "{}", csv::record(header))?;
            for s in &stories {
                let mut row: Vec<String> = fields.iter().flat_map(|f| csv_cells(s, f)).collect();
                row.extend(scores.iter().map(|k| s.field_text(k).unwrap_or_default()));
                row.push(s.description.clone());
                row.push(
                    s.criteria
                        .iter()
                        .map(|c| format!("[{}] {}", if c.done { "x" } else { " " }, c.text))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                write!(ctx.out, "{}", csv::record(row.iter().map(String::as_str)))?;
            }
        }
        Format::Markdown => {
            let rows: Vec<Vec<String>> = stories
                .iter()
                .map(|s| {
                    columns
                        .iter()
                        .map(|c| cell(s, &c.key, config).text)
                        .collect()
                })
                .collect();
            let header: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
            write!(ctx.out, "{}", markdown::table(&header, &rows))?;
        }
        Format::Table => {
            if !stories.is_empty() {
                let rows = stories
                    .iter()
                    .map(|s| columns.iter().map(|c| cell(s, &c.key, config)).collect())
                    .collect();
                let header: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
                let text = if args.wrap {
                    table::render_wrapped(&header, rows, ctx.width, ctx.color)
                } else {
                    table::render(&header, rows, ctx.width, ctx.color)
                };
                write!(ctx.out, "{text}")?;
            }
            let hidden = if filter.all {
                0
            } else {
                let all = Filter {
                    all: true,
                    ..filter.clone()
                };
                backlog
                    .stories
                    .iter()
                    .filter(|s| all.matches(s, config))
                    .count()
                    - stories.len()
            };
            let mut summary = match stories.len() {
                0 => "No stories match".to_string(),
                1 => "1 story".to_string(),
                n => format!("{n} stories"),
            };
            if hidden > 0 {
                summary.push_str(&format!(" ({hidden} done not shown; --all shows them)"));
            }
            ctx.status(&summary)?;
        }
    }
    ctx.report_problems(backlog)
}

/// A story's cells for one field in CSV: lists with spaces inside a cell, so a
/// spreadsheet needs no second parser; the criteria as two numbers.
fn csv_cells(s: &Story, field: &FieldRef) -> Vec<String> {
    match (field.key.as_str(), field.kind) {
        ("criteria", _) => vec![s.criteria_done().to_string(), s.criteria.len().to_string()],
        // As `set` takes a list: `payments, api`.
        (key, FieldKind::List) => vec![s.items(key).join(", ")],
        (key, _) => vec![s.field_text(key).unwrap_or_default()],
    }
}

fn cell(s: &Story, column: &str, config: &Config) -> Styled {
    let color = match column {
        "status" if config.is_done(&s.status) => Some(Color::Green),
        "status" if s.status == config.statuses[0] => Some(Color::DarkGrey),
        "status" => Some(Color::Yellow),
        "priority" if s.priority.as_deref() == config.priorities.first().map(String::as_str) => {
            Some(Color::Red)
        }
        "id" => Some(Color::Cyan),
        _ => None,
    };
    let text = match column {
        "criteria" if s.criteria.is_empty() => String::new(),
        "criteria" => format!("{}/{}", s.criteria_done(), s.criteria.len()),
        field => s.field_text(field).unwrap_or_default(),
    };
    Styled { text, color }
}
