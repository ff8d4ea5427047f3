#!/usr/bin/env python3
"""Samples Langfarm's health endpoint every half second while a benchmark runs.

Usage: sample-health.py URL

Prints one line per sample, "LAG_SECONDS OUTBOX_DEPTH" (both 0 without a change feed), until
the server stops answering or the process is terminated. One long-lived process, started once
for every run whether Kafka is on or off: a sampler that starts an interpreter per sample costs
a few hundred milliseconds of CPU each time (more through a pyenv shim), which on a small
machine is taken from the server being measured.
"""

import json
import signal
import sys
import time
import urllib.request


def main() -> None:
    url = sys.argv[1]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    failures = 0
    while failures < 10:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                feed = json.load(response).get("changeFeed", {})
            print(feed.get("relayLagSeconds", 0), feed.get("outboxDepth", 0), flush=True)
            failures = 0
        except OSError:
            failures += 1
        time.sleep(0.5)


if __name__ == "__main__":
    main()
