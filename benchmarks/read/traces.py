"""One trace as the Langfuse Python SDK 2.x sends it: ingestion events, plus the facts tallied.

Every observation is complete in its create event (start and end time, input, output, usage),
so each observation is exactly one event; the trace is one trace-create and each score one
score-create. A normal trace has a root span, 1-3 generations, a retrieval span with a nested
vector search, sometimes a tool span, and 0-2 events (about 6 observations); a big trace has a
root span and 49 agent steps. Each trace has its own random generator, seeded by the project
seed and the trace's index, so changing how one trace is drawn does not shift all the others.
"""
import functools
import itertools
import math
import random
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import catalog
import text
from plan import DAY, Plan

SDK_ENVELOPE = {"sdk_integration": "default", "sdk_name": "python", "sdk_version": "2.60.10"}


@dataclass
class Generation:
    name: str
    model: str
    start_ms: int
    latency_ms: int
    tokens: int
    cost: Decimal


@dataclass
class TraceFacts:
    """What the benchmark's known answers are tallied from (see answers.py)."""
    id: str
    timestamp_ms: int
    name: str
    user: str | None
    session: str | None
    environment: str
    tags: list[str]
    metadata: dict
    observation_starts: list[int] = field(default_factory=list)
    generations: list[Generation] = field(default_factory=list)
    scores: int = 0
    rare_word: str | None = None
    rare_observation: str | None = None

    @property
    def cost(self) -> Decimal:
        return sum((g.cost for g in self.generations), Decimal(0))


def iso(ms: int) -> str:
    return _second(ms // 1000) + f".{ms % 1000:03d}Z"


@functools.lru_cache(maxsize=1024)
def _second(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))


_CUMULATIVE: dict[int, tuple[list, list]] = {}  # id of a catalog dict -> (keys, cumulative weights)


def pick(rng: random.Random, weighted: dict):
    """A key of `weighted` (a catalog constant) drawn by its weight (an int, or the last member
    of a tuple)."""
    if id(weighted) not in _CUMULATIVE:
        _CUMULATIVE[id(weighted)] = (list(weighted), list(itertools.accumulate(
            w if isinstance(w, int) else w[-1] for w in weighted.values())))
    keys, cumulative = _CUMULATIVE[id(weighted)]
    return rng.choices(keys, cum_weights=cumulative)[0]


