//! A three-way merge of story files, for the git merge driver: the front matter field by
//! field, the body line by line with acceptance criteria merged as items. Only a true
//! conflict (one field or one line changed two ways) is left as conflict markers.

use crate::config::Config;
use crate::edit::Doc;
use crate::schema::{self, MergeAs};

/// The merged file, and how many conflicts it holds (0: clean).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub conflicts: usize,
}

/// Merge `ours` and `theirs`, both changed from `base`. `theirs_is_later`: for the manual
/// rank, which side moved the story last. `None` when a version is not a story file this
/// merge understands (then git's own line merge is the better tool). Fields that the
/// schema (or `config`'s custom fields) merge as sets keep what either side added and drop
/// what either side removed.
///
/// Line endings are not content: the three versions are merged with LF endings, and the
/// result takes CRLF when the side that changed the style (or both sides) uses it.
pub fn merge(
    base: &str,
    ours: &str,
    theirs: &str,
    theirs_is_later: bool,
    config: &Config,
) -> Option<Merged> {
    let crlf = |t: &str| t.contains("\r\n");
    let style = if crlf(ours) != crlf(base) {
        crlf(ours)
    } else {
        crlf(theirs)
    };
    let lf = |t: &str| t.replace("\r\n", "\n");
    let merged = merge_lf(&lf(base), &lf(ours), &lf(theirs), theirs_is_later, config)?;
    Some(if style {
        Merged {
            text: merged.text.replace('\n', "\r\n"),
            ..merged
        }
    } else {
        merged
    })
}

fn merge_lf(
    base: &str,
    ours: &str,
    theirs: &str,
    theirs_is_later: bool,
    config: &Config,
) -> Option<Merged> {
    let o = Doc::parse(base.to_string()).ok()?;
    let a = Doc::parse(ours.to_string()).ok()?;
    let b = Doc::parse(theirs.to_string()).ok()?;
    let mut out = a.clone();
    let mut conflicts: Vec<String> = Vec::new();

    let mut keys: Vec<String> = a.keys().map(String::from).collect();
    for k in b.keys().chain(o.keys()) {
        if !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    }
    for key in &keys {
        let (ov, av, bv) = (o.entry_text(key), a.entry_text(key), b.entry_text(key));
        if av == bv || bv == ov {
            continue;
        }
        if av == ov {
            take_theirs(&mut out, &b, key).ok()?;
            continue;
        }
        let as_set = schema::lookup(key, config).is_some_and(|f| f.merge() == MergeAs::Set);
        if as_set {
            let list = |d: &Doc| {
                d.get(key)
                    .and_then(|n| n.text_list().ok())
                    .unwrap_or_default()
            };
            let (ol, al, bl) = (list(&o), list(&a), list(&b));
            let mut merged: Vec<String> = al
                .iter()
                .filter(|x| !ol.contains(x) || bl.contains(x))
                .cloned()
                .collect();
            for x in bl.iter().filter(|x| !ol.contains(x)) {
                if !merged.contains(x) {
                    merged.push(x.clone());
                }
            }
            out.set_list(key, &merged).ok()?;
            continue;
        }
        if key == "rank" {
            if theirs_is_later {
                take_theirs(&mut out, &b, key).ok()?;
            }
            continue;
        }
        conflicts.push(key.clone());
    }

    let body = merge_lines(o.body(), a.body(), b.body());
    let front_end = out.text.len() - out.body().len();
    let mut text = format!("{}{}", &out.text[..front_end], body.text);
    // Conflict markers go in last: the file no longer parses once they are in.
    let mut ranges: Vec<(std::ops::Range<usize>, String)> = conflicts
        .iter()
        .map(|key| {
            let mine = out.entry_text(key).unwrap_or_default();
            let theirs = b.entry_text(key).unwrap_or_default();
            let block = format!("<<<<<<< ours\n{mine}=======\n{theirs}>>>>>>> theirs\n");
            // A key ours deleted: its conflict goes just before the closing `---`.
            let end = front_end - closing_len(&out);
            (out.entry_range(key).unwrap_or(end..end), block)
        })
        .collect();
    ranges.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, block) in ranges {
        text.replace_range(range, &block);
    }
    Some(Merged {
        text,
        conflicts: conflicts.len() + body.conflicts,
    })
}

