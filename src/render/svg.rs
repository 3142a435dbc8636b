//! A line chart as SVG: burndown and burnup charts a person can open in a browser.

use std::fmt::Write as _;

/// A line to draw: its name (for the legend), colour, whether dashed, and its points.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
    pub dashed: bool,
    pub values: Vec<f64>,
}

pub(crate) fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A chart of `series` over the `labels` of the x axis.
/// The start of a chart: the `<svg>` element, its title (for screen readers and as a
/// heading) and a white background.
pub(crate) fn open(w: f64, h: f64, left: f64, title: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<title>{}</title>"#, esc(title));
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="{left}" y="24" font-size="16" font-weight="bold">{}</text>"#,
        esc(title)
    );
    s
}

pub fn line_chart(title: &str, y_label: &str, labels: &[String], series: &[Series]) -> String {
    let (w, h) = (720.0, 400.0);
    let (left, right, top, bottom) = (60.0, 160.0, 40.0, 70.0);
    let plot_w = w - left - right;
    let plot_h = h - top - bottom;
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0_f64, f64::max);
    let max = if max <= 0.0 { 1.0 } else { nice(max) };
    let n = labels.len().max(2) - 1;
    let x = |i: usize| left + plot_w * i as f64 / n as f64;
    let y = |v: f64| top + plot_h * (1.0 - v / max);
    let mut s = open(w, h, left, title);
    // Grid and y axis: five steps.
    for i in 0..=5 {
        let v = max * f64::from(i) / 5.0;
        let yy = y(v);
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#e5e5e5"/>"##,
            left + plot_w
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 8.0,
            yy + 4.0,
            backlog_core::story::Num((v * 10.0).round() / 10.0)
        );
    }
    let _ = writeln!(
        s,
        r##"<line x1="{left}" y1="{top}" x2="{left}" y2="{:.1}" stroke="#333"/>"##,
        top + plot_h
    );
    let _ = writeln!(
        s,
        r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#333"/>"##,
        top + plot_h,
        left + plot_w,
        top + plot_h
    );
    let _ = writeln!(
        s,
        r#"<text x="16" y="{:.1}" transform="rotate(-90 16 {:.1})" text-anchor="middle">{}</text>"#,
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(y_label)
    );
    // X labels: every day, or fewer when there are many.
    let every = labels.len().div_ceil(12).max(1);
    for (i, label) in labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == labels.len())
    {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" transform="rotate(-45 {:.1} {:.1})">{}</text>"#,
            x(i),
            top + plot_h + 16.0,
            x(i),
            top + plot_h + 16.0,
            esc(label)
        );
    }
    for (k, series) in series.iter().enumerate() {
        let points: Vec<String> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let dash = if series.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            s,
            r#"<polyline fill="none" stroke="{}" stroke-width="2"{dash} points="{}"/>"#,
            series.color,
            points.join(" ")
        );
        if !series.dashed {
            for (i, v) in series.values.iter().enumerate() {
                let _ = writeln!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{}"/>"#,
                    x(i),
                    y(*v),
                    series.color
                );
            }
        }
        let ly = top + 10.0 + 20.0 * k as f64;
        let lx = left + plot_w + 16.0;
        let _ = writeln!(
            s,
            r#"<line x1="{lx}" y1="{ly}" x2="{}" y2="{ly}" stroke="{}" stroke-width="2"{dash}/>"#,
            lx + 24.0,
            series.color
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}">{}</text>"#,
            lx + 30.0,
            ly + 4.0,
            esc(series.name)
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A round number at or above `v` for the top of the axis.
fn nice(v: f64) -> f64 {
    let magnitude = 10f64.powf(v.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= v {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

/// One row of a timeline: a release, its target, and its forecast range (50 % to 85 %).
pub struct Span<'a> {
    pub name: &'a str,
    /// Day numbers (days since 1970-01-01).
    pub target: Option<i64>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Colour of the range: on track, at risk, late.
    pub color: &'a str,
}

/// A timeline of releases: for each, a bar from its 50 % to its 85 % forecast date and a
/// marker at its target, on a shared axis of dates from `today`.
pub fn timeline(title: &str, today: i64, rows: &[Span]) -> String {
    let (left, right, top, row_h) = (120.0, 40.0, 60.0, 34.0);
    let w = 760.0;
    let h = top + row_h * rows.len().max(1) as f64 + 50.0;
    let days: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.target, r.from, r.to])
        .flatten()
        .chain([today])
        .collect();
    let (first, last) = (
        days.iter().copied().min().unwrap_or(today),
        days.iter().copied().max().unwrap_or(today).max(today + 1),
    );
    let span = (last - first).max(1) as f64;
    let x = |d: i64| left + (w - left - right) * (d - first) as f64 / span;
    let date = backlog_core::metrics::fmt_day;
    let mut s = open(w, h, left, title);
    // The date axis: today, then the first and last days where they do not
    // crowd a label already drawn (today is often the first day).
    let axis_y = top - 12.0;
    let mut drawn: Vec<f64> = Vec::new();
    for (d, label) in [
        (today, format!("today {}", date(today))),
        (first, date(first)),
        (last, date(last)),
    ] {
        if drawn.iter().any(|&at| (at - x(d)).abs() < 110.0) {
            continue;
        }
        drawn.push(x(d));
        let _ = writeln!(
            s,
            r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#e5e5e5"/>"##,
            x(d),
            axis_y,
            h - 40.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            x(d),
            axis_y - 4.0,
            esc(&label)
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 10.0,
            y + row_h / 2.0 + 4.0,
            esc(r.name)
        );
        if let (Some(a), Some(b)) = (r.from, r.to) {
            let _ = writeln!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" opacity="0.7"><title>{}: 50 % by {}, 85 % by {}</title></rect>"#,
                x(a),
                y + 8.0,
                (x(b) - x(a)).max(3.0),
                row_h - 16.0,
                esc(r.color),
                esc(r.name),
                date(a),
                date(b)
            );
        }
        if let Some(t) = r.target {
            let _ = writeln!(
                s,
                r##"<path d="M{0:.1} {1:.1} l6 -8 h-12 z" fill="#111111"><title>{2}: target {3}</title></path>"##,
                x(t),
                y + row_h - 6.0,
                esc(r.name),
                date(t)
            );
        }
    }
    let _ = writeln!(
        s,
        r##"<text x="{left}" y="{:.1}" fill="#555555">Bars: forecast from 50 % to 85 %. Triangles: targets.</text>"##,
        h - 16.0
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn nice_tops() {
        assert_eq!(super::nice(21.0), 25.0);
        assert_eq!(super::nice(8.0), 10.0);
        assert_eq!(super::nice(100.0), 100.0);
    }
}
