"""How the graph is stored in a database, and the batched, idempotent load both stores share.

Stored model (the same in Neo4j and in the embedded store):

- ``(:Company|Person|Exchange {id, name, aliases})`` keyed by ``kg.schema.node_id``;
- ``(:Article {id, name, doc_id, title, published, url, outlet})`` keyed by
  ``kg.schema.article_node_id(doc_id)``;
- one relationship per fact (``Relation.key()``) with the type's properties plus
  ``confidence``, ``first_seen``, ``last_seen``, ``evidence_count``, ``status_history``
  (``"date|status"`` strings) and the evidence as parallel lists ``ev_articles`` (Article ids),
  ``ev_sentences``, ``ev_starts``, ``ev_ends``, ``ev_extractors`` (the embedded store keeps
  the newest kg.store.trim.EVIDENCE_KEPT there, and on Article nodes ``ev_trimmed``, the
  hashes of their evidence trimmed from edges). The sentences are read
  straight off the edge; the article is one indexed lookup away
  (``UNWIND r.ev_articles AS a MATCH (art:Article {id: a})``). Keeping evidence on the edge
  (rather than as Evidence nodes) keeps paths and neighbourhoods free of bookkeeping nodes and
  works the same in both engines.

Loads go in batches, one transaction each, with the merge rules of
:func:`kg.graph.relations_to_graph` (same fact -> one edge with more evidence; the values of the
article that supersedes (kg.schema.supersedes) win and the status joins ``status_history``;
evidence already there changes nothing):

- Neo4j (:func:`plan_batch`, :meth:`BatchPlan.write`): one row per relation; new nodes and
  edges are created outright, evidence for existing edges is merged with the merge rules in
  Cypher (:func:`cypher.merge_evidence`), no read-back of properties;
- the embedded store (:func:`write_merged_batch`): read the batch's nodes and edges, merge in
  Python with relations_to_graph itself, write their full state back (its engine cannot see
  a relationship created earlier in the same UNWIND).

Both are idempotent, so re-loading the same articles, or re-running a load cut off mid-way,
converges to the same graph (tests compare both with relations_to_graph).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from kg.graph import relations_to_graph
from kg.records import Evidence, Relation
from kg.resolve import Plan, apply_plan
from kg.schema import ARTICLE, ENTITY_LABELS, RELATION_TYPES, article_node_id
from kg.store import cypher
from kg.store.trim import EdgeKey, relation_hash, trim_edge

Run = Callable[[str, dict[str, Any]], list[dict[str, Any]]]
"""Runs one query inside the current transaction and returns its records as dicts."""

NUMERIC_PROPERTIES = frozenset({"amount", "valuation", "stake_pct"})
EVIDENCE_LISTS = ("ev_articles", "ev_sentences", "ev_starts", "ev_ends", "ev_extractors")
META_COLUMNS: dict[str, str] = {
    "confidence": "DOUBLE", "first_seen": "STRING", "last_seen": "STRING",
    "evidence_count": "INT64", "status_history": "STRING[]", "ev_articles": "STRING[]",
    "ev_sentences": "STRING[]", "ev_starts": "INT64[]", "ev_ends": "INT64[]",
    "ev_extractors": "STRING[]",
}
NODE_COLUMNS: dict[str, dict[str, str]] = {
    **{label: {"name": "STRING", "aliases": "STRING[]", "type_confidence": "DOUBLE"}
       for label in ENTITY_LABELS},
    ARTICLE: {"name": "STRING", "doc_id": "STRING", "title": "STRING", "published": "STRING",
              "url": "STRING", "outlet": "STRING"},
}
ARTICLE_COLUMNS = tuple(NODE_COLUMNS[ARTICLE])
"""An Article's stored properties, as its rows carry them after its id (cypher.article_row)."""
_LABEL_OF_PREFIX = {label.lower(): label for label in (*ENTITY_LABELS, ARTICLE)}


def edge_columns(rel_type: str) -> dict[str, str]:
    """Stored property -> engine type for one relation type."""
    props = {p: "DOUBLE" if p in NUMERIC_PROPERTIES else "STRING"
             for p in RELATION_TYPES[rel_type].properties}
    return {**props, **META_COLUMNS}


def label_of(nid: str) -> str:
    """The label a node id was made from (``company:meta`` -> ``Company``)."""
    return _LABEL_OF_PREFIX[nid.split(":", 1)[0]]


def article_id(doc_id: str) -> str:
    return article_node_id(doc_id)


