"""Neo4j load speed: the batched writer against a naive one-transaction-per-relation loader.

Starts a throwaway project Neo4j server (temporary KG_HOME, free ports) unless --uri names a
server whose database may be wiped. Loads --relations generated relations (default 100,000)
with kg's writer (batched UNWIND ... MERGE, one transaction per batch), then a --sample of
other relations with the naive loader (the same merge statements, one transaction per
relation), in the same run, and prints relations/s for each and their ratio.
Targets: >= 20,000 relations/s and >= 50x the naive loader.

    .venv/bin/python bench/load_speed.py [--relations 100000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import relations  # noqa: E402

from kg.store import server  # noqa: E402
from kg.store.connection import Neo4jSettings, open_driver  # noqa: E402
from kg.store.model import plan_evidence_batch  # noqa: E402
from kg.store.neo4j_store import Neo4jStore  # noqa: E402

TARGET_RATE = 20_000
TARGET_RATIO = 50


def free_port_pair() -> tuple[int, int]:
    socks = [socket.socket() for _ in range(2)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = tuple(s.getsockname()[1] for s in socks)
    for s in socks:
        s.close()
    return ports  # type: ignore[return-value]


def run(uri: str, n: int, sample: int, batch_size: int) -> None:
    store = Neo4jStore(open_driver(Neo4jSettings(uri)))
    try:
        store.clear()
        store.prepare()
        rels = list(relations(n, seed=1))
        with tqdm(total=n, unit=" rel", desc="batched", file=sys.stderr) as bar:
            began = time.perf_counter()
            store.load(rels, batch_size=batch_size, on_batch=bar.update)
            batched_s = time.perf_counter() - began
        nodes, edges = store.counts()
        # the naive loader writes other facts (another seed, other names) into the same graph
        naive_rels = [r for r in relations(sample, seed=2, companies=n // 5)]
        with tqdm(total=sample, unit=" rel", desc="naive", file=sys.stderr) as bar:
            began = time.perf_counter()
            for rel in naive_rels:
                plan = plan_evidence_batch([rel])
                store.write(lambda run_, p=plan: [run_(q, params) for q, params in p])
                bar.update()
            naive_s = time.perf_counter() - began
    finally:
        store.close()
    rate, naive_rate = n / batched_s, sample / naive_s
    print(f"batched writer: {n:,} relations in {batched_s:.1f} s = {rate:,.0f} relations/s "
          f"(batch {batch_size}; graph: {nodes:,} nodes, {edges:,} relationships)")
    print(f"naive loader:   {sample:,} relations in {naive_s:.1f} s = {naive_rate:,.0f} "
          "relations/s (one transaction per relation)")
    print(f"ratio: {rate / naive_rate:.0f}x (target >= {TARGET_RATIO}x); "
          f"rate target >= {TARGET_RATE:,}/s: {'met' if rate >= TARGET_RATE else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--uri", help="use this server instead; its database is WIPED")
    args = parser.parse_args()
    if args.uri:
        run(args.uri, args.relations, args.sample, args.batch_size)
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as home:
        bolt, http = free_port_pair()
        info = server.start(bolt_port=bolt, http_port=http, kg_home_dir=Path(home)).info
        try:
            run(info.bolt_uri, args.relations, args.sample, args.batch_size)
        finally:
            server.stop(kg_home_dir=Path(home))


if __name__ == "__main__":
    main()
