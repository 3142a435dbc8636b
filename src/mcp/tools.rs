//! The MCP tools: commands of the CLI, each with the options an agent may use. Their
//! input schemas are made from the commands' clap definitions, so a tool can never drift
//! from the command it runs.

use std::path::Path;

use clap::{ArgAction, CommandFactory};
use serde_json::{Map, Value, json};

/// One tool: which command it runs, with which of its arguments.
struct Spec {
    name: &'static str,
    /// The subcommands, outermost first: `["ac", "add"]`.
    path: &'static [&'static str],
    /// The arguments offered (clap ids), in the order shown.
    args: &'static [&'static str],
    writes: bool,
    /// Whether the command is run with `--format json`.
    json: bool,
    /// Said before the command's own description (when one command makes two tools).
    about: &'static str,
    /// Required here though optional on the command line (where another option can
    /// stand in, such as `new --from`).
    required: &'static [&'static str],
}

const SPECS: &[Spec] = &[
    Spec {
        name: "list",
        path: &["list"],
        args: &[
            "status", "kind", "priority", "label", "epic", "sprint", "assignee", "wheres", "grep",
            "all", "sort",
        ],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "show",
        path: &["show"],
        args: &["id"],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "new",
        path: &["new"],
        args: &[
            "title",
            "description",
            "criteria",
            "kind",
            "status",
            "priority",
            "value",
            "points",
            "epic",
            "sprint",
            "labels",
            "depends_on",
            "assignee",
            "fields",
        ],
        writes: true,
        json: false,
        about: "",
        required: &["title"],
    },
    Spec {
        name: "set",
        path: &["set"],
        args: &["id", "changes", "wheres", "dry_run", "force"],
        writes: true,
        json: false,
        about: "",
        required: &[],
    },
    Spec {
        name: "move",
        path: &["move"],
        args: &["ids", "wheres", "dry_run", "force"],
        writes: true,
        json: false,
        about: "Give `ids` as the stories' IDs followed by the status, such as [\"PAY-1\", \"PAY-2\", \"doing\"]. ",
        required: &[],
    },
    Spec {
        name: "ac_add",
        path: &["ac", "add"],
        args: &["id", "texts"],
        writes: true,
        json: false,
        about: "Acceptance criteria: ",
        required: &[],
    },
    Spec {
        name: "ac_check",
        path: &["ac", "check"],
        args: &["id", "numbers"],
        writes: true,
        json: false,
        about: "Acceptance criteria: ",
        required: &[],
    },
    Spec {
        name: "ac_uncheck",
        path: &["ac", "uncheck"],
        args: &["id", "numbers"],
        writes: true,
        json: false,
        about: "Acceptance criteria: ",
        required: &[],
    },
    Spec {
        name: "rank",
        path: &["rank"],
        args: &["id", "top", "bottom", "before", "after"],
        writes: true,
        json: false,
        about: "Move one story in the manual order (give exactly one of top, bottom, before, after). ",
        required: &[],
    },
    Spec {
        name: "rank_by",
        path: &["rank"],
        args: &["by", "explain", "all"],
        writes: false,
        json: true,
        about: "The backlog ordered by scoring methods, with each story's score (read only). ",
        required: &[],
    },
    Spec {
        name: "board",
        path: &["board"],
        args: &["sprint", "epic", "release", "label", "assignee"],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "split",
        path: &["split"],
        args: &["id", "titles", "moves", "parent", "inherit"],
        writes: true,
        json: false,
        about: "",
        required: &[],
    },
    Spec {
        name: "next",
        path: &["next"],
        args: &["count"],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "blocked",
        path: &["blocked"],
        args: &[],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "check",
        path: &["check"],
        args: &["since", "deny"],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "diff",
        path: &["diff"],
        args: &["range"],
        writes: false,
        json: true,
        about: "",
        required: &[],
    },
    Spec {
        name: "sprint_plan",
        path: &["sprint", "plan"],
        args: &["name", "capacity", "apply"],
        writes: true,
        json: true,
        about: "",
        required: &[],
    },
];

