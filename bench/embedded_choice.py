"""Which embedded store: LadybugDB, or a networkx graph in a file queried with grand-cypher?

Both get the same few thousand generated relations and the same named questions (kg conflicts,
kg show, kg path, kg moves), and we time: the first load, a re-load of the same relations
(must change nothing), opening the stored graph again, and each question. grand-cypher has no
MERGE, no undirected or shortest-path patterns and no parameters, so its load merges in Python
(kg.graph.relations_to_graph), rewrites the whole pickle, and its questions are written in the
subset it parses; a question it cannot express is reported as such.

    .venv/bin/python bench/embedded_choice.py [--relations 3000]

Chosen: LadybugDB (see the README's "Embedded store"). grand-cypher is not a kg dependency;
install it (pip install grand-cypher==1.2.0) to rerun the comparison.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

try:
    from grandcypher import GrandCypher
except ImportError:  # the loser of this comparison is not a kg dependency
    sys.exit("this comparison needs grand-cypher: .venv/bin/pip install grand-cypher==1.2.0")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import relations  # noqa: E402

from kg import analysis  # noqa: E402
from kg.graph import relations_to_graph  # noqa: E402
from kg.store.embedded import EmbeddedStore  # noqa: E402

GRAND_QUERIES = {
    # no undirected patterns: only rivalries stored C -> R are found (half of them)
    "conflicts": ("MATCH (c)-[cu:CUSTOMER_OF]->(s) MATCH (r)-[inv:INVESTS_IN]->(s) "
                  "MATCH (c)-[k:COMPETES_WITH]->(r) "
                  "RETURN c.name, s.name, r.name, inv.stake_pct, cu.amount"),
    "show": ('MATCH (a)-[r]->(b) WHERE a.name == "Company 3" '
             "RETURN a.name, b.name, r.stake_pct, r.amount"),
    "moves": ("MATCH (p)-[m:MOVES_TO]->(c) RETURN p.name, c.name, m.date ORDER BY m.date"),
    # no shortest paths and no undirected hops: every directed chain up to 3 hops
    "path": ('MATCH (a)-[*1..3]->(b) WHERE a.name == "Company 3" AND b.name == "Company 40" '
             "RETURN a.name, b.name"),
}


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def with_labels(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """grand-cypher matches :TYPE against ``__labels__`` sets."""
    for _, _, key, data in g.edges(keys=True, data=True):
        data["__labels__"] = {key}
    for _, data in g.nodes(data=True):
        data["__labels__"] = {data["label"]}
    return g


def networkx_store(rels: list, folder: Path) -> dict[str, Any]:
    path = folder / "graph.pickle"

    def load() -> nx.MultiDiGraph:
        g = pickle.loads(path.read_bytes()) if path.exists() else nx.MultiDiGraph()
        g = with_labels(relations_to_graph(rels, g))
        path.write_bytes(pickle.dumps(g, protocol=pickle.HIGHEST_PROTOCOL))
        return g

    out: dict[str, Any] = {}
    out["load"], g = timed(load)
    out["reload"], g2 = timed(load)
    out["unchanged"] = (g.number_of_edges() == g2.number_of_edges()
                        and sum(d["evidence_count"] for *_, d in g2.edges(data=True)) ==
                        sum(d["evidence_count"] for *_, d in g.edges(data=True)))
    out["open"], g = timed(lambda: pickle.loads(path.read_bytes()), repeat=3)
    out["size"] = path.stat().st_size
    for name, query in GRAND_QUERIES.items():
        try:
            out[name], res = timed(lambda q=query: GrandCypher(g).run(q), repeat=3)
        except Exception as exc:  # noqa: BLE001 - report what the engine cannot do
            out[name] = f"unsupported ({type(exc).__name__})"
    return out


def ladybug_store(rels: list, folder: Path) -> dict[str, Any]:
    path = folder / "graph.lbug"
    out: dict[str, Any] = {}
    with EmbeddedStore(path) as store:
        out["load"], _ = timed(lambda: store.load(rels))
        before = store.counts(), store.records("MATCH ()-[r]->() RETURN sum(r.evidence_count) AS n")
        out["reload"], _ = timed(lambda: store.load(rels))
        after = store.counts(), store.records("MATCH ()-[r]->() RETURN sum(r.evidence_count) AS n")
        out["unchanged"] = before == after
    out["open"], store = timed(lambda: EmbeddedStore(path, read_only=True))
    out["size"] = path.stat().st_size
    questions = {"conflicts": lambda: analysis.conflicts(store, rivals=[]),
                 "show": lambda: analysis.company_profile(store, "Company 3"),
                 "moves": lambda: analysis.moves(store),
                 "path": lambda: analysis.connection_path(store, "Company 3", "Company 40",
                                                          max_hops=3)}
    for name, ask in questions.items():
        out[name], _ = timed(ask, repeat=3)
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=3000)
    args = parser.parse_args()
    rels = list(relations(args.relations))
    with tempfile.TemporaryDirectory() as tmp:
        results = {"LadybugDB": ladybug_store(rels, Path(tmp)),
                   "networkx+grand-cypher": networkx_store(rels, Path(tmp))}
    print(f"{args.relations} generated relations")
    rows = ["load", "reload", "unchanged", "open", "size", *GRAND_QUERIES]
    print(f"{'':12}" + "".join(f"{name:>24}" for name in results))
    for row in rows:
        cells = []
        for res in results.values():
            v = res[row]
            cells.append(f"{v / 1e6:.1f} MB" if row == "size" else
                         f"{v * 1000:.1f} ms" if isinstance(v, float) else str(v))
        print(f"{row:12}" + "".join(f"{c:>24}" for c in cells))
    lb, nx_ = results["LadybugDB"], results["networkx+grand-cypher"]
    print(f"load rate: LadybugDB {len(rels) / lb['load']:,.0f} rel/s, "
          f"networkx {len(rels) / nx_['load']:,.0f} rel/s")
    for q in GRAND_QUERIES:
        if isinstance(nx_[q], float):
            print(f"{q}: grand-cypher / LadybugDB time ratio {nx_[q] / lb[q]:.1f}x")


if __name__ == "__main__":
    main()
