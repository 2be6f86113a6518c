"""The questions users bring, answered from a networkx graph or from a store.

Each function takes a graph (``kg.load_graph()``) or a store (``kg.store.embedded
.EmbeddedStore`` / ``kg.store.neo4j_store.Neo4jStore``) first. On a store, a named Cypher query
from :mod:`kg.store.cypher` selects the part of the graph the question needs and the same Python
code shapes the answer, so both give the same result. Answers are plain data (dicts and lists,
JSON-ready) with the evidence of every edge.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from itertools import product
from pathlib import Path
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process

from kg.names import ENTITY_DIR
from kg.schema import slug
from kg.store import cypher
from kg.store.base import GraphStore
from kg.store.model import graph_from_records

Source = nx.MultiDiGraph | GraphStore

RIVALS_FILE = ENTITY_DIR / "rivals.csv"
MAX_PATHS = 10
_INTERNAL = frozenset({"type", "evidence", "status_history"})

# Profile sections: (relation type, the company is the source?) -> section name.
SECTIONS: dict[tuple[str, bool], str] = {
    ("INVESTS_IN", False): "investors", ("INVESTS_IN", True): "investments",
    ("ACQUIRES", False): "acquired_by", ("ACQUIRES", True): "acquisitions",
    ("CUSTOMER_OF", False): "customers", ("CUSTOMER_OF", True): "suppliers",
    ("COMPETES_WITH", False): "competitors", ("COMPETES_WITH", True): "competitors",
    ("PARTNERS_WITH", False): "partners", ("PARTNERS_WITH", True): "partners",
    ("SUBSIDIARY_OF", False): "subsidiaries", ("SUBSIDIARY_OF", True): "parents",
    ("HOLDS_ROLE", False): "people", ("HOLDS_ROLE", True): "roles",
    ("MOVES_TO", False): "hires", ("MOVES_TO", True): "moves",
    ("FOUNDED", False): "founders", ("FOUNDED", True): "founded",
    ("SUES", False): "sued_by", ("SUES", True): "sues",
    ("PLANS_IPO", False): "listings", ("PLANS_IPO", True): "ipo_plans",
}


class EntityNotFound(LookupError):
    """A name that matches no entity; the message lists close matches."""


# --- resolving names --------------------------------------------------------------------------


def _entities(source: Source) -> list[tuple[str, str, list[str]]]:
    if isinstance(source, nx.MultiDiGraph):
        return [(n, d["name"], list(d.get("aliases") or [])) for n, d in source.nodes(data=True)]
    return [(r["id"], r["name"], list(r["aliases"] or []))
            for r in source.records(cypher.find_entities())]


def resolve(source: Source, name: str) -> tuple[str, str]:
    """(node id, canonical name) for a name, an alias or an id, ignoring case and punctuation.

    Raises EntityNotFound with the closest names when nothing matches.
    """
    if not name.strip():
        raise EntityNotFound("an entity name is needed (an empty name matches nothing)")
    entities = _entities(source)
    wanted = slug(name)
    for nid, canonical, aliases in entities:
        if name == nid or wanted in {slug(canonical), *map(slug, aliases)}:
            return nid, canonical
    names = {n: canonical for _, canonical, aliases in entities for n in (canonical, *aliases)}
    close = process.extract(name, list(names), scorer=fuzz.WRatio, limit=10, score_cutoff=60)
    suggestions = list(dict.fromkeys(names[m] for m, _, _ in close))[:5]
    hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise EntityNotFound(f"no entity named {name!r} in the graph ({len(entities)} entities)."
                         f"{hint}")


def _name(g: nx.MultiDiGraph, nid: str) -> str:
    return g.nodes[nid]["name"] if nid in g else nid


# --- a store's answer as a small graph --------------------------------------------------------


def _subgraph(store: GraphStore, rows: Iterable[dict[str, Any]],
              ends: Iterable[tuple[str, str]]) -> nx.MultiDiGraph:
    """Rows of (src, dst, type, props) -> a graph; ``ends`` are (id, name) pairs for nodes."""
    edges = list(rows)
    article_ids = sorted({a for e in edges for a in e["props"].get("ev_articles") or []})
    nodes = [{"id": nid, "name": name, "aliases": []} for nid, name in dict(ends).items()]
    nodes += store.records(cypher.articles_of(), {"ids": article_ids})
    return graph_from_records(nodes, edges)


def _fact(g: nx.MultiDiGraph, u: str, v: str, rel_type: str) -> dict[str, Any]:
    """One edge as an answer item: ends, type, properties, status history and evidence."""
    data = g.edges[u, v, rel_type]
    item: dict[str, Any] = {"type": rel_type, "source": u, "source_name": _name(g, u),
                            "target": v, "target_name": _name(g, v)}
    item.update({k: x for k, x in data.items() if k not in _INTERNAL and x is not None})
    item["status_history"] = [list(h) for h in data["status_history"]]
    item["evidence"] = list(data["evidence"])
    return item


# --- kg show ----------------------------------------------------------------------------------


def company_profile(source: Source, name: str) -> dict[str, Any]:
    """Everything known about one entity, by section (investors with stakes and amounts,
    investments, customers, suppliers, competitors, people and roles, ...), with evidence."""
    nid, canonical = resolve(source, name)
    if isinstance(source, nx.MultiDiGraph):
        g = source
    else:
        label = nid.split(":", 1)[0].capitalize()
        rows = source.records(cypher.neighbourhood(label, source.dialect), {"id": nid})
        ends = [(r["src"], r["src_name"]) for r in rows] + [(r["dst"], r["dst_name"])
                                                           for r in rows]
        g = _subgraph(source, rows, ends or [(nid, canonical)])
    node = g.nodes[nid]
    sections: dict[str, list[dict[str, Any]]] = {}
    incident = [(u, v, t) for u, v, t in g.out_edges(nid, keys=True)]
    incident += [(u, v, t) for u, v, t in g.in_edges(nid, keys=True) if u != nid]
    for u, v, t in incident:
        item = _fact(g, u, v, t)
        other = v if u == nid else u
        item.update(other=other, other_name=_name(g, other))
        sections.setdefault(SECTIONS[(t, u == nid)], []).append(item)
    for items in sections.values():
        items.sort(key=lambda i: (-(i.get("stake_pct") or -1), -(i.get("amount") or -1),
                                  i["other_name"], i["type"]))
    return {"id": nid, "name": node["name"], "label": node.get("label"),
            "aliases": list(node.get("aliases") or []), "sections": dict(sorted(sections.items()))}


# --- kg path ----------------------------------------------------------------------------------


def connection_path(source: Source, a: str, b: str, *, max_hops: int = 4,
                    limit: int = MAX_PATHS) -> list[dict[str, Any]]:
    """How two entities are connected: every shortest chain of relations (either direction),
    each step with its type and direction; [] when none within ``max_hops``."""
    a_id, _ = resolve(source, a)
    b_id, _ = resolve(source, b)
    if isinstance(source, nx.MultiDiGraph):
        paths, names = _graph_paths(source, a_id, b_id, max_hops), source
    else:
        paths = _store_paths(source, a_id, b_id, max_hops)
        names = nx.MultiDiGraph()
        names.add_nodes_from((nid, {"name": n}) for nid, n, _ in _entities(source))
    paths = sorted(set(paths))[:limit]
    return [{"length": len(p), "steps": [
        {"source": u, "source_name": _name(names, u), "type": t, "target": v,
         "target_name": _name(names, v)} for u, t, v in p]} for p in paths]


Step = tuple[str, str, str]


def _graph_paths(g: nx.MultiDiGraph, a: str, b: str, max_hops: int) -> list[tuple[Step, ...]]:
    if a == b:
        return []
    undirected = nx.Graph(g)
    try:
        node_paths = [p for p in nx.all_shortest_paths(undirected, a, b)
                      if len(p) - 1 <= max_hops]
    except nx.NetworkXNoPath:
        return []
    out = []
    for p in node_paths:
        choices = [[(u, t, v) for t in g[u].get(v, {})] + [(v, t, u) for t in g[v].get(u, {})]
                   for u, v in zip(p, p[1:], strict=False)]
        out.extend(product(*choices))
    return out


def _store_paths(store: GraphStore, a: str, b: str, max_hops: int) -> list[tuple[Step, ...]]:
    if a == b:
        return []
    query = cypher.shortest_paths(a.split(":", 1)[0].capitalize(),
                                  b.split(":", 1)[0].capitalize(), max_hops, store.dialect)
    rows = store.records(query, {"a": a, "b": b, "limit": 100})
    if store.dialect == cypher.NEO4J:
        return [tuple(tuple(s) for s in r["steps"]) for r in rows]
    return [tuple(_ladybug_steps(r["nodes"], r["rels"])) for r in rows]


def _ladybug_steps(nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> list[Step]:
    """The embedded engine's path (nodes, rels with internal _SRC/_DST) -> (src, type, dst)."""
    ids = {(n["_ID"]["table"], n["_ID"]["offset"]): n["id"] for n in nodes}

    def ref(x: dict[str, int]) -> str:
        return ids[(x["table"], x["offset"])]

    return [(ref(r["_SRC"]), r["_LABEL"], ref(r["_DST"])) for r in rels]


