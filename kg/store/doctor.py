"""`kg doctor`: is the embedded store readable, and what did an interrupted write leave?

kg's own writes go to a copy (kg.store.staging), so a killed or failed write leaves at most
that copy. A store written in place by something else (an older kg, a script using the engine
directly) and cut off mid-write keeps the engine's log of unfinished writes; repairing it lets
the engine replay that log, after saving the files so a failed repair changes nothing.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import ladybug

from kg.store.base import StoreError
from kg.store.embedded import BUFFER_POOL, EmbeddedStore, default_path
from kg.store.staging import (
    MIB,
    WriterLock,
    check_space,
    os_problem,
    recovery_files,
    recovery_message,
    staging_files,
)


@dataclass
class Checkup:
    """What `kg doctor` found (``problems`` left, ``repaired`` done) and the graph's size."""

    path: Path
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    counts: tuple[int, int] | None = None  # (nodes, relationships) when it could be read


def check_store(path: str | Path | None = None, *, repair: bool = False) -> Checkup:
    """Check the embedded store at ``path`` (default ``$KG_HOME/graph.lbug``); with ``repair``
    remove what interrupted writes left and let the engine recover a store left mid-write."""
    path = Path(path) if path else default_path()
    checkup = Checkup(path)
    if repair and (staging_files(path) or recovery_files(path)):
        lock = WriterLock(path)
        try:
            _repair(path, checkup)
        finally:
            lock.release()
    if leftovers := staging_files(path):
        size = sum(p.stat().st_size for p in leftovers) / MIB
        checkup.problems.append(f"an interrupted write left its copy of the store ({size:.1f} "
                                "MiB); the next write or `kg doctor --repair` removes it")
    if recovery_files(path):
        checkup.problems.append(recovery_message(path))
    elif path.exists():
        try:
            with EmbeddedStore(path, read_only=True) as store:
                checkup.counts = store.counts()
        except StoreError as exc:
            checkup.problems.append(str(exc))
    return checkup


def _repair(path: Path, checkup: Checkup) -> None:
    leftovers = staging_files(path)
    for leftover in leftovers:
        leftover.unlink()
    if leftovers:
        checkup.repaired.append("removed the copy an interrupted write had left")
    if not recovery_files(path):
        return
    try:
        note = recover_in_place(path)
    except StoreError as exc:
        checkup.problems.append(str(exc))
        return
    checkup.repaired.append("the engine replayed the write-ahead log into the store" + note)


def recover_in_place(path: Path) -> str:
    """Open the store for writing so the engine recovers it, then checkpoint it. The files are
    saved first and put back when the engine fails; returns a note on what was lost, if any."""
    files = [p for p in (path, *recovery_files(path)) if p.exists()]
    saved = path.with_name(path.name + ".before-repair")
    try:
        check_space(path, sum(p.stat().st_size for p in files))
        saved.mkdir(exist_ok=True)
        for p in files:
            shutil.copy2(p, saved / p.name)
    except OSError as exc:
        raise os_problem(exc, f"save the files of {path} before repairing it") from None
    try:
        for strict in (True, False):
            try:
                _open_and_checkpoint(path, strict)
                return "" if strict else (" up to a damaged entry; the writes after it are lost")
            except RuntimeError as exc:
                error = str(exc).strip().splitlines()[0]
        for p in recovery_files(path):
            p.unlink()
        for p in files:
            shutil.copy2(saved / p.name, p)
        raise StoreError(f"cannot repair the embedded store {path}: {error}. Its files are as "
                         f"they were; to start over, delete {path} and the files beside it "
                         "named after it, and run `kg build` again.")
    finally:
        shutil.rmtree(saved, ignore_errors=True)


def _open_and_checkpoint(path: Path, strict: bool) -> None:
    db = ladybug.Database(path, buffer_pool_size=BUFFER_POOL,
                          throw_on_wal_replay_failure=strict)
    try:
        conn = ladybug.Connection(db)
        conn.execute("CHECKPOINT")
        conn.close()
    finally:
        db.close()
