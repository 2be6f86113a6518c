"""How fast a 2,000-node view opens and settles in headless Chromium.

Writes the kg view of a synthetic 2,000-node graph (large-graph mode: cheap layout up front,
physics off once settled) and, as the baseline measured in the same run, the same graph with
the settings kg uses below a few hundred nodes (pyvis-style Barnes-Hut physics, 600 iterations,
vis-network's improved initial layout).
Each page is opened in a fresh tab; the time is from navigation to the first frame drawn after
the layout stabilised (vis-network's stabilizationIterationsDone, then afterDrawing).

    .venv/bin/python bench/view_speed.py [--nodes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.graph import relations_to_graph
from kg.records import Evidence, Relation
from kg.schema import RELATION_TYPES
from kg.view import render_page
from kg.view.browser import chromium

COMPANY_TYPES = [t for t, rt in RELATION_TYPES.items()
                 if rt.source_labels[0] == "Company" and rt.target_labels == ("Company",)]
BASELINE_TIMEOUT_S = 120


def synthetic_graph(n_nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A scale-free company graph of about n_nodes with mixed relation types and statuses."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(n_nodes, 2, seed=seed)
    relations = []
    for u, v in shape.edges():
        rel_type = rng.choice(COMPANY_TYPES)
        statuses = RELATION_TYPES[rel_type].statuses
        props = {"status": rng.choice(statuses)} if statuses else {}
        if "amount" in RELATION_TYPES[rel_type].properties and rng.random() < 0.4:
            props.update(amount=rng.choice([5e7, 2e8, 1.5e9]), currency="USD")
        sentence = f"Company {u} and Company {v} are tied ({rel_type.lower()})."
        ev = Evidence(f"doc-{u}-{v}", sentence, 0, len(sentence), "synthetic",
                      title=f"Article {u}", published=f"2025-{1 + u % 12:02d}-01")
        relations.append(Relation(rel_type, f"Company {u}", f"Company {v}", "Company",
                                  "Company", ev, props, round(rng.uniform(0.5, 1.0), 2)))
    return relations_to_graph(relations)


def time_to_settle(browser, page_path: Path, timeout_s: float) -> float | None:
    """Seconds from navigation to the first frame after stabilisation (None on timeout)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(page_path.as_uri())
        page.wait_for_function("window.kgData && kgData.timings.settledDraw",
                               timeout=timeout_s * 1000)
        return page.evaluate("kgData.timings.settledDraw") / 1000
    except Exception as exc:  # playwright's TimeoutError; anything else is a real failure
        if type(exc).__name__ != "TimeoutError":
            raise
        return None
    finally:
        page.close()


def redraw_ms(browser, page_path: Path, frames: int = 10) -> float:
    """Median time of one full redraw of the settled page (what panning and zooming cost)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(page_path.as_uri())
        page.wait_for_function("window.kgData && kgData.timings.settledDraw", timeout=120_000)
        times = page.evaluate("""(frames) => {
            const net = kgData.network, out = [];
            for (let i = 0; i < frames; i++) {
                const start = performance.now(); net.redraw(); out.push(performance.now() - start);
            }
            return out; }""", frames)
        return statistics.median(times)
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    graph = synthetic_graph(args.nodes)
    with tempfile.TemporaryDirectory() as tmp:
        pages = {}
        for name, large in (("kg view (large-graph mode)", True),
                            ("baseline (small-graph settings)", False)):
            start = time.perf_counter()
            html = render_page(graph, title="bench", large=large)
            pages[name] = Path(tmp) / f"{'large' if large else 'small'}.html"
            pages[name].write_text(html, encoding="utf-8")
            print(f"{name}: wrote {pages[name].stat().st_size / 1e6:.1f} MB in "
                  f"{time.perf_counter() - start:.2f} s", file=sys.stderr)
        print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
        results: dict[str, list[float | None]] = {name: [] for name in pages}
        with chromium() as browser:
            for _ in range(args.runs):
                for name, path in pages.items():
                    results[name].append(time_to_settle(browser, path, BASELINE_TIMEOUT_S))
            kg_page = next(iter(pages.values()))
            redraw = redraw_ms(browser, kg_page)
    medians = {}
    for name, times in results.items():
        done = [t for t in times if t is not None]
        medians[name] = statistics.median(done) if len(done) == len(times) else None
        shown = ", ".join(f"{t:.2f}" if t is not None else f">{BASELINE_TIMEOUT_S}"
                          for t in times)
        median = f"{medians[name]:.2f} s" if medians[name] else f">{BASELINE_TIMEOUT_S} s"
        print(f"{name:32s} open->settled median {median}  (runs: {shown})")
    print(f"kg view: one full redraw (pan/zoom frame) median {redraw:.0f} ms")
    ours, base = medians.values()
    if ours and base:
        print(f"ratio baseline/kg: {base / ours:.1f}x faster")
    elif ours:
        print(f"ratio baseline/kg: > {BASELINE_TIMEOUT_S / ours:.1f}x faster (baseline timed out)")
    return 0 if ours else 1


if __name__ == "__main__":
    sys.exit(main())
