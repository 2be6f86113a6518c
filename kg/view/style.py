"""How the graph looks: colours and shapes per label and relation type, edge labels, tooltips.

Kept apart from the page assembly so the legend, the edges and the nodes all read their look
from one place.
"""

from __future__ import annotations

import math
from typing import Any

from kg.formatting import money
from kg.schema import COMPANY, EXCHANGE, PERSON, RELATION_TYPES

NODE_STYLES: dict[str, dict[str, str]] = {
    COMPANY: {"color": "#3A6EA5", "border": "#24476B", "shape": "dot"},
    PERSON: {"color": "#E8833A", "border": "#A3561C", "shape": "diamond"},
    EXCHANGE: {"color": "#5B8C5A", "border": "#3B5E3A", "shape": "square"},
}
OTHER_NODE = {"color": "#9AA5B1", "border": "#66707A", "shape": "dot"}

EDGE_COLORS: dict[str, str] = {
    "INVESTS_IN": "#2E8B57",
    "ACQUIRES": "#7B3FA0",
    "CUSTOMER_OF": "#1F77B4",
    "COMPETES_WITH": "#D62728",
    "PARTNERS_WITH": "#17A2B8",
    "SUBSIDIARY_OF": "#8C564B",
    "HOLDS_ROLE": "#FF7F0E",
    "MOVES_TO": "#E377C2",
    "FOUNDED": "#A0A12B",
    "SUES": "#2B2B2B",
    "PLANS_IPO": "#D4A017",
}

# Facts that are not (yet) in effect are dashed; facts that no longer hold are also faded.
TENTATIVE_STATUSES = frozenset({"announced", "planned", "expected", "in_talks", "rumored",
                                "pending", "paused"})
INACTIVE_STATUSES = frozenset({"ended", "former", "cancelled", "withdrawn", "denied"})
# Statuses that go without saying on an edge label.
PLAIN_STATUSES = frozenset({"completed", "active"})
FADED_OPACITY = 0.35


def node_style(label: str) -> dict[str, str]:
    return NODE_STYLES.get(label, OTHER_NODE)


def node_size(degree: int) -> float:
    """Area grows with degree, so hubs stand out without swamping the page."""
    return round(12 + 6 * math.sqrt(degree), 1)


def node_font_size(degree: int) -> float:
    """Hubs get slightly larger names, which stay legible when a big view is zoomed out."""
    return round(15 + 1.5 * math.sqrt(max(degree - 1, 0)), 1)


def status_text(status: str) -> str:
    return status.replace("_", " ")


def edge_label(data: dict[str, Any]) -> str:
    """The essentials of a fact, short enough to sit on the edge: "49% · $14.3B · ended"."""
    parts = []
    if data.get("stake_pct") is not None:
        parts.append(f"{float(data['stake_pct']):g}%")
    elif data.get("stake"):
        parts.append(str(data["stake"]))
    if data.get("amount") is not None:
        parts.append(money(float(data["amount"]), data.get("currency")))
    if data.get("role"):
        parts.append(str(data["role"]))
    if data.get("kind"):
        parts.append(status_text(str(data["kind"])))
    status = data.get("status")
    if status and status not in PLAIN_STATUSES:
        parts.append(status_text(status))
    return " · ".join(parts)


def status_class(status: str | None) -> str:
    """"inactive" (no longer holds), "tentative" (not yet in effect) or "current"."""
    if status in INACTIVE_STATUSES:
        return "inactive"
    return "tentative" if status in TENTATIVE_STATUSES else "current"


NEW_EDGE: dict[str, Any] = {"shadow": {"enabled": True, "color": "#ff9800", "size": 14,
                                       "x": 0, "y": 0}}
"""How an edge that changed lately stands out (``kg view --new-since``): an orange glow."""


def edge_style(rel_type: str, status: str | None) -> dict[str, Any]:
    """vis-network colour/dash/arrow options for one edge."""
    color = EDGE_COLORS.get(rel_type, "#888888")
    kind = status_class(status)
    style: dict[str, Any] = {
        "color": {"color": color, "highlight": color, "hover": color,
                  "opacity": FADED_OPACITY if kind == "inactive" else 1.0},
        "dashes": kind != "current",
        "arrows": {"to": {"enabled": not RELATION_TYPES[rel_type].symmetric,
                          "scaleFactor": 0.6}},
    }
    return style


def fact_summary(data: dict[str, Any]) -> list[str]:
    """Human-readable property lines for tooltips and the evidence panel."""
    lines = []
    if data.get("stake_pct") is not None:
        lines.append(f"stake: {float(data['stake_pct']):g}%")
    elif data.get("stake"):
        lines.append(f"stake: {data['stake']}")
    if data.get("amount") is not None:
        lines.append(f"amount: {money(float(data['amount']), data.get('currency'))}")
    if data.get("valuation") is not None:
        lines.append(f"valuation: {money(float(data['valuation']), data.get('currency'))}")
    for key in ("round", "role", "from_org", "from_role", "kind", "exchange", "date", "period"):
        if data.get(key):
            lines.append(f"{key.replace('_', ' ')}: {data[key]}")
    if data.get("status"):
        lines.append(f"status: {status_text(data['status'])}")
    return lines
