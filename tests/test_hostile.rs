//! Hostile input and hostile output (issue 11): one crafted story must not take down a
//! command, forge a line in a terminal or a spreadsheet, or be read as something it is not.
//! Each test names the row of the issue it guards.

use crate::common::{Repo, editor, story};

/// A repository with a good story PAY-1 and the story files given, committed.
fn repo_with(files: &[(&str, &str)]) -> Repo {
    let repo = Repo::with_backlog();
    let config = repo.read("backlog/config.yml");
    repo.write(
        "backlog/config.yml",
        format!("{config}fields:\n  customer: text\nsprints:\n  S1: {{ capacity: 20, start: 2026-11-02, end: 2026-11-13 }}\n"),
    );
    repo.write(
        "backlog/stories/PAY-1-good.md",
        story(
            "PAY-1",
            "Good story",
            "status: ready\npoints: 3\nsprint: S1\n",
            "As a user I want x so that y.\n\n## Acceptance criteria\n- [ ] one\n",
        ),
    );
    for (path, text) in files {
        repo.write(path, text);
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "stories"]);
    repo
}

/// The human-readable commands, each run over the whole backlog or PAY-2.
const HUMAN: &[&[&str]] = &[
    &["list", "--all"],
    &["list", "--all", "--format", "markdown"],
    &[
        "list",
        "--all",
        "--columns",
        "id,title,labels,customer,assignee,depends_on,path",
    ],
    &["show", "PAY-2"],
    &["ac", "PAY-2", "list"],
    &["rank", "--all"],
    &["rank", "--all", "--by", "wsjf", "--explain"],
    &["next"],
    &["blocked"],
    &["sprint", "show", "S1"],
    &["sprint", "list"],
    &["sprint", "plan", "S1"],
    &["graph", "--all"],
    &["graph", "--all", "--format", "dot"],
    &["graph", "--all", "--format", "svg"],
    &["check"],
    &["check", "--format", "github"],
    &["log", "PAY-2"],
    &["diff", "HEAD~1..HEAD"],
    &["diff", "HEAD~1..HEAD", "--format", "markdown"],
    &["stats", "velocity"],
    &["stats", "flow"],
];

/// Control characters a person's terminal would obey, other than line breaks.
fn raw_controls(text: &str) -> Vec<String> {
    text.chars()
        .filter(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

#[test]
fn row3_control_characters_never_reach_a_terminal() {
    let hostile = "---\nid: PAY-2\ntitle: \"a\\e[31mred\\e]0;PWNED\\a\\e[2J\"\nstatus: ready\npoints: 5\nlabels: [\"x\\ny\", \"\\e[1mz\"]\nassignee: \"bob\\rmallory\"\ncustomer: \"ACME\\u202eevil\"\ndepends_on: [PAY-1]\nsprint: S1\n---\nA body line with \u{1b}]0;PWNED\u{7}\u{1b}[2J in it.\n\n## Acceptance criteria\n- [ ] tick \u{1b}[31mthis\n";
    let repo = repo_with(&[]);
    // Committed in a second commit, so `log` and `diff` have something to show.
    repo.write("backlog/stories/PAY-2-hostile.md", hostile);
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "hostile"]);
    for args in HUMAN {
        let out = repo.run(args);
        assert!(out.code <= 2, "{args:?}: {out:?}");
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let raw = raw_controls(text);
            assert!(raw.is_empty(), "{args:?} {stream} holds {raw:?}:\n{text}");
        }
    }
    // Shown visibly instead, and a title with a line break is one row.
    let list = repo.run(&["list", "--all"]).ok().stdout;
    assert!(list.contains("a\\u{1b}[31mred"), "{list}");
    assert_eq!(list.lines().count(), 3, "a header and two rows:\n{list}");
    let show = repo.run(&["show", "PAY-2"]).ok().stdout;
    assert!(show.contains("x\\ny"), "{show}");
    assert!(
        show.contains("with \\u{1b}]0;PWNED\\u{7}\\u{1b}[2J in it"),
        "{show}"
    );
}

#[test]
fn row3_new_checks_values_as_set_does_and_check_reports_controls() {
    let repo = repo_with(&[]);
    for args in [
        vec!["new", "x", "--assignee", "x\u{1b}[2Jy"],
        vec!["new", "x", "-l", "a\nb"],
        vec!["new", "x", "--sprint", "s\n1"],
        vec!["new", "x", "--epic", "PAY 1"],
    ] {
        let out = repo.run(&args).code(2);
        assert!(
            out.stderr.contains("control characters") || out.stderr.contains("epic"),
            "{out:?}"
        );
    }
    assert_eq!(repo.commit_count(), 2, "nothing was committed");
    repo.write(
        "backlog/stories/PAY-2-bad.md",
        "---\nid: PAY-2\ntitle: \"first\\nPAY-99 Fake row\"\nlabels: [ok, \"a\\e[31mb\"]\nsprint: \"S\\a1\"\nowner: \"x\\ty\"\nsteps: [one, \"t\\x01o\"]\ncreated: 2026-01-02\npoints: 3\n---\n",
    );
    let out = repo.run(&["check", "--format", "json"]).code(1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let found: Vec<String> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "BL016")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["line"],
                d["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "3:8 `title` of PAY-2 holds a line break",
            "4:14 `labels` of PAY-2 holds the control character U+001B",
            "5:9 `sprint` of PAY-2 holds the control character U+0007",
            "6:8 `owner` of PAY-2 holds the control character U+0009",
            "7:14 `steps` of PAY-2 holds the control character U+0001",
        ]
    );
}

