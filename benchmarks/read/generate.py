#!/usr/bin/env python3
"""Generates a realistic Langfuse project as ingestion request bodies, with its known answers.

Deterministic: the same parameters give byte-identical files on every run and machine (Python's
seeded Random is stable across versions). Bodies are made ahead of loading so the loader costs
the server (which shares the machine) almost no CPU, and kept so that a schema change needs a
reload, not a regeneration.

Usage: generate.py OUT_DIR [--traces N] [--seed S] [--end ISO] [--days D] [--users U]
                   [--sessions S] [--batch-events E] [--force]

Writes OUT_DIR/bodies-NNNN.jsonl.gz (one request per line: event count, a tab, the JSON body
`{"batch": [...], "metadata": {...}}` as the Python SDK 2.x sends it; traces in timestamp order,
a trace never split across requests) and, last, OUT_DIR/answers.json: the parameters and what
the benchmark's queries must return (answers.py). answers.json exists only once all is written;
when it exists with the same parameters, there is nothing to do.
"""
import argparse
import gzip
import hashlib
import json
import os
import sys
import time
from datetime import datetime

from answers import Tally
from plan import make_plan
from traces import SDK_ENVELOPE, TraceBuilder

TRACES_PER_FILE = 50_000
SOURCES = ["generate.py", "plan.py", "traces.py", "text.py", "catalog.py", "answers.py"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--traces", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261101)
    parser.add_argument("--end", default="2026-11-01T00:00:00Z", help="end of the window (exclusive)")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--users", type=int, help="default: 1 per 500 traces, 10 to 2,000")
    parser.add_argument("--sessions", type=int, help="default: 1 per 50 traces, 20 to 20,000")
    # At 15 events per request (the SDK's default flush size) the server loads ~25 % slower.
    parser.add_argument("--batch-events", type=int, default=100, help="events per request (at least)")
    parser.add_argument("--force", action="store_true", help="regenerate even if OUT_DIR is up to date")
    args = parser.parse_args()
    args.users = args.users or min(2000, max(10, args.traces // 500))
    args.sessions = args.sessions or min(20_000, max(20, args.traces // 50))
    return args


def parameters(args: argparse.Namespace) -> dict:
    """What identifies a data set: existing bodies, and a database loaded from them, are reused
    only for the same parameters. They include a hash of the generator's own source, so that any
    change to it makes new bodies (and known answers) rather than trusting stale ones."""
    here = os.path.dirname(os.path.abspath(__file__))
    source = hashlib.sha256()
    for name in SOURCES:
        with open(os.path.join(here, name), "rb") as f:
            source.update(f.read())
    return {"traces": args.traces, "seed": args.seed, "end": args.end, "days": args.days,
            "users": args.users, "sessions": args.sessions, "batchEvents": args.batch_events,
            "generator": source.hexdigest()[:16]}


def up_to_date(out_dir: str, wanted: dict) -> bool:
    try:
        with open(os.path.join(out_dir, "answers.json")) as f:
            return json.load(f)["parameters"] == wanted
    except (OSError, ValueError, KeyError):
        return False


def body_line(events: list[dict]) -> bytes:
    # The SDK serialises with json.dumps defaults: non-ASCII text goes out as \u escapes.
    body = json.dumps({"batch": events, "metadata": {"batch_size": len(events), **SDK_ENVELOPE}},
                      separators=(",", ":"))
    return f"{len(events)}\t{body}\n".encode()


def open_gzip(path: str) -> gzip.GzipFile:
    """A gzip writer with a fixed time in its header, so that reruns give identical bytes."""
    return gzip.GzipFile(path, "wb", compresslevel=1, mtime=0)


def main() -> None:
    args = parse_args()
    wanted = parameters(args)
    if up_to_date(args.out_dir, wanted) and not args.force:
        print(f"generate: {args.out_dir} is up to date", file=sys.stderr)
        return
    os.makedirs(args.out_dir, exist_ok=True)
    for name in os.listdir(args.out_dir):
        if name.startswith("bodies-") or name == "answers.json":
            os.remove(os.path.join(args.out_dir, name))
    end_ms = int(datetime.fromisoformat(args.end.replace("Z", "+00:00")).timestamp() * 1000)
    started = time.monotonic()
    plan = make_plan(args.traces, args.users, args.sessions, args.seed, end_ms, args.days)
    tally = Tally(plan)
    out, pending, requests = None, [], 0
    for index in range(args.traces):
        if index % TRACES_PER_FILE == 0:
            if out:
                out.close()
            out = open_gzip(os.path.join(args.out_dir, f"bodies-{index // TRACES_PER_FILE:04d}.jsonl.gz"))
            print(f"generate: trace {index:,} of {args.traces:,} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        events, facts = TraceBuilder(plan, index).build()
        tally.add(facts, len(events))
        pending += events
        last_in_file = (index + 1) % TRACES_PER_FILE == 0 or index + 1 == args.traces
        if len(pending) >= args.batch_events or last_in_file:
            out.write(body_line(pending))
            requests += 1
            pending = []
    out.close()
    answers = tally.answers(wanted)
    answers["totals"]["requests"] = requests
    with open(os.path.join(args.out_dir, "answers.json.tmp"), "w") as f:
        json.dump(answers, f, indent=1, ensure_ascii=False)
    os.replace(os.path.join(args.out_dir, "answers.json.tmp"), os.path.join(args.out_dir, "answers.json"))
    totals = answers["totals"]
    print(f"generate: {totals['traces']:,} traces, {totals['observations']:,} observations, "
          f"{totals['scores']:,} scores, {totals['events']:,} events in {requests:,} requests, "
          f"{time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
