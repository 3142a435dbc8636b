//! The backlog's order: manual rank keys (fractional indexing) and scored orders
//! (MoSCoW, value/effort, WSJF, RICE, a weighted score), combined as tie-breakers.

use std::cmp::Ordering;

use crate::config::Config;
use crate::query::manual_order;
use crate::story::Story;

/// The digits of a rank key, in sort order: keys compare as plain strings.
const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Past this length a move is refused and `rank --rebalance` is suggested; rebalanced
/// keys are two or three characters for thousands of stories.
pub const MAX_KEY_LEN: usize = 12;

fn digit(i: usize) -> char {
    DIGITS[i] as char
}

fn value(c: u8) -> Option<usize> {
    DIGITS.iter().position(|d| *d == c)
}

/// Whether `key` is a rank key we can place others around: digits only, not ending in
/// `0` (so there is always room before it).
pub fn is_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| value(b).is_some()) && !key.ends_with('0')
}

/// A key strictly between `a` and `b` (`None`: before everything / after everything),
/// as short as possible. `a < b` is required.
pub fn between(a: Option<&str>, b: Option<&str>) -> String {
    midpoint(a.unwrap_or("").as_bytes(), b.map(str::as_bytes))
}

fn midpoint(a: &[u8], b: Option<&[u8]>) -> String {
    if let Some(b) = b {
        // Skip the common prefix (a's missing digits count as 0).
        let n = b
            .iter()
            .enumerate()
            .take_while(|(i, c)| a.get(*i).copied().unwrap_or(b'0') == **c)
            .count();
        if n > 0 {
            let rest_a = if n < a.len() { &a[n..] } else { &[][..] };
            let prefix: String = b[..n].iter().map(|&c| c as char).collect();
            return prefix + &midpoint(rest_a, Some(&b[n..]));
        }
    }
    let da = a.first().and_then(|&c| value(c)).unwrap_or(0);
    let db = b
        .and_then(|b| b.first())
        .and_then(|&c| value(c))
        .unwrap_or(DIGITS.len());
    if db - da > 1 {
        return digit((da + db) / 2).to_string();
    }
    // Neighbouring digits: a longer b leaves room at its first digit alone.
    if let Some(b) = b.filter(|b| b.len() > 1) {
        return digit(value(b[0]).unwrap_or(0)).to_string();
    }
    let rest = if a.len() > 1 { &a[1..] } else { &[][..] };
    format!("{}{}", digit(da), midpoint(rest, None))
}

/// `n` keys spread evenly over the key space, as short as they can be: for a rebalance.
pub fn spread(n: usize) -> Vec<String> {
    let mut len = 1;
    while DIGITS.len().pow(len as u32) <= n * 2 {
        len += 1;
    }
    let space = DIGITS.len().pow(len as u32);
    (1..=n)
        .map(|i| {
            let mut v = i * space / (n + 1);
            let mut key = vec![b'0'; len];
            for slot in key.iter_mut().rev() {
                *slot = DIGITS[v % DIGITS.len()];
                v /= DIGITS.len();
            }
            let key = String::from_utf8(key).unwrap_or_default();
            key.trim_end_matches('0').to_string()
        })
        .collect()
}

/// A scoring method for `rank --by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Moscow,
    ValueEffort,
    Wsjf,
    Rice,
    Score,
    Manual,
}

impl Method {
    pub const NAMES: &[&str] = &["moscow", "value-effort", "wsjf", "rice", "score", "manual"];

    pub fn parse(name: &str) -> Option<Method> {
        Some(match name {
            "moscow" => Method::Moscow,
            "value-effort" | "value/effort" => Method::ValueEffort,
            "wsjf" => Method::Wsjf,
            "rice" => Method::Rice,
            "score" => Method::Score,
            "manual" => Method::Manual,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Method::Moscow => "moscow",
            Method::ValueEffort => "value-effort",
            Method::Wsjf => "wsjf",
            Method::Rice => "rice",
            Method::Score => "score",
            Method::Manual => "manual",
        }
    }
}

/// One input of a score and what it contributes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Term {
    pub field: String,
    pub value: f64,
    /// What this term adds to the score (for a divisor such as points: `None`).
    pub contribution: Option<f64>,
}

/// A story's score by one method, or why it has none.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Score {
    pub method: &'static str,
    /// Higher ranks first. `None`: unscored.
    pub score: Option<f64>,
    pub terms: Vec<Term>,
    pub reason: Option<String>,
}

fn input(s: &Story, field: &str) -> Option<f64> {
    match field {
        "value" => s.value.map(|n| n.0),
        "points" => s.points.map(|n| n.0),
        f => s
            .scores
            .get(f)
            .map(|n| n.0)
            .or_else(|| s.extra.get(f).and_then(serde_json::Value::as_f64)),
    }
}

