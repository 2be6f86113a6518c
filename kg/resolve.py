"""Entity resolution across articles: one node per real-world entity, under the right label.

Extraction resolves names within an article (aliases, short forms, "the company"). This
module works on the graph the articles make together, where one company can still be
several nodes ("Anduril" here, "Anduril Industries" there) and a person can sit under the
Company label. :func:`plan_resolution` plans the change: which nodes are one entity, under
which name and label, and how sure that label is; :func:`apply_plan` carries a plan out on
a networkx graph (the stores do it on their own data, ``GraphStore.rewrite_entities``) and
:func:`resolve_relations` on a list of relations.

Nodes are joined, a user's decision (kg.decisions) first and overriding the rest:

1. same name once normalised ("Bezos Expeditions" as a Person and as a Company);
2. an acronym and its long name in the same article or with a partner in common ("Ipai");
3. a short form: the long name's first words, the rest corporate words ("H" / "H Company",
   "Anduril" / "Anduril Industries"), or one other word when the two share an article or a
   partner ("Aurora" / "Aurora Innovation", "Lanxin" / "Lanxin Power");
4. a lone first name or surname and the one person of the same article who has it.

Never joined: names where the rest names a unit ("Google Cloud", "Bosch Ventures", "SoftBank
Vision Fund 2"), two entities of the entity list ("Google", "Google DeepMind"), nodes an edge
relates (a company and its subsidiary), and nodes no label fits (a person and an acquired
company). Labels: a joined entity takes the label most of its evidence gives among those its
edges allow; an entity only weak slots type (founder, investor, plaintiff) takes the label its
name's shape says ("Jesse Levinson" founding a company is a person, "Lakefront Brewery" a
company), with a ``type_confidence`` below 1 that the views show.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from kg.graph import evidence_key, relations_to_graph
from kg.names import (
    COMPANY_SUFFIXES,
    LEGAL_SUFFIXES,
    UNIT_WORDS,
    business_worded,
    is_acronym_of,
    listed_names,
    name_words,
    normalise_name,
    person_shaped,
)
from kg.records import Relation
from kg.schema import (
    COMPANY,
    ENTITY_LABELS,
    PERSON,
    RELATION_TYPES,
    SYMMETRIC_TYPES,
    node_id,
    supersedes,
)

SHAPE_CONFIDENCE = 0.7  # a label read off the name's shape alone
AMBIGUOUS_CONFIDENCE = 0.6  # a person-shaped company only weak slots type ("Baillie Gifford")
_SHORT_FORM_REST = COMPANY_SUFFIXES | LEGAL_SUFFIXES | {"company", "co"}


@dataclass(frozen=True)
class Target:
    """The entity a node becomes."""

    id: str
    name: str
    label: str
    aliases: tuple[str, ...]
    type_confidence: float | None = None


@dataclass
class Plan:
    """What resolution changes: node id -> the entity it becomes (nodes left as they are
    have no entry)."""

    targets: dict[str, Target] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.targets)

    def touched(self) -> set[str]:
        """Every node id the plan reads or writes: the old ids and the new ones."""
        return set(self.targets) | {t.id for t in self.targets.values()}


@dataclass
class _Node:
    id: str
    name: str
    label: str
    names: set[str]  # name and aliases
    articles: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    slots: set[tuple[str, int]] = field(default_factory=set)  # (relation type, 0 src / 1 dst)
    weight: int = 0  # pieces of evidence naming it
    type_confidence: float | None = None

    @property
    def words(self) -> list[str]:
        return name_words(self.name)


@dataclass(frozen=True)
class Decisions:
    """A user's decisions on entities (kg.decisions reads and writes them): ``merges`` of
    (name, into) and ``splits`` of (name, entity) that must stay apart."""

    merges: tuple[tuple[str, str], ...] = ()
    splits: tuple[tuple[str, str], ...] = ()


def _nodes(g: nx.MultiDiGraph) -> dict[str, _Node]:
    nodes = {nid: _Node(nid, a["name"], a["label"], {a["name"], *a.get("aliases", [])},
                        type_confidence=a.get("type_confidence"))
             for nid, a in g.nodes(data=True) if a.get("label") in ENTITY_LABELS}
    for u, v, rel_type, data in g.edges(keys=True, data=True):
        if u not in nodes or v not in nodes:
            continue
        articles = {e.get("doc_id") for e in data.get("evidence", [])}
        for end, (me, other) in enumerate(((u, v), (v, u))):
            node = nodes[me]
            node.articles |= articles
            node.partners.add(other)
            node.slots.add((rel_type, end))
            node.weight += len(data.get("evidence", [])) or 1
    return nodes


def _allowed(slots: Iterable[tuple[str, int]]) -> set[str]:
    """The labels every slot allows."""
    labels = set(ENTITY_LABELS)
    for rel_type, end in slots:
        rt = RELATION_TYPES[rel_type]
        labels &= set(rt.source_labels if end == 0 else rt.target_labels)
    return labels


class _Clusters:
    """Union-find over node ids that refuses joins the rules forbid."""

    def __init__(self, nodes: dict[str, _Node], splits: Iterable[tuple[str, str]]) -> None:
        self.nodes = nodes
        self.parent = {nid: nid for nid in nodes}
        self.members = {nid: {nid} for nid in nodes}
        self.listed = listed_names()
        self.apart = {frozenset((normalise_name(a), normalise_name(b))) for a, b in splits}

    def find(self, nid: str) -> str:
        while self.parent[nid] != nid:
            self.parent[nid] = self.parent[self.parent[nid]]
            nid = self.parent[nid]
        return nid

    def can_join(self, a: str, b: str, forced: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        left, right = self.members[ra], self.members[rb]
        keys = [{normalise_name(n) for m in side for n in self.nodes[m].names}
                for side in (left, right)]
        if any(frozenset((x, y)) in self.apart for x in keys[0] for y in keys[1]):
            return False
        if any(self.nodes[m].partners & right for m in left):
            return False  # related by an edge: two entities
        if not _allowed(s for m in left | right for s in self.nodes[m].slots):
            return False
        if forced:
            return True
        listed = [{self.listed[k] for k in side if k in self.listed} for side in keys]
        return not (listed[0] and listed[1] and not listed[0] & listed[1])

    def join(self, a: str, b: str, forced: bool = False) -> bool:
        if not self.can_join(a, b, forced):
            return False
        ra, rb = self.find(a), self.find(b)
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return True

    def groups(self) -> list[set[str]]:
        return list(self.members.values())


def plan_resolution(g: nx.MultiDiGraph, decisions: Decisions | None = None) -> Plan:
    """Plan how to resolve the entities of ``g`` (see the module docstring)."""
    decisions = decisions or Decisions()
    nodes = _nodes(g)
    clusters = _Clusters(nodes, decisions.splits)
    by_key: dict[str, list[str]] = defaultdict(list)
    for node in nodes.values():
        for name in node.names:
            by_key[normalise_name(name)].append(node.id)
    canonical: dict[str, str] = {}  # cluster member -> the name a decision gave it
    for name, into in decisions.merges:
        ids = by_key.get(normalise_name(name), []) + by_key.get(normalise_name(into), [])
        for nid in ids:
            clusters.join(ids[0], nid, forced=True)
            canonical[nid] = into
    for ids in by_key.values():  # 1. same name
        for nid in ids[1:]:
            clusters.join(ids[0], nid)
    _join_acronyms(nodes, clusters)
    _join_short_forms(nodes, clusters)
    _join_first_or_last_names(nodes, clusters)
    plan = Plan()
    for group in clusters.groups():
        target = _target(group, nodes, next((canonical[m] for m in group if m in canonical),
                                            None), clusters.listed)
        for nid in group:
            node = nodes[nid]
            if (target.id, target.name, target.type_confidence) != (
                    nid, node.name, node.type_confidence) or len(group) > 1:
                plan.targets[nid] = target
    return plan


def _related(a: _Node, b: _Node) -> bool:
    """Do two nodes share an article or a partner (the context agrees)?"""
    return bool(a.articles & b.articles or a.partners & b.partners)


def _join_acronyms(nodes: dict[str, _Node], clusters: _Clusters) -> None:
    longs = [n for n in nodes.values() if len(n.words) >= 2]
    for short in nodes.values():
        if " " in short.name or not 2 <= len(short.name) <= 6:
            continue
        for long in longs:
            if is_acronym_of(short.name, long.name) and _related(short, long):
                clusters.join(long.id, short.id)


def _join_short_forms(nodes: dict[str, _Node], clusters: _Clusters) -> None:
    by_first: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes.values():
        if node.words:
            by_first[node.words[0]].append(node)
    for short in nodes.values():
        words = short.words
        if not words or short.label == PERSON:
            continue
        fitting, units = [], False
        for long in by_first[words[0]]:
            rest = long.words[len(words):]
            if long.words[:len(words)] != words or not rest or long.label == PERSON:
                continue
            if any(w in UNIT_WORDS for w in rest):
                units = True  # "Kestrel" may be "Kestrel Pay" as well as "Kestrel Lending"
            elif all(w in _SHORT_FORM_REST for w in rest) or len(rest) == 1 and _related(
                    short, long):
                fitting.append(long)
        if units:
            continue
        roots = {clusters.find(n.id) for n in fitting}
        if len(roots) > 1:  # several long forms: only the ones the context backs
            fitting = [n for n in fitting if _related(short, n)]
            roots = {clusters.find(n.id) for n in fitting}
        if len(roots) == 1:
            clusters.join(fitting[0].id, short.id)


def _join_first_or_last_names(nodes: dict[str, _Node], clusters: _Clusters) -> None:
    people = [n for n in nodes.values() if n.label == PERSON and len(n.words) >= 2]
    for lone in nodes.values():
        if len(lone.words) != 1 or not lone.articles:
            continue
        word = lone.words[0]
        owners = [p for p in people if word in (p.words[0], p.words[-1])
                  and p.articles & lone.articles]
        companies = [c for c in nodes.values() if c.label == COMPANY and c is not lone
                     and word in c.words and c.articles & lone.articles]
        if len({clusters.find(p.id) for p in owners}) == 1 and not companies:
            clusters.join(owners[0].id, lone.id)


def _target(group: set[str], nodes: dict[str, _Node], decided: str | None,
            listed: dict[str, str]) -> Target:
    members = [nodes[m] for m in group]
    names = {n for m in members for n in m.names}
    allowed = _allowed(s for m in members for s in m.slots)
    votes: Counter[str] = Counter()
    for m in members:
        votes[m.label] += m.weight or 1
    label = max((lab for lab in votes if lab in allowed), key=lambda lab: votes[lab],
                default=next(iter(sorted(allowed)), members[0].label))
    confidence = votes[label] / sum(votes.values()) if len(votes) > 1 else None
    strong = {lab for m in members for s in m.slots if len(_allowed([s])) == 1
              for lab in _allowed([s])}
    if not strong:  # only weak slots (founder, investor, plaintiff): the name's shape decides
        label, confidence = _by_shape(max(members, key=lambda m: m.weight).name, label,
                                      confidence, allowed,
                                      any(s == ("FOUNDED", 0) for m in members for s in m.slots))
    name = decided or _canonical(members, listed)
    return Target(node_id(label, name), name, label, tuple(sorted(names - {name})),
                  round(confidence, 2) if confidence is not None else None)


def _by_shape(name: str, label: str, confidence: float | None, allowed: set[str],
              founder: bool) -> tuple[str, float | None]:
    """The label and its confidence for an entity no slot types: a business word makes a
    company; a person's name shape makes a founder a person and leaves an investor in doubt;
    a lone word in a person's slot is more likely a firm ("Felicis") than a person."""
    if COMPANY in allowed and (business_worded(name) or label == PERSON and " " not in name):
        return COMPANY, None if label == COMPANY and confidence is None else SHAPE_CONFIDENCE
    if PERSON in allowed and person_shaped(name):
        if founder:
            return PERSON, None if label == PERSON and confidence is None else SHAPE_CONFIDENCE
        if label == COMPANY:
            return COMPANY, AMBIGUOUS_CONFIDENCE
    return label, confidence


