use crate::common::Repo;

#[test]
fn criteria_change_one_line_at_a_time() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Pay"]).ok();
    let path = "backlog/stories/PAY-1-pay.md";
    repo.run(&[
        "ac",
        "PAY-1",
        "add",
        "Given an expired card, when I pay, then I see why it failed",
    ])
    .ok();
    assert_eq!(
        repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        format!("1\t0\t{path}\n")
    );
    assert_eq!(
        repo.head_subject(),
        "backlog(PAY-1): criterion added: Given an expired card, when I pay, then I see why it failed"
    );
    repo.run(&["ac", "PAY-1", "add", "A receipt is sent"]).ok();
    repo.run(&["ac", "PAY-1", "check", "2"]).ok();
    assert_eq!(
        repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        format!("1\t1\t{path}\n")
    );
    assert_eq!(repo.head_subject(), "backlog(PAY-1): criterion 2 checked");
    let out = repo.run(&["ac", "PAY-1", "list"]).ok();
    assert_eq!(
        out.stdout,
        "1. [ ] Given an expired card, when I pay, then I see why it failed\n2. [x] A receipt is sent\n"
    );
    repo.run(&[
        "ac",
        "PAY-1",
        "edit",
        "1",
        "Expired cards are refused with a reason",
    ])
    .ok();
    repo.run(&["ac", "PAY-1", "uncheck", "2"]).ok();
    repo.run(&["ac", "PAY-1", "rm", "2"]).ok();
    assert!(
        repo.read(path)
            .ends_with("## Acceptance criteria\n- [ ] Expired cards are refused with a reason\n")
    );
    let out = repo.run(&["ac", "PAY-1", "check", "5"]).code(2);
    assert!(
        out.stderr
            .contains("there is no criterion 5: expected a number from 1 to 1"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_section_is_created_when_missing() {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-1-x.md",
        "---\nid: PAY-1\ntitle: x\n---\nAs a user I want x.\n",
    );
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "x"]);
    repo.run(&["ac", "PAY-1", "add", "It works"]).ok();
    assert_eq!(
        repo.read("backlog/stories/PAY-1-x.md"),
        "---\nid: PAY-1\ntitle: x\n---\nAs a user I want x.\n\n## Acceptance criteria\n- [ ] It works\n"
    );
    let json = repo.run(&["ac", "PAY-1", "list", "--json"]).ok().stdout;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["criteria"][0]["line"], 8);
    assert_eq!(doc["progress"]["total"], 1);
}
