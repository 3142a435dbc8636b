//! The properties the fuzzers (fuzz/, cargo-fuzz) and the property tests (below, in every
//! `cargo test`) check, one function per target. Each takes arbitrary bytes and panics
//! only when a property is broken: no input may make the parsers panic, loop, or report a
//! position outside the file, and an edit either reads back as intended or is refused.

use crate::config::{Config, FieldKind};
use crate::edit::{Doc, Value};
use crate::yaml::{self, Node, Origin};
use crate::{backlog, frontmatter, markdown};

/// The front-matter splitter: ranges inside the text, in order, on line boundaries.
pub fn split(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = frontmatter::conflict_marker(text);
    if let Ok(split) = frontmatter::split(text) {
        assert!(split.yaml.start <= split.yaml.end && split.yaml.end <= split.body.start);
        assert!(split.body.start <= split.body.end && split.body.end == text.len());
        assert!(text.is_char_boundary(split.yaml.start) && text.is_char_boundary(split.body.start));
        assert!(split.yaml_line >= 2 && split.body_line > split.yaml_line);
        // A body that is there starts on the line after the delimiter. (After a last
        // delimiter line with no line break, the empty body is "the next line".)
        if !split.body.is_empty() {
            let lines_before_body = text[..split.body.start].matches('\n').count();
            assert_eq!(split.body_line, lines_before_body + 1, "the body's line");
        }
    }
}

/// The YAML tree: every node's position is inside the text, and the fast reading of
/// simple front matter gives exactly what the full parser gives.
pub fn yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let origin = Origin { line: 1, byte: 0 };
    if let Some(simple) = yaml::parse_simply(text, origin) {
        assert_eq!(
            Ok(&simple),
            yaml::parse_fully(text, origin).as_ref(),
            "the simple reading differs from the full parser's on {text:?}"
        );
    }
    if let Ok((root, _comments)) = yaml::parse_with_comments(text, origin) {
        fn inside(node: &Node, len: usize) {
            assert!(
                node.start.byte <= len && node.end <= len,
                "{node:?} outside {len}"
            );
            match &node.kind {
                yaml::Kind::Scalar(_) => {}
                yaml::Kind::Seq(items) => items.iter().for_each(|i| inside(i, len)),
                yaml::Kind::Map(entries) => entries.iter().for_each(|(k, v)| {
                    inside(k, len);
                    inside(v, len);
                }),
            }
        }
        inside(&root, text.len());
        let _ = root.to_json();
    }
}

/// A story file from any bytes: read, or a problem at a line of the file. And the fast
/// reading of a simple body gives exactly what the Markdown parser gives.
pub fn story(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(simple) = markdown::parse_body_simply(text, 3, 7)
    {
        assert_eq!(
            simple,
            markdown::parse_body_fully(text, 3, 7),
            "the simple reading differs from the Markdown parser's on {text:?}"
        );
    }
    let lines = data.split(|b| *b == b'\n').count();
    match backlog::parse_story(data.to_vec(), "backlog/stories/X.md", &Config::default()) {
        Ok(Some(story)) => {
            for c in &story.criteria {
                assert!(c.line >= 1 && c.line <= lines, "criterion line {}", c.line);
            }
            for (key, _) in story.places.iter() {
                let _ = story.field_text(key);
            }
        }
        Ok(None) => {}
        Err(problem) => assert!(problem.line >= 1 && problem.line <= lines + 1, "{problem}"),
    }
}

