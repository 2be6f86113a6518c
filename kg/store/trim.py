"""The embedded store keeps an edge's newest EVIDENCE_KEPT pieces of evidence, and counts all.

Why: the engine keeps list properties in columns and rewrites an edge's lists whenever the
edge changes, keeping the old copies until a checkpoint and needing the whole column in its
buffer pool to write it out. An edge supported by many articles (a deal every outlet reports)
therefore cost memory and time in proportion to all its evidence on every batch that touched
it: `kg build` of 16 MB of articles, ~170 pieces per edge, grew past 1.2 GB and then stopped
with "buffer pool is full" (bench/build_memory.py). With the lists trimmed, an edge costs at
most EVIDENCE_KEPT pieces whatever the input size.

``evidence_count`` still counts every piece, ``status_history`` keeps each status seen (see
:func:`trim_history`), and the keys of trimmed evidence go on the Article node it came from
(``ev_trimmed``, 64-bit hashes), so that reading that article again adds nothing twice.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Any

from kg.graph import evidence_key
from kg.records import Relation
from kg.schema import article_node_id

EVIDENCE_KEPT = 20
EdgeKey = tuple[str, str, str]
"""(relation type, source id, target id)."""


def evidence_hash(edge: EdgeKey, ev: dict[str, Any]) -> int:
    """A stable signed 64-bit hash of one piece of evidence of one edge (its article named by
    the Article id, which a stored piece of evidence always knows)."""
    doc_id, *rest = evidence_key(ev)
    digest = hashlib.blake2b(repr((*edge, article_node_id(doc_id), *rest)).encode(),
                             digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def relation_hash(rel: Relation) -> int:
    """:func:`evidence_hash` of a relation's evidence on its edge."""
    ev = rel.evidence
    return evidence_hash(rel.key(), {"doc_id": ev.doc_id, "sentence": ev.sentence,
                                     "start": ev.start, "end": ev.end,
                                     "extractor": ev.extractor})


def trim_history(history: list[tuple[Any, Any]], kept: int) -> list[tuple[Any, Any]]:
    """At most ``kept`` (date, status) entries, in order: the distinct ones, and when there are
    still too many, the first sighting of each status and the newest of the rest (there are
    fewer statuses than ``kept``, so every status seen stays)."""
    distinct = list(dict.fromkeys(history))
    if len(distinct) <= kept:
        return distinct
    first: dict[Any, int] = {}
    for i, (_, status) in enumerate(distinct):
        first.setdefault(status, i)
    keep = set(first.values())
    for i in range(len(distinct) - 1, -1, -1):
        if len(keep) >= kept:
            break
        keep.add(i)
    return [distinct[i] for i in sorted(keep)]


def trim_edge(edge: EdgeKey, data: dict[str, Any]) -> dict[str, list[int]]:
    """Trim one edge's evidence (in the kg.graph shape, in place) to its newest EVIDENCE_KEPT
    pieces; returns the hashes of the pieces dropped, by the Article id they came from."""
    kept = EVIDENCE_KEPT
    evidence = data["evidence"]
    if len(evidence) <= kept:
        return {}
    dropped: dict[str, list[int]] = defaultdict(list)
    for ev in evidence[:-kept]:
        dropped[article_node_id(ev["doc_id"])].append(evidence_hash(edge, ev))
    data["evidence"] = evidence[-kept:]
    data["status_history"] = trim_history(data["status_history"], kept)
    return dict(dropped)
