use std::process::Command;

use crate::common::{Repo, story};

/// A small backlog written by hand, committed.
fn backlog() -> Repo {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-epic.md",
        story("PAY-1", "Payments", "type: epic\nstatus: doing\n", ""),
    );
    repo.write(
        "backlog/stories/PAY-2-refund.md",
        story("PAY-2", "Refund a card payment", "status: ready\npriority: must\npoints: 5\nvalue: 8\nepic: PAY-1\nlabels: [payments, api]\nsprint: 2026-S24\nrank: b\n",
              "As an agent I want refunds.\n\n## Acceptance criteria\n- [x] one\n- [ ] two\n"),
    );
    repo.write(
        "backlog/stories/PAY-3-wallet.md",
        story("PAY-3", "Wallet payments", "status: ready\npriority: should\npoints: 3\nlabels: [payments, mobile]\nassignee: li\nrank: a\ncustomer: ACME\n", "Apple Pay, Google Pay.\n"),
    );
    repo.write(
        "backlog/stories/PAY-4-done.md",
        story(
            "PAY-4",
            "Tokenise cards",
            "status: done\npoints: 8\nlabels: [payments]\n",
            "",
        ),
    );
    repo.write(
        "backlog/stories/PAY-10-bug.md",
        story(
            "PAY-10",
            "Rounding bug",
            "type: bug\nstatus: draft\npriority: must\n",
            "JPY amounts are wrong.\n",
        ),
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "stories"]);
    repo
}

fn ids(repo: &Repo, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "ids"];
    all.extend_from_slice(args);
    repo.run(&all)
        .ok()
        .stdout
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn the_default_table_hides_done_and_keeps_the_manual_order() {
    let repo = backlog();
    let out = repo.run(&["list"]).ok();
    assert_eq!(
        out.stdout,
        "\
ID      Title                  Type   Status  Priority  Points  Value  Epic   Sprint    Labels            AC
PAY-3   Wallet payments        story  ready   should    3                               payments, mobile
PAY-2   Refund a card payment  story  ready   must      5       8      PAY-1  2026-S24  payments, api     1/2
PAY-1   Payments               epic   doing
PAY-10  Rounding bug           bug    draft   must
"
    );
    assert_eq!(
        out.stderr,
        "4 stories (1 done not shown; --all shows them)\n"
    );
    assert_eq!(
        ids(&repo, &["--all"]),
        ["PAY-3", "PAY-2", "PAY-1", "PAY-4", "PAY-10"]
    );
}

#[test]
fn filters_combine_with_and() {
    let repo = backlog();
    assert_eq!(
        ids(&repo, &["--status", "ready", "--label", "payments"]),
        ["PAY-3", "PAY-2"]
    );
    assert_eq!(
        ids(&repo, &["--label", "payments", "--label", "api"]),
        ["PAY-2"]
    );
    assert_eq!(
        ids(&repo, &["--status", "ready,draft", "--priority", "must"]),
        ["PAY-2", "PAY-10"]
    );
    assert_eq!(ids(&repo, &["--type", "bug"]), ["PAY-10"]);
    assert_eq!(ids(&repo, &["--epic", "PAY-1"]), ["PAY-2"]);
    assert_eq!(ids(&repo, &["--sprint", "2026-S24"]), ["PAY-2"]);
    assert_eq!(ids(&repo, &["--assignee", "li"]), ["PAY-3"]);
    assert_eq!(ids(&repo, &["--grep", "google"]), ["PAY-3"]);
    assert_eq!(
        ids(&repo, &["--grep", "TWO"]),
        ["PAY-2"],
        "criteria are searched too"
    );
    assert_eq!(
        ids(&repo, &["--status", "done"]),
        ["PAY-4"],
        "asking for done shows done"
    );
    assert!(ids(&repo, &["--label", "nothing"]).is_empty());
}

#[test]
fn sorting() {
    let repo = backlog();
    assert_eq!(
        ids(&repo, &["--sort", "id"]),
        ["PAY-1", "PAY-2", "PAY-3", "PAY-10"]
    );
    assert_eq!(
        ids(&repo, &["--sort", "-points"]),
        ["PAY-2", "PAY-3", "PAY-1", "PAY-10"]
    );
    assert_eq!(
        ids(&repo, &["--sort", "priority"]),
        ["PAY-2", "PAY-10", "PAY-3", "PAY-1"]
    );
    assert_eq!(
        ids(&repo, &["--sort", "status:desc"]),
        ["PAY-1", "PAY-3", "PAY-2", "PAY-10"]
    );
    let out = repo.run(&["list", "--sort", "pionts"]).code(2);
    assert!(
        out.stderr
            .contains("cannot sort by \"pionts\": no such field (did you mean `points`?)"),
        "{}",
        out.stderr
    );
}

