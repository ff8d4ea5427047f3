"""Send one trace with a current Langfuse Python SDK (3.x, 4.x or 5.x), which exports
OpenTelemetry spans to /api/public/otel/v1/traces and scores to the ingestion or scores API.

Run by test_sdk_otel.py in the SDK's own virtualenv (SDK versions cannot share one);
LANGFUSE_HOST, LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY come from the environment. Prints
the ids of what it sent as one JSON line. Exits non-zero if the SDK logged an export error.
"""

import json
import sys

from langfuse import Langfuse, propagate_attributes
import importlib.metadata

from sdk_errors import collect_errors


def main() -> int:
    errors = collect_errors()
    langfuse = Langfuse(flush_interval=0.2)
    with propagate_attributes(
        user_id="user-1", session_id="sess-1", tags=["otel-e2e"], trace_name="otel-e2e-trace", metadata={"env": "test"}
    ):
        with langfuse.start_as_current_observation(
            name="outer-span", as_type="span", input={"step": 1},
            metadata={"experiment_name": "otel-e2e-experiment", "experiment_run_name": "run-1"},
        ) as outer:
            with langfuse.start_as_current_observation(name="inner-span", as_type="span", input={"step": 2}) as inner:
                inner.update(output={"ok": True})
            with langfuse.start_as_current_observation(
                name="llm-call", as_type="generation", model="gpt-4o",
                input=[{"role": "user", "content": "hi"}], model_parameters={"temperature": 0.2, "stop": ["a", "b"]},
            ) as generation:
                generation.update(output={"role": "assistant", "content": "hello"}, usage_details={"input": 1000, "output": 500})
            with langfuse.start_as_current_observation(
                name="priced-by-client", as_type="generation", model="gpt-4o",
            ) as provided:
                provided.update(usage_details={"prompt_tokens": 10, "completion_tokens": 5}, cost_details={"input": 0.25, "output": 0.5})
            event = langfuse.create_event(name="cache-hit", input={"key": "k1"})
            outer.update(output={"done": True})
    langfuse.create_score(name="quality", value=0.9, trace_id=outer.trace_id, comment="good")
    langfuse.create_score(name="relevance", value=0.5, trace_id=outer.trace_id, observation_id=generation.id)
    langfuse.flush()
    langfuse.shutdown()
    print(json.dumps({
        "sdk_version": importlib.metadata.version("langfuse"),
        "trace_id": outer.trace_id, "outer": outer.id, "inner": inner.id,
        "generation": generation.id, "provided": provided.id, "event": event.id,
        "errors": errors.messages,
    }))
    return 1 if errors.messages else 0


if __name__ == "__main__":
    sys.exit(main())
