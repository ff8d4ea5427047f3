"""A tiny OpenAI-compatible chat completions server on loopback: a test fixture, not product.

Why: the client tests (LangChain handlers, `langfuse.openai`, OpenInference and OpenLLMetry)
must make real OpenAI client calls so the real instrumentation runs, but the network has no
OpenAI. This server answers `POST /v1/chat/completions` deterministically, with the usage
numbers below, so each test can work out the stored usage and cost by hand.

Answers:
- a request that offers tools and holds no tool result yet gets one call of its first tool
  (`TOOL_ARGUMENTS`), with `TOOL_CALL_USAGE`;
- any other request gets `ANSWER` with `ANSWER_USAGE`;
- `"stream": true` sends the answer as server-sent events, and a last chunk with no
  choices and the usage when `stream_options.include_usage` is set (as OpenAI does).

Every response names `RESPONSE_MODEL`, the dated model OpenAI reports for `gpt-4o-mini`.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RESPONSE_MODEL = "gpt-4o-mini-2024-07-18"
ANSWER = "Langfarm stores traces."
TOOL_ARGUMENTS = {"a": 6, "b": 7}
TOOL_CALL_ID = "call_stub_1"


def usage(prompt: int, completion: int, cached: int) -> dict[str, Any]:
    """An OpenAI usage object, with the detail objects OpenAI always sends."""
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0, "audio_tokens": 0,
            "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
        },
    }


TOOL_CALL_USAGE = usage(prompt=120, completion=18, cached=0)
ANSWER_USAGE = usage(prompt=150, completion=20, cached=64)


@dataclass
class OpenAIStub:
    """The running stub: its base URL (what OPENAI_BASE_URL should be) and the requests it got."""

    server: ThreadingHTTPServer
    requests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def env(self) -> dict[str, str]:
        """Environment that points an OpenAI client at the stub."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": "test"}

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def completion(request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The assistant message the stub answers `request` with, and its usage."""
    wants_tool = bool(request.get("tools")) and not any(m.get("role") == "tool" for m in request.get("messages", []))
    if not wants_tool:
        return {"role": "assistant", "content": ANSWER}, ANSWER_USAGE
    tool = request["tools"][0]["function"]["name"]
    call = {"id": TOOL_CALL_ID, "type": "function", "function": {"name": tool, "arguments": json.dumps(TOOL_ARGUMENTS)}}
    return {"role": "assistant", "content": None, "tool_calls": [call]}, TOOL_CALL_USAGE


def stream_chunks(message: dict[str, Any], usage_object: dict[str, Any], include_usage: bool) -> list[dict[str, Any]]:
    """The choice deltas of a streamed answer: role, two content pieces, finish; then usage."""
    words = message["content"].split(" ", 1)
    deltas = [{"role": "assistant", "content": ""}, {"content": words[0] + " "}, {"content": words[1]}]
    chunks = [{"choices": [{"index": 0, "delta": d, "finish_reason": None}]} for d in deltas]
    chunks.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    if include_usage:
        chunks.append({"choices": [], "usage": usage_object})
    return chunks


class Handler(BaseHTTPRequestHandler):
    """Serves chat completions; anything else is a 404 so a client calling an unexpected
    endpoint fails the test loudly."""

    stub: OpenAIStub

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.rstrip("/") != "/v1/chat/completions":
            self.send_error(404)
            return
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.stub.requests.append(request)
        message, usage_object = completion(request)
        base = {"id": f"chatcmpl-stub-{len(self.stub.requests)}", "created": 1_700_000_000, "model": RESPONSE_MODEL}
        if request.get("stream"):
            include_usage = bool((request.get("stream_options") or {}).get("include_usage"))
            events = [{**base, "object": "chat.completion.chunk", **chunk}
                      for chunk in stream_chunks(message, usage_object, include_usage)]
            body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
            self.reply(body.encode(), "text/event-stream")
            return
        finish = "tool_calls" if message.get("tool_calls") else "stop"
        response = {**base, "object": "chat.completion", "usage": usage_object,
                    "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}]}
        self.reply(json.dumps(response).encode(), "application/json")

    def reply(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep pytest output clean
        pass


def start() -> OpenAIStub:
    """Serve on a free loopback port from a daemon thread."""
    handler = type("StubHandler", (Handler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    stub = OpenAIStub(server)
    handler.stub = stub
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stub
