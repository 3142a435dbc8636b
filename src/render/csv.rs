//! CSV as RFC 4180 says: a header row, fields quoted when they hold `,`, `"` or a newline.

/// One CSV record, ending in CRLF as the RFC asks.
pub fn record<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut line = fields
        .into_iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
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

#[cfg(test)]
mod tests {
    #[test]
    fn quoting() {
        assert_eq!(
            super::record(["a", "b,c", "say \"hi\"", ""]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\r\n"
        );
    }
}
