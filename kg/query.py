"""`kg query`: a user's Cypher on the graph, safe by default.

A user query only reads (the embedded store is opened read-only, Neo4j runs it in a read
transaction), returns at most ``limit`` rows, is stopped by the engine after ``timeout``
seconds and reaches no files (:mod:`kg.store.guard`); ``write`` and ``allow_files`` lift the
first and the last.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store import cypher
from kg.store.guard import file_access

if TYPE_CHECKING:
    from kg.store.base import QueryResult

DEFAULT_LIMIT = 1000
DEFAULT_TIMEOUT = 60.0  # seconds


def run_query(text: str, params: dict[str, Any] | None = None, *, neo4j: bool = False,
              path: str | Path | None = None, limit: int = DEFAULT_LIMIT,
              timeout: float | None = DEFAULT_TIMEOUT, write: bool = False,
              allow_files: bool = False) -> QueryResult:
    """Run ``text`` on the embedded store at ``path`` (default ``$KG_HOME``) or on Neo4j.

    QueryError (one line) when the query would write without ``write``, reach files without
    ``allow_files``, or run past ``timeout``; ``truncated`` on the result when it had more
    than ``limit`` rows, ``changes`` saying what a write changed.
    """
    from kg.graph import open_store  # networkx and the engines: not for `kg --help`
    from kg.store.base import QueryError

    why = file_access(text, cypher.NEO4J if neo4j else cypher.LADYBUG)
    if why and not allow_files:
        raise QueryError(f"the query reaches files ({why}), and kg query reaches none unless "
                         "given --allow-files")
    with open_store(path, neo4j=neo4j, read_only=not write) as store:
        return store.query(text, params, limit=limit, timeout=timeout, write=write)
