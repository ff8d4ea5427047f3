"""The current Langfuse Python SDKs (3.x, 4.x, 5.x) and plain OpenTelemetry against langfarm.

Why: every Langfuse SDK released since mid-2025 exports OpenTelemetry spans instead of
ingestion batches, and any GenAI instrumentation speaks OTLP. Each client runs in its own
virtualenv (scripts/test builds them from tests/e2e/venvs/*.txt; SDK versions cannot share
one) as a subprocess; these tests then read what arrived through the Langfuse public API.
"""

from __future__ import annotations

import pytest

from client_drivers import langfuse_env, poll_trace, run_driver
from conftest import LangfarmServer


@pytest.mark.parametrize("sdk", ["sdk3", "sdk4", "sdk5"])
def test_langfuse_sdk_traces_arrive_with_usage_cost_and_scores(module_server: LangfarmServer, sdk: str) -> None:
    sent = run_driver(sdk, "langfuse_otel_sdk.py", langfuse_env(module_server))
    assert sent["sdk_version"].startswith(sdk[-1] + "."), sent
    trace = poll_trace(module_server, sent["trace_id"], observations=5, scores=2)

    assert trace["name"] == "otel-e2e-trace"
    assert trace["userId"] == "user-1"
    assert trace["sessionId"] == "sess-1"
    assert "otel-e2e" in trace["tags"]
    assert trace["metadata"].get("env") == "test", trace["metadata"]
    assert trace["metadata"].get("experiment_name") == "otel-e2e-experiment", "the root span's metadata is the trace's too"
    assert trace["metadata"].get("experiment_run_name") == "run-1", trace["metadata"]
    assert trace["output"] == {"done": True}, "the root span's output is the trace output"

    by_id = {o["id"]: o for o in trace["observations"]}
    outer, inner = by_id[sent["outer"]], by_id[sent["inner"]]
    assert outer["parentObservationId"] is None and outer["type"] == "SPAN"
    assert inner["parentObservationId"] == sent["outer"]
    assert inner["input"] == {"step": 2} and inner["output"] == {"ok": True}

    generation = by_id[sent["generation"]]
    assert generation["type"] == "GENERATION"
    assert generation["model"] == "gpt-4o"
    assert generation["modelParameters"].get("temperature") in (0.2, "0.2")
    assert generation["modelParameters"].get("stop") == '["a","b"]', "a list parameter is stored as its JSON text"
    assert generation["input"] == [{"role": "user", "content": "hi"}]
    assert generation["usageDetails"]["input"] == 1000 and generation["usageDetails"]["output"] == 500
    assert generation["calculatedTotalCost"] == pytest.approx(0.0075), "priced with the built-in gpt-4o price"
    assert generation["modelId"]

    provided = by_id[sent["provided"]]
    assert provided["usageDetails"] == {"prompt_tokens": 10, "completion_tokens": 5, "total": 15}, "a partial OpenAI usage is kept as sent"
    assert provided["costDetails"]["input"] == pytest.approx(0.25)
    assert provided["calculatedTotalCost"] == pytest.approx(0.75), "a cost the SDK sent wins over prices"

    event = by_id[sent["event"]]
    assert event["type"] == "EVENT" and event["input"] == {"key": "k1"}

    scores = {s["name"]: s for s in trace["scores"]}
    assert scores["quality"]["value"] == pytest.approx(0.9) and scores["quality"]["comment"] == "good"
    assert scores["relevance"]["observationId"] == sent["generation"]
    assert trace["totalCost"] == pytest.approx(0.0075 + 0.75)


def test_plain_opentelemetry_genai_span_becomes_a_priced_generation(module_server: LangfarmServer) -> None:
    public, secret = module_server.public_key, module_server.secret_key
    import base64
    auth = base64.b64encode(f"{public}:{secret}".encode()).decode()
    sent = run_driver("otel", "plain_otel_genai.py", {
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": module_server.url("/api/public/otel/v1/traces"),
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS": f"Authorization=Basic%20{auth}",
    })
    trace = poll_trace(module_server, sent["trace_id"], observations=1)
    assert trace["name"] == "chat gpt-4o-mini"
    assert trace["environment"] == "staging", "deployment.environment.name of the resource"
    generation = trace["observations"][0]
    assert generation["id"] == sent["span_id"]
    assert generation["type"] == "GENERATION"
    assert generation["model"] == "gpt-4o-mini"
    assert generation["usageDetails"] == {"input": 2000, "output": 100, "total": 2100}
    assert generation["calculatedTotalCost"] == pytest.approx(2000 * 0.15e-6 + 100 * 0.6e-6)
    assert generation["input"][0]["parts"][0]["content"] == "Hello?"
    assert generation["output"][0]["parts"][0]["content"] == "Hi!"
    assert generation["metadata"]["scope"]["name"] == "my.genai.instrumentation"
