"""The generated project's known answers: what each benchmark query must return.

Tallied from every trace's facts while the generator writes it, and saved as answers.json next
to the bodies. queries.py refers to values here by path ("probes/user/traces"), so the benchmark
checks correctness as well as speed. Besides the probes the queries use, the full counts per
filter value are kept, so that a new query can find its answer without regenerating.
"""
import heapq
import math
from collections import Counter, defaultdict
from decimal import Decimal

import catalog
from plan import DAY, Plan
from traces import TraceFacts, iso

# Trace-list probe values that are fixed by the catalog (the user and session are the busiest).
TAG_PROBE = "vip"
NAME_PROBE = "rag-answer"
ENVIRONMENT_PROBE = "production"
METADATA_PROBE = ("customer_tier", "enterprise")
DAY_PROBE = 17                          # the 18th day of the window (a Monday by default)
MIN_COST_PROBE = Decimal("0.02")        # traces costing at least this: about 1 %
# Observation ranks (1-based, newest start first) whose start time is recorded: page 100 of
# the v2 observations at 50 per page holds ranks 4,951 to 5,000.
START_RANKS = (4951, 5000)


class Tally:
    """Counts, trace by trace, what the queries will be asked; answers() gives answers.json."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.metadata: dict[str, Counter] = defaultdict(Counter)
        self.totals: Counter = Counter()
        self.cost = Decimal(0)
        self.min_cost_traces = 0
        self.by_model_day: dict[tuple[str, str], list] = defaultdict(lambda: [Decimal(0), 0])
        self.latencies: dict[str, Counter] = defaultdict(Counter)
        self.newest_starts: list[int] = []
        self.big: list[dict] = []
        self.rare: dict[str, list[str]] = defaultdict(list)
        self.newest_trace = ("", -1)

    def add(self, facts: TraceFacts, events: int) -> None:
        self.totals.update(traces=1, events=events, scores=facts.scores,
                           observations=len(facts.observation_starts), generations=len(facts.generations))
        for column, value in (("userId", facts.user), ("sessionId", facts.session), ("name", facts.name),
                              ("environment", facts.environment), ("day", self.day(facts.timestamp_ms))):
            if value is not None:
                self.counts[column][value] += 1
        self.counts["tags"].update(facts.tags)
        for key, value in facts.metadata.items():
            self.metadata[key][str(value)] += 1
        cost = facts.cost
        self.cost += cost
        self.min_cost_traces += cost >= MIN_COST_PROBE
        for g in facts.generations:
            cell = self.by_model_day[(g.model, self.day(g.start_ms))]
            cell[0] += g.cost
            cell[1] += g.tokens
            self.latencies[g.name][g.latency_ms] += 1
        for start in facts.observation_starts:
            if len(self.newest_starts) < START_RANKS[-1]:
                heapq.heappush(self.newest_starts, start)
            elif start > self.newest_starts[0]:
                heapq.heapreplace(self.newest_starts, start)
        if len(facts.observation_starts) == catalog.BIG_TRACE_OBSERVATIONS:
            self.big.append({"id": facts.id, "observations": len(facts.observation_starts), "scores": facts.scores})
        if facts.rare_word:
            self.rare[facts.rare_word].append(facts.rare_observation)
        if facts.timestamp_ms > self.newest_trace[1]:
            self.newest_trace = (facts.id, facts.timestamp_ms)

    def day(self, ms: int) -> str:
        return iso(ms)[:10]

    def answers(self, parameters: dict) -> dict:
        plan = self.plan
        users, sessions = self.counts["userId"], self.counts["sessionId"]
        busiest_user, user_traces = users.most_common(1)[0]
        busiest_session, session_traces = sessions.most_common(1)[0]
        day_from = plan.begin_ms + DAY_PROBE * DAY
        key, value = METADATA_PROBE
        starts = sorted(self.newest_starts, reverse=True)
        by_model_day: dict[str, dict] = defaultdict(dict)
        for (model, day), (cost, tokens) in sorted(self.by_model_day.items()):
            by_model_day[model][day] = {"totalCost": str(cost), "totalTokens": tokens}
        return {
            "parameters": parameters,
            "window": {"from": iso(plan.begin_ms), "to": iso(plan.end_ms)},
            "totals": {**self.totals, "users": len(users), "sessions": len(sessions),
                       "totalCost": str(self.cost),
                       "totalTokens": sum(tokens for _, tokens in self.by_model_day.values())},
            "newestTraceId": self.newest_trace[0],
            "probes": {
                "user": {"value": busiest_user, "traces": user_traces},
                "session": {"value": busiest_session, "traces": session_traces},
                "tag": {"value": TAG_PROBE, "traces": self.counts["tags"][TAG_PROBE]},
                "name": {"value": NAME_PROBE, "traces": self.counts["name"][NAME_PROBE]},
                "environment": {"value": ENVIRONMENT_PROBE, "traces": self.counts["environment"][ENVIRONMENT_PROBE]},
                "metadata": {"key": key, "value": value, "traces": self.metadata[key][value]},
                "day": {"from": iso(day_from), "to": iso(day_from + DAY),
                        "traces": self.counts["day"][iso(day_from)[:10]]},
                "minCost": {"value": float(MIN_COST_PROBE), "traces": self.min_cost_traces},
                "bigTrace": self.big[0],
            },
            "bigTraces": self.big,
            "rareWords": dict(self.rare),
            "observationStartAtRank": {str(rank): iso(starts[rank - 1]) for rank in START_RANKS if rank <= len(starts)},
            "costAndTokensByModelAndDay": by_model_day,
            "generationLatencyP95Ms": {name: percentile(hist, 0.95) for name, hist in sorted(self.latencies.items())},
            "counts": {column: dict(sorted(counter.items())) for column, counter in sorted(self.counts.items())},
            "metadataCounts": {k: dict(sorted(c.items())) for k, c in sorted(self.metadata.items())},
        }


def percentile(histogram: Counter, q: float) -> int:
    """Nearest-rank percentile of a histogram {value: count}."""
    rank, seen = max(1, math.ceil(q * sum(histogram.values()))), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("empty histogram")
