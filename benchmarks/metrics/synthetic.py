#!/usr/bin/env python3
"""Fills a Langfarm store with the hourly observation rollups of a 30-day project, without
ingesting it: what the metrics engine reads for queries over whole hours.

Usage: synthetic.py SQLITE_FILE PROJECT_ID ANSWERS_JSON [--traces 1000000] [--seed 20261101]

Traces are drawn as benchmarks/read draws them (the same catalog: trace kinds, generation
names and models, token and latency distributions, levels, events; the same daily rhythm),
about 6 observations each, but only what the rollups keep is computed: per hour and rollup key
(environment, type, name, model, level) the count, token and cost sums, and the latency and
time-to-first-token sketches, encoded as Langfarm's LogSketch. The observations of the
window's first and last hour are also written as rows, since a query window that cuts an hour
reads that hour's rows. ANSWERS_JSON gets the exact cost and tokens per model and day and the
exact p95 latency per generation name, to check the answers against.
"""
import argparse
import json
import math
import random
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "read"))
import catalog  # noqa: E402
from plan import DAY, HOUR, rhythmic_time  # noqa: E402
from traces import pick  # noqa: E402

GAMMA = (1 + 0.01) / (1 - 0.01)
LOG_GAMMA = math.log(GAMMA)
DAYS = 30


class Rollup:
    __slots__ = ("count", "input_tokens", "output_tokens", "total_tokens", "input_cost", "output_cost", "total_cost",
                 "total_cost_count", "latency_sum", "latency_count", "latency", "ttft_sum", "ttft_count", "ttft")

    def __init__(self):
        self.count = self.total_cost_count = self.latency_count = self.ttft_count = 0
        self.input_tokens = self.output_tokens = self.total_tokens = 0
        self.input_cost = self.output_cost = self.total_cost = self.latency_sum = self.ttft_sum = 0.0
        self.latency, self.ttft = defaultdict(int), defaultdict(int)


def bucket(value: float) -> int:
    """LogSketch's bucket of a positive value (0 for zero)."""
    return 0 if value == 0 else math.ceil(math.log(value) / LOG_GAMMA)


def zigzag(value: int) -> bytes:
    n = (value << 1) ^ (value >> 63)
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def sketch(buckets: dict, zeros: int) -> bytes:
    """LogSketch.encoded: version 1, zero count, positive buckets as (index delta, count), no
    negative buckets."""
    out = bytearray([1]) + zigzag(zeros) + zigzag(len(buckets))
    previous = 0
    for index in sorted(buckets):
        out += zigzag(index - previous) + zigzag(buckets[index])
        previous = index
    return bytes(out + zigzag(0))


