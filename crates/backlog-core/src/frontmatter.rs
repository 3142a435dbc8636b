//! Split a Markdown file into its front matter block and its body, with exact offsets.
//!
//! Our own splitter rather than gray_matter: we need byte offsets into the file as it is
//! stored (CRLF, BOM and all), so that every later position is a file position, and an
//! unclosed block must be an error, not silently part of the body.

/// Where the parts of a story file are, as byte ranges into the file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Bytes of a UTF-8 byte-order mark at the start (0 or 3).
    pub bom: usize,
    /// The YAML between the delimiter lines.
    pub yaml: std::ops::Range<usize>,
    /// The 1-based file line of the first YAML line.
    pub yaml_line: usize,
    /// The body after the closing delimiter line.
    pub body: std::ops::Range<usize>,
    /// The 1-based file line of the first body line.
    pub body_line: usize,
    /// Whether the file's lines end in `\r\n`.
    pub crlf: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line: it has no front matter.
    NoFrontMatter,
    /// The opening `---` is never closed by a `---` or `...` line.
    Unclosed { line: usize },
}

/// A delimiter line is exactly `---` (or `...` to close), allowing trailing spaces.
fn is_delimiter(line: &str, closing: bool) -> bool {
    let line = line
        .trim_end_matches(['\r', '\n'])
        .trim_end_matches([' ', '\t']);
    line == "---" || (closing && line == "...")
}

pub fn split(text: &str) -> Result<Split, SplitError> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter {
        text,
        pos: bom,
        number: 0,
    };
    let Some((first, _)) = lines.next() else {
        return Err(SplitError::NoFrontMatter);
    };
    if !is_delimiter(first, false) {
        return Err(SplitError::NoFrontMatter);
    }
    let crlf = first.ends_with("\r\n");
    let yaml_start = lines.pos;
    for (line, start) in lines.by_ref() {
        if is_delimiter(line, true) {
            return Ok(Split {
                bom,
                yaml: yaml_start..start,
                yaml_line: 2,
                body: lines.pos..text.len(),
                body_line: lines.number + 1,
                crlf,
            });
        }
    }
    Err(SplitError::Unclosed { line: 1 })
}

/// Lines with their terminators, and the byte offset each starts at.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i + 1);
        self.pos = end;
        self.number += 1;
        Some((&self.text[start..end], start))
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(text.len());
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The first line that starts with a merge-conflict marker, if any. Lines inside fenced
/// code blocks (```` ``` ```` or `~~~`) do not count: a story may show a conflict as an
/// example. (Indented code cannot hold one: a marker starts at the first column.)
pub fn conflict_marker(text: &str) -> Option<usize> {
    // The open fence: its character and length; it closes with at least as many.
    let mut fence: Option<(char, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let run = |c: char| trimmed.chars().take_while(|x| *x == c).count();
        if indent <= 3 {
            match fence {
                None => {
                    for c in ['`', '~'] {
                        if run(c) >= 3 {
                            fence = Some((c, run(c)));
                        }
                    }
                }
                Some((c, n))
                    if run(c) >= n && trimmed[run(c) * c.len_utf8()..].trim().is_empty() =>
                {
                    fence = None;
                    continue;
                }
                Some(_) => {}
            }
        }
        if fence.is_some() {
            continue;
        }
        let marker = ["<<<<<<< ", ">>>>>>> ", "||||||| "]
            .iter()
            .any(|m| line.starts_with(m))
            || line.trim_end() == "<<<<<<<"
            || line.trim_end() == ">>>>>>>";
        if marker {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_markers_count_outside_code_only() {
        let real = "---\nid: A-1\n---\nText\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b\n";
        assert_eq!(conflict_marker(real), Some(5));
        let example = "---\nid: A-1\n---\nHow a conflict looks:\n\n```diff\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> b\n```\n";
        assert_eq!(conflict_marker(example), None);
        let tilde = "Text\n~~~~\n<<<<<<< HEAD\n~~~\n>>>>>>> b\n~~~~\nafter\n";
        assert_eq!(
            conflict_marker(tilde),
            None,
            "a shorter fence does not close it"
        );
        let unclosed_then_real = "```\ncode\n```\n<<<<<<< HEAD\n";
        assert_eq!(conflict_marker(unclosed_then_real), Some(4));
    }

    fn parts(text: &str) -> (&str, &str, usize, usize) {
        let s = split(text).unwrap();
        (
            &text[s.yaml.clone()],
            &text[s.body.clone()],
            s.yaml_line,
            s.body_line,
        )
    }

    #[test]
    fn plain_file() {
        let text = "---\nid: A-1\ntitle: T\n---\nBody\n";
        assert_eq!(parts(text), ("id: A-1\ntitle: T\n", "Body\n", 2, 5));
    }

    #[test]
    fn crlf_file() {
        let text = "---\r\nid: A-1\r\n---\r\nBody\r\nmore\r\n";
        assert_eq!(parts(text), ("id: A-1\r\n", "Body\r\nmore\r\n", 2, 4));
        assert!(split(text).unwrap().crlf);
    }

    #[test]
    fn bom_is_skipped_but_counted_in_offsets() {
        let text = "\u{feff}---\nid: A-1\n---\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.bom, 3);
        assert_eq!(&text[s.yaml.clone()], "id: A-1\n");
        assert_eq!(s.yaml.start, 7);
    }

    #[test]
    fn blank_line_after_opening() {
        let text = "---\n\nid: A-1\n---\n";
        assert_eq!(parts(text), ("\nid: A-1\n", "", 2, 5));
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(split("# Title\n---\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(split(""), Err(SplitError::NoFrontMatter));
        assert_eq!(split("----\nx\n----\n"), Err(SplitError::NoFrontMatter));
    }

    #[test]
    fn unclosed_block() {
        assert_eq!(
            split("---\nid: A-1\ntitle: T\n"),
            Err(SplitError::Unclosed { line: 1 })
        );
    }

    #[test]
    fn dashes_in_body_stay_in_body() {
        let text = "---\nid: A-1\n---\nIntro\n\n---\n\nAfter a rule\n";
        assert_eq!(parts(text).1, "Intro\n\n---\n\nAfter a rule\n");
    }

    #[test]
    fn dots_close_and_trailing_spaces_are_allowed() {
        let text = "--- \nid: A-1\n...\nBody";
        assert_eq!(parts(text), ("id: A-1\n", "Body", 2, 4));
    }

    #[test]
    fn closing_at_end_of_file_without_newline() {
        let text = "---\nid: A-1\n---";
        assert_eq!(parts(text), ("id: A-1\n", "", 2, 4));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nzoë x", 8), (2, 5));
        assert_eq!(line_col("", 0), (1, 1));
    }

    #[test]
    fn conflict_markers_are_found() {
        let text = "---\n<<<<<<< HEAD\nstatus: doing\n=======\nstatus: done\n>>>>>>> b\n---\n";
        assert_eq!(conflict_marker(text), Some(2));
        assert_eq!(conflict_marker("---\nid: A\n---\n"), None);
    }
}
