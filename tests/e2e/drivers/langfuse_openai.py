"""Make one plain and one streamed chat completion through the Langfuse OpenAI integration
(`langfuse.openai`): SDK 2.x's drop-in `openai` module or the current SDK's `OpenAI` class,
whichever the venv holds. Each call is its own trace, with a trace id chosen here.

Run by test_clients_openai.py in .venv-langchain-sdk2 or .venv-langchain-sdk5 (they hold the
OpenAI client too). The client talks to the test's stub (OPENAI_BASE_URL); LANGFUSE_HOST and
the keys come from the environment. Prints the SDK version and the two trace ids as one JSON
line after flushing; exits non-zero if the SDK logged an error.
"""

import importlib.metadata
import json
import sys
import uuid

from sdk_errors import collect_errors

MESSAGES = [{"role": "user", "content": "What does Langfarm store?"}]


def client_ids_and_flush():
    """The wrapped chat completions API, a trace id maker and the SDK's flush."""
    if importlib.metadata.version("langfuse").startswith("2."):
        from langfuse.openai import openai

        return openai.chat.completions, lambda: str(uuid.uuid4()), openai.flush_langfuse
    from langfuse import Langfuse, get_client
    from langfuse.openai import OpenAI

    return OpenAI().chat.completions, Langfuse.create_trace_id, get_client().flush


def main() -> int:
    errors = collect_errors()
    completions, new_trace_id, flush = client_ids_and_flush()
    plain_trace, streamed_trace = new_trace_id(), new_trace_id()
    plain = completions.create(
        model="gpt-4o-mini", messages=MESSAGES, temperature=0, name="plain-call", trace_id=plain_trace,
    )
    streamed = "".join(
        chunk.choices[0].delta.content or ""
        for chunk in completions.create(
            model="gpt-4o-mini", messages=MESSAGES, temperature=0, name="streamed-call", trace_id=streamed_trace,
            stream=True, stream_options={"include_usage": True},
        )
        if chunk.choices
    )
    flush()
    print(json.dumps({
        "sdk_version": importlib.metadata.version("langfuse"),
        "plain_trace": plain_trace, "streamed_trace": streamed_trace,
        "answers": [plain.choices[0].message.content, streamed], "errors": errors.messages,
    }))
    return 1 if errors.messages else 0


if __name__ == "__main__":
    sys.exit(main())