#[test]
fn row6_numbers_are_finite_in_files_and_flags() {
    let repo = repo_with(&[(
        "backlog/stories/PAY-2-huge.md",
        "---\nid: PAY-2\ntitle: Huge\npoints: 1e400\n---\n",
    )]);
    let out = repo.run(&["list"]).code(2);
    assert!(
        out.stderr
            .contains("PAY-2-huge.md:4:9: points: \"1e400\" is not a finite number"),
        "{}",
        out.stderr
    );
    let check = repo.run(&["check"]).code(1);
    assert!(check.stdout.contains("BL001"), "{}", check.stdout);
    for flag in ["NaN", "inf", "-5", "1e400"] {
        let flag = format!("--capacity={flag}");
        let out = repo.run(&["sprint", "plan", "S1", &flag]).code(2);
        assert!(out.stderr.contains("number"), "{flag}: {}", out.stderr);
    }
    let out = repo.run(&["new", "x", "--value=-1"]).code(2);
    assert!(out.stderr.contains("0 or more"), "{}", out.stderr);
    repo.write(
        "backlog/stories/PAY-2-huge.md",
        "---\nid: PAY-2\ntitle: Negative\nvalue: -3\n---\n",
    );
    let check = repo.run(&["check"]).code(1);
    assert!(
        check.stdout.contains("value -3 is negative"),
        "{}",
        check.stdout
    );
}

#[test]
fn row7_conflict_markers_in_code_are_text() {
    let repo = repo_with(&[(
        "backlog/stories/PAY-2-example.md",
        "---\nid: PAY-2\ntitle: Explain conflicts\n---\nAs a dev I want to see one:\n\n```\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n```\n",
    )]);
    let out = repo.run(&["list", "--format", "ids"]).ok();
    assert_eq!(out.stdout, "PAY-1\nPAY-2\n");
}

#[test]
fn row9_ids_that_differ_in_case_are_one_id() {
    let repo = repo_with(&[(
        "backlog/stories/pay-1-lower.md",
        "---\nid: pay-1\ntitle: Lower\n---\n",
    )]);
    let out = repo.run(&["check", "--format", "json"]).code(1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let dups = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "BL006")
        .count();
    assert_eq!(dups, 2, "{}", out.stdout);
    let out = repo.run(&["set", "Pay-1", "points=5"]).code(2);
    assert!(out.stderr.contains("more than one story"), "{}", out.stderr);
}

#[test]
fn row13_rank_keys_are_checked_on_write() {
    let repo = repo_with(&[]);
    for bad in ["!!", "a0", "", "ABC"] {
        let out = repo.run(&["set", "PAY-1", &format!("rank={bad}")]);
        if bad.is_empty() {
            // `rank=` removes the key, which is allowed.
            out.ok();
            continue;
        }
        let out = out.code(2);
        assert!(
            out.stderr.contains("is not a rank key"),
            "{bad}: {}",
            out.stderr
        );
    }
    repo.run(&["rank", "PAY-1", "--top"]).ok();
}

#[test]
fn row14_an_output_error_is_said_once() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo");
    let out = std::process::Command::new(crate::common::BIN)
        .args(["-C", demo, "list", "--all", "--format", "json"])
        .stdout(
            std::fs::File::options()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.matches("cannot write output").count(), 1, "{stderr}");
}

#[test]
fn row4_csv_cells_are_never_formulas() {
    let repo = repo_with(&[(
        "backlog/stories/PAY-2-formula.md",
        "---\nid: PAY-2\ntitle: '=HYPERLINK(\"http://x\",\"click\")'\nassignee: \"@admin\"\n---\n",
    )]);
    let csv = repo.run(&["list", "--format", "csv"]).ok().stdout;
    let row = csv.lines().find(|l| l.starts_with("PAY-2,")).unwrap();
    assert!(
        row.starts_with("PAY-2,\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\","),
        "{row}"
    );
    assert!(row.contains(",\"'@admin\","), "{row}");
}

#[test]
fn row5_sarif_uris_are_percent_encoded() {
    let repo = repo_with(&[(
        "backlog/stories/PAY-8 a#b%41c.md",
        "---\nid: PAY-8\ntitle: Odd name\nstatus: dnoe\n---\n",
    )]);
    let out = repo.run(&["check", "--format", "sarif"]).code(1);
    let sarif: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"backlog/stories/PAY-8%20a%23b%2541c.md"),
        "{uris:?}"
    );
}