/// The length of the closing `---` line of the front matter.
fn closing_len(doc: &Doc) -> usize {
    let front = &doc.text[..doc.text.len() - doc.body().len()];
    let without = front.trim_end_matches(['\r', '\n']);
    front.len() - without.rfind('\n').map_or(0, |i| i + 1)
}

/// Make `out`'s `key` what it is in `theirs`: replaced, added or removed.
fn take_theirs(out: &mut Doc, theirs: &Doc, key: &str) -> Result<(), crate::edit::EditError> {
    match theirs.entry_text(key) {
        None => out.remove(key).map(|_| ()),
        Some(text) => out.replace_entry(key, &text),
    }
}

/// Lines with their endings.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// A change to the base: lines `start..end` of the base become `lines`.
#[derive(Debug, Clone)]
struct Change<'a> {
    start: usize,
    end: usize,
    lines: Vec<&'a str>,
    ours: bool,
}

/// The changes that turn `base` into `side`, from a longest common subsequence of lines.
fn changes<'a>(base: &[&'a str], side: &[&'a str], ours: bool) -> Vec<Change<'a>> {
    let (n, m) = (base.len(), side.len());
    // lcs[i][j]: the LCS length of base[i..] and side[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if base[i] == side[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<Change> = None;
    while i < n || j < m {
        if i < n && j < m && base[i] == side[j] {
            if let Some(c) = open.take() {
                out.push(c);
            }
            i += 1;
            j += 1;
        } else {
            let c = open.get_or_insert(Change {
                start: i,
                end: i,
                lines: Vec::new(),
                ours,
            });
            if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
                c.lines.push(side[j]);
                j += 1;
            } else {
                i += 1;
                c.end = i;
            }
        }
    }
    out.extend(open);
    // A change that edits lines and adds more after them is an edit and an insertion:
    // an item ticked and an item added are two changes, and merge as two.
    out.into_iter()
        .flat_map(|c| {
            let edited = c.end - c.start;
            if edited > 0 && c.lines.len() > edited {
                let (head, tail) = c.lines.split_at(edited);
                vec![
                    Change {
                        start: c.start,
                        end: c.end,
                        lines: head.to_vec(),
                        ours,
                    },
                    Change {
                        start: c.end,
                        end: c.end,
                        lines: tail.to_vec(),
                        ours,
                    },
                ]
            } else {
                vec![c]
            }
        })
        .collect()
}

fn overlaps(x: &Change, y: &Change) -> bool {
    let insert = |c: &Change| c.start == c.end;
    match (insert(x), insert(y)) {
        (true, true) => x.start == y.start,
        (true, false) => y.start < x.start && x.start < y.end,
        (false, true) => x.start < y.start && y.start < x.end,
        (false, false) => x.start < y.end && y.start < x.end,
    }
}

fn is_task_item(line: &str) -> bool {
    let t = line.trim_start();
    ["- [", "* [", "+ ["].iter().any(|m| t.starts_with(m))
}

