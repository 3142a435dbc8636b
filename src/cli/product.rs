//! `product`: the product's vision, goal, personas and stakeholders.

use crate::cli::output::{Output, TextOrJson};
use crate::cli::{Ctx, Paint, Result};
use crate::render::escape;
use backlog_core::view::release::ProductView;

/// Show the product: its vision, the current product goal, personas and stakeholders
///
/// They live in backlog/product.md (front matter and Markdown), which `init` creates. Epics
/// and releases can name the goal they serve in their `goal` field.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub output: Output<TextOrJson>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let (_, backlog) = ctx.load()?;
    if args.output.format() == TextOrJson::Json {
        ctx.json(ProductView {
            product: backlog.product.as_ref(),
        })?;
        return ctx.report_problems(backlog);
    }
    let Some(p) = &backlog.product else {
        ctx.status(
            "No backlog/product.md yet: write the vision and the product goal there (see docs/file-format.md)",
        )?;
        return ctx.report_problems(backlog);
    };
    let none = "(not written yet)".to_string();
    let mut out = String::new();
    let name = p.name.clone().unwrap_or_else(|| "The product".into());
    out.push_str(&format!("{}\n\n", ctx.paint(&name, Paint::Bold)));
    out.push_str(&format!(
        "{}  {}\n",
        ctx.paint("Vision      ", Paint::Dim),
        escape::line(p.vision.as_ref().unwrap_or(&none))
    ));
    out.push_str(&format!(
        "{}  {}\n",
        ctx.paint("Product goal", Paint::Dim),
        escape::line(p.goal.as_ref().unwrap_or(&none))
    ));
    if !p.personas.is_empty() {
        out.push_str(&format!("\n{}\n", ctx.paint("Personas", Paint::Bold)));
        for persona in &p.personas {
            let about = persona
                .description
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}\n",
                escape::line(&format!("{}{about}", persona.name))
            ));
        }
    }
    if !p.stakeholders.is_empty() {
        out.push_str(&format!("\n{}\n", ctx.paint("Stakeholders", Paint::Bold)));
        for s in &p.stakeholders {
            let interest = s
                .interest
                .as_deref()
                .map(|i| format!(" ({i})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}\n",
                escape::line(&format!("{}{interest}", s.name))
            ));
            for ask in &s.asks {
                out.push_str(&format!("    asks: {}\n", escape::line(ask)));
            }
        }
    }
    if !p.description.is_empty() {
        out.push_str(&format!("\n{}\n", escape::text(&p.description)));
    }
    // Epics that serve the goal, so the product owner sees what is aimed at it.
    if let Some(goal) = &p.goal {
        let serving: Vec<String> = backlog
            .stories
            .iter()
            .filter(|s| s.goal.as_deref() == Some(goal.as_str()))
            .map(|s| format!("{} {}", s.id, s.title))
            .collect();
        if !serving.is_empty() {
            out.push_str(&format!(
                "\n{}\n",
                ctx.paint("Serving the goal", Paint::Bold)
            ));
            for s in serving {
                out.push_str(&format!("  {}\n", escape::line(&s)));
            }
        }
    }
    write!(ctx.out, "{out}")?;
    ctx.report_problems(backlog)
}
