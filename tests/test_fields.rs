//! A custom field declared in config.yml takes part everywhere a built-in field does:
//! `new`, `set`, `list --columns`, `--where`, `--sort`, CSV, JSON and `show`.

use crate::common::Repo;

fn repo_with_custom_field() -> Repo {
    let repo = Repo::with_backlog();
    let config = repo.read("backlog/config.yml");
    repo.write(
        "backlog/config.yml",
        format!("{config}fields:\n  requested_by: text\n  customers: list\n"),
    );
    repo.git(&["commit", "-qam", "custom fields"]);
    repo
}

#[test]
fn a_custom_field_works_in_every_command() {
    let repo = repo_with_custom_field();
    // new: the field is written as `set` would write it, and committed.
    let out = repo
        .run(&[
            "new",
            "Refund a payment",
            "--set",
            "requested_by=sales",
            "-q",
        ])
        .ok();
    assert_eq!(out.stdout, "PAY-1\n");
    let path = repo.story_path("PAY-1");
    assert!(
        repo.read(&path).contains("\nrequested_by: sales\n"),
        "{}",
        repo.read(&path)
    );
    repo.run(&[
        "new",
        "Export to CSV",
        "--set",
        "requested_by=finance",
        "--set",
        "customers=acme,globex",
    ])
    .ok();
    repo.run(&["new", "Dark mode"]).ok();
    // A wrong value for a declared type is refused, like a built-in field.
    let bad = repo
        .run(&["new", "Nope", "--set", "requested_by=a\u{1b}b"])
        .code(2);
    assert!(bad.stderr.contains("requested_by"), "{}", bad.stderr);

    // set: one line changes.
    repo.run(&["set", "PAY-3", "requested_by=support"]).ok();
    let diff = repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]);
    assert!(diff.starts_with("1\t0\t"), "one line added: {diff}");
    repo.run(&["set", "PAY-2", "customers+=initech"]).ok();

    // list --columns, headed by the field's label.
    let table = repo
        .run(&[
            "list",
            "--columns",
            "id,requested_by,customers",
            "--sort",
            "requested_by",
        ])
        .ok();
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(
        lines[0].contains("Requested by") && lines[0].contains("Customers"),
        "{}",
        table.stdout
    );
    // --sort on the custom field: finance, sales, support.
    let order: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(order, ["PAY-2", "PAY-1", "PAY-3"], "{}", table.stdout);
    let desc = repo
        .run(&["list", "--sort", "-requested_by", "--format", "ids"])
        .ok();
    assert_eq!(desc.stdout, "PAY-3\nPAY-1\nPAY-2\n");

    // --where on a text and on a list field; an unknown field is an error.
    let sales = repo
        .run(&["list", "--where", "requested_by=sales", "--format", "ids"])
        .ok();
    assert_eq!(sales.stdout, "PAY-1\n");
    let acme = repo
        .run(&["list", "-w", "customers=initech", "--format", "ids"])
        .ok();
    assert_eq!(acme.stdout, "PAY-2\n");
    let either = repo
        .run(&[
            "list",
            "-w",
            "requested_by=sales",
            "-w",
            "requested_by=support",
            "--format",
            "ids",
        ])
        .ok();
    assert_eq!(either.stdout, "PAY-1\nPAY-3\n");
    let typo = repo.run(&["list", "--where", "requested_bi=sales"]).code(2);
    assert!(
        typo.stderr.contains("did you mean `requested_by`"),
        "{}",
        typo.stderr
    );

    // CSV: the custom fields after the built-in columns, lists comma-separated.
    let csv = repo.run(&["list", "--format", "csv"]).ok();
    let header = csv.stdout.lines().next().unwrap();
    assert!(
        header
            .contains(",path,release,goal,outcome,reason,customers,requested_by,time_criticality,"),
        "{header}"
    );
    assert!(
        csv.stdout.contains(",\"acme, globex, initech\",finance,"),
        "{}",
        csv.stdout
    );

    // JSON: the declared fields under `fields`, typed.
    let json = repo.run(&["show", "PAY-2", "--json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["story"]["fields"]["requested_by"], "finance");
    assert_eq!(
        doc["story"]["fields"]["customers"],
        serde_json::json!(["acme", "globex", "initech"])
    );

    // show: aligned, with its label.
    let shown = repo.run(&["show", "PAY-2"]).ok();
    assert!(
        shown.stdout.contains("\nRequested by finance\n"),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains("\nCustomers    acme, globex, initech\n"),
        "{}",
        shown.stdout
    );
}
