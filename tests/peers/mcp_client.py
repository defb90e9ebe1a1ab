"""An MCP client we did not write (the official Python SDK, PyPI `mcp`) driving `hkkg mcp` over
standard input and output: it starts the server, connects, lists the tools and makes the calls
given, and prints what it saw as JSON for the Rust test to check.

usage: mcp_client.py MODE CALLS.json HKKG [ARG...]

MODE is the SDK's connection mode: `legacy` (the initialize handshake, as desktop assistants
connect) or `auto` (the 2026 discovery, falling back to the handshake). CALLS.json is a list of
{"name": TOOL, "arguments": {...}}. The SDK checks each answer's structured content against the
tool's output schema; a failed check is reported as the call's `client_error`.
"""

import asyncio
import json
import sys

from mcp import Client, StdioServerParameters
from mcp.shared.exceptions import MCPError


def dump(model):
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


async def main(mode, calls, command, args):
    server = StdioServerParameters(command=command, args=args)
    seen = {"calls": []}
    async with Client(server, mode=mode, read_timeout_seconds=120) as client:
        seen["protocol_version"] = client.protocol_version
        info = client.server_info
        seen["server"] = dump(info) if info is not None else None
        seen["instructions"] = client.instructions
        listed = await client.list_tools()
        seen["tools"] = [dump(tool) for tool in listed.tools]
        for call in calls:
            outcome = {"name": call["name"], "arguments": call.get("arguments", {})}
            try:
                result = await client.call_tool(call["name"], call.get("arguments", {}))
                outcome["is_error"] = bool(result.is_error)
                outcome["text"] = "".join(
                    block.text for block in result.content if getattr(block, "type", None) == "text"
                )
                outcome["structured"] = result.structured_content
            except MCPError as error:
                outcome["protocol_error"] = {"code": error.error.code, "message": error.error.message}
            except RuntimeError as error:
                outcome["client_error"] = str(error)
            seen["calls"].append(outcome)
    json.dump(seen, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    mode, calls_file, command, *args = sys.argv[1:]
    with open(calls_file, encoding="utf-8") as f:
        calls = json.load(f)
    asyncio.run(main(mode, calls, command, args))
