"""Call the OpenAI client under an OpenTelemetry instrumentation that exports OTLP to Langfarm:
OpenInference (`openinference`) or OpenLLMetry, Traceloop's (`openllmetry`), named by argv[1].

Run by test_clients_otel.py in .venv-instrumentations. The OpenAI client talks to the test's
stub (OPENAI_BASE_URL); OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and _HEADERS point the exporter at
Langfarm. Under a root span of the driver's own it makes one plain and one streamed chat completion
(with `include_usage`), each inside a span named for it, so the tree tells them apart. Prints the ids as one JSON line.
"""

import importlib.metadata
import json
import sys

from openai import OpenAI
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

MESSAGES = [{"role": "user", "content": "What does Langfarm store?"}]


def instrument(name: str, provider: TracerProvider) -> str:
    """Install the named instrumentation; returns its package version."""
    if name == "openinference":
        from openinference.instrumentation.openai import OpenAIInstrumentor

        OpenAIInstrumentor().instrument(tracer_provider=provider)
        return importlib.metadata.version("openinference-instrumentation-openai")
    if name == "openllmetry":
        from opentelemetry.instrumentation.openai import OpenAIInstrumentor

        OpenAIInstrumentor().instrument(tracer_provider=provider)
        return importlib.metadata.version("opentelemetry-instrumentation-openai")
    raise SystemExit(f"unknown instrumentation {name!r}")


def main() -> int:
    provider = TracerProvider(resource=Resource.create({"service.name": "instrumented-app"}))
    provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter()))
    version = instrument(sys.argv[1], provider)
    client = OpenAI()
    tracer = provider.get_tracer("e2e.driver")
    with tracer.start_as_current_span("ask-twice") as root:
        with tracer.start_as_current_span("plain"):
            plain = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, temperature=0)
        with tracer.start_as_current_span("streamed"):
            streamed = "".join(
                chunk.choices[0].delta.content or ""
                for chunk in client.chat.completions.create(
                    model="gpt-4o-mini", messages=MESSAGES, temperature=0,
                    stream=True, stream_options={"include_usage": True},
                )
                if chunk.choices
            )
        context = root.get_span_context()
    flushed = provider.force_flush(10_000)
    provider.shutdown()
    print(json.dumps({
        "version": version, "trace_id": format(context.trace_id, "032x"), "root": format(context.span_id, "016x"),
        "answers": [plain.choices[0].message.content, streamed], "flushed": flushed,
    }))
    return 0 if flushed else 1


if __name__ == "__main__":
    sys.exit(main())
