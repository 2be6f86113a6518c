"""Small, hand-made graphs for the view tests, built from Relation records like extraction makes."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from kg.graph import relations_to_graph
from kg.records import Evidence, Relation

SCALE_TITLE = "Google to end Scale AI ties after Meta deal"


def _rel(rel_type: str, source: str, target: str, sentence: str, props: dict | None = None, *,
         labels: tuple[str, str] = ("Company", "Company"), published: str = "2025-06-14",
         title: str = SCALE_TITLE, doc: str = "doc-scale", confidence: float = 0.8) -> Relation:
    ev = Evidence(doc, sentence, 100, 100 + len(sentence), "test-patterns", title=title,
                  published=published)
    return Relation(rel_type, source, target, *labels, ev, props or {}, confidence)


def scale_ai_relations() -> list[Relation]:
    """The seed's story in a dozen relations, with every status style the view draws."""
    return [
        _rel("INVESTS_IN", "Meta", "Scale AI",
             "Meta's recent acquisition of a 49% stake in the company values Scale AI at $29B.",
             {"stake_pct": 49.0, "valuation": 29e9, "currency": "USD", "status": "completed"},
             confidence=0.92),
        _rel("CUSTOMER_OF", "Google", "Scale AI",
             "In 2024, Google allocated around $200 million for Scale AI's services.",
             {"amount": 2e8, "currency": "USD", "status": "ended"}),
        _rel("CUSTOMER_OF", "Microsoft", "Scale AI",
             "Microsoft is reconsidering or suspending contracts with Scale AI.",
             {"status": "paused"}, confidence=0.6),
        _rel("COMPETES_WITH", "Labelbox", "Scale AI",
             "Scale AI's competitors, including Labelbox, Handshake, and Mercor, benefit."),
        _rel("COMPETES_WITH", "Handshake", "Scale AI",
             "Scale AI's competitors, including Labelbox, Handshake, and Mercor, benefit."),
        _rel("PARTNERS_WITH", "Meta", "Scale AI", "Meta's partnership with Scale AI.",
             {"status": "active"}, confidence=0.6),
        _rel("HOLDS_ROLE", "Alexandr Wang", "Scale AI", "Scale AI's CEO, Alexandr Wang.",
             {"role": "CEO", "status": "former"}, labels=("Person", "Company")),
        _rel("MOVES_TO", "Alexandr Wang", "Meta",
             "Alexandr Wang is expected to assume a senior role in Meta's AI division.",
             {"status": "expected"}, labels=("Person", "Company")),
        _rel("PLANS_IPO", "Zhipu AI", "Shanghai Stock Exchange",
             "Zhipu AI plans to list on the Shanghai Stock Exchange.", {"status": "planned"},
             labels=("Company", "Exchange"), published="2025-04-20", title="Zhipu eyes IPO",
             doc="doc-zhipu"),
        _rel("INVESTS_IN", "Alibaba", "Zhipu AI", "Alibaba invested in Zhipu AI.",
             {"status": "completed"}, published="2024-02-01", title="Zhipu raises funds",
             doc="doc-zhipu-2024"),
    ]


def scale_ai_graph() -> nx.MultiDiGraph:
    """The sample graph, with an alias on Scale AI as a store would record it."""
    graph = relations_to_graph(scale_ai_relations())
    graph.nodes["company:scale-ai"]["aliases"] = ["Scale", "Scale AI Inc."]
    return graph


def build_sample_store(kg_home: Path, *, neo4j: bool = False) -> None:
    """Build the embedded store under ``kg_home`` (and Neo4j with ``neo4j``) from the sample
    relations (no model needed)."""
    from kg.builder import build

    article = kg_home / "input" / "scale.txt"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text("Meta took a 49% stake in Scale AI.\n", encoding="utf-8")

    def sample_extractor(articles):
        for _ in articles:
            yield from scale_ai_relations()

    old = os.environ.get("KG_HOME")
    os.environ["KG_HOME"] = str(kg_home)
    try:
        build([article], extractor=sample_extractor, neo4j=neo4j, progress=False)
    finally:
        if old is None:
            del os.environ["KG_HOME"]
        else:
            os.environ["KG_HOME"] = old
