"""Drive `git backlog mcp` with the official Python MCP SDK's stdio client.

Usage: python3 mcp_scenario.py GIT_BACKLOG_BINARY REPOSITORY
Prints one JSON document with what the client saw; the Rust test asserts on it and on
the repository (files and commits).
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def text_of(result):
    return "\n".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def main(binary, repo):
    params = StdioServerParameters(command=binary, args=["mcp"], cwd=repo)
    seen = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            seen["server"] = init.server_info.name
            tools = await session.list_tools()
            seen["tools"] = {t.name: t.input_schema for t in tools.tools}
            resources = await session.list_resources()
            seen["resources"] = [str(r.uri) for r in resources.resources]
            doc = await session.read_resource("backlog://docs/json.md")
            seen["json_doc_starts"] = doc.contents[0].text[:40]

            async def call(name, **arguments):
                result = await session.call_tool(name, arguments)
                return {
                    "error": bool(result.is_error),
                    "text": text_of(result),
                    "structured": result.structured_content,
                }

            seen["new"] = await call(
                "new",
                title="Refund a card payment",
                description="As a merchant I want to refund a payment so that the customer gets their money back.",
                criteria=["The customer is credited", "A refund is audit-logged"],
                priority="must",
                points=5,
                value=8,
                status="ready",
            )
            story = seen["new"]["text"].splitlines()[0]
            seen["id"] = story
            seen["other"] = await call("new", title="Export to CSV", status="ready", points=3, value=2)
            seen["rank"] = await call("rank", id=story, top=True)
            seen["tick"] = await call("ac_check", id=story, numbers=[1])
            seen["move"] = await call("move", ids=[story, "doing"])
            seen["next"] = await call("next")
            seen["show"] = await call("show", id=story)
            seen["list"] = await call("list", status=["doing"])
            seen["missing"] = await call("show", id="PAY-999")
            seen["done_refused"] = await call("move", ids=[story, "done"])
            seen["check"] = await call("check")
    print(json.dumps(seen))


asyncio.run(main(sys.argv[1], sys.argv[2]))
