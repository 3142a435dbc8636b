//! `backlog/config.yml`: every setting has a default, and a wrong one is an error naming
//! the key, the line and the column.

use std::collections::BTreeMap;
use std::path::Path;

use crate::rules::{OnWrite, OptionKind, RULES, Severity};
use crate::suggest;
use crate::yaml::{self, Node, Origin, Pos, YamlError};

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The ID prefix: `PAY` gives `PAY-1`, `PAY-2`, …
    pub prefix: String,
    /// Commit every change; `false` leaves changes in the work tree.
    pub auto_commit: bool,
    /// The workflow's statuses, in order.
    pub statuses: Vec<String>,
    /// The statuses that count as done (hidden from `list` unless `--all`).
    pub done_statuses: Vec<String>,
    pub types: Vec<String>,
    /// MoSCoW, highest first.
    pub priorities: Vec<String>,
    /// The allowed estimates.
    pub points: Vec<f64>,
    /// Fields every story must have.
    pub required: Vec<String>,
    /// Allowed moves: from a status to the statuses it may move to. A status that is not
    /// listed may move anywhere.
    pub transitions: BTreeMap<String, Vec<String>>,
    /// Custom front-matter keys the team declares, with their type, so `set` accepts them.
    pub fields: BTreeMap<String, FieldKind>,
    /// `check` rules' settings, by rule name.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Sprints by name: capacity and dates.
    pub sprints: BTreeMap<String, SprintConfig>,
    /// The statuses in which a story can be started (`next`, `sprint plan`).
    pub ready_statuses: Vec<String>,
    /// `rank --by score`: the weight of each field, in the order written.
    pub score_weights: Vec<(String, f64)>,
    /// How `new` makes IDs.
    pub id_scheme: IdScheme,
    /// The days the team works, Monday first: the ideal burndown is flat on the others.
    pub working_days: [bool; 7],
    /// `site build`'s settings.
    pub site: SiteConfig,
}

/// `site:` in config.yml.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// The backlog page's order: the manual order, or a `rank --by` method.
    pub rank_by: crate::rank::Method,
    /// The value-vs-effort matrix's lines; `None`: the median of the stories shown.
    pub matrix_value: Option<f64>,
    pub matrix_effort: Option<f64>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            rank_by: crate::rank::Method::Manual,
            matrix_value: None,
            matrix_effort: None,
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// `sequential`: PAY-1, PAY-2, … (one past the highest on any branch). `random`: a short
/// random suffix (PAY-7k3f) that needs no coordination between writers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdScheme {
    #[default]
    Sequential,
    Random,
}

/// A rule's severity and options from `rules:`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleSetting {
    pub severity: Option<Severity>,
    /// For the rules a write checks (see `rules::on_write_default`).
    pub on_write: Option<OnWrite>,
    pub options: BTreeMap<String, OptionValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OptionValue {
    List(Vec<String>),
    Number(f64),
}

/// A sprint from `sprints:`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SprintConfig {
    /// Points the team can take on.
    pub capacity: Option<f64>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Where the sprint (or its capacity, when set) is in config.yml.
    pub pos: Pos,
    /// Its file under backlog/sprints/, when it has one (which then wins over config.yml).
    pub file: Option<String>,
}

/// The type of a front-matter field, which decides how `set` reads and writes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    Date,
    List,
    Bool,
}

impl FieldKind {
    pub const NAMES: &[&str] = &["text", "number", "date", "list", "bool"];

