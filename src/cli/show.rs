//! `show`: one story, rendered for a person, as JSON, or as stored.

use crate::cli::{Ctx, Paint, Result};
use crate::exit;
use crate::render::json;
use backlog_core::backlog::Backlog;
use backlog_core::story::Story;

/// Show one story: its fields, description and acceptance criteria
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The story's ID, such as PAY-12 (any case)
    pub id: String,
    /// Print the story as JSON (see docs/json.md)
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,
    /// Print the file exactly as stored
    #[arg(long)]
    pub raw: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let story = crate::cli::find_story(ctx, &backlog, &args.id, false)?;
    if args.raw {
        let bytes = std::fs::read(backlog.root.join(&story.path))?;
        ctx.out.write_all(&bytes)?;
    } else if args.json {
        let doc = json::ShowJson {
            version: json::VERSION,
            story: json::StoryJson::new(story, backlog.config.is_done(&story.status)),
        };
        ctx.json(&doc)?;
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
    let mut field = |name: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            out.push_str(&format!(
                "{}{v}\n",
                ctx.paint(&format!("{name:<11}"), Paint::Dim)
            ));
        }
    };
    let status = if backlog.config.is_done(&s.status) {
        format!("{} (done)", s.status)
    } else {
        s.status.clone()
    };
    field("Type", Some(s.kind.clone()));
    field("Status", Some(status));
    for (name, key) in [
        ("Priority", "priority"),
        ("Value", "value"),
        ("Points", "points"),
        ("Epic", "epic"),
        ("Sprint", "sprint"),
        ("Depends on", "depends_on"),
        ("Labels", "labels"),
        ("Assignee", "assignee"),
        ("Created", "created"),
        ("Due", "due"),
        ("Rank", "rank"),
    ] {
        field(name, s.field_text(key));
    }
    for (key, n) in &s.scores {
        field(key, Some(n.to_string()));
    }
    for (key, value) in &s.extra {
        let text = match value {
            serde_json::Value::String(t) => t.clone(),
            v => v.to_string(),
        };
        field(key, Some(text));
    }
    field("File", Some(s.path.clone()));
    if !s.description.is_empty() {
        out.push('\n');
        out.push_str(&s.description);
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
        out.push_str(&format!("  {mark} {}. {}\n", n + 1, c.text));
    }
    out
}
