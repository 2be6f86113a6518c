"""Interactive HTML views of the graph: `write_html` makes one self-contained, offline page."""

from kg.view.html import render_page, write_html
from kg.view.select import UnknownEntityError, ViewError, select_subgraph

__all__ = ["write_html", "render_page", "select_subgraph", "ViewError", "UnknownEntityError"]
