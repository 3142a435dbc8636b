//! `site build`: the static site, opened in a real browser (Debian's Chromium, through
//! playwright-core) and audited with axe-core inside it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::common::{Repo, client, run};

/// Where npm put playwright-core, axe-core and mermaid (`bash .ci/test` installs them).
fn node_modules() -> PathBuf {
    let dir = std::env::var_os("GIT_BACKLOG_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/git-backlog/node/node_modules")
        });
    for module in ["playwright-core", "axe-core", "mermaid"] {
        assert!(
            dir.join(module).is_dir(),
            "this test drives Chromium with playwright-core, audits with axe-core and renders with mermaid; {module} is not in {}: npm install --prefix ~/.cache/git-backlog/node playwright-core@1 axe-core@4 mermaid@11 (or run `bash .ci/test`, which installs them)",
            dir.display()
        );
    }
    dir
}

/// Open `pages` in Chromium and audit them (tests/clients/site_check.js): each must have
/// no serious or critical accessibility violation, no console error, no request and no
/// alert. Returns the report, with what the search box did.
fn audit(pages: &[String]) -> Value {
    let node = client("node", "apt-get install nodejs");
    let chromium = client("chromium", "apt-get install chromium");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/site_check.js");
    let checked = run(Command::new(&node)
        .arg(script)
        .arg(&chromium)
        .args(pages)
        .env("NODE_PATH", node_modules()));
    assert_eq!(checked.code, 0, "{checked:?}");
    let report: Value = serde_json::from_str(&checked.stdout).unwrap();
    for page in pages {
        let seen = &report["pages"][page];
        assert_eq!(seen["violations"], serde_json::json!([]), "{page}: {seen}");
        assert_eq!(seen["console"], serde_json::json!([]), "{page}: {seen}");
        assert_eq!(seen["requests"], serde_json::json!([]), "{page}: {seen}");
        assert_eq!(seen["alerts"], 0, "{page}: {seen}");
    }
    report
}

