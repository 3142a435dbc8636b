//! `git backlog mcp`: the Model Context Protocol over stdio, for coding agents. The only
//! module that names rmcp and tokio.
//!
//! Each tool is a command of the CLI (see `tools.rs`): its input schema is made from the
//! command's own clap definition, and a call runs that command in-process with
//! `--format json` where it has one, so an agent gets exactly the JSON views, the checks,
//! the errors and the commits a user at a shell gets.

mod resources;
mod tools;

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::ServiceExt;
use rmcp::handler::server::ServerHandler;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::{RequestContext, RoleServer};

/// Serve until the client closes stdin. `cwd` is where the commands run (`-C`); `base`
/// holds `backlog/`.
pub fn serve(cwd: PathBuf, base: PathBuf) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let server = Server {
            cwd,
            base,
            tools: tools::all(),
        };
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(std::io::Error::other)?;
        running.waiting().await.map_err(std::io::Error::other)?;
        Ok(())
    })
}

struct Server {
    cwd: PathBuf,
    base: PathBuf,
    tools: Vec<tools::ToolDef>,
}

impl Server {
    fn describe(def: &tools::ToolDef) -> Tool {
        let mut tool = Tool::new(
            def.name,
            def.description.clone(),
            Arc::new(def.schema.clone()),
        );
        tool.annotations = Some(
            ToolAnnotations::new()
                .read_only(!def.writes)
                .destructive(false)
                .idempotent(!def.writes)
                .open_world(false),
        );
        tool
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new("git-backlog", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "The product backlog of this git repository: one Markdown file per story under backlog/. \
Read with list, show, board, next, blocked, rank_by, check and diff (their results are git-backlog's JSON views, \
docs in the resource backlog://docs/json.md); change stories with new, set, move, split, ac_add, ac_check, rank \
and sprint_plan. Every change is checked as on the command line and committed to git in one commit.",
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, rmcp::ErrorData> {
        Ok(ListToolsResult::with_all_items(
            self.tools.iter().map(Server::describe).collect(),
        ))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools
            .iter()
            .find(|t| t.name == name)
            .map(Server::describe)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, rmcp::ErrorData> {
        let Some(def) = self.tools.iter().find(|t| t.name == request.name) else {
            return Err(rmcp::ErrorData::invalid_params(
                format!("no tool {:?}", request.name),
                None,
            ));
        };
        let arguments = request.arguments.unwrap_or_default();
        let argv = match def.argv(&self.cwd, &arguments) {
            Ok(argv) => argv,
            Err(message) => return Err(rmcp::ErrorData::invalid_params(message, None)),
        };
        let ran = tools::run(&argv);
        Ok(CallToolResponse::from(result(def, ran)))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, rmcp::ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list(
            &self.base,
        )))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, rmcp::ErrorData> {
        match resources::read(&self.base, &request.uri) {
            Some(contents) => Ok(ReadResourceResponse::from(ReadResourceResult::new(vec![
                contents,
            ]))),
            None => Err(rmcp::ErrorData::resource_not_found(
                format!("no resource {}", request.uri),
                None,
            )),
        }
    }
}

/// A command's outcome as a tool result: its JSON (also as structured content) or its
/// messages; an error (exit code 2) as an error result with the message a user would see.
fn result(def: &tools::ToolDef, ran: tools::Ran) -> CallToolResult {
    let messages = ran.stderr.trim().to_string();
    if ran.code == crate::exit::ERROR {
        return CallToolResult::error(vec![ContentBlock::text(if messages.is_empty() {
            "the command failed".to_string()
        } else {
            messages
        })]);
    }
    let mut content = Vec::new();
    let json = def
        .json
        .then(|| serde_json::from_str::<serde_json::Value>(&ran.stdout).ok())
        .flatten();
    if !ran.stdout.trim().is_empty() {
        content.push(ContentBlock::text(ran.stdout.clone()));
    }
    if !messages.is_empty() {
        content.push(ContentBlock::text(messages));
    }
    let mut result = CallToolResult::success(content);
    result.structured_content = json;
    result
}