#[test]
fn row8_an_edit_never_changes_another_key_through_an_alias() {
    let text = "---\nid: PAY-2\ntitle: T\nsprint: &s S1\nassignee: *s\n---\n";
    let repo = repo_with(&[("backlog/stories/PAY-2-t.md", text)]);
    let out = repo.run(&["set", "PAY-2", "sprint=S2"]).code(2);
    assert!(
        out.stderr.contains(
            "backlog/stories/PAY-2-t.md: cannot edit this in place: `assignee` refers to the edited value through a YAML alias"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        repo.read("backlog/stories/PAY-2-t.md"),
        text,
        "nothing written"
    );
    assert_eq!(repo.commit_count(), 2, "nothing committed");
    // Editing the key that holds the alias is fine: only it changes.
    repo.run(&["set", "PAY-2", "assignee=bob"]).ok();
    assert!(
        repo.read("backlog/stories/PAY-2-t.md")
            .contains("sprint: &s S1\nassignee: bob\n")
    );
}

#[test]
fn row10_edit_checks_what_set_and_check_check() {
    let repo = repo_with(&[]);
    let path = "backlog/stories/PAY-1-good.md";
    let before = repo.read(path);
    for (change, says) in [
        (
            "s/points: 3/points: 7/",
            "points 7 is not on the points scale",
        ),
        (
            "s/status: ready/status: finished/",
            "status \"finished\" is not allowed",
        ),
        (
            "s/points: 3/depends_on: [PAY-99]/",
            "PAY-1 depends on PAY-99, which does not exist",
        ),
    ] {
        let mut cmd = repo.cmd();
        cmd.args(["edit", "PAY-1"])
            .env(
                "VISUAL",
                editor(&repo, &format!("sed -i '{change}' \"$1\"")),
            )
            .stdin(std::process::Stdio::null());
        let out = crate::common::run(&mut cmd).code(2);
        assert!(out.stderr.contains(says), "{change}: {}", out.stderr);
        assert!(
            out.stderr.contains("backlog/stories/PAY-1-good.md:"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("not committed"), "{}", out.stderr);
        assert_eq!(repo.commit_count(), 2, "{change}: nothing committed");
        // The text is kept, in the file and in a copy in the git dir.
        let kept = repo.read(path);
        assert_ne!(kept, before);
        assert_eq!(repo.read(".git/backlog-recovery/PAY-1-good.md"), kept);
        repo.write(path, &before);
    }
}

#[test]
fn row11_an_output_path_that_is_no_regular_file_is_written_into_not_replaced() {
    let repo = repo_with(&[]);
    let fifo = repo.path().join("chart.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let arg = fifo.display().to_string();
    repo.run(&["stats", "burndown", "S1", "--svg", &arg]).ok();
    let svg = reader.join().unwrap();
    assert!(svg.starts_with("<svg"), "{svg}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "still a FIFO"
    );
    // `-` is stdout, and a folder is refused.
    let out = repo.run(&["stats", "burndown", "S1", "--svg", "-"]).ok();
    assert!(out.stdout.starts_with("<svg") && out.stdout.trim_end().ends_with("</svg>"));
    let out = repo
        .run(&["stats", "burndown", "S1", "--svg", "backlog"])
        .code(2);
    assert!(out.stderr.contains("folder"), "{}", out.stderr);
}

#[test]
fn row12_a_story_that_breaks_is_unreadable_not_removed() {
    let repo = repo_with(&[]);
    repo.write(
        "backlog/stories/PAY-1-good.md",
        "---\nid: PAY-1\ntitle: 'unclosed\n---\nbody\n",
    );
    repo.git(&["commit", "-qam", "break it"]);
    for format in ["text", "json", "markdown"] {
        let out = repo
            .run(&["diff", "HEAD~1..HEAD", "--format", format])
            .code(2);
        assert!(
            !out.stdout.contains("removed ("),
            "{format}: {}",
            out.stdout
        );
        if format == "json" {
            let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
            assert_eq!(doc["removed"], serde_json::json!([]));
            assert_eq!(doc["unreadable"][0]["revision"], "HEAD");
            assert_eq!(
                doc["unreadable"][0]["path"],
                "backlog/stories/PAY-1-good.md"
            );
            assert_eq!(doc["unreadable"][0]["line"], 3);
        } else {
            assert!(
                out.stdout.contains("1 unreadable"),
                "{format}: {}",
                out.stdout
            );
        }
    }
    let out = repo.run(&["log", "PAY-1"]).code(2);
    assert!(
        out.stdout
            .contains("unreadable: backlog/stories/PAY-1-good.md:3:8:"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("deleted"), "{}", out.stdout);
}