/// An argument a tool takes.
#[derive(Debug)]
struct Param {
    id: String,
    /// Which subcommand of the path it belongs to.
    level: usize,
    long: Option<String>,
    kind: Kind,
}

#[derive(Debug, PartialEq)]
enum Kind {
    Flag,
    One,
    Many,
}

/// A tool ready to describe and to run.
pub struct ToolDef {
    pub name: &'static str,
    pub description: String,
    pub schema: Map<String, Value>,
    pub writes: bool,
    pub json: bool,
    path: &'static [&'static str],
    params: Vec<Param>,
}

/// Every tool.
pub fn all() -> Vec<ToolDef> {
    let cli = crate::cli::Cli::command();
    SPECS.iter().map(|spec| build(&cli, spec)).collect()
}

fn build(cli: &clap::Command, spec: &Spec) -> ToolDef {
    let mut commands = Vec::new();
    let mut command = cli;
    for name in spec.path {
        command = command
            .find_subcommand(name)
            .unwrap_or_else(|| panic!("no command {name} for the MCP tool {}", spec.name));
        commands.push(command);
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut params = Vec::new();
    for id in spec.args {
        let (level, arg) = commands
            .iter()
            .enumerate()
            .find_map(|(level, c)| {
                c.get_arguments()
                    .find(|a| a.get_id() == id)
                    .map(|a| (level, a))
            })
            .unwrap_or_else(|| panic!("no argument {id} for the MCP tool {}", spec.name));
        let kind = match arg.get_action() {
            ArgAction::SetTrue => Kind::Flag,
            ArgAction::Append => Kind::Many,
            _ if arg.get_num_args().is_some_and(|n| n.max_values() > 1) => Kind::Many,
            _ => Kind::One,
        };
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<Value> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| Value::from(v.get_name()))
            .collect();
        let mut item = json!({ "type": ["string", "number"] });
        if !values.is_empty() {
            item = json!({ "type": "string", "enum": values });
        }
        let mut property = match kind {
            Kind::Flag => json!({ "type": "boolean" }),
            Kind::One => item,
            Kind::Many => json!({ "type": "array", "items": item }),
        };
        property["description"] = Value::from(help);
        properties.insert(id.to_string(), property);
        if arg.is_required_set() || spec.required.contains(id) {
            required.push(Value::from(*id));
        }
        params.push(Param {
            id: id.to_string(),
            level,
            long: arg.get_long().map(String::from),
            kind,
        });
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), properties.into());
    schema.insert("required".into(), required.into());
    schema.insert("additionalProperties".into(), false.into());
    let last = commands.last().expect("a tool runs a command");
    let own = last
        .get_long_about()
        .or(last.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default();
    ToolDef {
        name: spec.name,
        description: format!("{}{own}", spec.about),
        schema,
        writes: spec.writes,
        json: spec.json,
        path: spec.path,
        params,
    }
}

impl ToolDef {
    /// The command line for a call with `arguments`, run in `cwd`.
    pub fn argv(&self, cwd: &Path, arguments: &Map<String, Value>) -> Result<Vec<String>, String> {
        if let Some(unknown) = arguments
            .keys()
            .find(|k| !self.params.iter().any(|p| &p.id == *k))
        {
            let known: Vec<&str> = self.params.iter().map(|p| p.id.as_str()).collect();
            return Err(format!(
                "{}: no argument {unknown:?} (it takes: {})",
                self.name,
                known.join(", ")
            ));
        }
        let mut argv = vec![
            "git-backlog".to_string(),
            "-C".to_string(),
            cwd.display().to_string(),
        ];
        for (level, command) in self.path.iter().enumerate() {
            argv.push(command.to_string());
            let last = level + 1 == self.path.len();
            let mut positionals = Vec::new();
            for param in self.params.iter().filter(|p| p.level == level) {
                let Some(value) = arguments.get(&param.id).filter(|v| !v.is_null()) else {
                    continue;
                };
                let values = self.values(param, value)?;
                match (&param.long, &param.kind) {
                    (Some(long), Kind::Flag) => {
                        if values == ["true"] {
                            argv.push(format!("--{long}"));
                        }
                    }
                    (Some(long), _) => {
                        for v in values {
                            argv.push(format!("--{long}={v}"));
                        }
                    }
                    (None, _) => positionals.extend(values),
                }
            }
            if last && self.json {
                argv.extend(["--format".to_string(), "json".to_string()]);
            }
            if last && !positionals.is_empty() {
                // Nothing after this is an option: a title may start with `-`.
                argv.push("--".to_string());
            } else if let Some(option) = positionals.iter().find(|p| p.starts_with('-')) {
                return Err(format!("{}: {option:?} cannot start with `-`", self.name));
            }
            argv.extend(positionals);
        }
        Ok(argv)
    }

