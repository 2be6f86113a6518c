"""Which extractor made a graph: a version that changes whenever extraction could change.

An incremental build skips articles the current version has read; the version is a hash of
what decides the relations: the extraction code, the entity lists, the spaCy model's name
and version and, for the trained extractors, the shipped model.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kg.extract.entities import ENTITY_DIR
from kg.extract.learned import MODEL_DIR
from kg.extract.pipeline import MODEL

_CODE = Path(__file__).resolve().parent


@cache
def extractor_version(use: str = "rules") -> str:
    """``USE-<12 hex digits>``, e.g. ``rules-3f2a9c0d1e4b``."""
    digest = hashlib.sha1(f"{use}\n{MODEL}\n{_installed(MODEL)}\n".encode())
    files = sorted(_CODE.rglob("*.py")) + sorted(p for p in ENTITY_DIR.glob("*") if p.is_file())
    if use != "rules":
        files += sorted(p for p in MODEL_DIR.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"{use}-{digest.hexdigest()[:12]}"


def _installed(package: str) -> str:
    try:
        return version(package.replace("_", "-"))
    except PackageNotFoundError:
        return "unknown"