def _canonical(members: list[_Node], listed: dict[str, str]) -> str:
    """The list's name, else the fullest of the names cited at least half as often as the
    most cited one (legal suffixes aside)."""
    for m in members:
        if normalise_name(m.name) in listed:
            return listed[normalise_name(m.name)]
    def fullness(m: _Node) -> tuple[int, int, int, str]:
        words = len(normalise_name(m.name).split())
        return words, words - len(m.words), m.weight, m.name  # fewer legal suffixes first

    cited = max(m.weight for m in members)  # a name cited far less is a stray ("X CHF")
    return max((m for m in members if 2 * m.weight >= cited), key=fullness).name


# --- carrying a plan out ----------------------------------------------------------------------


def apply_plan(g: nx.MultiDiGraph, plan: Plan) -> nx.MultiDiGraph:
    """The graph with the plan carried out: nodes renamed, joined and relabelled, their edges
    moved and merged (the evidence of both, the newer values), edges that would join an
    entity to itself dropped."""
    out = nx.MultiDiGraph()
    for nid, attrs in g.nodes(data=True):
        target = plan.targets.get(nid)
        if target is None:
            out.add_node(nid, **attrs)
            continue
        if target.id not in out:
            out.add_node(target.id, label=target.label, name=target.name, aliases=[],
                         **({"type_confidence": target.type_confidence}
                            if target.type_confidence is not None else {}))
        aliases = out.nodes[target.id]["aliases"]
        for name in target.aliases:
            if name not in aliases:
                aliases.append(name)
    for u, v, rel_type, data in g.edges(keys=True, data=True):
        u2, v2 = (plan.targets[n].id if n in plan.targets else n for n in (u, v))
        if u2 == v2:
            continue
        if rel_type in SYMMETRIC_TYPES and v2 < u2:
            u2, v2 = v2, u2
        if out.has_edge(u2, v2, key=rel_type):
            merge_edge_data(out.edges[u2, v2, rel_type], data)
        else:
            out.add_edge(u2, v2, key=rel_type, **_copy(data))
    return out


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in data.items()}


