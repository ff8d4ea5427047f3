"""Run read calls with the current Langfuse Python SDK (5.x) API client and report what it parsed.

Run by test_read_sdk5.py in .venv-sdk5 (SDK versions cannot share a venv). Reads a JSON list
of calls on stdin, each {"id", "method" (e.g. "observations.get_many"), "kwargs", optional
"walk": true to follow meta.cursor to the end, optional "auth": "other"}. LANGFUSE_HOST,
LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY select the server and key; READ_OTHER_PUBLIC_KEY
and READ_OTHER_SECRET_KEY the key used by calls with "auth": "other".

Prints one JSON line: {id: {"ok": true, "result": ...} or {"ok": true, "pages": [...]} or
{"ok": false, "error": ...}}. Results are the SDK's parsed models, flattened to their Python
attribute names plus "__type__" (the model class, e.g. ScoreV3_Boolean) and "__extra__"
(keys the model does not declare), so the tests see exactly what an SDK user sees.
Retries are turned off (request_options max_retries=0) so a failing call fails at once.
"""

import datetime as dt
import enum
import importlib.metadata
import json
import os
import sys

import pydantic
from langfuse import Langfuse

DATETIME_KWARGS = ("from_start_time", "to_start_time", "from_timestamp", "to_timestamp")
MAX_PAGES = 50


def plain(value):
    """The parsed value as JSON-friendly data, keeping bool/int/float/str distinct."""
    if isinstance(value, pydantic.BaseModel):
        out = {"__type__": type(value).__name__}
        for name in type(value).model_fields:
            out[name] = plain(getattr(value, name))
        out["__extra__"] = {key: plain(val) for key, val in (value.model_extra or {}).items()}
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain(val) for key, val in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def client(auth):
    host = os.environ["LANGFUSE_HOST"]
    if auth == "other":
        keys = os.environ["READ_OTHER_PUBLIC_KEY"], os.environ["READ_OTHER_SECRET_KEY"]
    else:
        keys = os.environ["LANGFUSE_PUBLIC_KEY"], os.environ["LANGFUSE_SECRET_KEY"]
    return Langfuse(public_key=keys[0], secret_key=keys[1], host=host, tracing_enabled=False, timeout=20)


def run(call, clients):
    auth = call.get("auth", "default")
    if auth not in clients:
        clients[auth] = client(auth)
    target = clients[auth].api
    for part in call["method"].split("."):
        target = getattr(target, part)
    kwargs = dict(call.get("kwargs", {}))
    for key in DATETIME_KWARGS:
        if key in kwargs:
            kwargs[key] = dt.datetime.fromisoformat(kwargs[key].replace("Z", "+00:00"))
    kwargs["request_options"] = {"max_retries": 0}
    if not call.get("walk"):
        return {"ok": True, "result": plain(target(**kwargs))}
    pages, cursor = [], None
    while len(pages) < MAX_PAGES:
        response = target(**kwargs, **({"cursor": cursor} if cursor else {}))
        pages.append(plain(response))
        cursor = response.meta.cursor
        if not cursor:
            break
    return {"ok": True, "pages": pages}


def main() -> int:
    calls = json.load(sys.stdin)
    clients = {}
    results = {"__sdk_version__": importlib.metadata.version("langfuse")}
    for call in calls:
        try:
            results[call["id"]] = run(call, clients)
        except Exception as exc:  # reported per call; the test decides
            results[call["id"]] = {
                "ok": False,
                "status": getattr(exc, "status_code", None),
                "error": f"{type(exc).__name__}: {exc}"[:3000],
            }
    for langfuse in clients.values():
        langfuse.shutdown()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
