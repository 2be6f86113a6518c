"""Write a graph as one self-contained interactive HTML page (pyvis data, vis-network inline).

pyvis assembles the vis-network nodes, edges and options; the page itself comes from kg's own
template because pyvis's template pulls Bootstrap from a CDN and has no legend, filters or
evidence panel. vis-network's JavaScript and CSS are read from the pyvis package and inlined,
so the page makes no network request and works offline.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

from kg.formatting import web_url
from kg.schema import ENTITY_LABELS, RELATION_TYPES
from kg.view import style
from kg.view.select import select_subgraph

# Above this many nodes the layout is computed with cheaper settings before the first frame
# and physics stays off afterwards, so a big graph opens in seconds and holds still.
LARGE_GRAPH = 300
VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def write_html(graph: nx.MultiDiGraph, path: str | Path, *, company: str | None = None,
               depth: int = 2, types: str | list[str] | None = None,
               since: str | date | None = None,
               highlight: AbstractSet[tuple[str, str, str]] = frozenset()) -> Path:
    """Write the interactive view of ``graph`` (or of ``company``'s ego network) to ``path``.

    ``types`` keeps only those relation types, ``since`` only edges with a date on or after it
    (undated edges are left out then); ``highlight`` are (type, source id, target id) keys of
    edges to make stand out (what changed lately, :func:`kg.changes.changed_edges`). Raises
    ``kg.view.ViewError`` for an unknown company or type, or a bad date. Returns the path.
    """
    sub, center = select_subgraph(graph, company=company, depth=depth, types=types, since=since)
    page = render_page(sub, center=center, title=_title(graph, center, depth, types, since),
                       highlight=highlight)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def render_page(graph: nx.MultiDiGraph, *, center: str | None = None,
                title: str = "Knowledge graph", large: bool | None = None,
                highlight: AbstractSet[tuple[str, str, str]] = frozenset()) -> str:
    """The HTML page for ``graph`` as it is (no filtering); ``large`` overrides the size rule."""
    large = graph.number_of_nodes() > LARGE_GRAPH if large is None else large
    net = build_network(graph, center=center, large=large, highlight=highlight)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    payload = {"nodes": nodes, "edges": edges, "options": options,
               "meta": _meta(graph, center, title, large)}
    env = Environment(loader=PackageLoader("kg.view", "templates"),
                      autoescape=select_autoescape(["html"]))
    return env.get_template("graph.html").render(
        title=title, payload=payload, legend=_legend(graph), large=large,
        vis_js=(VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(VIS_DIR / "vis-network.css").read_text(encoding="utf-8"),
        view_js=_asset("view.js"), view_css=_asset("view.css"),
    )


def build_network(graph: nx.MultiDiGraph, *, center: str | None = None,
                  large: bool = False,
                  highlight: AbstractSet[tuple[str, str, str]] = frozenset()) -> Network:
    """A pyvis Network with kg's look: styled nodes and edges, each carrying its evidence."""
    net = Network(directed=True, cdn_resources="in_line")
    net.set_options(_options_json(graph.number_of_nodes(), large))
    degree = dict(nx.Graph(graph).degree())
    for nid, data in graph.nodes(data=True):
        net.add_node(nid, **_node(nid, data, degree.get(nid, 0), nid == center))
    curves = _parallel_curves(graph)
    for u, v, key, data in graph.edges(keys=True, data=True):
        net.add_edge(u, v, **_edge(graph, u, v, key, data, (key, u, v) in highlight),
                     smooth=curves.get((u, v, key), False))
    return net


def _node(nid: str, data: dict[str, Any], degree: int, is_center: bool) -> dict[str, Any]:
    look = style.node_style(data.get("label", ""))
    name = data.get("name") or nid
    aliases = [a for a in data.get("aliases") or [] if a != name]
    tip = [f"{name} ({data.get('label', '?')})", f"{degree} connection{'s' * (degree != 1)}"]
    if aliases:
        tip.append("also: " + ", ".join(aliases))
    doubt = data.get("type_confidence")
    if doubt is not None:  # resolution was not sure of the label: say so, and mark the node
        tip.append(f"label uncertain ({doubt:.0%} sure it is a {data.get('label', '?')})")
    node = {
        "label": name, "shape": look["shape"],
        "title": "\n".join(tip), "shapeProperties": {"borderDashes": doubt is not None},
        "color": {"background": look["color"], "border": look["border"],
                  "highlight": {"background": look["color"], "border": "#111111"},
                  "hover": {"background": look["color"], "border": "#111111"}},
        "size": style.node_size(degree), "font": {"size": style.node_font_size(degree)},
        "kgLabel": data.get("label"), "aliases": aliases,
        "degree": degree,
    }
    if is_center:
        node.update(borderWidth=4, center=True)
        node["font"]["size"] += 3
    return node


def _edge(graph: nx.MultiDiGraph, u: str, v: str, key: str, data: dict[str, Any],
          new: bool = False) -> dict[str, Any]:
    rel_type = data.get("type", key)
    status = data.get("status")
    names = (graph.nodes[u].get("name", u), graph.nodes[v].get("name", v))
    evidence = [{**ev, "url": web_url(ev.get("url"))} for ev in data.get("evidence") or ()]
    count = max(len(evidence), data.get("evidence_count") or 0)  # the store keeps the newest
    facts = style.fact_summary(data)
    tip = [f"{names[0]} {rel_type} {names[1]}", *facts,
           f"confidence {data.get('confidence', 0):.2f} · {count} source" + "s" * (count != 1)]
    if evidence:
        latest = evidence[-1]
        cite = ", ".join(x for x in (latest.get("title"), latest.get("published")) if x)
        tip.append(f"“{latest.get('sentence', '')}”" + (f"\n— {cite}" if cite else ""))
    if new:
        tip.insert(0, "new or changed lately")
    look = {**style.edge_style(rel_type, status), **(style.NEW_EDGE if new else {})}
    return {
        "id": f"{u}>{rel_type}>{v}", "label": style.edge_label(data), "title": "\n".join(tip),
        **look,
        "width": 1.5 + 0.5 * min(count, 4) + (2 if new else 0), "isNew": new,
        "relType": rel_type, "status": status, "statusClass": style.status_class(status),
        "facts": facts, "names": names,
        "confidence": data.get("confidence"), "evidence": evidence, "evidenceCount": count,
        "firstSeen": data.get("first_seen"), "lastSeen": data.get("last_seen"),
    }


def _parallel_curves(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], Any]:
    """Curve edges that share both ends so each stays visible; lone edges stay straight."""
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, k in graph.edges(keys=True):
        pairs[tuple(sorted((u, v)))].append((u, v, k))
    curves: dict[tuple[str, str, str], Any] = {}
    for (low, _high), group in pairs.items():
        for i, (u, v, k) in enumerate(group):
            offset = (i - (len(group) - 1) / 2) * 0.3
            if offset:
                clockwise = (offset > 0) == (u == low)
                curves[u, v, k] = {"enabled": True, "roundness": abs(offset),
                                   "type": "curvedCW" if clockwise else "curvedCCW"}
    return curves


