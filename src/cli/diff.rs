//! `diff`: what changed in the backlog between two revisions, in words.

use serde::Serialize;

use crate::cli::{Ctx, Result};
use backlog_core::backlog::Backlog;
use backlog_core::history;
use backlog_core::query::manual_order;
use backlog_core::story::Story;

use crate::{exit, render};

/// Say what changed in the backlog: stories added and removed, fields, criteria, moves
///
/// `A..B` compares two revisions, `A...B` compares B with its merge base with A (what a
/// pull request changes), `A` alone compares A with the work tree; the default is HEAD
/// against the work tree.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `A..B`, `A...B` or `A` (default: HEAD against the work tree)
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Serialize)]
struct Entry {
    id: String,
    title: String,
    changes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    version: u32,
    from: String,
    to: String,
    added: Vec<Entry>,
    removed: Vec<Entry>,
    changed: Vec<Entry>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (repo, current) = ctx.load()?;
    let range = args.range.unwrap_or_else(|| "HEAD".into());
    let (from, to) = if let Some((a, b)) = range.split_once("...") {
        let a = if a.is_empty() { "HEAD" } else { a };
        let b = if b.is_empty() { "HEAD" } else { b };
        (repo.merge_base_of(a, b)?, Some(b.to_string()))
    } else if let Some((a, b)) = range.split_once("..") {
        let a = if a.is_empty() { "HEAD" } else { a };
        let b = if b.is_empty() { "HEAD" } else { b };
        (repo.resolve(a)?, Some(b.to_string()))
    } else {
        (repo.resolve(&range)?, None)
    };
    let old = repo.load_at(&from, &current)?;
    let new = match &to {
        Some(rev) => repo.load_at(&repo.resolve(rev)?, &current)?,
        None => Backlog::load(&current.root, &current.base)?,
    };
    // Name the revisions as the user did: stable, and what they asked about.
    let (from_label, to_label) = match range.split_once("...").or_else(|| range.split_once("..")) {
        Some((a, b)) => (
            if a.is_empty() { "HEAD" } else { a }.to_string(),
            if b.is_empty() { "HEAD" } else { b }.to_string(),
        ),
        None => (range.clone(), "work tree".to_string()),
    };
    let from_label = if range.contains("...") {
        format!("the merge base of {from_label} and {to_label}")
    } else {
        from_label
    };
    let report = compare(&old, &new, &from_label, &to_label);
    match args.format {
        Format::Json => {
            ctx.json(&report)?;
        }
        Format::Text => write!(ctx.out, "{}", text(&report))?,
        Format::Markdown => write!(ctx.out, "{}", markdown(&report))?,
    }
    Ok(exit::OK)
}

/// The backlog as it was at commit `rev`.
fn summary(s: &Story) -> String {
    let mut parts = vec![s.kind.clone(), s.status.clone()];
    if let Some(p) = s.points {
        parts.push(if p.0 == 1.0 {
            "1 point".to_string()
        } else {
            format!("{p} points")
        });
    }
    parts.join(", ")
}

fn compare(old: &Backlog, new: &Backlog, from: &str, to: &str) -> Report {
    let find = |b: &Backlog, id: &str| b.find(id).first().map(|s| (*s).clone());
    let mut report = Report {
        version: render::json::VERSION,
        from: from.into(),
        to: to.into(),
        added: vec![],
        removed: vec![],
        changed: vec![],
    };
    // Positions in the manual order, among the stories in both, worked out once.
    let in_both = |s: &&Story| old.find(&s.id).len() == 1 && new.find(&s.id).len() == 1;
    let positions = |b: &Backlog| -> std::collections::HashMap<String, usize> {
        let mut order: Vec<&Story> = b.stories.iter().filter(in_both).collect();
        order.sort_by(|x, y| manual_order(x, y));
        order
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect()
    };
    let (old_positions, new_positions) = (positions(old), positions(new));
    let mut ids: Vec<&str> = new.stories.iter().map(|s| s.id.as_str()).collect();
    ids.sort_by(|a, b| backlog_core::story::id_order(a, b));
    ids.dedup();
    for id in ids {
        let n = find(new, id).unwrap_or_else(|| unreachable!());
        match find(old, id) {
            None => report.added.push(Entry {
                id: id.into(),
                title: n.title.clone(),
                changes: vec![format!("added ({})", summary(&n))],
            }),
            Some(o) => {
                let mut changes: Vec<String> = history::describe(&o, &n)
                    .into_iter()
                    .filter(|c| c != "rank changed")
                    .collect();
                if o.rank != n.rank {
                    if let (Some(a), Some(b)) = (old_positions.get(id), new_positions.get(id)) {
                        let places = |k: usize| {
                            if k == 1 {
                                "1 place".to_string()
                            } else {
                                format!("{k} places")
                            }
                        };
                        let (a, b) = (*a, *b);
                        if b < a {
                            changes.push(format!("moved up {}", places(a - b)));
                        } else if b > a {
                            changes.push(format!("moved down {}", places(b - a)));
                        }
                    }
                }
                if o.path != n.path {
                    changes.push(format!("file renamed to {}", n.path));
                }
                if !changes.is_empty() {
                    report.changed.push(Entry {
                        id: id.into(),
                        title: n.title.clone(),
                        changes,
                    });
                }
            }
        }
    }
    let mut gone: Vec<&Story> = old
        .stories
        .iter()
        .filter(|s| new.find(&s.id).is_empty())
        .collect();
    gone.sort_by(|a, b| backlog_core::story::id_order(&a.id, &b.id));
    for s in gone {
        report.removed.push(Entry {
            id: s.id.clone(),
            title: s.title.clone(),
            changes: vec![format!("removed ({})", summary(s))],
        });
    }
    report
}

fn headline(r: &Report) -> String {
    format!(
        "{} added, {} removed, {} changed",
        r.added.len(),
        r.removed.len(),
        r.changed.len()
    )
}

fn text(r: &Report) -> String {
    let mut out = format!(
        "Backlog changes from {} to {}: {}\n",
        r.from,
        r.to,
        headline(r)
    );
    for (mark, list) in [("+", &r.added), ("-", &r.removed), ("~", &r.changed)] {
        for e in list {
            out.push_str(&format!(
                "{mark} {} {:?}: {}\n",
                e.id,
                e.title,
                e.changes.join("; ")
            ));
        }
    }
    out
}

fn markdown(r: &Report) -> String {
    use render::markdown::cell;
    let mut out = format!(
        "**Backlog changes** from {} to {}: {}\n",
        r.from,
        r.to,
        headline(r)
    );
    if r.added.is_empty() && r.removed.is_empty() && r.changed.is_empty() {
        return out;
    }
    out.push_str("\n| | Story | Changes |\n| --- | --- | --- |\n");
    for (mark, list) in [("➕", &r.added), ("➖", &r.removed), ("✏️", &r.changed)] {
        for e in list {
            let changes: Vec<String> = e.changes.iter().map(|c| cell(c)).collect();
            out.push_str(&format!(
                "| {mark} | **{}** {} | {} |\n",
                e.id,
                cell(&e.title),
                changes.join("<br>")
            ));
        }
    }
    out
}
