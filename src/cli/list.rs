//! `list` (alias `ls`): the stories that match, in a table or a machine format.

use crate::cli::{Ctx, Result, fail};
use crate::render::table::{Color, Styled};
use crate::render::{csv, json, markdown, table};
use backlog_core::config::Config;
use backlog_core::query::{self, Filter, SortKey};
use backlog_core::story::Story;
use backlog_core::suggest;

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
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Table and Markdown columns, comma-separated
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "id,title,type,status,priority,points,value,epic,sprint,labels,criteria"
    )]
    pub columns: Vec<String>,
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

/// Columns `--columns` accepts besides any front-matter key.
const COLUMNS: &[&str] = &[
    "id",
    "title",
    "type",
    "status",
    "priority",
    "points",
    "value",
    "epic",
    "sprint",
    "labels",
    "criteria",
    "depends_on",
    "assignee",
    "rank",
    "created",
    "due",
    "path",
];

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
        grep: args.grep,
        all: args.all,
    };
    if let Err(message) = filter.validate(config) {
        return fail(message);
    }
    let field = args.sort.field.as_str();
    if !query::SORT_FIELDS.contains(&field)
        && !backlog_core::config::FIELDS.contains(&field)
        && !backlog.stories.iter().any(|s| s.extra.contains_key(field))
    {
        return fail(format!(
            "cannot sort by {field:?}: no such field{} (try one of {})",
            suggest::hint(field, query::SORT_FIELDS.iter().copied()),
            query::SORT_FIELDS.join(", ")
        ));
    }
    for column in &args.columns {
        if !COLUMNS.contains(&column.as_str())
            && !backlog_core::config::FIELDS.contains(&column.as_str())
        {
            return fail(format!(
                "unknown column {column:?}{} (columns: {})",
                suggest::hint(column, COLUMNS.iter().copied()),
                COLUMNS.join(", ")
            ));
        }
    }

    let mut stories: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| filter.matches(s, config))
        .collect();
    query::sort(&mut stories, &args.sort, config);

    let columns: Vec<&str> = args.columns.iter().map(String::as_str).collect();
    match args.format {
        Format::Json => {
            let doc = json::ListJson {
                version: json::VERSION,
                stories: stories
                    .iter()
                    .map(|s| json::StoryJson::new(s, config.is_done(&s.status)))
                    .collect(),
            };
            ctx.json(&doc)?;
        }
        Format::Jsonl => {
            for s in &stories {
                serde_json::to_writer(
                    &mut *ctx.out,
                    &json::StoryJson::new(s, config.is_done(&s.status)),
                )
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
            const HEADER: &[&str] = &[
                "id",
                "title",
                "type",
                "status",
                "priority",
                "value",
                "points",
                "epic",
                "sprint",
                "depends_on",
                "labels",
                "assignee",
                "rank",
                "created",
                "due",
                "criteria_done",
                "criteria_total",
                "path",
            ];
            write!(ctx.out, "{}", csv::record(HEADER.iter().copied()))?;
            for s in &stories {
                let mut row: Vec<String> = HEADER[..15]
                    .iter()
                    .map(|f| s.field_text(f).unwrap_or_default())
                    .collect();
                // Lists use spaces inside a cell, so a spreadsheet needs no second parser.
                row[9] = s.depends_on.join(" ");
                row[10] = s.labels.join(" ");
                row.push(s.criteria_done().to_string());
                row.push(s.criteria.len().to_string());
                row.push(s.path.clone());
                write!(ctx.out, "{}", csv::record(row.iter().map(String::as_str)))?;
            }
        }
        Format::Markdown => {
            let rows: Vec<Vec<String>> = stories
                .iter()
                .map(|s| columns.iter().map(|c| cell(s, c, config).text).collect())
                .collect();
            let header: Vec<&str> = columns.iter().map(|c| header(c)).collect();
            write!(ctx.out, "{}", markdown::table(&header, &rows))?;
        }
        Format::Table => {
            if !stories.is_empty() {
                let rows = stories
                    .iter()
                    .map(|s| columns.iter().map(|c| cell(s, c, config)).collect())
                    .collect();
                let header: Vec<&str> = columns.iter().map(|c| header(c)).collect();
                let text = table::render(&header, rows, ctx.width, ctx.color);
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
    ctx.report_problems(&backlog)
}

fn header(column: &str) -> &str {
    match column {
        "id" => "ID",
        "title" => "Title",
        "type" => "Type",
        "status" => "Status",
        "priority" => "Priority",
        "points" => "Points",
        "value" => "Value",
        "epic" => "Epic",
        "sprint" => "Sprint",
        "labels" => "Labels",
        "criteria" => "AC",
        "depends_on" => "Depends on",
        "assignee" => "Assignee",
        "rank" => "Rank",
        "created" => "Created",
        "due" => "Due",
        "path" => "File",
        other => other,
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
