"""Steering entity resolution: list entities and likely duplicates, merge and split them.

``kg entities`` shows every entity with its aliases, how often it is cited and how sure its
label is; ``--duplicates`` ranks pairs that may be one entity. ``kg merge`` and ``kg split``
record a decision in ``$KG_HOME/entities.csv`` (kg.decisions), which every build applies,
and carry it out at once in the embedded store and in Neo4j when it is in use, without a
rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
from rapidfuzz import fuzz, process

from kg.analysis import resolve
from kg.decisions import load_decisions, record
from kg.names import is_acronym_of, normalise_name
from kg.resolve import Plan, Target, plan_resolution
from kg.schema import ENTITY_LABELS
from kg.store.base import GraphStore, QueryResult

DUPLICATE_CUTOFF = 70  # rapidfuzz token_set_ratio of two names worth a look


@dataclass(frozen=True)
class _Cited:
    mentions: int
    articles: set[str]
    partners: set[str]


def _cited(g: nx.MultiDiGraph) -> dict[str, _Cited]:
    found: dict[str, _Cited] = defaultdict(lambda: _Cited(0, set(), set()))
    for u, v, data in g.edges(data=True):
        docs = {e.get("doc_id") for e in data.get("evidence", [])}
        for me, other in ((u, v), (v, u)):
            old = found[me]
            found[me] = _Cited(old.mentions + len(data.get("evidence", [])),
                               old.articles | docs, old.partners | {other})
    return found


def entity_table(g: nx.MultiDiGraph) -> QueryResult:
    """Every entity: name, label, aliases, evidence sentences and articles citing it, and the
    type confidence where the label is in doubt; most cited first."""
    cited = _cited(g)
    rows = []
    for nid, a in g.nodes(data=True):
        if a.get("label") not in ENTITY_LABELS:
            continue
        c = cited.get(nid, _Cited(0, set(), set()))
        rows.append([a["name"], a["label"], "; ".join(sorted(a.get("aliases") or [])),
                     c.mentions, len(c.articles), a.get("type_confidence")])
    rows.sort(key=lambda r: (-r[3], r[0].lower()))
    return QueryResult(["name", "label", "aliases", "mentions", "articles",
                        "type_confidence"], rows)


def duplicate_table(g: nx.MultiDiGraph) -> QueryResult:
    """Pairs of entities that may be one, most likely first: the names' similarity (rapidfuzz
    token set ratio, or an acronym), raised when they share articles or partners, lowered
    when their labels differ; pairs an edge relates or a decision split are left out."""
    decisions = load_decisions()
    apart = {frozenset((normalise_name(a), normalise_name(b))) for a, b in decisions.splits}
    ids = [n for n, a in g.nodes(data=True) if a.get("label") in ENTITY_LABELS]
    names = [g.nodes[n]["name"] for n in ids]
    cited = _cited(g)
    scores = process.cdist(names, names, scorer=fuzz.token_set_ratio, processor=str.lower,
                           score_cutoff=DUPLICATE_CUTOFF)
    rows = []
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            b = ids[j]
            score = float(scores[i][j])
            if not score and (is_acronym_of(names[i], names[j])
                              or is_acronym_of(names[j], names[i])):
                score = 80.0
            if not score or g.has_edge(a, b) or g.has_edge(b, a) or frozenset(
                    (normalise_name(names[i]), normalise_name(names[j]))) in apart:
                continue
            ca, cb = cited.get(a, _Cited(0, set(), set())), cited.get(b, _Cited(0, set(), set()))
            context = bool(ca.articles & cb.articles) + bool(ca.partners & cb.partners)
            likelihood = score / 100 + 0.1 * context - (0.15 if g.nodes[a]["label"] !=
                                                        g.nodes[b]["label"] else 0.0)
            rows.append([round(min(likelihood, 1.0), 2), names[i], g.nodes[a]["label"],
                         names[j], g.nodes[b]["label"],
                         "same article" if ca.articles & cb.articles else
                         "shared partner" if ca.partners & cb.partners else ""])
    rows.sort(key=lambda r: (-r[0], r[1].lower(), r[3].lower()))
    return QueryResult(["likelihood", "a", "a_label", "b", "b_label", "context"], rows)


def merge_entities(stores: list[GraphStore], name: str, into: str) -> str:
    """``name`` is the entity ``into``: record the decision and join the two in every store
    (the first one's graph names them). Returns the entity's name."""
    g = stores[0].read_graph()
    nid, _ = resolve(g, name)
    target_id, target_name = resolve(g, into)
    if nid == target_id:
        raise ValueError(f"{name!r} and {into!r} are already one entity ({target_name})")
    record("merge", g.nodes[nid]["name"], target_name)
    _rewrite(stores, plan_resolution(g, load_decisions()))
    return target_name


def split_entity(stores: list[GraphStore], entity: str, name: str) -> str:
    """``name`` is not the entity ``entity``: record the decision and take the name off the
    entity's aliases in every store. The evidence read under that name stays with the entity
    until the next `kg rebuild`, which reads it apart. Returns the entity's name."""
    g = stores[0].read_graph()
    nid, canonical = resolve(g, entity)
    if normalise_name(name) == normalise_name(canonical):
        raise ValueError(f"{name!r} is the entity's own name; split off one of its aliases "
                         f"({', '.join(g.nodes[nid].get('aliases') or []) or 'it has none'})")
    record("split", name, canonical)
    node = g.nodes[nid]
    aliases = tuple(a for a in node.get("aliases", [])
                    if normalise_name(a) != normalise_name(name))
    _rewrite(stores, Plan({nid: Target(nid, canonical, node["label"], aliases,
                                       node.get("type_confidence"))}))
    return canonical


def _rewrite(stores: list[GraphStore], plan: Plan) -> None:
    for store in stores:
        store.rewrite_entities(plan)
