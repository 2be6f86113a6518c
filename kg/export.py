"""The graph as pandas DataFrames, and as CSV or GraphML files for Gephi and spreadsheets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from kg.formatting import spreadsheet_cell

FORMATS = ("csv", "graphml")


def to_dataframes(graph: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges): one row per entity (id, label, name, aliases) and per fact (source,
    target, type, its properties, confidence, dates, evidence_count, status_history and the
    evidence list)."""
    nodes = pd.DataFrame([{"id": n, "label": d.get("label"), "name": d.get("name"),
                           "aliases": list(d.get("aliases") or [])}
                          for n, d in graph.nodes(data=True)],
                         columns=["id", "label", "name", "aliases"])
    rows = [{"source": u, "target": v, **{k: x for k, x in d.items()}}
            for u, v, d in graph.edges(data=True)]
    first = ["source", "target", "type"]
    edges = pd.DataFrame(rows)
    if edges.empty:
        edges = pd.DataFrame(columns=first)
    edges = edges[first + [c for c in edges.columns if c not in first]]
    return nodes, edges


def _flat(value: Any) -> Any:
    """A value a CSV cell or a GraphML attribute can hold (lists and dicts as JSON)."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def export_graph(graph: nx.MultiDiGraph, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write ``nodes.csv`` + ``edges.csv`` or ``graph.graphml`` into ``out_dir``; returns the
    files. Lists (aliases, evidence, status history) become JSON strings; CSV cells that a
    spreadsheet would run as a formula are quoted."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        nodes, edges = to_dataframes(graph)
        paths = [out / "nodes.csv", out / "edges.csv"]
        for df, path in zip((nodes, edges), paths, strict=True):
            df.map(lambda x: spreadsheet_cell(_flat(x))).to_csv(path, index=False)
        return paths
    flat = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        flat.add_node(n, **{k: _flat(x) for k, x in d.items() if x is not None})
    for u, v, key, d in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(x) for k, x in d.items() if x is not None})
    path = out / "graph.graphml"
    nx.write_graphml(flat, path)
    return [path]
