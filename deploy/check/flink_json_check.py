"""Checks the shipped Flink jobs against Flink itself, without Kafka or Paimon.

1. Flink's JSON format reads Langfarm's lake messages into the generated columns. For each
   topic, it reads deploy/check/messages/<topic>.jsonl (the encoder's output for the contract
   test samples; a Swift test keeps it current) through a filesystem source with the column
   types and JSON options of the Kafka source table in deploy/flink/<topic>.sql, with
   'json.ignore-parse-errors' = 'false', selects every column (the JSON reader skips converting
   columns a query does not read), and compares every value with the message: strings, exact
   decimals, integers, booleans, maps, arrays and timestamps. A value Flink cannot parse fails
   the job; a value it reads differently fails the comparison.
2. Flink's SQL parser and planner accept the job: the Kafka source and the Paimon table
   statements run as shipped (into the in-memory catalog, which keeps Paimon's options without
   checking them), and the INSERT plans with a datagen source and a blackhole sink standing in
   for the Kafka and Paimon connectors, whose jars PyFlink does not have.

Needs PyFlink (PyPI `apache-flink`) and Java 17:
    python3 -m venv /tmp/pyflink && /tmp/pyflink/bin/pip install apache-flink
    /tmp/pyflink/bin/python deploy/check/flink_json_check.py
It takes about 35 seconds. Exits 0 when every topic checks out, 1 (or with Flink's exception)
otherwise.
"""

import json
import re
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from pyflink.table import EnvironmentSettings, TableEnvironment

DEPLOY = Path(__file__).resolve().parent.parent
TOPICS = ["traces", "observations", "scores"]


def source_columns(topic: str) -> list[tuple[str, str]]:
    """(name, Flink type) of the Kafka source table in the shipped job, in order."""
    sql = (DEPLOY / "flink" / f"{topic}.sql").read_text()
    body = re.search(r"CREATE TEMPORARY TABLE `kafka_\w+` \((.*?)\n\) WITH \(", sql, re.S)
    if body is None:
        raise SystemExit(f"deploy/flink/{topic}.sql has no Kafka source table")
    return [
        (match.group(1), match.group(2))
        for match in re.finditer(r"^  `(\w+)` (.+?),?$", body.group(1), re.M)
    ]


def flink_rows(env: TableEnvironment, topic: str, columns: list[tuple[str, str]], folder: Path) -> list:
    definitions = ",\n".join(f"  `{name}` {type_}" for name, type_ in columns)
    env.execute_sql(f"""
        CREATE TEMPORARY TABLE `{topic}_messages` (
        {definitions}
        ) WITH (
          'connector' = 'filesystem',
          'path' = '{folder}',
          'format' = 'json',
          'json.timestamp-format.standard' = 'ISO-8601',
          'json.ignore-parse-errors' = 'false'
        )""")
    # PyFlink cannot collect TIMESTAMP_LTZ values: read them as text (in UTC).
    selected = ", ".join(
        f"CAST(`{name}` AS STRING)" if type_.startswith("TIMESTAMP_LTZ") else f"`{name}`" for name, type_ in columns
    )
    with env.execute_sql(f"SELECT {selected} FROM `{topic}_messages`").collect() as results:
        return list(results)


def expected(value, type_: str):
    """A message value as Flink should return it."""
    if value is None:
        return None
    if type_.startswith("TIMESTAMP_LTZ"):
        return value.replace("T", " ").rstrip("Z")
    if type_.startswith("DECIMAL"):
        return Decimal(str(value))
    if type_ == "DOUBLE":
        return float(value)
    if type_.startswith("MAP") and "DECIMAL" in type_:
        return {key: Decimal(str(amount)) for key, amount in value.items()}
    return value


def same(actual, wanted) -> bool:
    if isinstance(wanted, Decimal):
        return isinstance(actual, Decimal) and actual == wanted
    if isinstance(wanted, dict):
        return isinstance(actual, dict) and actual.keys() == wanted.keys() and all(
            same(actual[key], wanted[key]) for key in wanted
        )
    return actual == wanted


def check(env: TableEnvironment, topic: str) -> list[str]:
    columns = source_columns(topic)
    messages_file = DEPLOY / "check" / "messages" / f"{topic}.jsonl"
    messages = [json.loads(line, parse_float=Decimal) for line in messages_file.read_text().splitlines()]
    folder = Path(tempfile.mkdtemp(prefix=f"flink-json-{topic}-"))
    try:
        shutil.copy(messages_file, folder / "messages.json")
        rows = flink_rows(env, topic, columns, folder)
    finally:
        shutil.rmtree(folder)
    names = [name for name, _ in columns]
    problems = []
    if set(names) != set(messages[0].keys()):
        problems.append(f"{topic}: columns and message fields differ: {sorted(set(names) ^ set(messages[0].keys()))}")
    by_version = {row[names.index("row_version")]: row for row in rows}
    for message in messages:
        row = by_version.get(message["row_version"])
        if row is None:
            problems.append(f"{topic}: Flink returned no row for row_version {message['row_version']}")
            continue
        for index, (name, type_) in enumerate(columns):
            wanted = expected(message[name], type_)
            if not same(row[index], wanted):
                problems.append(f"{topic} {message['id']} {name} ({type_}): Flink read {row[index]!r}, the message has {wanted!r}")
    print(f"{topic}: {len(rows)} messages, {len(columns)} columns read, {len(problems)} problems")
    return problems


def check_job_sql(env: TableEnvironment, topic: str) -> list[str]:
    """Runs the job's statements that need no connector jar and plans its INSERT."""
    script = (DEPLOY / "flink" / f"{topic}.sql").read_text()
    statements = [
        "\n".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
        for statement in script.split(";\n")
    ]
    sink = f"`{topic}_sink`"
    for statement in statements:
        # SET is a SQL client command; the Paimon catalog needs Paimon's jar.
        if not statement or statement.startswith(("SET ", "CREATE CATALOG", "CREATE DATABASE")):
            continue
        statement = statement.replace("`langfarm`.`tracing`.", "")
        if statement.startswith("INSERT"):
            plan = env.explain_sql(statement.replace(f"INSERT INTO `{topic}`", f"INSERT INTO {sink}"))
            print(f"{topic}: the job's statements run and its INSERT plans")
            return [] if "Sink(table=" in plan else [f"{topic}: the INSERT did not plan a sink"]
        env.execute_sql(statement)
        stand_in = "datagen" if statement.startswith("CREATE TEMPORARY TABLE") else "blackhole"
        connected = re.sub(r"WITH \(.*\)\s*$", f"WITH ('connector' = '{stand_in}')", statement, flags=re.S)
        if stand_in == "blackhole":
            env.execute_sql(connected.replace(f"`{topic}`", sink, 1))
        else:
            env.execute_sql(f"DROP TEMPORARY TABLE `kafka_{topic}`")
            env.execute_sql(connected)
    return [f"{topic}: the job has no INSERT"]


def main() -> int:
    env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    env.get_config().set("table.local-time-zone", "UTC")
    env.get_config().set("parallelism.default", "1")
    problems = [problem for topic in TOPICS for problem in check(env, topic)]
    streaming = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    problems += [problem for topic in TOPICS for problem in check_job_sql(streaming, topic)]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
