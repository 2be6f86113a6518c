"""The small typed records that flow through kg: Article -> Relation (with Evidence).

They are frozen so that a record, once made by an extractor, is the fact it reports;
``to_dict``/``from_dict`` give the JSON shape of the `kg extract` output contract.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.schema import RELATION_TYPES, SYMMETRIC_TYPES, check_relation, node_id


@dataclass(frozen=True)
class Article:
    """One news article: its text and what is known about where it came from."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date when known
    source: str | None = None  # the file (and line or part) it was read from
    outlet: str | None = None  # the publication (site name) when known

    @staticmethod
    def make_id(text: str) -> str:
        """Content-derived id, so the same article read twice gets the same id."""
        return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Evidence:
    """Where a relation was read: the article, the sentence, and the character span.

    ``start``/``end`` are offsets of the sentence in the article's text.
    """

    doc_id: str
    sentence: str
    start: int
    end: int
    extractor: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Relation:
    """One typed, directed, sourced edge between two named entities."""

    type: str
    source: str
    target: str
    source_label: str
    target_label: str
    evidence: Evidence
    properties: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5

    def __post_init__(self) -> None:
        check_relation(self.type, self.source_label, self.target_label, self.properties)
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0-1")

    @property  # node_id is cached (a cached_property would give each record a __dict__)
    def source_id(self) -> str:
        return node_id(self.source_label, self.source)

    @property
    def target_id(self) -> str:
        return node_id(self.target_label, self.target)

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC_TYPES

    def key(self) -> tuple[str, str, str]:
        """Identity of the fact regardless of evidence: (type, source id, target id).

        Symmetric types are keyed with their ends in sorted order.
        """
        a, b = self.source_id, self.target_id
        if self.symmetric and b < a:
            a, b = b, a
        return (self.type, a, b)

    def to_dict(self) -> dict[str, Any]:
        """The `kg extract` JSON line for this relation."""
        return {
            "type": self.type,
            "source": self.source,
            "target": self.target,
            "source_label": self.source_label,
            "target_label": self.target_label,
            "properties": dict(self.properties),
            "confidence": round(self.confidence, 3),
            "evidence": {k: v for k, v in asdict(self.evidence).items() if v is not None},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Relation:
        ev = data.get("evidence") or {}
        return cls(
            type=data["type"],
            source=data["source"],
            target=data["target"],
            source_label=data.get("source_label", "Company"),
            target_label=data.get("target_label", "Company"),
            properties=dict(data.get("properties") or {}),
            confidence=float(data.get("confidence", 0.5)),
            evidence=Evidence(
                doc_id=ev.get("doc_id", ""),
                sentence=ev.get("sentence", ""),
                start=int(ev.get("start", 0)),
                end=int(ev.get("end", 0)),
                extractor=ev.get("extractor", "unknown"),
                title=ev.get("title"),
                published=ev.get("published"),
                url=ev.get("url"),
                outlet=ev.get("outlet"),
            ),
        )


__all__ = ["Article", "Evidence", "Relation", "RELATION_TYPES"]
