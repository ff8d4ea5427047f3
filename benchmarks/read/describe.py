#!/usr/bin/env python3
"""Prints the setting of a read benchmark run as a markdown table: machine, data set, database
size, and how the data was loaded. Figures from different sittings of a shared VM are only
comparable with this next to them.

Usage: describe.py SET_DIR BINARY RUNS
(SET_DIR as run-query.sh lays it out: bodies/answers.json, data/, loaded.json)
"""
import json
import os
import subprocess
import sys
import time


def directory_bytes(path: str) -> int:
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(path) for name in names)


def cpu_model() -> str:
    with open("/proc/cpuinfo") as f:
        return next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "unknown")


def memory_gib() -> float:
    with open("/proc/meminfo") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("MemTotal:")) / 1048576


def main() -> None:
    set_dir, binary, runs = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(os.path.join(set_dir, "bodies", "answers.json")) as f:
        answers = json.load(f)
    with open(os.path.join(set_dir, "loaded.json")) as f:
        marker = json.load(f)
    totals, parameters, load = answers["totals"], answers["parameters"], marker["load"]
    data = directory_bytes(os.path.join(set_dir, "data"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"\n### Read queries: {time.strftime('%Y-%m-%d', time.gmtime())}, commit {commit or 'none'}, {binary}\n")
    print("| | |\n| --- | --- |")
    print(f"| machine | {os.cpu_count()} cores ({cpu_model()}), {memory_gib():.0f} GiB, client on the same machine |")
    print(f"| data set | {totals['traces']:,} traces, {totals['observations']:,} observations, "
          f"{totals['scores']:,} scores over {parameters['days']} days to {parameters['end']} "
          f"({totals['users']:,} users, {totals['sessions']:,} sessions; seed {parameters['seed']}) |")
    print(f"| database | {data / 2**30:.2f} GiB, {data / totals['traces'] / 1000:.1f} KB per trace |")
    print(f"| load | {load['events']:,} events in {load['requests']:,} requests, {load['connections']} connections, "
          f"{load['seconds']:,.0f} s: {load['eventsPerSecond']:,} events/s; server "
          f"{load.get('serverCpuMicrosPerEvent', '?')} µs CPU per event, loader {load['clientCpuMicrosPerEvent']} µs "
          f"(by {marker['binary']} at {marker['commit']}, {marker['loadedAt']}) |")
    print(f"| timing | warm: {runs} runs per query after one checked run, one keep-alive connection, loopback |\n")


if __name__ == "__main__":
    main()
