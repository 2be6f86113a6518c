"""Helpers the extraction tests share: run the real pipeline on a few texts, find a relation."""

from __future__ import annotations

from kg.extract import extract
from kg.records import Article, Relation
from kg.schema import SYMMETRIC_TYPES


def run(nlp, *texts: str) -> list[Relation]:
    """Relations of each text read as its own article."""
    articles = [Article(Article.make_id(t), t) for t in texts]
    return list(extract(articles, nlp=nlp))


def run_keyed(nlp, text: str) -> dict[tuple[str, str, str], Relation]:
    """Relations of one article keyed by (type, source, target)."""
    return {(r.type, r.source, r.target): r for r in run(nlp, text)}


def find(relations: list[Relation], rel_type: str, source: str, target: str
         ) -> Relation | None:
    """The first relation of that type between the two names (either way if symmetric)."""
    for r in relations:
        if r.type != rel_type:
            continue
        if (r.source, r.target) == (source, target) or (
                rel_type in SYMMETRIC_TYPES and (r.target, r.source) == (source, target)):
            return r
    return None