    pub fn parse(name: &str) -> Option<FieldKind> {
        Some(match name {
            "text" => FieldKind::Text,
            "number" => FieldKind::Number,
            "date" => FieldKind::Date,
            "list" => FieldKind::List,
            "bool" => FieldKind::Bool,
            _ => return None,
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        Config {
            prefix: "BL".into(),
            auto_commit: true,
            statuses: strings(&["draft", "ready", "doing", "review", "done"]),
            done_statuses: strings(&["done"]),
            types: strings(&["story", "bug", "task", "spike", "epic"]),
            priorities: strings(&["must", "should", "could", "wont"]),
            points: vec![0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0, 40.0, 100.0],
            required: strings(&["id", "title"]),
            transitions: BTreeMap::new(),
            fields: BTreeMap::new(),
            rules: BTreeMap::new(),
            sprints: BTreeMap::new(),
            ready_statuses: strings(&["ready"]),
            score_weights: Vec::new(),
            id_scheme: IdScheme::Sequential,
            working_days: [true, true, true, true, true, false, false],
            site: SiteConfig::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{col}: {message}", line = .error.pos.line, col = .error.pos.col, message = .error.message)]
    Invalid { path: String, error: YamlError },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

const TOP_KEYS: &[&str] = &[
    "prefix",
    "auto_commit",
    "workflow",
    "types",
    "priorities",
    "points",
    "required",
    "fields",
    "rules",
    "sprints",
    "ranking",
    "id_scheme",
    "working_days",
    "site",
];
const WORKFLOW_KEYS: &[&str] = &["statuses", "done", "ready", "transitions"];

impl Config {
    /// What a write does about the rule `name` (only the rules a write checks have one).
    pub fn on_write(&self, name: &str) -> OnWrite {
        self.rules
            .get(name)
            .and_then(|r| r.on_write)
            .or_else(|| crate::rules::on_write_default(name))
            .unwrap_or(OnWrite::Off)
    }

    /// A rule's list option from `rules:`, or `default`.
    pub fn rule_list(&self, rule: &str, option: &str, default: Vec<String>) -> Vec<String> {
        match self.rules.get(rule).and_then(|r| r.options.get(option)) {
            Some(OptionValue::List(v)) => v.clone(),
            _ => default,
        }
    }

    /// A rule's number option from `rules:`, or `default`.
    pub fn rule_number(&self, rule: &str, option: &str, default: f64) -> f64 {
        match self.rules.get(rule).and_then(|r| r.options.get(option)) {
            Some(OptionValue::Number(n)) => *n,
            _ => default,
        }
    }

    /// Read the config file; a missing file means all defaults.
    pub fn load(path: &Path, shown: &str) -> Result<Config, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => Config::from_bytes(bytes, shown),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: shown.into(),
                source,
            }),
        }
    }

    /// The config from the bytes of `shown` (a file, or a blob from git).
    pub fn from_bytes(bytes: Vec<u8>, shown: &str) -> Result<Config, ConfigError> {
        let text = String::from_utf8(bytes).map_err(|e| ConfigError::Invalid {
            path: shown.into(),
            error: YamlError {
                pos: Default::default(),
                message: format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
            },
        })?;
        Config::parse(&text).map_err(|error| ConfigError::Invalid {
            path: shown.into(),
            error,
        })
    }

    pub fn parse(text: &str) -> Result<Config, YamlError> {
        let root = yaml::parse(text, Origin { line: 1, byte: 0 })?;
        let mut config = Config::default();
        for (key, key_node, value) in root.entries()? {
            let at = |message: String| YamlError {
                pos: value.start,
                message: format!("{key}: {message}"),
            };
            let with_key = |e: YamlError| YamlError {
                pos: e.pos,
                message: format!("{key}: {}", e.message),
            };
            match key.as_str() {
                "prefix" => {
                    let prefix = value.text().map_err(with_key)?.unwrap_or_default();
                    if !valid_prefix(&prefix) {
                        return Err(at(format!(
                            "expected letters and digits starting with a letter (like `PAY`), found {:?}",
                            prefix
                        )));
                    }
                    config.prefix = prefix;
                }
                "auto_commit" => config.auto_commit = value.boolean().map_err(with_key)?,
                "id_scheme" => {
                    config.id_scheme = match value.text().map_err(with_key)?.as_deref() {
                        Some("sequential") => IdScheme::Sequential,
                        Some("random") => IdScheme::Random,
                        other => {
                            return Err(at(format!(
                                "expected sequential or random, found {:?}",
                                other.unwrap_or_default()
                            )));
                        }
                    }
                }
                "workflow" => {
                    let mut done_given = false;
                    let mut ready_given = false;
                    let mut transitions = None;
                    for (wkey, wkey_node, wvalue) in value.entries().map_err(with_key)? {
                        let full = format!("workflow.{wkey}");
                        if wkey == "transitions" {
                            transitions = Some(wvalue);
                            continue;
                        }
                        let list = non_empty_list(wvalue, &full)?;
                        match wkey.as_str() {
                            "statuses" => config.statuses = list,
                            "done" => {
                                config.done_statuses = list;
                                done_given = true;
                            }
                            "ready" => {
                                config.ready_statuses = list;
                                ready_given = true;
                            }
                            _ => return Err(unknown_key(wkey_node, &full, &wkey, WORKFLOW_KEYS)),
                        }
                    }
                    if !done_given {
                        // A custom workflow without `done:` ends in its done status.
                        config.done_statuses =
                            config.statuses.last().cloned().into_iter().collect();
                    }
                    if let Some(bad) = config
                        .done_statuses
                        .iter()
                        .find(|d| !config.statuses.contains(d))
                    {
                        return Err(at(format!(
                            "done status {bad:?} is not one of the statuses ({})",
                            config.statuses.join(", ")
                        )));
                    }
                    if !ready_given && !config.statuses.iter().any(|s| s == "ready") {
                        // Without a `ready` status, stories start from the second one.
                        let second = config.statuses.get(1).or(config.statuses.first());
                        config.ready_statuses = second.cloned().into_iter().collect();
                    }
                    if let Some(bad) = config
                        .ready_statuses
                        .iter()
                        .find(|d| !config.statuses.contains(d))
                    {
                        return Err(at(format!(
                            "ready status {bad:?} is not one of the statuses ({})",
                            config.statuses.join(", ")
                        )));
                    }
                    if let Some(node) = transitions {
                        config.transitions = parse_transitions(node, &config.statuses)?;
                    }
                }
                "rules" => config.rules = parse_rules(value)?,
                "ranking" => {
                    for (rkey, rkey_node, rvalue) in value.entries().map_err(with_key)? {
                        if rkey != "score" {
                            return Err(unknown_key(
                                rkey_node,
                                &format!("ranking.{rkey}"),
                                &rkey,
                                &["score"],
                            ));
                        }
                        for (field, _, weight) in rvalue.entries().map_err(with_key)? {
                            let w = weight.number().map_err(|e| YamlError {
                                pos: e.pos,
                                message: format!("ranking.score.{field}: {}", e.message),
                            })?;
                            let w = w.ok_or_else(|| YamlError {
                                pos: weight.start,
                                message: format!(
                                    "ranking.score.{field}: expected a weight (a number)"
                                ),
                            })?;
                            config.score_weights.push((field, w));
                        }
                    }
                }
                "sprints" => config.sprints = parse_sprints(value)?,
                "site" => config.site = parse_site(value)?,
                "working_days" => {
                    config.working_days = [false; 7];
                    for day in non_empty_list(value, "working_days")? {
                        // `mon`, `Monday`, `tues`: three letters or more of a day's name.
                        let lower = day.to_ascii_lowercase();
                        let Some(i) = WEEKDAYS
                            .iter()
                            .position(|w| lower.len() >= 3 && w.starts_with(&lower))
                        else {
                            return Err(at(format!(
                                "expected days of the week (mon, tue, wed, thu, fri, sat, sun), found {day:?}"
                            )));
                        };
                        config.working_days[i] = true;
                    }
                }
                "fields" => {
                    for (name, name_node, kind) in value.entries().map_err(with_key)? {
                        let full = format!("fields.{name}");
                        if crate::schema::is_builtin_key(&name) {
                            return Err(YamlError {
                                pos: name_node.start,
                                message: format!(
                                    "{full}: `{name}` is a built-in field; declare only your own keys"
                                ),
                            });
                        }
                        let text = kind.text().ok().flatten().unwrap_or_default();
                        let Some(kind) = FieldKind::parse(&text) else {
                            return Err(YamlError {
                                pos: kind.start,
                                message: format!(
                                    "{full}: unknown type {text:?}{} (expected one of {})",
                                    suggest::hint(&text, FieldKind::NAMES.iter().copied()),
                                    FieldKind::NAMES.join(", ")
                                ),
                            });
                        };
                        config.fields.insert(name, kind);
                    }
                }
                "types" => config.types = non_empty_list(value, &key)?,
                "priorities" => config.priorities = non_empty_list(value, &key)?,
                "points" => {
                    let points = value.number_list().map_err(with_key)?;
                    if points.is_empty() || points.iter().any(|p| *p < 0.0) {
                        return Err(at("expected a list of numbers of 0 or more".into()));
                    }
                    if points.windows(2).any(|w| w[0] >= w[1]) {
                        return Err(at("expected the numbers in increasing order".into()));
                    }
                    config.points = points;
                }
                "required" => {
                    let required = value.text_list().map_err(with_key)?;
                    if let Some(bad) = required.iter().find(|f| !crate::schema::is_builtin_key(f)) {
                        return Err(at(format!(
                            "unknown field {bad:?}{}",
                            suggest::hint(bad, crate::schema::front_matter_keys())
                        )));
                    }
                    config.required = required;
                }
                _ => return Err(unknown_key(key_node, &key, &key, TOP_KEYS)),
            }
        }
        Ok(config)
    }

    /// The statuses a story in `from` may move to.
    pub fn moves_from(&self, from: &str) -> Vec<&str> {
        match self.transitions.get(from) {
            Some(targets) => targets.iter().map(String::as_str).collect(),
            None => self
                .statuses
                .iter()
                .map(String::as_str)
                .filter(|s| *s != from)
                .collect(),
        }
    }

    pub fn is_done(&self, status: &str) -> bool {
        self.done_statuses.iter().any(|s| s == status)
    }

    /// The status a new story starts in: the first of the workflow.
    pub fn first_status(&self) -> &str {
        &self.statuses[0]
    }

    /// The first status of the workflow that counts as done (`done` when none does): where
    /// an import puts closed work.
    pub fn first_done_status(&self) -> String {
        self.statuses
            .iter()
            .find(|s| self.is_done(s))
            .cloned()
            .unwrap_or_else(|| "done".into())
    }

    /// `status` when the workflow has it, else `otherwise`: for import tables that name a
    /// usual status (`ready`, `doing`) a workflow may not have.
    pub fn status_or(&self, status: &str, otherwise: &str) -> String {
        match self.statuses.iter().any(|s| s == status) {
            true => status.to_string(),
            false => otherwise.to_string(),
        }
    }
}

/// `rules: {NAME-or-CODE: SEVERITY | {severity: SEVERITY, OPTION: VALUE}}`.
fn parse_rules(node: &Node) -> Result<BTreeMap<String, RuleSetting>, YamlError> {
    let err = |pos: Pos, message: String| YamlError { pos, message };
    let mut rules = BTreeMap::new();
    for (key, key_node, value) in node
        .entries()
        .map_err(|e| err(e.pos, format!("rules: {}", e.message)))?
    {
        let Some(rule) = RULES.iter().find(|r| r.name == key || r.code == key) else {
            let names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
            return Err(err(
                key_node.start,
                format!(
                    "rules: unknown rule `{key}`{} (see docs/rules.md)",
                    suggest::hint(&key, names.iter().copied())
                ),
            ));
        };
        let full = format!("rules.{}", rule.name);
        let severity = |node: &Node| -> Result<Severity, YamlError> {
            let text = node.text().ok().flatten().unwrap_or_default();
            Severity::parse(&text).ok_or_else(|| {
                err(
                    node.start,
                    format!("{full}: expected error, warning or off, found {text:?}"),
                )
            })
        };
        let mut setting = RuleSetting::default();
        if value.as_scalar().is_some() {
            setting.severity = Some(severity(value)?);
        } else {
            for (opt, opt_node, opt_value) in value
                .entries()
                .map_err(|e| err(e.pos, format!("{full}: {}", e.message)))?
            {
                if opt == "severity" {
                    setting.severity = Some(severity(opt_value)?);
                    continue;
                }
                if opt == "on_write" && crate::rules::on_write_default(rule.name).is_some() {
                    let text = opt_value.text().ok().flatten().unwrap_or_default();
                    setting.on_write = Some(OnWrite::parse(&text).ok_or_else(|| {
                        err(
                            opt_value.start,
                            format!(
                                "{full}.on_write: expected refuse, warn or off, found {text:?}"
                            ),
                        )
                    })?);
                    continue;
                }
                let Some((_, kind)) = rule.options.iter().find(|(name, _)| *name == opt) else {
                    let known: Vec<&str> = std::iter::once("severity")
                        .chain(rule.options.iter().map(|(n, _)| *n))
                        .collect();
                    return Err(err(
                        opt_node.start,
                        format!(
                            "{full}: unknown option `{opt}`{} (options: {})",
                            suggest::hint(&opt, known.iter().copied()),
                            known.join(", ")
                        ),
                    ));
                };
                let with = |e: YamlError| err(e.pos, format!("{full}.{opt}: {}", e.message));
                let option = match kind {
                    OptionKind::List => OptionValue::List(opt_value.text_list().map_err(with)?),
                    OptionKind::Number => {
                        OptionValue::Number(opt_value.number().map_err(with)?.ok_or_else(|| {
                            err(opt_value.start, format!("{full}.{opt}: expected a number"))
                        })?)
                    }
                };
                setting.options.insert(opt, option);
            }
        }
        rules.insert(rule.name.to_string(), setting);
    }
    Ok(rules)
}

/// `sprints: {NAME: {capacity: N, start: DATE, end: DATE}}`.
fn parse_sprints(node: &Node) -> Result<BTreeMap<String, SprintConfig>, YamlError> {
    let err = |pos: Pos, message: String| YamlError { pos, message };
    let mut sprints = BTreeMap::new();
    for (name, name_node, value) in node
        .entries()
        .map_err(|e| err(e.pos, format!("sprints: {}", e.message)))?
    {
        let full = format!("sprints.{name}");
        let mut sprint = SprintConfig {
            pos: name_node.start,
            ..Default::default()
        };
        for (key, key_node, v) in value
            .entries()
            .map_err(|e| err(e.pos, format!("{full}: {}", e.message)))?
        {
            let with = |e: YamlError| err(e.pos, format!("{full}.{key}: {}", e.message));
            match key.as_str() {
                "capacity" => {
                    let n = v.number().map_err(with)?.filter(|n| *n >= 0.0);
                    sprint.capacity = Some(n.ok_or_else(|| {
                        err(
                            v.start,
                            format!("{full}.capacity: expected a number of 0 or more"),
                        )
                    })?);
                    sprint.pos = v.start;
                }
                "start" | "end" => {
                    let text = v.text().map_err(with)?.unwrap_or_default();
                    if crate::date::parse(&text).is_none() {
                        return Err(err(
                            v.start,
                            format!("{full}.{key}: expected a date as YYYY-MM-DD, found {text:?}"),
                        ));
                    }
                    if key == "start" {
                        sprint.start = Some(text)
                    } else {
                        sprint.end = Some(text)
                    }
                }
                _ => {
                    return Err(err(
                        key_node.start,
                        format!(
                            "{full}: unknown key `{key}`{} (known keys: capacity, start, end)",
                            suggest::hint(&key, ["capacity", "start", "end"])
                        ),
                    ));
                }
            }
        }
        if let (Some(start), Some(end)) = (&sprint.start, &sprint.end)
            && end < start
        {
            return Err(err(
                name_node.start,
                format!("{full}: ends ({end}) before it starts ({start})"),
            ));
        }
        sprints.insert(name, sprint);
    }
    Ok(sprints)
}

/// `transitions: {review: [done, doing], ...}`: every status named must be a status.
fn parse_transitions(
    node: &Node,
    statuses: &[String],
) -> Result<BTreeMap<String, Vec<String>>, YamlError> {
    let mut map = BTreeMap::new();
    let check = |status: &str, at: &Node| {
        if statuses.iter().any(|s| s == status) {
            Ok(())
        } else {
            Err(YamlError {
                pos: at.start,
                message: format!(
                    "workflow.transitions: {status:?} is not one of the statuses ({}){}",
                    statuses.join(", "),
                    suggest::hint(status, statuses.iter().map(String::as_str))
                ),
            })
        }
    };
    for (from, from_node, targets) in node.entries().map_err(|e| YamlError {
        pos: e.pos,
        message: format!("workflow.transitions: {}", e.message),
    })? {
        check(&from, from_node)?;
        let list = targets.text_list().map_err(|e| YamlError {
            pos: e.pos,
            message: format!("workflow.transitions.{from}: {}", e.message),
        })?;
        for to in &list {
            check(to, targets)?;
        }
        map.insert(from, list);
    }
    Ok(map)
}

pub fn valid_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
        && prefix.len() <= 16
}

