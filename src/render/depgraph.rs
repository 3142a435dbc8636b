//! The dependency graph as SVG, laid out by git-backlog itself (no Graphviz, no script):
//! stories in columns by how many stories must come before them, left to right in the
//! order of work, each column ordered to keep arrows short.

use std::fmt::Write as _;

use crate::render::svg::{esc, open};

/// A story to draw.
pub struct Node<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: &'a str,
    pub done: bool,
}

const BOX_W: f64 = 210.0;
const BOX_H: f64 = 46.0;
const GAP_X: f64 = 70.0;
const GAP_Y: f64 = 16.0;
const MARGIN: f64 = 20.0;
const TOP: f64 = 44.0;

/// `edges` go from a story (an index in `nodes`) to one that depends on it. An edge that
/// closes a cycle is drawn but does not push its target to a later column.
pub fn draw(title: &str, nodes: &[Node], edges: &[(usize, usize)]) -> String {
    let column = columns(nodes.len(), edges);
    let width = column.iter().copied().max().map_or(0, |c| c + 1);
    // Each column in the order of the average row of its stories' predecessors, then of
    // their place in `nodes` (the backlog's order).
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); width];
    let mut row_of = vec![0.0_f64; nodes.len()];
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(from, to) in edges {
        before[to].push(from);
    }
    for (c, rows_c) in rows.iter_mut().enumerate() {
        let mut members: Vec<usize> = (0..nodes.len()).filter(|&n| column[n] == c).collect();
        let key = |n: usize| {
            let rows: Vec<f64> = before[n]
                .iter()
                .filter(|&&from| column[from] < c)
                .map(|&from| row_of[from])
                .collect();
            if rows.is_empty() {
                n as f64
            } else {
                rows.iter().sum::<f64>() / rows.len() as f64
            }
        };
        let keys: Vec<f64> = members.iter().map(|&n| key(n)).collect();
        let mut order: Vec<usize> = (0..members.len()).collect();
        order.sort_by(|&a, &b| {
            keys[a]
                .total_cmp(&keys[b])
                .then(members[a].cmp(&members[b]))
        });
        members = order.iter().map(|&i| members[i]).collect();
        for (r, &n) in members.iter().enumerate() {
            row_of[n] = r as f64;
        }
        *rows_c = members;
    }
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0);
    let w = MARGIN * 2.0 + width as f64 * BOX_W + width.saturating_sub(1) as f64 * GAP_X;
    let h = TOP + MARGIN + tallest as f64 * (BOX_H + GAP_Y);
    let at = |n: usize| {
        (
            MARGIN + column[n] as f64 * (BOX_W + GAP_X),
            TOP + row_of[n] * (BOX_H + GAP_Y),
        )
    };
    let mut s = open(w.max(320.0), h, MARGIN, title);
    s.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">"##,
        r##"<path d="M0 0 L10 5 L0 10 z" fill="#57606a"/></marker></defs>"##,
        "\n"
    ));
    for &(from, to) in edges {
        let (x1, y1) = at(from);
        let (x2, y2) = at(to);
        let (sx, sy) = (x1 + BOX_W, y1 + BOX_H / 2.0);
        let (ex, ey) = (x2, y2 + BOX_H / 2.0);
        // Forward: a curve between the facing sides; backward (a cycle) or within a
        // column: a loop below.
        let d = if ex > sx {
            let mid = (sx + ex) / 2.0;
            format!("M{sx:.1} {sy:.1} C{mid:.1} {sy:.1} {mid:.1} {ey:.1} {ex:.1} {ey:.1}")
        } else {
            let low = y1.max(y2) + BOX_H + GAP_Y / 2.0;
            format!(
                "M{:.1} {:.1} C{:.1} {low:.1} {:.1} {low:.1} {:.1} {:.1}",
                x1 + BOX_W / 2.0,
                y1 + BOX_H,
                x1 + BOX_W / 2.0,
                x2 + BOX_W / 2.0,
                x2 + BOX_W / 2.0,
                y2 + BOX_H
            )
        };
        let _ = writeln!(
            s,
            r##"<path d="{d}" fill="none" stroke="#57606a" stroke-width="1.5" marker-end="url(#arrow)"><title>{} before {}</title></path>"##,
            esc(nodes[from].id),
            esc(nodes[to].id)
        );
    }
    for (n, node) in nodes.iter().enumerate() {
        let (x, y) = at(n);
        // Done is said in words and by a dashed border, not by colour alone.
        let (fill, dash, state) = if node.done {
            ("#eef6ee", r#" stroke-dasharray="5 3""#, " (done)")
        } else {
            ("#f6f8fa", "", "")
        };
        let _ = writeln!(
            s,
            r##"<g><title>{id} {title} ({status})</title><rect x="{x:.1}" y="{y:.1}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#57606a"{dash}/><text x="{tx:.1}" y="{y1:.1}" font-weight="bold">{id}</text><text x="{sx:.1}" y="{y1:.1}" text-anchor="end" fill="#4a5361">{status}{state}</text><text x="{tx:.1}" y="{y2:.1}">{short}</text></g>"##,
            id = esc(node.id),
            title = esc(node.title),
            status = esc(node.status),
            tx = x + 8.0,
            sx = x + BOX_W - 8.0,
            y1 = y + 18.0,
            y2 = y + 36.0,
            short = esc(&cut(node.title, 30)),
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Each node's column: the length of the longest chain of edges that leads to it,
/// ignoring the edges that close a cycle.
fn columns(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut before: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(from, to) in edges {
        before[to].push(from);
    }
    let mut column = vec![0; n];
    let mut mark = vec![Mark::New; n];
    // Depth first without recursion (a chain can be thousands of stories long).
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        let mut stack = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&prev) = before[node].get(*next) {
                *next += 1;
                if mark[prev] == Mark::New {
                    mark[prev] = Mark::Open;
                    stack.push((prev, 0));
                }
            } else {
                column[node] = before[node]
                    .iter()
                    .filter(|&&p| mark[p] == Mark::Done)
                    .map(|&p| column[p] + 1)
                    .max()
                    .unwrap_or(0);
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    column
}

/// `text` in at most `max` characters, ending in … when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_the_longest_chain_and_survive_a_cycle() {
        // 0 → 1 → 2, 0 → 2, 3 alone; 4 → 5 → 4 a cycle.
        let edges = [(0, 1), (1, 2), (0, 2), (4, 5), (5, 4)];
        let c = columns(6, &edges);
        assert_eq!(&c[..4], &[0, 1, 2, 0]);
        assert!(c[4] != c[5], "a cycle is cut once: {c:?}");
    }

    #[test]
    fn a_long_chain_needs_no_deep_recursion() {
        let edges: Vec<(usize, usize)> = (0..100_000).map(|i| (i, i + 1)).collect();
        assert_eq!(columns(100_001, &edges)[100_000], 100_000);
    }
}
