use crate::common::{Repo, story};

fn repo() -> Repo {
    let repo = Repo::with_backlog();
    repo.write(
        "backlog/stories/PAY-12-refund.md",
        story(
            "PAY-12",
            "Refund a card payment",
            "status: ready\npriority: must\nvalue: 8\npoints: 5\nlabels: [payments, api]\ncountry: NO # kept as text\n",
            "As a support agent I want to refund a payment so that the customer is paid back.\n\n## Acceptance criteria\n- [x] Full refund\n- [ ] Partial refund\n- [x] Refund webhook\n",
        ),
    );
    repo
}

#[test]
fn show_renders_fields_description_and_progress() {
    let repo = repo();
    let out = repo.run(&["show", "PAY-12"]).ok();
    assert_eq!(
        out.stdout,
        "\
PAY-12  Refund a card payment

Type       story
Status     ready
Priority   must
Value      8
Points     5
Labels     payments, api
country    NO
Ready?     yes (the Definition of Ready)
File       backlog/stories/PAY-12-refund.md

As a support agent I want to refund a payment so that the customer is paid back.

Acceptance criteria (2/3)
  [x] 1. Full refund
  [ ] 2. Partial refund
  [x] 3. Refund webhook
"
    );
}

#[test]
fn show_json_and_raw() {
    let repo = repo();
    let out = repo.run(&["show", "pay-12", "--json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["story"]["id"], "PAY-12");
    assert_eq!(doc["story"]["extra"]["country"], "NO");
    assert_eq!(
        doc["story"]["comments"],
        serde_json::json!([{"line": 9, "text": "kept as text"}])
    );
    assert_eq!(doc["story"]["progress"]["done"], 2);
    assert_eq!(doc["story"]["criteria"][0]["line"], 14);
    let raw = repo.run(&["show", "PAY-12", "--raw"]).ok();
    assert_eq!(raw.stdout, repo.read("backlog/stories/PAY-12-refund.md"));
}

#[test]
fn an_unknown_id_names_the_closest() {
    let repo = repo();
    repo.write("backlog/stories/PAY-13-x.md", story("PAY-13", "x", "", ""));
    repo.write(
        "backlog/stories/PAY-100-x.md",
        story("PAY-100", "x", "", ""),
    );
    let out = repo.run(&["show", "PAY-99"]).code(2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: no story PAY-99 (closest: PAY-100, PAY-13, PAY-12)\n"
    );
}