#[test]
fn json_is_versioned_and_carries_extra_keys() {
    let repo = backlog();
    let out = repo
        .run(&[
            "list", "--status", "ready", "--label", "payments", "--format", "json",
        ])
        .ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["version"], 2);
    let stories = doc["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0]["id"], "PAY-3");
    assert_eq!(stories[0]["extra"], serde_json::json!({"customer": "ACME"}));
    assert_eq!(stories[0]["path"], "backlog/stories/PAY-3-wallet.md");
    assert_eq!(stories[1]["points"], 5);
    assert_eq!(
        stories[1]["progress"],
        serde_json::json!({"done": 1, "total": 2})
    );
    assert_eq!(
        stories[1]["criteria"][1],
        serde_json::json!({"text": "two", "done": false, "line": 17})
    );
    assert_eq!(out.stderr, "");

    let lines = repo.run(&["ls", "--format", "jsonl"]).ok().stdout;
    assert_eq!(lines.lines().count(), 4);
    for line in lines.lines() {
        let story: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(story["id"].is_string());
    }
}

#[test]
fn csv_and_markdown() {
    let repo = backlog();
    let csv = repo
        .run(&["list", "--format", "csv", "--label", "api"])
        .ok()
        .stdout;
    assert_eq!(
        csv,
        "id,title,type,status,priority,value,points,epic,sprint,depends_on,labels,assignee,rank,created,due,criteria_done,criteria_total,path,release,goal,outcome,reason,time_criticality,risk_reduction,reach,impact,confidence,description,criteria\r\n\
PAY-2,Refund a card payment,story,ready,must,8,5,PAY-1,2026-S24,,\"payments, api\",,b,,,1,2,backlog/stories/PAY-2-refund.md,,,,,,,,,,As an agent I want refunds.,\"[x] one\n[ ] two\"\r\n"
    );
    let md = repo
        .run(&[
            "list",
            "--format",
            "markdown",
            "--columns",
            "id,title,criteria",
            "--label",
            "api",
        ])
        .ok()
        .stdout;
    assert_eq!(
        md,
        "| ID | Title | AC |\n| --- | --- | --- |\n| PAY-2 | Refund a card payment | 1/2 |\n"
    );
}

#[test]
fn the_table_fits_the_width() {
    let repo = backlog();
    let mut cmd = repo.cmd();
    cmd.args(["list", "--columns", "id,title,labels"])
        .env("COLUMNS", "30");
    let out = crate::common::run(&mut cmd).ok();
    for line in out.stdout.lines() {
        assert!(line.chars().count() <= 30, "{line:?} is wider than 30");
    }
    assert!(out.stdout.contains("PAY-2"));
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let repo = backlog();
    let plain = repo.run(&["list"]).ok().stdout;
    assert!(!plain.contains('\x1b'), "no colour into a pipe");
    let coloured = repo.run(&["list", "--color", "always"]).ok().stdout;
    assert!(coloured.contains("\x1b["));
    let mut cmd = repo.cmd();
    cmd.args(["list"]).env("NO_COLOR", "1");
    assert!(!crate::common::run(&mut cmd).ok().stdout.contains('\x1b'));
}

