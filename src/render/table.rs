//! Terminal tables (comfy-table): fit the width when one is known, colour and a header
//! rule only on a terminal, plain columns into a pipe.

use comfy_table::{
    Attribute, Cell, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle, Width,
};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use comfy_table::Color;

use crate::render::escape;

/// A cell's text and, on a terminal, its colour.
pub struct Styled {
    pub text: String,
    pub color: Option<Color>,
}

impl Styled {
    pub fn plain(text: impl Into<String>) -> Self {
        Styled {
            text: text.into(),
            color: None,
        }
    }
}

const TERMINAL: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('─'));

/// Columns that wrap when the table is too wide; the others keep their width, since an
/// ID or a status broken over two lines helps nobody.
const WRAPPING: &[&str] = &["Title", "Labels", "Depends on", "File"];

/// The blanks after each column (and none before).
const PADDING: usize = 2;

/// The narrowest a title (or another wrapping column) is squeezed to: below this the
/// table runs past the width rather than print a word a line.
const NARROWEST: usize = 6;

/// `fancy` is true on a terminal: colours and a header rule. Titles and the other long
/// columns are cut short with … to fit `width`.
pub fn render(headers: &[&str], rows: Vec<Vec<Styled>>, width: Option<u16>, fancy: bool) -> String {
    build(headers, rows, width, fancy, false)
}

/// As `render`, but long columns wrap over several lines instead of being cut (`--wrap`).
pub fn render_wrapped(
    headers: &[&str],
    rows: Vec<Vec<Styled>>,
    width: Option<u16>,
    fancy: bool,
) -> String {
    build(headers, rows, width, fancy, true)
}

fn build(
    headers: &[&str],
    mut rows: Vec<Vec<Styled>>,
    width: Option<u16>,
    fancy: bool,
    wrap: bool,
) -> String {
    // Cells hold text from story files: shown on one line, controls visible.
    for row in &mut rows {
        for cell in row.iter_mut() {
            cell.text = escape::line(&cell.text).into_owned();
        }
    }
    let budgets = width.map(|w| budgets(headers, &rows, usize::from(w)));
    if let (Some(budgets), false) = (&budgets, wrap) {
        for row in &mut rows {
            for (cell, budget) in row.iter_mut().zip(budgets) {
                if let Some(budget) = budget {
                    cell.text = cut(&cell.text, *budget);
                }
            }
        }
    }
    // comfy-table lays out what a terminal shows: colours, a header rule, wrapping.
    match fancy || (wrap && width.is_some()) {
        true => laid_out(headers, rows, width, budgets, fancy, wrap),
        false => plain(headers, &rows),
    }
}

