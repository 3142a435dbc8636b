//! Words for a shell command line that a user can paste: hints such as `git mv A B`.

/// `word` as one POSIX shell word: as it is when it holds nothing the shell would read,
/// else in single quotes (a `'` inside written as `'\''`).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(
            quote("backlog/stories/PAY-1-a.md"),
            "backlog/stories/PAY-1-a.md"
        );
        assert_eq!(
            quote("backlog/stories/task 7 - Child one.md"),
            "'backlog/stories/task 7 - Child one.md'"
        );
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
    }
}
