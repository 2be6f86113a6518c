"""Which part of the graph a view shows: relation types, a date cut-off, a company's ego network."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import networkx as nx
from rapidfuzz import fuzz, process, utils

from kg.schema import COMPANY, ENTITY_LABELS, RELATION_TYPES, slug


class ViewError(ValueError):
    """A view request that cannot be met (bad filter value, unknown company)."""


class UnknownEntityError(ViewError):
    """No node answers to the requested name; ``suggestions`` holds close matches."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = (f"close matches: {', '.join(suggestions)}" if suggestions
                else "no close matches; list the graph's companies with `kg show` or a query")
        super().__init__(f"no company named {name!r} in the graph ({hint})")


_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_types(types: str | Iterable[str] | None) -> frozenset[str] | None:
    """Relation types from a list or a comma-separated string, case-insensitively; None (no
    filter) when none are given."""
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    wanted = {t.strip().upper() for t in items if t.strip()}
    if not wanted:
        return None
    unknown = wanted - set(RELATION_TYPES)
    if unknown:
        raise ViewError(f"unknown relation type(s) {', '.join(sorted(unknown))}; "
                        f"choose from {', '.join(RELATION_TYPES)}")
    return frozenset(wanted)


def parse_since(since: str | date | None) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or a ``date``, as an ISO string."""
    if since is None or isinstance(since, str) and not since.strip():
        return None
    text = since.isoformat() if isinstance(since, date) else since.strip()
    if not _ISO_DATE.match(text):
        raise ViewError(f"--since {since!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    return text


def _on_or_after(day: str, since: str) -> bool:
    """Compare ISO dates of any precision on their common prefix ("2025-06" vs "2025-06-15")."""
    n = min(len(day), len(since))
    return day[:n] >= since[:n]


def edge_dates(data: dict) -> list[str]:
    """Every date known for an edge: first/last seen and the dates of its evidence."""
    days = [data.get("first_seen"), data.get("last_seen")]
    days += [ev.get("published") for ev in data.get("evidence") or ()]
    return [d for d in days if isinstance(d, str) and d]


def resolve_entity(graph: nx.MultiDiGraph, name: str) -> str:
    """Node id for a name, matching names, aliases and ids case-insensitively; companies first.

    Raises UnknownEntityError with close matches when nothing matches exactly.
    """
    wanted = name.strip().casefold()
    wanted_slug = slug(name)
    hits = []
    for nid, data in graph.nodes(data=True):
        names = [data.get("name") or "", *(data.get("aliases") or [])]
        if (nid.casefold() == wanted or any(n.casefold() == wanted for n in names)
                or any(slug(n) == wanted_slug for n in names if n)):
            hits.append(nid)
    if hits:
        return sorted(hits, key=lambda n: (graph.nodes[n].get("label") != COMPANY, n))[0]
    choices = {}
    for nid, data in graph.nodes(data=True):
        for n in [data.get("name"), *(data.get("aliases") or [])]:
            if n:
                choices.setdefault(n, nid)
    # Plain edit distance first (typos); then partial matches ("Shanghai" for the exchange).
    for scorer, cutoff in ((fuzz.ratio, 70), (fuzz.WRatio, 85)):
        found = process.extract(name, list(choices), scorer=scorer, limit=5,
                                score_cutoff=cutoff, processor=utils.default_process)
        if found:
            break
    suggestions = list(dict.fromkeys(graph.nodes[choices[m]].get("name", m)
                                     for m, _score, _i in found))
    raise UnknownEntityError(name, suggestions)


def select_subgraph(graph: nx.MultiDiGraph, *, company: str | None = None, depth: int = 2,
                    types: str | Iterable[str] | None = None,
                    since: str | date | None = None) -> tuple[nx.MultiDiGraph, str | None]:
    """The part of ``graph`` a view shows, and the id of the centre node when there is one.

    Edges are filtered first (known relation types between entities, ``types``, ``since``),
    then the ego network of ``company`` is taken over what is left, ignoring direction.
    Nodes left without edges are dropped, except the centre.
    """
    if depth < 0:
        raise ViewError(f"depth must be 0 or more, not {depth}")
    wanted = parse_types(types)
    cutoff = parse_since(since)
    center = resolve_entity(graph, company) if company else None

    def keep(u: str, v: str, data: dict) -> bool:
        if data.get("type") not in RELATION_TYPES:
            return False
        if any(graph.nodes[n].get("label") not in ENTITY_LABELS for n in (u, v)):
            return False
        if wanted is not None and data["type"] not in wanted:
            return False
        return cutoff is None or any(_on_or_after(d, cutoff) for d in edge_dates(data))

    kept = [(u, v, k) for u, v, k, data in graph.edges(keys=True, data=True) if keep(u, v, data)]
    sub = nx.MultiDiGraph(graph.edge_subgraph(kept))
    if center is not None:
        if center not in sub:
            sub.add_node(center, **graph.nodes[center])
        sub = nx.MultiDiGraph(nx.ego_graph(sub, center, radius=depth, undirected=True))
    return sub, center