def article_row(ev: Evidence) -> tuple[str | None, ...]:
    """The Article node behind a piece of evidence: its id, then ARTICLE_COLUMNS in order
    (the name is the title, else the document id)."""
    return (article_id(ev.doc_id), ev.title or ev.doc_id, ev.doc_id, ev.title, ev.published,
            ev.url, ev.outlet)


def to_stored(rel_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """Graph edge attributes (the kg.graph shape) -> stored relationship properties."""
    props: dict[str, Any] = {}
    for p in RELATION_TYPES[rel_type].properties:
        value = data.get(p)
        props[p] = float(value) if p in NUMERIC_PROPERTIES and value is not None else value
    evidence = data["evidence"]
    props.update(
        confidence=float(data["confidence"]), first_seen=data.get("first_seen"),
        last_seen=data.get("last_seen"),
        evidence_count=max(len(evidence), data.get("evidence_count") or 0),
        status_history=[f"{d or ''}|{s or ''}" for d, s in data["status_history"]],
        ev_articles=[article_id(e["doc_id"]) for e in evidence],
        ev_sentences=[e["sentence"] for e in evidence],
        ev_starts=[int(e["start"]) for e in evidence],
        ev_ends=[int(e["end"]) for e in evidence],
        ev_extractors=[e["extractor"] for e in evidence],
    )
    return props


def from_stored(rel_type: str, props: dict[str, Any],
                articles: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Stored relationship properties -> graph edge attributes (the kg.graph shape).

    ``articles`` (Article id -> stored Article properties) adds title/published/url/outlet to each
    piece of evidence, as :func:`kg.graph.relations_to_graph` has them.
    """
    articles = articles or {}
    data: dict[str, Any] = {"type": rel_type}
    data.update({p: props[p] for p in RELATION_TYPES[rel_type].properties
                 if props.get(p) is not None})
    evidence = []
    for aid, sentence, start, end, extractor in zip(
            *(props.get(k) or [] for k in EVIDENCE_LISTS), strict=True):
        art = articles.get(aid, {})
        ev = {"doc_id": art.get("doc_id") or aid.split(":", 1)[1], "sentence": sentence,
              "start": start, "end": end, "extractor": extractor}
        ev.update({k: art[k] for k in ("title", "published", "url", "outlet")
                   if art.get(k) is not None})
        evidence.append(ev)
    history = []
    for item in props.get("status_history") or []:
        date, _, status = item.partition("|")
        history.append((date or None, status or None))
    data.update(confidence=props.get("confidence"), evidence=evidence,
                evidence_count=max(len(evidence), props.get("evidence_count") or 0),
                first_seen=props.get("first_seen"),
                last_seen=props.get("last_seen"), status_history=history)
    return data


def batched(items: Iterable[Relation], size: int) -> Iterator[list[Relation]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


@dataclass
class LoadStats:
    """What a load wrote: relations read, distinct nodes and edges touched, batches."""

    relations: int = 0
    batches: int = 0
    nodes: set[str] = field(default_factory=set)
    edges: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, batch: list[Relation]) -> None:
        self.relations += len(batch)
        self.batches += 1
        keys = {rel.key() for rel in batch}
        self.edges |= keys
        self.nodes.update(nid for _, u, v in keys for nid in (u, v))


def merge_batch(run: Run, batch: list[Relation]) -> nx.MultiDiGraph:
    """Read what the store holds for this batch and merge the batch into it (no writes).
    Evidence the store has, on its edge or trimmed from it (kg.store.trim), changes nothing;
    ``evidence_count`` goes on counting the trimmed pieces."""
    g = nx.MultiDiGraph()
    ids_by_label: dict[str, set[str]] = defaultdict(set)
    keys_by_group: dict[tuple[str, str, str], set[tuple[str, str]]] = defaultdict(set)
    for rel in batch:
        rel_type, u, v = rel.key()
        ids_by_label[label_of(u)].add(u)
        ids_by_label[label_of(v)].add(v)
        keys_by_group[(rel_type, label_of(u), label_of(v))].add((u, v))
    for label, ids in ids_by_label.items():
        _add_nodes(g, label, run(cypher.read_nodes(label), {"ids": sorted(ids)}))
    stored = [(rel_type, rec) for (rel_type, src_label, dst_label), keys in
              keys_by_group.items()
              for rec in run(cypher.read_edges(rel_type, src_label, dst_label),
                             {"rows": [{"src": u, "dst": v} for u, v in sorted(keys)]})]
    cited = sorted({aid for _, rec in stored for aid in rec["props"].get("ev_articles") or ()})
    # the Article nodes give the evidence its document ids (long ones are hashed in node ids)
    articles = {rec["id"]: rec for rec in run(cypher.articles_of(), {"ids": cited})}
    trimmed_before: dict[EdgeKey, int] = {}
    for rel_type, rec in stored:
        data = from_stored(rel_type, rec["props"], articles)
        g.add_edge(rec["src"], rec["dst"], key=rel_type, **data)
        trimmed_before[(rel_type, rec["src"], rec["dst"])] = (
            data["evidence_count"] - len(data["evidence"]))
    gone = stored_trimmed(run, {article_id(rel.evidence.doc_id) for rel in batch})
    g = relations_to_graph([rel for rel in batch if relation_hash(rel) not in
                            gone.get(article_id(rel.evidence.doc_id), ())], g)
    for (rel_type, u, v), n in trimmed_before.items():
        if n:
            data = g.edges[u, v, rel_type]
            data["evidence_count"] = n + len(data["evidence"])
    return g


def stored_trimmed(run: Run, ids: Iterable[str]) -> dict[str, set[int]]:
    """Article id -> hashes of its evidence trimmed from edges (kg.store.trim), for ``ids``."""
    return {rec["id"]: set(rec["trimmed"] or ())
            for rec in run(cypher.read_trimmed(), {"ids": sorted(ids)}) if rec["trimmed"]}


def write_merged_batch(run: Run, dialect: str, batch: list[Relation],
                       aliases: Mapping[str, Iterable[str]] | None = None) -> None:
    """Merge one batch in Python, trim the edges' evidence (kg.store.trim), then write the
    full state of what it touched: nodes, then articles (with the hashes of trimmed evidence),
    then edges grouped by type (the embedded store's way).

    ``aliases`` (node id -> other names, e.g. from the entity list) are added to the nodes.
    """
    g = merge_batch(run, batch)
    dropped: dict[str, list[int]] = defaultdict(list)
    for u, v, rel_type, data in g.edges(keys=True, data=True):
        for aid, hashes in trim_edge((rel_type, u, v), data).items():
            dropped[aid] += hashes
    articles = {}
    for rel in batch:
        aid, *values = article_row(rel.evidence)
        articles[aid] = {"id": aid, "props": dict(zip(ARTICLE_COLUMNS, values, strict=True))}
    _write_nodes(run, dialect, g, g.nodes, aliases)
    run(cypher.write_nodes(ARTICLE, dialect, NODE_COLUMNS[ARTICLE]),
        {"rows": list(articles.values())})
    if dropped:
        known = stored_trimmed(run, dropped)
        send(run, cypher.write_trimmed(), [{"id": aid, "trimmed": sorted(known.get(aid, set())
                                                                          | set(hashes))}
                                           for aid, hashes in dropped.items()])
    _write_edges(run, dialect, g.edges(keys=True, data=True))


def _add_nodes(g: nx.MultiDiGraph, label: str, records: Iterable[dict[str, Any]]) -> None:
    for rec in records:
        extra = {"type_confidence": rec["type_confidence"]} \
            if rec.get("type_confidence") is not None else {}
        g.add_node(rec["id"], label=label, name=rec["name"],
                   aliases=list(rec["aliases"] or []), **extra)


def _write_nodes(run: Run, dialect: str, g: nx.MultiDiGraph, ids: Iterable[str],
                 aliases: Mapping[str, Iterable[str]] | None = None) -> None:
    """Write the full state of the entity nodes ``ids`` of ``g``."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for nid in ids:
        attrs = g.nodes[nid]
        names = {*attrs["aliases"], *(aliases or {}).get(nid, ())} - {attrs["name"]}
        by_label[attrs["label"]].append({"id": nid, "props": {
            "name": attrs["name"], "aliases": sorted(names),
            "type_confidence": attrs.get("type_confidence")}})
    for label, rows in by_label.items():
        run(cypher.write_nodes(label, dialect, NODE_COLUMNS[label]), {"rows": rows})


def _write_edges(run: Run, dialect: str,
                 edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Write the full state of ``edges`` (u, v, type, graph attributes)."""
    by_group: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, rel_type, data in edges:
        by_group[(rel_type, label_of(u), label_of(v))].append(
            {"src": u, "dst": v, "props": to_stored(rel_type, data)})
    for (rel_type, src_label, dst_label), rows in by_group.items():
        run(cypher.write_edges(rel_type, src_label, dst_label, dialect, edge_columns(rel_type)),
            {"rows": rows})


def rewrite_entities(run: Run, dialect: str, plan: Plan) -> None:
    """Carry a resolution plan (kg.resolve) out in a store, inside the current transaction:
    read the nodes it touches with their relationships and neighbours, apply it, delete the
    old nodes and write the entities they became with their relationships' full state."""
    ids = sorted(plan.touched())
    g = nx.MultiDiGraph()
    for label in ENTITY_LABELS:
        _add_nodes(g, label, run(cypher.read_nodes(label),
                                 {"ids": [i for i in ids if label_of(i) == label]}))
    edges = [rec for query in cypher.edges_of(dialect) for rec in run(query, {"ids": ids})]
    others = {n for rec in edges for n in (rec["src"], rec["dst"])} - set(g)
    for label in ENTITY_LABELS:
        _add_nodes(g, label, run(cypher.read_nodes(label),
                                 {"ids": sorted(i for i in others if label_of(i) == label)}))
    for rec in edges:
        g.add_edge(rec["src"], rec["dst"], key=rec["type"],
                   **from_stored(rec["type"], rec["props"]))
    new = apply_plan(g, plan)
    old = [nid for nid in g if nid in plan.targets]
    for label in ENTITY_LABELS:
        run(cypher.delete_entities(label), {"ids": [i for i in old if label_of(i) == label]})
    written = {t.id for t in plan.targets.values()} & set(new)
    _write_nodes(run, dialect, new, sorted(written))
    _write_edges(run, dialect, [(u, v, k, d) for u, v, k, d in new.edges(keys=True, data=True)
                                if u in written or v in written])


Statement = tuple[str, dict[str, Any]]
Group = tuple[str, str, str]
"""(relation type, source label, target label): one statement's worth of relationships."""


def evidence_row(rel: Relation, src: str, dst: str) -> tuple[Any, ...]:
    """The row that writes ``rel`` as one piece of evidence of the edge ``src -> dst``: plain
    values in the order of :func:`cypher.evidence_columns`. :func:`cypher.new_edge_properties`
    turns it into the stored state of an edge holding only this evidence (what
    :func:`to_stored` gives for ``relations_to_graph([rel])``)."""
    ev, date, props = rel.evidence, rel.evidence.published, rel.properties
    return (src, dst,
            *(float(props[p]) if p in NUMERIC_PROPERTIES and props.get(p) is not None
              else props.get(p) for p in RELATION_TYPES[rel.type].properties),
            float(rel.confidence), date, f"{date or ''}|{props.get('status') or ''}",
            article_id(ev.doc_id), ev.sentence, ev.start, ev.end, ev.extractor)


SRC, DST = 0, 1
"""Where an evidence row holds the ids of the edge's ends."""


def send(run: Run, query: str, rows: list[Any]) -> None:
    """Run ``query`` on ``rows`` unless there are none."""
    if rows:
        run(query, {"rows": rows})


EntityRow = tuple[str, str, tuple[str, ...]]
"""An entity's id, name and every spelling seen (cypher.ENTITY_ROW)."""
Rounds = list[dict[Group, list[tuple[Any, ...]]]]
"""Edge rows by group, in rounds that hold each edge at most once (see :class:`BatchPlan`)."""


@dataclass
class LoadState:
    """What the committed transactions of one load wrote, so that later ones skip look-ups:
    entity ids -> names stored (name and aliases), entities and articles known stored, the
    entities this load created and the edges it wrote.

    Valid while the load is the database's only writer, and only for a transaction's first
    attempt: a retried attempt may follow one that committed without saying so, and gets an
    empty state (it looks everything up).
    """

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tuples: GC-untracked
    articles: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)
    edges: set[EdgeKey] = field(default_factory=set)

    def add_nodes(self, written: NodesWritten) -> None:
        self.created |= written.created
        self.articles |= written.articles
        for nid, names in written.names.items():
            known = self.names.get(nid)
            self.names[nid] = names if known is None else tuple({*known, *names})


@dataclass
class NodesWritten:
    """What one node transaction stored: entities it created, every entity's spellings it
    made sure of, the articles now stored."""

    created: set[str]
    names: dict[str, tuple[str, ...]]
    articles: set[str]


@dataclass
class BatchPlan:
    """One batch made ready for Neo4j, in pure Python (so the next batch can be planned while
    the database writes this one).

    ``entities``: label -> rows ``(id, name, spellings)`` (every spelling seen, sorted);
    ``articles``: rows ``(id, *ARTICLE_COLUMNS)``; ``rounds``: the edge rows
    (:func:`evidence_row`, one piece of evidence each, duplicates dropped) by group, split so
    that a round holds each edge at most once, because Cypher applies a clause to all rows
    before the next: two rows for one edge in one statement would both pass the duplicate
    check. Rows are tuples (see kg.store.cypher: no keys on the wire, nothing for the garbage
    collector to track).

    Nodes and edges can go in separate transactions (nodes first, see :meth:`write_nodes` and
    :func:`write_edges`), and the edges in several concurrent ones (:meth:`edge_parts`).
    """

    entities: dict[str, list[EntityRow]]
    articles: list[tuple[Any, ...]]
    rounds: Rounds

    def merge_statements(self) -> list[Statement]:
        """Everything through MERGE, with the merge rules in Cypher and no look-up first
        (:func:`cypher.merge_evidence`): right whatever the database holds."""
        plan = [(cypher.merge_entities(label), {"rows": rows})
                for label, rows in self.entities.items()]
        plan.append((cypher.merge_articles(ARTICLE_COLUMNS), {"rows": self.articles}))
        plan += [(cypher.merge_evidence(*group), {"rows": rows})
                 for groups in self.rounds for group, rows in groups.items()]
        return plan

    def write(self, run: Run, state: LoadState | None = None) -> NodesWritten:
        """Write the whole batch in the current transaction: :meth:`write_nodes`, then
        :func:`write_edges`. Returns what the node step stored."""
        state = state or LoadState()
        nodes = self.write_nodes(run, state)
        write_edges(run, self.rounds, state, nodes.created)
        return nodes

    def write_nodes(self, run: Run, state: LoadState) -> NodesWritten:
        """Write the batch's entities and articles: look up the ones ``state`` does not know,
        create the missing ones outright (several times cheaper for the server than MERGE)
        and add new spellings to stored entities. The look-ups and writes share the
        transaction, so a retried or rerun batch sees what committed."""
        created: set[str] = set()
        names: dict[str, tuple[str, ...]] = {}
        for label, rows in self.entities.items():
            unknown, grown = [], []
            for row in rows:
                nid, _, spellings = row
                names[nid] = spellings
                known = state.names.get(nid)
                if known is None:
                    unknown.append(row)
                elif any(x not in known for x in spellings):
                    grown.append(row)
            if unknown:
                found = run(cypher.entities_to_write(label), {"rows": unknown})[0]
                new, stale = set(found["new"]), set(found["grown"])
                created |= new
                send(run, cypher.create_entities(label),
                     [(nid, name, tuple(x for x in spellings if x != name))
                      for nid, name, spellings in unknown if nid in new])
                grown += [row for row in unknown if row[0] in stale]
            send(run, cypher.merge_entities(label), grown)
        rows = [a for a in self.articles if a[0] not in state.articles]
        if rows:
            found = run(cypher.articles_to_write(ARTICLE_COLUMNS), {"rows": rows})[0]
            new, changed = set(found["new"]), set(found["changed"])
            send(run, cypher.create_articles(ARTICLE_COLUMNS), [a for a in rows if a[0] in new])
            send(run, cypher.merge_articles(ARTICLE_COLUMNS),
                 [a for a in rows if a[0] in changed])
        return NodesWritten(created, names, {a[0] for a in self.articles})

    def edge_parts(self, n: int) -> list[Rounds]:
        """The edge rounds split into ``n`` parts by a hash of the edge's key: every edge in
        one part, so concurrent transactions writing different parts never race on an edge."""
        parts: list[Rounds] = [[defaultdict(list) for _ in self.rounds] for _ in range(n)]
        for i, groups in enumerate(self.rounds):
            for group, rows in groups.items():
                for row in rows:
                    parts[hash((group[0], row[SRC], row[DST])) % n][i][group].append(row)
        # an edge in round i of a part is in its earlier rounds too: empty rounds trail
        return [[dict(groups) for groups in rounds if groups] for rounds in parts]


def write_edges(run: Run, rounds: Rounds, state: LoadState,
                created_here: AbstractSet[str] = frozenset()) -> set[EdgeKey]:
    """Write edge ``rounds`` whose end nodes are stored: create the new edges with their full
    state in one statement (:func:`cypher.create_all_edges`), merge the evidence of existing
    ones (and of later rounds) with :func:`cypher.merge_evidence`. Returns the keys of the
    edges written.

    Only edges between entities that existed before this load (not in ``state.created`` nor
    ``created_here``, those created by this transaction) need a look-up: an edge with a new
    end exists only if this load wrote it (``state.edges``).
    """
    def old(nid: str) -> bool:
        return nid not in state.created and nid not in created_here

    new: dict[Group, list[tuple[Any, ...]]] = {}
    for group, rows in (rounds[0] if rounds else {}).items():
        existing = {(row[SRC], row[DST]) for row in rows
                    if (group[0], row[SRC], row[DST]) in state.edges}
        maybe = [[row[SRC], row[DST]] for row in rows
                 if old(row[SRC]) and old(row[DST]) and (row[SRC], row[DST]) not in existing]
        if maybe:
            existing.update(tuple(key) for key in run(cypher.existing_edges(*group),
                                                      {"rows": maybe})[0]["keys"])
        new[group] = [row for row in rows if (row[SRC], row[DST]) not in existing]
        send(run, cypher.merge_evidence(*group),
             [row for row in rows if (row[SRC], row[DST]) in existing])
    if any(new.values()):
        run(cypher.create_all_edges(), cypher.all_edges_params(new))
    for groups in rounds[1:]:
        for group, rows in groups.items():
            send(run, cypher.merge_evidence(*group), rows)
    return {(group[0], row[SRC], row[DST])
            for groups in rounds[:1] for group, rows in groups.items() for row in rows}


def plan_batch(batch: list[Relation],
               aliases: Mapping[str, Iterable[str]] | None = None) -> BatchPlan:
    """Plan one batch for Neo4j (see :class:`BatchPlan`); ``aliases`` (node id -> other
    names) join the nodes' aliases."""
    labels: dict[str, str] = {}
    spellings: dict[tuple[str, str], None] = {}  # (id, surface name), in the order seen
    rounds: Rounds = []
    seen_edges: dict[tuple[str, str, str], int] = defaultdict(int)
    seen_evidence: set[tuple[Any, ...]] = set()
    articles: dict[str, tuple[Any, ...]] = {}
    for rel in batch:
        u, v = rel.source_id, rel.target_id
        labels[u], labels[v] = rel.source_label, rel.target_label
        spellings[u, rel.source] = spellings[v, rel.target] = None
        group = (rel.type, rel.source_label, rel.target_label)
        if rel.symmetric and v < u:
            u, v = v, u
            group = (rel.type, rel.target_label, rel.source_label)
        ev = rel.evidence
        dedup = (rel.type, u, v, ev.doc_id, ev.sentence, ev.start, ev.end, ev.extractor)
        if dedup in seen_evidence:
            continue
        seen_evidence.add(dedup)
        key = (rel.type, u, v)
        n = seen_edges[key]
        seen_edges[key] += 1
        if n == len(rounds):
            rounds.append(defaultdict(list))
        aid = article_id(ev.doc_id)
        if aid not in articles:
            articles[aid] = article_row(ev)
        rounds[n][group].append(evidence_row(rel, u, v))
    names: dict[str, list[str]] = defaultdict(list)
    for nid, surface in spellings:
        names[nid].append(surface)
    entities: dict[str, list[EntityRow]] = defaultdict(list)
    for nid, surfaces in names.items():
        entities[labels[nid]].append(
            (nid, surfaces[0], tuple(sorted({*surfaces, *(aliases or {}).get(nid, ())}))))
    return BatchPlan(dict(entities), list(articles.values()), rounds)


def graph_from_records(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]
                       ) -> nx.MultiDiGraph:
    """Records of nodes (:func:`cypher.entity_nodes`, :func:`cypher.articles_of`) and edges
    (:func:`cypher.all_edges`) -> the networkx graph.

    Article nodes feed the evidence's title/published/url; they are not graph nodes.
    """
    g = nx.MultiDiGraph()
    articles: dict[str, dict[str, Any]] = {}
    for rec in nodes:
        label = label_of(rec["id"])
        if label == ARTICLE:
            articles[rec["id"]] = rec
        else:
            _add_nodes(g, label, [rec])
    for rec in edges:
        g.add_edge(rec["src"], rec["dst"], key=rec["type"],
                   **from_stored(rec["type"], rec["props"], articles))
    return g
