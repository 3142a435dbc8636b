//! The static site: a folder of HTML pages that needs no server and makes no request
//! (styles and the search script are inline, allowed by hash in a Content-Security-Policy),
//! works from `file://`, escapes every text of a story, and is readable on a phone and on
//! paper. Without JavaScript everything shows; the search box and the filters need it.

use std::fmt::Write;

use base64::Engine;
use sha2::Digest;

use backlog_core::backlog::Backlog;
use backlog_core::story::Story;
use backlog_core::view::board::BoardView;
use backlog_core::view::log::LogEntry;

/// Every page: (path relative to the site's folder, HTML).
pub fn pages(
    backlog: &Backlog,
    stories: &[&Story],
    product: &str,
    // `None`: built without the stories' history (`site build --no-history`).
    logs: Option<&std::collections::BTreeMap<String, Vec<LogEntry>>>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // The board holds the work; epics group it (they have their pages and the backlog).
    let work: Vec<&Story> = stories
        .iter()
        .copied()
        .filter(|s| s.kind != "epic")
        .collect();
    let board = BoardView::new(backlog, &work);
    out.push((
        "index.html".to_string(),
        page(product, "Board", "", &board_html(&board, &work)),
    ));
    out.push((
        "backlog.html".to_string(),
        page(product, "Backlog", "", &backlog_html(backlog, stories)),
    ));
    let not_done: Vec<&Story> = work
        .iter()
        .copied()
        .filter(|s| !backlog.config.is_done(&s.status))
        .collect();
    out.push((
        "matrix.html".to_string(),
        page(
            product,
            "Value vs. effort",
            "",
            &matrix_html(&not_done, &backlog.config.site),
        ),
    ));
    let context = StoryContext::new(backlog);
    for s in stories {
        out.push((
            format!("stories/{}.html", file_id(&s.id)),
            page(
                product,
                &format!("{} {}", s.id, s.title),
                "../",
                &story_html(
                    &context,
                    s,
                    logs.map(|l| l.get(&s.id.to_lowercase()).map_or(&[][..], Vec::as_slice)),
                ),
            ),
        ));
    }
    out
}

/// An ID as a file name: what is not a letter, digit, `-`, `_` or `.` becomes `_`.
pub fn file_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An SVG chart (from `render::svg`) inside a page: an image with its title as its name,
/// as wide as the page allows.
pub fn chart(svg: &str) -> String {
    svg.replacen("<svg ", "<svg role=\"img\" class=\"chart\" ", 1)
}

/// A drawing at its own size (the dependency graph), scrolled sideways when the page is
/// narrower: shrunk to fit, its text would be too small to read.
pub fn drawing(svg: &str) -> String {
    format!(
        "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Drawing, scrolls sideways\">{}</div>\n",
        svg.replacen("<svg ", "<svg role=\"img\" ", 1)
    )
}