#[test]
fn the_site_is_safe_self_contained_accessible_and_searchable_in_a_real_browser() {
    let repo = Repo::with_backlog();
    repo.run(&["new", "Payments", "--type", "epic", "-q"]).ok();
    repo.run(&[
        "new", "Refund a card payment", "--status", "ready", "--points", "5", "--value", "8", "-p", "must",
        "--epic", "PAY-1", "-l", "payments", "--assignee", "jonas",
        "--description", "As a merchant I want **refunds** so that [customers](https://example.test) are happy.\n\n<img src=x onerror=alert(1)> [click](javascript:alert(2)) [d](DATA:text/html,hi) ![chart](https://example.test/chart.png) [docs](../docs/x.md)",
        "--ac", "The customer is credited", "-q",
    ])
    .ok();
    repo.run(&[
        "new",
        "<script>alert(1)</script>",
        "--status",
        "doing",
        "-d",
        "PAY-2",
        "-q",
    ])
    .ok();
    repo.run(&["ac", "PAY-2", "check", "1"]).ok();
    repo.run(&[
        "sprint",
        "start",
        "2026-S1",
        "--goal",
        "Refunds <em>now</em>",
        "--start",
        "2026-11-20",
        "--end",
        "2026-12-03",
        "--capacity",
        "10",
    ])
    .ok();
    repo.run(&["set", "PAY-2", "sprint=2026-S1"]).ok();
    repo.run(&[
        "release",
        "new",
        "2.0",
        "--target",
        "2027-01-29",
        "--goal",
        "Merchants refund",
    ])
    .ok();
    repo.run(&["set", "PAY-2", "release=2.0"]).ok();
    let out = repo.run(&["site", "build", "public"]).ok();
    assert!(out.stderr.contains("Wrote 10 pages"), "{}", out.stderr);
    let read = |rel: &str| repo.read(&format!("public/{rel}"));
    let index = read("index.html");
    let hostile = read("stories/PAY-3.html");
    let refund = read("stories/PAY-2.html");
    // Escaped everywhere; raw HTML in a description is shown as text; no script link.
    for page in [&index, &hostile] {
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
        assert!(!page.contains("<script>alert"), "{page}");
    }
    assert!(
        refund.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{refund}"
    );
    assert!(!refund.contains("href=\"javascript:"), "{refund}");
    assert!(
        refund.contains("<a href=\"#blocked\">click</a>")
            && refund.contains("<a href=\"#blocked\">d</a>"),
        "only http, https, mailto and relative links stay: {refund}"
    );
    assert!(
        refund.contains("<a href=\"https://example.test/chart.png\">chart</a>")
            && refund.contains("<a href=\"../docs/x.md\">docs</a>")
            && !refund.contains("<img"),
        "an image is a link, never fetched: {refund}"
    );
    assert!(
        refund.contains("<strong>refunds</strong>"),
        "Markdown is rendered: {refund}"
    );
    assert!(
        refund.contains("<a href=\"PAY-3.html\">PAY-3</a>"),
        "its dependents link: {refund}"
    );
    // The 2×2: PAY-2 has value and points, so it is placed and named in the table.
    let matrix = read("matrix.html");
    assert!(
        matrix.contains("<svg role=\"img\"")
            && matrix.contains("<td>Quick wins</td><td><a href=\"stories/PAY-2.html\">PAY-2</a>"),
        "{matrix}"
    );
    // The sprint page (the commits are dated 2026-11-27): its goal (escaped), the story
    // that joined after its first day as a scope change, its burndown and burnup, and the
    // velocity chart above.
    let sprints = read("sprints.html");
    for expected in [
        "<h2>Velocity</h2>",
        "<h2 id=\"sprint-2026-S1\">Sprint 2026-S1</h2>",
        "<td>Refunds &lt;em&gt;now&lt;/em&gt;</td>",
        "<th scope=\"row\">Added during it</th><td><a href=\"stories/PAY-2.html\"",
        "Sprint 2026-S1 burndown",
        "Sprint 2026-S1 burnup",
    ] {
        assert!(sprints.contains(expected), "{expected} in {sprints}");
    }
    // The roadmap: the release on a timeline and in a table.
    let roadmap = read("roadmap.html");
    for expected in [
        "<svg role=\"img\"",
        "<td>2.0</td>",
        "<td>Merchants refund</td>",
        "<td>2027-01-29</td>",
    ] {
        assert!(roadmap.contains(expected), "{expected} in {roadmap}");
    }
    // Each story's history from git, unless asked not to.
    assert!(
        refund.contains("<h2>History</h2>\n<ol class=\"history\">"),
        "{refund}"
    );
    repo.run(&["site", "build", "--no-history", "quick"]).ok();
    let quick = repo.read("quick/stories/PAY-2.html");
    assert!(!quick.contains("<h2>History</h2>") && quick.contains("The customer is credited"));
    // The dependency graph, drawn by git-backlog, and the same as a list; the health.
    let graph = read("graph.html");
    for expected in [
        "<title>PAY-2 before PAY-3</title>",
        "font-weight=\"bold\">PAY-2</text>",
        "&lt;script&gt;alert(1)&lt;/script&gt; needs <a href=\"stories/PAY-2.html\">PAY-2</a></li>",
    ] {
        assert!(graph.contains(expected), "{expected} in {graph}");
    }
    let health = read("health.html");
    assert!(
        health.contains("Backlog health: <strong>") && health.contains("<td>too-large</td>"),
        "{health}"
    );
    // A policy, and nothing fetched from anywhere.
    for page in [
        &index,
        &hostile,
        &refund,
        &read("backlog.html"),
        &sprints,
        &roadmap,
        &graph,
        &health,
    ] {
        assert!(
            page.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'")
        );
        assert!(
            !page.contains("src=\"http") && !page.contains("<link"),
            "{page}"
        );
    }
    // In the browser: no console error (the policy lets the site's own script run), no
    // request, no alert, no serious or critical accessibility violation, and the search
    // box filters the board.
    let pages: Vec<String> = [
        "index.html",
        "backlog.html",
        "stories/PAY-2.html",
        "stories/PAY-3.html",
        "matrix.html",
        "sprints.html",
        "roadmap.html",
        "graph.html",
        "health.html",
    ]
    .iter()
    .map(|p| repo.file(&format!("public/{p}")).display().to_string())
    .collect();
    let report = audit(&pages);
    let search = &report["search"];
    assert_eq!(search["total"], 2, "{search}");
    assert_eq!(search["shown"], 1, "typing an ID leaves its card: {search}");
    // A second build replaces the pages, and drops the page of a story that is gone.
    repo.run(&["rm", "PAY-3"]).ok();
    repo.run(&["site", "build", "public"]).ok();
    assert!(!repo.file("public/stories/PAY-3.html").exists());
    // Configured: the backlog ordered by a score, each explained; the matrix's lines set.
    let config = repo.read("backlog/config.yml");
    repo.write(
        "backlog/config.yml",
        format!("{config}site:\n  rank_by: value-effort\n  matrix: {{value: 10, effort: 3}}\n"),
    );
    repo.run(&["site", "build", "public"]).ok();
    let ordered = read("backlog.html");
    assert!(
        ordered.contains("<th scope=\"col\">Score (value-effort)</th>")
            && ordered.contains("<details><summary>1.6</summary><ul class=\"terms\"><li>value 8"),
        "{ordered}"
    );
    assert!(
        ordered.contains("unscored: "),
        "the epic has no inputs: {ordered}"
    );
    let matrix = read("matrix.html");
    assert!(
        matrix.contains("split at the lines set in config.yml: value 10, effort 3 points")
            && matrix.contains("<td>Money pit</td><td><a href=\"stories/PAY-2.html\">PAY-2</a>")
            && !matrix.contains("y1=\"-"),
        "{matrix}"
    );
    // A mistake there is an error at its line, and nothing is written.
    repo.write(
        "backlog/config.yml",
        format!("{config}site:\n  rank_by: wjsf\n"),
    );
    let out = repo.run(&["site", "build", "public"]).code(2);
    assert!(
        out.stderr
            .contains("site.rank_by: expected one of moscow, value-effort, wsjf"),
        "{}",
        out.stderr
    );
}