/// Score `s` by `method`.
pub fn score(s: &Story, method: Method, config: &Config) -> Score {
    let unscored = |reason: String, terms: Vec<Term>| Score {
        method: method.name(),
        score: None,
        terms,
        reason: Some(reason),
    };
    let missing = |fields: &[&str]| -> Option<String> {
        let gone: Vec<&str> = fields
            .iter()
            .copied()
            .filter(|f| input(s, f).is_none())
            .collect();
        (!gone.is_empty()).then(|| format!("no {}", gone.join(", ")))
    };
    // `numerator fields` summed (or multiplied), divided by points.
    let ratio = |fields: &[&str], multiply: bool| -> Score {
        let mut needed = fields.to_vec();
        needed.push("points");
        if let Some(reason) = missing(&needed) {
            return unscored(reason, Vec::new());
        }
        let points = input(s, "points").unwrap_or(0.0);
        let values: Vec<f64> = fields.iter().map(|f| input(s, f).unwrap_or(0.0)).collect();
        let mut terms: Vec<Term> = fields
            .iter()
            .zip(&values)
            .map(|(f, v)| Term {
                field: f.to_string(),
                value: *v,
                contribution: (!multiply && points > 0.0).then(|| v / points),
            })
            .collect();
        terms.push(Term {
            field: "points".into(),
            value: points,
            contribution: None,
        });
        if points <= 0.0 {
            return unscored("points is 0: effort must be more than 0".into(), terms);
        }
        let top: f64 = if multiply {
            values.iter().product()
        } else {
            values.iter().sum()
        };
        Score {
            method: method.name(),
            score: Some(top / points),
            terms,
            reason: None,
        }
    };
    match method {
        Method::Manual => Score {
            method: "manual",
            score: None,
            terms: Vec::new(),
            reason: None,
        },
        Method::Moscow => match s
            .priority
            .as_deref()
            .and_then(|p| config.priorities.iter().position(|x| x == p))
        {
            // The highest priority weighs as many as there are priorities; the term says
            // which priority gave the weight (`priority=must 4`).
            Some(i) => {
                let weight = (config.priorities.len() - i) as f64;
                Score {
                    method: "moscow",
                    score: Some(weight),
                    terms: vec![Term {
                        field: format!("priority={}", config.priorities[i]),
                        value: weight,
                        contribution: Some(weight),
                    }],
                    reason: None,
                }
            }
            None => unscored(
                match &s.priority {
                    Some(p) => format!(
                        "priority {p:?} is not one of {}",
                        config.priorities.join(", ")
                    ),
                    None => "no priority".into(),
                },
                Vec::new(),
            ),
        },
        Method::ValueEffort => ratio(&["value"], false),
        Method::Wsjf => ratio(&["value", "time_criticality", "risk_reduction"], false),
        Method::Rice => ratio(&["reach", "impact", "confidence"], true),
        Method::Score => {
            if config.score_weights.is_empty() {
                return unscored(
                    "no `ranking.score` weights in config.yml".into(),
                    Vec::new(),
                );
            }
            let fields: Vec<&str> = config
                .score_weights
                .iter()
                .map(|(f, _)| f.as_str())
                .collect();
            if let Some(reason) = missing(&fields) {
                return unscored(reason, Vec::new());
            }
            let terms: Vec<Term> = config
                .score_weights
                .iter()
                .map(|(f, w)| {
                    let v = input(s, f).unwrap_or(0.0);
                    Term {
                        field: f.clone(),
                        value: v,
                        contribution: Some(w * v),
                    }
                })
                .collect();
            let total = terms.iter().filter_map(|t| t.contribution).sum();
            Score {
                method: "score",
                score: Some(total),
                terms,
                reason: None,
            }
        }
    }
}

/// A story placed by the methods: its scores, one per method.
#[derive(Debug, Clone)]
pub struct Ranked<'a> {
    pub story: &'a Story,
    pub scores: Vec<Score>,
}

impl Ranked<'_> {
    /// Unscored by the first method: listed at the end, with the reason.
    pub fn unscored(&self) -> Option<&str> {
        self.scores.first().and_then(|s| s.reason.as_deref())
    }
}

/// Order stories by `methods` in turn (higher scores first; a missing score after the
/// present ones), then by the manual order, then by ID. Stories the first method cannot
/// score come last.
pub fn order<'a>(stories: &[&'a Story], methods: &[Method], config: &Config) -> Vec<Ranked<'a>> {
    let mut ranked: Vec<Ranked> = stories
        .iter()
        .map(|s| Ranked {
            story: s,
            scores: methods
                .iter()
                .filter(|m| **m != Method::Manual)
                .map(|m| score(s, *m, config))
                .collect(),
        })
        .collect();
    ranked.sort_by(|a, b| {
        let unscored = a.unscored().is_some().cmp(&b.unscored().is_some());
        let by_scores = a
            .scores
            .iter()
            .zip(&b.scores)
            .map(|(x, y)| match (x.score, y.score) {
                (Some(p), Some(q)) => q.total_cmp(&p),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal);
        unscored
            .then(by_scores)
            .then_with(|| manual_order(a.story, b.story))
    });
    ranked
}

