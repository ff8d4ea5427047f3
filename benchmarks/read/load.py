#!/usr/bin/env python3
"""Loads generated bodies (generate.py) into a running server through POST /api/public/ingestion.

Several keep-alive connections send in parallel; every answer must be a 207 whose `successes`
hold every event of the request and whose `errors` are empty, or the load stops and exits 1.
The client only decompresses and sends ready-made bodies: about 8 µs of CPU per event, against
the server's 100-130 µs (release build, 100 events per request, 16 connections), so the events/s
it reports are the server's. wrk could save at most those 8 µs, and would need the bodies
uncompressed (6 GB for 1M traces).

Usage: load.py BASE_URL BODIES_DIR [--connections N] [--server-pid PID]
Prints progress to stderr and, at the end, one JSON line to stdout: events, requests,
connections, seconds, events/s, and the CPU time per event of this client and (with
--server-pid) of the server.
"""
import argparse
import base64
import glob
import gzip
import http.client
import json
import os
import queue
import sys
import threading
import time
import urllib.parse

PUBLIC_KEY, SECRET_KEY = "pk-lf-bench", "sk-lf-bench"


class Loader:
    """One reader thread feeding a bounded queue, `connections` sender threads draining it."""

    def __init__(self, base_url: str, connections: int):
        url = urllib.parse.urlsplit(base_url)
        self.host, self.port = url.hostname, url.port or 80
        self.connections = connections
        self.headers = {
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(f"{PUBLIC_KEY}:{SECRET_KEY}".encode()).decode(),
        }
        self.queue: queue.Queue = queue.Queue(maxsize=connections * 4)
        self.lock = threading.Lock()
        self.events = self.requests = 0
        self.failure: str | None = None

    def read(self, bodies_dir: str) -> None:
        """Feeds the queue with (event count, body) in file and line order, then one stop per sender."""
        try:
            for path in sorted(glob.glob(os.path.join(bodies_dir, "bodies-*.jsonl.gz"))):
                with gzip.open(path, "rb") as lines:
                    for line in lines:
                        if self.failure:
                            return
                        count, body = line.rstrip(b"\n").split(b"\t", 1)
                        self.queue.put((int(count), body))
        except (OSError, ValueError) as error:
            self.failure = self.failure or f"reading {bodies_dir}: {error}"
        finally:
            for _ in range(self.connections):
                self.queue.put(None)

    def send(self) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        while (item := self.queue.get()) is not None:
            if self.failure:
                continue
            count, body = item
            try:
                connection.request("POST", "/api/public/ingestion", body, self.headers)
                response = connection.getresponse()
                answer = response.read()
                problem = check(response.status, answer, count)
            except (OSError, http.client.HTTPException, ValueError) as error:
                problem = f"{type(error).__name__}: {error}"
            with self.lock:
                if problem:
                    self.failure = self.failure or problem
                else:
                    self.events += count
                    self.requests += 1
        connection.close()


def check(status: int, answer: bytes, count: int) -> str | None:
    """Why an ingestion answer is not a full success, or None."""
    if status != 207:
        return f"HTTP {status}: {answer[:300]!r}"
    result = json.loads(answer)
    if result.get("errors") or len(result.get("successes", [])) != count:
        return f"207 with errors or missing successes: {json.dumps(result.get('errors'))[:300]}"
    return None


def cpu_seconds(pid: int | None) -> float:
    """utime + stime of a process (this one when pid is None)."""
    if pid is None:
        times = os.times()
        return times.user + times.system
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("bodies_dir")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--server-pid", type=int)
    args = parser.parse_args()

    loader = Loader(args.base_url, args.connections)
    reader = threading.Thread(target=loader.read, args=(args.bodies_dir,), daemon=True)
    senders = [threading.Thread(target=loader.send, daemon=True) for _ in range(args.connections)]
    client_cpu, server_cpu = cpu_seconds(None), args.server_pid and cpu_seconds(args.server_pid)
    started = time.monotonic()
    for thread in [reader, *senders]:
        thread.start()
    with open(os.path.join(args.bodies_dir, "answers.json")) as f:
        total = json.load(f)["totals"]["events"]
    next_report, last_events = started + 10, 0
    for sender in senders:
        while sender.is_alive():
            sender.join(timeout=max(0.0, next_report - time.monotonic()))
            if time.monotonic() >= next_report:
                next_report += 10
                rate, last_events = (loader.events - last_events) / 10, loader.events
                print(f"load: {loader.events:,} of {total:,} events ({100 * loader.events / total:.1f} %), "
                      f"{rate:,.0f} events/s in the last 10 s, "
                      f"{(total - loader.events) / max(rate, 1) / 60:.0f} min to go at that rate", file=sys.stderr)
    elapsed = time.monotonic() - started
    if loader.failure:
        print(f"load: FAILED after {loader.events:,} events: {loader.failure}", file=sys.stderr)
        sys.exit(1)
    summary = {
        "events": loader.events, "requests": loader.requests, "connections": args.connections,
        "seconds": round(elapsed, 1),
        "eventsPerSecond": round(loader.events / elapsed),
        "clientCpuMicrosPerEvent": round((cpu_seconds(None) - client_cpu) * 1e6 / max(1, loader.events), 1),
    }
    if args.server_pid:
        summary["serverCpuMicrosPerEvent"] = round(
            (cpu_seconds(args.server_pid) - server_cpu) * 1e6 / max(1, loader.events), 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