/// Text as HTML text or attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Markdown as HTML; raw HTML in it is shown as text, never run.
pub fn markdown(text: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let events = Parser::new_ext(
        text,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    )
    .map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        // A link's target is the author's: only ordinary ones stay. An image becomes a
        // link to it: the site fetches nothing.
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_target(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// `target` if it is http, https, mailto or relative (no scheme); otherwise `#blocked`.
fn safe_target(target: pulldown_cmark::CowStr) -> pulldown_cmark::CowStr {
    let scheme_end = target.find(':');
    let first_other = target.find(['/', '?', '#']);
    let relative = match (scheme_end, first_other) {
        (None, _) => true,
        (Some(colon), Some(other)) => other < colon,
        (Some(_), None) => false,
    };
    let lower = target.to_ascii_lowercase();
    if relative
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
    {
        target
    } else {
        "#blocked".into()
    }
}

const STYLE: &str = "
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5361; --line: #c9d1d9; --accent: #0b5cad; --card: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; margin: 0; }
header { border-bottom: 1px solid var(--line); padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
header nav a { margin-right: 1rem; color: var(--accent); }
main { padding: 1rem; }
a { color: var(--accent); }
.board { display: flex; gap: 1rem; overflow-x: auto; align-items: flex-start; }
.column { flex: 1 1 14rem; min-width: 14rem; }
.column h2 { font-size: 1rem; border-bottom: 2px solid var(--line); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .5rem; margin: 0 0 .5rem; list-style: none; }
.card .meta { color: var(--muted); font-size: .875rem; }
ul.cards { padding: 0; margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; margin-bottom: 1rem; }
label { font-size: .875rem; color: var(--muted); display: block; }
.criteria { list-style: none; padding-left: 0; }
.hidden { display: none; }
.chart { width: 100%; max-width: 40rem; height: auto; display: block; margin: 1rem 0; }
.scroll { overflow-x: auto; margin: 1rem 0; }
td a { white-space: nowrap; }
ul.terms { margin: .25rem 0; padding-left: 1rem; font-size: .875rem; }
summary { cursor: pointer; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { .board { flex-direction: column; } .column { min-width: 0; width: 100%; } }
@media print { header form, .filters { display: none; } .board { display: block; } a { color: inherit; } }
";

const SCRIPT: &str = "
(function () {
  var q = document.getElementById('search');
  var selects = Array.prototype.slice.call(document.querySelectorAll('select[data-filter]'));
  function apply() {
    var text = q ? q.value.toLowerCase() : '';
    var items = document.querySelectorAll('[data-search]');
    for (var i = 0; i < items.length; i++) {
      var el = items[i];
      var show = el.getAttribute('data-search').indexOf(text) >= 0;
      for (var j = 0; j < selects.length; j++) {
        var want = selects[j].value;
        if (want && (el.getAttribute('data-' + selects[j].getAttribute('data-filter')) || '').split('|').indexOf(want) < 0) show = false;
      }
      el.classList.toggle('hidden', !show);
    }
  }
  if (q) q.addEventListener('input', apply);
  selects.forEach(function (s) { s.addEventListener('change', apply); });
})();
";

fn sha(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A page as `site serve` sends it: with a script that reloads it when the site is
/// rebuilt (it asks `/__version` every second), allowed by its hash and by
/// `connect-src 'self'` in the page's policy.
pub fn live(html: &str, version: u64) -> String {
    let script = format!(
        "(function () {{ var built = '{version}'; function poll() {{ fetch('/__version', {{ cache: 'no-store' }}).then(function (r) {{ return r.text(); }}).then(function (now) {{ if (now !== built) location.reload(); }}).catch(function () {{}}).then(function () {{ setTimeout(poll, 1000); }}); }} setTimeout(poll, 1000); }})();"
    );
    html.replacen(
        "default-src 'none';",
        "default-src 'none'; connect-src 'self';",
        1,
    )
    .replacen("script-src ", &format!("script-src {} ", sha(&script)), 1)
    .replacen("</body>", &format!("<script>{script}</script>\n</body>"), 1)
}

/// The frame every page shares: the policy, the navigation, the search box.
pub fn page(product: &str, title: &str, up: &str, body: &str) -> String {
    let policy = format!(
        "default-src 'none'; img-src data:; style-src {}; script-src {}; base-uri 'none'; form-action 'none'",
        sha(STYLE),
        sha(SCRIPT)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"git-backlog\">\n<title>{} · {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<strong>{}</strong>\n<nav aria-label=\"Pages\"><a href=\"{up}index.html\">Board</a><a href=\"{up}backlog.html\">Backlog</a><a href=\"{up}matrix.html\">Value vs. effort</a><a href=\"{up}sprints.html\">Sprints</a><a href=\"{up}roadmap.html\">Roadmap</a><a href=\"{up}graph.html\">Dependencies</a><a href=\"{up}health.html\">Health</a></nav>\n<form role=\"search\"><label for=\"search\">Search stories</label><input id=\"search\" type=\"search\" placeholder=\"ID, title, label…\"></form>\n</header>\n<main>\n<h1>{}</h1>\n{body}</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        esc(title),
        esc(product),
        esc(product),
        esc(title)
    )
}

/// What the search box matches a story by.
fn search_text(s: &Story) -> String {
    format!(
        "{} {} {} {}",
        s.id,
        s.title,
        s.labels.join(" "),
        s.assignee.as_deref().unwrap_or("")
    )
    .to_lowercase()
}

fn data_attrs(s: &Story) -> String {
    format!(
        " data-search=\"{}\" data-sprint=\"{}\" data-epic=\"{}\" data-label=\"{}\" data-assignee=\"{}\" data-release=\"{}\"",
        esc(&search_text(s)),
        esc(s.sprint.as_deref().unwrap_or("")),
        esc(s.epic.as_deref().unwrap_or("")),
        esc(&s.labels.join("|")),
        esc(s.assignee.as_deref().unwrap_or("")),
        esc(s.release.as_deref().unwrap_or("")),
    )
}

/// A filter: a labelled select of the values `stories` have for `field`.
fn filter(name: &str, field: &str, values: Vec<String>) -> String {
    let mut values = values;
    values.sort();
    values.dedup();
    values.retain(|v| !v.is_empty());
    let mut out = format!(
        "<div><label for=\"f-{field}\">{name}</label><select id=\"f-{field}\" data-filter=\"{field}\"><option value=\"\">All</option>"
    );
    for v in values {
        let _ = write!(out, "<option>{}</option>", esc(&v));
    }
    out.push_str("</select></div>");
    out
}

fn board_html(board: &BoardView, stories: &[&Story]) -> String {
    let by_id: std::collections::HashMap<&str, &Story> =
        stories.iter().map(|s| (s.id.as_str(), *s)).collect();
    let mut out = String::from("<div class=\"filters\">");
    fn one(v: &Option<String>) -> Vec<String> {
        v.iter().cloned().collect()
    }
    type Values = fn(&Story) -> Vec<String>;
    let fields: [(&str, &str, Values); 5] = [
        ("Sprint", "sprint", |s| one(&s.sprint)),
        ("Epic", "epic", |s| one(&s.epic)),
        ("Release", "release", |s| one(&s.release)),
        ("Label", "label", |s| s.labels.clone()),
        ("Assignee", "assignee", |s| one(&s.assignee)),
    ];
    for (label, key, values) in fields {
        let values = stories.iter().flat_map(|s| values(s)).collect();
        out.push_str(&filter(label, key, values));
    }
    out.push_str("</div>\n<div class=\"board\">\n");
    for column in &board.columns {
        let _ = write!(
            out,
            "<section class=\"column\" aria-labelledby=\"col-{id}\"><h2 id=\"col-{id}\">{} <span class=\"meta\">({} {}, {} points)</span></h2><ul class=\"cards\">",
            esc(column.status),
            column.cards.len(),
            if column.cards.len() == 1 {
                "story"
            } else {
                "stories"
            },
            column.points.rounded(),
            id = esc(&file_id(column.status)),
        );
        for card in &column.cards {
            let Some(s) = by_id.get(card.id) else {
                continue;
            };
            let mut meta = vec![esc(card.kind)];
            meta.extend(card.priority.map(esc));
            meta.extend(card.points.map(|p| format!("{p} points")));
            meta.extend(card.assignee.map(|a| format!("@{}", esc(a))));
            if card.criteria_total > 0 {
                meta.push(format!(
                    "criteria {} of {} met",
                    card.criteria_done, card.criteria_total
                ));
            }
            let _ = write!(
                out,
                "<li class=\"card\"{}><a href=\"stories/{}.html\">{}</a> {}<div class=\"meta\">{}</div></li>",
                data_attrs(s),
                esc(&file_id(card.id)),
                esc(card.id),
                esc(card.title),
                meta.join(" · ")
            );
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("</div>\n");
    out
}

/// The ordered backlog: the manual order, or `site.rank_by`'s, each score with how it is
/// made behind a disclosure (as `rank --by … --explain` prints it).
fn backlog_html(backlog: &Backlog, stories: &[&Story]) -> String {
    use backlog_core::rank::{self, Method};
    let method = backlog.config.site.rank_by;
    let (done, open): (Vec<&Story>, Vec<&Story>) = stories
        .iter()
        .copied()
        .partition(|s| backlog.config.is_done(&s.status));
    let ranked = rank::order(&open, &[method], &backlog.config);
    let scored = method != Method::Manual;
    let mut out = if scored {
        format!(
            "<p>The stories not done, ordered by {} (<code>site.rank_by</code> in config.yml), then by the manual order; open a score to see how it is made. Stories it cannot score come last, with the reason; those done follow.</p>\n",
            esc(method.name())
        )
    } else {
        "<p>The stories not done in the backlog's order (its manual ranking; <code>site.rank_by</code> in config.yml orders it by a score instead), then those done.</p>\n".to_string()
    };
    out.push_str("<table>\n<caption class=\"sr\">The ordered product backlog</caption>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">ID</th><th scope=\"col\">Title</th><th scope=\"col\">Type</th><th scope=\"col\">Status</th><th scope=\"col\">Priority</th><th scope=\"col\">Points</th><th scope=\"col\">Value</th>");
    if scored {
        let _ = write!(out, "<th scope=\"col\">Score ({})</th>", esc(method.name()));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, r) in ranked.iter().enumerate() {
        let s = r.story;
        let _ = write!(
            out,
            "<tr{}><td>{}</td><td><a href=\"stories/{}.html\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            data_attrs(s),
            i + 1,
            esc(&file_id(&s.id)),
            esc(&s.id),
            esc(&s.title),
            esc(&s.kind),
            esc(&s.status),
            esc(s.priority.as_deref().unwrap_or("")),
            s.points.map(|p| p.to_string()).unwrap_or_default(),
            s.value.map(|v| v.to_string()).unwrap_or_default(),
        );
        if let Some(score) = r.scores.first() {
            out.push_str(&format!("<td>{}</td>", explained(score)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !done.is_empty() {
        out.push_str("<h2>Done</h2>\n<ul>\n");
        for s in done {
            let _ = writeln!(
                out,
                "<li{}><a href=\"stories/{}.html\">{}</a> {}</li>",
                data_attrs(s),
                esc(&file_id(&s.id)),
                esc(&s.id),
                esc(&s.title)
            );
        }
        out.push_str("</ul>\n");
    }
    out
}

/// A score and, behind a disclosure, its terms; or why there is none.
fn explained(score: &backlog_core::rank::Score) -> String {
    let num = |v: f64| backlog_core::story::Num((v * 100.0).round() / 100.0).to_string();
    match score.score {
        None => format!(
            "unscored: {}",
            esc(score.reason.as_deref().unwrap_or("no inputs"))
        ),
        Some(value) => {
            let terms: Vec<String> = score
                .terms
                .iter()
                .map(|t| match t.contribution {
                    Some(c) => format!("<li>{} {} → {}</li>", esc(&t.field), num(t.value), num(c)),
                    None => format!("<li>divided by {} {}</li>", esc(&t.field), num(t.value)),
                })
                .collect();
            format!(
                "<details><summary>{}</summary><ul class=\"terms\">{}</ul></details>",
                num(value),
                terms.join("")
            )
        }
    }
}

/// The product owner's 2×2: value against effort (points), split at the medians, for the
/// stories not done that have both; a table says the same for those who cannot see it.
fn matrix_html(stories: &[&Story], config: &backlog_core::config::SiteConfig) -> String {
    let open: Vec<(&Story, f64, f64)> = stories
        .iter()
        .filter_map(|s| Some((*s, s.value?.0, s.points?.0)))
        .collect();
    let median = |mut v: Vec<f64>| -> f64 {
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => 0.0,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    };
    let value_line = config
        .matrix_value
        .unwrap_or_else(|| median(open.iter().map(|o| o.1).collect()));
    let effort_line = config
        .matrix_effort
        .unwrap_or_else(|| median(open.iter().map(|o| o.2).collect()));
    let split = match (config.matrix_value, config.matrix_effort) {
        (None, None) => "split at the medians",
        (Some(_), Some(_)) => "split at the lines set in config.yml",
        _ => "split at the line set in config.yml and the median",
    };
    let quadrant = |value: f64, effort: f64| match (value >= value_line, effort <= effort_line) {
        (true, true) => "Quick wins",
        (true, false) => "Big bets",
        (false, true) => "Fill-ins",
        (false, false) => "Money pit",
    };
    let (w, h, pad) = (640.0, 480.0, 48.0);
    // The axes reach the farthest story or line (a line set in config.yml may be beyond
    // every story).
    let max_v = open.iter().map(|o| o.1).fold(value_line.max(1.0), f64::max);
    let max_e = open
        .iter()
        .map(|o| o.2)
        .fold(effort_line.max(1.0), f64::max);
    let x = |e: f64| pad + e / max_e * (w - 2.0 * pad);
    let y = |v: f64| h - pad - v / max_v * (h - 2.0 * pad);
    let mut svg = format!(
        "<svg role=\"img\" aria-labelledby=\"matrix-title\" viewBox=\"0 0 {w} {h}\" class=\"chart\" font-family=\"sans-serif\" font-size=\"12\"><title id=\"matrix-title\">Value against effort, {split} (value {value_line}, effort {effort_line} points)</title>"
    );
    let _ = write!(
        svg,
        "<rect x=\"{pad}\" y=\"{pad}\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#4a5361\"/><line x1=\"{}\" y1=\"{pad}\" x2=\"{}\" y2=\"{}\" stroke=\"#4a5361\" stroke-dasharray=\"4 4\"/><line x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#4a5361\" stroke-dasharray=\"4 4\"/>",
        w - 2.0 * pad,
        h - 2.0 * pad,
        x(effort_line),
        x(effort_line),
        h - pad,
        y(value_line),
        w - pad,
        y(value_line)
    );
    for (label, lx, ly) in [
        ("Quick wins", pad + 6.0, pad + 16.0),
        ("Big bets", w - pad - 70.0, pad + 16.0),
        ("Fill-ins", pad + 6.0, h - pad - 8.0),
        ("Money pit", w - pad - 76.0, h - pad - 8.0),
    ] {
        let _ = write!(
            svg,
            "<text x=\"{lx}\" y=\"{ly}\" font-weight=\"bold\" fill=\"#1b1f24\">{label}</text>"
        );
    }
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" fill=\"#1b1f24\">Effort (points) →</text><text x=\"12\" y=\"{}\" fill=\"#1b1f24\" transform=\"rotate(-90 12 {})\">Value →</text>",
        w / 2.0 - 40.0,
        h - 12.0,
        h / 2.0 + 20.0,
        h / 2.0 + 20.0
    );
    // Stories with the same value and effort share a point; their IDs stack beside it.
    let mut points: Vec<((f64, f64), Vec<&Story>)> = Vec::new();
    for (s, v, e) in &open {
        match points.iter_mut().find(|(at, _)| *at == (*v, *e)) {
            Some((_, group)) => group.push(s),
            None => points.push(((*v, *e), vec![s])),
        }
    }
    for ((v, e), group) in &points {
        let names: Vec<String> = group
            .iter()
            .map(|s| format!("{} {}", s.id, s.title))
            .collect();
        let _ = write!(
            svg,
            "<g><title>{}: value {v}, {e} points</title><circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#0b5cad\"/>",
            esc(&names.join("; ")),
            x(*e),
            y(*v),
        );
        let top = y(*v) + 4.0 - 7.0 * (group.len() - 1) as f64;
        for (i, s) in group.iter().enumerate() {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" fill=\"#1b1f24\">{}</text>",
                x(*e) + 7.0,
                top + 14.0 * i as f64,
                esc(&s.id)
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    let mut out = format!(
        "<p>Stories not done with a value and an estimate, {split}: value {value_line}, effort {effort_line} points.</p>\n{svg}\n<table>\n<caption class=\"sr\">The stories by quadrant</caption>\n<thead><tr><th scope=\"col\">Quadrant</th><th scope=\"col\">Story</th><th scope=\"col\">Value</th><th scope=\"col\">Points</th></tr></thead>\n<tbody>\n"
    );
    let mut rows: Vec<&(&Story, f64, f64)> = open.iter().collect();
    let order = ["Quick wins", "Big bets", "Fill-ins", "Money pit"];
    rows.sort_by_key(|(_, v, e)| order.iter().position(|q| *q == quadrant(*v, *e)));
    for (s, v, e) in rows {
        let _ = writeln!(
            out,
            "<tr{}><td>{}</td><td><a href=\"stories/{}.html\">{}</a> {}</td><td>{v}</td><td>{e}</td></tr>",
            data_attrs(s),
            quadrant(*v, *e),
            esc(&file_id(&s.id)),
            esc(&s.id),
            esc(&s.title)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// What every story page needs from the whole backlog, worked out once: the fields in
/// order, and which stories depend on each.
struct StoryContext<'a> {
    fields: Vec<backlog_core::schema::FieldRef>,
    dependents: std::collections::HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> StoryContext<'a> {
    fn new(backlog: &'a Backlog) -> Self {
        let mut dependents: std::collections::HashMap<&str, Vec<&str>> = Default::default();
        for o in &backlog.stories {
            for d in &o.depends_on {
                dependents
                    .entry(d.as_str())
                    .or_default()
                    .push(o.id.as_str());
            }
        }
        StoryContext {
            fields: backlog_core::schema::all(&backlog.config),
            dependents,
        }
    }
}

fn story_html(context: &StoryContext, s: &Story, log: Option<&[LogEntry]>) -> String {
    let link = |id: &str| format!("<a href=\"{}.html\">{}</a>", esc(&file_id(id)), esc(id));
    let mut rows: Vec<(String, String)> = Vec::new();
    for f in &context.fields {
        if matches!(f.key.as_str(), "id" | "title" | "criteria" | "path") {
            continue;
        }
        let value = match f.key.as_str() {
            "epic" => s.epic.as_deref().map(link),
            "depends_on" if !s.depends_on.is_empty() => Some(
                s.depends_on
                    .iter()
                    .map(|d| link(d))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            key => s.field_text(key).map(|v| esc(&v)),
        };
        if let Some(value) = value {
            rows.push((esc(&f.label), value));
        }
    }
    let dependents: Vec<String> = context
        .dependents
        .get(s.id.as_str())
        .into_iter()
        .flatten()
        .map(|o| link(o))
        .collect();
    if !dependents.is_empty() {
        rows.push(("Needed by".into(), dependents.join(", ")));
    }
    let mut out = String::from("<h2>Fields</h2>\n<table>\n<tbody>\n");
    for (label, value) in rows {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{label}</th><td>{value}</td></tr>"
        );
    }
    out.push_str("</tbody>\n</table>\n<h2>Description</h2>\n");
    out.push_str(&markdown(&s.description));
    let _ = writeln!(
        out,
        "<h2>Acceptance criteria ({} of {} met)</h2>",
        s.criteria_done(),
        s.criteria.len()
    );
    out.push_str("<ul class=\"criteria\">\n");
    for c in &s.criteria {
        let _ = writeln!(
            out,
            "<li><span aria-hidden=\"true\">{}</span> <span class=\"sr\">{}</span> {}</li>",
            if c.done { "☑" } else { "☐" },
            if c.done { "met:" } else { "open:" },
            esc(&c.text)
        );
    }
    out.push_str("</ul>\n");
    match log {
        None => {}
        Some([]) => {
            out.push_str("<h2>History</h2>\n<p>No commit has changed this story yet.</p>\n")
        }
        Some(log) => {
            out.push_str("<h2>History</h2>\n");
            out.push_str("<ol class=\"history\">\n");
            for entry in log {
                let changes: Vec<String> = entry.changes.iter().map(|c| esc(c.text())).collect();
                let _ = writeln!(
                    out,
                    "<li><time>{}</time> · {} · <code>{}</code><br>{}</li>",
                    esc(&entry.date),
                    esc(&entry.author),
                    esc(&entry.short),
                    changes.join("<br>")
                );
            }
            out.push_str("</ol>\n");
        }
    }
    out
}
