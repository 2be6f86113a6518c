"""Relations -> a networkx MultiDiGraph: the analysis layer every store and view shares.

Graph shape (the contract views, analysis and exports rely on):

- node key: ``node_id(label, name)``; attributes ``label``, ``name``, ``aliases`` (list of the
  other spellings that mapped to the same id).
- one edge per fact (``Relation.key()``), edge key = relation type; attributes ``type``,
  the relation's properties, ``confidence`` (highest seen), ``evidence`` (list of evidence
  dicts in the order read, one per (doc_id, sentence, start, end, extractor)),
  ``evidence_count`` (every piece seen: the embedded store lists only an edge's newest
  kg.store.trim.EVIDENCE_KEPT), ``first_seen``/``last_seen`` (article dates or
  None) and ``status_history`` (list of (date, status) in the order the articles were read).
  Symmetric types are stored once, from the lower node id to the higher.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.records import Relation
from kg.schema import supersedes

if TYPE_CHECKING:
    from kg.store.base import GraphStore


def relations_to_graph(relations: Iterable[Relation], graph: nx.MultiDiGraph | None = None
                       ) -> nx.MultiDiGraph:
    """Merge relations into a MultiDiGraph, one edge per (type, source, target).

    >>> from kg.records import Evidence, Relation
    >>> ev = Evidence("a1", "Meta took a 49% stake in Scale AI.", 0, 35, "doc")
    >>> g = relations_to_graph([Relation("INVESTS_IN", "Meta", "Scale AI", "Company",
    ...                                  "Company", ev, {"stake_pct": 49.0}, 0.9)])
    >>> g.edges["company:meta", "company:scale-ai", "INVESTS_IN"]["stake_pct"]
    49.0
    """
    g = graph if graph is not None else nx.MultiDiGraph()
    for rel in relations:
        rel_type, u, v = rel.key()
        ends = {rel.source_id: (rel.source_label, rel.source),
                rel.target_id: (rel.target_label, rel.target)}
        for nid, (label, name) in ends.items():
            if nid not in g:
                g.add_node(nid, label=label, name=name, aliases=[])
            elif name != g.nodes[nid]["name"] and name not in g.nodes[nid]["aliases"]:
                g.nodes[nid]["aliases"].append(name)
        ev = {k: x for k, x in asdict(rel.evidence).items() if x is not None}
        date = rel.evidence.published
        if g.has_edge(u, v, key=rel_type):
            data = g.edges[u, v, rel_type]
            if any(evidence_key(e) == evidence_key(ev) for e in data["evidence"]):
                continue
            _merge_into(data, rel, ev, date)
        else:
            g.add_edge(u, v, key=rel_type, type=rel_type, **rel.properties,
                       confidence=rel.confidence, evidence=[ev], evidence_count=1,
                       first_seen=date, last_seen=date,
                       status_history=[(date, rel.properties.get("status"))])
    return g


def evidence_key(ev: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two pieces of evidence the same: the article, the sentence, span, extractor."""
    return (ev.get("doc_id"), ev.get("sentence"), ev.get("start"), ev.get("end"),
            ev.get("extractor"))


def _merge_into(data: dict[str, Any], rel: Relation, ev: dict[str, Any], date: str | None
                ) -> None:
    """Add one more piece of evidence; values follow :func:`kg.schema.supersedes`."""
    if supersedes(date, rel.properties.get("status"), data["last_seen"], data.get("status")):
        data.update(rel.properties)
    else:
        for k, x in rel.properties.items():
            data.setdefault(k, x)
    if date and (data["first_seen"] is None or date < data["first_seen"]):
        data["first_seen"] = date
    if date and (data["last_seen"] is None or date > data["last_seen"]):
        data["last_seen"] = date
    data["confidence"] = max(data["confidence"], rel.confidence)
    data["evidence"].append(ev)
    data["evidence_count"] = len(data["evidence"])
    data["status_history"].append((date, rel.properties.get("status")))


def open_store(path: str | Path | None = None, *, neo4j: bool = False,
               read_only: bool = True) -> GraphStore:
    """The embedded store at ``path`` (default ``$KG_HOME/graph.lbug``), or with ``neo4j=True``
    Neo4j (NEO4J_URI or the project's server; kg.store.connection.Neo4jUnavailable when none
    answers). Raises kg.store.base.StoreError when there is no embedded graph yet."""
    if neo4j:
        from kg.store.connection import neo4j_settings, open_driver
        from kg.store.neo4j_store import Neo4jStore

        settings = neo4j_settings()
        return Neo4jStore(open_driver(settings), settings.database if settings else None)
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(path, read_only=read_only)


def load_graph(path: str | Path | None = None, *, neo4j: bool = False) -> nx.MultiDiGraph:
    """The stored graph as a MultiDiGraph (the shape above), evidence included: from the
    embedded store (an empty graph when nothing was built yet) or from Neo4j (see
    :func:`open_store`)."""
    from kg.store.embedded import default_path

    if not neo4j and not (Path(path) if path else default_path()).exists():
        return nx.MultiDiGraph()
    with open_store(path, neo4j=neo4j) as store:
        return store.read_graph()
