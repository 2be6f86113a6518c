"""What a build changed in the graph, and `kg changes --since DATE`: the morning report.

Each build compares the graph before and after it (:func:`graph_changes`) and logs to the
archive: ``new`` edges, ``status`` changes (a deal completed, a contract ended) and, after a
rebuild, ``removed`` edges. Each change names the article that made it (its title, URL,
outlet and publication date).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import networkx as nx

_AGO = re.compile(r"^(\d+)\s*(d|days?|h|hours?|w|weeks?)(\s+ago)?$")


def graph_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """New edges, edges whose status changed, and edges gone, from ``before`` to ``after``."""
    changes = []
    for u, v, key, data in after.edges(keys=True, data=True):
        old = before.edges[u, v, key] if before.has_edge(u, v, key) else None
        if old is None:
            changes.append(_change("new", after, u, v, key, None, data))
        elif old.get("status") != data.get("status"):
            changes.append(_change("status", after, u, v, key, old.get("status"), data))
    for u, v, key, data in before.edges(keys=True, data=True):
        if not after.has_edge(u, v, key):
            changes.append(_change("removed", before, u, v, key, data.get("status"), None))
    return changes


def _change(kind: str, g: nx.MultiDiGraph, u: str, v: str, key: str, old_status: str | None,
            data: dict[str, Any] | None) -> dict[str, Any]:
    evidence = (data or {}).get("evidence") or [{}]
    ev = evidence[-1]  # the article read last: the one that added or changed the edge
    return {"change": kind, "type": key, "source": g.nodes[u]["name"],
            "target": g.nodes[v]["name"], "old_status": old_status,
            "new_status": (data or {}).get("status"),
            **{k: ev.get(k) for k in ("doc_id", "title", "url", "outlet", "published")}}


def changed_edges(graph: nx.MultiDiGraph, changes: list[dict[str, Any]]
                  ) -> set[tuple[str, str, str]]:
    """The (type, source id, target id) keys of ``graph``'s edges that ``changes`` name."""
    by_name = {data["name"]: nid for nid, data in graph.nodes(data=True)}
    keys = {(c["type"], by_name.get(c["source"]), by_name.get(c["target"])) for c in changes
            if c["change"] != "removed"}
    return {key for key in keys if graph.has_edge(key[1], key[2], key[0])}


def parse_since(text: str, now: datetime | None = None) -> str:
    """``--since`` as the UTC ISO timestamp the change log is compared with: a date or time
    (``2025-06-03``, ``2025-06-03T08:00``, local time when no zone is given), ``today``,
    ``yesterday``, or ``3 days ago`` / ``12h`` / ``2w``. ValueError with the accepted forms."""
    now = now or datetime.now().astimezone()
    word = text.strip().lower()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if word == "today":
        start = midnight
    elif word == "yesterday":
        start = midnight - timedelta(days=1)
    elif match := _AGO.match(word):
        n, unit = int(match.group(1)), match.group(2)[0]
        start = now - {"d": timedelta(days=n), "h": timedelta(hours=n),
                       "w": timedelta(weeks=n)}[unit]
    else:
        try:
            start = datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"cannot read {text!r} as a date: give YYYY-MM-DD, an ISO time, "
                             "today, yesterday, or N days/hours/weeks ago") from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=now.tzinfo)
    return start.astimezone(UTC).isoformat(timespec="seconds")


def changes_since(since: str) -> list[dict[str, Any]]:
    """The changes logged since ``since`` (see :func:`parse_since`), oldest first."""
    from kg.archive import Archive, default_path

    start = parse_since(since)
    if not default_path().exists():
        return []
    with Archive() as archive:
        return archive.changes(start)
