"""Sends error spans to a Jaeger agent endpoint over UDP thrift-compact (6831), as a legacy
Jaeger-protocol application does, and prints their ids as JSON.

The OpenTelemetry Python Jaeger exporter in agent mode emits jaeger.thrift Batches with the
Thrift compact protocol over UDP (its AgentClientUDP uses TCompactProtocol); the npm
jaeger-client speaks thrift-binary to 6832 instead, so this is the real 6831 client.

Usage: send_thrift_compact.py HOST PORT SERVICE COUNT
"""
import json
import sys

from opentelemetry.exporter.jaeger.thrift import JaegerExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import Status, StatusCode


def main() -> None:
    host, port, service, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    provider.add_span_processor(SimpleSpanProcessor(JaegerExporter(agent_host_name=host, agent_port=port)))
    tracer = provider.get_tracer("cdk8s-tracing-e2e")
    sent = []
    for i in range(count):
        with tracer.start_as_current_span(f"legacy compact op {i}") as span:
            span.set_status(Status(StatusCode.ERROR, "failed"))
            ctx = span.get_span_context()
            sent.append({"traceId": f"{ctx.trace_id:032x}", "spanId": f"{ctx.span_id:016x}"})
    provider.shutdown()
    print(json.dumps(sent))


if __name__ == "__main__":
    main()
