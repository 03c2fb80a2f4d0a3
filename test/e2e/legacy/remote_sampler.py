"""Starts the legacy Python jaeger-client's remote sampler against a Jaeger agent endpoint, as a
service configured from the README does, and reports whether it adopted the served strategy.

The client's remote sampler is its default (no `sampler.type`): it starts on probabilistic 0.001
and asks `http://<reporting_host>:<sampling_port>/sampling?service=<name>` every
`sampling_refresh_interval` seconds. Once the answer parses, the sampler in force changes; the
script then starts SPANS spans and counts those sampled, so the served strategy shows in what
the client does, not only in what it holds.

Usage: remote_sampler.py HOST SERVICE SPANS TIMEOUT_SECONDS
Prints one JSON object: adopted, initialSampler, samplerInForce, spans, sampled, waitedMs. (An
answer it cannot parse leaves the sampler as it was; its error reporter logs that at most once
every 15 minutes, so the sampler in force is what tells.)
"""
import json
import sys
import time

from jaeger_client import Config
from jaeger_client.sampler import ProbabilisticSampler, RateLimitingSampler


def main() -> None:
    host, service, spans, timeout = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    config = Config(
        config={
            'local_agent': {'reporting_host': host, 'sampling_port': 5778},
            'sampling_refresh_interval': 1,
            'logging': False,
        },
        service_name=service,
        validate=True,
    )
    tracer = config.new_tracer()
    remote = tracer.sampler
    initial = str(remote.sampler)
    started = time.monotonic()
    adopted = False
    while time.monotonic() - started < timeout:
        with remote.lock:
            in_force = remote.sampler
        if str(in_force) != initial:
            adopted = True
            break
        time.sleep(0.1)
    waited_ms = int((time.monotonic() - started) * 1000)
    sampled = 0
    for i in range(spans):
        span = tracer.start_span(f'legacy remote-sampled op {i}')
        sampled += 1 if span.is_sampled() else 0
        span.finish()
    with remote.lock:
        in_force = remote.sampler
    kind = {ProbabilisticSampler: 'probabilistic', RateLimitingSampler: 'ratelimiting'}.get(type(in_force), type(in_force).__name__)
    tracer.close()
    print(json.dumps({
        'adopted': adopted, 'initialSampler': initial, 'samplerInForce': {'type': kind, 'text': str(in_force)},
        'spans': spans, 'sampled': sampled, 'waitedMs': waited_ms
    }))


if __name__ == '__main__':
    main()
