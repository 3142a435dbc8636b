//! CSV as RFC 4180 says: a header row, fields quoted when they hold `,`, `"` or a newline.
//!
//! A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
//! tab or a CR: `=HYPERLINK("http://x","click")`) is neutralised as OWASP recommends: it
//! gets a leading `'` and is quoted, so it shows as text. A negative number in a custom
//! field shows as `'-3` for the same reason (docs/security.md).

/// One CSV record, ending in CRLF as the RFC asks.
pub fn record<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = fields
        .into_iter()
        .map(|f| {
            let formula = f.starts_with(['=', '+', '-', '@', '\t', '\r']);
            if formula {
                format!("\"'{}\"", f.replace('"', "\"\""))
            } else if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A header record, then one record a row.
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = record(header.iter().copied());
    for row in rows {
        out.push_str(&record(row.iter().map(String::as_str)));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        assert_eq!(
            super::record(["a", "b,c", "say \"hi\"", ""]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\r\n"
        );
    }

    #[test]
    fn formulas_are_text() {
        assert_eq!(
            super::record([
                "=HYPERLINK(\"http://x\",\"click\")",
                "+1",
                "-2",
                "@SUM(A1)",
                "\tx",
                "ok"
            ]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",ok\r\n"
        );
    }
}