#[test]
fn bad_filter_values_are_errors() {
    let repo = backlog();
    let out = repo.run(&["list", "--status", "redy"]).code(2);
    assert!(
        out.stderr
            .contains("--status \"redy\" is not defined (did you mean `ready`?)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_backlog_in_a_sub_folder_is_found_from_inside_it() {
    let repo = Repo::new();
    repo.write("services/pay/backlog/config.yml", "prefix: SUB\n");
    repo.write(
        "services/pay/backlog/stories/SUB-1-x.md",
        story("SUB-1", "Nested", "", ""),
    );
    let mut cmd = repo.cmd();
    cmd.current_dir(repo.file("services/pay"))
        .args(["list", "--format", "json"]);
    let out = crate::common::run(&mut cmd).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        doc["stories"][0]["path"],
        "services/pay/backlog/stories/SUB-1-x.md"
    );
    let out = repo.run(&["list"]).code(2);
    assert!(out.stderr.contains("no backlog in"), "{}", out.stderr);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let repo = backlog();
    let mut child = repo
        .cmd()
        .args(["list", "--format", "jsonl", "--all"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_board_has_a_column_per_status_in_the_manual_order() {
    let repo = crate::common::Repo::with_backlog();
    repo.run(&["new", "Payments", "--type", "epic", "-q"]).ok();
    repo.run(&[
        "new",
        "Refund a card payment",
        "--status",
        "ready",
        "--points",
        "5",
        "-p",
        "must",
        "--assignee",
        "jonas",
        "--ac",
        "It refunds",
        "--sprint",
        "S1",
        "-q",
    ])
    .ok();
    repo.run(&[
        "new",
        "Partial refunds",
        "--status",
        "ready",
        "--points",
        "3",
        "--sprint",
        "S1",
        "-q",
    ])
    .ok();
    repo.run(&[
        "new",
        "Login fails",
        "--type",
        "bug",
        "--status",
        "doing",
        "--sprint",
        "S1",
        "-q",
    ])
    .ok();
    repo.run(&["new", "Elsewhere", "--sprint", "S2", "-q"]).ok();
    repo.run(&["rank", "PAY-3", "--top"]).ok();
    let mut env = repo.cmd();
    env.args(["board", "--sprint", "S1"]).env("COLUMNS", "150");
    let wide = crate::common::run(&mut env).ok().stdout;
    let head = wide.lines().next().unwrap();
    assert!(
        head.starts_with("draft (0 stories)")
            && head.contains("ready (2 stories, 8 pts)")
            && head.contains("doing (1 story)"),
        "{wide}"
    );
    // Cards in the manual order (PAY-3 was ranked first), with what a card shows.
    let ready_at = head.find("ready").unwrap();
    let column: Vec<String> = wide
        .lines()
        .map(|l| {
            l.chars()
                .skip(ready_at)
                .take(26)
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    let pay3 = column.iter().position(|l| l.starts_with("PAY-3")).unwrap();
    let pay2 = column.iter().position(|l| l.starts_with("PAY-2")).unwrap();
    assert!(pay3 < pay2, "{wide}");
    assert!(
        wide.contains("PAY-2 · must · 5 pts") && wide.contains("@jonas · 0/1 criteria"),
        "{wide}"
    );
    assert!(wide.contains("PAY-4 · bug"), "{wide}");
    assert!(
        !wide.contains("PAY-1 ") && !wide.contains("PAY-5"),
        "no epic, no other sprint: {wide}"
    );
    // Too narrow: the columns one under another.
    let mut narrow = repo.cmd();
    narrow
        .args(["board", "--sprint", "S1"])
        .env("COLUMNS", "40");
    let narrow = crate::common::run(&mut narrow).ok().stdout;
    assert!(narrow.starts_with("draft (0 stories)\n"), "{narrow}");
    let doc: serde_json::Value =
        serde_json::from_str(&repo.run(&["board", "--sprint", "S1", "--json"]).ok().stdout)
            .unwrap();
    assert_eq!(doc["columns"][1]["status"], "ready");
    assert_eq!(doc["columns"][1]["points"], 8);
    assert_eq!(doc["columns"][1]["cards"][0]["id"], "PAY-3");
}

/// `list` in a real pseudo-terminal of `cols` × `rows` (util-linux `script`).
fn list_in_a_pty(repo: &Repo, size: &str, args: &str) -> String {
    let script = crate::common::client("script", "apt-get install bsdutils");
    let cmd = repo.cmd();
    let command = format!(
        "stty {size}; {} list --color never {args}",
        crate::common::BIN
    );
    let mut pty = Command::new(script);
    pty.env_remove("COLUMNS")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(repo.path())
        .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))));
    let out = crate::common::run(&mut pty).ok();
    out.stdout.replace("\r\n", "\n")
}

#[test]
fn in_a_narrow_terminal_titles_are_cut_with_an_ellipsis_or_wrapped_when_asked() {
    let repo = backlog();
    repo.run(&[
        "new",
        "Show the refund status to the customer in the mobile app and by e-mail",
        "-q",
    ])
    .ok();
    let columns = "--columns id,title,status,priority";
    let narrow = list_in_a_pty(&repo, "cols 60 rows 24", columns);
    let lines: Vec<&str> = narrow.lines().collect();
    assert_eq!(
        lines.len(),
        1 + 5 + 1,
        "a header, a line a story, a summary: {narrow}"
    );
    for line in &lines {
        assert!(line.chars().count() <= 60, "{line:?} is wider than 60");
    }
    assert!(
        narrow.contains("PAY-11  Show the refund status to the c…  draft"),
        "{narrow}"
    );
    assert!(
        narrow.contains("Refund a card payment  "),
        "short titles whole: {narrow}"
    );
    // A terminal that reports no size is taken as 80 columns wide.
    let unsized_ = list_in_a_pty(&repo, "cols 0 rows 0", columns);
    assert!(
        unsized_.lines().all(|l| l.chars().count() <= 80),
        "{unsized_}"
    );
    assert!(
        unsized_.contains("in the mobil…  draft") && !unsized_.contains("e-mail"),
        "{unsized_}"
    );
    assert_eq!(unsized_.lines().count(), 7, "{unsized_}");
    // --wrap: the whole title, over several lines.
    let wrapped = list_in_a_pty(&repo, "cols 60 rows 24", &format!("{columns} --wrap"));
    assert!(!wrapped.contains('…'), "{wrapped}");
    assert!(wrapped.lines().count() > 7, "{wrapped}");
    assert!(wrapped.contains("e-mail"), "{wrapped}");
}