/// Which stories must get new keys so that the order becomes `target` (a list of the
/// stories' current keys, in the target order): all but a longest increasing run of
/// existing keys, which stay where they are. Returns the positions in `target` to re-key.
pub fn to_rekey(target: &[Option<&str>]) -> Vec<usize> {
    // Longest strictly increasing subsequence of the present keys, O(n log n).
    let mut tails: Vec<usize> = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; target.len()];
    for (i, key) in target.iter().enumerate() {
        let Some(key) = key else { continue };
        let at = tails.partition_point(|&t| target[t].is_some_and(|k| k < *key));
        if at > 0 {
            parent[i] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut keep = vec![false; target.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = parent[i];
    }
    (0..target.len()).filter(|i| !keep[*i]).collect()
}

/// New keys for the positions `rekey` of `target` (current keys in target order), placed
/// between the kept neighbours. `None` if a key would exceed `MAX_KEY_LEN`.
pub fn new_keys(target: &[Option<&str>], rekey: &[usize]) -> Option<Vec<(usize, String)>> {
    let moving: std::collections::BTreeSet<usize> = rekey.iter().copied().collect();
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    let mut i = 0;
    while i < target.len() {
        if !moving.contains(&i) {
            prev = target[i].map(String::from);
            i += 1;
            continue;
        }
        // A run of stories to place between `prev` and the next kept key.
        let start = i;
        while i < target.len() && moving.contains(&i) {
            i += 1;
        }
        let next = target.get(i).and_then(|k| k.map(String::from));
        let keys = spread_between(prev.as_deref(), next.as_deref(), i - start)?;
        for (offset, key) in keys.into_iter().enumerate() {
            out.push((start + offset, key));
        }
        prev = out.last().map(|(_, k)| k.clone());
        // The next kept key is consumed by the loop above.
    }
    Some(out)
}

/// `n` increasing keys strictly between `a` and `b`, by halving.
fn spread_between(a: Option<&str>, b: Option<&str>, n: usize) -> Option<Vec<String>> {
    if n == 0 {
        return Some(Vec::new());
    }
    let mid = between(a, b);
    if mid.len() > MAX_KEY_LEN {
        return None;
    }
    let half = n / 2;
    let mut left = spread_between(a, Some(&mid), half)?;
    let right = spread_between(Some(&mid), b, n - half - 1)?;
    left.push(mid);
    left.extend(right);
    Some(left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_sort_between() {
        for (a, b) in [
            (None, None),
            (None, Some("i")),
            (Some("i"), None),
            (Some("a"), Some("b")),
            (Some("a"), Some("a1")),
            (Some("az"), Some("b")),
            (Some("1"), Some("2")),
            (Some("zz"), None),
        ] {
            let k = between(a, b);
            assert!(is_key(&k), "{a:?} {b:?} -> {k}");
            assert!(a.is_none_or(|a| a < k.as_str()), "{a:?} < {k}");
            assert!(b.is_none_or(|b| k.as_str() < b), "{k} < {b:?}");
        }
        assert_eq!(between(None, None), "i");
        assert_eq!(between(Some("i"), None), "r");
    }

    #[test]
    fn spread_keys_are_short_and_ordered() {
        let keys = spread(1000);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() <= 3 && is_key(k)));
    }

    #[test]
    fn rekey_keeps_the_longest_run() {
        let target = [Some("b"), Some("a"), Some("c"), None, Some("d")];
        let rekey = to_rekey(&target);
        assert_eq!(
            rekey.len(),
            2,
            "one of b or a moves, and the unranked one: {rekey:?}"
        );
        assert!(rekey.contains(&3));
        let keys = new_keys(&target, &to_rekey(&target)).unwrap();
        let mut all: Vec<String> = target.iter().map(|k| k.unwrap_or("").to_string()).collect();
        for (i, k) in keys {
            all[i] = k;
        }
        assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
    }

    proptest! {
        /// Any sequence of moves gives the order asked for, and keys stay within the
        /// bound once a rebalance is allowed when a move would exceed it.
        #[test]
        fn manual_moves_give_the_order_asked_for(moves in proptest::collection::vec((0usize..12, 0usize..13), 1..200)) {
            let mut order: Vec<usize> = (0..12).collect();
            let mut keys: Vec<String> = spread(12);
            for (story, to) in moves {
                let from = order.iter().position(|s| *s == story).unwrap();
                order.remove(from);
                keys.remove(from);
                let to = to.min(order.len());
                let before = if to == 0 { None } else { Some(keys[to - 1].as_str()) };
                let after = keys.get(to).map(String::as_str);
                let mut key = between(before, after);
                if key.len() > MAX_KEY_LEN {
                    keys = spread(keys.len());
                    key = between(if to == 0 { None } else { Some(keys[to - 1].as_str()) }, keys.get(to).map(String::as_str));
                }
                order.insert(to, story);
                keys.insert(to, key);
                prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "{:?}", keys);
                prop_assert!(keys.iter().all(|k| k.len() <= MAX_KEY_LEN && is_key(k)));
            }
        }
    }
}