/// A three-way merge of lines. Changes of one side apply; changes of both sides to the
/// same lines apply when equal; criteria added by both sides at the same place are both
/// kept; anything else is a conflict, marked around just those lines.
pub fn merge_lines(base: &str, ours: &str, theirs: &str) -> Merged {
    let (o, a, b) = (lines(base), lines(ours), lines(theirs));
    let mut all = changes(&o, &a, true);
    all.extend(changes(&o, &b, false));
    all.sort_by_key(|c| (c.start, c.end != c.start, c.end));
    let mut text = String::new();
    let mut conflicts = 0;
    let mut at = 0;
    let mut k = 0;
    while k < all.len() {
        // A group of changes that touch each other.
        let mut group = vec![all[k].clone()];
        k += 1;
        while k < all.len() && group.iter().any(|g| overlaps(g, &all[k])) {
            group.push(all[k].clone());
            k += 1;
        }
        let start = group.iter().map(|c| c.start).min().unwrap_or(at);
        let end = group.iter().map(|c| c.end).max().unwrap_or(at);
        text.extend(o[at..start].iter().copied());
        let version = |ours: bool| -> Option<String> {
            let mine: Vec<&Change> = group.iter().filter(|c| c.ours == ours).collect();
            if mine.is_empty() {
                return None;
            }
            let mut s = String::new();
            let mut i = start;
            for c in mine {
                s.extend(o[i..c.start].iter().copied());
                s.extend(c.lines.iter().copied());
                i = c.end;
            }
            s.extend(o[i..end].iter().copied());
            Some(s)
        };
        match (version(true), version(false)) {
            (Some(x), None) | (None, Some(x)) => text.push_str(&x),
            (Some(x), Some(y)) if x == y => text.push_str(&x),
            (Some(x), Some(y)) => {
                let inserts_only = start == end && group.iter().all(|c| c.start == c.end);
                let items = |s: &str| lines(s).iter().all(|l| is_task_item(l));
                if inserts_only && items(&x) && items(&y) {
                    text.push_str(&x);
                    for line in lines(&y) {
                        if !lines(&x).contains(&line) {
                            text.push_str(line);
                        }
                    }
                } else {
                    conflicts += 1;
                    let end_line = |s: &mut String| {
                        if !s.is_empty() && !s.ends_with('\n') {
                            s.push('\n');
                        }
                    };
                    text.push_str("<<<<<<< ours\n");
                    let mut x = x;
                    end_line(&mut x);
                    text.push_str(&x);
                    text.push_str("=======\n");
                    let mut y = y;
                    end_line(&mut y);
                    text.push_str(&y);
                    text.push_str(">>>>>>> theirs\n");
                }
            }
            (None, None) => {}
        }
        at = end;
    }
    text.extend(o[at..].iter().copied());
    Merged { text, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "---\nid: A-1\ntitle: Pay\nstatus: ready\npoints: 3\nlabels: [api]\nrank: m\n---\nAs a user I want to pay so that I get my order.\n\n## Acceptance criteria\n- [ ] one\n- [ ] two\n";

    #[test]
    fn custom_list_fields_the_config_declares_merge_as_sets() {
        let base = "---\nid: A-1\ntitle: Pay\ncustomers: [acme]\n---\n";
        let ours = base.replace("[acme]", "[acme, globex]");
        let theirs = base.replace("[acme]", "[acme, initech]");
        let undeclared = merge(base, &ours, &theirs, false, &Config::default()).unwrap();
        assert_eq!(undeclared.conflicts, 1, "an undeclared key is one value");
        let mut config = Config::default();
        config
            .fields
            .insert("customers".into(), crate::config::FieldKind::List);
        let declared = merge(base, &ours, &theirs, false, &config).unwrap();
        assert_eq!(declared.conflicts, 0);
        assert!(
            declared
                .text
                .contains("customers: [acme, globex, initech]\n"),
            "{}",
            declared.text
        );
    }

    fn m(ours: &str, theirs: &str) -> Merged {
        merge(BASE, ours, theirs, false, &Config::default()).unwrap()
    }

    #[test]
    fn line_endings_are_not_content() {
        // One side converts the file to CRLF and changes the points; the other changes
        // the status. No conflict, and the result is CRLF throughout, either way round.
        let crlf = |t: &str| t.replace('\n', "\r\n");
        let converted = crlf(&BASE.replace("points: 3", "points: 5"));
        let status = BASE.replace("status: ready", "status: doing");
        let want = crlf(
            &BASE
                .replace("points: 3", "points: 5")
                .replace("status: ready", "status: doing"),
        );
        for (ours, theirs) in [(&converted, &status), (&status, &converted)] {
            let r = m(ours, theirs);
            assert_eq!(r.conflicts, 0);
            assert_eq!(r.text, want);
        }
        // A file that stays LF on both sides stays LF.
        assert!(
            !m(&status, &BASE.replace("points: 3", "points: 5"))
                .text
                .contains('\r')
        );
    }

    #[test]
    fn different_fields_merge_cleanly() {
        let ours = BASE.replace("status: ready", "status: doing");
        let theirs = BASE.replace("points: 3", "points: 5");
        let r = m(&ours, &theirs);
        assert_eq!(r.conflicts, 0);
        assert_eq!(
            r.text,
            BASE.replace("status: ready", "status: doing")
                .replace("points: 3", "points: 5")
        );
    }

    #[test]
    fn the_same_field_two_ways_conflicts_on_that_line_only() {
        let ours = BASE.replace("status: ready", "status: doing");
        let theirs = BASE
            .replace("status: ready", "status: review")
            .replace("points: 3", "points: 8");
        let r = m(&ours, &theirs);
        assert_eq!(r.conflicts, 1);
        assert!(r.text.contains("title: Pay\n<<<<<<< ours\nstatus: doing\n=======\nstatus: review\n>>>>>>> theirs\npoints: 8\n"), "{}", r.text);
    }

    #[test]
    fn labels_merge_as_sets() {
        let ours = BASE.replace("labels: [api]", "labels: [api, mobile]");
        let theirs = BASE.replace("labels: [api]", "labels: [web]");
        let r = m(&ours, &theirs);
        assert_eq!(r.conflicts, 0);
        assert!(r.text.contains("labels: [mobile, web]\n"), "{}", r.text);
    }

    #[test]
    fn criteria_merge_by_item() {
        let ours = BASE.replace("- [ ] one", "- [x] one") + "- [ ] three\n";
        let theirs = BASE.replace("- [ ] two", "- [x] two") + "- [ ] four\n";
        let r = m(&ours, &theirs);
        assert_eq!(r.conflicts, 0, "{}", r.text);
        assert!(
            r.text
                .ends_with("- [x] one\n- [x] two\n- [ ] three\n- [ ] four\n"),
            "{}",
            r.text
        );
    }

    #[test]
    fn the_later_rank_wins() {
        let ours = BASE.replace("rank: m", "rank: c");
        let theirs = BASE.replace("rank: m", "rank: x");
        assert!(
            merge(BASE, &ours, &theirs, true, &Config::default())
                .unwrap()
                .text
                .contains("rank: x\n")
        );
        assert!(
            merge(BASE, &ours, &theirs, false, &Config::default())
                .unwrap()
                .text
                .contains("rank: c\n")
        );
    }

    #[test]
    fn added_and_removed_keys() {
        let ours = BASE.replace("points: 3\n", "");
        let theirs = BASE.replace("rank: m\n", "rank: m\nsprint: S1\n");
        let r = m(&ours, &theirs);
        assert_eq!(r.conflicts, 0);
        assert!(
            !r.text.contains("points:") && r.text.contains("sprint: S1\n"),
            "{}",
            r.text
        );
    }

    #[test]
    fn body_lines_conflict_only_where_both_changed() {
        let r = merge_lines("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n");
        assert_eq!((r.text.as_str(), r.conflicts), ("a\nB\nC\n", 0));
        let r = merge_lines("a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n");
        assert_eq!(r.conflicts, 1);
        assert_eq!(
            r.text,
            "a\n<<<<<<< ours\nX\n=======\nY\n>>>>>>> theirs\nc\n"
        );
    }
}
