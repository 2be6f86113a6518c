"""Neo4j load speed: the batched writer against a naive one-transaction-per-relation loader.

Starts a throwaway project Neo4j server (temporary KG_HOME, free ports) unless --uri names a
server whose database may be wiped. Loads --relations generated relations (default 100,000)
with kg's writer (batched UNWIND; per batch one transaction for the nodes, then two
concurrent ones for the edges), then a --sample of other relations with the naive loader (the
writer's MERGE statements and merge rules, one transaction per relation), in the same run,
and prints relations/s for each, their ratio, the load average, CPU time and peak memory.
Both are timed on a warmed-up server (rounds of --warmup relations are loaded and deleted
first: at least six, then until two rounds agree; --warmup 0 times a cold server), and the
median of --repeat loads is reported.
Targets: >= 20,000 relations/s and >= 50x the naive loader.

    .venv/bin/python bench/load_speed.py [--relations 100000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import relations  # noqa: E402

from kg.records import Relation  # noqa: E402
from kg.store import server  # noqa: E402
from kg.store.connection import Neo4jSettings, open_driver, server_settings  # noqa: E402
from kg.store.model import plan_batch  # noqa: E402
from kg.store.neo4j_store import Neo4jStore  # noqa: E402

TARGET_RATE = 20_000
TARGET_RATIO = 50
MIN_WARMUP_ROUNDS = 6  # a fresh server's JIT compiles for ~600k relations (see run())
MAX_WARMUP_ROUNDS = 10


def free_port_pair() -> tuple[int, int]:
    socks = [socket.socket() for _ in range(2)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = tuple(s.getsockname()[1] for s in socks)
    for s in socks:
        s.close()
    return ports  # type: ignore[return-value]


def naive_load(store: Neo4jStore, rels: list[Relation], desc: str) -> float:
    """Seconds to write ``rels`` one transaction each, with the MERGE statements and merge
    rules of the writer but no batching and no look-ups."""
    with tqdm(total=len(rels), unit=" rel", desc=desc, file=sys.stderr) as bar:
        began = time.perf_counter()
        for rel in rels:
            plan = plan_batch([rel]).merge_statements()
            store.write(lambda run_, p=plan: [run_(q, params) for q, params in p])
            bar.update()
        return time.perf_counter() - began


def load_average() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def cpu_seconds(pid: int | None) -> tuple[float, float]:
    """CPU seconds used so far by this process and by ``pid`` (Linux /proc; 0 without it)."""
    server = 0.0
    if pid is not None:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return time.process_time(), server


def peak_rss_mb(pid: int | None = None) -> float:
    """Peak resident memory of this process, or of ``pid`` (Linux /proc), in MB."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(settings: Neo4jSettings, n: int, sample: int, batch_size: int, warmup: int, repeat: int,
        server_pid: int | None = None) -> None:
    store = Neo4jStore(open_driver(settings))
    try:
        store.clear()
        store.prepare()
        if warmup:
            # a fresh server runs its first loads several times slower: the JVM spends more
            # CPU compiling the server's code than running it at first (measured, per round of
            # 100k relations: 7.2, 5.3, 2.2, 0.6, 0.3, 1.0, 0.7, 0.4, 0.1 CPU-s in its C2
            # compiler), and two of those rounds can agree by chance. Warm it up for at least
            # six rounds, then until two agree, so that both loaders are measured on the
            # steady-state server a long-running database is. The rounds load relations
            # generated beforehand, so that their rates show the server's progress rather
            # than the cost of generating relations.
            warm = list(relations(warmup, seed=100))
            previous = 0.0
            for round_ in range(1, MAX_WARMUP_ROUNDS + 1):
                began = time.perf_counter()
                store.load(warm, batch_size=batch_size)
                rate = warmup / (time.perf_counter() - began)
                store.clear()
                print(f"warm-up {round_}:      {warmup:,} relations at {rate:,.0f}/s "
                      "(not timed; graph emptied after)", flush=True)
                if round_ >= MIN_WARMUP_ROUNDS and abs(rate - previous) < 0.05 * rate:
                    break
                previous = rate
            naive_load(store, list(relations(sample // 4, seed=4, companies=warmup // 5)),
                       "warm-up naive")
            store.clear()
            del warm
        rels = list(relations(n, seed=1))
        # the input is the benchmark's, held in memory only to keep generating it out of the
        # timing: keep Python's cyclic collector from rescanning it during the load
        gc.collect()
        gc.freeze()
        # each timed load starts from an empty graph; the median is reported (one load on a
        # 2-core machine varies by ~10%)
        runs: list[tuple[float, list[float]]] = []
        for i in range(repeat):
            if i:
                store.clear()
            with tqdm(total=n, unit=" rel", desc=f"batched {i + 1}/{repeat}",
                      file=sys.stderr) as bar:
                began, cpu = time.perf_counter(), cpu_seconds(server_pid)
                store.load(rels, batch_size=batch_size, on_batch=bar.update)
                runs.append((time.perf_counter() - began,
                             [b - a for a, b in zip(cpu, cpu_seconds(server_pid),
                                                    strict=True)]))
        batched_s, cpu = sorted(runs)[len(runs) // 2]
        batched_load = load_average()
        nodes, edges = store.counts()
        # the naive loader writes other facts (another seed, other names) into the same graph
        naive_s = naive_load(store, list(relations(sample, seed=2, companies=n // 5)), "naive")
        naive_load_avg = load_average()
    finally:
        store.close()
    rate, naive_rate = n / batched_s, sample / naive_s
    print(f"batched writer: {n:,} relations in {batched_s:.1f} s = {rate:,.0f} relations/s, "
          f"median of {len(runs)} loads ("
          + ", ".join(f"{n / s:,.0f}" for s, _ in runs) + f"/s; batch {batch_size}; graph: "
          f"{nodes:,} nodes, {edges:,} relationships; {batched_load})")
    server_cpu = f", Neo4j server {cpu[1]:.1f} s" if server_pid else ""
    print(f"                CPU time: this process {cpu[0]:.1f} s{server_cpu} "
          f"(2 cores: {2 * batched_s:.1f} core-seconds in all)")
    print(f"naive loader:   {sample:,} relations in {naive_s:.1f} s = {naive_rate:,.0f} "
          f"relations/s (one transaction per relation; {naive_load_avg})")
    print(f"ratio: {rate / naive_rate:.0f}x (target >= {TARGET_RATIO}x); "
          f"rate target >= {TARGET_RATE:,}/s: {'met' if rate >= TARGET_RATE else 'NOT met'}")
    server = f", Neo4j server {peak_rss_mb(server_pid):,.0f} MB" if server_pid else ""
    print(f"peak memory: this process {peak_rss_mb():,.0f} MB{server}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--warmup", type=int, default=100_000,
                        help="relations per warm-up round (loaded and deleted, until two "
                             "rounds agree within 5%%); 0: time a cold server")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed loads of --relations (the median is reported)")
    parser.add_argument("--uri", help="use this server instead; its database is WIPED")
    args = parser.parse_args()
    if args.uri:
        run(Neo4jSettings(args.uri), args.relations, args.sample, args.batch_size, args.warmup,
            args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as home:
        bolt, http = free_port_pair()
        info = server.start(bolt_port=bolt, http_port=http, kg_home_dir=Path(home)).info
        try:
            run(server_settings(info), args.relations, args.sample, args.batch_size, args.warmup,
                args.repeat, info.pid)
        finally:
            server.stop(kg_home_dir=Path(home))


if __name__ == "__main__":
    main()
