//! File names from titles: `PAY-12-refund-a-card-payment.md`.

/// The longest slug, in bytes; the ID in front keeps names unique, so the slug only
/// needs to be readable.
pub const MAX_SLUG_BYTES: usize = 60;

/// A slug safe on every file system: lower-case letters and digits (any script, so
/// non-ASCII titles stay readable) joined by `-`. Path separators, dots, control and
/// reserved characters all become `-`, so no slug can climb out of its folder.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if out.len() + c.len_utf8() > MAX_SLUG_BYTES {
                break;
            }
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "story".to_string()
    } else {
        trimmed.to_string()
    }
}

/// `PAY-12-refund-a-card-payment.md`
pub fn file_name(id: &str, title: &str) -> String {
    format!("{id}-{}.md", slug(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_slugs() {
        assert_eq!(slug("Refund a card payment"), "refund-a-card-payment");
        assert_eq!(slug("  API: v2 / OAuth (beta)!  "), "api-v2-oauth-beta");
        assert_eq!(
            slug("Zahlung über Karte erstatten"),
            "zahlung-über-karte-erstatten"
        );
        assert_eq!(slug("払い戻し"), "払い戻し");
        assert_eq!(slug("ÉTÉ"), "été");
    }

    #[test]
    fn unsafe_titles_are_safe() {
        for title in [
            "../../etc/passwd",
            "..",
            "/",
            "a\\b",
            "con",
            "\u{0}\u{1b}[31m",
            "",
            "...",
            "a\tb\nc",
            "\u{202e}evil",
        ] {
            let s = slug(title);
            assert!(!s.is_empty());
            assert!(
                !s.contains(['/', '\\', '.', ':', '*', '?', '"', '<', '>', '|']),
                "{title:?} -> {s:?}"
            );
            assert!(!s.chars().any(char::is_control), "{title:?} -> {s:?}");
            assert!(!s.starts_with('-') && !s.ends_with('-'));
        }
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_name("PAY-1", ".."), "PAY-1-story.md");
    }

    #[test]
    fn bounded_length() {
        let s = slug(&"ü".repeat(500));
        assert!(s.len() <= MAX_SLUG_BYTES);
        let s = slug(&"word ".repeat(100));
        assert!(s.len() <= MAX_SLUG_BYTES && !s.ends_with('-'));
    }
}