/// The editor: set one key of a story to a value, as `set` does. The edit is refused, or
/// it reads back as intended with every other key's text and the body unchanged.
pub fn edit(data: &[u8]) {
    // The last two lines are the key and the value; the rest is the file.
    let Ok(all) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = all.rsplitn(3, '\n');
    let (Some(value), Some(key), Some(text)) = (parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let Ok(before) = Doc::parse(text.to_string()) else {
        return;
    };
    let key = key.trim();
    if key.is_empty() || key.contains(|c: char| !(c.is_alphanumeric() || c == '_')) {
        return;
    }
    let value = Value::Text(value.to_string());
    let mut doc = before.clone();
    if doc.set(key, &value).is_err() {
        return;
    }
    let intended = [(key.to_string(), Some(value.clone()), FieldKind::Text)];
    if doc.verify_fields(&before, &intended).is_ok() {
        // What the verification let through reads back, in a fresh parse.
        let again = Doc::parse(doc.text.clone()).expect("a verified edit parses");
        let read = again
            .get(key)
            .and_then(|n| crate::edit::read_as(n, FieldKind::Text));
        assert_eq!(read, Some(Some(value)), "{key} in:\n{}", doc.text);
        assert_eq!(again.body(), before.body(), "the body is unchanged");
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Story-shaped text: front matter lines of keys and values from a small alphabet of
    /// YAML's sharp edges, and a body with criteria, so the cases reach past the splitter.
    fn storyish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("---\n"),
            Just("..."),
            Just("\r\n"),
            Just("\u{feff}"),
            Just("id: A-1\n"),
            Just("title: "),
            Just("labels: [a, b]\n"),
            Just("&x "),
            Just("*x"),
            Just("!!str "),
            Just("\""),
            Just("'"),
            Just("[{"),
            Just("}]"),
            Just("\t"),
            Just("- [ ] "),
            Just("- [x] "),
            Just("## Acceptance criteria\n"),
            Just("```\n"),
            Just("<<<<<<< HEAD\n"),
            Just("# comment\n"),
            Just(": "),
            Just("\n"),
            Just("|\n  "),
            Just("1e400"),
            Just("é"),
            Just("\u{1b}"),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// Front matter near the edge of what the fast reading takes: lines of keys, lists
    /// and comments whose values are pieces of YAML's sharp edges.
    fn simple_yaml() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("x"),
            Just("x y"),
            Just("é"),
            Just("-5"),
            Just("0x1"),
            Just("~"),
            Just(":"),
            Just(": "),
            Just("- "),
            Just("-"),
            Just("["),
            Just("]"),
            Just(", "),
            Just(","),
            Just("'"),
            Just("''"),
            Just("\""),
            Just("\\"),
            Just("#"),
            Just(" # "),
            Just(" "),
            Just("&a "),
            Just("*a"),
            Just("|"),
            Just("{"),
            Just("?"),
            Just("\t"),
            Just("\r"),
            Just("---"),
            Just("\u{85}"),
        ];
        let value = proptest::collection::vec(piece, 0..5).prop_map(|v| v.concat());
        let key = prop_oneof![Just("id"), Just("a-b"), Just("_x"), Just("9"), Just("id ")];
        let indent = prop_oneof![Just(""), Just(" "), Just("  "), Just("    ")];
        let line = prop_oneof![
            (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k}: {v}")),
            key.prop_map(|k| format!("{k}:")),
            (indent.clone(), value.clone()).prop_map(|(i, v)| format!("{i}- {v}")),
            (indent.clone(), value.clone()).prop_map(|(i, v)| format!("{i}[{v}]")),
            (indent, value).prop_map(|(i, v)| format!("{i}{v}")),
        ];
        proptest::collection::vec(line, 0..8).prop_map(|lines| lines.join("\n"))
    }

    /// Story bodies near the edge of what the fast reading takes: headings, task items,
    /// paragraphs and blank lines, with pieces of Markdown's sharp edges in them.
    fn simple_body() -> impl Strategy<Value = String> {
        let safe = prop_oneof![
            Just("x"),
            Just("Acceptance criteria"),
            Just("acceptance CRITERIA "),
            Just("é y"),
            Just(" "),
            Just("  "),
            Just("#"),
            Just("- "),
        ];
        let sharp = prop_oneof![
            Just("## "),
            Just("- [ ] "),
            Just("[x] "),
            Just("[X]"),
            Just("*"),
            Just("_"),
            Just("`"),
            Just("<b>"),
            Just("&amp;"),
            Just("\\"),
            Just("1. "),
            Just("==="),
            Just("---"),
            Just("\t"),
            Just("\r"),
            Just(">"),
        ];
        let piece = prop_oneof![6 => safe, 1 => sharp];
        let text = proptest::collection::vec(piece, 0..4).prop_map(|v| v.concat());
        let line = prop_oneof![
            2 => text.clone(),
            2 => Just(String::new()),
            1 => (1..8usize, text.clone()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
            2 => Just("## Acceptance criteria".to_string()),
            3 => text.clone().prop_map(|t| format!("- [ ] {t}")),
            2 => text.clone().prop_map(|t| format!("- [x] {t}")),
            1 => text.prop_map(|t| format!("  - [ ] {t}")),
        ];
        proptest::collection::vec(line, 0..10).prop_map(|lines| lines.join("\n"))
    }

    /// 600 cases in every `cargo test`; `PROPTEST_CASES=100000` for a longer run.
    fn config() -> ProptestConfig {
        let cases = std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(600);
        ProptestConfig::with_cases(cases)
    }

    /// What the fuzzers found, kept: each must hold the properties from now on.
    #[test]
    fn the_fuzzers_findings() {
        // The parser's line count ran past the end of this 31-line file (line 118).
        super::story(include_bytes!(
            "../../../tests/hostile/bad-fuzz-error-line-past-the-end.md"
        ));
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn split_yaml_story_and_edit_hold_on_story_shaped_text(text in storyish()) {
            let bytes = text.as_bytes();
            super::split(bytes);
            super::yaml(bytes);
            super::story(bytes);
            super::edit(format!("{text}\ntitle\nnew value").as_bytes());
            super::edit(format!("{text}\nstatus\n'quoted' # not a comment").as_bytes());
        }

        #[test]
        fn the_yaml_properties_hold_on_simple_front_matter(text in simple_yaml()) {
            super::yaml(text.as_bytes());
            super::yaml(format!("id: A-1\n{text}\nlabels: [a, b]\n").as_bytes());
        }

        #[test]
        fn the_story_properties_hold_on_simple_bodies(body in simple_body()) {
            super::story(body.as_bytes());
            super::story(format!("---\nid: A-1\n---\n{body}\n").as_bytes());
        }

        #[test]
        fn the_same_hold_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            super::split(&bytes);
            super::yaml(&bytes);
            super::story(&bytes);
            super::edit(&bytes);
        }
    }
}
