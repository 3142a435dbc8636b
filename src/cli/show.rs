//! `show`: one story, rendered for a person, as JSON, or as stored.

use crate::cli::output::{Output, TextOrJson};
use crate::cli::{Ctx, Paint, Result};
use crate::exit;
use crate::render::escape;
use backlog_core::backlog::Backlog;
use backlog_core::ops::gate;
use backlog_core::schema;
use backlog_core::story::Story;
use backlog_core::view::story::{ShowView, StoryView};

/// Show one story: its fields, description and acceptance criteria
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, such as PAY-12 (any case)
    pub id: String,
    #[command(flatten)]
    pub output: Output<TextOrJson>,
    /// Print the file exactly as stored
    #[arg(long, conflicts_with_all = ["json", "format"])]
    pub raw: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    // Only the story's own file is read when its name says its ID.
    let (_, backlog) = ctx.load_for(&[&args.id])?;
    // A file that does not read can still be printed as it is, to see what is wrong.
    if args.raw
        && backlog.find(&args.id).is_empty()
        && let Some(problem) = backlog.problem_for(&args.id)
    {
        let bytes = std::fs::read(backlog.root.join(&problem.path))?;
        ctx.out.write_all(&bytes)?;
        return Ok(exit::OK);
    }
    let story = crate::cli::find_story(ctx, &backlog, &args.id, false)?;
    if args.raw {
        let bytes = std::fs::read(backlog.root.join(&story.path))?;
        ctx.out.write_all(&bytes)?;
    } else if args.output.format() == TextOrJson::Json {
        ctx.json(ShowView {
            story: StoryView::new(story, &backlog.config),
        })?;
    } else {
        let text = render(ctx, story, &backlog);
        write!(ctx.out, "{text}")?;
    }
    Ok(exit::OK)
}

fn render(ctx: &Ctx, s: &Story, backlog: &Backlog) -> String {
    let mut out = format!(
        "{}  {}\n\n",
        ctx.paint(&s.id, Paint::Bold),
        ctx.paint(&s.title, Paint::Bold)
    );
    let config = &backlog.config;
    // Every field with a value, in schema order (custom fields by their label), then keys
    // no one declared, as written, then the file.
    let mut rows: Vec<(String, String)> = Vec::new();
    for f in schema::all(config) {
        if matches!(f.key.as_str(), "id" | "title" | "criteria" | "path") {
            continue;
        }
        let value = match f.key.as_str() {
            "status" if config.is_done(&s.status) => Some(format!("{} (done)", s.status)),
            key => s.field_text(key),
        };
        rows.extend(value.map(|v| (f.label, v)));
    }
    for (key, value) in s
        .extra
        .iter()
        .filter(|(k, _)| !config.fields.contains_key(*k))
    {
        let text = match value {
            serde_json::Value::String(t) => t.clone(),
            v => v.to_string(),
        };
        rows.push((key.clone(), text));
    }
    // What the Definition of Ready says of it now.
    if s.kind != "epic" && !config.is_done(&s.status) {
        let missing = gate::not_ready(backlog, s);
        rows.push((
            "Ready?".into(),
            match missing.is_empty() {
                true => "yes (the Definition of Ready)".into(),
                false => format!("no: no {} (the Definition of Ready)", missing.join(", ")),
            },
        ));
    }
    // And, while it is being worked on, what the Definition of Done still asks.
    if s.kind != "epic" && backlog_core::metrics::in_progress(config).contains(&s.status) {
        let lacks = gate::not_done(backlog, s);
        rows.push((
            "Done?".into(),
            match lacks.is_empty() {
                true => "can be done (the Definition of Done)".into(),
                false => format!("not yet: {} (the Definition of Done)", lacks.join(" and ")),
            },
        ));
    }
    rows.push(("File".into(), s.path.to_string()));
    rows.retain(|(_, v)| !v.is_empty());
    let width = rows
        .iter()
        .map(|(name, _)| name.chars().count() + 1)
        .max()
        .unwrap_or(0)
        .max(11);
    for (name, value) in &rows {
        out.push_str(&format!(
            "{}{}\n",
            ctx.paint(&format!("{name:<width$}"), Paint::Dim),
            escape::line(value)
        ));
    }
    if !s.description.is_empty() {
        out.push('\n');
        out.push_str(&escape::text(&s.description));
        out.push('\n');
    }
    out.push('\n');
    let done = s.criteria_done();
    let heading = format!("Acceptance criteria ({done}/{})", s.criteria.len());
    out.push_str(&ctx.paint(&heading, Paint::Bold));
    out.push('\n');
    if s.criteria.is_empty() {
        out.push_str("  none yet: add them under `## Acceptance criteria` in the file\n");
    }
    for (n, c) in s.criteria.iter().enumerate() {
        let mark = if c.done {
            ctx.paint("[x]", Paint::Green)
        } else {
            "[ ]".to_string()
        };
        out.push_str(&format!("  {mark} {}. {}\n", n + 1, escape::line(&c.text)));
    }
    out
}