fn non_empty_list(node: &Node, key: &str) -> Result<Vec<String>, YamlError> {
    let list = node.text_list().map_err(|e| YamlError {
        pos: e.pos,
        message: format!("{key}: {}", e.message),
    })?;
    let mut seen = std::collections::HashSet::new();
    if list.is_empty() {
        return Err(YamlError {
            pos: node.start,
            message: format!("{key}: expected at least one entry"),
        });
    }
    if let Some(dup) = list.iter().find(|v| !seen.insert(v.as_str())) {
        return Err(YamlError {
            pos: node.start,
            message: format!("{key}: {dup:?} is listed twice"),
        });
    }
    if let Some(bad) = list
        .iter()
        .find(|v| v.is_empty() || v.chars().any(|c| c.is_whitespace() || c == ','))
    {
        return Err(YamlError {
            pos: node.start,
            message: format!("{key}: {bad:?} must be one word (no spaces or commas)"),
        });
    }
    Ok(list)
}

/// `site: {rank_by: wsjf, matrix: {value: 8, effort: 5}}`.
fn parse_site(node: &Node) -> Result<SiteConfig, YamlError> {
    let within = |key: &str| {
        let key = key.to_string();
        move |e: YamlError| YamlError {
            pos: e.pos,
            message: format!("{key}: {}", e.message),
        }
    };
    let mut site = SiteConfig::default();
    for (key, key_node, value) in node.entries().map_err(within("site"))? {
        match key.as_str() {
            "rank_by" => {
                let name = value
                    .text()
                    .map_err(within("site.rank_by"))?
                    .unwrap_or_default();
                site.rank_by = crate::rank::Method::parse(&name).ok_or_else(|| YamlError {
                    pos: value.start,
                    message: format!(
                        "site.rank_by: expected one of {}, found {name:?}",
                        crate::rank::Method::NAMES.join(", ")
                    ),
                })?;
            }
            "matrix" => {
                for (axis, axis_node, line) in value.entries().map_err(within("site.matrix"))? {
                    let full = format!("site.matrix.{axis}");
                    let n = line
                        .number()
                        .map_err(within(&full))?
                        .ok_or_else(|| YamlError {
                            pos: line.start,
                            message: format!("{full}: expected a number (the line of the 2×2)"),
                        })?;
                    match axis.as_str() {
                        "value" => site.matrix_value = Some(n),
                        "effort" => site.matrix_effort = Some(n),
                        _ => {
                            return Err(unknown_key(axis_node, &full, &axis, &["value", "effort"]));
                        }
                    }
                }
            }
            _ => {
                return Err(unknown_key(
                    key_node,
                    &format!("site.{key}"),
                    &key,
                    &["rank_by", "matrix"],
                ));
            }
        }
    }
    Ok(site)
}