#[test]
fn mermaid_shows_titles_as_written_in_the_real_renderer() {
    let node = client("node", "apt-get install nodejs");
    let chromium = client("chromium", "apt-get install chromium");
    let modules = node_modules();
    let repo = Repo::with_backlog();
    let title = "Say \"hi\" [x] & <b>bold</b> #1; end";
    repo.run(&["new", "Payments", "--type", "epic", "-q"]).ok();
    repo.run(&["new", title, "--epic", "PAY-1", "-q"]).ok();
    repo.run(&[
        "new",
        "Refunds (full) -> {partial} | `code` *star* _under_ ü 💳",
        "-q",
    ])
    .ok();
    repo.run(&["set", "PAY-3", "depends_on=PAY-2"]).ok();
    let chart = repo.run(&["graph", "--format", "mermaid"]).ok().stdout;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/clients/mermaid_check.js"
    );
    let mut cmd = Command::new(&node);
    cmd.arg(script)
        .arg(&chromium)
        .env("NODE_PATH", &modules)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), chart.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        seen.get("error").is_none(),
        "the renderer refused {chart}: {seen}"
    );
    let labels: Vec<&str> = seen["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for expected in [
        "PAY-1 Payments",
        "PAY-2 Say \"hi\" [x] & <b>bold</b> #1; end",
        "PAY-3 Refunds (full) -> {partial} | `code` *star* _under_ ü 💳",
    ] {
        assert!(
            labels.contains(&expected),
            "{expected:?} in {labels:?} from {chart}"
        );
    }
    assert_eq!(seen["markup"], 0, "no HTML from a title: {seen}");
    assert_eq!(seen["alerts"], serde_json::json!([]));
}

