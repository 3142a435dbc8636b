//! `graph`: dependencies and epics as Mermaid, Graphviz DOT or JSON.

use crate::cli::output::Output;
use crate::cli::{Ctx, Result};
use crate::render::{depgraph, escape};
use backlog_core::story::Story;
use backlog_core::view::graph::GraphView;

/// Draw dependencies and epic membership as a Mermaid flowchart, Graphviz DOT or SVG
///
/// An arrow goes from a story to the stories that depend on it (the order of work);
/// stories are grouped in a box per epic (Mermaid, DOT). The SVG is drawn by git-backlog
/// itself and shows the stories that have dependencies.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: Output<Format>,
    /// Only this epic's stories
    #[arg(long)]
    pub epic: Option<String>,
    /// Only this sprint's stories
    #[arg(long)]
    pub sprint: Option<String>,
    /// Include done stories
    #[arg(long, short = 'a')]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Mermaid,
    Dot,
    Json,
    Svg,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    let config = &backlog.config;
    let shown: Vec<&Story> = backlog
        .stories
        .iter()
        .filter(|s| args.all || !config.is_done(&s.status))
        .filter(|s| {
            args.epic
                .as_ref()
                .is_none_or(|e| s.epic.as_ref() == Some(e) || &s.id == e)
        })
        .filter(|s| {
            args.sprint
                .as_ref()
                .is_none_or(|sp| s.sprint.as_ref() == Some(sp))
        })
        .collect();
    let ids: std::collections::HashSet<&str> = shown.iter().map(|s| s.id.as_str()).collect();
    let included = |id: &str| ids.contains(id);
    let epics: Vec<&Story> = shown.iter().copied().filter(|s| s.kind == "epic").collect();
    let in_epic = |s: &Story| {
        s.epic
            .as_deref()
            .filter(|e| epics.iter().any(|x| x.id == *e))
            .map(String::from)
    };
    // Labels are data: control characters shown visibly, in both diagram languages.
    let label = |s: &Story| escape::line(&format!("{} {}", s.id, s.title)).into_owned();
    let mut out = String::new();
    match args.output.format() {
        Format::Json => ctx.json(GraphView::new(&shown))?,
        Format::Svg => out = svg(&shown, config),
        Format::Dot => {
            let q = |t: &str| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""));
            out.push_str("digraph backlog {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
            for e in &epics {
                out.push_str(&format!(
                    "  subgraph {} {{\n    label={};\n    style=dashed;\n",
                    q(&format!("cluster_{}", e.id)),
                    q(&label(e))
                ));
                for s in shown
                    .iter()
                    .filter(|s| in_epic(s).as_deref() == Some(&e.id))
                {
                    out.push_str(&format!("    {} [label={}];\n", q(&s.id), q(&label(s))));
                }
                out.push_str("  }\n");
            }
            for s in shown
                .iter()
                .filter(|s| s.kind != "epic" && in_epic(s).is_none())
            {
                out.push_str(&format!("  {} [label={}];\n", q(&s.id), q(&label(s))));
            }
            for s in &shown {
                for dep in s.depends_on.iter().filter(|d| included(d)) {
                    out.push_str(&format!("  {} -> {};\n", q(dep), q(&s.id)));
                }
            }
            out.push_str("}\n");
        }
        Format::Mermaid => {
            let node = |id: &str| {
                id.chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect::<String>()
            };
            let text = mermaid_text;
            out.push_str("flowchart LR\n");
            for e in &epics {
                out.push_str(&format!(
                    "  subgraph {}[\"{}\"]\n",
                    node(&e.id),
                    text(&label(e))
                ));
                for s in shown
                    .iter()
                    .filter(|s| in_epic(s).as_deref() == Some(&e.id))
                {
                    out.push_str(&format!("    {}[\"{}\"]\n", node(&s.id), text(&label(s))));
                }
                out.push_str("  end\n");
            }
            for s in shown
                .iter()
                .filter(|s| s.kind != "epic" && in_epic(s).is_none())
            {
                out.push_str(&format!("  {}[\"{}\"]\n", node(&s.id), text(&label(s))));
            }
            for s in &shown {
                for dep in s.depends_on.iter().filter(|d| included(d)) {
                    out.push_str(&format!("  {} --> {}\n", node(dep), node(&s.id)));
                }
            }
        }
    }
    write!(ctx.out, "{out}")?;
    ctx.report_problems(backlog)
}

/// The stories of `shown` that depend on another or that another depends on, with those
/// dependencies, drawn as SVG.
pub(crate) fn svg(shown: &[&Story], config: &backlog_core::config::Config) -> String {
    let index: std::collections::HashMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let all: Vec<(usize, usize)> = shown
        .iter()
        .enumerate()
        .flat_map(|(to, s)| {
            let index = &index;
            s.depends_on
                .iter()
                .filter_map(move |d| Some((*index.get(d.as_str())?, to)))
        })
        .collect();
    let mut linked: Vec<usize> = all.iter().flat_map(|&(a, b)| [a, b]).collect();
    linked.sort_unstable();
    linked.dedup();
    let at: std::collections::HashMap<usize, usize> =
        linked.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let titles: Vec<String> = linked
        .iter()
        .map(|&n| escape::line(&shown[n].title).into_owned())
        .collect();
    let nodes: Vec<depgraph::Node> = linked
        .iter()
        .zip(&titles)
        .map(|(&n, title)| depgraph::Node {
            id: &shown[n].id,
            title,
            status: &shown[n].status,
            done: config.is_done(&shown[n].status),
        })
        .collect();
    let edges: Vec<(usize, usize)> = all.iter().map(|(a, b)| (at[a], at[b])).collect();
    depgraph::draw("Dependencies", &nodes, &edges)
}

/// A label as Mermaid shows it literally: ASCII punctuation that its parser or its HTML
/// labels would read (`"`, `#`, `;`, `<`, `>`, `&`, brackets, `*`, `_`, …) and control
/// characters become Mermaid's numeric entity codes (`#60;`); letters, digits, spaces,
/// harmless punctuation and other characters stay.
fn mermaid_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric()
                || c == ' '
                || "-.,:/'!?+=@%".contains(c)
                || (!c.is_ascii() && !c.is_control())
            {
                c.to_string()
            } else {
                format!("#{};", u32::from(c))
            }
        })
        .collect()
}