fn laid_out(
    headers: &[&str],
    rows: Vec<Vec<Styled>>,
    width: Option<u16>,
    budgets: Option<Vec<Option<usize>>>,
    fancy: bool,
    wrap: bool,
) -> String {
    let mut table = Table::new();
    table.load_style(if fancy {
        TERMINAL
    } else {
        comfy_table::presets::NOTHING
    });
    table.set_header(headers.iter().map(|h| {
        let cell = Cell::new(escape::line(h));
        if fancy {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    if let (Some(w), true) = (width, wrap) {
        table
            .set_width(w)
            .set_content_arrangement(ContentArrangement::Dynamic);
    }
    if fancy {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    for row in rows {
        table.add_row(row.into_iter().map(|c| {
            let cell = Cell::new(c.text);
            match (fancy, c.color) {
                (true, Some(color)) => cell.fg(color),
                _ => cell,
            }
        }));
    }
    for (i, (column, header)) in table.column_iter_mut().zip(headers).enumerate() {
        column.set_padding((0, PADDING as u16));
        match budgets.as_ref().and_then(|b| b.get(i).copied().flatten()) {
            Some(budget) if wrap => {
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    u16::try_from(budget + 2).unwrap_or(u16::MAX),
                )));
            }
            _ if !WRAPPING.contains(header) => {
                column.set_constraint(ColumnConstraint::ContentWidth);
            }
            _ => {}
        }
    }
    // Every line is padded to the widest; trailing blanks only get in the way.
    table
        .to_string()
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect()
}

/// Plain columns, for a pipe: each as wide as its widest cell, two spaces apart, without
/// trailing blanks. It is what comfy-table lays out with no style and no width to fit,
/// made without a styled cell per value (a table of 10,000 stories held 16 MB more).
fn plain(headers: &[&str], rows: &[Vec<Styled>]) -> String {
    let headers: Vec<_> = headers.iter().map(|h| escape::line(h)).collect();
    let columns = rows.iter().map(Vec::len).chain([headers.len()]).max();
    let mut widths = vec![0; columns.unwrap_or(0)];
    let header_cells = headers.iter().map(|h| h.as_ref());
    for cells in rows.iter().map(|r| r.iter().map(|c| c.text.as_str())) {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.width());
        }
    }
    for (width, cell) in widths.iter_mut().zip(header_cells.clone()) {
        *width = (*width).max(cell.width());
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let start = out.len();
        for (i, width) in widths.iter().enumerate() {
            let cell = cells.next().unwrap_or("");
            out.push_str(cell);
            if i + 1 < widths.len() {
                let fill = width.saturating_sub(cell.width()) + PADDING;
                out.extend(std::iter::repeat_n(' ', fill));
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    };
    line(&mut header_cells.clone());
    for row in rows {
        line(&mut row.iter().map(|c| c.text.as_str()));
    }
    out
}

/// The width each long column may take so that the table fits `width`, `None` for the
/// columns that keep their content's width. The short columns are served first; the
/// long ones share what is left, the narrower ones keeping their full width.
fn budgets(headers: &[&str], rows: &[Vec<Styled>], width: usize) -> Vec<Option<usize>> {
    let natural: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.text.width())
                .chain([headers[i].width()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let long: Vec<usize> = (0..headers.len())
        .filter(|&i| WRAPPING.contains(&headers[i]))
        .collect();
    let fixed: usize = (0..headers.len())
        .filter(|i| !long.contains(i))
        .map(|i| natural[i] + PADDING)
        .sum();
    let mut left = width.saturating_sub(fixed + PADDING * long.len());
    let mut budgets = vec![None; headers.len()];
    // Water-filling: the title is what a reader scans, so it weighs three times the
    // others; in order of width per weight, each long column takes its share or less.
    let weight = |i: usize| if headers[i] == "Title" { 3 } else { 1 };
    let mut order = long.clone();
    order.sort_by_key(|&i| natural[i] / weight(i));
    let mut weights: usize = order.iter().map(|&i| weight(i)).sum();
    for &i in &order {
        let share = left * weight(i) / weights.max(1);
        let take = natural[i].min(share.max(NARROWEST.min(natural[i])));
        budgets[i] = Some(take);
        left = left.saturating_sub(take);
        weights -= weight(i);
    }
    budgets
}

/// `text` in at most `width` columns, ending in … when it was longer.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<Styled>> {
        cells
            .iter()
            .map(|r| r.iter().map(|c| Styled::plain(*c)).collect())
            .collect()
    }

    #[test]
    fn plain_columns_are_what_comfy_table_lays_out_without_a_style() {
        let headers = ["ID", "Title", "Labels", "AC"];
        let cells: &[&[&str]] = &[
            &["PAY-1", "Card payments", "api, web", "1/2"],
            &["PAY-12", "払い戻し 🧾 in full", "", "0/3"],
            &["PAY-100", "", "a", ""],
            &["PAY-7", "Trailing   ", "wide ＡＢ", "3/3"],
            &["PAY-8", "Short row"],
        ];
        let plain = plain(&headers, &rows(cells));
        assert_eq!(
            plain,
            laid_out(&headers, rows(cells), None, None, false, false)
        );
        assert_eq!(
            plain.lines().take(3).collect::<Vec<_>>(),
            [
                "ID       Title                Labels     AC",
                "PAY-1    Card payments        api, web   1/2",
                "PAY-12   払い戻し 🧾 in full             0/3",
            ]
        );
    }
}