# --- kg conflicts -----------------------------------------------------------------------------


def known_rivals(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(company id, rival id) -> why, both ways, from the curated list
    (``kg/data/entities/rivals.csv``)."""
    from kg.schema import COMPANY, node_id

    path = path or RIVALS_FILE
    if not path.exists():
        return {}
    pairs = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            a, b = node_id(COMPANY, row["company"]), node_id(COMPANY, row["rival"])
            pairs[(a, b)] = pairs[(b, a)] = row.get("note") or ""
    return pairs


def conflicts(source: Source, *, rivals: Iterable[tuple[str, str]] | None = None
              ) -> list[dict[str, Any]]:
    """Supplier conflicts of interest: company C buys from supplier S (CUSTOMER_OF) while a
    competitor R of C holds a stake in S (INVESTS_IN or a partial ACQUIRES, not denied,
    cancelled or withdrawn). R is a competitor when a COMPETES_WITH edge joins them, or when the
    pair is in ``rivals`` (default: the curated ``kg/data/entities/rivals.csv``). Ranked by stake
    size, then contract value; each with the evidence of the stake, the contract and the rivalry.
    """
    pairs = known_rivals() if rivals is None else {
        p: "" for a, b in rivals for p in ((a, b), (b, a))}
    if isinstance(source, nx.MultiDiGraph):
        g = source
    else:
        rows = source.records(cypher.supplier_conflicts(source.dialect),
                              {"void": list(cypher.VOID_STAKE_STATUSES),
                               "rivals": sorted(f"{a}|{b}" for a, b in pairs)})
        edges, ends = [], []
        for r in rows:
            c, s, rv = r["customer"], r["supplier"], r["rival"]
            ends += [(c, r["customer_name"]), (s, r["supplier_name"]), (rv, r["rival_name"])]
            edges += [{"src": c, "dst": s, "type": "CUSTOMER_OF", "props": r["contract"]},
                      {"src": rv, "dst": s, "type": r["stake_type"], "props": r["stake"]}]
            if r["rivalry"]:
                lo, hi = sorted((c, rv))
                edges.append({"src": lo, "dst": hi, "type": "COMPETES_WITH",
                              "props": r["rivalry"]})
        g = _subgraph(source, edges, ends)
    found = [_conflict(g, c, s, rv, stake_type, pairs)
             for c, s, t in g.edges(keys=True) if t == "CUSTOMER_OF"
             for rv, _, stake_type in g.in_edges(s, keys=True)
             if stake_type in ("INVESTS_IN", "ACQUIRES") and rv != c
             and g.edges[rv, s, stake_type].get("status") not in cypher.VOID_STAKE_STATUSES
             and (_rivalry(g, c, rv) or (c, rv) in pairs)]
    found.sort(key=lambda x: (-(x["stake_pct"] if x["stake_pct"] is not None else -1),
                              -(x["amount"] if x["amount"] is not None else -1),
                              x["customer"], x["supplier"], x["rival"]))
    return found


def _rivalry(g: nx.MultiDiGraph, a: str, b: str) -> tuple[str, str] | None:
    for u, v in ((a, b), (b, a)):
        if g.has_edge(u, v, key="COMPETES_WITH"):
            return u, v
    return None


def _conflict(g: nx.MultiDiGraph, c: str, s: str, rv: str, stake_type: str,
              pairs: dict[tuple[str, str], str]) -> dict[str, Any]:
    stake, contract = g.edges[rv, s, stake_type], g.edges[c, s, "CUSTOMER_OF"]
    rivalry = _rivalry(g, c, rv)
    return {
        "customer": c, "customer_name": _name(g, c), "supplier": s,
        "supplier_name": _name(g, s), "rival": rv, "rival_name": _name(g, rv),
        "stake_type": stake_type, "stake_pct": stake.get("stake_pct"),
        "stake": stake.get("stake"), "stake_amount": stake.get("amount"),
        "valuation": stake.get("valuation"), "stake_status": stake.get("status"),
        "amount": contract.get("amount"), "currency": contract.get("currency"),
        "contract_status": contract.get("status"), "contract_period": contract.get("period"),
        "rivalry": "COMPETES_WITH" if rivalry else
                   f"known rivals list: {pairs[(c, rv)]}".rstrip(": "),
        "evidence": {"stake": list(stake["evidence"]), "contract": list(contract["evidence"]),
                     "rivalry": list(g.edges[(*rivalry, "COMPETES_WITH")]["evidence"])
                     if rivalry else []},
    }


# --- kg moves ---------------------------------------------------------------------------------


def moves(source: Source) -> list[dict[str, Any]]:
    """Executive moves (MOVES_TO) over time, oldest first (undated last): who went where, from
    where, as what, with status (expected, completed, denied ...) and evidence."""
    if isinstance(source, nx.MultiDiGraph):
        g = source
    else:
        rows = source.records(cypher.executive_moves())
        for r in rows:
            r["type"] = "MOVES_TO"
        ends = [(r["src"], r["src_name"]) for r in rows] + [(r["dst"], r["dst_name"])
                                                           for r in rows]
        g = _subgraph(source, rows, ends)
    items = []
    for u, v, t in g.edges(keys=True):
        if t == "MOVES_TO":
            item = _fact(g, u, v, t)
            item.update(person=u, person_name=item["source_name"], company=v,
                        company_name=item["target_name"])
            items.append(item)
    def when(i: dict[str, Any]) -> str | None:
        return i.get("date") or i.get("first_seen")

    items.sort(key=lambda i: (when(i) is None, when(i) or "", i["person_name"],
                              i["company_name"]))
    return items
