//! Rules across stories: duplicate IDs (BL006), references to missing stories (BL009),
//! dependency cycles (BL010) and epics that are not epics (BL011).

use std::collections::{BTreeMap, BTreeSet};

use crate::check::{Context, Place};
use crate::story::{Story, id_order};

pub fn check(cx: &mut Context) {
    duplicates(cx);
    references(cx);
    report_cycles(cx);
}

fn duplicates(cx: &mut Context) {
    let backlog = cx.backlog;
    let dups: Vec<Vec<&Story>> = backlog
        .ids()
        .map(|(_, v)| v)
        .filter(|v| v.len() > 1)
        .collect();
    for group in dups {
        for s in &group {
            let others: Vec<&str> = group
                .iter()
                .filter(|o| o.path != s.path)
                .map(|o| o.path.as_str())
                .collect();
            cx.report(
                "duplicate-id",
                Place::value(s, "id"),
                format!("{} is also the ID of {}", s.id, others.join(", ")),
                Some(format!(
                    "give one of them a new ID: git backlog renumber {}",
                    s.path
                )),
            );
        }
    }
}

fn references(cx: &mut Context) {
    let backlog = cx.backlog;
    let epic_type = "epic";
    for s in &backlog.stories {
        for (i, dep) in s.depends_on.iter().enumerate() {
            if !cx.exists(dep) {
                let pos = s.place("depends_on").and_then(|p| p.items.get(i).copied());
                let at = pos.map_or(Place::value(s, "depends_on"), |p| Place::story(s, p));
                cx.report(
                    "unknown-reference",
                    at,
                    format!("{} depends on {dep}, which does not exist", s.id),
                    hint(cx, dep),
                );
            }
        }
        if let Some(epic) = &s.epic {
            match backlog.find(epic).first() {
                None => {
                    let h = hint(cx, epic);
                    cx.report(
                        "unknown-reference",
                        Place::value(s, "epic"),
                        format!("the epic {epic} of {} does not exist", s.id),
                        h,
                    );
                }
                Some(e) if e.kind != epic_type => {
                    let message = format!(
                        "the epic of {} is {epic}, which is a {}, not an epic",
                        s.id, e.kind
                    );
                    cx.report(
                        "epic-not-epic",
                        Place::value(s, "epic"),
                        message,
                        Some(format!("git backlog set {epic} type=epic, or name an epic")),
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// A likely typo of an existing ID, if there is one.
fn hint(cx: &Context, id: &str) -> Option<String> {
    crate::suggest::closest(id, cx.backlog.ids().map(|(id, _)| id))
        .map(|n| format!("did you mean {n}?"))
}

/// Each cycle once, as the whole loop of IDs, on the story of the cycle that sorts first.
fn report_cycles(cx: &mut Context) {
    let backlog = cx.backlog;
    for cycle in cycles(&backlog.stories) {
        let Some(story) = backlog.find(&cycle[0]).first().copied() else {
            continue;
        };
        let mut shown = cycle.clone();
        shown.push(cycle[0].clone());
        cx.report(
            "dependency-cycle",
            Place::key(story, "depends_on"),
            format!("dependency cycle: {}", shown.join(" -> ")),
            Some("remove one of these dependencies; a cycle can never be started".into()),
        );
    }
}

/// Every dependency cycle among the stories, each as the loop of IDs from the one that
/// sorts first.
pub fn cycles(stories: &[Story]) -> Vec<Vec<String>> {
    let ids: std::collections::HashSet<&str> = stories.iter().map(|s| s.id.as_str()).collect();
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in stories {
        let deps = s
            .depends_on
            .iter()
            .map(String::as_str)
            .filter(|d| ids.contains(d));
        edges.entry(s.id.as_str()).or_default().extend(deps);
    }
    let mut out = Vec::new();
    for component in strongly_connected(&edges) {
        let self_loop = component.len() == 1
            && edges
                .get(component[0])
                .is_some_and(|d| d.contains(&component[0]));
        if component.len() < 2 && !self_loop {
            continue;
        }
        let start = *component
            .iter()
            .min_by(|a, b| id_order(a, b))
            .unwrap_or(&component[0]);
        out.push(
            cycle_from(start, &edges, &component)
                .into_iter()
                .map(String::from)
                .collect(),
        );
    }
    out.sort();
    out
}

/// A path from `start` back to itself inside one strongly connected component.
fn cycle_from<'a>(
    start: &'a str,
    edges: &BTreeMap<&'a str, Vec<&'a str>>,
    component: &[&'a str],
) -> Vec<&'a str> {
    // Breadth-first from start's successors back to start gives a shortest cycle.
    let inside: BTreeSet<&str> = component.iter().copied().collect();
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in edges.get(node).map(Vec::as_slice).unwrap_or_default() {
            if !inside.contains(next) {
                continue;
            }
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while at != start {
                    at = previous[at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if !previous.contains_key(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

/// Tarjan's strongly connected components, iteratively (no recursion limit on long chains).
fn strongly_connected<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    // Tarjan's algorithm over numbers, not names: each lookup in a map of 10,000 IDs
    // compared strings, and this ran for every edge several times.
    // Every name a key or a target, the keys first in their order.
    let mut names: Vec<&str> = edges.keys().copied().collect();
    let mut number: std::collections::HashMap<&str, usize> =
        names.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    for &to in edges.values().flatten() {
        number.entry(to).or_insert_with(|| {
            names.push(to);
            names.len() - 1
        });
    }
    let mut succ: Vec<Vec<usize>> = edges
        .values()
        .map(|to| to.iter().map(|t| number[t]).collect())
        .collect();
    succ.resize(names.len(), Vec::new());
    let mut index: Vec<Option<usize>> = vec![None; names.len()];
    let mut low: Vec<usize> = vec![0; names.len()];
    let mut on_stack: Vec<bool> = vec![false; names.len()];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for root in 0..names.len() {
        if index[root].is_some() {
            continue;
        }
        // (node, next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 && index[node].is_none() {
                index[node] = Some(counter);
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&child) = succ[node].get(*next) {
                *next += 1;
                match index[child] {
                    None => work.push((child, 0)),
                    Some(i) if on_stack[child] => low[node] = low[node].min(i),
                    Some(_) => {}
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if Some(low[node]) == index[node] {
                let mut component = Vec::new();
                while let Some(top) = stack.pop() {
                    on_stack[top] = false;
                    component.push(names[top]);
                    if top == node {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_whole_cycle() {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        edges.insert("A-1", vec!["A-2"]);
        edges.insert("A-2", vec!["A-3"]);
        edges.insert("A-3", vec!["A-1", "A-4"]);
        edges.insert("A-4", vec![]);
        edges.insert("A-5", vec!["A-5"]);
        let comps = strongly_connected(&edges);
        let big: Vec<_> = comps.iter().filter(|c| c.len() > 1).collect();
        assert_eq!(big.len(), 1);
        assert_eq!(cycle_from("A-1", &edges, big[0]), ["A-1", "A-2", "A-3"]);
        assert_eq!(cycle_from("A-5", &edges, &["A-5"]), ["A-5"]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let names: Vec<String> = (0..100_000).map(|i| format!("A-{i}")).collect();
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for w in names.windows(2) {
            edges.insert(&w[0], vec![&w[1]]);
        }
        assert_eq!(strongly_connected(&edges).len(), names.len());
    }
}
