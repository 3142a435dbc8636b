//! GitHub-flavoured Markdown tables, for pasting into issues and pull requests.

/// Escape text for a table cell: pipes and line breaks would break the row, and other
/// control characters are shown visibly (see `escape`).
pub fn cell(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    crate::render::escape::line(&text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
}

pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_pipes() {
        let t = super::table(&["ID", "Title"], &[vec!["A-1".into(), "a | b".into()]]);
        assert_eq!(t, "| ID | Title |\n| --- | --- |\n| A-1 | a \\| b |\n");
    }
}