class Project:
    def __init__(self, begin: int, end: int):
        self.begin, self.end = begin, end
        self.rollups: dict[tuple, Rollup] = defaultdict(Rollup)
        self.rows: list[tuple] = []  # observations of the first and last hour
        self.cost_by_model_day: dict = defaultdict(lambda: [0.0, 0])
        self.latency_by_name: dict = defaultdict(list)

    def observation(self, trace: str, obs: str, kind: str, name: str, env: str, level: str, start: int,
                    latency: int | None, model: str | None = None, tokens=(0, 0), cost=(0.0, 0.0), ttft: int | None = None):
        key = (start // HOUR, env, kind, name, model or "", level)
        r = self.rollups[key]
        r.count += 1
        r.input_tokens += tokens[0]
        r.output_tokens += tokens[1]
        r.total_tokens += tokens[0] + tokens[1]
        if kind == "GENERATION":
            r.input_cost += cost[0]
            r.output_cost += cost[1]
            r.total_cost += cost[0] + cost[1]
            r.total_cost_count += 1
            day = time.strftime("%Y-%m-%d", time.gmtime(start // 1000))
            cell = self.cost_by_model_day[(model, day)]
            cell[0] += cost[0] + cost[1]
            cell[1] += tokens[0] + tokens[1]
            self.latency_by_name[name].append(latency)
        if latency is not None:
            r.latency_sum += latency
            r.latency_count += 1
            r.latency[bucket(latency)] += 1
        if ttft is not None:
            r.ttft_sum += ttft
            r.ttft_count += 1
            r.ttft[bucket(ttft)] += 1
        if start < self.begin + HOUR or start >= self.end - HOUR:
            self.rows.append((trace, obs, kind, name, env, level, start, latency, model, tokens, cost, ttft))


def simulate(project: Project, traces: int, seed: int) -> None:
    rng = random.Random(seed)
    for index in range(traces):
        ms = rhythmic_time(rng, project.begin, project.end - 30 * 60 * 1000)
        trace, env = f"trace-{index}", pick(rng, catalog.ENVIRONMENTS)
        name = pick(rng, catalog.TRACE_KINDS)
        pre, main, post, _ = catalog.TRACE_KINDS[name]
        count = pick(rng, catalog.GENERATIONS_PER_TRACE)
        at, n = ms + rng.randint(2, 20), 0

        def generation(gen_name: str, start: int, short: bool) -> int:
            nonlocal n
            model = pick(rng, catalog.HELPER_MODELS if short else catalog.MAIN_MODELS)
            input_price, output_price, ms_per_token = catalog.MODELS[model]
            input_median, output_median = catalog.HELPER_TOKENS if short else catalog.MAIN_TOKENS
            level = pick(rng, catalog.LEVELS)
            tokens_in = min(16_000, max(20, int(rng.lognormvariate(math.log(input_median), 0.6))))
            tokens_out = min(4_000, max(3, int(rng.lognormvariate(math.log(output_median), 0.6))))
            latency = int(rng.lognormvariate(math.log(400), 0.4) + tokens_out * ms_per_token)
            if level == "ERROR":
                tokens_out = 0
            n += 1
            project.observation(trace, f"{trace}-{n}", "GENERATION", gen_name, env, level, start, latency, model,
                                (tokens_in, tokens_out), (tokens_in * float(input_price), tokens_out * float(output_price)),
                                int(latency * rng.uniform(0.15, 0.4)))
            return start + latency

        def span(span_name: str, start: int, end: int, level: str = "DEFAULT") -> None:
            nonlocal n
            n += 1
            project.observation(trace, f"{trace}-{n}", "SPAN", span_name, env, level, start, end - start)

        if count >= 2:
            at = generation(pre, at, True)
        search_start = at + rng.randint(1, 5)
        search_end = search_start + rng.randint(20, 200)
        span("vector-search", search_start, search_end)
        end = search_end + rng.randint(5, 30)
        span("retrieve-context", at, end, pick(rng, catalog.LEVELS))
        at = end
        if rng.random() < 0.3:
            end = at + rng.randint(50, 800)
            span(rng.choice(["lookup-order", "lookup-customer", "search-faq", "create-ticket"]), at, end, pick(rng, catalog.LEVELS))
            at = end
        at = generation(main, at, False)
        if count == 3:
            at = generation(post, at, True)
        for _ in range(pick(rng, catalog.EVENTS_PER_TRACE)):
            event = pick(rng, catalog.EVENT_NAMES)
            n += 1
            project.observation(trace, f"{trace}-{n}", "EVENT", event, env, "WARNING" if event == "guardrail-triggered" else "DEFAULT",
                                rng.randint(ms, at), None)
        span(name, ms, at + rng.randint(1, 5))


def write(db: sqlite3.Connection, project_id: str, project: Project) -> int:
    db.execute("DELETE FROM observation_rollups WHERE project_id = ?", (project_id,))
    db.execute("DELETE FROM observations WHERE project_id = ?", (project_id,))
    db.executemany(
        "INSERT INTO observation_rollups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((project_id, hour, env, kind, name, model, level, r.count, r.input_tokens, r.output_tokens, r.total_tokens,
          r.input_cost, r.output_cost, r.total_cost, r.total_cost_count, r.latency_sum, r.latency_count,
          sketch({k: v for k, v in r.latency.items() if k != 0}, r.latency.get(0, 0)), r.ttft_sum, r.ttft_count,
          sketch({k: v for k, v in r.ttft.items() if k != 0}, r.ttft.get(0, 0)))
         for (hour, env, kind, name, model, level), r in project.rollups.items()))
    db.executemany(
        """INSERT INTO observations (project_id, id, trace_id, type, environment, start_time, end_time, name, metadata, level,
               provided_model_name, provided_usage_details, provided_cost_details, usage_details, cost_details, created_at,
               updated_at, dt, hh, input_tokens, output_tokens, total_tokens, input_cost, output_cost, total_cost_value,
               latency_ms, time_to_first_token_ms, completion_start_time)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, '{}', '{}', '{}', '{}', ?, ?, '', '', ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        ((project_id, obs, trace, kind, env, start, None if latency is None else start + latency, name, level, model, start, start,
          tokens[0], tokens[1], tokens[0] + tokens[1], cost[0], cost[1], cost[0] + cost[1] if kind == "GENERATION" else None,
          latency, ttft, None if ttft is None else start + ttft)
         for trace, obs, kind, name, env, level, start, latency, model, tokens, cost, ttft in project.rows))
    db.commit()
    return len(project.rollups)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sqlite")
    parser.add_argument("project")
    parser.add_argument("answers")
    parser.add_argument("--traces", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261101)
    args = parser.parse_args()
    end = (int(time.time() * 1000) // DAY) * DAY
    project = Project(end - DAYS * DAY, end)
    started = time.time()
    simulate(project, args.traces, args.seed)
    observations = sum(r.count for r in project.rollups.values())
    db = sqlite3.connect(args.sqlite)
    rollup_rows = write(db, args.project, project)
    p95 = {}
    for name, values in project.latency_by_name.items():
        ordered = sorted(values)
        rank = 0.95 * (len(ordered) - 1)
        low, high = ordered[math.floor(rank)], ordered[math.ceil(rank)]
        p95[name] = low + (high - low) * (rank - math.floor(rank))
    Path(args.answers).write_text(json.dumps({
        "begin": end - DAYS * DAY, "end": end, "traces": args.traces, "observations": observations, "rollupRows": rollup_rows,
        "edgeRows": len(project.rows), "generationLatencyP95Ms": p95,
        "costAndTokensByModelAndDay": [[model, day, cost, tokens] for (model, day), (cost, tokens) in sorted(project.cost_by_model_day.items())],
    }))
    print(f"{args.traces} traces, {observations} observations -> {rollup_rows} rollup rows, "
          f"{len(project.rows)} edge rows in {time.time() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
