"""kg: AI-industry news in, a sourced knowledge graph of corporate relationships out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