fn unknown_key(node: &Node, full: &str, key: &str, known: &[&str]) -> YamlError {
    YamlError {
        pos: node.start,
        message: format!(
            "unknown key `{full}`{} (known keys: {})",
            suggest::hint(key, known.iter().copied()),
            known.join(", ")
        ),
    }
}

/// The config file `init` writes: every default spelt out, so a team sees what to change.
pub fn default_file(prefix: &str) -> String {
    format!(
        r#"# git-backlog configuration. Every key is optional; these are the defaults.
# Documented in docs/file-format.md.

# IDs are PREFIX-NUMBER, such as {prefix}-1.
prefix: {prefix}

# Commit each change; false leaves changes in the work tree for you to commit.
auto_commit: true

# How `new` makes IDs: sequential ({prefix}-1, {prefix}-2, … one past the highest on any
# branch) or random ({prefix}-7k3f: no coordination needed). See docs/branches.md.
id_scheme: sequential

workflow:
  # The statuses a story moves through, in order. A new story starts in the first.
  statuses: [draft, ready, doing, review, done]
  # The statuses that count as done; `list` hides them unless --all.
  done: [done]
  # The statuses in which a story can be started (`next`, `sprint plan`).
  ready: [ready]
  # Optional: which moves are allowed, from a status to a list of statuses. A status
  # not listed here may move to any status. For example, done only from review:
  # transitions:
  #   review: [done, doing]
  #   doing: [review, ready]

types: [story, bug, task, spike, epic]

# MoSCoW, highest first.
priorities: [must, should, could, wont]

# The estimation scale for `points`.
points: [0, 1, 2, 3, 5, 8, 13, 20, 40, 100]

# Fields every story must have.
required: [id, title]

# `git backlog check` rules: change a rule's severity (error, warning, off) or its
# options. Every rule is listed in docs/rules.md. For example:
# rules:
#   user-story-form: off
#   too-large: {{ severity: error, max_points: 8 }}
#   missing-acceptance-criteria: {{ statuses: [ready, doing, review, done] }}

# Sprints: capacity in points (checked by `check`) and dates. For example:
# sprints:
#   2026-S24: {{ capacity: 21, start: 2026-11-16, end: 2026-11-27 }}

# `git backlog rank --by score`: a weighted sum of fields. For example:
# ranking:
#   score: {{ value: 2, time_criticality: 1, points: -0.5 }}

# Your own front-matter keys, with their type (text, number, date, list or bool), so that
# `git backlog set` accepts them. For example:
# fields:
#   customer: text
#   launch: date
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let e = Config::parse(text).unwrap_err();
        format!("{}:{}: {}", e.pos.line, e.pos.col, e.message)
    }

    #[test]
    fn default_file_is_the_default() {
        let expected = Config {
            prefix: "PAY".into(),
            ..Config::default()
        };
        assert_eq!(Config::parse(&default_file("PAY")).unwrap(), expected);
    }

    #[test]
    fn empty_file_is_all_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        assert_eq!(Config::parse("# nothing\n").unwrap(), Config::default());
    }

    #[test]
    fn errors_name_the_key() {
        assert_eq!(
            err("prefix: PAY\nworkflw:\n  statuses: [a]\n"),
            "2:1: unknown key `workflw` (did you mean `workflow`?) (known keys: prefix, auto_commit, workflow, types, priorities, points, required, fields, rules, sprints, ranking, id_scheme, working_days, site)"
        );
        assert_eq!(
            err("workflow:\n  statuses: [todo, done]\n  done: [finished]\n"),
            "2:3: workflow: done status \"finished\" is not one of the statuses (todo, done)"
        );
        assert_eq!(
            err("points: [1, two, 3]\n"),
            "1:13: points: expected a number, found the text \"two\""
        );
        assert_eq!(
            err("auto_commit: maybe\n"),
            "1:14: auto_commit: expected true or false, found the text \"maybe\""
        );
        assert_eq!(
            err("prefix: 'P Y'\n"),
            "1:9: prefix: expected letters and digits starting with a letter (like `PAY`), found \"P Y\""
        );
        assert_eq!(
            err("types: [story, story]\n"),
            "1:8: types: \"story\" is listed twice"
        );
        assert_eq!(
            err("points: [3, 1]\n"),
            "1:9: points: expected the numbers in increasing order"
        );
        assert_eq!(
            err("required: [tittle]\n"),
            "1:11: required: unknown field \"tittle\" (did you mean `title`?)"
        );
        assert_eq!(
            err("- a\n- b\n"),
            "1:1: expected a mapping of `key: value` lines, found a list"
        );
    }

    #[test]
    fn transitions_and_fields() {
        let c = Config::parse(
            "workflow:\n  transitions:\n    review: [done, doing]\nfields:\n  customer: text\n  launch: date\n",
        )
        .unwrap();
        assert_eq!(c.moves_from("review"), ["done", "doing"]);
        assert_eq!(c.moves_from("draft"), ["ready", "doing", "review", "done"]);
        assert_eq!(c.fields["launch"], FieldKind::Date);
        assert_eq!(
            err("workflow:\n  transitions:\n    review: [dnoe]\n"),
            "3:13: workflow.transitions: \"dnoe\" is not one of the statuses (draft, ready, doing, review, done) (did you mean `done`?)"
        );
        assert_eq!(
            err("fields:\n  customer: txet\n"),
            "2:13: fields.customer: unknown type \"txet\" (did you mean `text`?) (expected one of text, number, date, list, bool)"
        );
        assert_eq!(
            err("fields:\n  points: number\n"),
            "2:3: fields.points: `points` is a built-in field; declare only your own keys"
        );
    }

    #[test]
    fn rules_and_sprints() {
        let c = Config::parse(
            "rules:\n  user-story-form: off\n  BL014: { severity: error, max_points: 8 }\nsprints:\n  2026-S24: { capacity: 21, start: 2026-11-16, end: 2026-11-27 }\n",
        )
        .unwrap();
        assert_eq!(c.rules["user-story-form"].severity, Some(Severity::Off));
        assert_eq!(
            c.rules["too-large"].options["max_points"],
            OptionValue::Number(8.0)
        );
        assert_eq!(c.sprints["2026-S24"].capacity, Some(21.0));
        assert_eq!(c.sprints["2026-S24"].pos.line, 5);
        assert_eq!(
            err("rules:\n  user-story-from: off\n"),
            "2:3: rules: unknown rule `user-story-from` (did you mean `user-story-form`?) (see docs/rules.md)"
        );
        assert_eq!(
            err("rules:\n  too-large: { max_point: 3 }\n"),
            "2:16: rules.too-large: unknown option `max_point` (did you mean `max_points`?) (options: severity, max_points)"
        );
        assert_eq!(
            err("rules:\n  too-large: loud\n"),
            "2:14: rules.too-large: expected error, warning or off, found \"loud\""
        );
        assert_eq!(
            err("sprints:\n  S1: { capacity: 5, start: 2026-11-30, end: 2026-11-01 }\n"),
            "2:3: sprints.S1: ends (2026-11-01) before it starts (2026-11-30)"
        );
    }

    #[test]
    fn custom_workflow() {
        let c = Config::parse("workflow:\n  statuses: [todo, wip, shipped]\n  done: [shipped]\n")
            .unwrap();
        assert_eq!(c.first_status(), "todo");
        assert!(c.is_done("shipped"));
        assert!(!c.is_done("wip"));
    }
}