class TraceBuilder:
    """Builds trace `index` of `plan`: call build() once."""

    def __init__(self, plan: Plan, index: int):
        self.plan = plan
        self.index = index
        self.rng = random.Random(plan.seed << 32 | index)
        self.events: list[dict] = []

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def emit(self, event_type: str, at_ms: int, body: dict) -> None:
        self.events.append({"id": self.uuid(), "type": event_type, "timestamp": iso(at_ms), "body": body})

    def build(self) -> tuple[list[dict], TraceFacts]:
        plan, rng = self.plan, self.rng
        ms, session, user = Plan.unpack(plan.packed[self.index])
        big = self.index in plan.big
        name = catalog.BIG_TRACE_NAME if big else pick(rng, catalog.TRACE_KINDS)
        tags = sorted(set(rng.choices(list(catalog.TAGS), weights=list(catalog.TAGS.values()),
                                      k=pick(rng, catalog.TAGS_PER_TRACE))))
        day = (ms - plan.begin_ms) // DAY
        release = [r for first_day, r in catalog.RELEASES if first_day <= day][-1]
        metadata = {key: pick(rng, values) for key, values in catalog.TRACE_METADATA.items()}
        metadata["app_version"] = release
        self.facts = TraceFacts(
            id=self.uuid(), timestamp_ms=ms, name=name,
            user=None if user < 0 else f"user-{user:04d}",
            session=None if session < 0 else f"session-{session:05d}",
            environment=pick(rng, catalog.ENVIRONMENTS), tags=tags, metadata=metadata,
            rare_word=plan.rare.get(self.index))
        self.language = pick(rng, text.LANGUAGES)
        self.question = text.question(rng, self.language)
        self.reply = text.answer(rng, self.language)

        root = self.uuid()
        end = self.agent_steps(root, ms) if big else self.pipeline(root, ms, name)
        self.observation("span-create", root, None, name, ms, end, level="DEFAULT",
                         input={"request_id": f"req-{rng.getrandbits(48):012x}", "language": self.language},
                         output={"status": "answered"})
        self.trace(ms, release)
        self.scores(end)
        return self.events, self.facts

    # ------------------------------------------------------------------ structure

    def pipeline(self, root: str, start: int, name: str) -> int:
        """The children of a normal trace's root span; returns the root's end."""
        rng = self.rng
        pre, main, post, _ = catalog.TRACE_KINDS[name]
        count = pick(rng, catalog.GENERATIONS_PER_TRACE)
        at = start + rng.randint(2, 20)
        if count >= 2:
            at = self.generation(root, pre, at, short=True)
        at = self.retrieval(root, at)
        if rng.random() < 0.3:
            at = self.tool(root, at)
        self.main_generation = self.uuid()
        at = self.generation(root, main, at, short=False, id=self.main_generation,
                             rare_word=self.facts.rare_word)
        if count == 3:
            at = self.generation(root, post, at, short=True)
        for _ in range(pick(rng, catalog.EVENTS_PER_TRACE)):
            self.event(root, rng.randint(start, at))
        return at + rng.randint(1, 5)

    def agent_steps(self, root: str, start: int) -> int:
        """49 children: 16 rounds of plan, tool call and tool-result event, then the answer."""
        at = start + self.rng.randint(2, 20)
        for _ in range(16):
            at = self.generation(root, "plan-next-step", at, short=True)
            at = self.tool(root, at)
            self.event(root, at, name="tool-result")
        self.main_generation = self.uuid()
        return self.generation(root, "generate-answer", at, short=False, id=self.main_generation) + 3

    # ------------------------------------------------------------------ observations

    def observation(self, event_type: str, id: str, parent: str | None, name: str, start: int,
                    end: int | None, **fields) -> None:
        body = {"id": id, "traceId": self.facts.id, "name": name, "startTime": iso(start),
                "environment": self.facts.environment}
        if end is not None:
            body["endTime"] = iso(end)
        if parent is not None:
            body["parentObservationId"] = parent
        body.update({k: v for k, v in fields.items() if v is not None})
        level = body.get("level")
        if level in catalog.STATUS_MESSAGES:
            body["statusMessage"] = self.rng.choice(catalog.STATUS_MESSAGES[level])
        self.facts.observation_starts.append(start)
        self.emit(event_type, end if end is not None else start, body)

    def generation(self, parent: str, name: str, start: int, short: bool, id: str | None = None,
                   rare_word: str | None = None) -> int:
        """A generation starting at `start`; returns its end."""
        rng = self.rng
        id = id or self.uuid()
        model = pick(rng, catalog.HELPER_MODELS if short else catalog.MAIN_MODELS)
        input_price, output_price, ms_per_token = catalog.MODELS[model]
        input_median, output_median = catalog.HELPER_TOKENS if short else catalog.MAIN_TOKENS
        level = pick(rng, catalog.LEVELS)
        input_tokens = min(16_000, max(20, int(rng.lognormvariate(math.log(input_median), 0.6))))
        output_tokens = min(4_000, max(3, int(rng.lognormvariate(math.log(output_median), 0.6))))
        latency = int(rng.lognormvariate(math.log(400), 0.4) + output_tokens * ms_per_token)
        if level == "ERROR":  # failed calls produce nothing
            output_tokens = 0
        end = start + latency
        if short:
            messages = [{"role": "user", "content": self.question}]
            output = None if level == "ERROR" else {"role": "assistant", "content": text.prose(rng, "en", 60)}
        else:
            question = text.plant(self.question, rare_word) if rare_word else self.question
            messages = [{"role": "system", "content": text.SYSTEM_PROMPTS[self.facts.name]},
                        {"role": "user", "content": question}]
            output = None if level == "ERROR" else {"role": "assistant", "content": self.reply}
        cost = input_tokens * input_price + output_tokens * output_price
        self.observation(
            "generation-create", id, parent, name, start, end, level=level,
            completionStartTime=iso(start + int(latency * rng.uniform(0.15, 0.4))),
            model=model, modelParameters={"temperature": 0.2, "max_tokens": 1024},
            usage={"input": input_tokens, "output": output_tokens,
                   "total": input_tokens + output_tokens, "unit": "TOKENS"},
            metadata={"provider": catalog.PROVIDERS[model], "attempt": 2 if level == "WARNING" else 1},
            input=messages, output=output)
        self.facts.generations.append(Generation(name, model, start, latency,
                                                 input_tokens + output_tokens, cost))
        if rare_word:
            self.facts.rare_observation = id
        return end

    def retrieval(self, parent: str, start: int) -> int:
        """A retrieval span with a nested vector search; returns its end."""
        rng = self.rng
        span = self.uuid()
        search_start = start + rng.randint(1, 5)
        search_end = search_start + rng.randint(20, 200)
        hits = [{"id": f"kb-{rng.randint(1, 5000):04d}", "score": round(rng.uniform(0.55, 0.95), 3)}
                for _ in range(rng.randint(2, 5))]
        self.observation("span-create", self.uuid(), span, "vector-search", search_start, search_end,
                         level="DEFAULT", metadata={"collection": "kb-articles-v3", "hits": len(hits)},
                         input={"top_k": 8}, output={"matches": hits})
        end = search_end + rng.randint(5, 30)
        self.observation("span-create", span, parent, "retrieve-context", start, end,
                         level=pick(rng, catalog.LEVELS), metadata={"index": "kb-articles-v3", "top_k": 8},
                         input={"query": self.question[:120]},
                         output={"passages": [hit["id"] for hit in hits]})
        return end

    def tool(self, parent: str, start: int) -> int:
        rng = self.rng
        end = start + rng.randint(50, 800)
        tool = rng.choice(["lookup-order", "lookup-customer", "search-faq", "create-ticket"])
        self.observation("span-create", self.uuid(), parent, tool, start, end, level=pick(rng, catalog.LEVELS),
                         input={"arguments": {"id": rng.randint(10_000, 99_999)}},
                         output={"status": "ok", "items": rng.randint(0, 4)})
        return end

    def event(self, parent: str, at: int, name: str | None = None) -> None:
        name = name or pick(self.rng, catalog.EVENT_NAMES)
        level = "WARNING" if name == "guardrail-triggered" else "DEFAULT"
        self.observation("event-create", self.uuid(), parent, name, at, None, level=level,
                         input={"key": f"cache:{self.rng.getrandbits(32):08x}"} if name.startswith("cache") else None)

    # ------------------------------------------------------------------ trace and scores

    def trace(self, ms: int, release: str) -> None:
        f = self.facts
        body = {"id": f.id, "timestamp": iso(ms), "name": f.name, "release": release,
                "environment": f.environment, "metadata": f.metadata, "tags": f.tags,
                "input": {"question": self.question}, "output": {"answer": self.reply}}
        if f.user:
            body["userId"] = f.user
        if f.session:
            body["sessionId"] = f.session
        # The SDK sends the trace-create first; its envelope time is when it was created.
        self.events.insert(0, {"id": self.uuid(), "type": "trace-create", "timestamp": iso(ms), "body": body})

    def scores(self, trace_end: int) -> None:
        rng = self.rng
        count = pick(rng, catalog.SCORES_PER_TRACE)
        chosen = []
        while len(chosen) < count:
            name = pick(rng, catalog.SCORES)
            if name not in chosen:
                chosen.append(name)
        for name in chosen:
            data_type, values, _ = catalog.SCORES[name]
            value = rng.choice(values) if values else round(rng.random(), 2)
            body = {"id": self.uuid(), "traceId": self.facts.id, "name": name, "value": value,
                    "dataType": data_type, "environment": self.facts.environment}
            if name in catalog.SCORES_ON_OBSERVATION:
                body["observationId"] = self.main_generation
            if rng.random() < 0.1:
                body["comment"] = text.prose(rng, "en", 60)
            self.emit("score-create", trace_end + rng.randint(1_000, 600_000), body)
        self.facts.scores = count
