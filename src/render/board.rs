//! A board in the terminal: one column per status, cards stacked in each, side by side in
//! the width there is (wrapped to it), one column under another when it is too narrow.

use backlog_core::view::board::{BoardView, CardView};

use crate::render::escape;

/// Narrower than this, columns are stacked rather than squeezed side by side.
const MIN_COLUMN: usize = 18;

pub fn render(board: &BoardView, width: Option<u16>) -> String {
    let width = width.map_or(120, usize::from);
    let columns: Vec<(String, Vec<String>)> = board
        .columns
        .iter()
        .map(|c| {
            let cards = c.cards.len();
            let head = format!(
                "{} ({} {}{})",
                escape::line(c.status),
                cards,
                if cards == 1 { "story" } else { "stories" },
                match c.points.rounded() {
                    p if p > 0.0 => format!(", {p} pts"),
                    _ => String::new(),
                }
            );
            (head, c.cards.iter().map(card).collect())
        })
        .collect();
    let n = columns.len().max(1);
    let gap = 2;
    let inner = (width.saturating_sub(gap * (n - 1))) / n;
    if inner < MIN_COLUMN {
        // Too narrow for side by side: each column in turn, at full width.
        let mut out = String::new();
        for (head, cards) in &columns {
            out.push_str(&format!("{head}\n{}\n", "─".repeat(head.chars().count())));
            for c in cards {
                for line in wrap(c, width) {
                    out.push_str(&format!("{line}\n"));
                }
                out.push('\n');
            }
        }
        return out;
    }
    // Each column as lines: its head, a rule, then each card wrapped, a blank between.
    let blocks: Vec<Vec<String>> = columns
        .iter()
        .map(|(head, cards)| {
            let mut lines = wrap(head, inner);
            lines.push("─".repeat(inner));
            for (i, c) in cards.iter().enumerate() {
                if i > 0 {
                    lines.push(String::new());
                }
                lines.extend(wrap(c, inner));
            }
            lines
        })
        .collect();
    let height = blocks.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = String::new();
    for row in 0..height {
        let cells: Vec<String> = blocks
            .iter()
            .map(|b| {
                let text = b.get(row).map(String::as_str).unwrap_or("");
                format!(
                    "{text}{}",
                    " ".repeat(inner.saturating_sub(text.chars().count()))
                )
            })
            .collect();
        out.push_str(cells.join(&" ".repeat(gap)).trim_end());
        out.push('\n');
    }
    out
}

/// A card's lines: the ID with its type, priority and points; the title; who and how far.
fn card(c: &CardView) -> String {
    let mut first = vec![c.id.to_string()];
    if c.kind != "story" {
        first.push(c.kind.to_string());
    }
    first.extend(c.priority.map(str::to_string));
    first.extend(c.points.map(|p| format!("{p} pts")));
    let mut last = Vec::new();
    last.extend(c.assignee.map(|a| format!("@{a}")));
    if c.criteria_total > 0 {
        last.push(format!("{}/{} criteria", c.criteria_done, c.criteria_total));
    }
    let mut text = format!("{}\n{}", first.join(" · "), escape::line(c.title));
    if !last.is_empty() {
        text.push('\n');
        text.push_str(&last.join(" · "));
    }
    text
}

/// `text` in lines of at most `width` characters, broken at spaces where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word = word.to_string();
            while word.chars().count() > width {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                out.push(head);
            }
            let needed =
                line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > width && !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_and_long_words_break() {
        assert_eq!(
            wrap("Refund a card payment", 10),
            ["Refund a", "card", "payment"]
        );
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
    }
}
