//! The diagnostics in every format `check` writes: human (like rustc), JSON, GitHub
//! workflow commands, SARIF 2.1.0 and JUnit XML.

use std::fmt::Write as _;

use backlog_core::check::{Diagnostic, RULES, Severity};
use backlog_core::view::check::CheckSummary;

use crate::render::escape;

/// `3 errors, 1 warning in 12 stories`.
pub fn summary_line(s: &CheckSummary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.stories, "story").replace("storys", "stories")
    )
}

/// Like rustc: the rule, the place, the source line with a caret, the hint.
pub fn human(
    diagnostics: &[Diagnostic],
    source: &dyn Fn(&str, usize) -> Option<String>,
    color: bool,
) -> String {
    // Messages, paths, source lines and hints come from story files: every piece is
    // shown with its control characters visible.
    let paint = |text: &str, code: &str| {
        let text = escape::text(text);
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.into_owned()
        }
    };
    let mut out = String::new();
    for d in diagnostics {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            _ => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(&format!("{label}[{}]", d.code), code),
            paint(&d.message, "1")
        );
        let width = d.line.to_string().len();
        let pad = " ".repeat(width);
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            paint("-->", "1;34"),
            escape::line(&d.path),
            d.line,
            d.column
        );
        if let Some(text) = source(&d.path, d.line) {
            let bar = paint("|", "1;34");
            let text = text.trim_end_matches(['\r', '\n']);
            // The caret stands under the column as shown, escapes included.
            let prefix: String = text.chars().take(d.column.saturating_sub(1)).collect();
            let caret_pad: String = escape::text(&prefix)
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let text = escape::text(text);
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {text}", paint(&d.line.to_string(), "1;34"));
            let _ = writeln!(out, "{pad} {bar} {caret_pad}{}", paint("^", code));
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(
                out,
                "{pad} {} help: {}",
                paint("=", "1;34"),
                escape::text(hint)
            );
        }
        let _ = writeln!(
            out,
            "{pad} {} rule: {} (docs/rules.md)",
            paint("=", "1;34"),
            d.name
        );
        out.push('\n');
    }
    out
}

/// GitHub Actions workflow commands: an annotation on the line of each diagnostic.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    // Data and property values are escaped as the runner's toolkit does.
    let data = |s: &str| {
        escape::text(s)
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diagnostics {
        let level = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str(&format!("\nhelp: {hint}"));
        }
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}",
            prop(&d.path),
            d.line,
            d.column,
            prop(&format!("{} {}", d.code, d.name)),
            data(&message)
        );
    }
    out
}

/// A relative path as a URI reference (RFC 3986, as SARIF requires): every byte but the
/// unreserved characters and `/` percent-encoded, so `a#b%41c.md` names that file and not
/// a fragment or an escape.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// SARIF 2.1.0, as GitHub code scanning and other readers accept it.
pub fn sarif(diagnostics: &[Diagnostic]) -> String {
    use serde_json::json;
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "helpUri": format!("https://github.com/git-backlog/git-backlog/blob/main/docs/rules.md#{}", r.code.to_lowercase()),
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(hint) = &d.hint {
                text.push_str(&format!(" (help: {hint})"));
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": RULES.iter().position(|r| r.code == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&d.path), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": d.line, "startColumn": d.column },
                    }
                }],
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "git-backlog",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/git-backlog/git-backlog",
                "rules": rules,
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The top of the work tree" } } },
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "none",
    }
}

/// JUnit XML: one test case per story file, failing with its diagnostics.
pub fn junit(diagnostics: &[Diagnostic], files: &[String]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
            .collect::<String>()
    };
    let failing: std::collections::BTreeSet<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.path.as_str())
        .collect();
    let mut cases = String::new();
    let mut all: Vec<&str> = files.iter().map(String::as_str).collect();
    for d in diagnostics {
        if !all.contains(&d.path.as_str()) {
            all.push(&d.path);
        }
    }
    all.sort();
    // One <failure> (the errors) and one <system-out> (the warnings) per file: JUnit
    // consumers read only the first of each. The file is the test case's name; the
    // common (Jenkins) schema has no `file` attribute.
    for file in &all {
        let _ = write!(
            cases,
            "    <testcase classname=\"backlog\" name=\"{}\"",
            esc(file)
        );
        let mine: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.path == *file).collect();
        if mine.is_empty() {
            cases.push_str("/>\n");
            continue;
        }
        cases.push_str(">\n");
        let text = |d: &Diagnostic| {
            format!(
                "{}[{}]: {}:{}:{}: {}{}",
                if d.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                },
                d.code,
                d.path,
                d.line,
                d.column,
                d.message,
                d.hint
                    .as_ref()
                    .map(|h| format!("\nhelp: {h}"))
                    .unwrap_or_default()
            )
        };
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = mine
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        if let Some(first) = errors.first() {
            let message = match errors.len() {
                1 => first.message.clone(),
                n => format!("{} (and {} more)", first.message, n - 1),
            };
            let body: Vec<String> = errors.iter().map(|d| text(d)).collect();
            let _ = writeln!(
                cases,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                first.code,
                esc(&message),
                esc(&body.join("\n"))
            );
        }
        if !warnings.is_empty() {
            let body: Vec<String> = warnings.iter().map(|d| text(d)).collect();
            let _ = writeln!(
                cases,
                "      <system-out>{}</system-out>",
                esc(&body.join("\n"))
            );
        }
        cases.push_str("    </testcase>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"git-backlog check\" tests=\"{n}\" failures=\"{f}\">\n  <testsuite name=\"backlog\" tests=\"{n}\" failures=\"{f}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n",
        n = all.len(),
        f = failing.len(),
    )
}
