//! The one module that names pulldown-cmark: reads the story body's sections and its
//! acceptance-criteria task list, with the file line of each criterion.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod simple;

/// The heading that opens the acceptance-criteria section (case does not matter).
pub const CRITERIA_HEADING: &str = "Acceptance criteria";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Criterion {
    pub text: String,
    pub done: bool,
    /// 1-based line in the file.
    pub line: usize,
    /// Byte offset in the file of the `[` of the `[ ]` marker.
    #[serde(skip)]
    pub marker: usize,
    /// 1-based column (in characters) of the marker.
    #[serde(skip)]
    pub column: usize,
    /// Byte range in the file of the whole list item, nested items included.
    #[serde(skip)]
    pub item: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Body {
    /// The body without the acceptance-criteria section, trimmed.
    pub description: String,
    pub criteria: Vec<Criterion>,
    /// The byte range of the acceptance-criteria section (heading included) in the body.
    pub criteria_section: Option<Range<usize>>,
}

/// Read a story body. `first_line` and `first_byte` are where the body starts in its file;
/// every position in the result is a file position.
pub fn parse_body(body: &str, first_line: usize, first_byte: usize) -> Body {
    let (criteria, section) = simple::read(body, first_line, first_byte)
        .unwrap_or_else(|| read_fully(body, first_line, first_byte));
    finish(body, criteria, section)
}

/// The simple reading of a body when it has one, for the fuzzers to compare with the full.
pub fn parse_body_simply(body: &str, first_line: usize, first_byte: usize) -> Option<Body> {
    simple::read(body, first_line, first_byte)
        .map(|(criteria, section)| finish(body, criteria, section))
}

/// [`parse_body`] by the Markdown parser alone.
pub fn parse_body_fully(body: &str, first_line: usize, first_byte: usize) -> Body {
    let (criteria, section) = read_fully(body, first_line, first_byte);
    finish(body, criteria, section)
}

/// The criteria and the criteria section's range in the body, by the Markdown parser.
fn read_fully(
    body: &str,
    first_line: usize,
    first_byte: usize,
) -> (Vec<Criterion>, Option<Range<usize>>) {
    // Where each line starts, so a position's line is a binary search, not a count from
    // the top (which made a body of 150,000 criteria take a minute).
    let starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_index = |byte: usize| starts.partition_point(|s| *s <= byte).saturating_sub(1);
    let line_of = |byte: usize| first_line + line_index(byte);
    let mut events = Parser::new_ext(body, Options::ENABLE_TASKLISTS).into_offset_iter();
    let mut section: Option<(HeadingLevel, usize)> = None;
    let mut section_range: Option<Range<usize>> = None;
    let mut criteria = Vec::new();
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    // (item start byte, item depth) of the task item being read, and its text so far.
    let mut current: Option<(Criterion, usize)> = None;
    let mut list_depth = 0usize;
    let mut items: Vec<Range<usize>> = Vec::new();

    for (event, range) in events.by_ref() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some((open_level, start)) = section
                    && level <= open_level
                {
                    section_range = Some(start..range.start);
                    section = None;
                }
                heading = Some((level, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = heading.take()
                    && section_range.is_none()
                    && section.is_none()
                    && text.trim().eq_ignore_ascii_case(CRITERIA_HEADING)
                {
                    section = Some((level, start));
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                // A nested list ends the criterion's own text.
                if let Some((c, depth)) = current.take() {
                    if list_depth > depth {
                        criteria.push(c);
                    } else {
                        current = Some((c, depth));
                    }
                }
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => items.push(range.clone()),
            Event::TaskListMarker(done) if section.is_some() => {
                current = Some((
                    Criterion {
                        text: String::new(),
                        done,
                        line: line_of(range.start),
                        marker: first_byte + range.start,
                        column: {
                            let start = starts[line_index(range.start)];
                            body[start..range.start].chars().count() + 1
                        },
                        item: items
                            .last()
                            .map_or(range.clone(), |r| first_byte + r.start..first_byte + r.end),
                    },
                    list_depth,
                ));
            }
            Event::End(TagEnd::Item) => {
                items.pop();
                if let Some((c, depth)) = current.take() {
                    if depth == list_depth {
                        criteria.push(c);
                    } else {
                        current = Some((c, depth));
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if let Some((c, _)) = current.as_mut() {
                    c.text.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some((_, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if let Some((c, _)) = current.as_mut() {
                    c.text.push_str(&format!("`{t}`"));
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((c, _)) = current.as_mut() {
                    c.text.push(' ');
                }
            }
            _ => {}
        }
    }
    if let Some((c, _)) = current.take() {
        criteria.push(c);
    }
    if let Some((_, start)) = section {
        section_range = Some(start..body.len());
    }
    for c in &mut criteria {
        c.text = c.text.trim().to_string();
    }
    (criteria, section_range)
}

fn finish(body: &str, criteria: Vec<Criterion>, section_range: Option<Range<usize>>) -> Body {
    let description = match &section_range {
        Some(r) => format!(
            "{}\n\n{}",
            body[..r.start].trim_end(),
            body[r.end..].trim_start()
        ),
        None => body.to_string(),
    };
    Body {
        description: description.trim().to_string(),
        criteria,
        criteria_section: section_range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_with_lines() {
        let body = "As a user I want x so that y.\n\n## Acceptance criteria\n- [ ] First one\n- [x] Second `code`\n  continued\n- plain bullet\n\n## Notes\n- [ ] not a criterion\n";
        let b = parse_body(body, 10, 0);
        let summary: Vec<(&str, bool, usize)> = b
            .criteria
            .iter()
            .map(|c| (c.text.as_str(), c.done, c.line))
            .collect();
        assert_eq!(
            summary,
            [
                ("First one", false, 13),
                ("Second `code` continued", true, 14)
            ]
        );
        // Offsets are file offsets: shift the body and they move with it.
        let shifted = parse_body(body, 10, 100);
        for (c, s) in b.criteria.iter().zip(&shifted.criteria) {
            assert_eq!(s.marker, c.marker + 100);
            assert_eq!(
                &body[c.marker..c.marker + 3],
                if c.done { "[x]" } else { "[ ]" }
            );
        }
        assert_eq!(&body[b.criteria[0].item.clone()], "- [ ] First one\n");
        assert_eq!(
            &body[b.criteria[1].item.clone()],
            "- [x] Second `code`\n  continued\n"
        );
        assert_eq!(
            b.description,
            "As a user I want x so that y.\n\n## Notes\n- [ ] not a criterion"
        );
    }

    #[test]
    fn crlf_lines_and_upper_x() {
        let body = "Intro\r\n\r\n### acceptance Criteria\r\n\r\n- [X] Done\r\n- [ ] Open\r\n";
        let b = parse_body(body, 5, 0);
        assert_eq!(b.criteria.len(), 2);
        assert!(b.criteria[0].done);
        assert_eq!(b.criteria[0].line, 9);
        assert_eq!(b.criteria[1].line, 10);
        assert_eq!(b.description, "Intro");
    }

    #[test]
    fn nested_items_are_separate() {
        let body = "## Acceptance criteria\n- [ ] Parent\n  - [x] Child\n- [ ] Last\n";
        let texts: Vec<_> = parse_body(body, 1, 0)
            .criteria
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(texts, ["Parent", "Child", "Last"]);
    }

    /// The simple reading gives what the Markdown parser gives, or nothing.
    fn same_as_full(body: &str) -> bool {
        let simple = parse_body_simply(body, 4, 9);
        if let Some(simple) = &simple {
            assert_eq!(simple, &parse_body_fully(body, 4, 9), "{body:?}");
        }
        simple.is_some()
    }

    #[test]
    fn the_simple_reading_agrees_with_the_full_one() {
        for body in [
            "",
            "As a user I want x.\n\n## Acceptance criteria\n- [ ] One\n- [x] Two\n",
            "## Acceptance criteria\n- [X] a\n\nAfter, a paragraph.\n",
            "## Acceptance criteria\n- [ ] a\n\n\n",
            "## Acceptance criteria\n- [ ] a\n### Deeper\n- [ ] b\n# Up\n- [ ] c",
            "# acceptance CRITERIA  \n- [ ] Zoë's café, 100% (or so) #1\n",
            "## Notes\n- [ ] not a criterion\n\n## Acceptance criteria\n\n- [ ] yes\n",
            "Text\n## Acceptance criteria\nMore text\n\n- [ ] after a blank\n",
        ] {
            assert!(same_as_full(body), "the simple reading refused {body:?}");
        }
        // Each of these is left to the Markdown parser.
        for body in [
            "## Acceptance criteria\n- [ ] a *b*\n",
            "## Acceptance criteria\n- [ ] `code`\n",
            "## Acceptance criteria\n- [ ] a\ncontinued\n",
            "## Acceptance criteria\n- [ ] a\n  continued\n",
            "## Acceptance criteria\n- [ ] a\n\n- [ ] loose\n",
            "## Acceptance criteria\nText\n- [ ] interrupts\n",
            "## Acceptance criteria\n- plain bullet\n",
            "## Acceptance criteria\n  - [ ] indented\n",
            "## Acceptance criteria ##\n- [ ] a\n",
            "Title\n=====\n",
            "1. ordered\n",
            "> quote\n",
            "<div>html</div>\n",
            "Tom &amp; Jerry\n",
            "a\tb\n",
            "a\r\n",
            "[link]: http://example.com\n",
        ] {
            assert!(!same_as_full(body), "the simple reading took {body:?}");
        }
    }

    #[test]
    fn no_section() {
        let b = parse_body("Just text\n- [ ] not in a section\n", 1, 0);
        assert!(b.criteria.is_empty());
        assert_eq!(b.criteria_section, None);
    }

    #[test]
    fn empty_section() {
        let b = parse_body("Text\n\n## Acceptance criteria\n", 1, 0);
        assert!(b.criteria.is_empty());
        assert_eq!(b.criteria_section, Some(6..29));
        assert_eq!(b.description, "Text");
    }
}
