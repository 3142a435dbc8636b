//! Checking a story edited by hand (in `$EDITOR`) before it is committed, as strictly as
//! `set` and `check` would.

use crate::backlog::Backlog;
use crate::check::{self, Diagnostic, Severity};
use crate::story::Story;

/// The errors `check` would report for the edited story that it did not report before the
/// edit (so a story that was already failing can be fixed a step at a time): values off
/// the workflow or the scale, missing fields, dangling references, a duplicated ID, …
pub fn new_errors(backlog: &Backlog, edited: Story) -> Vec<Diagnostic> {
    let path = edited.path.clone();
    let errors = |b: &Backlog| -> Vec<Diagnostic> {
        check::check(b)
            .into_iter()
            .filter(|d| d.severity == Severity::Error && d.path == path)
            .collect()
    };
    let before: Vec<(&str, String)> = errors(backlog)
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect();
    errors(&backlog.with_story(edited))
        .into_iter()
        .filter(|d| !before.iter().any(|(c, m)| *c == d.code && *m == d.message))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn story(path: &str, text: &str) -> Story {
        Story::parse(path, text, &Config::default())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn an_edit_off_the_scale_or_workflow_is_an_error_an_old_one_is_not() {
        let mut backlog = Backlog::empty(Config::default());
        backlog = backlog.with_story(story("a.md", "---\nid: A-1\ntitle: A\nstatus: dnoe\n---\n"));
        let edited = story(
            "a.md",
            "---\nid: A-1\ntitle: A\nstatus: dnoe\npoints: 7\n---\n",
        );
        let errors: Vec<String> = new_errors(&backlog, edited)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(errors.len(), 1, "the status was wrong before: {errors:?}");
        assert!(
            errors[0].contains("points 7 is not on the points scale"),
            "{errors:?}"
        );
    }
}