    /// The words of one argument's value, checked against its kind.
    fn values(&self, param: &Param, value: &Value) -> Result<Vec<String>, String> {
        let word = |v: &Value| -> Result<String, String> {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => {
                    return Err(format!(
                        "{}: {} takes text or a number",
                        self.name, param.id
                    ));
                }
            };
            // `-` reads standard input, which is this server's connection.
            if text == "-" || text.contains('\0') {
                return Err(format!(
                    "{}: {}: {text:?} is not allowed here",
                    self.name, param.id
                ));
            }
            Ok(text)
        };
        match (&param.kind, value) {
            (Kind::Flag, Value::Bool(b)) => Ok(vec![b.to_string()]),
            (Kind::Flag, _) => Err(format!("{}: {} is true or false", self.name, param.id)),
            (Kind::Many, Value::Array(items)) => items.iter().map(word).collect(),
            (Kind::Many, v) | (Kind::One, v) => Ok(vec![word(v)?]),
        }
    }
}

/// What a command printed, and its exit code.
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run the command line in this process, as the binary would.
pub fn run(argv: &[String]) -> Ran {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = crate::cli::run_with(argv, &mut out, &mut err, false);
    Ran {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(name: &str) -> ToolDef {
        all().into_iter().find(|t| t.name == name).unwrap()
    }

    #[test]
    fn every_tool_is_made_from_its_command() {
        // `all` panics on a command or argument that does not exist.
        let tools = all();
        assert_eq!(tools.len(), SPECS.len());
        let new = tool("new");
        assert_eq!(new.schema["required"], json!(["title"]));
        assert_eq!(new.schema["properties"]["criteria"]["type"], "array");
        assert!(
            new.schema["properties"]["criteria"]["description"]
                .as_str()
                .unwrap()
                .contains("acceptance criterion")
        );
        assert_eq!(
            tool("check").schema["properties"]["deny"]["enum"],
            json!(["warnings"])
        );
    }

    #[test]
    fn calls_become_command_lines() {
        let args = |v: Value| v.as_object().unwrap().clone();
        let cwd = Path::new("/repo");
        assert_eq!(
            tool("new")
                .argv(
                    cwd,
                    &args(json!({"title": "-x", "criteria": ["a", "b"], "points": 3}))
                )
                .unwrap(),
            [
                "git-backlog",
                "-C",
                "/repo",
                "new",
                "--ac=a",
                "--ac=b",
                "--points=3",
                "--",
                "-x"
            ]
        );
        assert_eq!(
            tool("ac_check")
                .argv(cwd, &args(json!({"id": "PAY-1", "numbers": [1, 2]})))
                .unwrap(),
            [
                "git-backlog",
                "-C",
                "/repo",
                "ac",
                "PAY-1",
                "check",
                "--",
                "1",
                "2"
            ]
        );
        assert_eq!(
            tool("list")
                .argv(cwd, &args(json!({"status": ["ready"], "all": true})))
                .unwrap(),
            [
                "git-backlog",
                "-C",
                "/repo",
                "list",
                "--status=ready",
                "--all",
                "--format",
                "json"
            ]
        );
        // Standard input is the connection: `-` is refused; so is an unknown argument.
        assert!(tool("show").argv(cwd, &args(json!({"id": "-"}))).is_err());
        assert!(
            tool("show")
                .argv(cwd, &args(json!({"ids": "PAY-1"})))
                .is_err()
        );
        assert!(
            tool("ac_add")
                .argv(cwd, &args(json!({"id": "--all", "texts": ["x"]})))
                .is_err()
        );
    }
}
