"""Send one GenAI-convention span with plain OpenTelemetry (opentelemetry-sdk and the
OTLP/HTTP protobuf exporter), as an instrumentation library would, to Langfarm.

Run by test_sdk_otel.py in its own virtualenv; OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and
OTEL_EXPORTER_OTLP_TRACES_HEADERS come from the environment. Prints the trace and span ids.
"""

import json
import sys

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor


def main() -> int:
    provider = TracerProvider(resource=Resource.create({"service.name": "genai-app", "deployment.environment.name": "staging"}))
    provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter()))
    tracer = provider.get_tracer("my.genai.instrumentation", "1.0.0")
    with tracer.start_as_current_span("chat gpt-4o-mini") as span:
        span.set_attribute("gen_ai.operation.name", "chat")
        span.set_attribute("gen_ai.system", "openai")
        span.set_attribute("gen_ai.request.model", "gpt-4o-mini")
        span.set_attribute("gen_ai.request.temperature", 0.3)
        span.set_attribute("gen_ai.usage.input_tokens", 2000)
        span.set_attribute("gen_ai.usage.output_tokens", 100)
        span.set_attribute("gen_ai.input.messages", json.dumps([{"role": "user", "parts": [{"type": "text", "content": "Hello?"}]}]))
        span.set_attribute("gen_ai.output.messages", json.dumps([{"role": "assistant", "parts": [{"type": "text", "content": "Hi!"}]}]))
        context = span.get_span_context()
    ok = provider.force_flush(10_000)
    provider.shutdown()
    print(json.dumps({"trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x"), "flushed": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
