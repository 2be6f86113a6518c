"""kg: AI-industry news in, a sourced knowledge graph of corporate relationships out.

The library API (imported lazily so that `kg --help` stays fast): ``load_graph``, ``open_store``,
``to_dataframes``, ``export_graph``, ``build``, ``run_query`` (what `kg query` runs),
``ingest``, ``build_from_archive``, ``rebuild``, ``changes_since``, and the questions
``company_profile``, ``connection_path``, ``conflicts``, ``moves``.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

_EXPORTS = {
    "load_graph": "kg.graph", "relations_to_graph": "kg.graph", "open_store": "kg.graph",
    "to_dataframes": "kg.export", "export_graph": "kg.export", "build": "kg.builder",
    "company_profile": "kg.analysis", "connection_path": "kg.analysis",
    "conflicts": "kg.analysis", "moves": "kg.analysis", "run_query": "kg.query",
    "ingest": "kg.ingestion", "build_from_archive": "kg.builder", "rebuild": "kg.builder",
    "changes_since": "kg.changes",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
