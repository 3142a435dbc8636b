//! Terminal tables (comfy-table): fit the width when one is known, colour and a header
//! rule only on a terminal, plain columns into a pipe.

use comfy_table::{
    Attribute, Cell, ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle,
};

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

/// `fancy` is true on a terminal: colours and a header rule.
pub fn render(headers: &[&str], rows: Vec<Vec<Styled>>, width: Option<u16>, fancy: bool) -> String {
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
    if let Some(w) = width {
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
        // Cells hold text from story files: shown on one line, controls visible.
        table.add_row(row.into_iter().map(|c| {
            let cell = Cell::new(escape::line(&c.text));
            match (fancy, c.color) {
                (true, Some(color)) => cell.fg(color),
                _ => cell,
            }
        }));
    }
    for (column, header) in table.column_iter_mut().zip(headers) {
        column.set_padding((0, 2));
        if !WRAPPING.contains(header) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    // Every line is padded to the widest; trailing blanks only get in the way.
    table
        .to_string()
        .lines()
        .map(|l| format!("{}\n", l.trim_end()))
        .collect()
}
