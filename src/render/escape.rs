//! Text from story files shown to a person: control characters (and the Unicode controls
//! that reorder text) are shown visibly, as `\u{1b}`, so a crafted story cannot move the
//! cursor, clear the screen, set the terminal's title or forge a line in a terminal or a CI
//! log. Every human renderer passes data through here; docs/security.md lists them.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal as it is.
fn is_hostile(c: char) -> bool {
    c.is_control()
        // Bidirectional overrides and isolates ("Trojan Source"), and the line and
        // paragraph separators that some terminals break lines at.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hostile(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_hostile(c) || keep(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// A value shown on one line (a table cell, a field, a title): every control character,
/// line breaks included, is shown visibly, so it cannot start a fake row.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// Text shown as lines (a description, a message): line breaks and tabs stay, every other
/// control character is shown visibly. A CR of a CRLF line end is dropped.
pub fn text(text: &str) -> Cow<'_, str> {
    let text: Cow<str> = if text.contains("\r\n") {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    };
    match escape(&text, |c| c == '\n' || c == '\t') {
        Cow::Borrowed(_) => text,
        Cow::Owned(s) => Cow::Owned(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(line("plain text, ünïcode"), "plain text, ünïcode");
        assert_eq!(line("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(line("first\nPAY-99 Fake row"), "first\\nPAY-99 Fake row");
        assert_eq!(line("x\u{1b}]0;PWNED\u{7}y"), "x\\u{1b}]0;PWNED\\u{7}y");
        assert_eq!(line("abc\u{202e}cba"), "abc\\u{202e}cba");
        assert_eq!(
            text("one\r\ntwo\n\tthree\u{1b}[2J"),
            "one\ntwo\n\tthree\\u{1b}[2J"
        );
        assert!(matches!(line("nothing to do"), Cow::Borrowed(_)));
    }
}
