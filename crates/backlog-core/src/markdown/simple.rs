//! A fast reading of the body nearly every story has: paragraphs of plain text, `#`
//! headings and `- [ ]` task lists, each line at the margin. It gives exactly the criteria
//! and the section the Markdown parser gives (the property tests and the `story` fuzz
//! target compare the two), or `None` for anything else: an indented line, a plain bullet,
//! emphasis, code, a link, HTML, an entity, a tab, a line that continues a list item, a list
//! right after a paragraph or after a blank line inside a list. The caller then runs the
//! parser.
//!
//! Why: without the cache, the parser's first pass over 10,000 bodies was a fifth of the
//! CPU time of a whole-backlog read, to find a heading and a few task items.

use std::ops::Range;

use super::{CRITERIA_HEADING, Criterion};

/// The criteria and the criteria section's range in the body, as the parser finds them.
pub(super) fn read(
    body: &str,
    first_line: usize,
    first_byte: usize,
) -> Option<(Vec<Criterion>, Option<Range<usize>>)> {
    let mut criteria: Vec<Criterion> = Vec::new();
    // The open criteria section: its heading's level and where the heading starts.
    let mut section: Option<(usize, usize)> = None;
    let mut section_range: Option<Range<usize>> = None;
    let mut previous = Block::Blank;
    let mut blank_since = false;
    // The parser ends an item where the next line with text starts (or the body ends).
    let mut unended: Option<usize> = None;
    let mut start = 0;
    for (index, line) in body.split('\n').enumerate() {
        let line_start = start;
        start += line.len() + 1;
        if line.bytes().all(|b| b == b' ') {
            blank_since = true;
            continue;
        }
        if let Some(item) = unended.take() {
            criteria[item].item.end = first_byte + line_start;
        }
        // A task line's own `[ ]` is no link: only its text must be plain.
        let task = task(line);
        if !plain_text(task.map_or(line, |(_, text)| text)) {
            return None;
        }
        let block = if let Some(level) = heading_level(line) {
            let text = line[level..].trim();
            if let Some((open_level, open_start)) = section
                && level <= open_level
            {
                section_range = Some(open_start..line_start);
                section = None;
            }
            if section_range.is_none()
                && section.is_none()
                && text.eq_ignore_ascii_case(CRITERIA_HEADING)
            {
                section = Some((level, line_start));
            }
            Block::Heading
        } else if let Some((done, text)) = task {
            // A list may not interrupt a paragraph here, nor go on past a blank line: the
            // parser's ranges for those are its own business.
            if (previous == Block::Paragraph && !blank_since)
                || (previous == Block::Item && blank_since)
            {
                return None;
            }
            if section.is_some() {
                unended = Some(criteria.len());
                criteria.push(Criterion {
                    text: text.trim().to_string(),
                    done,
                    line: first_line + index,
                    marker: first_byte + line_start + 2,
                    column: 3,
                    item: first_byte + line_start..first_byte + body.len(),
                });
            }
            Block::Item
        } else if line.starts_with(|c: char| c.is_alphabetic()) {
            // A line right after an item would continue it.
            if previous == Block::Item && !blank_since {
                return None;
            }
            Block::Paragraph
        } else {
            return None;
        };
        previous = block;
        blank_since = false;
    }
    if let Some((_, start)) = section {
        section_range = Some(start..body.len());
    }
    Some((criteria, section_range))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Blank,
    Heading,
    Item,
    Paragraph,
}

/// No character that opens inline Markdown (emphasis, code, links, HTML, entities,
/// escapes), no tab, no control character.
fn plain_text(text: &str) -> bool {
    !text.bytes().any(|b| {
        matches!(
            b,
            b'*' | b'_' | b'`' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | 0..=0x1f | 0x7f
        )
    })
}

/// `## Text`: the level, when the line is a heading with text and no closing `#`s.
fn heading_level(line: &str) -> Option<usize> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let rest = &line[level..];
    let ok = (1..=6).contains(&level)
        && rest.starts_with(' ')
        && !rest.trim().is_empty()
        && !rest.trim_end().ends_with('#');
    ok.then_some(level)
}

/// `- [ ] text` or `- [x] text`: whether it is done, and the text.
fn task(line: &str) -> Option<(bool, &str)> {
    let rest = line.strip_prefix("- [")?;
    let done = match rest.as_bytes().first()? {
        b' ' => false,
        b'x' | b'X' => true,
        _ => return None,
    };
    let text = rest[1..].strip_prefix("] ")?;
    (!text.trim().is_empty()).then_some((done, text))
}
