"""An OTLP/HTTP trace receiver in the test process: platforms export to it, tests read the spans it kept."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span as SpanProto

__all__ = ["KINDS", "Collector", "ReceivedSpan", "start_collector"]

# The span kinds as OTLP numbers them, by the names the SDK gives them.
KINDS = {
    SpanProto.SPAN_KIND_INTERNAL: "INTERNAL",
    SpanProto.SPAN_KIND_SERVER: "SERVER",
    SpanProto.SPAN_KIND_CLIENT: "CLIENT",
    SpanProto.SPAN_KIND_PRODUCER: "PRODUCER",
    SpanProto.SPAN_KIND_CONSUMER: "CONSUMER",
}


@dataclass(frozen=True)
class ReceivedSpan:
    """One span as a process exported it."""

    service: str  # the process's service.name
    pid: int
    trace_id: str
    span_id: str
    parent_span_id: str  # "" for a root
    name: str
    kind: str
    attributes: dict[str, Any]


def _value(any_value: Any) -> Any:
    field = any_value.WhichOneof("value")
    return getattr(any_value, field) if field is not None else None


class Collector:
    """Spans received on ``endpoint``, kept in arrival order."""

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self._server = server
        self._lock = threading.Lock()
        self._spans: list[ReceivedSpan] = []
        self.endpoint = f"http://127.0.0.1:{server.server_address[1]}/v1/traces"

    def receive(self, body: bytes) -> None:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        received = []
        for resource_spans in request.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    received.append(
                        ReceivedSpan(
                            service=str(resource.get("service.name")),
                            pid=int(resource.get("process.pid") or 0),
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_span_id=span.parent_span_id.hex(),
                            name=span.name,
                            kind=KINDS.get(span.kind, str(span.kind)),
                            attributes={a.key: _value(a.value) for a in span.attributes},
                        )
                    )
        with self._lock:
            self._spans.extend(received)

    def spans(self, trace_id: str | None = None) -> list[ReceivedSpan]:
        with self._lock:
            return [s for s in self._spans if trace_id is None or s.trace_id == trace_id]

    def wait_for(
        self, trace_id: str, holds: Callable[[list[ReceivedSpan]], bool], within: float = 30.0
    ) -> list[ReceivedSpan]:
        """The trace's spans once ``holds`` them (or when ``within`` seconds have passed: the caller asserts)."""
        give_up = time.monotonic() + within
        while True:
            spans = self.spans(trace_id)
            if holds(spans) or time.monotonic() >= give_up:
                return spans
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def start_collector() -> Collector:
    """An OTLP/HTTP receiver on a free loopback port, serving in a thread of its own."""
    collector: Collector | None = None

    class Receive(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the exporter's only request
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            assert collector is not None
            collector.receive(body)
            answer = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures, not traffic
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receive)
    collector = Collector(server)
    threading.Thread(target=server.serve_forever, name="otlp-collector", daemon=True).start()
    return collector
