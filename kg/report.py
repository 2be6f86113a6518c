"""Plain-text renderings of the answers in kg.analysis and kg.builder, for the terminal."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from kg.builder import BuildSummary
from kg.formatting import money, spreadsheet_cell
from kg.store.base import QueryResult

CELL = 60  # longest cell in a table before it is cut


def _terms(item: dict[str, Any]) -> str:
    """The properties of a fact in a short parenthesis: (49%, $29B valuation, completed)."""
    parts = []
    if item.get("stake_pct") is not None:
        parts.append(f"{item['stake_pct']:g}%")
    parts += [item[k] for k in ("stake", "round", "role") if item.get(k)]
    if item.get("amount") is not None:
        parts.append(money(item["amount"], item.get("currency")))
    if item.get("valuation") is not None:
        parts.append(f"{money(item['valuation'], item.get('currency'))} valuation")
    if item.get("from_org"):
        parts.append(f"from {item['from_org']}"
                     + (f" ({item['from_role']})" if item.get("from_role") else ""))
    parts += [item[k] for k in ("date", "period", "status") if item.get(k)]
    return f" ({', '.join(parts)})" if parts else ""


def _evidence(evidence: list[dict[str, Any]], indent: str = "      ") -> list[str]:
    """Each sentence with its article: title, outlet, publication date, then the URL."""
    lines = []
    for ev in evidence:
        where = ", ".join(ev[k] for k in ("outlet", "published") if ev.get(k))
        source = (ev.get("title") or ev.get("doc_id")) + (f", {where}" if where else "")
        url = f" {ev['url']}" if ev.get("url") else ""
        sentence = " ".join(ev["sentence"].split())  # one line, whatever the source layout
        lines.append(f'{indent}"{sentence}" [{source}]{url}')
    return lines


def _history(item: dict[str, Any]) -> str:
    steps = [s for _, s in item.get("status_history", []) if s]
    changed = [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]]
    return f"      status history: {' -> '.join(changed)}" if len(changed) > 1 else ""


def profile_text(profile: dict[str, Any]) -> str:
    aliases = f" (also: {', '.join(profile['aliases'])})" if profile["aliases"] else ""
    lines = [f"{profile['name']} [{profile['label']}]{aliases}"]
    if not profile["sections"]:
        lines.append("  no relations")
    for section, items in profile["sections"].items():
        lines.append(f"  {section.replace('_', ' ')}:")
        for item in items:
            lines.append(f"    {item['other_name']}{_terms(item)}")
            lines += [h for h in [_history(item)] if h] + _evidence(item["evidence"])
    return "\n".join(lines)


def paths_text(a: str, b: str, paths: list[dict[str, Any]]) -> str:
    if not paths:
        return f"no connection between {a} and {b} within the hop limit"
    lines = []
    for i, path in enumerate(paths, 1):
        lines.append(f"path {i} ({path['length']} hops):")
        lines += [f"  {s['source_name']} -{s['type']}-> {s['target_name']}" for s in path["steps"]]
    return "\n".join(lines)


def conflicts_text(found: list[dict[str, Any]]) -> str:
    if not found:
        return "no supplier conflicts of interest found"
    lines = []
    for i, c in enumerate(found, 1):
        stake = f"{c['stake_pct']:g}% stake" if c["stake_pct"] is not None else "a stake"
        contract = money(c["amount"], c["currency"]) or "an undisclosed amount"
        lines.append(f"{i}. {c['customer_name']} buys from {c['supplier_name']} ({contract}"
                     f"{', ' + c['contract_status'] if c['contract_status'] else ''}), in which "
                     f"its rival {c['rival_name']} holds {stake}"
                     f"{' at a ' + money(c['valuation']) + ' valuation' if c['valuation'] else ''}")
        lines.append(f"   rivalry: {c['rivalry']}")
        for part in ("stake", "contract", "rivalry"):
            if c["evidence"][part]:
                lines.append(f"   {part} evidence:")
                lines += _evidence(c["evidence"][part])
    return "\n".join(lines)


def moves_text(items: list[dict[str, Any]]) -> str:
    if not items:
        return "no executive moves in the graph"
    lines = []
    for m in items:
        when = m.get("date") or m.get("first_seen") or "undated"
        lines.append(f"{when}  {m['person_name']} -> {m['company_name']}{_terms(m)}")
        lines += _evidence(m["evidence"], indent="      ")
    return "\n".join(lines)


def summary_text(s: BuildSummary, *, verbose: bool = False) -> str:
    """The build summary; ``verbose`` also lists the paragraphs dropped as advertising."""
    if s.up_to_date is not None:
        return (f"nothing new to extract: the current extractor has read all {s.up_to_date} "
                "archived articles (`kg rebuild` re-extracts them all)")
    lines = [f"articles read: {s.articles}", f"relations extracted: {s.relations}"]
    lines.append("entities: " + (", ".join(f"{label} {n}" for label, n in
                                           sorted(s.entities_by_label.items())) or "none"))
    lines.append("relations by type: " + (", ".join(f"{t} {n}" for t, n in
                                                    sorted(s.facts_by_type.items())) or "none"))
    if s.resolved:
        lines.append(f"entity resolution: {s.resolved} nodes joined, renamed or relabelled "
                     "(`kg entities --duplicates` lists pairs left for you to judge)")
    lines.append(f"graph now: {s.graph_nodes} entities, {s.graph_edges} relations")
    kinds = Counter(c["change"] for c in s.changes)
    lines.append("changes: " + (", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
                                or "none") + (" (kg changes --since today)" if kinds else ""))
    lines.append("written to: " + "; ".join(s.stores))
    if s.skipped:
        lines.append(f"skipped inputs ({len(s.skipped)}):")
        lines += [f"  {p}" for p in s.skipped]
    else:
        lines.append("skipped inputs: none")
    lines.append(dropped_line(len(s.dropped), verbose))
    if verbose:
        lines += [f"  {d}" for d in s.dropped]
    lines += s.notes
    if s.view:
        lines.append(f"HTML view: {s.view}")
    return "\n".join(lines)


def dropped_line(count: int, verbose: bool) -> str:
    """How many paragraphs were left out as advertising (and how to see them)."""
    if not count:
        return "dropped as advertising: none"
    return f"dropped as advertising: {count} paragraph{'s' * (count != 1)}" + (
        "" if verbose else " (--verbose lists them)")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def result_text(result: QueryResult, fmt: str) -> str:
    """A query result as an aligned table, JSON records or CSV."""
    if fmt == "json":
        return json.dumps(result.records(), indent=2, ensure_ascii=False, default=str)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([spreadsheet_cell(c) for c in result.columns])
        writer.writerows([spreadsheet_cell(_cell(v)) for v in row] for row in result.rows)
        return out.getvalue().rstrip("\n")
    count = f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})"
    if not result.columns:  # a write that returns nothing
        return count
    cells = [[_cell(v) for v in row] for row in result.rows]
    cells = [[c if len(c) <= CELL else c[:CELL - 1] + "…" for c in row] for row in cells]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(result.columns)]
    line = "  ".join(h.ljust(w) for h, w in zip(result.columns, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in cells]
    return "\n".join([line.rstrip(), "-" * len(line.rstrip()), *body, count])


def changes_text(changes: list[dict[str, Any]], since: str) -> str:
    """The morning report: one line per change, with the article behind it."""
    if not changes:
        return f"no changes to the graph since {since}"
    lines = []
    for c in changes:
        status = (f"{c['old_status'] or '-'} -> {c['new_status'] or '-'}"
                  if c["change"] == "status" else c.get("new_status") or c.get("old_status") or "")
        lines.append(f"{c['run_at'][:16].replace('T', ' ')}  {c['change']:<7}  {c['source']} "
                     f"{c['type']} {c['target']}" + (f" ({status})" if status else ""))
        where = ", ".join(c[k] for k in ("outlet", "published") if c.get(k))
        if c.get("title") or c.get("url"):
            lines.append(f"      [{c.get('title') or c.get('doc_id')}"
                         f"{', ' + where if where else ''}] {c.get('url') or ''}".rstrip())
    return "\n".join(lines)
