//! Bad files never hide good ones, and no input makes the tool panic.

use crate::common::{Repo, story};

fn with_good_story() -> Repo {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-good.md",
        story("PAY-1", "Good", "status: ready\n", ""),
    );
    repo
}

#[test]
fn each_bad_file_is_reported_with_its_place_and_the_rest_is_listed() {
    let repo = with_good_story();
    repo.write(
        "backlog/stories/PAY-2-yaml.md",
        "---\nid: PAY-2\ntitle: 'unclosed\n---\n",
    );
    repo.write(
        "backlog/stories/PAY-3-type.md",
        "---\nid: PAY-3\npoints: five\n---\n",
    );
    repo.write(
        "backlog/stories/PAY-4-open.md",
        "---\nid: PAY-4\ntitle: never closed\n",
    );
    repo.write(
        "backlog/stories/PAY-5-conflict.md",
        "---\nid: PAY-5\n<<<<<<< HEAD\nstatus: doing\n=======\nstatus: done\n>>>>>>> other\n---\n",
    );
    repo.write(
        "backlog/stories/PAY-6-binary.md",
        b"---\nid: PAY-6\ntitle: caf\xe9\n---\n",
    );
    repo.write(
        "backlog/stories/PAY-7-dup.md",
        "---\nid: PAY-7\nid: PAY-8\n---\n",
    );
    repo.write(
        "backlog/stories/notes.md",
        "# Not a story: no front matter\n",
    );
    let out = repo.run(&["list", "--format", "ids"]).code(2);
    assert_eq!(out.stdout, "PAY-1\n");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "error: backlog/stories/PAY-2-yaml.md:3:8: title: unclosed quote",
            "error: backlog/stories/PAY-3-type.md:3:9: points: expected a number, found the text \"five\"",
            "error: backlog/stories/PAY-4-open.md:1:1: front matter is not closed: expected a line `---` after the fields",
            "error: backlog/stories/PAY-5-conflict.md:3:1: unresolved merge conflict: resolve the conflict markers (<<<<<<<, =======, >>>>>>>) first",
            "error: backlog/stories/PAY-6-binary.md:3:11: not valid UTF-8: story files must be UTF-8 text",
            "error: backlog/stories/PAY-7-dup.md:3:1: duplicate key `id` (first set on line 2)",
        ]
    );
}

#[test]
fn a_huge_file_is_refused_unread() {
    let repo = with_good_story();
    let mut huge = b"---\nid: PAY-2\n---\n".to_vec();
    huge.resize(5 * 1024 * 1024, b'x');
    repo.write("backlog/stories/PAY-2-huge.md", huge);
    let out = repo.run(&["list", "--format", "ids"]).code(2);
    assert_eq!(out.stdout, "PAY-1\n");
    assert!(
        out.stderr.contains("PAY-2-huge.md:1:1: file is too large"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_invalid_config_names_the_key() {
    let repo = with_good_story();
    repo.write(
        "backlog/config.yml",
        "prefix: PAY\nworkflow:\n  statuses: [todo, done]\n  done: [finished]\n",
    );
    let out = repo.run(&["list"]).code(2);
    assert_eq!(
        out.stderr,
        "error: backlog/config.yml:3:3: workflow: done status \"finished\" is not one of the statuses (todo, done)\n"
    );
}

#[test]
fn crlf_bom_and_odd_values_read_exactly() {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-crlf.md",
        "\u{feff}---\r\n\r\nid: PAY-1\r\ntitle: NO\r\nsprint: 1.10\r\nassignee: '0042'\r\n---\r\nBody\r\n\r\n## Acceptance criteria\r\n- [x] ok\r\n",
    );
    let out = repo.run(&["show", "PAY-1", "--json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let s = &doc["story"];
    assert_eq!(
        (
            s["title"].as_str(),
            s["sprint"].as_str(),
            s["assignee"].as_str()
        ),
        (Some("NO"), Some("1.10"), Some("0042"))
    );
    assert_eq!(s["criteria"][0]["line"], 11);
    assert_eq!(s["description"], "Body");
}

#[test]
fn random_bytes_never_panic() {
    let repo = with_good_story();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let pieces: [&[u8]; 12] = [
        b"---\n",
        b"id: PAY-9\n",
        b"title: [",
        b"\"",
        b"'",
        b"&a ",
        b"*a\n",
        b"- x\n",
        b"\r\n",
        b"\xff\xfe",
        b"{a: ",
        b"  - [ ] c\n",
    ];
    for i in 0..40 {
        let mut text = Vec::new();
        for _ in 0..(next() % 12) {
            text.extend_from_slice(pieces[(next() % 12) as usize]);
        }
        repo.write(&format!("backlog/stories/PAY-{}-fuzz.md", 100 + i), &text);
    }
    let out = repo.run(&["list", "--all", "--format", "json"]);
    assert!(out.code == 0 || out.code == 2, "{out:#?}");
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(out.stdout.contains("\"PAY-1\""));
}

#[test]
fn a_shallow_clone_works() {
    let origin = Repo::with_backlog();
    origin.run(&["new", "One"]).ok();
    origin.run(&["new", "Two"]).ok();
    let clone = crate::common::shallow_clone(&origin, 1);
    let out = clone.run(&["new", "Three"]).ok();
    assert_eq!(out.stdout, "PAY-3\n");
    assert_eq!(
        clone.run(&["list", "--format", "ids"]).ok().stdout,
        "PAY-1\nPAY-2\nPAY-3\n"
    );
}