def merge_edge_data(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Merge the state of one stored edge into another's (two nodes became one): the evidence
    of both, the values of the one that supersedes (kg.schema.supersedes)."""
    keys = {evidence_key(e) for e in into["evidence"]}
    new = [e for e in other["evidence"] if evidence_key(e) not in keys]
    if not new:
        return
    props = set(RELATION_TYPES[into["type"]].properties)
    if supersedes(other.get("last_seen"), other.get("status"), into.get("last_seen"),
                  into.get("status")):
        into.update({k: v for k, v in other.items() if k in props and v is not None})
    else:
        for k in props:
            if other.get(k) is not None:
                into.setdefault(k, other[k])
    into["evidence"] = into["evidence"] + new
    into["evidence_count"] = len(into["evidence"])
    into["confidence"] = max(into["confidence"], other["confidence"])
    into["status_history"] = list(into["status_history"]) + list(other["status_history"])
    for key, pick in (("first_seen", min), ("last_seen", max)):
        dates = [d for d in (into.get(key), other.get(key)) if d]
        into[key] = pick(dates) if dates else None


def resolve_relations(relations: Iterable[Relation], decisions: Decisions | None = None
                      ) -> list[Relation | None]:
    """The relations with their ends resolved across all of them, in the same order; None
    for a relation resolution turned into an entity's tie with itself."""
    relations = list(relations)
    plan = plan_resolution(relations_to_graph(relations), decisions)
    out: list[Relation | None] = []
    for rel in relations:
        src, dst = plan.targets.get(rel.source_id), plan.targets.get(rel.target_id)
        if src is None and dst is None:
            out.append(rel)
            continue
        new = replace(rel, source=src.name if src else rel.source,
                      source_label=src.label if src else rel.source_label,
                      target=dst.name if dst else rel.target,
                      target_label=dst.label if dst else rel.target_label)
        out.append(None if new.source_id == new.target_id else new)
    return out
