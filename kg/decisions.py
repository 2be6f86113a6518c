"""A user's decisions on entities, kept in ``$KG_HOME/entities.csv`` and applied at every build.

One decision a row (``decision,name,entity``): ``merge,Anduril,Anduril Industries`` says the
name is that entity; ``split,Aurora,Aurora Innovation`` says they are two entities. A CSV, so
that a spreadsheet or a text editor can review and change them; ``kg merge`` and ``kg split``
write it. Resolution (kg.resolve) applies them before its own rules, so a decision made once
is never undone by the next build.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kg.resolve import Decisions
from kg.store.server import kg_home

FILE = "entities.csv"
COLUMNS = ("decision", "name", "entity")
KINDS = ("merge", "split")


class DecisionsError(ValueError):
    """The decisions file cannot be read; the message names the file and the line."""


def decisions_path() -> Path:
    return kg_home() / FILE


def load_decisions(path: Path | None = None) -> Decisions:
    """The decisions in the file (none when it does not exist)."""
    rows = _rows(path or decisions_path())
    return Decisions(merges=tuple((n, e) for d, n, e in rows if d == "merge"),
                     splits=tuple((n, e) for d, n, e in rows if d == "split"))


def record(decision: str, name: str, entity: str, path: Path | None = None) -> Path:
    """Add a decision; it replaces any earlier one on the same two names."""
    if decision not in KINDS:
        raise DecisionsError(f"unknown decision {decision!r}; use one of {', '.join(KINDS)}")
    if not name.strip() or not entity.strip() or name.strip() == entity.strip():
        raise DecisionsError("a decision needs two different, non-empty names")
    path = path or decisions_path()
    pair = {name.strip(), entity.strip()}
    rows = [r for r in _rows(path) if {r[1], r[2]} != pair]
    rows.append((decision, name.strip(), entity.strip()))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def _rows(path: Path) -> list[tuple[str, str, str]]:
    if not path.exists():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                return []
            if tuple(h.strip() for h in header) != COLUMNS:
                raise DecisionsError(f"{path}: the first line must be {','.join(COLUMNS)}")
            rows = []
            for n, row in enumerate(reader, 2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != 3 or row[0].strip() not in KINDS or not all(
                        c.strip() for c in row):
                    raise DecisionsError(f"{path}:{n}: expected decision,name,entity with the "
                                         f"decision one of {', '.join(KINDS)}")
                rows.append((row[0].strip(), row[1].strip(), row[2].strip()))
            return rows
    except UnicodeDecodeError:
        raise DecisionsError(f"{path} is not UTF-8 text") from None