#[test]
fn serve_rebuilds_on_a_change_and_the_open_page_reloads_itself() {
    use std::io::BufRead;
    let node = client("node", "apt-get install nodejs");
    let chromium = client("chromium", "apt-get install chromium");
    let modules = node_modules();
    let repo = Repo::with_backlog();
    repo.run(&["new", "Refund a card payment", "-q"]).ok();
    let mut server = repo
        .cmd()
        .args(["site", "serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The address comes first on stdout, alone.
    let mut url = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let url = url.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // Plain HTTP: the page, the build's version, a missing page, and no writes.
    let get = |method: &str, path: &str| -> String {
        use std::io::{Read, Write};
        let host = url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "{method} /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let story = get("GET", "stories/PAY-1.html");
    assert!(story.starts_with("HTTP/1.1 200"), "{story}");
    assert!(
        story.contains("<h1>PAY-1 Refund a card payment</h1>")
            && story.contains("connect-src 'self'")
            && story.contains("fetch('/__version'"),
        "{story}"
    );
    assert!(get("GET", "__version").ends_with("\r\n\r\n1"));
    assert!(get("GET", "stories/PAY-9.html").starts_with("HTTP/1.1 404"));
    assert!(get("POST", "index.html").starts_with("HTTP/1.1 405"));
    // In the browser: an edit to the story file rebuilds the site and the page reloads.
    let file = repo.file("backlog/stories/PAY-1-refund-a-card-payment.md");
    assert!(file.exists());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/serve_check.js");
    let checked = run(Command::new(&node)
        .arg(script)
        .arg(&chromium)
        .arg(format!("{url}stories/PAY-1.html"))
        .arg(&file)
        .args(["title: Refund a card payment", "title: Refund any payment"])
        .env("NODE_PATH", &modules));
    assert_eq!(checked.code, 0, "{checked:?}");
    let seen: Value = serde_json::from_str(&checked.stdout).unwrap();
    assert_eq!(seen["before"], "PAY-1 Refund a card payment", "{seen}");
    assert_eq!(seen["reloaded"], true, "{seen}");
    assert_eq!(seen["after"], "PAY-1 Refund any payment", "{seen}");
    assert_eq!(seen["errors"], serde_json::json!([]), "{seen}");
    // Ctrl-C stops it cleanly.
    run(Command::new("kill").args(["-INT", &server.id().to_string()]));
    let out = server.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Rebuilt") && err.contains("Stopped."), "{err}");
}

#[test]
fn the_demo_site_passes_in_the_browser_with_its_stories_in_order() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    let made = run(Command::new("bash")
        .arg(format!("{root}/examples/demo-history.sh"))
        .arg(&demo)
        .env("GIT_BACKLOG", crate::common::BIN));
    assert_eq!(made.code, 0, "{made:?}");
    // As of the demo's last day, so the charts do not move with the calendar.
    let backlog = |args: &[&str]| {
        run(Command::new(crate::common::BIN)
            .args(args)
            .current_dir(&demo)
            .env("GIT_AUTHOR_DATE", "2026-11-27T17:00:00+00:00"))
        .ok()
    };
    backlog(&["site", "build", "public"]);
    let read = |rel: &str| std::fs::read_to_string(demo.join("public").join(rel)).unwrap();
    // The backlog page lists the stories not done in the order `rank` gives, less those
    // the product owner rejected (PAY-24).
    let page = read("backlog.html");
    let table = &page[..page.find("<h2>Done</h2>").unwrap_or(page.len())];
    let shown: Vec<&str> = table
        .split("<td><a href=\"stories/")
        .skip(1)
        .map(|rest| &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()])
        .collect();
    let ranked = backlog(&["rank", "--format", "ids"]).stdout;
    let rejected = backlog(&[
        "list",
        "--all",
        "--where",
        "outcome=rejected",
        "--format",
        "ids",
    ])
    .stdout;
    assert_eq!(rejected, "PAY-24\n");
    let ranked: Vec<&str> = ranked.lines().filter(|id| *id != "PAY-24").collect();
    assert_eq!(shown, ranked);
    // Every sprint, the release, the velocity of the three sprints.
    let sprints = read("sprints.html");
    for sprint in ["2026-S22", "2026-S23", "2026-S24"] {
        assert!(
            sprints.contains(&format!("Sprint {sprint}</h2>")),
            "{sprint}"
        );
    }
    assert!(read("roadmap.html").contains("<td>2.0</td>"));
    // Every page type in the browser: no violation, no request, no console error.
    let pages: Vec<String> = [
        "index.html",
        "backlog.html",
        "matrix.html",
        "sprints.html",
        "roadmap.html",
        "graph.html",
        "health.html",
        "stories/PAY-12.html",
    ]
    .iter()
    .map(|p| demo.join("public").join(p).display().to_string())
    .collect();
    let report = audit(&pages);
    assert_eq!(report["search"]["shown"], 1, "{}", report["search"]);
}