# Small graphs: Barnes-Hut with room between nodes (components stay apart, few crossings);
# medium ones are pulled tighter so that labels stay readable once the view is fitted. Large
# ones: ForceAtlas2 with a coarse Barnes-Hut (theta) and few iterations, about 2 s for 2,000
# nodes in headless Chromium (bench/view_speed.py).
MEDIUM_GRAPH = 50
_SMALL_PHYSICS = ("barnesHut", {"gravitationalConstant": -7000, "springLength": 150,
                                "springConstant": 0.04, "avoidOverlap": 0.3})
_MEDIUM_PHYSICS = ("barnesHut", {"gravitationalConstant": -4000, "springLength": 110,
                                 "springConstant": 0.04, "centralGravity": 0.8,
                                 "avoidOverlap": 0.3})
_LARGE_PHYSICS = ("forceAtlas2Based", {"gravitationalConstant": -50, "springLength": 80,
                                       "theta": 0.9, "avoidOverlap": 0})


def _options_json(n_nodes: int, large: bool) -> str:
    solver, forces = (_LARGE_PHYSICS if large else
                      _MEDIUM_PHYSICS if n_nodes > MEDIUM_GRAPH else _SMALL_PHYSICS)
    options = {
        "nodes": {"borderWidth": 1.5, "borderWidthSelected": 3,
                  "font": {"size": 16, "face": FONT, "color": "#1F2933", "strokeWidth": 4,
                           "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5,
                  "font": {"size": 12, "face": FONT, "color": "#3E4C59", "strokeWidth": 4,
                           "strokeColor": "#ffffff", "align": "horizontal"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large},
        "layout": {"randomSeed": 7, "improvedLayout": not large},
        "physics": {
            "solver": solver,
            solver: forces,
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": 120 if large else 600,
                              "updateInterval": 25, "fit": True},
        },
    }
    return json.dumps(options)


def _meta(graph: nx.MultiDiGraph, center: str | None, title: str, large: bool
          ) -> dict[str, Any]:
    articles = {ev.get("doc_id") for *_e, data in graph.edges(data=True)
                for ev in data.get("evidence") or ()}
    return {"title": title, "center": center, "large": large,
            "nodeCount": graph.number_of_nodes(), "edgeCount": graph.number_of_edges(),
            "articleCount": len(articles - {None, ""})}


def _legend(graph: nx.MultiDiGraph) -> dict[str, Any]:
    labels = Counter(d.get("label") for _n, d in graph.nodes(data=True))
    types = Counter(d.get("type") for *_e, d in graph.edges(data=True))
    return {
        "labels": [{"name": lab, "count": labels[lab], **style.node_style(lab)}
                   for lab in ENTITY_LABELS if labels[lab]],
        "types": [{"name": t, "count": types[t], "color": style.EDGE_COLORS[t],
                   "symmetric": RELATION_TYPES[t].symmetric}
                  for t in RELATION_TYPES if types[t]],
    }


def _title(graph: nx.MultiDiGraph, center: str | None, depth: int, types: Any,
           since: Any) -> str:
    if center is None:
        title = "AI industry relationships"
    else:
        name = graph.nodes[center].get("name", center)
        title = f"{name}: ties within {depth} step{'s' * (depth != 1)}"
    notes = []
    if types:
        notes.append(", ".join(sorted(types.split(",") if isinstance(types, str) else types)))
    if since:
        notes.append(f"since {since}")
    return title + (f" ({'; '.join(notes)})" if notes else "")


def _asset(name: str) -> str:
    return resources.files("kg.view").joinpath("templates", name).read_text(encoding="utf-8")


__all__ = ["write_html", "render_page", "build_network"]
