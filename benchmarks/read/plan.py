"""The project's skeleton: when each trace happens, whose session it belongs to, which are special.

Drawn once from the project seed, before any content (traces.py draws each trace's content from
the seed and the trace's index). Traces are numbered in timestamp order, which is also the order
they are sent in, as a live application would.
"""
import itertools
import math
import random
from dataclasses import dataclass

from text import RARE_WORDS

SECOND, HOUR, DAY = 1000, 3_600_000, 86_400_000
# No trace starts in the last half hour of the window, so every observation and score of every
# trace (the 50-observation ones last a few minutes) lies inside it.
MARGIN = 30 * 60 * SECOND
SESSION_SHARE = 0.9      # traces in a session; the others have a user (or none) but no session
ANONYMOUS_SHARE = 0.3    # of the traces outside sessions: no user either
BIG_TRACE_EVERY = 10_000  # one trace in this many has 50 observations (at least one in all)


@dataclass
class Plan:
    seed: int
    begin_ms: int
    end_ms: int
    # Per trace, in timestamp order: timestamp in ms << 32 | (session + 1) << 16 | (user + 1),
    # with session and user 0-based and -1 for none. One int per trace keeps 1M traces small.
    packed: list[int]
    big: frozenset[int]          # indices of the 50-observation traces
    rare: dict[int, str]         # index -> the rare word planted in its main generation's input

    @staticmethod
    def unpack(value: int) -> tuple[int, int, int]:
        """(timestamp ms, session or -1, user or -1)"""
        return value >> 32, ((value >> 16) & 0xFFFF) - 1, (value & 0xFFFF) - 1


def rhythm(ms: int) -> float:
    """Relative traffic at an instant: a daily wave peaking at 14:00 UTC, quieter weekends."""
    hour = (ms % DAY) / HOUR
    weekday = (ms // DAY + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    return (1 + 0.6 * math.sin(2 * math.pi * (hour - 8) / 24)) * (0.6 if weekday >= 5 else 1.0)


def rhythmic_time(rng: random.Random, begin: int, end: int) -> int:
    """A timestamp in [begin, end) drawn with density rhythm() (rejection sampling)."""
    while True:
        ms = begin + int(rng.random() * (end - begin))
        if rng.random() * 1.6 < rhythm(ms):
            return ms


def make_plan(traces: int, users: int, sessions: int, seed: int, end_ms: int, days: int) -> Plan:
    if not (0 < users < 0xFFFF and 0 < sessions < 0xFFFF):
        raise ValueError("users and sessions must be between 1 and 65,534")
    if traces < sum(RARE_WORDS.values()) + 1:
        raise ValueError(f"need at least {sum(RARE_WORDS.values()) + 1} traces")
    rng = random.Random(seed)
    begin = end_ms - days * DAY
    latest = end_ms - MARGIN

    # A few users are much more active than most (Zipf-like: of 2,000 users the busiest has
    # ~2.5 % of the traces); sessions belong to one user and vary in size and length.
    user_cumulative = list(itertools.accumulate(1 / (k + 5) ** 0.9 for k in range(users)))
    session_user = rng.choices(range(users), cum_weights=user_cumulative, k=sessions)
    session_weight = [rng.lognormvariate(0, 1) for _ in range(sessions)]
    session_span = [min(rng.lognormvariate(math.log(2 * HOUR), 1), 3 * DAY) for _ in range(sessions)]
    session_start = [rhythmic_time(rng, begin, latest - int(span)) for span in session_span]

    in_session = round(traces * SESSION_SHARE)
    # Every session gets a trace first (when there are enough), the rest go by weight.
    first = list(range(min(sessions, in_session)))
    chosen = first + rng.choices(range(sessions), weights=session_weight, k=in_session - len(first))
    packed = []
    for s in chosen:
        ms = session_start[s] + int(rng.random() * session_span[s])
        packed.append(ms << 32 | (s + 1) << 16 | (session_user[s] + 1))
    for _ in range(traces - in_session):
        ms = rhythmic_time(rng, begin, latest)
        user = -1 if rng.random() < ANONYMOUS_SHARE else rng.choices(range(users), cum_weights=user_cumulative)[0]
        packed.append(ms << 32 | 0 << 16 | (user + 1))
    packed.sort()
    # Distinct milliseconds: "newest first" then has one answer.
    for i in range(1, traces):
        if packed[i] >> 32 <= packed[i - 1] >> 32:
            packed[i] = ((packed[i - 1] >> 32) + 1) << 32 | (packed[i] & 0xFFFFFFFF)

    big = frozenset(rng.sample(range(traces), max(1, traces // BIG_TRACE_EVERY)))
    planted = rng.sample(sorted(set(range(traces)) - big), sum(RARE_WORDS.values()))
    words = [word for word, count in RARE_WORDS.items() for _ in range(count)]
    return Plan(seed, begin, end_ms, packed, big, dict(zip(planted, words)))
